"""Language identification: the dev set's articles, mixed-language articles and bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.language import SentenceLanguages, declared_code, detect_language
from dashboard.pipeline.models import Article, Corpus
from dashboard.pipeline.scripts import script

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "xling_dev"

# The dev set's README table.
DEV_LANGUAGES = {
    "301_deutschlandfunk": "de",
    "302_sputnikafrica": "fr",
    "303_nownews": "zh",
    "304_globaltimes": "zh",
    "305_hayastannews": "ru",
    "306_nghean24h": "vi",
    "307_dpa_nordot": "en",
}
CAPTION = (
    "Russia's President Vladimir Putin (L) and Vietnam's Prime Minister Pham Minh Chinh (R) shake hands "
    "at the Government Office."
)


@pytest.fixture(scope="module")
def dev_articles() -> list[Article]:
    assert DEV is not None
    articles, _ = load_paths([DEV])
    return articles


def test_every_dev_article_language(dev_articles: list[Article]) -> None:
    assert {a.id: a.language for a in dev_articles} == DEV_LANGUAGES


def test_dev_sentences_keep_their_article_language(dev_articles: list[Article]) -> None:
    """No sentence of the dev set is in another language than its article; none is flagged so."""
    corpus = build_corpus(dev_articles)
    language = {a.id: a.language for a in dev_articles}
    assert [s.text for s in corpus.sentences if s.language != language[s.article_id]] == []


def test_seed_sentences_stay_indonesian(seed_corpus: Corpus) -> None:
    """Malay is Indonesian's close relative: single sentences must not flip to it."""
    assert {a.language for a in seed_corpus.articles} == {"id"}
    assert {s.language for s in seed_corpus.sentences} == {"id"}


def test_english_caption_in_a_chinese_article(dev_articles: list[Article]) -> None:
    chinese = next(a for a in dev_articles if a.id == "303_nownews")
    head, _, rest = chinese.text.partition("\n\n")
    mixed = Article(id="mixed", outlet="Now", text=f"{head}\n\n{CAPTION}\n\n{rest}")
    assert detect_language(mixed.text) == "zh"
    corpus = build_corpus([Article(id="mixed", outlet="Now", text=mixed.text, language="zh")])
    languages = {s.text: s.language for s in corpus.body_sentences}
    assert languages[CAPTION] == "en"
    assert {lang for text, lang in languages.items() if text != CAPTION} == {"zh"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("وصل الرئيس الروسي إلى هانوي يوم الخميس في زيارة دولة تستغرق يومين.", "ar"),
        ("נשיא רוסיה הגיע להאנוי ביום חמישי לביקור ממלכתי בן יומיים.", "he"),
        ("ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอยเมื่อวันพฤหัสบดีเพื่อเยือนอย่างเป็นทางการสองวัน", "th"),
        ("El presidente ruso llegó a Hanói el jueves para una visita de Estado de dos días.", "es"),
        ("ロシアの大統領は木曜日、2日間の国賓訪問のためハノイに到着した。", "ja"),
        ("Президент Росії прибув до Ханоя в четвер із дводенним державним візитом.", "uk"),
    ],
)
def test_other_scripts_and_languages(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ok",
        "Putin",  # a name says nothing about the language
        "😀😀🎉 🙏",
        "12345 67 -- 2024",
        # Hawaiian: a language the detector does not know; it guesses with low confidence
        "Aloha kākou, ua hele mai nei au i ka hale kūʻai no ke kūʻai ʻana i ka ʻai.",
    ],
)
def test_unknown_when_too_short_or_unknown(text: str) -> None:
    assert detect_language(text) == "und"


def test_sentence_languages_within_an_article() -> None:
    chinese = SentenceLanguages("普京在越南河内,出席越南国家主席苏林为他举行的欢迎仪式。" * 3, "zh")
    assert chinese("Thank you.") == "zh"  # too short to tell
    assert chinese(CAPTION) == "en"
    indonesian = SentenceLanguages(
        "Presiden Rusia dan Presiden Vietnam menandatangani perjanjian di Hanoi.", "id"
    )
    assert indonesian("Putin dengan Presiden Vietnam To Lam.") == "id"
    assert (
        indonesian("Keduanya juga sepakat untuk meningkatkan kerjasama dalam sektor pariwisata.") == "id"
    )  # not Malay
    assert indonesian(CAPTION) == "en"


@pytest.mark.parametrize(
    ("declared", "code"),
    [
        ("pt-BR", "pt"),
        ("zh_Hant_TW", "zh"),
        (" EN ", "en"),
        ("deu", "de"),
        ("ger", "de"),
        ("iw", "he"),  # retired codes
        ("in", "id"),
        ("tl", "tl"),
        ("tgl", "tl"),
        ("fil", "tl"),  # Filipino: the detector's Tagalog
        ("Filipino", "tl"),
        ("ceb", "ceb"),  # no 639-1 code: 639-3, as the detector reports such languages
        ("yue", "zh"),  # the detector's macrolanguage, so one language is one code
        ("Portuguese", "pt"),
        ("Português", "pt"),
        ("Deutsch", "de"),
        ("中文", "zh"),
        ("русский", "ru"),
        ("Tiếng Việt", "vi"),
        ("العربية", "ar"),
        ("und", ""),
        ("", ""),
        ("xx", None),
        ("Elvish", None),
        ("12", None),
    ],
)
def test_declared_languages_become_iso_codes(declared: str, code: str | None) -> None:
    assert declared_code(declared) == code


