"""The whole pipeline in one call: articles in, aligned facts out.

Each step lives in its own module (ingest, clean, segment, embed, align); this
one only wires them and reports progress. :func:`run` is the one entry point of
the CLI and the app: it builds the embedder (and its cache) from the resolved
settings, analyses, and records the settings the export reports, so both run
exactly the same code.
"""

from __future__ import annotations

import warnings as warnings_mod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dashboard.pipeline.align import AlignConfig, Inputs, align
from dashboard.pipeline.cache import CachedEmbedder, CacheWarning, with_cache
from dashboard.pipeline.clauses import split_clauses
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.discrepancies import Discrepancy, contested_counts, find_discrepancies
from dashboard.pipeline.embed import Embedder, get_embedder
from dashboard.pipeline.figures import Quantity, extract_sentences, with_aligned_context
from dashboard.pipeline.models import Article, Corpus, Fact, PipelineError, Sentence
from dashboard.pipeline.provenance import Provenance, provenance
from dashboard.pipeline.story_names import names_of, without_names
from dashboard.pipeline.topics import TopicInfo, assign, fact_vectors, load_taxonomy

#: progress(stage, done, total); stages are "embed" and "align".
Progress = Callable[[str, int, int], None]


@dataclass
class Analysis:
    corpus: Corpus
    facts: list[Fact]
    model: str
    settings: dict[str, Any]
    sentence_vectors: np.ndarray = field(repr=False)
    #: Who each article credits, which articles run one text, independent sources per fact.
    provenance: Provenance = field(repr=False)
    warnings: list[str] = field(default_factory=list)
    figures: list[Quantity] = field(default_factory=list)
    #: Fact-level disagreements, then corpus-level contested counts (fact_id "corpus").
    discrepancies: list[Discrepancy] = field(default_factory=list)
    #: Fact id to topic ids; the topics, most facts first (taxonomy, "other", suggested).
    fact_topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    topics: list[TopicInfo] = field(default_factory=list)
    #: Texts (sentences and clauses) sent to the model, and those the embedding cache already had.
    embedded: int = 0
    reused: int = 0
    #: The user-facing settings of the run (:data:`RUN_SETTINGS`), as the export reports them.
    run_settings: dict[str, Any] = field(default_factory=dict)


#: The settings that decide an analysis' result, recorded with it (``align`` holds the rest).
RUN_SETTINGS = ("model", "threshold", "taxonomy", "device", "batch_size")


#: Figure kinds whose shared subject is evidence that two sentences report one fact.
KEY_KINDS = ("count", "money", "percent")


def figure_keys(sentences: Sequence[Sentence], figures: Sequence[Quantity]) -> list[frozenset[str]]:
    """Per sentence, the kinds of figure it states about a named thing, e.g. ``count:agreements``."""
    keys: dict[str, set[str]] = {}
    for f in figures:
        if f.kind in KEY_KINDS and f.thing_norm:
            keys.setdefault(f.sentence_id, set()).add(f"{f.kind}:{f.thing_norm}")
    return [frozenset(keys.get(s.id, ())) for s in sentences]


def embed_inputs(
    corpus: Corpus,
    embedder: Embedder,
    progress: Progress | None = None,
    figures: Sequence[Quantity] | None = None,
) -> Inputs:
    """Embed every body sentence and its clauses in one batch run.

    A story in two or more languages also has them embedded without its names
    (:mod:`~dashboard.pipeline.story_names`), for pairs across languages; only
    the texts that name one are embedded again.
    """
    sentences = corpus.body_sentences
    if figures is None:
        figures = extract_sentences(sentences)
    clause_texts: list[str] = []
    owner: list[int] = []
    for i, s in enumerate(sentences):
        parts = split_clauses(s.text)
        clause_texts += parts
        owner += [i] * len(parts)
    texts = [s.text for s in sentences] + clause_texts
    names = names_of(sentences) if len({s.language for s in sentences}) > 1 else frozenset()
    neutral = [without_names(t, names) for t in texts]
    changed = [k for k, (a, b) in enumerate(zip(texts, neutral, strict=True)) if a != b]

    def report(done: int, total: int) -> None:
        if progress:
            progress("embed", done, total)

    batch = texts + [neutral[k] for k in changed]  # one call: one progress bar, one cache lookup
    vectors = embedder.embed(batch, progress=report) if batch else np.zeros((0, 1), np.float32)
    neutral_vectors = None
    if changed:
        neutral_vectors = vectors[: len(texts)].copy()
        neutral_vectors[changed] = vectors[len(texts) :]
    vectors = vectors[: len(texts)]
    n = len(sentences)
    return Inputs(
        sentences=sentences,
        clause_texts=clause_texts,
        clause_owner=np.asarray(owner, dtype=np.int64),
        sentence_vectors=vectors[:n],
        clause_vectors=vectors[n:],
        figure_keys=figure_keys(sentences, figures),
        neutral_sentence_vectors=None if neutral_vectors is None else neutral_vectors[:n],
        neutral_clause_vectors=None if neutral_vectors is None else neutral_vectors[n:],
    )


