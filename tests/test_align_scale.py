"""The aligner at scale: approximate path, chunk boundaries, batched pair scores, big-input invariants."""

from __future__ import annotations

import sys
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from dashboard.pipeline import evaluate
from dashboard.pipeline.align import AlignConfig, Inputs, align, candidates, features, scoring
from dashboard.pipeline.clauses import split_clauses
from dashboard.pipeline.models import Fact, Sentence


def signature(facts: list[Fact]) -> list[tuple[str, str]]:
    return [(f.id, f.label) for f in facts]


def synthetic_inputs(n: int, outlets: int, seed: int = 0) -> Inputs:
    """``n`` sentences across ``outlets``: restatements of ``n // 20`` stories, with vectors to match.

    No model: a story's sentences share words and a direction in vector
    space, each with its own noise, which is what the aligner keys on. Each
    sentence's article id names its story (``outlet-007-story012``): the truth.
    """
    rng = np.random.default_rng(seed)
    words = [f"{a}{b}" for a in ("ka", "lu", "mo", "ri", "sa", "te", "wi", "zo") for b in range(60)]
    stories = max(1, n // 20)
    story_words = [rng.choice(words, 8, replace=False) for _ in range(stories)]
    centres = rng.normal(size=(stories, 32))
    sentences, clause_texts, owner, vectors, clause_vectors = [], [], [], [], []
    for i in range(n):
        story = int(rng.integers(stories))
        own = list(rng.choice(story_words[story], 6, replace=False)) + list(rng.choice(words, 4))
        rng.shuffle(own)
        text = " ".join(own[:5]) + ", " + " ".join(own[5:]) + "."
        outlet = f"outlet-{int(rng.integers(outlets)):03d}"
        sentences.append(Sentence(f"s{i}", f"{outlet}-story{story:03d}", outlet, text, 0, len(text)))
        vector = centres[story] + 0.8 * rng.normal(size=32)
        vectors.append(vector)
        for clause in split_clauses(text):
            clause_texts.append(clause)
            owner.append(i)
            clause_vectors.append(vector + 0.5 * rng.normal(size=32))

    def unit(rows: list[np.ndarray]) -> np.ndarray:
        m = np.array(rows, dtype=np.float32)
        return m / np.linalg.norm(m, axis=1, keepdims=True)

    return Inputs(sentences, clause_texts, np.array(owner), unit(vectors), unit(clause_vectors))


def assert_invariants(inputs: Inputs, facts: list[Fact]) -> None:
    covered: Counter[str] = Counter()
    for fact in facts:
        outlets = [m.outlet for m in fact.members]
        assert len(outlets) == len(set(outlets)), "at most one sentence per outlet"
        assert fact.label_sentence_id in fact.sentence_ids
        covered.update(fact.sentence_ids)
    assert set(covered) == {s.id for s in inputs.sentences}, "every sentence is in a fact"
    assert len({f.id for f in facts}) == len(facts)
    sizes = [len(f.outlets) for f in facts]
    assert sizes == sorted(sizes, reverse=True)


@pytest.fixture(scope="module")
def mid_inputs() -> Inputs:
    return synthetic_inputs(1200, outlets=30, seed=1)


# -- the approximate path ------------------------------------------------------------------


@pytest.mark.parametrize("index", ["faiss", "numpy"])
def test_approximate_path_finds_the_same_facts_on_the_seeds(
    seed_inputs: Inputs, index: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if index == "numpy":
        monkeypatch.setitem(sys.modules, "faiss", None)  # import faiss now fails: the exact scan
    else:
        pytest.importorskip("faiss")
    exact = align(seed_inputs)
    approximate = align(seed_inputs, AlignConfig(approximate=True, shortlist=32))
    assert signature(approximate) == signature(exact)


def test_approximate_path_agrees_with_exact_on_synthetic(mid_inputs: Inputs) -> None:
    exact = evaluate.fact_pairs(align(mid_inputs, AlignConfig(approximate=False)))
    approximate = evaluate.fact_pairs(align(mid_inputs, AlignConfig(approximate=True)))
    shared = len(exact & approximate)
    assert exact and shared / len(exact) >= 0.95 and shared / len(approximate) >= 0.95


def test_stories_told_by_many_outlets_are_linked(mid_inputs: Inputs) -> None:
    """60 stories, each restated about 20 times across 30 outlets: a sentence has some 19 true matches.

    With its neighbourhood mean cut at 16 matches, all of them true, the margin
    found a third of the pairs (precision 1.0, recall 0.36); a neighbourhood of
    one match per other outlet and four more finds them (recall 0.95).
    """
    story = {s.id: s.article_id.partition("-story")[2] for s in mid_inputs.sentences}
    stories: dict[str, list[tuple[str, str]]] = {}
    for s in mid_inputs.sentences:
        stories.setdefault(story[s.id], []).append((s.id, s.outlet))
    scores = evaluate.score(evaluate.fact_pairs(align(mid_inputs)), evaluate.pairs_of(stories.values()))
    assert scores.precision >= 0.95 and scores.recall >= 0.9, scores


def test_the_approximate_path_switches_on_by_size(
    seed_inputs: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[str] = []
    for name in ("exact_candidates", "approximate_candidates"):
        original = getattr(candidates.CandidateGraph, name)

        def spy(self, progress, original=original, name=name):  # type: ignore[no-untyped-def]
            used.append(name)
            return original(self, progress)

        monkeypatch.setattr(candidates.CandidateGraph, name, spy)
    align(seed_inputs, AlignConfig(approximate_above=len(seed_inputs.sentences)))
    align(seed_inputs, AlignConfig(approximate_above=len(seed_inputs.sentences) - 1))
    assert used == ["exact_candidates", "approximate_candidates"]


def test_big_synthetic_input_keeps_the_invariants() -> None:
    inputs = synthetic_inputs(5000, outlets=50, seed=2)
    facts = align(inputs, AlignConfig(approximate=True))
    assert_invariants(inputs, facts)
    assert sum(len(f.outlets) > 1 for f in facts) > 100, "restatements of one story are linked"


def test_nearest_never_returns_the_same_outlet(seed_inputs: Inputs, monkeypatch: pytest.MonkeyPatch) -> None:
    sim = scoring.Scorer(features.Features(seed_inputs, AlignConfig()), AlignConfig())
    proxy = sim.proxy()
    found = candidates.nearest(proxy, sim.outlet, 10, chunk_size=7, threads=1)
    monkeypatch.setitem(sys.modules, "faiss", None)
    scanned = candidates.nearest(proxy, sim.outlet, 10, chunk_size=7, threads=1)
    for rows in (found, scanned):
        valid = rows >= 0
        assert valid.all(axis=1).all(), "five outlets: every sentence has 10 from others"
        assert not (sim.outlet[rows] == sim.outlet[:, None]).any()
    assert (np.sort(found, axis=1) == np.sort(scanned, axis=1)).mean() > 0.95


# -- chunk boundaries ----------------------------------------------------------------------


@pytest.mark.parametrize("chunk_size", [2, 3, 13, 90, 91, 92, 1000])
def test_odd_chunk_sizes_do_not_change_facts(seed_inputs: Inputs, chunk_size: int) -> None:
    """91 body sentences: chunks that split them unevenly, exactly, or not at all."""
    reference = signature(align(seed_inputs))
    assert signature(align(seed_inputs, AlignConfig(chunk_size=chunk_size))) == reference
    approximate = AlignConfig(approximate=True, chunk_size=chunk_size)
    assert signature(align(seed_inputs, approximate)) == reference


@pytest.mark.parametrize("pair_chunk", [1, 7, 64])
def test_pair_scores_match_block_scores(
    seed_inputs: Inputs, pair_chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batched pair scorer agrees with the row-block scorer, whatever the batch boundaries."""
    monkeypatch.setattr(scoring, "PAIR_CHUNK", pair_chunk)
    sim = scoring.Scorer(features.Features(seed_inputs, AlignConfig()), AlignConfig(), threads=2)
    rng = np.random.default_rng(0)
    first, second = rng.integers(0, sim.n, 300), rng.integers(0, sim.n, 300)
    cross = sim.outlet[first] != sim.outlet[second]
    first, second = first[cross], second[cross]
    blocks = np.vstack([sim.block(np.arange(k, min(k + 17, sim.n))) for k in range(0, sim.n, 17)])
    np.testing.assert_allclose(sim.pairs(first, second), blocks[first, second], rtol=0, atol=1e-4)


# -- building blocks -----------------------------------------------------------------------


def test_char_tfidf_is_sklearn_bit_for_bit(seed_inputs: Inputs, mid_inputs: Inputs) -> None:
    for inputs in (seed_inputs, mid_inputs):
        texts, clauses = [s.text for s in inputs.sentences], list(inputs.clause_texts)
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        expected = (vectorizer.fit_transform(texts).tocsr(), vectorizer.transform(clauses).tocsr())
        for ours, theirs in zip(features.char_tfidf(texts, clauses), expected, strict=True):
            assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
            for part in ("indptr", "indices", "data"):
                np.testing.assert_array_equal(getattr(ours, part), getattr(theirs, part))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10_000), min_size=1, max_size=40, unique=True), max_size=12))
def test_pair_store_finds_what_was_added(batches: list[list[int]]) -> None:
    store, expected = candidates.PairStore(), {}
    for batch in batches:
        fresh = np.array([k for k in batch if k not in expected], dtype=np.int64)
        store.add(fresh, fresh * 0.5)
        expected.update({int(k): k * 0.5 for k in fresh})
    probe = np.arange(0, 10_001, 7, dtype=np.int64)
    hit, values = store.get(probe)
    assert hit.tolist() == [int(k) in expected for k in probe]
    np.testing.assert_array_equal(values[hit], probe[hit] * 0.5)
