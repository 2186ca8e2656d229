"""The app with links and saved pages (AppTest): the "Paste links" box, .html uploads, and a
corpus of fetched pages that its link reopens without fetching again.

Pages come from a server on 127.0.0.1 started here; the app may fetch it only with the
``allow_private_links`` setting on, as on a newsroom intranet.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.web_pages import counted, html_route, seed_pages, serve
from dashboard import store
from dashboard.pipeline.ingest import MAX_LINKS

PAGES = seed_pages()[:3]

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, Counter[str]]]:
    routes, hits = counted({f"/{p.name}.html": html_route(p.html) for p in PAGES})
    with serve(routes) as base:
        yield base, hits


def paste_links(at: AppTest, text: str) -> AppTest:
    at.text_area(key="w_links_text").input(text)
    [button] = [b for b in at.button if b.label == "Fetch and compare"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    """A message as the user reads it (markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def shown_html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.get("html"))


def anchors(base: str) -> list[str]:
    return [
        f'<a href="{url}" target="_blank" rel="noopener noreferrer" title="{url}'
        for url in (f"{base}/{p.name}.html" for p in PAGES)
    ]


def test_pasted_links_become_a_corpus_whose_link_reopens_it_without_fetching(
    run, site: tuple[str, Counter[str]], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, hits = site
    monkeypatch.setenv("FACTDASH_ALLOW_PRIVATE_LINKS", "1")
    at = paste_links(run(), "\n".join([f"{base}/{p.name}.html" for p in PAGES] + [f"{base}/gone"]))
    progress = [t.value for t in at.text if t.value.startswith("link ")]
    assert len(progress) == 4 and all("/4: " in line for line in progress)
    assert [plain(w.value) for w in at.warning if "gone" in w.value] == [
        f"{base}/gone: HTTP 404 Not Found; skipped"
    ]
    assert any("Comparing 3 articles from the links" in plain(s.value) for s in at.success)
    cid = at.query_params["corpus"]
    cid = cid[0] if isinstance(cid, list) else cid
    stored = json.loads(store.path_for(cid, data_dir).read_text("utf-8"))["articles"]
    assert [(a["outlet"], a["url"], a["final_url"]) for a in stored] == [
        (p.site_name, f"{base}/{p.name}.html", f"{base}/{p.name}.html") for p in PAGES
    ]
    assert all(a["fetched_at"] for a in stored)

    fetched = sum(hits.values())
    outlets = run(corpus=cid, view="outlets")  # a new session, as from a shared link
    for anchor in anchors(base):
        assert anchor in shown_html(outlets)
    page = html.unescape(shown_html(outlets))
    assert all(p.title in page and p.date in page for p in PAGES)
    detail = run(corpus=cid, view="detail")
    assert any(anchor in shown_html(detail) for anchor in anchors(base))
    assert sum(hits.values()) == fetched  # reopened from the store: no request reached the server


def test_the_public_server_refuses_local_links_and_caps_a_long_list(
    run, site: tuple[str, Counter[str]]
) -> None:
    base, hits = site
    before = sum(hits.values())
    at = paste_links(run(), "\n".join(f"{base}/{PAGES[0].name}.html?n={i}" for i in range(MAX_LINKS + 400)))
    warnings = [plain(w.value) for w in at.warning]
    assert warnings[0].startswith(f"{MAX_LINKS + 400} links pasted: only the first {MAX_LINKS} are fetched")
    assert "port" in warnings[1] and "is not allowed (only 80 and 443)" in warnings[1]
    assert warnings[-1].startswith("… and ")
    assert [plain(e.value) for e in at.error] == ["None of the links gave an article to compare."]
    assert "corpus" not in at.query_params and sum(hits.values()) == before


def test_uploaded_html_pages_name_their_outlets_and_titles(run) -> None:
    at = run()
    at.file_uploader[0].set_value([(f"{p.name}.html", p.html.encode(), "text/html") for p in PAGES[:2]]).run()
    assert not at.exception
    [table] = at.data_editor
    assert list(table.value["outlet"]) == [p.site_name for p in PAGES[:2]]
    assert set(table.value["outlet_from"]) == {"the page's site name"}
    [button] = [b for b in at.button if b.label == "Compare these articles"]
    button.click().run()
    cid = at.query_params["corpus"]
    outlets_view = run(corpus=cid[0] if isinstance(cid, list) else cid, view="outlets")
    page = html.unescape(shown_html(outlets_view))
    for p in PAGES[:2]:
        assert p.title in page and f'href="{p.url}"' in page  # the canonical link the page names
