"""The tables the metrics read (`metrics.frames.Frames`), each with one set-based query from one snapshot.

`data_version` says when they change: the app keys its caches on it, and
`storage.snapshot` names its columnar copy by it. Its parts (`DataVersion`) tell a
stored report from the rest: `storage.changes` then re-reads only the changed
schools' quarters (`read_submissions`, `read_reports`) instead of every table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Select, Table, and_, case, func, literal, null, select, true, union_all

from core.frameworks import PENALTY
from core.periods import quarters_of
from core.vocabulary import ANSWER_LEVELS
from metrics.frames import (
    INDICATOR_COLUMNS,
    QUARTER_COLUMNS,
    SATISFACTION_COLUMNS,
    SELF_ASSESSMENT_COLUMNS,
    SUBMISSION_COLUMNS,
    TASK_COLUMNS,
    TASK_TEXT_COLUMNS,
    UNIT_COLUMNS,
    Frames,
)
from storage.db import reading
from storage.schema import (
    appraisals,
    approvals,
    closed_quarters,
    indicator_values,
    par_appraisals,
    par_years,
    plans,
    quarters,
    satisfaction,
    self_scores,
    submissions,
    tasks,
    units,
    ward_approvals,
    ward_deadlines,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd


@dataclass(frozen=True)
class DataVersion:
    """The database's fingerprint in three parts, so that a cache can tell what kind of change it missed.

    reports: the submissions (every report stored, replaced or restored changes it); tables: everything
    else the metrics' tables are read from (units, deadlines, the office's appraisal, the year's appraisal
    and its state); other: what only other views read (approvals, the wards' too, unlocks, closed quarters,
    plans).
    """

    reports: str
    tables: str
    other: str

    def __str__(self) -> str:
        return "|".join((self.reports, self.tables, self.other))


def _joined(rows: list[Any]) -> str:
    return "|".join(":".join(str(v) for v in row) for row in rows)


def read_version(conn: Connection) -> DataVersion:
    """The version as this connection's snapshot sees it: a few cheap aggregate queries."""
    reports = [
        conn.execute(select(func.count(), func.coalesce(func.max(submissions.c.id), 0))).one(),
        conn.execute(
            select(func.coalesce(func.sum(submissions.c.id), 0)).where(submissions.c.is_current == true())
        ).one(),
    ]
    tables = [
        conn.execute(select(func.count(), func.max(units.c.updated_at)).select_from(units)).one(),
        # The office's appraisal: rows, latest save, and the points (should a clock set back repeat a stamp).
        conn.execute(
            select(func.count(), func.max(appraisals.c.updated_at), func.coalesce(func.sum(appraisals.c.points), 0))
        ).one(),
        # The year's appraisals and their state: a saved point, a year made final or reopened.
        conn.execute(
            select(
                func.count(),
                func.max(par_appraisals.c.updated_at),
                func.coalesce(func.sum(par_appraisals.c.points), 0),
            )
        ).one(),
        conn.execute(select(func.count(), func.max(par_years.c.changed_at))).one(),
        *conn.execute(select(quarters.c.period, quarters.c.deadline).order_by(quarters.c.period)).all(),
        *conn.execute(
            select(ward_deadlines.c.period, ward_deadlines.c.ward, ward_deadlines.c.deadline).order_by(
                ward_deadlines.c.period, ward_deadlines.c.ward
            )
        ).all(),
    ]
    other = [
        conn.execute(select(func.count(), func.count(approvals.c.unlocked_at))).one(),
        conn.execute(select(func.count(), func.count(ward_approvals.c.withdrawn_at))).one(),
        conn.execute(select(func.count(), func.max(closed_quarters.c.closed_at))).one(),
        # The plans: every one stored (a replacement too) raises the count and the current ids' sum.
        conn.execute(
            select(func.count(), func.coalesce(func.sum(case((plans.c.is_current, plans.c.id), else_=0)), 0))
        ).one(),
    ]
    return DataVersion(_joined(reports), _joined(tables), _joined(other))


