"""A figure whose thing is unknown takes it from the same figure in a sentence aligned with it."""

from __future__ import annotations

from dashboard.pipeline.figures import Quantity, extract, with_aligned_context
from dashboard.pipeline.figures.aligned import NOTE
from dashboard.pipeline.models import Fact, FactMember

AL_JAZEERA = (
    "Perdagangan bilateral antara Rusia dan Vietnam bernilai $3,6 miliar pada tahun 2023, "
    "dibandingkan dengan $171 miliar dengan China dan $111 miliar dengan AS."
)
PORTUGUESE = "O comércio bilateral entre a Rússia e o Vietnã foi de 3,6 bilhões de dólares em 2023."
PORTUGUESE_OTHER = "O comércio bilateral entre a Rússia e o Vietnã foi de 3,5 bilhões de dólares em 2023."


def figures_of(*sentences: tuple[str, str, str]) -> list[Quantity]:
    return [
        f for sid, text, lang in sentences for f in extract(text, sentence_id=sid, outlet=sid, language=lang)
    ]


def money_of(figures: list[Quantity], sentence_id: str) -> Quantity:
    [money] = [f for f in figures if f.sentence_id == sentence_id and f.kind == "money"]
    return money


def fact(*sentence_ids: str) -> Fact:
    members = tuple(FactMember(sid, sid, sid, "", 1.0) for sid in sentence_ids)
    return Fact(id="f", label="", label_sentence_id=sentence_ids[0], members=members)


def test_the_same_sum_in_an_aligned_sentence_gives_thing_entity_and_note() -> None:
    figures = figures_of(("aj", AL_JAZEERA, "id"), ("pt", PORTUGUESE, "pt"))
    before = money_of(figures, "pt")
    assert (before.thing_norm, before.entity_norm) == ("", "")
    after = money_of(with_aligned_context(figures, [fact("aj", "pt")]), "pt")
    assert (after.value, after.thing_norm, after.entity_norm, after.year, after.note) == (
        3.6e9, "trade", "Russia", 2023, NOTE,
    )  # fmt: skip


def test_a_different_sum_or_no_alignment_leaves_the_figure_as_it_was() -> None:
    other = figures_of(("aj", AL_JAZEERA, "id"), ("pt", PORTUGUESE_OTHER, "pt"))
    assert with_aligned_context(other, [fact("aj", "pt")]) == other
    same = figures_of(("aj", AL_JAZEERA, "id"), ("pt", PORTUGUESE, "pt"))
    assert with_aligned_context(same, [fact("aj"), fact("pt")]) == same
