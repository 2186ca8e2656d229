"""Provenance inside the one run: the export's fields, the matrix's source count, the fact and outlet views.

Pipeline tests use the session's seed analysis; app tests open the seeds with AP's English story
(``tests/data/provenance/translations/404``), which GenPI.co renders in Indonesian, so one family joins
two outlets and counting independent sources changes what the matrix shows.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import tables
from dashboard.charts.matrix import COLUMN_HEADER, coverage_matrix
from dashboard.pipeline.analyze import Analysis, analyze
from dashboard.pipeline.embed import Embedder
from dashboard.pipeline.export import dumps, report
from dashboard.pipeline.models import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TRANSLATIONS = ROOT / "tests" / "data" / "provenance" / "translations"
AP_ENGLISH = "404_asiawire_ap_en.txt"
Run = Callable[..., AppTest]


def sources(data: dict, outlet: str) -> dict[str, set[str]]:
    """An outlet's credits in the export, by role."""
    found: dict[str, set[str]] = {}
    for article in data["articles"]:
        if article["outlet"] == outlet:
            for source in article["sources"]:
                found.setdefault(source["role"], set()).add(source["name"])
    return found


@pytest.fixture(scope="module")
def seed_report(seed_analysis: Analysis) -> dict:
    return json.loads(dumps(report(seed_analysis)))


def test_the_export_names_each_seed_s_sources_with_their_roles(
    seed_report: dict, seed_articles: list[Article]
) -> None:
    assert {"Reuters", "TASS"} <= sources(seed_report, "Tempo")["based_on"]
    assert "AP" in sources(seed_report, "GenPI.co")["based_on"]
    assert "Al Jazeera" in sources(seed_report, "Al Jazeera")["based_on"]
    marwah = sources(seed_report, "marwahkepri.com")
    assert "Sputnik" in marwah["photo"] and "Sputnik" not in marwah.get("based_on", set())
    texts = {a.id: a.text for a in seed_articles}
    for article in seed_report["articles"]:
        for source in article["sources"]:  # each keeps the line of the article that states it
            assert set(source) == {"name", "role", "text"} and source["text"].strip() in texts[article["id"]]


def test_the_export_s_families_and_independent_sources_fit_together(seed_report: dict) -> None:
    families = {f["id"]: f for f in seed_report["families"]}
    for article in seed_report["articles"]:
        assert article["id"] in families[article["family"]]["members"]
    members = sorted(m for f in families.values() for m in f["members"])
    assert members == sorted(a["id"] for a in seed_report["articles"])
    assert all(f["evidence"] for f in families.values())
    family_of = {a["id"]: a["family"] for a in seed_report["articles"]}
    for fact in seed_report["facts"]:
        n = fact["independent_sources"]
        assert isinstance(n, int) and 1 <= n <= len(fact["outlets"])
        assert n == len({family_of[s["article_id"]] for s in fact["sentences"]})


def test_one_text_under_two_outlet_names_is_one_source_with_a_warning(
    seed_articles: list[Article], embedder: Embedder
) -> None:
    tempo = seed_articles[0]
    mirror = replace(tempo, id="mirror", outlet="Tempo Mirror")
    analysis = analyze([tempo, mirror, seed_articles[1]], embedder)
    data = report(analysis)
    assert any("same text under two outlet names" in w for w in data["warnings"])
    twins = [f for f in data["facts"] if {"Tempo", "Tempo Mirror"} <= set(f["outlets"])]
    assert twins and all(f["independent_sources"] == len(f["outlets"]) - 1 for f in twins)


def test_column_headers_carry_the_source_note_and_its_full_text_on_hover(seed_analysis: Analysis) -> None:
    facts = tables.sort_facts(seed_analysis.facts)
    outlets = tables.outlets_of(facts, (a.outlet for a in seed_analysis.corpus.articles))
    notes = {"Tempo": ("via Reuters, TASS", "Tempo: based on Reuters, TASS.")}
    chart = coverage_matrix(facts, outlets, suffixes=notes)
    headers = [a for a in chart.layout.annotations if a.name == COLUMN_HEADER]
    tempo = outlets.index("Tempo")
    lines = headers[tempo].text.split("<br>")
    assert lines[0] == "Tempo" and lines[-1].startswith("via Reuters")  # cut to the column's width
    assert "Tempo: based on Reuters, TASS." in headers[tempo].hovertext
    others = [h for i, h in enumerate(headers) if i != tempo]
    assert all("via" not in h.text and "based on" not in (h.hovertext or "") for h in others)


# --------------------------------------------------------------------------- the app


