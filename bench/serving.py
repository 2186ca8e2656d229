"""``streamlit run dashboard/app.py`` on a free port, for the browser test and ``bench/bench_app.py``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Headless Chromium on a machine without a display, sandbox or network.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_app(env: Mapping[str, str], log: Path | None = None, timeout_s: float = 60) -> Iterator[str]:
    """The app's URL once its health check answers; the server is stopped on exit.

    Output goes to ``log`` (or nowhere); a server that exits or stays silent
    for ``timeout_s`` raises ``RuntimeError`` with the end of that log.
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]  # fmt: skip
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed in finally
    # `streamlit run` puts only dashboard/ on sys.path: the package comes from `pip install -e .`
    # (requirements.txt), or from this checkout where that was not run.
    paths = [str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    env = dict(env) | {"PYTHONPATH": os.pathsep.join(paths)}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:] if log else ""
                raise RuntimeError(f"streamlit exited with {proc.returncode}: {tail}")
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start within {timeout_s:g} s")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        if log:
            out.close()  # type: ignore[union-attr]
