"""Tell an article's real text from the page furniture captured with it, in any language.

Each line is classified on its own shape first (related-article links, bylines
with or without their date, copyright and reposting notices, ads, share prompts,
page controls, navigation, image ids, credits, dates), then in context: the
title, repeated captions, section headings (short lines followed by body text),
notes at the end of the article, lone words and menu items, the headlines
listed under a lone "Most read" label, and a link's text above its bare address.
Datelines before the lead ("TEMPO.CO, Jakarta - "), photo credits after a caption
and author codes after the last sentence are split off the line they sit on, so
the sentence itself stays body.
Lines that repeat across several articles of one site are dropped too
(:func:`site_chrome`).

The rules lean on signals no one language owns: "/" and "©" in credits, a date
with separators and no clause, breadcrumbs, a line with no sentence in it. The
few that need wording ("read more", "author:", "source:", "home", "print") take
it from ``dashboard/data/boilerplate.toml``, in many languages. When unsure a
line stays body, because dropping real content is worse than keeping a stray line.
"""

from __future__ import annotations

import collections
import itertools
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from dashboard.pipeline.clauses import words as word_count
from dashboard.pipeline.figures.grammar import letter_pattern
from dashboard.pipeline.models import Article, Block, Role
from dashboard.pipeline.scripts import chars
from dashboard.pipeline.segment import split

PHRASES_FILE = Path(__file__).resolve().parent.parent / "data" / "boilerplate.toml"
_PHRASES: dict[str, list[str]] = tomllib.loads(PHRASES_FILE.read_text(encoding="utf-8"))
# Scripts written without spaces between words: a phrase in them needs no word boundary after it.
_UNSPACED = re.compile(f"[{chars('THAI', 'LAO', 'CJK', 'HANGUL')}]")
_LEAD = r"^[\s»›▶►•·▪*#>|\-–—]*"  # bullets and arrows some sites put before a link or label


def _phrases(key: str) -> str:
    """A regex alternation of one list of the phrase file, longest first, any spacing."""
    parts = []
    for phrase in sorted(_PHRASES[key], key=len, reverse=True):
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())
        parts.append(
            pattern if _UNSPACED.search(phrase[-1]) or not phrase[-1].isalnum() else pattern + r"(?!\w)"
        )
    return "|".join(parts)


_MONTHS = (
    "januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
    "january|february|march|may|june|july|august|october|december|"
    "jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|sept|okt|oct|nov|des|dec"
)
_DAYS = (
    "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_ZONE = r"(?:wib|wita|wit|gmt|utc)(?:\s*[+-]\d{1,2})?"
_DATE_LINE = re.compile(
    rf"""^(?:(?:diperbarui|diterbitkan|dipublikasikan|terbit|updated|published|posted)\s*:?\s*)?
    (?:(?:{_DAYS})\s*,?\s*)?
    (?:\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}
       |\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})
    (?:\s*[,|-]?\s*(?:pukul\s*)?\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?)?
    \s*(?:\(?{_ZONE}\)?|am|pm)?$""",
    re.I | re.X,
)

_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "related link",
        re.compile(
            r"^(?:(?:baca|simak|lihat)(?:\s+juga)?\s*[:：]|(?:baca|simak|lihat)\s+juga\b|read\s+(?:more|also)\b"
            r"|also\s+read\b|see\s+also\b|pilihan\s+editor\s*[:：]"
            r"|(?:berita|artikel|konten)\s+(?:terkait|terpopuler|rekomendasi|lainnya|populer|terkini|pilihan)$"
            r"|(?:related|recommended|more)\s+(?:articles?|stories|news)$|most\s+(?:read|popular)$)",
            re.I,
        ),
    ),
    ("related link", re.compile(r"^(?:MEMBACA|BACA)(?:\s+JUGA)?\b")),  # all-caps kicker before a link
    (
        "byline",
        re.compile(
            r"^(?:penulis|editor|redaktur|reporter|pewarta|penyunting|kontributor|wartawan|fotografer|author"
            r"|writer|(?:written|reported|edited)\s+by)\s*:\s*\S.{0,80}$|^laporan\s+(?:wartawan|reporter)\b",
            re.I,
        ),
    ),
    ("source", re.compile(r"^(?:sumber|source)\s*:\s*\S.{0,100}$", re.I)),
    (
        "advertisement",
        re.compile(
            r"^(?:iklan|advertisement|advertisment|ads?|sponsored|konten\s+sponsor|promoted"
            r"|scroll\s+(?:to|untuk)\s+(?:continue|melanjutkan)(?:\s+\w+){0,2}|lanjutkan\s+membaca"
            r"|artikel\s+berlanjut\s+setelah\s+iklan|story\s+continues\s+below(?:\s+advertisement)?)$",
            re.I,
        ),
    ),
    ("image control", re.compile(r"^zoom-(?:in|out)\b", re.I)),
    (
        "image id",
        re.compile(
            r"^(?:\S*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-\S*|\S+\.(?:jpe?g|png|gif|webp|svg)(?:\?\S*)?"
            r"|(?=\S*\d)(?=\S*_)[\w.-]{16,})$",
            re.I,
        ),
    ),
    ("link", re.compile(r"^(?:https?://|www\.)\S+$", re.I)),
    (
        "navigation",
        re.compile(
            r"^(?:atas|ke\s+atas|kembali(?:\s+ke\s+atas)?|back\s+to\s+top|halaman|page|berikutnya|selanjutnya"
            r"|sebelumnya|next|previous|prev|home|beranda|menu|tutup|close|lihat\s+semua|tampilkan\s+semua"
            r"|load\s+more|muat\s+lebih\s+banyak|(?:halaman|page)\s+\d+(?:\s*(?:/|dari|of)\s*\d+)?)$"
            r"|^[\d\s|/<>«»‹›:-]*\d[\d\s|/<>«»‹›:-]*$",  # "2 / 5", a player's "0:00 / 3:12"
            re.I,
        ),
    ),
    ("tags", re.compile(rf"{_LEAD}(?:{_phrases('tag_labels')})\s*[:：]", re.I)),
    ("related link", re.compile(rf"{_LEAD}(?:{_phrases('list_labels')})\s*[:：]?$", re.I)),
    ("page control", re.compile(rf"{_LEAD}(?:{_phrases('controls')})\s*[:：]?\s*[(\[（]?\d*[)\]）]?$", re.I)),
    ("dateline", _DATE_LINE),
    ("related link", re.compile(rf"{_LEAD}(?:{_phrases('read_more')})", re.I)),
    ("byline", re.compile(rf"{_LEAD}(?:{_phrases('author_labels')})\s*[:：]\s*\S.{{0,80}}$", re.I)),
    ("source", re.compile(rf"{_LEAD}(?:{_phrases('source_labels')})\s*[:：]\s*\S.{{0,100}}$", re.I)),
)

