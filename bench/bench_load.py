"""Many sessions at once against one app: render times, and that no session sees another's corpus.

    python bench/bench_load.py [--sessions 1 5 20] [--rounds 3] [--deadline 900]

Each session is a Streamlit ``AppTest`` in its own thread, all in this one
process, so they share the process-wide caches (embedding model, analyses)
exactly as the sessions of one ``streamlit run`` server do; only the browser
and the WebSocket are left out. ``AppTest`` is written for one run at a time:
each run installs a stand-in runtime and removes it when done, and toggles a
config flag, both process-wide. :func:`concurrent_app_tests` keeps a stand-in
installed and the flag set for the whole load, so that one session finishing a
run cannot pull the runtime from under another. Sessions start together (a
barrier) and play one of three roles, in turn:

* paste: pastes two articles under two outlets of its own (a new stored corpus,
  analysed with the real default model), then filters it;
* upload: uploads two ``.txt`` files and a ``metadata.csv`` naming their
  outlets, compares them, then filters;
* filter: stays on the sample corpus and changes filters and tabs.

After all sessions end it checks isolation: every session's matrix only ever
showed its own outlets (or the sample's), no session lists a corpus it did not
make, and a new session holding a link opens exactly that corpus. Each timing is
one ``AppTest.run`` (a script run: a first render or the rerun after an
interaction), so it is the server's share of a render, not the browser's.
Prints p50 / p95 / max per number of sessions. Bounded: every run has a
timeout, the whole load a deadline, and nothing is left running.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest.mock import MagicMock

ROOT = Path(__file__).resolve().parent.parent

APP = str(ROOT / "dashboard" / "app.py")
SEED_OUTLETS = ["Tempo", "GenPI.co", "marwahkepri.com", "Al Jazeera", "Tribunnews"]
ROLES = ("paste", "filter", "upload", "filter", "paste")
RUN_TIMEOUT_S = 600


@contextlib.contextmanager
def concurrent_app_tests() -> Iterator[None]:
    """Let ``AppTest`` instances run at the same time in threads (see the module's docstring)."""
    from streamlit import config
    from streamlit.runtime.caching.storage.dummy_cache_storage import MemoryCacheStorageManager
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.runtime import Runtime
    from streamlit.testing.v1 import app_test

    standing = MagicMock(spec=Runtime)
    standing.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    standing.cache_storage_manager = MemoryCacheStorageManager()
    saved = {name: Runtime.__dict__[name] for name in ("instance", "exists")}
    patch_config = app_test.patch_config_options
    flag = config.get_option("global.appTest")
    Runtime.instance = classmethod(lambda cls: cls._instance or standing)  # type: ignore[method-assign]
    Runtime.exists = classmethod(lambda cls: True)  # type: ignore[method-assign]
    app_test.patch_config_options = lambda _options: contextlib.nullcontext()
    config.set_option("global.appTest", True)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(Runtime, name, value)
        app_test.patch_config_options = patch_config
        config.set_option("global.appTest", flag)
        Runtime._instance = None


def story(session: str, n: int) -> str:
    """A short article unique to a session (so every session's corpus has its own id)."""
    return (
        f"JAKARTA - Presiden Rusia Vladimir Putin tiba di Hanoi pada Kamis untuk kunjungan ke-{n} "
        f"yang dicatat oleh tim {session}. Putin dan Presiden Vietnam To Lam menandatangani {n + 10} "
        f"perjanjian kerja sama, termasuk di bidang energi nuklir sipil. Perdagangan kedua negara bernilai "
        f"${n},{n % 10} miliar pada tahun lalu, kata pejabat {session}."
    )


@dataclass
class Session:
    index: int
    role: str
    tag: str  # unique to this session and run
    renders: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seen: list[list[str]] = field(default_factory=list)  # the matrix's outlets after each run
    corpora: list[str] = field(default_factory=list)  # corpus ids the session holds at the end
    listed: list[str] = field(default_factory=list)  # the corpus picker's entries at the end
    made: set[str] = field(default_factory=set)  # ids of the corpora it made (one per paste)
    own: str = ""  # the id of the corpus it ended with
    finished: bool = False

    @property
    def outlets(self) -> list[str]:
        return [f"{self.tag} A", f"{self.tag} B"] if self.role != "filter" else SEED_OUTLETS


def matrix_outlets(at) -> list[str]:
    frames = [d.value for d in at.dataframe if "Disputed figure" in d.value.columns]
    if not frames:
        return []
    columns = list(frames[0].columns)
    return columns[columns.index("Disputed figure") + 1 :]


def timed(s: Session, at, action=None) -> None:
    started = time.perf_counter()
    (action or at.run)()
    s.renders.append(time.perf_counter() - started)
    s.errors += [str(e.value) for e in at.exception]
    s.seen.append(matrix_outlets(at))
    corpus = at.query_params.get("corpus")
    if corpus:
        s.made.add(corpus[0] if isinstance(corpus, list) else corpus)


def play(s: Session, rounds: int, start: threading.Barrier, run_timeout_s: float) -> None:
    from streamlit.testing.v1 import AppTest

    try:
        at = AppTest.from_file(APP, default_timeout=run_timeout_s)
        at.session_state["w_matrix_table_open"] = True
        start.wait(timeout=60)
        timed(s, at)
        if s.role == "paste":
            for i, outlet in enumerate(s.outlets):
                if i:
                    at.radio(key="w_paste_target").set_value("the corpus shown")
                at.text_area(key="w_paste_text").input(story(s.tag, s.index * 2 + i))
                at.text_input(key="w_paste_outlet").input(outlet)
                [button] = [b for b in at.button if b.label == "Add article"]
                timed(s, at, button.click().run)
        elif s.role == "upload":
            meta = "file,outlet\n" + "".join(f"{k}.txt,{o}\n" for k, o in zip("ab", s.outlets, strict=True))
            files = [("metadata.csv", meta.encode(), "text/csv")]
            files += [
                (f"{k}.txt", story(s.tag, s.index * 2 + i).encode(), "text/plain") for i, k in enumerate("ab")
            ]
            timed(s, at, at.file_uploader[0].set_value(files).run)
            [button] = [b for b in at.button if b.label == "Compare these articles"]
            timed(s, at, button.click().run)
        if s.role != "filter":
            own = at.query_params.get("corpus")
            s.own = own[0] if isinstance(own, list) else (own or "")
        for r in range(rounds):
            timed(s, at, at.number_input(key="w_min_outlets").set_value(2 - r % 2).run)
            timed(s, at, at.text_input(key="w_q").input("Putin" if r % 2 == 0 else "").run)
            if s.role == "filter":
                timed(s, at, at.multiselect(key="w_outlets").set_value(["Tempo"] if r % 2 == 0 else []).run)
        s.corpora = list(at.session_state["_corpora"]) if "_corpora" in at.session_state else []
        s.listed = list(at.selectbox(key="w_corpus").options)
        s.finished = True
    except Exception as e:  # recorded, and reported as a failure of the load
        s.errors.append(f"{type(e).__name__}: {e}")


def check(sessions: list[Session]) -> list[str]:
    """What went wrong: errors, unfinished sessions, and any corpus seen by a session that did not make it."""
    problems: list[str] = []
    made = {s.own: s for s in sessions if s.own}
    for s in sessions:
        problems += [f"session {s.index} ({s.role}): {e}" for e in s.errors]
        if not s.finished:
            problems.append(f"session {s.index} ({s.role}) did not finish")
        allowed = set(s.outlets) | set(SEED_OUTLETS)
        for outlets in s.seen:
            if set(outlets) - allowed:
                problems.append(
                    f"session {s.index} saw outlets of another session: {sorted(set(outlets) - allowed)}"
                )
        if s.role != "filter" and s.finished and s.seen[-1] != s.outlets:
            problems.append(f"session {s.index} ended on {s.seen[-1]}, not its own corpus {s.outlets}")
        foreign = [c for c in s.corpora if c not in s.made]
        if foreign:
            problems.append(f"session {s.index} holds corpora it did not make: {foreign}")
        others = [t.tag for t in sessions if t is not s]
        shown = [entry for entry in s.listed if any(tag in entry for tag in others)]
        if shown:
            problems.append(f"session {s.index}'s corpus picker lists other sessions' corpora: {shown}")
        if s.finished and s.role == "filter" and len(s.listed) != 1:
            problems.append(f"session {s.index}'s corpus picker lists {s.listed}, not the sample only")
        if s.role != "filter" and s.finished and not s.own:
            problems.append(f"session {s.index} has no corpus link")
    if made:
        problems += open_by_link(next(iter(made.values())))
    return problems


def open_by_link(owner: Session) -> list[str]:
    """A new session holding the owner's link opens exactly the owner's corpus."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=RUN_TIMEOUT_S)
    at.session_state["w_matrix_table_open"] = True
    at.query_params["corpus"] = owner.own
    at.run()
    got = matrix_outlets(at)
    return [] if got == owner.outlets else [f"the link to {owner.own} opened {got}, not {owner.outlets}"]


ANALYSES = {"computed": 0}


@contextlib.contextmanager
def counting_analyses() -> Iterator[None]:
    """Count the analyses the app computes (a cache miss: the embedding model runs)."""
    from dashboard.ui import data

    real = data.run
    lock = threading.Lock()

    def counted(*args, **kwargs):
        with lock:
            ANALYSES["computed"] += 1
        return real(*args, **kwargs)

    data.run = counted
    try:
        yield
    finally:
        data.run = real


def drive(
    n: int, rounds: int = 2, deadline_s: float = 900.0, run_timeout_s: float = RUN_TIMEOUT_S
) -> tuple[list[Session], list[str], float]:
    """Run ``n`` sessions at once; returns them, the problems found, and the wall time.

    A run taking longer than ``run_timeout_s`` fails its session; sessions still
    running at ``deadline_s`` are reported (their threads are daemons and end
    with their run's timeout at the latest).
    """
    run_id = uuid.uuid4().hex[:6]
    sessions = [Session(i, ROLES[i % len(ROLES)], f"S{run_id}{i:02d}") for i in range(n)]
    start = threading.Barrier(n)
    threads = [
        threading.Thread(target=play, args=(s, rounds, start, run_timeout_s), daemon=True) for s in sessions
    ]
    with concurrent_app_tests(), counting_analyses():
        began = time.perf_counter()
        for t in threads:
            t.start()
        limit = time.monotonic() + deadline_s
        for t in threads:
            t.join(timeout=max(0.0, limit - time.monotonic()))
        wall = time.perf_counter() - began
    problems = [
        f"session {s.index} still running at the deadline"
        for s, t in zip(sessions, threads, strict=True)
        if t.is_alive()
    ]
    return sessions, problems + check(sessions), wall


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(sessions: list[Session]) -> dict[str, float]:
    times = [t for s in sessions for t in s.renders]
    return {
        "renders": len(times),
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "max": max(times, default=float("nan")),
        "mean": statistics.fmean(times) if times else float("nan"),
    }


def warm_up() -> float:
    """One session first: loads the model and analyses the sample corpus, as a running server has."""
    from streamlit.testing.v1 import AppTest

    started = time.perf_counter()
    at = AppTest.from_file(APP, default_timeout=RUN_TIMEOUT_S)
    at.run()
    if at.exception:
        raise SystemExit(f"the app fails: {[e.value for e in at.exception]}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--rounds", type=int, default=2, help="filter rounds per session after its corpus")
    parser.add_argument("--deadline", type=float, default=900.0, help="seconds allowed per load level")
    args = parser.parse_args()
    os.environ.setdefault("FACTDASH_DATA_DIR", tempfile.mkdtemp(prefix="factdash-load-"))
    print(
        f"data dir {os.environ['FACTDASH_DATA_DIR']}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}"
    )
    print(f"warm-up (model load + sample analysis): {warm_up():.1f} s")
    print(f"{'sessions':>8} {'renders':>8} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'wall s':>7}  problems")
    failed = False
    for n in args.sessions:
        ANALYSES["computed"] = 0
        sessions, problems, wall = drive(n, args.rounds, args.deadline)
        row = summary(sessions)
        corpora = len({c for s in sessions for c in s.made})
        print(
            f"{n:>8} {row['renders']:>8} {row['p50']:>7.2f} {row['p95']:>7.2f} {row['max']:>7.2f} "
            f"{wall:>7.1f}  {len(problems)}   ({ANALYSES['computed']} analyses for {corpora} new corpora)",
            flush=True,
        )
        by_role: dict[str, list[float]] = {}
        for s in sessions:
            by_role.setdefault(s.role, []).extend(s.renders)
        for role, times in sorted(by_role.items()):
            print(f"{'':>8} {role:>8} p50 {percentile(times, 0.5):.2f}  p95 {percentile(times, 0.95):.2f}")
        for p in problems[:10]:
            print(f"         ! {p}")
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
