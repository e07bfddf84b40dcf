"""Reading and writing reports, units and quarters: the only code that queries the data.

Every function takes the Engine from `storage.db.make_engine`; every write is one
transaction, so a failure leaves the database as it was. Records go in with one
executemany per table, and `load_frames` reads with one set-based query per frame.
The office's approvals, closed quarters and appraisal are `storage.governance`'s: a
report is stored or restored only while it says the unit and quarter are open.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Select, Table, bindparam, func, insert, select, true, update

from core.periods import parse_period, period_from_code, within
from core.vocabulary import ANSWER_LEVELS, VIETNAM_TIME
from loaders.problems import Problem
from loaders.report import Report
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
from storage import audit
from storage.db import reading, writing
from storage.governance import ReportLocked, lock_state, lock_unit, locked_message, quarter_is_closed
from storage.schema import (
    appraisals,
    approvals,
    audit_log,
    closed_quarters,
    indicator_values,
    quarters,
    rejections,
    satisfaction,
    self_scores,
    submissions,
    tasks,
    units,
)

if TYPE_CHECKING:
    import pandas as pd

_UNIT_FIELDS = ("unit_name", "level", "ward", "active_from", "active_to")


# ---------------------------------------------------------------- small helpers


def _wall_clock(moment: datetime) -> datetime:
    """Naive Vietnam time: what is stored, so that "received on the deadline day" is a plain date test."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(VIETNAM_TIME).replace(tzinfo=None)


def _period_code(period: str) -> str:
    """The canonical code; ValueError for anything else (the database holds only canonical codes)."""
    return period_from_code(period).code


def _registry_period(value: object) -> str | None:
    """A unit's active_from/active_to as a code; the registry file may spell it `Quý III/2025`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    parsed = parse_period(value)
    if parsed is None:
        raise ValueError(f"Kỳ không hợp lệ trong danh mục đơn vị: {value!r}")
    return parsed.code


def _problems_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False)


@lru_cache(maxsize=4)
def _any_lock_sql(paramstyle: str) -> str:
    marker = "?" if paramstyle == "qmark" else "%s"
    return (
        f"SELECT 1 FROM closed_quarters WHERE period = {marker} UNION ALL "
        f"SELECT 1 FROM approvals WHERE unit_code = {marker} AND period = {marker} AND unlocked_at IS NULL"
    )


def _refuse_if_locked(conn: Connection, unit_code: str, period: str, action: str | None = None) -> None:
    """ReportLocked when the unit's report is approved or the quarter closed (after `lock_unit`).

    One plain query straight to the driver first: a bulk import asks it for every file, and
    nearly every answer is "no lock"; only a lock found is read in full, to say whose and when.
    """
    found = conn.exec_driver_sql(_any_lock_sql(conn.dialect.paramstyle), (period, unit_code, period)).first()
    if found is None:
        return
    state = lock_state(conn, unit_code, period)
    if state is not None:
        raise ReportLocked(locked_message(state, unit_code, period, action=action), state)


# ---------------------------------------------------------------- units and quarters


def _unit_values(unit: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """The stored fields of `unit`. An optional key left out (a registry file without that
    column) keeps the stored value; present but None clears it."""
    values = {"unit_name": unit["unit_name"], "level": unit["level"]}
    for name in ("ward", "active_from", "active_to"):
        if name not in unit:
            values[name] = old[name] if old else None
        elif name == "ward":
            values[name] = unit[name] or None
        else:
            values[name] = _registry_period(unit[name])
    return values


def _expected_in(values: dict[str, Any] | None, period: str) -> bool:
    """Whether a unit with these stored fields reports for `period` (as the reporting figures count it)."""
    return values is not None and within(period, values.get("active_from"), values.get("active_to"))


def _closed_quarter_conflicts(
    units_in: list[dict[str, Any]], stored: dict[str, dict[str, Any]], closed: list[str]
) -> list[str]:
    """Why storing `units_in` would change who had to report in a closed quarter: one sentence per unit."""
    if not closed:
        return []
    after = period_from_code(closed[-1]).shift(1)
    problems = []
    for unit in units_in:
        code, old = str(unit["unit_code"]), stored.get(str(unit["unit_code"]))
        values = _unit_values(unit, old)
        moved = [p for p in closed if _expected_in(values, p) != _expected_in(old, p)]
        if not moved:
            continue
        quarters = ", ".join(period_from_code(p).label for p in moved)
        if old is None:
            problems.append(
                f"Đơn vị mới {code} sẽ được tính là phải nộp báo cáo trong quý đã khóa sổ ({quarters}): "
                f"ghi hiệu lực từ (hieu_luc_tu) {after.label} trở đi, hoặc mở lại các quý đó trước"
            )
        else:
            problems.append(
                f"Đơn vị {code}: đổi hiệu lực làm đổi số đơn vị phải nộp báo cáo của quý đã khóa sổ ({quarters}): "
                "giữ hiệu lực như cũ cho các quý đó, hoặc mở lại các quý đó trước"
            )
    return problems


def _registry_and_closed(conn: Connection) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The stored units by code, and the closed quarters in order."""
    stored = {row["unit_code"]: dict(row) for row in conn.execute(select(units)).mappings()}
    closed = list(conn.scalars(select(closed_quarters.c.period).order_by(closed_quarters.c.period)))
    return stored, closed


