"""The unit registry file: which schools an office manages (CSV or a spreadsheet).

Columns `ma_don_vi, ten_don_vi, cap_hoc, phuong` (Vietnamese headers such as
`Mã đơn vị` work too), optionally `hieu_luc_tu, hieu_luc_den`: the first and the
last quarter a school reports to this office, for schools that open, merge or
move between offices.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

from python_calamine import CalamineWorkbook

from core.catalogs import Catalogs, default_catalogs
from core.periods import parse_period
from core.text import clean_text, fold_key
from i18n.messages import term
from loaders.problems import Problem, problem
from loaders.values import as_text, is_blank

SHEET = "Đơn vị"
COLUMNS: dict[str, tuple[str, ...]] = {
    "unit_code": ("ma_don_vi", "Mã đơn vị", "Mã trường"),
    "unit_name": ("ten_don_vi", "Tên đơn vị", "Tên trường"),
    "level": ("cap_hoc", "Cấp học", "Bậc học"),
    "ward": ("phuong", "Phường", "Xã", "Phường/Xã", "Khu vực", "Nhóm"),
    "active_from": ("hieu_luc_tu", "Hiệu lực từ", "Từ quý"),
    "active_to": ("hieu_luc_den", "Hiệu lực đến", "Đến quý"),
}
REQUIRED = ("unit_code", "unit_name", "level")
_BY_KEY = {fold_key(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


def _grid(content: bytes, file_name: str) -> list[list[object]]:
    if PurePath(file_name).suffix.lower() == ".csv":
        text = content.decode("utf-8-sig")
        return [list(row) for row in csv.reader(io.StringIO(text))]
    with CalamineWorkbook.from_filelike(io.BytesIO(content)) as workbook:
        return workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python(skip_empty_area=False)


def read_units(
    content: bytes, file_name: str, catalogs: Catalogs | None = None
) -> tuple[list[dict[str, object]], list[Problem]]:
    """Units ready for storage, and every problem found; any error means none should be stored."""
    catalogs = catalogs or default_catalogs()
    try:
        grid = _grid(content, file_name)
    except Exception as error:  # a bad encoding, or any of calamine's own errors
        return [], [problem("corrupt", sheet=SHEET, detail=str(error)[:200])]
    header_index = next((i for i, row in enumerate(grid[:20]) if _header(row).get("unit_code") is not None), None)
    if header_index is None:
        labels = ", ".join(f"“{COLUMNS[k][0]}”" for k in REQUIRED)
        return [], [problem("missing-header", sheet=SHEET, labels=labels)]
    header = _header(grid[header_index])
    problems = [
        problem("missing-column", sheet=SHEET, row=header_index + 1, column=COLUMNS[k][0], label=COLUMNS[k][0],
                aliases=", ".join(f"“{a}”" for a in COLUMNS[k][1:]))
        for k in REQUIRED if k not in header
    ]  # fmt: skip
    if problems:
        return [], problems
    units, seen = [], {}
    for r in range(header_index + 1, len(grid)):
        row = grid[r]
        values = {k: (row[i] if i < len(row) else "") for k, i in header.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        unit = _unit(values, r + 1, catalogs, problems, seen)
        if unit:
            units.append(unit)
    return units, problems


def _header(row: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = _BY_KEY.get(fold_key(cell)) if isinstance(cell, str) else None
        if key and key not in found:
            found[key] = index
    return found


def _unit(values: dict, row: int, catalogs: Catalogs, problems: list[Problem], seen: dict[str, int]) -> dict | None:
    unit: dict[str, object] = {k: (None if is_blank(v) else as_text(v)) for k, v in values.items()}
    errors_before = len(problems)
    for key in REQUIRED:
        if unit.get(key) is None:
            problems.append(
                problem("missing-value", sheet=SHEET, row=row, column=COLUMNS[key][0], expected=term("kind.value"))
            )
    level_text = unit.get("level")
    if level_text is not None:
        unit["level"] = catalogs.levels.resolve(level_text)
        if unit["level"] is None:
            names = [level.name for level in catalogs.levels]
            problems.append(
                problem("unknown-level", sheet=SHEET, row=row, column=COLUMNS["level"][0], value=level_text,
                        expected=names)
            )  # fmt: skip
    for key in ("active_from", "active_to"):
        if unit.get(key) is not None:
            period = parse_period(unit[key])
            if period is None:
                problems.append(problem("bad-period", sheet=SHEET, row=row, column=COLUMNS[key][0], value=unit[key]))
            unit[key] = period.code if period else None
    code = clean_text(unit.get("unit_code") or "").upper()
    if code in seen:
        problems.append(
            problem("duplicate-row", sheet=SHEET, row=row, column=COLUMNS["unit_code"][0], value=code,
                    first=seen[code], what=term("what.unit"))
        )  # fmt: skip
    elif code:
        seen[code] = row
    unit["unit_code"] = code
    return unit if len(problems) == errors_before else None


UNIT_FIELDS = ("unit_name", "level", "ward", "active_from", "active_to")


def registry_changes(units: list[dict[str, object]], stored: list[dict[str, object]]) -> dict[str, list]:
    """What storing `units` over the `stored` registry would do, before anything is written:
    {"added": [unit…], "changed": [{"code", "before", "after"}…]} with only the fields that differ.

    The same rules and the same shape as the "registry" audit line of `storage.registry.upsert_units`
    (a test keeps them equal): an optional column missing from the file keeps the stored value,
    a blank one clears it; periods are compared as codes.
    """
    by_code = {str(unit["unit_code"]): unit for unit in stored}
    added: list[dict[str, object]] = []
    changed: list[dict[str, object]] = []
    for unit in units:
        old = by_code.get(str(unit["unit_code"]))
        if old is None:
            added.append(unit)
            continue
        new = {name: _field(unit, old, name) for name in UNIT_FIELDS}
        fields = [name for name in UNIT_FIELDS if old.get(name) != new[name]]
        if fields:
            changed.append(
                {
                    "code": unit["unit_code"],
                    "before": {f: old.get(f) for f in fields},
                    "after": {f: new[f] for f in fields},
                }
            )
    return {"added": added, "changed": changed}


def _field(unit: dict[str, object], old: dict[str, object], name: str) -> object:
    if name not in unit:
        return old.get(name)
    value = unit[name]
    if name in ("active_from", "active_to"):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        period = parse_period(value)
        return period.code if period else value  # storing it would refuse it: the preview shows it as given
    return value or None if name == "ward" else value
