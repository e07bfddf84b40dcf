"""Storing the year's plans: history, one current plan, task codes across versions, refusals, audit."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from i18n.messages import describe
from loaders.plan_model import Plan, PlanTask
from loaders.problems import ERROR, WARNING, Problem
from storage import audit, schema
from storage.plans import (
    PLAN_TASK_COLUMNS,
    PlanRefused,
    current_plan,
    current_plans,
    plan_content,
    plan_history,
    save_plan,
)
from storage.registry import upsert_units

RECEIVED = datetime(2026, 1, 15, 8, 30)
CONTENT = b"PK\x03\x04 the plan workbook \x00\xff"


@pytest.fixture
def stocked(engine: Engine, unit_rows: list[dict[str, str]]) -> Engine:
    upsert_units(engine, unit_rows)
    return engine


def task(row: int, content: str, code: str | None = None, *, recurring: bool = False) -> PlanTask:
    return PlanTask(
        row=row,
        code=code,
        field="TTHC",
        content=content,
        who="Tổ văn phòng",
        deadline="Thường xuyên" if recurring else "Quý II/2026",
        due=None if recurring else date(2026, 6, 30),
        recurring=recurring,
        product="Báo cáo",
    )


def plan(*tasks: PlanTask, unit: str = "TH01", year: int = 2026, problems: list[Problem] | None = None) -> Plan:
    return Plan(
        file_name=f"KH_{unit}_{year}.xlsx",
        unit_code=unit,
        unit_name="Trường Tiểu học Lê Lợi",
        year=year,
        number="139/KH-THLQĐ",
        issued_on=date(2026, 1, 10),
        tasks=list(tasks),
        problems=list(problems or []),
    )


def codes(engine: Engine, unit: str = "TH01", year: int = 2026) -> list[str]:
    return [t["code"] for t in current_plan(engine, unit, year)["tasks"]]


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return tuple(conn.scalar(select(func.count()).select_from(t)) for t in (schema.plans, schema.plan_tasks))


def test_a_plan_is_stored_with_its_tasks_and_file(stocked: Engine) -> None:
    warning = Problem(WARNING, "KeHoach", 7, "Thời hạn", "deadline-outside-year", {"value": "2027", "year": 2026})
    stored = plan(task(6, "Rà soát thủ tục"), task(7, "Số hoá hồ sơ", recurring=True), problems=[warning])
    plan_id, replaced = save_plan(stocked, stored, content=CONTENT, received_at=RECEIVED, by="lan")
    assert replaced is False
    found = current_plan(stocked, "TH01", 2026)
    assert found["id"] == plan_id and found["is_current"] is True and found["replaced_by"] is None
    assert (found["number"], found["issued_on"], found["submitted_by"]) == ("139/KH-THLQĐ", date(2026, 1, 10), "lan")
    assert found["problems"][0]["code"] == "deadline-outside-year"
    first, second = found["tasks"]
    assert first == {
        "row": 6, "code": "TH01-2026-001", "field": "TTHC", "content": "Rà soát thủ tục", "who": "Tổ văn phòng",
        "deadline": "Quý II/2026", "due": date(2026, 6, 30), "recurring": False, "product": "Báo cáo",
    }  # fmt: skip
    assert (second["code"], second["due"], second["recurring"]) == ("TH01-2026-002", None, True)
    assert plan_content(stocked, plan_id) == ("KH_TH01_2026.xlsx", CONTENT)
    assert current_plan(stocked, "TH01", 2025) is None and current_plan(stocked, "MN01", 2026) is None
    with pytest.raises(KeyError):
        plan_content(stocked, plan_id + 100)


def test_a_second_plan_replaces_the_first_and_keeps_it_as_history(stocked: Engine) -> None:
    first, _ = save_plan(stocked, plan(task(6, "A")), content=b"one", received_at=RECEIVED)
    second, replaced = save_plan(stocked, plan(task(6, "B")), content=b"two", received_at=datetime(2026, 2, 1))
    assert replaced is True
    assert current_plan(stocked, "TH01", 2026)["id"] == second
    history = plan_history(stocked, "TH01", 2026)
    assert [(h["id"], h["is_current"], h["replaced_by"], h["task_count"]) for h in history] == [
        (second, True, None, 1),
        (first, False, second, 1),
    ]
    assert plan_content(stocked, first) == ("KH_TH01_2026.xlsx", b"one")
    # Another year, another unit: their own current plans.
    other_year, replaced = save_plan(stocked, plan(task(6, "C"), year=2027), content=b"x", received_at=RECEIVED)
    assert replaced is False
    save_plan(stocked, plan(task(6, "D"), unit="MN01"), content=b"x", received_at=RECEIVED)
    assert [h["id"] for h in plan_history(stocked, "TH01")] == [second, other_year, first]
    assert current_plan(stocked, "TH01", 2026)["id"] == second


def test_codes_are_kept_by_content_and_new_ones_continue_the_numbering(stocked: Engine) -> None:
    save_plan(stocked, plan(task(6, "Rà soát thủ tục"), task(7, "Số hoá hồ sơ"), task(8, "Niêm yết")),
              content=b"1", received_at=RECEIVED)  # fmt: skip
    assert codes(stocked) == ["TH01-2026-001", "TH01-2026-002", "TH01-2026-003"]
    # Same content, other case, marks as typed in NFD and spacing: the code stays; new content gets 004.
    nfd = "so hoá  HỒ SƠ".replace("á", "a\u0301")
    save_plan(stocked, plan(task(5, "Việc mới"), task(6, nfd), task(9, "Rà soát thủ tục.")),
              content=b"2", received_at=RECEIVED)  # fmt: skip
    assert codes(stocked) == ["TH01-2026-004", "TH01-2026-002", "TH01-2026-001"]
    # 003 was dropped in version 2: never given again, not even to its own content (not in the current plan).
    save_plan(stocked, plan(task(6, "Niêm yết"), task(7, "Việc mới")), content=b"3", received_at=RECEIVED)
    assert codes(stocked) == ["TH01-2026-005", "TH01-2026-004"]
    # Another year and another unit number on their own.
    save_plan(stocked, plan(task(6, "Niêm yết"), year=2027), content=b"4", received_at=RECEIVED)
    save_plan(stocked, plan(task(6, "Niêm yết"), unit="MN01"), content=b"5", received_at=RECEIVED)
    assert codes(stocked, year=2027) == ["TH01-2027-001"]
    assert codes(stocked, unit="MN01") == ["MN01-2026-001"]


def test_given_codes_are_kept_and_numbering_goes_past_them(stocked: Engine) -> None:
    save_plan(stocked, plan(task(6, "A", "NV-01"), task(7, "B", "TH01-2026-010"), task(8, "C")),
              content=b"1", received_at=RECEIVED)  # fmt: skip
    assert codes(stocked) == ["NV-01", "TH01-2026-010", "TH01-2026-011"]
    # A given code wins over the code its content had; the content's old code is not given twice.
    save_plan(stocked, plan(task(6, "A", "TH01-2026-011"), task(7, "C"), task(8, "B"), task(9, "A")),
              content=b"2", received_at=RECEIVED)  # fmt: skip
    assert codes(stocked) == ["TH01-2026-011", "TH01-2026-012", "TH01-2026-010", "NV-01"]


def test_the_same_content_twice_gets_two_codes(stocked: Engine) -> None:
    save_plan(stocked, plan(task(6, "Họp giao ban")), content=b"1", received_at=RECEIVED)
    save_plan(stocked, plan(task(6, "Họp giao ban"), task(7, "họp giao ban")), content=b"2", received_at=RECEIVED)
    assert codes(stocked) == ["TH01-2026-001", "TH01-2026-002"]


@pytest.mark.parametrize(
    ("refused", "code"),
    [
        (plan(task(6, "A"), problems=[Problem(ERROR, "KeHoach", 6, "Thời hạn", "bad-deadline", {"value": "?"})]),
         "plan-has-errors"),
        (Plan(file_name="x.xlsx", unit_code="TH01", year=None, tasks=[task(6, "A")]), "plan-without-key"),
        (Plan(file_name="x.xlsx", unit_code=None, year=2026, tasks=[task(6, "A")]), "plan-without-key"),
        (plan(task(6, "A", "NV1"), task(7, "B", " NV1 ")), "plan-duplicate-code"),
        (plan(task(6, "A"), task(6, "B")), "plan-duplicate-row"),
        (plan(task(6, "A"), unit="XX99"), "unknown-unit"),
    ],
)  # fmt: skip
def test_a_plan_that_cannot_be_stored_is_refused_and_nothing_written(stocked: Engine, refused: Plan, code: str) -> None:
    before = len(audit.search(stocked))
    with pytest.raises(PlanRefused) as raised:
        save_plan(stocked, refused, content=b"x", received_at=RECEIVED, by="lan")
    assert raised.value.code == code
    assert describe(raised.value, "en") != raised.value.key  # worded in both languages
    assert describe(raised.value, "vi") != raised.value.key
    assert counts(stocked) == (0, 0)
    assert len(audit.search(stocked)) == before


def test_a_refused_replacement_leaves_the_current_plan_as_it_was(stocked: Engine) -> None:
    first, _ = save_plan(stocked, plan(task(6, "A")), content=b"1", received_at=RECEIVED)
    with pytest.raises(PlanRefused):
        save_plan(stocked, plan(task(6, "B", "X"), task(7, "C", "X")), content=b"2", received_at=RECEIVED)
    assert current_plan(stocked, "TH01", 2026)["id"] == first
    assert counts(stocked) == (1, 1)


def test_each_stored_plan_writes_one_audit_line(stocked: Engine) -> None:
    first, _ = save_plan(stocked, plan(task(6, "A")), content=CONTENT, received_at=RECEIVED, by="Lan")
    second, _ = save_plan(stocked, plan(task(6, "A"), task(7, "B")), content=b"2", received_at=RECEIVED)
    lines = audit.search(stocked, action="plan-upload")
    assert [line["detail"]["plan_id"] for line in lines] == [second, first]
    newest, oldest = lines
    assert (oldest["username"], oldest["unit_code"], oldest["period"]) == ("lan", "TH01", "2026")
    assert oldest["detail"]["replaced_plan_id"] is None and newest["detail"]["replaced_plan_id"] == first
    assert oldest["detail"]["file"] == "KH_TH01_2026.xlsx" and newest["detail"]["tasks"] == 2
    assert audit.verify(stocked).whole


def test_current_plans_is_every_current_task_of_the_year(stocked: Engine) -> None:
    empty = current_plans(stocked, 2026)
    assert list(empty.columns) == PLAN_TASK_COLUMNS and empty.empty
    save_plan(stocked, plan(task(6, "old")), content=b"1", received_at=RECEIVED)
    save_plan(stocked, plan(task(6, "A"), task(7, "B", recurring=True)), content=b"2", received_at=RECEIVED)
    save_plan(stocked, plan(task(4, "M"), unit="MN01"), content=b"3", received_at=RECEIVED)
    save_plan(stocked, plan(task(4, "other year"), year=2027), content=b"4", received_at=RECEIVED)
    frame = current_plans(stocked, 2026)
    assert list(frame.columns) == PLAN_TASK_COLUMNS
    assert frame[["unit_code", "code", "content"]].values.tolist() == [
        ["MN01", "MN01-2026-001", "M"],
        ["TH01", "TH01-2026-002", "A"],
        ["TH01", "TH01-2026-003", "B"],
    ]
    assert frame["recurring"].tolist() == [False, False, True]
    assert str(frame["due"].dtype).startswith("datetime64") and str(empty["due"].dtype) == str(frame["due"].dtype)
    assert frame["due"].isna().tolist() == [False, False, True]
    assert frame["due"].iloc[0].date() == date(2026, 6, 30)


def test_the_database_refuses_two_current_plans(stocked: Engine) -> None:
    save_plan(stocked, plan(task(6, "A")), content=b"1", received_at=RECEIVED)
    row = {"unit_code": "TH01", "year": 2026, "file_name": "x", "sha256": "0" * 64, "received_at": RECEIVED}
    with pytest.raises(IntegrityError), stocked.begin() as conn:
        conn.execute(insert(schema.plans).values(**row, content=b"x", is_current=True))
    with stocked.begin() as conn:  # not current: history may hold any number
        conn.execute(insert(schema.plans).values(**row, content=b"x", is_current=False))


def test_concurrent_plans_for_one_unit_leave_one_current_and_distinct_codes(stocked: Engine) -> None:
    errors: list[BaseException] = []

    def upload(worker: int) -> None:
        try:
            for attempt in range(3):
                tasks = [task(6, "Chung"), task(7, f"Riêng {worker}.{attempt}")]
                save_plan(stocked, plan(*tasks), content=b"x", received_at=RECEIVED)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(worker,)) for worker in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history = plan_history(stocked, "TH01", 2026)
    assert len(history) == 15 and sum(h["is_current"] for h in history) == 1
    # The shared task kept its code throughout; each new one got its own number, none reused.
    with stocked.connect() as conn:
        all_codes = conn.execute(select(schema.plan_tasks.c.row, schema.plan_tasks.c.code)).all()
    assert {code for row, code in all_codes if row == 6} == {"TH01-2026-001"}
    assert sorted(code for row, code in all_codes if row == 7) == [f"TH01-2026-{n:03d}" for n in range(2, 17)]
