"""The blank report workbook, generated from `loaders.contract` and the catalogs.

Nothing here names a sheet or a column: they all come from the contract, so the
template and the validator cannot drift apart. The catalog lists behind the
dropdowns live on the hidden `DanhMuc` sheet (a catalog name may hold a comma,
which an inline list formula cannot).
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import IO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.catalogs import Catalogs, default_catalogs
from loaders.contract import (
    COUNT,
    DATE,
    DIMENSION,
    GUIDE_SHEET,
    IF_DONE,
    IF_RATE,
    INDICATOR,
    INDICATORS,
    NUMBER,
    PAR_FIELD,
    REQUIRED_TEXT,
    SATISFACTION,
    SELF_ASSESSMENT,
    SHEETS,
    STATUS,
    STATUS_LABELS,
    TASKS,
    TEXT,
    YES,
    Column,
    Sheet,
)
from loaders.contract_docs import Section, Table, guide_sections
from loaders.plan_contract import PLAN_INFO, PLAN_TASKS

LISTS_SHEET = "DanhMuc"
TITLE_ROW, HEADER_ROW, FIRST_ROW, LAST_ROW = 1, 3, 4, 503
TITLE = "BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"
FONT_NAME = "Times New Roman"  # the official convention; has every Vietnamese diacritic
FONT_SIZE = 12
LINE_HEIGHT = 16  # points per wrapped line at FONT_SIZE
DATE_FORMAT = "dd/mm/yyyy"
MIN_DATE = date(2000, 1, 1)
NOTE_AUTHOR = "CCHC"
LIST_KINDS = (PAR_FIELD, STATUS, INDICATOR, DIMENSION)  # columns with a dropdown
GUIDE_WIDTHS = (24, 30, 20, 56, 34)
INFO_WIDTHS = (22, 60)

_SIDE = Side(style="thin", color="808080")
BORDER = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_COLOR = {YES: "C00000", IF_DONE: "C65911", IF_RATE: "C65911"}
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MIDDLE = Alignment(horizontal="left", vertical="center", wrap_text=True)

Values = dict[str, object]


def _font(size: int = FONT_SIZE, **style: object) -> Font:
    return Font(name=FONT_NAME, size=size, **style)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lines(text: object, width: float) -> int:
    """Wrapped lines a text takes in a column `width` characters wide (a generous guess)."""
    return max(1, math.ceil(len(str(text or "")) * 1.05 / max(width, 1)))


# ---------------------------------------------------------------- DanhMuc lists


@dataclass(frozen=True)
class _List:
    kind: str  # the column kind whose dropdown it feeds
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _lists(catalogs: Catalogs) -> list[_List]:
    return [
        _List(
            PAR_FIELD,
            ("Mã lĩnh vực", "Tên lĩnh vực", "Điểm tối đa"),
            tuple((f.code, f.name, _plain(f.max_points)) for f in catalogs.par_fields),
        ),
        _List(
            INDICATOR,
            ("Mã chỉ tiêu", "Tên chỉ tiêu", "Loại"),
            tuple((i.code, i.name, "tỷ lệ" if i.is_rate else "đếm") for i in catalogs.indicators),
        ),
        _List(DIMENSION, ("Mã yếu tố", "Tên yếu tố"), tuple((d.code, d.name) for d in catalogs.dimensions)),
        _List(STATUS, ("Trạng thái",), tuple((label,) for label in STATUS_LABELS.values())),
    ]


def _write_list(ws: Worksheet, block: _List, first_column: int) -> str:
    for offset, text in enumerate(block.header):
        cell = ws.cell(1, first_column + offset, text)
        cell.font, cell.fill, cell.border = _font(bold=True), HEADER_FILL, BORDER
        ws.column_dimensions[get_column_letter(first_column + offset)].width = 14 if offset != 1 else 40
    for row, values in enumerate(block.rows, start=2):
        for offset, value in enumerate(values):
            ws.cell(row, first_column + offset, value).font = _font()
    letter = get_column_letter(first_column)
    return f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(block.rows) + 1}"


def _write_lists(ws: Worksheet, catalogs: Catalogs) -> dict[str, str]:
    """Write the lists side by side; answer the range formula of each kind's codes."""
    refs: dict[str, str] = {}
    column = 1
    for block in _lists(catalogs):
        ref = _write_list(ws, block, column)
        if block.rows:
            refs[block.kind] = ref
        column += len(block.header) + 1
    ws.sheet_state = "hidden"
    return refs


# ---------------------------------------------------------------- data validation

