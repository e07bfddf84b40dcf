"""Demo data: a fictional ward office's schools and their quarterly CCHC report workbooks."""

from __future__ import annotations

import csv
import json
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
UNITS_CSV = DEMO_DIR / "units.csv"
OFFICE_JSON = DEMO_DIR / "office.json"
UNIT_FIELDS = ("ma_don_vi", "ten_don_vi", "cap_hoc", "phuong", "hieu_luc_tu", "hieu_luc_den")


def read_units(path: Path = UNITS_CSV) -> list[dict[str, str]]:
    """The demo unit registry, one dict per school with the units.csv columns."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def registry(units: list[dict[str, str]] | None = None) -> dict[str, str]:
    """Unit code → name, as `load_report(registry=...)` wants it."""
    return {u["ma_don_vi"]: u["ten_don_vi"] for u in (units if units is not None else read_units())}


def read_office(path: Path = OFFICE_JSON) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8"))
