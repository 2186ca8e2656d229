"""About / method: the model, the settings in use, how facts are made, and the limits."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.pipeline import align
from dashboard.settings import BY_NAME
from dashboard.ui.page import Page
from dashboard.ui.safe import md

METHOD = """
**From articles to sentences.** Each article is cleaned of page furniture (related-article links,
bylines, captions, ads, share prompts) and split into sentences with their exact character offsets, so
every sentence shown here is the outlet's own wording, unchanged.

**Scoring a pair of sentences.** For two sentences from different outlets the aligner averages four
similarities: the meaning of the two sentences (embedding cosine), the meaning of their closest pair of
clauses, and the character overlap (names, numbers, word stems) of both. Each is first standardised over
this corpus, so only how much a pair stands out *in this story* counts. Two sentences stating a figure of
the same kind about the same thing (a count of agreements, a trade amount) get a bonus whether or not
their numbers agree: "11 pacts" and "a dozen agreements" are one fact, and the disagreement is news. A
pair's margin is that score minus the average of both sentences' best matches, which demotes generic
sentences that resemble everything ("the visit strengthened ties").

**From pairs to facts.** A pair is linked when its margin clears the alignment threshold, its score
also stands out across the whole corpus, and each sentence is among the other's best matches in that
outlet. Links are merged best first into facts that
hold at most one sentence per outlet. A sentence that no other outlet matches becomes an *exclusive*, a
fact of one outlet. A fact's label is its most central sentence; the similarity shown next to each
sentence is its cosine to that label.

**Figures.** Numbers are read from each sentence (Indonesian and English formats, scale words such as
*miliar*, qualifiers such as *setidaknya*). Figures of the same kind, unit and subject are compared
between outlets; when their ranges do not overlap, or one reading is ambiguous, they are flagged.
"""

LIMITS = """
- **Same words, different claims.** Two outlets quoting the same person on different points can still
  land in one fact when their wording is close; always read the sentences side by side.
- **Paraphrase at a distance.** A fact an outlet reports over two sentences, or only implies, can show
  as an omission.
- **One sentence per outlet per fact.** If an outlet repeats a fact, only its closest sentence is in
  the fact; the other may join a second fact or stay an exclusive.
- **Figures are read by rules.** Unusual number wordings can be missed or misread; ambiguous ones (such
  as *kesepuluh satu*) are flagged rather than guessed silently.
"""

TOPICS = """
**Topics.** Each fact is compared with the topics of a small editable taxonomy (a few descriptive phrases
and keywords per topic). A keyword found in the fact's sentences lowers the bar, the embedding can still
veto it; a fact may have several topics, and one that fits none is *other*. Groups of *other* facts are
offered as *suggested* topics, labelled with their most distinctive words.
"""


#: The aligner's parameters in plain words (the threshold is a setting of its own, above).
ALIGNER = {
    "semantic_weight": ("meaning vs. wording", "How much the meaning counts against shared words and names."),
    "lexical_across": (
        "shared words across languages",
        "How much shared words still count between two languages written in one script.",
    ),
    "anchor_weight": ("shared numbers", "How much sharing the same numbers counts."),
    "centre_languages": (
        "language correction",
        "Removes what all sentences of one language have in common, so languages compare fairly.",
    ),
    "neutral_weight": (
        "names set aside across languages",
        "Between two languages, how much sentences are compared without the names every article repeats.",
    ),
    "calibrate_languages": (
        "per-language scoring",
        "Scores each pair of languages on its own scale, so no language pair is favoured.",
    ),
    "neighbours": ("neighbourhood size", "Best matches a sentence's typical similarity is measured against."),
    "candidates": ("matches considered", "Best matches kept for each sentence."),
    "mutual_rank": (
        "mutual match",
        "Both sentences must be among each other's best matches in the other outlet.",
    ),
    "second_fact_extra": (
        "second fact bar",
        "How much clearer a match must be for one sentence to support a second fact.",
    ),
    "min_score": ("stands out corpus-wide", "A pair must also be among the closest of the whole story."),
    "figure_bonus": (
        "same figure bonus",
        "Extra weight when two sentences give a figure about the same thing.",
    ),
    "max_key_sentences": (
        "common figures ignored",
        "A figure shared by more sentences than this counts for nothing.",
    ),
    "prior_pairs": (
        "small-language steadying",
        "Keeps the scores of a language with few sentences close to the story's.",
    ),
    "chunk_size": ("block size", "Sentences scored at a time (speed only)."),
    "stats_rows": ("sample for scaling", "Sentences sampled to put similarities on one scale."),
    "stats_columns": ("sample for scaling (2)", "Sentences each sampled one is compared with."),
    "approximate": ("fast search", "Shortlists matches by a quick index first (on: big stories only)."),
    "approximate_above": ("fast search from", "Sentences in a story from which the quick index is used."),
    "shortlist": ("shortlist size", "Matches the quick index hands on to be scored exactly."),
}


def settings_rows(run_settings: dict[str, object], aligner: dict[str, object]) -> list[dict[str, str]]:
    """The settings table in plain words: each setting's name, value and what it does (no markup)."""
    rows = [
        {"setting": name.replace("_", " "), "value": str(value), "what it does": _help(name)}
        for name, value in run_settings.items()
    ]
    for name, value in aligner.items():
        if name == "threshold":
            continue
        label, meaning = ALIGNER.get(name, (name.replace("_", " "), "A detail of how pairs are scored."))
        rows.append({"setting": f"aligner: {label}", "value": str(value), "what it does": meaning})
    return rows


def render(page: Page) -> None:
    bundle = page.bundle
    analysis = bundle.analysis
    st.subheader("Model and settings")
    st.text(f"Embedding model: {analysis.model}")
    rows = settings_rows(bundle.settings, analysis.settings)
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        height=36 * (len(rows) + 1) + 4,
        column_config={"what it does": st.column_config.TextColumn("what it does", width="large")},
    )
    corpus = analysis.corpus
    st.caption(
        f"{len(corpus.articles)} articles, {len(corpus.body_sentences)} sentences of article text, "
        f"{len(bundle.facts)} facts, {len(bundle.figures)} figures. Embedding: {analysis.embedded:,} "
        f"texts (sentences and clauses) through the model, {analysis.reused:,} from the embedding cache."
    )
    if analysis.warnings:
        st.subheader("Notes from the pipeline")
        for warning in analysis.warnings:
            st.caption(md(warning))

    st.subheader("How facts are made")
    st.markdown(METHOD + TOPICS)
    with st.expander("The aligner's own description (align.py)"):
        st.code(align.__doc__ or "", language=None, wrap_lines=True)
    st.subheader("Known limits")
    st.markdown(LIMITS)


def _help(name: str) -> str:
    """A setting's help without its markdown (a table cell shows backticks as they are)."""
    setting = BY_NAME.get(name)
    return setting.help.replace("`", "") if setting else ""
