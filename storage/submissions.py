"""Storing the schools' reports and reading them back: the accepted and their history, the refused, the current.

Every function takes the Engine from `storage.open.open_database`; every write is one
transaction, so a failure leaves the database as it was. Records go in with one
executemany per table. A report is stored or restored only while `storage.governance`
says its unit and quarter are open.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, true, update

from core.errors import Refusal
from core.periods import period_from_code
from core.text import content_key
from loaders.problems import Problem
from loaders.report import Report
from storage import audit
from storage.audit import wall_clock
from storage.db import reading, writing
from storage.governance import ReportLocked, lock_state, lock_unit, locked_refusal
from storage.refusals import RESTORE_REPORT
from storage.schema import audit_log, indicator_values, rejections, satisfaction, self_scores, submissions, tasks


class ReportRefused(Refusal, ValueError):
    """A report handed to the wrong function (one with errors to store, one without to log as refused)."""


def _problems_json(problems: list[Problem]) -> str:
    """The problems' codes and values; a moment among the values (when a lock was taken) as ISO text."""
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, default=_json_value)


def _json_value(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    raise TypeError(f"{type(value).__name__} is not stored as JSON")


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
        raise locked_refusal(state, unit_code, period, action=action)


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
                t.code,
                content_key(t.content),
            )
            for t in report.tasks
        ],
    )
    yield "indicator_values", [(submission_id, i.row, i.code, i.result, i.total, i.note) for i in report.indicators]
    yield "satisfaction", [(submission_id, s.row, s.dimension, s.answers, *s.levels) for s in report.satisfaction]
    yield (
        "self_scores",
        [
            (
                submission_id,
                s.row,
                s.field,
                s.max_points,
                s.self_points,
                s.appraised_points,
                s.note,
                s.criterion,
                s.explanation,
            )
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
        raise ReportRefused("report-has-errors", file=report.file_name)
    if not report.unit_code or not report.period:
        raise ReportRefused("report-without-key", file=report.file_name)
    period = period_from_code(report.period).code
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
                "received_at": wall_clock(received_at),
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
        "received_at": wall_clock(received_at).isoformat(sep=" "),
        "problems": [p.audit_text() for p in report.problems],
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
        raise ReportRefused("report-not-refused", file=report.file_name)
    digest = hashlib.sha256(content).hexdigest()
    with writing(engine) as conn:
        new_id = conn.execute(
            insert(rejections).values(
                received_at=wall_clock(received_at),
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


def submission_unit(engine: Engine, submission_id: int) -> str | None:
    """The unit a stored report (current or not) belongs to; None if there is no such report."""
    with reading(engine) as conn:
        return conn.scalar(select(submissions.c.unit_code).where(submissions.c.id == submission_id))


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
        _refuse_if_locked(conn, unit_code, period, RESTORE_REPORT)
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
        stmt = stmt.where(submissions.c.period == period_from_code(period).code)
    stmt = stmt.order_by(submissions.c.received_at.desc(), submissions.c.id.desc())
    with reading(engine) as conn:
        return [_summary(row) for row in conn.execute(stmt).mappings()]


def rejection_history(engine: Engine, unit_code: str | None = None, period: str | None = None) -> list[dict[str, Any]]:
    """Refused uploads, newest first, with their problems (list of dicts)."""
    stmt = select(rejections)
    if unit_code is not None:
        stmt = stmt.where(rejections.c.unit_code == unit_code)
    if period is not None:
        stmt = stmt.where(rejections.c.period == period_from_code(period).code)
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
        .where(s.period == period_from_code(period).code, s.is_current == true())
        .order_by(s.unit_code)
    )
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]


def current_submission(engine: Engine, unit_code: str, period: str) -> dict[str, Any] | None:
    """The current report of a unit for a quarter, with its header and problems; None if none."""
    columns = [column for column in submissions.c if column.name != "content"]
    stmt = select(*columns).where(
        submissions.c.unit_code == unit_code,
        submissions.c.period == period_from_code(period).code,
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


def current_task_statuses(engine: Engine, unit_code: str, period: str) -> dict[str, tuple[str, date | None]]:
    """Task code → (status, done_on) in the unit's current report of the quarter (its coded tasks only)."""
    stmt = (
        select(tasks.c.code, tasks.c.status, tasks.c.done_on)
        .join(submissions, submissions.c.id == tasks.c.submission_id)
        .where(
            submissions.c.unit_code == unit_code,
            submissions.c.period == period_from_code(period).code,
            submissions.c.is_current == true(),
            tasks.c.code.is_not(None),
        )
    )
    with reading(engine) as conn:
        return {code: (status, done_on) for code, status, done_on in conn.execute(stmt)}
