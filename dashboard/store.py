"""Stored corpora: save, load and delete them under ``data_dir``.

A stored corpus is one JSON file, ``<data_dir>/corpora/<id>.json``, holding the
articles' texts and metadata. Its id is a hash of the sorted articles' outlet
and text (``u-`` and 16 hex digits), so the same articles always get the same
id and a link to it reopens the same corpus. Ids are checked against that
pattern before any path is built from them, so a link cannot name another file.

Reading the user's input is :mod:`dashboard.pipeline.ingest`'s job; a corpus
is checked against its limits again before it is stored. Writing is atomic
(:func:`dashboard.pipeline.atomic.write_atomic`). When the folder cannot be
written (read-only, full, no permission, or over ``MAX_STORE_MB``) :func:`save`
raises :class:`NotShareable`; the caller can still use the articles for the
session.

Pure Python: no streamlit.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from pathlib import Path

from dashboard.pipeline.atomic import write_atomic
from dashboard.pipeline.ingest import check_corpus
from dashboard.pipeline.models import Article, PipelineError

SEEDS = "seeds"
ID_PATTERN = re.compile(r"u-[0-9a-f]{16}")
SCHEMA = 1
#: Stored corpora together; past this, new corpora work for their session but get no link.
MAX_STORE_MB = 2_000.0
#: Temporary files older than this are left over from an interrupted write and removed.
STALE_TMP_S = 3600
GONE = "This shared corpus is no longer on this server."


class CorpusGone(PipelineError):
    """A link names a corpus this server does not have (deleted, or from another server)."""


class NotShareable(PipelineError):
    """The corpus is fine but could not be written, so no link can reopen it."""


# --------------------------------------------------------------------------- ids


def corpus_id(articles: Iterable[Article]) -> str:
    """``u-`` + 16 hex digits of a SHA-256 over the sorted (outlet, text) pairs."""
    digest = hashlib.sha256()
    for outlet, text in sorted((a.outlet, a.text) for a in articles):
        for part in (outlet, text):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
    return "u-" + digest.hexdigest()[:16]


def is_valid_id(value: str) -> bool:
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def check_id(value: str) -> str:
    if not is_valid_id(value):
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise PipelineError(f"'{shown}' is not a corpus id of this app (expected u- and 16 hex digits).")
    return value


def path_for(cid: str, data_dir: str | Path) -> Path:
    return Path(data_dir) / "corpora" / f"{check_id(cid)}.json"


# --------------------------------------------------------------------------- save / load


def save(articles: Sequence[Article], data_dir: str | Path, *, max_file_mb: float = 10.0) -> str:
    """Store ``articles`` and return their corpus id.

    Raises :class:`PipelineError` for a corpus over the limits and
    :class:`NotShareable` when ``data_dir`` cannot be written.
    """
    check_corpus(articles, max_file_mb=max_file_mb)
    cid = corpus_id(articles)
    payload = {"schema": SCHEMA, "id": cid, "articles": [asdict(a) for a in articles]}
    text = json.dumps(payload, indent=1)  # ASCII: a lone surrogate cannot break the write
    target = path_for(cid, data_dir)
    try:
        stored = target.is_file()  # a re-save takes no more room
        if not stored and (_stored_bytes(target.parent) + len(text)) / 1_000_000 > MAX_STORE_MB:
            raise NotShareable(
                "This corpus works in this session but cannot be shared by link: "
                "the server's space for shared corpora is full."
            )
        write_atomic(target, text)
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise NotShareable(
            f"This corpus works in this session but cannot be shared by link: "
            f"the server could not store it ({reason})."
        ) from None
    return cid


def _stored_bytes(folder: Path) -> int:
    """Bytes of the stored corpora in ``folder``; removes temporary files an interrupted write left."""
    total = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    now = time.time()
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if entry.name.endswith(".tmp") and now - info.st_mtime > STALE_TMP_S:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
            continue
        total += info.st_size
    return total


def load(cid: str, data_dir: str | Path) -> list[Article]:
    """The articles of a stored corpus; :class:`CorpusGone` when it is not (or no longer) here."""
    target = path_for(cid, data_dir)
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorpusGone(GONE) from None
    except OSError as e:
        raise PipelineError(f"Cannot read the stored corpus ({e.strerror or type(e).__name__}).") from None
    try:
        payload = json.loads(raw)
        names = {f.name for f in fields(Article)}
        articles = [
            Article(**{k: str(v) for k, v in row.items() if k in names}) for row in payload["articles"]
        ]
    except (ValueError, KeyError, TypeError):
        raise PipelineError("The stored corpus is damaged and cannot be read.") from None
    if not articles:
        raise PipelineError("The stored corpus is empty.")
    return articles


def delete(cid: str, data_dir: str | Path) -> bool:
    """Remove a stored corpus; ``False`` when it was not there."""
    try:
        path_for(cid, data_dir).unlink()
    except FileNotFoundError:
        return False
    return True
