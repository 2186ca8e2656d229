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
import unicodedata
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


# -- the cross-lingual dev set's snippet gold (``tests/data/xling_dev``) -----------------------


def normalise_snippet(text: str) -> str:
    """NFKC, straight quotes, one space, lower case: how the dev set's gold compares snippets."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate({0x201C: '"', 0x201D: '"', 0x2019: "'", 0x2018: "'"})
    return " ".join(text.split()).lower()


def snippet_gold_score(
    groups: Iterable[Sequence[str]], sources: Mapping[str, str], gold: Mapping, cross_prefix: str = "3"
) -> Scores:
    """Pairwise scores of groups of sentence texts against a snippet gold, by the dev set's rules.

    ``sources`` maps a source key (the first three characters of a file name)
    to its text. The rules are those of the dev set's ``score.py``: each
    sentence belongs to the source whose text contains it and carries every
    gold fact one of whose snippets it contains; only pairs touching a source
    whose key starts with ``cross_prefix`` count; a predicted pair is wrong
    when its sentences share no fact and one is boilerplate or single-source
    content, or both are annotated; pairs with an unannotated sentence are not
    scored.
    """
    texts = {key: normalise_snippet(text) for key, text in sources.items()}
    sentences: list[tuple[str, str, int]] = []  # (source, normalised text, group)
    for index, group in enumerate(groups):
        for text in group:
            norm = normalise_snippet(text)
            source = next((k for k, v in texts.items() if norm and norm in v), None)
            if source is not None:
                sentences.append((source, norm, index))

    def holding(source: str, snippet: str) -> list[int]:
        snip = normalise_snippet(snippet)
        return [i for i, (s, t, _) in enumerate(sentences) if s == source and snip in t]

    def counts(a: str, b: str) -> bool:
        return a != b and (a.startswith(cross_prefix) or b.startswith(cross_prefix))

    facts_of: list[set[str]] = [set() for _ in sentences]
    for fact in gold["facts"]:
        for source, snippet in fact["members"]:
            for i in holding(source, snippet):
                facts_of[i].add(fact["id"])
    flagged = {
        i for key in ("single_source_content", "boilerplate") for s, p in gold[key] for i in holding(s, p)
    }
    gold_pairs = {
        tuple(sorted([(s1, p1), (s2, p2)]))
        for fact in gold["facts"]
        for (s1, p1), (s2, p2) in combinations(fact["members"], 2)
        if counts(s1, s2)
    }
    found = sum(
        any(sentences[i][2] == sentences[j][2] for i in holding(*first) for j in holding(*second))
        for first, second in gold_pairs
    )
    right = wrong = 0
    for i, j in combinations(range(len(sentences)), 2):
        if sentences[i][2] != sentences[j][2] or not counts(sentences[i][0], sentences[j][0]):
            continue
        if facts_of[i] & facts_of[j]:
            right += 1
        elif i in flagged or j in flagged or (facts_of[i] and facts_of[j]):
            wrong += 1
    p = right / (right + wrong) if right + wrong else 0.0
    r = found / len(gold_pairs) if gold_pairs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(round(p, 3), round(r, 3), round(f, 3), right + wrong, len(gold_pairs), right)