_BOUNDS: dict[str, tuple[str, str, str]] = {  # kind -> (type, lower bound, error)
    DATE: ("date", str(int(to_excel(MIN_DATE))), "nhập ngày dạng dd/mm/yyyy, từ 01/01/2000 trở đi."),
    COUNT: ("whole", "0", "nhập số nguyên không âm (0, 1, 2, …)."),
    NUMBER: ("decimal", "0", "nhập số không âm, ví dụ 12 hoặc 12,5."),
}


def _list_error(column: Column) -> str:
    if column.kind == STATUS:
        return "chọn " + ", ".join(STATUS_LABELS.values()) + "."
    return f"chọn mã trong danh sách thả xuống (xem danh mục ở sheet {GUIDE_SHEET})."


def _explain(column: Column) -> str:
    return f"{_sentence(REQUIRED_TEXT[column.required])}. {column.help}"


def _validation(column: Column, refs: dict[str, str], prompt_only: bool) -> DataValidation | None:
    """The rule for the column's kind; with `prompt_only`, a kind without one still gets its prompt."""
    error = f"chọn hoặc nhập giá trị cho {column.label}."
    rule: dict[str, str] = {}
    if column.kind in refs:
        rule = {"type": "list", "formula1": refs[column.kind]}
        error = _list_error(column)
    elif column.kind in _BOUNDS:
        kind, lower, error = _BOUNDS[column.kind]
        rule = {"type": kind, "operator": "greaterThanOrEqual", "formula1": lower}
    elif not prompt_only:
        return None
    return DataValidation(
        **rule,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"{column.label}: {error}"[:255],
        promptTitle=column.label[:32],
        prompt=_explain(column)[:255],
    )


def _validate(ws: Worksheet, column: Column, refs: dict[str, str], cells: str, prompt_only: bool = False) -> None:
    validation = _validation(column, refs, prompt_only)
    if validation is not None:
        validation.add(cells)
        ws.add_data_validation(validation)


# ---------------------------------------------------------------- contract sheets


def _write_title(ws: Worksheet, sheet: Sheet, width: int, title: str = TITLE) -> None:
    cell = ws.cell(TITLE_ROW, 1, f"{title} – {sheet.title.upper()}")
    cell.font, cell.alignment = _font(14, bold=True), CENTER
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    ws.row_dimensions[TITLE_ROW].height = 24


def _page_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _style_column(ws: Worksheet, index: int, column: Column) -> None:
    """Column-wide style, so cells typed later get the font and the date format."""
    dimension = ws.column_dimensions[get_column_letter(index)]
    dimension.width = column.width
    dimension.font = _font()
    dimension.alignment = WRAP_TOP if column.kind == TEXT else Alignment(vertical="top")
    if column.kind == DATE:
        dimension.number_format = DATE_FORMAT


def _write_header(ws: Worksheet, index: int, column: Column) -> None:
    cell = ws.cell(HEADER_ROW, index, column.label)
    cell.font = _font(bold=True, color=REQUIRED_COLOR.get(column.required))
    cell.fill, cell.border, cell.alignment = HEADER_FILL, BORDER, CENTER
    cell.comment = Comment(_explain(column), NOTE_AUTHOR)


_PREFILL: dict[str, Callable[[Catalogs], list[Values]]] = {
    INDICATORS.key: lambda c: [{"code": i.code, "name": i.name} for i in c.indicators],
    SATISFACTION.key: lambda c: [{"dimension": d.code} for d in c.dimensions],
    SELF_ASSESSMENT.key: lambda c: [{"field": f.code, "max_points": _plain(f.max_points)} for f in c.par_fields],
}


def _catalog_name(kind: str, value: object, catalogs: Catalogs) -> str | None:
    """The name behind a prefilled code, shown as a note on the cell."""
    catalog = {PAR_FIELD: catalogs.par_fields, DIMENSION: catalogs.dimensions}.get(kind)
    entry = catalog.entries.get(str(value)) if catalog is not None else None
    return getattr(entry, "name", None)


def _write_rows(ws: Worksheet, sheet: Sheet, rows: list[Values], catalogs: Catalogs) -> None:
    for offset, values in enumerate(rows):
        numbered = {"stt": offset + 1, **values}
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(FIRST_ROW + offset, index, numbered.get(column.key))
            cell.font, cell.border = _font(), BORDER
            cell.alignment = WRAP_TOP if column.kind == TEXT else Alignment(vertical="top")
            name = _catalog_name(column.kind, cell.value, catalogs)
            if name:
                cell.comment = Comment(name, NOTE_AUTHOR)


