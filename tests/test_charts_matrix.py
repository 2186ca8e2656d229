"""The coverage matrix and the outlets chart, checked on ``fig.to_dict()``."""

from __future__ import annotations

import html
import json

from dashboard import tables
from dashboard.charts.common import blank_chart, escape, standalone
from dashboard.charts.matrix import (
    COLOURS,
    COLUMN_HEADER,
    GRID,
    PAGE_SIZE,
    ROW_LABEL,
    annotation_texts,
    cell_fact_id,
    column_label,
    coverage_matrix,
    geometry,
    row_texts,
)
from dashboard.charts.outlets import outlet_comparison
from dashboard.pipeline.models import Fact, FactMember

HOSTILE = "<script>alert(1)</script> **bold** $x$ [a](b) %{customdata[0]} <img src=x onerror=alert(2)>"


def make_facts(n_facts: int, n_outlets: int) -> tuple[list[Fact], list[str]]:
    outlets = [f"Outlet {j}" for j in range(n_outlets)]
    facts = []
    for i in range(n_facts):
        reporting = outlets[: 1 + i % n_outlets]
        members = tuple(
            FactMember(f"s{i}-{j}", f"a{j}", o, f"Kalimat {i} dari {o}.", 1.0 if j == 0 else 0.8)
            for j, o in enumerate(reporting)
        )
        facts.append(Fact(f"f{i}", members[0].text, members[0].sentence_id, members))
    return tables.sort_facts(facts), outlets


def traces(chart) -> dict[str, dict]:
    return {t.get("name"): t for t in chart.to_dict()["data"]}


def unwrap(text: str) -> str:
    return html.unescape(text.replace("<br>", " "))


def rows(chart) -> list[str]:
    return annotation_texts(chart, ROW_LABEL)


def headers(chart) -> list[str]:
    return annotation_texts(chart, COLUMN_HEADER)


def marks(layout: dict) -> list[dict]:
    """The shapes drawn over the grid (the grid's own lines left out)."""
    return [s for s in layout.get("shapes", []) if s.get("name") != GRID]


def hovers(chart) -> list[tuple[str, str]]:
    """Each cell's hover label as (head, body): who reports the fact, then the outlet's sentence."""
    return [tuple(h.split("<br><br>", 1)) for h in traces(chart)["cells"]["hovertext"]]


def test_one_page_holds_page_size_rows_and_every_outlet() -> None:
    facts, outlets = make_facts(100, 5)
    chart = coverage_matrix(facts, outlets, page=1)
    data = traces(chart)
    heat = data["coverage"]
    assert len(heat["z"]) == PAGE_SIZE and all(len(row) == 5 for row in heat["z"])
    assert len(data["cells"]["x"]) == PAGE_SIZE * 5
    assert len(rows(chart)) == PAGE_SIZE and rows(chart)[0].startswith("1. ")
    last = coverage_matrix(facts, outlets, page=3)
    assert len(traces(last)["coverage"]["z"]) == 20
    assert rows(last)[0].startswith("81. ")
    beyond = coverage_matrix(facts, outlets, page=99)  # clamped to the last page
    assert rows(beyond) == rows(last)


def test_column_headers_name_language_and_count_over_all_pages() -> None:
    facts, outlets = make_facts(100, 5)
    chart = coverage_matrix(facts, outlets)
    assert headers(chart)[0] == "Outlet 0<br>100" and headers(chart)[4] == "Outlet 4<br>20"
    assert column_label("marwahkepri.com", 1, "id") == "marwahkepri<br>.com<br>id · 1"  # broken at the dot
    assert column_label("www.tribunnews.com", 3) == "tribunnews<br>.com<br>3"
    assert column_label("Südwestdeutsche Allgemeine Zeitung", 8, "de", "wire: dpa").split("<br>") == [
        "Südwestdeu…",
        "Allgemeine…",
        "de · 8",
        "wire: dpa",
    ]
    languages = {o: "en" for o in outlets} | {"Outlet 4": "<b>x</b>"}
    with_languages = headers(coverage_matrix(facts, outlets, languages=languages))
    assert with_languages[0] == "Outlet 0<br>en · 100"
    assert with_languages[4] == "Outlet 4<br>&lt;b&gt;x&lt;/b&gt; · 20"  # escaped like any text
    long = coverage_matrix(facts, ["A very long outlet name indeed", *outlets[1:]])
    [hover] = [a.hovertext for a in long.layout.annotations if a.name == COLUMN_HEADER][:1]
    assert hover.startswith("<b>A very long outlet name indeed</b>") and "reports 0 facts" in hover


