"""Score the pipeline against gold annotations of the seeds.

Alignment: pairwise precision, recall and F1 over cross-outlet sentence pairs.
Topics: precision, recall and F1 per topic and micro-averaged over (fact, topic) pairs.

A fact stands for every pair of its sentences from different outlets. Precision
is the share of predicted cross-outlet pairs that the gold also pairs, recall
the share of gold pairs predicted. Exclusives contribute no pairs.

The gold file (``tests/data/gold_alignment.json``) names sentences by a snippet
of their text (one or a list per article), so it survives changes to
segmentation; whitespace (including non-breaking spaces) is compared collapsed.
An outlet may state a fact in several sentences; the aligner keeps one per
fact, so those pairs bound its recall below 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from dashboard.pipeline.models import Fact, PipelineError, Sentence

Pair = tuple[str, str]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int
    correct: int


def _squash(text: str) -> str:
    return " ".join(text.split())


def pairs_of(groups: Iterable[Iterable[tuple[str, str]]]) -> set[Pair]:
    """Cross-outlet sentence-id pairs of groups of (sentence_id, outlet)."""
    out: set[Pair] = set()
    for group in groups:
        for (a, oa), (b, ob) in combinations(sorted(set(group)), 2):
            if oa != ob:
                out.add((a, b) if a < b else (b, a))
    return out


def fact_pairs(facts: Iterable[Fact]) -> set[Pair]:
    return pairs_of([(m.sentence_id, m.outlet) for m in f.members] for f in facts)


def load_gold(path: Path, sentences: Sequence[Sentence]) -> list[list[tuple[str, str]]]:
    """Gold facts as lists of (sentence_id, outlet), each snippet resolved to one body sentence."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    by_article: dict[str, list[Sentence]] = {}
    for s in sentences:
        if s.role == "body":
            by_article.setdefault(s.article_id, []).append(s)
    facts = []
    for fact in data["facts"]:
        group = []
        for article_id, snippets in fact["sentences"].items():
            for snippet in [snippets] if isinstance(snippets, str) else snippets:
                hits = [s for s in by_article.get(article_id, []) if _squash(snippet) in _squash(s.text)]
                if len(hits) != 1:
                    raise PipelineError(
                        f"gold fact {fact['id']}: snippet {snippet!r} matches {len(hits)} body sentences "
                        f"of {article_id}, expected 1"
                    )
                group.append((hits[0].id, hits[0].outlet))
        facts.append(group)
    return facts


def score(predicted: set, gold: set) -> Scores:
    correct = len(predicted & gold)
    p = correct / len(predicted) if predicted else 0.0
    r = correct / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(round(p, 3), round(r, 3), round(f, 3), len(predicted), len(gold), correct)


def load_topic_gold(path: Path, sentences: Sequence[Sentence]) -> dict[str, frozenset[str]]:
    """Topic labels by body sentence id; every body sentence must be labelled exactly once."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    body = [s for s in sentences if s.role == "body"]
    labels: dict[str, frozenset[str]] = {}
    for article_id, items in data["sentences"].items():
        for item in items:
            snippet = _squash(item["snippet"])
            hits = [s for s in body if s.article_id == article_id and snippet in _squash(s.text)]
            if len(hits) != 1:
                raise PipelineError(f"{article_id}: snippet {snippet!r} matches {len(hits)} body sentences")
            if hits[0].id in labels:
                raise PipelineError(f"{hits[0].id} is labelled twice (snippet {snippet!r})")
            labels[hits[0].id] = frozenset(item["topics"])
    unlabelled = [s.id for s in body if s.id not in labels]
    if unlabelled:
        raise PipelineError(f"body sentences without a label: {', '.join(unlabelled)}")
    return labels


def gold_fact_topics(
    facts: Sequence[Fact], labels: Mapping[str, frozenset[str]], other: str = "other"
) -> dict[str, frozenset[str]]:
    """A fact's gold topics: the union of its members' labels, or {other}."""
    return {
        f.id: frozenset().union(*(labels[sid] for sid in f.sentence_ids)) or frozenset({other}) for f in facts
    }


def topic_scores(
    predicted: Mapping[str, Sequence[str]],
    gold: Mapping[str, frozenset[str]],
    ignore_prefix: str = "suggested-",
) -> tuple[dict[str, Scores], Scores]:
    """Per-topic and micro-averaged scores over (fact, topic) pairs; suggested topics are not scored."""
    pred_pairs = {(f, t) for f, ts in predicted.items() for t in ts if not t.startswith(ignore_prefix)}
    gold_pairs = {(f, t) for f, ts in gold.items() for t in ts}
    per_topic = {
        t: score({p for p in pred_pairs if p[1] == t}, {p for p in gold_pairs if p[1] == t})
        for t in sorted({t for _, t in pred_pairs | gold_pairs})
    }
    return per_topic, score(pred_pairs, gold_pairs)
