"""A quarterly report's tasks linked to the unit's plan of the year (plan-and-year.md, "Linking").

Each task row is linked by its Mã nhiệm vụ (a code not in the plan is an error on that
cell), else by content (NFC, case and spaces folded, equal text), else it is an unplanned
task (a warning on the row: it still counts in the quarter's figures). A unit without a
plan for the year has nothing linked, and a code it wrote is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import Engine

from core.text import fold_key
from loaders.contract import TASKS
from loaders.problems import WARNING, problem
from loaders.report import Report, Task
from storage.plans import plan_task_codes


@dataclass
class PlanBook:
    """The current plans' task codes, read once per year for a whole batch of reports."""

    engine: Engine
    _years: dict[int, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)

    def tasks(self, unit_code: str, year: int) -> list[tuple[str, str]] | None:
        """(code, content) of the unit's plan tasks for `year`; None when it has no plan."""
        if year not in self._years:
            self._years[year] = plan_task_codes(self.engine, year)
        return self._years[year].get(unit_code)


def link_to_plan(report: Report, book: PlanBook) -> Report:
    """The report with each task carrying its plan code, and the linking's problems added."""
    if not report.accepted or not report.unit_code or not report.period or not report.tasks:
        return report
    planned = book.tasks(report.unit_code, int(report.period[:4]))
    if planned is None:
        return report
    by_code = {code.upper(): code for code, _ in planned}
    by_content = {fold_key(content): code for code, content in planned}
    tasks: list[Task] = []
    problems = []
    for task in report.tasks:
        if task.code is not None:
            known = by_code.get(task.code.upper())
            if known is None:
                problems.append(_on_row(task, "code", "task-code-not-in-plan", value=task.code, year=report.period[:4]))
            tasks.append(replace(task, code=known or task.code))
            continue
        linked = by_content.get(fold_key(task.content))
        if linked is None:
            problems.append(_on_row(task, "content", "task-unplanned", severity=WARNING, year=report.period[:4]))
        tasks.append(replace(task, code=linked))
    if not problems and tasks == report.tasks:
        return report
    return replace(report, tasks=tasks, problems=[*report.problems, *problems])


def _on_row(task: Task, key: str, code: str, **params: object):
    return problem(code, sheet=TASKS.key, row=task.row, column=TASKS.column(key).label, **params)