def test_layout_is_in_pixels_and_the_plot_keeps_half_the_width() -> None:
    """Row labels never squeeze the columns; many outlets widen the chart (the page scrolls it)."""
    for n in (2, 5, 13, 30, 50):
        shape = geometry(n)
        assert shape.plot >= shape.width / 2 and shape.column >= 80
        facts, outlets = make_facts(45, n)
        layout = coverage_matrix(facts, outlets).to_dict()["layout"]
        assert layout["width"] == shape.width and layout["margin"]["l"] == shape.left
    assert geometry(50).width > 4000 and geometry(5).width < 1000  # wider, never narrower columns
    assert geometry(2, grouped=True).plot >= geometry(2, grouped=True).width / 2


def test_row_labels_are_bounded_and_distinct_with_the_whole_sentence_on_hover() -> None:
    long = "Presiden Rusia Vladimir Putin dan Presiden Vietnam To Lam dalam kunjungan resmi di Hanoi"
    members = [FactMember(f"s{i}", f"a{i}", f"O{i}", f"{long} {tail}.", 1.0) for i, tail in enumerate("ab")]
    facts = [Fact(f"f{i}", m.text, m.sentence_id, (m,)) for i, m in enumerate(members)]
    chart = coverage_matrix(facts, ["O0", "O1"])
    first, second = rows(chart)
    assert first != second and first[3:].startswith("Presiden Rusia …")
    row_hovers = [unwrap(a.hovertext) for a in chart.layout.annotations if a.name == ROW_LABEL]
    assert row_hovers == [f"{long} a.", f"{long} b."]  # the whole sentence
    assert row_texts(["Satu dua.", "Tiga empat."], 40) == ["Satu dua.", "Tiga empat."]  # short: as they are
    assert all(len(t) <= 60 for t in rows(coverage_matrix(*make_facts(5, 3))))


def test_right_to_left_labels_read_right_to_left_after_their_number() -> None:
    """An Arabic label is isolated (U+2068 ... U+2069) so its own digits and ellipsis stay inside it."""
    arabic = "وصل الرئيس الروسي فلاديمير بوتين إلى هانوي فجر يوم 20 يونيو في زيارة دولة بعد زيارته لكوريا"
    members = [
        FactMember("s0", "a0", "O0", arabic, 1.0),
        FactMember("s1", "a1", "O1", "Putin arrived in Hanoi.", 1.0),
    ]
    facts = [Fact(f"f{i}", m.text, m.sentence_id, (m,)) for i, m in enumerate(members)]
    first, second = rows(coverage_matrix(facts, ["O0", "O1"]))
    assert first.startswith("1. \u2068وصل") and first.endswith("…\u2069")
    assert second == "2. Putin arrived in Hanoi."


def test_big_corpus_stays_readable() -> None:
    facts, outlets = make_facts(300, 20)
    chart = coverage_matrix(facts, outlets, page=2)
    layout = chart.to_dict()["layout"]
    assert len(traces(chart)["coverage"]["z"]) == PAGE_SIZE
    assert len(headers(chart)) == 20 and all(t.count("<br>") <= 2 for t in headers(chart))
    assert layout["height"] < 1400
    assert all(len(html.unescape(t)) <= 80 for t in rows(chart))


