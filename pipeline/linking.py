"""A quarterly report's tasks linked to the unit's plan of the year, and followed against it.

Linking (plan-and-year.md, "Linking"): each task row is linked by its Mã nhiệm vụ (a code
not in the plan is an error on that cell), else by content (NFC, case and spaces folded,
equal text), else it is unplanned. Following (its "Continuity"): the notes of
metrics.continuity for this report, given as warnings in the verdict and kept with it.
A unit without a plan for the year has nothing linked, and a code it wrote is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import Engine

from core.periods import period_from_code
from core.text import fold_key
from core.vocabulary import DONE
from loaders.contract import TASKS
from loaders.problems import WARNING, Problem, problem
from loaders.report import Report, Task
from metrics.continuity import DEADLINE_MOVED, MISSING, WENT_BACK, Note, PlanItem, ReportedRow, unit_continuity
from storage.plans import codes_done, plan_task_codes

NOTE_PROBLEMS = {  # continuity note → (problem code, the column it is on)
    MISSING: ("plan-task-missing", None),
    DEADLINE_MOVED: ("plan-deadline-moved", "deadline"),
    WENT_BACK: ("task-went-back", "status"),
}


@dataclass
class PlanBook:
    """The current plans' tasks, read once per year for a whole batch of reports."""

    engine: Engine
    _years: dict[int, dict[str, list[tuple[str, str, date | None]]]] = field(default_factory=dict)
    _done: dict[int, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)

    def tasks(self, unit_code: str, year: int) -> list[tuple[str, str, date | None]] | None:
        """(code, content, due or None when recurring) of the unit's plan tasks for `year`; None: no plan."""
        if year not in self._years:
            self._years[year] = plan_task_codes(self.engine, year)
        return self._years[year].get(unit_code)

    def done_before(self, unit_code: str, period: str) -> set[str]:
        """The plan codes the unit reported done in the year's quarters before `period`: as stored when first
        asked, and in the reports of this batch linked since (an earlier quarter's file sent with this one)."""
        return {code for quarter, code in self._done_in(int(period[:4])).get(unit_code, ()) if quarter < period}

    def linked(self, unit_code: str, period: str, done: Iterable[str]) -> None:
        """A report of this batch listed these plan codes done: later quarters' reports see them."""
        self._done_in(int(period[:4])).setdefault(unit_code, []).extend((period, code) for code in done)

    def _done_in(self, year: int) -> dict[str, list[tuple[str, str]]]:
        if year not in self._done:
            self._done[year] = {unit: list(pairs) for unit, pairs in codes_done(self.engine, year).items()}
        return self._done[year]


def link_to_plan(report: Report, book: PlanBook) -> Report:
    """The report with each task carrying its plan code, and the linking's and following's problems added."""
    if not report.accepted or not report.unit_code or not report.period or not report.tasks:
        return report
    quarter = period_from_code(report.period)
    planned = book.tasks(report.unit_code, quarter.year)
    if planned is None:
        return report
    by_code = {code.upper(): code for code, _, _ in planned}
    by_content = {fold_key(content): code for code, content, _ in planned}
    tasks: list[Task] = []
    problems: list[Problem] = []
    for task in report.tasks:
        if task.code is not None:
            known = by_code.get(task.code.upper())
            if known is None:
                problems.append(_on_row(task.row, "code", "task-code-not-in-plan", value=task.code, year=quarter.year))
            tasks.append(replace(task, code=known or task.code))
        else:
            tasks.append(replace(task, code=by_content.get(fold_key(task.content))))
    if not problems:  # a report refused for its codes is not followed: its rows are not what it means
        problems = _notes(planned, tasks, book.done_before(report.unit_code, quarter.code), quarter)
        book.linked(report.unit_code, quarter.code, [t.code for t in tasks if t.code is not None and t.status == DONE])
    return replace(report, tasks=tasks, problems=[*report.problems, *problems])


def _notes(planned, tasks: list[Task], done_before: set[str], quarter) -> list[Problem]:
    plan = [PlanItem(code, content, due) for code, content, due in planned]
    rows = [ReportedRow(t.row, t.code, t.content, t.deadline, t.status) for t in tasks]
    due = {item.code: item.due for item in plan}
    notes = unit_continuity(plan, rows, done_before, quarter.last_day)
    return [_problem(note, quarter.year, due.get(note.task or "")) for note in notes]


def _problem(note: Note, year: int, planned: date | None) -> Problem:
    if note.kind not in NOTE_PROBLEMS:  # unplanned
        return _on_row(note.row, "content", "task-unplanned", severity=WARNING, year=year)
    code, column = NOTE_PROBLEMS[note.kind]
    if column is None:
        return problem(code, severity=WARNING, sheet=TASKS.key, task=note.task, content=note.content, year=year)
    planned_day = planned.isoformat() if planned else None
    return _on_row(note.row, column, code, severity=WARNING, task=note.task, planned_day=planned_day)


def _on_row(row: int | None, key: str, code: str, **params: object) -> Problem:
    return problem(code, sheet=TASKS.key, row=row, column=TASKS.column(key).label, **params)
