"""The matrix, search, blindspots and story names with many outlets (5, 13, 20 and 50).

Corpora beyond the seeds and the dev set are made of the seeds' own body
sentences (:func:`tests.many_outlets.seed_sentence_corpus`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from many_outlets import seed_sentence_corpus
from streamlit.testing.v1 import AppTest

from dashboard import store, tables
from dashboard.charts.matrix import PAGE_SIZE, ROW_LABEL, annotation_texts, coverage_matrix
from dashboard.pipeline.analyze import Analysis, analyze
from dashboard.pipeline.embed import Embedder
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Article

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "xling_dev"
Run = Callable[..., AppTest]
NUMBER = re.compile(r"^\d+\. ")
REUTERS = (
    "HANOI (Reuters) - Russian President Vladimir Putin arrived in Hanoi on Thursday for a state visit. "
    "Putin and Vietnamese President To Lam signed 11 cooperation agreements, including on civilian nuclear "
    "energy. The two leaders also discussed bilateral trade, which was worth $3.6 billion in 2023."
)


@pytest.fixture(scope="module")
def corpora(seed_articles: list[Article]) -> dict[int, list[Article]]:
    """Corpora of 5, 13 and 50 outlets: the seeds; the seeds, the dev set and Reuters; seed sentences."""
    dev, _ = load_paths([DEV])
    thirteen = [*seed_articles, *dev, Article(id="reuters", outlet="Reuters", text=REUTERS, language="en")]
    return {5: seed_articles, 13: thirteen, 50: seed_sentence_corpus(seed_articles, 50)}


def page_rows(analysis: Analysis) -> list[list[str]]:
    """Each page's row labels, as the app draws them (labelled in the most common language), numbers off."""
    in_language = {s.id: s.language for s in analysis.corpus.sentences}
    language = next(iter(tables.language_counts(analysis.corpus.articles)))
    facts = tables.sort_facts(tables.all_labelled_in(analysis.facts, language, in_language))
    outlets = tables.outlets_of(facts, (a.outlet for a in analysis.corpus.articles))
    pages = tables.page_count(len(facts), PAGE_SIZE)
    return [
        [NUMBER.sub("", r) for r in annotation_texts(coverage_matrix(facts, outlets, page=p), ROW_LABEL)]
        for p in range(1, pages + 1)
    ]


@pytest.mark.parametrize("n_outlets", [5, 13, 50])
def test_no_two_rows_of_a_page_read_alike(
    n_outlets: int, corpora: dict[int, list[Article]], embedder: Embedder
) -> None:
    analysis = analyze(corpora[n_outlets], embedder)
    assert len({a.outlet for a in analysis.corpus.articles}) == n_outlets
    for rows in page_rows(analysis):
        assert len(rows) == len(set(rows)), [r for r in rows if rows.count(r) > 1]
    if n_outlets < 50:  # real articles: no two facts have one label text at all
        labels = [" ".join(f.label.split()) for f in analysis.facts]
        assert len(labels) == len(set(labels))


# --------------------------------------------------------------------------- the app


def chart_spec(at: AppTest) -> dict:
    [spec] = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return spec


def row_labels(at: AppTest) -> list[str]:
    return [a["text"] for a in chart_spec(at)["layout"]["annotations"] if a.get("name") == ROW_LABEL]


def row_hovers(at: AppTest) -> list[str]:
    return [a["hovertext"] for a in chart_spec(at)["layout"]["annotations"] if a.get("name") == ROW_LABEL]


def fact_ids(at: AppTest) -> set[str]:
    [cells] = [t for t in chart_spec(at)["data"] if t.get("name") == "cells"]
    return set(cells["customdata"])


def test_search_shows_the_match_and_numbers_are_whole(run: Run) -> None:
    at = run(q="nuklir")
    labels = row_labels(at)
    marked = re.compile(r"<span style='color:#c2410c'>nuklir</span>", re.I)
    assert sum(bool(marked.search(t)) for t in labels) > len(labels) / 2 >= 2  # shared matches show once
    assert all(marked.search(h) for h in row_hovers(at))  # every row's hover shows where it matched
    assert len(set(labels)) == len(labels)
    eleven = run(q="11")
    assert row_hovers(eleven) and all(">11</span>" in t for t in row_hovers(eleven))  # the number, marked
    hundred = run(q="111")  # "$111 miliar" has its own number, not "11"
    assert row_hovers(hundred) and all(">111</span>" in t for t in row_hovers(hundred))
    assert fact_ids(hundred) - fact_ids(eleven)


def test_blindspots_with_twenty_outlets(run: Run, data_dir: Path, seed_articles: list[Article]) -> None:
    articles = seed_sentence_corpus(seed_articles, 20)
    cid = store.save(articles, data_dir)
    at = run(corpus=cid, view="outlets")
    [missed] = [d.value for d in at.dataframe if "main facts missed" in d.value.columns]
    [main] = [d.value for d in at.dataframe if "outlets without a match" in d.value.columns]
    assert len(main) >= 1 and (main["reported by"] >= 2).all()
    assert (main["reported by"] + main["no matching sentence in"] == 20).all()
    assert len(missed) > 0 and missed["main facts missed"].max() <= len(main)
    assert list(missed["main facts missed"]) == sorted(missed["main facts missed"], reverse=True)
    words = " ".join(c.value for c in at.caption)
    assert "no matching sentence" in words
    expanders = [e.label for e in at.expander if "omission" in e.label]
    assert len(expanders) == 20 and any(not re.search(r" 0 omissions", e) for e in expanders)


def test_the_story_is_named_from_its_titles_and_dates(
    run: Run, data_dir: Path, seed_articles: list[Article]
) -> None:
    at = run()
    assert at.selectbox(key="w_corpus").options == ["Putin Vietnam · 20–21 Jun 2024"]
    untitled = [Article(id="a", outlet="Kompas", text="Putin tiba di Hanoi. Ia bertemu To Lam.")]
    assert tables.story_name(untitled) == "1 article"
    dated = [Article(id="a", outlet="Kompas", text="x", date="2024-06-30"), *untitled]
    assert tables.story_name(dated) == "30 Jun 2024"
