"""Per-language lexicons, read from ``lexicons/<code>.toml``: adding a language means adding a file.

A lexicon gives a language's decimal and thousands marks, scale words, number words up to
twenty, dozen words, vague quantities, qualifier words (mapped to the codes of
:data:`~dashboard.pipeline.figures.model.QUALIFIER_WORDS`), currency words and the nouns
that name what is counted. ``entities.toml`` maps country names in every language to one
English name.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.pipeline.models import PipelineError
from dashboard.pipeline.scripts import HAN, HANGUL_SYLLABLES, KANA, chars

HERE = Path(__file__).parent
LEXICON_DIR = HERE / "lexicons"

#: Language of a text from its script, before any word counting.
_HAN = re.compile(f"[{HAN}]")
_KANA = re.compile(f"[{KANA}]")
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")
_CYRILLIC = re.compile(f"[{chars('CYRILLIC')}]")
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ]")
_WORD = re.compile(r"\w+")  # cheap: it runs over every sentence; only whole lexicon words vote


@dataclass(frozen=True)
class Lexicon:
    code: str
    name: str
    decimal: str
    group: tuple[str, ...]
    hints: frozenset[str]
    stopwords: frozenset[str]  # words that end a counted noun phrase (default: the hints)
    letters: str  # letters that only this lexicon's language uses among the spaced-script ones
    percent: tuple[str, ...]
    links: tuple[str, ...]  # words between a number and its unit or noun ("3 millions de dollars")
    entity_links: tuple[str, ...]  # words linking a figure to its entity ("with China")
    classifiers: tuple[str, ...]
    since: tuple[str, ...]  # words that make the year after them a starting point ("seit 2017")
    since_after: tuple[str, ...]  # the same, written after the year ("2017年以来")
    text2num_roots: tuple[str, ...]  # word parts that send a word to text2num ("dreiundzwanzig")
    ordinal_markers: tuple[str, ...]  # words before a number that make it an ordinal ("thứ 5", "第5")
    articles: frozenset[str]  # words for "one" that count only before a dozen or scale word
    months: dict[str, int]  # month names (lowercase) -> 1-12
    compounds: bool
    match: str  # "word": things are whole words; "stem": word beginnings
    spaceless: bool  # written without spaces between words (zh)
    particles: tuple[str, ...]  # endings a word may carry ("달러를"): a unit or noun may end in one
    date_marks: tuple[str, str, str]  # year, month and day marks ("年", "月", "日|号"); "" when none
    month_first: bool  # a date names the month before the day ("június 20.")
    scales: dict[str, float]
    scales_before: dict[str, float]  # scale words written before the number (Swahili "bilioni 3.6")
    numbers: dict[str, float]
    dozens: dict[str, float]
    about_numbers: dict[str, float]
    phrases: dict[str, float]
    ranges: dict[str, tuple[float, float]]
    qualifiers: dict[str, str]  # phrase (lowercase) -> qualifier code
    qualifiers_after: dict[str, str]
    currencies: dict[str, str]  # word or symbol as written -> ISO code
    things: dict[str, str]  # lowercase stem -> normalised thing


#: Normalised things that are sums of money: a money figure's thing is searched among these.
MONEY_THINGS = frozenset(
    {"trade", "investment", "exports", "imports", "budget", "aid", "price", "debt", "loans"}
)

#: Keys a lexicon file may have; anything else is a typo worth a clear message.
_KEYS = {
    *(
        "language",
        "name",
        "decimal",
        "group",
        "hints",
        "stopwords",
        "letters",
        "percent",
        "links",
        "entity_links",
    ),
    *("classifiers", "text2num_roots", "ordinal_markers", "articles", "months", "compounds", "match"),
    *("spaceless", "scales", "scales_before", "numbers", "dozens", "about_numbers", "phrases", "ranges"),
    *("qualifiers", "qualifiers_after", "currencies", "things", "since", "since_after", "particles"),
    *("date_marks", "month_first"),
}
_QUALIFIER_CODES = {"about", "nearly", "more_than", "at_least", "at_most", "less_than"}


def load_lexicon(path: Path) -> Lexicon:
    """One lexicon file; a malformed one raises :class:`PipelineError` naming the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        _check(data)
        return _load(data)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as err:
        raise PipelineError(f"figure lexicon {path.name}: {err}") from err


