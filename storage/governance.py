"""The office's decisions on the schools' reports: approval and its lock, closing a quarter, appraisal.

An admin *approves* a unit's current report for a quarter: it is then locked, and no
other report of that unit and quarter becomes current (upload or restore) until an
admin *unlocks* it, giving a reason. *Closing* a quarter approves every current report
of it not yet locked and refuses any further report, a school's first one included,
until the quarter is *reopened* (with a reason); the reports approved stay locked until
each is unlocked. `lock_state` says why a report cannot be stored: `storage.submissions`
asks it inside the transaction that would store one.

The office's *appraisal* (Điểm thẩm định per PAR field) is its own data, apart from
the school's report, so that a re-uploaded report does not wipe it; `load_frames` lays
it over the report's own appraised points. It may change whether the report is locked or not.

Every change is one transaction with its audit line. Times are naive Vietnam wall-clock
time (`storage.audit.wall_clock`). On PostgreSQL the writes of one unit take turns
through `lock_unit`, the row lock an upload takes too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from numbers import Real
from typing import Any

from sqlalchemy import Connection, Engine, Row, Select, and_, delete, insert, select, true, update

from core.errors import Refusal
from core.periods import Period, period_from_code
from loaders.values import BadValue, as_number
from storage import audit
from storage.db import reading, writing
from storage.refusals import SEND_AGAIN, SEND_REPORT, by_whom, joined, part, problem
from storage.schema import appraisals, closed_quarters, self_scores, submissions, units
from storage.schema import approvals as approvals_table

MIN_REASON_LENGTH = 5  # an unlock or a reopening says why, in more than "ok"


class GovernanceRefused(Refusal):
    """A request that cannot be carried out, or bad input: its code and values say what and where."""


class ReportLocked(GovernanceRefused):
    """A report that would become current for a unit and quarter approved or closed; `state` as `lock_state`."""

    def __init__(self, code: str, /, state: Mapping[str, Any] | None = None, **params: Any) -> None:
        super().__init__(code, **params)
        self.state = dict(state or {})

    def __reduce__(self) -> tuple[Any, ...]:  # its state crosses process boundaries too
        return (_rebuild_locked, (self.code, self.params, self.state))


def _rebuild_locked(code: str, params: dict[str, Any], state: dict[str, Any]) -> ReportLocked:
    return ReportLocked(code, state, **params)


# ---------------------------------------------------------------- helpers


def _quarter(period: str) -> Period:
    try:
        return period_from_code(period)
    except (ValueError, AttributeError) as error:
        raise GovernanceRefused("bad-period", value=str(period)) from error


def _reason(reason: str | None, refusal: str) -> str:
    """The reason given, trimmed; GovernanceRefused(`refusal`) when it is too short to say anything."""
    text = reason.strip() if isinstance(reason, str) else ""
    if len(text) < MIN_REASON_LENGTH:
        raise GovernanceRefused(refusal, minimum=MIN_REASON_LENGTH)
    return text


def _name(by: str | None) -> str | None:
    """Who acted, as the audit log spells it."""
    name = (by or "").strip().lower()
    return name or None


def lock_unit(conn: Connection, unit_code: str) -> None:
    """On PostgreSQL, the writes of one unit's reports, approval and appraisal take turns (SQLite has one writer).

    Without it two uploads for the same unit and quarter at the same instant would both
    find no current report and the second would fail on the one-current index; and an
    approval could lock a report while another one replaces it.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(units.c.unit_code).where(units.c.unit_code == unit_code).with_for_update())


