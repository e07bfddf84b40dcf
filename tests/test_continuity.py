"""The continuity list: missing, deadline moved, went back, unplanned (plan-and-year.md, "Continuity")."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from core.periods import quarters_of
from metrics.continuity import (
    COLUMNS,
    KINDS,
    PLAN_COLUMNS,
    ROW_COLUMNS,
    PlanItem,
    ReportedRow,
    as_records,
    continuity,
    unit_continuity,
)

Q2 = "2026-Q2"


def plan(*rows: tuple[str, str, str, str | None]) -> pd.DataFrame:
    """(unit, code, content, due ISO or None for recurring)."""
    return pd.DataFrame(
        {
            "unit_code": [r[0] for r in rows],
            "code": [r[1] for r in rows],
            "content": [r[2] for r in rows],
            "due": pd.to_datetime([r[3] for r in rows]).astype("datetime64[us]"),
            "recurring": [r[3] is None for r in rows],
        }
    )


def reported(*rows: tuple[str, str, int, str | None, str, str, str]) -> pd.DataFrame:
    """(unit, period, row, code, content, deadline ISO, status)."""
    frame = pd.DataFrame(rows, columns=["unit_code", "period", "row", "code", "content", "deadline", "status"])
    frame["deadline"] = pd.to_datetime(frame["deadline"]).astype("datetime64[us]")
    return frame


PLAN = plan(
    ("TH01", "A", "Ban hành kế hoạch", "2026-03-31"),
    ("TH01", "B", "Niêm yết TTHC", None),
    ("TH01", "C", "Số hóa hồ sơ", "2026-06-30"),
    ("TH01", "D", "Khảo sát hài lòng", "2026-11-30"),
    ("TH02", "X", "Dùng thư công vụ", "2026-06-30"),
)
REPORTS = reported(
    ("TH01", "2026-Q1", 4, "A", "Ban hành kế hoạch", "2026-03-31", "done"),
    ("TH01", "2026-Q1", 5, "B", "Niêm yết TTHC", "2026-03-31", "in_progress"),
    ("TH01", "2026-Q2", 4, "A", "Ban hành kế hoạch", "2026-03-31", "in_progress"),  # went back
    ("TH01", "2026-Q2", 5, "C", "Số hóa hồ sơ", "2026-07-15", "in_progress"),  # deadline moved
    ("TH01", "2026-Q2", 6, None, "Tập huấn cán bộ", "2026-05-31", "done"),  # unplanned
    ("TH03", "2026-Q2", 4, None, "Không có kế hoạch", "2026-05-31", "done"),  # a unit without a plan
)


def test_each_kind_is_found_for_the_units_that_reported_and_have_a_plan():
    found = continuity(PLAN, REPORTS, Q2)
    assert as_records(found) == [
        {"unit": "TH01", "quarter": Q2, "kind": "missing", "task": "B", "content": "Niêm yết TTHC", "row": None},
        {"unit": "TH01", "quarter": Q2, "kind": "deadline-moved", "task": "C", "content": "Số hóa hồ sơ", "row": 5},
        {"unit": "TH01", "quarter": Q2, "kind": "went-back", "task": "A", "content": "Ban hành kế hoạch", "row": 4},
        {"unit": "TH01", "quarter": Q2, "kind": "unplanned", "task": None, "content": "Tập huấn cán bộ", "row": 6},
    ]  # D is due in November; TH02 sent no Q2 report; TH03 has no plan


def test_a_recurring_task_never_has_its_deadline_moved_and_a_quarter_without_reports_has_nothing():
    rows = reported(("TH01", Q2, 4, "B", "Niêm yết TTHC", "2026-05-02", "in_progress"))
    assert "deadline-moved" not in set(continuity(PLAN, rows, Q2)["kind"])
    empty = continuity(PLAN, REPORTS.iloc[0:0], Q2)
    assert list(empty.columns) == COLUMNS and empty.empty


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("ABCD"), st.sampled_from(["done", "in_progress"])),
        max_size=6,
        unique_by=lambda t: t[0],
    )
)
def test_a_plan_task_due_is_either_listed_in_the_report_or_missing_never_both(listed):
    rows = reported(*[("TH01", Q2, 4 + n, code, code, "2026-06-30", status) for n, (code, status) in enumerate(listed)])
    found = continuity(PLAN, rows, Q2)
    missing = set(found.loc[found["kind"].eq("missing"), "task"])
    due = {"A", "B", "C"}  # by the end of Q2, or recurring
    assert missing == (due - {code for code, _ in listed} if listed else set())
    assert set(found["kind"]) <= set(KINDS)


def test_a_span_lists_each_of_its_quarters_notes_under_that_quarter():
    found = as_records(continuity(PLAN, REPORTS, "2026-H1"))
    q1 = [(line["kind"], line["task"]) for line in found if line["quarter"] == "2026-Q1"]
    q2 = [line for line in found if line["quarter"] == "2026-Q2"]
    assert q1 == []  # Q1 listed A (due in Q1) and B (recurring): nothing missing, nothing moved
    assert q2 == as_records(continuity(PLAN, REPORTS, Q2))
    assert [line["quarter"] for line in found] == sorted(line["quarter"] for line in found)


def test_a_task_done_in_an_earlier_quarter_is_not_missing_when_left_out_but_a_recurring_one_is():
    rows = reported(
        ("TH01", "2026-Q1", 4, "A", "Ban hành kế hoạch", "2026-03-31", "done"),
        ("TH01", "2026-Q1", 5, "B", "Niêm yết TTHC", "2026-03-31", "done"),
        ("TH01", Q2, 4, "C", "Số hóa hồ sơ", "2026-06-30", "in_progress"),
    )  # Q2 leaves out A (done in Q1) and B (recurring, done in Q1)
    missing = as_records(continuity(PLAN, rows, Q2))
    assert [(line["kind"], line["task"]) for line in missing] == [("missing", "B")]


# ---------------------------------------------------------------- the rules for every unit at once, against one by one


def one_by_one(plan_tasks: pd.DataFrame, report_rows: pd.DataFrame, period: str) -> pd.DataFrame:
    """The list as the rules give it unit by unit (`unit_continuity`), each quarter's lines read as records."""
    found = []
    for quarter in quarters_of(period):
        plans: dict[str, list[PlanItem]] = {}
        for unit, code, content, due, recurring in plan_tasks[PLAN_COLUMNS].itertuples(index=False):
            plans.setdefault(unit, []).append(PlanItem(code, content, None if recurring else due.date()))
        now: dict[str, list[ReportedRow]] = {}
        done_before: dict[str, set[str]] = {}
        for unit, when, row, code, content, deadline, status in report_rows[ROW_COLUMNS].itertuples(index=False):
            code = code if isinstance(code, str) else None
            if when == quarter.code:
                now.setdefault(unit, []).append(ReportedRow(int(row), code, content, deadline.date(), status))
            elif when < quarter.code and status == "done" and code is not None:
                done_before.setdefault(unit, set()).add(code)
        lines = [
            (unit, quarter.code, *note)
            for unit in sorted(set(plans) & set(now))
            for note in unit_continuity(plans[unit], now[unit], done_before.get(unit, set()), quarter.last_day)
        ]
        found.append(pd.DataFrame(lines, columns=COLUMNS).astype(object))  # fmt: skip
    return found[0] if len(found) == 1 else pd.concat(found, ignore_index=True)


