"""Provenance: who each article credits, which articles run one original text, and how many
independent sources stand behind each fact.

    prov = provenance(articles, facts, sentences, vectors)
    prov.credits["000_..."]          # [Credit(name="Reuters", role="based_on", text="Dilansir dari ...")]
    prov.family_of("001_...")        # Family(label="AP", members=(...), evidence=(...))
    prov.independent_sources(fact)   # distinct families among the fact's articles
    prov.export(facts)               # JSON: articles[].sources/family, facts[].independent_sources, families

``sentences`` and ``vectors`` are the body sentences and their embeddings, row for row, as
:func:`dashboard.pipeline.analyze.analyze` returns them (``corpus.body_sentences``,
``sentence_vectors``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dashboard.pipeline.models import Article, Fact, PipelineError, Sentence
from dashboard.pipeline.provenance import sources as _sources
from dashboard.pipeline.provenance.credits import Credit, CreditFinder, default_finder, load_sources
from dashboard.pipeline.provenance.reuse import PairEvidence, ReuseIndex, fdr_bar, shared_credit

__all__ = ["Credit", "Family", "PairEvidence", "Provenance", "load_sources", "provenance"]

#: An article naming more sources than this as its basis is a round-up: its credits say nothing
#: about which single text it runs, so they neither name nor lower the bar for its family.
ROUNDUP_CREDITS = 8


@dataclass(frozen=True)
class Family:
    id: str  # "family:" + the id of its first article
    label: str  # the wire credit its members share, else its first outlet
    members: tuple[str, ...]  # article ids, in corpus order
    outlets: tuple[str, ...]
    evidence: tuple[str, ...]  # one line per link that joined it, or why it stands alone

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "members": list(self.members),
            "outlets": list(self.outlets),
            "evidence": list(self.evidence),
        }


@dataclass
class Provenance:
    credits: dict[str, list[Credit]]
    families: list[Family]
    links: list[PairEvidence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _by_article: dict[str, Family] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_article = {a: f for f in self.families for a in f.members}

    def family_of(self, article_id: str) -> Family:
        try:
            return self._by_article[article_id]
        except KeyError:
            raise PipelineError(f"no article {article_id!r} in this provenance") from None

    def based_on(self, article_id: str) -> list[str]:
        return [c.name for c in self.credits.get(article_id, []) if c.role == "based_on"]

    def independent_sources(self, fact: Fact) -> int:
        return _sources.independent_sources(fact, self._family_id)

    def describe_sources(self, fact: Fact) -> str:
        """ "5 outlets, 2 independent sources: AP (GenPI.co, …), Reuters (Tempo, …)"."""
        labels = {f.id: f.label for f in self.families}
        return _sources.describe(fact, self._family_id, lambda family: labels.get(family, family))

    def export(self, facts: Sequence[Fact]) -> dict[str, Any]:
        """JSON-ready pieces of the report: per article ``sources`` and ``family``, per fact
        ``independent_sources``, and the ``families`` with members and evidence."""
        return {
            "articles": {
                article_id: {
                    "sources": [c.as_dict() for c in credits],
                    "family": self._by_article[article_id].id,
                }
                for article_id, credits in self.credits.items()
            },
            "facts": {f.id: {"independent_sources": self.independent_sources(f)} for f in facts},
            "families": [f.as_dict() for f in self.families],
        }

    def _family_id(self, article_id: str) -> str:
        family = self._by_article.get(article_id)
        return family.id if family else f"family:{article_id}"


def provenance(
    articles: Sequence[Article],
    facts: Sequence[Fact],
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    *,
    finder: CreditFinder | None = None,
) -> Provenance:
    """Credits, families and the links between them for ``articles`` (see the module docstring)."""
    if len(sentences) != len(vectors):
        raise PipelineError(f"{len(sentences)} sentences but {len(vectors)} vectors: pass them row for row")
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise PipelineError(
            "two articles have the same id: " + ", ".join(sorted({i for i in ids if ids.count(i) > 1}))
        )
    finder = finder or default_finder()
    outlet = {a.id: a.outlet for a in articles}
    credits = {a.id: finder.find(a) for a in articles}
    warnings: list[str] = []
    basis: dict[
        str, dict[str, bool]
    ] = {}  # per article, the names it is based on: do they cover the whole text
    for a in articles:
        names = list(dict.fromkeys(c.name for c in credits[a.id] if c.role == "based_on"))
        if len(names) > ROUNDUP_CREDITS:
            warnings.append(
                f"{a.id} ({a.outlet}) names {len(names)} sources as its basis: read as a round-up, "
                "its credits do not group it with other articles"
            )
            names = []
        whole = {c.name for c in credits[a.id] if c.role == "based_on" and c.whole}
        basis[a.id] = {name: name in whole for name in names}

    index = ReuseIndex(articles, sentences, vectors, facts)
    for a in articles:
        if not len(index.rows[a.id]):
            what = ", ".join(dict.fromkeys(c.name for c in credits[a.id])) or "nothing"
            warnings.append(f"{a.id} ({a.outlet}) has no article text (credits: {what}); it stands alone")

    parent = {a: a for a in ids}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    links: list[PairEvidence] = []
    compared = [index.compare(a, b) for a, b in index.candidates()]
    p_bar = fdr_bar([e.order_p for e in compared])
    for evidence in compared:
        a, b = evidence.a, evidence.b
        if evidence.is_copy() or evidence.is_translation(p_bar, bool(shared_credit(basis[a], basis[b]))):
            links.append(evidence)
            parent[root(b)] = root(a)
            if evidence.identical and outlet[a] != outlet[b]:
                warnings.append(
                    f"{a} ({outlet[a]}) and {b} ({outlet[b]}) carry the same text under two outlet names; "
                    "counted as one source"
                )

    groups: dict[str, list[str]] = {}
    for a in ids:
        groups.setdefault(root(a), []).append(a)
    families = [_family(members, links, outlet, basis) for members in groups.values()]
    return Provenance(credits=credits, families=families, links=links, warnings=warnings)


def _family(
    members: list[str], links: list[PairEvidence], outlet: dict[str, str], basis: dict[str, dict[str, bool]]
) -> Family:
    inside = set(members)
    evidence = [
        f"{outlet[e.a]} ({e.a}): " + e.describe(f"{outlet[e.b]} ({e.b})")
        for e in links
        if e.a in inside and e.b in inside
    ]
    if len(members) == 1:
        evidence = ["no other article carries its text"]
    outlets = tuple(dict.fromkeys(outlet[a] for a in members))
    return Family(
        f"family:{members[0]}", _label(members, outlet, basis), tuple(members), outlets, tuple(evidence)
    )


def _label(members: list[str], outlet: dict[str, str], basis: dict[str, dict[str, bool]]) -> str:
    """The credit that names the family: one for the whole text (a dateline, a "Sumber:" line) before one
    for a single claim, one all members share before one most of them do; else the first outlet."""
    # An article alone is named by what it runs as a whole, never by one claim it attributes.
    for whole_only in (True, False) if len(members) > 1 else (True,):
        counts = Counter(name for a in members for name, whole in basis[a].items() if whole or not whole_only)
        shared = [name for name, n in counts.most_common() if n == len(members)]
        if shared:
            return ", ".join(shared)
        if counts and len(members) > 1 and counts.most_common(1)[0][1] > 1:
            return counts.most_common(1)[0][0]
    return outlet[members[0]]
