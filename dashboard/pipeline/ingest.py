"""Read articles from files, folders or pasted text.

Text is kept exactly as decoded (only a BOM is removed) because every later
offset indexes it. Bad input is refused with a one-line message naming the
file; in a folder, one bad file is skipped with a warning so the user keeps the
rest of the corpus.
"""

from __future__ import annotations

import codecs
import collections
import csv
import hashlib
import io
import math
import re
from pathlib import Path

import charset_normalizer

from dashboard.pipeline.clean import dateline_prefix, guess_title, outlet_from_text
from dashboard.pipeline.language import detect_language
from dashboard.pipeline.models import Article, PipelineError

METADATA_NAME = "metadata.csv"
METADATA_COLUMNS = ("file", "outlet", "title", "date", "url", "language")
#: A metadata file lists a few hundred articles; anything near this size is not one.
METADATA_MAX_MB = 2.0
#: Longest value accepted in each metadata column, in characters.
METADATA_FIELD_CHARS = {"file": 255, "outlet": 100, "title": 500, "date": 40, "url": 2000, "language": 20}

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\xd0\xcf\x11\xe0", "MS Office, e.g. DOC"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
)
# Archives and compressed streams are refused by their magic number and never unpacked
# (a few KB of zip or gzip can expand to gigabytes).
_ARCHIVE_MAGIC = (
    (re.compile(rb"PK(?:\x03\x04|\x05\x06|\x07\x08)"), "ZIP; DOCX and XLSX are ZIP too"),
    (re.compile(rb"\x1f\x8b"), "GZIP"),
    (re.compile(rb"BZh[1-9]1AY&SY"), "BZIP2"),
    (re.compile(rb"\xfd7zXZ\x00"), "XZ"),
    (re.compile(rb"\x5d\x00\x00"), "LZMA"),
    (re.compile(rb"7z\xbc\xaf\x27\x1c"), "7-Zip"),
    (re.compile(rb"Rar!\x1a\x07"), "RAR"),
    (re.compile(rb"\x28\xb5\x2f\xfd"), "Zstandard"),
    (re.compile(rb"\x04\x22\x4d\x18"), "LZ4"),
    (re.compile(rb"\x1f[\x9d\xa0]"), "Unix compress"),
    (re.compile(rb"LZIP\x01"), "LZIP"),
    (re.compile(rb"MSCF\x00\x00\x00\x00"), "CAB"),
    (re.compile(rb"xar!\x00\x1c"), "XAR"),
    (re.compile(rb".{257}ustar(?:\x00|  )", re.S), "TAR"),
)
#: Bytes per byte of Shannon entropy above which data is compressed or encrypted, not text:
#: natural-language text in any UTF encoding measures 4-6 bits, zip/gzip/xz output 7.8-8.
_MAX_ENTROPY = 7.2
_ENTROPY_MIN_BYTES = 512  # shorter samples cannot reach a high entropy
_ENTROPY_SAMPLE = 65_536
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
_MAX_CHAOS = 0.1  # charset-normalizer's mess ratio: above this the guess is not trusted
_MIN_COHERENCE = 0.2  # ... and below this language fit
_WESTERN = "cp1252"  # the usual legacy encoding of Indonesian and English text


_DOMAIN = re.compile(r"\b[A-Za-z0-9][\w-]*\.(?:co\.id|com|co|id|net|org|news|tv)\b", re.I)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s+)?(?:PT\.?\s+)?"
    r"(?P<name>[^\n,|]+?)\s*(?:,|\||\.\s|\s+all\s+rights?\b|\s+-\s|$)",
    re.I | re.M,
)
# [^\S\n]* at the line start (not \s*, which runs across blank lines from every line start: a text
# of newlines was quadratic) and a greedy name (a lazy one before \s*$ is quadratic in spaces).
_SOURCE = re.compile(r"^[^\S\n]*(?:sumber|source)\s*:\s*(?P<name>[^\n]*\S)[^\S\n]*$", re.I | re.M)
_SELF_REFERENCE = (  # weaker: a reporter introduced as the outlet's own
    re.compile(
        r"\b(?i:melaporkan|berbicara)\s+dari\s+[^,\n]{1,40},\s+(?:[A-Z][\w'-]*\s+){1,3}dari\s+"
        r"(?P<name>[A-Z]\w*(?:\s+[A-Z]\w*){0,2})"
    ),
    re.compile(
        r"\b(?i:reporting|speaking)\s+from\s+[^,\n]{1,40},\s+(?P<name>[A-Z]\w*(?:\s+[A-Z]\w*){0,2})['’]s\s+[A-Z]"
    ),
)
_DATELINE_SEARCH_LINES = 10
_HEAD_CHARS = 20_000  # language and dateline are judged from the top of a (possibly huge) file
_NUMBER_OR_HASH = re.compile(r"\d+|(?=\w*\d)[0-9a-f]{6,}")


