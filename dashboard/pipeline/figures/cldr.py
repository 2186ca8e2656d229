"""Lexicons for languages with no hand-written file, from the Unicode CLDR (through Babel).

A hand lexicon (``lexicons/<code>.toml``) knows a language's number words, qualifiers and
counted nouns. Without one, a sentence used to be read with another language's number
format: Portuguese ``3,6 bilhões de dólares`` came out as a count of 3.6, Arabic
``20 يونيو`` as a count of 20. CLDR, whose data Babel ships in its wheel (trafilatura
needs Babel too), knows for every language:

* the decimal and grouping marks (``3,6`` in Turkish, ``3.6`` in Hindi);
* month names, in every regional variant (``يونيو`` and ``حزيران``) and both grammatical
  forms (Polish ``czerwca`` and ``czerwiec``), and whether the month comes first
  (Hungarian ``június 20.``): ``20 Haziran`` is a date;
* scale words, from the compact number formats (``milyar``, ``bilhões``, ``млрд``,
  ``अरब``, ``करोड़``): ``3,6 milyar`` is 3.6 billion; and the languages that write the
  word first (Swahili ``bilioni 0``, Hausa, Sinhala): ``dola bilioni 3.6`` is 3.6 billion dollars;
* currency names in each plural form (``dolarów amerykańskich``) and symbols; the word a
  family of currencies shares (Polish ``dolar`` in ``dolar amerykański`` and ``dolar
  australijski``) stands for the family's main one, as "dollar" does for USD.

* duration units in each plural form (Turkish ``yıl``, Polish ``lat``, Portuguese ``anos``):
  ``24 yıl`` is a count of years.

Function words (stopwordsiso) end a counted noun phrase, and the short ones may link a
number to its unit (``3,6 bilhões de dólares``). What CLDR cannot give (spelled-out
numbers, qualifiers, most of what is counted) stays unknown: such a figure is a bare count,
never a misread one.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.localedata import locale_identifiers
from babel.numbers import get_currency_name, get_currency_symbol
from babel.units import format_unit

from dashboard.pipeline.figures.lexicon import Lexicon
from dashboard.pipeline.function_words import function_words
from dashboard.pipeline.scripts import script

#: Currencies whose names are read, each with the currencies whose names share its word
#: ("dollar" is USD's, "pound" GBP's): the shared word alone means the first.
FAMILIES: dict[str, tuple[str, ...]] = {
    "USD": ("AUD", "CAD", "NZD", "SGD", "HKD", "TWD"),
    "EUR": (),
    "GBP": ("EGP", "LBP", "SYP"),
    "RUB": ("BYN",),
    "CNY": (),
    "JPY": (),
    "INR": ("PKR", "LKR", "NPR"),
    "KRW": ("KPW",),
    "VND": (),
    "IDR": (),
    "TRY": (),
    "CHF": ("XOF", "XAF"),
}
#: Counts that pick each CLDR plural form of a currency name (one, two, few, many, other).
_COUNTS = (1, 2, 3, 5, 11, 100, 1.5)
#: Grouping marks that are spaces: a language grouping with one takes any of them ("1 000", "1\u00a0000").
_SPACE_MARKS = ("\u00a0", "\u202f", " ")
#: Quotes and direction marks in CLDR patterns ("\u200f0 מיליארד") that the text does not carry.
_NOT_WRITTEN = str.maketrans("", "", "'\u200e\u200f\u061c")
_PATTERN = re.compile(r"^(0+)\s?([^0#¤]+?)\.?$")
_PATTERN_BEFORE = re.compile(r"^([^0#¤]+?)\s?(0+)$")
#: Scripts written without spaces between words: a scale runs into its unit ("พันล้านดอลลาร์").
_UNSPACED = frozenset({"THAI", "LAO", "KHMER", "MYANMAR"})
#: One-letter prepositions written onto a word: Hebrew "ביוני" is "in June".
_CLITICS = {"he": ("ב", "ל", "מ", "ו")}
#: A currency word's final vowel may be a case ending: Turkish "doları" is also "dolar".
_VOWELS = frozenset("aeiouyıäöüåæøéèêáàíóúãõâôăâîșț")


def _locale(code: str) -> Locale | None:
    """CLDR's locale for a language code, or ``None`` ("und", a typo, a language CLDR lacks)."""
    if not re.fullmatch(r"[a-z]{2,3}", code or "") or code == "und":
        return None
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@functools.cache
def native_script(code: str) -> str:
    """The script a language is written in, from its own name ("українська" -> "CYRILLIC"); "" if unknown."""
    locale = _locale(code)
    return script(locale.display_name or "") if locale else ""


@functools.cache
def cldr_lexicon(code: str) -> Lexicon | None:
    """A lexicon for ISO 639-1 ``code`` from CLDR, or ``None`` when CLDR does not know it."""
    locale = _locale(code)
    if locale is None:
        return None
    symbols = locale.number_symbols.get("latn", {})
    decimal = symbols.get("decimal", ".")
    group = symbols.get("group", ",")
    groups = (*_SPACE_MARKS,) if group in _SPACE_MARKS else (group,)
    durations = _durations(locale)
    stop = function_words(code) - durations.keys()  # stopwordsiso lists "anos" and "lat"
    scales, scales_before = _scales(locale)
    months = _months(code)
    unspaced = native_script(code) in _UNSPACED
    return Lexicon(
        code=code,
        name=locale.english_name or code,
        decimal=decimal,
        group=groups,
        hints=frozenset(),
        stopwords=stop,
        letters="",
        percent=tuple(dict.fromkeys(("%", symbols.get("percentSign", "%")))),
        # A short function word may stand between a number and its unit ("3,6 bilhões de dólares").
        links=tuple(sorted(w for w in stop - {*scales, *months} if len(w) <= 3 and all(map(_letter, w)))),
        entity_links=(),
        classifiers=(),
        since=(),
        since_after=(),
        text2num_roots=(),
        ordinal_markers=(),
        articles=frozenset(),
        months=months,
        compounds=False,
        match="stem",
        spaceless=unspaced,
        particles=(),
        date_marks=("", "", ""),
        month_first=_month_first(locale),
        scales=scales,
        scales_before=scales_before,
        numbers={},
        dozens={},
        about_numbers={},
        phrases={},
        ranges={},
        qualifiers={},
        qualifiers_after={},
        currencies=_currencies(locale, unspaced),
        things=durations,
    )


