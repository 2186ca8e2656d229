"""Saved pages and links through the one reader: the same articles by every way in, the page's
details in each article, every bad link named with its reason while the rest load.

No internet: pages come from a server on 127.0.0.1 started here (bench/web_pages.py).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bench.web_pages import CHROME, counted, html_route, long_page, seed_pages, serve
from dashboard import store
from dashboard.cli import main
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.ingest import (
    MAX_ARTICLE_SENTENCES,
    MAX_LINKS,
    article_from_paste,
    build_articles,
    count_sentences,
    load_paths,
    read_link_list,
    read_uploads,
)
from dashboard.pipeline.models import Article

PAGES = seed_pages()
REPEATED = "Presiden Prabowo bertemu Perdana Menteri Vietnam di Jakarta pada hari Senin. "
JS_ONLY = "<!DOCTYPE html><html><head><script src='/app.js'></script></head><body><div id='app'></div></body>"


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, Counter[str]]]:
    """The seed pages and some bad ones on a local server, and the requests each path received."""
    routes = {f"/{p.name}.html": html_route(p.html) for p in PAGES}
    routes |= {
        "/500": lambda: (500, {"Content-Type": "text/html"}, b"<h1>error</h1>"),
        "/report.pdf": lambda: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n" + b"0" * 500),
        "/loop-a": lambda: (302, {"Location": "/loop-b"}, b""),
        "/loop-b": lambda: (302, {"Location": "/loop-a"}, b""),
        "/to-metadata": lambda: (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/js-only": html_route(JS_ONLY),
        "/long.html": html_route(long_page(2_500)),
        "/repeated.html": html_route(f"<html><body><article><p>{REPEATED * 3000}</p></article></body>"),
    }
    routes, hits = counted(routes)
    with serve(routes) as base:
        yield base, hits


def details(article: Article | dict) -> tuple[str, ...]:
    """What both routes must agree on: id, outlet, title, date, language."""
    keys = ("id", "outlet", "title", "date", "language")
    return tuple(article[k] if isinstance(article, dict) else getattr(article, k) for k in keys)


def saved(folder: Path, pages=PAGES, suffix: str = ".html") -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = [folder / f"{p.name}{suffix}" for p in pages]
    for page, path in zip(pages, paths, strict=True):
        path.write_text(page.html, encoding="utf-8")
    return paths


def test_saved_pages_fill_their_articles_on_every_way_in(tmp_path: Path) -> None:
    saved(tmp_path, PAGES[1:])
    saved(tmp_path, PAGES[:1], ".txt")  # a page saved as .txt is still a page
    from_folder, warnings = load_paths([tmp_path])
    assert [a.id for a in from_folder] == [p.name for p in PAGES]
    for page, article in zip(PAGES, from_folder, strict=True):
        assert (article.outlet, article.title, article.date) == (page.site_name, page.title, page.date)
        assert (article.url, article.language, article.final_url, article.fetched_at) == (
            page.url,
            "id",
            "",
            "",
        )
        assert all(line in article.text for line in page.body), page.name
        assert not [c for c in CHROME.values() if c in article.text], page.name
    assert not [w for w in warnings if "from the text" in w]  # the outlet came from the page

    drafts, _ = read_uploads([(f"{p.name}.html", p.html.encode()) for p in PAGES])
    uploaded, _ = build_articles(drafts)
    assert {d.outlet_source for d in drafts} == {"page"}
    assert [(a.text, a.url, *details(a)[1:]) for a in uploaded] == [
        (a.text, a.url, *details(a)[1:]) for a in from_folder
    ]

    pasted, notes = article_from_paste(PAGES[2].html, "")  # the page names its outlet
    assert details(pasted)[1:] == details(from_folder[2])[1:] and pasted.text == from_folder[2].text
    assert pasted.url == PAGES[2].url and "an HTML page" in notes[0]


def test_metadata_overrides_what_the_page_says(tmp_path: Path) -> None:
    saved(tmp_path, PAGES[:2])
    (tmp_path / "metadata.csv").write_text(
        f"file,outlet,title,date,url,language\n{PAGES[0].name}.html,Tempo Inggris,Judul sendiri,,,en\n",
        encoding="utf-8",
    )
    first, second = load_paths([tmp_path])[0]
    assert (first.outlet, first.title, first.date, first.language) == (
        "Tempo Inggris",
        "Judul sendiri",
        PAGES[0].date,
        "en",
    )
    assert (second.outlet, second.title) == (PAGES[1].site_name, PAGES[1].title)


def test_a_saved_page_and_its_link_give_the_same_articles(
    site: tuple[str, Counter[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = site
    pages = PAGES[:3]
    files = saved(tmp_path / "saved", pages)
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "# three seed pages\n" + "".join(f"{base}/{p.name}.html  # {p.site_name}\n" for p in pages), "utf-8"
    )
    assert main(["export", *map(str, files), "--out", str(tmp_path / "files.json"), "--quiet"]) == 0
    assert main(["export", "--urls", str(urls), "--out", str(tmp_path / "links.json")]) == 0
    err = capsys.readouterr().err
    progress = [line for line in err.splitlines() if line.startswith("link ")]  # in the order they finish
    assert sorted(line.split(": ", 1)[1].split(" (")[0] for line in progress) == [
        f"{base}/{p.name}.html" for p in pages
    ]
    assert sorted(line.split(":")[0] for line in progress) == ["link 1/3", "link 2/3", "link 3/3"]
    from_files, from_links = (
        json.loads((tmp_path / f).read_text("utf-8")) for f in ("files.json", "links.json")
    )
    assert [details(a) for a in from_links["articles"]] == [details(a) for a in from_files["articles"]]
    assert [(s["article_id"], s["text"], s["start"]) for s in from_links["sentences"]] == [
        (s["article_id"], s["text"], s["start"]) for s in from_files["sentences"]
    ]
    for page, file_article, link_article in zip(
        pages, from_files["articles"], from_links["articles"], strict=True
    ):
        assert (file_article["url"], file_article["final_url"], file_article["fetched_at"]) == (
            page.url,
            "",
            "",
        )
        assert link_article["url"] == link_article["final_url"] == f"{base}/{page.name}.html"
        assert datetime.fromisoformat(link_article["fetched_at"]).tzinfo is not None


def test_bad_links_are_named_with_their_reason_while_files_and_good_links_load(
    site: tuple[str, Counter[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = site
    [page_file] = saved(tmp_path, PAGES[:1])
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{base}/{PAGES[2].name}.html\nnot a link\n{base}/report.pdf\n", "utf-8")
    bad = ["missing", "500", "loop-a", "js-only", "to-metadata"]
    args = [
        str(page_file),
        f"{base}/{PAGES[1].name}.html",
        *(f"{base}/{b}" for b in bad),
        "file:///etc/passwd",
    ]
    assert main(["export", *args, "--urls", str(urls), "--out", str(tmp_path / "r.json")]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for url, reason in [
        (f"{base}/missing", "HTTP 404 Not Found"),
        (f"{base}/500", "HTTP 500 Internal Server Error"),
        (f"{base}/loop-a", "redirect loop"),
        (f"{base}/js-only", "built by JavaScript"),
        (f"{base}/to-metadata", "169.254.169.254"),
        (f"{base}/report.pdf", "not an HTML page (application/pdf)"),
        ("'file:///etc/passwd'", "only http and https links are fetched"),
        (f"{urls}: line 2: 'not a link'", "is not a link"),
    ]:
        [line] = [line for line in err.splitlines() if line.startswith(f"warning: {url}")]
        assert reason in line, line
    assert sum(line.startswith("link ") for line in err.splitlines()) == 8  # a progress line per link fetched
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert [a["outlet"] for a in report["articles"]] == [p.site_name for p in PAGES[:3]]
    assert any(w.startswith(f"{base}/missing: HTTP 404") for w in report["warnings"])


def test_links_are_held_to_the_article_length_limit_and_the_duplicate_check(
    site: tuple[str, Counter[str]], tmp_path: Path
) -> None:
    base, _ = site
    [page_file] = saved(tmp_path, PAGES[:1])
    articles, warnings = load_paths(
        [page_file], urls=[f"{base}/long.html", f"{base}/{PAGES[0].name}.html"], progress=lambda _: None
    )
    assert [a.id for a in articles] == [PAGES[0].name, "long"]
    assert count_sentences(articles[1]) == MAX_ARTICLE_SENTENCES
    assert (
        f"{base}/long.html: over 2,000 sentences, more than an article has; only the first 2,000 are read"
        in (warnings)
    )
    assert f"{base}/{PAGES[0].name}.html: same text as {PAGES[0].name}.html; skipped" in warnings


def test_pasted_links_are_capped_and_private_addresses_refused_without_a_request(
    site: tuple[str, Counter[str]],
) -> None:
    base, hits = site
    before = sum(hits.values())
    text = "\n".join(f"{base}/{PAGES[0].name}.html?copy={i}" for i in range(MAX_LINKS + 50))
    lines: list[str] = []
    drafts, problems = read_link_list(text, allow_private=False, progress=lines.append)
    assert drafts == [] and sum(hits.values()) == before  # nothing reached the server
    assert problems[0] == (
        f"{MAX_LINKS + 50} links pasted: only the first {MAX_LINKS} are fetched "
        f"(at most {MAX_LINKS} links at a time, as many as a corpus may hold)"
    )
    port = base.rsplit(":", 1)[1]
    assert (
        problems[1]
        == f"{base}/{PAGES[0].name}.html?copy=0: port {port} is not allowed (only 80 and 443); skipped"
    )
    assert len(problems) == 1 + MAX_LINKS and len(lines) == MAX_LINKS

    drafts, problems = read_link_list(f"{base}/{PAGES[3].name}.html\n{base}/500", allow_private=True)
    assert [d.outlet for d in drafts] == [PAGES[3].site_name] and problems == [
        f"{base}/500: HTTP 500 Internal Server Error; skipped"
    ]
    assert drafts[0].link == drafts[0].url == drafts[0].final_url == f"{base}/{PAGES[3].name}.html"


def test_a_stored_link_corpus_keeps_its_links_and_old_stored_corpora_still_load(
    site: tuple[str, Counter[str]], tmp_path: Path
) -> None:
    base, _ = site
    drafts, _ = read_link_list(f"{base}/{PAGES[4].name}.html", allow_private=True)
    articles, _ = build_articles(drafts)
    cid = store.save(articles, tmp_path)
    assert store.load(cid, tmp_path) == articles and articles[0].fetched_at
    old = store.path_for(cid, tmp_path)
    payload = json.loads(old.read_text("utf-8"))
    for row in payload["articles"]:  # as stored before fetched corpora existed
        del row["final_url"], row["fetched_at"]
    old.write_text(json.dumps(payload), "utf-8")
    [loaded] = store.load(cid, tmp_path)
    assert (loaded.url, loaded.final_url, loaded.fetched_at) == (f"{base}/{PAGES[4].name}.html", "", "")


def test_a_page_of_one_sentence_repeated_is_cut_and_compared_once(site: tuple[str, Counter[str]]) -> None:
    base, _ = site
    [article], warnings = load_paths([], urls=[f"{base}/repeated.html"])
    assert warnings == [
        f"{base}/repeated.html: over 2,000 sentences, more than an article has; only the first 2,000 are read"
    ]
    corpus = build_corpus([article])
    assert [s.text for s in corpus.body_sentences] == [REPEATED.strip()]
    assert corpus.warnings == [
        "repeated: 1,999 sentences repeat an earlier one word for word; each is compared once"
    ]
