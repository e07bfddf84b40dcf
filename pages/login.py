"""Đăng nhập: the only page shown before logging in; creates the first administrator when no account exists.

A function page (app.py imports `show`), not a page file: the page that replaces it
after logging in must come from a fresh run of app.py's navigation.
"""

from __future__ import annotations

import streamlit as st

from core.escape import escape_markdown
from core.settings import database_url
from pages import _shared as ui
from storage import accounts


def _first_admin() -> None:
    st.info(ui.t("auth.first_admin"))
    with st.form("first-admin"):
        username = st.text_input(ui.t("auth.username"), key="setup-username")
        display = st.text_input(ui.t("auth.display_name"), key="setup-name")
        password = st.text_input(ui.t("auth.password"), type="password", key="setup-password")
        again = st.text_input(ui.t("auth.password_again"), type="password", key="setup-again")
        if not st.form_submit_button(ui.t("auth.create_admin"), type="primary"):
            return
    if password != again:
        st.error(ui.t("auth.passwords_differ"))
        return
    try:
        admin = accounts.create_first_admin(ui.engine(database_url()), username, password, display_name=display)
    except (accounts.AccountInputError, accounts.AccountRefused) as error:
        st.error(escape_markdown(error))  # it quotes what was typed
        return
    ui.log_in(admin)
    st.rerun()


def _login_form() -> None:
    with st.form("login"):
        username = st.text_input(ui.t("auth.username"), key="login-username", autocomplete="username")
        password = st.text_input(ui.t("auth.password"), type="password", key="login-password",
                                 autocomplete="current-password")  # fmt: skip
        if not st.form_submit_button(ui.t("auth.submit"), type="primary"):
            return
    user = accounts.authenticate(ui.engine(database_url()), username, password)
    if user is None:
        st.error(ui.t("auth.failed", n=accounts.MAX_FAILED_LOGINS, minutes=int(accounts.LOCK_TIME.seconds / 60)))
        return
    ui.log_in(user)
    st.rerun()


def show() -> None:
    st.title(ui.t("auth.title"))
    if accounts.has_users(ui.engine(database_url())):
        _login_form()
        ui.single_sign_on()
    else:
        _first_admin()
