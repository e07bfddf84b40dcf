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

import numpy as np
import pandas as pd

from core.periods import Period, quarters_of
from core.vocabulary import DONE

MISSING, DEADLINE_MOVED, WENT_BACK, UNPLANNED = "missing", "deadline-moved", "went-back", "unplanned"
KINDS = (MISSING, DEADLINE_MOVED, WENT_BACK, UNPLANNED)
COLUMNS = ["unit_code", "quarter", "kind", "task", "content", "row"]
PLAN_COLUMNS = ["unit_code", "code", "content", "due", "recurring"]
ROW_COLUMNS = ["unit_code", "period", "row", "code", "content", "deadline", "status"]
NOTE_COLUMNS = [*COLUMNS, "submission_id"]
# The notes before they are listed: task None for an unplanned row; row NaN for a missing task; submission_id the
# report the note is about (-1 when the rows did not say).
NOTE_DTYPES = {"unit_code": object, "quarter": object, "kind": object, "task": object, "content": object,
               "row": np.float64, "submission_id": np.int64}  # fmt: skip


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
    return as_list(notes(plan_tasks, report_rows, period))


def notes(plan_tasks: pd.DataFrame, report_rows: pd.DataFrame, period: str) -> pd.DataFrame:
    """`continuity` as `NOTE_COLUMNS`, quarter by quarter then unit (what `as_list` turns into the list).

    `report_rows` may come without `content` (the notes about rows then have none yet: whoever reads
    them fills it in) and with `submission_id` (each note then names the report it is about).
    """
    found = [quarter_notes(plan_tasks, report_rows, q) for q in quarters_of(period)]
    return found[0] if len(found) == 1 else pd.concat(found, ignore_index=True)


def quarter_notes(plan_tasks: pd.DataFrame, report_rows: pd.DataFrame, quarter: Period) -> pd.DataFrame:
    """One quarter's notes (`NOTE_COLUMNS`) for every unit at once: the rules of `unit_continuity`, array-wise."""
    rows = report_rows.loc[report_rows["period"].le(quarter.code).to_numpy()]
    if plan_tasks.empty or rows.empty:
        return _empty_notes()
    ids = _Ids(plan_tasks, rows)
    now = rows["period"].eq(quarter.code).to_numpy()
    reported = np.zeros(ids.units, dtype=bool)
    reported[ids.row_unit[now]] = True
    planned = np.zeros(ids.units, dtype=bool)
    planned[ids.plan_unit] = True
    now = now & planned[ids.row_unit]  # a unit without a plan has no notes, nor has one without a report
    has_code = rows["code"].notna().to_numpy()
    done = rows["status"].eq(DONE).to_numpy()
    listed, done_before = ids.row_key[now & has_code], ids.row_key[~now & has_code & done]
    recurring, due = plan_tasks["recurring"].to_numpy(dtype=bool), _days(plan_tasks["due"])
    # A task with a deadline reported done in an earlier quarter is finished: not listing it again is not
    # "missing" (a recurring one is due every quarter, and is).
    missing = reported[ids.plan_unit] & (recurring | (due <= np.datetime64(quarter.last_day, "D")))
    missing &= ~np.isin(ids.plan_key, listed) & ~(~recurring & np.isin(ids.plan_key, done_before))
    task, linked = ids.plan_task_of_rows()
    moved = now & has_code & linked & ~recurring[task] & (due[task] != _days(rows["deadline"]))
    went_back = now & np.isin(ids.row_key, done_before) & ~done
    return _assembled(plan_tasks, rows, quarter.code, ids, now, missing, (moved, went_back, now & ~has_code))


