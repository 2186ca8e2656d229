"""Where an article came from, for the outlet cards and the fact cards: its title, date and a link
to the original (pure Python, no streamlit).

The link opens in a new tab with ``rel="noopener noreferrer"``: the page cannot reach back into
the dashboard, and the outlet does not learn which dashboard view sent the reader. Only http(s)
addresses become links; "link: none" is shown only when the article has no address at all.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from urllib.parse import urlparse

from dashboard.pipeline.models import Article
from dashboard.ui.safe import html_text

_STYLE = (
    "font-size:0.8rem;color:#5b6472;line-height:1.45;margin-top:6px;padding-top:4px;"
    "border-top:1px solid #eef0f4;overflow-wrap:anywhere"
)


def safe_link(url: str) -> str | None:
    """``url`` when it is an http(s) address, else ``None`` (never a javascript: link)."""
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def link_html(url: str, fetched_at: str = "") -> str:
    """An anchor to ``url`` opened in a new tab without opener or referrer, or why there is none.

    Hovering it shows the address, and when the page was fetched.
    """
    link = safe_link(url)
    if link is None:
        return "link: none" if not url.strip() else "link: not a web address"
    host = (urlparse(link).hostname or link).removeprefix("www.")
    hover = link + (f" (fetched {fetched_at})" if fetched_at else "")
    return (
        f'<a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer" '
        f'title="{html.escape(hover, quote=True)}">open the original ({html_text(host)})</a>'
    )


def source_html(article: Article) -> str:
    """One line: the article's title, its date, and the link to the original (escaped HTML)."""
    # <bdi>: a right-to-left title would otherwise pull the date and link into its own direction.
    title = f"<bdi>{html_text(article.title)}</bdi>" if article.title else "<em>no title found</em>"
    date = html_text(article.date) if article.date else "no date"
    link = link_html(article.url, article.fetched_at)
    return f"<div class='fd-source' style='{_STYLE}'>{title} · {date} · {link}</div>"


def sources_html(articles: Iterable[Article]) -> str:
    """One source line per article (an outlet with several articles gets several)."""
    return "".join(source_html(a) for a in articles)
