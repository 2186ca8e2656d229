"""Context of a figure: the entity it belongs to and the year it refers to, within its sentence.

A figure takes the entity linked right after it (``$171 miliar dengan China``, ``con la Cina``),
else the first one named between the previous figure and it. Its ``year`` is the nearest
point-in-time year in the same sentence (``pada tahun 2023``, ``nel 2022``), never a
``since`` year or a decade, so two periods never merge.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace

from dashboard.pipeline.figures.lexicon import entity_names, lexicons
from dashboard.pipeline.figures.model import Quantity
from dashboard.pipeline.figures.scan import Found
from dashboard.pipeline.scripts import HAN

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_HAN = re.compile(f"[{HAN}]")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _entity_re() -> re.Pattern[str]:
    names = list(entity_names())
    spaced = [n for n in names if not _HAN.search(n)]
    han = [n for n in names if _HAN.search(n)]  # no word boundaries in Chinese
    return re.compile(rf"(?<![\w.])(?:{_alternation(spaced)})(?!\w)|(?:{_alternation(han)})")


_ENTITY_RE = _entity_re()
_LINKS = frozenset(w for lex in lexicons().values() for w in lex.entity_links)


def _entity(text: str, found: Found, prev_end: int, next_start: int) -> str:
    """The entity linked after the figure (``dengan China``), else the first named before it."""
    after = text[found.tail : max(found.tail, next_start)]
    words = list(_WORD_RE.finditer(after))
    if words and words[0].group().lower() in _LINKS:
        window = after[words[0].end() : words[min(3, len(words) - 1)].end()]
        if m := _ENTITY_RE.search(window):
            return m.group()
    m = _ENTITY_RE.search(text, prev_end, found.figure.start)
    return m.group() if m else ""


_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]|\n")


@functools.lru_cache(maxsize=4)
def _sentence_ends(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the sentence-ending marks in ``text``, computed once per text."""
    marks = [m.span() for m in _SENTENCE_END.finditer(text)]
    return [s for s, _ in marks], [e for _, e in marks]


def sentence_of(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the sentence around ``pos``, so context never leaks when a paragraph is passed."""
    starts, ends = _sentence_ends(text)
    i = bisect.bisect_right(ends, pos)  # the first mark that ends after ``pos``
    return (ends[i - 1] if i else 0), (starts[i] if i < len(starts) else len(text))


def _nearest(years: list[Quantity], starts: list[int], pos: int, first: int, last: int) -> Quantity | None:
    """The year starting in ``first:last`` nearest to ``pos`` (the earlier one on a tie)."""
    lo, hi = bisect.bisect_left(starts, first), bisect.bisect_left(starts, last)
    i = bisect.bisect_left(starts, pos, lo, hi)
    candidates = [j for j in (i - 1, i) if lo <= j < hi]
    return years[min(candidates, key=lambda j: abs(starts[j] - pos))] if candidates else None


def with_context(text: str, found: list[Found]) -> list[Quantity]:
    """Add entity and reference year to money, percent and count figures."""
    years = [
        f.figure
        for f in found
        if f.figure.kind == "year" and f.figure.qualifier == "exact" and not f.figure.note
    ]
    year_starts = [y.start for y in years]  # in reading order: ``found`` is sorted by start
    figures = []
    for k, item in enumerate(found):
        figure = item.figure
        if figure.kind in {"money", "percent", "count"}:
            first, last = sentence_of(text, figure.start)
            prev_end = max(found[k - 1].figure.end if k else 0, first)
            next_start = min(found[k + 1].figure.start if k + 1 < len(found) else len(text), last)
            entity = _entity(text, item, prev_end, next_start)
            near = _nearest(years, year_starts, figure.start, first, last)
            figure = replace(
                figure,
                entity=entity,
                entity_norm=entity_names().get(entity, entity) if entity else "",
                year=near.year if near else None,
            )
        figures.append(figure)
    return figures
