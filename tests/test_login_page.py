"""The login form through app.py (AppTest): a right password opens the home page in the click's own run."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from storage import accounts, audit
from storage.accounts import VIEWER, add_user
from storage.open import open_database

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-thu-nghiem"
LOGIN_TITLE = "Đăng nhập hệ thống theo dõi CCHC"


@pytest.fixture
def office(tmp_path, monkeypatch, fast_hashing) -> str:
    url = f"sqlite:///{tmp_path / 'login.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    add_user(open_database(url), "lanh.dao", PASSWORD, VIEWER, display_name="Trần Văn Bình")
    return url


def submit(app: AppTest, password: str) -> AppTest:
    app.text_input(key="login-username").input("lanh.dao")
    app.text_input(key="login-password").input(password)
    app.button[0].click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_right_password_opens_the_home_page_without_showing_the_form_again(office, monkeypatch) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert app.title[0].value == LOGIN_TITLE
    login_pages = []
    real = accounts.has_users  # asked by the login page only
    monkeypatch.setattr(accounts, "has_users", lambda engine: login_pages.append(1) or real(engine))
    submit(app, PASSWORD)
    assert app.title[0].value == "Tổng quan" and not app.text_input and not app.error
    assert login_pages == []  # one run: the page, not the form and then a rerun
    assert app.session_state["auth-user"].username == "lanh.dao" and app.session_state["auth-token"]
    assert "Trần Văn Bình" in app.sidebar.caption[0].value
    logins = audit.search(open_database(office), username="lanh.dao", action=["login", "login-failed"])
    assert [line["action"] for line in logins] == ["login"]


def test_a_wrong_password_is_said_once_under_the_form(office) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    submit(app, "sai-mat-khau")
    assert app.title[0].value == LOGIN_TITLE
    assert "Sai tên đăng nhập hoặc mật khẩu" in app.error[0].value
    assert "auth-user" not in app.session_state and "auth-token" not in app.session_state
    app.run()  # the next run (any widget's) says nothing of the earlier attempt
    assert app.title[0].value == LOGIN_TITLE and not app.error
    submit(app, PASSWORD)
    assert app.title[0].value == "Tổng quan" and not app.error
    logins = audit.search(open_database(office), username="lanh.dao", action=["login", "login-failed"])
    assert [line["action"] for line in logins] == ["login", "login-failed"]
