"""Small report workbooks built in code: the rows are literal, the Excel rows are predictable."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl

LEVELS = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]

INFO_ROWS = [
    ["BÁO CÁO CẢI CÁCH HÀNH CHÍNH QUÝ"],
    [],
    ["Mã đơn vị", "TH01"],
    ["Tên đơn vị", "Trường Tiểu học Lê Lợi"],
    ["Kỳ báo cáo", "Quý II/2023"],
    ["Người lập", "Nguyễn Thị Lan"],
    ["Ngày lập", date(2023, 6, 18)],
]
TASK_HEADER = ["STT", "Lĩnh vực", "Nội dung nhiệm vụ", "Kế hoạch", "Thời hạn", "Trạng thái", "Ngày hoàn thành"]
TASK_ROWS = [
    [1, "TTHC", "Niêm yết công khai TTHC", "139/KH-THLQĐ", date(2023, 6, 20), "Hoàn thành", date(2023, 6, 15)],
    [2, "CDS", "Dùng thư điện tử công vụ", "139/KH-THLQĐ", date(2023, 5, 31), "Đang thực hiện", None],
    [3, "CDDH", "Ban hành kế hoạch CCHC", "139/KH-THLQĐ", date(2023, 4, 30), "Hoàn thành", date(2023, 5, 5)],
]
INDICATOR_HEADER = ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kết quả", "Tổng số"]
INDICATOR_ROWS = [
    [1, "TTHC_DUNG_HAN", "Hồ sơ TTHC đúng hạn", 45, 50],
    [2, "TIN_BAI_CCHC", "Tin bài CCHC", 4, None],
]
SATISFACTION_HEADER = ["STT", "Yếu tố", "Số phiếu", *LEVELS]
SATISFACTION_ROWS = [
    [1, "TIEP_CAN", 100, 1, 2, 7, 50, 40],
    [2, "Thủ tục hành chính", 80, 0, 4, 6, 40, 30],
]
SELF_HEADER = ["STT", "Lĩnh vực", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Giải trình"]
SELF_ROWS = [  # explained: points without evidence or an explanation are a warning (pipeline.evidence_rule)
    [1, "CDDH", 10, 9, 8.5, "Kế hoạch CCHC ban hành tháng 1"],
    [2, "TTHC", 14, 12, None, "Niêm yết đủ TTHC tại bảng tin"],
]


def table(header: list[object], rows: list[list[object]], title: str = "BẢNG") -> list[list[object]]:
    """A title row, a blank row, then the header on Excel row 3: records start on row 4."""
    return [[title], [], header, *rows]


def valid_sheets() -> dict[str, list[list[object]]]:
    return {
        "ThongTin": [list(r) for r in INFO_ROWS],
        "NhiemVu": table(TASK_HEADER, [list(r) for r in TASK_ROWS]),
        "ChiTieu": table(INDICATOR_HEADER, [list(r) for r in INDICATOR_ROWS]),
        "HaiLong": table(SATISFACTION_HEADER, [list(r) for r in SATISFACTION_ROWS]),
        "TuDanhGia": table(SELF_HEADER, [list(r) for r in SELF_ROWS]),
    }


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row, start=1):
                if value is not None and value != "":
                    cell = ws.cell(row=r, column=col, value=value)
                    if isinstance(value, date):
                        cell.number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def workbook_parts(sheets: dict[str, list[list[object]]] | None = None) -> dict[str, bytes]:
    """The parts of a workbook's zip by name (a valid report by default), to craft a file from."""
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(sheets or valid_sheets()))) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    """`parts` packed back into a workbook's bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rename_part(parts: dict[str, bytes], old: str, new: str) -> None:
    """Move a part, and the workbook's relationships and content types with it."""
    parts[new] = parts.pop(old)
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = parts[name].replace(f"/{old}".encode(), f"/{new}".encode())


REGISTRY = {"TH01": "Trường Tiểu học Lê Lợi", "MN01": "Trường Mầm non Hoa Sen"}