# Share/follow/app prompts: recognised by wording, and only on short lines.
_PROMPT = re.compile(
    r"\bgoogle\s+news\b|\bwhats\s?app\b|\blive\s+report\b|^nikmati\b.*\bhanya\s+di\b"
    r"|^(?:ikuti|follow|subscribe|berlangganan|gabung|join|unduh|download|dapatkan|klik|click|bagikan"
    r"|share|tonton)\b",
    re.I,
)
_PROMPT_MAX_WORDS = 14
_PROMPT_ANY = re.compile(rf"{_LEAD}(?:{_phrases('prompts')})", re.I)
# "Par Jean Dupont", "By John Smith and Jane Doe": a by-word and up to six capitalised names.
_NAME = r"[^\W\d_][\w'’.-]*"
_BYLINE_NAMES = re.compile(
    rf"^(?:{_phrases('byline_words')})\s+(?=[^\W\d_])(?-i:[A-ZÀ-ÞА-ЯĐ]){_NAME}"
    rf"(?:,?\s+(?:(?-i:[A-ZÀ-ÞА-ЯĐ]){_NAME}|de|van|von|da|dos|y|and|et|und|e|i|и|&)){{0,6}}$",
    re.I,
)
# "REUTERS/Evgenia Novozhenina": an agency in capitals and a name joined by one slash.
_AGENCY_SLASH = re.compile(r"(?:[A-Z]{2,}(?:\s[A-Z]{2,})?\s?/\s?\S.{0,40}|.{1,40}\S\s?/\s?[A-Z]{2,})")

# "By Jane Roe and the Example desk June 20, 2024 11:25 AM": a by-word before a capitalised name.
_BYLINE_START = re.compile(rf"{_LEAD}(?:{_phrases('byline_words')})\s+(?-i:[A-ZÀ-ÞА-ЯĐ])", re.I)
_BYLINE_MAX_WORDS = 30
_READING_TIME = re.compile(_phrases("reading_time"), re.I)
_READING_TIME_MAX_WORDS = 8
# "김재영 기자", "[호치민=강태윤 통신원]": a reporter's title closing the line (an e-mail address may follow).
_REPORTER_TITLE = re.compile(rf"(?:{_phrases('reporter_titles')})\s*[\])】）]?\s*(?:\S+@\S+)?$")
_REPORTER_MAX_WORDS = 6

_CREDIT_PART = re.compile(r"[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3}")
_CREDIT_PAREN = (
    r"[(（](?=[^()（）]*[^\W\d_]{2})[^()（）]*"
    rf"(?:/|\bvia\b|\b(?:dok|file)\b|(?<!\w)(?:{_phrases('photo_labels')}))[^()（）]*[)）]"
)
_CREDIT_ALONE = re.compile(rf"^{_CREDIT_PAREN}$|^(?:{_phrases('photo_labels')})\s*[:：=]", re.I)
_CREDIT_SEPARATOR = re.compile(r"\s+[/|]\s+")