def _lock_all_units(conn: Connection) -> None:
    """Closing a quarter waits for every upload under way, and holds back those after it (in code order)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(units.c.unit_code).order_by(units.c.unit_code).with_for_update())


def _current_report(conn: Connection, unit_code: str, period: str) -> Row | None:
    stmt = select(submissions.c.id, submissions.c.unit_code, submissions.c.file_name, submissions.c.sha256).where(
        submissions.c.unit_code == unit_code, submissions.c.period == period, submissions.c.is_current == true()
    )
    return conn.execute(stmt).one_or_none()


def _current_lock(conn: Connection, unit_code: str, period: str) -> Row | None:
    a = approvals_table
    stmt = select(a).where(a.c.unit_code == unit_code, a.c.period == period, a.c.unlocked_at.is_(None))
    return conn.execute(stmt).one_or_none()


def _closed(conn: Connection, period: str) -> Row | None:
    return conn.execute(select(closed_quarters).where(closed_quarters.c.period == period)).one_or_none()


def quarter_is_closed(conn: Connection, period: str) -> bool:
    """True when the quarter is closed (read within the caller's transaction)."""
    return _closed(conn, _quarter(period).code) is not None


def _refuse_unless_seen(report: Row, submission_id: int | None, quarter: Period, refusal: str) -> None:
    """GovernanceRefused(`refusal`) when `report` (current now) is not `submission_id`, the one the person had on
    screen. The reports' numbers are names, shown as they are (#1234), not as amounts."""
    if submission_id is not None and report.id != submission_id:
        raise GovernanceRefused(
            refusal,
            unit=report.unit_code,
            quarter=quarter.code,
            file=report.file_name,
            current=str(report.id),
            seen=str(submission_id),
        )


# ---------------------------------------------------------------- why a report cannot be stored


def lock_state(conn_or_engine: Connection | Engine, unit_code: str, period: str) -> dict[str, Any] | None:
    """Why no other report of that unit and quarter may become current now; None when it may.

    {"reason": "closed", closed_by, closed_at} when the quarter is closed (a school that
    never reported included), else {"reason": "approved", approved_by, approved_at,
    submission_id} when the unit's report is approved and locked. Given a Connection,
    read within its transaction (after `lock_unit`, to decide on a write).
    """
    if isinstance(conn_or_engine, Engine):
        with reading(conn_or_engine) as conn:
            return lock_state(conn, unit_code, period)
    conn, code = conn_or_engine, _quarter(period).code
    closed = _closed(conn, code)
    if closed is not None:  # first: unlocking the unit alone would not be enough
        return {"reason": "closed", "closed_by": closed.closed_by, "closed_at": closed.closed_at}
    held = _current_lock(conn, unit_code, code)
    if held is not None:
        return {
            "reason": "approved",
            "approved_by": held.approved_by,
            "approved_at": held.approved_at,
            "submission_id": held.submission_id,
        }
    return None


def locked_refusal(state: Mapping[str, Any], unit_code: str, period: str, *, action: str | None = None) -> ReportLocked:
    """The refusal for a `lock_state`: what is locked, by whom and when, what to do.

    `action` is what waits for the lock to go (storage.refusals), by default sending a report:
    SEND_AGAIN when approved (there is one), SEND_REPORT when closed (a school may never have sent one).
    """
    reason = state["reason"]  # "closed" or "approved": who did it and when are kept under that name
    return ReportLocked(
        f"report-locked-{reason}",
        state,
        quarter=_quarter(period).code,
        unit=unit_code,
        by=by_whom(state[f"{reason}_by"]),
        at=state[f"{reason}_at"],
        action=part(action or (SEND_REPORT if reason == "closed" else SEND_AGAIN)),
    )


# ---------------------------------------------------------------- approval and its lock


def _approve(conn: Connection, report: Row, period: str, by: str | None, now: datetime) -> int:
    approval_id = conn.execute(
        insert(approvals_table).values(
            unit_code=report.unit_code, period=period, submission_id=report.id, approved_by=by, approved_at=now
        )
    ).inserted_primary_key[0]
    audit.record(
        conn,
        "approve",
        username=by,
        unit_code=report.unit_code,
        period=period,
        submission_id=report.id,
        detail={"file": report.file_name, "sha256": report.sha256},
        at=now,
    )
    return int(approval_id)


def approve(
    engine: Engine,
    unit_code: str,
    period: str,
    *,
    by: str | None,
    submission_id: int | None = None,
    require_ward_approval: bool = False,
) -> int:
    """Approve and lock the current report of that unit and quarter; answer the approval's id.

    `submission_id` is the report the approver saw: refused if another one has become
    current since, so that nobody locks a file they have not looked at. With
    `require_ward_approval` (approval in two steps, storage.ward_approval), the city
    accepts only a report its school's ward has approved.
    """
    quarter, who, now = _quarter(period), _name(by), audit.wall_clock()
    with writing(engine) as conn:
        lock_unit(conn, unit_code)
        report = _current_report(conn, unit_code, quarter.code)
        if report is None:
            raise GovernanceRefused("nothing-to-approve", unit=unit_code, quarter=quarter.code)
        _refuse_unless_seen(report, submission_id, quarter, "report-replaced-before-approval")
        held = _current_lock(conn, unit_code, quarter.code)
        if held is not None:
            raise GovernanceRefused(
                "already-approved",
                unit=unit_code,
                quarter=quarter.code,
                by=by_whom(held.approved_by),
                at=held.approved_at,
            )
        if require_ward_approval:
            from storage.ward_approval import current_ward_approval, needs_ward_approval

            if needs_ward_approval(conn, unit_code) and current_ward_approval(conn, unit_code, quarter.code) is None:
                raise GovernanceRefused("needs-ward-approval", unit=unit_code, quarter=quarter.code)
        return _approve(conn, report, quarter.code, who, now)


def unlock(engine: Engine, unit_code: str, period: str, *, reason: str, by: str | None) -> None:
    """Lift the lock of an approved report (the approval stays in the history, with the reason)."""
    quarter, who, now = _quarter(period), _name(by), audit.wall_clock()
    why = _reason(reason, "unlock-reason-too-short")
    with writing(engine) as conn:
        lock_unit(conn, unit_code)
        held = _current_lock(conn, unit_code, quarter.code)
        if held is None:
            raise GovernanceRefused("not-locked", unit=unit_code, quarter=quarter.code)
        conn.execute(
            update(approvals_table)
            .where(approvals_table.c.id == held.id)
            .values(unlocked_by=who, unlocked_at=now, unlock_reason=why)
        )
        audit.record(
            conn,
            "unlock",
            username=who,
            unit_code=unit_code,
            period=quarter.code,
            submission_id=held.submission_id,
            detail={"reason": why},
            at=now,
        )


def close_quarter(engine: Engine, period: str, *, by: str | None) -> int:
    """Approve and lock every current report of the quarter not yet locked, then close the quarter.

    Answers how many reports were approved now. Audited: one "approve" line per report, one "close-quarter".
    """
    quarter, who, now = _quarter(period), _name(by), audit.wall_clock()
    a = approvals_table
    locked = select(a.c.unit_code).where(a.c.period == quarter.code, a.c.unlocked_at.is_(None))
    pending_stmt = (
        select(submissions.c.id, submissions.c.unit_code, submissions.c.file_name, submissions.c.sha256)
        .where(
            submissions.c.period == quarter.code,
            submissions.c.is_current == true(),
            submissions.c.unit_code.not_in(locked),
        )
        .order_by(submissions.c.unit_code)
    )
    with writing(engine) as conn:
        _lock_all_units(conn)
        closed = _closed(conn, quarter.code)
        if closed is not None:
            raise GovernanceRefused(
                "already-closed", quarter=quarter.code, by=by_whom(closed.closed_by), at=closed.closed_at
            )
        pending = conn.execute(pending_stmt).all()
        for report in pending:
            _approve(conn, report, quarter.code, who, now)
        conn.execute(insert(closed_quarters).values(period=quarter.code, closed_by=who, closed_at=now))
        audit.record(conn, "close-quarter", username=who, period=quarter.code, detail={"count": len(pending)}, at=now)
    return len(pending)


def reopen_quarter(engine: Engine, period: str, *, reason: str, by: str | None) -> None:
    """Take reports for the quarter again; those approved stay locked until each is unlocked."""
    quarter, who, now = _quarter(period), _name(by), audit.wall_clock()
    why = _reason(reason, "reopen-reason-too-short")
    with writing(engine) as conn:
        closed = _closed(conn, quarter.code)
        deleted = conn.execute(delete(closed_quarters).where(closed_quarters.c.period == quarter.code)).rowcount
        if closed is None or not deleted:  # not closed, or reopened by someone else meanwhile
            raise GovernanceRefused("not-closed", quarter=quarter.code)
        detail = {"reason": why, "closed_by": closed.closed_by, "closed_at": closed.closed_at}
        audit.record(conn, "reopen-quarter", username=who, period=quarter.code, detail=detail, at=now)


# ---------------------------------------------------------------- reading the decisions


def approvals(engine: Engine, period: str) -> list[dict[str, Any]]:
    """The current locks of a quarter, by unit: unit_code, submission_id, approved_by, approved_at."""
    a = approvals_table
    stmt = (
        select(a.c.unit_code, a.c.submission_id, a.c.approved_by, a.c.approved_at)
        .where(a.c.period == _quarter(period).code, a.c.unlocked_at.is_(None))
        .order_by(a.c.unit_code)
    )
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]


