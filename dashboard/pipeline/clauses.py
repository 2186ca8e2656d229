"""Split a sentence into clauses, the finer units the aligner also compares.

News sentences often pack two facts into one ("Putin, welcomed with a 21-gun
salute, said the partnership is a priority"). Comparing clauses as well as whole
sentences lets such a sentence match each fact it carries.
"""

from __future__ import annotations

import re

# Commas, semicolons, colons, dashes, brackets, quotes and contrastive
# conjunctions separate clauses in Indonesian and English news prose; the
# full-width marks and the enumeration comma do in Chinese and Japanese.
_BREAK = re.compile(
    r"\s*(?:[,;:–—()\[\]“”\"‘’，；：、（）「」『』]|\s-\s"
    r"|\b(?:namun|tetapi|sementara|sedangkan|but|while|whereas)\b)\s*",
    re.IGNORECASE,
)
MIN_WORDS = 4
#: Scripts written without spaces: about two characters make a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def split_clauses(sentence: str) -> list[str]:
    """Clauses of at least ``MIN_WORDS`` words; the whole sentence if none qualify.

    Clauses shorter than that carry too little meaning to match on their own.
    """
    parts = (p.strip(" .!?") for p in _BREAK.split(sentence))
    clauses = [p for p in parts if words(p) >= MIN_WORDS]
    if len(clauses) <= 1:
        return [sentence]
    return clauses


def words(text: str) -> int:
    """Words in ``text``; in scripts written without spaces, every two characters count as one."""
    unspaced = len(_UNSPACED.findall(text))
    return len(_UNSPACED.sub(" ", text).split()) + unspaced // 2
