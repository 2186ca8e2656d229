"""Vectors to facts: group statements from different outlets that report the same thing.

How a pair of sentences from two outlets is scored
    Four similarities, each standardised (z-score) over cross-outlet pairs of
    this corpus, then averaged: semantic (embedding cosine) of the sentences and
    the best pair of their clauses, and lexical (character 3-5-gram TF-IDF
    cosine, which catches shared names, numbers and word stems across
    Indonesian affixes) of the same two. Sentences that state a figure of the
    same kind about the same thing (a count of agreements, a trade amount)
    get a bonus, whether or not the numbers agree: "11 pacts" and "a dozen
    agreements" report one fact, and their disagreement is the news.
    Standardising is what calibrates e5's
    compressed cosine range (unrelated sentences of one story already score
    0.8): only how far a pair stands out in *this* corpus counts.

    The pair's margin is that score minus the mean of both sentences' k best
    cross-outlet scores (margin scoring from bitext mining, Artetxe & Schwenk
    2019). It demotes "hub" sentences that are close to everything, such as
    generic lines about the visit, and promotes a match that stands out.

How pairs become facts
    A pair is an edge when its margin clears the threshold, its score stands
    out corpus-wide too (``min_score`` standard deviations: without it, a
    sentence no other outlet reports would still pair with its least bad
    match), and each sentence is among the other's ``mutual_rank`` best
    matches in that outlet. Edges are
    merged greedily, best first, into facts holding at most one sentence per
    outlet, as long as the average margin between the two groups still clears
    the threshold (average linkage). A sentence left out of a fact by the
    one-per-outlet rule may still join a second fact where it fits the
    members on average, so one sentence can support several facts. Every
    sentence in no multi-outlet fact is an exclusive: a fact of one outlet.

Scale
    Nothing n x n is ever held: similarities are computed ``chunk_size`` rows
    at a time and only the ``candidates`` best per sentence are kept (as
    sentence-transformers' ``paraphrase_mining_embeddings`` does), so memory
    is linear in the number of sentences. Up to ``approximate_above``
    sentences those candidates are exact: every cross-outlet pair is scored,
    which costs n^2. Above it (or with ``approximate=True``) a
    nearest-neighbour search on a dense proxy of the score (the sentence
    vector joined with a truncated SVD of the character TF-IDF, weighted like
    the score; a faiss IVF index when faiss is installed, else an exact scan)
    shortlists ``shortlist`` other-outlet sentences per sentence, and only
    those pairs are scored exactly. Every later step works on arrays of pairs
    (sorted pair keys and ``searchsorted`` look-ups; exact scores of pairs
    outside the candidates computed in batches on all cores and remembered),
    never pair by pair in Python.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfTransformer

from dashboard.pipeline.models import Fact, FactMember, PipelineError, Sentence

# The user-facing threshold is a pair score in [0, 1]:
# score = sigmoid(SCORE_SLOPE * (margin - MARGIN_AT_HALF)), so the default 0.5
# is a margin of a quarter standard deviation above the neighbourhood mean.
MARGIN_AT_HALF = 0.25
SCORE_SLOPE = 2.0


def margin_for(threshold: float) -> float:
    """The margin a pair needs to reach pair score ``threshold``."""
    t = min(max(threshold, 1e-6), 1 - 1e-6)
    return MARGIN_AT_HALF + math.log(t / (1 - t)) / SCORE_SLOPE


def pair_score(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-SCORE_SLOPE * (margin - MARGIN_AT_HALF)))


@dataclass(frozen=True)
class AlignConfig:
    threshold: float = 0.5  # pair score in [0, 1], see margin_for()
    semantic_weight: float = 0.5  # the rest is lexical
    neighbours: int = 8  # k of the margin's neighbourhood mean
    candidates: int = 16  # best matches kept per sentence
    mutual_rank: int = 2  # each must be among the other's best in that outlet
    second_fact_extra: float = 1.0  # margin above the threshold for an edge to found a second fact
    min_score: float = 2.0  # the pair must also stand out corpus-wide: top ~2% of cross-outlet pairs
    figure_bonus: float = 2.0  # added (in standard deviations) when two sentences share a figure key
    max_key_sentences: int = 50  # a figure key shared by more sentences is too common to count
    chunk_size: int = 128  # sentences scored at a time
    stats_rows: int = 512  # rows sampled to standardise the similarities
    stats_columns: int = 4096  # ... against this many sampled sentences (all when fewer)
    approximate: bool | None = None  # shortlist candidates by a proxy; None: above approximate_above
    approximate_above: int = 2_000  # sentences: the exact scan costs n^2 (77 s at 10k on 2 cores)
    shortlist: int = 64  # proxy neighbours per sentence scored exactly on the approximate path


@dataclass(frozen=True)
class Inputs:
    """What the aligner needs: body sentences and their vectors.

    ``clause_vectors`` rows belong to sentence ``clause_owner[row]``; owners are
    sorted and every sentence owns at least one clause.
    """

    sentences: Sequence[Sentence]
    clause_texts: Sequence[str]
    clause_owner: np.ndarray
    sentence_vectors: np.ndarray
    clause_vectors: np.ndarray
    figure_keys: Sequence[frozenset[str]] = ()  # per sentence, e.g. {"count:agreements"}

    def check(self) -> None:
        n = len(self.sentences)
        if self.sentence_vectors.shape[0] != n:
            raise PipelineError(f"{self.sentence_vectors.shape[0]} sentence vectors for {n} sentences")
        if len(self.clause_owner) != self.clause_vectors.shape[0] or len(self.clause_texts) != len(
            self.clause_owner
        ):
            raise PipelineError("clause texts, owners and vectors differ in length")
        if n and not np.array_equal(np.unique(self.clause_owner), np.arange(n)):
            raise PipelineError("every sentence needs at least one clause, owners in order")
        if n > 1 and np.any(np.diff(self.clause_owner) < 0):
            raise PipelineError("clause owners must be sorted")
        if self.figure_keys and len(self.figure_keys) != n:
            raise PipelineError(f"{len(self.figure_keys)} figure key sets for {n} sentences")


#: Pairs scored per batch (per thread), and per slice of combined scores.
_PAIR_CHUNK = 4096
_SCORE_SLICE = 1 << 18
#: Dimensions of the lexical half of the proxy (truncated SVD of the character TF-IDF) ...
_PROXY_LEXICAL_DIM = 128
#: ... fitted on at most this many sentences.
_PROXY_FIT_ROWS = 5_000


class _Similarity:
    """Standardised pair scores: of a block of rows against all sentences, or of any list of pairs."""

    def __init__(self, inputs: Inputs, config: AlignConfig, threads: int | None = None) -> None:
        self.config = config
        self.threads = threads or os.cpu_count() or 1
        self.n = len(inputs.sentences)
        outlets = [s.outlet for s in inputs.sentences]
        _, self.outlet = np.unique(np.array(outlets, dtype=object), return_inverse=True)
        self.E = np.ascontiguousarray(inputs.sentence_vectors, dtype=np.float32)
        self.EC = np.ascontiguousarray(inputs.clause_vectors, dtype=np.float32)
        self.owner = np.asarray(inputs.clause_owner)
        self.starts = np.searchsorted(self.owner, np.arange(self.n))
        self.ends = np.append(self.starts[1:], len(self.owner))
        self.T, self.TC = _char_tfidf([s.text for s in inputs.sentences], list(inputs.clause_texts))
        self.mean, self.std = self._standardisation()

    @cached_property
    def _all_columns(self) -> _Columns:
        return _Columns(self.E, self.T.T.tocsr(), self.EC, self.TC.T.tocsr(), self.starts)

    def _columns(self, cols: np.ndarray) -> _Columns:
        clauses = _ranges(self.starts[cols], self.ends[cols])
        counts = self.ends[cols] - self.starts[cols]
        return _Columns(
            self.E[cols], self.T[cols].T.tocsr(), self.EC[clauses], self.TC[clauses].T.tocsr(),
            np.cumsum(counts) - counts,
        )  # fmt: skip

    def _raw(self, rows: np.ndarray, columns: _Columns | None = None) -> np.ndarray:
        """Raw similarities of ``rows`` against ``columns`` (all sentences): shape (4, len(rows), columns)."""
        c = columns or self._all_columns
        lo, hi = self.starts[rows[0]], self.ends[rows[-1]]
        clauses = _ranges(self.starts[rows], self.ends[rows])
        counts = self.ends[rows] - self.starts[rows]
        local_starts = np.cumsum(counts) - counts
        # Slices when the rows are consecutive (the scan), indices when sampled.
        own = slice(lo, hi) if len(clauses) == hi - lo else clauses
        sem = self.E[rows] @ c.E.T
        lex = (self.T[rows] @ c.Tt).toarray()
        csem = _clause_max(self.EC[own] @ c.EC.T, local_starts, c.starts)
        clex = _clause_max((self.TC[own] @ c.TCt).toarray(), local_starts, c.starts)
        return np.stack([sem, csem, lex, clex])

    def _standardisation(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(0)
        rows = np.arange(self.n)
        if self.n > self.config.stats_rows:
            rows = np.sort(rng.choice(self.n, self.config.stats_rows, replace=False))
        columns, col_outlet = None, self.outlet
        if self.n > self.config.stats_columns:
            cols = np.sort(rng.choice(self.n, self.config.stats_columns, replace=False))
            columns, col_outlet = self._columns(cols), self.outlet[cols]
        values = []
        for block in _chunks(rows, self.config.chunk_size):
            raw = self._raw(block, columns)
            cross = self.outlet[block][:, None] != col_outlet[None, :]
            values.append(raw[:, cross])
        flat = np.concatenate(values, axis=1) if values else np.zeros((4, 0))
        if flat.shape[1] < 2:
            return np.zeros((4, 1, 1)), np.ones((4, 1, 1))
        std = flat.std(axis=1)
        std[std < 1e-6] = 1.0
        return flat.mean(axis=1)[:, None, None], std[:, None, None]

    def combine(self, raw: np.ndarray) -> np.ndarray:
        z = (raw - self.mean.reshape(4, *([1] * (raw.ndim - 1)))) / self.std.reshape(
            4, *([1] * (raw.ndim - 1))
        )
        w = self.config.semantic_weight
        return w * (z[0] + z[1]) / 2 + (1 - w) * (z[2] + z[3]) / 2

    def block(self, rows: np.ndarray) -> np.ndarray:
        """Combined scores of ``rows`` against all sentences; same-outlet pairs are -inf."""
        scores = self.combine(self._raw(rows))
        scores[self.outlet[rows][:, None] == self.outlet[None, :]] = -np.inf
        return scores

    def raw_pairs(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Raw similarities of the pairs ``(first[p], second[p])``: shape (4, pairs), float32.

        Batches run on ``threads`` threads: numpy and scipy's sparse kernels
        release the GIL, so they use every core.
        """
        out = np.empty((4, len(first)), dtype=np.float32)

        def score(sel: np.ndarray) -> None:
            i, j = first[sel], second[sel]
            out[0, sel] = np.einsum("ij,ij->i", self.E[i], self.E[j])
            out[2, sel] = _sparse_dots(self.T, i, j)
            a, b, segments = self._clause_pairs(i, j)
            out[1, sel] = np.maximum.reduceat(np.einsum("ij,ij->i", self.EC[a], self.EC[b]), segments)
            out[3, sel] = np.maximum.reduceat(_sparse_dots(self.TC, a, b), segments)

        batches = [np.arange(k, min(k + _PAIR_CHUNK, len(first))) for k in range(0, len(first), _PAIR_CHUNK)]
        if self.threads > 1 and len(batches) > 1:
            with ThreadPoolExecutor(self.threads) as pool:
                list(pool.map(score, batches))
        else:
            for sel in batches:
                score(sel)
        return out

    def pair_scores(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Combined scores of the pairs ``(first[p], second[p])``, float64.

        A slice at a time, so a few million pairs never hold their float64
        intermediates all at once.
        """
        out = np.empty(len(first))
        for k in range(0, len(first), _SCORE_SLICE):
            part = slice(k, k + _SCORE_SLICE)
            out[part] = self.combine(self.raw_pairs(first[part], second[part]).astype(np.float64))
        return out

    def _clause_pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every clause of i[p] with every clause of j[p], and where each pair p's run starts."""
        ci, cj = self.ends[i] - self.starts[i], self.ends[j] - self.starts[j]
        counts = ci * cj
        segments = np.cumsum(counts) - counts
        pair = np.repeat(np.arange(len(i)), counts)
        k = np.arange(counts.sum()) - segments[pair]
        return self.starts[i][pair] + k // cj[pair], self.starts[j][pair] + k % cj[pair], segments

    def proxy(self) -> np.ndarray:
        """Unit vectors whose dot products rank pairs like the sentence-level half of the score.

        The sentence vector joined with a truncated SVD of the character
        TF-IDF, each weighted by its share of the score over its spread.
        """
        w = self.config.semantic_weight
        rank = min(_PROXY_LEXICAL_DIM, self.T.shape[1] - 1, self.n - 1)
        lexical = np.zeros((self.n, 0), dtype=np.float32)
        if rank >= 1:
            rng = np.random.default_rng(0)
            fit = np.sort(rng.choice(self.n, min(self.n, _PROXY_FIT_ROWS), replace=False))
            svd = TruncatedSVD(rank, n_iter=3, random_state=0).fit(self.T[fit])
            lexical = svd.transform(self.T).astype(np.float32)
            lexical /= np.maximum(np.linalg.norm(lexical, axis=1, keepdims=True), 1e-12)
        a = math.sqrt(w / float(self.std[0, 0, 0]))
        b = math.sqrt((1 - w) / float(self.std[2, 0, 0]))
        vectors = np.hstack([a * self.E, b * lexical]).astype(np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors


def _char_tfidf(texts: list[str], clause_texts: list[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Character 3-5-gram TF-IDF of ``texts`` (fitted on them) and of ``clause_texts``.

    Bit for bit what ``TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
    sublinear_tf=True, dtype=np.float32)`` gives (same values, same storage
    order, so every later sum rounds the same), several times faster: its
    n-grams never cross a word boundary, so they are generated once per
    distinct word and counted with one sparse product (documents x words) @
    (words x n-grams) instead of a Python loop over every n-gram of every text.
    """
    words: dict[str, int] = {}

    def word_counts(docs: list[str]) -> tuple[list[int], list[int], list[int]]:
        indptr, indices, counts = [0], [], []
        for doc in docs:
            counter = Counter(words.setdefault(w, len(words)) for w in doc.lower().split())
            indices += counter.keys()
            counts += counter.values()
            indptr.append(len(indices))
        return indptr, indices, counts

    sentence_words = word_counts(texts)
    fitted = len(words)
    clause_words = word_counts(clause_texts)
    grams = [Counter(_word_ngrams(w)) for w in words]
    # CountVectorizer numbers n-grams by first appearance; a new one can only
    # appear at a word's first use, so walking words in first-use order agrees.
    first_seen: dict[str, int] = {}
    for counter in grams[:fitted]:
        for gram in counter:
            first_seen.setdefault(gram, len(first_seen))
    by_name = np.empty(len(first_seen), dtype=np.int32)
    by_name[[first_seen[g] for g in sorted(first_seen)]] = np.arange(len(first_seen), dtype=np.int32)
    w_ptr, w_idx, w_cnt = [0], [], []
    for counter in grams:
        for gram, count in counter.items():
            if gram in first_seen:  # clause-only n-grams are out of the vocabulary
                w_idx.append(first_seen[gram])
                w_cnt.append(count)
        w_ptr.append(len(w_idx))
    word_grams = sparse.csr_matrix((w_cnt, w_idx, w_ptr), shape=(len(words), len(first_seen)), dtype=np.int32)

    def counts(doc_words: tuple[list[int], list[int], list[int]], fitting: bool) -> sparse.csr_matrix:
        indptr, indices, values = doc_words
        docs = sparse.csr_matrix(
            (values, indices, indptr), shape=(len(indptr) - 1, len(words)), dtype=np.int32
        )
        x = (docs @ word_grams).tocsr()
        # Rows stored as CountVectorizer stores them: by first appearance when
        # fitting (then renumbered by name), by name when transforming.
        if fitting:
            x.sort_indices()
        x.indices = by_name[x.indices]
        if not fitting:
            x.has_sorted_indices = False
            x.sort_indices()
        return sparse.csr_matrix(
            (x.data.astype(np.float32), x.indices.astype(np.int32), x.indptr.astype(np.int32)), shape=x.shape
        )

    sentences = counts(sentence_words, fitting=True)
    clauses = counts(clause_words, fitting=False)
    tfidf = TfidfTransformer(sublinear_tf=True).fit(sentences)
    return tfidf.transform(sentences, copy=False).tocsr(), tfidf.transform(clauses, copy=False).tocsr()


def _word_ngrams(word: str) -> list[str]:
    """scikit-learn's ``char_wb`` 3-5-grams of one lower-cased word, in its order."""
    padded = " " + word + " "
    grams = []
    for n in range(3, 6):
        offset = 0
        grams.append(padded[offset : offset + n])
        while offset + n < len(padded):
            offset += 1
            grams.append(padded[offset : offset + n])
        if offset == 0:  # a word shorter than n is counted once
            break
    return grams


@dataclass(frozen=True)
class _Columns:
    """The column side of a block: vectors, transposed TF-IDF, clauses and where each sentence's start."""

    E: np.ndarray
    Tt: sparse.csr_matrix
    EC: np.ndarray
    TCt: sparse.csr_matrix
    starts: np.ndarray


def _clause_max(block: np.ndarray, row_starts: np.ndarray, col_starts: np.ndarray) -> np.ndarray:
    """Max over clause pairs, reducing clause rows and columns to their sentences."""
    by_col = np.maximum.reduceat(block, col_starts, axis=1)
    return np.maximum.reduceat(by_col, row_starts, axis=0)


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, e) for s, e in zip(starts, ends)])``, without the loop."""
    lengths = ends - starts
    return np.arange(lengths.sum()) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)


def _sparse_dots(m: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row dot products ``m[a[p]] . m[b[p]]``: one sorted merge per pair in scipy's C++ code."""
    return np.asarray(m[a].multiply(m[b]).sum(axis=1), dtype=np.float32).ravel()


