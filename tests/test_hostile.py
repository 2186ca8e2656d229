"""Hostile input at every entry point, and what it gets.

Uploads, pastes, folder exports, metadata and taxonomy files, and link parameters
are tried with what a stranger can send: archives (never unpacked), binary files,
undecodable bytes, HTML pages, markup meant to run (``<script>``, ``<img onerror>``,
markdown links, LaTeX), formulas meant for a spreadsheet, path tricks in file
names, oversized fields and files, thousands of files or parameters, and texts
shaped to make the pipeline slow. Each gets a clear message or is shown
literally, and nothing runs. The app is driven with ``AppTest`` and the real
default model.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import html
import io
import json
import lzma
import random
import re
import tarfile
import time
import tomllib
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import settings, store
from dashboard.cli import main as cli_main
from dashboard.pipeline import ingest, topics
from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.figures import extract_sentences
from dashboard.pipeline.ingest import decode, infer_outlet, limits, load_paths
from dashboard.pipeline.models import Article, PipelineError
from dashboard.tables import CSV_FORMULA_START
from dashboard.ui import downloads

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
TIMEOUT = 300
HOSTILE = "<script>alert(1)</script> **bold** $x$ [link](javascript:alert(3)) <img src=x onerror=alert(2)>"
STORY = (
    "JAKARTA - Presiden Rusia Vladimir Putin tiba di Hanoi pada Kamis untuk kunjungan kenegaraan. "
    "Putin dan Presiden Vietnam To Lam menandatangani 11 perjanjian kerja sama di bidang energi nuklir."
)


pytestmark = pytest.mark.usefixtures("data_dir")  # a fresh data folder for every test


def upload(*files: tuple[str, bytes], max_file_mb: float = 10.0) -> tuple[list[ingest.Draft], str]:
    uploads, problems = ingest.read_uploads(list(files), max_file_mb=max_file_mb)
    return uploads, "\n".join(problems)


# --------------------------------------------------------------------------- archives and binary files

SEED_TEXT = (ROOT / "seeds" / "000_a2986a158941a6a1.txt").read_bytes()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("inner.txt", b"0" * 20_000_000)  # 20 MB of zeros in ~20 KB
    return buffer.getvalue()


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as t:
        info = tarfile.TarInfo("a.txt")
        info.size = len(SEED_TEXT)
        t.addfile(info, io.BytesIO(SEED_TEXT))
    return buffer.getvalue()


ARCHIVES = {
    "zip bomb": (_zip_bomb(), "ZIP"),
    "gzip bomb": (gzip.compress(b"0" * 20_000_000), "GZIP"),
    "bzip2": (bz2.compress(SEED_TEXT), "BZIP2"),
    "xz": (lzma.compress(SEED_TEXT), "XZ"),
    "7z": (b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(200), "7-Zip"),
    "rar": (b"Rar!\x1a\x07\x01\x00" + bytes(200), "RAR"),
    "zstd": (b"\x28\xb5\x2f\xfd" + bytes(200), "Zstandard"),
    "tar": (_tar(), "TAR"),
    "raw deflate (no magic)": (zlib.compress(SEED_TEXT * 3)[2:], "random-looking"),
    "random bytes": (random.Random(5).randbytes(8000), "random-looking"),
}


@pytest.mark.parametrize("kind", list(ARCHIVES))
def test_archives_are_refused_and_never_unpacked(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def unpacking(*_args, **_kwargs):
        raise AssertionError("an upload was decompressed")

    for module, name in [(gzip, "decompress"), (zlib, "decompress"), (bz2, "decompress")]:
        monkeypatch.setattr(module, name, unpacking)
    monkeypatch.setattr(lzma, "decompress", unpacking)
    monkeypatch.setattr(zipfile, "ZipFile", unpacking)
    monkeypatch.setattr(tarfile, "open", unpacking)
    data, label = ARCHIVES[kind]
    started = time.perf_counter()
    uploads, problems = upload(("story.txt", data))
    assert uploads == []
    assert f"story.txt: compressed archive ({label}" in problems or (
        label == "random-looking" and "story.txt: compressed archive, not text (random-looking" in problems
    ), problems
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n" + bytes(range(256)), "looks like a binary file (PDF)"),
        (b"\x7fELF\x02\x01\x01" + bytes(300), "looks like a binary file (ELF executable)"),
        (b"\xef\xbb\xbf" + STORY.encode() + b"\x00\x00" + STORY.encode(), "(NUL characters)"),
        (STORY.encode("utf-16-le"), "(NUL bytes)"),  # UTF-16 without its byte-order mark
        (b"teks \x01\x02\x03\x04\x05\x06 aneh \x1b[0m", "(control characters)"),
        (b"Caf\xe9", "save it as UTF-8"),
        (b"", "the file is empty"),
        (b"\n\t  \r\n", "the file is empty"),
        (b"123 456 -- 789", "no letters"),
    ],
    ids=["pdf", "elf", "nul-in-utf8", "utf16-no-bom", "controls", "undecodable", "empty", "blank", "digits"],
)
def test_binary_and_unreadable_files_get_a_clear_message(data: bytes, message: str) -> None:
    uploads, problems = upload(("x.txt", data), ("ok.txt", STORY.encode()))
    assert [u.name for u in uploads] == ["ok.txt"]
    assert problems.startswith("x.txt: ") and message in problems, problems


def test_an_html_upload_is_reduced_to_its_text() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>t</title><style>p{color:red}</style>"
        "<script>document.cookie</script></head><body><h1>Putin di Hanoi</h1>"
        f"<p>{STORY}</p><iframe src='http://evil.example'>frame text</iframe>"
        "<p>Pejabat menulis &lt;script&gt;alert(1)&lt;/script&gt; di media sosial.</p></body></html>"
    )
    [up], problems = upload(("page.txt", page.encode()))
    assert "page.txt: an HTML page; its article text, title and date were taken from it" in problems
    assert STORY in up.text
    for gone in ("document.cookie", "color:red", "frame text", "<p>", "<h1>"):
        assert gone not in up.text
    assert "menulis <script>alert(1)</script> di media" in up.text  # escaped text stays text


def test_markup_in_plain_text_is_text_not_html() -> None:
    text = f"{STORY} Pejabat itu menulis {HOSTILE} di media sosial."
    [up], problems = upload(("a.txt", text.encode()))
    assert up.text == text and problems == ""
    article, notes = ingest.article_from_paste(text, "Kompas")
    assert article.text == text and notes == []


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/abs/path/a.txt", "a.txt"),
        ("a\x00b.txt", "ab.txt"),
        ("evil\u202etxt.exe.txt", "eviltxt.exe.txt"),
        ("\x1b[31mred.txt", "[31mred.txt"),
        ("..", "unnamed"),
        ("", "unnamed"),
        ("n" * 5000 + ".txt", "n" * 95 + "….txt"),
    ],
)
def test_file_names_are_reduced_to_a_plain_base_name(name: str, clean: str) -> None:
    assert ingest.clean_name(name) == clean
    uploads, _ = upload((name, STORY.encode()))
    if clean.endswith(".txt"):
        assert [u.name for u in uploads] == [clean]
        [article], _ = ingest.build_articles(uploads)
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", article.id) and ".." not in article.id.strip(".")


def test_two_files_with_the_same_name_stay_apart() -> None:
    uploads, _ = upload(("a/x.txt", STORY.encode()), ("b/x.txt", (STORY + " Lagi.").encode()))
    assert [u.name for u in uploads] == ["x.txt", "x-2.txt"]


def test_ten_thousand_tiny_files_read_only_a_corpus_worth() -> None:
    files = [(f"f{i}.txt", f"Berita nomor {i} tentang Hanoi.".encode()) for i in range(10_000)]
    files += [(f"x{i}.exe", b"MZ") for i in range(500)]
    started = time.perf_counter()
    uploads, problems = upload(*files)
    assert time.perf_counter() - started < 10.0
    assert len(uploads) == ingest.MAX_ARTICLES
    assert "10,000 article files were uploaded: only the first 100 are read" in problems
    assert problems.count(".exe: only .txt") == ingest.MAX_ARTICLES  # not 500 lines of the same


def test_a_corpus_over_the_total_size_is_cut_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TOTAL_MB", 0.001)  # 1 KB
    files = [(f"f{i}.txt", (f"Berita nomor {i}. " * 40).encode()) for i in range(3)]
    uploads, problems = upload(*files)
    assert len(uploads) == 1
    assert "f1.txt and 1 more: over the 0.001 MB limit for a whole corpus" in problems


# --------------------------------------------------------------------------- metadata and taxonomy files

HEADER = "file,outlet,title,date,url,language\n"


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (HEADER.encode() + b"a.txt,Kompas," + b"x" * 10_000_000 + b",,,\n", "too large for a metadata file"),
        (HEADER.encode() + b"a.txt,Kompas," + b"x" * 200_000 + b",,,\n", "a field is far too long"),
        ((HEADER + "a.txt,Kompas," + "t" * 600 + ",,,\n").encode(), "'title' value is 600 characters long"),
        ((HEADER + "a.txt," + "K" * 101 + ",,,,\n").encode(), "'outlet' value is 101 characters long"),
        (gzip.compress((HEADER + "a.txt,Kompas,,,,\n").encode()), "compressed archive (GZIP)"),
        (b"\x00\x01\x02" * 100, "binary"),
    ],
    ids=["10MB-field", "200KB-field", "long-title", "long-outlet", "gzip", "binary"],
)
def test_bad_metadata_is_ignored_with_a_message(metadata: bytes, message: str) -> None:
    uploads, problems = upload(("metadata.csv", metadata), ("a.txt", STORY.encode()))
    assert [u.outlet_source for u in uploads] == ["text"]  # the article is kept, its outlet guessed
    assert message in problems and "the metadata file was ignored" in problems, problems


def test_metadata_values_are_one_line_each() -> None:
    meta = HEADER + 'a.txt,"Kompas\r\nNews","Judul\r=HYPERLINK(""http://evil.example"")",,,\n'
    [up], problems = upload(("metadata.csv", meta.encode()), ("a.txt", STORY.encode()))
    assert problems == "" and up.outlet == "Kompas News"
    assert up.title == 'Judul =HYPERLINK("http://evil.example")'  # no line break to start a CSV row with


def test_metadata_names_files_the_way_uploads_are_named() -> None:
    meta = (HEADER + "../../x.txt,Kompas,Judul,2024-06-20,https://k.example/1,id\n").encode()
    [up], problems = upload(("metadata.csv", meta), ("..\\x.txt", STORY.encode()))
    assert problems == "" and (up.name, up.outlet, up.outlet_source) == ("x.txt", "Kompas", "metadata")


def test_a_folder_export_skips_archives_and_refuses_a_huge_metadata_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "bomb.txt").write_bytes(ARCHIVES["gzip bomb"][0])
    articles, warnings = load_paths([folder])
    assert [a.id for a in articles] == ["a"]
    assert any(w.startswith("bomb.txt: compressed archive (GZIP), not text") for w in warnings)
    (folder / "metadata.csv").write_bytes(HEADER.encode() + b"a.txt,K," + b"x" * 3_000_000 + b",,,\n")
    assert cli_main(["export", str(folder), "--out", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "too large for a metadata file" in err and "Traceback" not in err
    assert not (tmp_path / "r.json").exists()


def test_taxonomy_files_over_the_limits_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    entry = '[[topic]]\nid = "t{n}"\nlabel = "T"\nphrases = ["{p}"]\n'
    big.write_text("".join(entry.format(n=i, p="x" * 200) for i in range(20_000)), encoding="utf-8")
    assert big.stat().st_size > 4_000_000
    with pytest.raises(PipelineError, match=r"big\.toml is \d+\.\d MB, too large for a taxonomy"):
        topics.load_taxonomy(big)
    many = tmp_path / "many.toml"
    many.write_text("".join(entry.format(n=i, p="p") for i in range(topics.MAX_TOPICS + 1)), encoding="utf-8")
    with pytest.raises(PipelineError, match=r"201 topics, more than the 200 allowed"):
        topics.load_taxonomy(many)
    long = tmp_path / "long.toml"
    long.write_text(entry.format(n=1, p="x" * 400), encoding="utf-8")
    message = r"long\.toml, line 4: topic 1 \('t1'\): 'phrases' has a value over 300 characters"
    with pytest.raises(PipelineError, match=message):
        topics.load_taxonomy(long)


# --------------------------------------------------------------------------- text shaped to be slow

# Each of these took minutes to hours per megabyte before (quadratic regular expressions and scans).
SLOW_SHAPES = ["-", "1%", "+1 ", "\n", "ke-", "1:", "1 juta ", "Kamis, ", "a" * 50 + "@", "a@", "Sumber:\n"]


@pytest.mark.parametrize("piece", SLOW_SHAPES)
def test_pathological_text_is_processed_in_linear_time(piece: str) -> None:
    text = (piece * (100_000 // len(piece) + 1))[:100_000]
    started = time.perf_counter()
    corpus = build_corpus([Article(id="a", outlet="X", text=text)])
    extract_sentences(corpus.body_sentences)
    infer_outlet(text, "a.txt")
    assert time.perf_counter() - started < 15.0  # ~1 s here; the quadratic code needed hours


def test_a_corpus_with_too_many_sentences_is_refused(data_dir: Path) -> None:
    text = " ".join(f"Kalimat nomor {i} tentang kunjungan Putin." for i in range(ingest.MAX_SENTENCES + 1))
    with pytest.raises(PipelineError, match=r"3,001 sentences of article text, over the limit of 3,000"):
        store.save([Article(id="a", outlet="X", text=text)], data_dir)


# --------------------------------------------------------------------------- pastes


def test_pasted_control_characters_are_removed_with_a_note() -> None:
    article, notes = ingest.article_from_paste(STORY.replace("Hanoi", "Ha\x00noi\x1b"), "Kompas")
    assert article.text == STORY and "2 control character(s)" in notes[0]


@pytest.mark.parametrize(
    ("outlet", "title", "message"),
    [("K" * 101, "", "the outlet name is 101 characters long"), ("Kompas", "T" * 501, "the title is 501")],
)
def test_pasted_names_over_the_limits_are_refused(outlet: str, title: str, message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        ingest.article_from_paste(STORY, outlet, title=title)


# --------------------------------------------------------------------------- the app


def notices(at: AppTest) -> list[str]:
    """The notices on the page, markdown escapes removed."""
    return [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption if c.value.startswith("⚠")]


@pytest.mark.parametrize("unknown", [999, 5_000])
def test_a_link_with_thousands_of_parameters_gets_one_notice(unknown: int) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for i in range(unknown):
        at.query_params[f"p{i}"] = "x" * 50
    at.query_params["view"] = "outlets"
    at.run()
    assert not at.exception
    if unknown < 1000:  # Streamlit itself drops a query string of more than 1,000 parameters
        [notice] = notices(at)
        assert f"Ignored {unknown:,} unknown link parameters ('p0', 'p1', 'p2', …)" in notice
        assert any("omissions" in d.value.columns for d in at.dataframe)  # the view asked for is shown
        assert dict(at.query_params) == {"view": "outlets"}  # the address bar is cleaned up
    else:
        assert notices(at) == []
        assert at.metric[0].value == "5"  # the default view of the sample corpus


def test_a_huge_query_and_thousands_of_outlets_are_cut(run: Callable[..., AppTest]) -> None:
    at = run(q="nuklir " * 20_000, outlets=["Tempo"] * 3 + [f"X{i}" for i in range(900)])
    joined = " ".join(notices(at))
    assert "Ignored 'q': value too long" in joined
    assert "'outlets' has 903 values in the link; only the first 100 were used" in joined
    assert len(joined) < 3_000
    assert at.text_input(key="w_q").value == ""
    assert at.multiselect(key="w_outlets").value == ["Tempo"]


def hostile_corpus() -> list[Article]:
    first = (
        f"{STORY} Perdagangan bilateral bernilai $3,6 miliar pada 2023, dibandingkan $171 miliar dengan "
        f"China {HOSTILE}. Seorang pejabat menulis {HOSTILE} di media sosial.\n"
        "=1+1 adalah rumus yang ditulis pejabat itu di papan."
    )
    second = (
        "Vladimir Putin mendarat di Hanoi, Vietnam, pada Kamis dini hari untuk kunjungan kenegaraan. "
        "Putin dan To Lam menandatangani 12 perjanjian kerja sama di bidang energi nuklir. "
        f"Perdagangan bilateral bernilai $4 miliar pada 2023 {HOSTILE}. "
        f"Seorang pejabat juga menulis {HOSTILE} di media sosial.\n"
        "-5 persen adalah angka yang disebut pejabat itu di papan."
    )
    return [
        Article(
            "a",
            '=HYPERLINK("http://evil.example") <img src=x onerror=alert(1)>',
            first,
            title="[t](javascript:alert(1)) $T$",
            url="javascript:alert(1)",
        ),
        Article("b", "$x$ **News** <i>B</i>", second, title="@SUM(1+1)"),
    ]


RAW_MARKUP = re.compile(r"<(?:script|img|i>|iframe)|\*\*News\*\*|\*\*bold\*\*|\$x\$|\]\(javascript")
RAW_TAG = re.compile(r"<(?:script|img|i>|iframe)")
UNESCAPED_IN_MARKDOWN = re.compile(r"(?<!\\)<(?:script|img|i>)|(?<!\\)\*(?<!\\)\*News|(?<!\\)\$x(?<!\\)\$")


def chart_strings(spec: str) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(spec))
    return found


def check_download(file_name: str, data: str) -> None:
    if file_name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data, newline="")))
        assert len(rows) > 1
        widths = {len(row) for row in rows}
        assert len(widths) == 1, f"{file_name}: rows of different widths {widths}"
        for row in rows:
            for cell in row:
                assert not cell.startswith(CSV_FORMULA_START), (file_name, cell)
    elif file_name.endswith(".json"):
        json.loads(data)
    elif file_name.endswith(".html"):
        payload = data[data.rfind("Plotly.newPlot") :]  # the chart's data, after plotly.js itself
        assert "Plotly.newPlot" in payload
        for raw in ("<img src=x", "<script>alert", "$x$", "<i>B</i>"):
            assert raw not in payload, (file_name, raw)
    else:
        raise AssertionError(f"an unchecked download: {file_name}")


@pytest.mark.parametrize("view", list(settings.TABS))
def test_hostile_text_is_shown_literally_in_every_view_and_download(
    run: Callable[..., AppTest], view: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[str, object]] = []
    original = downloads._button

    def recording(label, make, file_name, mime, key, help):
        made.append((file_name, make))
        original(label, make, file_name, mime, key, help)

    monkeypatch.setattr(downloads, "_button", recording)
    cid = store.save(hostile_corpus(), data_dir)
    at = run(corpus=cid, view=view, **({"q": "menulis"} if view == "detail" else {}))
    assert at.metric[1].value == "2"

    for element in at.get("html"):
        assert not RAW_MARKUP.search(element.value), element.value[:300]
    shown = html.unescape("\n".join(e.value for e in at.get("html")))
    if view == "detail":
        assert HOSTILE in shown  # every character is there, as text
    markdown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.label for e in at.expander]
    markdown += [w.value for w in at.warning] + [e.value for e in at.error] + [i.value for i in at.info]
    for value in markdown:
        assert not UNESCAPED_IN_MARKDOWN.search(value), value[:300]
    charts = [c.proto.spec for c in at.get("plotly_chart")]
    for spec in charts:
        for text in chart_strings(spec):
            assert not RAW_TAG.search(text) and "$" not in text, text[:300]  # plotly reads no markdown
    if view in ("matrix", "figures", "outlets"):
        assert charts, "the view has a chart"

    buttons = at.get("download_button")
    assert len(made) == len(buttons), "a download bypasses dashboard.ui.downloads"
    for file_name, make in made:
        check_download(file_name, make())


# --------------------------------------------------------------------------- hosting


def test_the_production_config_is_safe() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["disableDataExport"] is True
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["server"]["maxUploadSize"] <= 25
    assert config["runner"]["magicEnabled"] is False


def test_an_unexpected_error_shows_no_details(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit import config as st_config

    script = tmp_path / "boom.py"
    script.write_text("raise RuntimeError('secret: /etc/factdash/key')\n", encoding="utf-8")
    monkeypatch.setattr(st_config, "get_option", _with_option(st_config.get_option, "none"))
    at = AppTest.from_file(str(script), default_timeout=30)
    at.run()
    [error] = at.exception
    assert "secret" not in error.value and "redacted" in error.value
    assert not error.stack_trace


def _with_option(get_option, value: str):
    def patched(name: str):
        return value if name == "client.showErrorDetails" else get_option(name)

    return patched


def test_decoding_a_large_legacy_file_is_fast() -> None:
    text = ("Café résumé naïve, kata pejabat itu pada Kamis. " * 200_000).encode("cp1252")
    started = time.perf_counter()
    assert decode(text, "big.txt").startswith("Café")
    assert time.perf_counter() - started < 10.0
