"""Shared fixtures: the seed corpus, read and built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.pipeline.corpus import build_corpus
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
