"""The demo schools' yearly CCHC plans, drawn from the tasks their quarterly reports list.

A school's plan for a year lists the tasks of its second-quarter report (the one
written when the year's work is in full swing; else its first report of the year),
less a task or two it added later, and a few tasks of its other quarters. Deadlines
are written as schools write them: a day, a quarter, a month, the year, or a
recurring `Thường xuyên` / `Hằng quý`. Some schools number their tasks (`I.1`,
`II.3`…), the others leave Mã nhiệm vụ empty and the app gives the codes. A few
schools send no plan at all, and one sends its 2026 plan only as a Word document
(demo.word_plan): it is not loaded, a person proposes it on the plan page. Deterministic:
everything comes from the seed.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from core.catalogs import default_catalogs
from core.periods import Period
from demo.generator import (
    PLAN_PRODUCT,
    PLAN_RECURRING,
    PLAN_WHO,
    TASKS,
    ReportData,
    TaskLine,
    plan_deadline,
    plan_numbers,
    profile,
    quarter_deadline,
    stable_zip,
    task_words,
)
from demo.word_plan import plan_document
from loaders.plan_contract import PLAN_INFO
from loaders.template import build_plan_template

PLAN_MANIFEST_FIELDS = ("file", "unit", "year")
WITHOUT_PLAN = 3  # schools of a year that send no plan
DROPPED = (0, 1, 1, 2)  # tasks of the reference report a plan does not list (added during the year)
ADDED = (1, 2, 3, 4)  # tasks of the year's other reports a plan lists too
ROMAN_FIELDS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
WORD_PLAN = ("THCS06", 2026)  # the one plan sent only as a Word document: not loaded, left to propose on the plan page


@dataclass(frozen=True)
class PlanHabits:
    """How a school writes its plan, the same every year."""

    numbered: bool  # fills Mã nhiệm vụ (I.1, I.2…)
    field_by_name: bool  # Lĩnh vực written out rather than as its code
    with_product: bool  # fills Sản phẩm


def habits(unit: Mapping[str, str]) -> PlanHabits:
    rng = random.Random(f"plan-habits:{unit['ma_don_vi']}")
    return PlanHabits(rng.random() < 0.4, rng.random() < 0.5, rng.random() < 0.75)


def plan_file(code: str, year: int) -> str:
    return f"{year}_{code}_ke-hoach.xlsx"


def word_plan_file(code: str, year: int) -> str:
    return f"{year}_{code}_ke-hoach.docx"


def without_plan(candidates: list[Mapping[str, str]], year: int, seed: int) -> set[str]:
    """The schools that send no plan for the year: mostly the weaker ones."""
    rng = random.Random(f"{seed}:no-plan:{year}")
    weights = [1.1 - profile(u).skill for u in candidates]
    chosen: set[str] = set()
    while len(chosen) < min(WITHOUT_PLAN, len(candidates) - 1):
        chosen.add(rng.choices(candidates, weights=weights)[0]["ma_don_vi"])
    return chosen


def build_demo_plans(
    out_dir: Path, reports: Mapping[tuple[str, Period], ReportData], units: list[dict[str, str]], seed: int
) -> list[dict]:
    """Write a plan workbook per school and year into `out_dir`; the manifest rows, by year and unit.

    The WORD_PLAN school's plan is written as a .docx instead, with no manifest row (the demo does not load it).

    `reports` holds the content of every report sent, by unit code and quarter.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for year in sorted({period.year for _, period in reports}):
        candidates = [u for u in units if any(c == u["ma_don_vi"] and p.year == year for c, p in reports)]
        skipped = without_plan(candidates, year, seed)
        for unit in candidates:
            code = unit["ma_don_vi"]
            if code in skipped:
                continue
            year_reports = sorted(((p, d) for (c, p), d in reports.items() if c == code and p.year == year))
            rng = random.Random(f"{seed}:plan:{year}:{code}")
            drawn = draw_plan(unit, year, [d for _, d in year_reports], rng)
            if (code, year) == WORD_PLAN:  # no workbook and no manifest row: a person proposes it on the plan page
                (out_dir / word_plan_file(code, year)).write_bytes(plan_document(unit, year, drawn.rows, drawn.issued))
                continue
            (out_dir / plan_file(code, year)).write_bytes(plan_workbook(unit, year, drawn))
            rows.append({"file": plan_file(code, year), "unit": code, "year": str(year)})
    return rows


