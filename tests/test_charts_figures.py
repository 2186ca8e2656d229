"""Plotly charts of figures, checked on ``fig.to_dict()``."""

from __future__ import annotations

import html
import json

from dashboard.charts.figures import discrepancy_chart, money_comparison
from dashboard.pipeline.discrepancies import find_discrepancies
from dashboard.pipeline.figures import extract, extract_sentences
from dashboard.pipeline.models import Fact, FactMember, Sentence

TRADE = (
    "Perdagangan bilateral antara Rusia dan Vietnam bernilai $3,6 miliar pada tahun 2023, "
    "dibandingkan dengan $171 miliar dengan China dan $111 miliar dengan AS."
)


def unwrap(hover: str) -> str:
    return hover.replace("<br>", " ")


def test_money_comparison_bars_in_usd_billions() -> None:
    chart = money_comparison(
        extract(TRADE, sentence_id="003:27", article_id="003", outlet="Al Jazeera")
    ).to_dict()
    [bar] = chart["data"]
    assert bar["type"] == "bar"
    assert list(bar["x"]) == ["Russia", "China", "United States"]
    assert list(bar["y"]) == [3.6, 171.0, 111.0]
    assert chart["layout"]["yaxis"]["title"]["text"] == "USD bn"
    title = chart["layout"]["title"]["text"]
    assert "2023" in title and "Al Jazeera" in title
    assert all(
        html.unescape(unwrap(row["sentence"])) == TRADE and row["outlet"] == "Al Jazeera"
        for row in bar["customdata"]
    )
    assert "%{customdata.sentence}" in bar["hovertemplate"]


def test_money_comparison_escapes_article_text() -> None:
    text = "Kontrak <script>alert(1)</script> & lainnya bernilai $5 miliar dengan Rusia."
    chart = money_comparison(extract(text, outlet="<b>Outlet</b>"))
    dumped = json.dumps(chart.to_dict())
    assert "<script>" not in dumped and "<b>Outlet" not in dumped
    [bar] = chart.to_dict()["data"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; lainnya" in unwrap(bar["customdata"][0]["sentence"])
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in chart.to_dict()["layout"]["title"]["text"]


def test_money_comparison_without_money_is_an_empty_chart() -> None:
    chart = money_comparison(extract("Putin tiba pada Kamis.")).to_dict()
    assert chart["data"] == []
    assert chart["layout"]["annotations"][0]["text"] == "No money figures to compare"


def _sentence(sid: str, outlet: str, text: str) -> Sentence:
    return Sentence(sid, sid.split(":")[0], outlet, text, 0, len(text))


def test_discrepancy_chart_shows_qualifiers_side_by_side() -> None:
    sentences = [
        _sentence(
            "001:2", "GenPI.co", "Putin menandatangani setidaknya selusin perjanjian <dengan> Vietnam."
        ),
        _sentence("004:8", "Tribunnews", "To Lam dan Putin menandatangani 11 nota kerja sama."),
        _sentence("002:9", "marwahkepri.com", "Kesepuluh satu pakta yang ditandatangani di Hanoi."),
    ]
    fact = Fact(
        "f1",
        sentences[0].text,
        "001:2",
        tuple(FactMember(s.id, s.article_id, s.outlet, s.text, 1.0) for s in sentences),
    )
    [d] = find_discrepancies([fact], extract_sentences(sentences))
    chart = discrepancy_chart(d).to_dict()
    [bar] = chart["data"]
    assert list(bar["x"]) == ["GenPI.co", "Tribunnews", "marwahkepri.com"]
    assert list(bar["y"]) == [12, 11, 11]
    assert list(bar["text"]) == ["≥12", "11", "~11?"]
    assert list(bar["marker"]["pattern"]["shape"]) == ["", "", "/"]
    assert "Outlets disagree" in chart["layout"]["title"]["text"]
    assert "&lt;dengan&gt;" in bar["customdata"][0]["sentence"] and "<dengan>" not in json.dumps(chart)