def _chunks(rows: np.ndarray, size: int) -> Iterator[np.ndarray]:
    for k in range(0, len(rows), size):
        yield rows[k : k + size]


def _nearest(vectors: np.ndarray, outlet: np.ndarray, k: int, chunk_size: int, threads: int) -> np.ndarray:
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
        for block in _chunks(np.arange(n), chunk_size):
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


#: Clusters each approximate query scans, and how many same-outlet hits (x k) it looks past.
_NPROBE = 16
_OUTLET_SLACK = 3


def _pair_key(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(i, j).astype(np.int64) * n + np.maximum(i, j)


class _PairStore:
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


class _Graph:
    """Candidate matches per sentence, their pair scores, and margins of any pair."""

    def __init__(
        self,
        sim: _Similarity,
        config: AlignConfig,
        figure_keys: Sequence[frozenset[str]],
        progress: Callable[[int, int], None] | None,
    ):
        n = sim.n
        self.sim, self.config = sim, config
        self.keys = list(figure_keys) or [frozenset()] * n
        self._has_keys = np.array([bool(k) for k in self.keys])
        approximate = config.approximate if config.approximate is not None else n > config.approximate_above
        cand, cand_scores, self.radius = (self._approximate if approximate else self._exact)(progress)
        valid = cand >= 0
        src = np.repeat(np.arange(n), cand.shape[1])[valid.ravel()]
        dst, values = cand[valid], cand_scores[valid]
        keys = _pair_key(src, dst, n)
        # A pair seen from both sides keeps the later row's score, as the row scan would.
        order = np.lexsort((src, keys))
        keys, values = keys[order], values[order]
        last = np.r_[keys[1:] != keys[:-1], True] if len(keys) else np.zeros(0, bool)
        self._store = _PairStore()
        self._store.add(keys[last], values[last])
        extra_src, extra_dst = self._shared_figure_partners()
        partners = np.unique(np.concatenate([src * n + dst, extra_src * n + extra_dst]))
        self.p_src, self.p_dst = partners // n, partners % n
        self.p_start = np.searchsorted(self.p_src, np.arange(n + 1))
        self.p_score = self.score(self.p_src, self.p_dst)

    def _exact(self, progress: Callable[[int, int], None] | None) -> tuple[np.ndarray, ...]:
        """Top candidates by scoring every pair, a block of rows at a time."""
        sim, config = self.sim, self.config
        n, k_cand, k_near = sim.n, config.candidates, config.neighbours
        cand = np.full((n, k_cand), -1, dtype=np.int64)
        scores = np.full((n, k_cand), -np.inf)
        radius = np.zeros(n, dtype=np.float64)
        for block in _chunks(np.arange(n), config.chunk_size):
            block_scores = sim.block(block)
            take = min(k_cand, n)
            top = np.argpartition(-block_scores, take - 1, axis=1)[:, :take]
            top_scores = np.take_along_axis(block_scores, top, axis=1)
            order = np.argsort(-top_scores, axis=1)
            top, top_scores = np.take_along_axis(top, order, 1), np.take_along_axis(top_scores, order, 1)
            finite = np.isfinite(top_scores)
            cand[block, :take] = np.where(finite, top, -1)
            scores[block, :take] = top_scores
            head = finite[:, :k_near]
            sums = np.where(head, top_scores[:, :k_near], 0).sum(axis=1)
            radius[block] = sums / np.maximum(head.sum(axis=1), 1)
            if progress:
                progress(int(block[-1]) + 1, n)
        return cand, scores, radius

    def _approximate(self, progress: Callable[[int, int], None] | None) -> tuple[np.ndarray, ...]:
        """Top candidates among a proxy's nearest neighbours, scored exactly."""
        sim, config = self.sim, self.config
        n, k_near = sim.n, config.neighbours
        shortlist = _nearest(sim.proxy(), sim.outlet, config.shortlist, config.chunk_size, sim.threads)
        src = np.repeat(np.arange(n), shortlist.shape[1])
        dst = shortlist.ravel()
        valid = dst >= 0
        keys, inverse = np.unique(_pair_key(src[valid], dst[valid], n), return_inverse=True)
        flat = np.full(len(dst), -np.inf)
        flat[valid] = sim.pair_scores(keys // n, keys % n)[inverse]
        scores = flat.reshape(shortlist.shape)
        take = min(config.candidates, shortlist.shape[1])
        order = np.argsort(-scores, axis=1, kind="stable")[:, :take]
        top, top_scores = np.take_along_axis(shortlist, order, 1), np.take_along_axis(scores, order, 1)
        finite = np.isfinite(top_scores)
        head = finite[:, :k_near]
        radius = np.where(head, top_scores[:, :k_near], 0).sum(axis=1) / np.maximum(head.sum(axis=1), 1)
        if progress:
            progress(n, n)
        return np.where(finite, top, -1), top_scores, radius

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
            cross = self.sim.outlet[a] != self.sim.outlet[b]
            src.append(a[cross])
            dst.append(b[cross])
        return np.concatenate(src).astype(np.int64), np.concatenate(dst).astype(np.int64)

    def score(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pair scores, figure bonus included; pairs scored for the first time are remembered."""
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        keys = _pair_key(i, j, self.sim.n)
        hit, out = self._store.get(keys)
        if not hit.all():
            new, first = np.unique(keys[~hit], return_index=True)
            values = self.sim.pair_scores(i[~hit][first], j[~hit][first])
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
        outlet, m = self.sim.outlet, len(self.p_score)
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
        """Qualifying pairs ``(margins, i, j)`` with i < j, best first."""
        i, j, s = self.p_src, self.p_dst, self.p_score
        top = self.config.mutual_rank
        m = s - (self.radius[i] + self.radius[j]) / 2
        keep = (m >= min_margin) & (s >= self.config.min_score)
        keep[keep] = (self._rank(i[keep], j[keep], s[keep]) < top) & (
            self._rank(j[keep], i[keep], s[keep]) < top
        )
        lo, hi, m = np.minimum(i, j)[keep], np.maximum(i, j)[keep], m[keep]
        _, first = np.unique(lo * self.sim.n + hi, return_index=True)
        lo, hi, m = lo[first], hi[first], m[first]
        order = np.lexsort((hi, lo, m))[::-1]
        return m[order], lo[order], hi[order]


def _group(graph: _Graph, min_margin: float) -> list[list[int]]:
    edges = graph.edges(min_margin)
    groups = _merge(graph, edges, min_margin)
    # Strong edges the one-per-outlet rule kept apart (a sentence whose outlet
    # already has a sentence in its partner's fact) found a second fact.
    label = np.full(graph.sim.n, -1)
    for k, g in enumerate(groups):
        label[g] = k
    margins, first, second = edges
    apart = (label[first] != label[second]) | (label[first] < 0)
    left = apart & (margins >= min_margin + graph.config.second_fact_extra)
    groups += _merge(graph, (margins[left], first[left], second[left]), min_margin)
    unique = {tuple(_add_secondary(graph, g, min_margin)) for g in groups}
    return [list(g) for g in unique]


def _merge(
    graph: _Graph, edges: tuple[np.ndarray, np.ndarray, np.ndarray], min_margin: float
) -> list[list[int]]:
    """Average-linkage merging of edges, best first, one sentence per outlet per group."""
    outlet = graph.sim.outlet.tolist()
    members: dict[int, list[int]] = {i: [i] for i in range(graph.sim.n)}
    outlets: dict[int, set[int]] = {}  # of groups larger than one
    root = list(range(graph.sim.n))
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


def _add_secondary(graph: _Graph, group: list[int], min_margin: float) -> list[int]:
    """Let a sentence from a missing outlet join when it fits the group on average."""
    outlet = graph.sim.outlet
    present = set(outlet[group].tolist())
    inside = set(group)
    candidates = [
        s for x in group for s in graph.partners(x).tolist() if s not in inside and outlet[s] not in present
    ]
    candidates = list(dict.fromkeys(candidates))
    if not candidates:
        return group
    fits = graph.margin(np.repeat(candidates, len(group)), np.tile(group, len(candidates)))
    best: dict[int, tuple[float, int]] = {}
    for s, fit in zip(
        candidates, fits.reshape(len(candidates), len(group)).mean(axis=1).tolist(), strict=True
    ):
        if fit >= min_margin and fit > best.get(outlet[s], (-np.inf, -1))[0]:
            best[outlet[s]] = (fit, s)
    return sorted(group + [s for _, s in best.values()])


def align(
    inputs: Inputs,
    config: AlignConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
    threads: int | None = None,
) -> list[Fact]:
    """Facts from body sentences: multi-outlet facts first (most outlets first), then exclusives.

    ``threads`` caps the threads that score pairs and search neighbours (``None``: all cores).
    """
    config = config or AlignConfig()
    inputs.check()
    sentences = list(inputs.sentences)
    if not sentences:
        return []
    sim = _Similarity(inputs, config, threads)
    groups: list[list[int]] = []
    if len(set(sim.outlet.tolist())) > 1:
        graph = _Graph(sim, config, inputs.figure_keys, progress)
        groups = _group(graph, margin_for(config.threshold))
    covered = {i for g in groups for i in g}
    groups.sort(key=lambda g: (-len(g), g[0]))
    groups += [[i] for i in range(len(sentences)) if i not in covered]
    return [_fact(sentences, sim.E, g) for g in groups]


def _fact(sentences: list[Sentence], vectors: np.ndarray, group: list[int]) -> Fact:
    if len(group) == 2:  # two sentences have no medoid: the longer one says more
        label = max(group, key=lambda i: len(sentences[i].text))
    else:  # the most central sentence: highest summed cosine to the others
        label = group[int(np.argmax((vectors[group] @ vectors[group].T).sum(axis=1)))]
    members = tuple(
        FactMember(
            sentence_id=sentences[i].id,
            article_id=sentences[i].article_id,
            outlet=sentences[i].outlet,
            text=sentences[i].text,
            similarity=round(float(vectors[i] @ vectors[label]), 4),
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
