"""Text reuse between articles: which ones run the same original text, copied or translated.

Two tests, each with a bar that does not depend on the language or the model:

- **Copy** (same language): at least half of the shorter text's 16-character shingles occur in the
  other. Independent reports of one event in one language share a sixth at most (the Indonesian
  seeds: 0.15 between two texts that quote the same agency interviews), a lightly edited copy nine
  tenths.
- **Translation**: the two articles' sentences are paired by mutual best match (embedding cosine,
  plus the pairs the aligner put in one fact). They are one text when (a) the pairs that come *in
  the same order* number at least half the geometric mean of the two lengths, and (b) that order is
  no accident: the chance that ``k`` pairs of two unrelated texts hold ``L`` in order is at most
  ``C(k, L) / L!`` (union bound over the subsets), and that chance must pass the Benjamini-Hochberg
  cut at a 5% false discovery rate over all the pairs compared. Cosines are only
  compared inside one pair of articles, so a language pair whose cosines run low (e5 puts Chinese
  and English translations at 0.85, Indonesian paraphrases at 0.90) is judged like any other.

A shared ``based_on`` credit lowers the share in (a) to a third: two articles that both say they
run Reuters and follow each other for a third of the way run the same Reuters story.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dashboard.pipeline.models import Article, Fact, Sentence

SHINGLE_CHARS = 16
#: Shingles kept: those whose hash is 0 modulo this (the same ones in every text, so shares stay
#: unbiased, with a quarter of the work).
SHINGLE_SAMPLE = 4
COPY_SHARE = 0.5
ORDER_SHARE = 0.5
CREDITED_ORDER_SHARE = 1 / 3
#: False discovery rate over all compared pairs (Benjamini-Hochberg): with thousands of pairs, a
#: 5% chance per pair would join dozens of unrelated articles.
ORDER_FDR = 0.05
#: Articles compared with each one, nearest first by mean sentence vector; below this corpus
#: size every pair is compared. Copies and translations are each other's nearest articles, and a
#: wire story run by many outlets is still one connected family through these links.
NEIGHBOURS = 5
#: Facts reported by more articles than this are too common to suggest a pair worth comparing.
FACT_FANOUT = 30

_NON_WORD = re.compile(r"[\W_]+")
_PRIME = np.uint64(1_000_003)


@dataclass(frozen=True)
class PairEvidence:
    """How much of one article's text another one carries."""

    a: str
    b: str
    copy_share: float  # of the shorter text's shingles, the share found in the other
    paired: int  # sentences paired one to one
    in_order: int  # of those, the longest run in the same order
    sentences_a: int
    sentences_b: int
    mean_similarity: float  # cosine of the in-order pairs
    order_p: float  # bound on the chance of that order between unrelated texts
    identical: bool

    @property
    def order_share(self) -> float:
        """In-order pairs over the geometric mean of the two lengths: a wire text inside an article
        twice its length scores 0.71, four shared sentences between texts of 8 and 28 score 0.27."""
        size = math.sqrt(self.sentences_a * self.sentences_b)
        return self.in_order / size if size else 0.0

    def is_copy(self) -> bool:
        return self.identical or self.copy_share >= COPY_SHARE

    def is_translation(self, p_bar: float, credited: bool = False) -> bool:
        """In order over enough of both texts, at an order chance no higher than ``p_bar``."""
        bar = CREDITED_ORDER_SHARE if credited else ORDER_SHARE
        return self.order_share >= bar and self.order_p <= p_bar

    def describe(self, other: str) -> str:
        """One line of evidence: "shares 9 of 11 sentences in the same order with X, mean similarity 0.93"."""
        if self.identical:
            return f"same text as {other}"
        if self.is_copy():
            return f"{self.copy_share:.0%} of the shorter text's wording is in {other} (character shingles)"
        return (
            f"shares {self.in_order} of {self.sentences_a} sentences in the same order with {other} "
            f"({self.sentences_b} sentences), "
            f"mean similarity {self.mean_similarity:.2f}"
        )


