"""Figure extraction: real phrasings (many from the seeds), bad inputs, and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.charts.numbers import format_number
from dashboard.pipeline.figures import Quantity, extract, extract_sentences
from dashboard.pipeline.models import Sentence


def only(text: str, raw: str) -> Quantity:
    """The one figure whose span is ``raw``; fails with everything found otherwise."""
    figures = extract(text)
    matching = [f for f in figures if f.raw == raw]
    assert len(matching) == 1, [(f.raw, f.kind) for f in figures]
    return matching[0]


# Seed sentences that give more than one figure.
RELATIONS = (
    "Vietnam dan Rusia telah memiliki hubungan diplomatik sejak 1950, "
    "dan tahun ini menandai 30 tahun perjanjian."
)
ARMS = "Sejak awal tahun 2000-an, Rusia menyumbang sekitar 80 persen impor senjata Vietnam."
VISIT = "Putin mengunjungi Vietnam pada Kamis, 20 Juni 2024 setelah lawatan dua hari ke Korea Utara."


def case(text: str, raw: str, **expected: object) -> tuple[str, str, dict[str, object]]:
    """One row: the text, the figure's exact span, and the fields it must have."""
    return text, raw, expected


# Seed phrasings first (copied from seeds/), then synthetic Indonesian and English ones.
CASES = [
    # seeds
    case(
        "Putin menandatangani setidaknya selusin perjanjian dengan mitranya dari Vietnam pada hari Kamis.",
        "setidaknya selusin",
        value=12,
        kind="count",
        qualifier="at_least",
        thing="perjanjian",
        thing_norm="agreements",
        high=math.inf,
    ),
    case(
        "Dari 12 perjanjian yang diumumkan secara publik, tidak ada yang berkaitan dengan pertahanan.",
        "12",
        value=12,
        kind="count",
        qualifier="exact",
        thing="perjanjian",
        thing_norm="agreements",
    ),
    case(
        "To Lam dan Putin menandatangani 11 nota kerja sama di berbagai bidang.",
        "11",
        value=11,
        unit="count",
        thing="nota kerja sama",
        thing_norm="agreements",
    ),
    case(
        "Kesepuluh satu pakta yang ditandatangani di Hanoi tidak setingkat dengan perjanjian pertahanan.",
        "Kesepuluh satu",
        value=11,
        kind="count",
        qualifier="approximate",
        ambiguous=True,
        alternatives=(10.0, 1.0),
        thing="pakta",
        thing_norm="agreements",
    ),
    case(
        "Putin, yang disambut dengan tembakan meriam 21 kali selama upacara militer pada hari Kamis.",
        "21 kali",
        value=21,
        kind="count",
        thing="kali",
        thing_norm="times",
    ),
    case(
        ARMS,
        "sekitar 80 persen",
        value=80,
        kind="percent",
        unit="percent",
        qualifier="about",
        thing="persen impor senjata",
        entity="Rusia",
        entity_norm="Russia",
        low=72,
        high=88,
    ),
    case(
        ARMS,
        "2000-an",
        value=2000,
        kind="year",
        qualifier="approximate",
        low=2000,
        high=2009,
    ),
    case(
        RELATIONS,
        "1950",
        value=1950,
        kind="year",
        unit="year",
        year=1950,
        note="since",
    ),
    case(
        RELATIONS,
        "30 tahun",
        value=30,
        kind="duration",
        unit="duration",
        thing="tahun",
        thing_norm="years",
    ),
    case(
        "Pada tahun 2023, Pengadilan Pidana Internasional mengeluarkan surat perintah penangkapan.",
        "2023",
        value=2023,
        kind="year",
    ),
    case(
        "Sebagai respons atas reeleksi Putin sebagai Presiden Rusia pada 2024, Vietnam menilai hal itu baik.",
        "2024",
        value=2024,
        kind="year",
    ),
    case(
        "Istana Budaya Persahabatan yang megah dibangun pada akhir tahun 1970-an.",
        "1970-an",
        value=1970,
        kind="year",
        qualifier="approximate",
        high=1979,
    ),
    case(
        VISIT,
        "20 Juni 2024",
        kind="date",
        unit="date",
        value=None,
        date="2024-06-20",
    ),
    case(
        VISIT,
        "Kamis",
        kind="date",
        value=None,
        date=None,
        thing="Thursday",
    ),
    case(
        VISIT,
        "dua hari",
        value=2,
        kind="duration",
        thing="hari",
        thing_norm="days",
    ),
    case(
        "Putin melanjutkan kunjungannya ke Vietnam pada Kamis (20/6/2024).",
        "20/6/2024",
        kind="date",
        date="2024-06-20",
    ),
    case(
        "Uni Soviet pernah menjadi tuan rumah bagi puluhan ribu mahasiswa Vietnam selama Perang Dingin.",
        "puluhan ribu",
        value=10000,
        kind="count",
        qualifier="approximate",
        scale=1000.0,
        low=10000.0,
        high=100000.0,
        thing="mahasiswa",
    ),
    case(
        "Vladimir Putin Hadiahkan Sedan Mewah Aurus Senat L700 untuk Kim Jong Un, Harganya Rp 13 Miliar",
        "Rp 13 Miliar",
        value=13000000000.0,
        kind="money",
        unit="IDR",
        scale=1000000000.0,
        thing_norm="price",
    ),
    case(
        "Sebagai korban invasi yang besar selama 80 tahun terakhir, Vietnam menganggap kedaulatan suci.",
        "80 tahun terakhir",
        value=80,
        kind="duration",
        thing="tahun",
        note="terakhir",
    ),
    case(
        "Sehari setelah menandatangani perjanjian pertahanan bersama dengan Korea Utara, Putin tiba.",
        "Sehari",
        value=1,
        kind="duration",
        thing="hari",
    ),
    case(
        "Giang mengatakan Rusia penting bagi Vietnam karena dua alasan.",
        "dua",
        value=2,
        kind="count",
        thing="alasan",
        entity_norm="Russia",
    ),
    case(
        "Nikmati berita interaktif dan LIVE report 24 jam hanya di TribunX",
        "24 jam",
        value=24,
        kind="duration",
        thing_norm="hours",
    ),
    case(
        "Di hari pertama pertemuan bilateral ini, kedua pemimpin bertemu.",
        "pertama",
        value=1,
        kind="ordinal",
        unit="ordinal",
        thing="hari",
    ),
    case(
        "Kerjasama ini tidak ditujukan melawan negara ketiga dan dilaksanakan sesuai norma.",
        "ketiga",
        value=3,
        kind="ordinal",
        thing="negara",
    ),
    # synthetic Indonesian
    case(
        "Nilai investasi mencapai Rp 1.250.000 pada 2022.",
        "Rp 1.250.000",
        value=1250000,
        unit="IDR",
        kind="money",
        thing_norm="investment",
        year=2022,
    ),
    case("Ekonomi tumbuh 3,6 persen tahun lalu.", "3,6 persen", value=3.6, kind="percent"),
    case("Acara itu dihadiri sebanyak 1.250 orang.", "1.250", value=1250, kind="count", thing_norm="people"),
    case(
        "Utang luar negeri mencapai 2,5 triliun rupiah.",
        "2,5 triliun rupiah",
        value=2500000000000.0,
        unit="IDR",
        scale=1000000000000.0,
        thing_norm="debt",
    ),
    case(
        "Bantuan sekitar 5 juta dolar AS dikirim.",
        "sekitar 5 juta dolar AS",
        value=5000000.0,
        unit="USD",
        qualifier="about",
        thing_norm="aid",
    ),
    case("Sedikitnya 40 orang tewas.", "Sedikitnya 40", value=40, qualifier="at_least"),
    case("Minimal 3 kapal dikerahkan.", "Minimal 3", value=3, qualifier="at_least", thing="kapal"),
    case("Lebih dari 100 orang hadir.", "Lebih dari 100", value=100, qualifier="more_than", low_open=True),
    case(
        "Inflasi kurang dari 10 persen.",
        "kurang dari 10 persen",
        value=10,
        qualifier="less_than",
        low=-math.inf,
    ),
    case("Maksimal 20 kendaraan boleh masuk.", "Maksimal 20", value=20, qualifier="at_most"),
    case("Kurang lebih 50 orang terluka.", "Kurang lebih 50", value=50, qualifier="about"),
    case("Hampir 80 persen warga setuju.", "Hampir 80 persen", value=80, qualifier="nearly", kind="percent"),
    case("Mereka menandatangani dua belas perjanjian.", "dua belas", value=12, thing_norm="agreements"),
    case("Terdengar dua puluh satu tembakan meriam.", "dua puluh satu", value=21, thing="tembakan meriam"),
    case("Kedua negara meneken sebelas pakta.", "sebelas", value=11, thing_norm="agreements"),
    case("Ratusan orang berkumpul.", "Ratusan", value=100, qualifier="approximate", high=1000),
    case("Sebanyak seratus dua puluh lima orang hadir.", "seratus dua puluh lima", value=125),
    case(
        "Kontrak senilai tiga miliar dolar AS diteken.",
        "tiga miliar dolar AS",
        value=3000000000.0,
        unit="USD",
    ),
    case("Harga naik 80% tahun ini.", "80%", value=80, kind="percent"),
    case(
        "Pinjaman USD 500 juta disetujui.", "USD 500 juta", value=500000000.0, unit="USD", thing_norm="loans"
    ),
    case("Kunjungan ini berlangsung pada Juni 2024.", "Juni 2024", kind="date", date="2024-06"),
    case("Memasuki abad ke-21, hubungan itu berubah.", "ke-21", value=21, kind="ordinal", thing="abad"),
    case(
        "Putin signed at least a dozen agreements with Vietnam.",
        "at least a dozen",
        value=12,
        qualifier="at_least",
        thing="agreements",
        thing_norm="agreements",
    ),
    # English
    case(
        "The 11 agreements signed in Hanoi fell short of a defence pact.",
        "11",
        value=11,
        kind="count",
        thing="agreements",
    ),
    case(
        "Russia supplied about 80 percent of its arms.",
        "about 80 percent",
        value=80,
        kind="percent",
        qualifier="about",
        entity_norm="Russia",
    ),
    case(
        "Trade reached nearly $3.6 billion in 2023.",
        "nearly $3.6 billion",
        value=3600000000.0,
        unit="USD",
        qualifier="nearly",
        scale=1000000000.0,
        year=2023,
        thing_norm="trade",
    ),
    case(
        "Officials listed more than 11 pacts.",
        "more than 11",
        value=11,
        qualifier="more_than",
        thing_norm="agreements",
    ),
    case("The eleven pacts were signed on Thursday.", "eleven", value=11, thing_norm="agreements"),
    case("Trade with China was US$171bn.", "US$171bn", value=171000000000.0, unit="USD", entity_norm="China"),
    case("Relations date back to the 2000s.", "2000s", value=2000, kind="year", qualifier="approximate"),
    case("The visit took place on June 20, 2024.", "June 20, 2024", kind="date", date="2024-06-20"),
    case("The two-day talks lasted two days.", "two days", value=2, kind="duration", thing_norm="days"),
    case(
        "The Soviet Union hosted tens of thousands of students.",
        "tens of thousands",
        value=10000.0,
        qualifier="approximate",
        high=100000.0,
        thing="students",
    ),
    case("The festival drew 1,250 people.", "1,250", value=1250, thing_norm="people"),
    case(
        "The fund may reach up to 5 million people.", "up to 5 million", value=5000000.0, qualifier="at_most"
    ),
    case("They expect 10-12 agreements.", "10-12", value=10, qualifier="approximate", low=10, high=12),
    case("A new era for the 21st century.", "21st", value=21, kind="ordinal"),
]


