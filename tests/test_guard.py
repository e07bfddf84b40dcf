"""Crafted workbooks (tests/data/hostile, made by make_hostile.py) are refused before any parser reads a grid.

The guard reads every part with a real XML parser: attribute order, namespace
prefixes, the case of part names and a comment before a DTD change nothing. Honest
files written in those same ways are still read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import UploadLimits
from loaders import read
from loaders.guard import Refused, screen
from loaders.read import load_report
from tests.workbook_factory import REGISTRY, rename_part, valid_sheets, workbook_bytes, workbook_parts, zipped

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
TASKS = "xl/worksheets/sheet2.xml"

REFUSED_AS = {
    "attributes-reordered.xlsx": ("sheet-too-large", "dòng 1.048.576"),
    "stray-cell-far-down.xlsx": ("sheet-too-large", "dòng 200.000"),
    "upper-case-part-name.xlsx": ("sheet-too-large", "dòng 1.048.576"),
    "sheet-elsewhere.xlsx": ("sheet-too-large", "dòng 1.048.576"),
    "declared-dimension.xlsx": ("sheet-too-large", "cột thứ 16.384"),
    "cells-without-references.xlsx": ("sheet-too-large", "dòng 70.000, cột thứ 29"),
    "prefixed-namespace.xlsx": ("sheet-too-large", "dòng 1.048.576"),
    "dtd-after-comment.xlsx": ("xml-entities", "DTD/ENTITY"),
    "dtd-in-sheet-with-formula.xlsx": ("xml-entities", "DTD/ENTITY"),
}


def test_every_hostile_file_has_its_verdict():
    assert sorted(p.name for p in HOSTILE.glob("*.xlsx")) == sorted(REFUSED_AS)


@pytest.mark.parametrize("name", sorted(REFUSED_AS))
def test_hostile_file_is_refused_by_the_guard(name):
    code, words = REFUSED_AS[name]
    with pytest.raises(Refused) as refused:
        screen((HOSTILE / name).read_bytes(), name, UploadLimits())
    assert refused.value.problem.code == code
    assert words in refused.value.problem.message


@pytest.mark.parametrize("name", sorted(REFUSED_AS))
def test_hostile_file_gets_a_verdict_from_the_loader(name):
    report = load_report((HOSTILE / name).read_bytes(), name, registry=REGISTRY)
    assert [p.code for p in report.problems] == [REFUSED_AS[name][0]]
    assert report.tasks == []


def test_formula_check_refuses_a_dtd_the_guard_missed(monkeypatch):
    """Past the guard, explaining a blank formula cell met the DTD: EntitiesForbidden stopped the batch."""
    monkeypatch.setattr(read, "screen", lambda *_args: "zip")
    name = "dtd-in-sheet-with-formula.xlsx"
    report = load_report((HOSTILE / name).read_bytes(), name, registry=REGISTRY)
    assert [p.code for p in report.problems] == ["xml-entities"]


# ---------------------------------------------------------------- honest files in the same forms


def _same_values(content: bytes) -> None:
    plain = load_report(workbook_bytes(valid_sheets()), "a.xlsx", registry=REGISTRY)
    report = load_report(content, "a.xlsx", registry=REGISTRY)
    assert report.problems == []
    assert (report.tasks, report.indicators, report.satisfaction) == (plain.tasks, plain.indicators, plain.satisfaction)


def test_honest_sheet_with_attributes_in_another_order_and_quotes_is_read():
    parts = workbook_parts()
    sheet = parts[TASKS].decode()
    for number in range(1, 7):
        sheet = sheet.replace(f'<row r="{number}">', f"<row spans='1:7' r='{number}' >")
    parts[TASKS] = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- Excel -->\n' + sheet).encode()
    _same_values(zipped(parts))


def test_honest_upper_case_part_names_are_read():
    parts = workbook_parts()
    rename_part(parts, TASKS, "xl/worksheets/sheet2.XML")
    _same_values(zipped(parts))


def test_a_wide_grid_within_the_limit_is_read():
    """A stray cell not too far (row 60, column AZ) costs little: the report is read, the cell ignored."""
    parts = workbook_parts()
    parts[TASKS] = parts[TASKS].replace(b"</sheetData>", b'<row r="60"><c r="AZ60"><v>1</v></c></row></sheetData>')
    report = load_report(zipped(parts), "a.xlsx", registry=REGISTRY)
    assert "sheet-too-large" not in {p.code for p in report.problems}
    assert len(report.tasks) == 3


def test_sheet_limit_counts_rows_times_columns():
    parts = workbook_parts()
    parts[TASKS] = parts[TASKS].replace(b"</sheetData>", b'<row r="1000"><c r="CV1000"><v>1</v></c></row></sheetData>')
    content = zipped(parts)
    screen(content, "a.xlsx", UploadLimits(max_sheet_cells=100_000))  # 1,000 × 100 columns: at the limit
    with pytest.raises(Refused, match=r"dòng 1\.000, cột thứ 100"):
        screen(content, "a.xlsx", UploadLimits(max_sheet_cells=99_999))


def test_a_broken_sheet_part_is_corrupt():
    parts = workbook_parts()
    parts[TASKS] = parts[TASKS][:-40]
    with pytest.raises(Refused) as refused:
        screen(zipped(parts), "a.xlsx", UploadLimits())
    assert refused.value.problem.code == "corrupt"
    assert "xl/worksheets/sheet2.xml" in refused.value.problem.message


def test_a_picture_is_not_taken_for_xml():
    parts = workbook_parts()
    parts["xl/media/image1.png"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    screen(zipped(parts), "a.xlsx", UploadLimits())
