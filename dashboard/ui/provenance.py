"""Provenance in the app: who each outlet credits, which outlets run one text, independent sources.

The analysis computed it once (:attr:`dashboard.pipeline.analyze.Analysis.provenance`);
this module only words it for the matrix headers, the fact cards and the Outlets tab.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st

from dashboard import tables
from dashboard.pipeline.models import Fact
from dashboard.pipeline.provenance import Family, load_sources
from dashboard.ui.data import Bundle
from dashboard.ui.page import Page
from dashboard.ui.safe import html_text

if TYPE_CHECKING:
    import pandas as pd

#: A column header's source note, shortened (the full note is in the hover and the table's tooltip).
NOTE_CHARS = 18
SOURCES_COLUMN = "Independent sources"
SOURCES_HELP = "Distinct families among the outlets reporting the fact: outlets running one text count once."
ROLES = {"based_on": "based on", "photo": "photo", "quoted": "quoted"}


def outlet_families(bundle: Bundle) -> dict[str, list[Family]]:
    """Each outlet's families (one per article, usually one), in corpus order."""
    sources = bundle.analysis.provenance
    found: dict[str, list[Family]] = {}
    for article in bundle.analysis.corpus.articles:
        families = found.setdefault(article.outlet, [])
        family = sources.family_of(article.id)
        if family not in families:
            families.append(family)
    return found


def based_on(bundle: Bundle) -> dict[str, dict[str, bool]]:
    """Outlet -> the names its articles say they are based on, each once, and whether for the whole
    text (a dateline, a "Sumber:" line) rather than one claim ("…, lapor Aljazeera")."""
    sources = bundle.analysis.provenance
    names: dict[str, dict[str, bool]] = {}
    for article in bundle.analysis.corpus.articles:
        found = names.setdefault(article.outlet, {})
        for credit in sources.credits.get(article.id, []):
            if credit.role == "based_on":
                found[credit.name] = found.get(credit.name, False) or credit.whole
    return names


def header_notes(bundle: Bundle) -> dict[str, tuple[str, str]]:
    """Outlet -> (short note for its column header, the full note for its hover).

    Short: ``= AP`` when it runs a text other outlets run too (the family's name),
    else ``via Reuters, TASS`` for what it says its whole text is based on (other
    than itself), else nothing.
    """
    notes: dict[str, tuple[str, str]] = {}
    credits = based_on(bundle)
    for outlet, families in outlet_families(bundle).items():
        shared = [f for f in families if len(f.outlets) > 1]
        credited = credits.get(outlet, {})
        whole = [name for name, all_of_it in credited.items() if all_of_it and not own_name(outlet, name)]
        if shared:
            short = "= " + ", ".join(dict.fromkeys(_name(f, outlet) for f in shared))
        elif whole:
            short = "via " + ", ".join(whole)
        else:
            continue
        notes[outlet] = (tables.shorten(short, NOTE_CHARS), full_note(outlet, credited, shared))
    return notes


@functools.cache
def _spellings() -> dict[str, frozenset[str]]:
    return {source.name: frozenset(a.casefold() for a in source.aliases) for source in load_sources()}


def own_name(outlet: str, name: str) -> bool:
    """Whether the credit ``name`` is ``outlet`` itself (its own correspondent; 环球时报 is Global Times),
    which a header need not repeat."""
    spelled = outlet.casefold()
    return spelled == name.casefold() or spelled in _spellings().get(name, frozenset())


def _name(family: Family, outlet: str) -> str:
    """The family's name, or when it is named after ``outlet`` itself, the first other outlet in it."""
    if not own_name(outlet, family.label):
        return family.label
    return next((o for o in family.outlets if o != outlet), family.label)


def full_note(outlet: str, credited: Mapping[str, bool], shared: Sequence[Family]) -> str:
    """``Tempo: based on Reuters, TASS. Cites Al Jazeera for a claim. Runs the AP text, with GenPI.co.``"""
    whole = [name for name, all_of_it in credited.items() if all_of_it]
    claims = [name for name, all_of_it in credited.items() if not all_of_it]
    parts = [
        f"{outlet}: based on {', '.join(whole)}." if whole else f"{outlet}: names no source for its text."
    ]
    if claims:
        parts.append(f"Cites {', '.join(claims)} for {'a claim' if len(claims) == 1 else 'some claims'}.")
    for family in shared:
        others = [o for o in family.outlets if o != outlet]
        parts.append(f"Runs the {family.label} text, with {', '.join(others)}.")
    return " ".join(parts)


