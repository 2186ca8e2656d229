"""Sentence splitting with exact character offsets, for every script.

Alphabetic scripts (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari ...): a
full stop, question or exclamation mark or ellipsis (and the script's own marks:
``؟ ۔ । ։ ။ ። ។ ། ༎``, and Greek's question mark ``;``) ends a sentence only when
whitespace follows and the next word does not start in lower case, so decimals
(``3.6``), times (``18.40``), domains (``TEMPO.CO``), initials (``Nguyen P.
Trong``), abbreviations (``Dr.``, ``dll.``) and attributions after a quote
(``“…?” tanya dia.``) stay inside one sentence. Georgian letters are lower case
to Unicode but the script has no capitals in running text, so they start
sentences too. Chinese and Japanese: ``。！？；`` end a sentence with no space
after them, and so do ``!`` and ``?`` when an ideograph follows. Thai (and Lao)
write no full stop and put a space between sentences: a space between two
letters of those scripts is a boundary, unless the piece it sets off is too
short to be a sentence (a name). Closing quotes and brackets (``”」』）】``)
belong to the sentence they close, and a ``(*)`` end marker to the sentence
before it; a mark inside a short label in square brackets (``[Xin chào!
Vietnam]`` before a headline) ends nothing. A "sentence" longer than
``MAX_SENTENCE_CHARS`` (a page with no punctuation, a pasted blob) is cut at
whitespace into pieces of at most that length, so no later step sees an
unbounded sentence.
"""

from __future__ import annotations

import bisect
import itertools
import re

from dashboard.pipeline.clauses import MIN_WORDS, words
from dashboard.pipeline.language import SentenceLanguages
from dashboard.pipeline.models import Article, Block, Sentence
from dashboard.pipeline.scripts import chars


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations that are followed by a name or number, so they never end a sentence.
_NAME_ABBREVIATIONS = _words(
    """
    bp bpk brigjen capt col dr dra drs ft gen gg gov hj ir jend jl jln kab kapt kec kel kh kol
    letjen lt maj mayjen moch moh mr mrs ms mt muh no ny nn pres prof prov rep rev rp sdr sdri sen
    sgt st tn vs cf ca approx nr bzw vgl mme mlle sr sra srta sres dña gral lic pdte dott ing sig hr hrn fr
    jan feb mar apr jun jul agu agt aug sep sept okt oct nov des dec
"""
)
# Abbreviations that often end a sentence: a capitalised next word starts a new one.
_FINAL_ABBREVIATIONS = _words("dll dsb dkk tsb etc inc ltd co corp jr al")
# German-style ordinals before a capitalised word: "am 20. Juni", "im 21. Jahrhundert".
_AFTER_ORDINAL = _words(
    "januar jänner februar märz april mai juni juli august september oktober november dezember jahrhundert"
)

