"""Figures in nine languages: a table of real-style phrasings with value, unit, qualifier and thing.

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

from dashboard.pipeline.figures import QUALIFIER_WORDS, extract, interval, lexicons, load_lexicon
from dashboard.pipeline.figures.grammar import parse_numeral
from dashboard.pipeline.models import PipelineError

B, M, K = 1e9, 1e6, 1e3


def row(lang: str, text: str, raw: str, value: float, unit: str, qualifier: str = "exact", thing: str = ""):
    return pytest.param(lang, text, raw, value, unit, qualifier, thing, id=f"{lang}:{raw}")


TABLE = [
    # Indonesian
    row(
        "id",
        "Putin menandatangani setidaknya selusin perjanjian.",
        "setidaknya selusin",
        12,
        "count",
        "at_least",
        "agreements",
    ),
    row("id", "Kedua negara menandatangani 11 nota kerja sama.", "11", 11, "count", "exact", "agreements"),
    row("id", "Perdagangan bernilai $3,6 miliar pada 2023.", "$3,6 miliar", 3.6 * B, "USD", "exact", "trade"),
    row("id", "Anggaran mencapai Rp 1.000 triliun.", "Rp 1.000 triliun", 1e15, "IDR", "exact", "budget"),
    row(
        "id",
        "Rusia menyumbang sekitar 80 persen impor senjata.",
        "sekitar 80 persen",
        80,
        "percent",
        "about",
        "percent",
    ),
    row(
        "id", "Lebih dari 10 dokumen ditandatangani.", "Lebih dari 10", 10, "count", "more_than", "agreements"
    ),
    row("id", "Hampir 1,2 juta orang hadir.", "Hampir 1,2 juta", 1.2 * M, "count", "nearly", "people"),
    row("id", "Harga naik 12,5%.", "12,5%", 12.5, "percent", "exact", "percent"),
    row("id", "Mereka meneken setengah lusin pakta.", "setengah lusin", 6, "count", "exact", "agreements"),
    row("id", "Sebanyak 1.000 mahasiswa belajar di sana.", "1.000", 1000, "count", "exact", "students"),
    # English
    row(
        "en",
        "The two leaders signed 11 agreements related to education.",
        "11",
        11,
        "count",
        "exact",
        "agreements",
    ),
    row("en", "Putin signed over 10 documents in Hanoi.", "over 10", 10, "count", "more_than", "agreements"),
    row("en", "He was one among 11 documents signed.", "11", 11, "count", "exact", "agreements"),
    row("en", "They signed about a dozen deals.", "about a dozen", 12, "count", "about", "agreements"),
    row("en", "They signed half a dozen agreements.", "half a dozen", 6, "count", "exact", "agreements"),
    row("en", "They signed at least 12 accords.", "at least 12", 12, "count", "at_least", "agreements"),
    row("en", "Trade reached $3.6 billion in 2023.", "$3.6 billion", 3.6 * B, "USD", "exact", "trade"),
    row("en", "Trade rose 12.5% last year.", "12.5%", 12.5, "percent", "exact", "percent"),
    row("en", "The fund helps 1,000 students.", "1,000", 1000, "count", "exact", "students"),
    row("en", "Up to 5 million people may benefit.", "Up to 5 million", 5 * M, "count", "at_most", "people"),
    row("en", "Exports fell to €2.5 billion.", "€2.5 billion", 2.5 * B, "EUR", "exact", "exports"),
    # German
    row(
        "de",
        "Putin unterzeichnet rund ein Dutzend Kooperationsabkommen.",
        "rund ein Dutzend",
        12,
        "count",
        "about",
        "agreements",
    ),
    row("de", "Beide Seiten unterzeichneten 11 Vereinbarungen.", "11", 11, "count", "exact", "agreements"),
    row(
        "de",
        "Der Handel erreichte 3,6 Milliarden Dollar.",
        "3,6 Milliarden Dollar",
        3.6 * B,
        "USD",
        "exact",
        "trade",
    ),
    row(
        "de",
        "Mehr als 10 Abkommen wurden unterzeichnet.",
        "Mehr als 10",
        10,
        "count",
        "more_than",
        "agreements",
    ),
    row(
        "de",
        "Mindestens zwölf Verträge wurden geschlossen.",
        "Mindestens zwölf",
        12,
        "count",
        "at_least",
        "agreements",
    ),
    row(
        "de",
        "Das Handelsvolumen lag bei 1.000 Millionen Euro.",
        "1.000 Millionen Euro",
        1e9,
        "EUR",
        "exact",
        "trade",
    ),
    row("de", "Der Anteil stieg auf 60 Prozent.", "60 Prozent", 60, "percent", "exact", "percent"),
    row("de", "Es gab ein halbes Dutzend Abkommen.", "ein halbes Dutzend", 6, "count", "exact", "agreements"),
    row(
        "de",
        "Der Handel brachte fast 3,5 Mrd. Euro.",
        "fast 3,5 Mrd. Euro",
        3.5 * B,
        "EUR",
        "nearly",
        "trade",
    ),
    # French
    row(
        "fr",
        "La part des règlements a atteint 60% au cours du premier trimestre.",
        "60%",
        60,
        "percent",
        "exact",
        "percent",
    ),
    row(
        "fr",
        "Les deux pays ont signé une dizaine de partenariats.",
        "une dizaine",
        10,
        "count",
        "about",
        "agreements",
    ),
    row("fr", "Ils ont signé 11 accords de coopération.", "11", 11, "count", "exact", "agreements"),
    row(
        "fr",
        "Le commerce a atteint 3,6 milliards de dollars.",
        "3,6 milliards de dollars",
        3.6 * B,
        "USD",
        "exact",
        "trade",
    ),
    row("fr", "Plus de 10 documents ont été signés.", "Plus de 10", 10, "count", "more_than", "agreements"),
    row(
        "fr",
        "Au moins douze accords ont été conclus.",
        "Au moins douze",
        12,
        "count",
        "at_least",
        "agreements",
    ),
    row(
        "fr", "Environ 1 000 personnes étaient présentes.", "Environ 1 000", 1000, "count", "about", "people"
    ),
    row(
        "fr",
        "Les échanges ont atteint 12,5 millions d'euros.",
        "12,5 millions d'euros",
        12.5 * M,
        "EUR",
        "exact",
        "trade",
    ),
    row(
        "fr",
        "Ils ont signé une demi-douzaine de traités.",
        "une demi-douzaine",
        6,
        "count",
        "exact",
        "agreements",
    ),
    # Spanish
    row(
        "es",
        "Firmaron al menos una docena de acuerdos.",
        "al menos una docena",
        12,
        "count",
        "at_least",
        "agreements",
    ),
    row("es", "Se firmaron 11 documentos en Hanói.", "11", 11, "count", "exact", "agreements"),
    row(
        "es",
        "El comercio alcanzó 3,6 mil millones de dólares.",
        "3,6 mil millones de dólares",
        3.6 * B,
        "USD",
        "exact",
        "trade",
    ),
    row("es", "Más de 10 acuerdos fueron firmados.", "Más de 10", 10, "count", "more_than", "agreements"),
    row(
        "es",
        "Alrededor de 1.000 personas asistieron.",
        "Alrededor de 1.000",
        1000,
        "count",
        "about",
        "people",
    ),
    row("es", "El comercio creció un 12,5%.", "12,5%", 12.5, "percent", "exact", "percent"),
    row("es", "Firmaron media docena de tratados.", "media docena", 6, "count", "exact", "agreements"),
    row(
        "es",
        "Casi 2 millones de dólares en comercio.",
        "Casi 2 millones de dólares",
        2 * M,
        "USD",
        "nearly",
        "trade",
    ),
    row("es", "Se firmaron doce acuerdos.", "doce", 12, "count", "exact", "agreements"),
    # Italian
    row(
        "it",
        "Nel 2022 l'interscambio tra Russia e Vietnam è stato di 3,5 miliardi di dollari.",
        "3,5 miliardi di dollari",
        3.5 * B,
        "USD",
        "exact",
        "trade",
    ),
    row(
        "it",
        "Con la Cina il commercio valeva 175 miliardi di dollari.",
        "175 miliardi di dollari",
        175 * B,
        "USD",
        "exact",
        "trade",
    ),
    row("it", "Sono stati firmati 11 accordi.", "11", 11, "count", "exact", "agreements"),
    row("it", "Oltre 10 documenti sono stati firmati.", "Oltre 10", 10, "count", "more_than", "agreements"),
    row(
        "it",
        "Almeno una dozzina di intese sono state siglate.",
        "Almeno una dozzina",
        12,
        "count",
        "at_least",
        "agreements",
    ),
    row("it", "Circa 1.000 persone hanno partecipato.", "Circa 1.000", 1000, "count", "about", "people"),
    row("it", "La quota è salita al 60 per cento.", "60 per cento", 60, "percent", "exact", "percent"),
    row("it", "Sono state firmate una decina di intese.", "una decina", 10, "count", "about", "agreements"),
    row(
        "it",
        "Quasi 2,5 milioni di euro di scambi.",
        "Quasi 2,5 milioni di euro",
        2.5 * M,
        "EUR",
        "nearly",
        "trade",
    ),
    # spelled out above twenty: text2num reads them
    row("fr", "Ils ont signé vingt-trois accords.", "vingt-trois", 23, "count", "exact", "agreements"),
    row(
        "de",
        "Es wurden dreiundzwanzig Abkommen unterzeichnet.",
        "dreiundzwanzig",
        23,
        "count",
        "exact",
        "agreements",
    ),
    row("es", "Firmaron veintitrés acuerdos.", "veintitrés", 23, "count", "exact", "agreements"),
    row("it", "Sono stati firmati ventitré accordi.", "ventitré", 23, "count", "exact", "agreements"),
    # Russian
    row("ru", "Стороны подписали 11 документов.", "11", 11, "count", "exact", "agreements"),
    row(
        "ru",
        "Товарооборот составил полтора миллиарда долларов.",
        "полтора миллиарда долларов",
        1.5 * B,
        "USD",
        "exact",
        "trade",
    ),
    row(
        "ru",
        "Товарооборот превысил 3,6 млрд долларов.",
        "3,6 млрд долларов",
        3.6 * B,
        "USD",
        "exact",
        "trade",
    ),
    row("ru", "Было подписано более 10 соглашений.", "более 10", 10, "count", "more_than", "agreements"),
    row(
        "ru",
        "Подписано не менее двенадцати соглашений.",
        "не менее двенадцати",
        12,
        "count",
        "at_least",
        "agreements",
    ),
    row("ru", "Около 1 000 человек пришли на встречу.", "Около 1 000", 1000, "count", "about", "people"),
    row("ru", "Доля национальных валют достигла 60%.", "60%", 60, "percent", "exact", "percent"),
    row("ru", "Подписаны двенадцать соглашений.", "двенадцать", 12, "count", "exact", "agreements"),
    row(
        "ru",
        "Инвестиции составили 500 тыс. рублей.",
        "500 тыс. рублей",
        500 * K,
        "RUB",
        "exact",
        "investment",
    ),
    # Vietnamese
    row("vi", "Hai bên đã ký 11 văn kiện hợp tác.", "11", 11, "count", "exact", "agreements"),
    row("vi", "Kim ngạch thương mại đạt 3,6 tỷ USD.", "3,6 tỷ USD", 3.6 * B, "USD", "exact", "trade"),
    row("vi", "Dự án thu hút 1,2 triệu người.", "1,2 triệu", 1.2 * M, "count", "exact", "people"),
    row("vi", "Hơn 10 thỏa thuận đã được ký.", "Hơn 10", 10, "count", "more_than", "agreements"),
    row("vi", "Ít nhất 12 văn kiện đã được ký.", "Ít nhất 12", 12, "count", "at_least", "agreements"),
    row("vi", "Khoảng 1.000 người tham dự.", "Khoảng 1.000", 1000, "count", "about", "people"),
    row("vi", "Tỷ lệ thanh toán bằng nội tệ đạt 60%.", "60%", 60, "percent", "exact", "percent"),
    row("vi", "Thương mại đạt 2 tỷ đô la Mỹ.", "2 tỷ đô la Mỹ", 2 * B, "USD", "exact", "trade"),
    row("vi", "Hai nước ký mười một văn kiện.", "mười một", 11, "count", "exact", "agreements"),
    # Chinese
    row("zh", "双方签署了11份文件。", "11", 11, "count", "exact", "agreements"),
    row("zh", "俄越60%的双边贸易已采用本币结算。", "60%", 60, "percent", "exact", "percent"),
    row("zh", "两国贸易额达到36亿美元。", "36亿美元", 3.6 * B, "USD", "exact", "trade"),
    row("zh", "共有1万2千名学生参加。", "1万2千", 12000, "count", "exact", "students"),
    row("zh", "大约两百名学生参加。", "大约两百", 200, "count", "about", "students"),
    row("zh", "双方签署了超过10份协议。", "超过10", 10, "count", "more_than", "agreements"),
    row("zh", "双方签署了至少12项协议。", "至少12", 12, "count", "at_least", "agreements"),
    row("zh", "双方签署了10多份合作文件。", "10多", 10, "count", "more_than", "agreements"),
    row("zh", "贸易额约为3.6亿美元。", "约为3.6亿美元", 3.6e8, "USD", "about", "trade"),
    row("zh", "双方签署了十一份协议。", "十一", 11, "count", "exact", "agreements"),
]


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


def test_table_covers_nine_languages_and_eighty_rows() -> None:
    assert len(TABLE) >= 80
    assert {p.values[0] for p in TABLE} == {"id", "en", "de", "fr", "es", "it", "ru", "vi", "zh"}


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
    ],
)
def test_dates_are_dates_not_counts(text: str, raw: str, iso: str) -> None:
    figures = extract(text)
    assert [(f.raw, f.kind, f.date) for f in figures if f.kind != "year"] == [(raw, "date", iso)]


def test_every_lexicon_file_is_a_language() -> None:
    known = lexicons()
    assert set(known) == {"id", "en", "de", "fr", "es", "it", "ru", "vi", "zh"}
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