def test_cells_say_who_reports_and_hover_shows_the_exact_sentence() -> None:
    sentence = (
        "Perdagangan bilateral bernilai $3,6 miliar pada 2023, dibandingkan dengan $171 miliar dengan China."
    )
    members = (
        FactMember("s1", "a1", "Al Jazeera", sentence, 1.0),
        FactMember("s2", "a2", "Tempo", "Perdagangan Rusia-Vietnam $3,6 miliar.", 0.8734),
    )
    fact = Fact("f1", sentence, "s1", members)
    chart = coverage_matrix([fact], ["Al Jazeera", "Tempo", "Kompas"], contested={("f1", "Tempo")})
    data = traces(chart)
    assert data["coverage"]["z"] == [[1, 2, 0]]
    assert data["coverage"]["text"] == [["✓", "!", ""]]
    ids = data["cells"]["customdata"]
    assert list(ids) == ["f1", "f1", "f1"]
    cells = hovers(chart)
    assert unwrap(cells[0][1]) == sentence  # the exact sentence, once unescaped
    assert "similarity 0.87" in cells[1][0] and "disputed" in cells[1][0]
    assert "does not report" in cells[2][0]
    assert data["cells"]["hovertemplate"] == "%{hovertext}<extra></extra>"  # named, never by position
    assert data["cells"]["marker"]["opacity"] == 0
    assert chart.to_dict()["layout"]["hoverdistance"] == -1
    assert cell_fact_id({"customdata": ids[1]}) == "f1"
    assert cell_fact_id({}) == ""
    legend = [t["name"] for t in chart.to_dict()["data"] if t.get("showlegend") is not False]
    assert "reports the fact" in legend and COLOURS["disputed"] in json.dumps(chart.to_dict())


def test_article_text_and_outlet_names_are_escaped_everywhere() -> None:
    members = (
        FactMember("s1", "a1", "<b>Evil</b> $News$", HOSTILE, 1.0),
        FactMember("s2", "a2", "Plain", "Teks biasa.", 0.7),
    )
    fact = Fact("f1", HOSTILE, "s1", members)
    chart = coverage_matrix([fact], ["<b>Evil</b> $News$", "Plain"])
    dumped = json.dumps(chart.to_dict(), ensure_ascii=False)
    for raw in ("<script>", "<img", "<b>Evil", "$x$", "$News$"):
        assert raw not in dumped
    cells = hovers(chart)
    assert unwrap(cells[0][1]) == HOSTILE  # shown literally: every character is there
    assert "&lt;script&gt;" in cells[0][1] and "&#36;x&#36;" in cells[0][1]
    assert cells[0][0].startswith(f"<b>{escape('<b>Evil</b> $News$')}</b> reports fact")  # the name, escaped
    tick = headers(chart)[0]
    assert tick == "&lt;b&gt;Evil&lt;/b&gt; &#36;News&#36;<br>1"  # escaped, and whole: two columns are wide
    assert "%{" not in "".join(c[1] for c in cells).replace("%{customdata[0]}", "")  # kept only as text
    assert escape("a<b>&$") == "a&lt;b&gt;&amp;&#36;"


def test_selected_fact_row_is_outlined() -> None:
    facts, outlets = make_facts(10, 3)
    chart = coverage_matrix(facts, outlets, selected=facts[2].id)
    [shape] = marks(chart.to_dict()["layout"])
    assert (shape["y0"], shape["y1"]) == (1.5, 2.5)
    assert marks(coverage_matrix(facts, outlets).to_dict()["layout"]) == []


def test_no_facts_gives_a_message_not_an_error() -> None:
    chart = coverage_matrix([], ["A", "B"]).to_dict()
    assert chart["layout"]["annotations"][0]["text"] == "No facts match the filters"


def test_outlet_comparison_bars() -> None:
    facts, outlets = make_facts(10, 3)
    stats = tables.outlet_stats(facts, outlets)
    chart = outlet_comparison(stats).to_dict()
    names = [t["name"] for t in chart["data"]]
    assert names == ["Facts covered", "Exclusives", "Omissions"]
    covered = chart["data"][0]
    assert list(covered["x"]) == outlets and list(covered["y"]) == list(stats["covered"])
    escaped = outlet_comparison(tables.outlet_stats([], ["<i>x</i>"])).to_dict()
    assert escaped["data"][0]["x"][0] == "&lt;i&gt;x&lt;/i&gt;"


