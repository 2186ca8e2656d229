"""Uploaded and pasted corpora: read them from the user's input and keep them under ``data_dir``.

A stored corpus is one JSON file, ``<data_dir>/corpora/<id>.json``, holding the
articles' texts and metadata. Its id is a hash of the sorted articles' outlet
and text (``u-`` and 16 hex digits), so the same articles always get the same
id and a link to it reopens the same corpus. Ids are checked against that
pattern before any path is built from them, so a link cannot name another file.

Writing is atomic (a temporary file renamed into place). When the folder cannot
be written (read-only, full, no permission, or over ``MAX_STORE_MB``)
:func:`save` raises :class:`NotShareable`; the caller can still use the
articles for the session.

Everything here reads untrusted input (uploaded files, pasted text, metadata):
sizes and counts are limited before anything is decoded, file names are reduced
to a plain base name, archives and binary files are refused (never unpacked),
and HTML is reduced to its text.

Pure Python: no streamlit.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from dashboard.pipeline.clean import guess_title
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.ingest import (
    METADATA_COLUMNS,
    METADATA_FIELD_CHARS,
    METADATA_NAME,
    article_from_text,
    check_metadata_row,
    check_metadata_size,
    decode,
    infer_outlet,
    metadata_csv_error,
)
from dashboard.pipeline.language import detect_language
from dashboard.pipeline.models import Article, PipelineError

SEEDS = "seeds"
ID_PATTERN = re.compile(r"u-[0-9a-f]{16}")
SCHEMA = 1
MAX_ARTICLES = 100
MAX_TOTAL_MB = 50.0
#: Sentences of article text in one corpus: about 100 articles. Embedding runs at tens of
#: sentences a second on a CPU, so this bounds what one upload can cost the server.
MAX_SENTENCES = 3_000
#: Stored corpora together; past this, new corpora work for their session but get no link.
MAX_STORE_MB = 2_000.0
MAX_OUTLET_CHARS = METADATA_FIELD_CHARS["outlet"]
MAX_TITLE_CHARS = METADATA_FIELD_CHARS["title"]
MAX_NAME_CHARS = 100
#: Temporary files older than this are left over from an interrupted write and removed.
STALE_TMP_S = 3600
GONE = "This shared corpus is no longer on this server."


class CorpusGone(PipelineError):
    """A link names a corpus this server does not have (deleted, or from another server)."""


class NotShareable(PipelineError):
    """The corpus is fine but could not be written, so no link can reopen it."""


# --------------------------------------------------------------------------- ids


def corpus_id(articles: Iterable[Article]) -> str:
    """``u-`` + 16 hex digits of a SHA-256 over the sorted (outlet, text) pairs."""
    digest = hashlib.sha256()
    for outlet, text in sorted((a.outlet, a.text) for a in articles):
        for part in (outlet, text):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
    return "u-" + digest.hexdigest()[:16]


def is_valid_id(value: str) -> bool:
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def check_id(value: str) -> str:
    if not is_valid_id(value):
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise PipelineError(f"'{shown}' is not a corpus id of this app (expected u- and 16 hex digits).")
    return value


def path_for(cid: str, data_dir: str | Path) -> Path:
    return Path(data_dir) / "corpora" / f"{check_id(cid)}.json"


# --------------------------------------------------------------------------- limits


def check_limits(articles: Sequence[Article], *, max_file_mb: float = 10.0) -> None:
    """Refuse corpora too large to store or analyse, with a message naming the limit."""
    if not articles:
        raise PipelineError("No articles to store.")
    if len(articles) > MAX_ARTICLES:
        raise PipelineError(f"{len(articles)} articles is over the limit of {MAX_ARTICLES} per corpus.")
    total = 0.0
    for a in articles:
        check_names(a.outlet, a.title, a.path or a.id)
        mb = len(a.text.encode("utf-8", "surrogatepass")) / 1_000_000
        if mb > max_file_mb:
            name = a.path or a.id
            raise PipelineError(f"{name}: {mb:.1f} MB is over the {max_file_mb:g} MB limit (max_file_mb)")
        total += mb
    if total > MAX_TOTAL_MB:
        raise PipelineError(f"The corpus is {total:.1f} MB, over the {MAX_TOTAL_MB:g} MB limit.")
    sentences = sum(count_sentences(a) for a in articles)
    if sentences > MAX_SENTENCES:
        raise PipelineError(
            f"The corpus has {sentences:,} sentences of article text, over the limit of {MAX_SENTENCES:,} "
            "(about 100 articles). Compare fewer articles here, or use the command line "
            "(python -m dashboard export) for a large corpus."
        )


def check_names(outlet: str, title: str, where: str) -> None:
    """Refuse an outlet name or title too long to be one."""
    if len(outlet) > MAX_OUTLET_CHARS:
        raise PipelineError(
            f"{where}: the outlet name is {len(outlet):,} characters long (at most {MAX_OUTLET_CHARS})"
        )
    if len(title) > MAX_TITLE_CHARS:
        raise PipelineError(
            f"{where}: the title is {len(title):,} characters long (at most {MAX_TITLE_CHARS})"
        )


# --------------------------------------------------------------------------- save / load


def save(articles: Sequence[Article], data_dir: str | Path, *, max_file_mb: float = 10.0) -> str:
    """Store ``articles`` and return their corpus id.

    Raises :class:`PipelineError` for a corpus over the limits and
    :class:`NotShareable` when ``data_dir`` cannot be written.
    """
    check_limits(articles, max_file_mb=max_file_mb)
    cid = corpus_id(articles)
    payload = {"schema": SCHEMA, "id": cid, "articles": [asdict(a) for a in articles]}
    text = json.dumps(payload, indent=1)  # ASCII: a lone surrogate cannot break the write
    target = path_for(cid, data_dir)
    try:
        stored = target.is_file()  # a re-save takes no more room
        if not stored and (_stored_bytes(target.parent) + len(text)) / 1_000_000 > MAX_STORE_MB:
            raise NotShareable(
                "This corpus works in this session but cannot be shared by link: "
                "the server's space for shared corpora is full."
            )
        _write_atomic(target, text)
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise NotShareable(
            f"This corpus works in this session but cannot be shared by link: "
            f"the server could not store it ({reason})."
        ) from None
    return cid


def _stored_bytes(folder: Path) -> int:
    """Bytes of the stored corpora in ``folder``; removes temporary files an interrupted write left."""
    total = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    now = time.time()
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if entry.name.endswith(".tmp") and now - info.st_mtime > STALE_TMP_S:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
            continue
        total += info.st_size
    return total


def load(cid: str, data_dir: str | Path) -> list[Article]:
    """The articles of a stored corpus; :class:`CorpusGone` when it is not (or no longer) here."""
    target = path_for(cid, data_dir)
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorpusGone(GONE) from None
    except OSError as e:
        raise PipelineError(f"Cannot read the stored corpus ({e.strerror or type(e).__name__}).") from None
    try:
        payload = json.loads(raw)
        names = {f.name for f in fields(Article)}
        articles = [
            Article(**{k: str(v) for k, v in row.items() if k in names}) for row in payload["articles"]
        ]
    except (ValueError, KeyError, TypeError):
        raise PipelineError("The stored corpus is damaged and cannot be read.") from None
    if not articles:
        raise PipelineError("The stored corpus is empty.")
    return articles


def delete(cid: str, data_dir: str | Path) -> bool:
    """Remove a stored corpus; ``False`` when it was not there."""
    try:
        path_for(cid, data_dir).unlink()
    except FileNotFoundError:
        return False
    return True


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --------------------------------------------------------------------------- uploads


@dataclass(frozen=True)
class Upload:
    """One uploaded text file, read and ready to become an article once its outlet is confirmed."""

    name: str
    text: str
    outlet: str
    outlet_source: str  # "metadata" or "text" (inferred with infer_outlet)
    title: str = ""
    date: str = ""
    url: str = ""
    language: str = ""


_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_name(name: object) -> str:
    """An uploaded file's name reduced to a plain base name: no folders (``../``, ``C:\\``), no
    control or bidirectional-override characters, at most ``MAX_NAME_CHARS`` characters."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    base = " ".join(_UNSAFE_NAME_CHARS.sub("", base).split())
    if base in ("", ".", ".."):
        return "unnamed"
    if len(base) > MAX_NAME_CHARS:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and len(ext) <= 8:
            base = stem[: MAX_NAME_CHARS - len(ext) - 2] + "…." + ext
        else:
            base = base[: MAX_NAME_CHARS - 1] + "…"
    return base


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}{dot}{ext}", n + 1
    taken.add(candidate)
    return candidate