def closed_quarter_conflicts(engine: Engine, units_in: list[dict[str, Any]]) -> list[str]:
    """What `upsert_units` would refuse of `units_in` to keep the closed quarters as closed (for a preview)."""
    with reading(engine) as conn:
        return _closed_quarter_conflicts(units_in, *_registry_and_closed(conn))


def upsert_units(engine: Engine, units_in: list[dict[str, Any]], *, by: str | None = None) -> tuple[int, int]:
    """Add new units and update changed ones; answer (added, updated). Unchanged units are not counted.

    When anything changed, one "registry" audit line (by `by`) names the codes added and, for
    each changed unit, its fields before and after; it is committed with the change. A change
    of who had to report in a closed quarter (a new school counted in it, say) is refused
    whole (ValueError): the quarter's figures stay as they were closed.
    """
    codes = [str(unit["unit_code"]) for unit in units_in]
    if len(set(codes)) != len(codes):
        raise ValueError("Mã đơn vị bị trùng trong danh sách đơn vị")
    now = datetime.now()
    with writing(engine) as conn:
        stored, closed = _registry_and_closed(conn)
        conflicts = _closed_quarter_conflicts(units_in, stored, closed)
        if conflicts:
            raise ValueError("Không lưu danh mục đơn vị: " + "; ".join(conflicts) + ". Chưa có thay đổi nào được lưu.")
        added, changed, differences = [], [], []
        for code, unit in zip(codes, units_in, strict=True):
            old = stored.get(code)
            values = _unit_values(unit, old)
            if old is None:
                added.append({"unit_code": code, **values, "updated_at": now})
            elif fields := [name for name in _UNIT_FIELDS if old[name] != values[name]]:
                changed.append({"code": code, **values, "updated_at": now})
                differences.append(
                    {"code": code, "before": {f: old[f] for f in fields}, "after": {f: values[f] for f in fields}}
                )
        if added:
            conn.execute(insert(units), added)
        if changed:
            # executemany: the SET clause is made of the keys of the dicts that name columns
            conn.execute(update(units).where(units.c.unit_code == bindparam("code")), changed)
        if added or changed:
            detail = {"added": [unit["unit_code"] for unit in added], "changed": differences}
            audit.record(conn, "registry", username=by, detail=detail)
    return len(added), len(changed)


def list_units(engine: Engine) -> list[dict[str, Any]]:
    """Every unit of the registry, by code."""
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(select(units).order_by(units.c.unit_code)).mappings()]


def unit_registry(engine: Engine) -> dict[str, str]:
    """Code → name, what the validator checks a workbook's Mã đơn vị and Tên đơn vị against."""
    with reading(engine) as conn:
        return dict(conn.execute(select(units.c.unit_code, units.c.unit_name)).all())


