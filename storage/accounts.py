"""Accounts of the dashboard: who may log in, with which role, and for which school.

Three roles: an ADMIN runs the office's work (registry, deadlines, accounts), a
VIEWER reads, a CLERK submits the reports of one school (`unit_code`, required for
a clerk and NULL for the others: checked here and by the table's CHECK). An office
account (admin, viewer) may be scoped to one `ward` of the registry; an administrator
so scoped manages only the accounts of its ward (`within_ward`): its schools' clerks
and the accounts scoped to the same ward.

Passwords are kept as argon2id hashes (argon2-cffi, OWASP's parameters). `authenticate` locks an account
for LOCK_TIME after MAX_FAILED_LOGINS failures in a row, and writes every attempt to
the audit log; an unknown name costs the same hashing work as a known one. An attempt
is counted before its password is checked, so attempts sent at once from many sessions
get no more guesses than attempts sent one after the other.

Every change is one transaction together with its audit line. Times are naive
Vietnam wall-clock time (`storage.audit.wall_clock`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from time import monotonic, sleep
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, case, func, insert, or_, select, true, update
from sqlalchemy.exc import IntegrityError

# Named from here too by the pages and the CLI (the codes themselves are core.vocabulary's).
from core.errors import Refusal
from core.permissions import bound_to_unit
from core.text import clean_text
from core.vocabulary import ADMIN as ADMIN
from core.vocabulary import CLERK as CLERK
from core.vocabulary import ROLES as ROLES
from core.vocabulary import VIEWER as VIEWER
from storage import audit
from storage.db import reading, writing
from storage.schema import session_tokens, units, users

MIN_PASSWORD_LENGTH = 8
REFUSED_LOGIN_SECONDS = 0.4  # above any check of a stored hash, whatever its parameters
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this only bounds the work one request can ask for
MAX_FAILED_LOGINS = 5
LOCK_TIME = timedelta(minutes=5)

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,63}")

# argon2id at OWASP's recommended minimum (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1), about a tenth
# of the CPU of the library's RFC 9106 low-memory defaults (m=64 MiB, t=3, p=4), which hashes made before
# were: a hash carries its parameters, so those still verify, and a login with one stores it afresh.
ARGON2_MEMORY_KIB = 19456
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
_hasher = PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_PARALLELISM)


class AccountInputError(Refusal, ValueError):
    """A bad username, role, unit or password: its code says what to fix (worded in i18n/refusals.py)."""


class AccountRefused(Refusal):
    """A well-formed request that cannot be carried out: name taken, unknown account… (i18n/refusals.py)."""


@dataclass(frozen=True)
class User:
    """The logged-in person, as the pages need it."""

    username: str
    display_name: str
    role: str
    unit_code: str | None
    # Which password the session was opened with: a session opened before a reset or change is over.
    password_changed_at: datetime | None = field(default=None, compare=False)
    ward: str | None = None  # an office account scoped to one ward; None: the whole installation
    # The ward's schools as the registry had them when the account was read (core.permissions.in_reach).
    ward_units: frozenset[str] = field(default=frozenset(), compare=False)

    def same_session(self, now_stored: User) -> bool:
        """True while the account as stored now still has the password this session was opened with."""
        return self.password_changed_at is None or self.password_changed_at == now_stored.password_changed_at


# ---------------------------------------------------------------- helpers


def normalise_username(username: str) -> str:
    """How a name is stored and looked up: trimmed, lower-case."""
    return (username or "").strip().lower()


def _valid_username(username: str) -> str:
    name = normalise_username(username)
    if not _USERNAME.fullmatch(name):
        raise AccountInputError("invalid-username", username=username)
    return name


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise AccountInputError("password-too-short", minimum=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountInputError("password-too-long", maximum=MAX_PASSWORD_LENGTH)


def _hash(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash nobody's password matches, verified for unknown names so that they take as long."""
    return hasher.hash("no such account")


def _verify_nothing(password: str) -> None:
    _verify(_dummy_hash(_hasher), password)


