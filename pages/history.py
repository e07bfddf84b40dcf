"""Lịch sử báo cáo: every submission of a school, its original file, and restoring an earlier one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.permissions import ADMINISTER, may
from core.settings import database_url
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.words import t
from storage import governance, registry, submissions
from storage.governance import GovernanceRefused

me = auth.allow_page(__file__)
st.title(t("nav.history"))
engine = cache.engine(database_url())
units = scope.visible_units(registry.list_units(engine))
if not units:
    st.info(t("empty.database"))
else:
    code = widgets.unit_select(units)
    history = submissions.submission_history(engine, code)
    locks = {a["period"]: a for a in governance.approval_history(engine, code) if a["unlocked_at"] is None}
    approved_ids = {a["submission_id"] for a in locks.values()}

    def _approval(row: dict) -> str:
        lock = locks.get(row["period"])
        if lock is None or row["id"] not in approved_ids:
            return ""
        return t("approval.locked", by=lock["approved_by"] or "–", at=words.moment(lock["approved_at"]))

    if not history:
        st.info(t("history.none"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "#": [h["id"] for h in history],
                    t("col.quarter"): [words.quarter(h["period"]) for h in history],
                    t("col.received"): [words.moment(h["received_at"]) for h in history],
                    t("col.file"): [h["file_name"] for h in history],
                    t("col.state"): [t("school.current" if h["is_current"] else "school.replaced") for h in history],
                    t("history.warnings"): [h["problem_count"] for h in history],
                    t("history.stored_by"): [h["stored_by"] or "–" for h in history],
                    t("approval.state"): [_approval(h) for h in history],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        by_id = {h["id"]: h for h in history}
        chosen = st.selectbox(
            t("history.pick"),
            list(by_id),
            format_func=lambda i: f"#{i} · {words.quarter(by_id[i]['period'])} · {by_id[i]['file_name']}",
            key="history-pick",
        )
        picked = by_id[chosen]
        file_name, content = submissions.submission_content(engine, chosen)
        left, right = st.columns(2)
        left.download_button(
            t("history.download"),
            widgets.audited({"what": "original", "submission_id": chosen, "file": file_name}, lambda: content),
            file_name=file_name,
            key=f"original-{chosen}",
        )
        if picked["is_current"]:
            right.info(t("history.is_current"))
        elif may(me, ADMINISTER):  # restoring changes what the office counts: the office's decision
            sure = right.checkbox(t("history.confirm_restore", quarter=words.quarter(picked["period"])), key="sure")
            if right.button(t("history.restore"), disabled=not sure, type="primary"):
                try:
                    submissions.restore_submission(engine, chosen, by=me.username)
                except GovernanceRefused as error:
                    words.refusal(error, right)
                else:
                    cache.forget_version()
                    st.session_state["restored"] = chosen
                    st.rerun()
    restored = st.session_state.pop("restored", None)
    if restored:
        st.success(t("history.restored", id=restored))

    refused = submissions.rejection_history(engine, code)
    if refused:
        st.subheader(t("history.refused"))
        st.dataframe(
            pd.DataFrame(
                {
                    t("col.received"): [words.moment(r["received_at"]) for r in refused],
                    t("col.file"): [r["file_name"] for r in refused],
                    t("col.quarter"): [words.quarter(r["period"]) if r["period"] else "–" for r in refused],
                }
            ),
            hide_index=True,
            width="stretch",
        )
