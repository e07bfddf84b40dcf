"""Small plan workbooks built in code: the rows are literal, the Excel rows are predictable."""

from __future__ import annotations

from datetime import date

from tests.workbook_factory import workbook_bytes

PLAN_INFO_ROWS = [
    ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
    [],
    ["Mã đơn vị", "TH01"],
    ["Tên đơn vị", "Trường Tiểu học Lê Lợi"],
    ["Năm", "Năm 2026"],
    ["Số kế hoạch", "139/KH-THLQĐ"],
    ["Ngày ban hành", date(2026, 1, 15)],
]
PLAN_HEADER = ["STT", "Mã nhiệm vụ", "Lĩnh vực", "Nội dung nhiệm vụ", "Người thực hiện", "Thời hạn", "Sản phẩm"]
PLAN_ROWS = [
    [1, "KH-01", "CDDH", "Ban hành kế hoạch CCHC năm 2026", "Hiệu trưởng", "trước ngày 31/01/2026", "Kế hoạch"],
    [2, None, "TTHC", "Niêm yết công khai TTHC", "Văn thư", "Thường xuyên", "Bảng niêm yết"],
    [3, None, "CDS", "Dùng thư điện tử công vụ", "Tổ văn phòng", "Quý II/2026", None],
    [4, "KH-04", "TACDONG", "Khảo sát sự hài lòng của cha mẹ học sinh", None, "Tháng 11/2026", "Báo cáo khảo sát"],
]
REGISTRY = {"TH01": "Trường Tiểu học Lê Lợi", "TH02": "Trường Tiểu học Trần Phú"}


def plan_sheets(rows: list[list[object]] | None = None, info: list[list[object]] | None = None):
    """The sheets of a valid plan (ThongTin, KeHoach), header on Excel row 3, tasks from row 4."""
    return {
        "ThongTin": [list(r) for r in (info or PLAN_INFO_ROWS)],
        "KeHoach": [["KẾ HOẠCH"], [], PLAN_HEADER, *[list(r) for r in (PLAN_ROWS if rows is None else rows)]],
    }


def plan_bytes(rows: list[list[object]] | None = None, info: list[list[object]] | None = None) -> bytes:
    return workbook_bytes(plan_sheets(rows, info))