def _user(row: Any, conn: Connection) -> User:
    ward_units = (
        frozenset(conn.scalars(select(units.c.unit_code).where(units.c.ward == row.ward))) if row.ward else None
    )
    return User(
        username=row.username,
        display_name=row.display_name or row.username,
        role=row.role,
        unit_code=row.unit_code,
        password_changed_at=row.password_changed_at,
        ward=row.ward,
        ward_units=ward_units or frozenset(),
    )


def _find(conn: Connection, username: str, *, for_update: bool = False) -> Any:
    stmt = select(users).where(users.c.username == normalise_username(username))
    if for_update and conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return conn.execute(stmt).one_or_none()


def _existing(conn: Connection, username: str) -> Any:
    row = _find(conn, username, for_update=True)
    if row is None:
        raise AccountRefused("unknown-account", username=normalise_username(username))
    return row


def registered_ward(conn: Connection, ward: str) -> str:
    """The ward as the registry spells it (case and spacing aside); AccountInputError if no school is in it."""
    wanted = clean_text(ward).casefold()
    known = conn.scalars(select(units.c.ward).where(units.c.ward.is_not(None)).distinct()).all()
    for name in known:
        if clean_text(name).casefold() == wanted:
            return name
    raise AccountInputError("unknown-ward", ward=ward)


class OutsideWard(AccountRefused):
    """An administrator scoped to a ward acted on an account of another ward; `audited` writes the attempt
    to the audit log once the refused transaction is over."""

    def __init__(self, code: str, audit_line: dict[str, Any], **params: Any) -> None:
        super().__init__(code, **params)
        self.audit_line = audit_line


@contextmanager
def audited(engine: Engine) -> Iterator[None]:
    """Write an OutsideWard's line to the audit log after its transaction rolled back, then let it go on."""
    try:
        yield
    except OutsideWard as refused:
        audit.record(engine, "scope-refused", **refused.audit_line)
        raise


def _ward_of_unit(conn: Connection, unit_code: str | None) -> str | None:
    return None if unit_code is None else conn.scalar(select(units.c.ward).where(units.c.unit_code == unit_code))


def _refuse_outside(
    conn: Connection, within: str, by: str | None, unit: str | None, ward: str | None, asked: str
) -> None:
    """Refuse an account outside `within` (the caller's `audited` logs the attempt)."""
    reached = _ward_of_unit(conn, unit) if unit is not None else ward
    if reached == within:
        return
    detail = {"asked": asked, "ward": within, **({"other_ward": reached} if reached else {})}
    raise OutsideWard("outside-ward", {"username": by, "unit_code": unit, "detail": detail}, ward=within)


def _check_within(conn: Connection, row: Any, within: str | None, by: str | None, asked: str) -> None:
    if within is not None:
        _refuse_outside(conn, within, by, row.unit_code, row.ward, f"{asked} {row.username}")


