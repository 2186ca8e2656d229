"""The Matrix view: which outlet reports which fact, one page of facts at a time.

Clicking a cell selects its fact (``st.plotly_chart(on_select=...)``): the fact
goes into the URL, a drawer opens on the right with every outlet's sentence,
and the fact stays shown under the matrix. The same matrix is also a table
(row selection works the same way) and a CSV download.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from dashboard import tables
from dashboard.charts.common import escape
from dashboard.charts.matrix import CHAR_PX, LABEL_PX, PAGE_SIZE, cell_fact_id, coverage_matrix
from dashboard.ui import detail, downloads, provenance
from dashboard.ui.data import Bundle
from dashboard.ui.page import Page
from dashboard.ui.state import Context, changed, key, seed, update

CHART_KEY = "w_matrix_chart"
TABLE_KEY = "w_matrix_table"
DRAWER_FLAG = "_open_drawer"
SORTS = {"coverage": "Coverage", "topic": "Topic"}
HIGHLIGHT = "color:#c2410c"  # the searched text in a row label (SVG text: no background)
BOX_KEY = "matrix_box"
AREA_KEY = "matrix_area"
HINT_KEY = "matrix_hint"


def scroll_css(width: int, columns_end: int) -> str:
    """The matrix at its own width in pixels, in a box that scrolls sideways when the page is narrower.

    Streamlit sizes a chart to its element's measured width, so the element gets
    the chart's width; the box around it scrolls instead of the chart shrinking.
    The hint above it shows only while some of the outlets' columns (which end
    ``columns_end`` pixels in) are out of sight: a container query on the area
    holding both, which is as wide as the page leaves it.
    """
    box, area, hint = (f".st-key-{k}" for k in (BOX_KEY, AREA_KEY, HINT_KEY))
    return (
        f"<style>{area}{{container:matrix/inline-size}}"
        f"{box}{{overflow-x:auto;overflow-y:hidden}}"
        f"{box} [data-testid=stElementContainer]{{width:{width}px;min-width:{width}px}}"
        f"@container matrix (min-width:{columns_end}px){{{hint}{{display:none}}}}</style>"
    )


def scroll_hint(n_outlets: int) -> str:
    return (
        f"The matrix is wider than this window: scroll it sideways to see all {n_outlets} outlets "
        "(Shift + mouse wheel, or the scroll bar at its foot)."
    )


def _clicked(ctx: Context) -> None:
    event = st.session_state.get(CHART_KEY)
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    fact_id = cell_fact_id(points[0]) if points else ""
    if fact_id:
        update(ctx, fact=fact_id)
        st.session_state[DRAWER_FLAG] = fact_id


def _row_selected(ctx: Context) -> None:
    event = st.session_state.get(TABLE_KEY)
    rows = (event or {}).get("selection", {}).get("rows", []) if event else []
    ids = st.session_state.get("_table_fact_ids", [])
    if rows and rows[0] < len(ids):
        update(ctx, fact=ids[rows[0]])
        st.session_state[DRAWER_FLAG] = ids[rows[0]]


def _open_detail(ctx: Context, fact_id: str) -> None:
    update(ctx, fact=fact_id, view="detail")


@st.dialog("Fact", width=760, position="right")
def _drawer(fact_id: str, page: Page) -> None:
    fact, ctx = page.facts_by_id.get(fact_id), page.ctx
    if fact is None:
        st.info("This fact is not in the current analysis.")
        return
    detail.render_fact(fact, page, where="drawer")
    if st.button(
        "Open in the Fact detail tab", key="w_drawer_open", on_click=_open_detail, args=(ctx, fact_id)
    ):
        st.rerun()


def topic_groups(bundle: Bundle) -> dict[str, str]:
    """Each fact's first topic by name (the group a topic sort puts it in)."""
    names = bundle.topic_names
    return {
        fact_id: names.get(ids[0], ids[0]) if ids else "No topic"
        for fact_id, ids in bundle.fact_topics.items()
    }


def caption(page: Page) -> str:
    shared, exclusive = tables.coverage_summary(page.facts)
    n = len(page.facts)
    head = f"**{n} fact{'s' if n != 1 else ''}**" + (
        f" of {len(page.bundle.facts)} (filtered)" if page.filtered else ""
    )
    return (
        f"{head}: {shared} reported by 2+ outlets, {exclusive} exclusive{'s' if exclusive != 1 else ''} "
        "(one outlet only). Each row is a fact, labelled with its most central sentence; each column is an "
        "outlet with the number of these facts it reports. **Blue**: reports it; **orange**: reports it "
        "with a figure other outlets give differently; **grey**: does not report it. Hover over a cell to "
        "read the outlet's own sentence; click it to open the fact."
    )


def render(page: Page) -> None:
    st.caption(caption(page))
    if page.view.count == "sources":
        st.caption(provenance.count_caption(page))
    _sort_and_pages(page)
    columns, note = page.chart_outlets(page.facts)
    if note:
        st.caption(note)
    chart = _chart(page, columns)
    fact = page.facts_by_id.get(page.view.fact)
    drawer_for = st.session_state.pop(DRAWER_FLAG, "")
    if fact is not None and drawer_for == fact.id:
        _drawer(fact.id, page)
    _downloads(page, chart)
    if fact is not None:
        st.subheader("Selected fact")
        detail.render_fact(fact, page, where="matrix", show_figures=False)
        st.button(
            "Open in the Fact detail tab",
            key="w_matrix_open_detail",
            on_click=_open_detail,
            args=(page.ctx, fact.id),
        )
    table = st.expander(
        "The matrix as a table (select a row to open its fact)", key="w_matrix_table_open", on_change="rerun"
    )
    if table.open is not False:
        with table:
            _table(page, columns)