_CLOSERS = "\"'”’»)]」』）】"
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）】]*(?:\s*\(\*+\))?$")
# "TEMPO.CO, Jakarta - ", "VIETNAM (marwahkepri.com) – ", "JAKARTA, KOMPAS.com - "
_DATELINE_PREFIX = re.compile(r"^\s*(?P<prefix>\S[^\n]{0,60}?)\s+(?:--?|–|—)\s+(?=\S)")
_DOMAIN = re.compile(r"\b[A-Za-z0-9][\w-]*\.(?:co\.id|com|co|id|net|org|news|tv)\b", re.I)
# Any site's domain, country codes included: "vov.vn", "fr.sputniknews.africa", "ujoy.net".
_ANY_DOMAIN = re.compile(
    r"\b[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|info|news|africa|tv|[a-z]{2})"
    r"(?:\.[a-z]{2})?\b(?!\.\w)",
    re.I,
)
_COPYRIGHT_NAME = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s+)?(?:PT\.?\s+)?"
    r"(?P<name>[^\n,|©]+?)\s*(?:,|\||\.\s|\s+all\s+rights?\b|\s+-\s|$)",
    re.I,
)
_EMPTY_BRACKETS = re.compile(r"[(\[（【]\s*[)\]）】]")
_HEADER_SEPARATOR = re.compile(r"\s[|•·]\s|\s[|•·]|[|•·]\s")
_HEADER_LINES = 5
_DATELINE_SEARCH_LINES = 10
_NUMBER_OR_HASH = re.compile(r"\d+|(?=\w*\d)[0-9a-f]{6,}")
_NAME_TOKEN = re.compile(r"[^\W_][\w&'’-]*")
# After the last sentence: "MK-dtc", "(ant/dhf)".
_AUTHOR_CODE = re.compile(
    r"(?<=[.!?\"”’)])\s+(?:[A-Z]{1,5}(?:[-/][A-Za-z]{1,6})+|\([a-z*]{1,6}(?:/[a-z]{1,6})+\))\s*$"
)
# After a caption: "(Sputnik/Kristina Kormilitsyna/Kremlin via REUTERS)", "(VNA/VNS Photos)", and after
# any text a bracket of three names joined by "/" ("Putin in Vietnam (Minh Hoang/Pool AP/AP/dpa)") or
# one opening with a photo label ("... tại Hà Nội (Ảnh: TTXVN)").
_TRAILING_CREDIT = re.compile(
    rf"(?<=[.!?\"”’。])\s*{_CREDIT_PAREN}\s*$|\s+\((?=[^()]*[^\W\d_]{{2}})[^()/]*/[^()/]*/[^()]*\)\s*$"
    rf"|\s*[(（](?:{_phrases('photo_labels')})\s*[:：][^()（）]{{1,60}}[)）]\s*$",
    re.I,
)
# After a caption's last sentence, unbracketed: "... at the Government Office. -/Kremlin/dpa".
_TRAILING_SLASH_CREDIT = re.compile(r"(?<=[.!?\"”’。])\s+(?P<credit>[^.!?\n]{1,80})$")
#: Lines that repeat across a site's articles are its furniture when they have no sentence end or
#: sit in the first or last ``_EDGE_LINES`` lines of an article.
_EDGE_LINES = 2
_NOTE_MAX_WORDS = 40
_LONE_MAX_SIZE = 3  # words (see clauses.words) on a line with no sentence end
_LABEL_MAX_WORDS = 4  # a "Most read" label standing alone above its list
_LISTED_MAX_WORDS = 25  # a headline in such a list
_NOTES = re.compile("|".join(_PHRASES["notes"]), re.I)
_SOURCE_LINE = re.compile(rf"{_LEAD}(?:{_phrases('source_labels')})\s*[:：]\s*(?P<name>\S.{{0,100}})$", re.I)

_TITLE_MAX_WORDS = 25
_TITLE_SEARCH_CHARS = 20_000  # the headline is at the top; a 10 MB file need not be scanned
_HEADING_MAX_WORDS = 14
_REPEAT_MIN_WORDS = 4
_LEAD_LINES = 3  # a dateline prefix is looked for in the first few body lines only


@dataclass
class _Line:
    start: int
    end: int
    text: str  # stripped
    role: Role = "body"
    reason: str = ""


def classify(article: Article, chrome: frozenset[str] = frozenset()) -> list[Block]:
    """Line-based blocks covering ``article.text`` in order, each with its role.

    ``chrome``: the article's site's repeated lines, from :func:`site_chrome`.
    """
    lines = _furniture(_lines(article.text), article.outlet, chrome)
    _mark_title(lines, article.title)
    _mark_headings(lines)
    return _blocks(article, [line for line in lines if line.end > line.start])