@given(st.text(max_size=20))
def test_any_declared_value_gives_a_code_or_none(value: str) -> None:
    code = declared_code(value)
    assert code is None or code == "" or re.fullmatch(r"[a-z]{2,3}", code)


def test_metadata_languages_are_codes_and_a_wrong_one_is_detected(tmp_path: Path) -> None:
    names = ["301_deutschlandfunk", "302_sputnikafrica", "303_nownews", "305_hayastannews"]
    for name in names:
        (tmp_path / f"{name}.txt").write_bytes((DEV / f"{name}.txt").read_bytes())
    (tmp_path / "metadata.csv").write_text(
        "file,outlet,language\n"
        "301_deutschlandfunk.txt,DLF,de-DE\n"
        "302_sputnikafrica.txt,Sputnik,Français\n"
        "303_nownews.txt,Now,zh-Hant-HK\n"
        "305_hayastannews.txt,Hayastan,Elvish\n",
        encoding="utf-8",
    )
    articles, warnings = load_paths([tmp_path])
    assert [a.language for a in articles] == ["de", "fr", "zh", "ru"]
    assert warnings == [
        "305_hayastannews.txt: 'Elvish' is not a language name or code; "
        "its language was detected from the text"
    ]


def test_script() -> None:
    assert script("普京抵达河内, Putin") == "CJK"
    assert script("Путин прибыл") == "CYRILLIC"
    assert script("نعم. yes") == "ARABIC"
    assert script("123 😀") == ""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("పుతిన్ హనోయ్ చేరుకున్నారు", "TELUGU"),
        ("ಪುಟಿನ್ ಹನೋಯ್ ತಲುಪಿದರು", "KANNADA"),
        ("പുടിൻ ഹനോയിയിൽ എത്തി", "MALAYALAM"),
        ("පුටින් හැනෝයි වෙත පැමිණියේය", "SINHALA"),
        ("ពូទីនបានមកដល់ទីក្រុងហាណូយ", "KHMER"),
        ("ပူတင် ဟနွိုင်းသို့ ရောက်ရှိ", "MYANMAR"),
        ("ፑቲን ሃኖይ ደረሱ", "ETHIOPIC"),
        ("ਪੁਤਿਨ ਹਨੋਈ ਪਹੁੰਚੇ", "GURMUKHI"),
        ("પુતિન હનોઈ પહોંચ્યા", "GUJARATI"),
    ],
)
def test_script_of_south_and_southeast_asian_and_ethiopic_text(text: str, name: str) -> None:
    assert script(text) == name


def test_bad_input_articles_build_without_error() -> None:
    texts = {
        "emoji": "😀😀🎉\n\n🙏🙏",
        "rtl": "وصل الرئيس الروسي إلى هانوي. هل هذا صحيح؟ نعم.\n\nנשיא רוסיה הגיע להאנוי. הוא נפגש עם הנשיא.",
        "thai": "ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอย ทั้งสองฝ่ายลงนามข้อตกลงความร่วมมือหลายฉบับ",
        "short": "Ok.",
    }
    articles = [Article(id=k, outlet=k, text=t, language=detect_language(t)) for k, t in texts.items()]
    corpus = build_corpus(articles)
    assert [a.language for a in articles] == ["und", "ar", "th", "und"]
    assert not [s for s in corpus.sentences if s.article_id == "emoji"]
    assert "emoji: no article text left after removing page boilerplate" in corpus.warnings
    rtl = [s.text for s in corpus.body_sentences if s.article_id == "rtl"]
    assert rtl == [
        "وصل الرئيس الروسي إلى هانوي.",
        "هل هذا صحيح؟",
        "نعم.",
        "נשיא רוסיה הגיע להאנוי.",
        "הוא נפגש עם הנשיא.",
    ]
    assert {s.language for s in corpus.body_sentences if s.article_id == "rtl"} == {"ar", "he"}
    thai = [s.text for s in corpus.body_sentences if s.article_id == "thai"]
    assert thai == ["ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอย", "ทั้งสองฝ่ายลงนามข้อตกลงความร่วมมือหลายฉบับ"]


@given(st.text(max_size=300), st.sampled_from(["id", "zh", "ar", "und", ""]))
def test_any_text_gets_a_code_without_error(text: str, article_language: str) -> None:
    assert re.fullmatch(r"[a-z]{2,3}", detect_language(text))
    assert re.fullmatch(r"[a-z]{2,3}|", SentenceLanguages(text, article_language)(text))
