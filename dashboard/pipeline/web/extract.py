"""A news page's article text and metadata, extracted with trafilatura.

trafilatura (with htmldate and courlan) is the extractor news and web-corpus research
uses: it keeps the article body and drops navigation, related links, comments, cookie
banners, share buttons and footers. The text it returns is what gets stored, so sentence
offsets refer to it.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import lxml.html
import trafilatura
from lxml.etree import ParserError

from dashboard.pipeline.language import declared_code
from dashboard.pipeline.models import PipelineError

# trafilatura, htmldate and courlan log a page they cannot parse; extract_html turns that into a
# message for the user, so their own lines must not reach the CLI's output (Python's last-resort
# handler prints any logger's warnings to stderr when nothing is configured).
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

#: Markup that only a page has (not an article that mentions a tag), looked for near the top.
_DOCUMENT = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s)", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rb"</(?:p|div|span|a|li|td|h[1-6]|article|section)>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTENT_LANGUAGE = "//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content"
#: Browsers read these labels as windows-1252 (WHATWG Encoding), and so do pages written for them.
_AS_CP1252 = {"ascii", "latin_1", "iso8859_1"}


@dataclass(frozen=True)
class Page:
    """An article extracted from a web page. Missing metadata is ``""``."""

    text: str  # the article body, paragraphs separated by newlines
    title: str = ""
    date: str = ""  # publication date, ISO (YYYY-MM-DD)
    site_name: str = ""
    url: str = ""  # canonical URL if the page names one, else the URL it came from
    language: str = ""  # as the page declares it (``<html lang>``), ISO 639-1; "" when it does not
    host: str = ""  # host of ``url`` without "www."

    @property
    def outlet(self) -> str:
        """The site name, else the host."""
        return self.site_name or self.host


def looks_like_html(content: str | bytes) -> bool:
    """Whether ``content`` is an HTML page or fragment rather than plain text.

    A ``.txt`` file saved from a browser, or text pasted from a page's source, is HTML and
    must go through :func:`extract_html`, not be split into sentences as it stands. Page
    markup near the top, or two closed block tags, make HTML; a text that merely mentions
    ``<script>`` or one ``<b>`` stays text.
    """
    head = content[: _SNIFF_BYTES * 4]
    data = head.encode("utf-8", "replace") if isinstance(head, str) else head
    return bool(_DOCUMENT.search(data[:_SNIFF_BYTES])) or len(_BLOCK_CLOSE.findall(data)) >= 2


def decode_html(data: bytes, declared: str = "") -> str:
    """Decode a page's bytes: byte-order mark, then the HTTP charset, then ``<meta charset>``, then detection.

    A declared charset is only trusted if the bytes decode with it; an unknown or wrong
    one (common on old news sites) falls through to UTF-8 and then to charset detection.
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, "replace")
    meta = _META_CHARSET.search(data[:_SNIFF_BYTES])
    candidates = [declared, meta.group(1).decode("ascii", "ignore") if meta else "", "utf-8"]
    for label in candidates:
        name = _codec(label)
        if name:
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                continue
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return data.decode("utf-8", "replace")
    # Detection often ties windows-1252 with its Central European and Baltic siblings; the
    # web's legacy default (what browsers assume) wins the tie.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return str(next((m for m in tied if m.encoding == "cp1252"), best))


def _codec(label: str) -> str:
    try:
        name = codecs.lookup(label.strip()).name if label.strip() else ""
    except LookupError:
        return ""
    return "cp1252" if name.replace("-", "_") in _AS_CP1252 else name


def extract_html(content: str | bytes, url: str = "", charset: str = "") -> Page:
    """The article in an HTML page, with its title, date, site name, canonical URL and language.

    ``content`` is the page as text or as bytes (decoded with ``charset``, the HTTP
    header's, if it fits). ``url`` is where the page came from; it resolves a relative
    canonical link and is the fallback URL. Raises :class:`PipelineError` with a message
    for the user when the page holds no article text (a page built by JavaScript, an
    empty or non-HTML file).
    """
    text = decode_html(content, charset) if isinstance(content, bytes) else content
    text = text.replace("\x00", "")  # lxml refuses NUL characters
    if not text.strip():
        raise PipelineError("the page is empty")
    try:
        doc = trafilatura.bare_extraction(
            text,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
    except (ParserError, ValueError) as err:
        raise PipelineError(f"the page could not be read as HTML ({err})") from None
    body = (doc.text or "").strip() if doc is not None else ""
    if not body:
        raise PipelineError(_no_text_reason(text))
    page_url = _web_url(urljoin(url, doc.url or "")) or _web_url(url)
    host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    return Page(
        text=body,
        title=(doc.title or "").strip(),
        date=doc.date or "",
        site_name=(doc.sitename or "").strip(),
        url=page_url,
        language=_declared_language(text),
        host=host,
    )


def _web_url(url: str) -> str:
    """``url`` if it is an absolute http(s) link, else "" (a page's canonical link is untrusted text)."""
    parts = urlsplit(url)
    return url if parts.scheme in {"http", "https"} and parts.hostname else ""


def _no_text_reason(text: str) -> str:
    scripts = len(re.findall(r"<script\b", text, re.IGNORECASE))
    if scripts:
        return (
            f"no article text in the page: it holds {scripts} script(s) and no readable text, "
            "so it is probably built by JavaScript in the browser (save the page from the browser "
            "after it has loaded, or paste its text)"
        )
    return "no article text in the page"


def _declared_language(text: str) -> str:
    """The ``lang`` of ``<html>``, else ``content-language`` or ``og:locale``, as an ISO 639-1 code."""
    head = text[: _SNIFF_BYTES * 4]
    try:
        root = lxml.html.fromstring(head)
    except (ParserError, ValueError):
        return ""
    values = [
        root.getroottree().getroot().get("lang", ""),
        *root.xpath(_CONTENT_LANGUAGE),
        *root.xpath("//meta[@property='og:locale']/@content"),
    ]
    # content-language may list several ("de, en"): the first is the page's own.
    return next((code for code in (declared_code(v.split(",")[0]) for v in values) if code), "")
