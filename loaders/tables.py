"""Find a table inside a sheet as people lay it out, and tell records from decoration.

A sheet arrives as a grid of raw cells (row 0 is Excel row 1). Above the table
there may be an official header block; the header itself may span two rows
(merged group headers); under it a numbering row (1), (2)…; inside it section
rows (I, II…) and pre-numbered empty rows; below it a signature block. Only
records come out, each with its Excel row number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from core.deadlines import read_deadline
from core.text import REMEMBERED_LENGTH, clean_text, fold_key, strip_marks
from loaders.contract import Sheet, status_code
from loaders.values import BadValue, as_date, as_number, is_blank

HEADER_SCAN_ROWS = 40
DEADLINE_YEAR = 2000  # any year: only whether a cell reads as a deadline matters here
_SECTION_MARK = re.compile(r"^(?:[IVXLC]+|[A-Z])(?:[.):\s]|$)")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_SIGNATURE_KEYS = (
    "nguoilap", "thutruong", "hieutruong", "phohieutruong", "kyghiro", "kyvaghiro", "kytenvadongdau",
    "kyten", "noinhan", "xacnhan", "giamdoc", "truongphong", "chutich",
)  # fmt: skip
_DATE_LINE = re.compile(r"^[^,]{0,40},\s*ngay\W*\S*\W*thang\W*\S*\W*nam\W*\S*$")  # "Nhà Bè, ngày … năm …"


@dataclass
class HeaderCell:
    index: int  # 0-based column
    text: str  # as the user wrote it


@dataclass
class LocatedTable:
    header_row: int  # Excel row of the (last) header row
    columns: dict[str, HeaderCell]  # contract column key → where it is
    duplicates: list[HeaderCell] = field(default_factory=list)
    unknown: list[HeaderCell] = field(default_factory=list)
    records: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def _label_positions(row: list[object], sheet: Sheet) -> dict[str, int]:
    """Column key → index of the first cell in `row` that names it."""
    labels = sheet.header_keys
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        if isinstance(cell, str) and cell:
            key = labels.get(fold_key(cell))
            if key is not None and key not in found:
                found[key] = index
    return found


def locate(grid: list[list[object]], sheet: Sheet) -> LocatedTable | None:
    """The table's header and records, or None when no header row is found."""
    scanned: list[dict[str, int]] = []  # each scanned row's label positions
    best_score, best = 0, -1
    needed = sheet.needed_labels
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        scanned.append(_label_positions(row, sheet))
        score = len(scanned[i])
        if score > best_score:
            best_score, best = score, i
            if score >= needed:  # one row holds every required label: the usual template
                break
    if best_score < 2:
        return None
    columns = _header_cells(grid[best], scanned[best])
    first_header = last_header = best
    # A two-row header: group labels merged over sub-labels, or labels merged down.
    for neighbour in (best - 1, best + 1):
        if 0 <= neighbour < len(grid):
            row = grid[neighbour]
            labels = scanned[neighbour] if neighbour < len(scanned) else _label_positions(row, sheet)
            extra = _header_cells(row, {k: index for k, index in labels.items() if k not in columns})
            if extra and all(_free_at(grid[best], c.index, columns) for c in extra.values()):
                columns.update(extra)
                first_header, last_header = min(first_header, neighbour), max(last_header, neighbour)
    table = LocatedTable(header_row=last_header + 1, columns=columns)
    _note_extra_headers(grid, sheet, table, first_header, last_header)
    table.records = list(_records(grid, sheet, columns, last_header + 1))
    return table


def _header_cells(row: list[object], positions: dict[str, int]) -> dict[str, HeaderCell]:
    return {key: HeaderCell(index, clean_text(row[index])) for key, index in positions.items()}


def _free_at(row: list[object], index: int, columns: dict[str, HeaderCell]) -> bool:
    """Blank (merged down from the other row) or a group label over sub-labels, not a column of its own."""
    return index >= len(row) or is_blank(row[index]) or all(c.index != index for c in columns.values())


def _note_extra_headers(grid: list[list[object]], sheet: Sheet, table: LocatedTable, first: int, last: int) -> None:
    used = {c.index for c in table.columns.values()}
    keys = sheet.header_keys
    for r in range(first, last + 1):
        for index, cell in enumerate(grid[r]):
            if index in used or is_blank(cell):
                continue
            header = HeaderCell(index, clean_text(cell))
            (table.duplicates if fold_key(cell) in keys else table.unknown).append(header)
            used.add(index)


