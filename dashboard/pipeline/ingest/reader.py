"""Items in, articles out: the steps every way in shares (see the package docstring for the rules)."""

from __future__ import annotations

import ast
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dashboard.pipeline.clean import guess_title
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.ingest.decode import check_page_bytes, check_text, decode
from dashboard.pipeline.ingest.limits import (
    MAX_ARTICLE_SENTENCES,
    MAX_OUTLET_CHARS,
    MAX_TITLE_CHARS,
    Limits,
    check_names,
    size_problem,
)
from dashboard.pipeline.ingest.metadata import Rows
from dashboard.pipeline.ingest.names import article_id, clean_name, slug, unique, unique_name
from dashboard.pipeline.ingest.outlet import infer_outlet
from dashboard.pipeline.language import declared_code, detect_language
from dashboard.pipeline.models import Article, PipelineError
from dashboard.pipeline.web import FetchResult, Page, extract_html, looks_like_html

#: Characters segmented first when checking an article's length: 20-30 times the longest seed.
_FIRST_HEAD_CHARS = 100_000
_PASTE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
#: File names read as web pages whatever their content looks like.
HTML_SUFFIXES = (".html", ".htm")


class NoSentences(PipelineError):
    """A text in which no sentence of article text is found."""


@dataclass(frozen=True)
class Item:
    """One thing to read: a name, its size in bytes, and how to get its bytes (or a pasted text).

    ``read`` is called only once the size is within the limits, so an oversized
    file is refused without being read. A fetched page also carries its link
    (``url``, as given), where its redirects ended, when it was fetched and the
    charset its server declared.
    """

    name: str
    size: int
    read: Callable[[], bytes | str]
    path: str = ""
    url: str = ""
    final_url: str = ""
    fetched_at: str = ""
    charset: str = ""

    @classmethod
    def of(cls, name: str, data: bytes | str) -> Item:
        size = len(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        return cls(name, size, lambda: data)

    @classmethod
    def at(cls, path: Path) -> Item:
        return cls(path.name, path.stat().st_size, path.read_bytes, str(path))

    @classmethod
    def fetched(cls, result: FetchResult) -> Item:
        """A fetched page, named by its link's last path segment (a metadata.csv row's file), else host."""
        parts = urlsplit(result.url)
        segment = unquote(parts.path.rstrip("/").rpartition("/")[2])
        content = result.content
        return cls(
            segment or parts.hostname or "page",
            len(content),
            lambda: content,
            url=result.url,
            final_url=result.final_url,
            fetched_at=result.fetched_at,
            charset=result.charset,
        )


@dataclass(frozen=True)
class Draft:
    """A file read and ready to become an article once its outlet is confirmed."""

    name: str
    text: str
    outlet: str
    outlet_source: str  # "metadata", "page" (its site name or host), "text" (infer_outlet) or "given"
    title: str = ""
    date: str = ""
    url: str = ""
    language: str = ""
    path: str = ""
    link: str = ""  # a fetched page: the link as given
    final_url: str = ""
    fetched_at: str = ""

    @property
    def label(self) -> str:
        """How messages name the draft: a fetched page by its link."""
        return self.link or self.name


#: How a warning says the outlet was read from the text: a folder without metadata.csv is normal,
#: so the app gathers these into one note (see :func:`guessed_outlet`).
_GUESSED = ": no outlet in the metadata; using "
_GUESSED_RE = re.compile(re.escape(_GUESSED) + r"(?P<outlet>'.*'|\".*\") from the text$")


def guessed_outlet(warning: str) -> str:
    """The outlet a reader warning says was read from the text, or ``""`` for any other warning."""
    m = _GUESSED_RE.search(warning)
    return ast.literal_eval(m["outlet"]) if m else ""


def text_key(text: str) -> str:
    """What two texts must share to be the same article: their words, whitespace aside."""
    return " ".join(text.split())


def read_items(
    items: Iterable[Item], limits: Limits, metadata: Rows | None = None
) -> tuple[list[Draft], list[str]]:
    """Drafts of the readable items, and one problem per item that is not (it is skipped).

    One bad item never stops the others. Past ``limits.max_articles`` items the
    rest are skipped with one message; so is everything past ``limits.max_total_mb``.
    """
    items = list(items)
    problems: list[str] = []
    if limits.max_articles is not None and len(items) > limits.max_articles:
        problems.append(
            f"{len(items):,} article files were uploaded: only the first {limits.max_articles} are read "
            f"(at most {limits.max_articles} articles per corpus)"
        )
        items = items[: limits.max_articles]
    drafts: list[Draft] = []
    names: set[str] = set()
    seen: dict[str, str] = {}
    total = 0
    for i, item in enumerate(items):
        given = clean_name(item.name)
        name = unique_name(given, names)
        label = item.url or name
        if name != given and not item.url:  # links often end alike ("index.html"); their link names them
            problems.append(f"{given}: another file has the same name; its id is {article_id(name)}")
        if problem := size_problem(label, item.size, limits.max_file_mb):
            problems.append(f"{problem}; skipped")
            continue
        total += item.size
        if limits.max_total_mb is not None and total > limits.max_total_mb * 1_000_000:
            problems.append(
                f"{label} and {len(items) - i - 1} more: over the {limits.max_total_mb:g} MB limit for a "
                "whole corpus; skipped"
            )
            break
        try:
            text, page, notes = _text_of(item, label)
        except PipelineError as e:
            problems.append(f"{e}; skipped")
            continue
        problems += notes
        key = text_key(text)
        if key in seen:
            problems.append(f"{label}: same text as {seen[key]}; skipped")
            continue
        seen[key] = label
        drafts.append(_draft(name, text, (metadata or {}).get(given, {}), item, page))
    return drafts, problems


def build_articles(
    drafts: Sequence[Draft], outlets: Mapping[str, str] | None = None
) -> tuple[list[Article], list[str]]:
    """Articles from drafts, and warnings; ``outlets`` overrides the outlet per draft name.

    A draft with no sentence of article text is skipped; one past
    ``MAX_ARTICLE_SENTENCES`` sentences is cut there. Raises
    :class:`PipelineError` for a missing or overlong outlet or title.
    """
    articles: list[Article] = []
    warnings: list[str] = []
    taken: set[str] = set()
    for draft in drafts:
        override = (outlets or {}).get(draft.name)
        outlet = " ".join((override or draft.outlet).split())
        if not outlet:
            raise PipelineError(f"{draft.label}: give the outlet's name")
        if draft.outlet_source == "text" and override is None:
            warnings.append(f"{draft.label}{_GUESSED}{outlet!r} from the text")
        title = draft.title or guess_title(draft.text, outlet)
        check_names(outlet, title, draft.label)
        base = article_id(draft.name)
        aid = unique(base, taken)
        if aid != base:
            warnings.append(f"{draft.name}: another file has the same id; its id is {aid}")
        language = declared_code(draft.language)
        if language is None:
            warnings.append(
                f"{draft.label}: {draft.language!r} is not a language name or code; "
                "its language was detected from the text"
            )
        article = Article(
            id=aid,
            outlet=outlet,
            text=draft.text,
            title=title,
            date=draft.date,
            language=language or detect_language(draft.text),
            url=draft.url,
            path=draft.path,
            final_url=draft.final_url,
            fetched_at=draft.fetched_at,
        )
        article, problem = _within_sentence_limit(article, draft.label)
        if problem:
            warnings.append(problem)
        if article is not None:
            articles.append(article)
    return articles, warnings


def article_from_text(text: str, outlet: str, *, title: str = "", name: str = "pasted") -> Article:
    """An article from a text; the id is ``<name>-`` plus a short hash of the text."""
    text = text.removeprefix("\ufeff")
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    label = f"{slug(name)}-{digest}"
    if not outlet.strip():
        raise PipelineError(f"{name}: give the outlet's name")
    check_text(text, name, "text")
    draft = Draft(name=label, text=text, outlet=outlet, outlet_source="given", title=title.strip())
    articles, _ = build_articles([draft])
    if not articles:
        raise NoSentences(f"{name}: no sentences of article text found (only headings, links or boilerplate)")
    return articles[0]


def _text_of(item: Item, label: str) -> tuple[str, Page | None, list[str]]:
    """The item's text, its page when it is HTML, and notes about what was changed.

    Fetched pages, ``.html``/``.htm`` files and texts that look like HTML go
    through :func:`~dashboard.pipeline.web.extract_html`: the stored text is the
    article it extracts, and the page's metadata fills the draft.
    """
    try:
        data = item.read()
    except OSError as e:
        raise PipelineError(f"{label}: cannot read the file ({e.strerror or type(e).__name__})") from None
    notes: list[str] = []
    if isinstance(data, bytes):
        if item.url or item.name.lower().endswith(HTML_SUFFIXES) or looks_like_html(data):
            check_page_bytes(data, label)
            page = _page(data, label, item)
            return page.text, page, notes if item.url else [_html_note(label)]
        text = decode(data, label)
    else:  # a pasted text: controls cannot be shown or embedded, and a paste has no file to fix
        text, controls = _PASTE_CONTROL.subn("", data.removeprefix("\ufeff").replace("\r\n", "\n"))
        if controls:
            notes.append(f"{label}: {controls:,} control character(s) (such as NUL) were removed")
        check_text(text, label, "text")
    if looks_like_html(text):
        page = _page(text, label, item)
        return page.text, page, [*notes, _html_note(label)]
    return text, None, notes


def _page(content: str | bytes, label: str, item: Item) -> Page:
    """The article in an HTML page; the page's own problem, named, when it has none."""
    try:
        page = extract_html(content, item.final_url or item.url, item.charset)
    except PipelineError as e:
        raise PipelineError(f"{label}: {e}") from None
    check_text(page.text, label, "page")
    return page


def _html_note(label: str) -> str:
    return (
        f"{label}: an HTML page; its article text, title and date were taken from it "
        "(menus, links and footers left out)"
    )


def _draft(name: str, text: str, row: Mapping[str, str], item: Item, page: Page | None) -> Draft:
    """A draft whose details come from the metadata row, else the page, else the text."""
    page = page or Page(text="")
    outlet = row.get("outlet", "")
    return Draft(
        name=name,
        text=text,
        outlet=outlet or _clip(page.outlet, MAX_OUTLET_CHARS) or infer_outlet(text, name),
        outlet_source="metadata" if outlet else "page" if page.outlet else "text",
        title=row.get("title", "") or _clip(page.title, MAX_TITLE_CHARS),
        date=row.get("date", "") or page.date,
        url=row.get("url", "") or item.url or page.url,
        language=row.get("language", "") or page.language,
        path=item.path or name,
        link=item.url,
        final_url=item.final_url,
        fetched_at=item.fetched_at,
    )


def _clip(value: str, limit: int) -> str:
    """A page's own title or site name cut to what the metadata allows (a page cannot be fixed by hand)."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _within_sentence_limit(article: Article, name: str) -> tuple[Article | None, str]:
    """``article`` cut after ``MAX_ARTICLE_SENTENCES`` sentences, or ``None`` without article text.

    A growing head of the text is segmented, so a huge file of sentences costs
    what its first few thousand cost, not its megabytes.
    """
    head = _FIRST_HEAD_CHARS
    while True:
        part = article if head >= len(article.text) else replace(article, text=article.text[:head])
        corpus = build_corpus([part])
        if len(corpus.sentences) > MAX_ARTICLE_SENTENCES:
            end = corpus.sentences[MAX_ARTICLE_SENTENCES - 1].end
            article = replace(article, text=article.text[:end])
            cut = (
                f"{name}: over {MAX_ARTICLE_SENTENCES:,} sentences, more than an article has; "
                f"only the first {MAX_ARTICLE_SENTENCES:,} are read"
            )
            break
        if part is article:
            cut = ""
            break
        # Enough text for the limit at this head's density, and at least four times as much.
        head = max(4 * head, head * (MAX_ARTICLE_SENTENCES + 1) // max(1, len(corpus.sentences)))
    if not any(s.role == "body" and s.end <= len(article.text) for s in corpus.sentences):
        return None, f"{name}: no sentences of article text found; skipped"
    return article, cut
