"""The Figures view: every number the articles report, money compared, and where outlets disagree."""

from __future__ import annotations

import streamlit as st

from dashboard import tables
from dashboard.charts.figures import discrepancy_chart, money_comparison
from dashboard.pipeline.discrepancies import Discrepancy
from dashboard.pipeline.figures import Quantity
from dashboard.ui import downloads
from dashboard.ui.data import Bundle
from dashboard.ui.page import Page
from dashboard.ui.safe import CARD_CSS, html_text
from dashboard.ui.state import bound

KIND_ORDER = ("money", "percent", "count", "year", "date", "duration", "ordinal")
#: Disagreements drawn as charts; the rest are listed in one table (a big corpus has hundreds).
MAX_CHARTS = 12
#: A figure chart beside its table or source sentence.
CHART_PX = 340
CHART_MARGIN = {"t": 50, "b": 10, "l": 10, "r": 10}


def _source(text: str) -> None:
    st.html(CARD_CSS + f'<div class="fd-quote">{html_text(text)}</div>')


def _discrepancy(d: Discrepancy, i: int, bundle: Bundle) -> None:
    where = (
        "across the whole corpus" if d.fact_id == "corpus" else f"in fact {bundle.rank.get(d.fact_id, '?')}"
    )
    subject = ", ".join(str(x) for x in (d.thing or d.kind, d.entity, d.year) if x)
    verdict = "Outlets disagree" if d.status == "disagree" else "Contested (an ambiguous figure)"
    line = f"{verdict}: {subject}, compared {where} ({', '.join(d.outlets)})"
    st.html(CARD_CSS + f'<div class="fd-sub"><b>{html_text(line)}</b></div>')
    chart = discrepancy_chart(d)
    chart.update_layout(height=CHART_PX, margin=CHART_MARGIN)
    left, right = st.columns([2, 3])
    with left:
        st.plotly_chart(chart, key=f"w_fig_disc_{i}", width="stretch", config={"displayModeBar": False})
    with right:
        st.dataframe(
            tables.discrepancy_frame(d),
            hide_index=True,
            width="stretch",
            column_config={"sentence": st.column_config.TextColumn("sentence", width="large")},
        )
        downloads.chart_html(chart, f"discrepancy-{i + 1}", key=f"w_fig_disc_html_{i}")


def more_discrepancies(rest: list[Discrepancy], bundle: Bundle) -> None:
    """The disagreements beyond the first ``MAX_CHARTS``, as one table."""
    if not rest:
        return
    st.markdown(f"**{len(rest)} more disagreements**")
    st.dataframe(
        tables.discrepancies_frame(rest, bundle.rank),
        hide_index=True,
        width="stretch",
        column_config={"figures": st.column_config.TextColumn("figures", width="large")},
    )


def render(page: Page) -> None:
    """Over the facts in the sidebar's chosen topics (all facts when none is chosen)."""
    bundle, facts = page.bundle, page.topic_facts
    in_topics = {sid for f in facts for sid in f.sentence_ids}
    figures = [f for f in bundle.figures if f.sentence_id in in_topics]
    if len(facts) < len(bundle.facts):
        st.caption(f"Only the figures of the {len(facts)} facts in the topics chosen in the sidebar.")
    st.caption(
        f"{len(figures)} figures found in the articles' sentences: money, percentages, counts, years, "
        "dates, durations. Values are read from Indonesian or English number formats; qualifiers such as "
        "*setidaknya* (at least) or *sekitar* (about) are kept."
    )
    fact_ids = {f.id for f in facts}
    _disagreements(
        [
            d
            for d in bundle.all_discrepancies
            if d.fact_id in fact_ids or any(v["sentence_id"] in in_topics for v in d.values)
        ],
        bundle,
    )
    _money(tables.money_sentences(figures))
    _all_figures(page, figures)


def _disagreements(found: list[Discrepancy], bundle: Bundle) -> None:
    st.subheader("Where outlets disagree")
    if not found:
        st.caption("No figure is reported differently by two outlets.")
    for i, d in enumerate(found[:MAX_CHARTS]):
        _discrepancy(d, i, bundle)
    more_discrepancies(found[MAX_CHARTS:], bundle)


def _money(groups: list[list[Quantity]]) -> None:
    """A chart for each sentence comparing sums of money, beside the sentence itself."""
    st.subheader("Money compared within a sentence")
    if not groups:
        st.caption("No sentence reports two or more sums of money.")
    for i, group in enumerate(groups[:MAX_CHARTS]):
        chart = money_comparison(group)
        chart.update_layout(height=CHART_PX, margin=CHART_MARGIN)
        left, right = st.columns([3, 2], vertical_alignment="center")
        with left:
            st.plotly_chart(chart, key=f"w_fig_money_{i}", width="stretch", config={"displayModeBar": False})
        with right:
            _source(f"Source ({group[0].outlet}): {group[0].sentence}")
            downloads.chart_html(chart, f"money-{i + 1}", key=f"w_fig_money_html_{i}")
    if len(groups) > MAX_CHARTS:
        st.caption(
            f"{len(groups) - MAX_CHARTS} more sentences compare sums of money; their figures are in the "
            "table below (kind: money)."
        )


def _all_figures(page: Page, figures: list[Quantity]) -> None:
    """Every figure of the kinds chosen (kept in the URL), as a table and a CSV download."""
    st.subheader("All figures")
    present = [k for k in KIND_ORDER if any(f.kind == k for f in figures)]
    present += sorted({f.kind for f in figures} - set(present))
    kinds = bound(
        st.multiselect,
        "kinds",
        [k for k in page.view.kinds if k in present] or present,
        page.ctx,
        "Kinds",
        present,
        help="Show only these kinds of figures.",
    )
    frame = tables.figures_frame(figures, kinds or present)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_order=[c for c in tables.FIGURE_COLUMNS if c != "sentence_id"],
        column_config={
            "outlet": st.column_config.TextColumn("outlet", width="small"),
            "sentence": st.column_config.TextColumn("sentence", width="large"),
            "raw": st.column_config.TextColumn("as written", width="small"),
            "value": st.column_config.NumberColumn("value", format="%g"),
            "year": st.column_config.NumberColumn("year", format="%d"),
        },
    )
    downloads.csv(
        lambda: tables.to_csv(frame),
        "figures",
        key="w_dl_figures_csv",
        label="Figures as CSV",
        help="The figures in the table above (the kinds chosen).",
    )
