"""Build a large synthetic corpus from the seed articles, for benchmarking only.

    python bench/make_corpus.py OUT_DIR --articles 1000 [--outlets N] [--seed 0]

Every "article" is ~10 body sentences drawn from the seeds' body sentences and
perturbed (numbers changed, words dropped, swapped or replaced, clauses spliced
from two sentences), so the corpus reads like one story covered by many outlets
(``outlet-0001`` ...) that mostly restate the same facts in their own words. It
is deterministic: the same arguments write the same bytes, and a smaller
corpus's texts are the first articles of a larger one (a warm cache). Files are
``NNNNN.txt`` plus a ``metadata.csv`` the ingester reads. 100, 1,000 and 5,000
articles give about 1k, 10k and 50k body sentences.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.ingest import load_paths

REPO = Path(__file__).resolve().parents[1]

SEEDS = REPO / "seeds"
SENTENCES_PER_ARTICLE = (7, 13)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[A-Za-z]{4,}")


def seed_material() -> tuple[list[str], list[str], list[str]]:
    """The seeds' body sentences, titles and a vocabulary of their words."""
    articles, _ = load_paths([SEEDS])
    sentences = [s.text for s in build_corpus(articles).body_sentences]
    titles = [a.title for a in articles if a.title]
    vocabulary = sorted({w for s in sentences for w in _WORD.findall(s)})
    return sentences, titles, vocabulary


def perturb(sentence: str, rng: random.Random, sentences: list[str], vocabulary: list[str]) -> str:
    """A restatement of ``sentence``: same gist, different surface."""
    if rng.random() < 0.15 and ", " in sentence:  # splice: this one's opening, another's rest
        other = rng.choice(sentences)
        if ", " in other:
            sentence = sentence.split(", ", 1)[0] + ", " + other.split(", ", 1)[1]
    if rng.random() < 0.3:  # outlets disagree on figures
        sentence = _NUMBER.sub(
            lambda m: str(max(1, int(float(m.group().replace(",", "."))) + rng.randint(-3, 3))), sentence
        )
    words = sentence.split()
    if len(words) > 6:
        words = [w for w in words if rng.random() > 0.08] or words
        for _ in range(rng.randint(0, 2)):
            k = rng.randrange(len(words) - 1)
            words[k], words[k + 1] = words[k + 1], words[k]
        for _ in range(rng.randint(0, 2)):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
    text = " ".join(words).rstrip(" .,;:")
    text = text[0].upper() + text[1:]
    return text if text[-1] in '!?”"' else text + "."


def make_corpus(out: Path, articles: int, outlets: int | None = None, seed: int = 0) -> Path:
    """Write ``articles`` synthetic articles and their ``metadata.csv`` into ``out``."""
    rng = random.Random(seed)
    outlets = outlets or max(2, articles // 2)
    sentences, titles, vocabulary = seed_material()
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for k in range(articles):
        outlet = f"outlet-{k % outlets + 1:04d}"
        body = [
            perturb(rng.choice(sentences), rng, sentences, vocabulary)
            for _ in range(rng.randint(*SENTENCES_PER_ARTICLE))
        ]
        paragraphs, i = [], 0
        while i < len(body):
            step = rng.randint(1, 3)
            paragraphs.append(" ".join(body[i : i + step]))
            i += step
        title = perturb(rng.choice(titles), rng, titles, vocabulary).rstrip(".")
        name = f"{k:05d}.txt"
        (out / name).write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        rows.append({"file": name, "outlet": outlet, "title": title, "date": "2024-06-20",
                     "url": "", "language": "id"})  # fmt: skip
    with open(out / "metadata.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "outlet", "title", "date", "url", "language"])
        writer.writeheader()
        writer.writerows(rows)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="Folder to write (created if missing).")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--outlets", type=int, help="Distinct outlets (default: articles / 2).")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    make_corpus(args.out, args.articles, args.outlets, args.seed)
    print(f"{args.articles} articles -> {args.out}")


if __name__ == "__main__":
    main()