def _end_sessions(conn: Connection, username: str, reason: str, now: datetime) -> None:
    """Every login of the account still open (storage.sessions' tokens) ends with this change."""
    t = session_tokens
    conn.execute(
        update(t)
        .where(t.c.username == username, t.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )


# ---------------------------------------------------------------- managing accounts


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    *,
    unit_code: str | None = None,
    display_name: str | None = None,
    ward: str | None = None,
    by: str | None = None,
    within_ward: str | None = None,
) -> int:
    """Create an active account; answer its id. A clerk needs the code of a registered school; an office
    account's `ward` must be a ward of the registry. `within_ward`: the acting administrator's own ward,
    outside which it may create nothing."""
    name = _valid_username(username)
    if role not in ROLES:
        raise AccountInputError("invalid-role", role=role, roles=list(ROLES))
    unit = (unit_code or "").strip().upper() or None
    ward = clean_text(ward) or None
    if bound_to_unit(role) and unit is None:
        raise AccountInputError("clerk-needs-unit")
    if not bound_to_unit(role) and unit is not None:
        raise AccountInputError("unit-only-for-clerk", role=role)
    if bound_to_unit(role) and ward is not None:
        raise AccountInputError("ward-only-for-office")
    _check_password(password)
    display = (display_name or "").strip() or None
    password_hash = _hash(password)  # before the transaction: hashing takes a while
    now = audit.wall_clock()
    try:
        with audited(engine), writing(engine) as conn:
            if unit is not None and conn.scalar(select(units.c.unit_code).where(units.c.unit_code == unit)) is None:
                raise AccountInputError("unknown-unit", unit=unit)
            if ward is not None:
                ward = registered_ward(conn, ward)
            if within_ward is not None:
                _refuse_outside(conn, within_ward, by, unit, ward, f"user-add {name}")
            if _find(conn, name) is not None:
                raise AccountRefused("username-taken", username=name)
            user_id = conn.execute(
                insert(users)
                .values(
                    username=name,
                    display_name=display,
                    role=role,
                    unit_code=unit,
                    ward=ward,
                    password_hash=password_hash,
                    active=True,
                    failed_logins=0,
                    locked_until=None,
                    created_at=now,
                    password_changed_at=now,
                )
                .returning(users.c.id)
            ).scalar_one()
            detail = {"user": name, "role": role, "display_name": display, **({"ward": ward} if ward else {})}
            audit.record(conn, "user-add", username=by, unit_code=unit, detail=detail, at=now)
    except IntegrityError as error:  # the same name, added by someone else meanwhile
        raise AccountRefused("username-taken", username=name) from error
    return user_id


def create_first_admin(engine: Engine, username: str, password: str, *, display_name: str | None = None) -> User:
    """The office's first administrator, from the app's set-up form; refused once any account exists.

    The check and the insert are one transaction (on PostgreSQL behind a table lock), so two
    people filling the form at once cannot both become administrators.
    """
    name = _valid_username(username)
    _check_password(password)
    display = (display_name or "").strip() or None
    password_hash = _hash(password)
    now = audit.wall_clock()
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("LOCK TABLE users IN EXCLUSIVE MODE")
        if conn.scalar(select(users.c.id).limit(1)) is not None:
            raise AccountRefused("admin-exists")
        conn.execute(
            insert(users).values(
                username=name, display_name=display, role=ADMIN, unit_code=None, password_hash=password_hash,
                active=True, failed_logins=0, locked_until=None, created_at=now, password_changed_at=now,
            )
        )  # fmt: skip
        audit.record(conn, "user-add", username=name, detail={"user": name, "role": ADMIN, "first_admin": True}, at=now)
        return _user(_find(conn, name), conn)


def list_users(engine: Engine, *, within_ward: str | None = None) -> list[dict[str, Any]]:
    """Every account by name, without its password hash; with `within_ward`, that ward's accounts only
    (its schools' clerks and the accounts scoped to it)."""
    columns = [c for c in users.c if c.name != "password_hash"]
    stmt = select(*columns).order_by(users.c.username)
    if within_ward is not None:
        ward_units = select(units.c.unit_code).where(units.c.ward == within_ward)
        stmt = stmt.where(or_(users.c.ward == within_ward, users.c.unit_code.in_(ward_units)))
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]


def get_user(engine: Engine, username: str) -> User | None:
    """The active account of that name, e.g. to restore a session; None otherwise."""
    with reading(engine) as conn:
        row = _find(conn, username)
        return _user(row, conn) if row is not None and row.active else None


def has_users(engine: Engine) -> bool:
    """True once any account exists (the app offers to create the first admin until then)."""
    with reading(engine) as conn:
        return conn.scalar(select(users.c.id).limit(1)) is not None


