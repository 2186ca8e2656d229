"""The Streamlit app: ``streamlit run dashboard/app.py``.

Thin on purpose: read the view from the URL, open the corpus, get the (cached)
analysis, draw the sidebar and the open tab, write the view back to the URL.
The work lives in ``dashboard.pipeline``, ``dashboard.tables``,
``dashboard.charts`` and the ``dashboard.ui`` modules.
"""

from __future__ import annotations

import streamlit as st

from dashboard import store, tables
from dashboard.pipeline.models import PipelineError
from dashboard.ui import about, data, detail, figures, matrix, outlets, sidebar, topics
from dashboard.ui import state as state_mod
from dashboard.ui.safe import md

st.set_page_config(
    page_title="News fact comparison",
    page_icon="📰",
    layout="wide",
    initial_sidebar_state="expanded",
)


PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"]{padding-top:2.2rem}
[data-testid="stSidebarUserContent"]{padding-top:1rem}
h1{padding-bottom:0.2rem !important}
</style>"""


def reconcile(view: dict, bundle: data.Bundle, notices: list[str]) -> None:
    """Drop what the link asks for but this corpus does not have, with a notice each."""
    unknown = [o for o in view["outlets"] if o not in bundle.outlets]
    if unknown:
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        notices.append(f"Outlet(s) not in this corpus, ignored: {', '.join(unknown[:5])}{more}.")
        view["outlets"] = tuple(o for o in view["outlets"] if o in bundle.outlets)
    if view["topics"]:
        known = {str(t.id) for t in bundle.topics or []}
        if bundle.topics is None:
            notices.append("Topic filters arrive with the topic model; ignored for now.")
        elif set(view["topics"]) - known:
            notices.append("Unknown topic(s) in the link were ignored.")
        view["topics"] = tuple(t for t in view["topics"] if t in known)
    if view["sort"] == "topic" and bundle.fact_topics is None:
        notices.append("Sorting by topic arrives with the topic model; sorted by coverage.")
        view["sort"] = "coverage"
    most = max(1, len(bundle.outlets))
    if view["min_outlets"] > most:
        notices.append(f"This corpus has {most} outlets; minimum outlets set to {most}.")
        view["min_outlets"] = most
    if view["fact"] and view["fact"] not in bundle.facts_by_id:
        notices.append(
            "The fact in the link is not in this analysis (the corpus, model or threshold differ)."
        )
        view["fact"] = ""


def main() -> None:
    ctx = state_mod.context()
    view, notices = state_mod.load(ctx)
    notices = list(ctx.problems) + notices
    choice = data.open_corpus(view["corpus"], ctx)
    corpus_problem = choice.notice
    if choice.id != view["corpus"]:  # the corpus asked for could not be opened
        view.update(corpus=store.SEEDS, fact="")

    with st.sidebar:
        sidebar.corpus_section(view, ctx, choice)

    st.html(PAGE_CSS)
    st.title("News fact comparison")
    st.caption(
        "How several outlets cover one story: which facts every outlet reports, which only one does, "
        "and where their numbers disagree."
    )
    notice_area = st.container()
    progress, done = data.progress_bar()
    bundle = None
    while bundle is None:
        try:
            bundle = data.get_bundle(choice.articles, view["model"], view["threshold"], ctx, progress)
        except PipelineError as e:
            done()
            st.error(md(str(e)))
            if view["model"] != ctx.analysis_defaults["model"]:
                view["model"] = ctx.analysis_defaults["model"]
                notices.append(f"Using the default model {view['model']} instead.")
            elif choice.id != store.SEEDS:
                choice = data.open_corpus(store.SEEDS, ctx)
                view.update(corpus=store.SEEDS, fact="")
                notices.append("Showing the sample corpus instead.")
            else:
                st.stop()
    done()
    reconcile(view, bundle, notices)

    facts = tables.sort_facts(
        tables.filter_facts(
            bundle.facts,
            outlets=view["outlets"],
            min_outlets=view["min_outlets"],
            q=view["q"],
            topics=view["topics"],
            fact_topics=bundle.fact_topics,
        ),
        view["sort"],
        fact_topics=bundle.fact_topics,
        topic_order=[str(t.id) for t in bundle.topics or []],
    )
    view["page"] = min(max(1, view["page"]), tables.page_count(len(facts), matrix.PAGE_SIZE))
    # The topic filter narrows every view; the other filters only the matrix and the fact list.
    topic_facts = tables.filter_by_topics(bundle.facts, view["topics"], bundle.fact_topics)
    filtered = len(facts) != len(bundle.facts)

    with st.sidebar:
        sidebar.filters_section(view, bundle, ctx)
        sidebar.advanced_section(view, ctx)

    with notice_area:
        if corpus_problem:
            st.warning(md(corpus_problem))
        if notices:
            st.caption("  \n".join(f"⚠ {md(n)}" for n in notices))
        header(bundle)

    state_mod.seed("view", state_mod.VIEWS[view["view"]])
    tabs = st.tabs(
        list(state_mod.VIEWS.values()),
        key=state_mod.key("view"),
        on_change=state_mod.changed,
        args=("view", ctx),
    )
    for name, tab in zip(state_mod.VIEWS, tabs, strict=True):
        if tab.open is False:
            continue
        with tab:
            if name == "matrix":
                matrix.render(view, bundle, facts, ctx, filtered)
            elif name == "detail":
                detail.render(view, bundle, facts, ctx)
            elif name == "outlets":
                outlets.render(view, bundle, ctx, topic_facts)
            elif name == "figures":
                figures.render(view, bundle, ctx, topic_facts)
            elif name == "topics":
                topics.render(view, bundle, ctx, topic_facts)
            else:
                about.render(view, bundle, ctx)

    with st.sidebar:
        sidebar.share_section(view, ctx)
    state_mod.save(view, ctx)


def header(bundle: data.Bundle) -> None:
    corpus = bundle.analysis.corpus
    shared, exclusive = tables.coverage_summary(bundle.facts)
    disputed = len(bundle.all_discrepancies)
    cols = st.columns(6)
    cols[0].metric("Articles", len(corpus.articles))
    cols[1].metric("Outlets", len(bundle.outlets))
    cols[2].metric("Facts", len(bundle.facts))
    cols[3].metric("Shared by 2+ outlets", shared)
    cols[4].metric("Exclusives", exclusive)
    cols[5].metric("Disputed figures", disputed)
    for warning in bundle.analysis.warnings:
        st.caption(f"Note: {md(warning)}")


main()
