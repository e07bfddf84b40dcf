"""The plan workbook: read as the contract says, every bad cell named, nothing accepted half-read."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from loaders.plan import as_year, load_plan
from loaders.template import build_plan_template
from loaders.values import BadValue
from tests.plan_factory import PLAN_INFO_ROWS, PLAN_ROWS, REGISTRY, plan_bytes, plan_sheets
from tests.workbook_factory import workbook_bytes


def codes(plan) -> list[tuple[str, str | None, int | None, str | None]]:
    return [(p.code, p.sheet, p.row, p.column) for p in plan.problems]


def test_a_valid_plan_is_read_with_every_task_and_its_deadline():
    plan = load_plan(plan_bytes(), "ke-hoach.xlsx", registry=REGISTRY)
    assert plan.accepted, codes(plan)
    assert (plan.unit_code, plan.year, plan.number, plan.issued_on) == ("TH01", 2026, "139/KH-THLQĐ", date(2026, 1, 15))
    assert [(t.row, t.code, t.field, t.due, t.recurring) for t in plan.tasks] == [
        (4, "KH-01", "CDDH", date(2026, 1, 31), False),
        (5, None, "TTHC", None, True),
        (6, None, "CDS", date(2026, 6, 30), False),
        (7, "KH-04", "TACDONG", date(2026, 11, 30), False),
    ]
    assert plan.tasks[0].who == "Hiệu trưởng" and plan.tasks[0].product == "Kế hoạch"
    assert plan.tasks[1].deadline == "Thường xuyên"


def test_a_deadline_that_is_not_one_is_an_error_quoting_it():
    rows = [list(r) for r in PLAN_ROWS]
    rows[2][5] = "sớm nhất có thể"
    plan = load_plan(plan_bytes(rows), "kh.xlsx", registry=REGISTRY)
    assert not plan.accepted
    (bad,) = [p for p in plan.problems if p.code == "bad-deadline"]
    assert (bad.sheet, bad.row, bad.column) == ("KeHoach", 6, "Thời hạn")
    assert "“sớm nhất có thể”" in bad.message and "“sớm nhất có thể”" in bad.text("en")


def test_a_deadline_outside_the_plans_year_is_a_warning():
    rows = [list(r) for r in PLAN_ROWS]
    rows[0][5] = "20/06/2027"
    plan = load_plan(plan_bytes(rows), "kh.xlsx", registry=REGISTRY)
    assert plan.accepted
    assert [(p.code, p.severity, p.row) for p in plan.problems] == [("deadline-outside-year", "warning", 4)]


def test_a_duplicate_task_code_is_an_error_on_the_second_row():
    rows = [list(r) for r in PLAN_ROWS]
    rows[3][1] = "kh-01"  # the same code, another case
    plan = load_plan(plan_bytes(rows), "kh.xlsx", registry=REGISTRY)
    assert [(p.code, p.row, p.column) for p in plan.problems] == [("duplicate-row", 7, "Mã nhiệm vụ")]
    assert "dòng 4" in plan.problems[0].message


@pytest.mark.parametrize(("year", "code"), [("2026x", "bad-year"), ("1999", "bad-year"), ("", "missing-value")])
def test_a_year_that_is_not_a_year_is_refused(year, code):
    info = [list(r) for r in PLAN_INFO_ROWS]
    info[4][1] = year
    plan = load_plan(plan_bytes(info=info), "kh.xlsx", registry=REGISTRY)
    assert not plan.accepted
    assert (code, "ThongTin", 5, "Năm") in codes(plan)


def test_a_plan_for_a_unit_not_in_the_registry_is_refused():
    info = [list(r) for r in PLAN_INFO_ROWS]
    info[2][1] = "TH99"
    plan = load_plan(plan_bytes(info=info), "kh.xlsx", registry=REGISTRY)
    assert ("unknown-unit", "ThongTin", 3, "Mã đơn vị") in codes(plan)
    assert plan.unit_code is None


def test_a_missing_plan_sheet_and_a_missing_deadline_column_are_named():
    workbook = openpyxl.Workbook()
    workbook.active.title = "ThongTin"
    for row in PLAN_INFO_ROWS:
        workbook["ThongTin"].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = load_plan(buffer.getvalue(), "kh.xlsx", registry=REGISTRY)
    assert [p.code for p in plan.problems] == ["missing-sheet"]
    sheets = plan_sheets()
    sheets["KeHoach"] = [[cell for i, cell in enumerate(row) if i != 5] for row in sheets["KeHoach"]]  # no Thời hạn
    without_deadlines = load_plan(workbook_bytes(sheets), "kh.xlsx", registry=REGISTRY)
    assert [(p.code, p.row, p.column) for p in without_deadlines.problems] == [("missing-column", 3, "Thời hạn")]
    assert without_deadlines.tasks == []


def test_a_report_workbook_is_not_taken_for_a_plan():
    from tests.workbook_factory import valid_sheets

    plan = load_plan(workbook_bytes(valid_sheets()), "bao-cao.xlsx", registry=REGISTRY)
    assert not plan.accepted
    assert ("missing-sheet", "KeHoach") in [(p.code, p.sheet) for p in plan.problems]


def test_the_plan_template_round_trips_through_the_loader():
    rows = [
        {"code": "A1", "field": "CDDH", "content": "Ban hành kế hoạch", "deadline": "Quý I/2026", "who": "Hiệu trưởng"},
        {"field": "CDS", "content": "Số hóa hồ sơ", "deadline": "Hằng quý", "product": "Hồ sơ số"},
    ]
    buffer = io.BytesIO()
    build_plan_template(unit_code="TH01", unit_name="Trường Tiểu học Lê Lợi", year=2026, tasks=rows).save(buffer)
    plan = load_plan(buffer.getvalue(), "mau-ke-hoach.xlsx", registry=REGISTRY)
    assert plan.accepted, codes(plan)
    assert [(t.code, t.field, t.content, t.due, t.recurring) for t in plan.tasks] == [
        ("A1", "CDDH", "Ban hành kế hoạch", date(2026, 3, 31), False),
        (None, "CDS", "Số hóa hồ sơ", None, True),
    ]
    blank = io.BytesIO()
    build_plan_template().save(blank)
    empty = load_plan(blank.getvalue(), "mau.xlsx", registry=REGISTRY)
    assert {p.code for p in empty.problems} >= {"missing-value"} and empty.tasks == []


@pytest.mark.parametrize(("value", "year"), [(2026, 2026), (2026.0, 2026), ("2026", 2026), ("Năm 2026", 2026),
                                             ("năm  2026", 2026), ("NĂM 2030", 2030)])  # fmt: skip
def test_a_year_is_read_as_people_write_it(value, year):
    assert as_year(value) == year


@pytest.mark.parametrize("value", ["20026", "năm nay", 1999, True, "2026-2027"])
def test_what_is_not_a_year(value):
    with pytest.raises(BadValue):
        as_year(value)
