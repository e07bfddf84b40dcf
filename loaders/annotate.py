"""The school's own workbook sent back with every problem marked on its cell.

A rejected report goes back to the school as an .xlsx: a first sheet "Cần sửa"
lists every problem; each bad cell is filled (red for an error, yellow for a
warning) and carries a comment saying what is wrong. An .xlsx/.xlsm is opened
as it is, keeping its formatting; an .xls/.ods (which openpyxl cannot open) is
copied value by value into a new workbook at the same cells. A file the loader
refused (no sheet on any problem: corrupt, encrypted, too large…) is never
opened: the answer holds the list only.

Cells are found the way the validator found them: the sheet's header is located
again on calamine's grid of the same bytes, and the problem's column header text
is matched by fold_key.
"""

from __future__ import annotations

import io
import math
import warnings
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePosixPath

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from core.text import fold_key
from loaders import contract as c
from loaders.problems import Problem
from loaders.tables import LocatedTable, locate
from loaders.values import is_blank

LIST_SHEET = "Cần sửa"
LIST_HEADER = ("STT", "Trang", "Dòng", "Cột", "Lỗi/Cảnh báo", "Nội dung")
LIST_WIDTHS = (6, 18, 8, 24, 14, 90)
AUTHOR = "Phòng quản lý"
NAME_SUFFIX = "_can-sua"
ERROR_LABEL, WARNING_LABEL = "Lỗi", "Cảnh báo"
DATE_FORMAT = "dd/mm/yyyy"

# Distinctive tints: a workbook annotated before and sent back is cleaned of them first.
ERROR_COLOR, WARNING_COLOR = "FFFFB3B3", "FFFFE38C"  # the bad cell
ERROR_ROW_COLOR, WARNING_ROW_COLOR = "FFFDE3E3", "FFFFF6D1"  # a row whose cell is not known
_OUR_COLORS = frozenset(color[-6:] for color in (ERROR_COLOR, WARNING_COLOR, ERROR_ROW_COLOR, WARNING_ROW_COLOR))
HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
FONT_NAME, FONT_SIZE = "Times New Roman", 12  # as the template: every Vietnamese diacritic

MAX_GRID_CELLS = 2_000_000  # a sheet's (rows × columns) copied from an .xls/.ods; a real report is far below
MAX_ROW_SPAN = 40  # cells tinted for a row-level problem
MAX_TEXT = 32_767  # Excel's limit for one cell
COMMENT_WIDTH = 340  # pixels
_CHARS_PER_LINE = 44
_LIST_KEY = fold_key(LIST_SHEET)
_BY_KEY = {key: sheet for sheet in c.SHEETS for key in sheet.keys}
_INVALID_TITLE = str.maketrans({ch: "_" for ch in "\\/?*[]:"})


def annotated_copy(content: bytes, file_name: str, problems: list[Problem]) -> tuple[bytes, str]:
    """The workbook to send back (.xlsx bytes) and its suggested file name, `<stem>_can-sua.xlsx`.

    `content` and `problems` are what `load_report` screened and found; the bytes
    are only opened when the loader could read them (every problem names a sheet).
    """
    book: _Book | None = None
    if all(p.sheet is not None for p in problems):
        book = _open_own(content, file_name) or _copy_values(content)
    if book is None:
        book = _Book(_empty_workbook())
    links = _mark(book, problems)
    _write_list(book.workbook, problems, links, book.notes)
    buffer = io.BytesIO()
    book.workbook.save(buffer)
    return buffer.getvalue(), suggested_name(file_name)


def suggested_name(file_name: str) -> str:
    stem = PurePosixPath(file_name.replace("\\", "/")).stem.strip() or "bao-cao"
    return f"{stem}{NAME_SUFFIX}.xlsx"


# ---------------------------------------------------------------- opening


@dataclass
class _Sheet:
    ws: Worksheet
    grid: list[list[object]] | None  # calamine's cells (row 0 is Excel row 1); None until read
    contract: c.Sheet | None
    table: LocatedTable | None = None
    located: bool = False
    header_cells_taken: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class _Book:
    workbook: Workbook
    sheets: dict[str, _Sheet] = field(default_factory=dict)  # the user's sheet name → sheet
    calamine: CalamineWorkbook | None = None  # read lazily, for the own-file path
    notes: list[str] = field(default_factory=list)

    def sheet(self, name: str) -> _Sheet | None:
        """The problem's sheet: its exact name, else the one name that folds the same."""
        if name not in self.sheets:
            folded = [n for n in self.sheets if fold_key(n) == fold_key(name)]
            if len(folded) != 1:
                return None
            name = folded[0]
        found = self.sheets[name]
        if found.grid is None:
            found.grid = self._grid(name)
        return found

    def _grid(self, name: str) -> list[list[object]]:
        if self.calamine is None:
            return []
        try:
            return _read_sheet(self.calamine, name)[0]
        except Exception:  # calamine's own errors for a damaged sheet: its cells are simply not located
            return []