_CLOSERS = "\"'”’»)]」』）】〕》〉"
_CLOSE = f"[{re.escape(_CLOSERS)}]*"
_TERMINATOR = re.compile(rf"(?:\.\.\.|[.!?…؟۔।॥։။።។៕།༎]|(?<=[{chars('GREEK')}])[;\u037e])+{_CLOSE}")
# Ends a sentence with or without a space after it: CJK full-width marks, or ! ? before an ideograph.
_CJK_TERMINATOR = re.compile(rf"[。！？；]+{_CLOSE}|[!?]+{_CLOSE}(?=[{chars('CJK')}])")
# A space between two Thai or Lao letters: those scripts separate sentences, not words, by spaces.
_THAI_LAO = chars("THAI", "LAO")
_SPACE_BETWEEN_SENTENCES = re.compile(rf"[{_THAI_LAO}](?P<space>[^\S\n]+)(?=[{_THAI_LAO}])")
_WORD = re.compile(r"\s*(\w+)")
_END_MARKER = re.compile(r"\s*\(\*+\)")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_OPENERS = "\"'“‘«([¡¿「『（【《〈"
# A quotation on one line; when it closes with a comma ("…,” kata Cheng.) the attribution
# follows and the whole quotation is one sentence with it, full stops inside included.
_QUOTATION = re.compile(r"“[^“”\n]{1,1000}”|\"[^\"\n]{1,1000}\"")
# A short label in square brackets ("[Xin chào! Vietnam]", "【独家!】"), as news sites put before a headline.
_BRACKETED_LABEL = re.compile(r"\[[^\[\]\n]{1,40}\]|【[^【】\n]{1,40}】")
_MAX_TOKEN = 40
#: Longest sentence kept whole; real ones stay far below (the seeds' longest is 371 characters).
MAX_SENTENCE_CHARS = 2000
# U.S, e.g, a.n, s.d, т.е (the last dot is the terminator)
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def split(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(s, e)`` of ``text[start:end]``, absolute and whitespace-trimmed."""
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"bad range {start}:{end} for a text of {len(text)} characters")
    cuts = sorted(
        {
            start,
            end,
            *_paragraph_breaks(text, start, end),
            *_sentence_ends(text, start, end),
            *(m.end() for m in _CJK_TERMINATOR.finditer(text, start, end)),
            *_spaces_between_sentences(text, start, end),
        }
    )
    spans: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        span = _trim(text, a, b)
        if span is None:
            continue
        if spans and not any(c.isalnum() for c in text[span[0] : span[1]]):
            spans[-1] = (spans[-1][0], span[1])  # stray "..." or "*" joins the sentence before
        else:
            spans.append(span)
    if any(e - s > MAX_SENTENCE_CHARS for s, e in spans):
        spans = [piece for s, e in spans for piece in _pieces(text, s, e)]
    return spans


def _spaces_between_sentences(text: str, start: int, end: int) -> list[int]:
    """Spaces between two Thai or Lao letters that end a sentence.

    Those scripts space sentences, not words, but also set off names and short
    phrases ("วลาดิเมียร์ ปูติน"): a piece too short to be a sentence on its own
    (``MIN_WORDS``) binds to the text on both sides of it.
    """
    spaces = [m.span("space") for m in _SPACE_BETWEEN_SENTENCES.finditer(text, start, end)]
    edges = [start, *(x for span in spaces for x in span), end]
    whole = [words(text[edges[k] : edges[k + 1]]) >= MIN_WORDS for k in range(0, len(edges), 2)]
    return [a for k, (a, _) in enumerate(spaces) if whole[k] and whole[k + 1]]


def segment(article: Article, blocks: list[Block]) -> list[Sentence]:
    """Sentences of the article's title, heading and body blocks, numbered over the article.

    A sentence carries its own language when it is long enough and clearly in another one
    than its article (an English caption in a Chinese article), else the article's.
    """
    sentences: list[Sentence] = []
    language = SentenceLanguages(article.text, article.language)
    for block in blocks:
        if block.role == "boilerplate":
            continue
        if block.role == "body":
            spans = split(article.text, block.start, block.end)
        else:
            whole = _trim(article.text, block.start, block.end)
            spans = [whole] if whole else []
        for s, e in spans:
            sentences.append(
                Sentence(
                    id=f"{article.id}:{len(sentences)}",
                    article_id=article.id,
                    outlet=article.outlet,
                    text=article.text[s:e],
                    start=s,
                    end=e,
                    role=block.role,
                    language=language(article.text[s:e]),
                )
            )
    return sentences


def _pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``text[s:e]`` in trimmed pieces of at most ``MAX_SENTENCE_CHARS``, cut at the last whitespace
    of each window (or hard, inside a run with none)."""
    pieces: list[tuple[int, int]] = []
    while e - s > MAX_SENTENCE_CHARS:
        limit = s + MAX_SENTENCE_CHARS
        cut = limit
        while cut > s + MAX_SENTENCE_CHARS // 2 and not text[cut].isspace():
            cut -= 1
        if not text[cut].isspace():
            cut = limit
        piece = _trim(text, s, cut)
        if piece:
            pieces.append(piece)
        s = cut
        while s < e and text[s].isspace():
            s += 1
    piece = _trim(text, s, e)
    if piece:
        pieces.append(piece)
    return pieces


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _paragraph_breaks(text: str, start: int, end: int) -> list[int]:
    return [m.start() for m in _PARAGRAPH_BREAK.finditer(text, start, end)]


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    ends = []
    attributed = _attributed_quotations(text, start, end)
    labels = [m.span() for m in _BRACKETED_LABEL.finditer(text, start, end)]
    for m in _TERMINATOR.finditer(text, start, end):
        cut = m.end()
        if cut < end and not text[cut].isspace():
            continue  # 3.6, TEMPO.CO, "e.g.," - no whitespace, no boundary
        if _inside(attributed, cut) or _inside(labels, cut):
            continue
        marker = _END_MARKER.match(text, cut, end)
        if marker:
            cut = marker.end()
        if _is_boundary(text, m, cut, end):
            ends.append(cut)
    return ends


def _attributed_quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations closed by a comma, or by ? or ! before a lower-case word: the sentence goes on."""
    spans = []
    for m in _QUOTATION.finditer(text, start, end):
        last = text[m.end() - 2]
        after = _next_word_char(text, m.end(), end)
        if last == "," or (last in "?!" and after is not None and _lower(after)):
            spans.append((m.start(), m.end()))
    return spans


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls strictly inside one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, (pos, pos))
    return i > 0 and spans[i - 1][0] < pos < spans[i - 1][1]


def _is_boundary(text: str, m: re.Match[str], cut: int, end: int) -> bool:
    nxt = _next_word_char(text, cut, end)
    if nxt is None:
        return True
    if _lower(nxt):
        return False
    if m.group().rstrip(_CLOSERS) != ".":
        return True  # ? ! and ellipses end before a capitalised word
    token = _token_before(text, m.start())
    if not token:
        return True
    low = token.lower()
    if (len(token) == 1 and token.isalpha()) or _INITIALISM.fullmatch(token):
        return False  # initials "J. K. Rowling", "U.S.", "a.n."
    if token.isdigit() and len(token) <= 2 and _word_at(text, cut, end).lower() in _AFTER_ORDINAL:
        return False
    if low in _NAME_ABBREVIATIONS and (low != "no" or token == "No"):
        return False
    return low not in _FINAL_ABBREVIATIONS or nxt.isupper()


def _lower(letter: str) -> bool:
    """A lower-case letter of a script whose sentences start with a capital (not Georgian)."""
    return letter.islower() and letter.title() != letter


def _next_word_char(text: str, pos: int, end: int) -> str | None:
    """The character after ``pos``, skipping spaces and opening quotes; None at the end of the range."""
    while pos < end and (text[pos].isspace() or text[pos] in _OPENERS):
        pos += 1
    return text[pos] if pos < end else None


def _word_at(text: str, pos: int, end: int) -> str:
    """The word starting after the whitespace at ``pos``."""
    m = _WORD.match(text, pos, end)
    return m[1] if m else ""


def _token_before(text: str, pos: int) -> str:
    """The word before a full stop; abbreviations are short, so a long run need not be scanned."""
    begin = pos
    while begin > max(0, pos - _MAX_TOKEN) and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:pos].lstrip(_OPENERS)
