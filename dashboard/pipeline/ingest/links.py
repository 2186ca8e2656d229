"""Links in, items out: each link fetched under :mod:`dashboard.pipeline.web`'s limits and
address policy, then read by the same steps as a file (:mod:`.reader`).

A link that fails costs that link only: its problem names it and says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dashboard.pipeline.ingest.limits import MAX_ARTICLES, Limits
from dashboard.pipeline.ingest.reader import Draft, Item, read_items
from dashboard.pipeline.web import FetchPolicy, FetchResult, fetch_all, parse_url_list

#: Links fetched per request in the app: as many as a visitor's corpus may hold.
MAX_LINKS = MAX_ARTICLES

#: Called with one line per link as it finishes (``link 3/5: https://… (48 KB)``).
Progress = Callable[[str], None]


def policy_for(*, allow_private: bool, max_file_mb: float, max_links: int = MAX_LINKS) -> FetchPolicy:
    """The fetch policy for a way in: its address rule, the per-file size limit, its link cap."""
    return FetchPolicy(
        allow_private=allow_private, max_bytes=int(max_file_mb * 1_000_000), max_links=max_links
    )


def progress_line(done: int, total: int, result: FetchResult) -> str:
    """One line for a finished link: its size, or why it failed."""
    state = f"{len(result.content) / 1000:,.0f} KB" if result.ok else f"failed: {result.error}"
    return f"link {done}/{total}: {result.url} ({state})"


def fetch_items(
    urls: Sequence[str], policy: FetchPolicy, progress: Progress | None = None
) -> tuple[list[Item], list[str]]:
    """An item per link that loaded, in the order given, and a problem per link that did not."""

    def report(done: int, total: int, result: FetchResult) -> None:
        if progress is not None:
            progress(progress_line(done, total, result))

    items: list[Item] = []
    problems: list[str] = []
    for result in fetch_all(urls, policy, report):
        if result.ok:
            items.append(Item.fetched(result))
        else:
            problems.append(f"{result.url}: {result.error}; skipped")
    return items, problems


def read_link_list(
    text: str, *, allow_private: bool, max_file_mb: float = 10.0, progress: Progress | None = None
) -> tuple[list[Draft], list[str]]:
    """Drafts from a visitor's pasted links (one per line, ``#`` comments), and one problem per bad line
    or link. Past ``MAX_LINKS`` links the rest are not fetched, with one message saying so."""
    urls, problems = parse_url_list(text)
    if not urls:
        return [], [*problems, "No links found: paste one link per line, such as https://www.tempo.co/…"]
    if len(urls) > MAX_LINKS:
        problems.insert(
            0,
            f"{len(urls):,} links pasted: only the first {MAX_LINKS} are fetched "
            f"(at most {MAX_LINKS} links at a time, as many as a corpus may hold)",
        )
        urls = urls[:MAX_LINKS]
    items, failed = fetch_items(
        urls, policy_for(allow_private=allow_private, max_file_mb=max_file_mb), progress
    )
    drafts, more = read_items(items, Limits.for_visitors(max_file_mb))
    return drafts, problems + failed + more