class DeadlineRefused(ValueError):
    """A deadline that cannot be set: the message says why (Vietnamese)."""


def set_deadline(engine: Engine, period: str, deadline: date, *, by: str | None = None) -> None:
    """Configure the quarter's reporting deadline (replaces one set before).

    The day lies between the quarter's first day and the next quarter's last (a typo
    would silently turn every report late, or on time); a closed quarter keeps its own,
    as its on-time figures were reported with it: DeadlineRefused otherwise.
    A change writes a "deadline" audit line (by `by`, before → after; before None: the default applied).
    """
    code = _period_code(period)
    quarter = period_from_code(code)
    latest = quarter.shift(1).last_day
    if not quarter.first_day <= deadline <= latest:
        raise DeadlineRefused(
            f"Hạn nộp {deadline:%d/%m/%Y} không hợp lý cho {quarter.label}: cần từ {quarter.first_day:%d/%m/%Y} "
            f"đến {latest:%d/%m/%Y}"
        )
    with writing(engine) as conn:
        before = conn.scalar(select(quarters.c.deadline).where(quarters.c.period == code))
        if before == deadline:
            return  # nothing changes: not even a closed quarter minds
        if quarter_is_closed(conn, code):
            raise DeadlineRefused(
                f"{quarter.label} đã khóa sổ: hạn nộp giữ nguyên như khi khóa; cần mở lại quý trước khi đổi hạn"
            )
        found = conn.execute(update(quarters).where(quarters.c.period == code).values(deadline=deadline))
        if found.rowcount == 0:
            conn.execute(insert(quarters).values(period=code, deadline=deadline))
        if before != deadline:
            detail = {"before": before.isoformat() if before else None, "after": deadline.isoformat()}
            audit.record(conn, "deadline", username=by, period=code, detail=detail)


def quarter_deadline(engine: Engine, period: str) -> date:
    """The configured deadline, else the contract's default: the 20th of the quarter's last month."""
    parsed = period_from_code(period)
    with reading(engine) as conn:
        configured = conn.scalar(select(quarters.c.deadline).where(quarters.c.period == parsed.code))
    return configured or parsed.default_deadline


# ---------------------------------------------------------------- saving reports


_RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    table.name: tuple(c.name for c in table.c if c.name != "id")
    for table in (tasks, indicator_values, satisfaction, self_scores)
}  # the schema's order, which `_record_rows` builds its rows in (a test holds the two together)


def _record_rows(submission_id: int, report: Report, day: Callable[[Any], Any]) -> Iterable[tuple[str, list[tuple]]]:
    """(table name, rows) for each kind of record, each row in `_RECORD_COLUMNS` order."""
    yield (
        "tasks",
        [
            (
                submission_id,
                t.row,
                t.field,
                t.content,
                t.plan,
                day(t.deadline),
                t.status,
                day(t.done_on),
                t.evidence,
                t.note,
            )
            for t in report.tasks
        ],
    )
    yield "indicator_values", [(submission_id, i.row, i.code, i.result, i.total, i.note) for i in report.indicators]
    yield "satisfaction", [(submission_id, s.row, s.dimension, s.answers, *s.levels) for s in report.satisfaction]
    yield (
        "self_scores",
        [
            (submission_id, s.row, s.field, s.max_points, s.self_points, s.appraised_points, s.note)
            for s in report.self_assessment
        ],
    )


def _iso_day(value: date | None) -> str | None:
    """How SQLAlchemy stores a date in SQLite (ISO text); psycopg adapts dates itself."""
    return None if value is None else value.isoformat()


def _same(value: Any) -> Any:
    return value


@lru_cache(maxsize=32)
def _insert_sql(paramstyle: str, table_name: str) -> str:
    """The plain INSERT for a record table, in the driver's own parameter style."""
    columns = _RECORD_COLUMNS[table_name]
    marker = "?" if paramstyle == "qmark" else "%s"
    return f"INSERT INTO {table_name} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"


