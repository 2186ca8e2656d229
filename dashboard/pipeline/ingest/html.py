"""The one hand-off from HTML to text: every way in that meets a page calls :func:`html_to_text`.

Only structural tags make a text HTML: a text that merely mentions ``<script>``
or ``<img onerror=...>`` is text, and is kept literally.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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


def html_to_text(text: str) -> str:
    """The readable text of an HTML page or fragment: tags dropped, scripts and styles removed,
    entities decoded, one line per block."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
