"""A quarter's figures per school, per ward or level, and for the whole office, computed by the database.

The formulas are report-workbook.md's, as metrics/ computes them from `storage.frames.load_frames`; here the
database sums the rows and hands over one row per school or group, so that a national installation (tens of
thousands of schools, millions of task rows) never loads its rows into memory. Only the current reports of
the units expected that quarter count; group rates are pooled (Σ / Σ), never averaged; a rate whose
denominator is 0 is missing (NaN), as in metrics/.

Columns, per school (`unit_quarter_summary`) and per group (`group_quarter_summary`, `ward_quarter_summary`):
reporting (`reported`/`reported_on_time` for a school; `expected`, `submitted`, `submitted_on_time`,
`submission_rate`, `submission_on_time_rate` for a group); tasks, done, done_on_time, overdue,
completion_rate, on_time_rate; `satisfaction:<factor>` per SIPAS factor of the catalog, satisfaction (their
mean) and dimensions (how many went into it); `indicator:<code>` and `met:<code>` per indicator of the
catalog; par_points, par_max_points, par_fields, par_score.

On PostgreSQL the task counts of every stored report may be kept in a materialised view (`ensure_views`,
`refresh`). Its rows are per report, and a report's tasks never change once stored: a report stored after
the last refresh is counted from its rows, and a replaced or restored one only changes which report is
current. So the figures are right whether or not the view was refreshed since; refreshing only keeps the part
counted from the rows small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Date,
    Engine,
    Float,
    FromClause,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    not_,
    null,
    or_,
    select,
    table,
    text,
    true,
    union_all,
)

from core.catalogs import Catalogs, default_catalogs
from core.frameworks import PENALTY
from core.periods import period_from_code
from core.vocabulary import DONE, LOWER, RATE
from storage.db import reading, writing
from storage.schema import (
    appraisals,
    indicator_values,
    par_appraisals,
    par_years,
    quarters,
    satisfaction,
    self_scores,
    submissions,
    tasks,
    units,
    ward_deadlines,
)

UNIT_KEYS = ("unit_code", "unit_name", "level", "ward")
GROUP_KEYS = ("ward", "level")  # the registry's columns a quarter's figures may be pooled by
TASK_COUNTS = ("tasks", "done", "done_on_time", "overdue")
TASK_SUMS_VIEW = "cchc_task_sums"
_OFFICE_SLACK = 1e-9  # as storage.frames: the office's points count when within the field's maximum


@dataclass(frozen=True)
class _Quarter:
    code: str
    last_day: date  # a task not done with an earlier deadline is overdue
    deadline: date  # a school's first report received on or before this day is on time
    # The smallest and largest id of the quarter's current reports: their records lie in that stretch of each
    # record table's primary key (reports of a quarter come in its weeks), which an index scans instead of
    # the whole table. Redundant with the join on the ids; (0, 0) when there is none.
    ids: tuple[int, int] = (0, 0)


# ---------------------------------------------------------------- the public figures


def unit_quarter_summary(engine: Engine, period: str, catalogs: Catalogs | None = None) -> pd.DataFrame:
    """One row per unit expected to report `period` (a quarter), sorted by unit_code.

    A unit without a current report has `reported` False and no figures (missing); one with a report
    but no tasks has 0 tasks and no completion rate.
    """
    frame = _summary(engine, period, UNIT_KEYS, catalogs)
    frame = frame.rename(columns={"submitted": "reported", "submitted_on_time": "reported_on_time"})
    frame["reported"] = frame["reported"].astype(bool)
    frame["reported_on_time"] = frame["reported_on_time"].astype(bool)
    dropped = ["expected", "submission_rate", "submission_on_time_rate"]
    return frame.drop(columns=dropped).sort_values("unit_code", kind="stable").reset_index(drop=True)


def ward_quarter_summary(engine: Engine, period: str, catalogs: Catalogs | None = None) -> pd.DataFrame:
    """One row per ward of the registry with units expected in `period`, pooled over them (a unit
    without a ward pools with the others without one, under a missing ward)."""
    return group_quarter_summary(engine, period, ("ward",), catalogs)


def group_quarter_summary(
    engine: Engine, period: str, by: Sequence[str] = ("ward",), catalogs: Catalogs | None = None
) -> pd.DataFrame:
    """The quarter's pooled figures per group of registry columns `by` (ward, level; empty: the whole office)."""
    unknown = [key for key in by if key not in GROUP_KEYS]
    if unknown:
        raise ValueError(f"cannot group by {unknown}: only by {GROUP_KEYS}")  # a caller's mistake
    frame = _summary(engine, period, tuple(dict.fromkeys(by)), catalogs)
    if by:
        frame = frame.sort_values(list(by), kind="stable", na_position="last")
    return frame.reset_index(drop=True)