def read_uploads(
    files: Sequence[tuple[str, bytes]], *, max_file_mb: float = 10.0
) -> tuple[list[Upload], list[str]]:
    """Readable ``.txt`` files (a ``metadata.csv`` among them supplies outlets and titles).

    Returns the files that can be used and one message per file that cannot
    (empty, binary, an archive, too large, unreadable encoding, repeated text);
    one bad file never stops the others. At most ``MAX_ARTICLES`` files and
    ``MAX_TOTAL_MB`` are read; the rest are skipped with one message. HTML is
    reduced to its text, with a note.
    """
    problems: list[str] = []
    meta: dict[str, dict[str, str]] = {}
    texts: list[tuple[str, bytes]] = []
    names: set[str] = set()
    other = 0
    for name, data in files:
        base = clean_name(name)
        if base.lower() == METADATA_NAME:
            try:
                meta = parse_metadata(data, base)
            except PipelineError as e:
                problems.append(f"{e}; the metadata file was ignored")
        elif base.lower().endswith(".txt"):
            texts.append((_unique(base, names), data))
        elif other < MAX_ARTICLES:
            other += 1
            problems.append(f"{base}: only .txt articles (and one metadata.csv) can be uploaded; skipped")
    if len(texts) > MAX_ARTICLES:
        problems.append(
            f"{len(texts):,} article files were uploaded: only the first {MAX_ARTICLES} are read "
            f"(at most {MAX_ARTICLES} articles per corpus)"
        )
        texts = texts[:MAX_ARTICLES]
    uploads: list[Upload] = []
    seen: dict[str, str] = {}
    total = 0.0
    for i, (name, data) in enumerate(texts):
        mb = len(data) / 1_000_000
        if mb > max_file_mb:
            problems.append(
                f"{name}: {mb:.1f} MB is over the {max_file_mb:g} MB limit (max_file_mb); skipped"
            )
            continue
        if total + mb > MAX_TOTAL_MB:
            problems.append(
                f"{name} and {len(texts) - i - 1} more: over the {MAX_TOTAL_MB:g} MB limit for a "
                "whole corpus; skipped"
            )
            break
        total += mb
        try:
            text = decode(data, name)
        except PipelineError as e:
            problems.append(f"{e}; skipped")
            continue
        if looks_like_html(text):
            text = strip_html(text)
            if not any(c.isalpha() for c in text):
                problems.append(f"{name}: HTML with no text in it; skipped")
                continue
            problems.append(f"{name}: HTML; its tags were removed and only the text kept")
        key = " ".join(text.split())
        if key in seen:
            problems.append(f"{name}: same text as {seen[key]}; skipped")
            continue
        seen[key] = name
        row = meta.get(name, {})
        outlet = row.get("outlet", "")
        uploads.append(
            Upload(
                name=name,
                text=text,
                outlet=outlet or infer_outlet(text, name),
                outlet_source="metadata" if outlet else "text",
                title=row.get("title", ""),
                date=row.get("date", ""),
                url=row.get("url", ""),
                language=row.get("language", ""),
            )
        )
    if not uploads and texts:
        problems.append("None of the uploaded files could be read.")
    return uploads, problems


