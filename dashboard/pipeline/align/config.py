"""What the aligner is given and how it is tuned."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dashboard.pipeline.models import PipelineError, Sentence

# The user-facing threshold is a pair score in [0, 1]:
# score = sigmoid(SCORE_SLOPE * (margin - MARGIN_AT_HALF)), so the default 0.5
# is a margin of a quarter standard deviation above the neighbourhood mean.
MARGIN_AT_HALF = 0.25
SCORE_SLOPE = 2.0


def margin_for(threshold: float) -> float:
    """The margin a pair needs to reach pair score ``threshold``."""
    t = min(max(threshold, 1e-6), 1 - 1e-6)
    return MARGIN_AT_HALF + math.log(t / (1 - t)) / SCORE_SLOPE


def pair_score(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-SCORE_SLOPE * (margin - MARGIN_AT_HALF)))


@dataclass(frozen=True)
class AlignConfig:
    threshold: float = 0.5  # pair score in [0, 1], see margin_for()
    semantic_weight: float = 0.5  # the rest is lexical (within one language; see lexical_across)
    lexical_across: float = 0.5  # share of the lexical weight kept for two languages in one script
    anchor_weight: float = 0.2  # weight of shared numbers where character n-grams do not carry them
    centre_languages: bool = True  # remove each language's mean direction from the vectors
    neutral_weight: float = 0.3  # share of the vectors without the story's names, for pairs across languages
    calibrate_languages: bool = True  # standardise scores per language pair
    neighbours: int = 8  # least k of the margin's neighbourhood mean (see candidates.neighbourhood)
    candidates: int = 16  # best matches kept per sentence
    mutual_rank: int = 2  # each must be among the other's best in that outlet
    second_fact_extra: float = 0.25  # margin above the threshold for an edge to found a second fact
    secondary_relief: float = 0.25  # how far a big fact lowers the bar for a missing outlet to join it
    min_score: float = 2.0  # the pair must also stand out corpus-wide: top ~2% of cross-outlet pairs
    figure_bonus: float = 2.0  # added (in standard deviations) when two sentences share a figure key
    max_key_sentences: int = 50  # a figure key shared by more sentences is too common to count
    prior_pairs: int = 200  # pseudo-pairs pulling a small language pair's statistics to the corpus's
    chunk_size: int = 128  # sentences scored at a time
    stats_rows: int = 512  # rows sampled to standardise the similarities
    stats_columns: int = 4096  # ... against this many sampled sentences (all when fewer)
    approximate: bool | None = None  # shortlist candidates by a proxy; None: above approximate_above
    approximate_above: int = 2_000  # sentences: the exact scan costs n^2 (77 s at 10k on 2 cores)
    shortlist: int = 64  # proxy neighbours per sentence scored exactly on the approximate path


@dataclass(frozen=True)
class Inputs:
    """What the aligner needs: body sentences and their vectors.

    ``clause_vectors`` rows belong to sentence ``clause_owner[row]``; owners are
    sorted and every sentence owns at least one clause. Each sentence's
    language is ``Sentence.language`` (empty: unknown, one group of its own).
    The ``neutral_`` vectors, when given, are of the same texts without the
    story's names (:mod:`~dashboard.pipeline.story_names`), row for row.
    """

    sentences: Sequence[Sentence]
    clause_texts: Sequence[str]
    clause_owner: np.ndarray
    sentence_vectors: np.ndarray
    clause_vectors: np.ndarray
    figure_keys: Sequence[frozenset[str]] = ()  # per sentence, e.g. {"count:agreements"}
    neutral_sentence_vectors: np.ndarray | None = None
    neutral_clause_vectors: np.ndarray | None = None

    def check(self) -> None:
        n = len(self.sentences)
        if self.sentence_vectors.shape[0] != n:
            raise PipelineError(f"{self.sentence_vectors.shape[0]} sentence vectors for {n} sentences")
        if len(self.clause_owner) != self.clause_vectors.shape[0] or len(self.clause_texts) != len(
            self.clause_owner
        ):
            raise PipelineError("clause texts, owners and vectors differ in length")
        if n and not np.array_equal(np.unique(self.clause_owner), np.arange(n)):
            raise PipelineError("every sentence needs at least one clause, owners in order")
        if n > 1 and np.any(np.diff(self.clause_owner) < 0):
            raise PipelineError("clause owners must be sorted")
        neutral = (self.neutral_sentence_vectors, self.neutral_clause_vectors)
        if any(v is not None for v in neutral) and [getattr(v, "shape", None) for v in neutral] != [
            self.sentence_vectors.shape,
            self.clause_vectors.shape,
        ]:
            raise PipelineError("name-neutral vectors must match the sentence and clause vectors")
        if self.figure_keys and len(self.figure_keys) != n:
            raise PipelineError(f"{len(self.figure_keys)} figure key sets for {n} sentences")
