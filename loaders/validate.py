"""Turn located records into a Report, collecting every problem on the way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from core.catalogs import Catalog, Catalogs
from core.frameworks import CRITERION, SUB_CRITERION, Framework, fields_only, framework_for
from core.periods import parse_period, period_from_code, within
from core.text import clean_text, fold_key
from i18n.messages import term
from loaders import contract as c
from loaders.problems import ERROR, WARNING, Problem, problem
from loaders.report import ANSWER_LEVELS, DONE, IndicatorValue, Report, SatisfactionRow, SelfScore, Task
from loaders.tables import LocatedTable, locate, value_columns
from loaders.values import BadValue, as_amount, as_count, as_date, as_text, is_blank, shown

# (sheet name, Excel row, 0-based column) of a blank cell → "" for a formula without a cached
# value, the error text ("#DIV/0!") for a formula error, None for a truly empty cell.
FormulaCheck = Callable[[str, int, int], str | None]


@dataclass
class SheetReader:
    """Reads typed values from one sheet's records; problems go to a shared list."""

    name: str  # as the user named it
    table: LocatedTable
    problems: list[Problem]
    formula_check: FormulaCheck
    columns: dict[str, c.Column] = field(default_factory=dict)

    def header(self, key: str) -> str:
        cell = self.table.columns.get(key)
        return cell.text if cell else self.columns[key].label

    def add(self, code: str, row: int | None, key: str | None, **params: object) -> None:
        column = self.header(key) if key else None
        self.problems.append(problem(code, sheet=self.name, row=row, column=column, **params))

    def warn(self, code: str, row: int | None, key: str | None, **params: object) -> None:
        column = self.header(key) if key else None
        self.problems.append(problem(code, severity=WARNING, sheet=self.name, row=row, column=column, **params))

    def value(self, row: int, values: dict[str, object], key: str, parse: Callable[[object], object]):
        """The parsed cell, or None (with a problem recorded when it was required or unreadable)."""
        raw = values.get(key, "")
        if is_blank(raw):
            if self.columns[key].required == c.YES:
                self.missing(row, key)
            return None
        try:
            return parse(raw)
        except BadValue as bad:
            self.add(bad.code, row, key, value=bad.value, expected=_expected(self.columns[key].kind))
            return None

    def missing(self, row: int, key: str) -> None:
        cell = self.table.columns.get(key)
        index = cell.index if cell else -1
        expected = _expected(self.columns[key].kind)
        self.problems.append(_blank_cell_problem(self.formula_check, self.name, row, index, self.header(key), expected))

    def lookup(self, row: int, values: dict[str, object], key: str, catalog: Catalog, code: str) -> str | None:
        text = self.value(row, values, key, as_text)
        if text is None:
            return None
        found = catalog.resolve(text)
        if found is None:
            self.add(code, row, key, value=text, expected=list(catalog.codes()))
        return found


def _expected(kind: str) -> dict[str, object]:
    """What a cell of this kind needs, worded per language."""
    return term(f"kind.{kind}")


def _blank_cell_problem(
    formula_check: FormulaCheck, sheet: str, row: int, index: int, column: str, expected: dict[str, object]
) -> Problem:
    explanation = formula_check(sheet, row, index)
    if explanation is None:
        return problem("missing-value", sheet=sheet, row=row, column=column, expected=expected)
    if explanation == "":
        return problem("formula-no-value", sheet=sheet, row=row, column=column)
    return problem("formula-error", sheet=sheet, row=row, column=column, value=explanation, expected=expected)


def validate(
    file_name: str,
    grids: dict[str, tuple[str, list[list[object]]]],
    catalogs: Catalogs,
    registry: dict[str, str] | None,
    formula_check: FormulaCheck,
    active: dict[str, tuple[str | None, str | None]] | None = None,
) -> Report:
    """`grids` maps a contract sheet key to (the user's sheet name, its cells)."""
    report = Report(file_name=file_name)
    for sheet in c.SHEETS:
        if sheet.key not in grids:
            if sheet.required:
                report.problems.append(problem("missing-sheet", sheet=sheet.key, title=sheet.title))
            continue
        name, grid = grids[sheet.key]
        if sheet.layout == "fields":
            _read_info(report, name, grid, registry, formula_check, active or {})
            continue
        reader = table_reader(sheet, name, grid, report.problems, formula_check)
        if reader is None:
            continue
        if not sheet.required and _unfilled(sheet, reader.table):
            # The template prefills the optional sheet's rows; none filled in means not reported.
            report.problems.append(problem("optional-sheet-unfilled", severity=WARNING, sheet=name, title=sheet.title))
            continue
        READERS[sheet.key](report, reader, catalogs)
    return report


