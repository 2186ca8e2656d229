"""Pairs to facts: merge qualifying pairs into facts of at most one sentence per outlet.

A pair is an edge when its margin clears the threshold, its score stands out
corpus-wide too (``min_score`` standard deviations: without it, a sentence no
other outlet reports would still pair with its least bad match), and each
sentence is among the other's ``mutual_rank`` best matches in that outlet.
Edges are merged greedily, best first, into facts holding at most one sentence
per outlet, as long as the average margin between the two groups still clears
the threshold (average linkage): agreement across outlets is evidence, so
A~B and B~C carry A~C when A and C are not far apart. A sentence left out of a
fact by the one-per-outlet rule may still join a second fact where it fits the
members on average, so one sentence can support several facts; a fact that only
echoes a stronger one (all members but one shared, and that one not fitting the
rest) is dropped. Every sentence in no multi-outlet fact is an exclusive: a fact
of one outlet.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from dashboard.pipeline.align.candidates import CandidateGraph
from dashboard.pipeline.models import Fact, FactMember, Sentence


def group(graph: CandidateGraph, min_margin: float) -> list[list[int]]:
    edges = graph.edges(min_margin)
    groups = _merge(graph, edges, min_margin)
    # Strong edges the one-per-outlet rule kept apart (a sentence whose outlet
    # already has a sentence in its partner's fact) found a second fact.
    label = np.full(graph.scorer.n, -1)
    for k, g in enumerate(groups):
        label[g] = k
    margins, first, second = edges
    apart = (label[first] != label[second]) | (label[first] < 0)
    left = apart & (margins >= min_margin + graph.config.second_fact_extra)
    groups += _merge(graph, (margins[left], first[left], second[left]), min_margin)
    unique = [list(g) for g in dict.fromkeys(tuple(g) for g in _add_secondary(graph, groups, min_margin))]
    return _without_echoes(graph, unique, min_margin)


def _merge(
    graph: CandidateGraph, edges: tuple[np.ndarray, np.ndarray, np.ndarray], min_margin: float
) -> list[list[int]]:
    """Average-linkage merging of edges, best first, one sentence per outlet per group."""
    outlet = graph.scorer.outlet.tolist()
    members: dict[int, list[int]] = {i: [i] for i in range(graph.scorer.n)}
    outlets: dict[int, set[int]] = {}  # of groups larger than one
    root = list(range(graph.scorer.n))
    # Links between groups that have not changed since (groups only grow, so sizes tell).
    links: dict[tuple[int, int, int, int], float] = {}
    for m, i, j in zip(*(e.tolist() for e in edges), strict=True):
        a, b = root[i], root[j]
        if a == b:
            continue
        ours, theirs = outlets.get(a, {outlet[a]}), outlets.get(b, {outlet[b]})
        if not ours.isdisjoint(theirs):
            continue
        ma, mb = members[a], members[b]
        if len(ma) == len(mb) == 1:
            link = m  # the edge's own margin
        else:
            state = (a, b, len(ma), len(mb))
            if state not in links:
                links[state] = float(np.mean(graph.margin(np.repeat(ma, len(mb)), np.tile(mb, len(ma)))))
            link = links[state]
        if link < min_margin:
            continue
        ma.extend(mb)
        for x in members.pop(b):
            root[x] = a
        outlets[a] = ours | theirs
        outlets.pop(b, None)
    return [sorted(g) for g in members.values() if len(g) > 1]


def _add_secondary(graph: CandidateGraph, groups: list[list[int]], min_margin: float) -> list[list[int]]:
    """Let a sentence from a missing outlet join a group when it fits the group on average.

    The average of its margins to m members is firmer evidence than one margin
    (its spread shrinks like 1/sqrt(m)), so the bar is lowered by up to
    ``secondary_relief`` as the group grows: agreement across outlets counts.
    Every group's candidates are scored in one batch: small batches cost more
    in overhead than in arithmetic.
    """
    if not groups:
        return []
    outlet = graph.scorer.outlet
    substantive = graph.scorer.features.substantive
    candidates = []
    for group in groups:
        present, inside = set(outlet[group].tolist()), set(group)
        found = (s for x in group for s in graph.partners(x).tolist())
        fresh = (s for s in found if s not in inside and outlet[s] not in present and substantive[s])
        candidates.append(list(dict.fromkeys(fresh)))
    pairs = list(zip(candidates, groups, strict=True))
    sizes = np.array([len(c) * len(g) for c, g in pairs], dtype=np.int64)
    rows = np.concatenate([np.repeat(c, len(g)) for c, g in pairs]).astype(np.int64)
    cols = np.concatenate([np.tile(g, len(c)) for c, g in pairs]).astype(np.int64)
    fits = graph.margin(rows, cols) if len(rows) else np.zeros(0)
    out = []
    for (cands, group), part in zip(pairs, np.split(fits, np.cumsum(sizes)[:-1]), strict=True):
        bar = min_margin - graph.config.secondary_relief * (1 - 1 / math.sqrt(len(group)))
        best: dict[int, tuple[float, int]] = {}
        means = part.reshape(len(cands), len(group)).mean(axis=1).tolist() if cands else []
        for s, fit in zip(cands, means, strict=True):
            if fit >= bar and fit > best.get(outlet[s], (-np.inf, -1))[0]:
                best[outlet[s]] = (fit, s)
        out.append(sorted(group + [s for _, s in best.values()]))
    return out


def _without_echoes(graph: CandidateGraph, groups: list[list[int]], min_margin: float) -> list[list[int]]:
    """Drop a fact that repeats a stronger one but for one member that does not fit the rest.

    A second fact is founded by one strong edge, and its other members come along by average
    linkage; where they are the stronger fact's members, it says "this sentence reports that
    fact too". It stands only if that sentence fits them on average (mean margin at least
    ``min_margin``), as a member joining a fact must; otherwise it is an echo, a row that
    repeats another with a sentence that does not report it. A fact inside a stronger one adds
    nothing and goes too. Stronger: a higher mean margin among its members. Facts of two are
    their one edge and always stand.
    """
    if not groups:
        return []
    pairs = [np.asarray(g)[np.array(np.triu_indices(len(g), 1))] for g in groups]  # (2, pairs) a fact
    margins = graph.margin(*np.concatenate(pairs, axis=1))
    strength = [float(m.mean()) for m in np.split(margins, np.cumsum([p.shape[1] for p in pairs])[:-1])]
    kept: list[list[int]] = []
    holding: dict[int, list[int]] = {}  # member -> indices into kept
    for k in np.argsort(strength, kind="stable")[::-1].tolist():
        g = groups[k]
        if len(g) > 2 and _echoes(graph, g, kept, holding, min_margin):
            continue
        for x in g:
            holding.setdefault(x, []).append(len(kept))
        kept.append(g)
    return kept


def _echoes(
    graph: CandidateGraph,
    group: list[int],
    kept: list[list[int]],
    holding: dict[int, list[int]],
    min_margin: float,
) -> bool:
    """Whether ``group`` shares all members but one with a kept fact, and that one fits them poorly."""
    members = set(group)
    for k in dict.fromkeys(h for x in group for h in holding.get(x, [])):
        shared = members.intersection(kept[k])
        if len(shared) >= len(group) - 1:
            extra = members - shared
            if not extra:
                return True
            (x,) = extra
            common = np.fromiter(shared, dtype=np.int64)
            if graph.margin(np.full(len(common), x), common).mean() < min_margin:
                return True
    return False


def make_facts(sentences: list[Sentence], vectors: np.ndarray, groups: list[list[int]]) -> list[Fact]:
    """Facts of ``groups`` in order, each labelled by a text no other fact is labelled by.

    A sentence may support two facts, and outlets may print the very same
    sentence; were two facts labelled by one text, two rows of the matrix would
    read the same. So labels are a matching of facts to their members' texts
    that costs the least in representativeness (a member's rank in its fact):
    every fact gets its best text where no other needs it, and gives way where
    that lets another keep a text of its own. Where no such matching exists,
    each fact in turn takes its best text not yet taken, else its best member
    no fact is labelled by (its outlet then tells the rows apart).
    """
    ranked = [_by_representativeness(sentences, vectors, g) for g in groups]
    labels = _matched_labels(sentences, ranked) or _greedy_labels(sentences, ranked)
    return [_fact(sentences, vectors, g, label) for g, label in zip(groups, labels, strict=True)]


def _matched_labels(sentences: list[Sentence], ranked: list[list[int]]) -> list[int] | None:
    """A label per fact, each text used once, least total rank; ``None`` when no such matching exists."""
    texts: dict[str, int] = {}
    best: dict[tuple[int, int], tuple[int, int]] = {}  # (fact, text) -> (rank, member)
    for f, members in enumerate(ranked):
        for rank, i in enumerate(members):
            key = (f, texts.setdefault(_text_key(sentences[i]), len(texts)))
            best.setdefault(key, (rank, i))
    if len(texts) < len(ranked):
        return None
    rows, cols = np.array(list(best)).T
    # Ranks + 1: a sparse matrix does not store the zero cost of a fact's first choice.
    ranks = np.array([rank for rank, _ in best.values()], dtype=float) + 1
    costs = sparse.csr_matrix((ranks, (rows, cols)), shape=(len(ranked), len(texts)))
    try:
        _, matched = min_weight_full_bipartite_matching(costs)
    except ValueError:  # some facts share all their texts with others
        return None
    return [best[f, int(t)][1] for f, t in enumerate(matched)]


def _greedy_labels(sentences: list[Sentence], ranked: list[list[int]]) -> list[int]:
    taken: set[str] = set()
    used: set[int] = set()
    labels = []
    for members in ranked:
        fresh = (i for i in members if _text_key(sentences[i]) not in taken)
        label = next(fresh, next((i for i in members if i not in used), members[0]))  # else another sentence
        taken.add(_text_key(sentences[label]))
        used.add(label)
        labels.append(label)
    return labels


def _text_key(sentence: Sentence) -> str:
    return " ".join(sentence.text.split())


def _by_representativeness(sentences: list[Sentence], vectors: np.ndarray, group: list[int]) -> list[int]:
    """Members, most representative first: by summed cosine to the others; of two, the longer says more."""
    if len(group) <= 2:
        return sorted(group, key=lambda i: -len(sentences[i].text))
    centrality = (vectors[group] @ vectors[group].T).sum(axis=1)
    return [group[k] for k in np.argsort(-centrality, kind="stable")]


def _fact(sentences: list[Sentence], vectors: np.ndarray, group: list[int], label: int) -> Fact:
    members = tuple(
        FactMember(
            sentence_id=sentences[i].id,
            article_id=sentences[i].article_id,
            outlet=sentences[i].outlet,
            text=sentences[i].text,
            similarity=round(float(vectors[i] @ vectors[label]), 4),
            language=sentences[i].language,
        )
        for i in group
    )
    ids = "|".join(sorted(m.sentence_id for m in members))
    return Fact(
        id="f" + hashlib.sha1(ids.encode()).hexdigest()[:10],
        label=sentences[label].text,
        label_sentence_id=sentences[label].id,
        members=members,
    )
