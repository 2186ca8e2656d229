"""Items in, articles out: the steps every way in shares (see the package docstring for the rules)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dashboard.pipeline.clean import guess_title
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.ingest.decode import check_text, decode
from dashboard.pipeline.ingest.html import html_to_text, looks_like_html
from dashboard.pipeline.ingest.limits import MAX_ARTICLE_SENTENCES, Limits, check_names, size_problem
from dashboard.pipeline.ingest.metadata import Rows
from dashboard.pipeline.ingest.names import article_id, clean_name, slug, unique, unique_name
from dashboard.pipeline.ingest.outlet import infer_outlet
from dashboard.pipeline.language import detect_language
from dashboard.pipeline.models import Article, PipelineError

#: Characters segmented first when checking an article's length: 20-30 times the longest seed.
_FIRST_HEAD_CHARS = 100_000
_PASTE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class NoSentences(PipelineError):
    """A text in which no sentence of article text is found."""


@dataclass(frozen=True)
class Item:
    """One thing to read: a name, its size in bytes, and how to get its bytes (or a pasted text).

    ``read`` is called only once the size is within the limits, so an oversized
    file is refused without being read.
    """

    name: str
    size: int
    read: Callable[[], bytes | str]
    path: str = ""

    @classmethod
    def of(cls, name: str, data: bytes | str) -> Item:
        size = len(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        return cls(name, size, lambda: data)

    @classmethod
    def at(cls, path: Path) -> Item:
        return cls(path.name, path.stat().st_size, path.read_bytes, str(path))


@dataclass(frozen=True)
class Draft:
    """A file read and ready to become an article once its outlet is confirmed."""

    name: str
    text: str
    outlet: str
    outlet_source: str  # "metadata", "text" (inferred with infer_outlet) or "given" (a paste's)
    title: str = ""
    date: str = ""
    url: str = ""
    language: str = ""
    path: str = ""


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
        if name != given:
            problems.append(f"{given}: another file has the same name; its id is {article_id(name)}")
        if problem := size_problem(name, item.size, limits.max_file_mb):
            problems.append(f"{problem}; skipped")
            continue
        total += item.size
        if limits.max_total_mb is not None and total > limits.max_total_mb * 1_000_000:
            problems.append(
                f"{name} and {len(items) - i - 1} more: over the {limits.max_total_mb:g} MB limit for a "
                "whole corpus; skipped"
            )
            break
        try:
            text, notes = _text_of(item, name)
        except PipelineError as e:
            problems.append(f"{e}; skipped")
            continue
        problems += notes
        key = text_key(text)
        if key in seen:
            problems.append(f"{name}: same text as {seen[key]}; skipped")
            continue
        seen[key] = name
        drafts.append(_draft(name, text, (metadata or {}).get(given, {}), item.path or name))
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
            raise PipelineError(f"{draft.name}: give the outlet's name")
        if draft.outlet_source == "text" and override is None:
            warnings.append(f"{draft.name}: no outlet in the metadata; using {outlet!r} from the text")
        title = draft.title or guess_title(draft.text, outlet)
        check_names(outlet, title, draft.name)
        base = article_id(draft.name)
        aid = unique(base, taken)
        if aid != base:
            warnings.append(f"{draft.name}: another file has the same id; its id is {aid}")
        article = Article(
            id=aid,
            outlet=outlet,
            text=draft.text,
            title=title,
            date=draft.date,
            language=(draft.language or detect_language(draft.text)).lower(),
            url=draft.url,
            path=draft.path,
        )
        article, problem = _within_sentence_limit(article, draft.name)
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


def _text_of(item: Item, name: str) -> tuple[str, list[str]]:
    """The item's text and notes about what was changed: decoded, stripped of HTML."""
    try:
        data = item.read()
    except OSError as e:
        raise PipelineError(f"{name}: cannot read the file ({e.strerror or type(e).__name__})") from None
    notes: list[str] = []
    if isinstance(data, bytes):
        text = decode(data, name)
    else:  # a pasted text: controls cannot be shown or embedded, and a paste has no file to fix
        text, controls = _PASTE_CONTROL.subn("", data.removeprefix("\ufeff").replace("\r\n", "\n"))
        if controls:
            notes.append(f"{name}: {controls:,} control character(s) (such as NUL) were removed")
        check_text(text, name, "text")
    if looks_like_html(text):
        text = html_to_text(text)
        if not any(c.isalpha() for c in text):
            raise PipelineError(f"{name}: HTML with no text in it")
        notes.append(f"{name}: HTML; its tags were removed and only the text kept")
    return text, notes


def _draft(name: str, text: str, row: Mapping[str, str], path: str) -> Draft:
    outlet = row.get("outlet", "")
    return Draft(
        name=name,
        text=text,
        outlet=outlet or infer_outlet(text, name),
        outlet_source="metadata" if outlet else "text",
        title=row.get("title", ""),
        date=row.get("date", ""),
        url=row.get("url", ""),
        language=row.get("language", ""),
        path=path,
    )


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
