"""The loader against the contract: every problem with its sheet, Excel row and code."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from core.settings import UploadLimits
from loaders.read import load_report
from loaders.report import DONE, IN_PROGRESS
from tests.workbook_factory import (
    INDICATOR_HEADER,
    REGISTRY,
    SATISFACTION_HEADER,
    TASK_HEADER,
    table,
    valid_sheets,
    workbook_bytes,
)


def load(sheets, name="bao-cao.xlsx", **kwargs):
    return load_report(workbook_bytes(sheets), name, registry=REGISTRY, **kwargs)


def where(report):
    return [(p.sheet, p.row, p.code) for p in report.problems]


def test_valid_workbook_reads_every_value():
    report = load(valid_sheets())
    assert report.problems == []
    assert (report.unit_code, report.unit_name, report.period) == ("TH01", "Trường Tiểu học Lê Lợi", "2023-Q2")
    assert report.prepared_on == date(2023, 6, 18)
    assert report.counts() == {"tasks": 3, "indicators": 2, "satisfaction": 2, "self_assessment": 2}
    first, second, _ = report.tasks
    assert (first.row, first.field, first.status, first.deadline, first.done_on) == (
        4, "TTHC", DONE, date(2023, 6, 20), date(2023, 6, 15),
    )  # fmt: skip
    assert (second.row, second.field, second.status, second.done_on) == (5, "CDS", IN_PROGRESS, None)
    assert [(i.code, i.result, i.total) for i in report.indicators] == [
        ("TTHC_DUNG_HAN", 45.0, 50.0),
        ("TIN_BAI_CCHC", 4.0, None),
    ]
    assert [(s.dimension, s.answers, s.levels) for s in report.satisfaction] == [
        ("TIEP_CAN", 100, (1, 2, 7, 50, 40)),
        ("TTHC", 80, (0, 4, 6, 40, 30)),
    ]
    assert [(s.field, s.max_points, s.self_points, s.appraised_points) for s in report.self_assessment] == [
        ("CDDH", 10.0, 9.0, 8.5),
        ("TTHC", 14.0, 12.0, None),
    ]


def test_sheet_and_column_names_ignore_case_diacritics_spaces_and_order():
    sheets = valid_sheets()
    renamed = {
        "thông tin chung": sheets["ThongTin"],
        "NHIỆM VỤ": [[], ["Nội dung"], [], [], ["Trạng thái", "Thời hạn", "LĨNH VỰC", "noi dung nhiem vu", "Ngày HT"],
                     ["Hoàn thành", "20/06/2023", "tthc", "Niêm yết", "15/6/2023"]],
        "Chi tieu": sheets["ChiTieu"],
        "Hai long": sheets["HaiLong"],
    }  # fmt: skip
    report = load(renamed)
    assert report.problems == []
    task = report.tasks[0]
    assert (task.row, task.field, task.deadline, task.done_on) == (6, "TTHC", date(2023, 6, 20), date(2023, 6, 15))


@pytest.mark.parametrize(
    "spelling", ["Quý II/2023", "Quý 2/2023", "Q2/2023", "2023-Q2", "II/2023", "quy ii/2023", "QUÝ II NĂM 2023"]
)
def test_quarter_spellings(spelling):
    sheets = valid_sheets()
    sheets["ThongTin"][4][1] = spelling
    assert load(sheets).period == "2023-Q2"


def test_decorations_are_skipped_and_records_kept():
    rows = [
        ["UBND PHƯỜNG BÌNH MINH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TRƯỜNG TIỂU HỌC LÊ LỢI", None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        TASK_HEADER,  # row 4
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],  # numbering row
        ["I", "Cải cách thủ tục hành chính"],  # section row
        [1, "TTHC", "Rà soát TTHC", None, date(2023, 6, 30), "Chưa thực hiện"],  # row 7
        ["II.", "CHUYỂN ĐỔI SỐ"],
        [2, "CDS", "Cập nhật cổng thông tin", None, "30/06/2023", "Đang thực hiện"],  # row 9
        [3],  # pre-numbered empty row
        [4],
        [],
        [None, None, None, None, "Bình Minh, ngày 20 tháng 6 năm 2023"],
        [None, "NGƯỜI LẬP BIỂU", None, None, "HIỆU TRƯỞNG"],
        [None, "(Ký, ghi rõ họ tên)"],
        [None, "Trần Văn Bình", None, None, "Lê Thị Hoa"],
    ]
    sheets = valid_sheets()
    sheets["NhiemVu"] = rows
    report = load(sheets)
    assert report.problems == []
    assert [(t.row, t.field) for t in report.tasks] == [(7, "TTHC"), (9, "CDS")]


def test_partly_filled_row_is_a_record_with_errors():
    sheets = valid_sheets()
    sheets["NhiemVu"].append([4, None, "Cập nhật quy chế", None, None, None])  # Excel row 7
    report = load(sheets)
    assert where(report) == [
        ("NhiemVu", 7, "missing-value"),
        ("NhiemVu", 7, "missing-value"),
        ("NhiemVu", 7, "missing-value"),
    ]
    assert [p.column for p in report.problems] == ["Lĩnh vực", "Thời hạn", "Trạng thái"]
    assert not report.accepted


def test_task_value_errors_name_the_cell():
    sheets = valid_sheets()
    sheets["NhiemVu"] = table(
        TASK_HEADER,
        [
            [1, "ABC", "Việc 1", None, "31/02/2023", "Xong rồi"],
            [2, "TTHC", "Việc 2", None, "05/13/2023", "Hoàn thành"],
            [3, "CDS", "Việc 3", None, date(2023, 6, 1), "đang thực hiện", date(2023, 5, 1)],
        ],
    )
    report = load(sheets)
    assert where(report) == [
        ("NhiemVu", 4, "unknown-field"),
        ("NhiemVu", 4, "bad-date"),
        ("NhiemVu", 4, "unknown-status"),
        ("NhiemVu", 5, "bad-date"),
        ("NhiemVu", 5, "missing-done-date"),
        ("NhiemVu", 6, "done-date-not-done"),
    ]
    assert report.problems[1].message.startswith("“31/02/2023” không phải ngày")
    assert report.problems[-1].severity == "warning"
    assert "CDDH" in report.problems[0].message


def test_numbers_in_vietnamese_form_and_bad_numbers():
    sheets = valid_sheets()
    sheets["ChiTieu"] = table(
        INDICATOR_HEADER,
        [
            [1, "TTHC_DUNG_HAN", None, "1.234", "1.500"],
            [2, "GIAI_NGAN", None, "12,5", "20"],
            [3, "EMAIL_CONG_VU", None, "85%", 40],
            [4, "PAKN_DUNG_HAN", None, 12, 10],
            [5, "TTHC_TRUC_TUYEN", None, 3, None],
            [6, "KHONG_CO", None, 1, 1],
            [7, "TTHC_DUNG_HAN", None, 1, 1],
        ],
    )
    report = load(sheets)
    assert [(i.code, i.result, i.total) for i in report.indicators] == [
        ("TTHC_DUNG_HAN", 1234.0, 1500.0),
        ("GIAI_NGAN", 12.5, 20.0),
    ]
    assert where(report) == [
        ("ChiTieu", 6, "percent-not-allowed"),
        ("ChiTieu", 7, "exceeds-total"),
        ("ChiTieu", 8, "missing-total"),
        ("ChiTieu", 9, "unknown-indicator"),
        ("ChiTieu", 10, "duplicate-row"),
    ]


def test_satisfaction_counts_must_add_up_and_be_whole():
    sheets = valid_sheets()
    sheets["HaiLong"] = table(
        SATISFACTION_HEADER,
        [
            [1, "TIEP_CAN", 100, 1, 2, 7, 50, 41],
            [2, "TTHC", 10, 0, 0, 0, 5.5, 4.5],
            [3, "CONG_CHUC", 10, 0, 0, 0, -1, 11],
        ],
    )
    report = load(sheets)
    assert where(report) == [
        ("HaiLong", 4, "answers-mismatch"),
        ("HaiLong", 5, "not-whole"),
        ("HaiLong", 5, "not-whole"),
        ("HaiLong", 6, "negative"),
    ]
    assert report.problems[0].message == "Năm mức trả lời cộng lại 101, khác Số phiếu 100."


def test_two_row_merged_satisfaction_header():
    sheets = valid_sheets()
    sheets["HaiLong"] = [
        ["KẾT QUẢ KHẢO SÁT"],
        ["STT", "Yếu tố", "Số phiếu", "Mức độ hài lòng"],
        [None, None, None, "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"],
        [1, "Tiếp cận dịch vụ", 10, 0, 1, 1, 4, 4],
    ]
    report = load(sheets)
    assert report.problems == []  # the group label over the five levels is not a column
    assert [(s.row, s.dimension, s.levels) for s in report.satisfaction] == [(4, "TIEP_CAN", (0, 1, 1, 4, 4))]


def test_missing_sheet_column_and_info():
    sheets = valid_sheets()
    del sheets["HaiLong"]
    sheets["NhiemVu"] = table([h for h in TASK_HEADER if h != "Trạng thái"], [])
    sheets["ThongTin"] = [["Mã đơn vị", "XX99"], ["Kỳ báo cáo", "Quý năm"]]
    report = load(sheets)
    assert where(report) == [
        ("ThongTin", None, "missing-field"),
        ("ThongTin", 2, "bad-period"),
        ("ThongTin", 1, "unknown-unit"),
        ("NhiemVu", 3, "missing-column"),
        ("HaiLong", None, "missing-sheet"),
    ]
    assert report.problems[3].column == "Trạng thái"


def test_unit_name_differing_from_registry_is_a_warning():
    sheets = valid_sheets()
    sheets["ThongTin"][3][1] = "TH Lê Lợi"
    report = load(sheets)
    assert where(report) == [("ThongTin", 4, "unit-name-mismatch")]
    assert report.accepted


def test_nfd_text_is_normalised_to_nfc():
    import unicodedata

    sheets = valid_sheets()
    sheets["NhiemVu"][3][2] = unicodedata.normalize("NFD", "Niêm yết công khai TTHC")
    sheets["NhiemVu"][3][5] = unicodedata.normalize("NFD", "Hoàn thành")
    report = load(sheets)
    assert report.problems == []
    assert report.tasks[0].content == unicodedata.normalize("NFC", "Niêm yết công khai TTHC")


def test_self_assessment_points_bounded_by_catalog():
    sheets = valid_sheets()
    sheets["TuDanhGia"][3] = [1, "CDDH", 12, 11, None]
    report = load(sheets)
    assert where(report) == [("TuDanhGia", 4, "max-points-mismatch"), ("TuDanhGia", 4, "points-out-of-range")]


def test_self_assessment_sheet_is_optional():
    sheets = valid_sheets()
    del sheets["TuDanhGia"]
    report = load(sheets)
    assert report.accepted and report.self_assessment == []


def test_formula_without_cached_value_is_named():
    sheets = valid_sheets()
    sheets["ChiTieu"][3][3] = "=40+5"  # openpyxl writes a formula with no cached value
    report = load(sheets)
    assert where(report) == [("ChiTieu", 4, "formula-no-value")]
    assert report.problems[0].column == "Kết quả"


# Hostile and unreadable files are refused before parsing, with one problem.


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refused(content: bytes, name: str = "x.xlsx", limits: UploadLimits | None = None) -> str:
    report = load_report(content, name, registry=REGISTRY, limits=limits)
    assert len(report.problems) == 1 and not report.accepted and report.tasks == []
    return report.problems[0].code


def test_zip_bomb_is_refused_by_ratio():
    bomb = _zip(
        {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"0" * 50_000_000}
    )
    assert refused(bomb) == "zip-ratio"


def test_unpacked_size_limit():
    content = _zip({"xl/workbook.xml": b"<x/>", "xl/big.bin": bytes(range(256)) * 8000}, zipfile.ZIP_STORED)
    assert refused(content, limits=UploadLimits(max_unpacked_bytes=1_000_000)) == "unpacked-too-large"


def test_entity_expansion_is_refused():
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><x>&lol2;</x>'
    good = workbook_bytes(valid_sheets())
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    entries["xl/worksheets/sheet1.xml"] = laughs
    assert refused(_zip(entries)) == "xml-entities"


def test_truncated_file_is_corrupt():
    good = workbook_bytes(valid_sheets())
    assert refused(good[: len(good) // 2]) == "corrupt"


def test_encrypted_ooxml_is_refused():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 500
    assert refused(ole) == "encrypted"


def test_other_files_are_not_spreadsheets():
    assert refused(b"%PDF-1.4 ...", "bao-cao.xlsx") == "not-spreadsheet"
    assert refused(b"ma_don_vi,ten\n", "bao-cao.csv") == "not-spreadsheet"
    assert refused(b"", "bao-cao.xlsx") == "empty-file"
    assert refused(b"x" * 2048, "a.xlsx", UploadLimits(max_file_bytes=1024)) == "file-too-large"


def test_filled_template_validates_clean():
    from tests.template_fill import filled_template_bytes

    report = load_report(filled_template_bytes(), "mau.xlsx", registry={"MN01": "Trường Mầm non Hoa Sen"})
    assert report.problems == []
    assert (report.unit_code, report.period) == ("MN01", "2023-Q2")
    assert report.counts() == {"tasks": 6, "indicators": 9, "satisfaction": 5, "self_assessment": 8}


def test_blank_template_is_refused_with_a_problem_per_empty_prefilled_cell():
    from loaders.template import template_bytes

    report = load_report(template_bytes(), "mau.xlsx", registry=REGISTRY)
    assert not report.accepted
    by_sheet = {(p.sheet, p.code) for p in report.problems}
    assert by_sheet == {
        ("ThongTin", "missing-value"),
        ("NhiemVu", "no-records"),
        ("ChiTieu", "missing-value"),
        ("ChiTieu", "missing-total"),
        ("HaiLong", "missing-value"),
        ("TuDanhGia", "optional-sheet-unfilled"),  # optional: left as the template prefilled it
    }


def test_optional_self_assessment_partly_filled_is_checked():
    from tests.workbook_factory import SELF_HEADER

    sheets = valid_sheets()
    sheets["TuDanhGia"] = table(SELF_HEADER, [[1, "CDDH", 10, None, None], [2, "TTHC", 14, 12, None]])
    report = load(sheets)
    assert where(report) == [("TuDanhGia", 4, "missing-value")]


def test_group_label_over_task_columns():
    sheets = valid_sheets()
    sheets["NhiemVu"] = [
        ["STT", "Lĩnh vực", "Nội dung nhiệm vụ", "Kế hoạch", "Thời hạn", "Kết quả thực hiện"],
        [None, None, None, None, None, "Trạng thái", "Ngày hoàn thành"],
        [1, "TTHC", "Niêm yết TTHC", None, "20/06/2023", "Hoàn thành", "15/06/2023"],
    ]
    report = load(sheets)
    assert report.problems == []
    assert [(t.row, t.status, t.done_on) for t in report.tasks] == [(3, "done", date(2023, 6, 15))]


def test_report_outside_the_units_active_quarters_is_refused():
    active = {"TH01": ("2023-Q3", None)}
    report = load_report(workbook_bytes(valid_sheets()), "a.xlsx", registry=REGISTRY, active=active)
    assert where(report) == [("ThongTin", 5, "unit-not-active")]
    assert report.problems[0].message == (
        "Đơn vị TH01 không báo cáo kỳ Quý II/2023 cho cơ quan này (chỉ báo cáo từ Quý III/2023)."
    )
    assert load_report(
        workbook_bytes(valid_sheets()), "a.xlsx", registry=REGISTRY, active={"TH01": (None, "2023-Q2")}
    ).accepted


def test_zip_member_larger_than_declared_is_corrupt():
    """A bomb that lies about its unpacked size in the zip directory is stopped by the reader."""
    import struct

    good = workbook_bytes(valid_sheets())
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    member = "xl/worksheets/sheet2.xml"
    entries[member] = entries[member].replace(b"<sheetData>", b"<sheetData>" + b" " * 5_000_000, 1)
    raw = bytearray(_zip(entries))
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo(member)
    raw[info.header_offset + 22 : info.header_offset + 26] = struct.pack("<I", 5000)  # local header
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack("<H", raw[central + 28 : central + 30])[0]
        if raw[central + 46 : central + 46 + name_length] == member.encode():
            raw[central + 24 : central + 28] = struct.pack("<I", 5000)
        central = raw.find(b"PK\x01\x02", central + 4)
    assert refused(bytes(raw)) == "corrupt"


def test_stray_cell_far_from_the_table_is_refused_before_reading():
    """Readers lay a sheet out as a full grid: a cell at ZZ200000 would take gigabytes."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(valid_sheets())))
    book["NhiemVu"]["ZZ200000"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    assert refused(buffer.getvalue()) == "sheet-too-large"
