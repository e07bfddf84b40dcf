"""The audit log: who did what, when, to which school's report. Append-only.

`record` adds one line, either in its own transaction (given the Engine) or inside
the caller's (given the Connection of a `writing()` block), so that the line and the
change it describes are committed or rolled back together. `search` reads the lines,
newest first. There is deliberately no function to change or delete a line.

The lines form a chain: each names the line written just before it (`prev_id`) and
carries `line_hash`, the SHA-256 of its own fields and of that line's hash. The
database refuses to change or delete a line (migrations 0004, 0005); `verify` finds,
afterwards, a line changed, removed or slipped in by someone who got round that (the
database's owner dropping the triggers, or whoever holds the SQLite file). It cannot
see a chain recomputed from the changed line on: a hash kept elsewhere can
(`verify(expect=…)`).

Times are naive Vietnam wall-clock time, like every time the database holds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, insert, or_, select

from core.vocabulary import VIETNAM_TIME
from storage.db import reading, writing
from storage.schema import audit_log

ACTIONS = frozenset(
    {
        "login",
        "login-failed",
        "logout",
        "session-refused",
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
        "user-ward",
        "password-reset",
        "password-change",
        "plan-upload",
        "plan-rejected",
        "evidence-add",
        "evidence-remove",
        "evidence-download",
        "par-appraisal",
        "par-finalise",
        "par-reopen",
        "quality-explain",
        "quality-resolve",
        "quality-reopen",
        "scope-refused",
        "ward-approve",
        "ward-withdraw",
    }
)
"""The actions a line may name: a typo would otherwise make lines no search finds."""

_USERNAME_MAX = 64  # what a login form may send is cut to this before it is logged


def wall_clock(moment: datetime | None = None) -> datetime:
    """`moment` (default: now) as naive Vietnam time; a naive moment is taken as already so."""
    if moment is None:
        return datetime.now(VIETNAM_TIME).replace(tzinfo=None)
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(VIETNAM_TIME).replace(tzinfo=None)


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
        _append(engine_or_conn, values)
        return
    with writing(engine_or_conn) as conn:
        _append(conn, values)


def _append(conn: Connection, values: dict[str, Any]) -> None:
    """Insert the line chained to the last one, which nobody else may append to meanwhile.

    SQLite: a `writing()` transaction holds the database's one write lock from its BEGIN
    IMMEDIATE on (in any other, SQLite refuses the insert after a read made stale by another
    writer). PostgreSQL: writers take turns on an advisory lock, held until their commit.
    Either way the unique index on `prev_id` refuses a second line after the same one.
    """
    last = _last_line(conn)
    values["prev_id"] = last[0] if last else None
    values["line_hash"] = line_hash(last[1] if last else None, values)
    conn.execute(_INSERT, values)


def _last_line(conn: Connection) -> tuple[int, str | None] | None:
    """The newest line's id and hash, once it is this transaction's turn to write after it.

    Read on the driver's own cursor, inside the transaction already begun: a Core statement
    costs some 40 µs more per line, most of what the chain would cost a bulk import.
    """
    if not conn.in_transaction():  # a statement through SQLAlchemy begins it, as any other would
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(_TAKE_TURN)
        return conn.exec_driver_sql(_LAST).first()
    cursor = conn.connection.cursor()
    try:
        if conn.dialect.name == "postgresql":  # one round trip; the SELECT sees what committed before its turn
            cursor.execute(f"{_TAKE_TURN}; {_LAST}")
            cursor.nextset()
        else:
            cursor.execute(_LAST)
        return cursor.fetchone()
    finally:
        cursor.close()


_INSERT = insert(audit_log)  # one compiled statement: a bulk import writes hundreds of lines a second
_LAST = "SELECT id, line_hash FROM audit_log ORDER BY id DESC LIMIT 1"
_TAKE_TURN = "SELECT pg_advisory_xact_lock(1128482881)"  # 0x43434841, "CCHA": the audit log's own key


def line_hash(previous_hash: str | None, line: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of a line's fields and of the hash of the line before it (None: the first line).

    The encoding is a contract with every line already written: never change it.
    """
    fields = [
        previous_hash or "",
        line["prev_id"],
        line["at"].isoformat(sep=" ", timespec="microseconds"),
        line["username"],
        line["action"],
        line["unit_code"],
        line["period"],
        line["submission_id"],
        line["detail"],
    ]
    encoded = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- checking the chain

CHANGED, MISSING, INSERTED, REWRITTEN = "changed", "missing", "inserted", "rewritten"


