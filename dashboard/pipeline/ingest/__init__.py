"""The one reader: every way in turns ``(name, bytes)`` items, plus optional metadata, into Articles.

The ways in are thin fronts over the same steps (:mod:`.reader`):

* :func:`load_paths`: folders of ``*.txt`` and file paths (the CLI, the
  ``articles_dir`` setting);
* :func:`read_uploads` then :func:`build_articles`: uploaded files, in two
  steps so a visitor can confirm each outlet in between;
* :func:`article_from_paste`: a pasted text.

One set of rules, the stricter where the ways in used to differ:

* **Names**: reduced to a plain base name (no folders, control or bidi
  characters, at most 100 characters); a second file of the same name becomes
  ``x-2.txt``, with a warning.
* **Decoding** (:mod:`.decode`): BOM, else UTF-8, else a reliable guess; archives,
  binary files, NUL and control characters, text without letters are refused.
  A pasted text has its control characters removed instead, with a note.
* **HTML**: a text with structural tags goes through one hand-off,
  :func:`.html.html_to_text`, with a note; one with no text left is refused.
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
* **Outlet, title, language**: from the metadata, else guessed from the text
  (:func:`.outlet.infer_outlet`, :func:`~dashboard.pipeline.clean.guess_title`,
  :func:`~dashboard.pipeline.language.detect_language`).
* **No article text**: a file in which no sentence of article text is found is
  skipped with a warning (a paste is refused).

Bad input is refused with a one-line message naming the file; one bad file
never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dashboard.pipeline.ingest.decode import decode
from dashboard.pipeline.ingest.html import html_to_text, looks_like_html
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
from dashboard.pipeline.ingest.metadata import (
    METADATA_NAME,
    check_metadata_size,
    load_metadata,
    parse_metadata,
)
from dashboard.pipeline.ingest.names import clean_name
from dashboard.pipeline.ingest.outlet import infer_outlet
from dashboard.pipeline.ingest.reader import (
    Draft,
    Item,
    NoSentences,
    article_from_text,
    build_articles,
    read_items,
    text_key,
)
from dashboard.pipeline.models import Article, PipelineError

__all__ = [
    "MAX_ARTICLES",
    "MAX_ARTICLE_SENTENCES",
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
    "html_to_text",
    "infer_outlet",
    "load_metadata",
    "load_paths",
    "looks_like_html",
    "parse_metadata",
    "read_uploads",
    "text_key",
]


def load_paths(
    paths: list[Path], *, max_file_mb: float = 10.0, metadata: Path | None = None
) -> tuple[list[Article], list[str]]:
    """Articles from files and folders of ``*.txt``, and warnings about what was skipped or guessed.

    A folder's ``metadata.csv`` applies unless ``metadata`` names another file.
    """
    files, rows = _collect(paths, metadata)
    drafts, warnings = read_items([Item.at(p) for p in files], Limits(max_file_mb), rows)
    if not drafts:
        refused = [w.removesuffix("; skipped") for w in warnings]
        raise PipelineError(f"none of the {len(files)} files could be read: " + " | ".join(refused[:3]))
    articles, more = build_articles(drafts)
    if not articles:
        raise PipelineError(f"none of the {len(files)} files has sentences of article text")
    return articles, warnings + more


def read_uploads(
    files: Iterable[Item | tuple[str, bytes]], *, max_file_mb: float = 10.0
) -> tuple[list[Draft], list[str]]:
    """Drafts of uploaded ``.txt`` files (a ``metadata.csv`` among them supplies outlets and titles).

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
        elif base.lower().endswith(".txt"):
            texts.append(item)
        elif other < MAX_ARTICLES:
            other += 1
            problems.append(f"{base}: only .txt articles (and one metadata.csv) can be uploaded; skipped")
    drafts, more = read_items(texts, limits, rows)
    problems += more
    if not drafts and texts:
        problems.append("None of the uploaded files could be read.")
    return drafts, problems


def article_from_paste(
    text: str, outlet: str, *, title: str = "", name: str = "pasted", max_file_mb: float = 10.0
) -> tuple[Article, list[str]]:
    """An article from pasted text, and notes for the user (HTML or control characters removed).

    Raises :class:`PipelineError` for an empty text, a missing outlet, a text
    over the size limit or one in which no sentence of article text is found.
    """
    if not text.strip():
        raise PipelineError("Paste the article's text first.")
    if not outlet.strip():
        raise PipelineError("Give the outlet's name.")
    item = Item.of("The pasted text", text)
    if problem := size_problem(item.name, item.size, max_file_mb):
        raise PipelineError(problem + ".")
    outlet, title = " ".join(outlet.split()), " ".join(title.split())
    check_names(outlet, title, "The pasted article")
    drafts, notes = read_items([item], Limits.for_visitors(max_file_mb))
    if not drafts:
        raise PipelineError(notes[-1].removesuffix("; skipped") + ".")
    [draft] = drafts
    try:
        article = article_from_text(draft.text.strip(), outlet, title=title, name=name)
    except NoSentences:
        raise PipelineError(
            "No sentences of article text were found in the pasted text "
            "(only headings, links or page boilerplate). Paste the article's paragraphs."
        ) from None
    return article, notes


def _collect(paths: list[Path], metadata: Path | None) -> tuple[list[Path], dict[str, dict[str, str]]]:
    """The files to read, in order and without repeats, and the metadata that applies to them."""
    if not paths:
        raise PipelineError("no files or folders given")
    files: list[Path] = []
    rows: dict[str, dict[str, str]] = {}
    for path in paths:
        if not path.exists():
            raise PipelineError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise PipelineError(f"{path}: the folder has no .txt files")
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
