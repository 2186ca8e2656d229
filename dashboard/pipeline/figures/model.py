"""What a figure is: :class:`Quantity`, its kinds, and the qualifiers with one meaning in every language."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["money", "percent", "count", "year", "date", "duration", "ordinal"]
#: Language-independent qualifier codes; each lexicon maps its own words to them.
Qualifier = Literal[
    "exact", "about", "nearly", "more_than", "at_least", "at_most", "less_than", "approximate"
]

#: The qualifier in English words, for display ("at least", not ``at_least``).
QUALIFIER_WORDS: dict[str, str] = {
    "exact": "",
    "about": "about",
    "nearly": "nearly",
    "more_than": "more than",
    "at_least": "at least",
    "at_most": "up to",
    "less_than": "less than",
    "approximate": "roughly",
}

#: Relative half-width of the interval an "about" figure claims ("about a dozen": 10.8-13.2).
ABOUT_TOLERANCE = 0.1

#: What each qualifier claims about a written value ``v``, whatever the language it was written in
#: (each lexicon maps its words to the codes; :func:`interval` computes the claim; ``[`` includes an
#: end, ``(`` excludes it). An ambiguous figure claims the span of its readings instead.
QUALIFIER_MEANINGS: dict[str, str] = {
    "exact": "[v, v]: the value as written",
    "about": "[v - 10%, v + 10%]: about (sekitar, rund, environ, около, 约)",
    "nearly": "[v - 10%, v]: nearly (hampir, fast, presque, почти)",
    "more_than": "(v, inf): more than (lebih dari, mehr als, plus de, более, 超过)",
    "at_least": "[v, inf): at least (setidaknya, mindestens, au moins, не менее, 至少)",
    "at_most": "(-inf, v]: up to (bis zu, jusqu'à)",
    "less_than": "(-inf, v): less than (weniger als, dưới, 不到)",
    "approximate": "[v, v], read with doubt: a loose number word (kesepuluh satu: 11)",
}


@dataclass(frozen=True, kw_only=True)
class Quantity:
    """One figure in one sentence; ``sentence[start:end] == raw``.

    ``low``/``high`` are the interval the wording claims, open at an end when
    ``low_open``/``high_open`` (``more than 10`` is (10, inf): 11 fits, 10 does not).
    """

    sentence_id: str = ""
    article_id: str = ""
    outlet: str = ""
    raw: str
    start: int
    end: int
    value: float | None
    unit: str  # USD, IDR, EUR, ..., percent, count, year, date, duration, ordinal
    kind: Kind
    scale: float = 1.0
    thing: str = ""
    thing_norm: str = ""
    entity: str = ""
    entity_norm: str = ""
    year: int | None = None
    qualifier: Qualifier = "exact"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    date: str | None = None  # ISO 8601 for kind "date"; value stays None
    ambiguous: bool = False
    alternatives: tuple[float, ...] = ()  # other readings of an ambiguous figure
    note: str = ""
    language: str = ""  # ISO 639-1 code of the grammar that read it
    sentence: str = field(default="", repr=False, compare=False)  # the text it came from, for hovers


def date_mention(m: re.Match[str], date: str | None = None, thing: str = "") -> Quantity:
    """The date (ISO ``date``) or weekday (``thing``) that match ``m`` spells."""
    return Quantity(
        raw=m.group(),
        start=m.start(),
        end=m.end(),
        value=None,
        unit="date",
        kind="date",
        date=date,
        thing=thing,
    )


def interval(value: float, qualifier: str) -> tuple[float, float, bool, bool]:
    """``(low, high, low_open, high_open)``: the values a qualified figure allows."""
    spread = abs(value) * ABOUT_TOLERANCE
    return {
        "more_than": (value, math.inf, True, False),
        "at_least": (value, math.inf, False, False),
        "at_most": (-math.inf, value, False, False),
        "less_than": (-math.inf, value, False, True),
        "about": (value - spread, value + spread, False, False),
        "nearly": (value - spread, value, False, False),
    }.get(qualifier, (value, value, False, False))