def _empty_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _open_own(content: bytes, file_name: str) -> _Book | None:
    """The school's .xlsx/.xlsm itself, formatting kept (written back as .xlsx, without macros)."""
    if PurePosixPath(file_name.replace("\\", "/")).suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported": dropped parts are not ours to report
            workbook = load_workbook(io.BytesIO(content), rich_text=True)
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception:  # openpyxl fails on some files calamine reads: copy their values instead
        return None
    _remove_old_marks(workbook)
    book = _Book(workbook, calamine=calamine)
    for ws in workbook.worksheets:
        book.sheets[ws.title] = _Sheet(ws, None, _BY_KEY.get(fold_key(ws.title)))
    return book


def _remove_old_marks(workbook: Workbook) -> None:
    """A copy annotated before and sent back again: its list, comments and tints are out of date."""
    for sheet in list(workbook.worksheets):
        if fold_key(sheet.title) == _LIST_KEY:
            workbook.remove(sheet)
    for ws in workbook.worksheets:
        for cell in ws._cells.values():  # only the cells that exist, not the whole used rectangle
            if cell.comment is not None and cell.comment.author == AUTHOR:
                cell.comment = None
            if _is_our_fill(cell.fill):
                cell.fill = PatternFill()


def _is_our_fill(fill: PatternFill) -> bool:
    color = getattr(fill.fgColor, "rgb", None)
    return fill.fill_type == "solid" and isinstance(color, str) and color[-6:].upper() in _OUR_COLORS


