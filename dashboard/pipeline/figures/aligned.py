"""What a figure counts, learnt from the sentences of other outlets aligned with it.

A language read through CLDR (:mod:`.cldr`) has no counted nouns, and any language may phrase
a thing its lexicon lacks: Portuguese ``O comércio bilateral ... 3,6 bilhões de dólares em
2023`` gives $3.6 bn of nothing in particular. When the aligner put that sentence in one fact
with Al Jazeera's ``Perdagangan bilateral ... $3,6 miliar ... 2023`` and the two figures are
the same (same kind, unit and value), they are one figure: the unknown one takes the known
one's thing, entity and year, and joins its chart (bilateral trade: Russia).

Only the same value carries context over. A different value in an aligned sentence may be
another figure altogether ("2 countries" beside "11 agreements"), so it is never turned into a
disagreement on this evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dashboard.pipeline.figures.lexicon import known_thing
from dashboard.pipeline.figures.model import Quantity
from dashboard.pipeline.models import Fact

#: Two values are the same figure when they differ by at most this share of the larger.
SAME_VALUE = 0.005
#: Set on a figure whose thing came from an aligned sentence.
NOTE = "what it counts is taken from the same figure in an aligned sentence"


def with_aligned_context(figures: Sequence[Quantity], facts: Sequence[Fact]) -> list[Quantity]:
    """``figures``; one of unknown thing takes that of the same figure in its fact's other outlets."""
    by_sentence: dict[str, list[int]] = {}
    for k, figure in enumerate(figures):
        by_sentence.setdefault(figure.sentence_id, []).append(k)
    known = [f.kind in _KINDS and _says_what(f) for f in figures]
    out = list(figures)
    for fact in facts:
        if len(fact.outlets) < 2:
            continue
        members = [(m.sentence_id, m.outlet) for m in fact.members]
        for sentence_id, outlet in members:
            for k in by_sentence.get(sentence_id, ()):
                if figures[k].kind not in _KINDS or known[k] or out[k] is not figures[k]:
                    continue  # nothing to learn, or already learnt in another fact
                mates = [
                    figures[j]
                    for other, other_outlet in members
                    if other_outlet != outlet
                    for j in by_sentence.get(other, ())
                    if known[j] and _same(figures[j], figures[k])
                ]
                if len({(m.thing_norm, m.entity_norm) for m in mates}) == 1:
                    out[k] = _adopt(figures[k], mates[0])
    return out


#: The kinds of figure whose thing matters: sums of money and counts.
_KINDS = frozenset({"money", "count"})


def _says_what(figure: Quantity) -> bool:
    """Whether the figure says what it counts: a known thing (a money figure: any thing at all)."""
    if figure.kind == "money":
        return bool(figure.thing_norm)
    return bool(known_thing(figure.thing, figure.language))


def _same(a: Quantity, b: Quantity) -> bool:
    if (a.kind, a.unit) != (b.kind, b.unit) or a.value is None or b.value is None:
        return False
    if a.year and b.year and a.year != b.year:
        return False
    return abs(a.value - b.value) <= SAME_VALUE * max(abs(a.value), abs(b.value))


def _adopt(figure: Quantity, known: Quantity) -> Quantity:
    return replace(
        figure,
        thing=figure.thing or known.thing,
        thing_norm=known.thing_norm,
        entity=figure.entity or known.entity,
        entity_norm=figure.entity_norm or known.entity_norm,
        year=figure.year or known.year,
        note=figure.note or NOTE,
    )
