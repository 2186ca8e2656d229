"""Reading figures from sentences: pick the language's grammar, read, attach context."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from dashboard.pipeline.figures import id_en, reader
from dashboard.pipeline.figures.context import with_context
from dashboard.pipeline.figures.grammar import ascii_digits
from dashboard.pipeline.figures.lexicon import infer_language, lexicon, lexicons, readable
from dashboard.pipeline.figures.model import Quantity
from dashboard.pipeline.figures.scan import MAX_FIGURES, Scan, excluded_spans
from dashboard.pipeline.models import Sentence

#: Languages read by the tuned Indonesian/English grammar; every other lexicon uses :mod:`.reader`.
_ID_EN = frozenset({"id", "en"})


def extract(
    text: str, *, sentence_id: str = "", article_id: str = "", outlet: str = "", language: str = ""
) -> list[Quantity]:
    """Every figure in ``text`` (one sentence), in reading order. Never raises on odd input.

    ``language`` (ISO 639-1) is a hint: the text's script and function words decide, and it
    only breaks ties (:func:`.lexicon.infer_language`). Digits of any script are read (``۱۱``, ``১১``).
    """
    plain = ascii_digits(text)  # same length: offsets and ``raw`` still point into ``text``
    lang = infer_language(plain, language)
    # A language with no lexicon, not even CLDR's, is read with a fallback's number format, but it
    # is still the sentence's language (not the fallback Indonesian).
    reported = language if language and not readable(language) else lang
    # Languages read through CLDR include those that put a case ending on a number ("2023'te").
    scan = Scan(plain, lang, excluded_spans(plain, case_endings=lang not in lexicons()))
    found = id_en.read(scan) if lang in _ID_EN else reader.read(scan, lexicon(lang))
    found.sort(key=lambda f: f.figure.start)
    del found[MAX_FIGURES:]  # no sentence states more; a wall of "1% 2% ..." must not fill memory
    return [
        replace(
            f,
            raw=text[f.start : f.end],
            sentence_id=sentence_id,
            article_id=article_id,
            outlet=outlet,
            sentence=text,
            language=reported,
        )
        for f in with_context(plain, found)
    ]


def extract_sentences(sentences: Iterable[Sentence]) -> list[Quantity]:
    """Figures of every non-boilerplate sentence, tagged with its ids, outlet and language."""
    figures: list[Quantity] = []
    for s in sentences:
        if s.role != "boilerplate":
            figures.extend(
                extract(
                    s.text, sentence_id=s.id, article_id=s.article_id, outlet=s.outlet, language=s.language
                )
            )
    return figures
