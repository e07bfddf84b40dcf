"""Read one unit's plan workbook (Kế hoạch CCHC năm) into a Plan, collecting every problem.

The same guard, reader, sheet matching and table finding as a report workbook
(loaders.read, loaders.tables); only the sheets and the checks are the plan's.
"""

from __future__ import annotations

import re

from core.catalogs import Catalogs, default_catalogs
from core.deadlines import Deadline, read_deadline
from core.filenames import received_name
from core.settings import UploadLimits
from core.text import fold_key
from i18n.messages import term
from loaders.guard import Refused, screen
from loaders.plan_contract import PLAN_INFO, PLAN_SHEETS, PLAN_TASKS
from loaders.plan_model import Plan, PlanTask
from loaders.problems import problem
from loaders.read import contract_grids, formula_checker, never_formula, open_workbook
from loaders.validate import (
    FieldsReader,
    FormulaCheck,
    SheetReader,
    duplicate_row,
    optional_text,
    registered_unit,
    table_reader,
    task_code,
)
from loaders.values import BadValue, as_date, as_text, is_blank

_PLAN_SHEETS = {key: sheet for sheet in PLAN_SHEETS for key in sheet.keys}
_YEAR = re.compile(r"^(?:nam)?(\d{4})$")


def load_plan(
    content: bytes,
    file_name: str,
    *,
    registry: dict[str, str] | None = None,
    catalogs: Catalogs | None = None,
    limits: UploadLimits | None = None,
) -> Plan:
    """Read one plan workbook. Never raises for a bad file: problems say what is wrong.

    `registry` maps unit codes to names; None skips the unit check (template tests).
    """
    catalogs = catalogs or default_catalogs()
    file_name = received_name(file_name)
    try:
        kind = screen(content, file_name, limits or UploadLimits())
        with open_workbook(content) as workbook:
            grids, sheet_problems = contract_grids(workbook, _PLAN_SHEETS)
        formula_check = formula_checker(content) if kind == "zip" else never_formula
        plan = _validate(file_name, grids, catalogs, registry, formula_check)
    except Refused as refused:
        return Plan(file_name=file_name, problems=[refused.problem])
    plan.problems[:0] = sheet_problems
    return plan


def _validate(
    file_name: str,
    grids: dict[str, tuple[str, list[list[object]]]],
    catalogs: Catalogs,
    registry: dict[str, str] | None,
    formula_check: FormulaCheck,
) -> Plan:
    plan = Plan(file_name=file_name)
    for sheet in PLAN_SHEETS:
        if sheet.key not in grids:
            plan.problems.append(problem("missing-sheet", sheet=sheet.key, title=sheet.title))
    if PLAN_INFO.key in grids:
        _read_info(plan, *grids[PLAN_INFO.key], registry, formula_check)
    if PLAN_TASKS.key in grids:
        name, grid = grids[PLAN_TASKS.key]
        reader = table_reader(PLAN_TASKS, name, grid, plan.problems, formula_check)
        if reader is not None:
            _read_tasks(plan, reader, catalogs)
    return plan


def _read_info(
    plan: Plan, name: str, grid: list[list[object]], registry: dict[str, str] | None, formula_check: FormulaCheck
) -> None:
    fields = FieldsReader(PLAN_INFO, name, grid, plan.problems, formula_check)
    code = fields.get("unit_code", as_text)
    plan.unit_name = fields.get("unit_name", as_text)
    plan.year = fields.get("year", as_year)
    plan.number = fields.get("number", as_text)
    plan.issued_on = fields.get("issued_on", as_date)
    plan.unit_code = registered_unit(fields, code, plan.unit_name, registry)


def as_year(value: object) -> int:
    """`2026`, `Năm 2026` or the number 2026: a year between 2000 and 2100."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        year: int | None = int(value)
    else:
        match = _YEAR.match(fold_key(value))  # "Năm 2026" folds to "nam2026"
        year = int(match.group(1)) if match else None
    if year is None or not 2000 <= year <= 2100:
        raise BadValue("bad-year", value)
    return year


def _read_tasks(plan: Plan, reader: SheetReader, catalogs: Catalogs) -> None:
    seen: dict[str, int] = {}
    for row, values in reader.table.records:
        field_code = reader.lookup(row, values, "field", catalogs.par_fields, "unknown-field")
        content = reader.value(row, values, "content", as_text)
        written = reader.value(row, values, "deadline", as_deadline_text)
        code = task_code(values)
        deadline = _deadline(plan, reader, row, written)
        if code is not None and duplicate_row(reader, seen, code, row, "code", term("what.task")):
            continue
        if None in (field_code, content, deadline):
            continue
        plan.tasks.append(
            PlanTask(
                row,
                code,
                field_code,
                content,
                optional_text(values, "who"),
                written,
                deadline.due,
                deadline.recurring,
                optional_text(values, "product"),
            )
        )


def as_deadline_text(value: object) -> str:
    """Thời hạn as written: a date cell becomes dd/mm/yyyy, text stays as it is."""
    if is_blank(value):
        raise BadValue("bad-deadline", value)
    return as_text(value)


def _deadline(plan: Plan, reader: SheetReader, row: int, written: str | None) -> Deadline | None:
    """The deadline read in the plan's year; a problem on the cell when it cannot be read or falls outside it."""
    if written is None:
        return None
    deadline = read_deadline(written, plan.year or 2000)  # a missing year is its own error
    if deadline is None:
        reader.add("bad-deadline", row, "deadline", value=written)
        return None
    if plan.year and deadline.due is not None and deadline.due.year != plan.year:
        reader.warn("deadline-outside-year", row, "deadline", value=written, year=plan.year)
    return deadline
