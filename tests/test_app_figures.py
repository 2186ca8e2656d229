"""The Figures tab on the seeds plus the cross-lingual dev set, run headless with the real model."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import store
from dashboard.pipeline.ingest import load_paths

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "xling_dev"
Run = Callable[..., AppTest]


@pytest.fixture()
def figures_tab(run: Run, data_dir: Path) -> AppTest:
    articles, _ = load_paths([ROOT / "seeds", DEV])
    return run(corpus=store.save(articles, data_dir), view="figures")


def chart_titles(at: AppTest) -> list[str]:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [html.unescape(s["layout"]["title"]["text"]) for s in specs if "title" in s["layout"]]


def test_the_agreements_dispute_holds_dpa_and_the_indonesian_outlets_once(figures_tab: AppTest) -> None:
    titles = chart_titles(figures_tab)
    disputes = [t for t in titles if "disagree" in t or "contested" in t]
    assert disputes.count("Agreements signed: outlets disagree") == 1
    assert len(disputes) == len(set(disputes))  # every chart its own title
    [metric] = [m for m in figures_tab.metric if m.label == "Disputed figures"]
    assert int(metric.value) == len(disputes)  # the header counts each dispute once, as the tab draws it
    [frame] = [d.value for d in figures_tab.dataframe if "conflicts with" in d.value.columns]
    rows = {(r["outlet"], r["as written"]): r for r in frame.to_dict("records")}
    assert rows[("dpa", "11")]["language"] == "en"
    assert {"GenPI.co", "Tribunnews", "marwahkepri.com"} <= {outlet for outlet, _ in rows}
    assert rows[("GenPI.co", "setidaknya selusin")]["reads as"] == "at least 12"
    assert (
        rows[("dpa", "11")]["version"]
        == rows[("Tribunnews", "11")]["version"]
        != (rows[("GenPI.co", "12")]["version"])
    )
    assert "12 (GenPI.co)" in rows[("dpa", "11")]["conflicts with"]


def test_the_national_currency_share_is_read_from_french_and_chinese(figures_tab: AppTest) -> None:
    [frame] = [d.value for d in figures_tab.dataframe if "raw" in d.value.columns]
    shares = frame[frame["raw"] == "60%"]
    assert sorted(shares["language"]) == ["fr", "zh"]
    assert set(shares["value"]) == {60} and set(shares["kind"]) == {"percent"}
    assert "qualifier" in frame and not frame["qualifier"].str.contains("_").any()  # words, not codes