@dataclass(frozen=True)
class DrawnPlan:
    rows: list[dict[str, object]]  # KeHoach rows by column key, `field` as its code
    issued: date


def draw_plan(unit: Mapping[str, str], year: int, reports: list[ReportData], rng: random.Random) -> DrawnPlan:
    """One school's plan for the year, from its reports of that year (in quarter order)."""
    style = habits(unit)
    reference = next((r for r in reports if r.period.quarter == 2), reports[0])
    kept = list(reference.tasks)
    for _ in range(min(rng.choice(DROPPED), len(kept) - 8)):
        kept.pop(rng.randrange(len(kept)))
    listed = {t.content for t in reference.tasks}
    extra: dict[str, tuple[TaskLine, Period]] = {}
    for report in reports:
        for task in report.tasks:
            template, _ = _template(task, report.period)
            if task.content not in listed and template is not None and "{quarter}" not in template:
                extra.setdefault(task.content, (task, report.period))
    added = rng.sample(list(extra.values()), min(rng.choice(ADDED), len(extra)))
    chosen = [(t, reference.period) for t in kept] + added
    fields = default_catalogs().par_fields
    order = {code: index for index, code in enumerate(fields.codes())}
    chosen.sort(key=lambda pair: (order[pair[0].field], _day(pair[0], year)))
    rows: list[dict[str, object]] = []
    numbers: dict[str, int] = {}
    for task, period in chosen:
        template, kind = _template(task, period)
        numbers[task.field] = numbers.get(task.field, 0) + 1
        rows.append(
            {
                "code": f"{ROMAN_FIELDS[order[task.field]]}.{numbers[task.field]}" if style.numbered else None,
                "field": task.field,
                "content": task.content,
                "who": rng.choice(PLAN_WHO[task.field]),
                "deadline": _deadline_text(task, template, year, rng),
                "product": PLAN_PRODUCT[kind] if style.with_product and kind else None,
            }
        )
    return DrawnPlan(rows, date(year, 1, rng.randint(5, 25)))


def plan_workbook(unit: Mapping[str, str], year: int, drawn: DrawnPlan) -> bytes:
    """The plan as the school's workbook: Lĩnh vực by its code or its name, as the school writes it."""
    fields = default_catalogs().par_fields
    by_name = habits(unit).field_by_name
    rows = [row | {"field": fields[str(row["field"])].name if by_name else row["field"]} for row in drawn.rows]
    issued = drawn.issued
    book = build_plan_template(unit_code=unit["ma_don_vi"], unit_name=unit["ten_don_vi"], year=year, tasks=rows)
    _fill_info(book[PLAN_INFO.key], {"number": plan_numbers(dict(unit), year)[0], "issued_on": issued})
    book.properties.creator = book.properties.lastModifiedBy = profile(dict(unit)).principal
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue(), datetime.combine(issued, time(10, 0)))


def _template(task: TaskLine, period: Period) -> tuple[str | None, str | None]:
    """The generator's task text behind a report row, and its kind of evidence."""
    words = task_words(period)
    for text, kind in TASKS[task.field]:
        if text.format(**words) == task.content:
            return text, kind
    return None, None


def _day(task: TaskLine, year: int) -> date:
    deadline = task.deadline if isinstance(task.deadline, date) else date(year, 12, 31)
    return deadline if deadline.year == year else date(year, 3, 31)


def _deadline_text(task: TaskLine, template: str | None, year: int, rng: random.Random) -> str:
    """Thời hạn as a school writes it for this task: recurring work mostly as such, a quarter's task by its quarter."""
    if template in PLAN_RECURRING and rng.random() < 0.85:
        return PLAN_RECURRING[template]
    day = _day(task, year)
    if template is not None and "{quarter}" in template:
        return quarter_deadline(day, year)
    return plan_deadline(day, year, rng)


def _fill_info(sheet: Worksheet, values: Mapping[str, object]) -> None:
    """Số kế hoạch and Ngày ban hành, beside their labels (the template leaves them blank)."""
    labels = {PLAN_INFO.column(key).label: key for key in values}
    for (label,) in sheet.iter_rows(min_col=1, max_col=1):
        key = labels.get(label.value)
        if key is None:
            continue
        value = values[key]
        cell = sheet.cell(label.row, 2, datetime.combine(value, time()) if isinstance(value, date) else value)
        if isinstance(value, date):
            cell.number_format = "dd/mm/yyyy"


def write_plan_manifest(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=PLAN_MANIFEST_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_plan_manifest(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
