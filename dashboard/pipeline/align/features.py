"""Similarity channels: what two sentences share, measured several ways.

Every raw similarity array has one row per channel, in :data:`CHANNELS` order:

``semantic``
    cosine of the sentence vectors, after each language's mean direction is
    removed (per-language centring, Libovický et al. 2020), so two sentences
    in one language do not look alike merely for being in that language.
    Between two languages the vectors are mixed with those of the sentences
    without the story's names (``neutral_weight``, see
    :mod:`~dashboard.pipeline.story_names`), so shared names do not stand in
    for a shared statement;
``semantic_clause``
    the best cosine over the two sentences' clauses, so a sentence packing two
    facts can match each;
``lexical``, ``lexical_clause``
    character 3-5-gram TF-IDF cosine of the sentences and of their best clause
    pair: shared names, numbers and word stems (across Indonesian affixes too).
    It only means something between texts in one script;
``anchors``
    TF-IDF cosine of the numbers the two sentences state (``11``, ``2023``,
    ``3,6``), the one lexical evidence that crosses scripts.

Nothing here is combined or calibrated; see ``calibration``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from dashboard.pipeline.align.config import AlignConfig, Inputs
from dashboard.pipeline.clauses import words
from dashboard.pipeline.figures.grammar import ascii_digits
from dashboard.pipeline.function_words import function_words
from dashboard.pipeline.scripts import script
from dashboard.pipeline.story_names import names_of, only_names

CHANNELS = ("semantic", "semantic_clause", "lexical", "lexical_clause", "anchors")
SEMANTIC, SEMANTIC_CLAUSE, LEXICAL, LEXICAL_CLAUSE, ANCHORS = range(len(CHANNELS))

#: Words (two characters of Chinese or Japanese count as one) a sentence needs to join a multi-outlet fact.
MIN_FACT_WORDS = 3
#: A language of a handful of sentences gives a noisy offset: it is shrunk by n / (n + this).
_CENTRE_PRIOR = 5
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


@dataclass(frozen=True)
class Columns:
    """The column side of a block: vectors, transposed TF-IDF, clauses and where each sentence's start."""

    vectors: np.ndarray
    tfidf_t: sparse.csr_matrix
    clause_vectors: np.ndarray
    clause_tfidf_t: sparse.csr_matrix
    clause_starts: np.ndarray
    anchors_t: sparse.csr_matrix
    language: np.ndarray
    across: Across | None


@dataclass(frozen=True)
class Across:
    """The vectors that score pairs in two languages (see ``semantic`` above)."""

    vectors: np.ndarray
    clause_vectors: np.ndarray


