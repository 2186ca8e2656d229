"""Discrepancies between outlets' figures, on seed sentences read from ``seeds/``."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from dashboard.pipeline.discrepancies import (
    CORPUS,
    contested_counts,
    dispute_of,
    disputes,
    find_discrepancies,
)
from dashboard.pipeline.figures import extract_sentences
from dashboard.pipeline.models import Fact, FactMember, Sentence

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
with (SEEDS / "metadata.csv").open(encoding="utf-8") as handle:
    OUTLETS = {row["file"]: row["outlet"] for row in csv.DictReader(handle)}

# A sentence: from its first non-space character to the first . ! ? before a space, or the line's end.
_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s)|$)", re.M)


def seed_sentences(file: str) -> list[Sentence]:
    """The file's sentences, text exactly as stored (offsets index the file)."""
    text = (SEEDS / file).read_text(encoding="utf-8")
    article = file.split("_")[0]
    return [
        Sentence(f"{article}:{k}", article, OUTLETS[file], m.group(), m.start(), m.end())
        for k, m in enumerate(_SENTENCE.finditer(text))
    ]


def seed_sentence(file: str, marker: str) -> Sentence:
    [sentence] = [s for s in seed_sentences(file) if marker in s.text]
    return sentence


def fact_of(*sentences: Sentence, fact_id: str = "f1") -> Fact:
    members = tuple(
        FactMember(s.id, s.article_id, s.outlet, s.text, 1.0 if k == 0 else 0.8)
        for k, s in enumerate(sentences)
    )
    return Fact(fact_id, sentences[0].text, sentences[0].id, members)


def sentence(sid: str, outlet: str, text: str) -> Sentence:
    return Sentence(sid, sid.split(":")[0], outlet, text, 0, len(text))


AGREEMENT_SENTENCES = [
    ("001_fdc3a80c8c097455.txt", "setidaknya selusin perjanjian"),
    ("001_fdc3a80c8c097455.txt", "Dari 12 perjanjian"),
    ("004_a52b92ebf591c18e.txt", "menandatangani 11 nota kerja sama"),
    ("002_0fb8b6c0066fb73e.txt", "Kesepuluh satu pakta"),
]


def test_agreement_count_is_flagged_across_outlets() -> None:
    sentences = [seed_sentence(file, marker) for file, marker in AGREEMENT_SENTENCES]
    [d] = find_discrepancies([fact_of(*sentences)], extract_sentences(sentences))
    assert (d.fact_id, d.kind, d.thing, d.status) == ("f1", "count", "agreements", "disagree")
    assert [(v["outlet"], v["raw"], v["value"], v["qualifier"]) for v in d.values] == [
        ("GenPI.co", "setidaknya selusin", 12, "at_least"),
        ("GenPI.co", "12", 12, "exact"),
        ("Tribunnews", "11", 11, "exact"),
        ("marwahkepri.com", "Kesepuluh satu", 11, "approximate"),
    ]
    assert [v["sentence_id"] for v in d.values] == [s.id for s in sentences]
    assert [v["ambiguous"] for v in d.values] == [False, False, False, True]


def test_agreement_count_is_found_when_the_sentences_sit_in_different_facts() -> None:
    sentences = [s for file in sorted(OUTLETS) for s in seed_sentences(file)]
    figures = extract_sentences(sentences)
    separate = [fact_of(seed_sentence(f, m), fact_id=f"f{k}") for k, (f, m) in enumerate(AGREEMENT_SENTENCES)]
    assert find_discrepancies(separate, figures) == []
    [d] = contested_counts(figures)
    assert (d.fact_id, d.thing, d.status) == (CORPUS, "agreements", "disagree")
    assert [v["raw"] for v in d.values] == ["setidaknya selusin", "12", "Kesepuluh satu", "11"]
    assert set(d.outlets) == {"GenPI.co", "marwahkepri.com", "Tribunnews"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Putin menandatangani setidaknya selusin perjanjian.", "Keduanya meneken 12 perjanjian."),
        ("Putin signed at least a dozen agreements.", "The two leaders signed 12 agreements."),
        (
            "Rusia menyumbang sekitar 80 persen impor senjata Vietnam.",
            "Rusia memasok 80 persen impor senjata.",
        ),
        (
            "Perdagangan dengan China $171 miliar pada 2023.",
            "Perdagangan dengan China $171 miliar pada 2023.",
        ),
    ],
)
def test_compatible_figures_agree(first: str, second: str) -> None:
    a, b = sentence("a:1", "Outlet A", first), sentence("b:1", "Outlet B", second)
    assert find_discrepancies([fact_of(a, b)], extract_sentences([a, b])) == []


def test_eleven_and_twelve_disagree() -> None:
    a = sentence("a:1", "Outlet A", "Putin menandatangani 11 perjanjian.")
    b = sentence("b:1", "Outlet B", "Putin signed 12 agreements.")
    [d] = find_discrepancies([fact_of(a, b)], extract_sentences([a, b]))
    assert (d.status, d.thing) == ("disagree", "agreements")
    assert [(v["outlet"], v["value"]) for v in d.values] == [("Outlet A", 11), ("Outlet B", 12)]