def site_chrome(articles: Iterable[Article]) -> dict[str, frozenset[str]]:
    """Per outlet, the furniture-shaped lines found in two or more of its articles (numbers ignored).

    A line counts when it has no sentence end or sits at an article's top or bottom: a
    real sentence two articles share in their middle stays.
    """
    seen: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for article in articles:
        lines = [line for line in _lines(article.text) if line.text]
        keys = {
            _chrome_key(line.text)
            for i, line in enumerate(lines)
            if not _LINE_END.search(line.text)
            or (min(i, len(lines) - 1 - i) < _EDGE_LINES and word_count(line.text) <= _NOTE_MAX_WORDS)
        }
        seen[article.outlet].update(keys)
    return {outlet: frozenset(k for k, n in counts.items() if n >= 2) for outlet, counts in seen.items()}


def boilerplate_reason(line: str, outlet: str = "") -> str:
    """Why a stripped line is page furniture on its own, or ``""`` when it may be content."""
    if not line:
        return "blank"
    for reason, pattern in _LINE_RULES:
        if pattern.search(line):
            return reason
    for reason, test in _SHAPE_RULES:
        if test(line, outlet):
            return reason
    return ""


def guess_title(text: str, outlet: str = "") -> str:
    """The headline at the top of ``text`` when there is one, without a trailing "| Section"."""
    lines = _furniture(_lines(text[:_TITLE_SEARCH_CHARS]), outlet)
    index = _headline_index(lines)
    if index is None:
        return ""
    text = lines[index].text
    credit = _trailing_credit(text)
    if credit is not None:
        text = text[:credit].rstrip()
    head, _, section = text.rpartition(" | ")
    return head if head and len(section.split()) <= 3 else text


def _furniture(lines: list[_Line], outlet: str, chrome: frozenset[str] = frozenset()) -> list[_Line]:
    """``lines`` with every line that is furniture on its own or in context marked boilerplate."""
    for line in lines:
        line.reason = boilerplate_reason(line.text, outlet)
        if not line.reason and chrome and _chrome_key(line.text) in chrome:
            line.reason = "site chrome"
        if line.reason:
            line.role = "boilerplate"
    _mark_notes(lines, outlet)
    _mark_lone_words(lines)
    _mark_listed_links(lines)
    _mark_link_anchors(lines)
    _mark_repeats(lines)
    return lines


def outlet_from_text(text: str, stem: str = "") -> str:
    """The outlet the text names itself, in any language, or ``""``.

    In order: the lead's dateline ("JAKARTA, KOMPAS.com -"), a copyright line, a source
    line ("Nguồn tin: vov.vn", "来源:环球时报"), a dated header ("首頁 | Now 新聞 • 2024-06-20"),
    a name in the text that the file's ``stem`` spells ("Deutschlandfunk" for
    ``301_deutschlandfunk``, "Sputnik" for ``sputnikafrica``), and last a reporter introduced as
    the outlet's own ("Tony Cheng dari Al Jazeera").
    """
    head = text[:_TITLE_SEARCH_CHARS]
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    for find in (_outlet_in_dateline, _outlet_in_copyright, _outlet_in_source, _outlet_in_header):
        name = " ".join(find(lines).split())
        if name:
            return name
    return _outlet_from_stem(head, stem) or _outlet_in_reporter(head)


def _brand(name: str) -> str:
    """A readable outlet name: "TEMPO.CO" -> "Tempo", "TRIBUNnews.com" -> "Tribunnews", "vov.vn" kept."""
    name = name.strip(" .,;:-|()[]【】「」")
    m = re.fullmatch(r"(?P<label>[A-Za-z0-9-]+)(?:\.[A-Za-z]{2,6})+", name)
    label = m["label"] if m else name
    shouted = label.isupper() and len(label) > 3 and " " not in label
    if shouted or re.fullmatch(r"[A-Z]{3,}(?:news|online|media|tv)", label):
        return label.capitalize()
    return name


def _named_in(fragment: str) -> str:
    """The site a fragment names: its domain, else the fragment itself when it is short."""
    domain = _ANY_DOMAIN.search(fragment)
    if domain:
        return _brand(domain.group())
    fragment = _EMPTY_BRACKETS.sub("", fragment).strip(" .,;:-|()[]【】「」")
    return _brand(fragment) if fragment and word_count(fragment) <= 4 else ""


def _outlet_in_dateline(lines: list[str]) -> str:
    for line in lines[:_DATELINE_SEARCH_LINES]:
        prefix = dateline_prefix(line)
        if prefix:
            domain = _ANY_DOMAIN.search(prefix)
            paren = re.search(r"\(([^()]+)\)", prefix)
            return _brand(domain.group() if domain else paren[1] if paren else prefix.rpartition(",")[2])
    return ""