@dataclass(frozen=True)
class ChainCheck:
    """What `verify` found: the chain whole, or the first line where it breaks and why.

    `lines`: the lines found in order, all of them when whole, those before `broken_at`
    otherwise. `reason`, when broken:
      CHANGED    line `broken_at` no longer matches its hash (its fields, or its link, were changed);
      MISSING    line `other_id` is gone: `broken_at` was written right after it;
      INSERTED   line `broken_at` was not written by the app (no hash), or the chain forks
                 there: `broken_at` and `other_id` both follow the same line, one was slipped in;
      REWRITTEN  line `broken_at` is gone or its hash is not the one noted (`expect`):
                 the chain up to it was recomputed, or cut.
    """

    lines: int
    last_id: int | None = None
    last_hash: str | None = None
    broken_at: int | None = None
    reason: str | None = None
    other_id: int | None = None

    @property
    def whole(self) -> bool:
        return self.reason is None


def verify(engine: Engine, *, expect: tuple[int, str] | None = None) -> ChainCheck:
    """Walk the log in id order and check every link; stop at the first break.

    `expect` is a (line id, hash) noted earlier (printed by `cli.py audit verify`): the
    line must still be there with that hash, which a chain recomputed up to it cannot keep.
    """
    previous: Row | None = None
    count, expected_seen = 0, expect is None
    with reading(engine) as conn:
        for line in conn.execute(_CHAIN):
            broken = _break(conn, line, previous, count)
            if broken is not None:
                return broken
            if expect is not None and line.id == expect[0]:
                if line.line_hash != expect[1]:
                    return ChainCheck(count, broken_at=line.id, reason=REWRITTEN)
                expected_seen = True
            previous, count = line, count + 1
    last_id, last_hash = (previous.id, previous.line_hash) if previous else (None, None)
    if not expected_seen:  # the line noted is gone: the chain was cut, or rebuilt without it
        return ChainCheck(count, last_id, last_hash, broken_at=expect[0], reason=REWRITTEN)
    return ChainCheck(count, last_id, last_hash)


_CHAIN = select(audit_log).order_by(audit_log.c.id).execution_options(yield_per=2000)  # streamed, not all in memory


def _break(conn: Connection, line: Row, previous: Row | None, count: int) -> ChainCheck | None:
    """Why `line` does not follow `previous` in the chain, or None when it does."""
    previous_id = previous.id if previous else None
    if line.line_hash is None:  # not written by `record`
        return ChainCheck(count, broken_at=line.id, reason=INSERTED)
    if line.prev_id == previous_id:
        if line_hash(previous.line_hash if previous else None, line._mapping) != line.line_hash:
            return ChainCheck(count, broken_at=line.id, reason=CHANGED)
        return None
    if line.prev_id is not None and line.prev_id >= line.id:  # no line the app wrote names a later one
        return ChainCheck(count, broken_at=line.id, reason=CHANGED)
    if line.prev_id is not None and (previous_id is None or line.prev_id > previous_id):
        return ChainCheck(count, broken_at=line.id, reason=MISSING, other_id=line.prev_id)
    return _fork(conn, line, count)


def _fork(conn: Connection, line: Row, count: int) -> ChainCheck:
    """`line` follows a line already followed (or claims to be the first): where the branches part."""
    after = audit_log.c.id > line.prev_id if line.prev_id is not None else audit_log.c.id.is_not(None)
    stmt = select(audit_log.c.id, audit_log.c.prev_id).where(after).order_by(audit_log.c.id).limit(1)
    first = conn.execute(stmt).one()  # a line checked already: `line` comes after it
    if first.prev_id != line.prev_id:  # `line` names a line that is nowhere in the chain: its link was changed
        return ChainCheck(count, broken_at=line.id, reason=CHANGED)
    before = conn.scalar(select(func.count()).select_from(audit_log).where(audit_log.c.id < first.id))
    return ChainCheck(before, broken_at=first.id, reason=INSERTED, other_id=line.id)


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
    within: tuple[Iterable[str], Iterable[str]] | None = None,
) -> list[dict[str, Any]]:
    """The lines matching every filter given, newest first, at most `limit`.

    `username` is an exact name, `username_contains` a part of one (`lan` finds `lan.nguyen`);
    `action` is one action or several; `since` and `until` are inclusive (a date
    covers its whole day). Each line is a dict of the table's columns, `detail` decoded.
    `within` (units, usernames): a ward's lines only, those naming one of its schools or written by
    one of its accounts.
    """
    stmt = select(audit_log)
    if within is not None:
        units, names = (list(part) for part in within)
        stmt = stmt.where(or_(audit_log.c.unit_code.in_(units), audit_log.c.username.in_(names)))
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
