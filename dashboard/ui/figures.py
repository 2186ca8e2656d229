"""The Figures view: every number the articles report, money by period, and where outlets disagree."""

from __future__ import annotations

import streamlit as st

from dashboard import tables
from dashboard.charts.figures import (
    discrepancy_chart,
    display_scale,
    dispute_titles,
    money_comparison,
    money_groups,
    subject,
    version_names,
)
from dashboard.pipeline.discrepancies import Discrepancy
from dashboard.pipeline.figures import Quantity
from dashboard.ui import downloads
from dashboard.ui.data import Bundle
from dashboard.ui.page import Page
from dashboard.ui.safe import CARD_CSS, html_text, md
from dashboard.ui.state import bound

KIND_ORDER = ("money", "percent", "count", "year", "date", "duration", "ordinal")
#: Disagreements drawn as charts; the rest are listed in one table (a big corpus has hundreds).
MAX_CHARTS = 12
#: A figure chart beside its table or source sentence.
CHART_PX = 340
CHART_MARGIN = {"t": 50, "b": 10, "l": 10, "r": 10}


def _source(text: str) -> None:
    st.html(CARD_CSS + f'<div class="fd-quote">{html_text(text)}</div>')


def chart_height(d: Discrepancy) -> int:
    """Room for a row per outlet's figure, the title and the legend."""
    return max(CHART_PX - 80, 150 + 42 * len(d.values))


def dispute(d: Discrepancy, title: str, key: str, bundle: Bundle) -> None:
    """One dispute: the outlets' claimed intervals as a chart, and a table of who fits and who conflicts."""
    where = (
        "across the whole corpus" if d.fact_id == "corpus" else f"in fact {bundle.rank.get(d.fact_id, '?')}"
    )
    scale = display_scale([abs(s["value"]) for s in d.values if s["value"] is not None])
    accounts = list(version_names(d, *scale).values())
    fitting = dict.fromkeys(s["outlet"] for s in d.values if not s["conflicting"])
    line = f"Compared {where}. " + (
        f"{len(accounts)} versions that cannot {'both' if len(accounts) == 2 else 'all'} be true: "
        + "; ".join(accounts)
        if accounts
        else "No two outlets' figures conflict, but one is read with doubt"
    )
    if fitting:
        line += f". Compatible with every other outlet: {', '.join(fitting)}"
    chart = discrepancy_chart(d, title)
    chart.update_layout(height=chart_height(d), margin=CHART_MARGIN)
    st.plotly_chart(chart, key=f"{key}_chart", width="stretch", config={"displayModeBar": False})
    st.caption(md(f"{line}."))
    st.dataframe(
        tables.discrepancy_frame(d),
        hide_index=True,
        width="stretch",
        column_config={
            "sentence": st.column_config.TextColumn("sentence", width="large"),
            "compatible with": st.column_config.TextColumn("compatible with", width="medium"),
            "conflicts with": st.column_config.TextColumn("conflicts with", width="medium"),
        },
    )
    downloads.chart_html(chart, key.removeprefix("w_").replace("_", "-"), key=f"{key}_html")


def disputes_section(found: list[Discrepancy], bundle: Bundle, key: str) -> None:
    """Disputes grouped by thing and period, each with a distinct title; past ``MAX_CHARTS``, one table."""
    shown = found[:MAX_CHARTS]
    titles = dispute_titles(shown, bundle.rank)
    by_subject: dict[str, list[int]] = {}
    for i, d in enumerate(shown):
        by_subject.setdefault(subject(d), []).append(i)
    for about, members in by_subject.items():
        st.markdown(f"##### {md(about.capitalize())}")
        for i in members:
            dispute(shown[i], titles[i], f"{key}_{i}", bundle)
    more_discrepancies(found[MAX_CHARTS:], bundle)


def more_discrepancies(rest: list[Discrepancy], bundle: Bundle) -> None:
    """The disputes beyond the first ``MAX_CHARTS``, as one table."""
    if not rest:
        return
    st.markdown(f"**{len(rest)} more disputes**")
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
    languages = ", ".join(sorted({f.language for f in figures if f.language})) or "none"
    st.caption(
        f"{len(figures)} figures found in the articles' sentences (languages: {languages}): money, "
        "percentages, counts, years, dates, durations. Each is read with its own language's number format; "
        "qualifiers such as *setidaknya*, *au moins* or *至少* are shown in words (at least)."
    )
    fact_ids = {f.id for f in facts}
    _disagreements(
        [
            d
            for d in bundle.disputes
            if d.fact_id in fact_ids or any(v["sentence_id"] in in_topics for v in d.values)
        ],
        bundle,
    )
    _money(money_groups(figures))
    _all_figures(page, figures)


def _disagreements(found: list[Discrepancy], bundle: Bundle) -> None:
    st.subheader("Where outlets disagree")
    if not found:
        st.caption("No figure is reported differently by two outlets.")
        return
    st.caption(
        f"{len(found)} disputed figure{'s' if len(found) != 1 else ''}, grouped by what is counted and the "
        "period. Each outlet's figure is drawn as the range its wording allows (at least 12: 12 and up); "
        "ranges that overlap are compatible. Each version of the figure that conflicts with another has its "
        "own colour; blue figures fit every other outlet's. A hollow dot is an ambiguous reading."
    )
    disputes_section(found, bundle, "w_fig_disc")


def _money(groups: list[list[Quantity]]) -> None:
    """A chart for each thing reported in money, periods side by side, beside its source sentences."""
    st.subheader("Money by thing and period")
    if not groups:
        st.caption("No thing is reported with two or more sums of money.")
        return
    st.caption("Different years are different periods: shown side by side, never as a disagreement.")
    for i, group in enumerate(groups[:MAX_CHARTS]):
        chart = money_comparison(group)
        chart.update_layout(height=CHART_PX + 40, margin=CHART_MARGIN)
        left, right = st.columns([3, 2], vertical_alignment="center")
        with left:
            st.plotly_chart(chart, key=f"w_fig_money_{i}", width="stretch", config={"displayModeBar": False})
        with right:
            for sentence_id in dict.fromkeys(f.sentence_id for f in group):
                first = next(f for f in group if f.sentence_id == sentence_id)
                _source(f"Source ({first.outlet}, {first.language or '?'}): {first.sentence}")
            downloads.chart_html(chart, f"money-{i + 1}", key=f"w_fig_money_html_{i}")
    if len(groups) > MAX_CHARTS:
        st.caption(
            f"{len(groups) - MAX_CHARTS} more groups of sums of money; their figures are in the "
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
