"""Tài khoản: who is logged in, with which role; change one's own password; log out."""

from __future__ import annotations

import streamlit as st

from core.escape import escape_markdown
from core.settings import database_url
from pages import _shared as ui
from storage import accounts

me = ui.allow(*ui.EVERYONE)
st.title(ui.t("nav.account"))
st.markdown(ui.t("auth.signed_in_as", name=escape_markdown(me.display_name), role=ui.role_name(me)))
st.caption(f"{ui.t('auth.username')}: `{me.username}`")  # a username holds no backtick: code shows it as typed

st.subheader(ui.t("account.change_password"))
with st.form("change-password", clear_on_submit=True):
    old = st.text_input(ui.t("account.old_password"), type="password", autocomplete="current-password")
    new = st.text_input(ui.t("account.new_password"), type="password", autocomplete="new-password")
    again = st.text_input(ui.t("auth.password_again"), type="password", autocomplete="new-password")
    submitted = st.form_submit_button(ui.t("account.change_password"), type="primary")
if submitted:
    if new != again:
        st.error(ui.t("auth.passwords_differ"))
    else:
        engine = ui.engine(database_url())
        try:
            changed = accounts.change_password(engine, me.username, old, new)
        except accounts.AccountInputError as error:
            st.error(escape_markdown(error))
        else:
            if changed:  # this session goes on with the new password; any other one is over
                ui.log_in(accounts.get_user(engine, me.username))
            (st.success if changed else st.error)(ui.t("account.changed" if changed else "account.wrong_password"))

if st.button(ui.t("auth.logout"), icon=":material/logout:"):
    ui.log_out()
    st.rerun()