@pytest.fixture
def with_ap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeds and AP's English story in one folder, opened as the app's sample corpus."""
    folder = tmp_path / "story"
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder)
    shutil.copy(TRANSLATIONS / AP_ENGLISH, folder)
    rows = list(csv.DictReader((SEEDS / "metadata.csv").open(encoding="utf-8")))
    rows += [
        r
        for r in csv.DictReader((TRANSLATIONS / "metadata.csv").open(encoding="utf-8"))
        if r["file"] == AP_ENGLISH
    ]
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("FACTDASH_ARTICLES_DIR", str(folder))
    return folder


def matrix_table(at: AppTest):
    [frame] = [
        d.value for d in at.dataframe if "Fact" in d.value.columns and "Disputed figure" in d.value.columns
    ]
    return frame


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.get("html")]
    return html.unescape("\n".join(str(p) for p in parts))


@pytest.mark.usefixtures("data_dir")
def test_counting_independent_sources_sorts_filters_and_goes_into_the_link(run: Run, with_ap: Path) -> None:
    at = run(min_outlets="2")
    by_outlets = matrix_table(at)
    assert "Independent sources" not in by_outlets.columns
    at.radio(key="w_count").set_value("sources").run()
    assert not at.exception
    assert at.query_params["count"] in ("sources", ["sources"])
    assert at.number_input(key="w_min_outlets").label == "Minimum independent sources per fact"
    by_sources = matrix_table(at)
    counts = list(by_sources["Independent sources"])
    assert counts == sorted(counts, reverse=True) and min(counts) >= 2  # sorted and filtered by the count
    assert (by_sources["Independent sources"] <= by_sources["Outlets"]).all()
    # Facts only GenPI.co and AP's English story report are two outlets but one source: they drop out.
    one_text = by_outlets[(by_outlets["Outlets"] == 2) & by_outlets["GenPI.co"] & by_outlets["Asia Wire"]]
    assert len(one_text) and not set(one_text["Fact"]) & set(by_sources["Fact"])
    assert len(by_sources) < len(by_outlets)

    again = run(min_outlets="2", count="sources")  # the link reproduces the view
    assert list(matrix_table(again)["Fact"]) == list(by_sources["Fact"])
    assert again.radio(key="w_count").value == "sources"


@pytest.mark.usefixtures("data_dir")
def test_headers_fact_detail_and_outlets_tab_show_the_sources(run: Run, with_ap: Path) -> None:
    matrix = run()
    [spec] = [json.loads(c.proto.spec) for c in matrix.get("plotly_chart")]
    headers = {
        html.unescape(a["text"]).split("<br>")[0]: (html.unescape(a["text"]), html.unescape(a["hovertext"]))
        for a in spec["layout"]["annotations"]
        if a.get("name") == COLUMN_HEADER
    }
    assert "via Reuters" in headers["Tempo"][0] and "Reuters, TASS" in headers["Tempo"][1]
    assert "= AP" in headers["GenPI.co"][0] and "= AP" in headers["Asia Wire"][0]

    # A fact GenPI.co and AP's story share: two outlets, one source, named after the wire.
    frame = matrix_table(matrix)
    shared = frame[frame["GenPI.co"] & frame["Asia Wire"]]
    assert len(shared)
    detail = run(view="detail", q=str(shared.iloc[0]["Fact"]))
    text = page_text(detail)
    line = re.search(r"(\d+) outlets?, (\d+) independent sources?: (.+)", text)
    assert line, "the fact detail names its independent sources"
    assert int(line.group(2)) < int(line.group(1))
    assert "AP (GenPI.co, Asia Wire)" in line.group(3) or "AP (Asia Wire, GenPI.co)" in line.group(3)

    outlets = run(view="outlets")
    [credits] = [d.value for d in outlets.dataframe if "role" in d.value.columns]
    rows = set(zip(credits["outlet"], credits["credits"], credits["role"], strict=True))
    assert {
        ("Tempo", "Reuters", "based on"),
        ("Tempo", "TASS", "based on"),
        ("GenPI.co", "AP", "based on"),
    } <= rows
    assert ("marwahkepri.com", "Sputnik", "photo") in rows
    tempo = credits[(credits["outlet"] == "Tempo") & (credits["credits"] == "Reuters")]
    assert list(tempo["line"].str.startswith("Dilansir dari Reuters,")) == [True]  # the line that says so
    [families] = [d.value for d in outlets.dataframe if "evidence" in d.value.columns]
    genpi = families[families["outlet"] == "GenPI.co"].iloc[0]
    assert genpi["family"] == "AP" and genpi["same text as"] == "Asia Wire"
    assert "sentences in the same order with" in genpi["evidence"]