@pytest.mark.parametrize(
    ("text", "raw", "expected"), CASES, ids=[f"{i:02d}:{c[1]}" for i, c in enumerate(CASES)]
)
def test_phrasings(text: str, raw: str, expected: dict[str, object]) -> None:
    figure = only(text, raw)
    assert text[figure.start : figure.end] == raw
    assert {k: getattr(figure, k) for k in expected} == expected


def test_enough_phrasings() -> None:
    assert len(CASES) >= 40


def test_trade_sentence_gives_three_usd_figures_for_2023() -> None:
    text = (
        "Perdagangan bilateral antara Rusia dan Vietnam bernilai $3,6 miliar pada tahun 2023, "
        "dibandingkan dengan $171 miliar dengan China dan $111 miliar dengan AS."
    )
    money = [
        f for f in extract(text, sentence_id="s1", article_id="a", outlet="Al Jazeera") if f.kind == "money"
    ]
    assert [(f.raw, f.value, f.unit, f.year) for f in money] == [
        ("$3,6 miliar", 3.6e9, "USD", 2023),
        ("$171 miliar", 171e9, "USD", 2023),
        ("$111 miliar", 111e9, "USD", 2023),
    ]
    assert [f.entity for f in money] == ["Rusia", "China", "AS"]
    assert [f.entity_norm for f in money] == ["Russia", "China", "United States"]
    assert {(f.sentence_id, f.article_id, f.outlet, f.sentence) for f in money} == {
        ("s1", "a", "Al Jazeera", text)
    }


