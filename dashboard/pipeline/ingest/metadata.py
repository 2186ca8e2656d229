"""The metadata CSV (``file,outlet,title,date,url,language``), one parser for every way in.

Rules: the header needs a ``file`` column (any case, BOM ignored); blank rows are
skipped; every other row needs as many fields as the header, a non-empty
``file`` and a file not listed before; values are made one line each and may not
exceed their column's length; the file cell is reduced to a plain base name
(``seeds/a.txt`` names ``a.txt``), the way every item's name is.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dashboard.pipeline.ingest.decode import decode
from dashboard.pipeline.ingest.limits import MAX_OUTLET_CHARS, MAX_TITLE_CHARS
from dashboard.pipeline.ingest.names import clean_name
from dashboard.pipeline.models import PipelineError

METADATA_NAME = "metadata.csv"
METADATA_COLUMNS = ("file", "outlet", "title", "date", "url", "language")
#: A metadata file lists a few hundred articles; anything near this size is not one.
METADATA_MAX_MB = 2.0
#: Longest value accepted in each metadata column, in characters.
METADATA_FIELD_CHARS = {
    "file": 255,
    "outlet": MAX_OUTLET_CHARS,
    "title": MAX_TITLE_CHARS,
    "date": 40,
    "url": 2000,
    "language": 20,
}

Rows = dict[str, dict[str, str]]


def load_metadata(path: Path) -> Rows:
    """Rows of a metadata file on disk, keyed by file name; its size is checked before reading."""
    try:
        check_metadata_size(path.stat().st_size, path.name)
        data = path.read_bytes()
    except OSError as e:
        raise PipelineError(f"{path}: cannot read the metadata file ({e.strerror})") from None
    return parse_metadata(data, path.name)


def parse_metadata(data: bytes, name: str = METADATA_NAME) -> Rows:
    """Rows of a metadata file's bytes, keyed by file name (see the module docstring for the rules)."""
    check_metadata_size(len(data), name)
    reader = csv.reader(io.StringIO(decode(data, name), newline=""), strict=True)
    rows: Rows = {}
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if "file" not in header:
            raise PipelineError(f"{name}: line 1: the header has no 'file' column")
        for fields in reader:
            _add_row(rows, header, fields, f"{name}: line {reader.line_num}")
    except csv.Error as e:
        raise PipelineError(_csv_error(name, reader.line_num, e)) from None
    return rows


def check_metadata_size(size: int, name: str) -> None:
    """Refuse a metadata file over ``METADATA_MAX_MB`` before reading it."""
    if size > METADATA_MAX_MB * 1_000_000:
        raise PipelineError(
            f"{name}: {size / 1_000_000:.1f} MB is too large for a metadata file "
            f"(at most {METADATA_MAX_MB:g} MB)"
        )


def _add_row(rows: Rows, header: list[str], fields: list[str], where: str) -> None:
    if not any(f.strip() for f in fields):
        return
    if len(fields) != len(header):
        raise PipelineError(f"{where}: expected {len(header)} fields, got {len(fields)}")
    row = dict(zip(header, (" ".join(f.split()) for f in fields), strict=True))  # one line each
    for column, limit in METADATA_FIELD_CHARS.items():
        value = row.get(column, "")
        if len(value) > limit:
            raise PipelineError(
                f"{where}: the {column!r} value is {len(value):,} characters long (at most {limit:,})"
            )
    if not row["file"]:
        raise PipelineError(f"{where}: the 'file' column is empty")
    file = clean_name(row["file"])
    if file in rows:
        raise PipelineError(f"{where}: {file} is listed twice")
    rows[file] = {column: row.get(column, "") for column in METADATA_COLUMNS}


def _csv_error(name: str, line: int, error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        limit = csv.field_size_limit()
        return f"{name}: line {line}: a field is far too long for metadata (over {limit:,} characters)"
    return f"{name}: line {line}: malformed CSV ({error})"
