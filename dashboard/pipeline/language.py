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

import functools
import unicodedata

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: Language is judged from the top of a (possibly huge) text.
HEAD_CHARS = 20_000
#: Unknown below this many letters (an ideograph counts as ``IDEOGRAPH_WEIGHT`` letters).
MIN_LETTERS = 10
#: Unknown below this confidence (the guess's probability, pooled with its close relatives).
MIN_CONFIDENCE = 0.3
#: A sentence gets its own language only when it is at least this long ...
SENTENCE_MIN_LETTERS = 25
#: ... and this sure; in another script than its article's lower bars suffice.
SENTENCE_MIN_CONFIDENCE = 0.9
SENTENCE_OTHER_SCRIPT_MIN_LETTERS = 12
SENTENCE_OTHER_SCRIPT_CONFIDENCE = 0.5
IDEOGRAPH_WEIGHT = 3  # a Chinese or Japanese character carries about a word's information
UNKNOWN = "und"

# The model's few non-ISO-639-1 labels that have a 639-1 macrolanguage; the rest stay ISO 639-3.
_TO_639_1 = {"yue": "zh", "wuu": "zh", "ary": "ar", "arz": "ar", "hbo": "he", "gug": "gn", "uzs": "uz"}
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
    weight = 0
    for c in text:
        if c.isalpha():
            weight += IDEOGRAPH_WEIGHT if _is_ideograph(c) else 1
    return weight


def _is_ideograph(c: str) -> bool:
    return "\u3040" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uac00" <= c <= "\ud7af"


def _relatives(code: str) -> frozenset[str]:
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
    confidence = sum(pooled.get(code, 0.0) for code in _relatives(best))
    return best, min(confidence, 1.0)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` (639-3 for a language without one), ``"und"`` when unsure."""
    code, confidence = identify(text)
    return code if confidence >= MIN_CONFIDENCE else UNKNOWN


def script(text: str) -> str:
    """The writing system most of the letters of ``text`` are in ("LATIN", "CJK", "ARABIC" ...)."""
    counts: dict[str, int] = {}
    for c in text[:HEAD_CHARS]:
        if c.isalpha():
            name = "CJK" if _is_ideograph(c) else unicodedata.name(c, "UNKNOWN").split(" ", 1)[0]
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def sentence_language(text: str, article_language: str, article_script: str = "") -> str:
    """The sentence's own language when it is long enough and clearly not the article's, else the article's.

    ``article_script`` (see :func:`script`) lowers the bar for a sentence written in another
    script: an English caption in a Chinese article.
    """
    letters = _letters(text)
    if letters < SENTENCE_OTHER_SCRIPT_MIN_LETTERS:
        return article_language
    other_script = bool(article_script) and script(text) != article_script
    if letters < SENTENCE_MIN_LETTERS and not other_script:
        return article_language
    code, confidence = identify(text)
    if code == UNKNOWN or code in _relatives(article_language):
        return article_language
    needed = SENTENCE_OTHER_SCRIPT_CONFIDENCE if other_script else SENTENCE_MIN_CONFIDENCE
    return code if confidence >= needed else article_language
