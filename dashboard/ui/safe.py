"""Showing untrusted article text literally (pure Python, no streamlit).

Streamlit's markdown reads ``**x**``, ``[a](b)``, ``$x$`` (LaTeX), ``:red[x]``
and raw HTML; plotly reads a subset of HTML. Article text, outlet names, titles
and link parameters come from users, so:

* :func:`md` backslash-escapes text for places that always render markdown
  (``st.caption``, ``st.error``, widget labels): every ASCII punctuation mark
  CommonMark can escape, which covers emphasis, links, code, headings, tables,
  ``$`` and HTML.
* :func:`html_text` is for HTML we build ourselves (``st.html``): ``html.escape``
  plus the markdown specials as numeric entities, so the same string is inert
  whether it reaches an HTML or a markdown renderer, and reads back exactly.
* :func:`highlight` wraps numbers (spans from ``figures.extract``) and
  capitalised multi-word names in ``<mark>`` without ever emitting unescaped text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

#: Characters markdown (or Streamlit's extensions of it) gives a meaning to.
MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|$~<>&:\"'="
_MD_RE = re.compile("([" + re.escape(MARKDOWN_SPECIALS) + "])")
_ENTITY = {c: f"&#{ord(c)};" for c in "\\`*_[]$#~|{}():!=+-"} | {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
}
#: Two or more capitalised words in a row ("Vladimir Putin", "Amerika Serikat"),
#: allowing short lowercase joiners inside ("Ho Chi Minh", "Partai Komunis Vietnam").
_NAME = re.compile(
    r"\b[A-Z][\w'’.-]*[\w](?:\s+(?:(?:de|van|bin|al|of)\s+)?[A-Z][\w'’.-]*[\w])+",
)


def md(text: object) -> str:
    """``text`` escaped for a markdown renderer: shown as written."""
    flat = str(text).replace("\r", " ").replace("\n", " ")
    return _MD_RE.sub(r"\\\1", flat)


def html_text(text: object) -> str:
    """``text`` escaped for HTML we build: no tags, no markdown, no LaTeX, read back exactly."""
    return "".join(_ENTITY.get(c, c) for c in str(text))


def name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised multi-word names (a sentence's first word alone never counts)."""
    return [(m.start(), m.end()) for m in _NAME.finditer(text)]


def highlight(text: str, number_spans: Iterable[tuple[int, int]] = (), names: bool = True) -> str:
    """``text`` as escaped HTML with numbers and names wrapped in ``<mark>``.

    Number spans win over name spans when they overlap; spans outside the text
    are ignored.
    """
    marks: list[tuple[int, int, str]] = []
    for start, end in sorted(number_spans):
        if 0 <= start < end <= len(text) and all(end <= s or start >= e for s, e, _ in marks):
            marks.append((start, end, "num"))
    if names:
        for start, end in name_spans(text):
            if all(end <= s or start >= e for s, e, _ in marks):
                marks.append((start, end, "name"))
    marks.sort()
    out: list[str] = []
    pos = 0
    for start, end, kind in marks:
        out.append(html_text(text[pos:start]))
        out.append(f'<mark class="fd-{kind}">{html_text(text[start:end])}</mark>')
        pos = end
    out.append(html_text(text[pos:]))
    return "".join(out)


# --------------------------------------------------------------------------- fact cards

CARD_CSS = """
<style>
.fd-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;margin:4px 0 8px}
.fd-card{border:1px solid #d9dee7;border-radius:8px;padding:10px 12px;background:#fff;line-height:1.5}
.fd-card.fd-absent{background:#f5f6f8;border-style:dashed;color:#6b7280}
.fd-card .fd-outlet{font-weight:600;font-size:0.95rem;margin-bottom:2px}
.fd-card .fd-lang{font-weight:400;font-size:0.75rem;color:#5b6472;border:1px solid #d9dee7;
border-radius:4px;padding:0 4px;margin-left:4px;vertical-align:1px}
.fd-card .fd-meta{font-size:0.78rem;color:#5b6472;margin-bottom:6px}
.fd-card .fd-text{font-size:0.95rem;white-space:pre-wrap;overflow-wrap:anywhere}
.fd-card.fd-disputed{border-color:#e8743b;box-shadow:inset 3px 0 0 #e8743b}
mark.fd-num{background:#fde7b0;color:inherit;padding:0 1px;border-radius:3px}
mark.fd-name{background:#dbe8fb;color:inherit;padding:0 1px;border-radius:3px}
.fd-legend{font-size:0.8rem;color:#5b6472;margin:2px 0 6px}
.fd-title{font-size:1.15rem;font-weight:600;line-height:1.45;margin:2px 0 4px;overflow-wrap:anywhere}
.fd-sub{font-size:0.9rem;color:#4b5563;margin-bottom:6px}
.fd-quote{font-size:0.9rem;color:#374151;border-left:3px solid #c7cfdb;padding-left:8px;margin:4px 0;
overflow-wrap:anywhere}
</style>
"""


def card(
    outlet: str,
    *,
    sentence_html: str = "",
    meta: str = "",
    absent: bool = False,
    disputed: bool = False,
    language: str = "",
    footer_html: str = "",
) -> str:
    """One outlet's card, its language beside its name; ``sentence_html`` and ``footer_html`` (under
    the text: where the article came from) must already be escaped."""
    classes = "fd-card" + (" fd-absent" if absent else "") + (" fd-disputed" if disputed else "")
    # dir="auto": an Arabic or Hebrew sentence reads right to left, from the card's right edge.
    body = (
        '<div class="fd-text"><em>Does not report this fact.</em></div>'
        if absent
        else f'<div class="fd-text" dir="auto">{sentence_html}</div>'
    )
    tongue = f' <span class="fd-lang">{html_text(language)}</span>' if language else ""
    return (
        f'<div class="{classes}"><div class="fd-outlet">{html_text(outlet)}{tongue}</div>'
        f'<div class="fd-meta">{html_text(meta)}</div>{body}{footer_html}</div>'
    )


def card_grid(cards: Sequence[str]) -> str:
    return CARD_CSS + '<div class="fd-grid">' + "".join(cards) + "</div>"