def disable_user(engine: Engine, username: str, *, by: str | None = None, within_ward: str | None = None) -> bool:
    """Stop an account from logging in (it stays, for the audit log); False if it already was.

    The last active admin cannot be disabled: nobody could manage the accounts any more.
    """
    with audited(engine), writing(engine) as conn:
        row = _existing(conn, username)
        _check_within(conn, row, within_ward, by, "user-disable")
        if not row.active:
            return False
        if row.role == ADMIN:
            admins = conn.scalar(
                select(func.count()).select_from(users).where(users.c.role == ADMIN, users.c.active == true())
            )
            if admins <= 1:
                raise AccountRefused("last-admin", username=row.username)
        conn.execute(update(users).where(users.c.id == row.id).values(active=False))
        _end_sessions(conn, row.username, "account disabled", audit.wall_clock())
        audit.record(conn, "user-disable", username=by, unit_code=row.unit_code, detail={"user": row.username})
    return True


def enable_user(engine: Engine, username: str, *, by: str | None = None, within_ward: str | None = None) -> bool:
    """Let a disabled account log in again, with the password it had; False if it was active already."""
    with audited(engine), writing(engine) as conn:
        row = _existing(conn, username)
        _check_within(conn, row, within_ward, by, "user-enable")
        if row.active:
            return False
        conn.execute(update(users).where(users.c.id == row.id).values(active=True, failed_logins=0, locked_until=None))
        audit.record(conn, "user-enable", username=by, unit_code=row.unit_code, detail={"user": row.username})
    return True


def reset_password(
    engine: Engine, username: str, new_password: str, *, by: str | None = None, within_ward: str | None = None
) -> None:
    """An admin sets a new password; it also lifts a lock-out. The account's active state is kept."""
    _check_password(new_password)
    password_hash = _hash(new_password)
    now = audit.wall_clock()
    with audited(engine), writing(engine) as conn:
        row = _existing(conn, username)
        _check_within(conn, row, within_ward, by, "password-reset")
        conn.execute(
            update(users)
            .where(users.c.id == row.id)
            .values(password_hash=password_hash, password_changed_at=now, failed_logins=0, locked_until=None)
        )
        _end_sessions(conn, row.username, "password reset", now)
        audit.record(
            conn, "password-reset", username=by, unit_code=row.unit_code, detail={"user": row.username}, at=now
        )


def set_ward(
    engine: Engine, username: str, ward: str | None, *, by: str | None = None, within_ward: str | None = None
) -> bool:
    """Scope an office account to another ward (`ward`), or to the whole installation (None); False if it already
    was. The ward must be the registry's. A ward's administrator (`within_ward`) may only scope its own ward's
    accounts to its own ward. The last active administrator of the whole installation stays so (nobody else
    could close a quarter or manage the other wards). The account's pages follow at its next read of the account
    (at most 30 s later in another process)."""
    wanted = clean_text(ward) or None
    with audited(engine), writing(engine) as conn:
        row = _existing(conn, username)
        _check_within(conn, row, within_ward, by, "user-ward")
        if bound_to_unit(row.role):
            raise AccountInputError("ward-only-for-office")
        if wanted is not None:
            wanted = registered_ward(conn, wanted)
        if within_ward is not None:
            _refuse_outside(conn, within_ward, by, None, wanted, f"user-ward {row.username}")
        if wanted == row.ward:
            return False
        if row.role == ADMIN and row.active and row.ward is None and wanted is not None:
            whole = select(func.count()).select_from(users)
            whole = whole.where(users.c.role == ADMIN, users.c.active == true(), users.c.ward.is_(None))
            if conn.scalar(whole) <= 1:
                raise AccountRefused("last-city-admin", username=row.username)
        conn.execute(update(users).where(users.c.id == row.id).values(ward=wanted))
        detail = {"user": row.username, "ward_before": row.ward, "ward": wanted}
        audit.record(conn, "user-ward", username=by, unit_code=None, detail=detail)
    return True