def _summary(engine: Engine, period: str, keys: tuple[str, ...], catalogs: Catalogs | None) -> pd.DataFrame:
    catalogs = default_catalogs() if catalogs is None else catalogs
    code = period_from_code(period).code  # a quarter: a span's figures fold its quarters (metrics.cumulative)
    with reading(engine) as conn:
        if conn.dialect.name == "postgresql":
            # Compiling this one long statement to machine code costs more (~0.4 s) than it saves.
            conn.execute(text("SET LOCAL jit = off"))
        quarter = _quarter(conn, code)
        stmt, names = _summary_statement(conn, quarter, keys, catalogs)
        result = conn.execute(stmt)
        fetched = result.keys()  # a result's names, not a dict's
        columns = [names.get(name, name) for name in fetched]
        try:
            rows = result.cursor.fetchall()  # the driver's tuples: a Row object per school costs more than the fetch
        finally:
            result.close()
    values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return pd.DataFrame({name: _column(name, list(v)) for name, v in zip(columns, values, strict=True)})


def _quarter(conn: Connection, code: str) -> _Quarter:
    """The quarter's last day and its reporting deadline (the one set, else the 20th of its last month)."""
    quarter = period_from_code(code)
    deadline = conn.execute(select(quarters.c.deadline).where(quarters.c.period == code)).scalar_one_or_none()
    s = submissions.c
    ids = conn.execute(select(func.min(s.id), func.max(s.id)).where(s.period == code, s.is_current == true())).one()
    return _Quarter(code, quarter.last_day, deadline or quarter.default_deadline, (ids[0] or 0, ids[1] or 0))


def _within(column: Any, ids: tuple[int, int] | None) -> Any:
    """`column` BETWEEN the quarter's first and last current report (see _Quarter.ids); TRUE without bounds."""
    return true() if ids is None else column.between(*ids)


# ---------------------------------------------------------------- the rows counted


def _expected(code: str) -> Subquery:
    """The registry's units expected to report the quarter (its active_from ≤ quarter ≤ active_to; a bound
    missing or blank is open: canonical codes compare in time order as text, as core.periods.within)."""
    u = units.c

    def open_or(bound: Any, condition: Any) -> Any:
        return or_(bound.is_(None), func.trim(bound) == "", condition)

    return (
        select(u.unit_code, u.unit_name, u.level, u.ward)
        .where(open_or(u.active_from, u.active_from <= code), open_or(u.active_to, u.active_to >= code))
        .subquery("expected")
    )


def _current(code: str) -> Subquery:
    """The current report of each unit for the quarter (one at most: the schema's unique index)."""
    s = submissions.c
    return select(s.id, s.unit_code).where(s.period == code, s.is_current == true()).subquery("current_report")


def _first_received(code: str) -> Subquery:
    """When each unit's first accepted report of the quarter came (current or replaced since)."""
    s = submissions.c
    first = func.min(s.received_at).label("first_received")
    return select(s.unit_code, first).where(s.period == code).group_by(s.unit_code).subquery("first_received")


def _task_counts(reports: FromClause, last_day: Any, ids: tuple[int, int] | None = None) -> Select:
    """Per report of `reports` (its `id`): tasks, done, done on time, overdue (metrics.tasks.task_flags).

    A report without tasks has a row of zeros. `last_day` is the quarter's last day (a date, or an
    expression of the report's period).
    """
    t = tasks.c
    done = t.status == DONE

    def counted(condition: Any, name: str) -> Any:
        return func.count(case((condition, 1))).label(name)  # COUNT skips the NULLs of the other rows

    return (
        select(
            reports.c.id.label("submission_id"),
            func.count(t.row).label("tasks"),
            counted(done, "done"),
            counted(and_(done, t.done_on <= t.deadline), "done_on_time"),  # a done task without a date is late
            counted(and_(t.status != DONE, t.deadline < last_day), "overdue"),
        )
        .select_from(reports.outerjoin(tasks, and_(t.submission_id == reports.c.id, _within(t.submission_id, ids))))
        .group_by(reports.c.id)
    )