@pytest.mark.parametrize(
    "text",
    [
        "Baca di https://www.example.com/2024/06/20/12-perjanjian-putin dan www.contoh.co.id/berita/2023",
        "385544cf-f391-410a-bdbb-74bb2712bbe4_cx0_cy9_cw0_w1023_r1_s",
        "Hubungi 0812-3456-7890 untuk info.",
        "Telepon +62 21 5555 1234 sekarang.",
        "Halaman 123",
        "Halaman\n123",
        "Diperbarui pukul 18:40",
        "KTT G20 membahas COVID-19 dan sedan Aurus Senat L700.",
        "Perang Indochina Pertama dan Kedua melawan Perancis.",
        "Kedua negara juga sepakat, dan kedua belah pihak puas; keduanya senang.",
        "Rusia adalah salah satu prioritas, satu-satunya mitra, urusan sehari-hari.",
        "Kirim surel ke redaksi2024@tribun.co.id atau ke TribunSolo.com.",
    ],
)
def test_not_figures(text: str) -> None:
    assert extract(text) == []


def test_timestamp_keeps_its_date_but_not_the_time() -> None:
    assert [(f.raw, f.kind) for f in extract("21 Juni 2024 18:40")] == [("21 Juni 2024", "date")]


def test_extract_sentences_tags_figures_and_skips_boilerplate() -> None:
    sentences = [
        Sentence("001:3", "001", "GenPI.co", "Dari 12 perjanjian yang diumumkan.", 0, 34),
        Sentence("001:9", "001", "GenPI.co", "Copyright © 2024 by GenPI.co", 40, 68, role="boilerplate"),
    ]
    [figure] = extract_sentences(sentences)
    assert (figure.sentence_id, figure.article_id, figure.outlet, figure.value) == (
        "001:3",
        "001",
        "GenPI.co",
        12,
    )


