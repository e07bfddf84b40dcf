"""Thẩm định điểm CCHC: the office's appraised points per PAR field of a school's self-assessment."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import formatting as fmt
from core.catalogs import default_catalogs
from core.settings import database_url
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.words import t
from storage import governance, submissions


def _points(value: float | None) -> str:
    """`12,5`, every decimal kept; blank when there are none.

    Written the Vietnamese way in either language: the points are read back the way
    people write numbers here, where `12.345` means twelve thousand.
    """
    if value is None or pd.isna(value):
        return ""
    return fmt.number(value, 6, "vi").rstrip("0").rstrip(",")


me = auth.allow_page(__file__)
st.title(t("nav.appraisal"))
engine = cache.engine(database_url())

if not widgets.no_data() and not widgets.span_chosen():
    period = scope.filters().period
    frames = scope.frames()
    assessed = sorted(frames.self_assessment.loc[frames.self_assessment["period"].eq(period), "unit_code"].unique())
    names = dict(zip(frames.units["unit_code"], frames.units["unit_name"], strict=True))
    st.caption(words.quarter(period))
    done = st.session_state.pop("appraisal-done", None)
    if done:
        st.success(done)
    if not assessed:
        st.info(t("appraisal.none", quarter=words.quarter(period)))
    else:
        code = widgets.url_select(t("col.school"), assessed, "unit", lambda c: f"{names.get(c, c)} ({c})")
        current = submissions.current_submission(engine, code, period)
        # The report the previous run showed (-1: none); the save is refused if another is current by now.
        seen = widgets.previous_run(f"appraisal-seen-{code}-{period}", current["id"] if current else -1) or -1
        rows = governance.appraisal_table(engine, code, period)
        fields = default_catalogs().par_fields
        # Points as text, written and read as people type them (12,5): a number cell of the
        # browser's table would drop a decimal comma or a minus sign without a word.
        table = pd.DataFrame(
            {
                "field": [r["field"] for r in rows],
                "name": [fields[r["field"]].name if r["field"] in fields.entries else r["field"] for r in rows],
                "max_points": [_points(r["max_points"]) for r in rows],
                "self_points": [_points(r["self_points"]) for r in rows],
                "in_report": [_points(r["appraised_in_report"]) for r in rows],
                "points": [_points(r["appraised"]) for r in rows],
                "note": [r["note"] or "" for r in rows],
            }
        )
        st.caption(t("appraisal.help"))
        # One form: the edits reach the app with the click that saves them, not a rerun per cell.
        # A new table after each save: it shows what is stored, not an edit the save did not get.
        saves = st.session_state.get("appraisal-saves", 0)
        with st.form(f"appraisal-form-{code}-{period}", border=False):
            edited = st.data_editor(
                table,
                key=f"appraisal-{code}-{period}-{saves}",
                hide_index=True,
                width="stretch",
                disabled=["field", "name", "max_points", "self_points", "in_report"],
                column_order=["name", "max_points", "self_points", "in_report", "points", "note"],
                column_config={
                    "name": t("col.field"),
                    "max_points": t("appraisal.max"),
                    "self_points": t("appraisal.self"),
                    "in_report": t("appraisal.in_report"),
                    "points": st.column_config.TextColumn(t("appraisal.points"), max_chars=20),
                    "note": st.column_config.TextColumn(t("appraisal.note"), max_chars=500),
                },
            )
            save = st.form_submit_button(t("appraisal.save"), type="primary", icon=":material/save:")
        if save:
            stored = {r["field"]: r["appraised"] for r in rows}
            shown = dict(zip(table["field"], table["points"], strict=True))
            wanted = [  # a cell left as shown keeps the stored number exactly
                {
                    "field": f,
                    "points": stored[f] if p == shown[f] else (p if isinstance(p, str) else ""),
                    "note": (n or "").strip() or None,
                }
                for f, p, n in zip(edited["field"], edited["points"], edited["note"], strict=True)
            ]
            try:
                changed = governance.save_appraisal(engine, code, period, wanted, by=me.username, submission_id=seen)
            except governance.GovernanceRefused as error:
                words.refusal(error)
            else:
                cache.forget_version()
                st.session_state["appraisal-done"] = t("appraisal.saved", n=changed)
                st.session_state["appraisal-saves"] = saves + 1
                st.rerun()
