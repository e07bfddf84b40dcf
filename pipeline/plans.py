"""A plan workbook in, a stored or refused plan out (the CLI's `plan import`, the plan page)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

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
from metrics.continuity import continuity
from metrics.plan_completion import plan_completion
from pipeline.ingest import Registry, expand_paths
from storage import audit
from storage.accounts import User
from storage.plans import coded_statuses, current_plan, current_plans, plan_dues, save_plan, year_report_rows
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


def continuity_list(engine: Engine, period: str) -> pd.DataFrame:
    """The quarter's continuity list (metrics.continuity) from the year's current plans and reports;
    for a span, each of its quarters' lists."""
    year = quarters_of(period)[0].year
    plan_tasks = current_plans(engine, year)
    if plan_tasks.empty:  # no plan this year: nothing to follow, and no report rows to read
        return continuity(plan_tasks, year_report_rows(engine, year, units=[]), period)
    return continuity(plan_tasks, year_report_rows(engine, year, units=sorted(set(plan_tasks["unit_code"]))), period)


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
