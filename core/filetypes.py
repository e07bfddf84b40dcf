"""What an evidence file is, decided by its bytes, never by its name.

A school backs its PAR self-assessment with evidence (tài liệu kiểm chứng): PDF documents,
JPEG and PNG pictures, Word (.docx) and Excel (.xlsx) files. The first bytes say what a
file is; its name may say otherwise (a PDF named .png is a PDF; a web page named .pdf is
refused). A .docx or .xlsx is a zip: it gets the loaders' own unpacking limits
(loaders.guard: entries, ratios, unpacked size, XML entity declarations, a sheet's extent)
before anything looks inside it, and is refused when it carries macros. Web pages and
SVG, scripts, programs, archives and the old OLE2 Office formats (.doc, .xls, which may
hide macros) are refused, each with its own code (`refusal.<code>`, i18n/evidence.py);
anything else is an unknown type.

The limits live in loaders.guard, written once for every zip the app opens; this module
reaches up to them rather than keeping a second copy that could drift.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from core.errors import Refusal
from core.filenames import received_name
from core.settings import EvidenceLimits, UploadLimits
from i18n.messages import amount, term
from loaders import guard

PDF, JPEG, PNG, DOCX, XLSX = "pdf", "jpeg", "png", "docx", "xlsx"
KINDS = (PDF, JPEG, PNG, DOCX, XLSX)
SUFFIXES = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",), DOCX: (".docx",), XLSX: (".xlsx",)}
MEDIA_TYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PREVIEWABLE = frozenset({PDF, JPEG, PNG})  # a browser shows these itself; Word and Excel are downloaded only


class FileRefused(Refusal, ValueError):
    """An evidence file that is not taken: the code says what was found, `file` names it."""


_TAKEN = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or the end record of an empty zip
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt, .msi…
_PROGRAMS = (
    (b"MZ", "PE/Windows"),
    (b"\x7fELF", "ELF/Linux"),
    (b"\xfe\xed\xfa\xce", "Mach-O/macOS"),
    (b"\xfe\xed\xfa\xcf", "Mach-O/macOS"),
    (b"\xce\xfa\xed\xfe", "Mach-O/macOS"),
    (b"\xcf\xfa\xed\xfe", "Mach-O/macOS"),
    (b"\xca\xfe\xba\xbe", "Mach-O/Java"),
)
_ARCHIVES = (
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"MSCF", "CAB"),
)
_TEXT_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_ACTIVE_MARKUP = ("<script", "<html", "<!doctype html", "<iframe", "<svg", "<object", "<embed")
_WORD_MAIN, _WORKBOOK_MAIN, _CONTENT_TYPES = guard.WORD_DOCUMENT, "xl/workbook.xml", "[Content_Types].xml"
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin")
_MACRO_TYPES = (b"macroenabled", b"vbaproject", b"ms-excel.intl.macrosheet", b"ms-excel.macrosheet")
_UNPACKING_BOMBS = frozenset(  # the guard's codes of a file that unpacks to far more than it holds
    {"zip-ratio", "unpacked-too-large", "zip-too-many-entries", "sheet-too-large", "xml-entities"}
)


def sniff(content: bytes, file_name: str, limits: EvidenceLimits | None = None) -> str:
    """The kind of an evidence file (`KINDS`) from its bytes; FileRefused saying what it is otherwise."""
    limits = limits or EvidenceLimits.from_env()
    name = received_name(file_name)
    if not content:
        raise FileRefused("evidence-empty", file=name)
    check_file_size(len(content), name, limits)
    for magic, kind in _TAKEN:
        if content.startswith(magic):
            return kind
    if content.startswith(_ZIP):
        return _office_kind(content, name, limits)
    raise _refusal_of_other(content, name)


def check_file_size(size: int, file_name: str, limits: EvidenceLimits) -> None:
    """FileRefused when a file of `size` bytes is over the per-file limit (asked before a file is read whole)."""
    try:
        guard.check_size(size, UploadLimits(max_file_bytes=limits.max_file_bytes))
    except guard.Refused as refused:
        raise FileRefused("evidence-too-large", file=received_name(file_name), **refused.problem.params) from refused


def shown_size(size: int) -> dict[str, object]:
    """A file's size as people read it (i18n.messages.amount): KB below a megabyte (a scanned page), MB above."""
    if size < 1024 * 1024:
        return amount(max(1, round(size / 1024)), 0, "KB")
    return guard.megabytes(size)