def _insert_records(conn: Connection, submission_id: int, report: Report) -> None:
    """Executemany straight to the driver: records are plain values, and a bulk import saves ~200
    reports a second, where SQLAlchemy's per-statement work would cost more than the database's."""
    day = _iso_day if conn.dialect.name == "sqlite" else _same
    for table_name, rows in _record_rows(submission_id, report, day):
        if rows:
            conn.exec_driver_sql(_insert_sql(conn.dialect.paramstyle, table_name), rows)


def save_report(engine: Engine, report: Report, *, content: bytes, received_at: datetime, by: str | None = None) -> int:
    """Store an accepted report as the current one for its unit and quarter; answer its id."""
    return save_report_replacing(engine, report, content=content, received_at=received_at, by=by)[0]


def save_report_replacing(
    engine: Engine, report: Report, *, content: bytes, received_at: datetime, by: str | None = None
) -> tuple[int, bool]:
    """Like `save_report`, also telling whether a current report for that unit and quarter became history.

    One transaction: the previous current report (if any) stays in the history, not
    current; the new one and all its records are written, or nothing is.
    The unit must be in the registry (the validator checks it; the database enforces it).
    ReportLocked, and nothing written, while the unit's report is approved or the quarter closed.
    """
    if not report.accepted:
        raise ValueError(f"Báo cáo {report.file_name!r} có lỗi: không được lưu")
    if not report.unit_code or not report.period:
        raise ValueError(f"Báo cáo {report.file_name!r} thiếu mã đơn vị hoặc kỳ báo cáo")
    period = _period_code(report.period)
    digest = hashlib.sha256(content).hexdigest()
    with writing(engine) as conn:
        lock_unit(conn, report.unit_code)
        _refuse_if_locked(conn, report.unit_code, period)
        replaced = conn.execute(_RETIRE_CURRENT, {"b_unit": report.unit_code, "b_period": period}).rowcount
        submission_id = conn.execute(
            _INSERT_SUBMISSION,
            {
                "unit_code": report.unit_code,
                "period": period,
                "received_at": _wall_clock(received_at),
                "file_name": report.file_name,
                "sha256": digest,
                "content": content,
                "is_current": True,
                "unit_name_reported": report.unit_name,
                "prepared_by": report.prepared_by,
                "prepared_on": report.prepared_on,
                "problems": _problems_json(report.problems),
            },
        ).inserted_primary_key[0]
        _insert_records(conn, submission_id, report)
        audit.record(
            conn,
            "replace" if replaced else "upload-accepted",
            username=by,
            unit_code=report.unit_code,
            period=period,
            submission_id=int(submission_id),
            detail=_file_detail(report, digest, received_at),
        )
    return int(submission_id), replaced > 0


def _file_detail(report: Report, digest: str, received_at: datetime) -> dict[str, Any]:
    """What the audit log keeps of a file: its name, fingerprint, received time and problems."""
    return {
        "file": report.file_name,
        "sha256": digest,
        "received_at": _wall_clock(received_at).isoformat(sep=" "),
        "problems": [f"{p.severity} {p.code} {p.where()}".strip() for p in report.problems],
    }


_INSERT_SUBMISSION = insert(submissions)
_RETIRE_CURRENT = (
    update(submissions)
    .where(
        submissions.c.unit_code == bindparam("b_unit"),
        submissions.c.period == bindparam("b_period"),
        submissions.c.is_current == true(),
    )
    .values(is_current=False)
)


def log_rejection(
    engine: Engine, report: Report, *, content: bytes, received_at: datetime, by: str | None = None
) -> int:
    """Record a refused upload (who, when, which file, why); none of its data nor its bytes."""
    if report.accepted:
        raise ValueError(f"Báo cáo {report.file_name!r} không có lỗi: đây không phải tệp bị từ chối")
    digest = hashlib.sha256(content).hexdigest()
    with writing(engine) as conn:
        new_id = conn.execute(
            insert(rejections).values(
                received_at=_wall_clock(received_at),
                file_name=report.file_name,
                sha256=digest,
                unit_code=report.unit_code,
                period=report.period,
                problems=_problems_json(report.problems),
            )
        ).inserted_primary_key[0]
        audit.record(
            conn,
            "upload-rejected",
            username=by,
            unit_code=report.unit_code,
            period=report.period,
            detail=_file_detail(report, digest, received_at),
        )
    return int(new_id)