class Features:
    """Per-sentence features and the raw similarity channels of blocks and pairs."""

    def __init__(self, inputs: Inputs, config: AlignConfig) -> None:
        sentences = inputs.sentences
        self.n = len(sentences)
        _, self.outlet = np.unique(np.array([s.outlet for s in sentences], dtype=object), return_inverse=True)
        names, self.language = np.unique(
            np.array([s.language or "" for s in sentences], dtype=object), return_inverse=True
        )
        self.languages: list[str] = [str(x) for x in names]
        self.owner = np.asarray(inputs.clause_owner)
        self.starts = np.searchsorted(self.owner, np.arange(self.n))
        self.ends = np.append(self.starts[1:], len(self.owner))
        vectors = np.ascontiguousarray(inputs.sentence_vectors, dtype=np.float32)
        clause_vectors = np.ascontiguousarray(inputs.clause_vectors, dtype=np.float32)
        self.across = self._across(inputs, config, vectors, clause_vectors)
        if config.centre_languages and len(self.languages) > 1:
            vectors = centre(vectors, self.language)
            clause_vectors = centre(clause_vectors, self.language[self.owner])
        self.vectors, self.clause_vectors = vectors, clause_vectors
        self.tfidf, self.clause_tfidf = char_tfidf([s.text for s in sentences], list(inputs.clause_texts))
        # scipy multiplies rows with sorted columns by a merge; unsorted ones cost a pass over every column.
        self.tfidf.sort_indices()
        self.anchors = number_tfidf([s.text for s in sentences])
        self.script = [script(t) for t in _texts_by_language(sentences, self.language)]
        # A fragment ("discuter", "手机版") says too little to be one outlet's report of a fact, and so
        # does a caption of nothing but the story's names ("Putin dengan Presiden Vietnam To Lam.").
        names = names_of(sentences)
        self.substantive = np.array(
            [
                words(s.text) >= MIN_FACT_WORDS and not only_names(s.text, names, function_words(s.language))
                for s in sentences
            ],
            dtype=bool,
        )

    def _across(
        self, inputs: Inputs, config: AlignConfig, vectors: np.ndarray, clause_vectors: np.ndarray
    ) -> Across | None:
        """Vectors for pairs in two languages: mixed with the name-neutral ones, centred as the rest are."""
        neutral, neutral_clauses = inputs.neutral_sentence_vectors, inputs.neutral_clause_vectors
        if len(self.languages) < 2 or not config.neutral_weight or neutral is None or neutral_clauses is None:
            return None
        w = config.neutral_weight
        mixed = unit(w * neutral + (1 - w) * vectors)
        mixed_clauses = unit(w * neutral_clauses + (1 - w) * clause_vectors)
        if config.centre_languages:
            mixed = centre(mixed, self.language)
            mixed_clauses = centre(mixed_clauses, self.language[self.owner])
        return Across(mixed, mixed_clauses)

    @cached_property
    def all_columns(self) -> Columns:
        return Columns(
            self.vectors, self.tfidf.T.tocsr(), self.clause_vectors, self.clause_tfidf.T.tocsr(),
            self.starts, self.anchors.T.tocsr(), self.language, self.across,
        )  # fmt: skip

    def columns(self, cols: np.ndarray) -> Columns:
        clauses = ranges(self.starts[cols], self.ends[cols])
        counts = self.ends[cols] - self.starts[cols]
        across = self.across and Across(self.across.vectors[cols], self.across.clause_vectors[clauses])
        return Columns(
            self.vectors[cols], self.tfidf[cols].T.tocsr(), self.clause_vectors[clauses],
            self.clause_tfidf[clauses].T.tocsr(), np.cumsum(counts) - counts, self.anchors[cols].T.tocsr(),
            self.language[cols], across,
        )  # fmt: skip

    def block(self, rows: np.ndarray, columns: Columns | None = None) -> np.ndarray:
        """Raw channels of ``rows`` against ``columns`` (all sentences): shape (channels, rows, columns)."""
        c = columns or self.all_columns
        lo, hi = self.starts[rows[0]], self.ends[rows[-1]]
        clauses = ranges(self.starts[rows], self.ends[rows])
        counts = self.ends[rows] - self.starts[rows]
        local_starts = np.cumsum(counts) - counts
        # Slices when the rows are consecutive (the scan), indices when sampled.
        own = slice(lo, hi) if len(clauses) == hi - lo else clauses
        out = np.stack([
            self.vectors[rows] @ c.vectors.T,
            clause_max(self.clause_vectors[own] @ c.clause_vectors.T, local_starts, c.clause_starts),
            (self.tfidf[rows] @ c.tfidf_t).toarray(),
            clause_max((self.clause_tfidf[own] @ c.clause_tfidf_t).toarray(), local_starts, c.clause_starts),
            (self.anchors[rows] @ c.anchors_t).toarray(),
        ])  # fmt: skip
        if self.across is not None and c.across is not None:
            across = self.language[rows][:, None] != c.language[None, :]
            a, ca = self.across, c.across
            out[SEMANTIC] = np.where(across, a.vectors[rows] @ ca.vectors.T, out[SEMANTIC])
            clause = clause_max(a.clause_vectors[own] @ ca.clause_vectors.T, local_starts, c.clause_starts)
            out[SEMANTIC_CLAUSE] = np.where(across, clause, out[SEMANTIC_CLAUSE])
        return out

    def pairs(self, i: np.ndarray, j: np.ndarray, skip: frozenset[int] = frozenset()) -> np.ndarray:
        """Raw channels of the pairs ``(i[p], j[p])``: shape (channels, pairs), float32.

        Channels in ``skip`` (weighted zero everywhere) are left at zero, unmeasured.
        """
        out = np.zeros((len(CHANNELS), len(i)), dtype=np.float32)
        out[SEMANTIC] = np.einsum("ij,ij->i", self.vectors[i], self.vectors[j])
        if LEXICAL not in skip:
            out[LEXICAL] = sparse_dots(self.tfidf, i, j)
        if ANCHORS not in skip:
            out[ANCHORS] = sparse_dots(self.anchors, i, j)
        a, b, segments = self._clause_pairs(i, j)
        if len(a):
            dots = np.einsum("ij,ij->i", self.clause_vectors[a], self.clause_vectors[b])
            out[SEMANTIC_CLAUSE] = np.maximum.reduceat(dots, segments)
            if LEXICAL_CLAUSE not in skip:
                out[LEXICAL_CLAUSE] = np.maximum.reduceat(sparse_dots(self.clause_tfidf, a, b), segments)
        if self.across is not None:
            across = self.language[i] != self.language[j]
            v = self.across
            out[SEMANTIC] = np.where(across, np.einsum("ij,ij->i", v.vectors[i], v.vectors[j]), out[SEMANTIC])
            if len(a):
                dots = np.einsum("ij,ij->i", v.clause_vectors[a], v.clause_vectors[b])
                out[SEMANTIC_CLAUSE] = np.where(
                    across, np.maximum.reduceat(dots, segments), out[SEMANTIC_CLAUSE]
                )
        return out

    def _clause_pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every clause of i[p] with every clause of j[p], and where each pair p's run starts."""
        ci, cj = self.ends[i] - self.starts[i], self.ends[j] - self.starts[j]
        counts = ci * cj
        segments = np.cumsum(counts) - counts
        pair = np.repeat(np.arange(len(i)), counts)
        k = np.arange(counts.sum()) - segments[pair]
        return self.starts[i][pair] + k // cj[pair], self.starts[j][pair] + k % cj[pair], segments

    def comparability(self, across: float) -> np.ndarray:
        """How far character n-grams are evidence between two languages: 1 within one, less across.

        Two languages in one script share names, numbers and loanwords, so some of
        the lexical weight is kept (``across``); across scripts none is.
        Unknown languages ("") count as a language of their own.
        """
        n = len(self.languages)
        same_script = np.array([[a == b for b in self.script] for a in self.script], dtype=bool)
        out = np.where(same_script, across, 0.0)
        out[np.arange(n), np.arange(n)] = 1.0
        return out


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length one (a zero row stays zero), float32."""
    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return (vectors / norms).astype(np.float32)


def centre(vectors: np.ndarray, language: np.ndarray) -> np.ndarray:
    """Unit vectors with each language's offset from the corpus mean removed (shrunk when it is small).

    Only the offset is removed, not the language's whole mean: what every
    sentence of the story shares stays, so sentences of one language are not
    pushed apart (subtracting a mean of four sentences would leave them
    anti-correlated), and a corpus in one language is left as it is.
    """
    overall = vectors.mean(axis=0)
    out = vectors - overall
    for lang in np.unique(language):
        rows = language == lang
        n = int(rows.sum())
        out[rows] -= n / (n + _CENTRE_PRIOR) * (vectors[rows].mean(axis=0) - overall)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


def _texts_by_language(sentences: Sequence, language: np.ndarray, chars: int = 4000) -> list[str]:
    texts: dict[int, list[str]] = {}
    for s, lang in zip(sentences, language.tolist(), strict=True):
        if sum(map(len, texts.setdefault(lang, []))) < chars:
            texts[lang].append(s.text)
    return [" ".join(texts.get(k, [])) for k in range(int(language.max(initial=-1)) + 1)]


def number_tfidf(texts: list[str]) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows over the numbers each text states (``3,6``, ``3.6``, ``۳٫۶``: one number)."""
    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    for text in texts:
        found = {vocab.setdefault(_number_key(m), len(vocab)) for m in _NUMBER.findall(ascii_digits(text))}
        indices += sorted(found)
        indptr.append(len(indices))
    counts = sparse.csr_matrix(
        (np.ones(len(indices), np.float32), indices, indptr), shape=(len(texts), max(len(vocab), 1))
    )
    return tfidf(counts, idf(counts), sublinear=False)


