"""A quarterly report's tasks linked to the unit's plan: by code, else by content, else unplanned."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from loaders.plan_model import Plan, PlanTask
from loaders.units import read_units
from pipeline.ingest import ingest_paths
from storage.open import open_database
from storage.plans import save_plan
from storage.registry import upsert_units
from storage.schema import tasks as tasks_table
from tests.workbook_factory import TASK_HEADER, TASK_ROWS, table, valid_sheets, workbook_bytes

UNITS = "ma_don_vi,ten_don_vi,cap_hoc,phuong\nTH01,Trường Tiểu học Lê Lợi,Tiểu học,KV1\n"
RECEIVED = datetime(2023, 7, 5, 9, 0)


@pytest.fixture
def engine(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'linking.sqlite3'}")
    units, _ = read_units(UNITS.encode(), "units.csv")
    upsert_units(db, units)
    return db


def plan_2023(engine) -> None:
    def task(row: int, content: str, code: str | None) -> PlanTask:
        return PlanTask(row, code, "TTHC", content, None, "Quý II/2023", date(2023, 6, 30), False, None)

    tasks = [task(4, "Niêm yết công khai TTHC", "KH-01"), task(5, "Dùng thư điện tử công vụ", None)]
    plan = Plan("kh.xlsx", "TH01", "Trường Tiểu học Lê Lợi", 2023, None, None, tasks)
    save_plan(engine, plan, content=b"kh", received_at=RECEIVED)


def report_with_codes(tmp_path: Path, codes: list[str | None]) -> Path:
    """The factory's TH01 report for Quý II/2023 with a Mã nhiệm vụ column after STT."""
    sheets = valid_sheets()
    rows = [[r[0], code, *r[1:]] for r, code in zip(TASK_ROWS, codes, strict=True)]
    sheets["NhiemVu"] = table([TASK_HEADER[0], "Mã nhiệm vụ", *TASK_HEADER[1:]], rows)
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(workbook_bytes(sheets))
    return path


def stored_codes(engine) -> list[str | None]:
    with engine.connect() as conn:
        return list(conn.scalars(select(tasks_table.c.code).order_by(tasks_table.c.row)))


def test_tasks_link_by_code_else_by_content_and_the_rest_is_unplanned(engine, tmp_path):
    plan_2023(engine)
    # Rows: Niêm yết… (written code KH-01), Dùng thư… (no code: its content), Ban hành… (not in the plan).
    (result,) = ingest_paths(engine, [report_with_codes(tmp_path, ["kh-01", None, None])], received_at=RECEIVED)
    assert result.accepted
    warnings = [(p.code, p.sheet, p.row, p.column, p.severity) for p in result.report.problems]
    assert warnings == [
        ("plan-deadline-moved", "NhiemVu", 4, "Thời hạn", "warning"),  # the plan says 30/06/2023, the row 20/06
        ("plan-deadline-moved", "NhiemVu", 5, "Thời hạn", "warning"),
        ("task-unplanned", "NhiemVu", 6, "Nội dung nhiệm vụ", "warning"),
    ]
    assert stored_codes(engine) == ["KH-01", "TH01-2023-001", None]
    moved, _, unplanned = result.report.problems
    assert moved.message == "Thời hạn khác kế hoạch: nhiệm vụ KH-01 có hạn 30/06/2023 trong kế hoạch."
    assert unplanned.text("en").startswith("The task is not in the unit's plan for 2023")


def test_a_code_that_is_not_in_the_plan_is_an_error_on_its_cell(engine, tmp_path):
    plan_2023(engine)
    (result,) = ingest_paths(engine, [report_with_codes(tmp_path, ["KH-99", None, None])], received_at=RECEIVED)
    assert not result.accepted
    errors = [(p.code, p.row, p.column) for p in result.report.problems if p.is_error]
    assert errors == [("task-code-not-in-plan", 4, "Mã nhiệm vụ")]
    assert "“KH-99”" in result.report.problems[0].message
    assert stored_codes(engine) == []


def test_a_unit_without_a_plan_keeps_its_codes_as_written_and_is_told_nothing(engine, tmp_path):
    (result,) = ingest_paths(engine, [report_with_codes(tmp_path, ["A-1", None, "b-2"])], received_at=RECEIVED)
    assert result.accepted and result.report.problems == []
    assert stored_codes(engine) == ["A-1", None, "B-2"]


