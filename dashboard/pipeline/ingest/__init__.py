"""The one reader: every way in turns ``(name, bytes)`` items, plus optional metadata, into Articles.

The ways in are thin fronts over the same steps (:mod:`.reader`):

* :func:`load_paths`: folders of ``*.txt``/``*.html``/``*.htm``, file paths
  and links (the CLI, the ``articles_dir`` setting);
* :func:`read_uploads` then :func:`build_articles`: uploaded files, in two
  steps so a visitor can confirm each outlet in between;
* :func:`read_link_list` then :func:`build_articles`: pasted links;
* :func:`article_from_paste`: a pasted text.

One set of rules, the stricter where the ways in used to differ:

* **Names**: reduced to a plain base name (no folders, control or bidi
  characters, at most 100 characters); a second file of the same name becomes
  ``x-2.txt``, with a warning.
* **Decoding** (:mod:`.decode`): BOM, else UTF-8, else a reliable guess; archives,
  binary files, NUL and control characters, text without letters are refused.
  A pasted text has its control characters removed instead, with a note.
* **HTML**: fetched pages, ``.html``/``.htm`` files and texts that look like
  HTML (:func:`~dashboard.pipeline.web.looks_like_html`) go through one
  hand-off, :func:`~dashboard.pipeline.web.extract_html` (trafilatura): the
  article text it extracts is what is stored (offsets refer to it), and the
  page's title, date, site name (else host) as outlet, canonical URL and
  declared language fill the article. A page with no article text is refused.
* **Links** (:mod:`.links`): fetched under the web package's limits and address
  policy (private addresses allowed for the CLI, by ``allow_private_links`` in
  the app), a progress line per link; a link that fails is reported by its URL
  with the reason and skipped. The page is then read like a file. An article
  keeps its link (``url``), where its redirects ended (``final_url``) and when
  it was fetched (``fetched_at``). In the app at most ``MAX_LINKS`` a request.
* **Limits** (:mod:`.limits`): ``max_file_mb`` per file, checked before reading;
  at most ``MAX_ARTICLE_SENTENCES`` (2,000) sentences per article, the rest cut
  with a warning naming the file. Visitors' corpora (uploads, pastes, stored
  corpora) are also held to ``MAX_ARTICLES``, ``MAX_TOTAL_MB`` and
  ``MAX_SENTENCES``; the CLI and ``articles_dir`` read the operator's own files
  and are not.
* **Duplicates**: a text whose words (whitespace aside) equal an earlier one's
  is skipped with a warning naming both files.
* **Ids**: the file name's stem reduced to ``[A-Za-z0-9_.-]``, suffixed ``-2``,
  ``-3`` on a clash; a pasted text's id is ``pasted-`` and a hash of its text.
* **Metadata** (:mod:`.metadata`): one parser; a malformed file, an empty
  ``file`` cell or a file listed twice is an error. On the command line the
  error stops the run (the operator fixes the file); an uploaded metadata file
  with an error is ignored with a message and the outlets are guessed.
* **Outlet, title, date, URL, language**: from the metadata (a link's row is
  the one whose ``file`` is its last path segment), else from the page, else
  guessed from the text
  (:func:`.outlet.infer_outlet`, :func:`~dashboard.pipeline.clean.guess_title`,
  :func:`~dashboard.pipeline.language.detect_language`). A declared language
  becomes an ISO 639-1 code (``pt-BR``, ``por`` and ``Português`` are ``pt``,
  :func:`~dashboard.pipeline.language.declared_code`); one that is no language
  is detected instead, with a warning.
* **No article text**: a file in which no sentence of article text is found is
  skipped with a warning (a paste is refused).

Bad input is refused with a one-line message naming the file; one bad file
never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from dashboard.pipeline.ingest.decode import decode
from dashboard.pipeline.ingest.limits import (
    MAX_ARTICLE_SENTENCES,
    MAX_ARTICLES,
    MAX_NAME_CHARS,
    MAX_OUTLET_CHARS,
    MAX_SENTENCES,
    MAX_TITLE_CHARS,
    Limits,
    check_corpus,
    check_names,
    count_sentences,
    size_problem,
)
from dashboard.pipeline.ingest.links import MAX_LINKS, Progress, fetch_items, policy_for, read_link_list
from dashboard.pipeline.ingest.metadata import (
    METADATA_NAME,
    check_metadata_size,
    load_metadata,
    parse_metadata,
)
from dashboard.pipeline.ingest.names import clean_name
from dashboard.pipeline.ingest.outlet import infer_outlet
from dashboard.pipeline.ingest.reader import (
    HTML_SUFFIXES,
    Draft,
    Item,
    NoSentences,
    article_from_text,
    build_articles,
    guessed_outlet,
    read_items,
    text_key,
)
from dashboard.pipeline.models import Article, PipelineError

#: What a folder is scanned for, and what an upload may be.
ARTICLE_SUFFIXES = (".txt", *HTML_SUFFIXES)

__all__ = [
    "MAX_ARTICLES",
    "MAX_ARTICLE_SENTENCES",
    "MAX_LINKS",
    "MAX_NAME_CHARS",
    "MAX_OUTLET_CHARS",
    "MAX_SENTENCES",
    "MAX_TITLE_CHARS",
    "Draft",
    "Item",
    "article_from_paste",
    "article_from_text",
    "build_articles",
    "check_corpus",
    "clean_name",
    "count_sentences",
    "decode",
    "guessed_outlet",
    "infer_outlet",
    "load_metadata",
    "load_paths",
    "parse_metadata",
    "read_link_list",
    "read_uploads",
    "text_key",
]


def load_paths(
    paths: Sequence[Path],
    *,
    max_file_mb: float = 10.0,
    metadata: Path | None = None,
    urls: Sequence[str] = (),
    progress: Progress | None = None,
) -> tuple[list[Article], list[str]]:
    """Articles from files, folders and links, and warnings about what was skipped or guessed.

    A folder's ``metadata.csv`` applies unless ``metadata`` names another file.
    Links are fetched by the operator's own program, so private addresses are
    allowed; ``progress`` gets a line per link.
    """
    if not paths and not urls:
        raise PipelineError("no files, folders or links given")
    files, rows = _collect(paths, metadata)
    items = [Item.at(p) for p in files]
    failed: list[str] = []
    if urls:
        policy = policy_for(allow_private=True, max_file_mb=max_file_mb, max_links=len(urls))
        fetched, failed = fetch_items(urls, policy, progress)
        items += fetched
    what = " and ".join(
        f"{n} {kind}{'s' if n != 1 else ''}" for n, kind in ((len(files), "file"), (len(urls), "link")) if n
    )
    drafts, warnings = read_items(items, Limits(max_file_mb), rows)
    warnings = failed + warnings
    if not drafts:
        refused = [w.removesuffix("; skipped") for w in warnings]
        raise PipelineError(f"none of the {what} could be read: " + " | ".join(refused[:3]))
    articles, more = build_articles(drafts)
    if not articles:
        raise PipelineError(f"none of the {what} has sentences of article text")
    return articles, warnings + more


def read_uploads(
    files: Iterable[Item | tuple[str, bytes]], *, max_file_mb: float = 10.0
) -> tuple[list[Draft], list[str]]:
    """Drafts of uploaded ``.txt`` and ``.html`` files (a ``metadata.csv`` among them names outlets, titles).

    Returns the drafts and one message per file that cannot be used. Files of
    another kind are skipped (at most ``MAX_ARTICLES`` messages about them).
    """
    limits = Limits.for_visitors(max_file_mb)
    items = [f if isinstance(f, Item) else Item.of(*f) for f in files]
    rows: dict[str, dict[str, str]] = {}
    texts: list[Item] = []
    problems: list[str] = []
    other = 0
    for item in items:
        base = clean_name(item.name)
        if base.lower() == METADATA_NAME:
            try:
                check_metadata_size(item.size, base)  # before reading it
                data = item.read()
                rows = parse_metadata(data if isinstance(data, bytes) else data.encode(), base)
            except PipelineError as e:
                problems.append(f"{e}; the metadata file was ignored")
        elif base.lower().endswith(ARTICLE_SUFFIXES):
            texts.append(item)
        elif other < MAX_ARTICLES:
            other += 1
            problems.append(
                f"{base}: only .txt and .html articles (and one metadata.csv) can be uploaded; skipped"
            )
    drafts, more = read_items(texts, limits, rows)
    problems += more
    if not drafts and texts:
        problems.append("None of the uploaded files could be read.")
    return drafts, problems


def article_from_paste(
    text: str, outlet: str, *, title: str = "", name: str = "pasted", max_file_mb: float = 10.0
) -> tuple[Article, list[str]]:
    """An article from pasted text, and notes for the user (HTML or control characters removed).

    A pasted page's source is read like an HTML file: its site name stands in
    for a missing outlet, and its title, date, link and language fill the
    article (a given outlet or title wins). Raises :class:`PipelineError` for an
    empty text, a missing outlet, a text over the size limit or one in which no
    sentence of article text is found.
    """
    if not text.strip():
        raise PipelineError("Paste the article's text first.")
    item = Item.of("The pasted text", text)
    if problem := size_problem(item.name, item.size, max_file_mb):
        raise PipelineError(problem + ".")
    outlet, title = " ".join(outlet.split()), " ".join(title.split())
    check_names(outlet, title, "The pasted article")
    drafts, notes = read_items([item], Limits.for_visitors(max_file_mb))
    if not drafts:
        raise PipelineError(notes[-1].removesuffix("; skipped") + ".")
    [draft] = drafts
    outlet = outlet or (draft.outlet if draft.outlet_source == "page" else "")
    if not outlet:
        raise PipelineError("Give the outlet's name.")
    try:
        article = article_from_text(draft.text.strip(), outlet, title=title or draft.title, name=name)
    except NoSentences:
        raise PipelineError(
            "No sentences of article text were found in the pasted text "
            "(only headings, links or page boilerplate). Paste the article's paragraphs."
        ) from None
    details = {"date": draft.date, "url": draft.url, "language": draft.language or article.language}
    return replace(article, **details), notes


def _collect(paths: Sequence[Path], metadata: Path | None) -> tuple[list[Path], dict[str, dict[str, str]]]:
    """The files to read, in order and without repeats, and the metadata that applies to them."""
    files: list[Path] = []
    rows: dict[str, dict[str, str]] = {}
    for path in paths:
        if not path.exists():
            raise PipelineError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
            if not found:
                raise PipelineError(f"{path}: the folder has no .txt or .html files")
            files.extend(found)
            if metadata is None and (path / METADATA_NAME).is_file():
                rows.update(load_metadata(path / METADATA_NAME))
        else:
            files.append(path)
    if metadata is not None:
        rows.update(load_metadata(metadata))
    seen: set[Path] = set()
    unique = [p for p in files if not (p.resolve() in seen or seen.add(p.resolve()))]
    return unique, rows
