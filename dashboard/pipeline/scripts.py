"""Writing systems by name, defined once: which script a text is in, and regex classes of scripts.

Rules that depend on how a script is written (no spaces between words, full stops
of its own, right to left) name the scripts they apply to here, so a block
added to a script is added to every rule.
"""

from __future__ import annotations

import functools
import re

#: Each script's code points, as the body of a regex character class.
SCRIPTS = {
    "LATIN": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "CYRILLIC": "\u0400-\u052f",
    "GREEK": "\u0370-\u03ff\u1f00-\u1fff",
    "ARMENIAN": "\u0530-\u058f",
    "HEBREW": "\u0590-\u05ff",
    "ARABIC": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "DEVANAGARI": "\u0900-\u097f",
    "BENGALI": "\u0980-\u09ff",
    "GURMUKHI": "\u0a00-\u0a7f",
    "GUJARATI": "\u0a80-\u0aff",
    "ORIYA": "\u0b00-\u0b7f",
    "TAMIL": "\u0b80-\u0bff",
    "TELUGU": "\u0c00-\u0c7f",
    "KANNADA": "\u0c80-\u0cff",
    "MALAYALAM": "\u0d00-\u0d7f",
    "SINHALA": "\u0d80-\u0dff",
    "THAI": "\u0e00-\u0e7f",
    "LAO": "\u0e80-\u0eff",
    "TIBETAN": "\u0f00-\u0fff",
    "MYANMAR": "\u1000-\u109f",
    "GEORGIAN": "\u10a0-\u10ff",
    "ETHIOPIC": "\u1200-\u137f",
    "KHMER": "\u1780-\u17ff",
    "HANGUL": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af",
    "CJK": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",  # kana and Han ideographs
}
#: Parts of a script some rules need alone.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
KANA = "\u3040-\u30ff"
HANGUL_SYLLABLES = "\uac00-\ud7af"
#: Chinese and Japanese punctuation ("。", "、", "「") and full-width forms ("，", "１").
CJK_MARKS = "\u3000-\u303f\uff00-\uffef"
#: Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
RIGHT_TO_LEFT = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
HEAD_CHARS = 20_000
_LETTER_RUN = re.compile(r"[^\W\d_]+")  # a run is counted in the script of its first letter
_SCRIPT_CHARS = tuple((name, re.compile(f"[{chars}]")) for name, chars in SCRIPTS.items())


def chars(*names: str) -> str:
    """The body of a regex character class holding the named scripts: ``f"[{chars('THAI', 'LAO')}]"``."""
    return "".join(SCRIPTS[name] for name in names)


def script(text: str) -> str:
    """The script most of the letters of ``text`` are in ("LATIN", "CJK", "ARABIC" ...), or ``""``.

    Only the first ``HEAD_CHARS`` characters are read: a (possibly huge) text shows its script early.
    """
    counts: dict[str, int] = {}
    for run in _LETTER_RUN.findall(text[:HEAD_CHARS]):
        name = _script_of(run[0])
        if name:
            counts[name] = counts.get(name, 0) + len(run)
    return max(counts, key=counts.__getitem__) if counts else ""


@functools.lru_cache(maxsize=4096)
def _script_of(letter: str) -> str:
    return next((name for name, pattern in _SCRIPT_CHARS if pattern.match(letter)), "")
