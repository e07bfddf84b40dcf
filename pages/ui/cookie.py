"""The login cookie, set by the server as HttpOnly: no script in the page ever holds the token.

A page's run answers over the WebSocket and cannot send a Set-Cookie header. So the run hands
the token to this process under a one-time code (valid a minute, used once), and a little
script in the page posts that code to the app's own route `_cchc/session` (server.py mounts
`session_route`), whose answer sets the cookie: HttpOnly, SameSite=Strict, Secure over https,
limited to the app's path and to the token's lifetime. Clearing it (nobody logged in any more)
goes the same way. The browser then sends the cookie with the WebSocket of every new tab or
reload, where `st.context.cookies` reads it (pages.ui.auth).
"""

from __future__ import annotations

import json
import secrets
import threading
from time import monotonic

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response

from core.settings import session_hours

COOKIE = "cchc_login"
ROUTE = "_cchc/session"  # under the app's base path
HANDOFF_SECONDS = 60.0
_MAX_HANDOFFS = 10_000  # codes waiting at once: a run that never reached its browser leaves one behind

_handoffs: dict[str, tuple[str | None, float]] = {}  # one-time code → (token, None to clear the cookie; expiry)
_lock = threading.Lock()  # the script runs' threads hand codes over, the server's event loop takes them


def hand_over(token: str | None) -> str:
    """A one-time code under which the page's script asks the server to set (or clear, with None) the cookie."""
    code = secrets.token_urlsafe(24)
    now = monotonic()
    with _lock:
        if len(_handoffs) >= _MAX_HANDOFFS:
            for stale in [c for c, (_, until) in _handoffs.items() if until < now] or list(_handoffs)[:1000]:
                del _handoffs[stale]
        _handoffs[code] = (token, now + HANDOFF_SECONDS)
    return code


def take(code: str) -> tuple[bool, str | None]:
    """(whether the code was handed over and is still valid, its token): used once."""
    with _lock:
        found = _handoffs.pop(code, None)
    if found is None or found[1] < monotonic():
        return False, None
    return True, found[0]


def script(token: str | None) -> str:
    """The hidden element whose script posts a fresh code for `token` (None: clear the cookie) to the server."""
    code = hand_over(token)
    return (  # hidden: the element would otherwise add a row's gap at the top of the page
        "<style>.stElementContainer:has(.cchc-login-cookie){display:none}</style>"
        '<span class="cchc-login-cookie"></span>'
        f"<script>fetch(new URL({json.dumps(ROUTE)}, document.baseURI), {{method: 'POST', body: {json.dumps(code)},"
        " credentials: 'same-origin', headers: {'Content-Type': 'text/plain'}});</script>"
    )


async def session_route(request: Request) -> Response:
    """POST `_cchc/session` with a one-time code: 204 and the cookie set (or cleared); 403 for an unknown code."""
    found, token = take((await request.body()).decode("ascii", "replace").strip())
    if not found:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"
    if token is None:
        response.delete_cookie(COOKIE, path=f"/{base}", secure=secure, httponly=True, samesite="strict")
    else:
        response.set_cookie(COOKIE, token, max_age=session_hours() * 3600, path=f"/{base}", secure=secure,
                            httponly=True, samesite="strict")  # fmt: skip
    return response
