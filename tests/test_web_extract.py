"""HTML to article: pages built from the seeds lose their chrome and keep their text and metadata."""

from __future__ import annotations

import re

import pytest

from bench.web_pages import CHROME, SEEDS, SeedPage, seed_pages
from dashboard.pipeline.models import PipelineError
from dashboard.pipeline.web import decode_html, extract_html, looks_like_html

PAGES = seed_pages()


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module", params=PAGES, ids=[p.name for p in PAGES])
def seed_page(request: pytest.FixtureRequest) -> tuple[SeedPage, object]:
    page: SeedPage = request.param
    return page, extract_html(page.html, url=f"http://127.0.0.1:8000/{page.name}.html")


def test_extracted_text_holds_every_content_line_of_the_seed(seed_page) -> None:
    page, extracted = seed_page
    text = _normal(extracted.text)
    missing = [line for line in page.body if _normal(line) not in text]
    assert not missing, f"{page.name}: body lines lost: {missing}"


def test_no_chrome_survives(seed_page) -> None:
    page, extracted = seed_page
    survived = [name for name, marker in CHROME.items() if marker in extracted.text]
    assert not survived, f"{page.name}: chrome kept: {survived}"
    assert "<" not in extracted.text and "Berita Terkait" not in extracted.text


def test_metadata_comes_from_the_page(seed_page) -> None:
    page, extracted = seed_page
    assert (extracted.title, extracted.date, extracted.site_name) == (page.title, page.date, page.site_name)
    assert extracted.url == page.url  # the canonical link, not where it was served from
    assert extracted.language == "id"
    assert extracted.outlet == page.site_name
    assert extracted.host == page.url.split("/")[2].removeprefix("www.")


def test_bytes_and_text_give_the_same_page() -> None:
    page = PAGES[0]
    assert extract_html(page.html.encode("utf-8")) == extract_html(page.html)


def test_seed_text_files_are_not_html_but_saved_pages_are() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        assert not looks_like_html(path.read_text(encoding="utf-8")), path.name
    for page in PAGES:
        assert looks_like_html(page.html) and looks_like_html(page.html.encode("utf-8"))
    body_only = "".join(f"<p>{line}</p>\n" for line in PAGES[1].body)
    assert looks_like_html(body_only)  # a fragment copied from a page's source


def test_outlet_falls_back_to_the_host_and_a_hostile_canonical_link_is_ignored() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in PAGES[2].body)
    html = (
        '<html><head><title>Putin di Hanoi</title><link rel="canonical" href="javascript:alert(1)"></head>'
        f"<body><article>{paragraphs}</article></body></html>"
    )
    page = extract_html(html, url="https://www.marwahkepri.com/2024/06/putin")
    assert page.outlet == "marwahkepri.com"  # no site name in the page: the host
    assert page.url == "https://www.marwahkepri.com/2024/06/putin"
    assert page.title == "Putin di Hanoi"
    assert page.language == ""  # undeclared: the reader detects it from the text


def test_a_page_built_by_javascript_gets_a_clear_error() -> None:
    html = (
        "<!DOCTYPE html><html><head><script src='/static/bundle.js'></script>"
        "<script>window.__STATE__ = {};</script></head><body><div id='root'></div>"
        "<noscript>You need to enable JavaScript to run this app.</noscript></body></html>"
    )
    with pytest.raises(PipelineError, match="JavaScript"):
        extract_html(html, url="https://example.com/app")


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01\x02\xff" * 100, "<html></html>"])
def test_empty_or_binary_content_gets_a_clear_error(content: bytes | str) -> None:
    with pytest.raises(PipelineError, match=r"empty|no article text"):
        extract_html(content)


def _cp1252_page() -> tuple[bytes, str]:
    sentence = "Le président a déclaré « nous coopérerons » à Hanoï, où l’accord a été signé."
    filler = "de l’article, assez long pour être gardé."
    body = "".join(f"<p>{sentence} Paragraphe {i} {filler}</p>" for i in range(4))
    html = f"<html><head><title>Accord signé</title></head><body><article>{body}</article></body></html>"
    return html.encode("cp1252"), sentence


@pytest.mark.parametrize("declared", ["x-bogus-charset", "utf-8", "iso-8859-1", ""])
def test_a_wrong_or_unknown_charset_still_decodes(declared: str) -> None:
    data, sentence = _cp1252_page()
    assert sentence in decode_html(data, declared)
    assert sentence in extract_html(data, charset=declared).text


def test_meta_charset_is_read_when_the_header_has_none() -> None:
    text = "Пресс-секретарь Кремля заявил журналистам, что визит в Ханой прошёл успешно и договоры подписаны."
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{text}</p></body></html>'
    assert text in decode_html(html.encode("cp1251"))


@pytest.mark.parametrize(
    ("head", "language"),
    [
        ('<html lang="pt-BR"><head>', "pt"),
        ('<html lang="x-default"><head><meta property="og:locale" content="zh_TW">', "zh"),
        ('<html><head><meta http-equiv="Content-Language" content="de, en">', "de"),
        ('<html lang="iw"><head>', "he"),  # a retired code
    ],
)
def test_the_declared_language_is_an_iso_code(head: str, language: str) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in PAGES[2].body)
    page = extract_html(f"{head}<title>t</title></head><body><article>{paragraphs}</article></body></html>")
    assert page.language == language