def change_password(engine: Engine, username: str, old: str, new: str) -> bool:
    """The user changes their own password; False (and nothing changed) unless `old` is right.

    A wrong `old` counts towards the lock-out like a wrong login (a session left open must
    not let anyone try passwords at leisure); while locked, nothing is checked. A new
    password too short raises AccountInputError before anything is checked.
    """
    _check_password(new)
    if new == old:
        raise AccountInputError("same-password")
    now = audit.wall_clock()
    name = normalise_username(username)
    with reading(engine) as conn:
        row = _find(conn, username)
    if row is None or not row.active:
        _verify_nothing(old)
        reason = "unknown user" if row is None else "disabled"
        audit.record(engine, "password-change", username=name, detail={"ok": False, "reason": reason}, at=now)
        return False
    place, locked_until = _reserve_attempt(engine, row.id, now)
    if place is None:
        _verify_nothing(old)
        detail = {"ok": False, "reason": "locked", **_lock_detail(locked_until)}
        audit.record(engine, "password-change", username=name, detail=detail, at=now)
        return False
    if not _verify(row.password_hash, old):  # outside any transaction: argon2 is slow
        with writing(engine) as conn:
            detail = {"ok": False, **_count_failure(conn, row.id, place, now)}
            audit.record(conn, "password-change", username=name, unit_code=row.unit_code, detail=detail, at=now)
        return False
    password_hash = _hash(new)
    with writing(engine) as conn:
        conn.execute(
            update(users)
            .where(users.c.id == row.id)
            .values(password_hash=password_hash, password_changed_at=now, **_success_values(place))
        )
        _end_sessions(conn, row.username, "password changed", now)
        audit.record(conn, "password-change", username=name, unit_code=row.unit_code, detail={"ok": True}, at=now)
    return True


# ---------------------------------------------------------------- logging in


def _refuse(engine: Engine, name: str, reason: str, now: datetime, **detail: Any) -> None:
    audit.record(engine, "login-failed", username=name, detail={"reason": reason, **detail}, at=now)


def _reserve_attempt(engine: Engine, user_id: int, moment: datetime) -> tuple[int | None, datetime | None]:
    """Count an attempt as a failure BEFORE its password is checked: (its place in the row of failures, None).

    While the account is locked nothing is counted: (None, when the lock ends). One
    conditional UPDATE decides, so attempts sent at once cannot all read "not locked" and
    all be checked: PostgreSQL makes a concurrent UPDATE wait for the row and re-check the
    WHERE, SQLite queues writes (BEGIN IMMEDIATE).

    The attempt taking the MAX_FAILED_LOGINS-th place locks the account in the same UPDATE
    (so no further attempt is counted while it is checked), and `_count_failure` or
    `_success_values` settles it. After a lock the count starts again from this attempt,
    even if the one that locked was never settled (the server stopped while checking it).
    """
    lock_over = users.c.locked_until.is_not(None)  # the WHERE lets only a lock already over through
    place = case((lock_over, 1), else_=users.c.failed_logins + 1)
    with writing(engine) as conn:
        counted = conn.execute(
            update(users)
            .where(users.c.id == user_id, or_(users.c.locked_until.is_(None), users.c.locked_until <= moment))
            .values(
                failed_logins=place,
                locked_until=case((place >= MAX_FAILED_LOGINS, moment + LOCK_TIME), else_=None),
            )
            .returning(users.c.failed_logins)
        ).scalar_one_or_none()
        if counted is not None:
            return counted, None
        return None, conn.scalar(select(users.c.locked_until).where(users.c.id == user_id))


def _lock_detail(locked_until: datetime | None) -> dict[str, Any]:
    return {} if locked_until is None else {"locked_until": locked_until.isoformat(sep=" ")}


def _count_failure(conn: Connection, user_id: int, place: int, moment: datetime) -> dict[str, Any]:
    """The attempt counted at `place` was a wrong password; the MAX_FAILED_LOGINS-th locked the account.

    Answers the audit detail.
    """
    detail: dict[str, Any] = {"reason": "wrong password", "failures": place}
    if place >= MAX_FAILED_LOGINS:
        # The lock was taken when the attempt was counted; the count starts again.
        conn.execute(update(users).where(users.c.id == user_id).values(failed_logins=0))
        detail.update(_lock_detail(moment + LOCK_TIME))
    return detail


