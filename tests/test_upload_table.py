"""The upload form's table without the app: edits applied, typed cells checked, drafts given to the reader."""

from __future__ import annotations

from dashboard.pipeline.ingest import build_articles, read_uploads
from dashboard.ui import upload_table

STORY = (
    "Presiden Rusia Vladimir Putin tiba di Hanoi pada Kamis untuk kunjungan kenegaraan. "
    "Kedua negara menandatangani 11 perjanjian kerja sama."
)
META = b"file,outlet,title,date\na.txt,Kompas,Putin di Hanoi,20 June 2024\n"


def drafts():
    found, problems = read_uploads(
        [("metadata.csv", META), ("a.txt", STORY.encode()), ("b.txt", b"x " + STORY.encode())]
    )
    assert not problems
    return found


def test_rows_show_each_file_and_where_its_outlet_came_from() -> None:
    table = upload_table.rows(drafts(), kept={"b.txt": {"outlet": "Detik"}})
    assert [(r["file"], r["outlet"], r["outlet_from"]) for r in table] == [
        ("a.txt", "Kompas", "metadata.csv"),
        ("b.txt", "Detik", "guessed from the text"),
    ]


def test_edits_change_only_editable_cells_of_existing_rows() -> None:
    base = upload_table.rows(drafts())
    state = {
        "edited_rows": {
            0: {"outlet": "  Kompas\n.com ", "file": "../x", "text": "y"},
            1: {"title": None},
            7: {"outlet": "Z"},
        }
    }
    table = upload_table.edited(base, state)
    assert [r["file"] for r in table] == ["a.txt", "b.txt"]
    assert table[0]["outlet"] == "Kompas .com" and "text" not in table[0]
    assert upload_table.changes(base, table) == {"a.txt": {"outlet": "Kompas .com"}}
    assert upload_table.edited(base, None) == base


def test_typed_cells_are_checked_and_the_readers_values_are_taken_as_read() -> None:
    base = upload_table.rows(drafts())
    assert base[0]["date"] == "20 June 2024" and upload_table.problems(base, base) == []
    typed = upload_table.edited(
        base,
        {
            "edited_rows": {
                0: {"date": "21/06/2024", "language": "Bahasa"},
                1: {"outlet": "", "title": "t" * 501, "url": "ftp://x", "language": "Português"},
            }
        },
    )
    assert upload_table.problems(base, typed) == [
        "a.txt: the date '21/06/2024' is not a date written YYYY-MM-DD (e.g. 2024-06-20)",
        "a.txt: the language 'Bahasa' is not a language code or name (e.g. id, en, zh-TW, Português)",
        "b.txt: give the outlet's name",
        "b.txt: the title is 501 characters long (at most 500)",
        "b.txt: the link 'ftp://x' is not a web address (http:// or https://)",
    ]


def test_the_table_reaches_the_reader() -> None:
    found = drafts()
    edits = {1: {"outlet": "Detik", "date": "2024-06-21", "url": "https://detik.com/a", "language": "en-GB"}}
    table = upload_table.edited(upload_table.rows(found), {"edited_rows": edits})
    articles, warnings = build_articles(*upload_table.drafts_and_outlets(found, table))
    assert not warnings
    kompas, detik = articles
    assert (kompas.outlet, kompas.title, kompas.date) == ("Kompas", "Putin di Hanoi", "20 June 2024")
    assert (detik.outlet, detik.date, detik.url, detik.language) == (
        "Detik",
        "2024-06-21",
        "https://detik.com/a",
        "en",
    )
