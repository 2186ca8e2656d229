"""Quantitys reported in news sentences: money, percentages, counts, years, dates, durations.

:func:`extract` reads one sentence (Indonesian or English) and returns every figure in it
with its exact span, parsed value, unit, qualifier, the thing counted and the entity it
belongs to. Pure Python: no streamlit, no model.

Reading conventions
-------------------
* **Number format.** Indonesian writes ``1.250.000,5``, English ``1,250,000.5``. Mixed or
  repeated separators say which is which. A single separator followed by exactly three
  digits (``1.250``) is ambiguous: the word after the number decides (``miliar``/``persen``
  mean Indonesian, ``billion``/``percent`` English), then the sentence's stopwords, and
  Indonesian wins ties because the corpus is Indonesian. Values are computed with
  :class:`~decimal.Decimal`, so ``format_number`` and ``extract`` round-trip exactly.
* **Values.** ``value`` is the full magnitude with ``scale`` already applied
  (``$3,6 miliar`` -> 3.6e9, scale 1e9). Money keeps its currency as ``unit`` (a bare ``$``
  is read as USD). Durations keep the stated unit (``30 tahun`` -> 30, thing ``tahun``).
* **Dates.** Kind ``date`` has ``value=None`` and an ISO string in ``date``: ``2024-06-20``,
  ``2024-06`` (month only) or ``--06-20`` (no year). A weekday (``Kamis``) is a date with
  ``date=None`` and its English name in ``thing``.
* **Years.** ``sejak 1950`` is a year with note ``since``; ``2000-an``/``2000s`` is the
  decade: value 2000, qualifier ``approximate``, bounds 2000-2009. The ``year`` of a money,
  percent or count figure is the nearest point-in-time year in the same sentence
  (``pada tahun 2023``), never a ``since`` year or a decade.
* **Qualifiers and bounds.** ``low``/``high`` give the interval a figure claims, as
  :func:`~.model.interval` defines it for each qualifier code; ``approximate`` is a range from
  the wording (``puluhan ribu`` [1e4, 1e5], value = the lower bound; ``10-12`` [10, 12]).
* **Entities.** ``entity`` is the name as written; ``entity_norm`` maps it through
  ``entities.toml`` (``AS``/``Amerika Serikat`` -> ``United States``). A figure takes
  the entity linked after it (``$171 miliar dengan China``), else the first one named
  between the previous figure and it (``antara Rusia dan Vietnam bernilai $3,6 miliar``);
  see :mod:`.context`.
* **Things.** ``thing`` is the noun phrase after the number (``nota kerja sama``,
  ``persen impor senjata``) or, for money, the nearest preceding money noun
  (``perdagangan``); ``thing_norm`` maps its head through the lexicons' things, so
  perjanjian/pakta/nota kerja sama/agreements all become ``agreements``.

Not figures
-----------
URLs, domains, e-mail addresses, tokens mixing letters and digits (image ids such as
``385544cf-..._w1023_r1_s``, ``G20``, ``COVID-19``, ``L700``), phone numbers, page counters
(``Halaman 123``), times of day (``18:40``, ``pukul 18.40``: publication stamps, not reported
facts, so they are skipped rather than given a kind of their own), ``kedua`` before a noun
(``kedua negara`` means "both countries"), ``salah satu`` ("one of"), and title-case ordinals
inside a name (``Perang Indochina Pertama`` is a war's name, not a ranking). A number word
(``dua``) only counts when a unit or a counted noun follows it; a bare digit string does.

"Kesepuluh satu pakta"
----------------------
marwahkepri.com writes "Kesepuluh satu pakta yang ditandatangani di Hanoi", where the
English reports have "the eleven pacts signed in Hanoi". ``sepuluh satu`` ("ten one") is
not an Indonesian numeral: eleven is ``sebelas``, and ``kesebelas pakta`` is "the eleven
pacts". It reads as a word-by-word machine translation of "ten-one" (as in 十一), so the
most likely meaning is 11. But "the tenth", "the ten" and "one pact" are all possible
readings of the words, and the outlet's own number is unknowable. Any ``sepuluh`` directly
followed by a digit word is therefore extracted as a count of 11 with ``ambiguous=True``,
qualifier ``approximate``, ``alternatives=(10.0, 1.0)`` and an explanatory ``note``; the
discrepancy step never lets such a figure agree silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date as _date
from decimal import Decimal
from typing import Any, cast

from dashboard.pipeline.figures.context import sentence_of
from dashboard.pipeline.figures.grammar import finite as _finite
from dashboard.pipeline.figures.grammar import parse_numeral
from dashboard.pipeline.figures.lexicon import MONEY_THINGS, lexicons, normalise_thing
from dashboard.pipeline.figures.model import Qualifier, Quantity, date_mention, interval
from dashboard.pipeline.figures.scan import Found as _Found
from dashboard.pipeline.figures.scan import Scan as _Scan


def _words(text: str) -> list[str]:
    """A word list written as one string, to keep the tables short."""
    return text.split()


#: Nouns that name what a sum of money is, searched before a money figure.
_MONEY_NOUNS = [
    w for code in ("id", "en") for w, norm in lexicons()[code].things.items() if norm in MONEY_THINGS
]


# --------------------------------------------------------------------------- lexicon

_SP = r"[^\S\n]*"  # spaces that stay on one line
_SP1 = r"[^\S\n]+"

_ID_DIGITS = dict(
    zip(_words("satu dua tiga empat lima enam tujuh delapan sembilan"), range(1, 10), strict=True)
)
_EN_SMALL = dict(
    zip(
        _words(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen"
        ),
        range(1, 20),
        strict=True,
    )
)
_EN_TENS = dict(
    zip(_words("twenty thirty forty fifty sixty seventy eighty ninety"), range(20, 100, 10), strict=True)
)
_SCALES = {
    **dict.fromkeys(["ribu", "thousand"], 1e3),
    **dict.fromkeys(["juta", "million", "m", "mn"], 1e6),
    **dict.fromkeys(["miliar", "milyar", "billion", "bn"], 1e9),
    **dict.fromkeys(["triliun", "trillion", "tn"], 1e12),
    "k": 1e3,
}
_SE_SCALES = {"seribu": 1e3, "sejuta": 1e6, "semiliar": 1e9, "setriliun": 1e12}
_EN_PLURAL_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
#: Vague quantity words -> (low, high) before any scale word.
_APPROX = {
    "belasan": (11, 19),
    "puluhan": (10, 100),
    "ratusan": (100, 1000),
    "ribuan": (1e3, 1e4),
    "jutaan": (1e6, 1e7),
    "lusinan": (24, 100),
    "dozens": (24, 100),
    "tens": (10, 100),
    "hundreds": (100, 1000),
    "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7),
}
_ID_ORDINAL_HEADS = set(
    _words(
        "hari tahun bulan minggu pekan kali babak tahap putaran periode gelombang negara abad edisi bagian "
        "jilid peringkat posisi urutan yang generasi angkatan kuartal semester ronde sesi masa"
    )
)
_EN_ORDINALS = dict(
    zip(
        _words("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"),
        range(1, 13),
        strict=True,
    )
)

#: Words that end a counted noun phrase, from the two lexicons.
_STOP = lexicons()["id"].stopwords | lexicons()["en"].stopwords
#: Month names as written (capitalised) -> 1-12.
_MONTHS = {name.title(): n for code in ("id", "en") for name, n in lexicons()[code].months.items()}

_WEEKDAYS = {
    "Senin": "Monday",
    "Selasa": "Tuesday",
    "Rabu": "Wednesday",
    "Kamis": "Thursday",
    "Jumat": "Friday",
    "Jum'at": "Friday",
    "Jum’at": "Friday",
    "Sabtu": "Saturday",
    "Minggu": "Sunday",
    **{d: d for d in _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")},
}
_ID_TIME_UNITS = _words("tahun bulan minggu pekan hari jam menit detik dekade abad")
_EN_TIME_UNITS = _words(
    "years year months month weeks week days day hours hour minutes minute decades decade centuries century"
)
_TIME_UNITS = _ID_TIME_UNITS + _EN_TIME_UNITS
#: Unit words that say which language's number format applies.
_ID_UNIT_WORDS = {*_words("ribu juta miliar milyar triliun persen"), *_ID_TIME_UNITS}
_EN_UNIT_WORDS = {*_words("thousand million billion trillion bn percent"), "per cent", *_EN_TIME_UNITS}
#: "Half" and the words that make it half a dozen.
_HALF = {"half": ["a", "dozen"], "setengah": ["lusin"]}
#: What "a" can count in English: "a dozen", "a million".
_A_COUNTABLE = {*_words("dozen hundred thousand million billion trillion")}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --------------------------------------------------------------------------- patterns

_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_DIGITS_RE = re.compile(
    rf"(?<![\w.,$])(?:(?P<cur>US\$|\$|€|USD|EUR|Rp\.?|IDR){_SP})?(?P<num>{_NUM})"
    rf"(?:{_SP}[-–]{_SP}(?P<num2>{_NUM}))?(?P<suf>bn|mn|tn|m|k|s)?(?!\w)"
)
_SCALE_AFTER = re.compile(
    rf"{_SP1}(ribu|juta|miliar|milyar|triliun|thousand|million|billion|trillion|bn)\b", re.I
)
#: Currency words after a number (``dolar AS``, ``rupiah``), lowercase with single spaces -> ISO code.
_CURRENCY_WORDS = {
    " ".join(word.lower().split()): iso
    for code in ("id", "en")
    for word, iso in lexicons()[code].currencies.items()
    if all(c.isalpha() or c == " " for c in word)
}
_CURRENCY_AFTER = re.compile(
    rf"{_SP1}({'|'.join(w.replace(' ', _SP1) for w in sorted(_CURRENCY_WORDS, key=len, reverse=True))})\b",
    re.I,
)
_PERCENT_AFTER = re.compile(rf"{_SP}(%|persen\b|percent\b|per{_SP1}cent\b)", re.I)
_DECADE_AFTER = re.compile(r"-?an\b")
_TIME_AFTER = re.compile(
    rf"{_SP1}({_alternation(_TIME_UNITS)})\b(?:{_SP1}(terakhir|lalu|silam|mendatang|ke{_SP1}depan))?", re.I
)
_TIMES_AFTER = re.compile(rf"{_SP1}(kali|times)\b", re.I)
_MORE_AFTER = re.compile(rf"{_SP1}(atau{_SP1}lebih|or{_SP1}more)\b", re.I)
_WORD_AFTER = re.compile(rf"{_SP1}([^\W\d_]+(?:-[^\W\d_]+)*)")
_YEAR_CONTEXT = re.compile(
    r"(?<!\w)(tahun|sejak|pada|since|in|year|awal|akhir|pertengahan|medio|hingga|sampai|until|by)\s+$", re.I
)
_SINCE = re.compile(r"(?<!\w)(sejak|since)\b", re.I)


def _qualifier_re(codes: Iterable[str]) -> re.Pattern[str]:
    """Qualifier words of the given lexicons, one named group per qualifier code, ending the text."""
    by_code: dict[str, list[str]] = {}
    for code in codes:
        for phrase, qualifier in lexicons()[code].qualifiers.items():
            by_code.setdefault(qualifier, []).append(phrase.replace(" ", r"\s+"))
    groups = "|".join(
        f"(?P<{q}>{'|'.join(sorted(set(p), key=len, reverse=True))})" for q, p in by_code.items()
    )
    return re.compile(rf"(?<![\w-])(?:{groups})\s+$", re.I)


_QUALIFIER_RE = _qualifier_re(("id", "en"))
_CURRENCIES = {"US$": "USD", "$": "USD", "USD": "USD", "Rp": "IDR", "Rp.": "IDR", "IDR": "IDR", "€": "EUR"}

_MONTH = f"(?P<m>{_alternation(_MONTHS)})\\.?"
_DATE_RES = [
    re.compile(rf"(?<![0-9])(?P<d>[0-9]{{1,2}}){_SP1}{_MONTH},?{_SP1}(?P<y>[0-9]{{4}})(?![0-9])"),
    re.compile(
        rf"(?<!\w){_MONTH}{_SP1}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?{_SP1}(?P<y>[0-9]{{4}})(?![0-9])"
    ),
    re.compile(r"(?<![0-9/.,-])(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?![0-9/-])"),
    re.compile(r"(?<![0-9/.,-])(?P<a>[0-9]{1,2})([/-])(?P<b>[0-9]{1,2})\2(?P<y>[0-9]{4})(?![0-9/-])"),
    # "Kamis (20/6)": Indonesian news dates the day in brackets, day first, the year left out.
    re.compile(r"(?<=\()(?P<a>[0-9]{1,2})/(?P<b>0?[1-9]|1[0-2])(?=\))"),
    re.compile(rf"(?<!\w){_MONTH}{_SP1}(?P<y>[0-9]{{4}})(?![0-9])"),
    re.compile(rf"(?<![0-9.,])(?P<d>[0-9]{{1,2}}){_SP1}{_MONTH}(?!\w)"),
    re.compile(rf"(?<!\w){_MONTH}{_SP1}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?![0-9.,]?\w)"),
]
_WEEKDAY_RE = re.compile(rf"(?<![\w'’])({_alternation(_WEEKDAYS)})(?![\w'’])")
_WEEK_NOT_SUNDAY = re.compile(rf"{_SP1}(lalu|depan|ini|ke-?\w*|pertama|kedua|ketiga|terakhir)\b")
_ORDINAL_DIGITS_RE = re.compile(
    r"(?<![\w-])(?:(?P<ke>[Kk]e-)(?P<n>[0-9]{1,4})|(?P<en>[0-9]{1,4})(?:st|nd|rd|th))(?!\w)"
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MONEY_NOUN_RE = re.compile(rf"(?<!\w)({_alternation(_MONEY_NOUNS)})(?!\w)", re.I)


# --------------------------------------------------------------------------- numbers


def _parse_numeral(s: str, lang: str) -> Decimal | None:
    """A digit string with Indonesian or English separators as a Decimal; None if malformed."""
    return parse_numeral(s, lexicons()[lang].decimal)


@dataclass(frozen=True)
class _WordNumber:
    value: Decimal
    consumed: int
    scale: float = 1.0
    bounds: tuple[float, float] | None = None  # vague words: the range they cover
    alternatives: tuple[float, ...] = ()  # "sepuluh satu": the other readings
    ke: bool = False  # ke- prefix: ordinal or collective


def _below_1000(words: list[str], i: int) -> tuple[int, int, tuple[float, ...]] | None:
    """Parse an Indonesian or English number under 1000 at ``words[i]``: (value, next i, alternatives)."""

    def at(k: int) -> str:
        return words[k] if k < len(words) else ""

    start, value, alternatives = i, 0, ()
    if at(i) == "seratus":
        value, i = 100, i + 1
    elif (at(i) in _ID_DIGITS and at(i + 1) == "ratus") or (
        at(i) in _EN_SMALL and _EN_SMALL[at(i)] < 10 and at(i + 1) == "hundred"
    ):
        value, i = (_ID_DIGITS.get(at(i)) or _EN_SMALL.get(at(i), 1)) * 100, i + 2
    if at(i) == "sepuluh":
        value, i = value + 10, i + 1
        if at(i) in _ID_DIGITS and at(i + 1) not in {"belas", "puluh", "ratus"}:
            alternatives = (10.0, float(_ID_DIGITS[at(i)]))
            value, i = value + _ID_DIGITS[at(i)], i + 1
    elif at(i) == "sebelas":
        value, i = value + 11, i + 1
    elif at(i) in _ID_DIGITS and at(i + 1) in {"belas", "puluh"}:
        digit = _ID_DIGITS[at(i)]
        value, i = value + (digit + 10 if at(i + 1) == "belas" else digit * 10), i + 2
        if at(i - 1) == "puluh" and at(i) in _ID_DIGITS and at(i + 1) not in {"belas", "puluh", "ratus"}:
            value, i = value + _ID_DIGITS[at(i)], i + 1
    elif at(i) in _ID_DIGITS and at(i + 1) != "ratus":
        value, i = value + _ID_DIGITS[at(i)], i + 1
    elif at(i) in _EN_TENS:
        value, i = value + _EN_TENS[at(i)], i + 1
        if at(i) in _EN_SMALL and _EN_SMALL[at(i)] < 10:
            value, i = value + _EN_SMALL[at(i)], i + 1
    elif at(i) in _EN_SMALL and at(i + 1) != "hundred":
        value, i = value + _EN_SMALL[at(i)], i + 1
    return (value, i, alternatives) if i > start else None


def _parse_words(words: list[str]) -> _WordNumber | None:
    """Parse a run of lowercase number words (Indonesian or English) from its start."""
    if not words:
        return None
    ke = words[0].startswith("ke") and words[0] != "ke"
    if ke:
        words = [words[0][2:], *words[1:]]
    if words[0] in _APPROX and not ke:
        return _parse_vague(words)
    if words[0] == "selusin":
        return _WordNumber(Decimal(12), 1)
    if words[0] in _HALF:  # "half a dozen", "setengah lusin"
        rest = _HALF[words[0]]
        return _WordNumber(Decimal(6), 1 + len(rest)) if words[1 : 1 + len(rest)] == rest else None
    if words[0] == "a":  # "a dozen", "a million": one of them
        if len(words) < 2 or words[1] not in _A_COUNTABLE:
            return None
        words = ["one", *words[1:]]
    total, i, scale, alternatives, last_scale = Decimal(0), 0, 1.0, (), math.inf
    while i < len(words):
        if words[i] in _SE_SCALES and _SE_SCALES[words[i]] < last_scale:
            last_scale = scale = _SE_SCALES[words[i]]
            total, i = total + Decimal(int(scale)), i + 1
            continue
        parsed = _below_1000(words, i)
        if parsed is None:
            break
        value, i, alternatives = parsed[0], parsed[1], parsed[2] or alternatives
        following = words[i] if i < len(words) else ""
        if following in {"lusin", "dozen"}:
            return _WordNumber(total + value * 12, i + 1, scale, ke=ke)
        if following in _SCALES and len(following) > 2 and _SCALES[following] < last_scale:
            last_scale = scale = _SCALES[following]
            total, i = total + value * Decimal(int(scale)), i + 1
            continue
        total += value
        break
    if i == 0:
        return None
    return _WordNumber(total, i, scale, alternatives=alternatives, ke=ke)


def _parse_vague(words: list[str]) -> _WordNumber:
    """``puluhan ribu``, ``hundreds of thousands``: a range, reported as its lower bound."""
    low, high = _APPROX[words[0]]
    scale, consumed = 1.0, 1
    if len(words) > 2 and words[1] == "of" and words[2] in _EN_PLURAL_SCALES:
        scale, consumed = _EN_PLURAL_SCALES[words[2]], 3
    elif len(words) > 1 and words[1] in _SCALES and len(words[1]) > 2:
        scale, consumed = _SCALES[words[1]], 2
    return _WordNumber(Decimal(repr(low * scale)), consumed, scale, bounds=(low * scale, high * scale))


def _is_number_word(word: str) -> bool:
    word = word.lower()
    stripped = word[2:] if word.startswith("ke") else ""
    return (
        word in _ID_DIGITS
        or word in _EN_SMALL
        or word in _EN_TENS
        or word in _SE_SCALES
        or word in _APPROX
        or word in {"sepuluh", "sebelas", "seratus", "selusin", "dozen"}
        or word in _HALF
        or stripped in _ID_DIGITS
        or stripped in {"sepuluh", "sebelas", "seratus", "seribu"}
    )


def _qualifier(text: str, start: int) -> tuple[Qualifier, int]:
    """The qualifier words right before ``start`` and where they begin."""
    window_start = max(0, start - 40)
    m = _QUALIFIER_RE.search(text[window_start:start])
    if not m:
        return "exact", start
    return cast(Qualifier, m.lastgroup), window_start + m.start()


def _is_title_inside_sentence(text: str, start: int) -> bool:
    """A capitalised word that is not the first of its sentence: part of a name."""
    if not text[start].isupper():
        return False
    i = start - 1
    while i >= 0 and text[i].isspace():  # no copy of the text before: a long text stays linear
        i -= 1
    return i >= 0 and text[i] not in ".!?\n\"“'‘(:;"


#: Indonesian verb prefixes: a noun phrase ends where a verb starts ("perjanjian ditandatangani").
_VERB_PREFIXES = ("mem", "men", "mel", "mer", "mew", "di", "ber", "ter")


def _thing_after(text: str, pos: int, lang: str) -> tuple[str, int]:
    """The noun phrase after ``pos`` (lowercase words up to a stopword), with its end."""
    words: list[str] = []
    end = pos
    limit = 3 if lang == "id" else 2
    while len(words) < limit:
        m = _WORD_AFTER.match(text, end)
        if not m:
            break
        word = m.group(1)
        low = word.lower()
        verb_like = words and lang == "id" and len(low) >= 7 and low.startswith(_VERB_PREFIXES)
        if not word[0].islower() or low in _STOP or _is_number_word(low) or low in _SCALES or verb_like:
            break
        words.append(word)
        end = m.end()
        if lang == "en" and low.endswith("s"):
            break
    return " ".join(words), end


# --------------------------------------------------------------------------- finders


def _find_dates(scan: _Scan) -> Iterator[_Found]:
    for pattern in _DATE_RES:
        for m in pattern.finditer(scan.text):
            iso = _iso_date(m.groupdict(), scan.lang)
            if iso:
                figure = date_mention(m, date=iso)
                yield _Found(figure, m.end())


def _iso_date(groups: dict[str, str | None], lang: str) -> str | None:
    """ISO text for a date match, or None when the day/month cannot exist."""
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("a"):
        a, b = int(groups["a"] or 0), int(groups["b"] or 0)
        month_first = a <= 12 < b or (lang == "en" and b <= 12 and a <= 12)
        day, month = (b, a) if month_first else (a, b)
    else:
        month = _MONTHS[groups["m"]] if not (groups["m"] or "").isdigit() else int(groups["m"] or 0)
        day = int(groups["d"]) if groups.get("d") else None
    try:
        _date(year or 2000, month, day or 1)  # 2000 is a leap year: 29 Feb without a year is valid
    except ValueError:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _find_weekdays(scan: _Scan) -> Iterator[_Found]:
    for m in _WEEKDAY_RE.finditer(scan.text):
        if m.group() == "Minggu" and _WEEK_NOT_SUNDAY.match(scan.text, m.end()):
            continue  # "Minggu lalu": last week, not Sunday
        figure = date_mention(m, thing=_WEEKDAYS[m.group()])
        yield _Found(figure, m.end())


def _find_digit_ordinals(scan: _Scan) -> Iterator[_Found]:
    for m in _ORDINAL_DIGITS_RE.finditer(scan.text):
        value = float(m.group("n") or m.group("en"))
        yield _Found(_ordinal(scan, m.start(), m.end(), value), m.end())


def _ordinal(scan: _Scan, start: int, end: int, value: float) -> Quantity:
    text = scan.text
    before = _WORD_RE.findall(text[max(0, start - 30) : start])
    head = before[-1] if before and before[-1].islower() and before[-1] not in _STOP else ""
    return Quantity(
        raw=text[start:end],
        start=start,
        end=end,
        value=value,
        unit="ordinal",
        kind="ordinal",
        thing=head,
        thing_norm=normalise_thing(head, scan.lang),
        low=value,
        high=value,
    )


def _find_digit_numbers(scan: _Scan) -> Iterator[_Found]:
    for m in _DIGITS_RE.finditer(scan.text):
        found = _classify_digits(scan, m)
        if found:
            yield found


def _number_lang(text: str, end: int, default: str) -> str:
    """Indonesian or English reading, from the unit word right after the number."""
    m = _SCALE_AFTER.match(text, end) or _PERCENT_AFTER.match(text, end) or _TIME_AFTER.match(text, end)
    if not m:
        return default
    word = " ".join(m.group(1).lower().split())
    return "en" if word in _EN_UNIT_WORDS else "id" if word in _ID_UNIT_WORDS else default


def _classify_digits(scan: _Scan, m: re.Match[str]) -> _Found | None:
    text, suffix = scan.text, (m.group("suf") or "").lower()
    if suffix == "s":
        return _decade(text, m)  # "2000s"
    lang = _number_lang(text, m.end(), scan.lang)
    value = _parse_numeral(m.group("num"), lang)
    high = _parse_numeral(m.group("num2"), lang) if m.group("num2") else None
    if value is None or (m.group("num2") and (high is None or high < value)):
        return None
    scale, end = 1.0, m.end()
    if suffix:
        scale = _SCALES[suffix]
    elif scale_match := _SCALE_AFTER.match(text, end):
        scale, end = _SCALES[scale_match.group(1).lower()], scale_match.end()
    currency = _CURRENCIES.get(m.group("cur") or "")
    if not currency and (after := _currency_after(text, end)):
        currency, end = after
    if suffix in {"m", "k"} and not currency:
        return None  # "5m" without a currency is as likely metres as millions
    core = _Core(start=m.start(), end=end, value=value * Decimal(int(scale)), scale=scale, lang=lang)
    if high is not None:
        core.bounds = _finite_pair(value * Decimal(int(scale)), high * Decimal(int(scale)))
    if currency:
        return _money(scan, core, currency)
    plain = m.group("num").isdigit() and not m.group("num2") and scale == 1.0
    if plain and (decade := _decade(text, m)):
        return decade
    if plain and len(m.group("num")) == 4 and _is_year(text, m, int(m.group("num"))):
        return _year(text, m)
    return _measured(scan, core)


def _currency_after(text: str, end: int) -> tuple[str, int] | None:
    """A currency word after a number (``dolar AS``, ``rupiah``) and where it ends."""
    m = _CURRENCY_AFTER.match(text, end)
    if not m:
        return None
    return _CURRENCY_WORDS[" ".join(m.group(1).lower().split())], m.end()


def _finite_pair(low: Decimal, high: Decimal) -> tuple[float, float] | None:
    pair = _finite(low), _finite(high)
    return (pair[0], pair[1]) if pair[0] is not None and pair[1] is not None else None


@dataclass
class _Core:
    """A parsed number (full magnitude, scale applied) and where its text ends, before units."""

    start: int
    end: int
    value: Decimal
    scale: float
    lang: str
    bounds: tuple[float, float] | None = None
    alternatives: tuple[float, ...] = ()
    words: bool = False  # spelled out: needs a unit or a counted noun to count as a figure


def _make(scan: _Scan, core: _Core, end: int, **fields: Any) -> Quantity | None:
    """A figure from ``core`` to ``end`` with qualifier, bounds and the given fields."""
    value = _finite(core.value)
    if value is None:
        return None
    qualifier, start = _qualifier(scan.text, core.start)
    if more := _MORE_AFTER.match(scan.text, end):
        qualifier, end = "at_least", more.end()
    low, high, low_open, high_open = interval(value, qualifier)
    if core.bounds:
        (low, high), low_open, high_open = core.bounds, False, False
        qualifier = "approximate" if qualifier == "exact" else qualifier
    if core.alternatives:
        low, high = min(*core.alternatives, value), max(*core.alternatives, value)
        qualifier = "approximate"
        fields |= {"ambiguous": True, "alternatives": core.alternatives, "note": _AMBIGUOUS_NOTE}
    return Quantity(
        raw=scan.text[start:end],
        start=start,
        end=end,
        value=value,
        scale=core.scale,
        qualifier=qualifier,
        low=low,
        high=high,
        low_open=low_open,
        high_open=high_open,
        **fields,
    )


#: How far before a sum of money its noun is looked for (a sentence is far shorter).
_MONEY_NOUN_WINDOW = 500
_AMBIGUOUS_NOTE = (
    '"sepuluh" followed by a digit word ("sepuluh satu", ten-one) is not an Indonesian numeral; '
    'read as 11 ("sebelas"), but "ten", "one" or "the tenth" are possible: uncertain'
)


def _money(scan: _Scan, core: _Core, currency: str) -> _Found | None:
    """A sum of money; its thing is the nearest money noun before it in the sentence (``perdagangan``)."""
    text = scan.text
    thing, tail = _thing_after(text, core.end, core.lang)
    begin = max(sentence_of(text, core.start)[0], core.start - _MONEY_NOUN_WINDOW)
    nouns = _MONEY_NOUN_RE.findall(text, begin, core.start)
    if nouns:
        thing = nouns[-1].lower()
    norm = normalise_thing(thing, core.lang)
    figure = _make(scan, core, core.end, unit=currency, kind="money", thing=thing, thing_norm=norm)
    return _Found(figure, tail) if figure else None


def _decade(text: str, m: re.Match[str]) -> _Found | None:
    """``2000-an``, ``1970s``, ``90-an``: the decade as an approximate year."""
    digits = m.group("num")
    if (m.group("suf") or "").lower() == "s":
        end = m.end()
    elif after := _DECADE_AFTER.match(text, m.end()):
        end = after.end()
    else:
        return None
    if len(digits) not in (2, 4) or not digits.endswith("0") or not digits.isdigit():
        return None
    year = (
        int(digits) if len(digits) == 4 else 1900 + int(digits) if int(digits) >= 30 else 2000 + int(digits)
    )
    note = "decade; since" if _SINCE.search(text[max(0, m.start() - 30) : m.start()]) else "decade"
    figure = Quantity(
        raw=text[m.start() : end],
        start=m.start(),
        end=end,
        value=float(year),
        unit="year",
        kind="year",
        thing="decade",
        thing_norm="decades",
        year=year,
        qualifier="approximate",
        low=float(year),
        high=float(year + 9),
        note=note,
    )
    return _Found(figure, end)


def _is_year(text: str, m: re.Match[str], number: int) -> bool:
    if _YEAR_CONTEXT.search(text[max(0, m.start() - 15) : m.start()]) and 1000 <= number <= 2100:
        return True
    if not 1800 <= number <= 2100 or _TIME_AFTER.match(text, m.end()) or _PERCENT_AFTER.match(text, m.end()):
        return False
    word = _WORD_AFTER.match(text, m.end())
    return not word or not word.group(1)[0].islower() or word.group(1).lower() in _STOP


def _year(text: str, m: re.Match[str]) -> _Found:
    number = int(m.group("num"))
    since = _SINCE.search(text[max(0, m.start() - 30) : m.start()])
    figure = Quantity(
        raw=m.group(),
        start=m.start(),
        end=m.end(),
        value=float(number),
        unit="year",
        kind="year",
        year=number,
        low=float(number),
        high=float(number),
        note="since" if since else "",
    )
    return _Found(figure, m.end())


def _measured(scan: _Scan, core: _Core) -> _Found | None:
    """Percent, duration or count: the unit word after the number decides."""
    text, lang = scan.text, core.lang
    if currency := _currency_after(text, core.end):  # spelled-out money: "tiga miliar dolar AS"
        core.end = currency[1]
        return _money(scan, core, currency[0])
    if percent := _PERCENT_AFTER.match(text, core.end):
        rest, tail = _thing_after(text, percent.end(), lang)
        thing = " ".join(filter(None, ["persen" if lang == "id" else "percent", rest]))
        figure = _make(
            scan, core, percent.end(), unit="percent", kind="percent", thing=thing, thing_norm="percent"
        )
        return _Found(figure, tail) if figure else None
    if duration := _TIME_AFTER.match(text, core.end):
        unit_word = duration.group(1).lower()
        figure = _make(
            scan,
            core,
            duration.end(),
            unit="duration",
            kind="duration",
            thing=unit_word,
            thing_norm=normalise_thing(unit_word, core.lang),
            note=(duration.group(2) or "").lower(),
        )
        return _Found(figure, duration.end()) if figure else None
    if times := _TIMES_AFTER.match(text, core.end):
        figure = _make(
            scan,
            core,
            times.end(),
            unit="count",
            kind="count",
            thing=times.group(1).lower(),
            thing_norm="times",
        )
        return _Found(figure, times.end()) if figure else None
    vague_english = core.words and lang == "en" and text[core.end : core.end + 4].lower() == " of "
    thing, tail = _thing_after(text, core.end + 3 if vague_english else core.end, lang)
    if core.words and not thing:
        return None  # "dua" alone is too often not a figure ("dua-duanya", "salah satu")
    norm = normalise_thing(thing, core.lang)
    figure = _make(scan, core, core.end, unit="count", kind="count", thing=thing, thing_norm=norm)
    return _Found(figure, tail) if figure else None


_ONE_UNIT_RE = re.compile(r"(?<![\w-])[Ss]e(hari|tahun|bulan|minggu|pekan|jam|dekade|abad)(?![\w-])")


def _find_one_unit_durations(scan: _Scan) -> Iterator[_Found]:
    """``sehari``, ``setahun``: one day, one year (``sehari-hari``, "daily", is excluded)."""
    for m in _ONE_UNIT_RE.finditer(scan.text):
        unit_word = m.group(1)
        core = _Core(start=m.start(), end=m.end(), value=Decimal(1), scale=1.0, lang="id", words=True)
        figure = _make(
            scan,
            core,
            m.end(),
            unit="duration",
            kind="duration",
            thing=unit_word,
            thing_norm=normalise_thing(unit_word, "id"),
        )
        if figure:
            yield _Found(figure, m.end())


def _find_word_numbers(scan: _Scan) -> Iterator[_Found]:
    text = scan.text
    tokens = list(_WORD_RE.finditer(text))
    k = 0
    while k < len(tokens):
        found, used = _word_number_at(scan, tokens, k)
        if found:
            yield found
        k += max(used, 1)


def _word_number_at(scan: _Scan, tokens: list[re.Match[str]], k: int) -> tuple[_Found | None, int]:
    """The figure spelled out from ``tokens[k]``, and how many tokens it used."""
    text = scan.text
    first = tokens[k].group().lower()
    if first == "pertama" or first in _EN_ORDINALS:
        return _word_ordinal(scan, tokens, k), 1
    if (
        not (_is_number_word(first.split("-")[0]) or first == "a")
        or _hyphen_joined(first)
        or _is_one_of(tokens, k)
    ):
        return None, 1
    words: list[str] = []
    ends: list[int] = []  # token end for each word, so a hyphenated "twenty-one" maps back
    for j, token in enumerate(tokens[k : k + 8]):  # one number's words are separated by spaces only
        if j and (
            text[tokens[k + j - 1].end() : token.start()].strip() or _hyphen_joined(token.group().lower())
        ):
            break
        parts = token.group().lower().split("-")
        words.extend(parts)
        ends.extend([token.end()] * len(parts))
    parsed = _parse_words(words)
    if parsed is None:
        return None, 1
    end = ends[parsed.consumed - 1]
    used = sum(1 for t in tokens[k : k + 8] if t.end() <= end)
    core = _Core(
        start=tokens[k].start(),
        end=end,
        value=parsed.value,
        scale=parsed.scale,
        lang=_word_lang(words[0]),
        bounds=parsed.bounds,
        alternatives=parsed.alternatives,
        words=True,
    )
    if parsed.ke and not parsed.alternatives:
        return _ke_number(scan, tokens, k, used, core), used
    return _measured(scan, core), used


def _word_lang(word: str) -> str:
    english = {"a", "one", "dozen", "dozens", "tens", "hundreds", "thousands", "millions"}
    return "en" if word in _EN_SMALL or word in _EN_TENS or word in english else "id"


def _hyphen_joined(word: str) -> bool:
    """A number word glued by a hyphen to a non-number (``satu-satunya``, ``dua-duanya``)."""
    parts = word.split("-")
    return len(parts) > 1 and not all(p in _EN_SMALL or p in _EN_TENS for p in parts)


def _is_one_of(tokens: list[re.Match[str]], k: int) -> bool:
    """``salah satu`` / ``one of``: a choice, not a count."""
    word = tokens[k].group().lower()
    before = tokens[k - 1].group().lower() if k else ""
    after = tokens[k + 1].group().lower() if k + 1 < len(tokens) else ""
    return (word == "satu" and (before == "salah" or after == "sama")) or (
        word == "one" and after in {"of", "another"}
    )


def _ke_number(scan: _Scan, tokens: list[re.Match[str]], k: int, used: int, core: _Core) -> _Found | None:
    """``ketiga negara`` (collective: the three countries) or ``negara ketiga`` (ordinal: third)."""
    text = scan.text
    if _is_title_inside_sentence(text, core.start):
        return None  # "Perang Indochina Kedua"
    before = tokens[k - 1].group().lower() if k else ""
    after = tokens[k + used] if k + used < len(tokens) else None
    noun_follows = (
        after is not None
        and not text[core.end : after.start()].strip()
        and after.group()[0].islower()
        and after.group().lower() not in _STOP
    )
    if noun_follows and before not in _ID_ORDINAL_HEADS:
        if core.value == 2:
            return None  # "kedua negara": both countries
        found = _measured(scan, core)
        return _Found(replace(found.figure, note="collective"), found.tail) if found else None
    return _Found(_ordinal(scan, core.start, core.end, float(core.value)), core.end)


def _word_ordinal(scan: _Scan, tokens: list[re.Match[str]], k: int) -> _Found | None:
    token = tokens[k]
    word = token.group().lower()
    if _is_title_inside_sentence(scan.text, token.start()):
        return None
    if word != "pertama" and (k == 0 or tokens[k - 1].group().lower() != "the"):
        return None  # English "second", "first" are ordinals only after "the"
    value = 1.0 if word == "pertama" else float(_EN_ORDINALS[word])
    return _Found(_ordinal(scan, token.start(), token.end(), value), token.end())


_FINDERS = (
    _find_dates,
    _find_weekdays,
    _find_digit_ordinals,
    _find_digit_numbers,
    _find_word_numbers,
    _find_one_unit_durations,
)


def read(scan: _Scan) -> list[_Found]:
    """Every figure in ``scan.text`` (``scan.lang`` is "id" or "en"), taking their spans in ``scan``."""
    found: list[_Found] = []
    for finder in _FINDERS:
        for item in finder(scan):
            if item.figure.start < item.figure.end and scan.free(item.figure.start, item.figure.end):
                scan.take(item.figure.start, item.figure.end)
                found.append(item)
    return found
