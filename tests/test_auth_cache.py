"""A login reads only its own account afresh: the other sessions' accounts stay cached (pages/ui/auth.py)."""

from __future__ import annotations

from pages.ui import auth
from storage import accounts, sessions

URL = "sqlite:///unused.sqlite3"  # the reads are counted, never made


def test_a_login_forgets_its_own_account_only(monkeypatch):
    read, checked = [], []
    monkeypatch.setattr(accounts, "get_user", lambda engine, name: read.append(name) or name)
    monkeypatch.setattr(sessions, "check", lambda engine, token: checked.append(token) or token)
    monkeypatch.setattr(auth.cache, "engine", lambda url: None)
    auth.forget_accounts()

    def ask() -> None:
        for name in ("lanh.dao.001", "lanh.dao.002"):
            auth._account(URL, name, auth._freshness(name))
            auth._token_account(URL, f"token-of-{name}", auth._freshness(name))

    ask()
    ask()  # within 30 s: both from the cache
    assert read == ["lanh.dao.001", "lanh.dao.002"] and checked == ["token-of-lanh.dao.001", "token-of-lanh.dao.002"]
    auth.forget_account("lanh.dao.002")  # what log_in and log_out do for the account logging in or out
    ask()
    assert read == ["lanh.dao.001", "lanh.dao.002", "lanh.dao.002"]
    assert checked == ["token-of-lanh.dao.001", "token-of-lanh.dao.002", "token-of-lanh.dao.002"]
    auth.forget_accounts()  # an administrator's change: everyone's afresh
    ask()
    assert read[3:] == ["lanh.dao.001", "lanh.dao.002"]
