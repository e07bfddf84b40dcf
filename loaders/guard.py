"""Refuse hostile or unreadable files before any parser sees them.

Checks are cheap (header bytes and the zip directory) so a zip bomb, an XML
entity bomb, an encrypted or a truncated file is refused in milliseconds.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import PurePath

from core.settings import UploadLimits
from loaders.messages import problem

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_DTD_MARKERS = (b"<!doctype", b"<!entity")
_FIRST_BYTES = 1024
_PROLOG_BYTES = 65536
_ROOT_ELEMENT = re.compile(rb"<[a-z_]")  # the first element: a DTD can only come before it


class Refused(Exception):
    """The file cannot be read at all; `problem` says why, in Vietnamese."""

    def __init__(self, code: str, **params: object) -> None:
        self.problem = problem(code, **params)
        super().__init__(self.problem.message)


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def screen(content: bytes, file_name: str, limits: UploadLimits) -> str:
    """Return the format ("zip" or "ole") or raise Refused."""
    if not content:
        raise Refused("empty-file")
    if len(content) > limits.max_file_bytes:
        raise Refused("file-too-large", size=megabytes(len(content)), limit=megabytes(limits.max_file_bytes))
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise Refused("not-spreadsheet", detail=f"Tệp có đuôi “{suffix or '(không có)'}”")
    if content.startswith(ZIP_MAGIC):
        _screen_zip(content, limits)
        return "zip"
    if content.startswith(OLE_MAGIC):
        if _ENCRYPTED_STREAM in content[:65536] or suffix != ".xls":
            raise Refused("encrypted")
        return "ole"
    raise Refused("not-spreadsheet", detail=f"Nội dung tệp không phải bảng tính dù có đuôi “{suffix}”")


def _screen_zip(content: bytes, limits: UploadLimits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise Refused("corrupt", detail="không mở được tệp nén") from error
    if len(entries) > limits.max_entries:
        raise Refused("zip-too-many-entries", count=len(entries))
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise Refused("encrypted")
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1_000_000 and ratio > limits.max_ratio:
            raise Refused("zip-ratio", ratio=f"{ratio:.0f}")
    if total > limits.max_unpacked_bytes:
        raise Refused("unpacked-too-large", size=megabytes(total), limit=megabytes(limits.max_unpacked_bytes))
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise Refused("not-spreadsheet", detail="Tệp nén này không phải bảng tính")
    _refuse_dtd(content, entries)
    _refuse_huge_sheets(archive, entries, limits)


def _refuse_dtd(content: bytes, entries: list[zipfile.ZipInfo]) -> None:
    """No honest workbook declares a DTD; entity bombs need one.

    Only the start of each XML part matters (a DTD must come before the first
    element), so it is inflated straight from the archive's bytes: far cheaper than
    opening every member through zipfile.
    """
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        head = _member_head(content, entry)
        if not _ROOT_ELEMENT.search(head):  # a long prolog: look further, where a DTD could still be
            head = _member_head(content, entry, _PROLOG_BYTES)
        if any(marker in head for marker in _DTD_MARKERS):
            raise Refused("xml-entities")


def _member_head(content: bytes, entry: zipfile.ZipInfo, size: int = _FIRST_BYTES) -> bytes:
    """The first `size` unpacked bytes of a member, lower-cased."""
    start = entry.header_offset
    header = content[start : start + 30]
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise Refused("corrupt", detail=f"thành phần {entry.filename} đọc không được")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    data_start = start + 30 + name_length + extra_length
    raw = content[data_start : data_start + min(entry.compress_size, size + 4096)]
    if entry.compress_type == zipfile.ZIP_STORED:
        return raw[:size].lower()
    if entry.compress_type != zipfile.ZIP_DEFLATED:
        raise Refused("corrupt", detail=f"thành phần {entry.filename} nén theo cách lạ")
    try:
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, size).lower()
    except zlib.error as error:
        raise Refused("corrupt", detail=f"thành phần {entry.filename} đọc không được") from error


_CHUNK = 1 << 20
_LAST_ROW = re.compile(rb'<row r="(\d{1,7})"')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d')  # columns AA and beyond; A–Z are 26 at most


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _refuse_huge_sheets(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], limits: UploadLimits) -> None:
    """A reader lays a sheet out as a full grid: one stray cell at ZZ200000 would take gigabytes.

    The extent comes from the cells themselves, not from the <dimension> tag a file may omit or fake;
    the sheet is read in pieces, so a lying member cannot blow up memory here.
    """
    for entry in entries:
        if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
            rows, columns = _sheet_extent(archive, entry)
            if rows * columns > limits.max_sheet_cells:
                raise Refused("sheet-too-large", rows=rows, columns=columns)


def _sheet_extent(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> tuple[int, int]:
    """(last row, widest column) of a worksheet part; rows are written in order."""
    rows, columns, tail = 0, 26, b""
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                text = tail + chunk
                for found in _LAST_ROW.finditer(text):
                    rows = max(rows, int(found.group(1)))
                for letters in set(_WIDE_CELL.findall(text)):
                    columns = max(columns, _column_number(letters))
                tail = text[-32:]  # a reference cut between two pieces is seen whole next time
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise Refused("corrupt", detail=f"thành phần {entry.filename} đọc không được") from error
    return rows, columns
