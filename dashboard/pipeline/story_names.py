"""The story's names: the proper nouns most of its articles repeat, and texts without them.

Between two languages, e5 rates sentences alike for sharing the story's names
("Putin", "Vietnam", "Hanoi", "Presiden") whatever each says about them, so a
German sentence finds its closest Indonesian one by names rather than by what
it reports. A name that most articles use tells one fact from another no
better than the story's title does (the idea behind inverse document
frequency), so the aligner also embeds each sentence without them and uses
those vectors, in part, for pairs in two languages
(:attr:`~dashboard.pipeline.align.AlignConfig.neutral_weight`).

A name is a word that starts with a capital letter (so only scripts with
capitals have names here) and stands in at least ``STORY_SHARE`` of the
story's articles. On the seeds and the dev set those are "Putin", "Vietnam",
"Hanoi", "Lam", "Korea", "Rusia", "Presiden", "Kamis" and a few more.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from dashboard.pipeline.models import Sentence

#: A word is one of the story's names when at least this share of its articles use it.
STORY_SHARE = 0.4
#: Fewer articles than this make no story to speak of.
MIN_ARTICLES = 3

_WORD = re.compile(r"[^\W\d_][\w-]*")
_SPACES = re.compile(r"[^\S\n]{2,}")


def story_names(articles: Iterable[Iterable[str]]) -> frozenset[str]:
    """The capitalised words that at least ``STORY_SHARE`` of ``articles`` (each its sentences) use."""
    counts: Counter[str] = Counter()
    n = 0
    for sentences in articles:
        n += 1
        counts.update({w for text in sentences for w in _WORD.findall(text) if w[0].isupper()})
    if n < MIN_ARTICLES:
        return frozenset()
    return frozenset(w for w, c in counts.items() if c >= STORY_SHARE * n)


def names_of(sentences: Iterable[Sentence]) -> frozenset[str]:
    """:func:`story_names` of sentences, grouped into their articles."""
    by_article: dict[str, list[str]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article_id, []).append(sentence.text)
    return story_names(by_article.values())


def without_names(text: str, names: frozenset[str]) -> str:
    """``text`` with the story's ``names`` left out (spaces closed up).

    Unchanged when it has none, or when no word but names would be left ("Vladimir Putin"):
    an empty text would be embedded as nothing in particular.
    """
    if not names:
        return text
    out = _WORD.sub(lambda m: "" if m[0] in names else m[0], text)
    if out == text or not _WORD.search(out):
        return text
    return _SPACES.sub(" ", out).strip()


def only_names(text: str, names: frozenset[str], function_words: frozenset[str]) -> bool:
    """Whether ``text`` has words and every one is a story name or a function word (lower case):
    a caption such as "Putin dengan Presiden Vietnam To Lam." states nothing to compare."""
    found = _WORD.findall(text)
    return bool(names and found) and all(w in names or w.lower() in function_words for w in found)
