"""Tables behind the views: filters, the fact x outlet matrix, outlet statistics, CSV export.

Pure pandas over the pipeline's objects (no streamlit), so every number the app
shows can be tested without a browser. Facts arrive in the aligner's order
(multi-outlet facts first, most outlets first, then exclusives); functions here
keep that order unless they sort explicitly.

``fact_topics`` maps a fact id to the ids of its topics
(``dict[str, tuple[str, ...]]``); the functions taking it also work without it
(``None``: the topic filter and the topic sort leave the facts as they are).
"""

from __future__ import annotations

import datetime
import io
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from dashboard.charts import figures as figure_charts
from dashboard.pipeline.discrepancies import Discrepancy
from dashboard.pipeline.figures import QUALIFIER_WORDS, Quantity
from dashboard.pipeline.models import Fact

if TYPE_CHECKING:
    import pandas as pd

FactTopics = Mapping[str, Sequence[str]]

#: A cell starting with one of these is read as a formula by spreadsheet programs.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A fact's label shortened to one line (matrix rows).
LABEL_CHARS = 72


def frame(rows: Iterable[Any], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``pd.DataFrame(rows, columns=columns)``, pandas imported on first use: the first view
    (the matrix) needs no table, and importing pandas took 0.3 s of the cold first open."""
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- small helpers


def outlets_of(facts: Iterable[Fact], article_outlets: Iterable[str] = ()) -> list[str]:
    """Outlets in a stable order: those of the articles first, then any others the facts name."""
    order = dict.fromkeys(article_outlets)
    for fact in facts:
        order.update(dict.fromkeys(fact.outlets))
    return list(order)


#: ASCII is one column a character; only the rest needs a look-up (the matrix measures every label
#: and hover of a page on each rerun, most of them ASCII).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _columns(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on screen: a wide (CJK, full-width) character counts two."""
    return len(text) + sum(_columns(c) - 1 for c in _NON_ASCII.findall(text))


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """One line of at most ``limit`` columns (see :func:`display_width`), cut at a word boundary
    (when the script has spaces) with an ellipsis."""
    flat = " ".join(text.split())
    if display_width(flat) <= limit:
        return flat
    if _NON_ASCII.search(flat) is None:
        cut = flat[: max(limit - 1, 0)]
    else:
        widths = itertools.accumulate(map(_columns, flat))
        cut = flat[: next(i for i, width in enumerate(widths) if width > limit - 1)]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def page_count(n_items: int, page_size: int) -> int:
    return max(1, math.ceil(n_items / page_size))


def clamp_page(page: int, n_items: int, page_size: int) -> int:
    """``page`` (1-based) moved into the pages that exist."""
    return min(max(1, page), page_count(n_items, page_size))


def page_slice(items: Sequence[Any], page: int, page_size: int) -> tuple[Sequence[Any], int]:
    """The items on ``page`` (clamped, see :func:`clamp_page`) and the page actually shown."""
    page = clamp_page(page, len(items), page_size)
    start = (page - 1) * page_size
    return items[start : start + page_size], page


def members_by_outlet(fact: Fact) -> dict[str, list[Any]]:
    """An outlet's sentences in a fact (normally one), best similarity first."""
    found: dict[str, list[Any]] = {}
    for member in fact.members:
        found.setdefault(member.outlet, []).append(member)
    for members in found.values():
        members.sort(key=lambda m: -m.similarity)
    return found


def coverage_summary(facts: Sequence[Fact]) -> tuple[int, int]:
    """(facts reported by 2+ outlets, exclusives)."""
    shared = sum(1 for f in facts if len(f.outlets) > 1)
    return shared, len(facts) - shared


# --------------------------------------------------------------------------- filters and sorting


def fact_count(fact: Fact, counts: Mapping[str, int] | None = None) -> int:
    """What the minimum-outlets filter and the coverage sort count: ``counts[fact.id]`` (such as its
    independent sources) when given, else its outlets."""
    return len(fact.outlets) if counts is None else counts.get(fact.id, len(fact.outlets))


def topic_labels(
    fact_topics: FactTopics | None, names: Mapping[str, str], *, skip: Collection[str] = ("other",)
) -> dict[str, str]:
    """Each fact's topics as one readable string ("Trade, Energy"); ``skip`` ids are left out."""
    if fact_topics is None:
        return {}
    return {
        fact_id: ", ".join(names.get(t, t) for t in ids if t not in skip)
        for fact_id, ids in fact_topics.items()
    }


def filter_by_topics(
    facts: Sequence[Fact], topics: Collection[str], fact_topics: FactTopics | None
) -> list[Fact]:
    """Facts in at least one of ``topics``; all facts when no topic is chosen."""
    if not topics or fact_topics is None:
        return list(facts)
    wanted = set(topics)
    return [f for f in facts if wanted.intersection(fact_topics.get(f.id, ()))]


def filter_facts(
    facts: Sequence[Fact],
    *,
    outlets: Collection[str] = (),
    min_outlets: int = 1,
    q: str = "",
    topics: Collection[str] = (),
    fact_topics: FactTopics | None = None,
    languages: Collection[str] = (),
    sentence_languages: Mapping[str, str] | None = None,
    counts: Mapping[str, int] | None = None,
) -> list[Fact]:
    """The facts the sidebar's filters keep, in their original order.

    ``outlets``: reported by at least one of them; ``min_outlets``: reported by at
    least that many outlets (or, with ``counts``, a fact id -> number such as its
    independent sources, at least that number); ``q``: some sentence of the fact
    contains the text (see :func:`search_pattern`); ``topics``: see
    :func:`filter_by_topics`; ``languages``: some sentence of the fact is in one of
    them (``sentence_languages`` maps a sentence id to its language).
    """
    wanted = set(outlets)
    pattern = search_pattern(q)
    tongues = set(languages)
    in_language = sentence_languages or {}
    kept = []
    for fact in filter_by_topics(facts, topics, fact_topics):
        reported = fact.outlets
        if fact_count(fact, counts) < min_outlets:
            continue
        if wanted and not wanted.intersection(reported):
            continue
        if pattern and search_match(fact, pattern) is None:
            continue
        if tongues and not any(in_language.get(m.sentence_id) in tongues for m in fact.members):
            continue
        kept.append(fact)
    return kept


# --------------------------------------------------------------------------- the story's name

#: Title words that name no story (Indonesian and English function words).
_STOPWORDS = """
yang dengan untuk dari dalam pada setelah akan atau juga ini itu adalah karena kepada oleh sebagai bagi
antara tentang the and for with from after about into over will this that have has says said what when
where which their more than news
"""
TITLE_STOPWORDS = frozenset(_STOPWORDS.split())
STORY_WORDS = 2  # words at most in a story name (it must fit the sidebar's box)


def story_name(articles: Sequence[Any]) -> str:
    """A name for a corpus: the words most of its titles share, and its date range.

    ``Putin Vietnam · 20–21 Jun 2024``. A word counts once
    per title and must occur in two titles or more; without such words, the
    date range alone; without dates, the number of articles.
    """
    first: dict[str, str] = {}
    titles: Counter[str] = Counter()
    for article in articles:
        words = re.findall(r"\w{4,}", article.title or "")
        for word in words:
            first.setdefault(word.casefold(), word)
        folded = (w.casefold() for w in words if not w.isdigit())
        titles.update(list(dict.fromkeys(w for w in folded if w not in TITLE_STOPWORDS)))  # once per title
    shared = [w for w, n in titles.most_common() if n >= 2][:STORY_WORDS]
    span = date_span([a.date for a in articles])
    name = " ".join(first[w] for w in shared)
    if name and span:
        return f"{name} · {span}"
    return name or span or plural_articles(len(articles))


def date_span(dates: Iterable[str]) -> str:
    """``20–21 Jun 2024``, ``30 Jun – 2 Jul 2024``, ``2023-12-30 to 2024-01-02``; ISO dates only."""
    days = sorted(d for d in (_iso_day(x) for x in dates) if d is not None)
    if not days:
        return ""
    a, b = days[0], days[-1]
    if a == b:
        return f"{a.day} {a:%b %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{a.isoformat()} to {b.isoformat()}"


def _iso_day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def plural_articles(n: int) -> str:
    return f"{n:,} article{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- search


class Match(NamedTuple):
    """Where a search matched a fact: the member's outlet and sentence, and the span in its flattened text."""

    outlet: str
    text: str  # the sentence, spaces collapsed
    start: int
    end: int


def search_pattern(q: str) -> re.Pattern[str] | None:
    """The text search as a pattern: case-insensitive, spaces collapsed, numbers whole.

    A search starting or ending with a digit does not match inside a longer
    number: "11" finds "11 perjanjian" but not "$111 miliar" or "3,11".
    """
    needle = " ".join(q.split())
    if not needle:
        return None
    body = r"\s+".join(re.escape(word) for word in needle.split(" "))
    before = r"(?<!\d)(?<!\d[.,])" if needle[0].isdigit() else ""
    after = r"(?![.,]?\d)" if needle[-1].isdigit() else ""
    return re.compile(before + body + after, re.IGNORECASE)


def search_match(fact: Fact, pattern: re.Pattern[str]) -> Match | None:
    """The first sentence of ``fact`` the search matches (its label's first), or ``None``."""
    members = sorted(fact.members, key=lambda m: m.sentence_id != fact.label_sentence_id)
    for member in members:
        flat = " ".join(member.text.split())
        found = pattern.search(flat)
        if found:
            return Match(member.outlet, flat, found.start(), found.end())
    return None


def match_snippet(match: Match, chars: int) -> tuple[str, str, str]:
    """(before, matched, after): the match with as much context as fits in ``chars`` columns."""
    hit = match.text[match.start : match.end]
    room = max(chars - display_width(hit), 8)
    before, after = match.text[: match.start], match.text[match.end :]
    keep_before = min(display_width(before), room // 3)
    head = _tail_columns(before, keep_before)
    if len(head) < len(before):  # cut: start at a whole word
        whole = before[-len(head) - 1] == " " if head else True
        head = "…" + (head if whole else head[head.find(" ") + 1 :] if " " in head else "")
    tail = shorten(after, room - display_width(head)) if after.strip() else ""
    if tail and after[0] == " ":
        tail = " " + tail
    return head, hit, tail


def _tail_columns(text: str, columns: int) -> str:
    """The end of ``text`` in at most ``columns`` columns."""
    out, width = "", 0
    for c in reversed(text):
        width += _columns(c)
        if width > columns:
            break
        out = c + out
    return out


# --------------------------------------------------------------------------- languages


def outlet_languages(articles: Iterable[Any]) -> dict[str, str]:
    """Each outlet's language: the most common one of its articles (ISO 639-1 codes)."""
    counts: dict[str, Counter[str]] = {}
    for article in articles:
        counts.setdefault(article.outlet, Counter())[article.language] += 1
    return {outlet: tally.most_common(1)[0][0] for outlet, tally in counts.items()}


def language_counts(articles: Iterable[Any]) -> dict[str, int]:
    """Articles per language, the most common first (ties in the articles' order)."""
    return dict(Counter(a.language for a in articles).most_common())


def all_labelled_in(
    facts: Sequence[Fact], language: str, sentence_languages: Mapping[str, str]
) -> list[Fact]:
    """Each fact labelled with its sentence in ``language`` when it has one (the closest to its label),
    never with a label another fact already has. Only the label's text changes:
    the label sentence, and each member's similarity to it, stay.

    A sentence may support two facts; relabelled in one language, both could
    pick it and read the same. Facts already labelled in ``language`` keep their
    label; each other one takes its closest sentence in that language that no
    fact uses yet, else keeps its own label (which the aligner made unique).
    """
    used = {
        " ".join(f.label.split()) for f in facts if sentence_languages.get(f.label_sentence_id) == language
    }
    out = []
    for fact in facts:
        if not language or sentence_languages.get(fact.label_sentence_id) == language:
            out.append(fact)
            continue
        mine = sorted(
            (m for m in fact.members if sentence_languages.get(m.sentence_id) == language),
            key=lambda m: -m.similarity,
        )
        free = next((m for m in mine if " ".join(m.text.split()) not in used), None)
        if free is None:
            out.append(fact)
            continue
        used.add(" ".join(free.text.split()))
        out.append(replace(fact, label=free.text))
    return out


def sort_facts(
    facts: Sequence[Fact],
    by: str = "coverage",
    *,
    fact_topics: FactTopics | None = None,
    topic_order: Sequence[str] = (),
    counts: Mapping[str, int] | None = None,
) -> list[Fact]:
    """Rows in display order.

    ``coverage``: most outlets first, so facts every outlet reports lead and
    exclusives come last (ties keep the aligner's order); with ``counts`` (fact id
    -> number, e.g. its independent sources) the highest number first, then most
    outlets. ``topic``: grouped by each fact's first topic (in ``topic_order``, then
    by id; facts without a topic last), by coverage within a topic. Without
    ``fact_topics`` a topic sort is a coverage sort.
    """
    position = {f.id: i for i, f in enumerate(facts)}

    def coverage_key(f: Fact) -> tuple[int, int, int]:
        return -fact_count(f, counts), -len(f.outlets), position[f.id]

    if by != "topic" or fact_topics is None:
        return sorted(facts, key=coverage_key)
    rank = {t: i for i, t in enumerate(topic_order)}

    def topic_key(f: Fact) -> tuple[int, int, str, int, int, int]:
        mine = tuple(fact_topics.get(f.id, ()))
        if not mine:
            return 1, 0, "", *coverage_key(f)
        first = mine[0]
        return 0, rank.get(first, len(rank)), str(first), *coverage_key(f)

    return sorted(facts, key=topic_key)


# --------------------------------------------------------------------------- contested cells


def contested_cells(
    facts: Sequence[Fact], discrepancies: Iterable[Discrepancy]
) -> dict[tuple[str, str], list[Discrepancy]]:
    """``(fact_id, outlet)`` cells whose sentence carries a figure outlets disagree on.

    Fact-level discrepancies name their fact; corpus-level ones (``contested_counts``)
    are placed on every fact holding one of their sentences.
    """
    facts_of_sentence: dict[str, list[str]] = {}
    for fact in facts:
        for sid in fact.sentence_ids:
            facts_of_sentence.setdefault(sid, []).append(fact.id)
    known = {f.id for f in facts}
    cells: dict[tuple[str, str], list[Discrepancy]] = {}
    for d in discrepancies:
        for side in d.values:
            fact_ids = [d.fact_id] if d.fact_id in known else facts_of_sentence.get(side["sentence_id"], [])
            for fact_id in fact_ids:
                bucket = cells.setdefault((fact_id, side["outlet"]), [])
                if not any(x is d for x in bucket):
                    bucket.append(d)
    return cells


def discrepancies_for_fact(fact: Fact, discrepancies: Iterable[Discrepancy]) -> list[Discrepancy]:
    """Discrepancies about this fact: its own, and corpus-wide ones that cite one of its sentences."""
    sentence_ids = set(fact.sentence_ids)
    return [
        d
        for d in discrepancies
        if d.fact_id == fact.id or any(side["sentence_id"] in sentence_ids for side in d.values)
    ]


# --------------------------------------------------------------------------- the matrix


MATRIX_COLUMNS = ("#", "fact_id", "Fact", "Outlets", "Disputed figure", "Topics")


def outlet_column(outlet: str) -> str:
    """The matrix column of an outlet: its name, unless that clashes with a fixed column."""
    return f"{outlet} (outlet)" if outlet in MATRIX_COLUMNS else outlet


def matrix_frame(
    facts: Sequence[Fact],
    outlets: Sequence[str],
    *,
    contested: Collection[tuple[str, str]] = (),
    start: int = 1,
    ranks: Mapping[str, int] | None = None,
    topic_labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per fact, one boolean column per outlet (does it report the fact?).

    Columns: ``#`` (rank, from ``start``), ``fact_id``, ``Fact`` (the label),
    ``Outlets`` (how many report it), ``Disputed figure`` and one per outlet
    (see :func:`outlet_column`). ``ranks`` gives the ``#`` of each fact (default:
    its position from ``start``); with ``topic_labels`` a ``Topics`` column
    follows ``Fact``.
    """
    rows = []
    for i, fact in enumerate(facts, start=start):
        reported = set(fact.outlets)
        row: dict[str, Any] = {
            "#": ranks.get(fact.id, i) if ranks else i,
            "fact_id": fact.id,
            "Fact": " ".join(fact.label.split()),
            "Topics": (topic_labels or {}).get(fact.id, ""),
            "Outlets": len(reported),
            "Disputed figure": any((fact.id, o) in contested for o in reported),
        }
        row.update({outlet_column(outlet): outlet in reported for outlet in outlets})
        rows.append(row)
    fixed = [
        "#",
        "fact_id",
        "Fact",
        *(["Topics"] if topic_labels is not None else []),
        "Outlets",
        "Disputed figure",
    ]
    columns = [*fixed, *(outlet_column(o) for o in outlets)]
    table = frame(rows, columns)
    for outlet in outlets:
        table[outlet_column(outlet)] = table[outlet_column(outlet)].astype(bool)
    return table


def outlet_coverage(facts: Sequence[Fact], outlets: Sequence[str]) -> dict[str, int]:
    """How many of ``facts`` each outlet reports."""
    counts = dict.fromkeys(outlets, 0)
    for fact in facts:
        for outlet in fact.outlets:
            if outlet in counts:
                counts[outlet] += 1
    return counts


#: Most outlet columns a chart draws (the matrix, topics x outlets).
MAX_OUTLET_COLUMNS = 30


def busiest_outlets(
    facts: Sequence[Fact],
    outlets: Sequence[str],
    chosen: Collection[str] = (),
    limit: int = MAX_OUTLET_COLUMNS,
) -> list[str]:
    """At most ``limit`` of ``outlets``, in their order: ``chosen`` first, then those reporting most.

    A chart with hundreds of outlet columns is neither readable nor quick to draw.
    """
    if len(outlets) <= limit:
        return list(outlets)
    covered = outlet_coverage(facts, outlets)
    ranked = sorted(outlets, key=lambda o: (o not in chosen, -covered[o]))
    keep = set(ranked[:limit])
    return [o for o in outlets if o in keep]


def columns_note(shown: int, total: int) -> str:
    """Says that a chart shows only :func:`busiest_outlets`, and which."""
    return (
        f"Showing {shown} of {total} outlets: those chosen in the sidebar's outlet filter, then those "
        "reporting the most of these facts. The CSV download has every outlet."
    )


def matrix_export_frame(facts: Sequence[Fact], outlets: Sequence[str]) -> pd.DataFrame:
    """The matrix for download: each outlet's cell holds its sentence (empty: does not report it)."""
    rows = []
    for i, fact in enumerate(facts, start=1):
        by_outlet = members_by_outlet(fact)
        row: dict[str, Any] = {
            "rank": i,
            "fact_id": fact.id,
            "fact": fact.label,
            "outlets": len(fact.outlets),
        }
        for outlet in outlets:
            row[_export_column(outlet)] = " | ".join(m.text for m in by_outlet.get(outlet, []))
        rows.append(row)
    return frame(rows, ["rank", "fact_id", "fact", "outlets", *map(_export_column, outlets)])


def _export_column(outlet: str) -> str:
    return f"{outlet} (outlet)" if outlet in ("rank", "fact_id", "fact", "outlets") else outlet


# --------------------------------------------------------------------------- outlets


#: A fact "most outlets report": more than this share of the other outlets do ...
BLINDSPOT_SHARE = 0.5
#: ... or it is among this many facts reported by the most outlets (so many outlets still have some).
BLINDSPOT_TOP = 10


def outlet_stats(facts: Sequence[Fact], outlets: Sequence[str]) -> pd.DataFrame:
    """Per outlet: facts covered, exclusives (only it reports them) and omissions (its blindspots).

    An omission is one of the story's main facts (:func:`main_facts`) in which no
    sentence of this outlet was matched.
    """
    lists = outlet_fact_lists(facts, outlets)
    covered = outlet_coverage(facts, outlets)
    rows = [
        {
            "outlet": outlet,
            "covered": covered[outlet],
            "exclusives": len(lists[outlet]["exclusives"]),
            "omissions": len(lists[outlet]["omissions"]),
        }
        for outlet in outlets
    ]
    return frame(rows, ["outlet", "covered", "exclusives", "omissions"])


def main_facts(
    facts: Sequence[Fact], outlets: Sequence[str], share: float = BLINDSPOT_SHARE, top: int = BLINDSPOT_TOP
) -> list[Fact]:
    """The story's main facts, most outlets first: reported by 2+ outlets and either by more than
    ``share`` of the outlets or among the ``top`` facts reported by the most outlets.

    The top N keeps the notion alive with many outlets, where few facts reach
    half of them (with 50 outlets, a fact in 12 articles is still a main fact).
    """
    shared = sorted((f for f in facts if len(f.outlets) > 1), key=lambda f: -len(f.outlets))
    n = len(outlets)
    return [f for i, f in enumerate(shared) if i < top or len(f.outlets) > share * n]


def outlet_fact_lists(facts: Sequence[Fact], outlets: Sequence[str]) -> dict[str, dict[str, list[Fact]]]:
    """Each outlet's exclusive facts and omitted facts (see :func:`outlet_stats`)."""
    lists: dict[str, dict[str, list[Fact]]] = {o: {"exclusives": [], "omissions": []} for o in outlets}
    for fact in facts:
        reported = set(fact.outlets)
        if len(reported) == 1:
            (only,) = reported
            if only in lists:
                lists[only]["exclusives"].append(fact)
    for fact in main_facts(facts, outlets):
        reported = set(fact.outlets)
        for outlet in outlets:
            if outlet not in reported:
                lists[outlet]["omissions"].append(fact)
    return lists


def blindspot_frame(facts: Sequence[Fact], outlets: Sequence[str], ranks: Mapping[str, int]) -> pd.DataFrame:
    """The corpus's blindspots: each main fact, how many outlets report it, and in which outlets no
    matching sentence was found (their count, then their names)."""
    rows = []
    for fact in main_facts(facts, outlets):
        reported = set(fact.outlets)
        missing = [o for o in outlets if o not in reported]
        rows.append(
            {
                "#": ranks.get(fact.id, 0),
                "fact": " ".join(fact.label.split()),
                "reported by": len(reported),
                "no matching sentence in": len(missing),
                "outlets without a match": ", ".join(missing),
            }
        )
    columns = ["#", "fact", "reported by", "no matching sentence in", "outlets without a match"]
    return frame(rows, columns)


# --------------------------------------------------------------------------- fact detail


def detail_rows(fact: Fact, outlets: Sequence[str]) -> pd.DataFrame:
    """One row per outlet: whether it reports the fact, its sentence, the similarity to the label."""
    by_outlet = members_by_outlet(fact)
    rows = []
    for outlet in outlets:
        members = by_outlet.get(outlet, [])
        if not members:
            rows.append(
                {"outlet": outlet, "reports": False, "sentence": "", "similarity": None, "sentence_id": ""}
            )
        for m in members:
            rows.append(
                {
                    "outlet": outlet,
                    "reports": True,
                    "sentence": m.text,
                    "similarity": round(float(m.similarity), 3),
                    "sentence_id": m.sentence_id,
                }
            )
    return frame(rows, ["outlet", "reports", "sentence", "similarity", "sentence_id"])


# --------------------------------------------------------------------------- figures


FIGURE_COLUMNS = [
    "outlet",
    "sentence",
    "raw",
    "value",
    "unit",
    "kind",
    "entity",
    "year",
    "qualifier",
    "language",
    "ambiguous",
    "note",
    "sentence_id",
]


def figures_frame(figures: Iterable[Quantity], kinds: Collection[str] = ()) -> pd.DataFrame:
    """All figures (optionally only some kinds) as a table, one row per figure."""
    rows = [
        {
            "outlet": f.outlet,
            "sentence": f.sentence,
            "raw": f.raw,
            "value": f.value if f.value is None or math.isfinite(f.value) else None,
            "unit": f.unit,
            "kind": f.kind,
            "entity": f.entity_norm or f.entity,
            "year": f.year,
            "qualifier": QUALIFIER_WORDS.get(f.qualifier, f.qualifier),
            "language": f.language,
            "ambiguous": f.ambiguous,
            "note": f.note,
            "sentence_id": f.sentence_id,
        }
        for f in figures
        if not kinds or f.kind in kinds
    ]
    table = frame(rows, FIGURE_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    table["value"] = table["value"].astype("float64")
    return table


DISCREPANCY_COLUMNS = [
    "outlet",
    "language",
    "as written",
    "reads as",
    "claims",
    "version",
    "conflicts with",
    "compatible with",
    "ambiguous",
    "sentence",
    "note",
]


def discrepancy_frame(d: Discrepancy) -> pd.DataFrame:
    """Each outlet's side of a dispute: what it wrote, how it reads (qualifier in words), the
    interval that claims, its version (as in the chart; ``fits all`` when it conflicts with no
    other outlet's figure), and which other outlets' claims it fits or conflicts with."""
    divisor, suffix = figure_charts.display_scale(
        [abs(s["value"]) for s in d.values if s["value"] is not None]
    )
    related = figure_charts.relations(d, divisor, suffix)
    version = figure_charts.versions(d)
    rows = [
        {
            "outlet": s["outlet"],
            "language": s["language"],
            "as written": s["raw"],
            "reads as": figure_charts.side_words(s, divisor, suffix),
            "claims": figure_charts.claim_words(d.claims[s["claim"]], s["unit"], divisor, suffix)
            if d.claims
            else "",
            "version": v or "fits all",
            "compatible with": fits,
            "conflicts with": conflicts,
            "ambiguous": s["ambiguous"],
            "sentence": s["sentence"],
            "note": s["note"],
        }
        for s, v, (fits, conflicts) in zip(d.values, version, related, strict=True)
    ]
    return frame(rows, DISCREPANCY_COLUMNS)


def discrepancies_frame(found: Sequence[Discrepancy], ranks: Mapping[str, int]) -> pd.DataFrame:
    """One row per dispute: where, about what, and each outlet's figure as written (``*``: conflicts)."""
    rows = [
        {
            "where": "whole corpus" if d.fact_id == "corpus" else f"fact {ranks.get(d.fact_id, '?')}",
            "about": figure_charts.subject(d),
            "status": d.status,
            "figures": "; ".join(
                f"{s['outlet']}: {s['raw']}{' *' if s.get('conflicting') else ''}" for s in d.values
            ),
        }
        for d in found
    ]
    return frame(rows, ["where", "about", "status", "figures"])


# --------------------------------------------------------------------------- CSV


def neutralise_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


def to_csv(table: pd.DataFrame) -> str:
    """CSV text with formula-looking cells and headers neutralised (CSV injection)."""
    from pandas.api.types import is_string_dtype

    safe = table.copy()
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    buffer = io.StringIO()
    # CRLF rows, as RFC 4180 has them: pandas then quotes any cell holding a bare \r,
    # which would otherwise start a new row with a live formula in a spreadsheet.
    safe.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue()


# --------------------------------------------------------------------------- topics


def topic_coverage(
    facts: Sequence[Fact], outlets: Sequence[str], fact_topics: FactTopics, topics: Sequence[Any]
) -> pd.DataFrame:
    """One row per (topic, outlet): facts of that topic the outlet reports, and their share of its facts.

    ``topics`` are the analysis' topics (``id``, ``label``), in display order;
    topics with no fact here are left out. ``share`` answers "which outlet spends
    its facts on which topic": facts of the topic / all facts the outlet reports.
    """
    covered = outlet_coverage(facts, outlets)
    # One pass over the facts (not one per topic and outlet): hundreds of outlets stay fast.
    counts: dict[str, dict[str, int]] = {}
    for fact in facts:
        for tid in fact_topics.get(fact.id, ()):
            per_outlet = counts.setdefault(tid, {})
            for outlet in fact.outlets:
                per_outlet[outlet] = per_outlet.get(outlet, 0) + 1
    rows = []
    for topic in topics:
        tid = str(topic.id)
        if tid not in counts:
            continue
        for outlet in outlets:
            n = counts[tid].get(outlet, 0)
            share = n / covered[outlet] if covered[outlet] else 0.0
            rows.append(
                {"topic_id": tid, "topic": str(topic.label), "outlet": outlet, "facts": n, "share": share}
            )
    return frame(rows, ["topic_id", "topic", "outlet", "facts", "share"])


def facts_by_topic(
    facts: Sequence[Fact], fact_topics: FactTopics, topic_ids: Sequence[str]
) -> dict[str, list[Fact]]:
    """Each topic's facts, in the facts' order; a fact appears under each of its topics."""
    return {tid: [f for f in facts if tid in fact_topics.get(f.id, ())] for tid in topic_ids}