def parse_metadata(data: bytes, name: str = METADATA_NAME) -> dict[str, dict[str, str]]:
    """Rows of an uploaded ``file,outlet,title,date,url,language`` CSV, keyed by file name."""
    check_metadata_size(len(data), name)
    text = decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: dict[str, dict[str, str]] = {}
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if "file" not in header:
            raise PipelineError(f"{name}: line 1: the header has no 'file' column")
        for fields_ in reader:
            if not any(f.strip() for f in fields_):
                continue
            if len(fields_) != len(header):
                raise PipelineError(
                    f"{name}: line {reader.line_num}: expected {len(header)} fields, got {len(fields_)}"
                )
            row = dict(zip(header, (" ".join(f.split()) for f in fields_), strict=True))  # one line each
            check_metadata_row(row, f"{name}: line {reader.line_num}")
            file = clean_name(row["file"]) if row["file"].strip() else ""
            if file:
                rows[file] = {c: row.get(c, "") for c in METADATA_COLUMNS}
    except csv.Error as e:
        raise PipelineError(metadata_csv_error(name, reader.line_num, e)) from None
    return rows


def build_articles(uploads: Sequence[Upload], outlets: Mapping[str, str] | None = None) -> list[Article]:
    """Articles from confirmed uploads; ``outlets`` overrides the outlet per file name."""
    articles: list[Article] = []
    taken: set[str] = set()
    for up in uploads:
        outlet = " ".join(((outlets or {}).get(up.name) or up.outlet).split())
        if not outlet:
            raise PipelineError(f"{up.name}: give the outlet's name")
        check_names(outlet, up.title, up.name)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(up.name).stem).strip("-.") or "article"
        article_id, n = stem, 2
        while article_id in taken:
            article_id, n = f"{stem}-{n}", n + 1
        taken.add(article_id)
        articles.append(
            Article(
                id=article_id,
                outlet=outlet,
                text=up.text,
                title=up.title or guess_title(up.text, outlet),
                date=up.date,
                language=(up.language or detect_language(up.text)).lower(),
                url=up.url,
                path=up.name,
            )
        )
    return articles