def sources_line(fact: Fact, bundle: Bundle) -> str:
    """``5 outlets, 2 independent sources: AP (GenPI.co, …), Reuters (Tempo, …)``."""
    return bundle.analysis.provenance.describe_sources(fact)


def sources_html(fact: Fact, bundle: Bundle) -> str:
    """The fact card's line on its independent sources (escaped)."""
    return f'<div class="fd-sub">{html_text(sources_line(fact, bundle))}</div>'


def count_caption(page: Page) -> str:
    """Under the matrix with ``count=sources``: what is counted, and how many facts two sources confirm."""
    counts = page.bundle.independent_sources
    confirmed = sum(1 for f in page.facts if counts.get(f.id, 0) > 1)
    return (
        f"Counting **independent sources**: outlets running one wire story or one text count once. "
        f"{confirmed} of these facts have 2+ independent sources; rows are sorted and the minimum is "
        "applied by that count. A column header names the text an outlet runs (`= AP`) or what it says "
        "it is based on (`via Reuters`); hover a cell for the full credit."
    )


def credits_frame(bundle: Bundle) -> pd.DataFrame:
    """One row per credit: outlet, article, the name, its role and the line that states it."""
    sources = bundle.analysis.provenance
    rows = [
        {
            "outlet": article.outlet,
            "credits": credit.name,
            "role": ROLES[credit.role],
            "line": " ".join(credit.text.split()),
            "article": article.id,
        }
        for article in bundle.analysis.corpus.articles
        for credit in sources.credits.get(article.id, [])
    ]
    return tables.frame(rows, ["outlet", "credits", "role", "line", "article"])


def families_frame(bundle: Bundle) -> pd.DataFrame:
    """One row per outlet: the family of its text, who else runs it, and the evidence."""
    rows = []
    for outlet, families in outlet_families(bundle).items():
        for family in families:
            others = [o for o in family.outlets if o != outlet]
            rows.append(
                {
                    "outlet": outlet,
                    "family": family.label,
                    "same text as": ", ".join(others) or "none",
                    "evidence": "; ".join(family.evidence),
                }
            )
    return tables.frame(rows, ["outlet", "family", "same text as", "evidence"])


def render_outlet_sources(page: Page) -> None:
    """The Outlets tab's section on credits and families."""
    bundle = page.bundle
    st.subheader("Sources and families")
    st.caption(
        "**Credits**: the agencies and outlets each article names, with their role: *based on* (its text "
        "comes from there), *photo* (a picture credit, not a source of the text) or *quoted* (it quotes "
        "them). **Family**: outlets running one original text, copied or translated, count as one "
        "independent source."
    )
    credits = credits_frame(bundle)
    if credits.empty:
        st.caption("No article names an agency or another outlet as its source.")
    else:
        st.dataframe(
            credits,
            hide_index=True,
            width="stretch",
            key="w_outlet_credits",
            column_config={
                "outlet": st.column_config.TextColumn("outlet", width="small"),
                "credits": st.column_config.TextColumn("credits", width="small"),
                "role": st.column_config.TextColumn("role", width="small"),
                "line": st.column_config.TextColumn("the line that says so", width="large"),
                "article": st.column_config.TextColumn("article", width="small"),
            },
        )
    st.dataframe(
        families_frame(bundle),
        hide_index=True,
        width="stretch",
        key="w_outlet_families",
        column_config={
            "outlet": st.column_config.TextColumn("outlet", width="small"),
            "family": st.column_config.TextColumn("family", width="small"),
            "same text as": st.column_config.TextColumn("same text as", width="small"),
            "evidence": st.column_config.TextColumn("evidence", width="large"),
        },
    )


def note_table(
    frame: pd.DataFrame, config: dict[str, Any], outlets: Sequence[str], page: Page
) -> pd.DataFrame:
    """The matrix table with each outlet header's source note (full text as its tooltip) and, when
    counting sources, an ``Independent sources`` column after ``Outlets``."""
    notes = header_notes(page.bundle)
    for outlet in outlets:
        column = tables.outlet_column(outlet)
        if outlet in notes and column in config:
            short, full = notes[outlet]
            config[column] = st.column_config.CheckboxColumn(
                f"{config[column]['label']} {short}", width="small", help=full
            )
    if page.view.count != "sources" or "Outlets" not in frame.columns:
        return frame
    counts = page.bundle.independent_sources
    frame = frame.copy()
    frame.insert(
        list(frame.columns).index("Outlets") + 1, SOURCES_COLUMN, [counts.get(i, 1) for i in frame["fact_id"]]
    )
    config[SOURCES_COLUMN] = st.column_config.NumberColumn("Sources", width="small", help=SOURCES_HELP)
    return frame
