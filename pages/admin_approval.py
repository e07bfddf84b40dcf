"""Duyệt báo cáo: approve and lock schools' current reports of a quarter, unlock with a reason, close the quarter."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from core.settings import database_url
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.words import t
from storage import governance, submissions

me = auth.allow_page(__file__)
st.title(t("nav.approval"))
engine = cache.engine(database_url())


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
    table = current.merge(scope.frames().units[["unit_code", "unit_name"]], on="unit_code", how="left")
    locks = {a["unit_code"]: a for a in governance.approvals(engine, period)}
    table["approved_by"] = table["unit_code"].map(lambda c: locks[c]["approved_by"] if c in locks else None)
    table["approved_at"] = table["unit_code"].map(lambda c: locks[c]["approved_at"] if c in locks else None)
    return table.sort_values("unit_code").reset_index(drop=True)


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
    st.dataframe(
        pd.DataFrame(
            {
                t("col.code"): reports["unit_code"],
                t("col.school"): reports["unit_name"],
                t("col.file"): reports["file_name"],
                t("col.received"): reports["received_at"].map(words.moment),
                t("approval.state"): [
                    t("approval.locked", by=b or "–", at=words.moment(a)) if ok else t("approval.open")
                    for ok, b, a in zip(approved, reports["approved_by"], reports["approved_at"], strict=True)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    names = dict(zip(reports["unit_code"], reports["unit_name"], strict=True))

    def label(code: str) -> str:
        return f"{names.get(code, code)} ({code})"

    st.subheader(t("approval.approve"))
    waiting = reports.loc[~approved, "unit_code"].tolist()
    chosen = st.multiselect(
        t("approval.pick"), waiting, format_func=label, key="approve-units", placeholder=t("widget.choose")
    )
    if st.button(t("approval.approve_button", n=len(chosen)), type="primary", disabled=not chosen or bool(closed),
                 icon=":material/verified:"):  # fmt: skip
        refused = []
        for code in chosen:
            try:
                governance.approve(engine, code, period, by=me.username, submission_id=seen.get((period, code), -1))
            except governance.GovernanceRefused as error:
                refused.append(words.refusal_text(error))
        if refused:
            cache.forget_version()  # the next run shows what is current now
            st.error("\n\n".join(refused))
        else:
            _done(t("approval.approved", n=len(chosen)))

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
