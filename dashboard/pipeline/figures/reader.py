"""The lexicon-driven reader for every language but Indonesian and English (those have :mod:`.id_en`).

Everything language-specific comes from the language's lexicon file; this module is the
grammar they share:

* **Number.** Digits under the language's separators (:func:`.grammar.parse_numeral`),
  or, in Chinese, digits mixed with characters (``1万2千``, ``36亿``); a currency symbol may
  come before (``$``, ``US$``, ``€``).
* **Then, in this order, each optional:** a scale word (``miliardi``, ``млрд``, ``tỷ``), a
  link word (``di``, ``de``), a currency word (``dollari``, ``долларов``, ``美元``) or a
  percent word; a qualifier after the number (Chinese ``多``: ``10多`` is more than 10); a
  classifier (``份``, ``bản``); then the counted noun phrase.
* **Number words** up to twenty, dozens (``Dutzend``), approximate tens (``une dizaine``:
  about 10), fixed phrases (``mezza dozzina``) and vague plurals (``Dutzende`` [24, 100]).
  A spelled-out number is a figure only when a scale, currency, percent or a *known* counted
  noun follows it: "un accord" is an article, not a count of one.
* **Qualifier** words just before the number give the interval (:func:`.model.interval`).
* **Years** are bare four-digit numbers from 1800 to 2100 with no unit (``2024年`` too);
  dates (``20.06.2024``, ``19 juin``, ``20日``) are taken so their digits never become counts.
* **Money** takes its thing from the nearest money noun before it in the sentence
  (``interscambio`` -> ``trade``); counts from the noun phrase after them.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from text_to_num import text2num

from dashboard.pipeline.figures.context import sentence_of
from dashboard.pipeline.figures.grammar import finite, letter_pattern, parse_cjk, parse_numeral
from dashboard.pipeline.figures.lexicon import MONEY_THINGS, Lexicon, known_thing, lexicon, normalise_thing
from dashboard.pipeline.figures.model import Qualifier, Quantity, date_mention, interval
from dashboard.pipeline.figures.scan import Found, Scan
from dashboard.pipeline.scripts import chars

_SP = r"[^\S\n]*"
_MONEY_KINDS = frozenset(
    {"trade", "investment", "exports", "imports", "budget", "aid", "price", "debt", "loans"}
)
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "USD": "USD", "EUR": "EUR", "£": "GBP"}
_HAN_NUMERAL = "零〇一二两兩三四五六七八九十百千万萬亿億"
#: Not a letter of a spaced script and not a digit: where a number may start (Chinese may touch it).
_NOT_AFTER = f"(?<![0-9{chars('LATIN', 'CYRILLIC')}.,$€])"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _compiled(words: Iterable[str], template: str) -> re.Pattern[str] | None:
    """``template`` with ``ALT`` replaced by the alternation of ``words``; None when there are none."""
    alternation = _alternation(words)
    return re.compile(template.replace("ALT", alternation), re.I) if alternation else None


@dataclass(frozen=True)
class _Patterns:
    number: re.Pattern[str]
    words: re.Pattern[str] | None
    scale: re.Pattern[str] | None
    scale_before: re.Pattern[str] | None  # a currency and scale word before the number
    currency: re.Pattern[str] | None
    percent: re.Pattern[str]
    qualifier_before: re.Pattern[str] | None
    qualifier_after: re.Pattern[str] | None
    classifier: re.Pattern[str] | None
    link: re.Pattern[str] | None
    money_noun: re.Pattern[str] | None
    noun_phrase: re.Pattern[str]
    dates: tuple[re.Pattern[str], ...]
    ordinal: re.Pattern[str] | None
    since: re.Pattern[str] | None
    since_after: re.Pattern[str] | None
    year_mark: re.Pattern[str] | None  # the mark after a year ("2024年", "2024년")
    spelled: re.Pattern[str] | None


@functools.cache
def _patterns(code: str) -> _Patterns:
    """The language's regexes, compiled once."""
    lex = lexicon(code)
    letter = letter_pattern()
    left = "" if lex.spaceless else r"(?<![\w-])"
    # A word may end in a particle ("달러를"): the boundary comes after it, outside the figure.
    ending = rf"(?:{_alternation(lex.particles)})?" if lex.particles else ""
    right = "" if lex.spaceless else rf"(?={ending}(?![\w-]))"
    spaced = r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:[.,][0-9]+)?(?![0-9])|" if " " in lex.group else ""
    han = rf"(?:[{_HAN_NUMERAL}0-9.]*+(?<=[{_HAN_NUMERAL}]))?" if lex.spaceless else ""
    # Each alternative starts only where a run of digits or numerals starts, and the Chinese
    # run is possessive: a 100 KB run of numerals is one linear scan, not one per position.
    not_after = _NOT_AFTER[:-2] + (_HAN_NUMERAL if lex.spaceless else "") + "])"
    number = re.compile(
        rf"{not_after}(?:(?P<cur>US\$|\$|€|£|USD|EUR){_SP})?"
        rf"(?P<num>{spaced}[0-9]+(?:[.,][0-9]+)*{han})"
        + (
            rf"|{not_after}(?P<han>[{_HAN_NUMERAL}]++)(?={_alternation(lex.classifiers)})"
            if lex.spaceless
            else ""
        )
    )
    word_keys = [*lex.numbers, *lex.dozens, *lex.about_numbers, *lex.phrases, *lex.ranges]
    words = _compiled(word_keys, r"(?<![\w-])(?:ALT)(?![\w-])")
    # Where words take particles, a scale also runs into its unit ("36억달러").
    scale_end = "" if lex.particles or lex.spaceless else r"(?![\w])"
    scale = _compiled(lex.scales, rf"{_SP}(?:ALT){scale_end}")
    # In a spaced script a link is a whole word: "do" must not take the start of "dolarów".
    link_end = _SP if lex.spaceless else r"(?:[^\S\n]+|(?<=['’]))"
    link = _compiled(lex.links, rf"{_SP}(?:ALT){link_end}")
    currency = _compiled(lex.currencies, rf"{_SP}(?P<c>ALT){right}")
    # "dola bilioni 3.6", "dola za Marekani bilioni 3.6": searched for just before a number.
    currency_before = rf"(?:(?P<c>{_alternation(lex.currencies)}){_SP})?" if lex.currencies else ""
    scale_before = _compiled(lex.scales_before, rf"{left}{currency_before}(?P<s>ALT){_SP}$")
    percent = re.compile(rf"{_SP}(?:{_alternation(lex.percent)}){right}", re.I)
    ordinal = _compiled(lex.ordinal_markers, rf"{left}(?:ALT){_SP}$")
    before = _compiled(lex.qualifiers, rf"{left}(?P<q>ALT){_SP}$")
    after = _compiled(lex.qualifiers_after, rf"{_SP}(?P<q>ALT)")
    classifier = _compiled(lex.classifiers, rf"{_SP}(?:ALT){right}")
    money_stems = [stem for stem, norm in lex.things.items() if norm in MONEY_THINGS]
    money = _compiled(money_stems, rf"{left}(?:ALT)")
    phrase = re.compile(
        rf"{_SP}(?P<p>{letter}{{1,8}})"
        if lex.spaceless
        else rf"{ending}{_SP}(?P<p>{letter}+(?:[ -]{letter}+){{0,3}})"  # "11건의 협력 문서"
    )
    dates = [
        r"(?<![0-9.])(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})(?![0-9])",
        r"(?<![0-9/])(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})(?:/(?P<y>[0-9]{4}))?(?![0-9/])",
        r"(?<![0-9-])(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?![0-9])",
    ]
    if lex.months:
        months = _alternation(lex.months)
        of = rf"(?:{_SP}(?:{_alternation(lex.links)}))?" if lex.links else ""  # "19 de junio"
        dates.append(
            rf"(?<![0-9.,])(?P<d>[0-9]{{1,2}})\.?{of}{_SP}(?P<name>{months})(?![\w])"
            rf"(?:{of}{_SP}(?P<y>[0-9]{{4}})(?![0-9]))?"
        )
        if lex.month_first:  # "június 20.", "ಜೂನ್ 20, 2024"
            dates.append(
                rf"(?<![\w])(?P<name>{months}){_SP}(?P<d>[0-9]{{1,2}})(?![0-9.,][0-9])\.?"
                rf"(?:,?{_SP}(?P<y>[0-9]{{4}})(?![0-9]))?"
            )
    year, month, day = lex.date_marks
    if month and day:  # 2024年6月20日, 2024년 6월 20일, 20日
        dates.append(
            rf"(?:(?P<y>[0-9]{{4}}){_SP}(?:{year}){_SP})?(?P<m>[0-9]{{1,2}}){_SP}(?:{month})"
            rf"(?:{_SP}(?P<d>[0-9]{{1,2}}){_SP}(?:{day}))?"
        )
        dates.append(rf"(?<![0-9])(?P<d>[0-9]{{1,2}}){_SP}(?:{day})")
    return _Patterns(
        number=number,
        words=words,
        scale=scale,
        scale_before=scale_before,
        currency=currency,
        percent=percent,
        qualifier_before=before,
        qualifier_after=after,
        classifier=classifier,
        link=link,
        money_noun=money,
        noun_phrase=phrase,
        dates=tuple(re.compile(d, re.I) for d in dates),
        ordinal=ordinal,
        since=_compiled(lex.since, rf"{left}(?:ALT){_SP}$"),
        since_after=_compiled(lex.since_after, rf"{_SP}(?:ALT)"),
        year_mark=re.compile(rf"{_SP}(?:{year})") if year else None,
        spelled=_compiled(lex.text2num_roots, r"(?<![\w-])[^\W\d_]*(?:ALT)[^\W\d_]*(?:-[^\W\d_]+)*(?![\w-])"),
    )


