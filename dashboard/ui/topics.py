"""The Topics view: coverage by topic x outlet, then each topic's facts and who reports them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import tables
from dashboard.charts.topics import topic_outlet_heatmap
from dashboard.pipeline.models import Fact
from dashboard.ui import downloads
from dashboard.ui.data import Bundle
from dashboard.ui.page import Page
from dashboard.ui.safe import md


def _facts_frame(facts: list[Fact], bundle: Bundle) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "#": [bundle.rank[f.id] for f in facts],
            "fact": [" ".join(f.label.split()) for f in facts],
            "outlets": [", ".join(f.outlets) for f in facts],
        }
    )


def render(page: Page) -> None:
    """Over the facts in the sidebar's chosen topics (all facts when none is chosen)."""
    bundle, facts = page.bundle, page.topic_facts
    chosen = set(page.view.topics)
    shown = [t for t in bundle.topics if t.count and (not chosen or str(t.id) in chosen)]
    st.caption(
        "Each fact gets zero or more topics from the taxonomy (embedding similarity to each topic's phrases, "
        "with keyword evidence); facts that fit none are **Other**, and groups of similar Other facts are "
        "offered as **suggested** topics, labelled with their most distinctive words. Colour: the share of "
        "an outlet's facts that fall in the topic, i.e. where each outlet spends its coverage; the number is "
        "the count of facts."
    )
    coverage = tables.topic_coverage(facts, bundle.outlets, bundle.fact_topics, shown)
    columns, note = page.chart_outlets(facts)
    if note:
        st.caption(note)
    chart = topic_outlet_heatmap(coverage[coverage["outlet"].isin(columns)])
    st.plotly_chart(chart, key="w_topics_chart", width="stretch", config={"displayModeBar": False})
    downloads.csv_and_chart(
        lambda: tables.to_csv(coverage.drop(columns="topic_id")),
        chart,
        "topics-by-outlet",
        key="w_dl_topics",
        label="Coverage as CSV",
        help="Facts per topic and outlet, and their share of the outlet's facts.",
    )

    grouped = tables.facts_by_topic(facts, bundle.fact_topics, [str(t.id) for t in shown])
    for topic in shown:
        mine = grouped[str(topic.id)]
        if not mine:
            continue
        words = f" · {', '.join(topic.keywords[:5])}" if topic.keywords else ""
        kind = " (suggested)" if topic.suggested else ""
        with st.expander(f"{md(topic.label)}{kind}: {len(mine)} facts{md(words)}"):
            st.dataframe(
                _facts_frame(mine, bundle),
                hide_index=True,
                width="stretch",
                column_config={
                    "#": st.column_config.NumberColumn("#", width="small"),
                    "fact": st.column_config.TextColumn("fact", width="large"),
                    "outlets": st.column_config.TextColumn("reported by", width="medium"),
                },
            )
