"""An AppTest of the whole app with someone logged in, as the login page would leave the session."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from storage.accounts import ADMIN, CLERK, add_user, get_user
from storage.open import open_database

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-thu-nghiem"


def account(url: str, role: str = ADMIN, unit: str | None = None):
    """The test account for that role (and a clerk's school), created on first use."""
    engine = open_database(url)
    name = f"{role}-{unit}".lower() if role == CLERK else f"{role}-office"
    if get_user(engine, name) is None:
        add_user(engine, name, PASSWORD, role, unit_code=unit if role == CLERK else None)
    return get_user(engine, name)


def app_as(url: str, role: str = ADMIN, clerk_of: str | None = None, **params: str) -> AppTest:
    """app.py, not run yet, with `params` in its URL and that account (a clerk of `clerk_of`) logged in."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.session_state["auth-user"] = account(url, role, clerk_of)
    return app


def as_read(markdown: str) -> str:
    """What a Markdown body (an error, a warning, a label) reads as: users' text is escaped in it."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown.replace("\u2060", ""))
