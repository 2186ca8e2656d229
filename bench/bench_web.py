"""Links to articles: 50 local news pages fetched and extracted.

    python bench/bench_web.py [--pages 50] [--workers 8] [--rounds 3]

The pages are the seeds built into realistic news pages (nav bar, cookie banner, related
links, comments, footer, scripts, OpenGraph and JSON-LD; ``bench/web_pages.py``), served
from a local HTTP server on 127.0.0.1, each under its own URL. Prints, best of
``--rounds``: the whole batch through :func:`read_links` (fetch and extraction), fetching
alone, the batch through the reader as the CLI reads links (``load_paths(urls=...)``: fetch,
extraction, decoding checks, duplicates, the sentence limit), and the extraction time per
page (trafilatura, one page at a time), plus one long page (every seed's content lines 20 times).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from web_pages import html_route, seed_pages, serve  # noqa: E402

from dashboard.pipeline.ingest import load_paths  # noqa: E402
from dashboard.pipeline.web import FetchPolicy, extract_html, fetch_all, read_links  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    seeds = seed_pages()
    pages = [seeds[i % len(seeds)] for i in range(args.pages)]
    paragraphs = "".join(f"<p>{line}</p>" for seed in seeds * 20 for line in seed.body)
    long_page = seeds[0].html.replace("</article>", paragraphs + "</article>")
    routes = {f"/{i}/{p.name}.html": html_route(p.html) for i, p in enumerate(pages)}
    policy = FetchPolicy(allow_private=True, workers=args.workers, max_links=max(100, args.pages))

    with serve(routes) as base:
        urls = [base + path for path in routes]
        batch, fetch, reader = [], [], []
        for _ in range(args.rounds):
            started = time.perf_counter()
            results = read_links(urls, policy)
            batch.append(time.perf_counter() - started)
            started = time.perf_counter()
            articles, _ = load_paths([], urls=urls)  # the CLI's way: fetch, extract, the reader's rules
            reader.append(time.perf_counter() - started)
            started = time.perf_counter()
            fetched = fetch_all(urls, policy)
            fetch.append(time.perf_counter() - started)
        failed = [r.error for r in results if not r.ok] + [r.error for r in fetched if not r.ok]
        if failed:
            sys.exit(f"{len(failed)} links failed: {failed[:3]}")

    per_page = []
    for page in pages:
        started = time.perf_counter()
        extract_html(page.html, "https://example.com/")
        per_page.append(time.perf_counter() - started)
    started = time.perf_counter()
    long_text = extract_html(long_page).text
    long_s = time.perf_counter() - started

    sizes = [len(p.html.encode()) for p in pages]
    print(f"{args.pages} pages ({min(sizes) / 1000:.0f}-{max(sizes) / 1000:.0f} kB), {args.workers} workers")
    each = min(batch) / args.pages * 1000
    print(f"fetch + extract (read_links): {min(batch):.2f} s  ({each:.1f} ms a page)")
    print(f"fetch alone (fetch_all):      {min(fetch):.2f} s")
    print(
        f"through the reader (load_paths(urls=...)): {min(reader):.2f} s  "
        f"({min(reader) / args.pages * 1000:.1f} ms a page; {len(articles)} articles, the rest duplicates)"
    )
    ms = [t * 1000 for t in per_page]
    print(
        f"extraction per page: median {statistics.median(ms):.1f} ms, mean {statistics.mean(ms):.1f} ms, "
        f"max {max(ms):.1f} ms"
    )
    long_mb = len(long_page.encode()) / 1e6
    print(f"long page ({long_mb:.2f} MB, {len(long_text):,} chars kept): {long_s:.2f} s")


if __name__ == "__main__":
    main()