def _outlet_in_copyright(lines: list[str]) -> str:
    for line in lines:
        if len(line) > 250:
            continue
        m = _COPYRIGHT_NAME.search(line)
        if m:
            return _named_in(m["name"])
        if _is_copyright(line, "") and _ANY_DOMAIN.search(line):
            return _named_in(line)
    return ""


def _outlet_in_source(lines: list[str]) -> str:
    for line in lines:
        m = _SOURCE_LINE.match(line)
        if m:
            return _named_in(m["name"])
    return ""


def _outlet_in_header(lines: list[str]) -> str:
    """The name among a dated header's parts, past the home link: "首頁 | Now 新聞 ( ) • 2024-06-20"."""
    for line in lines[:_HEADER_LINES]:
        if not (_HEADER_SEPARATOR.search(line) and _has_date(line)):
            continue
        for part in _HEADER_SEPARATOR.split(line):
            if _has_date(part):  # a label set before the date ("승인 2024.06.20", "Published ...")
                continue
            rest = _TIME.sub("", part)
            if _HOME.fullmatch(rest.strip()) or not any(c.isalpha() for c in rest):
                continue
            name = _named_in(rest)
            if name:
                return name
    return ""


# Weaker: a reporter introduced as the outlet's own.
_SELF_REFERENCE = (
    re.compile(
        r"\b(?i:melaporkan|berbicara)\s+dari\s+[^,\n]{1,40},\s+(?:[A-Z][\w'-]*\s+){1,3}dari\s+"
        r"(?P<name>[A-Z]\w*(?:\s+[A-Z]\w*){0,2})"
    ),
    re.compile(
        r"\b(?i:reporting|speaking)\s+from\s+[^,\n]{1,40},\s+(?P<name>[A-Z]\w*(?:\s+[A-Z]\w*){0,2})['’]s\s+[A-Z]"
    ),
)


def _outlet_in_reporter(text: str) -> str:
    for pattern in _SELF_REFERENCE:
        m = pattern.search(text)
        if m:
            return m["name"]
    return ""


def _outlet_from_stem(text: str, stem: str) -> str:
    """The longest run of up to three words in ``text`` that spells the stem's first word or the whole
    stem, as the text writes it: the file was named after the outlet."""
    words = [w.casefold() for w in re.split(r"[_\-\s.]+", stem) if w and not _NUMBER_OR_HASH.fullmatch(w)]
    if not words:
        return ""
    whole, first = "".join(words), words[0]
    tokens = _NAME_TOKEN.findall(text)
    best = ""
    for i in range(len(tokens)):
        for n in (1, 2, 3):
            name = " ".join(tokens[i : i + n])
            key = _alnum(name)
            fits = key in (whole, first) or (len(key) >= 5 and first.startswith(key))
            if fits and len(key) >= 3 and len(_alnum(best)) < len(key):
                best = name
    return best


def dateline_prefix(line: str) -> str:
    """The "PLACE (outlet) -" part opening a lead paragraph, without the dash, or ``""``."""
    m = _DATELINE_PREFIX.match(line)
    if not m:
        return ""
    prefix = m["prefix"]
    if len(prefix.split()) > 6 or re.search(r"[.!?]\s", prefix):
        return ""
    if not (_DOMAIN.search(prefix) or re.search(r"[(,]", prefix)):
        return ""
    words = re.sub(r"\([^()]*\)", " ", prefix).replace(",", " ").split()
    return prefix if all(w[0].isupper() or w[0].isdigit() for w in words) else ""


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        lines.append(_Line(pos, m.start(), text[pos : m.start()].strip()))
        pos = m.end()
    lines.append(_Line(pos, len(text), text[pos:].strip()))
    return lines


def _is_prompt(line: str, outlet: str) -> bool:
    return word_count(line) <= _PROMPT_MAX_WORDS and bool(_PROMPT.search(line) or _PROMPT_ANY.match(line))


def _is_outlet_name(line: str, outlet: str) -> bool:
    """A lone "Tribun" or "Tribunnews" line: the site's name left over from its header or footer."""
    if len(line.split()) > 2 or not outlet:
        return False
    word, site = _alnum(line), _alnum(outlet)
    return len(word) >= 3 and bool(site) and site.startswith(word)


def _is_credit(line: str, outlet: str) -> bool:
    """ "REUTERS | TASS", "Kristina Kormilitsyna / POOL / TASS", "(Foto: ANTARA)"."""
    if _CREDIT_ALONE.search(line):
        return len(line.split()) <= 12
    parts = _CREDIT_SEPARATOR.split(line)
    return len(parts) >= 2 and len(line.split()) <= 12 and all(_CREDIT_PART.fullmatch(p) for p in parts)


def _is_tag_list(line: str, outlet: str) -> bool:
    """Lower-case keywords separated by runs of spaces: "vladimir putin   vietna   asia"."""
    return (
        line == line.lower()
        and any(c.isalpha() for c in line)
        and not re.search(r"[.,;:!?\"“”()]", line)
        and len(re.split(r"\s{2,}", line)) >= 3
    )