class _Ids:
    """Units as integers in code order, and (unit, code) pairs as one integer, for the plan's tasks and the rows."""

    def __init__(self, plan_tasks: pd.DataFrame, rows: pd.DataFrame) -> None:
        size = len(plan_tasks)
        units, names = pd.factorize(pd.concat([plan_tasks["unit_code"], rows["unit_code"]], ignore_index=True),
                                    sort=True)  # fmt: skip
        codes, known = pd.factorize(pd.concat([plan_tasks["code"], rows["code"]], ignore_index=True))
        keys = units.astype(np.int64) * (len(known) + 1) + codes + 1  # code -1 (none): a key no plan task has
        self.units = len(names)
        self.plan_unit, self.row_unit = units[:size], units[size:]
        self.plan_key, self.row_key = keys[:size], keys[size:]

    def plan_task_of_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Each row's plan task (the last of the plan where a code is there twice, as a dict keeps it); whether it
        has one."""
        backwards = self.plan_key[::-1]
        keys, first = np.unique(backwards, return_index=True)
        last = len(backwards) - 1 - first
        at = np.minimum(np.searchsorted(keys, self.row_key), len(keys) - 1)
        return last[at], keys[at] == self.row_key


def _days(moments: pd.Series) -> np.ndarray:
    return moments.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _assembled(
    plan_tasks: pd.DataFrame,
    rows: pd.DataFrame,
    quarter: str,
    ids: _Ids,
    now: np.ndarray,
    missing: np.ndarray,
    kinds: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> pd.DataFrame:
    """The notes by unit, then kind (KINDS' order), then the plan's or the report's order."""
    sids = rows["submission_id"].to_numpy(dtype=np.int64) if "submission_id" in rows.columns else None
    report_of = np.full(ids.units, -1, dtype=np.int64)  # each unit's report of the quarter
    if sids is not None:
        report_of[ids.row_unit[now]] = sids[now]
    planned, picked = np.flatnonzero(missing), [np.flatnonzero(mask) for mask in kinds]
    at = np.concatenate(picked)
    kind = np.repeat(np.arange(len(KINDS)), [len(planned), *(len(p) for p in picked)])
    unit = np.concatenate([ids.plan_unit[planned], ids.row_unit[at]])
    order = np.lexsort((np.concatenate([planned, at]), kind, unit))
    content = _texts(rows["content"], at) if "content" in rows.columns else np.full(len(at), None, dtype=object)
    found = {
        "unit_code": np.concatenate([_texts(plan_tasks["unit_code"], planned), _texts(rows["unit_code"], at)]),
        "quarter": np.full(len(order), quarter, dtype=object),
        "kind": np.asarray(KINDS, dtype=object)[kind],
        "task": np.concatenate([_texts(plan_tasks["code"], planned), _texts(rows["code"], at)]),
        "content": np.concatenate([_texts(plan_tasks["content"], planned), content]),
        "row": np.concatenate([np.full(len(planned), np.nan), rows["row"].to_numpy(dtype=np.float64)[at]]),
        "submission_id": np.concatenate(
            [report_of[ids.plan_unit[planned]], sids[at] if sids is not None else np.full(len(at), -1)]
        ),
    }
    return pd.DataFrame({name: pd.Series(values[order], dtype=NOTE_DTYPES[name]) for name, values in found.items()})


def _texts(column: pd.Series, at: np.ndarray) -> np.ndarray:
    """These rows' values as Python objects, None where there is none."""
    return column.iloc[at].to_numpy(dtype=object, na_value=None)


def _empty_notes() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=NOTE_DTYPES[name]) for name in NOTE_COLUMNS})


def as_list(found: pd.DataFrame) -> pd.DataFrame:
    """Notes (`NOTE_COLUMNS`) as the list (`COLUMNS`, every column of Python objects), each quarter's as it always
    was: a column is read as a whole, so that a quarter whose notes mix listed rows and missing tasks has NaN
    rows (floats), and one with only unplanned rows has None tasks."""
    quarters = found["quarter"].to_numpy(dtype=object)
    if len(quarters) and quarters[0] != quarters[-1]:  # a span: its quarters, one after the other
        bounds = np.flatnonzero(quarters[1:] != quarters[:-1]) + 1
        parts = np.split(np.arange(len(found)), bounds)
        return pd.concat([as_list(found.iloc[part]) for part in parts], ignore_index=True)
    if found.empty:
        return pd.DataFrame(columns=COLUMNS).astype(object)
    return pd.DataFrame({name: pd.Series(_as_read(found[name], name), dtype=object) for name in COLUMNS})


def _as_read(column: pd.Series, name: str) -> np.ndarray:
    """The column as pandas reads a list of records then makes objects of it (what the list always held)."""
    if name in ("unit_code", "quarter", "kind"):  # never missing
        return column.to_numpy(dtype=object)
    missing = column.isna().to_numpy()
    if missing.all():
        return np.full(len(column), None, dtype=object)
    if name == "row":
        return (column.astype(np.int64) if not missing.any() else column.astype(np.float64)).to_numpy(dtype=object)
    return column.to_numpy(dtype=object, na_value=np.nan)


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
