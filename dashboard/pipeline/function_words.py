"""Function words of a language ("dengan", "und", "les"): stopwordsiso's lists, read in one place."""

from __future__ import annotations

import functools

import stopwordsiso


@functools.cache
def function_words(code: str) -> frozenset[str]:
    """Lower-case function words of ``code`` (ISO 639-1); empty for a language stopwordsiso does not know."""
    if not code or not stopwordsiso.has_lang(code):
        return frozenset()
    return frozenset(w.lower() for w in stopwordsiso.stopwords(code))
