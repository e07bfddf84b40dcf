"""A plan workbook in, a stored or refused plan out (the CLI's `plan import`, the plan page)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from core.filenames import received_name
from core.periods import period_from_code, quarters_of
from core.permissions import may_submit_for, own_unit, own_ward
from core.settings import UploadLimits
from core.vocabulary import DONE
from loaders.contract import STATUS_LABELS
from loaders.guard import Refused, check_size
from loaders.plan_model import Plan
from loaders.problems import problem
from loaders.sandbox import shared_pool
from loaders.template import template_bytes
from metrics.continuity import as_list, notes
from metrics.frames import Frames
from metrics.plan_completion import plan_completion
from metrics.splice import rows_of_reports
from pipeline.ingest import Registry, expand_paths
from storage import audit
from storage.accounts import User
from storage.db import PerEngine, reading
from storage.plans import (
    REPORT_ROW_COLUMNS,
    coded_statuses,
    current_plan,
    current_plan_ids,
    current_reports,
    plan_dues,
    plan_tasks_of,
    report_rows,
    save_plan,
    task_contents,
)
from storage.submissions import current_task_statuses


@dataclass(frozen=True)
class PlanResult:
    file: str
    plan: Plan
    plan_id: int | None = None
    replaced: bool = False  # the unit's current plan for that year became history

    @property
    def accepted(self) -> bool:
        return self.plan_id is not None

    def as_json(self, lang: str = "vi") -> dict[str, object]:
        """Stable keys and codes, as `ingest --json` gives them for reports; each `message` in `lang`."""
        return {
            "file": self.file,
            "status": "accepted" if self.accepted else "rejected",
            "unit_code": self.plan.unit_code,
            "year": self.plan.year,
            "plan_id": self.plan_id,
            "replaced": self.replaced,
            "tasks": len(self.plan.tasks),
            "problems": [p.as_dict(lang) for p in self.plan.problems],
        }


def check_plan(content: bytes, file_name: str, registry: Registry, submitter: User | None = None) -> Plan:
    """The verdict on one plan file before anything is stored, read in a child process (loaders.sandbox).

    A clerk's plan of another school is refused, as a clerk's report is.
    """
    plan = shared_pool().read_plan(content, file_name, registry=registry.names, limits=UploadLimits.from_env())
    return as_sent_by(plan, submitter)


def as_sent_by(plan: Plan, submitter: User | None) -> Plan:
    """The plan as this account may send it: refused (one more error) when it is another school's."""
    if may_submit_for(submitter, plan.unit_code) or plan.unit_code is None or submitter is None:
        return plan
    if own_unit(submitter) is not None:
        refusal = problem("unit-not-allowed", unit=plan.unit_code, user=submitter.username, own=submitter.unit_code)
    elif own_ward(submitter) is not None:
        refusal = problem("unit-outside-ward", unit=plan.unit_code, user=submitter.username, ward=own_ward(submitter))
    else:
        refusal = problem("not-a-submitter", user=submitter.username)
    return replace(plan, problems=[refusal, *plan.problems])


def store_plan(
    engine: Engine, plan: Plan, content: bytes, received_at: datetime, submitter: User | None = None
) -> PlanResult:
    """Store an accepted plan (its unit's current plan for the year), or log the refusal; one audit line."""
    plan = as_sent_by(plan, submitter)
    by = submitter.username if submitter else None
    if not plan.accepted:
        detail = {"file": plan.file_name, "problems": [p.audit_text() for p in plan.problems]}
        audit.record(engine, "plan-rejected", username=by, unit_code=plan.unit_code, detail=detail, at=received_at)
        return PlanResult(plan.file_name, plan)
    plan_id, replaced = save_plan(engine, plan, content=content, received_at=received_at, by=by)
    return PlanResult(plan.file_name, plan, plan_id, replaced)


def import_plan_paths(
    engine: Engine, paths: Iterable[str | Path], *, submitter: User | None = None
) -> list[PlanResult]:
    """Check and store every plan file (folders expanded), in order; each file is one result."""
    registry = Registry.load(engine)
    results = []
    limits = UploadLimits.from_env()
    for path in expand_paths(paths):
        try:
            check_size(path.stat().st_size, limits)  # refused unread, as a report is
        except Refused as refused:
            content, plan = b"", Plan(file_name=received_name(path.name), problems=[refused.problem])
        else:
            content = path.read_bytes()
            plan = check_plan(content, path.name, registry, submitter)
        results.append(store_plan(engine, plan, content, audit.wall_clock(), submitter))
    return results


