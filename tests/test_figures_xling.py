"""Figures on the seeds plus the cross-lingual dev set (``tests/data/xling_dev``), via the real loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.discrepancies import contested_counts
from dashboard.pipeline.figures import Quantity, extract_sentences
from dashboard.pipeline.ingest import load_paths

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "xling_dev"


@pytest.fixture(scope="module")
def figures() -> list[Quantity]:
    articles, _ = load_paths([ROOT / "seeds", DEV])
    return extract_sentences(build_corpus(articles).body_sentences)


def of(figures: list[Quantity], prefix: str, kind: str) -> list[Quantity]:
    return [f for f in figures if f.article_id.startswith(prefix) and f.kind == kind]


def test_the_agreements_dispute_includes_dpas_eleven_agreements(figures: list[Quantity]) -> None:
    [dispute] = contested_counts(figures)
    assert (dispute.thing, dispute.status) == ("agreements", "disagree")
    dpa = [v for v in dispute.values if v["article_id"].startswith("307")]
    assert [(v["raw"], v["value"], v["language"]) for v in dpa] == [("11", 11, "en")]
    assert "signed 11 agreements related to education" in dpa[0]["sentence"]
    twelve = next(v for v in dispute.values if v["raw"] == "12")
    assert twelve["claim"] in dispute.claims[dpa[0]["claim"]]["conflicts_with"]
    at_least_a_dozen = next(v for v in dispute.values if v["raw"] == "setidaknya selusin")
    assert twelve["claim"] in dispute.claims[at_least_a_dozen["claim"]]["compatible_with"]


@pytest.mark.parametrize(("prefix", "language"), [("302", "fr"), ("304", "zh")])
def test_the_national_currency_share_is_found_in_french_and_chinese(
    figures: list[Quantity], prefix: str, language: str
) -> None:
    [share] = of(figures, prefix, "percent")
    assert (share.raw, share.value, share.language) == ("60%", 60, language)
    assert share.sentence[share.start : share.end] == "60%"


def test_al_jazeeras_trade_is_three_sums_of_2023(figures: list[Quantity]) -> None:
    money = of(figures, "003", "money")
    assert [(f.value, f.unit, f.entity_norm, f.year) for f in money] == [
        (3.6e9, "USD", "Russia", 2023),
        (171e9, "USD", "China", 2023),
        (111e9, "USD", "United States", 2023),
    ]


def test_the_dev_set_gives_no_spurious_counts(figures: list[Quantity]) -> None:
    """Dates, times, ordinals and years in the other languages are not read as counts."""
    counts = [(f.article_id[:3], f.raw) for f in figures if f.kind == "count" and f.article_id[0] == "3"]
    assert ("306", "5") not in counts  # "lần thứ 5": the fifth visit
    assert all(raw not in {"19", "20", "6"} for _, raw in counts)  # "19 juin", "20/6"
