"""Writes the crafted workbooks in tests/data/hostile (run by hand when one is added).

    .venv/bin/python tests/data/make_hostile.py

Each file is a valid report with one crafted change, small enough to send as an
upload; tests/test_guard.py states the verdict each must get, and
benchmarks/hostile.py times them end to end. None of them may reach a parser that
lays the sheet out as a grid: python-calamine asks for rows × columns × 32 bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.workbook_factory import rename_part, workbook_parts, zipped

HERE = Path(__file__).resolve().parent / "hostile"
TASKS = "xl/worksheets/sheet2.xml"  # the NhiemVu sheet of the factory's workbook
MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'  # the grid's last cell


def with_rows(rows: bytes, *, dimension: bytes | None = None) -> dict[str, bytes]:
    """The report with `rows` added at the end of the task sheet's data."""
    parts = workbook_parts()
    sheet = parts[TASKS].replace(b"</sheetData>", rows + b"</sheetData>", 1)
    if dimension is not None:
        start = sheet.index(b"<dimension ")
        sheet = sheet[:start] + dimension + sheet[sheet.index(b"/>", start) + 2 :]
    parts[TASKS] = sheet
    return parts


def attributes_reordered() -> bytes:
    """`r` after other attributes, at the grid's last cell: calamine asked for 549,755,813,888 bytes and aborted."""
    return zipped(with_rows(b'<row spans="1:2" r="1048576"><c t="n" r="XFD1048576"><v>1</v></c></row>'))


def stray_cell_far_down() -> bytes:
    """A stray cell at AZ200000, written the same way: 1.4 s and 458 MB per file when accepted."""
    return zipped(with_rows(b'<row spans="1:2" r="200000"><c t="n" r="AZ200000"><v>1</v></c></row>'))


def upper_case_part_name() -> bytes:
    """The far cell in a sheet part named `sheet2.XML` (the relationships name it so)."""
    parts = with_rows(FAR_CELL)
    rename_part(parts, TASKS, "xl/worksheets/sheet2.XML")
    return zipped(parts)


def sheet_elsewhere() -> bytes:
    """The far cell in a sheet part outside xl/worksheets/, found through the workbook's relationships."""
    parts = with_rows(FAR_CELL)
    rename_part(parts, TASKS, "xl/data/grid.bin")
    return zipped(parts)


def declared_dimension() -> bytes:
    """Honest cells under a `<dimension>` claiming the whole grid."""
    return zipped(with_rows(b"", dimension=b'<dimension ref="A1:XFD1048576"/>'))


def cells_without_references() -> bytes:
    """Cells without `r` take the next column: 60 of them on row 70,000 span 4.2 million cells."""
    cells = b"".join(b'<c t="n"><v>1</v></c>' for _ in range(60))
    return zipped(with_rows(b'<row r="70000">' + cells + b"</row>"))


def prefixed_namespace() -> bytes:
    """The task sheet written with a namespace prefix (`x:row`, `x:c`), reaching XFD1048576."""
    parts = workbook_parts()
    sheet = parts[TASKS].replace(MAIN_NS, MAIN_NS.replace(b"xmlns=", b"xmlns:x="), 1)
    sheet = sheet.replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b"<x:?", b"<?")
    far = b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
    sheet = sheet.replace(b"</x:sheetData>", far + b"</x:sheetData>")
    parts[TASKS] = sheet
    return zipped(parts)


def dtd_after_comment() -> bytes:
    """An entity bomb whose DOCTYPE follows a 2 KB comment, past where a byte search looked."""
    parts = workbook_parts()
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "ha"}">' for i in range(10))
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0"?><!-- <a {"x" * 2048} --><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e9;</t></si></sst>'
    ).encode()
    return zipped(parts)


def dtd_in_sheet_with_formula() -> bytes:
    """A DTD after a comment in the task sheet, whose required status cell is a formula without a value.

    Past the guard, the loader reads that sheet's XML to explain the blank cell, and
    defusedxml raised EntitiesForbidden: the batch stopped with a traceback.
    """
    parts = workbook_parts()
    sheet = parts[TASKS]
    prolog = f'<?xml version="1.0"?><!-- <a {"x" * 2048} --><!DOCTYPE worksheet [<!ENTITY e "x">]>'.encode()
    cell = sheet.index(b'<c r="F4"')
    end = sheet.index(b"</c>", cell) + 4
    sheet = sheet[:cell] + '<c r="F4"><f>IF(1,"Hoàn thành")</f></c>'.encode() + sheet[end:]
    parts[TASKS] = prolog + sheet
    return zipped(parts)


FILES = {
    "attributes-reordered.xlsx": attributes_reordered,
    "stray-cell-far-down.xlsx": stray_cell_far_down,
    "upper-case-part-name.xlsx": upper_case_part_name,
    "sheet-elsewhere.xlsx": sheet_elsewhere,
    "declared-dimension.xlsx": declared_dimension,
    "cells-without-references.xlsx": cells_without_references,
    "prefixed-namespace.xlsx": prefixed_namespace,
    "dtd-after-comment.xlsx": dtd_after_comment,
    "dtd-in-sheet-with-formula.xlsx": dtd_in_sheet_with_formula,
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, build in FILES.items():
        (HERE / name).write_bytes(build())
        print(f"{name:34} {(HERE / name).stat().st_size:>7,} bytes")


if __name__ == "__main__":
    main()
