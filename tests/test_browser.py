"""End to end: ``streamlit run`` in a subprocess, driven by headless Chromium through Playwright.

Screenshots go to ``test-artifacts/`` (gitignored). Needs ``/usr/bin/chromium``
(``apt-get install chromium``); without it the tests skip, or fail when ``CI``
is set.
"""

from __future__ import annotations

import html
import importlib.util
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from many_outlets import HARD_NAMES, seed_sentence_corpus

from bench.serving import LAUNCH_ARGS, streamlit_app
from bench.web_pages import html_route, seed_pages, serve
from dashboard import store
from dashboard.pipeline.ingest import build_articles, load_paths, read_link_list
from dashboard.pipeline.models import Article
from dashboard.ui.sidebar import ROW_PX, TABLE_KEY, TABLE_ROWS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
FIRST_RENDER_S = 300  # cold start: model load and the seed analysis
#: A chart with data drawn (a session's first page also shows a blank chart for a moment, to load
#: plotly's code early; see dashboard/app.py).
CHART = ".js-plotly-plot .trace"
HOSTILE = "<script>alert(1)</script> **bold** $x$ [link](http://evil.example) <img src=x onerror=alert(2)>"


def require_browser() -> None:
    """Skip without Chromium or Playwright locally; under CI, which installs both, fail instead."""
    missing = ""
    if not CHROMIUM.exists():
        missing = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    elif importlib.util.find_spec("playwright") is None:
        missing = "Playwright not installed: pip install -r requirements.txt"
    if missing and os.environ.get("CI"):
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("factdash-data")


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[str]:
    require_browser()
    env = os.environ | {"FACTDASH_DATA_DIR": str(data_dir)}
    with streamlit_app(env, log=data_dir / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def settle(page, extra_ms: int = 500) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(200)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=FIRST_RENDER_S * 1000
    )
    page.wait_for_timeout(extra_ms)


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"browser-{name}.png"), full_page=True)


def cell_of_first_shared_fact(page) -> dict:
    """Screen position of a reporting cell in the matrix's first row (a fact several outlets report)."""
    return page.evaluate(
        """() => {
          const gd = document.querySelector('.js-plotly-plot');
          const heat = gd.data.find(t => t.type === 'heatmap');
          const col = heat.z[0].findIndex(v => v > 0);
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
          const box = gd.getBoundingClientRect();
          return {x: box.left + xa._offset + xa.d2p(col), y: box.top + ya._offset + ya.d2p(0),
                  reporting: heat.z[0].filter(v => v > 0).length};
        }"""
    )


