"""Reading articles: encodings, refusals, folders, metadata and outlet inference."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from dashboard.pipeline.ingest import (
    MAX_ARTICLE_SENTENCES,
    article_from_paste,
    article_from_text,
    build_articles,
    count_sentences,
    decode,
    guessed_outlet,
    infer_outlet,
    load_metadata,
    load_paths,
    read_uploads,
)
from dashboard.pipeline.language import detect_language
from dashboard.pipeline.models import PipelineError

TEXT = "Presiden Rusia Vladimir Putin tiba di Hanoi pada Kamis. “Kami senang,” kata Lam.\r\nCafé naïve."
HEADER = "file,outlet,title,date,url,language\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def story(n: int) -> str:
    return f"Berita nomor {n} dari kota yang berbeda. Isinya tentang hal yang berbeda pula, nomor {n}."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-bom"],
)
def test_decode_unicode_keeps_text_exactly(data: bytes) -> None:
    assert decode(data, "a.txt") == TEXT  # \r\n kept, BOM removed


def test_decode_legacy_encodings() -> None:
    text = (
        "“Kerjasama ini bermaksud,” kata Menteri. Café résumé naïve — Presiden Rusia Vladimir Putin "
        "melanjutkan kunjungan diplomatiknya di Asia Timur pada Kamis, 20 Juni 2024."
    )
    assert decode(text.encode("cp1252"), "a.txt") == text
    latin = "Presiden Putin melanjutkan kunjungan. Café résumé à la française, señor, naïve et déjà vu."
    assert decode(latin.encode("latin-1"), "b.txt") == latin
    russian = "Президент России Владимир Путин прибыл во Вьетнам с государственным визитом в четверг."
    assert decode(russian.encode("cp1251"), "c.txt") == russian


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"x\.txt: looks like a binary file \(PDF\), not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"x\.txt: looks like a binary file \(PNG\)"),
        (b"PK\x03\x04\x14\x00\x06\x00", r"x\.txt: compressed archive \(ZIP.*\), not text"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", r"x\.txt: compressed archive \(GZIP\), not text"),
        (b"Berita biasa\x00\x00 dengan NUL", r"x\.txt: looks like a binary file \(NUL bytes\)"),
        (b"teks \x01\x02\x03\x04\x05\x06 aneh \x1b[0m", r"x\.txt: looks like a binary file \(control"),
        (random.Random(7).randbytes(4000), r"x\.txt: compressed archive, not text"),
        (b"", r"x\.txt: the file is empty"),
        (b" \n\t\r\n  ", r"x\.txt: the file is empty"),
        (b"\xef\xbb\xbf  \n", r"x\.txt: the file is empty"),
        (b"12345 678 -- 90", r"x\.txt: the file contains no letters"),
        (b"Caf\xe9", r"x\.txt: not UTF-8 and the encoding cannot be told"),
    ],
    ids=[
        "pdf",
        "png",
        "zip",
        "gzip",
        "nul",
        "control",
        "random",
        "empty",
        "blank",
        "bom-only",
        "digits",
        "short",
    ],
)
def test_decode_refuses(data: bytes, message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        decode(data, "x.txt")


def test_decode_random_bytes_without_nul_refused() -> None:
    data = random.Random(11).randbytes(4000).replace(b"\x00", b"")
    with pytest.raises(PipelineError, match=r"r\.txt: "):
        decode(data, "r.txt")


def test_load_paths_folder_with_metadata(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", story(2))
    write(tmp_path, "a.txt", story(1))
    write(tmp_path, "notes.md", "not an article")
    write(tmp_path, "metadata.csv", HEADER + "a.txt,Kompas,Judul A,2024-06-20,https://x/a,id\n")
    articles, warnings = load_paths([tmp_path])
    assert [a.id for a in articles] == ["a", "b"]
    a, b = articles
    assert (a.outlet, a.title, a.date, a.url, a.language) == (
        "Kompas",
        "Judul A",
        "2024-06-20",
        "https://x/a",
        "id",
    )
    assert b.outlet == "B"  # no metadata row: a readable name from the stem
    assert warnings == ["b.txt: no outlet in the metadata; using 'B' from the text"]
    assert guessed_outlet(warnings[0]) == "B" and guessed_outlet("b.txt: empty; skipped") == ""


def test_load_paths_explicit_metadata_and_files(tmp_path: Path) -> None:
    first = write(tmp_path, "one.txt", story(1))
    meta = write(tmp_path, "meta.csv", "file,outlet,extra\none.txt,Tempo,ignored\n")
    articles, warnings = load_paths([first], metadata=meta)
    assert [(a.id, a.outlet, a.title) for a in articles] == [("one", "Tempo", "")]
    assert warnings == []


def test_load_paths_skips_bad_file_among_good(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", story(1))
    write(tmp_path, "b.txt", b"%PDF-1.4 binary")
    write(tmp_path, "c.txt", story(3))
    articles, warnings = load_paths([tmp_path])
    assert [a.id for a in articles] == ["a", "c"]
    assert any(w.startswith("b.txt: looks like a binary file (PDF)") and "skipped" in w for w in warnings)


def test_load_paths_all_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"")
    write(tmp_path, "b.txt", b"\x89PNG\r\n")
    message = r"none of the 2 files could be read: a\.txt: the file is empty \| b\.txt: looks like a binary"
    with pytest.raises(PipelineError, match=message):
        load_paths([tmp_path])


def test_load_paths_missing_and_empty(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="no such file or folder"):
        load_paths([tmp_path / "nope"])
    write(tmp_path, "readme.md", "no articles here")
    with pytest.raises(PipelineError, match=r"the folder has no \.txt or \.html files"):
        load_paths([tmp_path])
    with pytest.raises(PipelineError, match="no files, folders or links"):
        load_paths([])


def test_load_paths_duplicates(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", story(1))
    write(tmp_path, "b.txt", "  " + story(1).replace(" ", "\n ") + "\n")  # same text, other whitespace
    articles, warnings = load_paths([tmp_path, tmp_path / "a.txt"])  # a.txt named twice: read once
    assert [a.id for a in articles] == ["a"]
    assert "b.txt: same text as a.txt; skipped" in warnings


def test_load_paths_same_stem_in_two_folders(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    write(tmp_path / "x", "a.txt", story(1))
    write(tmp_path / "y", "a.txt", story(2))
    articles, warnings = load_paths([tmp_path / "x", tmp_path / "y"])
    assert [a.id for a in articles] == ["a", "a-2"]
    assert any("its id is a-2" in w for w in warnings)


def test_load_paths_one_article(tmp_path: Path) -> None:
    write(tmp_path, "solo.txt", story(1))
    articles, _ = load_paths([tmp_path])
    assert len(articles) == 1


def test_load_paths_size_limit(tmp_path: Path) -> None:
    paragraph = story(0) + "\n"
    big = write(tmp_path, "big.txt", paragraph * (5_000_000 // len(paragraph) + 1))
    write(tmp_path, "small.txt", story(1))
    articles, warnings = load_paths([tmp_path], max_file_mb=1)
    assert [a.id for a in articles] == ["small"]
    assert any(w.startswith("big.txt: 5.0 MB is over the 1 MB limit") for w in warnings)
    articles, _ = load_paths([big])
    assert len(articles[0].text) >= 5_000_000


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + 'a.txt,"Kompas,title\n', r"meta\.csv: line 2: malformed CSV"),
        (HEADER + "a.txt,Kompas,T,2024,u,id,extra\n", r"meta\.csv: line 2: expected 6 fields, got 7"),
        (
            HEADER + "a.txt,Kompas,T,2024,u,id\n,Tempo,T,2024,u,id\n",
            r"meta\.csv: line 3: the 'file' column is empty",
        ),
        (HEADER + "a.txt,A,,,,\na.txt,B,,,,\n", r"meta\.csv: line 3: a\.txt is listed twice"),
        ("outlet,title\nKompas,T\n", r"meta\.csv: line 1: the header has no 'file' column"),
    ],
    ids=["open-quote", "extra-field", "empty-file", "twice", "no-file-column"],
)
def test_load_metadata_malformed(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, "meta.csv", content)
    with pytest.raises(PipelineError, match=message):
        load_metadata(path)


def test_load_metadata_minimal_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "meta.csv", "\ufeffFile,Outlet\r\nsub/a.txt,Kompas\r\n\r\n")
    assert load_metadata(path) == {
        "a.txt": {"file": "sub/a.txt", "outlet": "Kompas", "title": "", "date": "", "url": "", "language": ""}
    }  # keyed by the file's name, header case and BOM ignored


def test_seed_metadata_is_used(seed_articles: list) -> None:
    assert [a.outlet for a in seed_articles] == [
        "Tempo",
        "GenPI.co",
        "marwahkepri.com",
        "Al Jazeera",
        "Tribunnews",
    ]
    assert seed_articles[0].title == ""  # metadata leaves it empty and the first line is a paragraph
    assert seed_articles[4].title.startswith("Mengapa Vietnam")


def test_seeds_without_metadata(tmp_path: Path, seed_paths: list[Path]) -> None:
    for path in seed_paths:
        shutil.copy(path, tmp_path)
    articles, warnings = load_paths([tmp_path])
    assert [a.outlet for a in articles] == [
        "Tempo",
        "GenPI.co",
        "marwahkepri.com",
        "Al Jazeera",
        "Tribunnews",
    ]
    assert len(warnings) == 5  # each outlet was guessed, and says so
    assert [a.language for a in articles] == ["id"] * 5
    assert articles[0].title == ""
    assert articles[3].title == (
        "Kunjungan Putin ke Vietnam, Vietnam Berencana Meningkatkan Hubungan dengan Rusia "
        "untuk Perdamaian Global"
    )  # without the "| Berita Politik" section suffix
    assert articles[4].title == "Mengapa Vietnam yang Dipilih Putin setelah Kunjungannya ke Korea Utara?"


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("JAKARTA, KOMPAS.com - Harga naik hari ini.", "Kompas"),
        ("Judul\n\nLiputan6.com, Jakarta - Harga naik hari ini.", "Liputan6.com"),
        ("JAKARTA (ANTARA) - Harga naik hari ini.", "Antara"),
        ("Jakarta, CNN Indonesia -- Harga naik hari ini.", "CNN Indonesia"),
        ("Harga naik hari ini.\nCopyright © 2008-2024 by Detik.com. All rights reserved.", "Detik.com"),
        ("Harga naik hari ini.\nSumber: Contoh.co.id", "Contoh.co.id"),
        ("Reporting from Hanoi, Al Jazeera's Tony Cheng said prices rose.", "Al Jazeera"),
        ("Harga naik hari ini.", "Kompas Putin Vietnam"),
    ],
)
def test_infer_outlet(text: str, outlet: str) -> None:
    assert infer_outlet(text, "kompas_putin-vietnam_01_a2986a15.txt") == outlet


def test_infer_outlet_falls_back_to_stem() -> None:
    assert infer_outlet("Harga naik hari ini.", "000_a2986a158941a6a1.txt") == "000_a2986a158941a6a1"


def test_article_from_text() -> None:
    a = article_from_text("Judul Berita Ini\n\nIsi berita yang panjang. Kalimat kedua.", " Kompas ")
    assert a.id.startswith("pasted-") and len(a.id) == len("pasted-") + 10
    assert (a.outlet, a.title, a.language) == ("Kompas", "Judul Berita Ini", "id")
    assert article_from_text(a.text, "Kompas").id == a.id  # same text, same id
    assert article_from_text(a.text, "Kompas", title="Lain", name="Tempel 2").id.startswith("tempel-2-")
    with pytest.raises(PipelineError, match="give the outlet"):
        article_from_text("Isi berita.", "  ")
    with pytest.raises(PipelineError, match="no letters"):
        article_from_text("123 456 ...", "Kompas")


def test_detect_language() -> None:
    assert detect_language("The president said that the visit was a success for the country.") == "en"
    assert detect_language("Presiden mengatakan bahwa kunjungan itu adalah sebuah keberhasilan.") == "id"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER + "a.txt,Kompas," + "t" * 501 + ",,,\n",
            r"meta\.csv: line 2: the 'title' value is 501 characters",
        ),
        (HEADER + "a.txt,Kompas," + "t" * 200_000 + ",,,\n", r"meta\.csv: line 2: a field is far too long"),
    ],
    ids=["long-title", "field-over-csv-limit"],
)
def test_load_metadata_refuses_oversized_values(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        load_metadata(write(tmp_path, "meta.csv", content))


def test_load_metadata_refuses_a_huge_file_before_reading_it(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "meta.csv", HEADER + "a.txt,Kompas,,,,\n" * 200_000)  # 3.4 MB
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a metadata file over the limit"))
    with pytest.raises(PipelineError, match=r"meta\.csv: 3\.\d MB is too large for a metadata file"):
        load_metadata(path)


def test_load_metadata_values_are_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "meta.csv", HEADER + 'a.txt,"Kompas\r\n  News","A\rB",,,\n')
    assert load_metadata(path)["a.txt"]["outlet"] == "Kompas News"
    assert load_metadata(path)["a.txt"]["title"] == "A B"


@pytest.mark.parametrize(
    ("magic", "kind"),
    [
        (b"BZh91AY&SY", "BZIP2"),
        (b"\xfd7zXZ\x00\x00", "XZ"),
        (b"\x28\xb5\x2f\xfd\x24", "Zstandard"),
        (b"7z\xbc\xaf\x27\x1c\x00", "7-Zip"),
        (b"Rar!\x1a\x07\x00", "RAR"),
        (b"PK\x05\x06" + bytes(18), "ZIP"),
    ],
)
def test_decode_refuses_archives_by_magic(magic: bytes, kind: str) -> None:
    with pytest.raises(PipelineError, match=rf"a\.txt: compressed archive \({kind}"):
        decode(magic + b"Berita biasa tentang Putin di Hanoi. " * 3, "a.txt")


def test_decode_keeps_text_that_only_starts_like_a_magic_number() -> None:
    for text in (
        "BZh, kata dia. Putin tiba di Hanoi.",
        "Rar! seru penonton. Putin tiba.",
        "PK Hanoi: Putin tiba.",
    ):
        assert decode(text.encode(), "a.txt") == text


# ------------------------------------------------------------ one set of rules for every way in


def long_article(sentences: int) -> str:
    return " ".join(f"Kalimat nomor {i} tentang kunjungan Putin ke Hanoi." for i in range(sentences))


def test_an_overlong_article_is_cut_with_a_warning_on_every_way_in(tmp_path: Path) -> None:
    text = long_article(MAX_ARTICLE_SENTENCES + 500)
    write(tmp_path, "long.txt", text)
    write(tmp_path, "short.txt", story(1))
    from_folder, warnings = load_paths([tmp_path])
    drafts, problems = read_uploads([("long.txt", text.encode()), ("short.txt", story(1).encode())])
    from_upload, more = build_articles(drafts, {d.name: "Kompas" for d in drafts})
    pasted, notes = article_from_paste(text, "Kompas")
    cut = "long.txt: over 2,000 sentences, more than an article has; only the first 2,000 are read"
    assert cut in warnings and more == [cut] and problems == [] and notes == []
    for article in (from_folder[0], from_upload[0], pasted):
        assert count_sentences(article) == MAX_ARTICLE_SENTENCES
        assert article.text.endswith("Kalimat nomor 1999 tentang kunjungan Putin ke Hanoi.")
    assert len(from_folder) == len(from_upload) == 2


def test_html_files_are_reduced_to_text_on_every_way_in(tmp_path: Path) -> None:
    page = f"<html><body><h1>Judul</h1><p>{story(1)}</p><script>alert(1)</script></body></html>"
    write(tmp_path, "page.txt", page)
    [from_folder], warnings = load_paths([tmp_path])
    [draft], problems = read_uploads([("page.txt", page.encode())])
    note = "page.txt: an HTML page; its article text, title and date were taken from it"
    assert any(w.startswith(note) for w in warnings) and problems[0].startswith(note)
    assert from_folder.text == draft.text == story(1)  # the heading is the title, the script is gone
    assert from_folder.title == draft.title == "Judul"


def test_uploaded_metadata_follows_the_folder_rules() -> None:
    for metadata, message in [
        (HEADER + "a.txt,A,,,,\n,B,,,,\n", "metadata.csv: line 3: the 'file' column is empty"),
        (HEADER + "a.txt,A,,,,\na.txt,B,,,,\n", "metadata.csv: line 3: a.txt is listed twice"),
    ]:
        [draft], problems = read_uploads([("metadata.csv", metadata.encode()), ("a.txt", story(1).encode())])
        assert problems == [f"{message}; the metadata file was ignored"] and draft.outlet_source == "text"


def test_files_without_article_text_are_skipped_on_every_way_in(tmp_path: Path) -> None:
    write(tmp_path, "menu.txt", "Baca juga\nBerita Terkini\n")
    write(tmp_path, "a.txt", story(1))
    articles, warnings = load_paths([tmp_path])
    assert [a.id for a in articles] == ["a"]
    assert "menu.txt: no sentences of article text found; skipped" in warnings
    drafts, _ = read_uploads([("menu.txt", b"Baca juga\nBerita Terkini\n")])
    assert build_articles(drafts, {"menu.txt": "Kompas"}) == (
        [],
        ["menu.txt: no sentences of article text found; skipped"],
    )


def test_same_file_names_get_distinct_ids_with_a_warning() -> None:
    drafts, problems = read_uploads([("a/x.txt", story(1).encode()), ("b/x.txt", story(2).encode())])
    articles, _ = build_articles(drafts, {d.name: "Kompas" for d in drafts})
    assert [a.id for a in articles] == ["x", "x-2"]
    assert problems == ["x.txt: another file has the same name; its id is x-2"]
