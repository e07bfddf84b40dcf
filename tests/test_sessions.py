"""Session tokens on each backend: a login kept across reloads and app processes, and every way one is refused."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from storage import accounts, audit, sessions
from storage.accounts import ADMIN, CLERK, User
from storage.registry import upsert_units
from storage.schema import session_tokens

ROOT = Path(__file__).resolve().parent.parent
KEY = "k" * 40
CLERK_NAME = "van.thu"
PASSWORD = "mat-khau-clerk"

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture(autouse=True)
def _key(monkeypatch) -> None:
    monkeypatch.setenv(sessions.KEY_ENV, KEY)
    monkeypatch.delenv("CCHC_SESSION_HOURS", raising=False)


@pytest.fixture
def office(engine: Engine, unit_rows) -> Engine:
    upsert_units(engine, unit_rows)
    accounts.add_user(engine, "quan.tri", "mat-khau-admin", ADMIN)
    accounts.add_user(engine, "quan.tri.2", "mat-khau-admin", ADMIN)
    accounts.add_user(engine, CLERK_NAME, PASSWORD, CLERK, unit_code="TH01")
    return engine


@pytest.fixture
def clerk(office: Engine) -> User:
    return accounts.get_user(office, CLERK_NAME)


def refusals(engine: Engine) -> list[dict]:
    """The session-refused lines, oldest first."""
    return list(reversed(audit.search(engine, action="session-refused")))


def row(engine: Engine, token_id: int):
    with engine.connect() as conn:
        return conn.execute(select(session_tokens).where(session_tokens.c.id == token_id)).one()


def test_a_token_logs_its_account_in_and_the_database_keeps_only_the_secrets_hash(office, clerk):
    token = sessions.issue(office, clerk)
    token_id, secret, _signature = token.split(".")
    found = sessions.check(office, token)
    assert found == clerk
    assert found.unit_code == "TH01"
    stored = row(office, int(token_id))
    assert stored.username == CLERK_NAME
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(v) for v in stored}
    assert stored.expires_at - stored.created_at == timedelta(hours=12)
    assert stored.revoked_at is None
    assert sessions.session_id(token) == int(token_id)
    assert refusals(office) == []


def test_a_tampered_signature_is_refused_without_asking_the_database(office, clerk, monkeypatch):
    token = sessions.issue(office, clerk)
    body, signature = token.rsplit(".", 1)
    tampered = f"{body}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"

    def no_lookup(*args, **kwargs):
        raise AssertionError("the database was asked about a badly signed token")

    monkeypatch.setattr(sessions, "reading", no_lookup)
    assert sessions.check(office, tampered) is None
    assert sessions.session_id(tampered) is None
    [line] = refusals(office)
    assert line["detail"] == {"reason": "bad signature"}
    assert line["username"] is None


def test_a_token_signed_with_another_key_is_refused(office, clerk, monkeypatch):
    token = sessions.issue(office, clerk)
    monkeypatch.setenv(sessions.KEY_ENV, "x" * 40)
    assert sessions.check(office, token) is None
    assert refusals(office)[-1]["detail"]["reason"] == "bad signature"


def test_a_rightly_signed_token_with_the_wrong_secret_or_an_unknown_id_is_refused(office, clerk):
    token_id = sessions.session_id(sessions.issue(office, clerk))
    wrong_secret = f"{token_id}.not-the-secret"
    unknown = f"{token_id + 1000}.whatever"
    assert sessions.check(office, f"{wrong_secret}.{sessions._sign(wrong_secret)}") is None
    assert sessions.check(office, f"{unknown}.{sessions._sign(unknown)}") is None
    first, second = refusals(office)
    assert first["detail"] == {"reason": "wrong secret", "session": token_id}
    assert first["username"] == CLERK_NAME
    assert second["detail"] == {"reason": "unknown", "session": token_id + 1000}


@pytest.mark.parametrize("token", ["", "abc", "1.2", "1.2.3.4", "x.secret.sig", "1..sig", "9" * 300, None])
def test_a_malformed_token_is_refused(office, token):
    assert sessions.check(office, token) is None
    assert [line["detail"] for line in refusals(office)] == [{"reason": "malformed"}]


def test_a_token_expires_after_the_configured_hours(office, clerk, monkeypatch):
    monkeypatch.setenv("CCHC_SESSION_HOURS", "2")
    start = audit.wall_clock()
    token = sessions.issue(office, clerk, now=start)
    assert sessions.check(office, token, now=start + timedelta(hours=2) - timedelta(seconds=1)) == clerk
    assert sessions.check(office, token, now=start + timedelta(hours=2)) is None
    [line] = refusals(office)
    assert line["detail"] == {"reason": "expired", "session": sessions.session_id(token)}


def test_a_revoked_token_is_refused_and_revoking_twice_does_nothing(office, clerk):
    token = sessions.issue(office, clerk)
    other = sessions.issue(office, clerk)
    assert sessions.revoke(office, token, "logout") is True
    assert sessions.revoke(office, token, "logout") is False
    assert sessions.revoke(office, token + "x", "logout") is False  # a tampered one revokes nothing
    assert sessions.check(office, token) is None
    assert sessions.check(office, other) == clerk  # the same account's other login goes on
    stored = row(office, sessions.session_id(token))
    assert stored.revoked_reason == "logout"
    assert stored.revoked_at is not None
    [line] = refusals(office)
    assert line["detail"] == {"reason": "revoked", "session": sessions.session_id(token), "revoked": "logout"}


def test_revoke_all_ends_every_live_login_of_one_account(office, clerk):
    mine = [sessions.issue(office, clerk) for _ in range(2)]
    admin = sessions.issue(office, accounts.get_user(office, "quan.tri"))
    assert sessions.revoke_all(office, "Van.Thu ", "laptop lost") == 2
    assert [sessions.check(office, token) for token in mine] == [None, None]
    assert sessions.check(office, admin).username == "quan.tri"
    assert sessions.revoke_all(office, CLERK_NAME, "again") == 0


def test_changing_the_password_ends_every_earlier_login(office, clerk):
    before = sessions.issue(office, clerk)
    assert accounts.change_password(office, CLERK_NAME, PASSWORD, "mat-khau-moi-1")
    assert sessions.check(office, before) is None
    after = sessions.issue(office, accounts.get_user(office, CLERK_NAME))
    assert sessions.check(office, after).username == CLERK_NAME
    [line] = refusals(office)  # revoked by the change itself (storage.accounts), in its transaction
    assert line["detail"] == {
        "reason": "revoked",
        "revoked": "password changed",
        "session": sessions.session_id(before),
    }
    assert row(office, sessions.session_id(before)).revoked_reason == "password changed"


def test_a_reset_by_an_administrator_ends_every_earlier_login(office, clerk):
    before = sessions.issue(office, clerk)
    accounts.reset_password(office, CLERK_NAME, "mat-khau-moi-2", by="quan.tri")
    assert sessions.check(office, before) is None
    assert refusals(office)[-1]["detail"] == {"reason": "revoked", "revoked": "password reset",
                                              "session": sessions.session_id(before)}  # fmt: skip


def test_a_disabled_account_is_refused_and_stays_out_when_enabled_again(office, clerk):
    token, unused = sessions.issue(office, clerk), sessions.issue(office, clerk)
    accounts.disable_user(office, CLERK_NAME, by="quan.tri")
    assert sessions.check(office, token) is None
    accounts.enable_user(office, CLERK_NAME, by="quan.tri")
    assert sessions.check(office, token) is None  # revoked when disabled: the person logs in again
    assert sessions.check(office, unused) is None  # a login not presented meanwhile too
    reasons = [(line["detail"]["reason"], line["detail"].get("revoked")) for line in refusals(office)]
    assert reasons == [("revoked", "account disabled")] * 3
    assert all(line["username"] == CLERK_NAME for line in refusals(office))


def test_a_token_of_an_account_that_does_not_exist_is_refused(office):
    ghost = User(username="khong.co", display_name="?", role=CLERK, unit_code="TH01")
    token = sessions.issue(office, ghost)
    assert sessions.check(office, token) is None
    assert refusals(office)[-1]["detail"]["reason"] == "unknown account"


def test_each_refusal_is_one_audit_line_in_the_chain(office, clerk):
    token = sessions.issue(office, clerk)
    sessions.revoke(office, token, "logout")
    for presented in (token, "rubbish", token):
        assert sessions.check(office, presented) is None
    assert [line["detail"]["reason"] for line in refusals(office)] == ["revoked", "malformed", "revoked"]
    assert audit.verify(office).whole


def test_issuing_removes_rows_expired_long_ago(office, clerk):
    start = audit.wall_clock()
    old = sessions.issue(office, clerk, now=start - sessions.PRUNE_AFTER - timedelta(days=1))
    recent = sessions.issue(office, clerk, now=start - timedelta(days=1))
    sessions.issue(office, clerk, now=start)
    with office.connect() as conn:
        ids = set(conn.scalars(select(session_tokens.c.id)))
    assert sessions.session_id(old) not in ids
    assert sessions.session_id(recent) in ids  # expired lately: still refused as "expired", not "unknown"


# ---------------------------------------------------------------- the key


def test_a_short_configured_key_is_refused(monkeypatch, office, clerk):
    monkeypatch.setenv(sessions.KEY_ENV, "short")
    with pytest.raises(ValueError, match="at least 32"):
        sessions.issue(office, clerk)


def test_without_a_configured_key_every_process_on_the_machine_shares_one_key_file(monkeypatch, tmp_path):
    monkeypatch.delenv(sessions.KEY_ENV)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    key = sessions.signing_key()
    path = tmp_path / "data" / sessions.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= sessions.MIN_KEY_LENGTH
    assert sessions.signing_key() == key == path.read_bytes().strip()
    env = {k: v for k, v in os.environ.items() if k != sessions.KEY_ENV}
    other = subprocess.run(
        [sys.executable, "-c", "from storage import sessions; print(sessions.signing_key().decode())"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert other.stdout.strip().encode() == key
    assert [p.name for p in path.parent.iterdir()] == [sessions.KEY_FILE]  # no temporary file left


def test_a_configured_key_wins_over_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path))
    assert sessions.signing_key() == KEY.encode()
    assert not (tmp_path / sessions.KEY_FILE).exists()