def test_click_a_matrix_cell_opens_the_fact_with_two_outlets(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(server)
    page.wait_for_selector(CHART, timeout=FIRST_RENDER_S * 1000)
    settle(page)
    assert page.get_by_text("reported by 2+ outlets").count() >= 1
    assert not page.get_by_text("scroll it sideways").is_visible(), "five outlets fit: no scroll hint"
    shoot(page, "matrix")

    cell = cell_of_first_shared_fact(page)
    assert cell["reporting"] >= 2
    page.mouse.move(cell["x"], cell["y"])
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    hover = page.locator(".hoverlayer .hovertext").first.text_content() or ""
    assert "reports fact 1" in hover and "similarity" in hover
    shoot(page, "hover")

    page.mouse.click(cell["x"], cell["y"])
    drawer = page.locator('[role="dialog"]')
    drawer.wait_for(timeout=60_000)
    settle(page)
    assert "fact=" in page.url
    cards = drawer.locator(".fd-card:not(.fd-absent)")
    assert cards.count() >= 2
    outlets = {cards.nth(i).locator(".fd-outlet").inner_text() for i in range(cards.count())}
    assert len(outlets) >= 2
    shoot(page, "drawer")

    page.keyboard.press("Escape")
    settle(page)
    fact_url = page.url
    page.get_by_role("tab", name="Fact detail").click()
    settle(page)
    assert "view=detail" in page.url
    assert page.locator(".fd-card:not(.fd-absent)").count() >= 2
    shoot(page, "detail")
    assert alerts == []
    page.close()

    # the link reproduces the view in a new browser context
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    fresh = context.new_page()
    fresh.goto(fact_url)
    fresh.wait_for_selector(CHART, timeout=FIRST_RENDER_S * 1000)
    settle(fresh)
    assert fresh.get_by_text("Selected fact").count() >= 1
    assert fresh.locator(".fd-card:not(.fd-absent)").count() >= 2
    context.close()


def test_hostile_article_text_is_shown_literally_in_the_browser(server: str, browser, data_dir: Path) -> None:
    first = (
        "Presiden Vladimir Putin tiba di Hanoi pada Kamis dan menandatangani 11 perjanjian dengan To Lam. "
        f"Seorang pejabat menulis {HOSTILE} di media sosial."
    )
    second = (
        "Putin mendarat di Hanoi pada Kamis. Ia meneken selusin perjanjian dengan To Lam, "
        f"dan seorang pejabat menulis {HOSTILE} di media sosial."
    )
    cid = store.save([Article("a", "<b>Evil</b> $News$", first), Article("b", "Detik", second)], data_dir)
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(f"{server}?corpus={cid}&view=detail&q=menulis")
    page.wait_for_selector(".fd-card", timeout=FIRST_RENDER_S * 1000)
    settle(page, 1500)
    shoot(page, "hostile")
    body = page.inner_text("body")
    assert HOSTILE in body
    assert "<b>Evil</b> $News$" in body
    assert page.locator("script:has-text('alert(1)')").count() == 0
    assert page.locator("img[src=x]").count() == 0
    assert alerts == []
    assert html.escape("<script>") not in body  # escaped once, not twice
    page.close()


def test_a_corpus_from_links_links_to_its_originals(server: str, browser, data_dir: Path) -> None:
    pages = seed_pages()[:3]
    with serve({f"/{p.name}.html": html_route(p.html) for p in pages}) as base:
        drafts, problems = read_link_list(
            "\n".join(f"{base}/{p.name}.html" for p in pages), allow_private=True
        )
        articles, _ = build_articles(drafts)
        assert problems == [] and len(articles) == 3
        cid = store.save(articles, data_dir)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server}?corpus={cid}&view=outlets")
        page.wait_for_selector(CHART, timeout=FIRST_RENDER_S * 1000)
        settle(page)
        expander = (
            page.locator('[data-testid="stExpander"] summary').filter(has_text=pages[0].site_name).first
        )
        expander.click()
        settle(page)
        anchor = page.locator(f'a[href="{base}/{pages[0].name}.html"]').first
        anchor.wait_for(timeout=10_000)
        assert anchor.get_attribute("rel") == "noopener noreferrer"
        assert anchor.get_attribute("target") == "_blank"
        assert pages[0].title in page.inner_text("body")
        shoot(page, "outlets-links")
        with page.context.expect_page() as opened:
            anchor.click()
        original = opened.value
        original.wait_for_load_state()
        assert original.url == f"{base}/{pages[0].name}.html"
        assert pages[0].body[0] in original.inner_text("body")  # the link works: the article itself
        assert original.evaluate("() => window.opener") is None
        original.close()

        page.goto(f"{server}?corpus={cid}&view=detail")
        page.wait_for_selector(".fd-card", timeout=FIRST_RENDER_S * 1000)
        settle(page, 1500)
        card_links = page.locator('.fd-card a[rel="noopener noreferrer"]')
        assert card_links.count() >= 2
        assert {card_links.nth(i).get_attribute("href") for i in range(card_links.count())} <= {
            f"{base}/{p.name}.html" for p in pages
        }
        shoot(page, "detail-links")
        page.close()


MATRIX_LAYOUT_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const chart = gd.getBoundingClientRect();
  const box = (a) => { const r = a.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
  const named = (name) => [...gd.querySelectorAll('.annotation')].filter(
    (a, i) => (gd._fullLayout.annotations[i] || {}).name === name);
  return {chart: [chart.left, chart.right, chart.top, chart.bottom],
          width: gd._fullLayout.width, plot: gd._fullLayout._size.w,
          headers: named('column header').map(box),
          rows: named('row label').map(a => a.textContent),
          rowBoxes: named('row label').map(box)};
}"""


def test_matrix_stays_readable_with_many_outlets(server: str, browser, data_dir: Path) -> None:
    """14 outlets, some with long, dotted or CJK names: half the width for the grid, headers inside the
    chart and apart, no two row labels alike, the whole sentence on a row label's hover."""
    seeds, _ = load_paths([ROOT / "seeds"])
    cid = store.save(seed_sentence_corpus(seeds, 14, names=HARD_NAMES), data_dir)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}?corpus={cid}")
    page.wait_for_selector(CHART, timeout=FIRST_RENDER_S * 1000)
    settle(page, 1000)
    shoot(page, "matrix-14-outlets")
    assert page.get_by_text("scroll it sideways to see all 14 outlets").is_visible(), "columns out of sight"
    got = page.evaluate(MATRIX_LAYOUT_JS)
    assert got["plot"] >= got["width"] / 2
    left, right, top, bottom = got["chart"]
    headers = sorted(got["headers"])
    assert len(headers) == 14
    for h in headers:
        assert left <= h[0] and h[1] <= right and top <= h[2] and h[3] <= bottom
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(headers))  # none overlap
    rows = [r.split(". ", 1)[1] for r in got["rows"]]
    assert len(rows) == len(set(rows)) > 10
    assert all(left <= r[0] for r in got["rowBoxes"])

    first = page.locator(".js-plotly-plot .annotation").first
    first.hover()
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    hover = page.locator(".hoverlayer .hovertext").first.text_content() or ""
    assert len(hover) > len(rows[0]) - 1 and rows[0].rstrip("…")[:20] in hover
    page.close()


