"""Bytes to text: the encoding told or guessed, and anything that is not text refused.

Text is kept exactly as decoded (only a BOM is removed) because every later
offset indexes it. Archives and compressed data are refused by magic number or
entropy and never unpacked; binary files by magic number, NUL bytes or control
characters.
"""

from __future__ import annotations

import codecs
import collections
import math
import re

import charset_normalizer

from dashboard.pipeline.models import PipelineError

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
    check_text(text, name)
    return text


def check_page_bytes(data: bytes, name: str) -> None:
    """Refuse an empty, archived or binary file before it is parsed as an HTML page.

    A page decodes by its own rules (its ``<meta charset>``), so only the checks
    that need no decoding apply; a byte-order mark makes the bytes text.
    """
    if not data.strip():
        raise PipelineError(f"{name}: the file is empty")
    _refuse_archive(data, name)
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        _refuse_binary(data, name)


def check_text(text: str, name: str, what: str = "file") -> None:
    """Refuse decoded text that is empty, binary-looking or has no letters (``what``: file or text)."""
    if not text.strip():
        raise PipelineError(f"{name}: the {what} is empty")
    if "\x00" in text:
        raise PipelineError(f"{name}: looks like a binary file (NUL characters), not text")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise PipelineError(f"{name}: looks like a binary file (control characters), not text")
    if not any(c.isalpha() for c in text):
        raise PipelineError(f"{name}: the {what} contains no letters, nothing to read")


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
