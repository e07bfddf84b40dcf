"""The ward's approval, where an office approves in two steps: the ward approves, the city accepts.

Since 7/2025 a ward's office runs its schools' quarterly round and the city's department
looks across the wards. With two steps (`Office.two_step_approval`), the ward's
administrator *approves* a school's current report (a `ward_approvals` row, which locks
nothing), and the city's administrator *accepts* it: `storage.governance.approve` with
`require_ward_approval`, which only then locks. A ward's approval names the report it
approved: a report that replaces it needs the ward's approval again. The ward may
*withdraw* its approval until the city accepted.

Every change is one transaction with its audit line ("ward-approve", "ward-withdraw").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from storage import audit
from storage.db import reading, writing
from storage.governance import (
    GovernanceRefused,
    _current_lock,
    _current_report,
    _name,
    _quarter,
    _refuse_unless_seen,
    lock_unit,
    quarter_is_closed,
)
from storage.schema import units
from storage.schema import ward_approvals as table


def _held(conn: Connection, unit_code: str, period: str) -> Any:
    stmt = select(table).where(table.c.unit_code == unit_code, table.c.period == period, table.c.withdrawn_at.is_(None))
    return conn.execute(stmt).one_or_none()


def current_ward_approval(conn: Connection, unit_code: str, period: str) -> Any:
    """The ward's approval of the unit's current report (None if it approved none, or an earlier one)."""
    held, report = _held(conn, unit_code, period), _current_report(conn, unit_code, period)
    return held if held is not None and report is not None and held.submission_id == report.id else None


def needs_ward_approval(conn: Connection, unit_code: str) -> bool:
    """A school with a ward waits for its ward's approval; one without a ward has no ward to ask."""
    return bool(conn.scalar(select(units.c.ward).where(units.c.unit_code == unit_code)))


def ward_approve(
    engine: Engine, unit_code: str, period: str, *, by: str | None, submission_id: int | None = None
) -> int:
    """The ward approves the unit's current report (the one the person saw); answer the approval's id.

    An approval of an earlier report of the same quarter is withdrawn by it (that report is not current).
    """
    quarter, who, now = _quarter(period), _name(by), audit.wall_clock()
    with writing(engine) as conn:
        lock_unit(conn, unit_code)
        if quarter_is_closed(conn, quarter.code):
            raise GovernanceRefused("quarter-closed-for-ward", quarter=quarter.code)
        report = _current_report(conn, unit_code, quarter.code)
        if report is None:
            raise GovernanceRefused("nothing-to-approve", unit=unit_code, quarter=quarter.code)
        _refuse_unless_seen(report, submission_id, quarter, "report-replaced-before-approval")
        if _current_lock(conn, unit_code, quarter.code) is not None:
            raise GovernanceRefused("already-accepted", unit=unit_code, quarter=quarter.code)
        held = _held(conn, unit_code, quarter.code)
        if held is not None and held.submission_id == report.id:
            raise GovernanceRefused("already-ward-approved", unit=unit_code, quarter=quarter.code)
        if held is not None:  # an earlier report's approval: superseded by this one
            conn.execute(update(table).where(table.c.id == held.id).values(withdrawn_by=who, withdrawn_at=now))
        approval_id = conn.execute(
            insert(table).values(
                unit_code=unit_code, period=quarter.code, submission_id=report.id, approved_by=who, approved_at=now
            )
        ).inserted_primary_key[0]
        audit.record(conn, "ward-approve", username=who, unit_code=unit_code, period=quarter.code,
                     submission_id=report.id, detail={"file": report.file_name}, at=now)  # fmt: skip
    return int(approval_id)


def withdraw(engine: Engine, unit_code: str, period: str, *, by: str | None) -> None:
    """The ward takes its approval back, while the city has not accepted the report."""
    quarter, who, now = _quarter(period), _name(by), audit.wall_clock()
    with writing(engine) as conn:
        lock_unit(conn, unit_code)
        held = _held(conn, unit_code, quarter.code)
        if held is None:
            raise GovernanceRefused("not-ward-approved", unit=unit_code, quarter=quarter.code)
        if _current_lock(conn, unit_code, quarter.code) is not None:
            raise GovernanceRefused("already-accepted", unit=unit_code, quarter=quarter.code)
        conn.execute(update(table).where(table.c.id == held.id).values(withdrawn_by=who, withdrawn_at=now))
        audit.record(conn, "ward-withdraw", username=who, unit_code=unit_code, period=quarter.code,
                     submission_id=held.submission_id, at=now)  # fmt: skip


def ward_approvals(engine: Engine, period: str) -> list[dict[str, Any]]:
    """The ward's approvals of the quarter's current reports, by unit: unit_code, submission_id, approved_by,
    approved_at (an approval of a report since replaced is not among them)."""
    code = _quarter(period).code
    with reading(engine) as conn:
        rows = conn.execute(
            select(table).where(table.c.period == code, table.c.withdrawn_at.is_(None)).order_by(table.c.unit_code)
        ).all()
        return [
            {
                "unit_code": r.unit_code,
                "submission_id": r.submission_id,
                "approved_by": r.approved_by,
                "approved_at": r.approved_at,
            }
            for r in rows
            if current_ward_approval(conn, r.unit_code, code) is not None
        ]
