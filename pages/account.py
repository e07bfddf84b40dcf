"""Tài khoản: who is logged in, with which role; change one's own password; log out."""

from __future__ import annotations

import streamlit as st

from core.settings import database_url
from pages import _shared as ui
from storage import accounts

me = ui.allow(*ui.EVERYONE)
st.title(ui.t("nav.account"))
st.markdown(ui.t("auth.signed_in_as", name=me.display_name, role=ui.role_name(me)))
st.caption(f"{ui.t('auth.username')}: `{me.username}`")

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
        try:
            changed = accounts.change_password(ui.engine(database_url()), me.username, old, new)
        except accounts.AccountInputError as error:
            st.error(str(error))
        else:
            (st.success if changed else st.error)(ui.t("account.changed" if changed else "account.wrong_password"))

if st.button(ui.t("auth.logout"), icon=":material/logout:"):
    ui.log_out()
    st.rerun()