def _unfilled(sheet: c.Sheet, table: LocatedTable) -> bool:
    keys = value_columns(sheet)
    return all(is_blank(values.get(key, "")) for _, values in table.records for key in keys)


def table_reader(
    sheet: c.Sheet, name: str, grid: list[list[object]], problems: list[Problem], formula_check: FormulaCheck
) -> SheetReader | None:
    table = locate(grid, sheet)
    if table is None:
        labels = ", ".join(f"“{col.label}”" for col in sheet.columns if col.required != c.NO)
        problems.append(problem("missing-header", sheet=name, labels=labels))
        return None
    reader = SheetReader(name, table, problems, formula_check, sheet.columns_by_key)
    for col in sheet.columns:
        if col.required != c.NO and col.key not in table.columns:
            aliases = ", ".join(f"“{a}”" for a in col.aliases) or term("value.none")
            problems.append(
                problem(
                    "missing-column",
                    sheet=name,
                    row=table.header_row,
                    column=col.label,
                    label=col.label,
                    aliases=aliases,
                )
            )
    for cell in table.duplicates:
        problems.append(
            problem("duplicate-column", severity=WARNING, sheet=name, row=table.header_row, column=cell.text)
        )
    for cell in table.unknown:
        problems.append(problem("unknown-column", severity=WARNING, sheet=name, row=table.header_row, column=cell.text))
    if any(p.code == "missing-column" and p.sheet == name for p in problems):
        return None
    if not table.records:
        problems.append(problem("no-records", severity=WARNING, sheet=name))
    return reader


class FieldsReader:
    """A "fields" sheet (label in one cell, value in the next): typed values, problems to a shared list."""

    def __init__(
        self, sheet: c.Sheet, name: str, grid: list[list[object]], problems: list[Problem], formula_check: FormulaCheck
    ) -> None:
        self.sheet, self.name, self.problems, self.formula_check = sheet, name, problems, formula_check
        self.found: dict[str, tuple[int, str, object, int]] = {}  # key → (Excel row, label, value, value column)
        for r, row in enumerate(grid):
            cells = [(i, v) for i, v in enumerate(row) if not is_blank(v)]
            if not cells:
                continue
            label_index, label = cells[0]
            key = sheet.header_keys.get(fold_key(label)) if isinstance(label, str) else None
            if key is not None and key not in self.found:
                value_index, value = cells[1] if len(cells) > 1 else (label_index + 1, "")
                self.found[key] = (r + 1, clean_text(label), value, value_index)

    def get(self, key: str, parse: Callable[[object], object]):
        """The parsed value, or None (with a problem recorded when it was required or unreadable)."""
        column = self.sheet.columns_by_key[key]
        if key not in self.found:
            if column.required == c.YES:
                self.problems.append(problem("missing-field", sheet=self.name, column=column.label, label=column.label))
            return None
        row, label, raw, index = self.found[key]
        if is_blank(raw):
            if column.required == c.YES:
                expected = _expected(column.kind)
                self.problems.append(_blank_cell_problem(self.formula_check, self.name, row, index, label, expected))
            return None
        try:
            return parse(raw)
        except BadValue as bad:
            self.problems.append(
                problem(
                    bad.code, sheet=self.name, row=row, column=label, value=bad.value, expected=_expected(column.kind)
                )
            )
            return None

    def at(self, key: str) -> tuple[int | None, str]:
        """Where the value of `key` is (or would be): its Excel row and its label as written."""
        row, label, _, _ = self.found.get(key, (None, self.sheet.columns_by_key[key].label, None, 0))
        return row, label

    def add(self, code: str, key: str, *, severity: str = ERROR, **params: object) -> None:
        row, label = self.at(key)
        self.problems.append(problem(code, severity=severity, sheet=self.name, row=row, column=label, **params))


def registered_unit(fields: FieldsReader, code: str | None, name_given: str | None, registry: dict[str, str] | None):
    """The registry's spelling of the unit code, or None (unknown-unit); a different name is a warning."""
    if code is None or registry is None:
        return code
    canonical = _codes_by_key(tuple(registry)).get(fold_key(code))
    if canonical is None:
        fields.add("unknown-unit", "unit_code", value=code)
        return None
    if name_given is not None and fold_key(name_given) != fold_key(registry[canonical]):
        fields.add("unit-name-mismatch", "unit_name", severity=WARNING, value=name_given, expected=registry[canonical])
    return canonical


