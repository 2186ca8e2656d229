"""The Outlets view: what each outlet covers, reports alone, and leaves out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import tables
from dashboard.charts.common import plural
from dashboard.charts.outlets import outlet_comparison
from dashboard.pipeline.models import Fact
from dashboard.ui import downloads, provenance
from dashboard.ui.data import Bundle
from dashboard.ui.page import Page
from dashboard.ui.safe import md
from dashboard.ui.sources import safe_link, sources_html


def articles_frame(bundle: Bundle, stats: pd.DataFrame) -> pd.DataFrame:
    stats = stats.set_index("outlet")
    rows = []
    for article in bundle.analysis.corpus.articles:
        link = safe_link(article.url)
        rows.append(
            {
                "outlet": article.outlet,
                "language": article.language,
                "title": article.title or "(no title found)",
                "date": article.date or "(no date)",
                "link": link or ("none" if not article.url else "not a web address"),
                "facts covered": int(stats.loc[article.outlet, "covered"]),
                "exclusives": int(stats.loc[article.outlet, "exclusives"]),
                "omissions": int(stats.loc[article.outlet, "omissions"]),
            }
        )
    return pd.DataFrame(rows)


def _fact_list(facts: list[Fact], bundle: Bundle) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "#": [bundle.rank[f.id] for f in facts],
            "fact": [" ".join(f.label.split()) for f in facts],
            "outlets": [len(f.outlets) for f in facts],
        }
    )


def render(page: Page) -> None:
    """Over the facts in the sidebar's chosen topics (all facts when none is chosen)."""
    bundle, facts = page.bundle, page.topic_facts
    scope = (
        f"Over the {len(facts)} facts in the topics chosen in the sidebar (other filters do not apply here)."
        if len(facts) < len(bundle.facts)
        else f"Over all {len(facts)} facts of this story (only the topic filter applies here)."
    )
    st.caption(
        f"{scope} **Exclusive**: only this outlet reports the fact. **Omission** (a blindspot): one of "
        "the story's main facts (reported by more than half of the outlets, or among the "
        f"{tables.BLINDSPOT_TOP} reported by the most) in which no matching sentence of this outlet was "
        "found. A miss may be a wording the aligner did not match: check the outlet's article."
    )
    stats = tables.outlet_stats(facts, bundle.outlets)
    columns, note = page.chart_outlets(facts)
    if note:
        st.caption(note)
    chart = outlet_comparison(stats[stats["outlet"].isin(columns)])
    st.plotly_chart(chart, key="w_outlets_chart", width="stretch", config={"displayModeBar": False})
    frame = articles_frame(bundle, stats)
    _articles_table(frame, bundle)
    downloads.csv_and_chart(
        lambda: tables.to_csv(frame),
        chart,
        "outlets",
        key="w_dl_outlets",
        label="Outlets as CSV",
        help="One row per article: outlet, language, title, date, link and its counts.",
    )
    render_blindspots(page, facts)
    provenance.render_outlet_sources(page)
    lists = tables.outlet_fact_lists(facts, bundle.outlets)
    st.subheader("Exclusives and omissions by outlet")
    for outlet in columns:
        _outlet(outlet, page.language(outlet), lists[outlet], bundle)


def _articles_table(frame: pd.DataFrame, bundle: Bundle) -> None:
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "outlet": st.column_config.TextColumn("outlet", width="medium"),
            "language": st.column_config.TextColumn("language", width="small"),
            "title": st.column_config.TextColumn("title", width="large"),
            "date": st.column_config.TextColumn("date", width="small"),
            "link": st.column_config.TextColumn("link", width="small"),
            "facts covered": st.column_config.NumberColumn("covered", width="small"),
            "exclusives": st.column_config.NumberColumn("exclusives", width="small"),
            "omissions": st.column_config.NumberColumn("omissions", width="small"),
        },
    )
    if not any(a.url for a in bundle.analysis.corpus.articles):
        st.caption("No article has a link in its metadata.")


def _outlet(outlet: str, language: str, mine: dict[str, list[Fact]], bundle: Bundle) -> None:
    """One outlet's expander (its language beside its name): its articles, then what only it reports
    and what it leaves out."""
    counts = f"{plural(len(mine['exclusives']), 'exclusive')}, {plural(len(mine['omissions']), 'omission')}"
    with st.expander(f"{md(outlet)} ({md(language)}): {counts}", expanded=False):
        _article_sources(outlet, bundle)
        left, right = st.columns(2)
        with left:
            _facts("**Only this outlet reports**", mine["exclusives"], bundle, "No exclusive facts.")
        with right:
            _facts(
                "**Main facts with no matching sentence found here**",
                mine["omissions"],
                bundle,
                "A matching sentence was found for every main fact.",
            )


def _article_sources(outlet: str, bundle: Bundle) -> None:
    """The outlet's articles: title, date and a link to the original (new tab, no opener or referrer)."""
    st.html(sources_html(a for a in bundle.analysis.corpus.articles if a.outlet == outlet))


def _facts(heading: str, facts: list[Fact], bundle: Bundle, none: str) -> None:
    st.markdown(heading)
    if facts:
        st.dataframe(_fact_list(facts, bundle), hide_index=True, width="stretch")
    else:
        st.caption(none)


def render_blindspots(page: Page, facts: list[Fact]) -> None:
    """The corpus's blindspots: outlets by how many main facts they miss, then each main fact's misses."""
    bundle = page.bundle
    stats = tables.outlet_stats(facts, bundle.outlets)
    frame = tables.blindspot_frame(facts, bundle.outlets, bundle.rank)
    st.subheader("Blindspots")
    if frame.empty:
        st.caption("No fact is reported by two or more outlets, so there are no main facts to miss.")
        return
    missing = stats[stats["omissions"] > 0].sort_values(["omissions", "outlet"], ascending=[False, True])
    st.caption(
        f"The story's {plural(len(frame), 'main fact')}, and the outlets in which no matching sentence was "
        f"found: {len(missing)} of {plural(len(bundle.outlets), 'outlet')} miss at least one."
    )
    left, right = st.columns([1, 3])
    with left:
        st.dataframe(
            missing[["outlet", "omissions"]].rename(columns={"omissions": "main facts missed"}),
            hide_index=True,
            width="stretch",
            key="w_blindspot_outlets",
        )
    with right:
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            key="w_blindspot_facts",
            column_config={
                "#": st.column_config.NumberColumn("#", width="small"),
                "fact": st.column_config.TextColumn("fact", width="large"),
                "reported by": st.column_config.NumberColumn("reported by", width="small"),
                "no matching sentence in": st.column_config.NumberColumn("no match in", width="small"),
                "outlets without a match": st.column_config.TextColumn("outlets without a match"),
            },
        )