def _task_part(conn: Connection, current: Subquery, quarter: _Quarter) -> Subquery:
    """The current reports' task counts: from the view where it holds the report, else from the rows."""
    if not views_present(conn):
        return _task_counts(current, literal(quarter.last_day, Date), quarter.ids).subquery("task_counts")
    view = _view()
    stored = (
        select(*(view.c[name] for name in ("submission_id", *TASK_COUNTS)))
        .join_from(view, current, current.c.id == view.c.submission_id)
        .where(_within(view.c.submission_id, quarter.ids))
    )
    unseen = (
        select(current.c.id)
        .where(not_(select(view.c.submission_id).where(view.c.submission_id == current.c.id).exists()))
        .subquery("unseen")
    )
    fresh = _task_counts(unseen, literal(quarter.last_day, Date), quarter.ids)
    return union_all(stored, fresh).subquery("task_counts")


def _survey_part(current: Subquery, codes: list[str], ids: tuple[int, int]) -> tuple[Subquery, list[tuple[str, str]]]:
    """Per current report: answers and satisfied answers of each catalog factor (missing where none)."""
    s = satisfaction.c
    columns, names = [s.submission_id], []
    for n, code in enumerate(codes):
        here = s.dimension == code
        columns.append(func.sum(case((here, s.answers))).label(f"d{n}_answers"))
        columns.append(func.sum(case((here, s.satisfied + s.very_satisfied))).label(f"d{n}_yes"))
        names.append((f"d{n}", code))
    stmt = (
        select(*columns)
        .select_from(satisfaction.join(current, current.c.id == s.submission_id))
        .where(s.dimension.in_(codes), _within(s.submission_id, ids))
        .group_by(s.submission_id)
    )
    return stmt.subquery("survey"), names


def _indicator_part(
    current: Subquery, catalogs: Catalogs, ids: tuple[int, int]
) -> tuple[Subquery, list[tuple[str, Any]]]:
    """Per current report and catalog indicator: Σ Kết quả, Σ Tổng số, and the rows usable
    (metrics.indicators.indicator_values: a rate's row without a Tổng số counts in neither sum)."""
    v = indicator_values.c
    null_float = cast(null(), Float)  # a count indicator has no Tổng số (typed: PostgreSQL sums no text)
    columns, items = [v.submission_id], []
    for n, indicator in enumerate(catalogs.indicators):
        rate = indicator.kind == RATE
        here = and_(v.code == indicator.code, v.total.is_not(None)) if rate else v.code == indicator.code
        columns.append(func.sum(case((here, v.result))).label(f"i{n}_result"))
        columns.append(func.sum(case((here, v.total if rate else null_float))).label(f"i{n}_total"))
        columns.append(func.count(case((here, 1))).label(f"i{n}_reports"))
        items.append((f"i{n}", indicator))
    stmt = (
        select(*columns)
        .select_from(indicator_values.join(current, current.c.id == v.submission_id))
        .where(v.code.in_(catalogs.indicators.codes()), _within(v.submission_id, ids))
        .group_by(v.submission_id)
    )
    return stmt.subquery("indicators"), items


