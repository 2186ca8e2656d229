"""The upload form's table: one row per uploaded file, its details editable before comparing (pure).

One table instead of one outlet box per file, so twelve files do not push the
form two thousand pixels down. The sidebar draws :func:`rows` with
``st.data_editor``; what the visitor typed comes back as the editor's edit
state, applied by :func:`edited`, checked by :func:`problems`, and handed to the
reader's :func:`~dashboard.pipeline.ingest.build_articles` by :func:`drafts_and_outlets`,
so uploads still take the one way in.

A cell the reader filled (from metadata.csv, the page or the text) is taken as
the reader took it. A cell typed by hand must be something the app can use: an
outlet, a date it can read (``YYYY-MM-DD``), a web address, a language's code or name.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from dashboard.pipeline.ingest import Draft
from dashboard.pipeline.ingest.metadata import METADATA_FIELD_CHARS
from dashboard.pipeline.language import declared_code
from dashboard.ui.sources import safe_link

Row = dict[str, str]

#: The columns a visitor may edit, each a :class:`Draft` field of the same name, and their headers.
LABELS = {"outlet": "Outlet", "title": "Title", "date": "Date", "url": "Link", "language": "Language"}
EDITABLE = tuple(LABELS)
#: Where a file's outlet came from, shown in its row.
OUTLET_FROM = {"metadata": "metadata.csv", "page": "the page's site name", "given": "given"}
GUESSED = "guessed from the text"
#: Longest value in a column, in characters: the metadata file's limits, which typing must not escape.
MAX_CHARS = {c: METADATA_FIELD_CHARS[c] for c in EDITABLE}
#: What each column holds, for its header's tooltip.
HELP = {
    "outlet": "From metadata.csv, else the page's site name, else guessed from the text.",
    "title": "Empty: taken from the text.",
    "date": "YYYY-MM-DD, e.g. 2024-06-20.",
    "url": "The original's address (http:// or https://).",
    "language": "A language code or name: id, pt-BR, Português. Empty: detected from the text.",
}
#: What a typed value must look like: the browser's check (a JavaScript regular expression,
#: see :func:`browser_pattern`) and the first of the server's (ASCII digits and letters only).
PATTERNS = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "url": r"https?://\S+",
}


def rows(drafts: Sequence[Draft], kept: Mapping[str, Row] | None = None) -> list[Row]:
    """The table as first shown: each draft's details, with ``kept`` edits (by file name) on top.

    ``kept`` carries what was typed for a file across a change of the set of
    files (see :func:`changes`), so adding a forgotten file loses no edit.
    """
    table = []
    for d in drafts:
        row = {"file": d.name, **{c: getattr(d, c) for c in EDITABLE}}
        row["outlet_from"] = OUTLET_FROM.get(d.outlet_source, GUESSED)
        table.append(row | dict((kept or {}).get(d.name, {})))
    return table


def edited(base: Sequence[Row], state: Mapping[str, Any] | None) -> list[Row]:
    """``base`` with the editor's cell edits (``edited_rows``: row position -> column -> value).

    Only editable columns of existing rows change (the state comes from the
    browser); a cleared cell (``None``) is empty, and values are made one line.
    """
    table = [dict(row) for row in base]
    for position, cells in ((state or {}).get("edited_rows") or {}).items():
        if not (isinstance(position, int) and 0 <= position < len(table) and isinstance(cells, Mapping)):
            continue
        for column, value in cells.items():
            if column in EDITABLE:
                table[position][column] = "" if value is None else " ".join(str(value).split())
    return table


def changes(base: Sequence[Row], table: Sequence[Row]) -> dict[str, Row]:
    """The cells of ``table`` that differ from ``base``, by file name (what the visitor typed)."""
    typed: dict[str, Row] = {}
    for before, after in zip(base, table, strict=True):
        cells = {c: after[c] for c in EDITABLE if after[c] != before[c]}
        if cells:
            typed[before["file"]] = cells
    return typed


def problems(base: Sequence[Row], table: Sequence[Row]) -> list[str]:
    """One message per cell that cannot be used, naming the file; empty when the table can be compared."""
    found: list[str] = []
    for before, row in zip(base, table, strict=True):
        name = row["file"]
        if not row["outlet"]:
            found.append(f"{name}: give the outlet's name")
        for column in EDITABLE:
            value = row[column]
            if len(value) > MAX_CHARS[column]:
                label, limit = LABELS[column].lower(), MAX_CHARS[column]
                found.append(f"{name}: the {label} is {len(value):,} characters long (at most {limit:,})")
            elif value and value != before[column] and (problem := _typed_problem(column, value)):
                found.append(f"{name}: {problem}")
    return found


def drafts_and_outlets(drafts: Sequence[Draft], table: Sequence[Row]) -> tuple[list[Draft], dict[str, str]]:
    """The drafts with the table's title, date, link and language, and its outlet per file name.

    What :func:`~dashboard.pipeline.ingest.build_articles` takes: the outlets
    as its confirmed overrides, the rest as the drafts' own details.
    """
    details = [
        replace(d, title=row["title"], date=row["date"], url=row["url"], language=row["language"])
        for d, row in zip(drafts, table, strict=True)
    ]
    return details, {row["file"]: row["outlet"] for row in table}


def browser_pattern(column: str) -> str | None:
    """The column's pattern for the browser's check of a typed cell (an empty cell passes), if any."""
    return f"^({PATTERNS[column]})?$" if column in PATTERNS else None


def _typed_problem(column: str, value: str) -> str:
    """Why a value typed in ``column`` cannot be used, or ``""``."""
    if column == "date" and not _is_date(value):
        return f"the date {value!r} is not a date written YYYY-MM-DD (e.g. 2024-06-20)"
    if column == "url" and safe_link(value) is None:
        return f"the link {value!r} is not a web address (http:// or https://)"
    if column == "language" and declared_code(value) is None:
        return f"the language {value!r} is not a language code or name (e.g. id, en, zh-TW, Português)"
    return ""


def _is_date(value: str) -> bool:
    if not re.fullmatch(PATTERNS["date"], value, re.ASCII):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