@dataclass
class _Number:
    start: int
    end: int
    value: Decimal
    scale: float = 1.0
    currency: str = ""
    words: bool = False
    qualifier: Qualifier = "exact"
    bounds: tuple[float, float] | None = None


def read(scan: Scan, lex: Lexicon) -> list[Found]:
    """Every figure in ``scan.text`` under ``lex``, taking their spans in ``scan``."""
    pats = _patterns(lex.code)
    found: list[Found] = []
    for finder in (_dates, _digits, _words, _spelled):
        for item in finder(scan, lex, pats):
            figure = item.figure
            if figure.start < figure.end and scan.free(figure.start, figure.end):
                scan.take(figure.start, figure.end)
                found.append(item)
    found.sort(key=lambda f: f.figure.start)
    return _shared_currency(scan.text, found)


def _shared_currency(text: str, found: list[Found]) -> list[Found]:
    """``3,5 miliardi di dollari ... 175 miliardi con la Cina``: a later scaled sum shares the currency."""
    money: Quantity | None = None
    for k, item in enumerate(found):
        figure = item.figure
        if figure.kind == "money":
            money = figure
        elif (
            money is not None
            and figure.kind == "count"
            and figure.scale >= 1e6
            and not known_thing(figure.thing, figure.language)
            and sentence_of(text, money.start) == sentence_of(text, figure.start)
        ):
            shared = replace(
                figure, kind="money", unit=money.unit, thing=money.thing, thing_norm=money.thing_norm
            )
            found[k] = Found(shared, figure.end)
    return found


