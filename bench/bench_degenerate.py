"""A degenerate article through the export: one sentence repeated to 6 MB, beside one real seed.

    python bench/bench_degenerate.py [--mb 6] [--timeout 600]

Runs ``python -m dashboard export`` on a folder holding the big file and one
seed, in a fresh process with a fresh data folder (no embedding cache), and
prints wall time, the child's peak memory and the reader's warning. The reader
cuts an article after ``MAX_ARTICLE_SENTENCES`` sentences and the embedder
embeds identical texts once, so the export finishes in seconds. Before both
(commit 80bc917) the same run was still going when stopped after 400 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashboard.pipeline.ingest import MAX_ARTICLE_SENTENCES

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Presiden Prabowo bertemu Perdana Menteri Vietnam di Jakarta pada hari Senin. "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=6.0, help="Size of the degenerate file in MB.")
    parser.add_argument("--timeout", type=float, default=600.0, help="Seconds before the export is stopped.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factdash-degenerate-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / "huge.txt").write_text(SENTENCE * int(args.mb * 1_000_000 // len(SENTENCE)), "utf-8")
        shutil.copy(ROOT / "seeds" / "000_a2986a158941a6a1.txt", folder / "seed.txt")
        out = Path(tmp) / "r.json"
        command = [sys.executable, "-m", "dashboard", "export", str(folder), "--out", str(out)]
        started = time.perf_counter()
        try:
            done = subprocess.run(
                command,
                cwd=ROOT,
                env=os.environ | {"FACTDASH_DATA_DIR": str(Path(tmp) / "data")},
                capture_output=True,
                text=True,
                timeout=args.timeout,
            )
        except subprocess.TimeoutExpired:
            print(f"stopped after {args.timeout:g} s")
            return
        wall = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cut = [line for line in done.stderr.splitlines() if f"{MAX_ARTICLE_SENTENCES:,} sentences" in line]
    print(f"| file | {args.mb:g} MB, one sentence repeated |")
    print(f"| exit code | {done.returncode} |")
    print(f"| wall time | {wall:.1f} s |")
    print(f"| peak memory (child RSS) | {peak:.0f} MiB |")
    print(f"| warning | {cut[0] if cut else '(none)'} |")
    print(f"| summary | {done.stderr.strip().splitlines()[-1]} |")


if __name__ == "__main__":
    main()