def _number_key(raw: str) -> str:
    parts = re.split(r"[.,]", raw)
    head = [p.lstrip("0") or "0" for p in parts[:1]] + parts[1:]
    return ".".join(head).rstrip("0").rstrip(".") if len(parts) > 1 else head[0]


def char_tfidf(texts: list[str], clause_texts: list[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
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
    weights = idf(sentences)
    return tfidf(sentences, weights, sublinear=True), tfidf(
        counts(clause_words, fitting=False), weights, sublinear=True
    )


def idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency ln((1 + n) / (1 + df)) + 1, float32, as scikit-learn computes it.

    This and :func:`tfidf` are scikit-learn's ``TfidfTransformer`` bit for bit:
    importing scikit-learn costs about a second of every cold run.
    """
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
    df += 1.0
    weights = np.full_like(df, counts.shape[0] + 1)
    weights /= df
    np.log(weights, out=weights)
    weights += 1.0
    return weights


def tfidf(counts: sparse.csr_matrix, weights: np.ndarray, sublinear: bool) -> sparse.csr_matrix:
    """Rows of float32 ``counts`` weighted by ``weights`` (with 1 + ln(tf) when ``sublinear``), unit length.

    Each row's squared norm is summed in float64 in storage order, as
    scikit-learn's ``normalize`` does, so the result is the same to the bit.
    """
    data = counts.data.astype(np.float32)
    if sublinear:
        np.log(data, out=data)
        data += 1.0
    data *= weights[counts.indices]
    squares = (data * data).astype(np.float64)
    starts, lengths = counts.indptr[:-1], np.diff(counts.indptr)
    norms = np.zeros(len(lengths))
    for k in range(int(lengths.max(initial=0))):  # one position of every row at a time: sequential sums
        rows = np.flatnonzero(lengths > k)
        norms[rows] += squares[starts[rows] + k]
    norms = np.sqrt(norms)
    norms[norms == 0.0] = 1.0
    data = (data / np.repeat(norms, lengths)).astype(np.float32)
    return sparse.csr_matrix((data, counts.indices.copy(), counts.indptr.copy()), shape=counts.shape)


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


def clause_max(block: np.ndarray, row_starts: np.ndarray, col_starts: np.ndarray) -> np.ndarray:
    """Max over clause pairs, reducing clause rows and columns to their sentences."""
    by_col = np.maximum.reduceat(block, col_starts, axis=1)
    return np.maximum.reduceat(by_col, row_starts, axis=0)


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, e) for s, e in zip(starts, ends)])``, without the loop."""
    lengths = ends - starts
    return np.arange(lengths.sum()) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)


def sparse_dots(m: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row dot products ``m[a[p]] . m[b[p]]``: one sorted merge per pair in scipy's C++ code."""
    return np.asarray(m[a].multiply(m[b]).sum(axis=1), dtype=np.float32).ravel()


def chunks(rows: np.ndarray, size: int) -> Iterator[np.ndarray]:
    """``rows`` in consecutive pieces of at most ``size``."""
    for k in range(0, len(rows), size):
        yield rows[k : k + size]
