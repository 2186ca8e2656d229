"""Where outlets' figures disagree.

Two entry points, because the aligner may or may not put the sentences that report one
figure into one fact:

* :func:`find_discrepancies` compares figures inside each fact.
* :func:`contested_counts` compares counts across the whole corpus, grouped by normalised
  thing (perjanjian / pakta / nota kerja sama / agreements -> ``agreements``), so "how many
  agreements were signed" is compared even when each outlet's sentence lands in its own fact.
  It only looks at the things in ``things`` (default: agreements), since most counted nouns
  ("dua alasan", "dua pemimpin") are about different things in different articles.

Grouping. Figures are compared only with figures of the same kind, unit and normalised
thing. Money and percentages also need the same entity and year (Russia's trade in 2023 is
not China's); counts are compared on the thing alone, because outlets rarely name the owner
of a count the same way ("Putin menandatangani", "To Lam dan Putin menandatangani").

Kinds. By default money, percent and count. Dates, weekdays and years are mostly context
and would flood the list; durations are left out too because "dua hari" in one outlet is
the North Korea trip and in another the Vietnam talks, even within one fact. Pass
``kinds=(..., "duration")`` to compare durations by time unit.

Disputes. A figure can sit in two facts, and every count of agreements is also compared across
the corpus, so one dispute can be found several times; :func:`disputes` merges the discrepancies
about one thing and period that share a figure into one, the unit every count and chart uses
(:func:`dispute_of` numbers them, for the export).

Agreement. Two figures agree when the intervals they claim overlap (``Quantity.low`` /
``Quantity.high``): "setidaknya selusin" [12, inf) agrees with "12", "sekitar 80 persen"
[72, 88] with "80 persen", while "11" and "12" do not. A group spanning two or more outlets
is flagged ``disagree`` when two figures from different outlets do not agree, or
``contested`` when they do but one figure is ambiguous: an ambiguous figure never agrees
silently.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal, TypedDict, cast

from dashboard.pipeline.figures import QUALIFIER_WORDS, Qualifier, Quantity
from dashboard.pipeline.figures.model import Kind
from dashboard.pipeline.models import Fact

COMPARED_KINDS: tuple[str, ...] = ("money", "percent", "count")
#: ``fact_id`` of the discrepancies :func:`contested_counts` finds across the corpus.
CORPUS = "corpus"

Status = Literal["disagree", "contested"]


class Side(TypedDict):
    """One outlet's figure in a discrepancy."""

    outlet: str
    article_id: str
    sentence_id: str
    raw: str
    start: int  # offsets of ``raw`` in the sentence
    end: int
    value: float | None
    qualifier: str
    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    unit: str
    ambiguous: bool
    note: str
    sentence: str
    language: str
    qualifier_words: str  # the qualifier in English words ("at least"), "" when exact
    claim: int  # index into the discrepancy's ``claims``
    conflicting: bool  # conflicts with some other outlet's figure


class Claim(TypedDict):
    """One distinct interval that sides claim, and which other claims it fits."""

    low: float | None  # None: unbounded (JSON has no infinity)
    high: float | None
    low_open: bool
    high_open: bool
    sides: list[int]  # indexes into the discrepancy's ``values``
    compatible_with: list[int]  # other claims sharing a value with this one
    conflicts_with: list[int]  # other claims sharing none


@dataclass
class Discrepancy:
    """Figures about one thing that outlets report differently; every side is kept."""

    fact_id: str
    kind: str
    thing: str  # normalised thing, e.g. "agreements"
    values: list[Side]
    status: Status
    unit: str = ""
    entity: str = ""  # normalised entity, money and percent only
    year: int | None = None  # money and percent only: the period the figures are about
    claims: list[Claim] = field(default_factory=list)

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(side["outlet"] for side in self.values))