CHIPS_CUT_JS = """() => [...document.querySelectorAll('[data-testid="stSidebar"] [data-tag] > span')]
  .map(s => {
    const box = s.closest('[data-testid="stMultiSelect"]').getBoundingClientRect();
    return {text: s.textContent, hidden: s.getBoundingClientRect().bottom > box.bottom,
            cut: s.scrollWidth > s.clientWidth + 1 || s.scrollHeight > s.clientHeight + 1};
  })"""


def type_outlet(page, table, outlet: str, tries: int = 3) -> None:
    """Types ``outlet`` into the upload table's first row as a visitor does: select, Enter, type, Enter.

    The grid is a canvas: its cells are reached from the first file's name with the arrow key, and
    the grid's accessible copy of the cell tells whether the edit took (a rerun may close the editor).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    cell = table.locator("#glide-cell-1-0")
    for _ in range(tries):
        box = table.bounding_box()
        page.mouse.click(box["x"] + 20, box["y"] + ROW_PX * 1.5)  # the first file's name
        page.keyboard.press("ArrowRight")  # its outlet
        page.keyboard.press("Enter")
        try:
            page.wait_for_function(
                "() => document.activeElement?.classList.contains('gdg-input')", timeout=5_000
            )
        except PlaywrightTimeoutError:  # the editor did not open, or closed at once: select the cell again
            continue
        page.wait_for_timeout(500)  # typed into an editor still opening, the keys are lost
        page.keyboard.press("Control+A")
        page.keyboard.type(outlet, delay=20)
        page.wait_for_timeout(200)
        page.keyboard.press("Enter")
        # The grid's copy of the cell follows the edit a moment later: on a slow CPU, over 300 ms.
        for _ in range(20):
            if cell.text_content() == outlet:
                return
            page.wait_for_timeout(250)
    raise AssertionError(
        f"could not type {outlet!r} into the upload table; the cell holds {cell.text_content()!r}"
    )


def test_the_sidebar_shows_whole_names_and_a_short_upload_form(server: str, browser, tmp_path: Path) -> None:
    """Topic chips wrap instead of cutting their names; with 12 files the upload form stays short (one
    table, the button above it), and an outlet typed in the table names the matrix's column."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    topics = ("regional", "great-powers", "energy", "diplomacy", "defence")
    page.goto(f"{server}?" + "&".join(f"topics={t}" for t in topics) + "&outlets=marwahkepri.com")
    page.wait_for_selector(".js-plotly-plot", timeout=FIRST_RENDER_S * 1000)
    settle(page)
    chips = page.evaluate(CHIPS_CUT_JS)
    assert "Regional order (ASEAN, Asia-Pacific) (7)" in [c["text"] for c in chips]
    assert len(chips) == 6 and not any(c["cut"] or c["hidden"] for c in chips), chips
    shoot(page, "sidebar-chips")

    page.goto(server)  # no filters: every outlet of the uploaded corpus gets its column
    page.wait_for_selector(".js-plotly-plot", timeout=FIRST_RENDER_S * 1000)
    settle(page)
    seeds, _ = load_paths([ROOT / "seeds"])
    files = []
    for i, article in enumerate(seed_sentence_corpus(seeds, 12, per_article=4)):
        files.append(tmp_path / f"berita_{i:02d}.txt")
        files[-1].write_text(article.text)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Upload articles").first.click()
    sidebar.locator('input[type="file"]').set_input_files(files)
    table = sidebar.locator(f'[class*="st-key-{TABLE_KEY}"] [data-testid="stDataFrame"]')
    table.wait_for(timeout=60_000)
    settle(page, 1000)
    sidebar.get_by_text("Upload articles").first.scroll_into_view_if_needed()
    button = page.get_by_role("button", name="Compare these articles")
    assert button.bounding_box()["y"] + 40 < 1000, "the button is in sight without scrolling past the files"
    box = table.bounding_box()
    assert button.bounding_box()["y"] < box["y"]
    assert box["height"] <= (TABLE_ROWS + 1) * ROW_PX + 10, "12 files, at most TABLE_ROWS rows high"
    shoot(page, "sidebar-upload-12")

    type_outlet(page, table, "Kantor Sunting")
    page.wait_for_timeout(500)  # the edit is committed to the widget's state, sent with the click
    shoot(page, "sidebar-upload-edited")
    button.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText === '12')",
        timeout=FIRST_RENDER_S * 1000,
    )
    settle(page, 1000)
    assert page.locator(".js-plotly-plot .annotation", has_text="Kantor Sunting").count() >= 1
    shoot(page, "sidebar-upload-compared")
    page.close()
