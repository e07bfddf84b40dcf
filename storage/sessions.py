"""Logins that outlive one browser tab's connection: session tokens kept in the database.

A login issues a token `"<id>.<secret>.<signature>"`. The browser keeps it in a cookie;
a reloaded page, or the same browser reaching another app process behind the proxy,
presents it and `check` gives back the account. The signature (HMAC-SHA256 of
`<id>.<secret>` with the server's key) refuses a made-up or altered token before the
database is asked; the database keeps only the SHA-256 of the secret, so a copy of
the table lets nobody in.

`check` refuses a token that is malformed, wrongly signed, unknown, with the wrong
secret, revoked (logged out), expired, of an account that is disabled or gone, or
issued before the account's password was last changed or reset: a new password ends
every earlier login. Each refusal is written to the audit log (`session-refused`).

The key: `CCHC_SESSION_KEY` when set (the same value on every machine that serves the
app), else a random key made once and kept in `session.key` in the data folder (0600),
which every process on this machine shares. How long a login lasts:
`core.settings.session_hours()`. Times are naive Vietnam wall-clock time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select, update

from core.settings import data_dir, session_hours
from storage import audit
from storage.accounts import User, get_user, normalise_username
from storage.db import reading, writing
from storage.schema import session_tokens, users

KEY_ENV = "CCHC_SESSION_KEY"
KEY_FILE = "session.key"
MIN_KEY_LENGTH = 32  # characters of CCHC_SESSION_KEY: a short key could be guessed offline from one token
PRUNE_AFTER = timedelta(days=7)  # expired rows kept this long, so a late cookie is refused as "expired"
_MAX_TOKEN_LENGTH = 200  # far above a real token's (~110): anything longer is refused unread
_SECRET_BYTES = 32


# ---------------------------------------------------------------- the key


def signing_key() -> bytes:
    """The key tokens are signed with: `CCHC_SESSION_KEY`, else this machine's own key file."""
    configured = os.environ.get(KEY_ENV, "").strip()
    if configured:
        if len(configured) < MIN_KEY_LENGTH:
            raise ValueError(f"{KEY_ENV} must be at least {MIN_KEY_LENGTH} characters long")
        return configured.encode()
    return _key_file(data_dir() / KEY_FILE)


@lru_cache(maxsize=8)
def _key_file(path: Path) -> bytes:
    """The key kept in `path`, made there first if missing; every process on the machine reads the same one.

    Written to a private temporary file and linked into place: linking fails if another
    process linked its own key first, and then that one is read, never a half-written file.
    """
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temp.unlink()
    return path.read_bytes().strip()


# ---------------------------------------------------------------- the token's parts