def _read_info(
    report: Report,
    name: str,
    grid: list[list[object]],
    registry: dict[str, str] | None,
    formula_check: FormulaCheck,
    active: dict[str, tuple[str | None, str | None]],
) -> None:
    fields = FieldsReader(c.INFO, name, grid, report.problems, formula_check)
    code = fields.get("unit_code", as_text)
    name_given = fields.get("unit_name", as_text)
    report.prepared_by = fields.get("prepared_by", as_text)
    report.prepared_on = fields.get("prepared_on", as_date)
    period_text = fields.get("period", as_text)
    if period_text is not None:
        period = parse_period(period_text)
        if period is None:
            fields.add("bad-period", "period", value=period_text)
        else:
            report.period = period.code
    report.unit_name = name_given
    canonical = registered_unit(fields, code, name_given, registry)
    report.unit_code = canonical
    if canonical is None or registry is None:
        return
    first, last = active.get(canonical, (None, None))
    if report.period and not within(report.period, first, last):
        which = "from_to" if first and last else "from" if first else "to"
        span = term(f"span.{which}", first_quarter=first, last_quarter=last)
        fields.add("unit-not-active", "period", value=canonical, period=period_text, span=span)


@lru_cache(maxsize=4)  # one registry serves a whole batch of files
def _codes_by_key(codes: tuple[str, ...]) -> dict[str, str]:
    """Folded unit code → the registry's spelling (the last, when two fold alike)."""
    return {fold_key(code): code for code in codes}


def _status(value: object) -> str:
    found = c.status_code(value)
    if found is None:
        raise BadValue("unknown-status", value)
    return found


def _read_tasks(report: Report, reader: SheetReader, catalogs: Catalogs) -> None:
    for row, values in reader.table.records:
        field_code = reader.lookup(row, values, "field", catalogs.par_fields, "unknown-field")
        content = reader.value(row, values, "content", as_text)
        deadline = reader.value(row, values, "deadline", as_date)
        status = reader.value(row, values, "status", _status)
        done_on = reader.value(row, values, "done_on", as_date)
        if status == DONE and is_blank(values.get("done_on", "")):
            reader.add("missing-done-date", row, "done_on")
        if status not in (None, DONE) and done_on is not None:
            reader.warn("done-date-not-done", row, "done_on", value=shown(done_on), status=shown(values["status"]))
            done_on = None
        if None in (field_code, content, deadline, status) or (status == DONE and done_on is None):
            continue
        report.tasks.append(
            Task(
                row,
                field_code,
                content,
                optional_text(values, "plan"),
                deadline,
                status,
                done_on,
                optional_text(values, "evidence"),
                optional_text(values, "note"),
                task_code(values),
            )
        )


def _read_indicators(report: Report, reader: SheetReader, catalogs: Catalogs) -> None:
    seen: dict[str, int] = {}
    for row, values in reader.table.records:
        code = reader.lookup(row, values, "code", catalogs.indicators, "unknown-indicator")
        result = reader.value(row, values, "result", as_amount)
        total = reader.value(row, values, "total", as_amount)
        if code is None:
            continue
        if duplicate_row(reader, seen, code, row, "code", term("what.indicator")):
            continue
        indicator = catalogs.indicators[code]
        if indicator.is_rate:
            if is_blank(values.get("total", "")):
                reader.add("missing-total", row, "total", indicator=code)
                continue
            if result is not None and total is not None and result > total:
                reader.add("exceeds-total", row, "result", value=shown(result), total=shown(total))
                continue
        else:
            total = None
        if result is not None:
            report.indicators.append(IndicatorValue(row, code, result, total, optional_text(values, "note")))


def _read_satisfaction(report: Report, reader: SheetReader, catalogs: Catalogs) -> None:
    seen: dict[str, int] = {}
    for row, values in reader.table.records:
        dimension = reader.lookup(row, values, "dimension", catalogs.dimensions, "unknown-dimension")
        answers = reader.value(row, values, "answers", as_count)
        levels = [reader.value(row, values, key, as_count) for key in ANSWER_LEVELS]
        if dimension is None or answers is None or None in levels:
            continue
        if duplicate_row(reader, seen, dimension, row, "dimension", term("what.dimension")):
            continue
        if sum(levels) != answers:
            reader.add("answers-mismatch", row, "answers", value=sum(levels), expected=answers)
            continue
        report.satisfaction.append(SatisfactionRow(row, dimension, answers, tuple(levels)))  # type: ignore[arg-type]