# A date in any language's numeric form, or day, month word and year ("20 июня 2024", "20. Juni 2024").
# A month word may carry vowel signs ("जून") and a short link may stand around it ("20 de junho de 2024").
_WORD_OF = letter_pattern()
_LINK_WORD = r"(?:\s+[^\W\d_]{1,3})?"
_ANY_DATE = re.compile(
    r"(?<!\d)(?:\d{4}\s?[-/.年년]\s?\d{1,2}\s?[-/.月월]\s?\d{1,2}\s?[日일]?|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    rf"|\d{{1,2}}\.?{_LINK_WORD}\s+{_WORD_OF}{{3,12}}\.?,?{_LINK_WORD}\s+\d{{4}})(?!\d)"
    r"|\b[^\W\d_]{3,12}\.?\s+\d{1,2},\s+\d{4}(?!\d)"
)
_DATE_HINT = re.compile(r"\d{4}|\d[/.-]\d")  # every date _ANY_DATE finds has one; much cheaper to look for
_COPYRIGHT_MAX_CHARS = 250
_COPYRIGHT_MARK = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.I)
_RIGHTS_PHRASES = tuple(p.casefold() for p in _PHRASES["rights"])
_TIME = re.compile(r"(?<!\d)\d{1,2}(?:[:.h]\d{2}|\s?[時时시]\s?\d{1,2}\s?[分분]?)(?!\d)")
_CHROME_SEPARATOR = re.compile(r"[|•·]|[^\W\d_]\s*[:：]\s*\d")  # "首頁 | Now", "时间:2024"
_LINE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）】]*$")
_CHROME_MAX_WORDS = 8
_BANNER_MIN_LETTERS = 8
_DATE_LABEL_WORDS = 2
_BREADCRUMB = re.compile(r"\s[>›»/]\s|\s?[>›]\s?")
_HOME = re.compile(rf"{_LEAD}(?:{_phrases('home_words')})(?P<rest>.*)$", re.I)
_PHOTO_LABEL = re.compile(rf"^[(\[]?(?:{_phrases('photo_labels')})\s*[:：]", re.I)
# "Minh Hoang/Pool AP/AP/dpa", "-/Kremlin/dpa": names joined by at least two slashes.
_SLASH_CREDIT = re.compile(r"[-–—]?\s*[^\s/()]*(?:\s[^\s/()]+){0,2}(?:/[^/()\n]{1,30}){2,6}")


def _is_dated_chrome(line: str, outlet: str) -> bool:
    """ "首頁 | Now 新聞 • 2024-06-20 21:19", "时间:2024-06-21人气:作者: 佚名": a date set among labels or
    separators with no sentence around it; or a site's banner in capitals with the day's date
    ("EXAMPLE ONLINE - WORLD - FRIDAY 21 JUNE 2024")."""
    if _LINE_END.search(line) or not _has_date(line):
        return False
    cased = [c for c in line if c.lower() != c.upper()]  # letters of scripts with capitals
    if len(cased) >= _BANNER_MIN_LETTERS and all(c.isupper() for c in cased):
        return word_count(line) <= _CHROME_MAX_WORDS * 2
    undated = _ANY_DATE.sub(" ", line)
    words = re.sub(r"[^\w\s]|\d", " ", _TIME.sub(" ", undated))
    if word_count(words) <= _DATE_LABEL_WORDS:
        return True  # a date (and time) alone, or with a label: "Ngày 20/6/2024", "Published 2024-06-20"
    if not (_CHROME_SEPARATOR.search(line) or _TIME.search(undated)):
        return False
    return word_count(words) <= _CHROME_MAX_WORDS


def _is_breadcrumb(line: str, outlet: str) -> bool:
    """A path through the site's sections: "当前位置:首页 > 社会热点", "Домой Экономика ..."."""
    if _LINE_END.search(line):
        return False
    home = _HOME.match(line)
    if home:
        rest = home["rest"].lstrip()
        return not rest or not rest[0].isalnum() or rest[0].isupper() or bool(_UNSPACED.match(rest))
    parts = [p for p in _BREADCRUMB.split(line) if p.strip()]
    return len(parts) >= 3 and "«" not in line and all(word_count(p) <= 4 for p in parts)


def _is_slash_credit(line: str, outlet: str) -> bool:
    return (
        len(line.split()) <= 10
        and not _LINE_END.search(line)
        and (
            _PHOTO_LABEL.search(line) is not None
            or _is_slash_chain(line)
            or _AGENCY_SLASH.fullmatch(line) is not None
            or _BYLINE_NAMES.match(line) is not None
        )
    )


def _is_slash_chain(text: str) -> bool:
    """Names joined by two or more "/" ("-/Kremlin/dpa"; a date's slashes join digits, not names)."""
    named = sum(bool(re.match(r"\s*[^\W\d_]", part)) for part in text.split("/"))
    return _SLASH_CREDIT.fullmatch(text) is not None and named >= 2


