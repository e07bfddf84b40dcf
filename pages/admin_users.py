"""Tài khoản người dùng: the accounts, adding one, disabling one, resetting a password (administrators only).

Each change is storage.accounts', which writes its audit line in the same transaction.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from core.permissions import bound_to_unit, own_ward
from core.settings import database_url
from core.vocabulary import ADMIN, CLERK, VIEWER
from pages.ui import auth, cache, words
from pages.ui.words import t
from storage import accounts, audit, registry

me = auth.allow_page(__file__)
st.title(t("nav.users"))
engine = cache.engine(database_url())
ERRORS = (accounts.AccountInputError, accounts.AccountRefused)

done = st.session_state.pop("users-done", None)  # said after the rerun that shows the changed table
if done:
    st.success(t(done["key"], user=escape_markdown(done["user"])))
still_disabled = st.session_state.pop("users-still-disabled", None)
if still_disabled:
    st.warning(t("users.still_disabled", user=escape_markdown(still_disabled)))


def role_words(role: str) -> str:
    return t(f"users.role.{role}")


def _table(found: list[dict], names: dict[str, str], now) -> pd.DataFrame:
    def school(code: str | None) -> str:
        return f"{code} · {names[code]}" if code in names else (code or "")

    return pd.DataFrame(
        {
            t("auth.username"): [u["username"] for u in found],
            t("auth.display_name"): [u["display_name"] or "" for u in found],
            t("account.role"): [role_words(u["role"]) for u in found],
            t("col.school"): [school(u["unit_code"]) for u in found],
            t("wards.col.ward"): [u["ward"] or "" for u in found],
            t("users.col.active"): [t("users.active" if u["active"] else "users.disabled") for u in found],
            t("users.col.locked_until"): [
                words.moment(u["locked_until"]) if u["locked_until"] and u["locked_until"] > now else "" for u in found
            ],
            t("users.col.created"): [words.moment(u["created_at"]) for u in found],
            t("users.col.password_changed"): [words.moment(u["password_changed_at"]) for u in found],
        }
    )


def _done(key: str, user: str) -> None:
    st.session_state["users-done"] = {"key": key, "user": user}
    st.session_state["users-form"] = st.session_state.get("users-form", 0) + 1  # fresh, empty forms
    st.rerun()


within = own_ward(me)  # a ward's administrator: its ward's accounts only (storage.accounts refuses the others)
found = accounts.list_users(engine, within_ward=within)  # without the password hashes
units = [u for u in registry.list_units(engine) if within is None or u["ward"] == within]
names = {u["unit_code"]: u["unit_name"] for u in units}
wards = sorted({u["ward"] for u in units if u["ward"]})
if within:
    st.caption(t("wards.users_of", ward=escape_markdown(within)))
st.dataframe(_table(found, names, audit.wall_clock()), hide_index=True, width="stretch")
form = st.session_state.get("users-form", 0)

# ---------------------------------------------------------------- add an account
st.subheader(t("users.add"), divider="gray")
# Outside the form: choosing the role shows or hides the school at once.
# The least rights first: most accounts are schools' clerks, and an administrator is chosen on purpose.
role = st.selectbox(t("account.role"), [CLERK, VIEWER, ADMIN], format_func=role_words, key="new-role")
with st.form(f"user-add-{form}"):
    unit = ward = None
    if bound_to_unit(role):
        unit = st.selectbox(
            t("col.school"), list(names), index=None, format_func=lambda c: f"{c} · {names[c]}",
            placeholder=t("users.pick_school"), key=f"new-unit-{form}",
        )  # fmt: skip
    elif within:
        ward = within  # an account this administrator makes is scoped to its own ward
        st.caption(t("wards.scoped_to", ward=escape_markdown(within)))
    else:
        ward = st.selectbox(t("wards.col.ward"), wards, index=None, placeholder=t("wards.whole_city"),
                            key=f"new-ward-{form}")  # fmt: skip
    left, right = st.columns(2)
    username = left.text_input(t("auth.username"), key=f"new-username-{form}", autocomplete="off")
    display = right.text_input(t("auth.display_name"), key=f"new-name-{form}")
    password = left.text_input(t("auth.password"), type="password", key=f"new-password-{form}",
                               autocomplete="new-password")  # fmt: skip
    again = right.text_input(t("auth.password_again"), type="password", key=f"new-again-{form}",
                             autocomplete="new-password")  # fmt: skip
    add = st.form_submit_button(t("users.add_button"), type="primary", icon=":material/person_add:")
if add:
    if password != again:
        st.error(t("auth.passwords_differ"))
    else:
        try:
            accounts.add_user(engine, username, password, role, unit_code=unit, display_name=display, ward=ward,
                              by=me.username, within_ward=within)  # fmt: skip
        except ERRORS as error:
            words.refusal(error)
        else:
            _done("users.added", accounts.normalise_username(username))

# ---------------------------------------------------------------- disable an account
st.subheader(t("users.disable"), divider="gray")
active = [u["username"] for u in found if u["active"]]
chosen = st.selectbox(t("users.pick"), active, index=None, placeholder=t("users.pick"), key=f"disable-user-{form}")
sure = st.checkbox(t("users.confirm_disable", user=escape_markdown(chosen) if chosen else "…"),
                   key=f"disable-sure-{form}")  # fmt: skip
if st.button(t("users.disable_button"), disabled=not (chosen and sure), icon=":material/person_off:"):
    try:
        accounts.disable_user(engine, chosen, by=me.username, within_ward=within)
    except ERRORS as error:  # the last active administrator, or an account gone meanwhile
        words.refusal(error)
    else:
        _done("users.disabled_done", chosen)

disabled = [u["username"] for u in found if not u["active"]]
if disabled:
    st.subheader(t("users.enable"), divider="gray")
    again_in = st.selectbox(
        t("users.pick"), disabled, index=None, placeholder=t("users.pick"), key=f"enable-user-{form}"
    )
    if st.button(t("users.enable_button"), disabled=not again_in, icon=":material/person_check:"):
        try:
            accounts.enable_user(engine, again_in, by=me.username, within_ward=within)
        except ERRORS as error:
            words.refusal(error)
        else:
            _done("users.enabled_done", again_in)

# ---------------------------------------------------------------- an office account's ward
office = [u["username"] for u in found if not bound_to_unit(u["role"])]
if not within and office and wards:  # a ward's administrator has no other ward to give
    st.subheader(t("users.ward"), divider="gray")
    WHOLE = ""
    left, right = st.columns(2)
    whose_ward = left.selectbox(t("users.pick"), office, index=None, placeholder=t("users.pick"),
                                key=f"ward-user-{form}")  # fmt: skip
    now_ward = next((u["ward"] for u in found if u["username"] == whose_ward), None) or WHOLE
    choices = [WHOLE, *wards]
    new_ward = right.selectbox(
        t("wards.col.ward"), choices, index=choices.index(now_ward) if now_ward in choices else 0,
        format_func=lambda w: w or t("wards.whole_city"), key=f"ward-new-{form}-{whose_ward}",
    )  # fmt: skip
    if st.button(t("users.ward_button"), disabled=not whose_ward or new_ward == now_ward, icon=":material/map:"):
        try:
            accounts.set_ward(engine, whose_ward, new_ward or None, by=me.username, within_ward=within)
        except ERRORS as error:  # the last administrator of the whole installation, an account gone meanwhile
            words.refusal(error)
        else:
            auth.forget_account(whose_ward)  # its pages follow at once in this process
            _done("users.ward_done", whose_ward)

# ---------------------------------------------------------------- reset a password
st.subheader(t("users.reset"), divider="gray")
with st.form(f"user-reset-{form}"):
    whose = st.selectbox(t("users.pick"), [u["username"] for u in found], index=None,
                         placeholder=t("users.pick"), key=f"reset-user-{form}")  # fmt: skip
    left, right = st.columns(2)
    new = left.text_input(t("account.new_password"), type="password", key=f"reset-password-{form}",
                          autocomplete="new-password")  # fmt: skip
    new_again = right.text_input(t("auth.password_again"), type="password", key=f"reset-again-{form}",
                                 autocomplete="new-password")  # fmt: skip
    reset = st.form_submit_button(t("users.reset_button"), icon=":material/lock_reset:")
if reset:
    if not whose:
        st.error(t("users.pick_first"))
    elif new != new_again:
        st.error(t("auth.passwords_differ"))
    else:
        try:
            accounts.reset_password(engine, whose, new, by=me.username, within_ward=within)
        except ERRORS as error:
            words.refusal(error)
        else:
            if whose in disabled:  # said now: a new password alone does not let them in
                st.session_state["users-still-disabled"] = whose
            if whose == me.username:  # this session goes on with the new password
                auth.log_in(accounts.get_user(engine, me.username))
            _done("users.reset_done", whose)