def decode(data: bytes, name: str) -> str:
    """The text of a file's bytes; raises PipelineError when it is not readable text.

    Archives and compressed data are refused (by magic number, or by their
    entropy), never unpacked; so are other binary files and text with NUL
    characters.
    """
    if not data.strip():
        raise PipelineError(f"{name}: the file is empty")
    _refuse_archive(data, name)
    text = _decode_bom(data, name)
    if text is None:
        _refuse_binary(data, name)
        text = _decode_guess(data, name)
    if not text.strip():
        raise PipelineError(f"{name}: the file is empty")
    if "\x00" in text:
        raise PipelineError(f"{name}: looks like a binary file (NUL characters), not text")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise PipelineError(f"{name}: looks like a binary file (control characters), not text")
    if not any(c.isalpha() for c in text):
        raise PipelineError(f"{name}: the file contains no letters, nothing to read")
    return text


def load_metadata(path: Path) -> dict[str, dict[str, str]]:
    """Rows of a ``file,outlet,title,date,url,language`` CSV, keyed by file name."""
    try:
        check_metadata_size(path.stat().st_size, path.name)
        text = decode(path.read_bytes(), path.name)
    except OSError as e:
        raise PipelineError(f"{path}: cannot read the metadata file ({e.strerror})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
        if "file" not in header:
            raise PipelineError(f"{path.name}: line 1: the header has no 'file' column")
        rows: dict[str, dict[str, str]] = {}
        for fields in reader:
            _add_metadata_row(rows, header, fields, f"{path.name}: line {reader.line_num}")
    except csv.Error as e:
        raise PipelineError(metadata_csv_error(path.name, reader.line_num, e)) from None
    return rows


def check_metadata_size(size: int, name: str) -> None:
    """Refuse a metadata file over ``METADATA_MAX_MB`` before reading it."""
    if size > METADATA_MAX_MB * 1_000_000:
        raise PipelineError(
            f"{name}: {size / 1_000_000:.1f} MB is too large for a metadata file "
            f"(at most {METADATA_MAX_MB:g} MB)"
        )


def check_metadata_row(row: dict[str, str], where: str) -> None:
    """Refuse a metadata row with a value longer than its column allows."""
    for column, limit in METADATA_FIELD_CHARS.items():
        value = row.get(column, "")
        if len(value) > limit:
            raise PipelineError(
                f"{where}: the {column!r} value is {len(value):,} characters long (at most {limit:,})"
            )


def metadata_csv_error(name: str, line: int, error: csv.Error) -> str:
    """A one-line message for a CSV parsing error."""
    if "field larger than field limit" in str(error):
        limit = csv.field_size_limit()
        return f"{name}: line {line}: a field is far too long for metadata (over {limit:,} characters)"
    return f"{name}: line {line}: malformed CSV ({error})"


def infer_outlet(text: str, filename: str) -> str:
    """The outlet named by the text itself (dateline, copyright, source, reporter), else the file stem."""
    name = " ".join(outlet_from_text(text, Path(filename).stem).split())
    if name:
        return name[: METADATA_FIELD_CHARS["outlet"]].strip()
    for find in (_outlet_from_dateline, _outlet_from_copyright, _outlet_from_source, _outlet_from_reporter):
        name = " ".join(find(text).split())
        if name:
            return name[: METADATA_FIELD_CHARS["outlet"]].strip()
    return _name_from_stem(Path(filename).stem)[: METADATA_FIELD_CHARS["outlet"]].strip()


def load_paths(
    paths: list[Path], *, max_file_mb: float = 10.0, metadata: Path | None = None
) -> tuple[list[Article], list[str]]:
    """Articles from files and folders of ``*.txt``, and warnings about what was skipped or guessed."""
    files, meta = _collect(paths, metadata)
    articles: list[Article] = []
    warnings: list[str] = []
    refused: list[str] = []
    seen_text: dict[str, str] = {}
    for path in files:
        try:
            text = _read(path, max_file_mb)
        except PipelineError as e:
            refused.append(str(e))
            warnings.append(f"{e}; skipped")
            continue
        key = " ".join(text.split())
        if key in seen_text:
            warnings.append(f"{path.name}: same text as {seen_text[key]}; skipped")
            continue
        seen_text[key] = path.name
        row = meta.get(path.name, {})
        articles.append(_article(path, text, row, {a.id for a in articles}, warnings))
    if not articles:
        raise PipelineError(f"none of the {len(files)} files could be read: " + " | ".join(refused[:3]))
    return articles, warnings


def article_from_text(text: str, outlet: str, *, title: str = "", name: str = "pasted") -> Article:
    """An article from pasted text; the id is ``<name>-`` plus a short hash of the text."""
    outlet = outlet.strip()
    if not outlet:
        raise PipelineError(f"{name}: give the outlet's name")
    text = text.removeprefix("\ufeff")
    if not any(c.isalpha() for c in text):
        raise PipelineError(f"{name}: the text contains no letters, nothing to read")
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return Article(
        id=f"{_slug(name)}-{digest}",
        outlet=outlet,
        text=text,
        title=title.strip() or guess_title(text, outlet),
        language=detect_language(text),
    )


def _decode_bom(data: bytes, name: str) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError:
                message = f"{name}: starts with a {codec.upper()} byte-order mark but is not valid {codec}"
                raise PipelineError(message) from None
    return None


def byte_entropy(data: bytes) -> float:
    """Shannon entropy of ``data`` in bits per byte (0 to 8)."""
    if not data:
        return 0.0
    counts = collections.Counter(data)
    n = len(data)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _refuse_archive(data: bytes, name: str) -> None:
    for magic, kind in _ARCHIVE_MAGIC:
        if magic.match(data):
            raise PipelineError(
                f"{name}: compressed archive ({kind}), not text; upload the articles as .txt files"
            )


def _refuse_binary(data: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise PipelineError(f"{name}: looks like a binary file ({kind}), not text")
    sample = data[:_ENTROPY_SAMPLE]
    if len(sample) >= _ENTROPY_MIN_BYTES and byte_entropy(sample) > _MAX_ENTROPY:
        raise PipelineError(
            f"{name}: compressed archive, not text (random-looking binary data, like zip or gzip output)"
        )
    if b"\x00" in data:
        raise PipelineError(f"{name}: looks like a binary file (NUL bytes), not text")
    if len(_CONTROL_BYTES.findall(data)) > _MAX_CONTROL_SHARE * len(data):
        raise PipelineError(f"{name}: looks like a binary file (control characters), not text")


def _decode_guess(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = [
        m
        for m in charset_normalizer.from_bytes(data)
        if not m.encoding.startswith(("utf_16", "utf_32")) and m.chaos <= _MAX_CHAOS
    ]
    if not matches or max(m.coherence for m in matches) < _MIN_COHERENCE:
        raise PipelineError(f"{name}: not UTF-8 and the encoding cannot be told reliably; save it as UTF-8")
    if any(_WESTERN in m.could_be_from_charset for m in matches):
        return data.decode(_WESTERN)  # single-byte Latin guesses tie often; id/en text is cp1252
    return str(min(matches, key=lambda m: (m.chaos, -m.coherence)))


def _add_metadata_row(
    rows: dict[str, dict[str, str]], header: list[str], fields: list[str], where: str
) -> None:
    if not any(f.strip() for f in fields):
        return
    if len(fields) != len(header):
        raise PipelineError(f"{where}: expected {len(header)} fields, got {len(fields)}")
    row = dict(zip(header, (" ".join(f.split()) for f in fields), strict=True))  # one line each
    check_metadata_row(row, where)
    file = Path(row["file"]).name if row["file"] else ""  # "seeds/a.txt" still names a.txt
    if not file:
        raise PipelineError(f"{where}: the 'file' column is empty")
    if file in rows:
        raise PipelineError(f"{where}: {file} is listed twice")
    rows[file] = {column: row.get(column, "") for column in METADATA_COLUMNS}


def _collect(paths: list[Path], metadata: Path | None) -> tuple[list[Path], dict[str, dict[str, str]]]:
    """The files to read, in order and without repeats, and the metadata that applies to them."""
    if not paths:
        raise PipelineError("no files or folders given")
    files: list[Path] = []
    meta: dict[str, dict[str, str]] = {}
    for path in paths:
        if not path.exists():
            raise PipelineError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise PipelineError(f"{path}: the folder has no .txt files")
            files.extend(found)
            if metadata is None and (path / METADATA_NAME).is_file():
                meta.update(load_metadata(path / METADATA_NAME))
        else:
            files.append(path)
    if metadata is not None:
        meta.update(load_metadata(metadata))
    seen: set[Path] = set()
    unique = [p for p in files if not (p.resolve() in seen or seen.add(p.resolve()))]
    return unique, meta


def _read(path: Path, max_file_mb: float) -> str:
    mb = path.stat().st_size / 1_000_000
    if mb > max_file_mb:
        raise PipelineError(f"{path.name}: {mb:.1f} MB is over the {max_file_mb:g} MB limit (max_file_mb)")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PipelineError(f"{path.name}: cannot read the file ({e.strerror})") from None
    return decode(data, path.name)


def _article(path: Path, text: str, row: dict[str, str], taken: set[str], warnings: list[str]) -> Article:
    outlet = row.get("outlet", "")
    if not outlet:
        outlet = infer_outlet(text, path.name)
        warnings.append(f"{path.name}: no outlet in the metadata; using {outlet!r} from the text")
    article_id = path.stem
    if article_id in taken:
        article_id = next(i for n in range(2, len(taken) + 3) if (i := f"{path.stem}-{n}") not in taken)
        warnings.append(f"{path.name}: another file has the same name; its id is {article_id}")
    return Article(
        id=article_id,
        outlet=outlet,
        text=text,
        title=row.get("title") or guess_title(text, outlet),
        date=row.get("date", ""),
        language=(row.get("language") or detect_language(text)).lower(),
        url=row.get("url", ""),
        path=str(path),
    )


def _brand(name: str) -> str:
    """A readable outlet name: "TEMPO.CO" -> "Tempo", "TRIBUNnews.com" -> "Tribunnews", "GenPI.co" kept."""
    name = name.strip(" .,;:-|()")
    m = re.fullmatch(r"(?P<label>[A-Za-z0-9-]+)(?:\.[A-Za-z]{2,4})+", name)
    label = m["label"] if m else name
    shouted = label.isupper() and len(label) > 3 and " " not in label
    if shouted or re.fullmatch(r"[A-Z]{3,}(?:news|online|media|tv)", label):
        return label.capitalize()
    return name


def _outlet_in(fragment: str) -> str:
    domain = _DOMAIN.search(fragment)
    return _brand(domain.group()) if domain else ""


def _outlet_from_dateline(text: str) -> str:
    for line in [line for line in text[:_HEAD_CHARS].splitlines() if line.strip()][:_DATELINE_SEARCH_LINES]:
        prefix = dateline_prefix(line)
        if not prefix:
            continue
        paren = re.search(r"\(([^()]+)\)", prefix)
        fallback = paren.group(1) if paren else prefix.rpartition(",")[2]
        return _outlet_in(prefix) or _brand(fallback)
    return ""


def _outlet_from_copyright(text: str) -> str:
    m = _COPYRIGHT.search(text)
    return (_outlet_in(m["name"]) or _brand(m["name"])) if m else ""


def _outlet_from_source(text: str) -> str:
    m = _SOURCE.search(text)
    if not m:
        return ""
    return _outlet_in(m["name"]) or (m["name"] if len(m["name"].split()) <= 4 else "")


def _outlet_from_reporter(text: str) -> str:
    for pattern in _SELF_REFERENCE:
        m = pattern.search(text)
        if m:
            return m["name"]
    return ""


def _name_from_stem(stem: str) -> str:
    """ "kompas_putin-vietnam" -> "Kompas Putin Vietnam"; numbers and hashes are dropped."""
    words = [w for w in re.split(r"[_\-\s.]+", stem) if w and not _NUMBER_OR_HASH.fullmatch(w)]
    return " ".join(w.capitalize() for w in words) or stem


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "pasted"
