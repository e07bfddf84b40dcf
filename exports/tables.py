"""The export's tables: the views' DataFrames turned into what an official report shows.

One `ExportTable` per sheet (and per CSV file): a plain DataFrame whose columns carry
the final Vietnamese headers, an STT column first, plus what a writer needs to lay it
out (the kind of each column, group headers over some columns, a total row).
Rates are fractions 0–1 (the views' percentages ÷ 100): Excel shows them with a percent
format. The functions here are pure; `build_tables` asks `metrics.views` for the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.catalogs import Catalogs
from core.formatting import quarter
from core.periods import is_span
from core.vocabulary import RATE
from i18n import translate
from metrics import views
from metrics.frames import Frames
from metrics.tasks import TASK_COUNTS, pool_task_stats

# Column kinds: how a writer formats the cells (text when a column is not listed)
TEXT, LABEL, INTEGER, NUMBER, PERCENT, PERCENT2, POINTS, CHANGE, COUNT_CHANGE, MOMENT, DAY = (
    "text",
    "label",  # a short text, centred (codes, levels, ranks, statuses)
    "integer",
    "number",
    "percent",  # a fraction shown 0.0%
    "percent2",  # a fraction shown 0.00% (PAR scores, ranked on two decimals)
    "points",  # 0.00
    "change",  # a difference of fractions shown +0.0%
    "count_change",  # a difference of counts shown +12
    "moment",  # date and time
    "day",
)


def t(key: str, **params: object) -> str:
    """The export's strings: Vietnamese, the language of official documents."""
    return translate(key, "vi", **params)


@dataclass(frozen=True)
class Group:
    """A header merged over the columns `first`…`last` (the columns' own headers go below it)."""

    title: str
    first: str
    last: str


@dataclass(frozen=True)
class ExportTable:
    key: str  # file-safe name of the CSV
    sheet: str  # worksheet name (≤ 31 characters)
    subtitle: str
    frame: pd.DataFrame  # final headers as columns; STT first
    kinds: dict[str, str] = field(default_factory=dict)
    groups: tuple[Group, ...] = ()
    cell_kinds: dict[str, list[str]] = field(default_factory=dict)  # per-row kinds of mixed columns
    total_row: bool = False  # the last row sums the others (shown bold)
    filter: bool = False  # a long list: autofilter on its header

    def kind(self, column: str, row: int | None = None) -> str:
        if row is not None and column in self.cell_kinds:
            return self.cell_kinds[column][row]
        return self.kinds.get(column, TEXT)


# ---------------------------------------------------------------- helpers


def fraction(values: pd.Series) -> pd.Series:
    """The views' percentages (0–100) as fractions (0–1), NaN where undefined."""
    return pd.to_numeric(values, errors="coerce").astype("float64") / 100.0