def approval_history(engine: Engine, unit_code: str, period: str | None = None) -> list[dict[str, Any]]:
    """Every approval of a unit, unlocked ones included, newest first (the table's columns)."""
    a = approvals_table
    stmt = select(a).where(a.c.unit_code == unit_code)
    if period is not None:
        stmt = stmt.where(a.c.period == _quarter(period).code)
    stmt = stmt.order_by(a.c.approved_at.desc(), a.c.id.desc())
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]


def closed_periods(engine: Engine) -> dict[str, dict[str, Any]]:
    """The closed quarters: period → {closed_by, closed_at}, oldest quarter first."""
    with reading(engine) as conn:
        rows = conn.execute(select(closed_quarters).order_by(closed_quarters.c.period)).all()
    return {row.period: {"closed_by": row.closed_by, "closed_at": row.closed_at} for row in rows}


# ---------------------------------------------------------------- appraisal


def _points(value: object, field: str, maximum: float) -> tuple[float | None, dict[str, Any] | None]:
    """(points, None), or (None, the problem). Missing (None, NaN or blank text) means none.

    Text is read as people type numbers (`12,5`, `12.5`): the editor hands over what was
    typed, so a decimal comma or a minus sign is never silently dropped.
    """
    if isinstance(value, str):
        if not value.strip():
            return None, None
        try:
            value = as_number(value)
        except BadValue:
            return None, problem("appraisal-not-a-number", field=field, value=value.strip())
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        return None, problem("appraisal-not-a-number", field=field, value=str(value))
    points = float(value)
    if points < 0:
        return None, problem("appraisal-points-negative", field=field, points=points, maximum=float(maximum))
    if points > maximum:
        return None, problem("appraisal-points-over-maximum", field=field, points=points, maximum=float(maximum))
    return points, None