def _check(data: dict[str, Any]) -> None:
    if unknown := sorted(set(data) - _KEYS):
        raise ValueError(f"unknown key(s) {', '.join(unknown)}")
    for key in ("language", "name", "decimal"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ValueError(f"'{key}' must be a non-empty string")
    for table in ("qualifiers", "qualifiers_after"):
        if bad := sorted(set(data.get(table, {})) - _QUALIFIER_CODES):
            raise ValueError(
                f"[{table}] has unknown code(s) {', '.join(bad)}; use {sorted(_QUALIFIER_CODES)}"
            )
    if len(data.get("months", [])) not in (0, 12):
        raise ValueError("'months' must list twelve months")
    if len(data.get("date_marks", ["", "", ""])) != 3:
        raise ValueError("'date_marks' must list the year, month and day marks")


def _load(data: dict[str, Any]) -> Lexicon:
    def by_code(table: dict[str, list[str]], lower: bool = True) -> dict[str, str]:
        return {(w.lower() if lower else w): code for code, words in table.items() for w in words}

    def lowered(table: dict[str, float]) -> dict[str, float]:
        return {k.lower(): float(v) for k, v in table.items()}

    return Lexicon(
        code=data["language"],
        name=data["name"],
        decimal=data["decimal"],
        group=tuple(data.get("group", ())),
        hints=frozenset(w.lower() for w in data.get("hints", ())),
        stopwords=frozenset(w.lower() for w in data.get("stopwords", data.get("hints", ()))),
        letters=data.get("letters", ""),
        percent=tuple(data.get("percent", ("%",))),
        links=tuple(data.get("links", ())),
        entity_links=tuple(w.lower() for w in data.get("entity_links", ())),
        classifiers=tuple(data.get("classifiers", ())),
        since=tuple(data.get("since", ())),
        since_after=tuple(data.get("since_after", ())),
        text2num_roots=tuple(data.get("text2num_roots", ())),
        ordinal_markers=tuple(data.get("ordinal_markers", ())),
        articles=frozenset(w.lower() for w in data.get("articles", ())),
        months={m.lower(): i for i, names in enumerate(data.get("months", []), 1) for m in names.split()},
        compounds=bool(data.get("compounds", False)),
        match=data.get("match", "stem"),
        spaceless=bool(data.get("spaceless", False)),
        particles=tuple(data.get("particles", ())),
        date_marks=tuple(data.get("date_marks", ("", "", ""))),
        month_first=bool(data.get("month_first", False)),
        scales=lowered(data.get("scales", {})),
        scales_before=lowered(data.get("scales_before", {})),
        numbers=lowered(data.get("numbers", {})),
        dozens=lowered(data.get("dozens", {})),
        about_numbers=lowered(data.get("about_numbers", {})),
        phrases=lowered(data.get("phrases", {})),
        ranges={k.lower(): (float(v[0]), float(v[1])) for k, v in data.get("ranges", {}).items()},
        qualifiers=by_code(data.get("qualifiers", {})),
        qualifiers_after=by_code(data.get("qualifiers_after", {})),
        currencies=by_code(data.get("currencies", {}), lower=False),
        things=by_code(data.get("things", {})),
    )


@functools.cache
def lexicons() -> dict[str, Lexicon]:
    """Every lexicon, by ISO 639-1 code."""
    found = {lex.code: lex for lex in map(load_lexicon, sorted(LEXICON_DIR.glob("*.toml")))}
    if not found:
        raise PipelineError(f"no figure lexicons in {LEXICON_DIR}")
    return found


def lexicon(code: str) -> Lexicon:
    """The hand lexicon of ``code``, else one from CLDR (:mod:`.cldr`); ``KeyError`` when neither has it."""
    if found := lexicons().get(code) or _cldr(code):
        return found
    raise KeyError(code)


def readable(code: str) -> bool:
    """Whether a lexicon, hand-written or from CLDR, reads language ``code``."""
    return code in lexicons() or _cldr(code) is not None


def _cldr(code: str) -> Lexicon | None:
    from dashboard.pipeline.figures.cldr import cldr_lexicon  # it builds on this module

    return cldr_lexicon(code)


@functools.cache
def entity_names() -> dict[str, str]:
    """Entity names as written, in every language, -> one English name."""
    data = tomllib.loads((HERE / "entities.toml").read_text(encoding="utf-8"))
    return {name: canonical for canonical, names in data.items() for name in names}


def infer_language(text: str, declared: str = "") -> str:
    """The lexicon language of ``text``: script first, then words and letters; ``declared`` breaks ties.

    ``declared`` (the sentence's language from segmentation) may be empty or wrong, so the text's
    own evidence wins: each word that is one of a lexicon's function, scale, qualifier, currency,
    number or thing words, and each of its distinctive letters (``ß``, ``ç``, ``ñ``), is a vote.
    A declared language is one more vote. With no votes it falls back to ``declared``, else
    Indonesian (the corpus's language). A declared language with no file here but a CLDR
    lexicon (:mod:`.cldr`) is read with that lexicon when the text is in its script, not with a
    neighbour's that would misread it (Portuguese as Spanish); see :func:`_cldr_reading`.
    """
    known = lexicons()
    plain = text.isascii()  # most of the corpus: no script or letter to look for
    words = _WORD.findall(text.lower())
    if declared and declared not in known and (cldr := _cldr_reading(text, words, declared)):
        return cldr
    # A script decides when it carries a real share of the text, not one quoted name ("Tô Lâm").
    if not plain and (script := _script(text, words)):
        return script
    if declared == "vi" and _VIETNAMESE.search(text):
        return "vi"  # a short line with few of its own letters ("hạ cánh ngày 20/6"); "ạ" is no other's
    votes, letters = _votes()
    counts: dict[str, int] = {}
    for word in words:
        for code in votes.get(word, ()):
            counts[code] = counts.get(code, 0) + 1
    for char in () if plain else _LETTERS.findall(text):
        code = letters[char]
        counts[code] = counts.get(code, 0) + 1
    fallback = declared if declared in known and declared not in {"zh", "ru", "vi"} else "id"
    if declared == fallback:
        counts[fallback] = counts.get(fallback, 0) + 1  # a declared language is one vote
    if not counts:
        return fallback
    best = max(counts.values())
    return fallback if counts.get(fallback) == best else max(counts, key=lambda c: counts[c])


def _cldr_reading(text: str, words: list[str], declared: str) -> str:
    """``declared``, to be read with its CLDR lexicon, when the text is in its script; else "".

    A language with no file here is read with CLDR's (Portuguese, not its neighbour Spanish),
    unless the text is in another script (a Chinese quote in it). Where the language detector
    confuses it with a relative that has a file (Malay and Indonesian), the number words the
    sentence uses decide: Indonesian ``3,6 miliar``, ``20 Juni``; Malay ``3.6 bilion``, ``20 Jun``.
    """
    from dashboard.pipeline.figures.cldr import native_script
    from dashboard.pipeline.language import relatives
    from dashboard.pipeline.scripts import script

    if not (own := native_script(declared)) or own != script(text):
        return ""
    candidates = [declared, *sorted(relatives(declared) & set(lexicons()))]
    tally = {code: sum(word in _number_words(code) for word in words) for code in candidates}
    return max(candidates, key=lambda code: (tally[code], code == declared))


@functools.cache
def _number_words(code: str) -> frozenset[str]:
    """The language's scale, month, currency and number words, lower case."""
    lex = lexicon(code)
    return frozenset({*lex.scales, *lex.months, *lex.numbers, *(c.lower() for c in lex.currencies)})


def _script(text: str, words: list[str]) -> str:
    """``ko``, ``ja``, ``zh``, ``ru`` or ``vi`` when that script carries the text, else ""."""
    if _HANGUL.search(text) and sum(bool(_HANGUL.search(w)) for w in words) * 3 >= len(words):
        return "ko"
    if _KANA.search(text) and len(_KANA.findall(text)) * 4 >= len(words):
        return "ja"  # kanji too, but kana are Japanese only
    if _HAN.search(text) and len(_HAN.findall(text)) * 4 >= len(words):
        return "zh"
    if _CYRILLIC.search(text) and sum(bool(_CYRILLIC.search(w)) for w in words) * 3 >= len(words):
        return "ru"
    if _VIETNAMESE.search(text) and sum(bool(_VIETNAMESE.search(w)) for w in words) * 4 >= len(words):
        return "vi"
    return ""


_LETTERS = re.compile("[äöüßçêëîïôûœñ¿¡ìò]")


@functools.cache
def _votes() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Word -> the spaced-script lexicons it belongs to; distinctive letter -> its lexicon."""
    votes: dict[str, set[str]] = {}
    letters: dict[str, str] = {}
    for code, lex in lexicons().items():
        if lex.spaceless:
            continue
        words = {*lex.hints, *lex.scales, *lex.numbers, *lex.dozens, *lex.about_numbers, *lex.percent}
        words |= {
            w for phrase in [*lex.qualifiers, *lex.currencies, *lex.things] for w in phrase.lower().split()
        }
        for word in words:
            if _WORD.fullmatch(word):
                votes.setdefault(word, set()).add(code)
        letters |= dict.fromkeys(lex.letters, code)
    return {w: tuple(sorted(c)) for w, c in votes.items()}, letters


def normalise_thing(thing: str, language: str = "") -> str:
    """:func:`known_thing`, else the phrase's first word (``alasan`` stays ``alasan``)."""
    words = thing.lower().split()
    return known_thing(thing, language) or (words[0] if words else "")


def known_thing(thing: str, language: str = "") -> str:
    """The normalised thing a noun phrase counts (``nota kerja sama``/``документов`` -> ``agreements``).

    The head word is looked up as written in every lexicon; then the stems of the phrase's
    language are tried (of every language when it is not given or has no file, after its CLDR
    lexicon's durations). A stem matches a word it starts (or, in a compounding language, is
    inside) or, in a language written without spaces, the phrase's start. Unknown phrases give "".
    """
    phrase = thing.lower().strip()
    if not phrase:
        return ""
    words = phrase.split()
    if hit := _exact_things().get(words[0]):
        return hit
    known = lexicons()
    # A language with no file: its CLDR lexicon's things (durations) first, then every file's stems.
    order = [language] if language in known else [*([language] if readable(language) else []), *known]
    for code in order:
        for stem, norm, lex in _stems(code):
            if lex.spaceless or " " in stem:
                if phrase.startswith(stem):
                    return norm
            elif any(w.startswith(stem) or (lex.compounds and stem in w) for w in words[:3]):
                return norm
    return ""


@functools.cache
def _exact_things() -> dict[str, str]:
    return {w: norm for lex in lexicons().values() if lex.match == "word" for w, norm in lex.things.items()}


@functools.cache
def _stems(code: str) -> list[tuple[str, str, Lexicon]]:
    """A stem-matching language's things, longest stem first (``合作文件`` before ``文件``)."""
    lex = lexicon(code)
    if lex.match == "word":
        return []
    return [(stem, norm, lex) for stem, norm in sorted(lex.things.items(), key=lambda kv: -len(kv[0]))]
