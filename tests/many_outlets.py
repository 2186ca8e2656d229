"""Corpora with many outlets made of the seeds' own body sentences, for tests of the matrix at scale.

The session's memoised model has embedded these sentences already, and outlets
printing the very same sentence is the hard case for telling facts apart.
"""

from __future__ import annotations

import random

from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.models import Article

#: Outlet names that are long, dotted or in a wide script, to stress the column headers.
HARD_NAMES = ("Südwestdeutsche Allgemeine Zeitung", "www.tribunnews.com", "人民日报海外版", "Now 新聞")


def seed_sentence_corpus(
    seeds: list[Article], n_outlets: int, per_article: int = 6, names: tuple[str, ...] = ()
) -> list[Article]:
    """``n_outlets`` articles, each a fixed random draw of the seeds' body sentences, titled like a seed.

    The first outlets are called ``names``, the others ``Outlet NN``.
    """
    rng = random.Random(n_outlets)
    body = [s.text for s in build_corpus(seeds).body_sentences]
    titles = [a.title for a in seeds if a.title]
    return [
        Article(
            id=f"many-{i:02d}",
            outlet=names[i] if i < len(names) else f"Outlet {i:02d}",
            text=" ".join(rng.sample(body, per_article)),
            title=titles[i % len(titles)],
            date=f"2024-06-{20 + i % 2}",
        )
        for i in range(n_outlets)
    ]
