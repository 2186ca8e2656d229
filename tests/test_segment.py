"""Sentence splitting: table cases (Indonesian, English and other scripts) and the offset invariant."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.segment_cases import CASES
from dashboard.pipeline.clauses import split_clauses, words
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Article, Block, Corpus
from dashboard.pipeline.segment import segment, split


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split(text)]


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


def test_chinese_paragraph_offsets() -> None:
    """A Chinese paragraph splits at every full stop, quotes kept whole, each at its exact offsets."""
    text = (
        "【环球时报驻越南特派记者 杨晔】20日凌晨,俄罗斯总统普京抵达越南进行国事访问。"
        "这是普京自2017年以来首次对越南进行国事访问。此次普京访问越南,双方签署了多项协议。"
        "《华盛顿邮报》称,越南接待普京来访惹恼了美国。"
        "但多数分析认为,美国无可奈何,它更多的只能是“尴尬和忧心忡忡”。"
        "美国有线电视新闻网(CNN)无奈地称,显然没有产生影响。\n\n"
        "访问期间,普京与越共中央总书记阮富仲举行了会谈。"
    )
    article = Article(id="zh", outlet="环球时报", text=text, language="zh")
    got = segment(article, [Block("zh", 0, len(text), "body")])
    assert [s.text for s in got] == [
        "【环球时报驻越南特派记者 杨晔】20日凌晨,俄罗斯总统普京抵达越南进行国事访问。",
        "这是普京自2017年以来首次对越南进行国事访问。",
        "此次普京访问越南,双方签署了多项协议。",
        "《华盛顿邮报》称,越南接待普京来访惹恼了美国。",
        "但多数分析认为,美国无可奈何,它更多的只能是“尴尬和忧心忡忡”。",
        "美国有线电视新闻网(CNN)无奈地称,显然没有产生影响。",
        "访问期间,普京与越共中央总书记阮富仲举行了会谈。",
    ]
    assert all(text[s.start : s.end] == s.text and s.language == "zh" for s in got)


ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "xling_dev"


def test_dev_chinese_sentences() -> None:
    """The dev set's Chinese articles: the Global Times lead (363 characters) is eight sentences."""
    assert DEV is not None
    articles, _ = load_paths([DEV / "303_nownews.txt", DEV / "304_globaltimes.txt"])
    corpus = build_corpus(articles)
    for article in articles:
        for s in corpus.sentences:
            assert article.id != s.article_id or article.text[s.start : s.end] == s.text
    paragraph = next(p for p in articles[1].text.split("\n") if p.startswith("【环球时报"))
    inside = [s.text for s in corpus.body_sentences if s.text in paragraph]
    assert len(paragraph) == 363 and len(inside) == 8
    assert all(t.endswith(("。", "!")) for t in inside) and "".join(inside) == paragraph
    assert len([s for s in corpus.body_sentences if s.article_id == "303_nownews"]) == 8


# --------------------------------------------------------------------------- clauses


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        (
            "Putin, welcomed with a 21-gun salute, said the partnership is a priority for Russia.",
            ["welcomed with a 21-gun salute", "said the partnership is a priority for Russia"],
        ),
        (
            "普京表示，俄罗斯高度重视包括越南在内的东盟成员发展对话，强化与越南的全面战略伙伴关系。",
            ["俄罗斯高度重视包括越南在内的东盟成员发展对话", "强化与越南的全面战略伙伴关系"],
        ),
        (
            "Le président russe a salué la coopération, mais il a critiqué les sanctions occidentales.",
            ["Le président russe a salué la coopération", "il a critiqué les sanctions occidentales"],
        ),
        ("普京抵达河内。", ["普京抵达河内。"]),  # too short to split: the whole sentence
    ],
)
def test_clauses_in_several_languages(sentence: str, clauses: list[str]) -> None:
    assert split_clauses(sentence) == clauses


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Putin tiba di Hanoi pada Kamis.", 6),
        ("普京抵达河内。", 3),  # two characters a word
        ("ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอย", 9.5),  # four letters and marks a word
        ("ཨུ་རུ་སུའི་སྲིད་འཛིན་པུ་ཊིན་ཧ་ནོ་ཡི་ལ་ཕེབས་སོང་།", 6.5),  # two tsheg-marked syllables a word
        ("Putin 普京 ཕུ་ཐིན", 3),
    ],
)
def test_words_are_counted_in_every_script(sentence: str, count: float) -> None:
    assert words(sentence) == count
