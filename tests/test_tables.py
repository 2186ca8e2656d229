"""Filters, sorting, the matrix, outlet statistics and CSV export on hand-made facts."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from dashboard import tables
from dashboard.pipeline.discrepancies import Discrepancy, contested_counts
from dashboard.pipeline.figures import extract
from dashboard.pipeline.models import Article, Fact, FactMember

OUTLETS = ["A", "B", "C", "D", "E"]


def fact(fid: str, *members: tuple[str, str], sim: float = 0.9) -> Fact:
    made = tuple(
        FactMember(f"{outlet}:{fid}", f"art-{outlet}", outlet, text, 1.0 if i == 0 else sim)
        for i, (outlet, text) in enumerate(members)
    )
    return Fact(fid, made[0].text, made[0].sentence_id, made)


@pytest.fixture()
def facts() -> list[Fact]:
    return [
        fact("all", *((o, f"Putin tiba di Hanoi ({o}).") for o in OUTLETS)),
        fact("four", *((o, f"Sebelas perjanjian ditandatangani ({o}).") for o in "ABCD")),
        fact("two", ("B", "Perdagangan $3,6 miliar."), ("C", "Nilai dagang US$3,6 miliar.")),
        fact("ex-a", ("A", "Hanya A melaporkan reaktor nuklir.")),
        fact("ex-e", ("E", "E menulis tentang mahasiswa.")),
    ]


def ids(items: list[Fact]) -> list[str]:
    return [f.id for f in items]


def test_filter_by_outlets_keeps_facts_any_of_them_reports(facts: list[Fact]) -> None:
    assert ids(tables.filter_facts(facts, outlets=["E"])) == ["all", "ex-e"]
    assert ids(tables.filter_facts(facts, outlets=["A", "C"])) == ["all", "four", "two", "ex-a"]


def test_filter_by_min_outlets(facts: list[Fact]) -> None:
    assert ids(tables.filter_facts(facts, min_outlets=2)) == ["all", "four", "two"]
    assert ids(tables.filter_facts(facts, min_outlets=5)) == ["all"]
    assert tables.filter_facts(facts, min_outlets=6) == []


def test_free_text_search_is_case_and_space_insensitive(facts: list[Fact]) -> None:
    assert ids(tables.filter_facts(facts, q="  REAKTOR   nuklir ")) == ["ex-a"]
    assert ids(tables.filter_facts(facts, q="3,6 miliar")) == ["two"]
    assert ids(tables.filter_facts(facts, q="(D)")) == ["all", "four"]  # any member sentence
    assert tables.filter_facts(facts, q="tidak ada") == []


def test_filters_combine(facts: list[Fact]) -> None:
    assert ids(tables.filter_facts(facts, outlets=["A"], min_outlets=2, q="hanoi")) == ["all"]


def test_topic_filter_uses_the_fact_topics_mapping(facts: list[Fact]) -> None:
    fact_topics = {"all": ("t-visit",), "four": ("t-deals", "t-visit"), "two": ("t-trade",)}
    assert ids(tables.filter_facts(facts, topics=["t-visit"], fact_topics=fact_topics)) == ["all", "four"]
    assert ids(tables.filter_by_topics(facts, ["t-trade", "t-deals"], fact_topics)) == ["four", "two"]
    # no topic chosen, or no topic model yet: nothing is filtered out
    assert ids(tables.filter_facts(facts, topics=[], fact_topics=fact_topics)) == ids(facts)
    assert ids(tables.filter_facts(facts, topics=["t-visit"], fact_topics=None)) == ids(facts)


def test_sort_by_coverage_puts_shared_facts_first_and_exclusives_last(facts: list[Fact]) -> None:
    shuffled = [facts[3], facts[2], facts[4], facts[0], facts[1]]
    assert ids(tables.sort_facts(shuffled)) == ["all", "four", "two", "ex-a", "ex-e"]


def test_sort_by_topic_groups_facts_and_falls_back_to_coverage(facts: list[Fact]) -> None:
    fact_topics = {"all": ("t2",), "two": ("t1",), "ex-e": ("t1",), "four": ("t2",)}
    by_topic = tables.sort_facts(facts, "topic", fact_topics=fact_topics, topic_order=["t1", "t2"])
    assert ids(by_topic) == ["two", "ex-e", "all", "four", "ex-a"]  # no topic: last
    assert ids(tables.sort_facts(facts, "topic")) == ids(tables.sort_facts(facts))


def test_matrix_frame_has_one_row_per_fact_and_one_column_per_outlet(facts: list[Fact]) -> None:
    frame = tables.matrix_frame(facts, OUTLETS, contested={("four", "B")})
    assert list(frame.columns) == ["#", "fact_id", "Fact", "Outlets", "Disputed figure", *OUTLETS]
    assert list(frame["fact_id"]) == ids(facts)
    row = frame.set_index("fact_id").loc["two"]
    assert [bool(row[o]) for o in OUTLETS] == [False, True, True, False, False]
    assert row["Outlets"] == 2
    assert list(frame["Disputed figure"]) == [False, True, False, False, False]
    assert frame["A"].dtype == bool


def test_matrix_frame_keeps_an_outlet_named_like_a_fixed_column() -> None:
    odd = [fact("x", ("Fact", "Satu."), ("B", "Dua."))]
    frame = tables.matrix_frame(odd, ["Fact", "B"])
    assert "Fact (outlet)" in frame.columns and frame.loc[0, "Fact"] == "Satu."


def test_outlet_stats_covered_exclusives_and_omissions(facts: list[Fact]) -> None:
    stats = tables.outlet_stats(facts, OUTLETS).set_index("outlet")
    assert stats["covered"].to_dict() == {"A": 3, "B": 3, "C": 3, "D": 2, "E": 2}
    assert stats["exclusives"].to_dict() == {"A": 1, "B": 0, "C": 0, "D": 0, "E": 1}
    # the main facts are the shared ones (fewer than BLINDSPOT_TOP): "all", "four" and "two"
    assert ids(tables.main_facts(facts, OUTLETS)) == ["all", "four", "two"]
    assert stats["omissions"].to_dict() == {"A": 1, "B": 0, "C": 0, "D": 1, "E": 2}
    lists = tables.outlet_fact_lists(facts, OUTLETS)
    assert ids(lists["E"]["omissions"]) == ["four", "two"] and ids(lists["A"]["exclusives"]) == ["ex-a"]
    frame = tables.blindspot_frame(facts, OUTLETS, {"all": 1, "four": 2, "two": 3})
    assert frame["#"].tolist() == [1, 2, 3] and frame["no matching sentence in"].tolist() == [0, 1, 3]
    assert frame.loc[2, "outlets without a match"] == "A, D, E"


def test_main_facts_are_shared_and_widely_reported_or_the_top_few() -> None:
    two = ["A", "B"]
    assert tables.main_facts([fact("f", ("A", "x"))], two) == []  # an exclusive is never a main fact
    assert tables.outlet_stats([fact("f", ("A", "x"))], two)["omissions"].tolist() == [0, 0]
    outlets = [f"o{i}" for i in range(10)]
    spread = [fact(f"f{k}", *((o, "s") for o in outlets[: k + 2])) for k in range(8)]  # 2..9 outlets
    assert ids(tables.main_facts(spread, outlets, top=2)) == ["f7", "f6", "f5", "f4"]  # top 2, then > 5
    assert ids(tables.main_facts(spread, outlets, top=0, share=0.8)) == ["f7"]


def test_detail_rows_mark_outlets_that_do_not_report(facts: list[Fact]) -> None:
    rows = tables.detail_rows(facts[2], OUTLETS)
    assert list(rows["outlet"]) == OUTLETS
    assert list(rows["reports"]) == [False, True, True, False, False]
    assert rows.loc[1, "sentence"] == "Perdagangan $3,6 miliar." and rows.loc[1, "similarity"] == 1.0
    assert rows.loc[2, "similarity"] == 0.9


def test_contested_cells_place_corpus_discrepancies_on_the_facts_holding_their_sentences(
    facts: list[Fact],
) -> None:
    side = {"outlet": "C", "sentence_id": "C:four", "raw": "11", "value": 11.0, "qualifier": "exact"}
    other = {"outlet": "B", "sentence_id": "B:four", "raw": "12", "value": 12.0, "qualifier": "exact"}
    d = Discrepancy("corpus", "count", "agreements", [side, other], "disagree")  # type: ignore[list-item]
    cells = tables.contested_cells(facts, [d])
    assert set(cells) == {("four", "C"), ("four", "B")}
    assert tables.discrepancies_for_fact(facts[1], [d]) == [d]
    assert tables.discrepancies_for_fact(facts[0], [d]) == []


def test_paging() -> None:
    items = list(range(95))
    assert tables.page_count(95, 40) == 3 and tables.page_count(0, 40) == 1
    assert tables.page_slice(items, 3, 40) == (items[80:], 3)
    assert tables.page_slice(items, 9, 40) == (items[80:], 3)  # clamped
    assert tables.page_slice(items, 0, 40)[1] == 1


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert tables.shorten("kata " * 40, 30).endswith("…")
    assert len(tables.shorten("kata " * 40, 30)) <= 30
    assert tables.shorten("pendek\n teks", 30) == "pendek teks"


def test_csv_neutralises_formula_cells() -> None:
    hostile = [
        fact("f1", ("A", '=HYPERLINK("http://x")'), ("B", "+1 lebih")),
        fact("f2", ("-cmd", "-2 kurang"), ("@me", "@SUM(A1)")),
    ]
    text = tables.to_csv(tables.matrix_export_frame(hostile, ["A", "B", "-cmd", "@me"]))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["rank", "fact_id", "fact", "outlets", "A", "B", "'-cmd", "'@me"]
    assert rows[1][2] == '\'=HYPERLINK("http://x")' and rows[1][5] == "'+1 lebih"
    assert rows[2][6] == "'-2 kurang" and rows[2][7] == "'@SUM(A1)"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_csv_keeps_ordinary_text_and_numbers_exact() -> None:
    frame = tables.matrix_export_frame([fact("f", ("A", 'Ia berkata, "ya" — $5'), ("B", "Dua"))], ["A", "B"])
    rows = list(csv.reader(io.StringIO(tables.to_csv(frame))))
    assert rows[1] == ["1", "f", 'Ia berkata, "ya" — $5', "2", 'Ia berkata, "ya" — $5', "Dua"]


def test_figures_frame_gives_qualifiers_in_words_and_languages() -> None:
    text = (
        "Perdagangan antara Rusia dan Vietnam bernilai $3,6 miliar pada 2023, "
        "dibandingkan $171 miliar dengan China."
    )
    figs = extract(text, sentence_id="s1", article_id="a", outlet="Al Jazeera")
    figs += extract("Les deux pays ont signé au moins 10 accords.", sentence_id="s2", outlet="Sputnik")
    frame = tables.figures_frame(figs)
    assert list(frame.columns) == tables.FIGURE_COLUMNS
    money = frame[frame["kind"] == "money"]
    assert list(money["raw"]) == ["$3,6 miliar", "$171 miliar"]
    assert list(money["entity"]) == ["Russia", "China"]
    assert list(money["year"]) == [2023, 2023]
    assert list(money["qualifier"]) == ["", ""] and list(money["language"]) == ["id", "id"]
    [count] = frame[frame["raw"] == "au moins 10"].to_dict("records")
    assert (count["qualifier"], count["language"], count["value"]) == ("at least", "fr", 10)
    assert set(tables.figures_frame(figs, ["year"])["kind"]) == {"year"}


def test_matrix_frame_keeps_fact_numbers_and_lists_topics(facts: list[Fact]) -> None:
    fact_topics = {"all": ("t-visit", "other"), "two": ("other",), "four": ("t-deals", "t-visit")}
    labels = tables.topic_labels(fact_topics, {"t-visit": "Visit", "t-deals": "Deals"})
    assert labels == {"all": "Visit", "two": "", "four": "Deals, Visit"}
    shown = tables.filter_facts(facts, min_outlets=4)
    frame = tables.matrix_frame(shown, OUTLETS, ranks={"all": 1, "four": 7}, topic_labels=labels)
    assert list(frame.columns[:6]) == ["#", "fact_id", "Fact", "Topics", "Outlets", "Disputed figure"]
    assert list(frame["#"]) == [1, 7] and list(frame["Topics"]) == ["Visit", "Deals, Visit"]
    assert tables.topic_labels(None, {}) == {}


def test_busiest_outlets_keeps_chosen_then_most_reporting_in_their_order(facts: list[Fact]) -> None:
    assert tables.busiest_outlets(facts, OUTLETS, limit=5) == OUTLETS  # few enough: all, unchanged
    # A, B and C report 3 facts each, D and E 2: the two busiest by coverage, in column order
    assert tables.busiest_outlets(facts, OUTLETS, limit=2) == ["A", "B"]
    assert tables.busiest_outlets(facts, OUTLETS, chosen=["E"], limit=2) == ["A", "E"]
    assert tables.busiest_outlets(facts, OUTLETS, chosen=["E", "D"], limit=2) == ["D", "E"]
    assert tables.busiest_outlets([], OUTLETS, limit=1) == ["A"]  # no facts: the first outlets
    assert tables.columns_note(2, 5).startswith("Showing 2 of 5 outlets")


def test_outlet_fact_lists_on_many_outlets_match_the_definition() -> None:
    outlets = [f"o{i}" for i in range(41)]
    many = [fact(f"f{k}", *((o, f"s{k}") for o in outlets[: k * 3 + 1])) for k in range(14)]
    lists = tables.outlet_fact_lists(many, outlets)
    for outlet in outlets:
        # the ten most reported shared facts (13 to 40 outlets) include every one above half of them
        expected = [f.id for f in reversed(many) if outlet not in f.outlets and len(f.outlets) >= 13]
        assert ids(lists[outlet]["omissions"]) == expected
    assert ids(lists["o0"]["exclusives"]) == ["f0"]


def agreements() -> Discrepancy:
    """The agreements count in Indonesian, English, French and Chinese, compared across the corpus."""
    sentences = [
        ("B", "Putin menandatangani setidaknya selusin perjanjian dengan Vietnam."),
        ("C", "To Lam dan Putin menandatangani 11 nota kerja sama."),
        ("D", "Les deux pays ont signé plus de 10 accords."),
        ("E", "双方签署了11份文件。"),
    ]
    figures = [f for o, t in sentences for f in extract(t, sentence_id=f"{o}:four", article_id=o, outlet=o)]
    [d] = contested_counts(figures)
    return d


def test_discrepancy_frame_says_who_fits_and_who_conflicts() -> None:
    frame = tables.discrepancy_frame(agreements())
    assert list(frame.columns) == tables.DISCREPANCY_COLUMNS
    rows = {r["outlet"]: r for r in frame.to_dict("records")}
    assert {o: (r["language"], r["as written"], r["reads as"], r["claims"]) for o, r in rows.items()} == {
        "B": ("id", "setidaknya selusin", "at least 12", "12 or more"),
        "C": ("id", "11", "11", "11"),
        "D": ("fr", "plus de 10", "more than 10", "more than 10"),
        "E": ("zh", "11", "11", "11"),
    }
    assert {o: r["version"] for o, r in rows.items()} == {"B": "A", "C": "B", "D": "fits all", "E": "B"}
    assert rows["C"]["conflicts with"] == "12 or more (B)"
    assert rows["C"]["compatible with"] == "11 (E); more than 10 (D)"
    assert rows["D"]["conflicts with"] == "" and rows["D"]["compatible with"] == "12 or more (B); 11 (C, E)"


def test_discrepancies_frame_lists_each_dispute_in_one_row() -> None:
    d = agreements()
    trade = replace(d, fact_id="four", kind="money", thing="trade", entity="China", year=2023)
    frame = tables.discrepancies_frame([d, trade], {"four": 2})
    figures = "B: setidaknya selusin *; C: 11 *; D: plus de 10; E: 11 *"
    assert frame.to_dict("records") == [
        {"where": "whole corpus", "about": "agreements signed", "status": "disagree", "figures": figures},
        {
            "where": "fact 2",
            "about": "bilateral trade with China, 2023",
            "status": "disagree",
            "figures": figures,
        },
    ]


# --------------------------------------------------------------------------- languages


def test_the_language_filter_keeps_facts_with_a_sentence_in_one_of_them(facts: list[Fact]) -> None:
    languages = {m.sentence_id: ("en" if m.outlet == "C" else "id") for f in facts for m in f.members}
    assert ids(tables.filter_facts(facts, languages=["en"], sentence_languages=languages)) == [
        "all",
        "four",
        "two",
    ]
    assert ids(tables.filter_facts(facts, languages=["id", "en"], sentence_languages=languages)) == ids(facts)
    assert ids(tables.filter_facts(facts, languages=["de"], sentence_languages=languages)) == []


def test_a_fact_is_labelled_with_its_closest_sentence_in_the_language_asked() -> None:
    made = fact("f", ("A", "Putin tiba di Hanoi."), ("B", "Putin lands in Hanoi."), ("C", "Putin in Hanoi."))
    closest, other = made.members[1], made.members[2]  # similarity 0.9 and, below, 0.5
    made = Fact(
        "f", made.label, made.label_sentence_id, (made.members[0], closest, replace(other, similarity=0.5))
    )
    languages = {"A:f": "id", "B:f": "en", "C:f": "en"}
    [english] = tables.all_labelled_in([made], "en", languages)
    assert english.label == "Putin lands in Hanoi." and english.label_sentence_id == "A:f"
    assert english.members == made.members
    assert tables.all_labelled_in([made], "id", languages) == [made]
    assert tables.all_labelled_in([made], "de", languages) == [made]


def test_two_facts_sharing_a_sentence_are_not_relabelled_alike() -> None:
    """A sentence supporting two facts labels at most one of them in the language asked."""
    shared = ("B", "Putin lands in Hanoi.")
    first = fact("f1", ("A", "Putin tiba di Hanoi."), shared)
    second = fact("f2", ("A", "Putin mendarat di Hanoi."), shared, ("C", "Putin arrives in Hanoi."))
    shared_id = first.members[1].sentence_id
    second = replace(
        second,
        members=(*second.members[:1], replace(second.members[1], sentence_id=shared_id), second.members[2]),
    )
    languages = {"A:f1": "id", "A:f2": "id", shared_id: "en", "C:f2": "en"}
    labels = [f.label for f in tables.all_labelled_in([first, second], "en", languages)]
    assert labels == ["Putin lands in Hanoi.", "Putin arrives in Hanoi."]


def test_outlet_languages_and_language_counts() -> None:
    articles = [
        Article("1", "Tempo", "x", language="id"),
        Article("2", "Reuters", "x", language="en"),
        Article("3", "Reuters", "x", language="en"),
        Article("4", "Reuters", "x", language="de"),
    ]
    assert tables.outlet_languages(articles) == {"Tempo": "id", "Reuters": "en"}
    assert tables.language_counts(articles) == {"en": 2, "id": 1, "de": 1}


def test_shorten_counts_wide_characters_twice() -> None:
    chinese = "普京总统于6月20日抵达河内进行国事访问，这是他第五次访问越南。双方签署了多项合作协议。"
    short = tables.shorten(chinese, 40)
    assert short.endswith("…") and tables.display_width(short) <= 40 < tables.display_width(chinese)
    assert chinese.startswith(short[:-1])
    latin = "Putin tiba di Hanoi pada Kamis untuk kunjungan kenegaraan dan menandatangani perjanjian"
    assert tables.shorten(latin, 40) == "Putin tiba di Hanoi pada Kamis untuk…"
    assert tables.display_width("Hà Nội 河内") == 11  # accents are one column, CJK two
    assert tables.shorten("Đà Nẵng, Hà Nội và 河内 " * 4, 30) == "Đà Nẵng, Hà Nội và 河内 Đà…"