def data_version(engine: Engine) -> str:
    """A short fingerprint that changes with every stored report, restore, unit or deadline change,
    approval (a ward's too), unlock, quarter closed or reopened, change of the office's appraisal, and plan stored.

    The app keys its caches on it: a few cheap queries per page run.
    """
    with reading(engine) as conn:
        return str(read_version(conn))


# ---------------------------------------------------------------- frames for the metrics

_INTS = {"submission_id", "row", "answers", *ANSWER_LEVELS}
_FLOATS = {"result", "total", "max_points", "self_points", "appraised_points"}
_DATETIMES = {"received_at", "deadline", "done_on"}


def _column(values: tuple | list, name: str, dates_as_objects: bool) -> pd.Series:
    """One column in the dtype the metrics expect, whatever the backend handed over."""
    import numpy as np
    import pandas as pd

    if name in _INTS:
        return pd.Series(np.array(values, dtype="int64"))
    if name in _FLOATS:
        return pd.Series(np.array([np.nan if v is None else v for v in values], dtype="float64"))
    if name == "is_current":
        return pd.Series(np.array(values, dtype="bool"))  # SQLite answers 0/1
    if name in _DATETIMES:
        # SQLite answers ISO text, PostgreSQL date/datetime objects: both parse the same.
        moments = pd.Series(pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")).astype("datetime64[us]")
        return moments.dt.date.astype(object) if dates_as_objects else moments
    return pd.Series(pd.array(values, dtype="str"))


def _frame(conn: Connection, stmt: Select, columns: list[str], *, dates_as_objects: bool = False) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: ingesting files never needs pandas

    """Run one query into a DataFrame whose dtypes do not depend on the backend or on emptiness."""
    result = conn.execute(stmt)
    try:
        # The driver's plain tuples, turned column-wise at once: SQLAlchemy's Row objects and
        # pandas' record-by-record construction cost more than the fetch itself on the big tables.
        rows = result.cursor.fetchall()
    finally:
        result.close()
    values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return pd.DataFrame(
        {name: _column(column, name, dates_as_objects) for name, column in zip(columns, values, strict=True)},
        columns=columns,
    )


def _period_filter(column: Any, periods: list[str] | None) -> Any:
    """`column IN (...)` for the chosen quarters (a span: its quarters); no condition when all are wanted."""
    return true() if periods is None else column.in_(sorted({q.code for p in periods for q in quarters_of(p)}))


def _records(
    conn: Connection, table: Table, columns: list[str], current_ids: Select | list[int], current: pd.DataFrame
) -> pd.DataFrame:
    """The rows of a record table that belong to the current reports, with their unit and quarter.

    The unit and quarter come from `current` (the submissions frame's current rows, same
    snapshot) instead of a join: hundreds of thousands fewer strings to fetch and convert.
    """
    own = [name for name in columns if name not in ("unit_code", "period")]
    stmt = (
        select(*(_COMPUTED.get(name, table.c.get(name)) for name in own))
        .where(table.c.submission_id.in_(current_ids))
        .order_by(table.c.submission_id, table.c.row)
    )
    frame = _frame(conn, stmt, own)
    for name in ("unit_code", "period"):
        frame[name] = frame["submission_id"].map(current[name]).astype("str")
    return frame[columns]


# A task across quarters (metrics.frames.TASK_COLUMNS): its code, else its content's digest.
_COMPUTED = {"task": func.coalesce(tasks.c.code, literal("~") + tasks.c.content_key).label("task")}

_APPRAISAL_KEY = ["unit_code", "period", "field"]


def _with_office_appraisal(scores: pd.DataFrame, office: pd.DataFrame) -> pd.DataFrame:
    """The office's Điểm thẩm định (storage.governance) where it gave one, else the report's own."""
    import numpy as np
    import pandas as pd

    if office.empty or scores.empty:
        return scores
    keys = pd.MultiIndex.from_frame(scores[_APPRAISAL_KEY])
    given = office.set_index(_APPRAISAL_KEY)["appraised_points"].reindex(keys).to_numpy()
    # Points above the field's maximum were given against an earlier report of that quarter (the school
    # re-sent it with another maximum): not counted until the office appraises the new one.
    whole_field = scores["criterion"].isna().to_numpy()  # the office appraises a quarter per field
    usable = ~np.isnan(given) & (given <= scores["max_points"].to_numpy() + 1e-9) & whole_field
    scores["appraised_points"] = np.where(usable, given, scores["appraised_points"].to_numpy())
    return scores


def _with_year_appraisal(conn: Connection, scores: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """The office's final appraisal of a school's year (storage.par_appraisal) laid over the self-assessment it
    appraised, item by item; its bonus and penalty lines added as rows of no maximum (+ / − points)."""
    import pandas as pd

    final = conn.execute(
        select(par_appraisals.c.unit_code, par_appraisals.c.year, par_appraisals.c.item, par_appraisals.c.points,
               par_appraisals.c.submission_id)
        .join(par_years, and_(par_years.c.unit_code == par_appraisals.c.unit_code,
                              par_years.c.year == par_appraisals.c.year))
        .where(par_years.c.state == "final", par_appraisals.c.submission_id.in_(current.index.tolist()))
    ).all()  # fmt: skip
    if not final or scores.empty:
        return scores
    given = {(sid, item): points for _, _, item, points, sid in final}
    items = scores["criterion"].where(scores["criterion"].notna(), scores["field"])
    keys = list(zip(scores["submission_id"], items, strict=True))
    found = pd.Series([given.get(k) for k in keys], index=scores.index, dtype="float64")
    scores = scores.assign(appraised_points=found.where(found.notna(), scores["appraised_points"]))
    added = []
    for unit, year, item, points, sid in final:
        line = _adjustment(conn, year, item)
        if line is not None and points:
            sign = -1.0 if line.kind == PENALTY else 1.0
            added.append({"submission_id": sid, "row": 100_000 + len(added), "unit_code": unit,
                          "period": current.at[sid, "period"], "field": item, "max_points": 0.0, "self_points": 0.0,
                          "appraised_points": sign * points, "criterion": item})  # fmt: skip
    if not added:
        return scores
    extra = pd.DataFrame(added).astype(scores.dtypes.to_dict())
    return pd.concat([scores, extra], ignore_index=True)


def _adjustment(conn: Connection, year: int, item: str):
    """The bonus or penalty line `item` of the framework `year` was appraised on, else None."""
    from storage.par_appraisal import year_framework  # the frozen framework, when there is one

    framework = year_framework(conn, year)
    return framework[item] if item in framework and framework[item].kind else None


def load_frames(engine: Engine, periods: list[str] | None = None, *, task_texts: bool = True) -> Frames:
    """Everything the metrics need, for the given quarters (all when None), from one snapshot.

    units: the whole registry; quarters: those with a configured deadline; submissions:
    every accepted report, current and replaced; the records: current reports only, the
    self-assessment with the office's appraisal laid over the report's appraised points.
    Without `task_texts` the tasks come without their content and plan (most of the
    bytes; the figures never need them): `load_task_texts` fetches them for the reports listed.
    """
    with reading(engine) as conn:
        return read_frames(conn, periods, task_texts=task_texts)


def read_frames(conn: Connection, periods: list[str] | None = None, *, task_texts: bool = True) -> Frames:
    """`load_frames` within a read transaction already open (`storage.db.reading`)."""
    in_periods = _period_filter(submissions.c.period, periods)
    # The city's deadlines (ward NULL), then the wards' own (metrics.reporting.ward_deadlines).
    city = select(quarters.c.period, quarters.c.deadline, null().label("ward")).where(
        _period_filter(quarters.c.period, periods)
    )
    wards = select(ward_deadlines.c.period, ward_deadlines.c.deadline, ward_deadlines.c.ward).where(
        _period_filter(ward_deadlines.c.period, periods)
    )
    both = union_all(city, wards).subquery()
    quarter_stmt = select(both.c.period, both.c.deadline, both.c.ward).order_by(
        both.c.period, both.c.ward.is_not(None), both.c.ward
    )
    unit_stmt = select(*(units.c[name] for name in UNIT_COLUMNS)).order_by(units.c.unit_code)
    submitted = _frame(conn, SUBMISSION_SELECT.where(in_periods).order_by(submissions.c.id), SUBMISSION_COLUMNS)
    current = submitted[submitted["is_current"]].set_index("submission_id")
    current_ids = select(submissions.c.id).where(submissions.c.is_current == true(), in_periods)
    records = _report_records(
        conn, current_ids, current, _period_filter(appraisals.c.period, periods), task_texts=task_texts
    )
    return Frames(
        units=_frame(conn, unit_stmt, UNIT_COLUMNS),
        quarters=_frame(conn, quarter_stmt, QUARTER_COLUMNS, dates_as_objects=True),
        submissions=submitted,
        **records,
    )


SUBMISSION_SELECT = select(
    submissions.c.id,
    submissions.c.unit_code,
    submissions.c.period,
    submissions.c.received_at,
    submissions.c.file_name,
    submissions.c.is_current,
)  # the submissions frame's columns (SUBMISSION_COLUMNS), in its order


def read_submissions(conn: Connection, ids: list[int]) -> pd.DataFrame:
    """The submissions frame's rows of these reports, by id."""
    stmt = SUBMISSION_SELECT.where(submissions.c.id.in_(ids)).order_by(submissions.c.id)
    return _frame(conn, stmt, SUBMISSION_COLUMNS)


def read_reports(conn: Connection, current: pd.DataFrame, *, task_texts: bool = False) -> dict[str, pd.DataFrame]:
    """The record tables (tasks, indicators, satisfaction, self_assessment) of these current reports only, exactly
    as `read_frames` has their rows: `current` is their submissions rows indexed by submission_id."""
    ids = [int(i) for i in current.index]
    units_in, periods_in = sorted(set(current["unit_code"])), sorted(set(current["period"]))
    appraised = and_(appraisals.c.unit_code.in_(units_in), appraisals.c.period.in_(periods_in))
    return _report_records(conn, ids, current, appraised, task_texts=task_texts)


def _report_records(
    conn: Connection, current_ids: Select | list[int], current: pd.DataFrame, appraised: Any, *, task_texts: bool
) -> dict[str, pd.DataFrame]:
    """The rows of the current reports `current_ids` (their submissions rows: `current`) in each record table;
    `appraised`: the office's appraisal rows that may concern them."""
    task_columns = TASK_COLUMNS if task_texts else [c for c in TASK_COLUMNS if c not in TASK_TEXT_COLUMNS]
    appraisal_stmt = select(*(appraisals.c[name] for name in _APPRAISAL_KEY), appraisals.c.points).where(appraised)
    scores = _with_office_appraisal(
        _records(conn, self_scores, SELF_ASSESSMENT_COLUMNS, current_ids, current),
        _frame(conn, appraisal_stmt, [*_APPRAISAL_KEY, "appraised_points"]),
    )
    return {
        "tasks": _records(conn, tasks, task_columns, current_ids, current),
        "indicators": _records(conn, indicator_values, INDICATOR_COLUMNS, current_ids, current),
        "satisfaction": _records(conn, satisfaction, SATISFACTION_COLUMNS, current_ids, current),
        "self_assessment": _with_year_appraisal(conn, scores, current),
    }


_IN_LIST = 5000  # ids per query: well under the bound parameters SQLite takes in one statement


def load_task_texts(engine: Engine, submission_ids: Sequence[int]) -> pd.DataFrame:
    """Content and plan of the tasks of these reports: submission_id, row, content, plan.

    A stored report's tasks never change, so whoever caches them needs no data version.
    """
    import pandas as pd

    columns = ["submission_id", "row", *TASK_TEXT_COLUMNS]
    ids = sorted({int(i) for i in submission_ids})
    chunks = [ids[at : at + _IN_LIST] for at in range(0, len(ids), _IN_LIST)] or [[]]
    stmt = select(*(tasks.c[name] for name in columns)).order_by(tasks.c.submission_id, tasks.c.row)
    with reading(engine) as conn:
        parts = [_frame(conn, stmt.where(tasks.c.submission_id.in_(chunk)), columns) for chunk in chunks]
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
