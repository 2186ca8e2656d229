"""Vectors to facts: group statements from different outlets that report the same thing.

How a pair of sentences from two outlets is scored
    Four similarities, each standardised (z-score) over cross-outlet pairs of
    this corpus, then averaged: semantic (embedding cosine) of the sentences and
    the best pair of their clauses, and lexical (character 3-5-gram TF-IDF
    cosine, which catches shared names, numbers and word stems across
    Indonesian affixes) of the same two. Sentences that state a figure of the
    same kind about the same thing (a count of agreements, a trade amount)
    get a bonus, whether or not the numbers agree: "11 pacts" and "a dozen
    agreements" report one fact, and their disagreement is the news.
    Standardising is what calibrates e5's
    compressed cosine range (unrelated sentences of one story already score
    0.8): only how far a pair stands out in *this* corpus counts.

    The pair's margin is that score minus the mean of both sentences' k best
    cross-outlet scores (margin scoring from bitext mining, Artetxe & Schwenk
    2019). It demotes "hub" sentences that are close to everything, such as
    generic lines about the visit, and promotes a match that stands out.

How pairs become facts
    A pair is an edge when its margin clears the threshold, its score stands
    out corpus-wide too (``min_score`` standard deviations: without it, a
    sentence no other outlet reports would still pair with its least bad
    match), and each sentence is among the other's ``mutual_rank`` best
    matches in that outlet. Edges are
    merged greedily, best first, into facts holding at most one sentence per
    outlet, as long as the average margin between the two groups still clears
    the threshold (average linkage). A sentence left out of a fact by the
    one-per-outlet rule may still join a second fact where it fits the
    members on average, so one sentence can support several facts. Every
    sentence in no multi-outlet fact is an exclusive: a fact of one outlet.

Memory stays linear in the number of sentences: similarities are computed
``chunk_size`` rows at a time and only the ``candidates`` best per sentence are
kept, never the n x n matrix (as sentence-transformers'
``paraphrase_mining_embeddings`` does).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from dashboard.pipeline.models import Fact, FactMember, PipelineError, Sentence

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
    semantic_weight: float = 0.5  # the rest is lexical
    neighbours: int = 8  # k of the margin's neighbourhood mean
    candidates: int = 16  # best matches kept per sentence
    mutual_rank: int = 2  # each must be among the other's best in that outlet
    second_fact_extra: float = 1.0  # margin above the threshold for an edge to found a second fact
    min_score: float = 2.0  # the pair must also stand out corpus-wide: top ~2% of cross-outlet pairs
    figure_bonus: float = 2.0  # added (in standard deviations) when two sentences share a figure key
    max_key_sentences: int = 50  # a figure key shared by more sentences is too common to count
    chunk_size: int = 128  # sentences scored at a time
    stats_rows: int = 512  # rows sampled to standardise the similarities


@dataclass(frozen=True)
class Inputs:
    """What the aligner needs: body sentences and their vectors.

    ``clause_vectors`` rows belong to sentence ``clause_owner[row]``; owners are
    sorted and every sentence owns at least one clause.
    """

    sentences: Sequence[Sentence]
    clause_texts: Sequence[str]
    clause_owner: np.ndarray
    sentence_vectors: np.ndarray
    clause_vectors: np.ndarray
    figure_keys: Sequence[frozenset[str]] = ()  # per sentence, e.g. {"count:agreements"}

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
        if self.figure_keys and len(self.figure_keys) != n:
            raise PipelineError(f"{len(self.figure_keys)} figure key sets for {n} sentences")


class _Similarity:
    """Standardised pair scores, computed a block of rows at a time."""

    def __init__(self, inputs: Inputs, config: AlignConfig) -> None:
        self.config = config
        self.n = len(inputs.sentences)
        outlets = [s.outlet for s in inputs.sentences]
        _, self.outlet = np.unique(np.array(outlets, dtype=object), return_inverse=True)
        self.E = np.ascontiguousarray(inputs.sentence_vectors, dtype=np.float32)
        self.EC = np.ascontiguousarray(inputs.clause_vectors, dtype=np.float32)
        self.owner = np.asarray(inputs.clause_owner)
        self.starts = np.searchsorted(self.owner, np.arange(self.n))
        self.ends = np.append(self.starts[1:], len(self.owner))
        texts = [s.text for s in inputs.sentences]
        tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32)
        self.T = tfidf.fit_transform(texts).tocsr()
        self.TC = tfidf.transform(list(inputs.clause_texts)).tocsr()
        self.TCt = self.TC.T.tocsr()
        self.Tt = self.T.T.tocsr()
        self.mean, self.std = self._standardisation()

    def _raw(self, rows: np.ndarray) -> np.ndarray:
        """Raw similarities of ``rows`` against every sentence: shape (4, len(rows), n)."""
        lo, hi = self.starts[rows[0]], self.ends[rows[-1]]
        local_starts = self.starts[rows] - lo
        sem = self.E[rows] @ self.E.T
        lex = (self.T[rows] @ self.Tt).toarray()
        csem = self._clause_max(self.EC[lo:hi] @ self.EC.T, local_starts)
        clex = self._clause_max((self.TC[lo:hi] @ self.TCt).toarray(), local_starts)
        return np.stack([sem, csem, lex, clex])

    def _clause_max(self, block: np.ndarray, local_starts: np.ndarray) -> np.ndarray:
        """Max over clause pairs, reducing clause rows and columns to their sentences."""
        by_col = np.maximum.reduceat(block, self.starts, axis=1)
        return np.maximum.reduceat(by_col, local_starts, axis=0)

    def _standardisation(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(0)
        rows = np.arange(self.n)
        if self.n > self.config.stats_rows:
            rows = np.sort(rng.choice(self.n, self.config.stats_rows, replace=False))
        values = []
        for block in _chunks(rows, self.config.chunk_size):
            raw = self._raw(block)
            cross = self.outlet[block][:, None] != self.outlet[None, :]
            values.append(raw[:, cross])
        flat = np.concatenate(values, axis=1) if values else np.zeros((4, 0))
        if flat.shape[1] < 2:
            return np.zeros((4, 1, 1)), np.ones((4, 1, 1))
        std = flat.std(axis=1)
        std[std < 1e-6] = 1.0
        return flat.mean(axis=1)[:, None, None], std[:, None, None]

    def combine(self, raw: np.ndarray) -> np.ndarray:
        z = (raw - self.mean.reshape(4, *([1] * (raw.ndim - 1)))) / self.std.reshape(
            4, *([1] * (raw.ndim - 1))
        )
        w = self.config.semantic_weight
        return w * (z[0] + z[1]) / 2 + (1 - w) * (z[2] + z[3]) / 2

    def block(self, rows: np.ndarray) -> np.ndarray:
        """Combined scores of ``rows`` against all sentences; same-outlet pairs are -inf."""
        scores = self.combine(self._raw(rows))
        scores[self.outlet[rows][:, None] == self.outlet[None, :]] = -np.inf
        return scores

    def pair(self, i: int, j: int) -> float:
        ci, cj = slice(self.starts[i], self.ends[i]), slice(self.starts[j], self.ends[j])
        raw = np.array(
            [
                float(self.E[i] @ self.E[j]),
                float((self.EC[ci] @ self.EC[cj].T).max()),
                float((self.T[i] @ self.T[j].T).toarray()[0, 0]),
                float((self.TC[ci] @ self.TC[cj].T).toarray().max()),
            ]
        )
        return float(self.combine(raw[:, None, None])[0, 0])


def _chunks(rows: np.ndarray, size: int):
    for k in range(0, len(rows), size):
        yield rows[k : k + size]


class _Graph:
    """Candidate matches per sentence, and pair margins (looked up, or computed on demand)."""

    def __init__(
        self,
        sim: _Similarity,
        config: AlignConfig,
        figure_keys: Sequence[frozenset[str]],
        progress: Callable[[int, int], None] | None,
    ):
        n, k_cand = sim.n, config.candidates
        self.sim, self.config = sim, config
        self.cand = np.full((n, k_cand), -1, dtype=np.int64)
        self.radius = np.zeros(n, dtype=np.float64)
        self._scores: dict[tuple[int, int], float] = {}
        for block in _chunks(np.arange(n), config.chunk_size):
            scores = sim.block(block)
            take = min(k_cand, n)
            top = np.argpartition(-scores, take - 1, axis=1)[:, :take]
            top_scores = np.take_along_axis(scores, top, axis=1)
            order = np.argsort(-top_scores, axis=1)
            top, top_scores = np.take_along_axis(top, order, 1), np.take_along_axis(top_scores, order, 1)
            finite = np.isfinite(top_scores)
            self.cand[block, :take] = np.where(finite, top, -1)
            head = finite[:, : config.neighbours]
            sums = np.where(head, top_scores[:, : config.neighbours], 0).sum(axis=1)
            self.radius[block] = sums / np.maximum(head.sum(axis=1), 1)
            for row, i in enumerate(block):
                for j, value in zip(top[row][finite[row]], top_scores[row][finite[row]], strict=True):
                    self._scores[_key(int(i), int(j))] = float(value)
            if progress:
                progress(int(block[-1]) + 1, n)
        self.keys = list(figure_keys) or [frozenset()] * n
        self.extra = self._shared_figure_partners()

    def _shared_figure_partners(self) -> dict[int, set[int]]:
        """Cross-outlet pairs that share a figure key become candidates even when text differs."""
        holders: dict[str, list[int]] = {}
        for i, keys in enumerate(self.keys):
            for k in keys:
                holders.setdefault(k, []).append(i)
        extra: dict[int, set[int]] = {}
        for members in holders.values():
            if len(members) > self.config.max_key_sentences:
                continue
            for i in members:
                for j in members:
                    if self.sim.outlet[i] != self.sim.outlet[j]:
                        extra.setdefault(i, set()).add(j)
        return extra

    def score(self, i: int, j: int) -> float:
        key = _key(i, j)
        if key not in self._scores:
            self._scores[key] = self.sim.pair(i, j)
        bonus = self.config.figure_bonus if self.keys[i] & self.keys[j] else 0.0
        return self._scores[key] + bonus

    def margin(self, i: int, j: int) -> float:
        return self.score(i, j) - (self.radius[i] + self.radius[j]) / 2

    def partners(self, i: int) -> set[int]:
        return {int(j) for j in self.cand[i] if j >= 0} | self.extra.get(i, set())

    def rank_in_outlet(self, i: int, j: int) -> int:
        """How many of i's partners in j's outlet score higher than j."""
        mine = self.score(i, j)
        outlet = self.sim.outlet[j]
        return sum(
            1 for c in self.partners(i) if c != j and self.sim.outlet[c] == outlet and self.score(i, c) > mine
        )

    def is_mutual(self, i: int, j: int) -> bool:
        top = self.config.mutual_rank
        return self.rank_in_outlet(i, j) < top and self.rank_in_outlet(j, i) < top

    def edges(self, min_margin: float) -> list[tuple[float, int, int]]:
        found: dict[tuple[int, int], float] = {}
        for i in range(self.sim.n):
            for j in self.partners(i):
                key = _key(i, j)
                if key in found:
                    continue
                m = self.margin(i, j)
                if m >= min_margin and self.score(i, j) >= self.config.min_score and self.is_mutual(i, j):
                    found[key] = m
        return sorted(((m, i, j) for (i, j), m in found.items()), reverse=True)


def _key(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i < j else (j, i)


def _group(graph: _Graph, min_margin: float) -> list[list[int]]:
    edges = graph.edges(min_margin)
    groups = _merge(graph, edges, min_margin)
    # Strong edges the one-per-outlet rule kept apart (a sentence whose outlet
    # already has a sentence in its partner's fact) found a second fact.
    together = {(i, j) for g in groups for i in g for j in g}
    leftovers = [
        e
        for e in edges
        if (e[1], e[2]) not in together and e[0] >= min_margin + graph.config.second_fact_extra
    ]
    groups += _merge(graph, leftovers, min_margin)
    unique = {tuple(_add_secondary(graph, g, min_margin)) for g in groups}
    return [list(g) for g in unique]


def _merge(graph: _Graph, edges: list[tuple[float, int, int]], min_margin: float) -> list[list[int]]:
    """Average-linkage merging of edges, best first, one sentence per outlet per group."""
    outlet = graph.sim.outlet
    members: dict[int, list[int]] = {i: [i] for i in range(graph.sim.n)}
    root = list(range(graph.sim.n))
    for _, i, j in edges:
        a, b = root[i], root[j]
        if a == b:
            continue
        if set(outlet[members[a]]) & set(outlet[members[b]]):
            continue
        link = np.mean([graph.margin(x, y) for x in members[a] for y in members[b]])
        if link < min_margin:
            continue
        members[a].extend(members[b])
        for x in members.pop(b):
            root[x] = a
    return [sorted(g) for g in members.values() if len(g) > 1]


def _add_secondary(graph: _Graph, group: list[int], min_margin: float) -> list[int]:
    """Let a sentence from a missing outlet join when it fits the group on average."""
    outlet = graph.sim.outlet
    present = set(outlet[group])
    best: dict[int, tuple[float, int]] = {}
    for x in group:
        for s in graph.partners(x):
            if s in group or outlet[s] in present:
                continue
            fit = float(np.mean([graph.margin(s, y) for y in group]))
            if fit >= min_margin and fit > best.get(outlet[s], (-np.inf, -1))[0]:
                best[outlet[s]] = (fit, s)
    return sorted(group + [s for _, s in best.values()])


def align(
    inputs: Inputs,
    config: AlignConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Fact]:
    """Facts from body sentences: multi-outlet facts first (most outlets first), then exclusives."""
    config = config or AlignConfig()
    inputs.check()
    sentences = list(inputs.sentences)
    if not sentences:
        return []
    sim = _Similarity(inputs, config)
    groups: list[list[int]] = []
    if len(set(sim.outlet.tolist())) > 1:
        graph = _Graph(sim, config, inputs.figure_keys, progress)
        groups = _group(graph, margin_for(config.threshold))
    covered = {i for g in groups for i in g}
    groups.sort(key=lambda g: (-len(g), g[0]))
    groups += [[i] for i in range(len(sentences)) if i not in covered]
    return [_fact(sentences, sim.E, g) for g in groups]


def _fact(sentences: list[Sentence], vectors: np.ndarray, group: list[int]) -> Fact:
    if len(group) == 2:  # two sentences have no medoid: the longer one says more
        label = max(group, key=lambda i: len(sentences[i].text))
    else:  # the most central sentence: highest summed cosine to the others
        label = group[int(np.argmax((vectors[group] @ vectors[group].T).sum(axis=1)))]
    members = tuple(
        FactMember(
            sentence_id=sentences[i].id,
            article_id=sentences[i].article_id,
            outlet=sentences[i].outlet,
            text=sentences[i].text,
            similarity=round(float(vectors[i] @ vectors[label]), 4),
        )
        for i in group
    )
    ids = "|".join(sorted(m.sentence_id for m in members))
    return Fact(
        id="f" + hashlib.sha1(ids.encode()).hexdigest()[:10],
        label=sentences[label].text,
        label_sentence_id=sentences[label].id,
        members=members,
    )
