"""Tài khoản: who is logged in, with which role; change one's own password; log out."""

from __future__ import annotations

import streamlit as st

from core.escape import escape_markdown
from core.settings import database_url
from pages.ui import auth, cache, words
from pages.ui.words import t
from storage import accounts

me = auth.allow_page(__file__)
st.title(t("nav.account"))
st.markdown(t("auth.signed_in_as", name=escape_markdown(me.display_name), role=words.role_name(me)))
st.caption(f"{t('auth.username')}: `{me.username}`")  # a username holds no backtick: code shows it as typed

st.subheader(t("account.change_password"))
with st.form("change-password", clear_on_submit=True):
    old = st.text_input(t("account.old_password"), type="password", autocomplete="current-password")
    new = st.text_input(t("account.new_password"), type="password", autocomplete="new-password")
    again = st.text_input(t("auth.password_again"), type="password", autocomplete="new-password")
    submitted = st.form_submit_button(t("account.change_password"), type="primary")
if submitted:
    if new != again:
        st.error(t("auth.passwords_differ"))
    else:
        engine = cache.engine(database_url())
        try:
            changed = accounts.change_password(engine, me.username, old, new)
        except accounts.AccountInputError as error:
            words.refusal(error)
        else:
            if changed:  # this session goes on with the new password; any other one is over
                auth.log_in(accounts.get_user(engine, me.username))
            (st.success if changed else st.error)(t("account.changed" if changed else "account.wrong_password"))

if st.button(t("auth.logout"), icon=":material/logout:"):
    auth.log_out()
    st.rerun()