def _success_values(place: int) -> dict[str, Any]:
    """The account's count after a right password counted at `place`: the failures before it are cleared.

    Attempts counted after it (still being checked) keep their places, and a lock they
    reached stays; only the lock this attempt took, at the last place, is lifted.
    """
    values: dict[str, Any] = {
        "failed_logins": case((users.c.failed_logins > place, users.c.failed_logins - place), else_=0)
    }
    if place >= MAX_FAILED_LOGINS:
        values["locked_until"] = None
    return values


def authenticate(engine: Engine, username: str, password: str, *, now: datetime | None = None) -> User | None:
    """The account if the password is right and it may log in now; None otherwise.

    MAX_FAILED_LOGINS wrong passwords in a row lock it until LOCK_TIME later (attempts
    meanwhile are refused without counting); a success clears the failures counted before it. Every attempt
    is audited: 'login', or 'login-failed' with the reason (unknown user, wrong
    password, locked, disabled). `now` is for tests (naive: Vietnam time). A refused attempt takes at least
    REFUSED_LOGIN_SECONDS, whatever refused it: an account whose hash has older, costlier parameters (until its
    next login) answers no slower than a name that does not exist.
    """
    started = monotonic()
    user = _authenticate(engine, username, password, now)
    if user is None:
        sleep(max(0.0, REFUSED_LOGIN_SECONDS - (monotonic() - started)))  # waits, without CPU
    return user


def _authenticate(engine: Engine, username: str, password: str, now: datetime | None) -> User | None:
    moment = audit.wall_clock(now)
    name = normalise_username(username)
    password = password if isinstance(password, str) else ""
    with reading(engine) as conn:
        row = _find(conn, name)
    if row is None:
        _verify_nothing(password)
        _refuse(engine, name, "unknown user", moment)
        return None
    if not row.active:
        _verify_nothing(password)
        _refuse(engine, name, "disabled", moment)
        return None
    place, locked_until = _reserve_attempt(engine, row.id, moment)
    if place is None:
        _verify_nothing(password)
        _refuse(engine, name, "locked", moment, **_lock_detail(locked_until))
        return None

    # Outside any transaction: argon2 is slow, and the attempt is already counted.
    if not _verify(row.password_hash, password):
        with writing(engine) as conn:
            detail = _count_failure(conn, row.id, place, moment)
            audit.record(conn, "login-failed", username=name, unit_code=row.unit_code, detail=detail, at=moment)
        return None

    new_hash = _hash(password) if _hasher.check_needs_rehash(row.password_hash) else None
    with writing(engine) as conn:
        values = _success_values(place)
        if new_hash is not None:  # unless the password was reset or changed meanwhile
            kept = users.c.password_hash == row.password_hash
            values["password_hash"] = case((kept, new_hash), else_=users.c.password_hash)
        conn.execute(update(users).where(users.c.id == row.id).values(**values))
        audit.record(conn, "login", username=name, unit_code=row.unit_code, at=moment)
        return _user(row, conn)


def sign_in_with_identity(engine: Engine, claims: Mapping[str, Any], *, now: datetime | None = None) -> User | None:
    """The account for a person the organisation's identity provider (OIDC) signed in; None if none may log in.

    The provider proves who the person is; the role comes from the local, active account
    whose username is the e-mail address it gives. An address the provider itself marks
    unverified proves nothing (one that says nothing of it is trusted). Audited like a login.
    """
    moment = audit.wall_clock(now)
    email = normalise_username(str(claims.get("email") or ""))
    if _says_no(claims.get("email_verified")):
        _refuse(engine, email or None, "e-mail not verified by the provider", moment, via="oidc")
        return None
    found = get_user(engine, email) if email else None
    if found is None:
        _refuse(engine, email or None, "no active account for the identity", moment, via="oidc")
        return None
    audit.record(engine, "login", username=found.username, unit_code=found.unit_code, detail={"via": "oidc"}, at=moment)
    return found


def _says_no(value: Any) -> bool:
    """A claim that is false, as providers write it: false, "false", 0, "0", "no"."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip().lower() in ("false", "0", "no")
    return not value