def _dates(scan: Scan, lex: Lexicon, pats: _Patterns) -> Iterator[Found]:
    """Dates, day first (``20.06.2024``, ``20/6``, ``19 juin``, ``6月20日``); ``date`` is ISO 8601."""
    for pattern in pats.dates:
        for m in pattern.finditer(scan.text):
            groups = m.groupdict()
            month = lex.months.get(groups["name"].lower()) if groups.get("name") else _int(groups.get("m"))
            iso = _iso(_int(groups.get("y")), month, _int(groups.get("d")))
            if iso is not None:
                figure = date_mention(m, date=iso)
                yield Found(figure, m.end())


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    """``2024-06-20``, ``2024-06``, ``--06-20`` or ``---20`` (day only); None when no such day exists."""
    try:
        datetime.date(year or 2000, month or 1, day or 1)  # 2000: 29 February stays valid
    except ValueError:
        return None
    if month is None:
        return f"---{day:02d}" if day else None
    if day is None:
        return f"{year:04d}-{month:02d}" if year else f"--{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _digits(scan: Scan, lex: Lexicon, pats: _Patterns) -> Iterator[Found]:
    for m in pats.number.finditer(scan.text):
        if m.groupdict().get("han"):
            value = parse_cjk(m.group("han"))
        elif lex.spaceless and not m.group("num").replace(".", "").isdigit():
            value = parse_cjk(m.group("num"))
        else:
            value = parse_numeral(m.group("num"), lex.decimal)
        if value is None:
            continue
        if pats.ordinal and pats.ordinal.search(scan.text, max(0, m.start() - 8), m.start()):
            continue  # "lần thứ 5", "第五": the fifth, not five
        number = _Number(m.start(), m.end(), value, currency=_SYMBOLS.get(m.group("cur") or "", ""))
        number.words = bool(m.groupdict().get("han"))  # "两国", "一个": a known noun must follow
        if pats.scale_before:
            _scale_before(scan.text, lex, pats.scale_before, number)
        if found := _figure(scan, lex, pats, number, m.groupdict().get("num") or ""):
            yield found