def _read_self_assessment(report: Report, reader: SheetReader, catalogs: Catalogs) -> None:
    """Points per field, or per criterion of the report year's framework (core.frameworks) where named."""
    framework = framework_for(period_from_code(report.period).year) if report.period else fields_only()
    fields = framework.field_catalog() if framework.source else catalogs.par_fields
    seen: dict[str, int] = {}
    scored_by: dict[str, tuple[str, int]] = {}  # field → how its rows score it ("field" / "criteria"), first row
    for row, values in reader.table.records:
        field_code = reader.lookup(row, values, "field", fields, "unknown-field")
        criterion = _criterion(reader, row, values, framework, field_code)
        stated_max = reader.value(row, values, "max_points", as_amount)
        self_points = reader.value(row, values, "self_points", as_amount)
        appraised = reader.value(row, values, "appraised_points", as_amount)
        if field_code is None or criterion is False:
            continue
        key, what = (criterion, term("what.criterion")) if criterion else (field_code, term("what.field"))
        if duplicate_row(reader, seen, key, row, "criterion" if criterion else "field", what):
            continue
        if _mixed(reader, scored_by, field_code, "criteria" if criterion else "field", row):
            continue
        maximum = framework[criterion].max_points if criterion else fields[field_code].max_points
        if stated_max is not None and stated_max != maximum:
            reader.warn("max-points-mismatch", row, "max_points", value=shown(stated_max), expected=maximum)
        in_range = True
        for column, points in (("self_points", self_points), ("appraised_points", appraised)):
            if points is not None and points > maximum:
                reader.add("points-out-of-range", row, column, value=shown(points), expected=maximum)
                in_range = False
        if self_points is not None and in_range:
            note, explanation = optional_text(values, "note"), optional_text(values, "explanation")
            report.self_assessment.append(
                SelfScore(row, field_code, maximum, self_points, appraised, note, criterion or None, explanation)
            )
    _criteria_left_out(reader, report, framework, scored_by)


def _criterion(
    reader: SheetReader, row: int, values: dict[str, object], framework: Framework, field_code: str | None
) -> str | Literal[False] | None:
    """The criterion a row names (None: the whole field; False: a problem was recorded)."""
    text = reader.value(row, values, "criterion", as_text)
    if text is None:
        return None
    found = framework.resolve(text)
    year = framework.year
    if found is None or framework[found].level not in (CRITERION, SUB_CRITERION):
        reader.add("unknown-criterion", row, "criterion", value=text, year=year)
        return False
    if framework.children(found):  # scored through its sub-criteria
        below = ", ".join(i.code for i in framework.children(found))
        reader.add("criterion-has-sub-criteria", row, "criterion", value=found, expected=below)
        return False
    if field_code is not None and framework.field_of(found) != field_code:
        reader.add("criterion-other-field", row, "criterion", value=found, field=framework.field_of(found))
        return False
    return found


def _mixed(reader: SheetReader, scored_by: dict[str, tuple[str, int]], field_code: str, how: str, row: int) -> bool:
    """A field scored both as a whole and by criteria: the later rows are refused."""
    first = scored_by.setdefault(field_code, (how, row))
    if first[0] != how:
        reader.add("field-and-criteria", row, "field", value=field_code, first=first[1])
        return True
    return False


def _criteria_left_out(
    reader: SheetReader, report: Report, framework: Framework, scored_by: dict[str, tuple[str, int]]
) -> None:
    """A field scored by criteria that leaves some out: they count 0 of 0 (said, not refused)."""
    for field_code, (how, row) in scored_by.items():
        if how != "criteria":
            continue
        listed = {s.criterion for s in report.self_assessment if s.field == field_code}
        missing = [i.code for i in framework.scored(field_code) if i.code not in listed]
        if missing:
            reader.warn("criteria-left-out", row, "criterion", field=field_code, codes=", ".join(missing))


def duplicate_row(
    reader: SheetReader, seen: dict[str, int], code: str, row: int, key: str, what: dict[str, object]
) -> bool:
    if code in seen:
        reader.add("duplicate-row", row, key, value=code, first=seen[code], what=what)
        return True
    seen[code] = row
    return False


def task_code(values: dict[str, object]) -> str | None:
    """Mã nhiệm vụ as a plan and a report both hold it: trimmed, upper-case; None when blank."""
    code = optional_text(values, "code")
    return code.upper() if code else None


def optional_text(values: dict[str, object], key: str) -> str | None:
    raw = values.get(key, "")
    return None if is_blank(raw) else as_text(raw)


READERS: dict[str, Callable[[Report, SheetReader, Catalogs], None]] = {
    c.TASKS.key: _read_tasks,
    c.INDICATORS.key: _read_indicators,
    c.SATISFACTION.key: _read_satisfaction,
    c.SELF_ASSESSMENT.key: _read_self_assessment,
}