class ReuseIndex:
    """Per-article shingles, sentence vectors and fact positions, compared pair by pair."""

    def __init__(
        self,
        articles: Sequence[Article],
        sentences: Sequence[Sentence],
        vectors: np.ndarray,
        facts: Sequence[Fact] = (),
    ) -> None:
        self.ids = [a.id for a in articles]
        rows: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(sentences):
            rows[s.article_id].append(i)
        for article_id in rows:  # in reading order, whatever order the sentences came in
            rows[article_id].sort(key=lambda i: sentences[i].start)
        self.rows = {a: np.asarray(rows.get(a, []), dtype=np.int64) for a in self.ids}
        self.position = {sentences[i].id: k for r in self.rows.values() for k, i in enumerate(r.tolist())}
        self.vectors = np.asarray(vectors, dtype=np.float32)
        texts = {a: " ".join(sentences[i].text for i in self.rows[a].tolist()) for a in self.ids}
        self.normal = {a: _normalise(t) for a, t in texts.items()}
        self.shingles = {a: _shingles(t) for a, t in self.normal.items()}
        self.fact_pos: dict[str, dict[str, int]] = defaultdict(dict)
        self.small_facts: list[list[str]] = []
        for fact in facts:
            members = {}
            for m in fact.members:
                if m.sentence_id in self.position:
                    members.setdefault(m.article_id, self.position[m.sentence_id])
            for article_id, pos in members.items():
                self.fact_pos[article_id][fact.id] = pos
            if 2 <= len(members) <= FACT_FANOUT:
                self.small_facts.append(list(members))

    def candidates(self) -> list[tuple[str, str]]:
        """Pairs worth comparing: all in a small corpus, else each article's nearest and fact-sharing ones."""
        with_text = [a for a in self.ids if len(self.rows[a])]
        order = {a: i for i, a in enumerate(self.ids)}
        pairs: set[tuple[str, str]] = set()
        if len(with_text) <= NEIGHBOURS + 1:
            pairs = {(a, b) for i, a in enumerate(with_text) for b in with_text[i + 1 :]}
        else:
            means = np.stack([self.vectors[self.rows[a]].mean(axis=0) for a in with_text])
            means /= np.linalg.norm(means, axis=1, keepdims=True) + 1e-12
            sims = means @ means.T
            np.fill_diagonal(sims, -np.inf)
            nearest = np.argpartition(-sims, NEIGHBOURS, axis=1)[:, :NEIGHBOURS]
            for i, row in enumerate(nearest):
                for j in row.tolist():
                    pairs.add(_ordered(with_text[i], with_text[j], order))
            shared: dict[tuple[str, str], int] = defaultdict(int)
            for members in self.small_facts:
                for i, a in enumerate(members):
                    for b in members[i + 1 :]:
                        shared[_ordered(a, b, order)] += 1
            for (a, b), n in shared.items():
                if n >= CREDITED_ORDER_SHARE * min(len(self.rows[a]), len(self.rows[b])):
                    pairs.add((a, b))
        return sorted(pairs, key=lambda p: (order[p[0]], order[p[1]]))

    def compare(self, a: str, b: str) -> PairEvidence:
        ra, rb = self.rows[a], self.rows[b]
        sa, sb = self.shingles[a], self.shingles[b]
        smaller = min(len(sa), len(sb))
        copy_share = len(np.intersect1d(sa, sb, assume_unique=True)) / smaller if smaller else 0.0
        identical = bool(self.normal[a]) and self.normal[a] == self.normal[b]
        pairs: dict[int, tuple[int, float]] = {}
        sims = self.vectors[ra] @ self.vectors[rb].T if len(ra) and len(rb) else np.zeros((len(ra), len(rb)))
        if sims.size:
            best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
            for i, j in enumerate(best_b.tolist()):
                if best_a[j] == i:
                    pairs[i] = (j, float(sims[i, j]))
        # The aligner's facts pair sentences the vectors alone may miss (and vice versa).
        taken_b = {j for j, _ in pairs.values()}
        fa, fb = self.fact_pos.get(a, {}), self.fact_pos.get(b, {})
        for fact_id in fa.keys() & fb.keys():
            i, j = fa[fact_id], fb[fact_id]
            if i not in pairs and j not in taken_b:
                pairs[i] = (j, float(sims[i, j]))
                taken_b.add(j)
        order = _longest_in_order([(i, *pairs[i]) for i in sorted(pairs)])
        k, run = len(pairs), len(order)
        return PairEvidence(
            a=a,
            b=b,
            copy_share=copy_share,
            paired=k,
            in_order=run,
            sentences_a=len(ra),
            sentences_b=len(rb),
            mean_similarity=float(np.mean([s for _, _, s in order])) if order else 0.0,
            order_p=order_chance(k, run),
            identical=identical,
        )


def fdr_bar(p_values: Sequence[float], rate: float = ORDER_FDR) -> float:
    """The Benjamini-Hochberg cut: the largest p-value that still keeps false discoveries under ``rate``."""
    bar = 0.0
    for rank, p in enumerate(sorted(p_values), 1):
        if p <= rate * rank / len(p_values):
            bar = p
    return bar


def order_chance(pairs: int, in_order: int) -> float:
    """Upper bound on the chance that ``in_order`` of ``pairs`` random pairs come in the same order."""
    if in_order <= 1:
        return 1.0
    log_p = math.lgamma(pairs + 1) - math.lgamma(in_order + 1) - math.lgamma(pairs - in_order + 1)
    log_p -= math.lgamma(in_order + 1)
    return min(1.0, math.exp(log_p))


def shared_credit(credits_a: Mapping[str, object], credits_b: Mapping[str, object]) -> str:
    """A name both articles credit as ``based_on`` ("" when none)."""
    return next((name for name in credits_a if name in credits_b), "")


def _ordered(a: str, b: str, order: Mapping[str, int]) -> tuple[str, str]:
    return (a, b) if order[a] < order[b] else (b, a)


def _normalise(text: str) -> str:
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _shingles(text: str) -> np.ndarray:
    """Sorted unique hashes of the sampled ``SHINGLE_CHARS``-character windows (all of a short text)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) == 0:
        return np.zeros(0, dtype=np.uint64)
    width = min(SHINGLE_CHARS, len(codes))
    windows = len(codes) - width + 1
    hashes = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):  # the hash wraps around 2**64 on purpose
        for offset in range(width):
            hashes = hashes * _PRIME + codes[offset : offset + windows]
    kept = hashes[hashes % np.uint64(SHINGLE_SAMPLE) == 0]
    return np.unique(kept if len(kept) else hashes)


def _longest_in_order(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest run of ``(i, j, sim)`` pairs (sorted by ``i``) whose ``j`` also increase."""
    tails: list[int] = []  # smallest j ending a run of each length
    tail_at: list[int] = []
    back = [-1] * len(pairs)
    for n, (_, j, _) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = j, n
        back[n] = tail_at[k - 1] if k else -1
    run, n = [], tail_at[-1] if tail_at else -1
    while n >= 0:
        run.append(pairs[n])
        n = back[n]
    return run[::-1]