def _note(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip() or None


def _checked(
    rows: Iterable[Mapping[str, Any]], maxima: dict[str, float], unit_code: str, quarter: Period
) -> list[tuple[str, float | None, str | None]]:
    """(field, points, note) for every row, or GovernanceRefused listing every problem."""
    wanted: list[tuple[str, float | None, str | None]] = []
    problems: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        field = row.get("field")
        if field not in maxima:
            problems.append(problem("appraisal-unknown-field", field=str(field)))
            continue
        if field in seen:
            problems.append(problem("appraisal-field-twice", field=field))
            continue
        seen.add(field)
        points, trouble = _points(row.get("points"), field, maxima[field])
        if trouble:
            problems.append(trouble)
            continue
        wanted.append((field, points, _note(row.get("note"))))
    if problems:
        raise GovernanceRefused("appraisal-not-saved", unit=unit_code, quarter=quarter.code, problems=joined(problems))
    return wanted


def _write_appraisal(
    conn: Connection, key: dict[str, str], old: Row | None, points: float | None, note: str | None, stamp: dict
) -> None:
    a = appraisals
    where = and_(*(a.c[name] == value for name, value in key.items()))
    if points is None:
        conn.execute(delete(a).where(where))
    elif old is None:
        conn.execute(insert(a).values(**key, points=points, note=note, **stamp))
    else:
        conn.execute(update(a).where(where).values(points=points, note=note, **stamp))


def _report_fields(submission_id: int) -> Select:
    """The PAR fields of a report and their maxima."""
    return (
        select(self_scores.c.field, self_scores.c.max_points)
        .where(self_scores.c.submission_id == submission_id)
        .order_by(self_scores.c.row)
    )


def save_appraisal(
    engine: Engine,
    unit_code: str,
    period: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    by: str | None,
    submission_id: int | None = None,
) -> int:
    """Set the office's Điểm thẩm định of fields of the unit's current report; answer how many fields changed.

    `rows`: {"field": code, "points": number or None, "note": text or None}. Every row is
    checked first (a field of the report, 0 ≤ points ≤ its maximum; text as people type
    numbers): one problem and nothing is written, the message lists them all. A closed
    quarter refuses any change. `submission_id` is the report the appraiser saw: refused if another one
    has become current since. None removes the office's points
    (and note) of that field; a row as stored already is not written again.
    """
    quarter, who, now = _quarter(period), _name(by), audit.wall_clock()
    with writing(engine) as conn:
        lock_unit(conn, unit_code)
        closed = _closed(conn, quarter.code)
        if closed is not None:  # its scores and ranks are the ones reported: they stay as closed
            raise GovernanceRefused(
                "appraisal-quarter-closed", quarter=quarter.code, by=by_whom(closed.closed_by), at=closed.closed_at
            )
        report = _current_report(conn, unit_code, quarter.code)
        if report is not None:
            _refuse_unless_seen(report, submission_id, quarter, "report-replaced-before-appraisal")
        fields = [] if report is None else conn.execute(_report_fields(report.id)).all()
        if not fields:
            raise GovernanceRefused("nothing-to-appraise", unit=unit_code, quarter=quarter.code)
        wanted = _checked(list(rows), {f.field: f.max_points for f in fields}, unit_code, quarter)
        a = appraisals
        stored = {
            row.field: row
            for row in conn.execute(select(a).where(a.c.unit_code == unit_code, a.c.period == quarter.code))
        }
        changed = 0
        for field, points, note in wanted:
            old = stored.get(field)
            if (old is None and points is None) or (old is not None and (old.points, old.note) == (points, note)):
                continue
            key = {"unit_code": unit_code, "period": quarter.code, "field": field}
            _write_appraisal(conn, key, old, points, note, {"updated_by": who, "updated_at": now})
            detail = {"field": field, "before": old.points if old else None, "after": points, "note": note}
            audit.record(
                conn,
                "appraisal",
                username=who,
                unit_code=unit_code,
                period=quarter.code,
                submission_id=report.id,
                detail=detail,
                at=now,
            )
            changed += 1
    return changed


def appraisal_table(engine: Engine, unit_code: str, period: str) -> list[dict[str, Any]]:
    """Per PAR field of the unit's current report, in its row order, what the appraisal editor shows.

    Keys: field, max_points, self_points, appraised_in_report (the report's own Điểm thẩm
    định), appraised (the office's, None when not given), note, updated_by, updated_at
    (the office's). Empty without a current report.
    """
    code = _quarter(period).code
    s, a = self_scores, appraisals
    current = select(submissions.c.id).where(
        submissions.c.unit_code == unit_code, submissions.c.period == code, submissions.c.is_current == true()
    )
    office = and_(a.c.unit_code == unit_code, a.c.period == code, a.c.field == s.c.field)
    stmt = (
        select(
            s.c.field,
            s.c.max_points,
            s.c.self_points,
            s.c.appraised_points.label("appraised_in_report"),
            a.c.points.label("appraised"),
            a.c.note,
            a.c.updated_by,
            a.c.updated_at,
        )
        .select_from(s.outerjoin(a, office))
        .where(s.c.submission_id.in_(current))
        .order_by(s.c.row)
    )
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]
