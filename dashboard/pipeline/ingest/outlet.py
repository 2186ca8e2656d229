"""The outlet an article names itself: dateline, copyright line, "Sumber:", or a reporter's sign-off."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.pipeline.clean import dateline_prefix, outlet_from_text
from dashboard.pipeline.ingest.limits import MAX_OUTLET_CHARS

_DOMAIN = re.compile(r"\b[A-Za-z0-9][\w-]*\.(?:co\.id|com|co|id|net|org|news|tv)\b", re.I)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s+)?(?:PT\.?\s+)?"
    r"(?P<name>[^\n,|]+?)\s*(?:,|\||\.\s|\s+all\s+rights?\b|\s+-\s|$)",
    re.I | re.M,
)
# [^\S\n]* at the line start (not \s*, which runs across blank lines from every line start: a text
# of newlines was quadratic) and a greedy name (a lazy one before \s*$ is quadratic in spaces).
_SOURCE = re.compile(r"^[^\S\n]*(?:sumber|source)\s*:\s*(?P<name>[^\n]*\S)[^\S\n]*$", re.I | re.M)
_SELF_REFERENCE = (  # weaker: a reporter introduced as the outlet's own
    re.compile(
        r"\b(?i:melaporkan|berbicara)\s+dari\s+[^,\n]{1,40},\s+(?:[A-Z][\w'-]*\s+){1,3}dari\s+"
        r"(?P<name>[A-Z]\w*(?:\s+[A-Z]\w*){0,2})"
    ),
    re.compile(
        r"\b(?i:reporting|speaking)\s+from\s+[^,\n]{1,40},\s+(?P<name>[A-Z]\w*(?:\s+[A-Z]\w*){0,2})['’]s\s+[A-Z]"
    ),
)
_DATELINE_SEARCH_LINES = 10
_HEAD_CHARS = 20_000  # the dateline is looked for at the top of a (possibly huge) file
_NUMBER_OR_HASH = re.compile(r"\d+|(?=\w*\d)[0-9a-f]{6,}")


def infer_outlet(text: str, filename: str) -> str:
    """The outlet named by the text itself (dateline, copyright, source, reporter), else the file stem."""
    name = " ".join(outlet_from_text(text, Path(filename).stem).split())
    if name:
        return name[:MAX_OUTLET_CHARS].strip()
    for find in (_outlet_from_dateline, _outlet_from_copyright, _outlet_from_source, _outlet_from_reporter):
        name = " ".join(find(text).split())
        if name:
            return name[:MAX_OUTLET_CHARS].strip()
    return _name_from_stem(Path(filename).stem)[:MAX_OUTLET_CHARS].strip()


def _brand(name: str) -> str:
    """A readable outlet name: "TEMPO.CO" -> "Tempo", "TRIBUNnews.com" -> "Tribunnews", "GenPI.co" kept."""
    name = name.strip(" .,;:-|()")
    m = re.fullmatch(r"(?P<label>[A-Za-z0-9-]+)(?:\.[A-Za-z]{2,4})+", name)
    label = m["label"] if m else name
    shouted = label.isupper() and len(label) > 3 and " " not in label
    if shouted or re.fullmatch(r"[A-Z]{3,}(?:news|online|media|tv)", label):
        return label.capitalize()
    return name


def _outlet_in(fragment: str) -> str:
    domain = _DOMAIN.search(fragment)
    return _brand(domain.group()) if domain else ""


def _outlet_from_dateline(text: str) -> str:
    for line in [line for line in text[:_HEAD_CHARS].splitlines() if line.strip()][:_DATELINE_SEARCH_LINES]:
        prefix = dateline_prefix(line)
        if not prefix:
            continue
        paren = re.search(r"\(([^()]+)\)", prefix)
        fallback = paren.group(1) if paren else prefix.rpartition(",")[2]
        return _outlet_in(prefix) or _brand(fallback)
    return ""


def _outlet_from_copyright(text: str) -> str:
    m = _COPYRIGHT.search(text)
    return (_outlet_in(m["name"]) or _brand(m["name"])) if m else ""


def _outlet_from_source(text: str) -> str:
    m = _SOURCE.search(text)
    if not m:
        return ""
    return _outlet_in(m["name"]) or (m["name"] if len(m["name"].split()) <= 4 else "")


def _outlet_from_reporter(text: str) -> str:
    for pattern in _SELF_REFERENCE:
        m = pattern.search(text)
        if m:
            return m["name"]
    return ""


def _name_from_stem(stem: str) -> str:
    """ "kompas_putin-vietnam" -> "Kompas Putin Vietnam"; numbers and hashes are dropped."""
    words = [w for w in re.split(r"[_\-\s.]+", stem) if w and not _NUMBER_OR_HASH.fullmatch(w)]
    return " ".join(w.capitalize() for w in words) or stem