def restore_submission(engine: Engine, submission_id: int, *, by: str | None = None) -> None:
    """Make an earlier report the current one for its unit and quarter again (KeyError if unknown).

    ReportLocked, and nothing changed but a "restore-refused" line in the audit log, while the
    unit's report is approved or the quarter closed.
    """
    try:
        _restore(engine, submission_id, by)
    except ReportLocked as locked:
        unit_code, period = _submission_key(engine, submission_id)
        audit.record(engine, "restore-refused", username=by, unit_code=unit_code, period=period,
                     submission_id=submission_id, detail={"reason": str(locked)})  # fmt: skip
        raise


def _submission_key(engine: Engine, submission_id: int) -> tuple[str, str]:
    with reading(engine) as conn:
        key = conn.execute(
            select(submissions.c.unit_code, submissions.c.period).where(submissions.c.id == submission_id)
        ).one()
    return key.unit_code, key.period


def _restore(engine: Engine, submission_id: int, by: str | None) -> None:
    with writing(engine) as conn:
        key = conn.execute(
            select(submissions.c.unit_code, submissions.c.period).where(submissions.c.id == submission_id)
        ).one_or_none()
        if key is None:
            raise KeyError(submission_id)
        unit_code, period = key
        lock_unit(conn, unit_code)
        _refuse_if_locked(conn, unit_code, period, "khôi phục báo cáo cũ")
        conn.execute(
            update(submissions)
            .where(
                submissions.c.unit_code == unit_code,
                submissions.c.period == period,
                submissions.c.is_current == true(),
                submissions.c.id != submission_id,
            )
            .values(is_current=False)
        )
        conn.execute(update(submissions).where(submissions.c.id == submission_id).values(is_current=True))
        audit.record(conn, "restore", username=by, unit_code=unit_code, period=period, submission_id=submission_id)


# ---------------------------------------------------------------- history


_SUMMARY = (
    submissions.c.id,
    submissions.c.unit_code,
    submissions.c.period,
    submissions.c.received_at,
    submissions.c.file_name,
    submissions.c.sha256,
    submissions.c.is_current,
    submissions.c.problems,
)


def _summary(row: Any) -> dict[str, Any]:
    summary = dict(row)
    summary["problem_count"] = len(json.loads(summary.pop("problems")))
    return summary


def submission_history(engine: Engine, unit_code: str, period: str | None = None) -> list[dict[str, Any]]:
    """A unit's accepted reports, newest received first, current and replaced.

    Keys: id, unit_code, period, received_at, file_name, sha256, is_current, problem_count
    (its warnings: an accepted report has no errors), stored_by (the account, None if unknown).
    """
    # Who stored it: the audit line its upload wrote (none for reports stored before accounts existed).
    stored_by = (
        select(audit_log.c.username)
        .where(audit_log.c.submission_id == submissions.c.id, audit_log.c.action.in_(("upload-accepted", "replace")))
        .order_by(audit_log.c.id)
        .limit(1)
        .scalar_subquery()
    )
    stmt = select(*_SUMMARY, stored_by.label("stored_by")).where(submissions.c.unit_code == unit_code)
    if period is not None:
        stmt = stmt.where(submissions.c.period == _period_code(period))
    stmt = stmt.order_by(submissions.c.received_at.desc(), submissions.c.id.desc())
    with reading(engine) as conn:
        return [_summary(row) for row in conn.execute(stmt).mappings()]