DAYS = ["2026-03-31", "2026-06-30", "2026-08-15", "2026-09-30", None]  # None: recurring (plan) / a quarter's end


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["U1", "U2", "U3"]), st.sampled_from("ABCDE"), st.sampled_from(DAYS)),
             max_size=12, unique_by=lambda task: task[:2]),  # a plan's codes are unique (plan_tasks' constraint)
    st.lists(st.tuples(st.sampled_from(["U1", "U2", "U4"]), st.sampled_from(["2026-Q1", "2026-Q2", "2026-Q3"]),
                       st.sampled_from([*"ABCF", None]), st.sampled_from(DAYS[:4]),
                       st.sampled_from(["done", "in_progress", "not_started"])), max_size=20),
    st.sampled_from(["2026-Q1", "2026-Q2", "2026-Q3", "2026-H1", "2026-9M"]),
)  # fmt: skip
def test_every_unit_at_once_lists_what_the_rules_give_unit_by_unit(planned, rows, period):
    tasks = plan(*[(unit, code, f"Việc {code}", due) for unit, code, due in planned])
    listed = reported(*[(unit, when, 4 + n, code, f"Dòng {n}", day, status)
                        for n, (unit, when, code, day, status) in enumerate(rows)])  # fmt: skip
    pd.testing.assert_frame_equal(continuity(tasks, listed, period), one_by_one(tasks, listed, period))