# --------------------------------------------------------------------------- pasted text

# Structural tags only: a text that merely mentions <script> or <img onerror=...> is text, and is
# shown literally; a page (<html>, <p>, <div>, ...) is reduced to its text.
_HTML_HINT = re.compile(
    r"<(?:!doctype\s+html|/?(?:html|head|body|p|div|span|br|h[1-6]|article|section|main|li|ul|ol"
    r"|table|tr|td|th|figure|figcaption|blockquote|header|footer|nav|meta|link|style|title|iframe"
    r"|noscript))\b[^<>]*>",
    re.I,
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section"}
    | {"header", "footer", "tr", "table", "figure", "blockquote"}
)
_SKIP_TAGS = frozenset(
    {"script", "style", "head", "noscript", "template", "svg", "math", "iframe", "object", "canvas"}
    | {"select", "textarea", "button"}
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return _HTML_HINT.search(text) is not None


def strip_html(text: str) -> str:
    """The readable text of an HTML fragment: tags dropped, scripts and styles removed, entities decoded."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    joined = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in joined.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


_PASTE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def article_from_paste(
    text: str, outlet: str, *, title: str = "", name: str = "pasted", max_file_mb: float = 10.0
) -> tuple[Article, list[str]]:
    """An article from pasted text, and notes for the user (HTML removed).

    Raises :class:`PipelineError` for an empty text, a missing outlet, a text
    over the size limit or one in which no sentence of article text is found.
    """
    notes: list[str] = []
    if not text.strip():
        raise PipelineError("Paste the article's text first.")
    if not outlet.strip():
        raise PipelineError("Give the outlet's name.")
    mb = len(text.encode("utf-8", "surrogatepass")) / 1_000_000
    if mb > max_file_mb:
        raise PipelineError(
            f"The pasted text is {mb:.1f} MB, over the {max_file_mb:g} MB limit (max_file_mb)."
        )
    outlet, title = " ".join(outlet.split()), " ".join(title.split())
    check_names(outlet, title, "The pasted article")
    if looks_like_html(text):
        text = strip_html(text)
        notes.append("The pasted text was HTML: its tags were removed and only the text kept.")
    text, controls = _PASTE_CONTROL.subn("", text.replace("\r\n", "\n"))
    if controls:
        notes.append(f"{controls:,} control character(s) (such as NUL) were removed from the pasted text.")
    text = text.strip()
    article = article_from_text(text, outlet, title=title, name=name)
    if not build_corpus([article]).body_sentences:
        raise PipelineError(
            "No sentences of article text were found in the pasted text "
            "(only headings, links or page boilerplate). Paste the article's paragraphs."
        )
    return article, notes


def count_sentences(article: Article) -> int:
    """Sentences of article text (body) in ``article``."""
    return len(build_corpus([article]).body_sentences)


def has_sentences(article: Article) -> bool:
    return count_sentences(article) > 0