def quarter_template(engine: Engine, unit_code: str, unit_name: str, period: str) -> bytes:
    """The report workbook of a unit for a quarter, its tasks sheet filled from the unit's plan.

    The plan's tasks due by the quarter's end or recurring, with their codes, field, content
    and deadline (a recurring task's is the quarter's last day), and the status the previous
    quarter's report gave each, so that the school only updates what changed. A unit
    without a plan for the year gets the blank template with its unit and quarter.
    """
    quarter = period_from_code(period)
    plan = current_plan(engine, unit_code, quarter.year)
    rows: list[dict[str, object]] = []
    if plan is not None:
        before = current_task_statuses(engine, unit_code, quarter.shift(-1).code)
        for task in plan["tasks"]:
            due = task["due"]
            if due is not None and due > quarter.last_day:
                continue
            status, done_on = before.get(task["code"], (None, None))
            rows.append(
                {
                    "code": task["code"],
                    "field": task["field"],
                    "content": task["content"],
                    "plan": plan.get("number"),
                    "deadline": quarter.last_day if task["recurring"] else due,
                    "status": STATUS_LABELS.get(status),
                    "done_on": done_on if status == DONE else None,
                }
            )
    return template_bytes(unit_code=unit_code, unit_name=unit_name, period_label=quarter.label, tasks=rows or None)


def continuity_list(engine: Engine, period: str, *, frames: Frames | None = None) -> pd.DataFrame:
    """The quarter's continuity list (metrics.continuity) from the year's current plans and reports;
    for a span, each of its quarters' lists.

    The reports' rows are read from `frames` when given (they must hold the year's quarters up to the
    period's), else from the database. This process keeps the last list of each period and recomputes only
    the schools whose plan or reports changed since (`LiveContinuity`).
    """
    return as_list(live_continuity(engine).notes(engine, period, frames))


KEPT_PERIODS = 4  # lists kept per database: the quarter the pages show, and a few others asked for


@dataclass(frozen=True)
class _Kept:
    reports: pd.DataFrame  # submission_id, unit_code, period: the current reports the notes were read from
    plans: dict[str, int]  # unit → its current plan's id
    notes: pd.DataFrame  # NOTE_COLUMNS, quarter by quarter then unit
    stored: pd.DataFrame | None = None  # every current report of those quarters, as the database gave them


class LiveContinuity:
    """One database's continuity notes per period, kept and brought up to date school by school.

    A school's notes of a period depend on its current plan for the year and its current reports of the year's
    quarters up to the period's last, nothing else: a stored plan or report never changes (a new one has a new
    id). So each ask compares these ids with those of the last list of the period, computes the notes of the
    schools whose ids changed only, and splices them in: the result equals a full computation, row for row.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self.recomputed: int | None = None  # schools computed again by the last ask (None: all of them)

    def notes(self, engine: Engine, period: str, frames: Frames | None = None) -> pd.DataFrame:
        """The period's notes (metrics.continuity.NOTE_COLUMNS), with their content."""
        return self.notes_and_plans(engine, period, frames)[0]

    def notes_and_plans(
        self, engine: Engine, period: str, frames: Frames | None = None
    ) -> tuple[pd.DataFrame, dict[str, int]]:
        """`notes`, and the current plans (unit → plan id) they were computed from."""
        year, codes = year_quarters(period)
        with self._lock, reading(engine) as conn:
            plans, kept = current_plan_ids(conn, year), self._kept.get(period)
            if frames is None:  # the ids of the reports, and the unit and quarter of those not seen yet
                reports = current_reports(conn, codes, None if kept is None else kept.stored)
            else:
                reports = frame_reports(frames, codes)
            stored = reports if frames is None else None
            reports = reports.loc[reports["unit_code"].isin(list(plans)).to_numpy()].reset_index(drop=True)
            changed = None if kept is None else changed_units(kept.reports, reports, kept.plans, plans)
            self.recomputed = None if changed is None else len(changed)
            if kept is not None and not changed:
                if stored is not None and stored is not kept.stored:  # a school without a plan sent one
                    self._kept[period] = replace(kept, stored=stored)
                self._kept.move_to_end(period)
                return kept.notes, plans
            asked = reports if changed is None else reports.loc[reports["unit_code"].isin(list(changed)).to_numpy()]
            found = unit_notes(conn, period, asked, plans, frames)
            result = found if kept is None or changed is None else _spliced(kept.notes, changed, found)
            self._kept[period] = _Kept(reports, plans, result, stored)
            self._kept.move_to_end(period)
            while len(self._kept) > KEPT_PERIODS:
                self._kept.popitem(last=False)
            return result, plans


def year_quarters(period: str) -> tuple[int, list[str]]:
    """The period's year and the codes of its quarters up to the period's last: what its notes are read from."""
    quarters = quarters_of(period)
    year = quarters[0].year
    return year, [f"{year}-Q{n}" for n in range(1, quarters[-1].quarter + 1)]


def unit_notes(
    conn: Connection, period: str, reports: pd.DataFrame, plans: dict[str, int], frames: Frames | None = None
) -> pd.DataFrame:
    """The notes (metrics.continuity.NOTE_COLUMNS, with their content) of the schools of `reports`: their current
    reports of the year up to the period (submission_id, unit_code, period), their plans among `plans`. The rows
    are read from `frames` when given, else from the database."""
    rows = report_rows(conn, reports) if frames is None else _frame_rows(frames, reports)
    planned = [plans[unit] for unit in set(reports["unit_code"]) if unit in plans]
    return _with_contents(conn, notes(plan_tasks_of(conn, planned), rows, period))


