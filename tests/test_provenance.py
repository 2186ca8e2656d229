"""Provenance on real texts with the real default model: families, independent sources, export, bad input."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from dashboard.pipeline.analyze import analyze
from dashboard.pipeline.embed import Embedder
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Article, Fact, PipelineError
from dashboard.pipeline.provenance import Provenance, load_sources, provenance

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "xling_dev"
TRANSLATIONS = ROOT / "tests" / "data" / "provenance" / "translations"
GOLD = json.loads((ROOT / "tests" / "data" / "gold_families.json").read_text(encoding="utf-8"))


@dataclass
class Run:
    articles: list[Article]
    facts: list[Fact]
    prov: Provenance


def run(articles: list[Article], embedder: Embedder) -> Run:
    analysis = analyze(articles, embedder)
    prov = provenance(articles, analysis.facts, analysis.corpus.body_sentences, analysis.sentence_vectors)
    return Run(articles, analysis.facts, prov)


@pytest.fixture(scope="module")
def dev(embedder: Embedder) -> Run:
    """Seeds, the cross-lingual dev set and the hand translations, analysed once."""
    articles, _ = load_paths([SEEDS, DEV, TRANSLATIONS])
    return run(articles, embedder)


def short(article_id: str) -> str:
    return article_id[:3]


def text_of(name: str) -> str:
    folder = SEEDS if name[0] == "0" else DEV if name[0] == "3" else TRANSLATIONS
    return next(folder.glob(f"{name}*.txt")).read_text(encoding="utf-8")


def test_families_on_the_dev_data_match_the_gold(dev: Run) -> None:
    family = {short(a.id): dev.prov.family_of(a.id).id for a in dev.articles}
    gold_same = {frozenset(p) for f in GOLD["families"] for p in itertools.combinations(f["members"], 2)}
    unsure = {frozenset(u["pair"]) for u in GOLD["unsure"]}
    wrong, found = [], 0
    for pair in itertools.combinations(sorted(family), 2):
        key = frozenset(pair)
        joined = family[pair[0]] == family[pair[1]]
        if key in gold_same:
            found += joined
        elif key not in unsure and joined:
            wrong.append(pair)
    assert wrong == []  # unrelated outlets never share a family
    # Translation reuse across languages: the id and es renderings of dpa's English story, GenPI's
    # Indonesian of AP's English. Known misses: zh->en 303-403 (7 Chinese sentences against 11) and
    # ru->de 305-405 (four sentences in order could be chance among the 136 pairs compared).
    assert found >= 4, f"{found} of {len(gold_same)} same-family pairs"


def test_translations_join_the_family_of_the_text_they_render(dev: Run) -> None:
    family = {short(a.id): dev.prov.family_of(a.id) for a in dev.articles}
    assert family["307"].id == family["401"].id == family["402"].id
    assert family["001"].id == family["404"].id
    assert family["307"].label == "dpa"  # the dateline and "Sumber: dpa", not the one claim from TASS
    assert family["001"].label == "AP"


def test_family_evidence_says_how_much_text_is_shared(dev: Run) -> None:
    dpa = dev.prov.family_of(next(a.id for a in dev.articles if a.id.startswith("307")))
    assert len(dpa.evidence) >= 2
    for line in dpa.evidence:
        assert "sentences in the same order with" in line and "mean similarity 0.9" in line
    alone = dev.prov.family_of(next(a.id for a in dev.articles if a.id.startswith("302")))
    assert alone.members == (alone.members[0],) and alone.evidence == ("no other article carries its text",)


def test_independent_sources_never_exceed_outlets(dev: Run) -> None:
    for fact in dev.facts:
        n = dev.prov.independent_sources(fact)
        assert 1 <= n <= len(fact.outlets)
    shared = [
        f for f in dev.facts if len({dev.prov.family_of(m.article_id).id for m in f.members}) < len(f.outlets)
    ]
    assert shared, "some fact is reported by two outlets of one family"
    assert all(dev.prov.independent_sources(f) < len(f.outlets) for f in shared)


def test_export_pieces_are_json_with_the_issue_s_fields(dev: Run) -> None:
    data = json.loads(json.dumps(dev.prov.export(dev.facts), ensure_ascii=False))
    assert set(data) == {"articles", "facts", "families"}
    assert set(data["articles"]) == {a.id for a in dev.articles}
    family_ids = {f["id"] for f in data["families"]}
    for article in data["articles"].values():
        assert article["family"] in family_ids
        for source in article["sources"]:
            assert set(source) == {"name", "role", "text"} and source["role"] in {
                "based_on",
                "photo",
                "quoted",
            }
    facts = {f.id: f for f in dev.facts}
    for fact_id, piece in data["facts"].items():
        assert isinstance(piece["independent_sources"], int)
        assert 1 <= piece["independent_sources"] <= len(facts[fact_id].outlets)
    members = [m for f in data["families"] for m in f["members"]]
    assert sorted(members) == sorted(a.id for a in dev.articles)  # every article in exactly one family
    assert all(f["evidence"] for f in data["families"])


def test_a_lightly_edited_copy_is_one_family(embedder: Embedder) -> None:
    original = text_of("003")
    lines = original.splitlines()
    body = [line for line in lines[1:] if line.strip()]
    # Reordered paragraphs (the second half first) and a new first line.
    edited = "\n".join(
        ["Putin di Hanoi: apa kata para analis", *body[len(body) // 2 :], *body[: len(body) // 2]]
    )
    articles = [
        Article(id="original", outlet="Al Jazeera", text=original),
        Article(id="copy", outlet="Copy Daily", text=edited),
        Article(id="other", outlet="Tribunnews", text=text_of("004")),
    ]
    result = run(articles, embedder)
    assert result.prov.family_of("original").id == result.prov.family_of("copy").id
    assert result.prov.family_of("other").id != result.prov.family_of("original").id
    (evidence,) = result.prov.family_of("copy").evidence
    assert "character shingles" in evidence


def test_independent_sources_when_three_outlets_copy_one_wire_text(embedder: Embedder) -> None:
    wire = text_of("404")
    paragraphs = [p for p in wire.split("\n\n") if p.strip()]
    copies = {
        "copy-a": wire,
        "copy-b": "\n\n".join(
            ["Putin seals deals in Hanoi", *paragraphs[1:-1]]
        ),  # new headline, last paragraph cut
        "copy-c": "\n\n".join([paragraphs[0], *paragraphs[2:], paragraphs[1]]),  # lead moved to the end
    }
    articles = [Article(id=k, outlet=f"Outlet {k[-1].upper()}", text=v) for k, v in copies.items()]
    articles += [
        Article(id="own-dpa", outlet="dpa", text=text_of("307")),
        Article(id="own-hk", outlet="HK Wire", text=text_of("403")),
    ]
    result = run(articles, embedder)
    truth = {"copy-a": "wire", "copy-b": "wire", "copy-c": "wire", "own-dpa": "dpa", "own-hk": "hk"}
    assert len({result.prov.family_of(a).id for a in copies}) == 1
    assert len({result.prov.family_of(a).id for a in truth}) == 3
    checked = 0
    for fact in result.facts:
        expected = len({truth[m.article_id] for m in fact.members})
        assert result.prov.independent_sources(fact) == expected, fact.label
        checked += len(fact.outlets) >= 3
    assert checked, "some fact is reported by three or more outlets"
    widest = max(result.facts, key=lambda f: len(f.outlets))
    summary = result.prov.describe_sources(widest)
    n = result.prov.independent_sources(widest)
    assert summary.startswith(f"{len(widest.outlets)} outlets, {n} independent source")


def test_bad_input_gets_warnings_not_tracebacks(embedder: Embedder) -> None:
    names = [s.name for s in load_sources()][:40]
    assert len(names) == 40
    roundup = text_of("004") + "\nSources: " + ", ".join(names) + "\n"
    quoting = (
        "Analis di Hanoi menilai kunjungan Presiden Putin memperkuat posisi tawar Vietnam terhadap Barat.\n"
        "Vietnam tetap membeli senjata Rusia, tetapi mulai mencari pemasok lain di Eropa dan Asia.\n"
        '"Keseimbangan itu tidak akan berubah dalam waktu dekat," kata seorang diplomat kepada Reuters.\n'
    )
    articles = [
        Article(id="tempo", outlet="Tempo", text=text_of("000")),
        Article(id="roundup", outlet="Roundup", text=roundup),
        Article(id="quoting", outlet="Opini", text=quoting),
        Article(id="credit-only", outlet="Wire Line", text="REUTERS | TASS\n"),
        Article(id="genpi", outlet="GenPI.co", text=text_of("001")),
        Article(id="mirror", outlet="Mirror Daily", text=text_of("001")),
    ]
    result = run(articles, embedder)
    prov, warnings = result.prov, " | ".join(result.prov.warnings)

    roundup_based = [c.name for c in prov.credits["roundup"] if c.role == "based_on"]
    assert set(names) <= set(roundup_based)  # all 40, beside the text's own "Sumber: TribunSolo.com"
    assert "names 41 sources" in warnings and "round-up" in warnings
    assert prov.family_of("roundup").id != prov.family_of("tempo").id

    assert [(c.name, c.role) for c in prov.credits["quoting"]] == [("Reuters", "quoted")]
    assert prov.family_of("quoting").id != prov.family_of("tempo").id

    assert {(c.name, c.role) for c in prov.credits["credit-only"]} == {
        ("Reuters", "based_on"),
        ("TASS", "based_on"),
    }
    assert "credit-only (Wire Line) has no article text" in warnings
    assert prov.family_of("credit-only").members == ("credit-only",)

    assert prov.family_of("genpi").id == prov.family_of("mirror").id
    assert "same text under two outlet names" in warnings


def test_mismatched_vectors_are_refused_with_a_message(dev: Run) -> None:
    with pytest.raises(PipelineError, match="row for row"):
        provenance(dev.articles, dev.facts, [], np.zeros((3, 4), dtype=np.float32))
    with pytest.raises(PipelineError, match="no article"):
        dev.prov.family_of("nope")