def download_name(file_name: str, kind: str) -> str:
    """The name a file is saved under: its own, ending as what it is (a PDF sent as `a.png` is saved as `a.pdf`),
    so that no download opens in another program than its content's."""
    name = received_name(file_name)
    stem, dot, suffix = name.rpartition(".")
    if dot and f".{suffix.lower()}" in SUFFIXES[kind]:
        return name
    return f"{stem if dot and stem else name}{SUFFIXES[kind][0]}"


# ---------------------------------------------------------------- Word and Excel: zips with rules


def _office_kind(content: bytes, name: str, limits: EvidenceLimits) -> str:
    """DOCX or XLSX once the zip is within the unpacking limits and carries no macros; an archive otherwise."""
    names = _zip_names(content, name)
    kind = DOCX if _WORD_MAIN in names else XLSX if _WORKBOOK_MAIN in names else None
    if kind is None or _CONTENT_TYPES not in names:
        raise FileRefused("evidence-archive", file=name, format="zip")
    unpacking = replace(UploadLimits.from_env(), max_file_bytes=limits.max_file_bytes)
    with _guarded(name):
        if kind == DOCX:
            guard.screen_word(content, "evidence.docx", unpacking)
        else:
            guard.screen(content, "evidence.xlsx", unpacking)
    if _has_macros(content, names):
        raise FileRefused("evidence-macros", file=name, format=kind)
    return kind


def _zip_names(content: bytes, name: str) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise FileRefused("evidence-corrupt", file=name, detail=term("reason.zip-unreadable")) from error


@contextmanager
def _guarded(name: str) -> Iterator[None]:
    """The loaders' refusals of a zip, as refusals of an evidence file."""
    try:
        yield
    except guard.Refused as refused:
        found = refused.problem
        if found.code == "file-too-large":
            raise FileRefused("evidence-too-large", file=name, **found.params) from refused
        if found.code in _UNPACKING_BOMBS:
            raise FileRefused("evidence-zip-bomb", file=name, detail=term(found.key, **found.params)) from refused
        if found.code == "encrypted":
            raise FileRefused("evidence-encrypted", file=name) from refused
        detail = found.params.get("detail") or term(found.key, **found.params)
        raise FileRefused("evidence-corrupt", file=name, detail=detail) from refused


def _has_macros(content: bytes, names: set[str]) -> bool:
    """A VBA project or an Excel 4 macro sheet among the parts, or a macro-enabled content type declared."""
    lowered = {part.lower() for part in names}
    if any(part.rpartition("/")[2] in _MACRO_PARTS or "/macrosheets/" in part for part in lowered):
        return True
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(_CONTENT_TYPES) as types:
        return _stream_holds(types, _MACRO_TYPES)


def _stream_holds(stream: io.BufferedIOBase, markers: tuple[bytes, ...]) -> bool:
    """Whether any marker occurs in the stream (case aside), read in pieces: the guard bounded its size, not ours."""
    overlap = max(len(marker) for marker in markers) - 1
    tail = b""
    while chunk := stream.read(1 << 16):
        window = tail + chunk.lower()
        if any(marker in window for marker in markers):
            return True
        tail = window[-overlap:]
    return False


# ---------------------------------------------------------------- what a refused file was found to be


def _refusal_of_other(content: bytes, name: str) -> FileRefused:
    """Why a file that is neither PDF, picture nor Office document is refused, from what its bytes show."""
    if content.startswith(_OLE2):
        return FileRefused("evidence-old-office", file=name)
    for magic, found in _PROGRAMS:
        if content.startswith(magic):
            return FileRefused("evidence-program", file=name, format=found)
    for magic, found in _ARCHIVES:
        if content.startswith(magic):
            return FileRefused("evidence-archive", file=name, format=found)
    if content[257:262] == b"ustar":
        return FileRefused("evidence-archive", file=name, format="tar")
    head = _text_head(content)
    if head.startswith("#!"):
        return FileRefused("evidence-script", file=name)
    markup = _markup(head)
    if markup is not None:
        return FileRefused("evidence-html", file=name, format=markup)
    return FileRefused("evidence-unknown-type", file=name)


def _text_head(content: bytes) -> str:
    """The first kilobyte as lower-case text without its byte-order mark or leading blanks (enough to name markup)."""
    raw = content[:1024]
    for bom, codec in _TEXT_BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, "ignore").lstrip().lower()
    return raw.replace(b"\0", b"").decode("latin-1").lstrip().lower()  # UTF-16 without a mark reads as ASCII too


def _markup(head: str) -> str | None:
    """HTML, SVG or XML when the text is markup a browser might render (and run scripts of); None otherwise."""
    if "<svg" in head:
        return "SVG"
    if any(tag in head for tag in _ACTIVE_MARKUP):
        return "HTML"
    if head.startswith("<"):
        return "XML" if head.startswith("<?xml") else "HTML"
    return None
