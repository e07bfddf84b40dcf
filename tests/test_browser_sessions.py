"""A login in Debian's Chromium outlives a page reload and reaches a second app process; logging out ends it.

Reuses tests/test_browser.py's server, browser and login helpers. Both app processes
here share the demo database and one CCHC_SESSION_KEY, as the deployment in deploy/ does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from test_browser import _free_port, app_url, browser, demo_url, open_as, wait_until_idle  # noqa: F401  (fixtures)
from test_browser import pytestmark as pytestmark
from test_deploy import nginx_or_skip, runnable_config

from pages.ui.auth import COOKIE
from storage import audit, sessions
from storage.db import engine_for

KEY = "khoa-phien-dung-chung-cho-ca-hai-tien-trinh"  # any 32+ characters, the same for every process
LOGIN_FORM = "Tên đăng nhập"


@pytest.fixture(scope="module", autouse=True)
def _shared_key() -> Iterator[None]:
    """Every app process started in this module signs with the same key (set before `app_url` starts)."""
    saved = os.environ.get(sessions.KEY_ENV)
    os.environ[sessions.KEY_ENV] = KEY
    yield
    if saved is None:
        os.environ.pop(sessions.KEY_ENV, None)
    else:
        os.environ[sessions.KEY_ENV] = saved


@pytest.fixture(scope="module")
def second_app_url(demo_url, tmp_path_factory) -> Iterator[str]:  # noqa: F811
    """Another `streamlit run server.py` on its own port and data folder, on the same database: test_browser's own."""
    with contextmanager(app_url.__wrapped__)(demo_url, tmp_path_factory) as base:
        yield base


def login_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def wait_for_cookie(page, present: bool = True) -> None:
    """The browser holds the login cookie (or no longer does): the server set it, out of the page scripts' reach."""
    deadline = time.monotonic() + 30
    while (login_cookie(page) is not None) != present:
        assert time.monotonic() < deadline, f"the login cookie is {'missing' if present else 'still there'}"
        page.wait_for_timeout(200)
    assert not page.evaluate(f"document.cookie.includes('{COOKIE}=')")  # HttpOnly: no script can read it


def shows_page(page, heading: str) -> None:
    """The page's own heading, and no login form, once its run is over."""
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.get_by_label(LOGIN_FORM).count() == 0


def token_logins(url: str, username: str) -> list[dict]:
    lines = audit.search(engine_for(url), action="login", username=username)
    return [line for line in lines if line["detail"].get("via") == "token"]


def test_a_reload_keeps_the_login_and_the_page_and_logging_out_ends_it(app_url, demo_url, browser):  # noqa: F811
    page = open_as(browser, app_url, "reporting?q=2026-Q2")
    try:
        shows_page(page, "Tình hình nộp báo cáo")
        wait_for_cookie(page)
        cookie = login_cookie(page)
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
        assert cookie["path"] == "/"
        assert cookie["secure"] is False  # served over plain http here; Secure over https
        assert sessions.check(engine_for(demo_url), cookie["value"]).username == "quan.tri"
        before = len(token_logins(demo_url, "quan.tri"))

        page.reload()
        shows_page(page, "Tình hình nộp báo cáo")
        assert "/reporting" in page.url and "q=2026-Q2" in page.url
        assert len(token_logins(demo_url, "quan.tri")) == before + 1  # one line for the reload, not one per run
        assert page.locator(".cchc-login-cookie").count() == 0  # the cookie was right: nothing written again

        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Đăng xuất").click()
        page.get_by_label(LOGIN_FORM).wait_for(timeout=60_000)
        wait_for_cookie(page, present=False)
        assert sessions.check(engine_for(demo_url), cookie["value"]) is None  # revoked, not only forgotten

        page.reload()
        page.get_by_label(LOGIN_FORM).wait_for(timeout=60_000)
        wait_until_idle(page)
        assert page.get_by_role("heading", name="Tình hình nộp báo cáo", exact=True).count() == 0
    finally:
        page.context.close()


def test_a_login_on_one_app_process_holds_on_another(app_url, second_app_url, demo_url, browser):  # noqa: F811
    assert app_url != second_app_url
    first = open_as(browser, app_url, "")
    try:
        shows_page(first, "Tổng quan")
        wait_for_cookie(first)
        before = len(token_logins(demo_url, "quan.tri"))

        # The same browser, as a proxy sends it to the other process: its cookies (127.0.0.1's, any port) go along.
        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        other.context.add_cookies(first.context.cookies())
        other.goto(f"{second_app_url}/reporting")
        shows_page(other, "Tình hình nộp báo cáo")
        assert len(token_logins(demo_url, "quan.tri")) == before + 1

        other.locator('[data-testid="stSidebar"]').get_by_role("button", name="Đăng xuất").click()
        other.get_by_label(LOGIN_FORM).wait_for(timeout=60_000)
        wait_for_cookie(other, present=False)
        first.reload()  # logged out on the other process: this one refuses the revoked login too
        first.get_by_label(LOGIN_FORM).wait_for(timeout=60_000)
        refused = audit.search(engine_for(demo_url), action="session-refused", username="quan.tri", limit=1)
        assert refused[0]["detail"]["reason"] == "revoked"
    finally:
        first.context.close()
        if "other" in locals():
            other.context.close()


@contextmanager
def nginx_in_front(ports: list[int], folder) -> Iterator[str]:
    """deploy/nginx.conf serving on 127.0.0.1 over https, its upstream the given app processes."""
    nginx = nginx_or_skip()
    https = _free_port()
    config = runnable_config(folder, ports=ports, listen=(_free_port(), https))
    if os.geteuid() == 0:  # its workers must reach the temporary folder, private to root
        config.write_text(config.read_text().replace("user www-data;", "user root;"))
    proxy = subprocess.Popen([nginx, "-p", str(folder), "-c", str(config), "-g", "daemon off;"],
                             stderr=subprocess.PIPE)  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", https), timeout=1).close()
                break
            except OSError:
                if proxy.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("nginx did not start: " + proxy.stderr.read().decode(errors="replace"))
                time.sleep(0.2)
        yield f"https://127.0.0.1:{https}"
    finally:
        proxy.terminate()
        proxy.wait(timeout=20)


def test_a_login_through_the_deployments_nginx_survives_a_reload(app_url, second_app_url, browser, tmp_path):  # noqa: F811
    ports = [urlparse(app_url).port, urlparse(second_app_url).port]
    with nginx_in_front(ports, tmp_path) as proxy:
        page = open_as(browser, proxy, "reporting", ignore_https_errors=True)
        try:
            shows_page(page, "Tình hình nộp báo cáo")  # the WebSocket went through the proxy
            wait_for_cookie(page)
            assert login_cookie(page)["secure"] is True  # served over https: the cookie goes back over https only
            page.reload()
            shows_page(page, "Tình hình nộp báo cáo")
        finally:
            page.context.close()
