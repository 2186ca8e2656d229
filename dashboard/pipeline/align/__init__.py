"""Vectors to facts: group statements from different outlets, in any language, that report the same thing.

One job per module:

``features``
    the similarity channels of a pair (semantic and lexical, of sentences and
    their best clauses, and shared numbers), with each language's mean
    direction removed from the vectors;
``scoring``
    the channels standardised per language pair, weighted by how comparable
    the two scripts are, and put on one corpus-wide scale, so pairs in two
    languages compete with their peers;
``candidates``
    every sentence's best cross-outlet matches and the margin of any pair
    (score minus the two sentences' neighbourhood means), exact or through a
    nearest-neighbour shortlist at scale;
``grouping``
    qualifying pairs merged into facts of at most one sentence per outlet.

Sentences that state a figure of the same kind about the same thing (a count
of agreements, a trade amount) get a bonus, whether or not the numbers agree:
"11 pacts" and "a dozen agreements" report one fact, and their disagreement is
the news.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.pipeline.align.candidates import CandidateGraph
from dashboard.pipeline.align.config import AlignConfig, Inputs, margin_for, pair_score
from dashboard.pipeline.align.features import CHANNELS, Features
from dashboard.pipeline.align.grouping import group, make_facts
from dashboard.pipeline.align.scoring import Scorer
from dashboard.pipeline.models import Fact

__all__ = ["CHANNELS", "AlignConfig", "Inputs", "align", "margin_for", "pair_score"]


def align(
    inputs: Inputs,
    config: AlignConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
    threads: int | None = None,
) -> list[Fact]:
    """Facts from body sentences: multi-outlet facts first (most outlets first), then exclusives.

    ``threads`` caps the threads that score pairs and search neighbours (``None``: all cores).
    """
    config = config or AlignConfig()
    inputs.check()
    sentences = list(inputs.sentences)
    if not sentences:
        return []
    features = Features(inputs, config)
    groups: list[list[int]] = []
    if len(set(features.outlet.tolist())) > 1:
        graph = CandidateGraph(Scorer(features, config, threads), config, inputs.figure_keys, progress)
        groups = group(graph, margin_for(config.threshold))
    covered = {i for g in groups for i in g}
    groups.sort(key=lambda g: (-len(g), g[0]))
    groups += [[i] for i in range(len(sentences)) if i not in covered]
    # Labels and similarities use the model's own vectors, not the centred ones.
    return make_facts(sentences, inputs.sentence_vectors, groups)