def overlaps(a: Quantity, b: Quantity) -> bool:
    """Whether the intervals two figures claim share a value (ignoring ambiguity).

    An open end excludes its bound: "more than 10" (10, inf) and "10" share nothing.
    """
    if a.low is None or a.high is None or b.low is None or b.high is None:
        return False
    slack = 1e-9 * max((abs(x) for x in (a.low, a.high, b.low, b.high) if math.isfinite(x)), default=1.0)
    return _below(a.low, a.low_open, b.high, b.high_open, slack) and _below(
        b.low, b.low_open, a.high, a.high_open, slack
    )


def _below(low: float, low_open: bool, high: float, high_open: bool, slack: float) -> bool:
    """Whether an interval starting at ``low`` and one ending at ``high`` can share a value."""
    if low_open or high_open:
        return low + slack < high
    return low - slack <= high


def agree(a: Quantity, b: Quantity) -> bool:
    """Whether two figures say the same thing: compatible intervals, neither ambiguous."""
    return not a.ambiguous and not b.ambiguous and overlaps(a, b)


def find_discrepancies(
    facts: Iterable[Fact], figures: Iterable[Quantity], kinds: Collection[str] = COMPARED_KINDS
) -> list[Discrepancy]:
    """Disagreements between outlets within each fact (see the module docstring)."""
    by_sentence: dict[str, list[Quantity]] = defaultdict(list)
    for figure in figures:
        by_sentence[figure.sentence_id].append(figure)
    found = []
    for fact in facts:
        members = [f for sid in dict.fromkeys(fact.sentence_ids) for f in by_sentence.get(sid, [])]
        found.extend(_compare(fact.id, members, kinds))
    return found


def contested_counts(
    figures: Iterable[Quantity], things: Collection[str] = ("agreements",)
) -> list[Discrepancy]:
    """Corpus-wide disagreements on how many of ``things`` there are, fact boundaries ignored."""
    counts = [f for f in figures if f.kind == "count" and f.thing_norm in things]
    return _compare(CORPUS, counts, ("count",))


def disputes(found: Iterable[Discrepancy]) -> list[Discrepancy]:
    """One discrepancy per dispute (see :func:`dispute_of`), in order of first appearance.

    The discrepancy holding every figure of the others stands for them (the corpus-wide count
    holds the fact-level ones); otherwise the figures are compared afresh, under the fact of
    the largest.
    """
    found = list(found)
    groups: dict[int, list[Discrepancy]] = defaultdict(list)
    for d, n in zip(found, dispute_of(found), strict=True):
        groups[n].append(d)
    return [_merged(group) for group in groups.values()]


def dispute_of(found: Sequence[Discrepancy]) -> list[int]:
    """Per discrepancy, the number of its dispute (0, 1, ... in order of first appearance).

    Discrepancies about the same kind, unit, thing, entity and year that share a figure (the
    same span of the same sentence) are one dispute.
    """
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[tuple[str, str, str, str, int | None], str, int], int] = {}
    for i, d in enumerate(found):
        for side in d.values:
            figure = (_subject(d), side["sentence_id"], side["start"])
            if figure in seen:
                parent[root(i)] = root(seen[figure])
            else:
                seen[figure] = i
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers)) for i in range(len(found))]


def _subject(d: Discrepancy) -> tuple[str, str, str, str, int | None]:
    return d.kind, d.unit, d.thing, d.entity, d.year


def _figure_ids(d: Discrepancy) -> set[tuple[str, int]]:
    return {(side["sentence_id"], side["start"]) for side in d.values}


def _merged(group: list[Discrepancy]) -> Discrepancy:
    largest = max(group, key=lambda d: (len(_figure_ids(d)), d.fact_id == CORPUS))
    if all(_figure_ids(d) <= _figure_ids(largest) for d in group):
        return largest
    figures: dict[tuple[str, int], Quantity] = {}
    for d in group:
        for side in d.values:
            figures.setdefault((side["sentence_id"], side["start"]), _quantity(d, side))
    [merged] = _compare(largest.fact_id, list(figures.values()), (largest.kind,))
    return merged