def _par_part(conn: Connection, current: Subquery, quarter: _Quarter) -> Subquery:
    """Per current report: PAR points and maximum (storage.frames' appraisal rules, metrics.par).

    A field's points: the office's final appraisal of the year for that item, else the office's Điểm
    thẩm định of the quarter (a whole field's row, within its maximum), else the report's appraised
    points, else the self-assessed ones. The year's final bonus and penalty lines add ± points, no maximum.
    """
    s, office = self_scores.c, appraisals.c
    final = _final_year_appraisals()
    by_office = case(
        (and_(office.points.is_not(None), office.points <= s.max_points + _OFFICE_SLACK, s.criterion.is_(None)),
         office.points),
        else_=s.appraised_points,
    )  # fmt: skip
    joined = (
        self_scores.join(current, current.c.id == s.submission_id)
        .outerjoin(appraisals, and_(office.unit_code == current.c.unit_code, office.period == quarter.code,
                                    office.field == s.field))
        .outerjoin(final, and_(final.c.submission_id == s.submission_id,
                               final.c.item == func.coalesce(s.criterion, s.field)))
    )  # fmt: skip
    points = func.coalesce(final.c.points, by_office, s.self_points)
    parts = [
        select(s.submission_id.label("submission_id"), points.label("points"), s.max_points.label("max_points"))
        .select_from(joined)
        .where(_within(s.submission_id, quarter.ids))
    ]  # fmt: skip
    sign = _adjustment_sign(conn, current, final)
    if sign is not None:
        parts.append(
            select(final.c.submission_id, (sign * final.c.points).label("points"), literal(0.0).label("max_points"))
            .join_from(final, current, current.c.id == final.c.submission_id)
            .where(sign.is_not(None), final.c.points != 0)
        )  # fmt: skip
    rows = union_all(*parts).subquery("par_rows") if len(parts) > 1 else parts[0].subquery("par_rows")
    return (
        select(
            rows.c.submission_id,
            func.sum(rows.c.points).label("par_points"),
            func.sum(rows.c.max_points).label("par_max_points"),
            func.count().label("par_fields"),
        )
        .group_by(rows.c.submission_id)
        .subquery("par")
    )


def _final_year_appraisals() -> Subquery:
    """The office's appraisal of a school's year, item by item, where the year was made final."""
    a, y = par_appraisals.c, par_years.c
    return (
        select(a.submission_id, a.year, a.item, a.points)
        .join_from(par_appraisals, par_years, and_(y.unit_code == a.unit_code, y.year == a.year))
        .where(y.state == "final")
        .subquery("final_year")
    )


def _adjustment_sign(conn: Connection, current: Subquery, final: Subquery) -> Any | None:
    """+1 for a bonus line, −1 for a penalty line of the framework its year was appraised on, else NULL;
    None when the quarter's reports have no final appraisal (the frameworks are data: read in Python)."""
    from storage.par_appraisal import year_framework  # the frozen framework, when there is one

    years = conn.execute(
        select(final.c.year).join_from(final, current, current.c.id == final.c.submission_id).distinct()
    ).scalars()
    lines = [(year, item.code, -1.0 if item.kind == PENALTY else 1.0)
             for year in sorted(years) for item in year_framework(conn, year) if item.kind]  # fmt: skip
    if not lines:
        return None
    return case(*((and_(final.c.year == year, final.c.item == item), sign) for year, item, sign in lines))


# ---------------------------------------------------------------- one statement: rows, sums, rates