def _is_dated_byline(line: str, outlet: str) -> bool:
    """A byline carrying its date, time or reading time: "By Jane Roe, June 20, 2024 11:25 AM 2 min read"."""
    if _LINE_END.search(line) or word_count(line) > _BYLINE_MAX_WORDS or not _BYLINE_START.match(line):
        return False
    return _TIME.search(line) is not None or _READING_TIME.search(line) is not None or _has_date(line)


def _is_reading_time(line: str, outlet: str) -> bool:
    """ "2 min read", "Lesezeit: 3 Min.": a short line with a reading time and no sentence."""
    return (
        word_count(line) <= _READING_TIME_MAX_WORDS
        and not _LINE_END.search(line)
        and _READING_TIME.search(line) is not None
    )


def _is_reporter_line(line: str, outlet: str) -> bool:
    """A name and a reporter's title, as Korean, Japanese and Chinese bylines end: "김재영 기자"."""
    return (
        word_count(line) <= _REPORTER_MAX_WORDS
        and not _LINE_END.search(line)
        and _REPORTER_TITLE.search(line) is not None
    )


def _is_copyright(line: str, outlet: str) -> bool:
    """ "© 2024 X", "Copyright 2024", "Tous droits réservés": short lines only (plain substring tests,
    because a regex with ``.*`` before many phrases was the slowest rule)."""
    if len(line) > _COPYRIGHT_MAX_CHARS:
        return False
    folded = line.casefold()
    return _COPYRIGHT_MARK.search(line) is not None or any(p in folded for p in _RIGHTS_PHRASES)


def _has_date(text: str) -> bool:
    return _DATE_HINT.search(text) is not None and _ANY_DATE.search(text) is not None


def _is_symbols(line: str, outlet: str) -> bool:
    """Emoji, dingbats or rules with no letter or digit: nothing to compare."""
    return not any(c.isalnum() for c in line)


_SHAPE_RULES: tuple[tuple[str, Callable[[str, str], bool]], ...] = (
    ("copyright", _is_copyright),
    ("symbols", _is_symbols),
    ("share prompt", _is_prompt),
    ("outlet name", _is_outlet_name),
    ("credit", _is_credit),
    ("byline", _is_dated_byline),
    ("dateline", _is_dated_chrome),
    ("byline", _is_reporter_line),
    ("reading time", _is_reading_time),
    ("credit", _is_slash_credit),
    ("tags", _is_tag_list),
    ("navigation", _is_breadcrumb),
)


