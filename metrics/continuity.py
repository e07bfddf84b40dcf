"""Continuity of a unit's plan across its quarterly reports (plan-and-year.md, "Continuity").

For a unit that has a plan for the year and a report of the quarter:
- missing: a plan task due by the quarter's end (or recurring) that the report does not list;
- deadline-moved: a linked row whose Thời hạn differs from the plan's (never for a recurring task);
- went-back: a task reported done in an earlier quarter of the year and not done now;
- unplanned: a row linked to no plan task.
The rules are written once, for one unit (`unit_continuity`): the upload verdict asks them
for the file at hand, and `continuity` for every unit of a quarter, from frames.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

import pandas as pd

from core.periods import Period, is_span, period_from_code, quarters_of
from core.vocabulary import DONE

MISSING, DEADLINE_MOVED, WENT_BACK, UNPLANNED = "missing", "deadline-moved", "went-back", "unplanned"
KINDS = (MISSING, DEADLINE_MOVED, WENT_BACK, UNPLANNED)
COLUMNS = ["unit_code", "quarter", "kind", "task", "content", "row"]
PLAN_COLUMNS = ["unit_code", "code", "content", "due", "recurring"]
ROW_COLUMNS = ["unit_code", "period", "row", "code", "content", "deadline", "status"]


class PlanItem(NamedTuple):
    code: str
    content: str
    due: date | None  # None: recurring, due in every quarter


class ReportedRow(NamedTuple):
    row: int
    code: str | None  # the linked plan code; None when the row links to no plan task
    content: str
    deadline: date
    status: str


class Note(NamedTuple):
    kind: str
    task: str | None
    content: str
    row: int | None  # the report's row; None for a plan task the report does not list


def unit_continuity(
    plan: Iterable[PlanItem], rows: list[ReportedRow], done_before: set[str], last_day: date
) -> list[Note]:
    """One unit's notes for a quarter ending on `last_day`, in KINDS order then by row.

    `done_before` holds the plan codes the unit reported done in an earlier quarter of the year.
    """
    plan = list(plan)
    listed = {r.code for r in rows if r.code is not None}
    planned_due = {item.code: item.due for item in plan}
    # A task with a deadline that was reported done in an earlier quarter is finished: not listing it again is
    # not "missing" (a recurring one is due every quarter, and is).
    finished = {i.code for i in plan if i.due is not None and i.code in done_before}
    notes = [Note(MISSING, i.code, i.content, None) for i in plan
             if _due_by(i, last_day) and i.code not in listed and i.code not in finished]  # fmt: skip
    for kind, chosen in (
        (DEADLINE_MOVED, [r for r in rows if r.code is not None and planned_due.get(r.code) not in (None, r.deadline)]),
        (WENT_BACK, [r for r in rows if r.code in done_before and r.status != DONE]),
        (UNPLANNED, [r for r in rows if r.code is None]),
    ):
        notes += [Note(kind, r.code, r.content, r.row) for r in chosen]
    return notes


def _due_by(item: PlanItem, last_day: date) -> bool:
    return item.due is None or item.due <= last_day


def continuity(plan_tasks: pd.DataFrame, report_rows: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's notes for every unit with a plan and a report (`COLUMNS`), by unit then kind;
    for a span (`2026-H1`…), each of its quarters' notes, quarter by quarter.

    `plan_tasks` holds the year's current plan tasks (`PLAN_COLUMNS`, `due` a datetime, NaT when
    recurring); `report_rows` the task rows of the year's current reports (`ROW_COLUMNS`, `code`
    the linked plan code or null, `deadline` a datetime).
    """
    if is_span(period):
        found = [_quarter_notes(plan_tasks, report_rows, q) for q in quarters_of(period)]
        return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=COLUMNS)
    return _quarter_notes(plan_tasks, report_rows, period_from_code(period))


def _quarter_notes(plan_tasks: pd.DataFrame, report_rows: pd.DataFrame, quarter: Period) -> pd.DataFrame:
    plans: dict[str, list[PlanItem]] = {}
    for unit, code, content, due, recurring in plan_tasks[PLAN_COLUMNS].itertuples(index=False):
        plans.setdefault(unit, []).append(PlanItem(code, content, None if recurring else due.date()))
    now: dict[str, list[ReportedRow]] = {}
    done_before: dict[str, set[str]] = {}
    for unit, when, row, code, content, deadline, status in report_rows[ROW_COLUMNS].itertuples(index=False):
        code = code if isinstance(code, str) else None
        if when == quarter.code:
            now.setdefault(unit, []).append(ReportedRow(int(row), code, content, deadline.date(), status))
        elif when < quarter.code and status == DONE and code is not None:
            done_before.setdefault(unit, set()).add(code)
    lines = [
        (unit, quarter.code, *note)
        for unit in sorted(set(plans) & set(now))
        for note in unit_continuity(plans[unit], now[unit], done_before.get(unit, set()), quarter.last_day)
    ]
    return pd.DataFrame(lines, columns=COLUMNS).astype(object)


def as_records(found: pd.DataFrame) -> list[dict[str, object]]:
    """The list as JSON-ready lines: unit, quarter, kind, task (null when unplanned), content, row (null when
    missing)."""
    return [
        {
            "unit": unit,
            "quarter": quarter,
            "kind": kind,
            "task": task if isinstance(task, str) else None,
            "content": content,
            "row": None if pd.isna(row) else int(row),
        }
        for unit, quarter, kind, task, content, row in found[COLUMNS].astype(object).itertuples(index=False)
    ]