def _scale_before(text: str, lex: Lexicon, pattern: re.Pattern[str], number: _Number) -> None:
    """Where the language writes its scale first ("dola bilioni 3.6"), the figure starts at it."""
    if m := pattern.search(text, max(0, number.start - 60), number.start):
        number.start, number.scale = m.start(), lex.scales_before[" ".join(m.group("s").lower().split())]
        number.value *= Decimal(repr(number.scale))
        if m.group("c"):
            number.currency = _currency(lex, m.group("c"))


def _words(scan: Scan, lex: Lexicon, pats: _Patterns) -> Iterator[Found]:
    if pats.words is None:
        return
    text = scan.text
    for m in pats.words.finditer(text):
        word = " ".join(m.group().lower().split())
        number = _Number(m.start(), m.end(), Decimal(0), words=True)
        if word in lex.phrases:
            number.value = Decimal(repr(lex.phrases[word]))
        elif word in lex.ranges:
            low, high = lex.ranges[word]
            number.value, number.bounds = Decimal(repr(low)), (low, high)
        elif word in lex.about_numbers:
            number.value, number.qualifier = Decimal(repr(lex.about_numbers[word])), "about"
        elif word in lex.dozens:
            number.value = Decimal(repr(lex.dozens[word]))
        else:
            number.value = Decimal(repr(lex.numbers[word]))
            following = pats.words.match(text, _skip_space(text, m.end()))
            nxt = " ".join(following.group().lower().split()) if following else ""
            if nxt in lex.dozens or nxt in lex.about_numbers:  # "ein Dutzend", "une dizaine"
                number.value *= Decimal(repr(lex.dozens.get(nxt) or lex.about_numbers[nxt]))
                number.qualifier = "about" if nxt in lex.about_numbers else "exact"
                number.end = following.end()  # type: ignore[union-attr]
            elif word in lex.articles and not (pats.scale and pats.scale.match(text, m.end())):
                continue  # "un accord" is an article
        if found := _figure(scan, lex, pats, number, ""):
            yield found


def _spelled(scan: Scan, lex: Lexicon, pats: _Patterns) -> Iterator[Found]:
    """Numbers above twenty in one word (``vingt-trois``, ``dreiundzwanzig``), read by text2num."""
    if pats.spelled is None:
        return
    for m in pats.spelled.finditer(scan.text):
        try:
            value = text2num(m.group().lower(), lex.code)
        except ValueError:
            continue
        number = _Number(m.start(), m.end(), Decimal(value), words=True)
        if value > 20 and (found := _figure(scan, lex, pats, number, "")):
            yield found


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \u00a0\t":
        pos += 1
    return pos


