"""Which language an article or sentence is written in (ISO 639-1 codes, ``"und"`` when unknown).

The detector is py3langid (97 languages, its model ships in the wheel). On the
dev set, the seeds and sentences in fifteen more languages it was the most
accurate of the candidates measured, at 0.3 ms a call and about 100 MB, against
lingua's 3 ms (low-accuracy mode, less accurate on sentences) or 23 ms and 1.2 GB
(full mode); ``python bench/eval_language.py`` reproduces the comparison.

Close relatives the model confuses on single sentences (Indonesian and Malay,
Mandarin and Cantonese, Serbian and Croatian ...) are pooled when judging how
sure a guess is, so an Indonesian article does not turn Malay sentence by
sentence. A language the model does not know comes out as a low-confidence
guess, which is reported as ``"und"``.
"""

from __future__ import annotations

import collections
import functools
import re

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Language, like script, is judged from the top of a (possibly huge) text: HEAD_CHARS characters.
from dashboard.pipeline.scripts import HEAD_CHARS, chars, script

#: Unknown below this many letters (an ideograph counts as ``IDEOGRAPH_WEIGHT`` letters).
MIN_LETTERS = 10
#: Unknown below this confidence (the guess's probability, pooled with its close relatives).
MIN_CONFIDENCE = 0.3
#: A sentence gets its own language only when it is at least this long ...
SENTENCE_MIN_LETTERS = 25
#: ... and this sure; in another script than its article's lower bars suffice.
SENTENCE_MIN_CONFIDENCE = 0.6
SENTENCE_OTHER_SCRIPT_MIN_LETTERS = 12
SENTENCE_OTHER_SCRIPT_CONFIDENCE = 0.5
#: An article's script and most frequent words are taken from its first characters.
SAMPLE_CHARS = 5_000
#: How many of an article's most frequent lower-case words stand for its language.
COMMON_WORDS = 30
IDEOGRAPH_WEIGHT = 3  # a Chinese or Japanese character carries about a word's information
UNKNOWN = "und"

_IDEOGRAPH = re.compile(f"[{chars('CJK', 'HANGUL')}]")  # kana, hanzi/kanji, hangul
_WORD = re.compile(r"\w+")

# The model's few non-ISO-639-1 labels that have a 639-1 macrolanguage; the rest stay ISO 639-3.
# Filipino is declared as ``fil`` but detected as Tagalog, ``tl``: one language, one code.
_TO_639_1 = {
    "yue": "zh",
    "wuu": "zh",
    "ary": "ar",
    "arz": "ar",
    "hbo": "he",
    "gug": "gn",
    "uzs": "uz",
    "fil": "tl",
}
_RELATIVES = (
    frozenset({"id", "ms", "jv"}),
    frozenset({"zh"}),
    frozenset({"sr", "hr", "bs"}),
    frozenset({"no", "nn", "da"}),
    frozenset({"cs", "sk"}),
    frozenset({"es", "gl", "ca", "an", "ext"}),
    frozenset({"pt", "gl"}),
    frozenset({"ru", "uk", "be", "bg", "mk"}),
    frozenset({"fa", "tg", "ur", "ps"}),
    frozenset({"hi", "mr", "ne"}),
)


@functools.cache
def _identifier() -> LanguageIdentifier:
    """Loaded on first use (about half a second), then shared."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text)) + (IDEOGRAPH_WEIGHT - 1) * len(_IDEOGRAPH.findall(text))


def relatives(code: str) -> frozenset[str]:
    """``code`` and the close relatives the model confuses it with on short texts (``ms``: ``id``, ``jv``)."""
    return next((group for group in _RELATIVES if code in group), frozenset({code}))


def identify(text: str) -> tuple[str, float]:
    """The likeliest language of ``text`` and how sure that is (0-1); ``("und", 0.0)`` when too short."""
    head = text[:HEAD_CHARS]
    if _letters(head) < MIN_LETTERS:
        return UNKNOWN, 0.0
    pooled: dict[str, float] = {}
    best, best_p = UNKNOWN, 0.0
    for label, p in _identifier().rank(head):
        code = _TO_639_1.get(label, label)
        pooled[code] = pooled.get(code, 0.0) + p
        if pooled[code] > best_p:
            best, best_p = code, pooled[code]
    if best == "zxx":  # the model's "no linguistic content"
        return UNKNOWN, 0.0
    confidence = sum(pooled.get(code, 0.0) for code in relatives(best))
    return best, min(confidence, 1.0)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` (639-3 for a language without one), ``"und"`` when unsure."""
    code, confidence = identify(text)
    return code if confidence >= MIN_CONFIDENCE else UNKNOWN


