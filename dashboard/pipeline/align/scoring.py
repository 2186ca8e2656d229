"""Calibrated pair scores: the channels standardised per language pair, weighted, and put on one scale.

Raw similarities are not comparable across languages: e5's cosine between a
German and a Chinese sentence runs lower than between two Indonesian ones,
and character n-grams say nothing between scripts. So, per language pair:

1. each channel is standardised (z-score over that pair's cross-outlet
   pairs; a pair seen rarely is pulled towards the corpus-wide statistics by
   ``prior_pairs`` pseudo-pairs), which also calibrates e5's compressed cosine
   range: only how far a pair stands out counts;
2. the channels are averaged with weights: semantic ``semantic_weight``,
   lexical the rest, scaled by how comparable the two scripts are
   (``Features.comparability``), anchors ``anchor_weight``;
3. that average is standardised again for the language pair and put on the
   corpus-wide scale, so a German-Chinese pair that stands out among
   German-Chinese pairs competes with an Indonesian pair that stands out among
   Indonesian ones.

All three steps are affine in the raw channels, so a score is one weighted sum
per language pair. With one language the steps reduce to one corpus-wide
standardisation.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from dashboard.pipeline.align.config import AlignConfig
from dashboard.pipeline.align.features import (
    ANCHORS,
    CHANNELS,
    LEXICAL,
    LEXICAL_CLAUSE,
    SEMANTIC,
    SEMANTIC_CLAUSE,
    Columns,
    Features,
    chunks,
)

#: Pairs scored per batch (per thread), and per slice of combined scores.
PAIR_CHUNK = 4096
_SCORE_SLICE = 1 << 18
#: Dimensions of the lexical half of the proxy (truncated SVD of the character TF-IDF) ...
_PROXY_LEXICAL_DIM = 128
#: ... fitted on at most this many sentences.
_PROXY_FIT_ROWS = 5_000


class Scorer:
    """Calibrated scores of a block of rows against all sentences, or of any list of pairs."""

    def __init__(self, features: Features, config: AlignConfig, threads: int | None = None) -> None:
        self.features, self.config = features, config
        self.threads = threads or os.cpu_count() or 1
        self.n = features.n
        self.outlet = features.outlet
        languages = len(features.languages)
        self._language = features.language if config.calibrate_languages else np.zeros(self.n, dtype=np.int64)
        self._languages = languages if config.calibrate_languages else 1
        raw, pair = self._sample()
        self.slope, self.offset, self.spread = self._fit(raw, pair)
        self.min_score = stand_out(config.min_score, raw.shape[1])
        self._skip = frozenset(int(k) for k in np.flatnonzero(~self.slope.any(axis=0)))

    def _pair_ids(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self._language[rows] * self._languages + self._language[cols]

    def _sample(self) -> tuple[np.ndarray, np.ndarray]:
        """Raw channels of sampled cross-outlet pairs and their language-pair ids."""
        f, config = self.features, self.config
        rng = np.random.default_rng(0)
        rows = np.arange(self.n)
        if self.n > config.stats_rows:
            rows = np.sort(rng.choice(self.n, config.stats_rows, replace=False))
        cols, columns = np.arange(self.n), None
        if self.n > config.stats_columns:
            cols = np.sort(rng.choice(self.n, config.stats_columns, replace=False))
            columns = f.columns(cols)
        values, pairs = [], []
        for block in chunks(rows, config.chunk_size):
            cross = self.outlet[block][:, None] != self.outlet[cols][None, :]
            values.append(f.block(block, columns)[:, cross])
            pairs.append(self._pair_ids(block[:, None], cols[None, :])[cross])
        if not values:
            return np.zeros((len(CHANNELS), 0)), np.zeros(0, dtype=np.int64)
        return np.concatenate(values, axis=1).astype(np.float64), np.concatenate(pairs)

    def _fit(self, raw: np.ndarray, pair: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per language pair: the slope of each channel and the offset of the calibrated score.

        Also returns the corpus-wide standard deviation of each channel, which
        the proxy needs.
        """
        n_pairs, channels = self._languages**2, len(CHANNELS)
        if raw.shape[1] < 2:
            return np.zeros((n_pairs, channels)), np.zeros(n_pairs), np.ones(channels)
        prior = self.config.prior_pairs
        mean, std = _shrunk_moments(raw, pair, n_pairs, prior)
        weights = self._weights(n_pairs)
        z = (raw - mean[pair].T) / std[pair].T
        combined = np.einsum("pc,cp->p", weights[pair], z)
        overall_mean, overall_std = combined.mean(), max(float(combined.std()), 1e-6)
        mean2, std2 = _shrunk_moments(combined[None, :], pair, n_pairs, prior)
        scale = overall_std / std2[:, 0]
        slope = weights / std * scale[:, None]
        offset = overall_mean - mean2[:, 0] * scale - (slope * mean).sum(axis=1)
        spread = raw.std(axis=1)
        spread[spread < 1e-6] = 1.0
        return slope, offset, spread

    def _weights(self, n_pairs: int) -> np.ndarray:
        """Channel weights per language pair, summing to one."""
        c = self.config
        comparable = self.features.comparability(c.lexical_across) if self._languages > 1 else np.ones((1, 1))
        lexical = (1 - c.semantic_weight) * comparable.ravel()[:n_pairs]
        w = np.zeros((n_pairs, len(CHANNELS)))
        w[:, SEMANTIC] = w[:, SEMANTIC_CLAUSE] = c.semantic_weight / 2
        w[:, LEXICAL] = w[:, LEXICAL_CLAUSE] = lexical / 2
        # Numbers are already in the character n-grams of one script; across scripts they are all there is.
        w[:, ANCHORS] = c.anchor_weight * (1 - comparable.ravel()[:n_pairs])
        return w / w.sum(axis=1, keepdims=True)

    def combine(self, raw: np.ndarray, pair: np.ndarray | None) -> np.ndarray:
        """Calibrated scores of raw channels (channels, ...) whose language-pair ids are ``pair`` (...).

        ``pair`` may be ``None`` when the scorer sees one language.
        """
        if pair is None or len(self.offset) == 1:  # one language: scalars, no gathering
            out = np.full(raw.shape[1:], self.offset[0])
            for k in range(len(CHANNELS)):
                if k not in self._skip:
                    out += self.slope[0, k] * raw[k]
            return out
        out = self.offset[pair].astype(np.float64)
        for k in range(len(CHANNELS)):
            if k not in self._skip:
                out += self.slope[pair, k] * raw[k]
        return out

    def block(self, rows: np.ndarray, columns: Columns | None = None) -> np.ndarray:
        """Scores of ``rows`` against all sentences; same-outlet pairs are -inf."""
        pair = self._pair_ids(rows[:, None], np.arange(self.n)[None, :]) if self._languages > 1 else None
        scores = self.combine(self.features.block(rows, columns), pair)
        scores[self.outlet[rows][:, None] == self.outlet[None, :]] = -np.inf
        return scores

    def pairs(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Scores of the pairs ``(first[p], second[p])``, float64.

        Raw channels are computed in batches on ``threads`` threads (numpy and
        scipy's sparse kernels release the GIL), a slice at a time, so a few
        million pairs never hold their float64 intermediates all at once.
        """
        out = np.empty(len(first))
        for k in range(0, len(first), _SCORE_SLICE):
            part = slice(k, k + _SCORE_SLICE)
            i, j = first[part], second[part]
            out[part] = self.combine(self._raw_pairs(i, j).astype(np.float64), self._pair_ids(i, j))
        return out

    def _raw_pairs(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        out = np.empty((len(CHANNELS), len(first)), dtype=np.float32)

        def score(sel: np.ndarray) -> None:
            out[:, sel] = self.features.pairs(first[sel], second[sel], self._skip)

        batches = [np.arange(k, min(k + PAIR_CHUNK, len(first))) for k in range(0, len(first), PAIR_CHUNK)]
        if self.threads > 1 and len(batches) > 1:
            with ThreadPoolExecutor(self.threads) as pool:
                list(pool.map(score, batches))
        else:
            for sel in batches:
                score(sel)
        return out

    def proxy(self) -> np.ndarray:
        """Unit vectors whose dot products rank pairs like the sentence-level part of the score.

        The sentence vector joined with a truncated SVD of the character
        TF-IDF, each weighted by its share of the score over its spread.
        """
        f, w = self.features, self.config.semantic_weight
        rank = min(_PROXY_LEXICAL_DIM, f.tfidf.shape[1] - 1, self.n - 1)
        lexical = np.zeros((self.n, 0), dtype=np.float32)
        if rank >= 1:
            from sklearn.decomposition import TruncatedSVD  # scikit-learn takes a second to import

            rng = np.random.default_rng(0)
            fit = np.sort(rng.choice(self.n, min(self.n, _PROXY_FIT_ROWS), replace=False))
            svd = TruncatedSVD(rank, n_iter=3, random_state=0).fit(f.tfidf[fit])
            lexical = svd.transform(f.tfidf).astype(np.float32)
            lexical /= np.maximum(np.linalg.norm(lexical, axis=1, keepdims=True), 1e-12)
        a = math.sqrt(w / float(self.spread[SEMANTIC]))
        b = math.sqrt((1 - w) / float(self.spread[LEXICAL]))
        vectors = np.hstack([a * f.vectors, b * lexical]).astype(np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors


#: Cross-outlet pairs from which on ``min_score`` applies in full.
_TAIL_PAIRS = 1_000


def stand_out(min_score: float, pairs: int) -> float:
    """The score a pair needs to stand out among ``pairs`` cross-outlet pairs.

    ``min_score`` standard deviations presumes a tail to stand out of: among
    few pairs (three short articles give a few dozen) even the best is rarely
    two deviations up, since the largest of N normal draws grows like
    sqrt(2 ln N). So below ``_TAIL_PAIRS`` the bar is scaled by that growth.
    """
    if pairs >= _TAIL_PAIRS:
        return min_score
    return min_score * math.sqrt(math.log(max(pairs, 2)) / math.log(_TAIL_PAIRS))


def _shrunk_moments(
    values: np.ndarray, group: np.ndarray, groups: int, prior: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per group, mean and standard deviation of each row of ``values`` (rows, samples).

    A group with few samples is pulled to the overall moments, as if ``prior``
    samples with the overall mean and variance were added.
    """
    overall_mean, overall_var = values.mean(axis=1), values.var(axis=1)
    counts = np.bincount(group, minlength=groups).astype(np.float64)
    sums = np.stack([np.bincount(group, weights=row, minlength=groups) for row in values])
    squares = np.stack([np.bincount(group, weights=row * row, minlength=groups) for row in values])
    mean = (sums + prior * overall_mean[:, None]) / (counts + prior)
    # Sum of squared deviations from the shrunk mean, plus the prior's variance.
    deviations = squares - 2 * mean * sums + counts * mean**2
    prior_spread = overall_var[:, None] + (overall_mean[:, None] - mean) ** 2
    var = (deviations + prior * prior_spread) / (counts + prior)
    std = np.sqrt(np.maximum(var, 0))
    std[std < 1e-6] = 1.0  # a constant channel carries no evidence; keep it finite
    return mean.T, std.T