@dataclass(frozen=True)
class _Token:
    id: int
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _sign(body: str) -> str:
    mac = hmac.new(signing_key(), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _parse(token: object) -> _Token | str:
    """The token's id and secret if it is well formed and signed with our key; else why not."""
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_LENGTH:
        return "malformed"
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 18 or not parts[1] or not parts[2]:
        return "malformed"
    if not hmac.compare_digest(_sign(f"{parts[0]}.{parts[1]}"), parts[2]):
        return "bad signature"
    return _Token(int(parts[0]), parts[1])


def session_id(token: str) -> int | None:
    """The id of a well-formed, rightly signed token (for the audit log); None otherwise."""
    parsed = _parse(token)
    return parsed.id if isinstance(parsed, _Token) else None


# ---------------------------------------------------------------- issuing, checking, revoking


def issue(engine: Engine, user: User, *, now: datetime | None = None) -> str:
    """A new token for `user`, valid `session_hours()` from now; expired rows of long ago are removed meanwhile."""
    moment = audit.wall_clock(now)
    secret = secrets.token_urlsafe(_SECRET_BYTES)
    with writing(engine) as conn:
        conn.execute(delete(session_tokens).where(session_tokens.c.expires_at < moment - PRUNE_AFTER))
        token_id = conn.execute(
            insert(session_tokens)
            .values(
                token_hash=_digest(secret),
                username=normalise_username(user.username),
                created_at=moment,
                expires_at=moment + timedelta(hours=session_hours()),
            )
            .returning(session_tokens.c.id)
        ).scalar_one()
    body = f"{token_id}.{secret}"
    return f"{body}.{_sign(body)}"


def check(engine: Engine, token: str, *, now: datetime | None = None) -> User | None:
    """The account the token logs in, as stored now; None (and an audit line saying why) if it may not."""
    moment = audit.wall_clock(now)
    parsed = _parse(token)
    if not isinstance(parsed, _Token):
        _refuse(engine, parsed, moment)
        return None
    with reading(engine) as conn:
        row = conn.execute(select(session_tokens).where(session_tokens.c.id == parsed.id)).one_or_none()
    if row is None:
        _refuse(engine, "unknown", moment, session=parsed.id)
        return None
    if not hmac.compare_digest(row.token_hash, _digest(parsed.secret)):
        _refuse(engine, "wrong secret", moment, username=row.username, session=row.id)
        return None
    if row.revoked_at is not None:
        _refuse(engine, "revoked", moment, username=row.username, session=row.id, revoked=row.revoked_reason)
        return None
    if row.expires_at <= moment:
        _refuse(engine, "expired", moment, username=row.username, session=row.id)
        return None
    user = get_user(engine, row.username)
    if user is None:
        _refuse(engine, _no_account(engine, row.username), moment, username=row.username, session=row.id, end=True)
        return None
    if user.password_changed_at is not None and row.created_at < user.password_changed_at:
        _refuse(engine, "password changed", moment, username=row.username, session=row.id, end=True)
        return None
    return user


def _no_account(engine: Engine, username: str) -> str:
    with reading(engine) as conn:
        active = conn.scalar(select(users.c.active).where(users.c.username == username))
    return "unknown account" if active is None else "disabled account"


def _refuse(
    engine: Engine,
    reason: str,
    moment: datetime,
    *,
    username: str | None = None,
    session: int | None = None,
    end: bool = False,
    **detail: object,
) -> None:
    """Log the refusal; with `end`, also revoke the token for good (its account changed under it)."""
    with writing(engine) as conn:
        if end and session is not None:
            _revoke_row(conn, session, reason, moment)
        ids = {} if session is None else {"session": session}
        details = {"reason": reason, **ids, **{k: v for k, v in detail.items() if v is not None}}
        audit.record(conn, "session-refused", username=username, detail=details, at=moment)


def _revoke_row(conn: Connection, token_id: int, reason: str, moment: datetime, secret: str | None = None) -> bool:
    where = [session_tokens.c.id == token_id, session_tokens.c.revoked_at.is_(None)]
    if secret is not None:
        where.append(session_tokens.c.token_hash == _digest(secret))
    done = conn.execute(update(session_tokens).where(*where).values(revoked_at=moment, revoked_reason=reason))
    return done.rowcount == 1


def revoke(engine: Engine, token: str, reason: str, *, now: datetime | None = None) -> bool:
    """End one login (logging out); False if the token is not a live one of ours."""
    parsed = _parse(token)
    if not isinstance(parsed, _Token):
        return False
    with writing(engine) as conn:
        return _revoke_row(conn, parsed.id, reason, audit.wall_clock(now), parsed.secret)


def revoke_all(engine: Engine, username: str, reason: str, *, now: datetime | None = None) -> int:
    """End every live login of the account (e.g. a lost laptop); answers how many were ended."""
    moment = audit.wall_clock(now)
    live = [
        session_tokens.c.username == normalise_username(username),
        session_tokens.c.revoked_at.is_(None),
        session_tokens.c.expires_at > moment,
    ]
    with writing(engine) as conn:
        done = conn.execute(update(session_tokens).where(*live).values(revoked_at=moment, revoked_reason=reason))
        return done.rowcount
