"""The sidebar: corpus (sample, upload, paste, links), filters, advanced settings, share link.

Uploading, pasting or fetching links builds a stored corpus (:mod:`dashboard.store`)
and points the URL's ``corpus`` at it, so its link reopens it without fetching
again. The work happens in button callbacks, which run before the rerun; their
messages are kept in session state ("flash") and shown on the next run, because
a callback cannot draw in place. Fetching links is the exception: its progress
lines are drawn as they come, at the top of the sidebar.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard import store, tables, view_state
from dashboard.charts.common import plural
from dashboard.pipeline import ingest
from dashboard.pipeline.models import Article, PipelineError
from dashboard.ui import data, upload_table
from dashboard.ui import state as state_mod
from dashboard.ui.page import Page
from dashboard.ui.safe import md
from dashboard.ui.state import Context, bound, changed, key, seed
from dashboard.view_state import View

FLASH = "_flash"
#: Problems listed one by one under the uploader; the rest are counted.
MAX_PROBLEMS_SHOWN = 8
#: The links box takes a long list (ten times the cap, of long links), so an over-long one is
#: answered with the cap's message rather than cut silently by the browser.
MAX_LINKS_CHARS = 10 * ingest.MAX_LINKS * 200
#: Rows of the upload table shown at once; more files scroll inside it, so the form stays short.
TABLE_ROWS = 8
ROW_PX = 35  # the height of a row of st.data_editor, its header included
#: The upload table's key, followed by its set of files' digest; app.PAGE_CSS widens the sidebar for it.
TABLE_KEY = "w_upload_table_"


# --------------------------------------------------------------------------- flash messages


def flash(level: str, message: str) -> None:
    st.session_state.setdefault(FLASH, []).append((level, message))


def show_flash() -> None:
    for level, message in st.session_state.pop(FLASH, []):
        {"error": st.error, "warning": st.warning, "success": st.success}.get(level, st.info)(md(message))


# --------------------------------------------------------------------------- corpus


def adopt(articles: list[Article], ctx: Context) -> str | None:
    """Store ``articles`` as a corpus, remember it for the session and show it."""
    max_mb = ctx.server["max_file_mb"]
    try:
        cid = store.save(articles, ctx.server["data_dir"], max_file_mb=max_mb)
        shareable = True
    except store.NotShareable as e:
        cid, shareable = store.corpus_id(articles), False
        flash("warning", str(e))
    except PipelineError as e:
        flash("error", str(e))
        return None
    data.remember(cid, articles, shareable)
    state_mod.update(ctx, corpus=cid, fact="")
    return cid


def _upload_key() -> str:
    return f"w_upload_{st.session_state.get('_upload_round', 0)}"


@dataclass(frozen=True)
class Uploads:
    """One set of uploaded files, read once: its drafts, its problems and the table shown for it."""

    signature: tuple[tuple[str, str, int], ...]
    drafts: list[ingest.Draft]
    problems: list[str]
    rows: list[upload_table.Row]  # the table as first shown, edits typed for earlier sets carried over
    key: str  # the table's widget key: new for each set of files, so no edit lands on another file

    def table(self) -> list[upload_table.Row]:
        """The table with what the visitor typed in it."""
        return upload_table.edited(self.rows, st.session_state.get(self.key))


def _read_uploads(files: list[Any], max_mb: float) -> Uploads:
    """Uploaded files read once per set of files (kept in session state).

    A new set of files (one added or removed) gets a new table; what was typed
    in the last one is carried over by file name.
    """
    signature = tuple((f.file_id, f.name, f.size) for f in files)
    cached: Uploads | None = st.session_state.get("_upload_read")
    if cached and cached.signature == signature:
        return cached
    kept = upload_table.changes(upload_table.rows(cached.drafts), cached.table()) if cached else {}
    items = [ingest.Item(f.name, f.size, f.getvalue) for f in files]  # an oversized file is never read
    drafts, problems = ingest.read_uploads(items, max_file_mb=max_mb)
    digest = hashlib.sha1(repr(signature).encode()).hexdigest()[:12]
    rows = upload_table.rows(drafts, kept)
    uploads = Uploads(signature, drafts, problems, rows, TABLE_KEY + digest)
    st.session_state["_upload_read"] = uploads
    return uploads


def _submit_upload(ctx: Context) -> None:
    files = st.session_state.get(_upload_key()) or []
    uploads = _read_uploads(list(files), ctx.server["max_file_mb"])
    if not uploads.drafts:
        flash("error", "None of the uploaded files can be used.")
        return
    table = uploads.table()
    if problems := upload_table.problems(uploads.rows, table):  # the table keeps what was typed
        flash("error", "Nothing was compared: correct these cells of the table, then compare again.")
        for problem in problems[:MAX_PROBLEMS_SHOWN]:
            flash("error", problem)
        if len(problems) > MAX_PROBLEMS_SHOWN:
            flash("error", f"… and {len(problems) - MAX_PROBLEMS_SHOWN:,} more cells to correct.")
        return
    try:
        articles, warnings = ingest.build_articles(*upload_table.drafts_and_outlets(uploads.drafts, table))
    except PipelineError as e:
        flash("error", str(e))
        return
    for warning in warnings:
        flash("warning", warning)
    if not articles:
        flash("error", "No article text was found in the uploaded files.")
        return
    if adopt(articles, ctx):
        n = len(articles)
        flash("success", f"Comparing {n} uploaded article{'s' if n != 1 else ''}.")
        st.session_state["_upload_round"] = st.session_state.get("_upload_round", 0) + 1
        st.session_state.pop("_upload_read", None)


def _upload_editor(uploads: Uploads) -> None:
    """One row per file, its outlet and details editable, at most ``TABLE_ROWS`` rows high.

    Edits do not rerun the app (``on_change="ignore"``): they reach the server
    with the click on "Compare these articles". The browser refuses a typed
    value of the wrong form; :func:`upload_table.problems` checks again there.
    """
    config = {
        "file": st.column_config.TextColumn("File", disabled=True, pinned=True),
        "outlet_from": st.column_config.TextColumn("Outlet from", disabled=True),
    }
    for column, label in upload_table.LABELS.items():
        config[column] = st.column_config.TextColumn(
            label,
            help=upload_table.HELP[column],
            width="medium" if column == "outlet" else None,  # a typed outlet wider than the guess shows
            required=column == "outlet",
            max_chars=upload_table.MAX_CHARS[column],
            validate=upload_table.browser_pattern(column),
        )
    st.caption("Check each file's outlet and details (double-click a cell to change it):")
    st.data_editor(
        tables.frame(uploads.rows),  # pandas loads only when there are files to list
        key=uploads.key,
        column_config=config,
        column_order=("file", *upload_table.EDITABLE, "outlet_from"),
        hide_index=True,
        num_rows="fixed",
        height=ROW_PX * (min(len(uploads.rows), TABLE_ROWS) + 1) + 3,
        on_change="ignore",
        placeholder="",
        alt="The uploaded files, with the outlet, title, date, link and language of each",
    )


def _submit_paste(ctx: Context) -> None:
    text = st.session_state.get("w_paste_text", "") or ""
    outlet = st.session_state.get("w_paste_outlet", "") or ""
    title = st.session_state.get("w_paste_title", "") or ""
    try:
        article, notes = ingest.article_from_paste(
            text, outlet, title=title, max_file_mb=ctx.server["max_file_mb"]
        )
    except PipelineError as e:
        flash("error", str(e))
        return
    for note in notes:
        flash("warning", note)
    articles = [article]
    if st.session_state.get("w_paste_target") == ADD_TO[1]:
        view, _ = state_mod.load(ctx)
        current = data.open_corpus(view.corpus, ctx).articles
        if any(ingest.text_key(a.text) == ingest.text_key(article.text) for a in current):
            flash("error", "This text is already in the corpus shown.")
            return
        articles = [*current, article]
    if adopt(articles, ctx):
        flash("success", f"Added the article from {article.outlet}.")
        for k in ("w_paste_text", "w_paste_outlet", "w_paste_title"):
            st.session_state[k] = ""


def _submit_links(ctx: Context) -> None:
    """Fetch the pasted links, a progress line per link, and compare the articles they hold."""
    text = st.session_state.get("w_links_text", "") or ""
    with st.sidebar.status("Fetching the links…", expanded=True) as box:
        drafts, problems = ingest.read_link_list(
            text,
            allow_private=ctx.server["allow_private_links"],
            max_file_mb=ctx.server["max_file_mb"],
            progress=st.text,
        )
        try:
            articles, warnings = ingest.build_articles(drafts)
        except PipelineError as e:
            articles, warnings = [], [str(e)]
        box.update(
            label=f"Links read: {plural(len(articles), 'article')}",
            state="complete" if articles else "error",
            expanded=False,
        )
    _flash_problems([*problems, *warnings])
    if not articles:
        flash("error", "None of the links gave an article to compare.")
        return
    if adopt(articles, ctx):
        flash("success", f"Comparing {plural(len(articles), 'article')} from the links.")
        st.session_state["w_links_text"] = ""


def _flash_problems(problems: list[str]) -> None:
    """Each problem as a warning (a link's names it and says why), the ones past a screenful counted."""
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        flash("warning", problem)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        flash("warning", f"… and {len(problems) - MAX_PROBLEMS_SHOWN:,} more problems with the links.")


def _links_box(ctx: Context) -> None:
    """The "Paste links" box: one link per line, fetched by the server under its address policy."""
    where = (
        "This server may fetch private and local addresses (allow_private_links)."
        if ctx.server["allow_private_links"]
        else "Only public web addresses are fetched (http/https, ports 80 and 443)."
    )
    with st.expander("Paste links", expanded=False), st.form("links", border=False):
        st.text_area(
            "Links, one per line",
            key="w_links_text",
            height=120,
            max_chars=MAX_LINKS_CHARS,
            placeholder="https://www.tempo.co/…\nhttps://www.tribunnews.com/…",
            help=f"At most {ingest.MAX_LINKS} links at a time; a line starting with # is a comment. "
            "Each page's title, date and site name fill in its article.",
        )
        st.caption(where)
        st.form_submit_button("Fetch and compare", on_click=_submit_links, args=(ctx,), type="primary")


ADD_TO = ("a new corpus", "the corpus shown")


def corpus_section(view: View, ctx: Context, choice: data.CorpusChoice) -> None:
    st.header("Corpus")
    options = list(dict.fromkeys([store.SEEDS, *data.session_corpora(), view.corpus]))
    labels = {cid: data.describe_corpus(cid, ctx) for cid in options}
    seed("corpus", view.corpus)
    st.selectbox(
        "Story",
        options,
        format_func=labels.__getitem__,
        key=key("corpus"),
        on_change=changed,
        args=("corpus", ctx),
        help="The sample corpus, or a corpus you uploaded or pasted in this session (or opened by link).",
    )
    if not choice.shareable:
        st.caption("⚠ This corpus could not be stored on the server: a link will not reopen it.")
    show_flash()

    with st.expander("Upload articles (.txt, .html)", expanded=False):
        files = st.file_uploader(
            "Text files or saved web pages, several at once; add a metadata.csv (file,outlet,title,date,url) "
            "to name outlets.",
            type=["txt", "html", "htm", "csv"],
            accept_multiple_files=True,
            key=_upload_key(),
        )
        if files:
            uploads = _read_uploads(list(files), ctx.server["max_file_mb"])
            problems = uploads.problems
            for problem in problems[:MAX_PROBLEMS_SHOWN]:
                st.warning(md(problem))
            if len(problems) > MAX_PROBLEMS_SHOWN:
                st.caption(f"… and {len(problems) - MAX_PROBLEMS_SHOWN:,} more problems with the files.")
            st.button(  # above the table, which many files never make taller than TABLE_ROWS rows
                "Compare these articles",
                on_click=_submit_upload,
                args=(ctx,),
                disabled=not uploads.drafts,
                type="primary",
                key="w_upload_go",
            )
            if uploads.drafts:
                _upload_editor(uploads)

    with st.expander("Paste an article", expanded=False), st.form("paste", border=False):
        st.text_area(
            "Article text",
            key="w_paste_text",
            height=160,
            max_chars=int(ctx.server["max_file_mb"] * 1_000_000),
            placeholder="Paste the article's text",
        )
        st.text_input(
            "Outlet", key="w_paste_outlet", max_chars=ingest.MAX_OUTLET_CHARS, placeholder="e.g. Kompas"
        )
        st.text_input("Title (optional)", key="w_paste_title", max_chars=ingest.MAX_TITLE_CHARS)
        st.radio(
            "Add to",
            ADD_TO,
            index=0 if view.corpus == store.SEEDS else 1,
            key="w_paste_target",
            horizontal=True,
        )
        st.form_submit_button("Add article", on_click=_submit_paste, args=(ctx,), type="primary")
    _links_box(ctx)


# --------------------------------------------------------------------------- filters


def _reset_filters(ctx: Context) -> None:
    state_mod.update(ctx, topics=(), outlets=(), languages=(), min_outlets=1, q="")


def filters_section(page: Page) -> None:
    view, bundle, ctx = page.view, page.bundle, page.ctx
    st.header("Filters")
    labels = {
        str(t.id): f"{t.label} ({t.count}{', suggested' if t.suggested else ''})" for t in bundle.topics
    }
    bound(
        st.multiselect,
        "topics",
        [t for t in view.topics if t in labels],
        ctx,
        "Topics",
        list(labels),
        format_func=labels.__getitem__,
        help="Only facts in at least one of these topics.",
    )
    bound(
        st.multiselect,
        "outlets",
        list(view.outlets),
        ctx,
        "Outlets",
        bundle.outlets,
        placeholder="All outlets",
        help="Only facts reported by at least one of these outlets.",
    )
    _languages(page)
    _count(page)
    bound(
        st.number_input,
        "min_outlets",
        view.min_outlets,
        ctx,
        "Minimum independent sources per fact" if view.count == "sources" else "Minimum outlets per fact",
        min_value=1,
        max_value=max(1, len(bundle.outlets)),
        step=1,
        help="2 hides the exclusives; the number of outlets shows only facts every outlet reports.",
    )
    bound(
        st.text_input,
        "q",
        view.q,
        ctx,
        "Search facts",
        max_chars=view_state.MAX_VALUE_CHARS,
        placeholder="e.g. nuklir, 11, To Lam",
        help="Only facts with a sentence containing this text (any case).",
    )
    active = view.topics or view.outlets or view.languages or view.min_outlets != 1 or view.q
    st.button("Reset filters", on_click=_reset_filters, args=(ctx,), disabled=not active, key="w_reset")


COUNTS = {"outlets": "Outlets", "sources": "Independent sources"}


def _count(page: Page) -> None:
    """Whether the minimum and the matrix's coverage sort count outlets or independent sources."""
    bound(
        st.radio,
        "count",
        page.view.count,
        page.ctx,
        "Count",
        list(COUNTS),
        format_func=COUNTS.__getitem__,
        horizontal=True,
        help="Independent sources: outlets running one wire story or one text (copied or translated) "
        "count once. Used by the minimum below and the matrix's coverage sort.",
    )


def _languages(page: Page) -> None:
    """The language filter, and the language facts are labelled in (both kept in the URL)."""
    counts = page.bundle.languages
    names = {code: f"{code} ({plural(n, 'article')})" for code, n in counts.items()}
    bound(
        st.multiselect,
        "languages",
        list(page.view.languages),
        page.ctx,
        "Languages",
        list(counts),
        format_func=names.__getitem__,
        placeholder="All languages",
        help="Only facts with a sentence in one of these languages.",
    )
    bound(
        st.selectbox,
        "label_in",
        page.label_language,
        page.ctx,
        "Label facts in",
        list(counts),
        format_func=names.__getitem__,
        help="A fact with a sentence in this language is labelled with it (default: the corpus's most "
        "common language; of languages equally common, the one in the most facts).",
    )


def advanced_section(view: View, ctx: Context) -> None:
    with st.expander("Advanced", expanded=False):
        bound(
            st.selectbox,
            "model",
            view.model,
            ctx,
            "Embedding model",
            list(ctx.allowed_models),
            help="Models this server offers (the `models` setting adds more).",
        )
        bound(
            st.slider,
            "threshold",
            view.threshold,
            ctx,
            "Alignment threshold",
            min_value=0.0,
            max_value=1.0,
            step=0.01,
            help="Higher gives fewer, tighter facts; lower links more loosely related statements. "
            "A new value re-runs the alignment once; results are cached.",
        )


def share_section(view: View, ctx: Context) -> None:
    st.header("Share")
    st.caption("This link reopens exactly this view (corpus, filters, fact, tab, threshold). Copy it:")
    st.code(state_mod.share_url(view, ctx), language=None, wrap_lines=True)
