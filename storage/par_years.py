"""A school's PAR year: draft while the school and the office work on it, final once the office has appraised it.

A final year freezes what the council decided on: its evidence (storage.evidence) and,
for the appraisal page, its points. Reopening takes a reason. The table holds one row per
unit and year once either happened (no row: draft); the audit log keeps every change.
On PostgreSQL the writes of one unit take turns on its registry row, as uploads do, so
that a file added at the moment the year is made final is either in it or refused.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from core.errors import Refusal
from storage import audit
from storage.db import reading, writing
from storage.refusals import by_whom
from storage.schema import par_years, units

DRAFT, FINAL = "draft", "final"
MIN_REASON_LENGTH = 5  # as an unlock's: more than "ok"


class ParYearRefused(Refusal, ValueError):
    """The year cannot change state: already final, not final, a reopening without its reason, an unknown unit."""


def acting_name(by: str | None) -> str | None:
    """Who acted, spelt as the audit log spells it."""
    return (by or "").strip().lower() or None


def lock_known_unit(conn: Connection, unit_code: str, refused: type[Refusal]) -> None:
    """Take the unit's turn to write (its registry row, on PostgreSQL); `refused("unknown-unit")` when there is none."""
    found = conn.execute(select(units.c.unit_code).where(units.c.unit_code == unit_code).with_for_update()).first()
    if found is None:
        raise refused("unknown-unit", unit=unit_code)


def year_state(engine_or_conn: Engine | Connection, unit_code: str, year: int) -> str:
    """DRAFT or FINAL; read within the caller's transaction when given its Connection."""
    if isinstance(engine_or_conn, Connection):
        row = _year_row(engine_or_conn, unit_code, year)
    else:
        with reading(engine_or_conn) as conn:
            row = _year_row(conn, unit_code, year)
    return row.state if row is not None else DRAFT


def final_record(conn: Connection, unit_code: str, year: int) -> Row | None:
    """The year's row when it is final (who made it so, and when), else None."""
    row = _year_row(conn, unit_code, year)
    return row if row is not None and row.state == FINAL else None


def _year_row(conn: Connection, unit_code: str, year: int) -> Row | None:
    stmt = select(par_years).where(par_years.c.unit_code == unit_code, par_years.c.year == int(year))
    return conn.execute(stmt).one_or_none()


def finalise(engine: Engine, unit_code: str, year: int, *, by: str | None) -> None:
    """Make the unit's PAR year final; ParYearRefused when it is already."""
    who, now = acting_name(by), audit.wall_clock()
    with writing(engine) as conn:
        lock_known_unit(conn, unit_code, ParYearRefused)
        row = _year_row(conn, unit_code, year)
        if row is not None and row.state == FINAL:
            raise ParYearRefused(
                "par-already-final", unit=unit_code, year=int(year), by=by_whom(row.changed_by), at=row.changed_at
            )
        _write_state(conn, unit_code, year, row, {"state": FINAL, "changed_by": who, "changed_at": now, "reason": None})
        audit.record(conn, "par-finalise", username=who, unit_code=unit_code, period=str(year),
                     detail={"year": int(year)}, at=now)  # fmt: skip


def reopen(engine: Engine, unit_code: str, year: int, *, reason: str, by: str | None) -> None:
    """Take the unit's PAR year back to draft, saying why; refused when it is not final or no reason is given."""
    why = reason.strip() if isinstance(reason, str) else ""
    if len(why) < MIN_REASON_LENGTH:
        raise ParYearRefused("par-reopen-reason-too-short", minimum=MIN_REASON_LENGTH)
    who, now = acting_name(by), audit.wall_clock()
    with writing(engine) as conn:
        lock_known_unit(conn, unit_code, ParYearRefused)
        row = _year_row(conn, unit_code, year)
        if row is None or row.state != FINAL:
            raise ParYearRefused("par-not-final", unit=unit_code, year=int(year))
        _write_state(conn, unit_code, year, row, {"state": DRAFT, "changed_by": who, "changed_at": now, "reason": why})
        detail = {"year": int(year), "reason": why, "final_by": row.changed_by, "final_at": row.changed_at}
        audit.record(conn, "par-reopen", username=who, unit_code=unit_code, period=str(year), detail=detail, at=now)


def _write_state(conn: Connection, unit_code: str, year: int, row: Row | None, values: dict[str, Any]) -> None:
    if row is None:
        conn.execute(insert(par_years).values(unit_code=unit_code, year=int(year), **values))
    else:
        key = (par_years.c.unit_code == unit_code, par_years.c.year == int(year))
        conn.execute(update(par_years).where(*key).values(**values))
