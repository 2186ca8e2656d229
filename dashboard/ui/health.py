"""What failed on this server, shared by every session: embedding models that could not load.

A failed load is remembered for ``FAILED_MODEL_TTL_S``, so that every rerun of
every session does not retry a slow failure (a hub lookup waits seconds), and so
that :func:`dashboard.ui.state.context` can fall back to the bundled model when
the server's own ``model`` setting is the one that fails. Pure Python, no
streamlit: one dict behind a lock, per process.
"""

from __future__ import annotations

import threading
import time

FAILED_MODEL_TTL_S = 300.0

_failures: dict[tuple[str, str, int], tuple[float, str]] = {}
_lock = threading.Lock()


def record_model_failure(model: str, device: str, batch_size: int, message: str) -> None:
    with _lock:
        _failures[(model, device, int(batch_size))] = (time.monotonic(), message)


def model_failure(model: str, device: str, batch_size: int) -> str:
    """The message of a recent failure to load this model, or ``""``."""
    with _lock:
        entry = _failures.get((model, device, int(batch_size)))
        if entry is None:
            return ""
        if time.monotonic() - entry[0] > FAILED_MODEL_TTL_S:
            del _failures[(model, device, int(batch_size))]
            return ""
        return entry[1]


def clear() -> None:
    """Forget every failure (tests; a retry after fixing the model's files)."""
    with _lock:
        _failures.clear()
