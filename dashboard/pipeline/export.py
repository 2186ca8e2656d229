"""The JSON report: articles, sentences, facts, and what it takes to reproduce them.

The schema is documented in the README ("Export format"); ``SCHEMA_VERSION``
changes whenever a field changes meaning or goes away.
"""

from __future__ import annotations

import json
from typing import Any

from dashboard.pipeline.analyze import Analysis
from dashboard.pipeline.discrepancies import Discrepancy, dispute_of
from dashboard.pipeline.figures import QUALIFIER_MEANINGS, Quantity
from dashboard.pipeline.models import Article, Fact, Sentence
from dashboard.pipeline.topics import TopicInfo

SCHEMA_VERSION = 1


def report(analysis: Analysis) -> dict[str, Any]:
    """A JSON-ready dict; its ``settings`` are the run's (:attr:`Analysis.run_settings`) and the aligner's."""
    sources = analysis.provenance.export(analysis.facts)
    return {
        "schema_version": SCHEMA_VERSION,
        "model": analysis.model,
        "settings": dict(analysis.run_settings) | {"align": analysis.settings},
        "warnings": list(analysis.warnings),
        "articles": [_article(a) | sources["articles"][a.id] for a in analysis.corpus.articles],
        "sentences": [_sentence(s) for s in analysis.corpus.sentences],
        "facts": [_fact(f, analysis) | sources["facts"][f.id] for f in analysis.facts],
        "families": sources["families"],
        "topics": [_topic(t) for t in analysis.topics],
        "figures": [_figure(f) for f in analysis.figures],
        "qualifiers": dict(QUALIFIER_MEANINGS),
        "discrepancies": discrepancies(analysis.discrepancies),
    }


def _article(a: Article) -> dict[str, Any]:
    keys = ("id", "outlet", "title", "date", "language", "url", "final_url", "fetched_at", "path")
    return {key: getattr(a, key) for key in keys}


def _sentence(s: Sentence) -> dict[str, Any]:
    keys = ("id", "article_id", "role", "text", "start", "end", "language")
    return {key: getattr(s, key) for key in keys}


def _fact(f: Fact, analysis: Analysis) -> dict[str, Any]:
    members = ("sentence_id", "article_id", "outlet", "text", "similarity", "language")
    return {
        "id": f.id,
        "label": f.label,
        "label_sentence_id": f.label_sentence_id,
        "outlets": list(f.outlets),
        "topics": list(analysis.fact_topics.get(f.id, ())),
        "sentences": [{key: getattr(m, key) for key in members} for m in f.members],
    }


def _topic(t: TopicInfo) -> dict[str, Any]:
    return {
        "id": t.id,
        "label": t.label,
        "count": t.count,
        "suggested": t.suggested,
        "keywords": list(t.keywords),
    }


def _figure(f: Quantity) -> dict[str, Any]:
    keys = ("sentence_id", "article_id", "outlet", "raw", "start", "end", "value", "unit", "kind", "scale")
    return (
        {key: getattr(f, key) for key in keys}
        | {"thing": f.thing_norm or f.thing, "entity": f.entity_norm or f.entity}
        | {key: getattr(f, key) for key in ("year", "date", "qualifier", "language", "ambiguous", "note")}
    )


def discrepancies(found: list[Discrepancy]) -> list[dict[str, Any]]:
    """Each discrepancy with its values, their compatibility, and the dispute it belongs to.

    A value's ``compatible_with`` / ``conflicts_with`` list the other values (indexes into
    ``values``) whose claims share a value with its claim, or share none.
    """
    numbers = dispute_of(found)
    return [
        {
            "fact_id": d.fact_id,
            "dispute": n,
            "kind": d.kind,
            "thing": d.thing,
            "unit": d.unit,
            "entity": d.entity,
            "year": d.year,
            "status": d.status,
            "values": [_value(d, k) for k in range(len(d.values))],
            "claims": d.claims,
        }
        for d, n in zip(found, numbers, strict=True)
    ]


def _value(d: Discrepancy, k: int) -> dict[str, Any]:
    side = d.values[k]
    claim = d.claims[side["claim"]] if d.claims else None

    def others(claims: list[int]) -> list[int]:
        return [i for c in claims for i in d.claims[c]["sides"] if i != k]

    keys = ("outlet", "sentence_id", "article_id", "raw", "start", "end", "value", "qualifier")
    return (
        {key: side[key] for key in keys}
        | {key: side[key] for key in ("qualifier_words", "ambiguous", "language", "claim", "conflicting")}
        | {
            "compatible_with": sorted(others([side["claim"], *claim["compatible_with"]])) if claim else [],
            "conflicts_with": sorted(others(claim["conflicts_with"])) if claim else [],
        }
    )


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