def _summary_statement(
    conn: Connection, quarter: _Quarter, keys: tuple[str, ...], catalogs: Catalogs
) -> tuple[Select, dict[str, str]]:
    """The quarter's figures per group of `keys` (columns of the registry), and the output's column names."""
    expected, current, first = _expected(quarter.code), _current(quarter.code), _first_received(quarter.code)
    task_part = _task_part(conn, current, quarter)
    survey, factors = _survey_part(current, catalogs.dimensions.codes(), quarter.ids)
    measured, indicators = _indicator_part(current, catalogs, quarter.ids)
    par = _par_part(conn, current, quarter)

    reported = current.c.id.is_not(None)
    next_day = datetime.combine(quarter.deadline + timedelta(days=1), time())
    wd = ward_deadlines.c  # a ward's own deadline judges its schools (metrics.reporting.ward_deadlines)
    own = dict(conn.execute(select(wd.ward, wd.deadline).where(wd.period == quarter.code)).all())
    if own:
        days = {ward: datetime.combine(day + timedelta(days=1), time()) for ward, day in own.items()}
        next_day = case(days, value=expected.c.ward, else_=next_day)
    per_report = [
        *(task_part.c[name] for name in TASK_COUNTS),
        *(c for c in survey.c if c.name != "submission_id"),
        *(c for c in measured.c if c.name != "submission_id"),
        *(c for c in par.c if c.name != "submission_id"),
    ]
    zero_when_reported = {*TASK_COUNTS, "par_fields"}  # a report without tasks has 0 of them
    unit_rows = (
        select(
            *(expected.c[key] for key in keys),
            case((reported, 1), else_=0).label("submitted"),
            case((and_(reported, first.c.first_received < next_day), 1), else_=0).label("submitted_on_time"),
            *(case((reported, func.coalesce(c, 0) if c.name in zero_when_reported else c)).label(c.name)
              for c in per_report),
        )
        .select_from(
            expected.outerjoin(current, current.c.unit_code == expected.c.unit_code)
            .outerjoin(first, first.c.unit_code == expected.c.unit_code)
            .outerjoin(task_part, task_part.c.submission_id == current.c.id)
            .outerjoin(survey, survey.c.submission_id == current.c.id)
            .outerjoin(measured, measured.c.submission_id == current.c.id)
            .outerjoin(par, par.c.submission_id == current.c.id)
        )
        .subquery("unit_rows")
    )  # fmt: skip
    if "unit_code" in keys:  # a school is its own group: nothing to add up
        sums = select(literal(1).label("expected"), *unit_rows.c).subquery("sums")
    else:
        sums = (
            select(
                *(unit_rows.c[key] for key in keys),
                func.count().label("expected"),
                *(func.sum(c).label(c.name) for c in unit_rows.c if c.name not in keys),
            )
            .group_by(*(unit_rows.c[key] for key in keys))
            .subquery("sums")
        )
    rates = _rates(sums, keys, factors, indicators)
    return _closing(rates, keys, factors, indicators), _output_names(factors, indicators)


def _percent(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator × 100, missing when the denominator is not above 0 (metrics.tasks.percent)."""
    return case((denominator > 0, cast(numerator, Float) / cast(denominator, Float) * 100.0))


def _rates(sums: Subquery, keys: tuple[str, ...], factors: list, indicators: list) -> Subquery:
    c = sums.c
    values = []
    for prefix, indicator in indicators:
        result, total, reports = c[f"{prefix}_result"], c[f"{prefix}_total"], c[f"{prefix}_reports"]
        value = _percent(result, total) if indicator.kind == RATE else cast(result, Float)
        values.append(case((reports > 0, value)).label(prefix))
    return select(
        *(c[key] for key in keys),
        c.expected,
        c.submitted,
        c.submitted_on_time,
        _percent(c.submitted, c.expected).label("submission_rate"),
        _percent(c.submitted_on_time, c.expected).label("submission_on_time_rate"),
        *(c[name] for name in TASK_COUNTS),
        _percent(c.done, c.tasks).label("completion_rate"),
        _percent(c.done_on_time, c.done).label("on_time_rate"),
        *(_percent(c[f"{prefix}_yes"], c[f"{prefix}_answers"]).label(prefix) for prefix, _ in factors),
        *values,
        cast(c.par_points, Float).label("par_points"),
        cast(c.par_max_points, Float).label("par_max_points"),
        c.par_fields,
        _percent(c.par_points, c.par_max_points).label("par_ratio"),
    ).subquery("rates")


def _closing(rates: Subquery, keys: tuple[str, ...], factors: list, indicators: list) -> Select:
    """The overall satisfaction (the mean of the factors with answers), each indicator's met, the PAR score."""
    c = rates.c
    shares = [c[prefix] for prefix, _ in factors]
    counted = sum((case((share.is_not(None), 1), else_=0) for share in shares), literal(0))
    total = sum((func.coalesce(share, 0.0) for share in shares), literal(0.0))
    met = []
    for prefix, indicator in indicators:
        value = c[prefix]
        if indicator.target is None:
            met.append(literal(None, Integer).label(f"{prefix}_met"))  # no target: neither met nor missed
            continue
        reached = value <= indicator.target if indicator.direction == LOWER else value >= indicator.target
        met.append(case((value.is_(None), None), (reached, 1), else_=0).label(f"{prefix}_met"))
    ratio = c.par_ratio  # a bonus line adds points, no maximum: the score stays within 0–100 (metrics.par)
    before_survey = [*keys, "expected", "submitted", "submitted_on_time", "submission_rate",
                     "submission_on_time_rate", *TASK_COUNTS, "completion_rate", "on_time_rate"]  # fmt: skip
    return select(
        *(c[name] for name in before_survey),
        *shares,
        case((counted > 0, total / cast(counted, Float))).label("satisfaction"),
        counted.label("dimensions"),
        *(c[prefix] for prefix, _ in indicators),
        *met,
        *(c[name] for name in ("par_points", "par_max_points", "par_fields")),
        case((ratio > 100.0, 100.0), (ratio < 0.0, 0.0), else_=ratio).label("par_score"),
    )


def _output_names(factors: list, indicators: list) -> dict[str, str]:
    names = {prefix: f"satisfaction:{code}" for prefix, code in factors}
    for prefix, indicator in indicators:
        names[prefix] = f"indicator:{indicator.code}"
        names[f"{prefix}_met"] = f"met:{indicator.code}"
    return names


_COUNTS = ("expected", "submitted", "submitted_on_time", *TASK_COUNTS, "par_fields", "dimensions")


def _column(name: str, values: list) -> Any:
    """Counts as nullable integers, met as nullable booleans, keys as text, figures as floats (NaN: missing)."""
    if name in _COUNTS:
        return pd.array([None if v is None else int(v) for v in values], dtype="Int64")
    if name.startswith("met:"):
        return pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
    if name in (*UNIT_KEYS, *GROUP_KEYS):
        return pd.array(values, dtype=object)
    return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")


# ---------------------------------------------------------------- the materialised view (PostgreSQL)


def _view() -> Any:
    return table(TASK_SUMS_VIEW, column("submission_id"), *(column(name) for name in TASK_COUNTS))


def _quarter_last_day(period: Any) -> Any:
    """The last day of a quarter given by its code ('2026-Q1' → 2026-03-31), in SQL (PostgreSQL)."""
    month_day = case(
        (func.substr(period, 7, 1) == "1", "-03-31"),
        (func.substr(period, 7, 1) == "2", "-06-30"),
        (func.substr(period, 7, 1) == "3", "-09-30"),
        else_="-12-31",
    )
    return cast(func.substr(period, 1, 4, type_=String) + month_day, Date)


def _view_definition(engine: Engine) -> str:
    reports = select(submissions.c.id, submissions.c.period).subquery("reports")
    stmt = _task_counts(reports, _quarter_last_day(reports.c.period))
    return str(stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))


