"""Figure extraction speed on a benchmark corpus (``bench/make_corpus.py``) and on hostile input.

    python bench/make_corpus.py /tmp/story --articles 1000
    python bench/bench_figures.py /tmp/story

Loads and segments the corpus once (not timed), then times :func:`extract_sentences` over
every body sentence (best of ``--repeat`` runs) and the comparison step.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from the checkout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from dashboard.pipeline.corpus import build_corpus
    from dashboard.pipeline.discrepancies import contested_counts
    from dashboard.pipeline.figures import extract, extract_sentences
    from dashboard.pipeline.ingest import load_paths

    articles, _ = load_paths([args.corpus])
    sentences = build_corpus(articles).body_sentences
    chars = sum(len(s.text) for s in sentences)
    best = float("inf")
    figures: list = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        figures = extract_sentences(sentences)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    contested_counts(figures)
    compare = time.perf_counter() - start
    print(f"articles {len(articles)}  sentences {len(sentences)}  chars {chars}  figures {len(figures)}")
    print(f"extract_sentences best of {args.repeat}: {best:.2f} s ({chars / best / 1e6:.2f} M chars/s)")
    print(f"contested_counts: {compare * 1000:.0f} ms")
    hostile = {
        "400 digits": "9" * 400 + " perjanjian",
        "100 KB digits": "7" * 100_000,
        "mixed separators": "Nilainya 1.234,567.89 dolar.",
        "currency, no number": "$ € Rp US$ USD 美元 đô la " * 2_000,
        "100 KB of 1,000": "1,000 " * 16_000,
    }
    for name, text in hostile.items():
        start = time.perf_counter()
        found = extract(text)
        print(f"hostile {name!r}: {len(found)} figures in {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
