"""The outlet an article names itself (``clean.outlet_from_text``), else a readable file stem."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.pipeline.clean import outlet_from_text
from dashboard.pipeline.ingest.limits import MAX_OUTLET_CHARS

_NUMBER_OR_HASH = re.compile(r"\d+|(?=\w*\d)[0-9a-f]{6,}")


def infer_outlet(text: str, filename: str) -> str:
    """The outlet named by the text itself (dateline, copyright, source, header), else the file stem."""
    stem = Path(filename).stem
    name = " ".join(outlet_from_text(text, stem).split()) or _name_from_stem(stem)
    return name[:MAX_OUTLET_CHARS].strip()


def _name_from_stem(stem: str) -> str:
    """ "kompas_putin-vietnam" -> "Kompas Putin Vietnam"; numbers and hashes are dropped."""
    words = [w for w in re.split(r"[_\-\s.]+", stem) if w and not _NUMBER_OR_HASH.fullmatch(w)]
    return " ".join(w.capitalize() for w in words) or stem
