"""Password hashes: argon2id at OWASP's parameters, and older hashes stored afresh at a successful login.

Real parameters here (no `fast_hashing`): what is checked is the parameters themselves.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from sqlalchemy import Engine, select, update

from storage import accounts, audit
from storage.accounts import MAX_FAILED_LOGINS, VIEWER, add_user, authenticate, reset_password
from storage.schema import users

PASSWORD = "mat-khau-thu-nghiem"
OWASP = {"m": 19456, "t": 2, "p": 1}  # OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 passes, 1 lane
# What hashes were made with before: argon2-cffi's defaults (RFC 9106's low-memory profile).
OLD = {"m": 65536, "t": 3, "p": 4}


def parameters(password_hash: str) -> dict[str, int]:
    """The m=, t= and p= parts of an argon2 hash string."""
    found = re.fullmatch(r"\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[^$]+\$[^$]+", password_hash)
    assert found, password_hash
    return dict(zip("mtp", map(int, found.groups()), strict=True))


def stored(engine: Engine, username: str) -> str:
    with engine.connect() as conn:
        return conn.scalar(select(users.c.password_hash).where(users.c.username == username))


def test_new_hashes_and_the_unknown_names_dummy_carry_owasps_parameters(engine: Engine) -> None:
    add_user(engine, "lanh.dao", PASSWORD, VIEWER)
    assert parameters(stored(engine, "lanh.dao")) == OWASP
    assert parameters(accounts._dummy_hash(accounts._hasher)) == OWASP  # an unknown name costs a known one's work


def test_an_old_parameters_hash_is_stored_afresh_on_a_successful_login_only(engine: Engine) -> None:
    add_user(engine, "lanh.dao", PASSWORD, VIEWER)
    old_hash = PasswordHasher().hash(PASSWORD)
    assert parameters(old_hash) == OLD
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.username == "lanh.dao").values(password_hash=old_hash))

    assert authenticate(engine, "lanh.dao", "sai-mat-khau") is None  # a wrong password changes no hash
    assert stored(engine, "lanh.dao") == old_hash
    assert authenticate(engine, "lanh.dao", PASSWORD) is not None  # the old hash still lets its password in
    upgraded = stored(engine, "lanh.dao")
    assert parameters(upgraded) == OWASP and PasswordHasher().verify(upgraded, PASSWORD)
    with engine.connect() as conn:
        assert conn.scalar(select(users.c.failed_logins).where(users.c.username == "lanh.dao")) == 0

    assert authenticate(engine, "lanh.dao", PASSWORD) is not None  # and once upgraded, it is kept
    assert stored(engine, "lanh.dao") == upgraded
    actions = [line["action"] for line in audit.search(engine, username="lanh.dao")]
    assert actions == ["login", "login", "login-failed"]


def test_the_upgrade_keeps_a_password_reset_made_while_the_old_hash_was_checked(engine: Engine, monkeypatch) -> None:
    add_user(engine, "lanh.dao", PASSWORD, VIEWER)
    with engine.begin() as conn:
        conn.execute(
            update(users).where(users.c.username == "lanh.dao").values(password_hash=PasswordHasher().hash(PASSWORD))
        )
    real = accounts._verify

    def verify_while_reset(password_hash: str, password: str) -> bool:
        right = real(password_hash, password)
        reset_password(engine, "lanh.dao", "mat-khau-moi-cua-quan-tri", by="admin")
        return right

    monkeypatch.setattr(accounts, "_verify", verify_while_reset)
    authenticate(engine, "lanh.dao", PASSWORD)
    monkeypatch.setattr(accounts, "_verify", real)
    assert PasswordHasher().verify(stored(engine, "lanh.dao"), "mat-khau-moi-cua-quan-tri")
    assert authenticate(engine, "lanh.dao", PASSWORD) is None  # the old password is over


def test_the_lock_out_still_counts_with_the_new_parameters(engine: Engine) -> None:
    add_user(engine, "lanh.dao", PASSWORD, VIEWER)
    for _ in range(MAX_FAILED_LOGINS):
        assert authenticate(engine, "lanh.dao", "sai-mat-khau") is None
    assert authenticate(engine, "lanh.dao", PASSWORD) is None  # locked
    reasons = [line["detail"]["reason"] for line in audit.search(engine, username="lanh.dao")]
    assert reasons[0] == "locked" and reasons[1:] == ["wrong password"] * MAX_FAILED_LOGINS


def test_a_refused_login_takes_the_same_time_whatever_refused_it(engine: Engine, monkeypatch) -> None:
    """An account still holding an older, costlier hash must not answer slower than a name that does not exist."""
    old = PasswordHasher(time_cost=OLD["t"], memory_cost=OLD["m"], parallelism=OLD["p"])
    add_user(engine, "lanh.dao", PASSWORD, VIEWER)
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.username == "lanh.dao").values(password_hash=old.hash(PASSWORD)))
    waited: list[float] = []
    monkeypatch.setattr(accounts, "sleep", waited.append)  # the wait, not spent
    clock = iter([0.0, 0.03, 10.0, 10.19, 20.0, 20.05])  # started, ended: unknown, old hash, right password
    monkeypatch.setattr(accounts, "monotonic", lambda: next(clock))
    assert authenticate(engine, "khong.co", PASSWORD) is None
    assert authenticate(engine, "lanh.dao", "sai-mat-khau-123") is None
    assert authenticate(engine, "lanh.dao", PASSWORD) is not None
    assert [round(w, 2) for w in waited] == [round(accounts.REFUSED_LOGIN_SECONDS - 0.03, 2),
                                             round(accounts.REFUSED_LOGIN_SECONDS - 0.19, 2)]  # fmt: skip