#: CLDR duration units and the thing a count of them is ("24 yıl", "5 lat", "21 anos": years).
_DURATIONS = {
    "duration-year": "years",
    "duration-month": "months",
    "duration-week": "weeks",
    "duration-day": "days",
    "duration-hour": "hours",
}
_FORM_COUNTS = (1, 2, 3, 5, 11, 21, 1.5)  # one number of each plural category most languages have
_LEADING_NUMBER = re.compile(r"^[0-9.,\s\u00a0\u202f\u066b\u066c]+")


def _durations(locale: Locale) -> dict[str, str]:
    """Duration unit words written after the number, every plural form, to their English thing."""
    things: dict[str, str] = {}
    for unit, thing in _DURATIONS.items():
        for n in _FORM_COUNTS:
            try:
                written = format_unit(n, unit, length="long", locale=locale)
            except (KeyError, ValueError):  # a locale without that unit's patterns
                break
            number = _LEADING_NUMBER.match(written)
            word = written[number.end() :].strip().lower() if number else ""
            if word and not any(c.isdigit() for c in word):
                things.setdefault(word, thing)
    return things


def _scales(locale: Locale) -> tuple[dict[str, float], dict[str, float]]:
    """Scale words -> factor written after the number ("0 milyar" -> 1e9), and before it
    ("bilioni 0"), from the long and short compact formats.

    Only patterns with a single ``0`` count (``00 milyar`` is the same word); a short form
    needs three letters (``mld``, ``млрд``; not ``K`` or ``Mr``).
    """
    after: dict[str, float] = {}
    before: dict[str, float] = {}
    for style in ("long", "short"):
        for forms in locale.compact_decimal_formats.get(style, {}).values():
            for magnitude, pattern in forms.items():
                # A pattern may hold its negative form after a ";" ("bilioni 0;bilioni -0").
                written = getattr(pattern, "pattern", str(pattern)).split(";")[0]
                written = written.translate(_NOT_WRITTEN).strip()
                if (m := _PATTERN.match(written)) and len(m.group(1)) == 1:
                    word, out = m.group(2), after
                elif (m := _PATTERN_BEFORE.match(written)) and len(m.group(2)) == 1:
                    word, out = m.group(1), before
                else:
                    continue
                word = " ".join(word.lower().split())
                if sum(map(_letter, word)) >= (2 if style == "long" else 3) and all(
                    _letter(c) or c == " " for c in word
                ):
                    out.setdefault(word, float(magnitude))
    return after, before


def _months(code: str) -> dict[str, int]:
    """Month name -> 1-12, in every regional variant of the language, both grammatical forms."""
    out: dict[str, int] = {}
    for identifier in sorted(i for i in locale_identifiers() if i.split("_")[0] == code):
        locale = Locale.parse(identifier)
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context, locale).items():
                for clitic in ("", *_CLITICS.get(code, ())):
                    out.setdefault(clitic + name.lower(), number)
    return out


def _month_first(locale: Locale) -> bool:
    """Whether the language's long date names the month before the day ("MMMM d, y", "y. MMMM d.")."""
    pattern = re.sub(r"'[^']*'", "", locale.date_formats["long"].pattern)
    return 0 <= pattern.find("M") < pattern.find("d")


def _currencies(locale: Locale, unspaced: bool) -> dict[str, str]:
    """Currency word or symbol as written -> ISO code.

    Every plural form of each currency's name, its symbols, and the words a family's names
    share ("dolar" in "dolar amerykański" and "dolar australijski").
    """
    out: dict[str, str] = {}
    for iso, relatives in FAMILIES.items():
        names = {code: _forms(code, locale) for code in (iso, *relatives)}
        for name in names[iso]:
            out.setdefault(name, iso)
        shared = set(_words(names[iso]))
        for other in relatives:
            for word in sorted(shared & set(_words(names[other]))):
                out.setdefault(word, iso)
                if word[-1].lower() in _VOWELS and len(word) >= 5:
                    out.setdefault(word[:-1], iso)
        if unspaced:  # no words to share: the shortest start two names share ("ดอลลาร์" of "ดอลลาร์สหรัฐ")
            starts = {
                _common_start(a, b).strip()
                for other in relatives
                for a, b in itertools.product(names[iso], names[other])
            }
            if starts := [start for start in starts if len(start) >= 3]:
                out.setdefault(min(starts, key=len), iso)
        symbol = get_currency_symbol(iso, locale=locale)
        if symbol != iso and not symbol.isascii():  # "$" and "US$" the number pattern reads itself
            out.setdefault(symbol, iso)
    return out


def _forms(iso: str, locale: Locale) -> list[str]:
    return list(dict.fromkeys(get_currency_name(iso, count=n, locale=locale) for n in (None, *_COUNTS)))


def _words(names: Iterable[str]) -> list[str]:
    """The words of currency names ("USA-dollár": "dollár") that can stand alone: three or more letters."""
    return [w for name in names for w in re.split(r"[\s-]+", name) if len(w) >= 3 and all(map(_letter, w))]


def _common_start(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"
