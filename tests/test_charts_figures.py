"""Plotly charts of figures, checked on ``fig.to_dict()``."""

from __future__ import annotations

import html
import json

from dashboard.charts.figures import (
    FITS,
    MAX_MONEY_TRACES,
    discrepancy_chart,
    dispute_titles,
    money_comparison,
    money_groups,
    subject,
    versions,
)
from dashboard.pipeline.discrepancies import Discrepancy, contested_counts, disputes, find_discrepancies
from dashboard.pipeline.figures import extract, extract_sentences
from dashboard.pipeline.models import Fact, FactMember, Sentence

ITALIAN_2022 = (
    "Nel 2022 l'interscambio tra Russia e Vietnam è stato di 3,5 miliardi di dollari, "
    "contro 175 miliardi con la Cina e 123 miliardi con gli Stati Uniti."
)
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
    assert chart["layout"]["title"]["text"] == "Bilateral trade (USD bn), 2023"
    assert bar["name"] == "2023 · Al Jazeera"
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
    assert bar["name"] == "year not given · &lt;b&gt;Outlet&lt;/b&gt;"


def test_money_comparison_without_money_is_an_empty_chart() -> None:
    chart = money_comparison(extract("Putin tiba pada Kamis.")).to_dict()
    assert chart["data"] == []
    assert chart["layout"]["annotations"][0]["text"] == "No money figures to compare"


def _sentence(sid: str, outlet: str, text: str) -> Sentence:
    return Sentence(sid, sid.split(":")[0], outlet, text, 0, len(text))


#: The agreements count as five outlets in four languages write it.
AGREEMENTS = [
    _sentence("001:2", "GenPI.co", "Putin menandatangani setidaknya selusin perjanjian <dengan> Vietnam."),
    _sentence("004:8", "Tribunnews", "To Lam dan Putin menandatangani 11 nota kerja sama."),
    _sentence("002:9", "marwahkepri.com", "Kesepuluh satu pakta yang ditandatangani di Hanoi."),
    _sentence("307:3", "dpa", "Putin and To Lam signed 11 agreements related to education."),
    _sentence("302:4", "Sputnik Afrique", "Les deux pays ont signé plus de 10 accords."),
    _sentence("303:2", "Now 新聞", "双方签署了至少12份文件。"),
]


def agreements_dispute() -> Discrepancy:
    [d] = contested_counts(extract_sentences(AGREEMENTS))
    return d


def points(chart: dict) -> dict[str, dict]:
    """Per row label (``dpa · en``): its trace's name, marker, text and hover data."""
    rows = {}
    for trace in chart["data"]:
        if trace.get("mode") != "markers+text":
            continue
        for k, label in enumerate(trace["y"]):
            rows[html.unescape(label)] = {
                "version": html.unescape(trace["name"]),
                "colour": trace["marker"]["color"],
                "symbol": trace["marker"]["symbol"][k],
                "text": html.unescape(trace["text"][k]),
                "x": trace["x"][k],
                "fits": html.unescape(trace["customdata"][k]["fits"]),
                "conflicts": html.unescape(trace["customdata"][k]["conflicts"]),
            }
    return rows


def test_discrepancy_chart_gives_qualifiers_in_words_in_every_language() -> None:
    chart = discrepancy_chart(agreements_dispute()).to_dict()
    rows = points(chart)
    assert {label: row["text"] for label, row in rows.items()} == {
        "GenPI.co · id": "at least 12",
        "Tribunnews · id": "11",
        "marwahkepri.com · id": "roughly 11?",
        "dpa · en": "11",
        "Sputnik Afrique · fr": "more than 10",
        "Now 新聞 · zh": "at least 12",
    }
    assert "at_least" not in json.dumps(chart) and "more_than" not in json.dumps(chart)
    assert rows["marwahkepri.com · id"]["symbol"] == "circle-open"  # ambiguous: hollow
    assert rows["GenPI.co · id"]["x"] == 12 and rows["dpa · en"]["x"] == 11


def test_discrepancy_chart_marks_which_outlets_conflict() -> None:
    d = agreements_dispute()
    rows = points(discrepancy_chart(d).to_dict())
    version = {label: row["version"] for label, row in rows.items()}
    # "at least 12" twice against "11" three times: two versions that cannot both be true ...
    assert (
        version["GenPI.co · id"] == version["Now 新聞 · zh"] == "version A: 12 or more (GenPI.co, Now 新聞)"
    )
    assert version["Tribunnews · id"] == version["dpa · en"] == version["marwahkepri.com · id"]
    assert version["dpa · en"].startswith("version B: 11 / 1–11 (")
    assert rows["GenPI.co · id"]["colour"] != rows["dpa · en"]["colour"]
    # ... while "more than 10" fits both and is drawn as such
    assert version["Sputnik Afrique · fr"] == FITS
    assert rows["Sputnik Afrique · fr"]["conflicts"] == "no other outlet"
    assert rows["dpa · en"]["conflicts"] == "12 or more (GenPI.co, Now 新聞)"
    assert "more than 10 (Sputnik Afrique)" in rows["dpa · en"]["fits"]
    assert "11 (Tribunnews)" in rows["dpa · en"]["fits"]
    assert versions(d) == ["A", "B", "B", "B", "", "A"]


