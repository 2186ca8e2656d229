"""Stored corpora (ids, validation, limits, deleted corpora, unwritable folders), uploads and pastes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dashboard import store
from dashboard.pipeline import ingest
from dashboard.pipeline.models import Article, PipelineError

TEXT_A = (
    "JAKARTA - Presiden Rusia Vladimir Putin tiba di Hanoi pada Kamis. "
    "Kedua negara menandatangani 11 perjanjian kerja sama di bidang energi."
)
TEXT_B = (
    "Putin dan To Lam bertemu di Hanoi. Mereka menandatangani selusin perjanjian, "
    "termasuk kerja sama nuklir sipil dan pendidikan."
)


def article(aid: str, outlet: str, text: str, **extra: str) -> Article:
    return Article(id=aid, outlet=outlet, text=text, **extra)


@pytest.fixture()
def pair() -> list[Article]:
    return [
        article("a", "Kompas", TEXT_A, title="Putin di Hanoi", date="2024-06-20", url="https://k.example/1"),
        article("b", "Tempo", TEXT_B),
    ]


def test_id_is_a_stable_content_hash_of_outlet_and_text(pair: list[Article]) -> None:
    cid = store.corpus_id(pair)
    assert store.ID_PATTERN.fullmatch(cid)
    assert store.corpus_id(list(reversed(pair))) == cid  # order does not matter
    retitled = [article("x", "Kompas", TEXT_A, title="Lain"), pair[1]]
    assert store.corpus_id(retitled) == cid  # only outlet and text
    assert store.corpus_id([article("a", "Detik", TEXT_A), pair[1]]) != cid
    assert store.corpus_id([pair[0]]) != cid


def test_save_then_load_round_trips_every_field(tmp_path: Path, pair: list[Article]) -> None:
    cid = store.save(pair, tmp_path)
    assert store.load(cid, tmp_path) == pair
    assert (tmp_path / "corpora" / f"{cid}.json").is_file()
    assert not [p for p in (tmp_path / "corpora").iterdir() if p.name.endswith(".tmp")]
    assert store.save(pair, tmp_path) == cid  # saving again is harmless


@pytest.mark.parametrize(
    "bad",
    [
        "../../etc/passwd",
        "../../etc",
        "u-xyz",
        "u-0123456789abcdeg",
        "u-0123456789ABCDEF",
        "seeds",
        "",
        "u-/etc",
        "u-0123456789abcdef/../../x",
        "u-0123456789abcdef\n",
    ],
)
def test_ids_are_validated_before_any_path_is_built(tmp_path: Path, bad: str) -> None:
    with pytest.raises(PipelineError, match="not a corpus id"):
        store.load(bad, tmp_path)
    with pytest.raises(PipelineError):
        store.path_for(bad, tmp_path)
    assert not store.is_valid_id(bad)


def test_a_deleted_corpus_says_it_is_gone(tmp_path: Path, pair: list[Article]) -> None:
    cid = store.save(pair, tmp_path)
    assert store.delete(cid, tmp_path)
    with pytest.raises(store.CorpusGone, match="no longer on this server"):
        store.load(cid, tmp_path)
    assert not store.delete(cid, tmp_path)
    with pytest.raises(store.CorpusGone):
        store.load("u-0000000000000000", tmp_path / "never-created")


def test_a_damaged_file_is_a_clear_error(tmp_path: Path, pair: list[Article]) -> None:
    cid = store.save(pair, tmp_path)
    (tmp_path / "corpora" / f"{cid}.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PipelineError, match="damaged"):
        store.load(cid, tmp_path)


def test_limits(tmp_path: Path) -> None:
    big = article("big", "X", "a" * 2_000_001)
    with pytest.raises(PipelineError, match="over the 2 MB limit"):
        store.save([big], tmp_path, max_file_mb=2)
    many = [article(f"n{i}", f"O{i}", f"Teks nomor {i}.") for i in range(ingest.MAX_ARTICLES + 1)]
    with pytest.raises(PipelineError, match="over the limit"):
        store.save(many, tmp_path)
    with pytest.raises(PipelineError, match="No articles"):
        store.save([], tmp_path)
    assert not (tmp_path / "corpora").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_folder_gives_not_shareable(tmp_path: Path, pair: list[Article]) -> None:
    locked = tmp_path / "ro"
    (locked / "corpora").mkdir(parents=True)
    (locked / "corpora").chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(locked / "corpora", os.W_OK):  # root ignores permissions
            target = tmp_path / "file-not-dir"
            target.write_text("x")
            folder: Path = target  # "corpora" under a file cannot be created
        else:
            folder = locked
        with pytest.raises(store.NotShareable, match="cannot be shared"):
            store.save(pair, folder)
    finally:
        (locked / "corpora").chmod(stat.S_IRWXU)


def test_full_disk_gives_not_shareable(tmp_path: Path, pair: list[Article], monkeypatch) -> None:
    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "write_atomic", full)
    with pytest.raises(store.NotShareable, match="No space left"):
        store.save(pair, tmp_path)


# --------------------------------------------------------------------------- uploads


def test_uploads_use_metadata_else_infer_the_outlet() -> None:
    meta = b"file,outlet,title,date,url\na.txt,Kompas,Judul A,2024-06-20,https://k.example/a\n"
    files = [
        ("metadata.csv", meta),
        ("a.txt", TEXT_A.encode()),
        ("tempo_putin.txt", ("TEMPO.CO, Jakarta - " + TEXT_B).encode()),
    ]
    uploads, problems = ingest.read_uploads(files)
    assert problems == []
    a, b = uploads
    assert (a.outlet, a.outlet_source, a.title, a.url) == (
        "Kompas",
        "metadata",
        "Judul A",
        "https://k.example/a",
    )
    assert (b.outlet, b.outlet_source) == ("Tempo", "text")
    articles, warnings = ingest.build_articles(uploads, {"tempo_putin.txt": "Tempo.co"})
    assert warnings == []
    assert [x.outlet for x in articles] == ["Kompas", "Tempo.co"]
    assert [x.id for x in articles] == ["a", "tempo_putin"]
    assert articles[0].text == TEXT_A and articles[0].path == "a.txt"


def test_bad_uploads_are_refused_one_by_one() -> None:
    files = [
        ("empty.txt", b""),
        ("blank.txt", b"   \n\t "),
        ("pic.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
        ("nul.txt", b"abc\x00def" * 100),
        ("big.txt", b"kata " * 500_000),
        ("doc.pdf", b"%PDF-1.4"),
        ("ok.txt", TEXT_A.encode()),
        ("again.txt", TEXT_A.encode()),
        ("latin1.txt", "Perdagangan naik 5% menurut kementerian, kata pejabat itu.".encode("cp1252")),
    ]
    uploads, problems = ingest.read_uploads(files, max_file_mb=2)
    assert [u.name for u in uploads] == ["ok.txt", "latin1.txt"]
    joined = "\n".join(problems)
    assert "empty.txt: the file is empty" in joined
    assert "blank.txt: the file is empty" in joined
    assert "pic.txt: looks like a binary file" in joined
    assert "nul.txt: looks like a binary file" in joined
    assert "big.txt: 2.5 MB is over the 2 MB limit" in joined
    assert "doc.pdf: only .txt" in joined
    assert "again.txt: same text as ok.txt" in joined


def test_a_broken_metadata_file_is_ignored_with_a_message() -> None:
    uploads, problems = ingest.read_uploads(
        [("metadata.csv", b"outlet,title\nX,Y\n"), ("a.txt", TEXT_A.encode())]
    )
    assert len(uploads) == 1 and "no 'file' column" in problems[0]


def test_utf16_and_cp1252_uploads_decode() -> None:
    text = "Nilai perdagangan mencapai $3,6 miliar — kata menteri."
    legacy = (
        "Kafé-kafé di Hanoi penuh ketika Presiden Rusia tiba. Menurut kementerian, perdagangan naik "
        "lima persen tahun ini dan kedua negara sepakat memperluas kerja sama pendidikan."
    )
    uploads, problems = ingest.read_uploads(
        [("u16.txt", text.encode("utf-16")), ("w.txt", legacy.encode("cp1252"))]
    )
    assert problems == []
    assert uploads[0].text == text and uploads[1].text == legacy


def test_an_encoding_that_cannot_be_told_says_to_save_as_utf8() -> None:
    _, problems = ingest.read_uploads([("w.txt", "Café naik.".encode("cp1252"))])
    assert problems == [
        "w.txt: not UTF-8 and the encoding cannot be told reliably; save it as UTF-8; skipped",
        "None of the uploaded files could be read.",
    ]


# --------------------------------------------------------------------------- pasted text


def test_pasted_html_is_stripped_to_its_text() -> None:
    html_text = (
        "<html><head><style>p{}</style><script>alert(1)</script></head><body>"
        "<h1>Putin di Hanoi</h1><p>Presiden Putin tiba di Hanoi pada Kamis &amp; disambut To Lam.</p>"
        '<p>Kedua negara menandatangani <b>11</b> perjanjian.<img src=x onerror="alert(2)"></p></body></html>'
    )
    a, notes = ingest.article_from_paste(html_text, "Kompas")
    assert "<" not in a.text and "alert" not in a.text and "p{}" not in a.text
    assert "Presiden Putin tiba di Hanoi pada Kamis & disambut To Lam." in a.text
    assert "menandatangani 11 perjanjian." in a.text
    assert notes and "HTML" in notes[0]
    assert a.outlet == "Kompas"


def test_plain_text_with_angle_brackets_is_not_taken_for_html() -> None:
    text = "Inflasi < 3 persen dan > 2 persen, kata Menteri Keuangan pada Senin. Pasar menyambut baik."
    a, notes = ingest.article_from_paste(text, "Tempo")
    assert a.text == text and notes == []


@pytest.mark.parametrize(
    ("text", "outlet", "message"),
    [
        ("", "Kompas", "Paste the article"),
        ("   ", "Kompas", "Paste the article"),
        (TEXT_A, "  ", "outlet"),
        ("12345 67890", "Kompas", "no letters"),
        ("<div><a href='x'>Baca juga</a></div>", "Kompas", "no article text in the page"),
    ],
)
def test_bad_pastes_are_clear_errors(text: str, outlet: str, message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        ingest.article_from_paste(text, outlet)


def test_a_paste_over_the_size_limit_is_refused() -> None:
    with pytest.raises(PipelineError, match="over the 1 MB limit"):
        ingest.article_from_paste("Kata. " * 200_000, "Kompas", max_file_mb=1)


def test_stored_json_is_ascii_and_round_trips_any_text(tmp_path: Path) -> None:
    odd = article("o", "Ödü “X”", "Teks dengan surrogate \ud800 dan emoji 🙂. Kalimat kedua di sini.")
    cid = store.save([odd], tmp_path)
    raw = (tmp_path / "corpora" / f"{cid}.json").read_bytes()
    assert raw.isascii()
    assert store.load(cid, tmp_path) == [odd]


def test_the_store_quota_refuses_new_corpora_only(tmp_path: Path, pair: list[Article], monkeypatch) -> None:
    cid = store.save(pair, tmp_path)
    monkeypatch.setattr(store, "MAX_STORE_MB", 0.0001)
    assert store.save(pair, tmp_path) == cid  # re-saving a stored corpus takes no new room
    with pytest.raises(store.NotShareable, match="space for shared corpora is full"):
        store.save([pair[0]], tmp_path)


def test_uploads_over_the_count_limit_get_one_message() -> None:
    most = ingest.MAX_ARTICLES
    files = [(f"a{i}.txt", f"Berita nomor {i} dari Hanoi.".encode()) for i in range(ingest.MAX_ARTICLES + 5)]
    uploads, problems = ingest.read_uploads(files)
    assert len(uploads) == ingest.MAX_ARTICLES
    assert problems == [
        f"{most + 5} article files were uploaded: only the first {most} are read "
        f"(at most {most} articles per corpus)"
    ]