def _sort_and_pages(page: Page) -> None:
    """The sort control, and the pager when the facts fill more than one page."""
    view, n = page.view, len(page.facts)
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        seed("sort", view.sort)
        st.segmented_control(
            "Sort rows by",
            list(SORTS),
            format_func=SORTS.get,
            key=key("sort"),
            on_change=changed,
            args=("sort", page.ctx),
            required=True,
            help="Coverage: facts every outlet reports first, exclusives last. Topic: grouped by topic.",
        )
    pages = tables.page_count(n, PAGE_SIZE)
    if pages > 1:
        with right:
            seed("page", view.page)
            first = (view.page - 1) * PAGE_SIZE + 1
            st.caption(f"Facts {first}–{min(view.page * PAGE_SIZE, n)} of {n}")
            st.pagination(pages, key=key("page"), on_change=changed, args=("page", page.ctx))


def _chart(page: Page, columns: list[str]) -> go.Figure:
    bundle = page.bundle
    chart = coverage_matrix(
        page.facts,
        columns,
        page=page.view.page,
        page_size=PAGE_SIZE,
        contested=bundle.contested,
        selected=page.view.fact,
        ranks=bundle.rank,
        topic_labels=bundle.topic_labels,
        groups=topic_groups(bundle) if page.view.sort == "topic" else None,
        languages=page.languages,
        suffixes=provenance.header_notes(bundle),
        matches=search_labels(page),
    )
    width = int(chart.layout.width)
    st.html(scroll_css(width, width - int(chart.layout.margin.r)))
    with st.container(key=AREA_KEY):
        with st.container(key=HINT_KEY):
            st.caption(scroll_hint(len(columns)))
        with st.container(key=BOX_KEY):
            st.plotly_chart(
                chart,
                key=CHART_KEY,
                on_select=lambda: _clicked(page.ctx),
                selection_mode="points",
                width="content",
                theme=None,  # the chart carries its own look (see dashboard.charts.matrix)
                config={"displayModeBar": False, "scrollZoom": False},
            )
    return chart


def search_labels(page: Page) -> dict[str, str]:
    """For each fact on this page, where the search matched: ``Outlet: …text <mark>hit</mark> text…``.

    The row then shows why it was found (the match may be in another outlet's
    sentence than the label's), with the matched text marked.
    """
    pattern = tables.search_pattern(page.view.q)
    if pattern is None:
        return {}
    shown, _ = tables.page_slice(page.facts, page.view.page, PAGE_SIZE)
    labels = {}
    for fact in shown:
        match = tables.search_match(fact, pattern)
        if match is None:
            continue
        outlet = tables.shorten(match.outlet, 14)
        before, hit, after = tables.match_snippet(match, int(LABEL_PX / CHAR_PX) - 10 - len(outlet))
        text = (
            f"{escape(outlet)}: {escape(before)}<b><span style='{HIGHLIGHT}'>{escape(hit)}</span></b>"
            f"{escape(after)}"
        )
        labels[fact.id] = text
    return labels


def _downloads(page: Page, chart: go.Figure) -> None:
    facts, bundle = page.facts, page.bundle
    cols = st.columns(3)
    with cols[0]:
        downloads.csv(
            lambda: tables.to_csv(tables.matrix_export_frame(facts, bundle.outlets)),
            "fact-matrix",
            key="w_dl_matrix_csv",
            label="Matrix as CSV",
            help="The facts shown (all pages), one column per outlet holding its sentence.",
        )
    with cols[1]:
        downloads.json(lambda: bundle.report_json, "facts", key="w_dl_facts_json")
    with cols[2]:
        downloads.chart_html(
            chart, f"fact-matrix-page-{page.view.page}", key="w_dl_matrix_html", label="This page as HTML"
        )


def _table(page: Page, columns: list[str]) -> None:
    """This page of the matrix as a table; selecting a row opens its fact."""
    bundle = page.bundle
    shown, _ = tables.page_slice(page.facts, page.view.page, PAGE_SIZE)
    frame = tables.matrix_frame(
        shown, columns, contested=bundle.contested, ranks=bundle.rank, topic_labels=bundle.topic_labels
    )
    st.session_state["_table_fact_ids"] = list(frame["fact_id"])
    covered = tables.outlet_coverage(page.facts, columns)
    config: dict[str, Any] = {
        "#": st.column_config.NumberColumn("#", width="small"),
        "Fact": st.column_config.TextColumn("Fact", width="large"),
        "Topics": st.column_config.TextColumn("Topics", width="small"),
        "Outlets": st.column_config.NumberColumn("Outlets", width="small"),
        "Disputed figure": st.column_config.CheckboxColumn("Disputed", width="small"),
    }
    for outlet in columns:
        config[tables.outlet_column(outlet)] = st.column_config.CheckboxColumn(
            f"{tables.shorten(outlet, 14)} · {page.language(outlet)}",
            width="small",
            help=f"{outlet} ({page.language(outlet)}): reports {covered[outlet]} of these facts",
        )
    frame = provenance.note_table(frame, config, columns, page)
    st.dataframe(
        frame.drop(columns=["fact_id"]),
        hide_index=True,
        column_config=config,
        key=TABLE_KEY,
        on_select=lambda: _row_selected(page.ctx),
        selection_mode="single-row",
        width="stretch",
    )