def test_an_open_end_is_drawn_to_the_axis_edge_with_an_arrow() -> None:
    chart = discrepancy_chart(agreements_dispute()).to_dict()
    arrows = [t for t in chart["data"] if t.get("mode") == "markers"]
    ends = sorted(
        (html.unescape(y), s) for t in arrows for y, s in zip(t["y"], t["marker"]["symbol"], strict=True)
    )
    assert ends == [
        ("GenPI.co · id", "triangle-right"),
        ("Now 新聞 · zh", "triangle-right"),
        ("Sputnik Afrique · fr", "triangle-right"),
    ]
    top = chart["layout"]["xaxis"]["range"][1]
    assert all(x <= top for t in arrows for x in t["x"])
    assert chart["layout"]["xaxis"]["automargin"] and chart["layout"]["yaxis"]["automargin"]


def two_facts_disputes() -> list[Discrepancy]:
    """The agreements count in two facts and across the corpus, and trade figures of two years."""
    a = _sentence("a:1", "Outlet A", "Putin signed 11 agreements.")
    b = _sentence("b:1", "Outlet B", "Putin signed 12 agreements.")
    c = _sentence("c:1", "Outlet C", "Putin signed 12 agreements with To Lam.")
    figures = extract_sentences([a, b, c])
    facts = [fact_of("f1", a, b), fact_of("f2", c, a)]
    return find_discrepancies(facts, figures) + contested_counts(figures)


def fact_of(fact_id: str, *sentences: Sentence) -> Fact:
    members = tuple(FactMember(s.id, s.article_id, s.outlet, s.text, 1.0) for s in sentences)
    return Fact(fact_id, sentences[0].text, sentences[0].id, members)


def test_every_dispute_gets_a_distinct_title() -> None:
    found = two_facts_disputes()
    assert [subject(d) for d in found] == ["agreements signed"] * 3
    titles = dispute_titles(found, {"f1": 1, "f2": 4})
    assert titles == [
        "Agreements signed: outlets disagree (fact 1)",
        "Agreements signed: outlets disagree (fact 4)",
        "Agreements signed: outlets disagree (whole corpus)",
    ]
    [one] = disputes(found)  # counted once, it needs no place in its title
    assert dispute_titles([one], {}) == ["Agreements signed: outlets disagree"]
    charts = [
        discrepancy_chart(d, t).to_dict()["layout"]["title"]["text"]
        for d, t in zip(found, titles, strict=True)
    ]
    assert len(set(charts)) == 3


def test_a_subject_names_the_thing_its_partner_and_period() -> None:
    trade = Discrepancy("f", "money", "trade", [], "disagree", "USD", "China", 2023)
    share = Discrepancy("f", "percent", "", [], "disagree", "percent", "Vietnam")
    assert subject(trade) == "bilateral trade with China, 2023"
    assert subject(share) == "share, Vietnam"


def test_two_periods_of_one_thing_stand_side_by_side() -> None:
    italian = _sentence("it:1", "Outlet IT", ITALIAN_2022)
    figures = extract_sentences([italian]) + extract(
        TRADE, sentence_id="003:27", article_id="003", outlet="Al Jazeera"
    )
    [group] = money_groups(figures)
    chart = money_comparison(group).to_dict()
    assert chart["layout"]["barmode"] == "group"
    assert [html.unescape(t["name"]) for t in chart["data"]] == ["2022 · Outlet IT", "2023 · Al Jazeera"]
    assert [list(t["x"]) for t in chart["data"]] == [["Russia", "China", "United States"]] * 2
    assert [list(t["y"]) for t in chart["data"]] == [[3.5, 175.0, 123.0], [3.6, 171.0, 111.0]]
    assert chart["layout"]["title"]["text"] == "Bilateral trade (USD bn), 2022 and 2023"
    assert find_discrepancies([fact_of("f", italian)], figures) == []


def test_bars_carry_the_figure_as_written_up_to_two_series_then_the_number() -> None:
    def sentences(n: int) -> list[Sentence]:
        return [
            _sentence(
                f"s{k}:1",
                f"Outlet {k}",
                f"Perdagangan Rusia dan Vietnam bernilai ${k + 1},5 miliar pada 2023.",
            )
            for k in range(n)
        ]

    def labels(n: int) -> list[str]:
        chart = money_comparison(extract_sentences(sentences(n))).to_dict()
        return [html.unescape(t["text"][0]) for t in chart["data"]]

    assert labels(2) == ["$1,5 miliar", "$2,5 miliar"]
    assert labels(3) == ["$1.5 bn", "$2.5 bn", "$3.5 bn"]


def test_money_groups_keep_each_chart_readable() -> None:
    sentences = [
        _sentence(
            f"s{k}:1",
            f"Outlet {k}",
            f"Perdagangan Rusia dan Vietnam bernilai ${k + 1} miliar pada {2000 + k}.",
        )
        for k in range(MAX_MONEY_TRACES + 2)
    ]
    groups = money_groups(extract_sentences(sentences))
    assert [len({f.sentence_id for f in g}) for g in groups] == [MAX_MONEY_TRACES, 2]
    assert [f.year for f in groups[0]] == sorted(f.year for f in groups[0])
