"""Figures in eleven languages: a table of real-style phrasings with value, unit, qualifier and thing.

Each row is a sentence as an outlet in that language would write it, the figure's exact span,
and what it must be read as. ``thing`` is the normalised thing ("" when nothing is counted).
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.figure_table import TABLE
from dashboard.pipeline.figures import QUALIFIER_WORDS, extract, interval, lexicons, load_lexicon
from dashboard.pipeline.figures.grammar import parse_numeral
from dashboard.pipeline.models import PipelineError


@pytest.mark.parametrize(("lang", "text", "raw", "value", "unit", "qualifier", "thing"), TABLE)
def test_figure_table(
    lang: str, text: str, raw: str, value: float, unit: str, qualifier: str, thing: str
) -> None:
    figures = extract(text)
    matching = [f for f in figures if f.raw == raw]
    assert len(matching) == 1, [(f.raw, f.value, f.unit, f.thing_norm) for f in figures]
    figure = matching[0]
    assert (figure.language, figure.unit, figure.qualifier, figure.thing_norm) == (
        lang,
        unit,
        qualifier,
        thing,
    )
    assert figure.value == pytest.approx(value)
    assert text[figure.start : figure.end] == raw


def test_table_covers_eleven_languages_and_ninety_rows() -> None:
    assert len(TABLE) >= 90
    assert {p.values[0] for p in TABLE} == {"id", "en", "de", "fr", "es", "it", "ru", "vi", "zh", "ja", "ko"}


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("1.000 Abkommen", "de", 1000),
        ("1,000 agreements", "en", 1000),
        ("1.000 accordi", "it", 1000),
        ("3,5 miliardi di dollari", "it", 3.5e9),
        ("3.5 billion dollars", "en", 3.5e9),
    ],
)
def test_separators_follow_the_declared_language_when_the_text_is_short(
    text: str, language: str, value: float
) -> None:
    [figure] = [f for f in extract(text, language=language) if f.kind in {"count", "money"}]
    assert figure.value == pytest.approx(value)


def test_a_wrong_declared_language_loses_to_the_text() -> None:
    text = "Nel 2022 l'interscambio tra Russia e Vietnam è stato di 3,5 miliardi di dollari."
    [money] = [f for f in extract(text, language="id") if f.kind == "money"]
    assert (money.language, money.value, money.unit, money.year, money.entity_norm) == (
        "it",
        3.5e9,
        "USD",
        2022,
        "Russia",
    )


def test_qualifier_intervals_and_words() -> None:
    assert interval(10, "more_than") == (10, math.inf, True, False)
    assert interval(12, "at_least") == (12, math.inf, False, False)
    low, high, _, _ = interval(12, "about")
    assert low < 11 and high > 13
    assert QUALIFIER_WORDS["at_least"] == "at least"
    assert set(QUALIFIER_WORDS) >= {
        "exact",
        "about",
        "nearly",
        "more_than",
        "at_least",
        "at_most",
        "less_than",
    }


def test_chinese_year_suffix_is_a_year_and_sets_the_period() -> None:
    figures = extract("2023年两国贸易额达到36亿美元。")
    money = next(f for f in figures if f.kind == "money")
    assert money.year == 2023


@pytest.mark.parametrize(
    ("text", "raw", "iso"),
    [
        ("Diese Nachricht wurde am 20.06.2024 gesendet.", "20.06.2024", "2024-06-20"),
        ("Les premières images sont arrivées tard dans la soirée du 19 juin.", "19 juin", "--06-19"),
        ("El 19 de junio de 2024 llegó a Hanói.", "19 de junio de 2024", "2024-06-19"),
        ("Он прибыл 20 июня 2024 года.", "20 июня 2024", "2024-06-20"),
        ("Đúng 1h45 phút sáng 20/6, chiếc chuyên cơ hạ cánh.", "20/6", "--06-20"),
        ("2024年6月20日凌晨,普京抵达越南。", "2024年6月20日", "2024-06-20"),
        ("ロシアのプーチン大統領は6月20日未明、ハノイに到着した。", "6月20日", "--06-20"),
        ("푸틴 대통령은 2024년 6월 20일 하노이에 도착했다.", "2024년 6월 20일", "2024-06-20"),
        ("푸틴 대통령이 20일 새벽 하노이에 도착했다.", "20일", "---20"),
    ],
)
def test_dates_are_dates_not_counts(text: str, raw: str, iso: str) -> None:
    figures = extract(text)
    assert [(f.raw, f.kind, f.date) for f in figures if f.kind != "year"] == [(raw, "date", iso)]


def test_every_lexicon_file_is_a_language() -> None:
    known = lexicons()
    assert set(known) == {"id", "en", "de", "fr", "es", "it", "ru", "vi", "zh", "ja", "ko"}
    for code, lex in known.items():
        assert lex.qualifiers and lex.currencies and lex.things, code


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'language = "pt"\nname = "Portuguese"\ndecimal = ","\n[qualifiers]\natleast = ["pelo menos"]\n',
            r"pt\.toml: \[qualifiers\] has unknown code\(s\) atleast",
        ),
        ('language = "pt"\nname = "Portuguese"\n', r"pt\.toml: 'decimal' must be a non-empty string"),
        (
            'language = "pt"\nname = "Portuguese"\ndecimal = ","\nscale = {}\n',
            r"pt\.toml: unknown key\(s\) scale",
        ),
        ('language = "pt\n', r"pt\.toml: "),
    ],
)
def test_a_malformed_lexicon_gets_a_clear_message(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "pt.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PipelineError, match=message):
        load_lexicon(path)


def test_a_new_lexicon_file_reads_its_language(tmp_path: Path) -> None:
    path = tmp_path / "pt.toml"
    path.write_text(
        'language = "pt"\nname = "Portuguese"\ndecimal = ","\ngroup = ["."]\n'
        '[qualifiers]\nat_least = ["pelo menos"]\n[currencies]\nUSD = ["dólares"]\n'
        '[things]\nagreements = ["acordo"]\n',
        encoding="utf-8",
    )
    lex = load_lexicon(path)
    assert (lex.code, lex.decimal, lex.qualifiers["pelo menos"], lex.things["acordo"]) == (
        "pt",
        ",",
        "at_least",
        "agreements",
    )


@given(st.integers(0, 10**15), st.integers(0, 999), st.sampled_from(sorted(lexicons())))
def test_numbers_written_the_language_s_way_read_back(integer: int, fraction: int, code: str) -> None:
    lex = lexicons()[code]
    for group in lex.group:
        grouped = f"{integer:,}".replace(",", group)
        written = f"{grouped}{lex.decimal}{fraction:03d}" if fraction else grouped
        expected = Decimal(f"{integer}.{fraction:03d}") if fraction else Decimal(integer)
        assert parse_numeral(written, lex.decimal) == expected, written


@pytest.mark.parametrize(
    "text",
    ["Seit 2017 wuchs der Handel auf 3,6 Milliarden Dollar.", "自2017年以来,两国贸易额达到36亿美元。"],
)
def test_a_since_year_is_a_starting_point_not_the_period(text: str) -> None:
    figures = extract(text)
    assert [(f.kind, f.note) for f in figures if f.kind == "year"] == [("year", "since")]
    assert [f.year for f in figures if f.kind == "money"] == [None]


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("وقع البلدان ١١ اتفاقية وبلغ حجم التجارة ٣٫٦ مليار دولار.", "١١", 11, "count"),
        ("وقع البلدان ١١ اتفاقية وبلغ حجم التجارة ٣٫٦ مليار دولار.", "٣٫٦", 3.6, "count"),
        ("دو کشور ۱۱ توافقنامه امضا کردند.", "۱۱", 11, "count"),
        ("दोनों देशों ने ११ समझौतों पर हस्ताक्षर किए।", "११", 11, "count"),
        ("双方签署了１１份合作文件。", "１１", 11, "count"),
    ],
)
def test_digits_of_every_script_are_read_and_keep_their_span(
    text: str, raw: str, value: float, unit: str
) -> None:
    [figure] = [f for f in extract(text) if f.raw == raw]
    assert (figure.value, figure.unit) == (value, unit)
    assert text[figure.start : figure.end] == raw


@pytest.mark.parametrize(
    ("language", "text", "raw", "iso"),
    [
        # A short Vietnamese line with one letter of its own is still read as Vietnamese.
        ("vi", "Máy bay hạ cánh ngày 20/6.", "20/6", "--06-20"),
        # Indonesian news dates the day in brackets after the weekday.
        ("id", "Putin tiba di Hanoi pada Kamis (20/6).", "20/6", "--06-20"),
    ],
)
def test_short_day_month_dates_in_their_language(language: str, text: str, raw: str, iso: str) -> None:
    dates = [(f.raw, f.date) for f in extract(text, language=language) if f.kind == "date" and f.date]
    assert dates == [(raw, iso)]


@pytest.mark.parametrize(
    ("language", "text", "counts"),
    [
        ("ko", "푸틴 대통령은 오전 1시50분께 공항에 도착했다.", []),
        ("ja", "プーチン大統領は午前1時45分に到着した。", []),
        ("zh", "普京凌晨1时45分抵达河内。", []),
        ("zh", "两国领导人9点半举行会谈。", []),
        # Not clock times: three points of consensus, and durations.
        ("zh", "双方达成3点共识。", [3.0]),
        ("ko", "두 정상은 3시간 동안 회담했다.", [3.0]),
        ("ja", "両首脳は2時間会談した。", [2.0]),
    ],
)
def test_clock_times_are_not_counts(language: str, text: str, counts: list[float]) -> None:
    assert [f.value for f in extract(text, language=language) if f.kind == "count"] == counts


@pytest.mark.parametrize(
    ("language", "text", "thing"),
    [
        ("tr", "Putin 24 yıl sonra Kuzey Kore'yi ziyaret etti.", "years"),
        ("pl", "Putin odwiedził Koreę po raz pierwszy od 24 lat.", "years"),
        ("pt", "As conversações duraram 2 dias.", "days"),
        ("hi", "पुतिन 24 वर्ष बाद उत्तर कोरिया गए।", "years"),
        ("ro", "Vizita vine după 7 ani.", "years"),
    ],
)
def test_languages_without_a_lexicon_count_durations_from_cldr(language: str, text: str, thing: str) -> None:
    (figure,) = extract(text, language=language)
    assert (figure.kind, figure.thing_norm) == ("count", thing)


def test_a_japanese_bilateral_is_not_a_count_of_two() -> None:
    assert [f.raw for f in extract("2023年の二国間貿易額は36億ドルに達した。")] == ["2023年", "36億ドル"]


def test_a_language_without_a_lexicon_keeps_its_name() -> None:
    [figure] = extract("ووقع البلدان 11 وثيقة تعاون.", language="ar")
    assert (figure.value, figure.language) == (11, "ar")


#: The trade figure and the arrival date in languages with no lexicon file: read with CLDR's
#: separators, scale words, currency names and month names (``figures/cldr.py``).
CLDR_ROWS = [
    ("tr", "İkili ticaret 2023'te 3,6 milyar dolar oldu; Putin 20 Haziran'da Hanoi'ye ulaştı.",
     "3,6 milyar dolar", "20 Haziran"),
    ("pt", "O comércio foi de 3,6 bilhões de dólares em 2023, e Putin chegou a Hanói em 20 de junho.",
     "3,6 bilhões de dólares", "20 de junho"),
    ("pl", "Handel dwustronny wyniósł w 2023 roku 3,6 mld dolarów, a Putin przybył do Hanoi 20 czerwca.",
     "3,6 mld dolarów", "20 czerwca"),
    ("nl", "De bilaterale handel bedroeg in 2023 3,6 miljard dollar; Poetin kwam op 20 juni in Hanoi aan.",
     "3,6 miljard dollar", "20 juni"),
    ("sv", "Handeln uppgick 2023 till 3,6 miljarder dollar, och Putin anlände till Hanoi den 20 juni.",
     "3,6 miljarder dollar", "20 juni"),
    ("el", "Το εμπόριο ανήλθε το 2023 σε 3,6 δισεκατομμύρια δολάρια και ο Πούτιν έφτασε στις 20 Ιουνίου.",
     "3,6 δισεκατομμύρια δολάρια", "20 Ιουνίου"),
    ("uk", "Двостороння торгівля у 2023 році склала 3,6 мільярда доларів, а Путін прибув до Ханоя 20 червня.",
     "3,6 мільярда доларів", "20 червня"),
    ("ar", "بلغ حجم التجارة الثنائية 3.6 مليار دولار في عام 2023، ووصل بوتين إلى هانوي في 20 يونيو.",
     "3.6 مليار دولار", "20 يونيو"),
    ("fa", "تجارت دوجانبه در سال ۲۰۲۳ به ۳٫۶ میلیارد دلار رسید و پوتین در ۲۰ ژوئن به هانوی رسید.",
     "۳٫۶ میلیارد دلار", "۲۰ ژوئن"),
    ("he", "הסחר הדו-צדדי הסתכם ב-2023 ב-3.6 מיליארד דולר, ופוטין הגיע להאנוי ב-20 ביוני.",
     "3.6 מיליארד דולר", "20 ביוני"),
    ("hi", "2023 में द्विपक्षीय व्यापार 3.6 अरब डॉलर रहा और पुतिन 20 जून को हनोई पहुंचे।",
     "3.6 अरब डॉलर", "20 जून"),
    ("th", "การค้าทวิภาคีในปี 2023 มีมูลค่า 3.6 พันล้านดอลลาร์ และปูตินเดินทางถึงฮานอยเมื่อวันที่ 20 มิถุนายน",
     "3.6 พันล้านดอลลาร์", "20 มิถุนายน"),
    ("hu", "A kereskedelem 3,6 milliárd dollár volt 2023-ban, és Putyin június 20-án érkezett Hanoiba.",
     "3,6 milliárd dollár", "június 20"),  # the month first, as Hungarian writes it
    ("fi", "Kauppa oli 3,6 miljardia dollaria vuonna 2023, ja Putin saapui Hanoihin 20. kesäkuuta.",
     "3,6 miljardia dollaria", "20. kesäkuuta"),
    # Swahili writes the currency and the scale before the number.
    ("sw", "Biashara ilifikia dola bilioni 3.6 mwaka 2023, na Putin aliwasili Hanoi tarehe 20 Juni.",
     "dola bilioni 3.6", "20 Juni"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "money", "date"), CLDR_ROWS)
def test_a_language_without_a_lexicon_reads_money_and_dates_from_cldr(
    lang: str, text: str, money: str, date: str
) -> None:
    figures = {f.raw: f for f in extract(text, language=lang)}
    assert money in figures and date in figures, [(f.raw, f.unit, f.value) for f in figures.values()]
    assert (figures[money].unit, figures[money].value, figures[money].language) == ("USD", 3.6e9, lang)
    assert (figures[date].kind, figures[date].date) == ("date", "--06-20")
    assert not [f for f in figures.values() if f.kind == "count"], "no date or sum misread as a count"


@pytest.mark.parametrize(
    ("lang", "text", "raw", "unit", "value"),
    [
        ("sw", "China ilifikia dola za Marekani bilioni 171.", "dola za Marekani bilioni 171", "USD", 171e9),
        ("sw", "Watu elfu 10 walihudhuria sherehe hiyo.", "elfu 10", "count", 10_000),
        ("si", "වෙළඳාම ඩොලර් බිලියන 3.6 ක් විය.", "ඩොලර් බිලියන 3.6", "USD", 3.6e9),
        ("ha", "Cinikayya ya kai biliyan 3.6 a 2023.", "biliyan 3.6", "count", 3.6e9),
    ],
)
def test_a_scale_written_before_the_number_scales_it(
    lang: str, text: str, raw: str, unit: str, value: float
) -> None:
    """Swahili, Sinhala and Hausa write "billion 3.6"; read the other way round, it was a count of 3.6."""
    figures = {f.raw: f for f in extract(text, language=lang)}
    assert raw in figures, [(f.raw, f.value) for f in figures.values()]
    assert (figures[raw].unit, figures[raw].value) == (unit, value)


def test_cldr_counts_keep_their_whole_noun_in_scripts_with_vowel_signs() -> None:
    [hindi] = extract("दोनों देशों ने 11 सहयोग दस्तावेजों पर हस्ताक्षर किए।", language="hi")
    [thai] = extract("ทั้งสองประเทศลงนามเอกสารความร่วมมือ 11 ฉบับ", language="th")
    assert (hindi.value, hindi.thing) == (11, "सहयोग दस्तावेजों")
    assert (thai.value, thai.thing) == (11, "ฉบับ")


def test_a_quote_in_another_script_is_read_in_its_own_language() -> None:
    [figure] = extract("双方签署了11份合作文件。", language="pt")
    assert (figure.language, figure.value, figure.thing_norm) == ("zh", 11, "agreements")


@pytest.mark.parametrize("language", ["xx", "und", "zzz", "pt-BR"])
def test_a_language_cldr_does_not_know_falls_back_and_keeps_its_code(language: str) -> None:
    [figure] = [f for f in extract("Foram assinados 11 acordos.", language=language) if f.kind == "count"]
    assert (figure.value, figure.language) == (11, language)


@pytest.mark.parametrize(
    ("text", "language", "raw", "value"),
    [
        ("দুই দেশ ১১টি চুক্তি সই করেছে।", "bn", "১১", 11),  # a Bengali classifier stuck to the number
        ("بلغ حجم التجارة ب3.6 مليار دولار.", "ar", "3.6 مليار دولار", 3.6e9),  # a preposition before it
        ("הסחר הסתכם ב-3.6 מיליארד דולר.", "he", "3.6 מיליארד דולר", 3.6e9),
    ],
)
def test_a_letter_of_another_script_stuck_to_a_number_does_not_make_it_a_code(
    text: str, language: str, raw: str, value: float
) -> None:
    [figure] = [f for f in extract(text, language=language) if f.raw == raw]
    assert figure.value == value


def test_codes_in_latin_and_cyrillic_letters_are_still_not_figures() -> None:
    assert extract("B737 dan COVID-19 serta G20", language="id") == []
    assert extract("Боинг-737 и Су-35", language="ru") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ticaret 2023'te arttı.", "tr"),
        ("A kereskedelem 2023-ban nőtt.", "hu"),
        ("Kauppa kasvoi 2023:ssa.", "fi"),
    ],
)
def test_a_case_ending_on_a_year_keeps_it_a_year(text: str, language: str) -> None:
    assert [(f.kind, f.value) for f in extract(text, language=language)] == [("year", 2023)]


def test_english_compounds_with_a_number_are_not_counts() -> None:
    assert extract("Putin got a 21-gun salute and signed a 10-year plan.", language="en") == []


@pytest.mark.parametrize(
    ("text", "declared", "raw", "read_as"),
    [
        # Indonesian labelled Malay (the detector confuses them): its own number words decide.
        ("Perdagangan bilateral bernilai $3,6 miliar pada tahun 2023.", "ms", "$3,6 miliar", "id"),
        ("Perdagangan dua hala bernilai 3.6 bilion dolar pada 2023.", "ms", "3.6 bilion dolar", "ms"),
        ("Товарооборот составил 3,6 миллиарда долларов.", "uk", "3,6 миллиарда долларов", "ru"),
        ("Двостороння торгівля склала 3,6 мільярда доларів.", "uk", "3,6 мільярда доларів", "uk"),
    ],
)
def test_a_language_and_its_relative_are_told_apart_by_their_number_words(
    text: str, declared: str, raw: str, read_as: str
) -> None:
    [money] = [f for f in extract(text, language=declared) if f.kind == "money"]
    assert (money.raw, money.value, money.unit, money.language) == (raw, 3.6e9, "USD", read_as)