def with_stt(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame.insert(0, t("col.stt"), np.arange(1, len(frame) + 1))
    return frame


def level_names(levels: pd.Series, catalogs: Catalogs) -> pd.Series:
    """School level codes as the catalog names them (an unknown code as it is)."""
    names = {level.code: level.name for level in catalogs.levels}
    return levels.map(lambda code: names.get(code, code) if isinstance(code, str) else None)


def counts(values: pd.Series) -> pd.Series:
    """Whole numbers (Int64, <NA> where missing)."""
    return pd.to_numeric(values, errors="coerce").round().astype("Int64")


def export_table(key: str, name: str, frame: pd.DataFrame, kinds: dict[str, str], **options: Any) -> ExportTable:
    """A table named by its i18n keys `export.sheet.{name}` and `export.subtitle.{name}`."""
    return ExportTable(key, t(f"export.sheet.{name}"), t(f"export.subtitle.{name}"), frame, kinds, **options)


UNIT_KINDS = {t("col.code"): LABEL, t("col.level"): LABEL}


def unit_columns(table: pd.DataFrame, catalogs: Catalogs) -> dict[str, pd.Series]:
    return {
        t("col.code"): table["unit_code"],
        t("col.school"): table["unit_name"],
        t("col.level"): level_names(table["level"], catalogs),
        t("col.ward"): table["ward"],
    }


# ---------------------------------------------------------------- one function per sheet


def school_sheet(table: pd.DataFrame, catalogs: Catalogs) -> ExportTable:
    """`views.school_table`: tasks, completion and on-time rates, overdue and rank of each expected unit."""
    reported = table["reported"].astype(bool)
    frame = pd.DataFrame(
        {
            **unit_columns(table, catalogs),
            t("col.tasks"): counts(table["tasks"]),
            t("status.done"): counts(table["done"]),
            t("col.completion_rate"): fraction(table["completion_rate"]),
            t("col.on_time_rate"): fraction(table["on_time_rate"]),
            t("col.overdue"): counts(table["overdue"]),
            t("col.rank"): table["rank_label"],
            t("col.note"): np.where(reported, None, t("overview.not_reported")),
        }
    )
    kinds = UNIT_KINDS | {t("col.tasks"): INTEGER, t("status.done"): INTEGER, t("col.overdue"): INTEGER}
    kinds |= {t("col.completion_rate"): PERCENT, t("col.on_time_rate"): PERCENT, t("col.rank"): LABEL}
    return export_table("theo-don-vi", "schools", with_stt(frame), kinds, filter=True)


def field_sheet(table: pd.DataFrame, catalogs: Catalogs) -> ExportTable:
    """`views.field_table`: pooled task figures per PAR field, and their total."""
    names = {f.code: f.name for f in catalogs.par_fields}
    total = pool_task_stats(table[TASK_COUNTS].fillna(0))
    fields = table.assign(name=table["field"].map(names))
    rows = pd.concat([fields, total.assign(name=t("export.total"))], ignore_index=True)
    frame = pd.DataFrame(
        {
            t("col.field"): rows["name"],
            t("col.tasks"): counts(rows["tasks"]),
            t("status.done"): counts(rows["done"]),
            t("col.completion_rate"): fraction(rows["completion_rate"]),
            t("col.done_on_time"): counts(rows["done_on_time"]),
            t("col.on_time_rate"): fraction(rows["on_time_rate"]),
            t("col.overdue"): counts(rows["overdue"]),
        }
    )
    frame = with_stt(frame)
    frame[t("col.stt")] = frame[t("col.stt")].astype("Int64").mask(frame.index == len(frame) - 1)
    kinds = dict.fromkeys([t("col.tasks"), t("status.done"), t("col.done_on_time"), t("col.overdue")], INTEGER)
    kinds |= {t("col.completion_rate"): PERCENT, t("col.on_time_rate"): PERCENT}
    return export_table("theo-linh-vuc", "fields", frame, kinds, total_row=True)


def indicator_sheet(table: pd.DataFrame) -> ExportTable:
    """`views.indicator_table`: each indicator's pooled value against its target, and how many units meet it."""
    rate = table["kind"].eq(RATE).to_numpy()
    scale = np.where(rate, 100.0, 1.0)
    assessment = {True: t("indicators.met"), False: t("indicators.not_met")}
    frame = pd.DataFrame(
        {
            t("col.indicator"): table["name"],
            t("col.kind"): np.where(rate, t("export.kind.rate"), t("export.kind.count")),
            t("col.result_value"): table["result"],
            t("col.total"): table["total"],
            t("indicators.value"): table["value"] / scale,
            t("col.target"): table["target"] / scale,
            t("col.assessment"): [assessment.get(m) if pd.notna(m) else None for m in table["met"]],
            t("col.with_data"): counts(table["schools"]),
            t("indicators.met"): counts(table["schools_met"]),
            t("indicators.not_met"): counts(table["schools_not_met"]),
        }
    )
    per_row = [PERCENT if r else NUMBER for r in rate]
    kinds = dict.fromkeys([t("col.result_value"), t("col.total")], NUMBER) | {t("col.kind"): LABEL}
    kinds[t("col.assessment")] = LABEL
    kinds |= dict.fromkeys([t("col.with_data"), t("indicators.met"), t("indicators.not_met")], INTEGER)
    group = Group(t("col.schools"), t("col.with_data"), t("indicators.not_met"))
    mixed = {t("indicators.value"): per_row, t("col.target"): per_row}
    return export_table("chi-tieu", "indicators", with_stt(frame), kinds, groups=(group,), cell_kinds=mixed)


def satisfaction_sheet(table: pd.DataFrame, compare: str | None = None) -> ExportTable:
    """`views.dimension_table`: answers per factor, the five levels' counts, % satisfied (and its change)."""
    levels = [t(f"level.{key}") for key in views.LEVEL_KEYS]
    answers = pd.to_numeric(table["answers"], errors="coerce")
    columns: dict[str, object] = {t("col.factor"): table["name"], t("col.answers"): counts(answers)}
    for key, header in zip(views.LEVEL_KEYS, levels, strict=True):
        columns[header] = counts(table[key] * answers / 100.0)  # the views give shares of the answers
    columns[t("col.satisfied_share")] = fraction(table["pct"])
    kinds = dict.fromkeys([t("col.answers"), *levels], INTEGER) | {t("col.satisfied_share"): PERCENT}
    if compare and "pct_before" in table:
        before = t("col.satisfied_share_in", quarter=quarter(compare))
        columns[before] = fraction(table["pct_before"])
        columns[t("col.change")] = fraction(table["change"])
        kinds |= {before: PERCENT, t("col.change"): CHANGE}
    group = Group(t("export.levels_group"), levels[0], levels[-1])
    frame = with_stt(pd.DataFrame(columns))
    return export_table("hai-long", "satisfaction", frame, kinds, groups=(group,))


def par_sheet(table: pd.DataFrame, catalogs: Catalogs) -> ExportTable:
    """`views.par_school_table`: each unit's points, maximum, PAR score and rank (ties share), best first."""
    frame = pd.DataFrame(
        {
            **unit_columns(table, catalogs),
            t("par.points"): table["points"],
            t("par.max_points"): table["max_points"],
            t("metric.par_score"): fraction(table["score"]),
            t("col.rank"): table["rank_label"],
        }
    )
    kinds = UNIT_KINDS | {t("par.points"): POINTS, t("par.max_points"): POINTS, t("metric.par_score"): PERCENT2}
    kinds[t("col.rank")] = LABEL
    return export_table("diem-cchc", "par", with_stt(frame), kinds, filter=True)


def reporting_sheet(table: pd.DataFrame, catalogs: Catalogs) -> ExportTable:
    """`views.reporting_status`: who submitted, when first, against which deadline, how many days late."""
    submitted = table["submitted"].astype(bool).to_numpy()
    on_time = table["on_time"].astype(bool).to_numpy()
    late_days = pd.to_numeric(table["days_late"], errors="coerce").astype("Int64")
    over_quarters = "quarter" in table.columns and bool(table["quarter"].ne(table["period"]).any())
    which = {t("col.quarter"): table["quarter"].map(quarter)} if over_quarters else {}  # a span: one row per quarter
    frame = pd.DataFrame(
        {
            **unit_columns(table, catalogs),
            **which,
            t("col.state"): np.where(submitted, t("reporting.submitted"), t("export.not_submitted")),
            t("col.first_received"): table["first_received_at"],
            t("col.report_deadline"): table["deadline"],
            t("reporting.on_time"): np.where(submitted, np.where(on_time, t("export.on_time"), t("export.late")), None),
            t("col.days_late"): late_days.where(late_days.gt(0).fillna(False) & submitted),
        }
    )
    kinds = UNIT_KINDS | {t("col.first_received"): MOMENT, t("col.report_deadline"): DAY, t("col.days_late"): INTEGER}
    kinds |= {t("col.state"): LABEL, t("reporting.on_time"): LABEL, t("col.quarter"): LABEL}
    return export_table("nop-bao-cao", "reporting", with_stt(frame), kinds, filter=True)


def plan_sheet(schools: pd.DataFrame, plans: pd.DataFrame, catalogs: Catalogs) -> ExportTable:
    """Plan completion of each unit of `views.school_table` (plans: metrics.plan_completion's table), and the
    pooled total (Σ done / Σ due); a unit without a plan for the year is said to have none."""
    units = schools[["unit_code", "unit_name", "level", "ward"]]
    table = units.merge(plans[["unit_code", "due", "done", "plan_completion"]], on="unit_code", how="left")
    table = table.sort_values(["plan_completion", "unit_code"], ascending=[False, True], na_position="last")
    has_plan = table["due"].notna().to_numpy()
    due, done = counts(table["due"]), counts(table["done"])
    total_due, total_done = int(due.sum()), int(done.sum())
    rate = pd.concat([fraction(100 * done / due.where(due > 0)),
                      pd.Series([total_done / total_due if total_due else None], dtype="float64")],
                     ignore_index=True)  # fmt: skip
    total = pd.DataFrame({t("col.school"): [t("export.total")]})
    frame = pd.concat([pd.DataFrame(unit_columns(table, catalogs)), total], ignore_index=True)
    frame[t("col.plan_due")] = pd.concat([due, pd.Series([total_due], dtype="Int64")], ignore_index=True)
    frame[t("status.done")] = pd.concat([done, pd.Series([total_done], dtype="Int64")], ignore_index=True)
    frame[t("col.plan_completion")] = rate.to_numpy()
    frame[t("col.note")] = [*np.where(has_plan, None, t("export.no_plan")), None]
    frame = with_stt(frame)
    frame[t("col.stt")] = frame[t("col.stt")].astype("Int64").mask(frame.index == len(frame) - 1)
    kinds = UNIT_KINDS | {t("col.plan_due"): INTEGER, t("status.done"): INTEGER, t("col.plan_completion"): PERCENT}
    return export_table("ke-hoach", "plan", frame, kinds, total_row=True)


SUMMARY_ROWS = (  # (trend column, label key, kind)
    ("expected", "export.expected", INTEGER),
    ("submitted", "export.submitted", INTEGER),
    ("submission_rate", "metric.submission_rate", PERCENT),
    ("submission_on_time_rate", "metric.submission_on_time_rate", PERCENT),
    ("tasks", "export.tasks", INTEGER),
    ("done", "export.done", INTEGER),
    ("completion_rate", "metric.completion_rate", PERCENT),
    ("on_time_rate", "metric.on_time_rate", PERCENT),
    ("overdue", "metric.overdue", INTEGER),
    ("satisfaction", "metric.satisfaction", PERCENT),
    ("par_score", "metric.par_score", PERCENT2),
)
CHANGE_KINDS = {INTEGER: COUNT_CHANGE, PERCENT: CHANGE, PERCENT2: CHANGE}


def summary_sheet(trend: pd.DataFrame, period: str, compare: str | None = None) -> ExportTable:
    """`views.trend` of the quarter (and the compare quarter): the pooled headline figures, one per row."""
    rows = trend.set_index("period")
    kinds = [kind for *_, kind in SUMMARY_ROWS]

    def figures(p: str) -> list[int | float | None]:
        values = [rows.at[p, column] if p in rows.index else None for column, *_ in SUMMARY_ROWS]
        return [summary_value(value, kind) for value, kind in zip(values, kinds, strict=True)]

    now = quarter(period)
    span = "_span" if is_span(period) else ""  # a span counts quarterly reports, not units
    labels = [t(f"{key}{span}" if column in ("expected", "submitted") else key) for column, key, _ in SUMMARY_ROWS]
    columns: dict[str, list] = {t("col.figure"): labels, now: figures(period)}
    mixed = {now: kinds}
    if compare:
        before = quarter(compare)
        columns[before] = figures(compare)
        pairs = zip(columns[now], columns[before], strict=True)
        columns[t("export.change")] = [None if a is None or b is None else a - b for a, b in pairs]
        mixed |= {before: kinds, t("export.change"): [CHANGE_KINDS[k] for k in kinds]}
    frame = with_stt(pd.DataFrame(columns, dtype=object))
    return export_table("tong-hop", "summary", frame, {}, cell_kinds=mixed)


def summary_value(value: object, kind: str) -> int | float | None:
    """A trend figure as the summary shows it: counts whole, rates as fractions, None when undefined."""
    if value is None or pd.isna(value):
        return None
    return int(value) if kind == INTEGER else float(value) / 100.0


# ---------------------------------------------------------------- all of them


def build_tables(
    frames: Frames, catalogs: Catalogs, period: str, compare: str | None = None, plans: pd.DataFrame | None = None
) -> list[ExportTable]:
    """Every sheet's table for the quarter or span, from frames already restricted to the scope wanted; with
    `plans` (metrics.plan_completion's table for the period) holding a unit of the scope, the plan's sheet too."""
    periods: Sequence[str] = [p for p in (period, compare) if p]
    schools = views.school_table(frames, catalogs, period)
    with_plans = plans is not None and bool(plans["unit_code"].isin(schools["unit_code"]).any())
    return [
        summary_sheet(views.trend(frames, catalogs, periods), period, compare),
        school_sheet(schools, catalogs),
        *([plan_sheet(schools, plans, catalogs)] if with_plans else []),
        field_sheet(views.field_table(frames, catalogs, period), catalogs),
        indicator_sheet(views.indicator_table(frames, catalogs, period)),
        satisfaction_sheet(views.dimension_table(frames, catalogs, period, compare), compare),
        par_sheet(views.par_school_table(frames, catalogs, period), catalogs),
        reporting_sheet(views.reporting_status(frames, catalogs, period), catalogs),
    ]
