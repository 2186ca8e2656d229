"""The view as URL query parameters: one pair of pure functions, ``decode`` and ``encode``.

Every ``analysis`` and ``view`` setting is a parameter named after it. Only
values that differ from the default are written, so links stay short. A
parameter that is unknown or does not parse falls back to its default and
yields a notice for the user; decoding never raises.

:class:`View` is the same state as a frozen dataclass with one typed field per
URL setting, generated from :data:`dashboard.settings.SETTINGS` so that a new
setting needs no second declaration here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from dashboard.settings import SETTINGS, Setting

URL_SETTINGS: dict[str, Setting] = {s.name: s for s in SETTINGS if s.scope in ("analysis", "view")}
MAX_VALUE_CHARS = 500  # longer values are refused: no legitimate view needs them

View = dataclasses.make_dataclass(
    "View",
    [(s.name, type(s.default), dataclasses.field(default=s.default)) for s in URL_SETTINGS.values()],
    frozen=True,
)
View.__module__ = __name__
View.__doc__ = (
    "What the URL asks to show: one field per ``analysis`` and ``view`` setting (``View(**state)``)."
)


def default_state(analysis_defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults for every URL setting; ``analysis_defaults`` are the server's (env/CLI) values."""
    state = {name: s.default for name, s in URL_SETTINGS.items()}
    state.update({k: v for k, v in (analysis_defaults or {}).items() if k in URL_SETTINGS})
    return state


def decode(
    params: Mapping[str, str | list[str]],
    *,
    allowed_models: Iterable[str] = (),
    analysis_defaults: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The view a URL asks for, and a notice for each parameter that was ignored."""
    state = default_state(analysis_defaults)
    notices: list[str] = []
    allowed = set(allowed_models) | {state["model"]}
    for key, raw in params.items():
        setting = URL_SETTINGS.get(key)
        if setting is None:
            notices.append(f"Ignored unknown link parameter '{_clip(key)}'.")
            continue
        values = raw if isinstance(raw, list) else [raw]
        if any(len(v) > MAX_VALUE_CHARS for v in values):
            notices.append(f"Ignored '{key}': value too long.")
            continue
        try:
            value = setting.parse(values if isinstance(setting.default, tuple) else values[-1])
        except (ValueError, IndexError) as exc:
            notices.append(f"Ignored '{key}' ({_clip(str(exc))}); using the default.")
            continue
        if key == "model" and value not in allowed:
            notices.append(f"Model '{_clip(value)}' is not offered on this server; using '{state['model']}'.")
            continue
        state[key] = value
    return state, notices


def encode(
    state: Mapping[str, Any] | View, analysis_defaults: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Query parameters for ``state``: non-default values only; lists stay lists (repeated keys)."""
    if isinstance(state, View):
        state = dataclasses.asdict(state)
    defaults = default_state(analysis_defaults)
    params: dict[str, Any] = {}
    for name in URL_SETTINGS:
        value = state.get(name, defaults[name])
        if value == defaults[name]:
            continue
        params[name] = list(value) if isinstance(value, tuple) else str(value)
    return params


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