def frame_reports(frames: Frames, quarters: list[str]) -> pd.DataFrame:
    """storage.plans.current_reports from the tables in memory."""
    stored = frames.submissions
    current = stored.loc[stored["is_current"].to_numpy() & stored["period"].isin(quarters).to_numpy()]
    return current[["submission_id", "unit_code", "period"]].sort_values("submission_id").reset_index(drop=True)


def _frame_rows(frames: Frames, reports: pd.DataFrame) -> pd.DataFrame:
    """storage.plans.report_rows from the tables in memory: a row's code is its `task` unless that is the digest of
    its content (metrics.frames), which a row without a code has there instead."""
    tasks = frames.tasks
    rows = tasks.take(rows_of_reports(tasks, reports["submission_id"].to_numpy()))
    rows = rows.loc[rows["period"].isin(set(reports["period"])).to_numpy()]  # not a span's rows (metrics.cumulative)
    task = rows["task"]
    digest = task.str.startswith("~").fillna(False).to_numpy() & (task.str.slice(1) == rows["content_key"]).to_numpy()
    found = rows[[*REPORT_ROW_COLUMNS[:3], "row", "deadline", "status"]].assign(code=task.where(~digest))
    texts = ["content"] if "content" in rows.columns else []  # a server's tables have none (storage.snapshot)
    return found.assign(**{name: rows[name] for name in texts}).reset_index(drop=True)


def changed_units(
    before: pd.DataFrame, now: pd.DataFrame, plans_before: dict[str, int], plans_now: dict[str, int]
) -> set[str]:
    """The schools whose reports (submission_id, unit_code) or current plan (unit → id) are not those of before."""
    flipped = np.setxor1d(before["submission_id"].to_numpy(), now["submission_id"].to_numpy())
    units = {*before.loc[np.isin(before["submission_id"].to_numpy(), flipped), "unit_code"],
             *now.loc[np.isin(now["submission_id"].to_numpy(), flipped), "unit_code"]}  # fmt: skip
    return units | {u for u in plans_before.keys() | plans_now.keys() if plans_before.get(u) != plans_now.get(u)}


def _with_contents(conn: Connection, found: pd.DataFrame) -> pd.DataFrame:
    """The notes about report rows with the rows' content, where they came without (read for those reports only)."""
    need = (found["row"].notna() & found["content"].isna()).to_numpy()
    if not need.any():
        return found
    sids, rows = found["submission_id"].to_numpy()[need], found["row"].to_numpy()[need].astype("int64")
    texts = task_contents(conn, np.unique(sids))
    index = pd.MultiIndex.from_arrays([texts["submission_id"].to_numpy(), texts["row"].to_numpy()])
    at = index.get_indexer(pd.MultiIndex.from_arrays([sids, rows]))
    content = found["content"].to_numpy(dtype=object).copy()
    content[need] = texts["content"].to_numpy(dtype=object)[at]
    return found.assign(content=pd.Series(content, index=found.index, dtype=object))


def _spliced(kept: pd.DataFrame, changed: set[str], found: pd.DataFrame) -> pd.DataFrame:
    """`kept` without the notes of the `changed` schools, with `found` (theirs, computed again) where a full
    computation puts them: by quarter, then school."""
    stays = kept.loc[~kept["unit_code"].isin(list(changed)).to_numpy()].reset_index(drop=True)
    if found.empty:
        return stays
    quarters, units = stays["quarter"].to_numpy(dtype=object), stays["unit_code"].to_numpy(dtype=object)
    at = np.empty(len(found), dtype=np.int64)
    for n, (quarter, unit) in enumerate(zip(found["quarter"], found["unit_code"], strict=True)):
        low, high = np.searchsorted(quarters, quarter, "left"), np.searchsorted(quarters, quarter, "right")
        at[n] = low + np.searchsorted(units[low:high], unit, "left")
    order = np.insert(np.arange(len(stays)), at, len(stays) + np.arange(len(found)))
    return pd.concat([stays, found], ignore_index=True).take(order).reset_index(drop=True)


def plan_completion_table(engine: Engine, period: str, tasks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each unit's plan completion for a quarter or a span of the year (`2026-H1`, `2026-9M`, `2026`):
    its plan tasks due by the period's end, and those whose latest status in the period is done.

    `tasks`, the task rows of current reports a caller already holds (metrics.frames: `task` is the
    row's code when it has one), spares reading the period's statuses again.
    """
    quarters = quarters_of(period)
    year, last = quarters[-1].year, quarters[-1]
    codes = [q.code for q in quarters]
    statuses = coded_statuses(engine, codes) if tasks is None else _coded_rows(tasks)
    return plan_completion(plan_dues(engine, year), statuses, codes, last.last_day)


def _coded_rows(tasks: pd.DataFrame) -> pd.DataFrame:
    """unit_code, period, code, status of the rows that carry a code (not a content digest: metrics.frames)."""
    coded = tasks.loc[~tasks["task"].str.startswith("~").fillna(True).to_numpy()]
    return coded[["unit_code", "period", "task", "status"]].rename(columns={"task": "code"})


# This process's continuity lists of the database behind an engine (one per engine: a new engine, a new start).
live_continuity: PerEngine[LiveContinuity] = PerEngine(LiveContinuity)
