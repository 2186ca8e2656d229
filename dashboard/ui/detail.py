"""Fact detail: every outlet's sentence side by side, numbers and names highlighted.

Sentences are drawn with ``st.html`` from :func:`dashboard.ui.safe.highlight`,
which escapes every character of article text, so markup, markdown and ``$``
in an article show as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard import tables
from dashboard.pipeline.models import Article, Fact
from dashboard.ui import provenance
from dashboard.ui.figures import disputes_section
from dashboard.ui.page import Page
from dashboard.ui.safe import CARD_CSS, card, card_grid, highlight, html_text
from dashboard.ui.sources import source_html, sources_html
from dashboard.ui.state import Context, changed, key, seed, update

#: Outlets named in a list before "and N more".
NAMED = 20


def fact_option(page: Page, fact_id: str) -> str:
    fact = page.facts_by_id[fact_id]
    n = len(fact.outlets)
    return (
        f"{page.bundle.rank[fact_id]}. {tables.shorten(fact.label, 110)} ({n} outlet{'s' if n != 1 else ''})"
    )


def fact_cards(fact: Fact, page: Page) -> str:
    """The HTML of one card per outlet (escaped), reporting outlets first, each with its language."""
    bundle = page.bundle
    sources = article_sources(page)
    by_outlet = tables.members_by_outlet(fact)
    absent = [o for o in bundle.outlets if o not in by_outlet]
    cards = []
    if len(bundle.outlets) > tables.MAX_OUTLET_COLUMNS and absent:  # hundreds of empty cards help nobody
        meta = f"no matching sentence: {_names(absent)}"
        cards.append(card(f"{len(absent)} outlets", absent=True, meta=meta))
        absent = []
    for outlet in [o for o in bundle.outlets if o in by_outlet] + absent:
        members = by_outlet.get(outlet, [])
        if not members:
            meta = "no matching sentence found in its article"
            footer = sources_html(a for a in sources.values() if a.outlet == outlet)
            cards.append(
                card(outlet, absent=True, meta=meta, language=page.language(outlet), footer_html=footer)
            )
            continue
        for m in members:
            spans = [(f.start, f.end) for f in bundle.figures_by_sentence.get(m.sentence_id, [])]
            if m.sentence_id == fact.label_sentence_id:
                # Labelled in another language, the fact is still measured from this, its central sentence.
                role = "label" if m.text == fact.label else "central"
                meta = f"the fact's {role} sentence (similarity 1.00)"
            else:
                meta = f"similarity to the label: {m.similarity:.2f}"
            cards.append(
                card(
                    outlet,
                    sentence_html=highlight(m.text, spans),
                    meta=meta,
                    disputed=(fact.id, outlet) in bundle.contested,
                    language=page.language(outlet),
                    footer_html=source_html(sources[m.article_id]),
                )
            )
    return card_grid(cards)


def article_sources(page: Page) -> dict[str, Article]:
    """The corpus's articles by id: each card names its article's title, date and link."""
    return {a.id: a for a in page.bundle.analysis.corpus.articles}


def _names(outlets: Sequence[str]) -> str:
    more = len(outlets) - NAMED
    return ", ".join(outlets[:NAMED]) + (f" and {more} more" if more > 0 else "")


def coverage_line(fact: Fact, outlets: Sequence[str]) -> str:
    reported = [o for o in outlets if o in fact.outlets]
    missing = [o for o in outlets if o not in fact.outlets]
    line = f"Reported by {len(reported)} of {len(outlets)} outlets: {_names(reported)}."
    if missing:
        line += f" Not reported by: {_names(missing)}."
    return line


def render_fact(fact: Fact, page: Page, *, where: str, show_figures: bool = True) -> None:
    """A fact's label, its coverage, the outlets' sentences and any figure discrepancy."""
    bundle = page.bundle
    rank = bundle.rank.get(fact.id, 0)
    st.html(
        CARD_CSS
        + f'<div class="fd-title">Fact {rank}: <bdi>{html_text(" ".join(fact.label.split()))}</bdi></div>'
        + f'<div class="fd-sub">{html_text(coverage_line(fact, bundle.outlets))}</div>'
        + provenance.sources_html(fact, bundle)
        + f'<div class="fd-sub">Topics: {html_text(bundle.topic_labels.get(fact.id) or "none")}</div>'
    )
    st.html(fact_cards(fact, page))
    st.caption(
        "Highlighted: numbers (yellow) and names (blue). Similarity is the cosine between the outlet's "
        "sentence and the fact's central (label) sentence. An orange edge marks a sentence whose figure "
        "other outlets report differently."
    )
    if not show_figures:
        return
    found = tables.discrepancies_for_fact(fact, bundle.disputes)
    if found:
        st.subheader("Figures the outlets disagree on")
        disputes_section(found, bundle, f"{where}_disc_{fact.id}")


def _step(ctx: Context, fact_id: str) -> None:
    update(ctx, fact=fact_id)


def render(page: Page) -> None:
    ctx = page.ctx
    options = [f.id for f in page.facts]
    current = page.view.fact  # reconciled: empty or a fact of this analysis
    if current and current not in options:
        options.insert(0, current)
        st.caption("The selected fact is hidden by the filters; it is shown anyway.")
    if not options:
        st.info("No facts match the filters. Loosen them in the sidebar.")
        return
    shown = current or options[0]
    seed("fact", shown)
    cols = st.columns([8, 1, 1], vertical_alignment="bottom")
    with cols[0]:
        st.selectbox(
            "Fact",
            options,
            format_func=lambda fid: fact_option(page, fid),
            key=key("fact"),
            on_change=changed,
            args=("fact", ctx),
            help="Facts in the matrix order (filters apply). Clicking a cell in the matrix also picks one.",
        )
    i = options.index(shown)
    with cols[1]:
        st.button(
            "← Prev",
            key="w_fact_prev",
            disabled=i == 0,
            on_click=_step,
            args=(ctx, options[max(i - 1, 0)]),
            width="stretch",
        )
    with cols[2]:
        st.button(
            "Next →",
            key="w_fact_next",
            disabled=i >= len(options) - 1,
            on_click=_step,
            args=(ctx, options[min(i + 1, len(options) - 1)]),
            width="stretch",
        )
    render_fact(page.facts_by_id[shown], page, where="detail")
