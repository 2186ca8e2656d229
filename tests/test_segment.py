"""Sentence splitting: table cases (Indonesian and English) and the offset invariant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.pipeline.models import Article, Block, Corpus
from dashboard.pipeline.segment import segment, split


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split(text)]


CASES = [
    pytest.param(
        "Perdagangan bernilai $3,6 miliar pada tahun 2023. Sejak awal tahun 2000-an, impor turun.",
        ["Perdagangan bernilai $3,6 miliar pada tahun 2023.", "Sejak awal tahun 2000-an, impor turun."],
        id="money-with-decimal-comma",
    ),
    pytest.param(
        "Inflasi naik 3.6 persen pada pukul 18.40 WIB. Harga stabil.",
        ["Inflasi naik 3.6 persen pada pukul 18.40 WIB.", "Harga stabil."],
        id="decimal-point-and-time",
    ),
    pytest.param(
        "Putin tiba pada Kamis (20/6/2024). Tujuan kunjungannya jelas.",
        ["Putin tiba pada Kamis (20/6/2024).", "Tujuan kunjungannya jelas."],
        id="date-in-brackets",
    ),
    pytest.param(
        "Dia menunggu... lalu pergi. Tamat… Kemudian hujan.",
        ["Dia menunggu... lalu pergi.", "Tamat…", "Kemudian hujan."],
        id="ellipses",
    ),
    pytest.param(
        "“Senjata akan dibahas tetapi yang akan masuk ke Vietnam,” kata Cheng. “Militer masih bergantung.”",
        [
            "“Senjata akan dibahas tetapi yang akan masuk ke Vietnam,” kata Cheng.",
            "“Militer masih bergantung.”",
        ],
        id="quote-comma-attribution-then-new-quote",
    ),
    pytest.param(
        "“Mereka pernah di sisi yang sama. Dan warisan itu masih ada,” kata Huong Le Thu, wakil direktur "
        "program untuk Asia. Uni Soviet menjadi tuan rumah.",
        [
            "“Mereka pernah di sisi yang sama. Dan warisan itu masih ada,” kata Huong Le Thu, wakil direktur "
            "program untuk Asia.",
            "Uni Soviet menjadi tuan rumah.",
        ],
        id="attributed-quote-with-inner-full-stop",
    ),
    pytest.param(
        "Lam ingin “bekerja sama lebih lanjut.” Perjanjian itu kecil.",
        ["Lam ingin “bekerja sama lebih lanjut.”", "Perjanjian itu kecil."],
        id="full-stop-inside-closing-quote",
    ),
    pytest.param(
        "“Apa yang terjadi?” tanya dia. “Entahlah!” jawab Budi.",
        ["“Apa yang terjadi?” tanya dia.", "“Entahlah!” jawab Budi."],
        id="question-in-quote-with-attribution",
    ),
    pytest.param(
        "Buku karya J. K. Rowling laris. Sekjen Nguyen P. Trong hadir.",
        ["Buku karya J. K. Rowling laris.", "Sekjen Nguyen P. Trong hadir."],
        id="initials",
    ),
    pytest.param(
        "Dr. Budi dan Prof. Ani tinggal di Jl. Merdeka No. 5 bersama Bpk. H. Umar dan Hj. Siti. "
        "Mereka datang.",
        [
            "Dr. Budi dan Prof. Ani tinggal di Jl. Merdeka No. 5 bersama Bpk. H. Umar dan Hj. Siti.",
            "Mereka datang.",
        ],
        id="indonesian-titles",
    ),
    pytest.param(
        "Sdr. Amir bertemu Kol. Bima dan Jend. Sudirman. Mereka membahas a.n. direksi s.d. akhir tahun.",
        ["Sdr. Amir bertemu Kol. Bima dan Jend. Sudirman.", "Mereka membahas a.n. direksi s.d. akhir tahun."],
        id="ranks-and-dotted-abbreviations",
    ),
    pytest.param(
        "Dia membeli apel, jeruk, dll. Kemudian pulang. Budi dkk. menulis buku tsb. dengan cepat.",
        ["Dia membeli apel, jeruk, dll.", "Kemudian pulang.", "Budi dkk. menulis buku tsb. dengan cepat."],
        id="dll-dkk-tsb",
    ),
    pytest.param(
        "Rusia membantu mempertahankan klaim di Laut Cina Selatan yang disengketakan. (*)",
        ["Rusia membantu mempertahankan klaim di Laut Cina Selatan yang disengketakan. (*)"],
        id="end-marker",
    ),
    pytest.param(
        "Sementara itu, Rusia penting karena dua alasan, kata Giang: Rusia adalah pemasok terbesar.",
        ["Sementara itu, Rusia penting karena dua alasan, kata Giang: Rusia adalah pemasok terbesar."],
        id="colon-does-not-end",
    ),
    pytest.param(
        "Mengapa Vietnam? Karena sejarah! Itu jawabannya.",
        ["Mengapa Vietnam?", "Karena sejarah!", "Itu jawabannya."],
        id="question-and-exclamation",
    ),
    pytest.param(
        "Mr. Smith met Mrs. Jones and Ms. Lee at St. Mary's on Jan. 5 in the U.S. capital. They talked.",
        ["Mr. Smith met Mrs. Jones and Ms. Lee at St. Mary's on Jan. 5 in the U.S. capital.", "They talked."],
        id="english-titles",
    ),
    pytest.param(
        "Apple Inc. and Acme Co. sell fruit, e.g. apples, i.e. food, vs. Widgets Ltd. etc. They grew.",
        ["Apple Inc. and Acme Co. sell fruit, e.g. apples, i.e. food, vs. Widgets Ltd. etc.", "They grew."],
        id="english-company-and-latin-abbreviations",
    ),
    pytest.param(
        "“We will go,” he said. “It is fine.” She left.",
        ["“We will go,” he said.", "“It is fine.”", "She left."],
        id="english-quotes",
    ),
    pytest.param(
        "Harga naik.\n\nJudul baru\n\nTeks berikutnya.",
        ["Harga naik.", "Judul baru", "Teks berikutnya."],
        id="paragraph-breaks",
    ),
    pytest.param("   \n\t ", [], id="whitespace-only"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_table(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_split_sub_range_gives_absolute_offsets() -> None:
    text = "XX Satu kalimat. Dua kalimat. YY"
    start, end = 3, len(text) - 3
    spans = split(text, start, end)
    assert [text[s:e] for s, e in spans] == ["Satu kalimat.", "Dua kalimat."]
    assert spans[0][0] == 3


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (4, 2), (0, 99)])
def test_split_rejects_bad_ranges(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="bad range"):
        split("short text", start, end)


def assert_spans_valid(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    previous = start
    for s, e in spans:
        assert previous <= s < e <= end
        piece = text[s:e]
        assert piece == piece.strip()
        previous = e
    covered = {i for s, e in spans for i in range(s, e)}
    assert all(text[i].isspace() for i in range(start, end) if i not in covered), "content was dropped"


PUNCTUATION_HEAVY = st.text(
    alphabet=st.sampled_from(list("aB1 .?!…,:;()*\"'“”‘’\n\t\xa0-/$Zz")) | st.characters(),
    max_size=200,
)


@given(PUNCTUATION_HEAVY)
def test_split_invariant_on_arbitrary_text(text: str) -> None:
    assert_spans_valid(text, split(text), 0, len(text))


@given(PUNCTUATION_HEAVY, st.integers(0, 200), st.integers(0, 200))
def test_split_invariant_on_sub_ranges(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert_spans_valid(text, split(text, start, end), start, end)


def test_segment_roles_and_ids() -> None:
    text = "Judul Berita\nSubjudul\nSatu. Dua.\nIklan"
    article = Article(id="a", outlet="X", text=text)
    blocks = [
        Block("a", 0, 12, "title"),
        Block("a", 13, 21, "heading"),
        Block("a", 22, 32, "body"),
        Block("a", 33, 38, "boilerplate", "advertisement"),
    ]
    got = segment(article, blocks)
    assert [(s.id, s.role, s.text) for s in got] == [
        ("a:0", "title", "Judul Berita"),
        ("a:1", "heading", "Subjudul"),
        ("a:2", "body", "Satu."),
        ("a:3", "body", "Dua."),
    ]
    assert all(s.outlet == "X" and s.article_id == "a" for s in got)


def test_seed_sentence_offsets(seed_corpus: Corpus) -> None:
    for article in seed_corpus.articles:
        mine = [s for s in seed_corpus.sentences if s.article_id == article.id]
        assert mine, article.id
        assert [s.id for s in mine] == [f"{article.id}:{n}" for n in range(len(mine))]
        previous = 0
        for s in mine:
            assert article.text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text
            assert previous <= s.start < s.end
            previous = s.end