def rejection_history(engine: Engine, unit_code: str | None = None, period: str | None = None) -> list[dict[str, Any]]:
    """Refused uploads, newest first, with their problems (list of dicts)."""
    stmt = select(rejections)
    if unit_code is not None:
        stmt = stmt.where(rejections.c.unit_code == unit_code)
    if period is not None:
        stmt = stmt.where(rejections.c.period == _period_code(period))
    stmt = stmt.order_by(rejections.c.received_at.desc(), rejections.c.id.desc())
    with reading(engine) as conn:
        rows = [dict(row) for row in conn.execute(stmt).mappings()]
    for row in rows:
        row["problems"] = json.loads(row["problems"])
    return rows


def submission_content(engine: Engine, submission_id: int) -> tuple[str, bytes]:
    """The file name and the original bytes of a stored report (KeyError if unknown)."""
    with reading(engine) as conn:
        row = conn.execute(
            select(submissions.c.file_name, submissions.c.content).where(submissions.c.id == submission_id)
        ).one_or_none()
    if row is None:
        raise KeyError(submission_id)
    return row.file_name, bytes(row.content)


def current_submissions(engine: Engine, period: str) -> list[dict[str, Any]]:
    """The quarter's current reports as the database has them now, by unit: submission_id, unit_code, file_name,
    received_at."""
    s = submissions.c
    stmt = (
        select(s.id.label("submission_id"), s.unit_code, s.file_name, s.received_at)
        .where(s.period == _period_code(period), s.is_current == true())
        .order_by(s.unit_code)
    )
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]


def current_submission(engine: Engine, unit_code: str, period: str) -> dict[str, Any] | None:
    """The current report of a unit for a quarter, with its header and problems; None if none."""
    columns = [column for column in submissions.c if column.name != "content"]
    stmt = select(*columns).where(
        submissions.c.unit_code == unit_code,
        submissions.c.period == _period_code(period),
        submissions.c.is_current == true(),
    )
    with reading(engine) as conn:
        row = conn.execute(stmt).mappings().one_or_none()
    if row is None:
        return None
    current = dict(row)
    current["problems"] = json.loads(current["problems"])
    return current


def periods_with_data(engine: Engine) -> list[str]:
    """The quarters some report was accepted for, oldest first."""
    with reading(engine) as conn:
        periods = conn.scalars(select(submissions.c.period).distinct()).all()
    return sorted(periods, key=period_from_code)


def is_empty(engine: Engine) -> bool:
    """True while no report has been accepted."""
    with reading(engine) as conn:
        return conn.scalar(select(submissions.c.id).limit(1)) is None


def data_version(engine: Engine) -> str:
    """A short fingerprint that changes with every stored report, restore, unit or deadline change,
    approval, unlock, quarter closed or reopened, and change of the office's appraisal.

    The app keys its caches on it: a few cheap queries per page run.
    """
    with reading(engine) as conn:
        parts = [
            conn.execute(select(func.count(), func.coalesce(func.max(submissions.c.id), 0))).one(),
            conn.execute(
                select(func.coalesce(func.sum(submissions.c.id), 0)).where(submissions.c.is_current == true())
            ).one(),
            conn.execute(select(func.count(), func.max(units.c.updated_at)).select_from(units)).one(),
            # The office's appraisal: rows, latest save, and the points (should a clock set back repeat a stamp).
            conn.execute(
                select(func.count(), func.max(appraisals.c.updated_at), func.coalesce(func.sum(appraisals.c.points), 0))
            ).one(),
            conn.execute(select(func.count(), func.count(approvals.c.unlocked_at))).one(),
            conn.execute(select(func.count(), func.max(closed_quarters.c.closed_at))).one(),
            *conn.execute(select(quarters.c.period, quarters.c.deadline).order_by(quarters.c.period)).all(),
        ]
    return "|".join(":".join(str(v) for v in row) for row in parts)


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
    """`column IN (...)` for the chosen quarters; no condition when all are wanted."""
    return true() if periods is None else column.in_([_period_code(p) for p in periods])