def _alnum(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _next_content(lines: list[_Line], index: int) -> _Line | None:
    following = itertools.islice(lines, index + 1, None)
    return next((line for line in following if line.role != "boilerplate"), None)


def _content_indices(lines: list[_Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.role != "boilerplate"]


def _is_short_line(text: str, max_words: int) -> bool:
    """Headline shape: one short sentence, capitalised, no closing full stop, comma or colon."""
    core = text.rstrip(_CLOSERS)
    first = next((c for c in text if c.isalnum()), "")
    caseless = first.isalpha() and first.lower() == first.upper()  # Chinese, Arabic, Thai ...
    return (
        0 < word_count(text) <= max_words
        and len(text) <= max_words * 12
        and core[-1:] not in {".", ",", ";", ":", "…", "。", "，", "；", "：", "、"}
        and (first.isupper() or caseless)
        and len(split(text)) == 1
    )


def _is_body_like(line: _Line | None) -> bool:
    return line is not None and (bool(_SENTENCE_END.search(line.text)) or word_count(line.text) >= 15)


def _headline_index(lines: list[_Line]) -> int | None:
    """The first content line, when it is shaped like a headline and body text follows it."""
    content = _content_indices(lines)
    if not content:
        return None
    first = content[0]
    ok = _is_short_line(lines[first].text, _TITLE_MAX_WORDS) and _is_body_like(_next_content(lines, first))
    return first if ok else None


def _mark_title(lines: list[_Line], title: str) -> None:
    wanted = _normal(title)
    index = None
    if wanted:  # the metadata title, possibly with a "| Section" suffix, near the top
        index = next(
            (i for i in _content_indices(lines)[:5] if _normal(lines[i].text).startswith(wanted)),
            None,
        )
    if index is None:
        index = _headline_index(lines)
    if index is not None:
        lines[index].role = "title"


def _caption_key(text: str) -> str:
    return _normal(_TRAILING_CREDIT.sub("", text))


def _mark_repeats(lines: list[_Line]) -> None:
    """A caption shown twice (under the photo and in the gallery): keep the first, drop the rest."""
    seen: set[str] = set()
    for line in lines:
        if line.role == "boilerplate" or word_count(line.text) < _REPEAT_MIN_WORDS:
            continue
        key = _caption_key(line.text)
        if key in seen:
            line.role, line.reason = "boilerplate", "repeated line"
        seen.add(key)


def _chrome_key(text: str) -> str:
    return _normal(re.sub(r"\d+", "0", text))


def _mark_notes(lines: list[_Line], outlet: str) -> None:
    """Broadcast, newsletter and republication notes: "Diese Nachricht wurde am 20.06.2024 im Programm
    Deutschlandfunk gesendet." A note's wording, or at the end of an article, a date and the
    outlet's name in one short sentence."""
    content = [i for i, line in enumerate(lines) if line.role != "boilerplate" and line.text]
    closing = set(content[-2:]) if len(content) > 2 else set()
    site = _alnum(outlet)
    for i in content:
        line = lines[i]
        if word_count(line.text) > _NOTE_MAX_WORDS:
            continue
        worded = _NOTES.search(line.text) is not None
        if not worded and i not in closing:
            continue
        dated = _has_date(line.text)
        named = len(site) >= 4 and site in _alnum(line.text)
        if (worded and (dated or named or i in closing)) or (
            i in closing and dated and named and len(split(line.text)) == 1
        ):
            line.role, line.reason = "boilerplate", "site note"


def _mark_listed_links(lines: list[_Line]) -> None:
    """The headlines listed under a lone "Most read" or "Baca juga" label: lines with no sentence end,
    up to the first line that has one."""
    listing = False
    for line in lines:
        if line.reason == "related link" and word_count(line.text) <= _LABEL_MAX_WORDS:
            listing = True
        elif listing and line.text and line.role == "body":
            if _LINE_END.search(line.text) or word_count(line.text) > _LISTED_MAX_WORDS:
                listing = False
            else:
                line.role, line.reason = "boilerplate", "related link"


def _mark_link_anchors(lines: list[_Line]) -> None:
    """A short body line whose next non-blank line is a bare link is that link's text: a pointer
    to another story ("Part 1: ..." and its address on the line after)."""
    following: _Line | None = None
    for line in reversed(lines):
        if not line.text:
            continue
        if (
            following is not None
            and following.reason == "link"
            and line.role == "body"
            and word_count(line.text) <= _LISTED_MAX_WORDS
        ):
            line.role, line.reason = "boilerplate", "related link"
        following = line


def _mark_lone_words(lines: list[_Line]) -> None:
    """A body line of one short word and no sentence ("Discuter", "手机版"), or two after a bullet
    ("• 이메일 보내기", "• Share"): a link, label or menu item, not a fact."""
    for line in lines:
        bare = re.sub(_LEAD, "", line.text)
        tokens = len(bare.split())
        if (
            line.role == "body"
            and (tokens == 1 or (tokens == 2 and bare != line.text))
            and word_count(bare) <= _LONE_MAX_SIZE
            and not _LINE_END.search(bare)
            and any(c.isalpha() for c in bare)
        ):
            line.role, line.reason = "boilerplate", "lone word"


def _trailing_credit(text: str) -> int | None:
    """Where a photo credit closing ``text`` starts, or None."""
    m = _TRAILING_CREDIT.search(text)
    if m:
        return m.start()
    m = _TRAILING_SLASH_CREDIT.search(text)
    if m and len(m["credit"].split()) <= 8 and _is_slash_chain(m["credit"].strip()):
        return m.start()
    return None


def _mark_headings(lines: list[_Line]) -> None:
    for i, line in enumerate(lines):
        if (
            line.role == "body"
            and _is_short_line(line.text, _HEADING_MAX_WORDS)
            and _is_body_like(_next_content(lines, i))
        ):
            line.role = "heading"


def _blocks(article: Article, lines: list[_Line]) -> list[Block]:
    body = [line for line in lines if line.role == "body"]
    lead = next((line for line in body[:_LEAD_LINES] if dateline_prefix(line.text)), None)
    prefix = _DATELINE_PREFIX.match(article.text[lead.start : lead.end]) if lead else None
    blocks = []
    for line in lines:
        if line.role == "boilerplate":
            blocks.append(Block(article.id, line.start, line.end, line.role, line.reason))
            continue
        start, end = line.start, line.end
        text = article.text[start:end]
        if line is lead and prefix:
            start += prefix.end()
            blocks.append(Block(article.id, line.start, start, "boilerplate", "dateline"))
        tail, reason = _trailing_credit(text), "credit"
        if tail is None and line is body[-1]:
            code = _AUTHOR_CODE.search(text)
            tail, reason = (code.start() if code else None), "author code"
        if tail is not None and line.start + tail <= start:
            tail = None  # never leave an empty span
        suffix = line.start + tail if tail is not None else end
        blocks.append(Block(article.id, start, suffix, line.role))
        if tail is not None:
            blocks.append(Block(article.id, suffix, end, "boilerplate", reason))
    return blocks
