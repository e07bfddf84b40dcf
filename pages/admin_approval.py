"""Duyệt báo cáo: approve and lock schools' current reports of a quarter, unlock with a reason, close the quarter."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from core.settings import database_url
from pages import _shared as ui
from storage import governance, repository
from storage.accounts import ADMIN

me = ui.allow(ADMIN)
st.title(ui.t("nav.approval"))
engine = ui.engine(database_url())


def _done(message: str) -> None:
    ui.forget_version()
    st.session_state["approval-done"] = message
    st.rerun()


def _reports(period: str) -> pd.DataFrame:
    """The quarter's current reports with their school and approval, read now (not the dashboard's cached tables)."""
    current = pd.DataFrame(
        repository.current_submissions(engine, period),
        columns=["submission_id", "unit_code", "file_name", "received_at"],
    )
    table = current.merge(ui.frames().units[["unit_code", "unit_name"]], on="unit_code", how="left")
    locks = {a["unit_code"]: a for a in governance.approvals(engine, period)}
    table["approved_by"] = table["unit_code"].map(lambda c: locks[c]["approved_by"] if c in locks else None)
    table["approved_at"] = table["unit_code"].map(lambda c: locks[c]["approved_at"] if c in locks else None)
    return table.sort_values("unit_code").reset_index(drop=True)


if not ui.no_data():
    period = ui.filters().period
    st.caption(ui.quarter(period))
    done = st.session_state.pop("approval-done", None)
    if done:
        st.success(done)
    closed = governance.closed_periods(engine).get(period)
    if closed:
        st.warning(ui.t("approval.closed", quarter=ui.quarter(period), by=escape_markdown(closed["closed_by"] or "–"),
                        at=ui.moment(closed["closed_at"])))  # fmt: skip

    reports = _reports(period)
    seen = (
        ui.previous_run(
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
                ui.t("col.code"): reports["unit_code"],
                ui.t("col.school"): reports["unit_name"],
                ui.t("col.file"): reports["file_name"],
                ui.t("col.received"): reports["received_at"].map(ui.moment),
                ui.t("approval.state"): [
                    ui.t("approval.locked", by=b or "–", at=ui.moment(a)) if ok else ui.t("approval.open")
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

    st.subheader(ui.t("approval.approve"))
    waiting = reports.loc[~approved, "unit_code"].tolist()
    chosen = st.multiselect(
        ui.t("approval.pick"), waiting, format_func=label, key="approve-units", placeholder=ui.t("widget.choose")
    )
    if st.button(ui.t("approval.approve_button", n=len(chosen)), type="primary", disabled=not chosen or bool(closed),
                 icon=":material/verified:"):  # fmt: skip
        refused = []
        for code in chosen:
            try:
                governance.approve(engine, code, period, by=me.username, submission_id=seen.get((period, code), -1))
            except governance.GovernanceRefused as error:
                refused.append(escape_markdown(error))
        if refused:
            ui.forget_version()  # the next run shows what is current now
            st.error("\n\n".join(refused))
        else:
            _done(ui.t("approval.approved", n=len(chosen)))

    st.subheader(ui.t("approval.unlock"))
    locked = reports.loc[approved, "unit_code"].tolist()
    unit = st.selectbox(ui.t("approval.pick_locked"), locked, index=None, format_func=label, key="unlock-unit")
    reason = st.text_area(ui.t("approval.reason"), key="unlock-reason", max_chars=1000)
    if st.button(ui.t("approval.unlock_button"), disabled=not unit or bool(closed), icon=":material/lock_open:"):
        try:
            governance.unlock(engine, unit, period, reason=reason, by=me.username)
        except governance.GovernanceRefused as error:
            st.error(escape_markdown(error))
        else:
            _done(ui.t("approval.unlocked", unit=escape_markdown(label(unit))))  # shown by st.success

    st.subheader(ui.t("approval.quarter"))
    if closed:
        why = st.text_area(ui.t("approval.reopen_reason"), key="reopen-reason", max_chars=1000)
        if st.button(ui.t("approval.reopen_button", quarter=ui.quarter(period)), icon=":material/event_available:"):
            try:
                governance.reopen_quarter(engine, period, reason=why, by=me.username)
            except governance.GovernanceRefused as error:
                st.error(escape_markdown(error))
            else:
                _done(ui.t("approval.reopened", quarter=ui.quarter(period)))
    else:
        st.caption(ui.t("approval.close_help"))
        sure = st.checkbox(ui.t("approval.confirm_close", quarter=ui.quarter(period), n=len(waiting)), key="close-sure")
        if st.button(ui.t("approval.close_button", quarter=ui.quarter(period)), disabled=not sure,
                     icon=":material/lock:"):  # fmt: skip
            try:
                count = governance.close_quarter(engine, period, by=me.username)
            except governance.GovernanceRefused as error:
                st.error(escape_markdown(error))
            else:
                _done(ui.t("approval.closed_now", quarter=ui.quarter(period), n=count))