def _figure(scan: Scan, lex: Lexicon, pats: _Patterns, number: _Number, digits: str) -> Found | None:
    """The figure starting with ``number``: its unit, scale, qualifier, thing."""
    text, end = scan.text, number.end
    if pats.scale and (m := pats.scale.match(text, end)):
        number.scale = lex.scales[" ".join(m.group().lower().split())]
        number.value *= Decimal(repr(number.scale))
        end = m.end()
    qualifier = number.qualifier
    if pats.qualifier_after and (m := pats.qualifier_after.match(text, end)):  # "10多份"
        qualifier, end = _code(lex.qualifiers_after, m.group("q")), m.end()
    unit_end = end
    if pats.link and (m := pats.link.match(text, end)):
        unit_end = m.end()
    kind, unit = "count", "count"
    if pats.currency and (m := pats.currency.match(text, unit_end)):
        number.currency, end = _currency(lex, m.group("c")), m.end()
    elif m := pats.percent.match(text, end):
        kind, unit, end = "percent", "percent", m.end()
    if number.currency:
        kind, unit = "money", number.currency
    elif kind == "count" and _is_year(digits, number, text, end, lex):
        return _year(text, pats, number)
    tail, thing = end, ""
    if kind == "count":
        if pats.classifier and (m := pats.classifier.match(text, end)):
            tail = m.end()
        if pats.link and (m := pats.link.match(text, tail)):
            tail = m.end()
        if m := pats.noun_phrase.match(text, tail):
            thing = _phrase(m.group("p"), lex)
            tail = m.start("p") + len(thing)
        if number.words and not known_thing(thing, lex.code) and number.scale == 1.0:
            return None  # a spelled-out number needs a unit or a known counted noun
    elif kind == "money":
        thing = _money_noun(scan.text, pats, number.start, end)
    value = finite(number.value)
    if value is None:
        return None
    start = number.start
    if pats.qualifier_before and (m := pats.qualifier_before.search(text, max(0, start - 40), start)):
        # An explicit word wins over the one a word-number implies ("au moins une dizaine").
        qualifier, start = _code(lex.qualifiers, m.group("q")), m.start()
    low, high, low_open, high_open = interval(value, qualifier)
    if number.bounds:
        (low, high), low_open, high_open = number.bounds, False, False
        qualifier = "approximate" if qualifier == "exact" else qualifier
    norm = "percent" if kind == "percent" else normalise_thing(thing, lex.code)
    figure = Quantity(
        raw=text[start:end],
        start=start,
        end=end,
        value=value,
        unit=unit,
        kind=kind,  # type: ignore[arg-type]
        scale=number.scale,
        thing=thing,
        thing_norm=norm,
        qualifier=qualifier,
        low=low,
        high=high,
        low_open=low_open,
        high_open=high_open,
    )
    return Found(figure, tail)


def _code(table: dict[str, str], phrase: str) -> Qualifier:
    return table[" ".join(phrase.lower().split())]  # type: ignore[return-value]


def _currency(lex: Lexicon, written: str) -> str:
    if written in lex.currencies:
        return lex.currencies[written]
    lowered = {k.lower(): v for k, v in lex.currencies.items()}
    return lowered[" ".join(written.lower().split())]


def _phrase(words: str, lex: Lexicon) -> str:
    """The counted noun phrase: words up to the first stopword (by default the language's hint words)."""
    if lex.spaceless:
        return words
    kept: list[str] = []
    for word in re.split(r"(?<=\S)(?=[ ])", words):
        if word.strip().lower() in lex.stopwords or word.strip().lower() in lex.links:
            break
        kept.append(word)
    return "".join(kept).strip()


def _is_year(digits: str, number: _Number, text: str, end: int, lex: Lexicon) -> bool:
    if not (digits.isdigit() and len(digits) == 4 and 1800 <= int(digits) <= 2100 and number.scale == 1.0):
        return False
    return not (lex.spaceless and text.startswith(tuple(lex.classifiers), end))


def _year(text: str, pats: _Patterns, number: _Number) -> Found:
    mark = pats.year_mark and pats.year_mark.match(text, number.end)
    end = mark.end() if mark else number.end
    before = pats.since and pats.since.search(text, max(0, number.start - 12), number.start)
    since = before or (pats.since_after and pats.since_after.match(text, end))
    value = float(number.value)
    figure = Quantity(
        raw=text[number.start : end],
        start=number.start,
        end=end,
        value=value,
        unit="year",
        kind="year",
        year=int(value),
        low=value,
        high=value,
        note="since" if since else "",
    )
    return Found(figure, end)


#: How far before a sum of money its noun is looked for.
_MONEY_NOUN_WINDOW = 300


def _money_noun(text: str, pats: _Patterns, start: int, end: int) -> str:
    """The nearest money noun before the sum in its sentence, else the first after it."""
    if pats.money_noun is None:
        return ""
    first, last = sentence_of(text, start)
    nouns = pats.money_noun.findall(text, max(first, start - _MONEY_NOUN_WINDOW), start)
    if nouns:
        return nouns[-1].lower()
    after = pats.money_noun.search(text, end, min(last, end + _MONEY_NOUN_WINDOW))
    return after.group().lower() if after else ""