def _records(grid: list[list[object]], sheet: Sheet, columns: dict[str, HeaderCell], start: int):
    """Yield (Excel row, {column key: raw value}) for every row that is a record."""
    # Section titles and signatures may sit in text or catalog columns, never in these.
    value_keys = [key for key in sheet.figure_keys if key in columns]
    positions = [(key, c.index) for key, c in columns.items()]
    in_signature = False
    first = True
    for r in range(start, len(grid)):
        row = grid[r]
        width = len(row)
        if row.count("") == width:  # an empty row, the commonest decoration: seen at C speed
            continue
        values = {key: (row[index] if index < width else "") for key, index in positions}
        if all(map(is_blank, values.values())):
            continue
        if first and _is_numbering_row(row):
            first = False
            continue
        first = False
        if not _holds_figure(values, value_keys):  # maybe not a record
            if in_signature or _is_signature_row(row):
                in_signature = True  # names under the titles belong to the signature block too
                continue
            holds_values = any(not is_blank(values[k]) for k in value_keys)
            if not holds_values and (_is_prenumbered(values) or _is_section_row(values)):
                continue
        yield r + 1, values


def value_columns(sheet: Sheet) -> list[str]:
    """Required columns that hold figures; a row without any is decoration or an unfilled row."""
    return list(sheet.figure_keys)


def _holds_figure(values: dict[str, object], value_keys: list[str]) -> bool:
    for key in value_keys:  # noqa: SIM110 - a plain loop: any() would build a generator for every row
        if _looks_like_value(values[key]):
            return True
    return False


def _looks_like_value(cell: object) -> bool:
    if not isinstance(cell, str):
        return not is_blank(cell)
    if len(cell) > REMEMBERED_LENGTH:
        return _text_looks_like_value(cell)
    return _text_looks_like_value_remembered(cell)


def _text_looks_like_value(cell: str) -> bool:
    if is_blank(cell):
        return False
    if status_code(cell):
        return True
    for parse in (as_date, as_number):
        try:
            parse(cell)
            return True
        except BadValue:
            pass
    return read_deadline(cell, DEADLINE_YEAR) is not None  # a plan's "Quý II/2026", "Thường xuyên"


# Statuses and dates recur row after row, file after file.
_text_looks_like_value_remembered = lru_cache(maxsize=4096)(_text_looks_like_value)


def _is_numbering_row(row: list[object]) -> bool:
    cells = [str(int(v)) if isinstance(v, float) else v for v in row if not is_blank(v)]
    if len(cells) < 2:
        return False
    texts = []
    for cell in cells:
        text = clean_text(cell)
        if not _NUMBERING.match(text):
            return False  # usually the first record's second cell: the rest need no cleaning
        texts.append(text)
    numbers = [int(t.strip("()")) for t in texts]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _is_prenumbered(values: dict[str, object]) -> bool:
    stt = values.get("stt", "")
    if is_blank(stt) or _NUMBERING.match(_stt_text(stt)) is None:
        return False
    return all(is_blank(v) for k, v in values.items() if k != "stt")


def _is_section_row(values: dict[str, object]) -> bool:
    stt = _stt_text(values.get("stt", ""))
    return bool(stt) and (_SECTION_MARK.match(stt) is not None or not stt.replace(".", "").isdigit())


def _stt_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def _is_signature_row(row: list[object]) -> bool:
    return any(_is_signature_text(clean_text(cell)) for cell in row if isinstance(cell, str) and cell.strip())


def _is_signature_text(text: str) -> bool:
    """`HIỆU TRƯỞNG`, `Người lập biểu`, `(Ký, ghi rõ họ tên)`, `Nhà Bè, ngày 19 tháng 6 năm 2023`.

    A task such as "Hiệu trưởng ký ban hành quy chế" must not match: signature
    lines are short, in capitals, or in parentheses.
    """
    return len(text) <= 80 and _is_short_signature_text(text)


@lru_cache(maxsize=1024)  # signature blocks repeat from file to file
def _is_short_signature_text(text: str) -> bool:
    if _DATE_LINE.match(strip_marks(text)):
        return True
    key = fold_key(text)
    for marker in _SIGNATURE_KEYS:
        if marker in key and (text.isupper() or text.startswith("(") or len(key) <= len(marker) + 6):
            return True
    return False