def declared_code(value: str) -> str | None:
    """The ISO 639-1 code (639-3 where a language has none) of a declared language, ``None`` if unknown.

    Accepts what people and pages write: a code with a region or script
    (``pt-BR``, ``zh_Hant_TW``), a three-letter or retired code (``deu``,
    ``ger``, ``iw``), or the language's name in English or in itself
    (``Portuguese``, ``português``, ``中文``). Blank and ``und`` give ``""``: not declared.
    """
    text = " ".join(value.split()).casefold()
    if text in ("", UNKNOWN):
        return ""
    codes, aliases = _codes()
    code = re.split(r"[-_]", text, maxsplit=1)[0]
    code = aliases.get(code, code)
    code = _TO_639_1.get(code, code)
    return code if code in codes else _names().get(text)


@functools.cache
def _codes() -> tuple[frozenset[str], dict[str, str]]:
    """CLDR's language codes, and Babel's aliases of retired and three-letter codes (``iw``, ``deu``).

    Babel also aliases codes that are current (Tagalog's ``tl`` to ``fil``); those stay themselves.
    """
    from babel import Locale
    from babel.core import get_global

    codes = frozenset(c for c in Locale("en").languages if re.fullmatch(r"[a-z]{2,3}", c))
    aliases = {
        alias: code
        for alias, code in get_global("language_aliases").items()
        if re.fullmatch(r"[a-z]{2,3}", alias) and alias not in codes and code in codes
    }
    return codes, aliases


@functools.cache
def _names() -> dict[str, str]:
    """Each language's autonym and English name, case-folded, to its code.

    Read from a few hundred CLDR locale files (about a second), only when a
    declared language is not a code.
    """
    from babel import Locale
    from babel.localedata import locale_identifiers

    codes, _ = _codes()
    english = Locale("en").languages
    names: dict[str, str] = {}
    for code in sorted(codes.intersection(locale_identifiers())):
        names.setdefault(Locale(code).languages.get(code, "").casefold(), _TO_639_1.get(code, code))
    for code in sorted(codes):
        names.setdefault(english[code].casefold(), _TO_639_1.get(code, code))
    names.pop("", None)
    return names


class SentenceLanguages:
    """The language of each sentence of one article: its own when the sentence is long enough and
    clearly in another language than the article, else the article's.

    A sentence in another script needs fewer letters and less confidence (an English caption in a
    Chinese article). A sentence that uses two or more of the article's most frequent lower-case
    words (its function words: "the", "yang", "und") is in the article's language without asking
    the model, which keeps the per-sentence cost low: most sentences take that path.
    """

    def __init__(self, article_text: str, article_language: str) -> None:
        sample = article_text[:SAMPLE_CHARS]
        self.language = article_language
        self.script = script(sample)
        counts = collections.Counter(w for w in _WORD.findall(sample) if w.islower())
        self.common = frozenset(w for w, n in counts.most_common(COMMON_WORDS) if n >= 2)

    def __call__(self, text: str) -> str:
        letters = _letters(text)
        if (
            letters < SENTENCE_OTHER_SCRIPT_MIN_LETTERS
            or len(self.common.intersection(_WORD.findall(text))) >= 2
        ):
            return self.language
        if letters < SENTENCE_MIN_LETTERS and not self._other_script(text):
            return self.language
        label, confidence = _identifier().classify(text)  # the best label only: cheaper than identify()
        code = _TO_639_1.get(label, label)
        if code == "zxx" or code in relatives(self.language):
            return self.language
        needed = SENTENCE_OTHER_SCRIPT_CONFIDENCE if self._other_script(text) else SENTENCE_MIN_CONFIDENCE
        return code if confidence >= needed else self.language

    def _other_script(self, text: str) -> bool:
        return bool(self.script) and script(text) != self.script