def _read_sheet(calamine: CalamineWorkbook, name: str) -> tuple[list[list[object]], bool]:
    """Every cell from A1 (row i is Excel row i+1), at most MAX_GRID_CELLS of them."""
    sheet = calamine.get_sheet_by_name(name)
    end = sheet.end
    if end is None:
        return [], False
    rows, width = end[0] + 1, end[1] + 1
    if rows * width <= MAX_GRID_CELLS:
        return sheet.to_python(skip_empty_area=False), False
    return sheet.to_python(skip_empty_area=False, nrows=max(1, MAX_GRID_CELLS // width)), True


def _copy_values(content: bytes) -> _Book | None:
    """An .xls/.ods (or an .xlsx openpyxl cannot open): its values at the same cells of a new workbook."""
    try:
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception:  # unreadable after all: the list alone goes back
        return None
    book = _Book(_empty_workbook())
    for name in calamine.sheet_names:
        if fold_key(name) == _LIST_KEY:
            continue
        try:
            rows, truncated = _read_sheet(calamine, name)
        except Exception:  # a damaged sheet the loader did not need: left out
            book.notes.append(f"Trang “{name}” không đọc được nên không được chép lại.")
            continue
        ws = book.workbook.create_sheet(_sheet_title(name, book.workbook.sheetnames))
        _write_values(ws, rows)
        _copy_merges(ws, calamine, name)
        if truncated:
            book.notes.append(f"Trang “{name}” quá lớn: chỉ chép lại {len(rows)} dòng đầu.")
        book.sheets[name] = _Sheet(ws, rows, _BY_KEY.get(fold_key(name)))
    return book


def _sheet_title(name: str, taken: list[str]) -> str:
    """A title Excel accepts (31 characters, none of \\ / ? * [ ] :), unique in the workbook."""
    base = name.translate(_INVALID_TITLE).strip("'")[:31] or "Trang"
    title, n = base, 1
    while title.casefold() in {t.casefold() for t in taken}:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    return title


def _write_values(ws: Worksheet, rows: list[list[object]]) -> None:
    widths: dict[int, int] = {}
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            shown = _put(ws, r, col, value)
            if shown:
                widths[col] = max(widths.get(col, 0), shown)
    for col, length in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(50, max(9, length + 2))


def _put(ws: Worksheet, row: int, col: int, value: object) -> int:
    """Write one copied value as data (text never becomes a formula); returns its width in characters."""
    if value is None or value == "":
        return 0
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
        if not text:
            return 0
        cell.value = text
        cell.data_type = "s"  # openpyxl takes "=…" for a formula: this is what the school typed
        return max(len(line) for line in text.splitlines() or [text])
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = DATE_FORMAT if value.time() == time() else f"{DATE_FORMAT} hh:mm"
        return 16
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
        return 10
    if isinstance(value, (time, timedelta)):
        return 8
    return len(str(value))


def _copy_merges(ws: Worksheet, calamine: CalamineWorkbook, name: str) -> None:
    try:
        ranges = calamine.get_sheet_by_name(name).merged_cell_ranges or []
    except Exception:  # merges are layout only: the values are already there
        return
    for (r0, c0), (r1, c1) in ranges:
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)


# ---------------------------------------------------------------- marking cells


@dataclass
class _Mark:
    cell_problems: list[Problem] = field(default_factory=list)  # this very cell is wrong
    row_problems: list[Problem] = field(default_factory=list)  # the row is wrong; the comment sits here


def _mark(book: _Book, problems: list[Problem]) -> dict[int, tuple[str, int, int]]:
    """Fill and comment every problem's cell; returns problem index → (sheet title, row, column) marked."""
    marks: dict[tuple[str, int, int], _Mark] = {}
    tints: dict[tuple[str, int], tuple[range, bool]] = {}  # rows to tint lightly → (columns, any error)
    links: dict[int, tuple[str, int, int]] = {}
    for i, problem in enumerate(problems):
        if problem.sheet is None or not problem.row:
            continue
        sheet = book.sheet(problem.sheet)
        if sheet is None:
            continue
        place = _cell_of(sheet, problem)
        title = sheet.ws.title
        if place is not None:
            row, col = _anchor(sheet.ws, *place)
            marks.setdefault((title, row, col), _Mark()).cell_problems.append(problem)
        else:
            row = problem.row
            span = _row_span(sheet, row)
            col = span.start
            _, had_error = tints.get((title, row), (span, False))
            tints[(title, row)] = (span, had_error or problem.is_error)
            row, col = _anchor(sheet.ws, row, col)
            marks.setdefault((title, row, col), _Mark()).row_problems.append(problem)
        links[i] = (title, row, col)
    workbook = book.workbook
    for (title, row), (span, has_error) in tints.items():
        fill = _fill(ERROR_ROW_COLOR if has_error else WARNING_ROW_COLOR)
        for col in span:
            cell = workbook[title].cell(row=row, column=col)
            if not isinstance(cell, MergedCell):
                cell.fill = fill
    for (title, row, col), mark in marks.items():
        cell = workbook[title].cell(row=row, column=col)
        if mark.cell_problems:
            cell.fill = _fill(ERROR_COLOR if any(p.is_error for p in mark.cell_problems) else WARNING_COLOR)
        _comment(cell, [*mark.cell_problems, *mark.row_problems])
    return links


def _cell_of(sheet: _Sheet, problem: Problem) -> tuple[int, int] | None:
    """(Excel row, 1-based column) of the problem's cell, or None when only its row is known."""
    if problem.column is None or sheet.contract is None or not sheet.grid:
        return None
    grid, row = sheet.grid, problem.row or 0
    if sheet.contract.layout == "fields":
        index = _field_value_index(grid, row, problem.column)
        return None if index is None else (row, index + 1)
    if not sheet.located:
        sheet.table, sheet.located = locate(grid, sheet.contract), True
    table = sheet.table
    if table is None:
        return None
    target = fold_key(problem.column)
    if row == table.header_row:  # a header problem: a duplicate or unknown column is the cell itself
        for cell in (*table.duplicates, *table.unknown, *table.columns.values()):
            if fold_key(cell.text) != target:
                continue
            for r in (row, row - 1):  # a two-row header: the label may sit in the upper row
                if (r, cell.index) not in sheet.header_cells_taken and fold_key(_at(grid, r, cell.index)) == target:
                    sheet.header_cells_taken.add((r, cell.index))
                    return r, cell.index + 1
        return None
    for cell in table.columns.values():
        if fold_key(cell.text) == target:
            return row, cell.index + 1
    key = sheet.contract.header_keys.get(target)
    if key is not None and key in table.columns:
        return row, table.columns[key].index + 1
    return None


def _field_value_index(grid: list[list[object]], row: int, label: str) -> int | None:
    """ThongTin: the value beside the label, where the validator read it (0-based column)."""
    if not 1 <= row <= len(grid):
        return None
    cells = [(i, v) for i, v in enumerate(grid[row - 1]) if not is_blank(v)]
    if not cells or fold_key(cells[0][1]) != fold_key(label):
        return None
    return cells[1][0] if len(cells) > 1 else cells[0][0] + 1


def _at(grid: list[list[object]], row: int, index: int) -> object:
    if 1 <= row <= len(grid) and index < len(grid[row - 1]):
        return grid[row - 1][index]
    return ""


def _row_span(sheet: _Sheet, row: int) -> range:
    """The columns a row-level problem tints: the row's filled cells, else the table's header."""
    cells: list[object] = []
    if sheet.grid and 1 <= row <= len(sheet.grid):
        cells = sheet.grid[row - 1]
    filled = [i for i, v in enumerate(cells) if not is_blank(v)]
    if not filled and sheet.table is not None:
        filled = [cell.index for cell in sheet.table.columns.values()]
    if not filled:
        return range(1, 2)
    first = min(filled) + 1
    return range(first, min(max(filled) + 1, first + MAX_ROW_SPAN - 1) + 1)


def _anchor(ws: Worksheet, row: int, col: int) -> tuple[int, int]:
    """A cell inside a merged range takes its comment on the range's top-left cell."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return merged.min_row, merged.min_col
    return row, col


def _fill(color: str) -> PatternFill:
    return PatternFill("solid", fgColor=color, bgColor=color)


def _label(problem: Problem) -> str:
    return ERROR_LABEL if problem.is_error else WARNING_LABEL


def _comment(cell: Cell, problems: list[Problem]) -> None:
    lines = [f"{_label(p)}: {p.message}" for p in problems]
    old = cell.comment
    if old is not None and old.author != AUTHOR and old.text.strip():
        lines.append(f"\n(Ghi chú có sẵn) {old.text.strip()}")
    text = "\n".join(lines)[:MAX_TEXT]
    wrapped = sum(max(1, math.ceil(len(line) / _CHARS_PER_LINE)) for line in text.split("\n"))
    cell.comment = Comment(text, AUTHOR, height=min(600, 24 + 18 * wrapped), width=COMMENT_WIDTH)


# ---------------------------------------------------------------- the list


def _write_list(
    workbook: Workbook, problems: list[Problem], links: dict[int, tuple[str, int, int]], notes: list[str]
) -> None:
    ws = workbook.create_sheet(LIST_SHEET, 0)
    bold, plain = Font(name=FONT_NAME, size=FONT_SIZE, bold=True), Font(name=FONT_NAME, size=FONT_SIZE)
    for col, (label, width) in enumerate(zip(LIST_HEADER, LIST_WIDTHS, strict=True), start=1):
        cell = ws.cell(row=1, column=col, value=label)
        cell.font, cell.fill = bold, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(vertical="top", wrap_text=True)

    styled: dict[bool | None, Cell] = {}  # one cell per look styled through openpyxl; the others copy it

    def put(row: int, col: int, value: object, *, error: bool | None = None) -> None:
        cell = ws.cell(row=row, column=col)
        _set_text_or_number(cell, value)
        model = styled.get(error)
        if model is not None:
            cell._style = copy(model._style)  # thousands of problems: assigning Font objects is slow
            return
        cell.font, cell.alignment = plain, wrap
        if error is not None:
            cell.fill = _fill(ERROR_COLOR if error else WARNING_COLOR)
        styled[error] = cell

    for n, problem in enumerate(problems, start=1):
        values = (n, problem.sheet, problem.row, problem.column, _label(problem), problem.message)
        for col, value in enumerate(values, start=1):
            put(n + 1, col, value, error=problem.is_error if col == 5 else None)
        if n - 1 in links:
            title, row, col = links[n - 1]
            where = ws.cell(row=n + 1, column=2)
            where.hyperlink = Hyperlink(
                ref=where.coordinate, location=f"{quote_sheetname(title)}!{get_column_letter(col)}{row}"
            )
            where.font = Font(name=FONT_NAME, size=FONT_SIZE, color="FF0563C1", underline="single")
    last = len(problems) + 1
    if not problems:
        put(2, 6, "Không có lỗi nào.")
        last = 2
    for i, note in enumerate(notes, start=last + 2):
        put(i, 6, note)
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # printed: the six columns on one page wide
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(LIST_HEADER))}{last}"
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = False  # else Excel opens with the sheets grouped
    ws.sheet_view.tabSelected = True
    workbook.active = 0
    if workbook.views:
        workbook.views[0].firstSheet = 0


def _set_text_or_number(cell: Cell, value: object) -> None:
    if value is None:
        return
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
        cell.data_type = "s"  # a sheet or column named "=…" is text
    else:
        cell.value = value