def test_ambiguous_figure_is_contested_even_when_values_match() -> None:
    a = sentence("a:1", "Outlet A", "Putin menandatangani 11 pakta.")
    b = sentence("b:1", "Outlet B", "Kesepuluh satu pakta yang ditandatangani di Hanoi.")
    [d] = find_discrepancies([fact_of(a, b)], extract_sentences([a, b]))
    assert d.status == "contested"
    assert [v["ambiguous"] for v in d.values] == [False, True]
    assert "uncertain" in d.values[1]["note"]


def test_money_compares_like_with_like() -> None:
    a = sentence("a:1", "Outlet A", "Perdagangan dengan Rusia bernilai $3,6 miliar pada tahun 2023.")
    b = sentence(
        "b:1",
        "Outlet B",
        "Perdagangan dengan Rusia mencapai $4 miliar pada tahun 2023, dan $171 miliar dengan China.",
    )
    [d] = find_discrepancies([fact_of(a, b)], extract_sentences([a, b]))
    assert (d.kind, d.unit, d.entity, d.year, d.thing) == ("money", "USD", "Russia", 2023, "trade")
    assert [v["value"] for v in d.values] == [3.6e9, 4e9]


def test_one_outlet_and_context_kinds_are_not_flagged() -> None:
    a = sentence("a:1", "Outlet A", "Putin menandatangani 11 perjanjian, lalu 12 perjanjian.")
    b = sentence(
        "b:1", "Outlet B", "Putin tiba pada Kamis, 20 Juni 2024 setelah lawatan dua hari sejak 1950."
    )
    c = sentence(
        "c:1", "Outlet C", "Putin tiba pada Rabu, 19 Juni 2024 setelah lawatan tiga hari sejak 1951."
    )
    assert find_discrepancies([fact_of(a, b, c)], extract_sentences([a, b, c])) == []
    [d] = find_discrepancies([fact_of(b, c)], extract_sentences([b, c]), kinds=("duration",))
    assert [v["raw"] for v in d.values] == ["dua hari", "tiga hari"]


# The agreements count as outlets in other languages wrote it (phrasings from issue #13).
ACROSS_LANGUAGES = [
    ("en:1", "Outlet EN", "It was one among 11 documents signed in Hanoi.", "11"),
    ("en2:1", "Outlet EN2", "Putin and Lam signed over 10 documents.", "over 10"),
    ("de:1", "Outlet DE", "Putin unterzeichnet rund ein Dutzend Kooperationsabkommen.", "rund ein Dutzend"),
    ("fr:1", "Outlet FR", "Les deux pays ont signé une dizaine de partenariats.", "une dizaine"),
    ("es:1", "Outlet ES", "Firmaron al menos una docena de acuerdos.", "al menos una docena"),
    ("zh:1", "Outlet ZH", "双方签署了11份文件。", "11"),
    ("vi:1", "Outlet VI", "Hai bên đã ký 11 văn kiện.", "11"),
    ("ru:1", "Outlet RU", "Стороны подписали 11 документов.", "11"),
    ("id:1", "Outlet ID", "Keduanya meneken 12 perjanjian.", "12"),
]


def test_agreement_counts_in_every_language_join_one_dispute_with_compatibility() -> None:
    sentences = [sentence(sid, outlet, text) for sid, outlet, text, _ in ACROSS_LANGUAGES]
    [d] = contested_counts(extract_sentences(sentences))
    assert (d.thing, d.status) == ("agreements", "disagree")
    sides = {v["outlet"]: v for v in d.values}
    assert {outlet: side["raw"] for outlet, side in sides.items()} == {
        o: raw for _, o, _, raw in ACROSS_LANGUAGES
    }
    assert {side["language"] for side in d.values} == {"en", "de", "fr", "es", "zh", "vi", "ru", "id"}

    def compatible(a: str, b: str) -> bool:
        claim, other = sides[a]["claim"], sides[b]["claim"]
        return claim == other or other in d.claims[claim]["compatible_with"]

    def conflict(a: str, b: str) -> bool:
        return sides[b]["claim"] in d.claims[sides[a]["claim"]]["conflicts_with"]

    assert compatible("Outlet EN2", "Outlet EN") and compatible("Outlet EN2", "Outlet ID")  # over 10 ~ 11, 12
    assert compatible("Outlet DE", "Outlet EN") and compatible("Outlet DE", "Outlet ID")  # about 12 ~ 11, 12
    assert conflict("Outlet EN", "Outlet ID") and conflict("Outlet ZH", "Outlet ID")  # 11 vs 12
    assert conflict("Outlet ES", "Outlet RU") and compatible("Outlet ES", "Outlet ID")  # at least 12
    assert compatible("Outlet FR", "Outlet VI") and conflict(
        "Outlet FR", "Outlet ID"
    )  # about 10 ~ 11, not 12
    assert not sides["Outlet EN2"]["conflicting"]  # "over 10" fits every other outlet's figure
    assert sides["Outlet EN"]["conflicting"] and sides["Outlet ID"]["conflicting"]
    at_least = d.claims[sides["Outlet ES"]["claim"]]
    assert (at_least["low"], at_least["high"], at_least["low_open"]) == (12, None, False)  # [12, inf)
    assert sides["Outlet ES"]["qualifier_words"] == "at least"
    assert sides["Outlet EN2"]["qualifier_words"] == "more than"


