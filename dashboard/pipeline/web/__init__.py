"""Articles from web pages and links: extraction (:mod:`.extract`), fetching (:mod:`.fetch`)
and the address policy that keeps a hosted app from fetching its own network (:mod:`.safety`).

:func:`read_links` is the one call a reader needs for pasted links or a ``--urls`` file;
:func:`extract_html` the one for an ``.html`` file, or a ``.txt`` that :func:`looks_like_html`.
"""

from dashboard.pipeline.web.extract import Page, decode_html, extract_html, looks_like_html
from dashboard.pipeline.web.fetch import (
    FetchPolicy,
    FetchResult,
    LinkArticle,
    fetch_all,
    fetch_one,
    parse_url_list,
    read_links,
)
from dashboard.pipeline.web.safety import Refused, address_problem, check_url

__all__ = [
    "FetchPolicy",
    "FetchResult",
    "LinkArticle",
    "Page",
    "Refused",
    "address_problem",
    "check_url",
    "decode_html",
    "extract_html",
    "fetch_all",
    "fetch_one",
    "looks_like_html",
    "parse_url_list",
    "read_links",
]
