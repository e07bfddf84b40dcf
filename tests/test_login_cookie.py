"""The login cookie's route (pages/ui/cookie.py, mounted by server.py): one-time codes, HttpOnly answers."""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from pages.ui import cookie


def post(code: str, *, scheme: str = "http", forwarded: str | None = None):
    headers = [(b"x-forwarded-proto", forwarded.encode())] if forwarded else []
    scope = {"type": "http", "method": "POST", "path": f"/{cookie.ROUTE}", "scheme": scheme, "headers": headers,
             "query_string": b"", "server": ("127.0.0.1", 8501)}  # fmt: skip

    async def receive() -> dict:
        return {"type": "http.request", "body": code.encode(), "more_body": False}

    return asyncio.run(cookie.session_route(Request(scope, receive)))


def test_a_code_sets_the_cookie_httponly_once():
    code = cookie.hand_over("signed.token")
    answer = post(code)
    assert answer.status_code == 204
    set_cookie = answer.headers["set-cookie"]
    assert set_cookie.startswith("cchc_login=signed.token;") and "HttpOnly" in set_cookie
    assert "SameSite=strict" in set_cookie and "Path=/" in set_cookie and "Secure" not in set_cookie
    assert "Max-Age=43200" in set_cookie  # CCHC_SESSION_HOURS' default, 12 hours
    assert post(code).status_code == 403  # used once


def test_clearing_an_unknown_or_expired_code_and_https_behind_a_proxy(monkeypatch):
    cleared = post(cookie.hand_over(None), forwarded="https")
    assert cleared.status_code == 204
    assert 'cchc_login=""' in cleared.headers["set-cookie"] and "Max-Age=0" in cleared.headers["set-cookie"]
    assert "Secure" in cleared.headers["set-cookie"] and "HttpOnly" in cleared.headers["set-cookie"]
    assert post("made-up-code").status_code == 403 and "set-cookie" not in post("made-up-code").headers
    late = cookie.hand_over("signed.token")
    clock = cookie.monotonic() + cookie.HANDOFF_SECONDS + 1
    monkeypatch.setattr(cookie, "monotonic", lambda: clock)
    assert post(late).status_code == 403


def test_the_pages_script_holds_a_code_not_the_token():
    page = cookie.script("signed.secret-token")
    assert "signed.secret-token" not in page and cookie.ROUTE in page and "document.cookie" not in page
