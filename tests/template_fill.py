"""The blank template filled the way a school would: valid, realistic rows on every sheet.

Tests use `filled_template_bytes()` to check that a template filled by the book
validates clean. Cells are found by the contract's labels, as a user finds them.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl.worksheet.worksheet import Worksheet

from core.catalogs import Catalogs, default_catalogs
from loaders.contract import (
    ANSWER_LABELS,
    INDICATORS,
    INFO,
    SATISFACTION,
    SELF_ASSESSMENT,
    STATUS_LABELS,
    TASKS,
    Sheet,
)
from loaders.template import DATE_FORMAT, FIRST_ROW, HEADER_ROW, build_template

DONE, DOING, TODO = STATUS_LABELS["done"], STATUS_LABELS["in_progress"], STATUS_LABELS["not_started"]
PLAN = "139/KH-THLQĐ"

# field, content, deadline, status, done on, evidence
TASK_ROWS: tuple[tuple[str, str, date, str, date | None, str | None], ...] = (
    (
        "CDDH",
        "Ban hành Kế hoạch CCHC năm 2023 của nhà trường",
        date(2023, 1, 31),
        DONE,
        date(2023, 1, 16),
        "Kế hoạch số 05/KH-MNHS",
    ),
    (
        "TTHC",
        "Niêm yết công khai thủ tục hành chính tại bảng tin nhà trường",
        date(2023, 4, 30),
        DONE,
        date(2023, 4, 24),
        "Ảnh chụp bảng niêm yết",
    ),
    (
        "CDS",
        "Triển khai thu các khoản thu không dùng tiền mặt",
        date(2023, 5, 31),
        DONE,
        date(2023, 6, 8),
        "Báo cáo số 12/BC-MNHS",
    ),
    ("CONGVU", "Tập huấn quy tắc ứng xử cho giáo viên, nhân viên", date(2023, 6, 15), DOING, None, None),
    ("THECHE", "Rà soát, sửa đổi Quy chế chi tiêu nội bộ", date(2023, 9, 30), DOING, None, None),
    ("TACDONG", "Khảo sát sự hài lòng của cha mẹ trẻ học kỳ I", date(2023, 12, 15), TODO, None, None),
)
# code -> (Kết quả, Tổng số); an indicator not listed gets a generic value
INDICATOR_VALUES: dict[str, tuple[float, float | None]] = {
    "TTHC_DUNG_HAN": (12, 12),
    "TTHC_TRUC_TUYEN": (9, 12),
    "PAKN_DUNG_HAN": (3, 3),
    "EMAIL_CONG_VU": (41, 42),
    "KHONG_TIEN_MAT": (186, 195),
    "GIAI_NGAN": (452.5, 510),
    "BAO_CAO_DUNG_HAN": (14, 15),
    "TIN_BAI_CCHC": (4, None),
    "TAP_HUAN_CCHC": (38, None),
}
# one row of answer counts per dimension, in ANSWER_LABELS order; cycled
ANSWER_ROWS = ((0, 1, 6, 41, 37), (0, 2, 9, 44, 30), (0, 0, 4, 38, 43), (1, 1, 7, 40, 36), (0, 3, 11, 39, 32))


def _columns(ws: Worksheet, sheet: Sheet) -> dict[str, int]:
    """Column index of each contract column key, found by its header label."""
    found = {cell.value: cell.column for cell in ws[HEADER_ROW]}
    return {c.key: found[c.label] for c in sheet.columns}


def _put(ws: Worksheet, row: int, columns: dict[str, int], values: dict[str, object]) -> None:
    for key, value in values.items():
        cell = ws.cell(row, columns[key], value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT


def _prefilled_rows(ws: Worksheet, column: int) -> dict[str, int]:
    """Row of each prefilled code in `column`."""
    rows: dict[str, int] = {}
    for row in range(FIRST_ROW, ws.max_row + 1):
        value = ws.cell(row, column).value
        if value:
            rows[str(value)] = row
    return rows


def _fill_info(ws: Worksheet) -> None:
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    values = {"prepared_by": "Nguyễn Thị Lan", "prepared_on": date(2023, 6, 26)}
    for key, value in values.items():
        cell = ws.cell(rows[INFO.column(key).label], 2, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT


def _fill_tasks(ws: Worksheet) -> None:
    columns = _columns(ws, TASKS)
    for offset, (field, content, deadline, status, done_on, evidence) in enumerate(TASK_ROWS):
        values = {"stt": offset + 1, "field": field, "content": content, "plan": PLAN}
        values |= {"deadline": deadline, "status": status, "done_on": done_on, "evidence": evidence}
        _put(ws, FIRST_ROW + offset, columns, values)


def _fill_indicators(ws: Worksheet, catalogs: Catalogs) -> None:
    columns = _columns(ws, INDICATORS)
    for code, row in _prefilled_rows(ws, columns["code"]).items():
        result, total = INDICATOR_VALUES.get(code, (8, 10))
        is_rate = catalogs.indicators[code].is_rate
        _put(ws, row, columns, {"result": result, "total": (total or result + 2) if is_rate else None})


def _fill_satisfaction(ws: Worksheet) -> None:
    columns = _columns(ws, SATISFACTION)
    keys = [c.key for c in SATISFACTION.columns if c.label in ANSWER_LABELS]
    for index, row in enumerate(_prefilled_rows(ws, columns["dimension"]).values()):
        counts = ANSWER_ROWS[index % len(ANSWER_ROWS)]
        _put(ws, row, columns, {"answers": sum(counts), **dict(zip(keys, counts, strict=True))})


def _fill_self_assessment(ws: Worksheet, catalogs: Catalogs) -> None:
    columns = _columns(ws, SELF_ASSESSMENT)
    for code, row in _prefilled_rows(ws, columns["field"]).items():
        maximum = catalogs.par_fields[code].max_points
        _put(ws, row, columns, {"self_points": round(maximum * 0.85 * 2) / 2})


def filled_template_bytes(
    unit_code: str = "MN01", unit_name: str = "Trường Mầm non Hoa Sen", period: str = "Quý II/2023"
) -> bytes:
    """The template for the unit and quarter, every sheet filled with valid rows, as .xlsx bytes."""
    catalogs = default_catalogs()
    wb = build_template(catalogs, unit_code=unit_code, unit_name=unit_name, period_label=period)
    _fill_info(wb[INFO.key])
    _fill_tasks(wb[TASKS.key])
    _fill_indicators(wb[INDICATORS.key], catalogs)
    _fill_satisfaction(wb[SATISFACTION.key])
    _fill_self_assessment(wb[SELF_ASSESSMENT.key], catalogs)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
