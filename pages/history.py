"""Lịch sử báo cáo: every submission of a school, its original file, and restoring an earlier one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from core.settings import database_url
from pages import _shared as ui
from storage import governance, repository
from storage.governance import GovernanceRefused

me = ui.allow(*ui.EVERYONE)
st.title(ui.t("nav.history"))
engine = ui.engine(database_url())
units = ui.visible_units(repository.list_units(engine))
if not units:
    st.info(ui.t("empty.database"))
else:
    names = {u["unit_code"]: u["unit_name"] for u in units}
    code = ui.url_select(ui.t("col.school"), list(names), "unit", lambda c: f"{names[c]} ({c})")
    history = repository.submission_history(engine, code)
    locks = {a["period"]: a for a in governance.approval_history(engine, code) if a["unlocked_at"] is None}
    approved_ids = {a["submission_id"] for a in locks.values()}

    def _approval(row: dict) -> str:
        lock = locks.get(row["period"])
        if lock is None or row["id"] not in approved_ids:
            return ""
        return ui.t("approval.locked", by=lock["approved_by"] or "–", at=ui.moment(lock["approved_at"]))

    if not history:
        st.info(ui.t("history.none"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "#": [h["id"] for h in history],
                    ui.t("col.quarter"): [ui.quarter(h["period"]) for h in history],
                    ui.t("col.received"): [ui.moment(h["received_at"]) for h in history],
                    ui.t("col.file"): [h["file_name"] for h in history],
                    ui.t("col.state"): [
                        ui.t("school.current" if h["is_current"] else "school.replaced") for h in history
                    ],
                    ui.t("history.warnings"): [h["problem_count"] for h in history],
                    ui.t("history.stored_by"): [h["stored_by"] or "–" for h in history],
                    ui.t("approval.state"): [_approval(h) for h in history],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        by_id = {h["id"]: h for h in history}
        chosen = st.selectbox(
            ui.t("history.pick"),
            list(by_id),
            format_func=lambda i: f"#{i} · {ui.quarter(by_id[i]['period'])} · {by_id[i]['file_name']}",
            key="history-pick",
        )
        picked = by_id[chosen]
        file_name, content = repository.submission_content(engine, chosen)
        left, right = st.columns(2)
        left.download_button(
            ui.t("history.download"),
            ui.audited({"what": "original", "submission_id": chosen, "file": file_name}, lambda: content),
            file_name=file_name,
            key=f"original-{chosen}",
        )
        if picked["is_current"]:
            right.info(ui.t("history.is_current"))
        elif me.is_admin:  # restoring changes what the office counts: the office's decision
            sure = right.checkbox(ui.t("history.confirm_restore", quarter=ui.quarter(picked["period"])), key="sure")
            if right.button(ui.t("history.restore"), disabled=not sure, type="primary"):
                try:
                    repository.restore_submission(engine, chosen, by=me.username)
                except GovernanceRefused as error:
                    right.error(escape_markdown(error))
                else:
                    ui.forget_version()
                    st.session_state["restored"] = chosen
                    st.rerun()
    restored = st.session_state.pop("restored", None)
    if restored:
        st.success(ui.t("history.restored", id=restored))

    refused = repository.rejection_history(engine, code)
    if refused:
        st.subheader(ui.t("history.refused"))
        st.dataframe(
            pd.DataFrame(
                {
                    ui.t("col.received"): [ui.moment(r["received_at"]) for r in refused],
                    ui.t("col.file"): [r["file_name"] for r in refused],
                    ui.t("col.quarter"): [ui.quarter(r["period"]) if r["period"] else "–" for r in refused],
                }
            ),
            hide_index=True,
            width="stretch",
        )