def test_more_than_ten_excludes_ten() -> None:
    a = sentence("a:1", "Outlet A", "Putin signed over 10 documents.")
    b = sentence("b:1", "Outlet B", "Putin signed 10 agreements.")
    [d] = contested_counts(extract_sentences([a, b]))
    assert [c["conflicts_with"] for c in d.claims] == [[1], [0]]
    assert [v["conflicting"] for v in d.values] == [True, True]


ITALIAN_2022 = (
    "Nel 2022 l'interscambio tra Russia e Vietnam è stato di 3,5 miliardi di dollari, "
    "contro 175 miliardi con la Cina e 123 miliardi con gli Stati Uniti."
)


def test_two_periods_of_trade_are_never_a_disagreement() -> None:
    italian = sentence("it:1", "Outlet IT", ITALIAN_2022)
    al_jazeera = seed_sentence("003_1aa665b7eaf076e3.txt", "Perdagangan bilateral antara Rusia dan Vietnam")
    figures = extract_sentences([italian, al_jazeera])
    money = [(f.outlet, f.entity_norm, f.year, f.value) for f in figures if f.kind == "money"]
    assert money == [
        ("Outlet IT", "Russia", 2022, 3.5e9),
        ("Outlet IT", "China", 2022, 175e9),
        ("Outlet IT", "United States", 2022, 123e9),
        ("Al Jazeera", "Russia", 2023, 3.6e9),
        ("Al Jazeera", "China", 2023, 171e9),
        ("Al Jazeera", "United States", 2023, 111e9),
    ]
    assert find_discrepancies([fact_of(italian, al_jazeera)], figures) == []
    same_year = sentence("it:2", "Outlet IT", ITALIAN_2022.replace("2022", "2023"))
    disputes = find_discrepancies(
        [fact_of(same_year, al_jazeera)], extract_sentences([same_year, al_jazeera])
    )
    assert {(d.entity, d.year) for d in disputes} == {
        ("Russia", 2023),
        ("China", 2023),
        ("United States", 2023),
    }


def test_a_dispute_found_in_its_fact_and_across_the_corpus_is_one_dispute() -> None:
    sentences = [seed_sentence(file, marker) for file, marker in AGREEMENT_SENTENCES]
    figures = extract_sentences(sentences)
    found = find_discrepancies([fact_of(*sentences)], figures) + contested_counts(figures)
    assert [d.fact_id for d in found] == ["f1", CORPUS]
    assert dispute_of(found) == [0, 0]
    [one] = disputes(found)
    assert one is found[1]  # the corpus-wide comparison holds every figure of the fact's


def test_discrepancies_sharing_a_figure_merge_and_are_compared_afresh() -> None:
    a = sentence("a:1", "Outlet A", "Putin signed 11 agreements.")
    b = sentence("b:1", "Outlet B", "Putin signed 12 agreements.")
    c = sentence("c:1", "Outlet C", "Putin signed at least a dozen agreements with To Lam.")
    d = sentence("d:1", "Outlet D", "Exports grew by 5 percent to Russia, not 7 percent.")
    e = sentence("e:1", "Outlet E", "Exports grew by 6 percent to Russia.")
    figures = extract_sentences([a, b, c, d, e])
    found = find_discrepancies(
        [fact_of(a, b, fact_id="f1"), fact_of(c, a, fact_id="f2"), fact_of(d, e, fact_id="f3")], figures
    )
    assert [x.fact_id for x in found] == ["f1", "f2", "f3"]
    assert dispute_of(found) == [0, 0, 1]  # f1 and f2 share "11"; the export growth is another dispute
    merged, growth = disputes(found)
    assert growth is found[2]
    assert [(v["outlet"], v["raw"]) for v in merged.values] == [
        ("Outlet A", "11"),
        ("Outlet B", "12"),
        ("Outlet C", "at least a dozen"),
    ]
    eleven, _, dozen = (merged.claims[v["claim"]] for v in merged.values)
    assert merged.values[1]["claim"] in dozen["compatible_with"]
    assert (
        merged.values[0]["claim"] in dozen["conflicts_with"]
        and merged.values[1]["claim"] in eleven["conflicts_with"]
    )
    assert [v["conflicting"] for v in merged.values] == [True, True, True]
