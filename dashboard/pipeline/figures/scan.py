"""Scanning state shared by the readers: which spans are taken, and what is never a figure.

Not figures: URLs, domains, e-mail addresses, tokens mixing letters and digits (image ids,
``G20``, ``COVID-19``, ``L700``), phone numbers, page counters, times of day. Chinese
characters separate tokens here, so ``俄越60%的`` still holds the figure ``60%``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from dashboard.pipeline.figures.model import Quantity
from dashboard.pipeline.scripts import CJK_MARKS, chars

#: Most figures read from one text passed to ``extract``; the rest are ignored.
MAX_FIGURES = 100

_EXCLUDE_RES = [
    re.compile(r"(?:https?://|www\.)\S+", re.I),
    # The look-behind starts a match only where a token starts: without it, a long word with no
    # "@" is rescanned from every position (quadratic; a 1 MB word took hours).
    re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(  # "-" in the look-behind too: "----" must not be a start at every dash (quadratic)
        r"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|co|id|net|org|gov|edu|io|info|news|tv)(?:\.[a-z]{2})?"
        r"(?:/\S*)?(?!\w)",
        re.I,
    ),
    re.compile(r"\+[0-9]{1,3}(?:[ .-]?\(?[0-9]{1,5}\)?){2,}"),  # +62 21 5555 1234
    re.compile(r"(?<![0-9.,])\(?0[0-9]{2,4}\)?[ .-][0-9]{3,4}[ .-][0-9]{3,5}(?![0-9])"),  # 0812-3456-7890
    re.compile(r"(?<![0-9.,])0[0-9]{9,12}(?![0-9])"),  # 081234567890
    re.compile(r"(?<![0-9.,:])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9:])"),  # 18:40
    re.compile(r"(?<!\w)(?:pukul|pkl\.?|jam)\s*[0-9]{1,2}[.:][0-9]{2}(?![0-9])", re.I),
    re.compile(r"(?<![0-9.,])[0-9]{1,2}[.:][0-9]{2}\s?(?:WIB|WITA|WIT|GMT|UTC)\b"),
    re.compile(r"(?<!\w)(?:halaman|hal\.|page)\s*[0-9]+", re.I),
    # Clock times in Chinese, Japanese and Korean: "1时45分", "午前1時45分", "1시50분", "9点半" (not
    # durations: "2時間", "3시간"; "点" only with minutes after it, "3点建议" being three points).
    re.compile(
        r"(?<![0-9.,])[0-9]{1,2}[^\S\n]?(?:[時时시](?![間间간])|[点點](?=[^\S\n]?(?:[0-9]{1,2}[^\S\n]?[分분]|半)))"
        r"(?:[^\S\n]?[0-9]{1,2}[^\S\n]?[分분](?:[^\S\n]?[0-9]{1,2}[^\S\n]?[秒초])?|半|반)?"
    ),
]
#: Tokens with letters and digits that are still numbers: currency, scale, ordinal, decade.
_NUMERIC_TOKEN = re.compile(
    r"(?:ke-)?(?:US\$|\$|€|Rp\.?|USD|IDR|EUR)?[0-9]+(?:[.,][0-9]+)*(?:[-–][0-9]+(?:[.,][0-9]+)*)?"
    r"(?:%|bn|mn|tn|m|k|st|nd|rd|th|-an|an|s)?",
    re.I,
)
#: ... and, in a language that writes them so, a case ending: Turkish "2023'te", Hungarian "20-án",
#: Finnish "2023:ssa" (in English or German "21-gun" and "20-jährige" are compounds, not numbers).
_CASE_ENDING = re.compile(r"(?P<number>.*?[0-9])[-'’:][^\W\d_]{1,5}")
_TOKEN_EDGE = "()[]{}\"'“”‘’,.;:!?"


#: A token for the letters-and-digits rule: Chinese, Japanese, Korean and full-width characters split
#: tokens, so a counter or particle stuck to a number (``11の``, ``11개``) does not make it an id.
_TOKEN = re.compile(f"[^\\s{chars('CJK', 'HANGUL')}{CJK_MARKS}]+")


_CODE_LETTER = re.compile(f"[{chars('LATIN', 'GREEK', 'CYRILLIC')}]")


@dataclass
class Found:
    figure: Quantity
    tail: int  # end of the counted noun after the figure, where a linked entity may follow


@dataclass
class Scan:
    text: str
    lang: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # excluded or already taken

    def __post_init__(self) -> None:
        # The spans as sorted intervals, overlapping ones merged (touching ones kept apart, so an
        # empty span between them still reads as free): a check is a binary search, not a scan of
        # every span (which made a sentence with thousands of figures quadratic).
        given, self.spans = self.spans, []
        self._starts: list[int] = []
        for start, end in given:
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        """Whether ``start:end`` overlaps no span (``end <= s or start >= e`` for each)."""
        i = bisect.bisect_left(self._starts, end)  # spans from i on start at or after ``end``
        return i == 0 or self.spans[i - 1][1] <= start

    def take(self, start: int, end: int) -> None:
        lo = bisect.bisect_left(self._starts, start)
        if lo and self.spans[lo - 1][1] > start:
            lo -= 1  # the span before overlaps the new one
        hi = lo
        # Every span from ``lo`` that starts before ``end`` overlaps the new one, or is an empty span
        # inside it (which blocks nothing the merged span does not): merge them all.
        while hi < len(self.spans) and self.spans[hi][0] < end:
            start, end = min(start, self.spans[hi][0]), max(end, self.spans[hi][1])
            hi += 1
        self.spans[lo:hi] = [(start, end)]
        self._starts[lo:hi] = [start]


def excluded_spans(text: str, case_endings: bool = False) -> list[tuple[int, int]]:
    """Spans of ``text`` that hold digits but are not figures (URLs, ids, phone numbers, times).

    ``case_endings``: the language ends numbers with a case ending after ``-``, ``'`` or ``:``.
    """
    spans = [m.span() for pattern in _EXCLUDE_RES for m in pattern.finditer(text)]
    for m in _TOKEN.finditer(text):
        token = m.group()
        core = token.strip(_TOKEN_EDGE)
        # Codes are written in Latin, Cyrillic or Greek letters ("B737", "Су-35"); a letter of another
        # script stuck to a number is a classifier or a preposition ("১১টি", "ب3.6").
        if not re.search(r"[0-9]", core) or not _CODE_LETTER.search(core):
            continue
        if case_endings and (ending := _CASE_ENDING.fullmatch(core)):
            core = ending["number"]
        if not _NUMERIC_TOKEN.fullmatch(core):
            offset = m.start() + token.index(core)
            spans.append((offset, offset + len(core)))
    return spans