def test_a_units_quarter_template_lists_its_plan_tasks_due_with_last_quarters_statuses(engine, tmp_path):
    import io

    import openpyxl

    from pipeline.plans import quarter_template

    def task(row: int, content: str, code: str | None, due: date | None) -> PlanTask:
        deadline = "Thường xuyên" if due is None else due.strftime("%d/%m/%Y")
        return PlanTask(row, code, "TTHC", content, None, deadline, due, due is None, None)

    tasks = [
        task(4, "Niêm yết công khai TTHC", "KH-01", date(2023, 6, 30)),
        task(5, "Dùng thư điện tử công vụ", None, date(2023, 6, 30)),
        task(6, "Khảo sát sự hài lòng", "KH-03", date(2023, 11, 30)),
        task(7, "Cập nhật cổng thông tin", "KH-04", None),
    ]
    save_plan(engine, Plan("kh.xlsx", "TH01", "Trường Tiểu học Lê Lợi", 2023, "139/KH-THLQĐ", None, tasks),
              content=b"kh", received_at=RECEIVED)  # fmt: skip
    ingest_paths(engine, [report_with_codes(tmp_path, ["KH-01", None, None])], received_at=RECEIVED)

    content = quarter_template(engine, "TH01", "Trường Tiểu học Lê Lợi", "2023-Q3")
    book = openpyxl.load_workbook(io.BytesIO(content))
    header = [c.value for c in book["NhiemVu"][3]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in book["NhiemVu"].iter_rows(min_row=4)]
    rows = [r for r in rows if r["Nội dung nhiệm vụ"]]
    assert [(r["Mã nhiệm vụ"], r["Trạng thái"]) for r in rows] == [
        ("KH-01", "Hoàn thành"),  # done in Quý II: its status and day carried over
        ("TH01-2023-001", "Đang thực hiện"),
        ("KH-04", None),  # recurring, never reported: for the school to fill
    ]  # KH-03 is due in Quý IV: not yet on the list
    assert rows[0]["Ngày hoàn thành"].date() == date(2023, 6, 15)
    assert rows[2]["Thời hạn"].date() == date(2023, 9, 30)
    assert book["ThongTin"]["B5"].value == "Quý III/2023"
    blank = openpyxl.load_workbook(io.BytesIO(quarter_template(engine, "TH01", "Trường Tiểu học Lê Lợi", "2024-Q1")))
    assert [c.value for c in blank["NhiemVu"][4]][2] is None  # no plan for 2024: today's blank template


def test_the_quarters_continuity_from_the_cli(engine, tmp_path, capsys, monkeypatch):
    import json

    import cli

    plan_2023(engine)
    ingest_paths(engine, [report_with_codes(tmp_path, ["KH-01", None, None])], received_at=RECEIVED)
    monkeypatch.setenv("CCHC_DATABASE_URL", str(engine.url))
    capsys.readouterr()
    assert cli.main(["continuity", "--period", "2023-Q2", "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert [(line["kind"], line["task"], line["row"]) for line in lines] == [
        ("deadline-moved", "KH-01", 4),  # the plan says 30/06/2023, the report 20/06/2023
        ("deadline-moved", "TH01-2023-001", 5),  # and 31/05/2023
        ("unplanned", None, 6),
    ]
    assert cli.main(["--lang", "en", "continuity", "--period", "2023-Q3"]) == 0
    assert capsys.readouterr().out.strip() == "Nothing to note in Q3/2023."


def test_the_verdict_warns_of_a_plan_task_missing_and_of_a_task_gone_back(engine, tmp_path):
    plan_2023(engine)
    first = report_with_codes(tmp_path, ["KH-01", None, None])  # KH-01 Hoàn thành in Quý II
    ingest_paths(engine, [first], received_at=RECEIVED)
    sheets = valid_sheets()
    sheets["ThongTin"][4][1] = "Quý III/2023"
    rows = [[1, "KH-01", "TTHC", "Niêm yết công khai TTHC", "139/KH", date(2023, 6, 30), "Đang thực hiện", None]]
    sheets["NhiemVu"] = table([TASK_HEADER[0], "Mã nhiệm vụ", *TASK_HEADER[1:]], rows)
    later = tmp_path / "quy-3.xlsx"
    later.write_bytes(workbook_bytes(sheets))
    (result,) = ingest_paths(engine, [later], received_at=datetime(2023, 10, 5, 9, 0))
    assert result.accepted
    found = [(p.code, p.row, p.column, p.params.get("task")) for p in result.report.problems]
    assert found == [
        ("plan-task-missing", None, None, "TH01-2023-001"),
        ("task-went-back", 4, "Trạng thái", "KH-01"),
    ]
    assert result.report.problems[0].text("en") == (
        "Task TH01-2023-001 of the 2023 plan (“Dùng thư điện tử công vụ”) is due in the quarter but the report"
        " does not list it: add a row for it with its current status."
    )


def test_a_task_gone_back_is_seen_when_both_quarters_come_in_one_batch(engine, tmp_path):
    plan_2023(engine)
    first = report_with_codes(tmp_path, ["KH-01", None, None])  # KH-01 Hoàn thành in Quý II
    sheets = valid_sheets()
    sheets["ThongTin"][4][1] = "Quý III/2023"
    rows = [[1, "KH-01", "TTHC", "Niêm yết công khai TTHC", "139/KH", date(2023, 6, 30), "Đang thực hiện", None]]
    sheets["NhiemVu"] = table([TASK_HEADER[0], "Mã nhiệm vụ", *TASK_HEADER[1:]], rows)
    later = tmp_path / "quy-3.xlsx"
    later.write_bytes(workbook_bytes(sheets))
    _, third = ingest_paths(engine, [first, later], received_at=datetime(2023, 10, 5, 9, 0))  # nothing stored before
    assert third.accepted
    assert ("task-went-back", "KH-01") in [(p.code, p.params.get("task")) for p in third.report.problems]