def _write_table(
    ws: Worksheet,
    sheet: Sheet,
    catalogs: Catalogs,
    refs: dict[str, str],
    rows: list[Values] | None = None,
    title: str = TITLE,
) -> None:
    """The sheet's header, rules and notes; its rows are `rows`, else the contract's prefill (if any)."""
    last = get_column_letter(len(sheet.columns))
    _write_title(ws, sheet, len(sheet.columns), title)
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        _style_column(ws, index, column)
        _write_header(ws, index, column)
        _validate(ws, column, refs, f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
    lines = max(_lines(c.label, c.width) for c in sheet.columns)
    ws.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * lines + 6
    prefill = _PREFILL.get(sheet.key)
    if rows is None:
        rows = prefill(catalogs) if prefill else []
    _write_rows(ws, sheet, rows, catalogs)
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{LAST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _page_setup(ws)


def _write_fields(ws: Worksheet, sheet: Sheet, values: Values, refs: dict[str, str], title: str = TITLE) -> None:
    """Label in A, value in B, and nothing to their right: a reader takes the next filled cell as the value.

    What each field needs is in a note on the label and in the prompt of the value cell.
    """
    _write_title(ws, sheet, len(INFO_WIDTHS), title)
    for index, width in enumerate(INFO_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row, column in enumerate(sheet.columns, start=HEADER_ROW):
        label = ws.cell(row, 1, column.label)
        label.font = _font(bold=True, color=REQUIRED_COLOR.get(column.required))
        label.alignment = MIDDLE
        label.comment = Comment(_explain(column), NOTE_AUTHOR)
        value = ws.cell(row, 2, values.get(column.key) or None)
        value.font, value.border, value.alignment = _font(), BORDER, MIDDLE
        if column.kind == DATE:
            value.number_format = DATE_FORMAT
        ws.row_dimensions[row].height = 22
        _validate(ws, column, refs, f"B{row}", prompt_only=True)
    _page_setup(ws)


# ---------------------------------------------------------------- Hướng dẫn


def _template_part() -> Section:
    lists = dict.fromkeys(c.label for s in SHEETS for c in s.columns if c.kind in LIST_KINDS)
    prefilled = ", ".join(key for key in _PREFILL)
    optional = ", ".join(s.key for s in SHEETS if not s.required)
    return Section(
        "Dùng mẫu này",
        1,
        (
            "Điền các sheet " + ", ".join(s.key for s in SHEETS) + f" (sheet {optional} không bắt buộc).",
            "Tiêu đề màu đỏ là thông tin bắt buộc, màu cam là bắt buộc trong một số trường hợp;"
            " di chuột lên tiêu đề cột để xem hướng dẫn.",
            "Các cột " + ", ".join(lists) + " có danh sách thả xuống. Ngày nhập dạng dd/mm/yyyy.",
            f"Sheet {prefilled} đã có sẵn một dòng cho mỗi chỉ tiêu, yếu tố, lĩnh vực trong danh mục:"
            " hãy điền số vào các dòng đó. Dòng có sẵn mà bỏ trống số là lỗi; không báo cáo mục nào thì"
            f" xóa dòng đó. Không tự đánh giá thì để trống toàn bộ điểm ở sheet {optional} (hoặc xóa sheet).",
            f"Sheet {LISTS_SHEET} (ẩn) chứa các danh sách chọn; không sửa. Sheet {GUIDE_SHEET} và"
            f" {LISTS_SHEET} được bỏ qua khi nạp báo cáo.",
        ),
    )


def _write_paragraph(ws: Worksheet, row: int, text: str) -> int:
    cell = ws.cell(row, 1, text)
    cell.font, cell.alignment = _font(), WRAP_TOP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(GUIDE_WIDTHS))
    ws.row_dimensions[row].height = LINE_HEIGHT * _lines(text, sum(GUIDE_WIDTHS)) + 2
    return row + 1


def _width(index: int) -> int:
    return GUIDE_WIDTHS[index] if index < len(GUIDE_WIDTHS) else 20


def _write_table_row(ws: Worksheet, row: int, cells: tuple[str, ...], header: bool) -> int:
    for index, text in enumerate(cells):
        cell = ws.cell(row, index + 1, text)
        cell.font, cell.border, cell.alignment = _font(bold=header), BORDER, WRAP_TOP
        if header:
            cell.fill = HEADER_FILL
    lines = max(_lines(text, _width(i)) for i, text in enumerate(cells))
    ws.row_dimensions[row].height = LINE_HEIGHT * lines + 2
    return row + 1


def _write_guide_table(ws: Worksheet, row: int, table: Table) -> int:
    row = _write_table_row(ws, row, table.header, header=True)
    for cells in table.rows:
        row = _write_table_row(ws, row, cells, header=False)
    return row


def _write_section(ws: Worksheet, row: int, section: Section) -> int:
    heading = ws.cell(row, 1, section.heading.upper() if section.level == 1 else section.heading)
    heading.font = _font(13 if section.level == 1 else FONT_SIZE, bold=True, color="1F4E78")
    row += 1
    for paragraph in section.paragraphs:
        row = _write_paragraph(ws, row, paragraph)
    if section.table is not None:
        row = _write_guide_table(ws, row, section.table)
    return row + 1


def _write_guide(ws: Worksheet, catalogs: Catalogs) -> None:
    for index, width in enumerate(GUIDE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    title = ws.cell(TITLE_ROW, 1, f"HƯỚNG DẪN ĐIỀN MẪU {TITLE} QUÝ")
    title.font, title.alignment = _font(14, bold=True), CENTER
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(GUIDE_WIDTHS))
    ws.row_dimensions[TITLE_ROW].height = 24
    row = TITLE_ROW + 2
    for part in [_template_part(), *guide_sections(catalogs)]:
        for section in part.walk():
            row = _write_section(ws, row, section)
    _page_setup(ws)


# ---------------------------------------------------------------- public


def build_template(
    catalogs: Catalogs | None = None,
    *,
    unit_code: str = "",
    unit_name: str = "",
    period_label: str = "",
    tasks: list[Values] | None = None,
) -> Workbook:
    """The report workbook; the unit and quarter are prefilled when given, and `tasks` (rows by column key)
    fill the tasks sheet (a unit's plan tasks for the quarter)."""
    catalogs = catalogs or default_catalogs()
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    sheets = {sheet.key: wb.create_sheet(sheet.key) for sheet in SHEETS}
    refs = _write_lists(wb.create_sheet(LISTS_SHEET), catalogs)
    info: Values = {"unit_code": unit_code, "unit_name": unit_name, "period": period_label}
    for sheet in SHEETS:
        if sheet.layout == "fields":
            _write_fields(sheets[sheet.key], sheet, info, refs)
        else:
            _write_table(sheets[sheet.key], sheet, catalogs, refs, tasks if sheet.key == TASKS.key else None)
    _write_guide(guide, catalogs)
    wb.active = 0
    wb.properties.title = "Mẫu báo cáo CCHC quý"
    return wb


def write_template(
    path_or_buffer: str | os.PathLike[str] | IO[bytes],
    catalogs: Catalogs | None = None,
    *,
    unit_code: str = "",
    unit_name: str = "",
    period_label: str = "",
    tasks: list[Values] | None = None,
) -> None:
    workbook = build_template(
        catalogs, unit_code=unit_code, unit_name=unit_name, period_label=period_label, tasks=tasks
    )
    workbook.save(path_or_buffer)


def template_bytes(
    catalogs: Catalogs | None = None,
    *,
    unit_code: str = "",
    unit_name: str = "",
    period_label: str = "",
    tasks: list[Values] | None = None,
) -> bytes:
    """The template as .xlsx bytes (for a download button)."""
    buffer = io.BytesIO()
    write_template(buffer, catalogs, unit_code=unit_code, unit_name=unit_name, period_label=period_label, tasks=tasks)
    return buffer.getvalue()


PLAN_TITLE = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM"


def build_plan_template(
    catalogs: Catalogs | None = None,
    *,
    unit_code: str = "",
    unit_name: str = "",
    year: int | None = None,
    tasks: list[Values] | None = None,
    number: str | None = None,
    issued_on: date | None = None,
) -> Workbook:
    """The plan workbook (ThongTin, KeHoach and the lists), blank or holding `tasks` (rows by column key)."""
    catalogs = catalogs or default_catalogs()
    wb = Workbook()
    info_sheet = wb.active
    info_sheet.title = PLAN_INFO.key
    tasks_sheet = wb.create_sheet(PLAN_TASKS.key)
    refs = _write_lists(wb.create_sheet(LISTS_SHEET), catalogs)
    info: Values = {"unit_code": unit_code, "unit_name": unit_name, "year": year, "number": number,
                    "issued_on": issued_on}  # fmt: skip
    _write_fields(info_sheet, PLAN_INFO, info, refs, PLAN_TITLE)
    _write_table(tasks_sheet, PLAN_TASKS, catalogs, refs, tasks or [], PLAN_TITLE)
    wb.properties.title = "Mẫu kế hoạch CCHC năm"
    return wb


def plan_template_bytes(catalogs: Catalogs | None = None, **prefill: object) -> bytes:
    """The plan workbook as .xlsx bytes (a download, or `cli.py template --plan`)."""
    buffer = io.BytesIO()
    build_plan_template(catalogs, **prefill).save(buffer)  # type: ignore[arg-type]
    return buffer.getvalue()