def _reembedded(inputs: Inputs) -> int:
    """How many texts were embedded a second time without the story's names."""
    pairs = [
        (inputs.neutral_sentence_vectors, inputs.sentence_vectors),
        (inputs.neutral_clause_vectors, inputs.clause_vectors),
    ]
    return sum(int(np.any(a != b, axis=1).sum()) for a, b in pairs if a is not None)


def analyze(
    articles: Sequence[Article],
    embedder: Embedder,
    *,
    threshold: float = AlignConfig.threshold,
    taxonomy: Path | None = None,
    progress: Progress | None = None,
    threads: int | None = None,
) -> Analysis:
    """Clean, segment, embed and align ``articles``, then find their figures, topics and provenance.

    ``taxonomy`` is a topic file (``None``: the bundled one); it is read first so
    a malformed file fails before any embedding. ``threads`` caps the aligner's
    threads (``None`` or 0: every core); the embedder has its own setting.
    """
    if not articles:
        raise PipelineError("No articles to analyse.")
    topic_list = load_taxonomy(taxonomy)
    corpus = build_corpus(list(articles))
    warnings = list(corpus.warnings)
    if not corpus.body_sentences:
        raise PipelineError("No sentences found in the articles (only boilerplate or headings).")
    if len({a.outlet for a in articles}) < 2:
        warnings.append("Only one outlet: every statement is an exclusive, nothing can be compared.")
    figures = extract_sentences(corpus.body_sentences)
    known_warnings = len(getattr(embedder, "warnings", ()))
    inputs = embed_inputs(corpus, embedder, progress, figures)
    # A cache that had to be rebuilt or turned off says so; embedding went on regardless.
    warnings += list(getattr(embedder, "warnings", ()))[known_warnings:]
    texts = len(inputs.sentences) + len(inputs.clause_texts) + _reembedded(inputs)
    stats = getattr(embedder, "last_stats", None)
    embedded, reused = (stats.misses, stats.hits) if stats else (texts, 0)

    def report(done: int, total: int) -> None:
        if progress:
            progress("align", done, total)

    config = AlignConfig(threshold=threshold)
    facts = align(inputs, config, progress=report, threads=threads or None)
    figures = with_aligned_context(figures, facts)
    vectors = fact_vectors(facts, inputs.sentences, inputs.sentence_vectors)
    topics = assign(facts, vectors, embedder, topic_list)
    # Once here, so the CLI's export, the app's views and its download count the same sources.
    sources = provenance(corpus.articles, facts, inputs.sentences, inputs.sentence_vectors)
    return Analysis(
        corpus=corpus,
        facts=facts,
        model=embedder.name,
        settings=asdict(config),
        sentence_vectors=inputs.sentence_vectors,
        warnings=warnings + sources.warnings,
        figures=figures,
        discrepancies=find_discrepancies(facts, figures) + contested_counts(figures),
        fact_topics=topics.fact_topics,
        topics=topics.topics,
        embedded=embedded,
        reused=reused,
        provenance=sources,
    )


def open_embedder(values: Mapping[str, Any]) -> Embedder:
    """The ``model`` setting's embedder, behind the embedding cache in ``data_dir`` when ``cache`` is on.

    ``values`` are resolved settings (:func:`dashboard.settings.resolve`). The
    cache's own warnings are silenced: they reach the user once, through
    :attr:`Analysis.warnings`.
    """
    embedder = get_embedder(
        values["model"],
        device=values["device"],
        batch_size=values["batch_size"],
        threads=values["threads"] or None,
    )
    if not values["cache"]:
        return embedder
    warnings_mod.filterwarnings("ignore", category=CacheWarning)
    return with_cache(embedder, values["data_dir"])


def run(
    articles: Sequence[Article],
    values: Mapping[str, Any],
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse ``articles`` with the resolved settings ``values``: the CLI's and the app's one call.

    Without ``embedder`` one is opened from the settings (:func:`open_embedder`)
    and closed afterwards; the app passes the one it keeps for the process.
    """
    own = embedder is None
    used = open_embedder(values) if embedder is None else embedder
    taxonomy = str(values["taxonomy"] or "")
    try:
        analysis = analyze(
            articles,
            used,
            threshold=values["threshold"],
            taxonomy=Path(taxonomy) if taxonomy else None,
            progress=progress,
            threads=values["threads"] or None,
        )
    finally:
        if own and isinstance(used, CachedEmbedder):
            used.close()  # checkpoints the write-ahead log into the file
    analysis.run_settings = {k: values[k] for k in RUN_SETTINGS} | {"taxonomy": taxonomy}
    return analysis