@given(st.text())
def test_extract_never_raises_and_spans_match(text: str) -> None:
    for figure in extract(text):
        assert text[figure.start : figure.end] == figure.raw


@given(st.text(alphabet="0123456789.,$%-/: \nRpUSpersnjutamilyarbukedualpnh"))
def test_extract_never_raises_on_number_soup(text: str) -> None:
    for figure in extract(text):
        assert text[figure.start : figure.end] == figure.raw


def _read_back(value: float, unit: str) -> Quantity:
    text = format_number(value, unit)
    figures = extract(text)
    assert len(figures) == 1, (text, figures)
    return figures[0]


@given(
    st.one_of(st.floats(min_value=0, max_value=1e15, allow_nan=False), st.integers(0, 10**15)),
    st.sampled_from(["USD", "IDR", "percent", "count"]),
)
def test_format_then_parse_round_trips(value: float, unit: str) -> None:
    figure = _read_back(value, unit)
    assert figure.value == float(value)
    assert figure.unit == unit


@given(st.integers(1800, 2100))
def test_years_round_trip(year: int) -> None:
    figure = _read_back(year, "year")
    assert (figure.kind, figure.value) == ("year", year)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (3.6e9, "USD", "$3,6 miliar"),
        (171e9, "USD", "$171 miliar"),
        (80, "percent", "80 persen"),
        (12, "count", "12"),
        (1250, "count", "1.250"),
        (13e9, "IDR", "Rp 13 miliar"),
        (1_234_567.5, "count", "1.234.567,5"),
        (2023, "year", "2023"),
    ],
)
def test_format_number_is_indonesian(value: float, unit: str, text: str) -> None:
    assert format_number(value, unit) == text


@pytest.mark.parametrize(("value", "unit"), [(-1.0, "count"), (math.nan, "USD"), (1.0, "date")])
def test_format_number_rejects(value: float, unit: str) -> None:
    with pytest.raises(ValueError):
        format_number(value, unit)
