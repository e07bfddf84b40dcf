"""Duyệt báo cáo: approve and lock schools' current reports of a quarter, unlock with a reason, close the quarter.

A ward's administrator sees its ward's reports only. Where the office approves in two
steps (`Office.two_step_approval`), the ward approves and the city accepts, which locks;
closing a quarter is the city's.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from core.office import OfficeFileError, load_office
from core.permissions import may_administer_installation
from core.settings import database_url
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.words import t
from storage import governance, submissions, ward_approval

me = auth.allow_page(__file__)
st.title(t("nav.approval"))
engine = cache.engine(database_url())
city = may_administer_installation(me)  # not scoped to a ward: accepts, unlocks in two steps, closes quarters
try:
    two_step = load_office().two_step_approval
except OfficeFileError:
    two_step = False  # the export says what is wrong with the office file; approval goes on in one step


def _done(message: str) -> None:
    cache.forget_version()
    st.session_state["approval-done"] = message
    st.rerun()


def _reports(period: str) -> pd.DataFrame:
    """The quarter's current reports with their school and approval, read now (not the dashboard's cached tables)."""
    current = pd.DataFrame(
        submissions.current_submissions(engine, period),
        columns=["submission_id", "unit_code", "file_name", "received_at"],
    )
    # The schools this person reaches only (a ward's administrator: its ward's).
    table = current.merge(scope.frames().units[["unit_code", "unit_name", "ward"]], on="unit_code", how="inner")
    locks = {a["unit_code"]: a for a in governance.approvals(engine, period)}
    table["approved_by"] = table["unit_code"].map(lambda c: locks[c]["approved_by"] if c in locks else None)
    table["approved_at"] = table["unit_code"].map(lambda c: locks[c]["approved_at"] if c in locks else None)
    wards = {a["unit_code"]: a for a in ward_approval.ward_approvals(engine, period)} if two_step else {}
    table["ward_by"] = table["unit_code"].map(lambda c: wards[c]["approved_by"] if c in wards else None)
    table["ward_at"] = table["unit_code"].map(lambda c: wards[c]["approved_at"] if c in wards else None)
    return table.sort_values("unit_code").reset_index(drop=True)


def _state(locked: bool, by: str | None, at, ward_by: str | None, ward_at, has_ward: bool) -> str:
    if locked:
        return t("approval.locked", by=by or "–", at=words.moment(at))
    if not two_step:
        return t("approval.open")
    if pd.notna(ward_at):
        return t("wards.approval.ward_approved", by=ward_by or "–", at=words.moment(ward_at))
    return t("wards.approval.waiting_ward" if has_ward else "approval.open")


def _approve(chosen: list[str], seen: dict, *, by_ward: bool) -> None:
    """Approve (one step, or the city's acceptance) or the ward's approval, of each school chosen."""
    refused = []
    for code in chosen:
        try:
            if by_ward:
                ward_approval.ward_approve(
                    engine, code, period, by=me.username, submission_id=seen.get((period, code), -1)
                )
            else:
                governance.approve(engine, code, period, by=me.username, submission_id=seen.get((period, code), -1),
                                   require_ward_approval=two_step)  # fmt: skip
        except governance.GovernanceRefused as error:
            refused.append(words.refusal_text(error))
    if refused:
        cache.forget_version()  # the next run shows what is current now
        st.error("\n\n".join(refused))
    else:
        _done(t("wards.approval.ward_done" if by_ward else "approval.approved", n=len(chosen)))


if not widgets.no_data() and not widgets.span_chosen():
    period = scope.filters().period
    st.caption(words.quarter(period))
    done = st.session_state.pop("approval-done", None)
    if done:
        st.success(done)
    closed = governance.closed_periods(engine).get(period)
    if closed:
        st.warning(t("approval.closed", quarter=words.quarter(period), by=escape_markdown(closed["closed_by"] or "–"),
                     at=words.moment(closed["closed_at"])))  # fmt: skip

    reports = _reports(period)
    seen = (
        widgets.previous_run(
            "approval-seen",
            {
                (period, code): int(sid)
                for code, sid in zip(reports["unit_code"], reports["submission_id"], strict=True)
            },
        )
        or {}
    )
    approved = reports["approved_by"].notna() | reports["approved_at"].notna()
    ward_approved = reports["ward_at"].notna()
    if two_step:
        st.caption(t("wards.approval.two_step_help"))
    st.dataframe(
        pd.DataFrame(
            {
                t("col.code"): reports["unit_code"],
                t("col.school"): reports["unit_name"],
                t("col.file"): reports["file_name"],
                t("col.received"): reports["received_at"].map(words.moment),
                t("approval.state"): [
                    _state(ok, b, a, wb, wa, bool(w))
                    for ok, b, a, wb, wa, w in zip(
                        approved,
                        reports["approved_by"],
                        reports["approved_at"],
                        reports["ward_by"],
                        reports["ward_at"],
                        reports["ward"],
                        strict=True,
                    )
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    names = dict(zip(reports["unit_code"], reports["unit_name"], strict=True))

    def label(code: str) -> str:
        return f"{names.get(code, code)} ({code})"

    by_ward = two_step and not city  # a ward's administrator approves; the city accepts
    if by_ward:
        st.subheader(t("wards.approval.ward_approve"))
        waiting = reports.loc[~approved & ~ward_approved, "unit_code"].tolist()
    elif two_step:
        st.subheader(t("wards.approval.accept"))
        ready = ward_approved | reports["ward"].isna() | reports["ward"].eq("")  # a school without a ward: direct
        waiting = reports.loc[~approved & ready, "unit_code"].tolist()
    else:
        st.subheader(t("approval.approve"))
        waiting = reports.loc[~approved, "unit_code"].tolist()
    chosen = st.multiselect(
        t("approval.pick"), waiting, format_func=label, key="approve-units", placeholder=t("widget.choose")
    )
    if st.button(t("approval.approve_button", n=len(chosen)), type="primary", disabled=not chosen or bool(closed),
                 icon=":material/verified:"):  # fmt: skip
        _approve(chosen, seen, by_ward=by_ward)

    if by_ward:
        st.subheader(t("wards.approval.withdraw"))
        taken = reports.loc[~approved & ward_approved, "unit_code"].tolist()
        back = st.selectbox(
            t("wards.approval.pick_withdraw"), taken, index=None, format_func=label, key="withdraw-unit"
        )
        if st.button(t("wards.approval.withdraw_button"), disabled=not back, icon=":material/undo:"):
            try:
                ward_approval.withdraw(engine, back, period, by=me.username)
            except governance.GovernanceRefused as error:
                words.refusal(error)
            else:
                _done(t("wards.approval.withdrawn", unit=escape_markdown(label(back))))
        st.stop()  # unlocking and closing the quarter are the city's where approval takes two steps

    st.subheader(t("approval.unlock"))
    locked = reports.loc[approved, "unit_code"].tolist()
    unit = st.selectbox(t("approval.pick_locked"), locked, index=None, format_func=label, key="unlock-unit")
    reason = st.text_area(t("approval.reason"), key="unlock-reason", max_chars=1000)
    if st.button(t("approval.unlock_button"), disabled=not unit or bool(closed), icon=":material/lock_open:"):
        try:
            governance.unlock(engine, unit, period, reason=reason, by=me.username)
        except governance.GovernanceRefused as error:
            words.refusal(error)
        else:
            _done(t("approval.unlocked", unit=escape_markdown(label(unit))))  # shown by st.success

    if not city:
        st.stop()  # closing or reopening the quarter concerns every ward: the city's
    st.subheader(t("approval.quarter"))
    if closed:
        why = st.text_area(t("approval.reopen_reason"), key="reopen-reason", max_chars=1000)
        if st.button(t("approval.reopen_button", quarter=words.quarter(period)), icon=":material/event_available:"):
            try:
                governance.reopen_quarter(engine, period, reason=why, by=me.username)
            except governance.GovernanceRefused as error:
                words.refusal(error)
            else:
                _done(t("approval.reopened", quarter=words.quarter(period)))
    else:
        st.caption(t("approval.close_help"))
        sure = st.checkbox(t("approval.confirm_close", quarter=words.quarter(period), n=len(waiting)), key="close-sure")
        if st.button(t("approval.close_button", quarter=words.quarter(period)), disabled=not sure,
                     icon=":material/lock:"):  # fmt: skip
            try:
                count = governance.close_quarter(engine, period, by=me.username)
            except governance.GovernanceRefused as error:
                words.refusal(error)
            else:
                _done(t("approval.closed_now", quarter=words.quarter(period), n=count))