def _records(
    conn: Connection, table: Table, columns: list[str], current_ids: Select, current: pd.DataFrame
) -> pd.DataFrame:
    """The rows of a record table that belong to the current reports, with their unit and quarter.

    The unit and quarter come from `current` (the submissions frame's current rows, same
    snapshot) instead of a join: hundreds of thousands fewer strings to fetch and convert.
    """
    own = [name for name in columns if name not in ("unit_code", "period")]
    stmt = (
        select(*(table.c[name] for name in own))
        .where(table.c.submission_id.in_(current_ids))
        .order_by(table.c.submission_id, table.c.row)
    )
    frame = _frame(conn, stmt, own)
    for name in ("unit_code", "period"):
        frame[name] = frame["submission_id"].map(current[name]).astype("str")
    return frame[columns]


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
    usable = ~np.isnan(given) & (given <= scores["max_points"].to_numpy() + 1e-9)
    scores["appraised_points"] = np.where(usable, given, scores["appraised_points"].to_numpy())
    return scores


def load_frames(engine: Engine, periods: list[str] | None = None, *, task_texts: bool = True) -> Frames:
    """Everything the metrics need, for the given quarters (all when None), from one snapshot.

    units: the whole registry; quarters: those with a configured deadline; submissions:
    every accepted report, current and replaced; the records: current reports only, the
    self-assessment with the office's appraisal laid over the report's appraised points.
    Without `task_texts` the tasks come without their content and plan (most of the
    bytes; the figures never need them): `load_task_texts` fetches them for a quarter.
    """
    task_columns = TASK_COLUMNS if task_texts else [c for c in TASK_COLUMNS if c not in TASK_TEXT_COLUMNS]
    in_periods = _period_filter(submissions.c.period, periods)
    submission_stmt = (
        select(
            submissions.c.id,
            submissions.c.unit_code,
            submissions.c.period,
            submissions.c.received_at,
            submissions.c.file_name,
            submissions.c.is_current,
        )
        .where(in_periods)
        .order_by(submissions.c.id)
    )
    current_ids = select(submissions.c.id).where(submissions.c.is_current == true(), in_periods)
    quarter_stmt = (
        select(quarters.c.period, quarters.c.deadline)
        .where(_period_filter(quarters.c.period, periods))
        .order_by(quarters.c.period)
    )
    unit_stmt = select(*(units.c[name] for name in UNIT_COLUMNS)).order_by(units.c.unit_code)
    appraisal_stmt = select(*(appraisals.c[name] for name in _APPRAISAL_KEY), appraisals.c.points).where(
        _period_filter(appraisals.c.period, periods)
    )
    with reading(engine) as conn:
        submitted = _frame(conn, submission_stmt, SUBMISSION_COLUMNS)
        current = submitted[submitted["is_current"]].set_index("submission_id")
        return Frames(
            units=_frame(conn, unit_stmt, UNIT_COLUMNS),
            quarters=_frame(conn, quarter_stmt, QUARTER_COLUMNS, dates_as_objects=True),
            submissions=submitted,
            tasks=_records(conn, tasks, task_columns, current_ids, current),
            indicators=_records(conn, indicator_values, INDICATOR_COLUMNS, current_ids, current),
            satisfaction=_records(conn, satisfaction, SATISFACTION_COLUMNS, current_ids, current),
            self_assessment=_with_office_appraisal(
                _records(conn, self_scores, SELF_ASSESSMENT_COLUMNS, current_ids, current),
                _frame(conn, appraisal_stmt, [*_APPRAISAL_KEY, "appraised_points"]),
            ),
        )


def load_task_texts(engine: Engine, period: str) -> pd.DataFrame:
    """Content and plan of the tasks of the quarter's current reports: submission_id, row, content, plan."""
    columns = ["submission_id", "row", *TASK_TEXT_COLUMNS]
    current_ids = select(submissions.c.id).where(
        submissions.c.is_current == true(), submissions.c.period == _period_code(period)
    )
    stmt = select(*(tasks.c[name] for name in columns)).where(tasks.c.submission_id.in_(current_ids))
    with reading(engine) as conn:
        return _frame(conn, stmt, columns)
