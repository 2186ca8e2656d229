"""Candidate matches: for every sentence, its best-scoring sentences of other outlets, and any pair's margin.

The pair's margin is its score minus the mean of both sentences' k best
cross-outlet scores (margin scoring from bitext mining, Artetxe & Schwenk
2019). It demotes "hub" sentences that are close to everything, such as
generic lines about the visit, and promotes a match that stands out.

Nothing n x n is ever held: scores are computed ``chunk_size`` rows at a time
and only the ``candidates`` best per sentence are kept (as sentence-transformers'
``paraphrase_mining_embeddings`` does), so memory is linear in the number of
sentences. Up to ``approximate_above`` sentences those candidates are exact:
every cross-outlet pair is scored, which costs n^2. Above it (or with
``approximate=True``) a nearest-neighbour search on a dense proxy of the score
(a faiss IVF index when faiss is installed, else an exact scan) shortlists
``shortlist`` other-outlet sentences per sentence, and only those pairs are
scored exactly. Every later step works on arrays of pairs (sorted pair keys and
``searchsorted`` look-ups; exact scores of pairs outside the candidates computed
in batches and remembered), never pair by pair in Python.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from dashboard.pipeline.align.config import AlignConfig
from dashboard.pipeline.align.features import chunks
from dashboard.pipeline.align.scoring import Scorer

#: Clusters each approximate query scans, and how many same-outlet hits (x k) it looks past.
_NPROBE = 16
_OUTLET_SLACK = 3


def nearest(vectors: np.ndarray, outlet: np.ndarray, k: int, chunk_size: int, threads: int) -> np.ndarray:
    """The ``k`` nearest other-outlet rows of every row by dot product, best first, -1 padded.

    A faiss inverted-file index when faiss is installed (approximate: each
    query scans the ``nprobe`` closest of ~sqrt(n) clusters; same-outlet hits
    are searched for, up to ``_OUTLET_SLACK`` x k, and dropped); otherwise an
    exact blockwise scan that skips the row's own outlet.
    """
    n = len(vectors)
    try:
        import faiss
    except ImportError:
        faiss = None
    if faiss is None:
        want = min(k, n)
        found = np.empty((n, want), dtype=np.int64)
        for block in chunks(np.arange(n), chunk_size):
            scores = vectors[block] @ vectors.T
            scores[outlet[block][:, None] == outlet[None, :]] = -np.inf
            top = np.argpartition(-scores, want - 1, axis=1)[:, :want]
            top_scores = np.take_along_axis(scores, top, axis=1)
            order = np.argsort(-top_scores, axis=1, kind="stable")
            found[block] = np.where(np.isfinite(np.take_along_axis(top_scores, order, axis=1)),
                                    np.take_along_axis(top, order, axis=1), -1)  # fmt: skip
    else:
        want = min(n, k + min(int(np.bincount(outlet).max()), _OUTLET_SLACK * k))
        nlist = max(1, min(int(4 * math.sqrt(n)), n // 40))  # faiss wants ~40 training points a cluster
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(vectors.shape[1]), vectors.shape[1], nlist,
                                   faiss.METRIC_INNER_PRODUCT)  # fmt: skip
        previous = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(threads)
        try:
            index.train(vectors)
            index.add(vectors)
            index.nprobe = min(nlist, _NPROBE)
            found = index.search(vectors, want)[1]
        finally:
            faiss.omp_set_num_threads(previous)
    drop = (found < 0) | (outlet[np.maximum(found, 0)] == outlet[:, None])
    order = np.argsort(drop, axis=1, kind="stable")[:, :k]
    return np.where(np.take_along_axis(drop, order, axis=1), -1, np.take_along_axis(found, order, axis=1))


def neighbourhood(outlets: int, config: AlignConfig) -> int:
    """How many best matches make a sentence's neighbourhood mean: one per other outlet and four more.

    A fact every outlet reports gives a sentence one true match per outlet; a
    fixed k would then be all true matches in a large corpus, and the margin
    would punish exactly the most widely reported facts. At least
    ``neighbours``, at most twice the ``candidates`` kept: both paths score
    more pairs than they keep, so a wide neighbourhood costs a mean, not
    memory. Capping it at the 16 kept cut it short from 14 outlets on; past
    32, the many more facts it finds at scale cost time in grouping.
    """
    return min(max(config.neighbours, outlets + 3), 2 * config.candidates)


def pair_key(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(i, j).astype(np.int64) * n + np.maximum(i, j)


class PairStore:
    """Pair scores by pair key, as sorted runs merged once they grow (a log-structured merge).

    Adding a batch costs about its own size, not the store's; a look-up is one
    binary search per run, and there are O(log pairs) runs.
    """

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Store new, distinct ``keys``."""
        order = np.argsort(keys, kind="stable")
        self._runs.append((keys[order], values[order]))
        while len(self._runs) > 1 and 2 * len(self._runs[-1][0]) >= len(self._runs[-2][0]):
            (k2, v2), (k1, v1) = self._runs.pop(), self._runs.pop()
            k = np.concatenate([k1, k2])
            order = np.argsort(k, kind="stable")
            self._runs.append((k[order], np.concatenate([v1, v2])[order]))

    def get(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which ``keys`` are stored, and their values (undefined where not)."""
        hit, out = np.zeros(len(keys), dtype=bool), np.empty(len(keys))
        for run_keys, run_values in self._runs:
            if len(run_keys):
                pos = np.minimum(np.searchsorted(run_keys, keys), len(run_keys) - 1)
                found = run_keys[pos] == keys
                out[found] = run_values[pos[found]]
                hit |= found
        return hit, out


class CandidateGraph:
    """Candidate matches per sentence, their pair scores, and margins of any pair."""

    def __init__(
        self,
        scorer: Scorer,
        config: AlignConfig,
        figure_keys: Sequence[frozenset[str]],
        progress: Callable[[int, int], None] | None,
    ):
        n = scorer.n
        self.scorer, self.config = scorer, config
        self.keys = list(figure_keys) or [frozenset()] * n
        self._has_keys = np.array([bool(k) for k in self.keys])
        self.neighbours = neighbourhood(int(scorer.outlet.max(initial=0)) + 1, config)
        approximate = config.approximate if config.approximate is not None else n > config.approximate_above
        find = self.approximate_candidates if approximate else self.exact_candidates
        cand, cand_scores, self.radius = find(progress)
        valid = cand >= 0
        src = np.repeat(np.arange(n), cand.shape[1])[valid.ravel()]
        dst, values = cand[valid], cand_scores[valid]
        keys = pair_key(src, dst, n)
        # A pair seen from both sides keeps the later row's score, as the row scan would.
        order = np.lexsort((src, keys))
        keys, values = keys[order], values[order]
        last = np.r_[keys[1:] != keys[:-1], True] if len(keys) else np.zeros(0, bool)
        self._store = PairStore()
        self._store.add(keys[last], values[last])
        extra_src, extra_dst = self._shared_figure_partners()
        partners = np.unique(np.concatenate([src * n + dst, extra_src * n + extra_dst]))
        self.p_src, self.p_dst = partners // n, partners % n
        self.p_start = np.searchsorted(self.p_src, np.arange(n + 1))
        self.p_score = self.score(self.p_src, self.p_dst)

    def exact_candidates(self, progress: Callable[[int, int], None] | None) -> tuple[np.ndarray, ...]:
        """Top candidates by scoring every pair, a block of rows at a time."""
        scorer, config = self.scorer, self.config
        n, k_cand = scorer.n, config.candidates
        cand = np.full((n, k_cand), -1, dtype=np.int64)
        scores = np.full((n, k_cand), -np.inf)
        radius = np.zeros(n, dtype=np.float64)
        for block in chunks(np.arange(n), config.chunk_size):
            block_scores = scorer.block(block)
            take = min(max(k_cand, self.neighbours), n)
            top = np.argpartition(-block_scores, take - 1, axis=1)[:, :take]
            top_scores = np.take_along_axis(block_scores, top, axis=1)
            order = np.argsort(-top_scores, axis=1)
            top, top_scores = np.take_along_axis(top, order, 1), np.take_along_axis(top_scores, order, 1)
            kept = min(k_cand, take)
            cand[block, :kept] = np.where(np.isfinite(top_scores[:, :kept]), top[:, :kept], -1)
            scores[block, :kept] = top_scores[:, :kept]
            radius[block] = self._radius(top_scores)
            if progress:
                progress(int(block[-1]) + 1, n)
        return cand, scores, radius

    def approximate_candidates(self, progress: Callable[[int, int], None] | None) -> tuple[np.ndarray, ...]:
        """Top candidates among a proxy's nearest neighbours, scored exactly."""
        scorer, config = self.scorer, self.config
        n = scorer.n
        proxy = scorer.proxy()
        shortlist = nearest(proxy, scorer.outlet, config.shortlist, config.chunk_size, scorer.threads)
        src = np.repeat(np.arange(n), shortlist.shape[1])
        dst = shortlist.ravel()
        valid = dst >= 0
        keys, inverse = np.unique(pair_key(src[valid], dst[valid], n), return_inverse=True)
        flat = np.full(len(dst), -np.inf)
        flat[valid] = scorer.pairs(keys // n, keys % n)[inverse]
        scores = flat.reshape(shortlist.shape)
        order = np.argsort(-scores, axis=1, kind="stable")
        ranked = np.take_along_axis(scores, order, 1)
        take = min(config.candidates, shortlist.shape[1])
        top, top_scores = np.take_along_axis(shortlist, order[:, :take], 1), ranked[:, :take]
        if progress:
            progress(n, n)
        return np.where(np.isfinite(top_scores), top, -1), top_scores, self._radius(ranked)

    def _radius(self, ranked: np.ndarray) -> np.ndarray:
        """The neighbourhood mean of each row of scores sorted best first (-inf: no partner)."""
        head = ranked[:, : self.neighbours]
        finite = np.isfinite(head)
        return np.where(finite, head, 0).sum(axis=1) / np.maximum(finite.sum(axis=1), 1)

    def _shared_figure_partners(self) -> tuple[np.ndarray, np.ndarray]:
        """Cross-outlet pairs that share a figure key become candidates even when text differs."""
        holders: dict[str, list[int]] = {}
        for i, keys in enumerate(self.keys):
            for k in keys:
                holders.setdefault(k, []).append(i)
        src, dst = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        for members in holders.values():
            if len(members) > self.config.max_key_sentences:
                continue
            a, b = np.repeat(members, len(members)), np.tile(members, len(members))
            cross = self.scorer.outlet[a] != self.scorer.outlet[b]
            src.append(a[cross])
            dst.append(b[cross])
        return np.concatenate(src).astype(np.int64), np.concatenate(dst).astype(np.int64)

    def score(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pair scores, figure bonus included; pairs scored for the first time are remembered."""
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        keys = pair_key(i, j, self.scorer.n)
        hit, out = self._store.get(keys)
        if not hit.all():
            new, first = np.unique(keys[~hit], return_index=True)
            values = self.scorer.pairs(i[~hit][first], j[~hit][first])
            self._store.add(new, values)
            out[~hit] = values[np.searchsorted(new, keys[~hit])]
        both = np.flatnonzero(self._has_keys[i] & self._has_keys[j])
        for p in both[[bool(self.keys[i[p]] & self.keys[j[p]]) for p in both]]:
            out[p] += self.config.figure_bonus
        return out

    def margin(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return self.score(i, j) - (self.radius[i] + self.radius[j]) / 2

    def partners(self, i: int) -> np.ndarray:
        return self.p_dst[self.p_start[i] : self.p_start[i + 1]]

    def _rank(self, a: np.ndarray, b: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """How many of a's partners in b's outlet score higher than ``scores``."""
        outlet, m = self.scorer.outlet, len(self.p_score)
        n_outlets = int(outlet.max()) + 1
        _, group = np.unique(
            np.concatenate([self.p_src * n_outlets + outlet[self.p_dst], a * n_outlets + outlet[b]]),
            return_inverse=True,
        )
        values, level = np.unique(np.concatenate([self.p_score, scores]), return_inverse=True)
        # One sortable integer per (group, score), higher scores first within a group.
        code = group.astype(np.int64) * len(values) + (len(values) - 1 - level)
        table = np.sort(code[:m])
        first_of_group = np.searchsorted(table, group[m:].astype(np.int64) * len(values))
        return np.searchsorted(table, code[m:]) - first_of_group

    def edges(self, min_margin: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Qualifying pairs ``(margins, i, j)`` with i < j, best first.

        A pair qualifies when its margin clears ``min_margin``, both sentences
        say enough, and either it stands out corpus-wide (``min_score``) with
        each sentence among the other's ``mutual_rank`` best in that outlet, or
        it is a side of a triangle: sentences of three outlets that are each
        other's best match, every side clearing the margin. The corpus-wide bar
        presumes matches are rare; where a few outlets tell the same short
        story, over a quarter of all pairs are matches, the spread they add hides the
        ones without shared names or numbers, and three outlets agreeing is
        evidence no chance pairing gives.
        """
        i, j, s = self.p_src, self.p_dst, self.p_score
        m = s - (self.radius[i] + self.radius[j]) / 2
        substantive = self.scorer.features.substantive
        fits = (m >= min_margin) & substantive[i] & substantive[j]
        keep = fits & (s >= self.scorer.min_score)
        keep[keep] = self._mutual(i[keep], j[keep], s[keep], self.config.mutual_rank)
        best = fits.copy()
        best[fits] = self._mutual(i[fits], j[fits], s[fits], 1)
        keep |= best & _in_triangle(i, j, best, ~keep)
        lo, hi, m = np.minimum(i, j)[keep], np.maximum(i, j)[keep], m[keep]
        _, first = np.unique(lo * self.scorer.n + hi, return_index=True)
        lo, hi, m = lo[first], hi[first], m[first]
        order = np.lexsort((hi, lo, m))[::-1]
        return m[order], lo[order], hi[order]

    def _mutual(self, a: np.ndarray, b: np.ndarray, scores: np.ndarray, top: int) -> np.ndarray:
        """Whether each of a pair is among the other's ``top`` best in the other's outlet."""
        return (self._rank(a, b, scores) < top) & (self._rank(b, a, scores) < top)


def _in_triangle(i: np.ndarray, j: np.ndarray, linked: np.ndarray, asked: np.ndarray) -> np.ndarray:
    """Which ``asked`` pairs (i, j) among the ``linked`` ones close a triangle of linked pairs.

    Linked pairs join sentences of different outlets, so a sentence linked to
    both ends of a pair is from a third outlet.
    """
    neighbours: dict[int, set[int]] = {}
    for a, b in zip(i[linked].tolist(), j[linked].tolist(), strict=True):
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    out = np.zeros(len(i), dtype=bool)
    for k in np.flatnonzero(linked & asked).tolist():
        out[k] = not neighbours[int(i[k])].isdisjoint(neighbours[int(j[k])])
    return out
