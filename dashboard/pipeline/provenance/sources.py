"""Independent sources per fact: how many distinct families stand behind the outlets that report it."""

from __future__ import annotations

from collections.abc import Callable

from dashboard.pipeline.models import Fact

#: Outlets named per family in a summary before "…".
SHOWN_OUTLETS = 3


def family_groups(fact: Fact, family_of: Callable[[str], str]) -> dict[str, list[str]]:
    """Family id to the outlets (in the fact's order) whose articles report ``fact``."""
    groups: dict[str, list[str]] = {}
    for m in fact.members:
        outlets = groups.setdefault(family_of(m.article_id), [])
        if m.outlet not in outlets:
            outlets.append(m.outlet)
    return groups


def independent_sources(fact: Fact, family_of: Callable[[str], str]) -> int:
    """Distinct families among the fact's articles: never more than its outlets, at least one."""
    return min(len(family_groups(fact, family_of)), len(fact.outlets))


def describe(fact: Fact, family_of: Callable[[str], str], label_of: Callable[[str], str]) -> str:
    """ "5 outlets, 2 independent sources: AP (GenPI.co, …), Reuters (Tempo, …)"."""
    groups = family_groups(fact, family_of)
    n_out, n_src = len(fact.outlets), independent_sources(fact, family_of)
    parts = []
    for family, outlets in groups.items():
        shown = ", ".join(outlets[:SHOWN_OUTLETS]) + (", …" if len(outlets) > SHOWN_OUTLETS else "")
        parts.append(f"{label_of(family)} ({shown})")
    outlets_word = "outlet" if n_out == 1 else "outlets"
    sources_word = "independent source" if n_src == 1 else "independent sources"
    return f"{n_out} {outlets_word}, {n_src} {sources_word}: " + ", ".join(parts)
