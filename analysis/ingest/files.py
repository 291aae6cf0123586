"""Reading user files: size limit, binary detection, encoding detection. No parsing here."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from analysis.errors import InputError
from analysis.ingest.mhtml import is_mhtml, page_of_mhtml
from analysis.settings import DEFAULT, Settings

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"PK\x03\x04": "a zip archive (or .docx/.xlsx)",
    b"%PDF": "a PDF document",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"PAR1": "a Parquet file",
    b"SQLite format 3": "an SQLite database",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class TextFile:
    """A file read as text, with how it was decoded."""

    path: Path
    text: str
    encoding: str
    sha256: str


def sniff_binary(head: bytes) -> str | None:
    """Name the binary format of a file from its first bytes, or None if it looks like text."""
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            return name
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head[:4096]:
        return "a binary file (contains NUL bytes)"
    return None


# detected encodings taken as they are: the Windows and ISO code pages and the multi-byte
# ones; a DOS or Mac code page gives way to Windows-1252 where that reads as cleanly
KEPT_DETECTIONS = ("cp125", "iso8859", "latin", "ascii", "utf", "big5", "gb", "shift", "euc")


def decode_bytes(data: bytes, where: str) -> tuple[str, str]:
    """Decode bytes as text: BOM first, then strict UTF-8, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    found = from_bytes(data[:200_000])
    best = found.best()
    if best is None or best.encoding is None:
        msg = f"{where}: cannot tell the text encoding (not UTF-8, and no other encoding fits)"
        raise InputError(msg)
    encoding = best.encoding
    if not encoding.startswith(KEPT_DETECTIONS):
        # a few accented letters among ASCII fit many code pages equally ("für" as cp775's
        # "f³r"): where the best is a DOS or Mac one and Windows-1252 reads the text as
        # cleanly, the Windows one is what a Western export is written in
        cleanest = min(m.chaos for m in found)
        if any(m.chaos <= cleanest and "cp1252" in m.could_be_from_charset for m in found):
            encoding = "cp1252"
    if encoding in {"latin_1", "iso8859_1", "ascii"}:
        encoding = "cp1252"  # a superset that also maps curly quotes and the euro sign
    return data.decode(encoding, errors="replace"), encoding


# how a user raises a review table's size limit, named wherever a table is refused for it
RAISE_TABLE_LIMIT = "raise it with --max-table-mb or Settings.max_table_bytes"


def check_size(path: Path, size: int, settings: Settings = DEFAULT, table: bool = False) -> None:
    """Refuse a file over its size limit before reading it: a page's (``max_file_bytes``),
    or a review table's (``max_table_bytes``, which the command line's ``--max-table-mb``
    raises)."""
    limit = settings.max_table_bytes if table else settings.max_file_bytes
    if size > limit:
        how = RAISE_TABLE_LIMIT if table else "raise it with Settings.max_file_bytes"
        what = "a review table" if table else "a page"
        msg = f"{path}: {size:,} bytes is over the {limit:,}-byte limit for {what} ({how})"
        raise InputError(msg)


def read_text_file(path: Path, settings: Settings = DEFAULT) -> TextFile:
    """Read a user's file as text, or raise InputError naming the file and the problem."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        msg = f"{path}: cannot read ({exc.strerror or exc})"
        raise InputError(msg) from exc
    check_size(path, size, settings)
    if size == 0:
        msg = f"{path}: the file is empty"
        raise InputError(msg)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read ({exc.strerror or exc})"
        raise InputError(msg) from exc
    binary = sniff_binary(data[:4096])
    if binary:
        msg = f"{path}: this is {binary}, not a text page"
        raise InputError(msg)
    text, encoding = decode_bytes(data, str(path))
    if is_mhtml(text):  # a browser's single-file save: the page inside is what was saved
        text = page_of_mhtml(text, str(path))
    if not text.strip():
        msg = f"{path}: the file holds only whitespace"
        raise InputError(msg)
    return TextFile(path, text, encoding, hashlib.sha256(data).hexdigest())