def _quantity(d: Discrepancy, side: Side) -> Quantity:
    """The figure a side was made from, as far as comparing needs it."""
    return Quantity(
        sentence_id=side["sentence_id"],
        article_id=side["article_id"],
        outlet=side["outlet"],
        raw=side["raw"],
        start=side["start"],
        end=side["end"],
        value=side["value"],
        unit=side["unit"],
        kind=cast(Kind, d.kind),
        thing_norm=d.thing,
        entity_norm=d.entity,
        year=d.year,
        qualifier=cast(Qualifier, side["qualifier"]),
        low=side["low"],
        high=side["high"],
        low_open=side["low_open"],
        high_open=side["high_open"],
        ambiguous=side["ambiguous"],
        note=side["note"],
        language=side["language"],
        sentence=side["sentence"],
    )


def _key(figure: Quantity) -> tuple[str, str, str, str, int | None]:
    if figure.kind in {"money", "percent"}:
        return figure.kind, figure.unit, figure.thing_norm, figure.entity_norm, figure.year
    return figure.kind, figure.unit, figure.thing_norm, "", None


def _compare(fact_id: str, figures: list[Quantity], kinds: Collection[str]) -> list[Discrepancy]:
    groups: dict[tuple[str, str, str, str, int | None], list[Quantity]] = defaultdict(list)
    for figure in figures:
        comparable = figure.value is not None and (figure.thing_norm or figure.kind != "count")
        if figure.kind in kinds and comparable:
            groups[_key(figure)].append(figure)
    found = []
    for (kind, unit, thing, entity, year), group in groups.items():
        status = _status(group)
        if status:
            claims, of_side = _claims(group)
            outlets = [{group[k].outlet for k in c["sides"]} for c in claims]
            sides = [_side(f, of_side[k], claims, outlets) for k, f in enumerate(group)]
            found.append(Discrepancy(fact_id, kind, thing, sides, status, unit, entity, year, claims))
    return found


def _status(group: list[Quantity]) -> Status | None:
    if len({f.outlet for f in group}) < 2:
        return None
    if any(a.outlet != b.outlet and not overlaps(a, b) for a, b in combinations(group, 2)):
        return "disagree"
    return "contested" if any(f.ambiguous for f in group) else None


def _claims(group: list[Quantity]) -> tuple[list[Claim], list[int]]:
    """The group's distinct intervals with their compatibility, and each figure's claim index."""
    index: dict[tuple[float | None, float | None, bool, bool], int] = {}
    claims: list[Claim] = []
    representative: list[Quantity] = []
    of_side = []
    for k, f in enumerate(group):
        key = (f.low, f.high, f.low_open, f.high_open)
        if key not in index:
            index[key] = len(claims)
            claims.append(
                Claim(
                    low=_bound(f.low),
                    high=_bound(f.high),
                    low_open=f.low_open,
                    high_open=f.high_open,
                    sides=[],
                    compatible_with=[],
                    conflicts_with=[],
                )
            )
            representative.append(f)
        claims[index[key]]["sides"].append(k)
        of_side.append(index[key])
    for i, j in combinations(range(len(claims)), 2):
        relation = "compatible_with" if overlaps(representative[i], representative[j]) else "conflicts_with"
        claims[i][relation].append(j)
        claims[j][relation].append(i)
    return claims, of_side


def _bound(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _side(figure: Quantity, claim: int, claims: list[Claim], outlets: list[set[str]]) -> Side:
    conflicting = any(
        len(outlets[other]) > 1 or figure.outlet not in outlets[other]
        for other in claims[claim]["conflicts_with"]
    )
    return Side(
        outlet=figure.outlet,
        article_id=figure.article_id,
        sentence_id=figure.sentence_id,
        raw=figure.raw,
        start=figure.start,
        end=figure.end,
        value=figure.value,
        qualifier=figure.qualifier,
        low=figure.low,
        high=figure.high,
        low_open=figure.low_open,
        high_open=figure.high_open,
        unit=figure.unit,
        ambiguous=figure.ambiguous,
        note=figure.note,
        sentence=figure.sentence,
        language=figure.language,
        qualifier_words=QUALIFIER_WORDS.get(figure.qualifier, figure.qualifier),
        claim=claim,
        conflicting=conflicting,
    )
