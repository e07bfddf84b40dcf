"""The audit log: who did what, when, to which school's report. Append-only.

`record` adds one line, either in its own transaction (given the Engine) or inside
the caller's (given the Connection of a `writing()` block), so that the line and the
change it describes are committed or rolled back together. `search` reads the lines,
newest first. There is deliberately no function to change or delete a line.

Times are naive Vietnam wall-clock time, like every time the database holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from storage.db import reading, writing
from storage.schema import audit_log

# Vietnam has kept UTC+7 without daylight saving since 1975 (as storage.repository).
_VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")

ACTIONS = frozenset(
    {
        "login",
        "login-failed",
        "logout",
        "upload-accepted",
        "upload-rejected",
        "replace",
        "restore",
        "restore-refused",
        "approve",
        "unlock",
        "appraisal",
        "close-quarter",
        "reopen-quarter",
        "registry",
        "deadline",
        "export",
        "user-add",
        "user-disable",
        "user-enable",
        "password-reset",
        "password-change",
    }
)
"""The actions a line may name: a typo would otherwise make lines no search finds."""

_USERNAME_MAX = 64  # what a login form may send is cut to this before it is logged


def wall_clock(moment: datetime | None = None) -> datetime:
    """`moment` (default: now) as naive Vietnam time; a naive moment is taken as already so."""
    if moment is None:
        return datetime.now(_VIETNAM_TIME).replace(tzinfo=None)
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(_VIETNAM_TIME).replace(tzinfo=None)


def record(
    engine_or_conn: Engine | Connection,
    action: str,
    *,
    username: str | None = None,
    unit_code: str | None = None,
    period: str | None = None,
    submission_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Append one line. Given a Connection, the line joins that connection's transaction.

    `detail` is stored as JSON (file name, sha256, values before/after, reason…); dates
    and other non-JSON values are written as text.
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; add it to storage.audit.ACTIONS")
    values = {
        "at": wall_clock(at),
        "username": username.strip().lower()[:_USERNAME_MAX] if username else None,
        "action": action,
        "unit_code": unit_code,
        "period": period,
        "submission_id": submission_id,
        "detail": json.dumps(detail or {}, ensure_ascii=False, default=str),
    }
    if isinstance(engine_or_conn, Connection):
        engine_or_conn.execute(_INSERT, values)
        return
    with writing(engine_or_conn) as conn:
        conn.execute(_INSERT, values)


_INSERT = insert(audit_log)  # one compiled statement: a bulk import writes hundreds of lines a second


def _bound(value: date | datetime, *, end: bool) -> datetime:
    """A search bound as stored time: a plain date means its whole day."""
    if isinstance(value, datetime):
        return wall_clock(value)
    return datetime.combine(value + timedelta(days=1) if end else value, time())


def search(
    engine: Engine,
    *,
    username: str | None = None,
    username_contains: str | None = None,
    action: str | Iterable[str] | None = None,
    unit_code: str | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """The lines matching every filter given, newest first, at most `limit`.

    `username` is an exact name, `username_contains` a part of one (`lan` finds `lan.nguyen`);
    `action` is one action or several; `since` and `until` are inclusive (a date
    covers its whole day). Each line is a dict of the table's columns, `detail` decoded.
    """
    stmt = select(audit_log)
    if username is not None:
        stmt = stmt.where(audit_log.c.username == username.strip().lower())
    if username_contains is not None:
        stmt = stmt.where(audit_log.c.username.contains(username_contains.strip().lower(), autoescape=True))
    if action is not None:
        actions = [action] if isinstance(action, str) else list(action)
        stmt = stmt.where(audit_log.c.action.in_(actions))
    if unit_code is not None:
        stmt = stmt.where(audit_log.c.unit_code == unit_code)
    if since is not None:
        stmt = stmt.where(audit_log.c.at >= _bound(since, end=False))
    if until is not None:
        bound = _bound(until, end=True)
        stmt = stmt.where(audit_log.c.at < bound if not isinstance(until, datetime) else audit_log.c.at <= bound)
    stmt = stmt.order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(max(int(limit), 0))
    with reading(engine) as conn:
        rows = [dict(row) for row in conn.execute(stmt).mappings()]
    for row in rows:
        row["detail"] = json.loads(row["detail"]) if row["detail"] else {}
    return rows
