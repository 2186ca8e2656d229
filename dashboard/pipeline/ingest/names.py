"""File names and article ids: one plain base name per item, one safe id per article."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from dashboard.pipeline.ingest.limits import MAX_NAME_CHARS

_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


def clean_name(name: object) -> str:
    """A file's name reduced to a plain base name: no folders (``../``, ``C:\\``), no control or
    bidirectional-override characters, at most ``MAX_NAME_CHARS`` characters."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    base = " ".join(_UNSAFE_NAME_CHARS.sub("", base).split())
    if base in ("", ".", ".."):
        return "unnamed"
    if len(base) > MAX_NAME_CHARS:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and len(ext) <= 8:
            base = stem[: MAX_NAME_CHARS - len(ext) - 2] + "…." + ext
        else:
            base = base[: MAX_NAME_CHARS - 1] + "…"
    return base


def unique(candidate: str, taken: set[str], suffix: str = "") -> str:
    """``candidate``, else ``<stem>-2<suffix>``, ``-3``, ... whichever is free; added to ``taken``."""
    stem, found = candidate.removesuffix(suffix) if suffix else candidate, candidate
    n = 2
    while found in taken:
        found, n = f"{stem}-{n}{suffix}", n + 1
    taken.add(found)
    return found


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``x-2.txt`` for the second ``x.txt``."""
    _, dot, ext = name.rpartition(".")
    return unique(name, taken, f".{ext}" if dot and "." in name[1:] else "")


def article_id(name: str) -> str:
    """An id from a file name's stem: letters, digits, ``_.-`` only."""
    stem = name.rpartition(".")[0] if "." in name[1:] else name
    return _UNSAFE_ID_CHARS.sub("-", stem).strip("-.") or "article"


def slug(name: str) -> str:
    """A lower-case name of letters, digits and dashes (a pasted text's name)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "pasted"
