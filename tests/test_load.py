"""Several sessions at once against one app: nothing raises and no session sees another's corpus.

A small, bounded run of ``bench/bench_load.py`` (which has the figures for 1, 5 and
20 sessions): six ``AppTest`` sessions in threads of this process, sharing its
caches as the sessions of one server do. Three paste their own two-outlet corpus,
one uploads one, two filter the sample corpus, all at the same time.
"""

from __future__ import annotations

from pathlib import Path

from bench.bench_load import SEED_OUTLETS, drive, summary, warm_up
from dashboard import store

SESSIONS = 6
DEADLINE_S = 300


def test_concurrent_sessions_keep_their_own_corpora(data_dir: Path) -> None:
    warm_up()
    sessions, problems, wall = drive(SESSIONS, rounds=1, deadline_s=DEADLINE_S, run_timeout_s=120)
    assert problems == []
    assert wall < DEADLINE_S
    assert sorted(s.role for s in sessions) == ["filter", "filter", "paste", "paste", "paste", "upload"]
    owners = [s for s in sessions if s.role != "filter"]
    for s in owners:  # each ended on its own two outlets, stored under its own link
        assert s.seen[-1] == s.outlets and store.path_for(s.own, data_dir).is_file()
    assert len({s.own for s in owners}) == len(owners)
    for s in sessions:
        if s.role == "filter":
            assert s.corpora == [] and all(set(seen) <= set(SEED_OUTLETS) for seen in s.seen)
            assert s.listed == ["Putin Vietnam · 20–21 Jun 2024"]  # the story's name
        others = {o for t in owners if t is not s for o in t.outlets}
        assert not others & {o for seen in s.seen for o in seen}
    row = summary(sessions)
    print(f"\n{SESSIONS} sessions: {row['renders']} runs, p50 {row['p50']:.2f} s, p95 {row['p95']:.2f} s")


def test_the_analysis_cache_is_bounded_by_sentences_not_only_by_count() -> None:
    from dashboard.ui.data import LRU

    cache = LRU(max_entries=64, max_weight=100)
    for i in range(20):  # twenty visitors, each with a small corpus: all stay cached
        cache.put(f"small{i}", i, weight=4)
    assert len(cache) == 20 and cache.get("small0") == 0
    cache.put("big", "b", weight=90)  # one big corpus pushes out the least recently used
    assert cache.get("big") == "b" and len(cache) == 3
    assert cache.get("small0") == 0 and cache.get("small1") is None
    cache.put("huge", "h", weight=1_000)  # the newest stays, whatever its size
    assert len(cache) == 1 and cache.get("huge") == "h"
