"""Split a sentence into clauses, the finer units the aligner also compares.

News sentences often pack two facts into one ("Putin, welcomed with a 21-gun
salute, said the partnership is a priority"). Comparing clauses as well as whole
sentences lets such a sentence match each fact it carries.
"""

from __future__ import annotations

import re

from dashboard.pipeline.scripts import chars

# Commas, semicolons, colons, dashes, brackets and quotes, ASCII and full-width (Chinese and
# Japanese write "，；：、（）「」"), and contrastive conjunctions of several languages.
_BREAK = re.compile(
    r"\s*(?:[,;:–—()\[\]“”\"‘’«»，；：、（）「」『』【】《》]|\s-\s"
    r"|\b(?:namun|tetapi|sementara|sedangkan|but|while|whereas|mais|tandis\s+que|aber|während|jedoch"
    r"|pero|mientras|però|ma\s+anche|но|однако|тогда\s+как|nhưng|tuy\s+nhiên|trong\s+khi)\b)\s*",
    re.IGNORECASE,
)
_IDEOGRAPH = re.compile(f"[{chars('CJK')}]")
# Thai, Lao, Myanmar and Khmer: alphabets that do not space their words either.
_UNSPACED = re.compile(f"[{chars('THAI', 'LAO', 'MYANMAR', 'KHMER')}]")
# Tibetan marks syllables, not words, with a tsheg (་): a syllable is a run of its letters (not its
# marks and digits, the rest of the script's block).
_TIBETAN_SYLLABLE = re.compile(r"[\u0f40-\u0fbc]+")
MIN_WORDS = 4


def words(text: str) -> float:
    """Words in ``text``; where words are not spaced, two characters of Chinese or Japanese make
    one, four of Thai, Lao, Myanmar or Khmer (letters and their vowel and tone marks), and two
    Tibetan syllables."""
    ideographs = len(_IDEOGRAPH.findall(text))
    unspaced = len(_UNSPACED.findall(text))
    syllables = len(_TIBETAN_SYLLABLE.findall(text))
    if not ideographs and not unspaced and not syllables:
        return len(text.split())
    unspaced_scripts = (_IDEOGRAPH, _UNSPACED, _TIBETAN_SYLLABLE)
    spaced = sum(1 for token in text.split() if not any(p.search(token) for p in unspaced_scripts))
    return spaced + ideographs / 2 + unspaced / 4 + syllables / 2


def split_clauses(sentence: str) -> list[str]:
    """Clauses of at least ``MIN_WORDS`` words; the whole sentence if none qualify.

    Clauses shorter than that carry too little meaning to match on their own.
    """
    parts = (p.strip(" .!?。！？") for p in _BREAK.split(sentence))
    clauses = [p for p in parts if words(p) >= MIN_WORDS]
    if len(clauses) <= 1:
        return [sentence]
    return clauses
