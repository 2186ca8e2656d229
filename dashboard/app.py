"""The Streamlit app: ``streamlit run dashboard/app.py``.

Thin on purpose: read the view from the URL, open the corpus, get the (cached)
analysis, draw the sidebar and the open tab, write the view back to the URL.
The work lives in ``dashboard.pipeline``, ``dashboard.tables``,
``dashboard.charts`` and the ``dashboard.ui`` modules.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import store, tables
from dashboard.charts.common import blank_chart
from dashboard.pipeline.models import Article, PipelineError
from dashboard.ui import data, sidebar, tabs
from dashboard.ui import state as state_mod
from dashboard.ui.page import make_page, reconcile
from dashboard.ui.safe import md
from dashboard.view_state import View

st.set_page_config(
    page_title="News fact comparison",
    page_icon="📰",
    layout="wide",
    initial_sidebar_state="expanded",
)


MAX_LISTED = 200  # articles listed while the analysis runs
CHART_CODE_LOADED = "_chart_code_loaded"  # session state: the blank chart was sent
#: The page's one style sheet. A multiselect's chips and options wrap their names instead of cutting
#: them ("Energy and nuclear …"), and its box grows with its chips instead of scrolling them out of
#: sight: topic and outlet names are what the filters show, and a cut one cannot be told from another.
#: While the upload table is shown (its key starts with ``sidebar.TABLE_KEY``) the sidebar is wide
#: enough for a file's name and outlet side by side; it narrows again once the files are compared.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"]{padding-top:2.2rem}
[data-testid="stSidebarUserContent"]{padding-top:1rem}
h1{padding-bottom:0.2rem !important}
[data-testid="stMultiSelect"] [role="group"]{max-height:none}
[data-testid="stMultiSelectTagsContainer"] [data-tag]{
  height:auto;min-height:28px;padding-top:3px;padding-bottom:3px}
[data-testid="stMultiSelectTagsContainer"] [data-tag]>span{
  white-space:normal;overflow-wrap:anywhere;text-overflow:clip;line-height:1.3}
[data-testid="stMultiSelectDropdown"] [role="option"]>div{
  white-space:normal;overflow-wrap:anywhere;line-height:1.2}
[data-testid="stSidebar"][data-collapsed="false"]:has([class*="st-key-w_upload_table_"]){
  min-width:min(520px,45vw)}
</style>"""


def analysed(
    view: View, choice: data.CorpusChoice, ctx: state_mod.Context, notices: list[str]
) -> tuple[View, data.Bundle]:
    """The view's analysis; on failure the default model, then the sample corpus, each with a notice.

    While it is computed, the page shows the articles being compared under the
    progress bar, never a blank page (a cached or shipped analysis comes at once:
    no list, and no pandas to import for it).
    """
    progress, done = data.progress_bar()
    skeleton = st.empty()
    while True:
        try:
            waiting = functools.partial(article_list, skeleton, choice.articles)
            bundle = data.get_bundle(choice.articles, view.model, view.threshold, ctx, progress, waiting)
            done()
            skeleton.empty()
            return view, bundle
        except PipelineError as e:
            done()
            st.error(md(str(e)))
            if view.model != ctx.analysis_defaults["model"]:
                view = replace(view, model=ctx.analysis_defaults["model"])
                notices.append(f"Using the default model {view.model} instead.")
            elif choice.id != store.SEEDS:
                choice = data.open_corpus(store.SEEDS, ctx)
                view = replace(view, corpus=store.SEEDS, fact="")
                notices.append("Showing the sample corpus instead.")
            else:
                st.stop()


def article_list(slot: DeltaGenerator, articles: list[Article]) -> None:
    """The articles of the corpus, in ``slot``, while their analysis is on its way."""
    with slot.container():
        st.caption(f"Analysing {tables.plural_articles(len(articles))}: finding the facts they share…")
        rows = [{"outlet": a.outlet, "title": a.title or "(no title)", "date": a.date} for a in articles]
        st.dataframe(rows[:MAX_LISTED], hide_index=True, width="stretch")


def main() -> None:
    # The title first: on a cold start, reading the corpus takes a moment.
    st.html(PAGE_CSS)
    st.title("News fact comparison")
    st.caption(
        "How several outlets cover one story: which facts every outlet reports, which only one does, "
        "and where their numbers disagree."
    )
    # A session's first page has yet to load plotly's code (4.7 MB of JavaScript): a blank chart
    # now has the browser load it while the corpus is read, not after the matrix has arrived.
    chart_code = st.empty()
    if not st.session_state.get(CHART_CODE_LOADED):
        st.session_state[CHART_CODE_LOADED] = True
        chart_code.plotly_chart(blank_chart(), width="content", config={"staticPlot": True})
    ctx = state_mod.context()
    view, notices = state_mod.load(ctx)
    notices = list(ctx.problems) + notices
    choice = data.open_corpus(view.corpus, ctx)
    if choice.id != view.corpus:  # the corpus asked for could not be opened
        view = replace(view, corpus=store.SEEDS, fact="")
    with st.sidebar:
        sidebar.corpus_section(view, ctx, choice)
    notice_area = st.container()
    view, bundle = analysed(view, choice, ctx, notices)
    chart_code.empty()
    view, dropped = reconcile(view, bundle)
    page = make_page(view, bundle, ctx)

    with st.sidebar:
        sidebar.filters_section(page)
        sidebar.advanced_section(page.view, ctx)
    with notice_area:
        if choice.notice:
            st.warning(md(choice.notice))
        if choice.note:
            st.caption(md(choice.note))
        if notices + dropped:
            st.caption("  \n".join(f"⚠ {md(n)}" for n in notices + dropped))
        header(bundle)
    tabs.show(page)
    with st.sidebar:
        sidebar.share_section(page.view, ctx)
    state_mod.save(page.view, ctx)


def header(bundle: data.Bundle) -> None:
    corpus = bundle.analysis.corpus
    shared, exclusive = tables.coverage_summary(bundle.facts)
    disputed = len(bundle.disputes)
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
