"""The export's tables as CSV: UTF-8 with a BOM (Excel then reads the Vietnamese right), safe to open.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula by a spreadsheet: such text gets a single quote in front (OWASP, CSV injection).
Numbers are written as numbers, rates as fractions 0–1 like in the workbook.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from core.catalogs import Catalogs
from exports.tables import ExportTable, build_tables
from metrics.frames import Frames
from metrics.views import restrict

BOM = "\ufeff"
# The ASCII triggers and their full-width forms, which some spreadsheets also accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def defuse(text: str) -> str:
    """`text` that a spreadsheet would take for a formula, with a single quote in front."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return defuse(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.time() != datetime.min.time() else "%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return value


def export_csv(table: pd.DataFrame) -> bytes:
    """One table as CSV bytes: a header row, then one row per table row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(str(column)) for column in table.columns])
    columns = [table[column].astype(object).tolist() for column in table.columns]
    writer.writerows([csv_cell(value) for value in row] for row in zip(*columns, strict=True))
    return (BOM + out.getvalue()).encode("utf-8")


def csv_files(tables: Sequence[ExportTable], period: str) -> dict[str, bytes]:
    """File name → CSV bytes, numbered in sheet order: `2023-Q2_01_tong-hop.csv`."""
    return {f"{period}_{n:02d}_{table.key}.csv": export_csv(table.frame) for n, table in enumerate(tables, start=1)}


def export_csv_files(
    frames: Frames,
    catalogs: Catalogs,
    period: str,
    *,
    level: str | None = None,
    ward: str | None = None,
    compare: str | None = None,
    only: Collection[str] | None = None,
    plans: pd.DataFrame | None = None,
) -> dict[str, bytes]:
    """Every table of the workbook (or those keyed in `only`) as CSV: file name → bytes."""
    tables = build_tables(restrict(frames, level, ward), catalogs, period, compare, plans)
    return csv_files([table for table in tables if only is None or table.key in only], period)


def export_csv_zip(
    frames: Frames,
    catalogs: Catalogs,
    period: str,
    *,
    level: str | None = None,
    ward: str | None = None,
    compare: str | None = None,
    plans: pd.DataFrame | None = None,
) -> bytes:
    """Every table of the workbook as a CSV file, in one zip."""
    files = export_csv_files(frames, catalogs, period, level=level, ward=ward, compare=compare, plans=plans)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()
