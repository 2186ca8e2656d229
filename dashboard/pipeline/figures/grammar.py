"""Language-independent number grammar: digit strings under a language's separators, Chinese numerals.

The lexicon says which mark is decimal (``3,5`` in Italian, ``3.5`` in English). A mark that
appears twice, or both marks together, settles it whatever the language (``1.234.567``,
``1,234.5``). A single mark followed by exactly three digits is the one ambiguous case: it is a
thousands mark when it is not the language's decimal mark (``1.000`` in German is 1000,
``1,000`` in English is 1000). Other scripts' digits (``٣``, ``३``, ``৩``, ``３``) are read as
ASCII ones first (:func:`ascii_digits`).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

#: Most integer digits read as a number: longer runs are ids or noise, never news figures.
MAX_DIGITS = 30
#: Longest digit string looked at at all (a long decimal fraction is still bounded work).
MAX_CHARS = 1000

_SPACES = " \u00a0\u202f\u2009"
_SPACE_RUN = re.compile(f"[{_SPACES}]")
_HEAD_GROUP = re.compile(r"[0-9]{1,3}")
_GROUP = re.compile(r"[0-9]{3}")
_LAST_GROUP = re.compile(r"[0-9]{3}(?:[.,][0-9]+)?")
_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CJK_DIGITS |= {"七": 7, "八": 8, "九": 9}
_CJK_SMALL = {"十": 10, "百": 100, "千": 1000}
_CJK_LARGE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_OTHER_DIGIT = re.compile(r"(?![0-9])\d|[\u066b\u066c]")
_ARABIC_SEPARATORS = {"\u066b": ".", "\u066c": ","}  # ٫ decimal, ٬ thousands
#: Characters :func:`parse_cjk` reads: digits (ASCII or Chinese) and Chinese units.
CJK_NUMERAL_CHARS = "".join([*_CJK_DIGITS, *_CJK_SMALL, *_CJK_LARGE])


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script as its ASCII digit, and Arabic's decimal and
    thousands marks as ``.`` and ``,``: one character for one, so offsets into ``text`` still hold."""
    return _OTHER_DIGIT.sub(lambda m: _ARABIC_SEPARATORS.get(m[0]) or str(unicodedata.decimal(m[0])), text)


def parse_numeral(text: str, decimal: str = ".") -> Decimal | None:
    """A digit string as a Decimal, ``decimal`` being the language's decimal mark; None if malformed."""
    if len(text) > MAX_CHARS:
        return None
    parts = _SPACE_RUN.split(text.strip(_SPACES))
    if (
        len(parts) > 1
        and not (  # "1 000 000,5": spaces group thousands
            _HEAD_GROUP.fullmatch(parts[0])
            and all(_GROUP.fullmatch(p) for p in parts[1:-1])
            and _LAST_GROUP.fullmatch(parts[-1])
        )
    ):
        return None
    s = "".join(parts)
    if not s:
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        mark = "," if s.rfind(",") > s.rfind(".") else "."
    elif dots + commas == 1:
        sep = "." if dots else ","
        head, frac = s.split(sep)
        grouping = len(frac) == 3 and head != "0" and sep != decimal
        mark = None if grouping else sep
    else:
        mark = None  # no mark, or one mark repeated: thousands grouping
    integer, _, frac = s.partition(mark) if mark else (s, "", "")
    group = {".": ",", ",": "."}.get(mark or "", "." if dots else ",")
    if any(c in frac for c in ".,"):
        return None
    groups = integer.split(group)
    if len(integer) - len(groups) + 1 > MAX_DIGITS:
        return None
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    try:
        return Decimal("".join(groups) + ("." + frac if frac else ""))
    except InvalidOperation:
        return None


def parse_cjk(text: str) -> Decimal | None:
    """Chinese numerals, possibly mixed with ASCII digits: ``两百`` 200, ``1万2千`` 12000, ``十一`` 11."""
    if not text or len(text) > MAX_DIGITS:
        return None
    total, section, digit = Decimal(0), Decimal(0), None
    i = 0
    while i < len(text):
        c = text[i]
        if c.isascii() and (c.isdigit() or c == "."):
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isdigit() or text[j] == "."):
                j += 1
            try:
                digit = Decimal(text[i:j])
            except InvalidOperation:
                return None
            i = j
            continue
        if c in _CJK_DIGITS:
            digit = Decimal(_CJK_DIGITS[c])
        elif c in _CJK_SMALL:
            section += (digit if digit is not None else Decimal(1)) * _CJK_SMALL[c]
            digit = None
        elif c in _CJK_LARGE:
            section += digit or 0
            total += (section or Decimal(1)) * _CJK_LARGE[c]
            section, digit = Decimal(0), None
        else:
            return None
        i += 1
    return total + section + (digit or 0)


def finite(value: Decimal) -> float | None:
    """``value`` as a float, or None when it overflows."""
    number = float(value)
    return number if math.isfinite(number) else None


@functools.cache
def letter_pattern() -> str:
    """A regex for one letter, or a mark on one (Devanagari "दस्तावेज", Thai "ฉบับ"): ``\\w`` lacks the marks.

    The marks are every combining character (categories Mn, Mc) of the Basic Multilingual Plane.
    """
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp)) in ("Mn", "Mc"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "(?:[^\\W\\d_]|[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "])"