def views_present(conn: Connection) -> bool:
    """Whether the task counts' view exists in the database's schema (never on SQLite)."""
    if conn.dialect.name != "postgresql":
        return False
    return conn.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": TASK_SUMS_VIEW}).scalar_one()


def ensure_views(engine: Engine) -> bool:
    """Create the view of every report's task counts and its unique index, if missing (PostgreSQL only:
    False elsewhere). Its first filling reads every task row once."""
    if engine.dialect.name != "postgresql":
        return False
    with writing(engine) as conn:
        conn.execute(text(f"CREATE MATERIALIZED VIEW IF NOT EXISTS {TASK_SUMS_VIEW} AS {_view_definition(engine)}"))
        # Unique: REFRESH … CONCURRENTLY needs it; it also finds a quarter's reports in the view.
        conn.execute(text(f"CREATE UNIQUE INDEX IF NOT EXISTS {TASK_SUMS_VIEW}_id ON {TASK_SUMS_VIEW} (submission_id)"))
    return True


def refresh(engine: Engine, *, concurrently: bool = True) -> bool:
    """Bring the view up to date (False when there is none). Concurrently, readers are not blocked meanwhile."""
    if engine.dialect.name != "postgresql":
        return False
    with writing(engine) as conn:
        if not views_present(conn):
            return False
        how = "CONCURRENTLY " if concurrently else ""
        conn.execute(text(f"REFRESH MATERIALIZED VIEW {how}{TASK_SUMS_VIEW}"))
    return True


def drop_views(engine: Engine) -> None:
    """Remove the view: the figures are then counted from the rows alone."""
    if engine.dialect.name == "postgresql":
        with writing(engine) as conn:
            conn.execute(text(f"DROP MATERIALIZED VIEW IF EXISTS {TASK_SUMS_VIEW}"))
