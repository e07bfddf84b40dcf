"""Refuse hostile or unreadable files before a spreadsheet library opens them.

The header bytes and the zip directory refuse a zip bomb, an encrypted or a truncated
file; every XML part is then read by expat, which refuses a DTD (entity bombs need one)
and a sheet whose cells or declared dimension reach too far, however the XML is
written. All in about a millisecond for a report. What a library might still do with a
file is the reader child's to contain (loaders.sandbox).
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import struct
import zipfile
import zlib
from functools import lru_cache
from pathlib import PurePath
from xml.parsers import expat

from core.settings import UploadLimits
from i18n.messages import amount, term
from loaders.problems import problem

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
WORD_EXTENSIONS = (".docx",)  # a plan written in Word (loaders.docx_plan); .docm and .doc are refused
WORD_DOCUMENT = "word/document.xml"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class Refused(Exception):
    """The file cannot be read at all; `problem` says why (its code and values)."""

    def __init__(self, code: str, **params: object) -> None:
        self.problem = problem(code, **params)
        super().__init__(code)

    def __str__(self) -> str:
        return self.problem.message


def megabytes(size: int) -> dict[str, object]:
    """A size as people read it: 12,3 MB (one decimal, in the reader's language)."""
    return amount(round(size / 1024 / 1024, 1), 1, "MB")


def check_size(size: int, limits: UploadLimits) -> None:
    """Refused when a file of `size` bytes is over the upload limit (checked before reading it whole)."""
    if size > limits.max_file_bytes:
        raise Refused("file-too-large", size=megabytes(size), limit=megabytes(limits.max_file_bytes))


def screen(content: bytes, file_name: str, limits: UploadLimits) -> str:
    """Return the format ("zip" or "ole") or raise Refused."""
    if not content:
        raise Refused("empty-file")
    check_size(len(content), limits)
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise Refused(
            "not-spreadsheet", detail=term("reason.suffix", suffix=suffix) if suffix else term("reason.no-suffix")
        )
    if content.startswith(ZIP_MAGIC):
        _screen_zip(content, limits)
        return "zip"
    if content.startswith(OLE_MAGIC):
        if _ENCRYPTED_STREAM in content[:65536] or suffix != ".xls":
            raise Refused("encrypted")
        return "ole"
    raise Refused("not-spreadsheet", detail=term("reason.content-not-spreadsheet", suffix=suffix))


def screen_word(content: bytes, file_name: str, limits: UploadLimits) -> None:
    """The same refusals as `screen`, for a Word document (.docx): a zip holding word/document.xml.

    The unpacking limits and the XML checks are the workbooks' own; only what the zip must hold differs.
    """
    if not content:
        raise Refused("empty-file")
    check_size(len(content), limits)
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in WORD_EXTENSIONS:
        raise Refused(
            "not-word-document",
            detail=term("reason.suffix", suffix=suffix) if suffix else term("reason.no-suffix"),
        )
    if not content.startswith(ZIP_MAGIC):
        raise Refused("not-word-document", detail=term("reason.content-not-word", suffix=suffix))
    archive, entries = _open_zip(content, limits)
    if WORD_DOCUMENT not in {entry.filename for entry in entries}:
        raise Refused("not-word-document", detail=term("reason.zip-not-word"))
    for entry in entries:
        _scan_part(content, archive, entry, False, limits)


def _open_zip(content: bytes, limits: UploadLimits) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The zip's directory, once its entries, encryption, ratios and unpacked size are within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise Refused("corrupt", detail=term("reason.zip-unreadable")) from error
    if len(entries) > limits.max_entries:
        raise Refused("zip-too-many-entries", count=len(entries))
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise Refused("encrypted")
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1_000_000 and ratio > limits.max_ratio:
            raise Refused("zip-ratio", ratio=round(ratio))
    if total > limits.max_unpacked_bytes:
        raise Refused("unpacked-too-large", size=megabytes(total), limit=megabytes(limits.max_unpacked_bytes))
    return archive, entries


def _screen_zip(content: bytes, limits: UploadLimits) -> None:
    archive, entries = _open_zip(content, limits)
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise Refused("not-spreadsheet", detail=term("reason.zip-not-spreadsheet"))
    sheets = _sheet_parts(archive, entries)
    for entry in entries:
        _scan_part(content, archive, entry, entry.filename.lower() in sheets, limits)


# ---------------------------------------------------------------- the parts, read by a real XML parser

_CHUNK = 1 << 16
_HEAD_BYTES = 4096  # enough for any honest part's prolog; a longer one is read whole
_SHEET_ROOTS = frozenset({"worksheet", "chartsheet", "dialogsheet", "macrosheet"})
_SHEET_RELATION = re.compile(r"/(worksheet|chartsheet|dialogsheet|xlMacrosheet)$", re.IGNORECASE)
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # Excel's own grid: nothing honest lies beyond it
_MIN_COLUMNS = 26  # a reader lays out at least this wide a grid per row it keeps


class _RootSeen(Exception):
    """A part that is not a sheet: its prolog is read, the rest does not matter here."""


def _sheet_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> set[str]:
    """Lower-cased names of the parts a reader may open as sheets.

    Those the workbook's relationships name (whatever the case of their names, as a
    reader resolves them) and anything under xl/worksheets/; a part of another name whose
    root turns out to be a sheet is scanned as one too (see `_scan_part`).
    """
    sheets = {e.filename.lower() for e in entries if e.filename.lower().startswith("xl/worksheets/")}
    rels = next((e for e in entries if e.filename.lower() == _WORKBOOK_RELS), None)
    if rels is None:
        return sheets
    targets: list[str] = []

    def relationship(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "Relationship" and _SHEET_RELATION.search(attrs.get("Type", "")):
            targets.append(attrs.get("Target", ""))

    parser = _parser()
    parser.StartElementHandler = relationship
    _parse(parser, archive, rels)
    for target in targets:
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        sheets.add(posixpath.normpath(path).lower())
    return sheets


def _scan_part(
    content: bytes, archive: zipfile.ZipFile, entry: zipfile.ZipInfo, is_sheet: bool, limits: UploadLimits
) -> None:
    """Refuse a DTD anywhere before the root element, and a sheet whose extent is too large.

    Every part is read by expat, so attribute order, quoting, prefixes and comments
    before a DTD change nothing. A part that is not XML at all (a picture) is left alone,
    unless it is named as a sheet: then a reader would try it, and it must parse. Of a
    part that is no sheet only the prolog matters: it is inflated straight from the
    archive's bytes, far cheaper than opening the member through zipfile.
    """
    parser = _parser()

    def root(name: str, _attrs: dict[str, str]) -> None:
        if not is_sheet and name.rpartition(":")[2] not in _SHEET_ROOTS:
            raise _RootSeen
        parser.StartElementHandler = _extent_counter(limits.max_sheet_cells, entry.filename)

    parser.StartElementHandler = root
    with contextlib.suppress(_RootSeen):
        if not is_sheet:
            head = _member_head(content, entry)
            if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                return  # not XML (or empty, as a folder's entry): no XML reader takes it
            _feed(parser, head, entry)
            parser = _parser()  # the head ended before the root element: read the whole part
            parser.StartElementHandler = root
        _parse(parser, archive, entry)


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    return parser


def _feed(parser: expat.XMLParserType, data: bytes, entry: zipfile.ZipInfo, final: bool = False) -> None:
    try:
        parser.Parse(data, final)
    except expat.ExpatError as error:
        raise Refused("corrupt", detail=term("reason.part-not-xml", part=entry.filename)) from error


def _parse(parser: expat.XMLParserType, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """The whole member through `parser`, in pieces (zipfile checks its size and CRC)."""
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                _feed(parser, chunk, entry)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise Refused("corrupt", detail=term("reason.part-unreadable", part=entry.filename)) from error
    _feed(parser, b"", entry, final=True)


def _member_head(content: bytes, entry: zipfile.ZipInfo) -> bytes:
    """The first _HEAD_BYTES unpacked bytes of a member."""
    start = entry.header_offset
    header = content[start : start + 30]
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise Refused("corrupt", detail=term("reason.part-unreadable", part=entry.filename))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    data_start = start + 30 + name_length + extra_length
    raw = content[data_start : data_start + min(entry.compress_size, _HEAD_BYTES + 4096)]
    if entry.compress_type == zipfile.ZIP_STORED:
        return raw[:_HEAD_BYTES]
    if entry.compress_type != zipfile.ZIP_DEFLATED:
        raise Refused("corrupt", detail=term("reason.part-compression", part=entry.filename))
    try:
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, _HEAD_BYTES)
    except zlib.error as error:
        raise Refused("corrupt", detail=term("reason.part-unreadable", part=entry.filename)) from error


def _refuse_doctype(*_args: object) -> None:
    """No honest workbook declares a DTD; entity bombs need one."""
    raise Refused("xml-entities")


def _extent_counter(max_cells: int, part: str):
    """An element handler counting the grid a sheet spans, as a reader lays it out.

    Both the `<dimension>` a file declares (a reader may size its grid by it) and the
    cells actually present count; a cell or row without `r` takes the next position.
    Called for every element of the sheet, so the common case is a few comparisons.
    """
    rows = columns = row = column = 0

    def grow(far_row: int, far_column: int) -> None:
        nonlocal rows, columns
        rows, columns = max(rows, far_row), max(columns, far_column)
        if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * max(columns, _MIN_COLUMNS) > max_cells:
            raise Refused("sheet-too-large", rows=rows, columns=columns)

    def element(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, column
        if name == "c":
            ref = attrs.get("r")
            if ref is None:
                column += 1
            else:
                row, column = _position(ref, part)
            if row > rows or column > columns:
                grow(row, column)
        elif name == "row":
            number = attrs.get("r")
            row, column = (_row_number(number, part) if number is not None else row + 1), 0
            if row > rows:
                grow(row, 0)
        elif name == "dimension":
            for ref in attrs.get("ref", "").split(":"):
                if ref.strip():
                    grow(*_position(ref, part))
        elif ":" in name:
            element(name.rpartition(":")[2], attrs)  # the same elements under a namespace prefix

    return element


@lru_cache(maxsize=16384)
def _position(ref: str, part: str) -> tuple[int, int]:
    """(row, column) of a cell reference such as `XFD1048576`; the same few hundred recur in every report."""
    found = _CELL_REF.fullmatch(ref.strip())
    if found is None:
        raise Refused("corrupt", detail=term("reason.part-cell-reference", part=part, found=ref[:20]))
    number = 0
    for letter in found.group(1).upper():
        number = number * 26 + ord(letter) - 64
    return int(found.group(2)), number


def _row_number(text: str, part: str) -> int:
    if not text.strip().isdigit() or len(text.strip()) > 7:
        raise Refused("corrupt", detail=term("reason.part-row-number", part=part, found=text[:20]))
    return int(text)
