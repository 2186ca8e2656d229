"""What every tab draws from: the view, the analysis and the facts the filters keep.

Pure functions (no streamlit calls): :func:`reconcile` fits a view to an
analysis, :func:`make_page` applies the filters and the sort once for every
tab and clamps the page number, the one place it is clamped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashboard import tables
from dashboard.charts.matrix import PAGE_SIZE
from dashboard.pipeline.models import Fact
from dashboard.ui.data import Bundle
from dashboard.ui.state import Context
from dashboard.view_state import View

#: Unknown outlets of a link named in its notice before "and N more".
NAMED_OUTLETS = 5


@dataclass(frozen=True)
class Page:
    """One run's view of the analysis, handed to each tab's ``render``.

    Its facts are labelled in ``label_language`` (see :func:`dashboard.tables.all_labelled_in`).
    """

    view: View
    bundle: Bundle
    ctx: Context
    facts: list[Fact]  # every filter applied, in the view's sort order (matrix, fact detail)
    topic_facts: list[Fact]  # only the topic filter, which narrows every tab (outlets, figures, topics)
    facts_by_id: dict[str, Fact]  # every fact of the analysis
    label_language: str  # the view's ``label_in``, else the corpus's most common language
    languages: dict[str, str]  # outlet -> its language

    def language(self, outlet: str) -> str:
        return self.languages.get(outlet, "")

    @property
    def filtered(self) -> bool:
        """Whether the filters hide some facts."""
        return len(self.facts) != len(self.bundle.facts)

    def chart_outlets(self, facts: list[Fact]) -> tuple[list[str], str]:
        """The outlets a chart of ``facts`` has room for, and a note saying which when not all fit."""
        outlets = self.bundle.outlets
        columns = tables.busiest_outlets(facts, outlets, self.view.outlets)
        return columns, tables.columns_note(len(columns), len(outlets)) if len(columns) < len(outlets) else ""


def reconcile(view: View, bundle: Bundle) -> tuple[View, list[str]]:
    """``view`` without what it asks for but this analysis lacks, and a notice for each thing dropped."""
    notices: list[str] = []
    changes: dict[str, object] = {}
    unknown = [o for o in view.outlets if o not in bundle.outlets]
    if unknown:
        more = f" and {len(unknown) - NAMED_OUTLETS} more" if len(unknown) > NAMED_OUTLETS else ""
        notices.append(f"Outlet(s) not in this corpus, ignored: {', '.join(unknown[:NAMED_OUTLETS])}{more}.")
        changes["outlets"] = tuple(o for o in view.outlets if o in bundle.outlets)
    known = set(bundle.topic_names)
    if set(view.topics) - known:
        notices.append("Unknown topic(s) in the link were ignored.")
        changes["topics"] = tuple(t for t in view.topics if t in known)
    spoken = bundle.languages
    if set(view.languages) - set(spoken):
        notices.append(
            "Language(s) not in this corpus, ignored: "
            + ", ".join(sorted(set(view.languages) - set(spoken)))
            + "."
        )
        changes["languages"] = tuple(code for code in view.languages if code in spoken)
    if view.label_in and view.label_in not in spoken:
        notices.append(
            f"No article is in '{view.label_in}'; facts are labelled in the corpus's most common language."
        )
        changes["label_in"] = ""
    most = max(1, len(bundle.outlets))
    if view.min_outlets > most:
        notices.append(f"This corpus has {most} outlets; minimum outlets set to {most}.")
        changes["min_outlets"] = most
    if view.fact and view.fact not in bundle.facts_by_id:
        notices.append(
            "The fact in the link is not in this analysis (the corpus, model or threshold differ)."
        )
        changes["fact"] = ""
    return replace(view, **changes), notices


def make_page(view: View, bundle: Bundle, ctx: Context) -> Page:
    """The facts the view's filters keep, sorted and labelled, and the view with its page number clamped."""
    in_language = bundle.sentence_languages
    label_language = view.label_in or bundle.label_language
    by_id = bundle.labelled_in(label_language)
    relabelled = list(by_id.values())
    counts = bundle.independent_sources if view.count == "sources" else None
    facts = tables.sort_facts(
        tables.filter_facts(
            relabelled,
            outlets=view.outlets,
            min_outlets=view.min_outlets,
            q=view.q,
            topics=view.topics,
            fact_topics=bundle.fact_topics,
            languages=view.languages,
            sentence_languages=in_language,
            counts=counts,
        ),
        view.sort,
        fact_topics=bundle.fact_topics,
        topic_order=list(bundle.topic_names),
        counts=counts,
    )
    page = tables.clamp_page(view.page, len(facts), PAGE_SIZE)
    topic_facts = tables.filter_by_topics(relabelled, view.topics, bundle.fact_topics)
    languages = bundle.outlet_languages
    return Page(replace(view, page=page), bundle, ctx, facts, topic_facts, by_id, label_language, languages)