def test_rows_keep_their_fact_number_and_hover_lists_topics() -> None:
    facts, outlets = make_facts(5, 3)
    ranks = {f.id: 10 + i for i, f in enumerate(facts)}
    chart = coverage_matrix(facts[2:], outlets, ranks=ranks, topic_labels={facts[2].id: "Energy <b>"})
    ticks = rows(chart)
    assert ticks[0].startswith("12. ") and ticks[1].startswith("13. ")
    cells = hovers(chart)
    assert "fact 12" in cells[0][0] and "Topics: Energy &lt;b&gt;" in cells[0][1]


def test_topic_groups_are_ruled_off_and_named() -> None:
    facts, outlets = make_facts(6, 3)
    groups = {f.id: ("Trade" if i < 2 else "<i>Defence</i>") for i, f in enumerate(facts)}
    layout = coverage_matrix(facts, outlets, groups=groups).to_dict()["layout"]
    assert [s["y0"] for s in marks(layout)] == [1.5]
    names = [a["text"] for a in layout["annotations"] if a.get("name") not in (ROW_LABEL, COLUMN_HEADER)]
    assert names == ["<b>Trade</b>", "<b>&lt;i&gt;Defence&lt;/i&gt;</b>"]


def test_html_export_works_offline() -> None:
    facts, outlets = make_facts(3, 2)
    page = coverage_matrix(facts, outlets).to_html(include_plotlyjs=True, full_html=True)
    assert len(page) > 1_000_000  # plotly.js is inlined
    assert '<script src="https://cdn.plot.ly' not in page and "<script" in page


def test_html_downloads_render_whole() -> None:
    """On a page of its own a chart's margins grow to fit long labels, and bar texts are not clipped."""
    facts, _ = make_facts(6, 3)
    long = ["Südwestdeutsche Allgemeine Zeitung Online", "Outlet 1", "Outlet 2"]
    bars = outlet_comparison(tables.outlet_stats(facts, long))
    whole = standalone(bars).to_dict()
    assert whole["layout"]["xaxis"]["automargin"] and whole["layout"]["yaxis"]["automargin"]
    assert all(t["cliponaxis"] is False for t in whole["data"])
    assert "cliponaxis" not in bars.to_dict()["data"][0]  # the app's own chart is left as it was


def test_white_lines_part_every_cell_and_come_first() -> None:
    facts, outlets = make_facts(3, 2)
    layout = coverage_matrix(facts, outlets, selected=facts[0].id).to_dict()["layout"]
    grid, outline = layout["shapes"]  # the selected row's outline is drawn over the grid
    assert grid["name"] == GRID and outline["type"] == "rect"
    assert grid["path"].count("M") == (2 + 1) + (3 + 1)  # every column's edge, every row's edge
    assert grid["line"]["color"] == "white" and grid["layer"] == "above"
    assert "xgap" not in traces(coverage_matrix(facts, outlets))["coverage"]


def test_the_figure_draws_once_without_streamlits_theme() -> None:
    """No template and its look written out (shown with ``theme=None``); the same cells give the
    same ``datarevision``, so plotly does not redraw a copy of the same figure."""
    facts, outlets = make_facts(12, 3)
    layout = coverage_matrix(facts, outlets).to_dict()["layout"]
    assert "template" not in layout
    assert layout["font"]["family"] and layout["hoverlabel"]["bordercolor"] and layout["paper_bgcolor"]
    assert layout["xaxis"]["type"] == layout["yaxis"]["type"] == "linear"
    again = coverage_matrix(facts, outlets).to_dict()["layout"]
    assert again["datarevision"] == layout["datarevision"]
    other_page = coverage_matrix(facts, outlets, page=2, page_size=5).to_dict()["layout"]
    assert other_page["datarevision"] != layout["datarevision"]
    contested = coverage_matrix(facts, outlets, contested={(facts[0].id, outlets[0])}).to_dict()["layout"]
    assert contested["datarevision"] != layout["datarevision"]


def test_a_blank_chart_draws_nothing() -> None:
    layout = blank_chart().to_dict()["layout"]
    assert blank_chart().to_dict()["data"] == []
    assert (layout["width"], layout["height"]) == (10, 10)  # the least plotly accepts
    assert not layout["xaxis"]["visible"] and not layout["yaxis"]["visible"]
