"""Continuity of a unit's plan across its quarterly reports (plan-and-year.md, "Continuity").

For each unit that has a plan for the year and a current report of the quarter:
- missing: a plan task due by the quarter's end (or recurring) that the report does not list;
- deadline-moved: a linked row whose Thời hạn differs from the plan's (never for a recurring task);
- went-back: a task reported done in an earlier quarter of the year and not done now;
- unplanned: a row linked to no plan task.
Pure pandas: the plan's tasks and the reports' rows come in as frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.periods import period_from_code
from core.vocabulary import DONE

MISSING, DEADLINE_MOVED, WENT_BACK, UNPLANNED = "missing", "deadline-moved", "went-back", "unplanned"
KINDS = (MISSING, DEADLINE_MOVED, WENT_BACK, UNPLANNED)
COLUMNS = ["unit_code", "kind", "task", "content", "row"]
PLAN_COLUMNS = ["unit_code", "code", "content", "due", "recurring"]
ROW_COLUMNS = ["unit_code", "period", "row", "code", "content", "deadline", "status"]


def continuity(plan_tasks: pd.DataFrame, report_rows: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's continuity list (`COLUMNS`), by unit then kind; `task` is null for an unplanned row.

    `plan_tasks` holds the year's current plan tasks (`PLAN_COLUMNS`, `due` a datetime, NaT when
    recurring); `report_rows` the task rows of the year's current reports (`ROW_COLUMNS`, `code`
    the linked plan code or null, `deadline` a datetime).
    """
    quarter = period_from_code(period)
    planned_units = set(plan_tasks["unit_code"])
    now = report_rows.loc[report_rows["period"].eq(quarter.code) & report_rows["unit_code"].isin(planned_units)]
    reported_units = set(now["unit_code"])
    due = plan_tasks.loc[plan_tasks["unit_code"].isin(reported_units)]
    due = due.loc[due["recurring"] | (due["due"] <= pd.Timestamp(quarter.last_day))]
    parts = [
        _missing(due, now),
        _deadline_moved(plan_tasks, now),
        _went_back(report_rows, now, quarter.code),
        _unplanned(now),
    ]
    found = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    if found is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    order = {kind: n for n, kind in enumerate(KINDS)}
    found = found.assign(_kind=found["kind"].map(order)).sort_values(["unit_code", "_kind", "row"], kind="stable")
    return found[COLUMNS].reset_index(drop=True)


def _listed(rows: pd.DataFrame, kind: str, *, planned: bool = True, in_report: bool = True) -> pd.DataFrame:
    """`rows` as continuity lines of `kind`: the plan task's code, and the report's row where it has one."""
    return pd.DataFrame(
        {
            "unit_code": rows["unit_code"],
            "kind": kind,
            "task": rows["code"] if planned else None,
            "content": rows["content"],
            "row": rows["row"] if in_report else pd.NA,
        }
    )


def _missing(due: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    listed = {(u, c) for u, c in zip(now["unit_code"], now["code"], strict=True) if isinstance(c, str)}
    absent = due.loc[np.array([(u, c) not in listed for u, c in zip(due["unit_code"], due["code"], strict=True)], bool)]
    return _listed(absent, MISSING, in_report=False)


def _deadline_moved(plan_tasks: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    plan = plan_tasks.loc[~plan_tasks["recurring"], ["unit_code", "code", "due"]]
    linked = now.loc[now["code"].notna()].merge(plan, on=["unit_code", "code"], how="inner")
    return _listed(linked.loc[linked["deadline"].dt.normalize() != linked["due"].dt.normalize()], DEADLINE_MOVED)


def _went_back(report_rows: pd.DataFrame, now: pd.DataFrame, period: str) -> pd.DataFrame:
    earlier = report_rows.loc[report_rows["period"].lt(period) & report_rows["status"].eq(DONE)]
    done_before = set(zip(earlier["unit_code"], earlier["code"], strict=True))
    was_done = np.array([(u, c) in done_before for u, c in zip(now["unit_code"], now["code"], strict=True)], bool)
    return _listed(now.loc[now["code"].notna().to_numpy() & now["status"].ne(DONE).to_numpy() & was_done], WENT_BACK)


def _unplanned(now: pd.DataFrame) -> pd.DataFrame:
    return _listed(now.loc[now["code"].isna()], UNPLANNED, planned=False)


def as_records(found: pd.DataFrame) -> list[dict[str, object]]:
    """The list as JSON-ready lines: unit, kind, task (null when unplanned), content, row (null when missing)."""
    return [
        {"unit": unit, "kind": kind, "task": task, "content": content, "row": None if pd.isna(row) else int(row)}
        for unit, kind, task, content, row in found[COLUMNS].astype(object).itertuples(index=False)
    ]
