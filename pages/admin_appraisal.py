"""Thẩm định Chỉ số CCHC: the office appraises a school's PAR year, criterion by criterion, against its evidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import formatting as fmt
from core.catalogs import default_catalogs
from core.errors import Refusal
from core.escape import escape_markdown
from core.office import load_office
from core.periods import quarters_of
from core.settings import database_url
from exports.par import appraisal_workbook, ranking_workbook
from metrics import views
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.words import t
from pipeline import appraisal
from pipeline.evidence import fetch_file
from storage.evidence import list_evidence
from storage.par_appraisal import year_states

EDITABLE = ["points", "reason"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _points(value: float | None) -> str:
    """`12,5`, every decimal kept; blank when there are none.

    Written the Vietnamese way in either language: the points are read back the way
    people write numbers here, where `12.345` means twelve thousand.
    """
    if value is None or pd.isna(value):
        return ""
    return fmt.number(value, 6, "vi").rstrip("0").rstrip(",")


def _years() -> list[int]:
    """The years with reports, newest first; the sidebar's period's year first of all."""
    known = sorted({int(p[:4]) for p in scope.periods()}, reverse=True)
    chosen = scope.filters().period
    first = quarters_of(chosen)[-1].year if chosen else None
    return [first, *(y for y in known if y != first)] if first in known else known


def _table(sheet: appraisal.YearSheet) -> pd.DataFrame:
    items = sheet.items
    return pd.DataFrame(
        {
            "item": items["item"],
            "name": [f"{i} · {n}" for i, n in zip(items["item"], items["name"], strict=True)],
            "max_points": items["max_points"].map(_points),
            "self_points": items["self_points"].map(_points),
            "explanation": items["explanation"].fillna(""),
            "evidence": [", ".join(names) for names in items["evidence"]],
            "flag": ["⚠" if u else "" for u in items["unsupported"]],
            "points": items["appraised_points"].map(_points),
            "reason": items["reason"].fillna(""),
        }
    )


def _editor(sheet: appraisal.YearSheet, code: str, year: int) -> None:
    # The self-assessment the previous run showed (-1: none): the save is refused if another is the year's by now.
    seen = widgets.previous_run(f"appraisal-seen-{code}-{year}", sheet.submission_id or -1) or -1
    table = _table(sheet)
    saves = st.session_state.get("appraisal-saves", 0)
    # One form: the edits reach the app with the click that saves them, not a rerun per cell.
    with st.form(f"appraisal-form-{code}-{year}", border=False):
        edited = st.data_editor(
            table,
            key=f"appraisal-{code}-{year}-{saves}",
            hide_index=True,
            width="stretch",
            disabled=sheet.final or [c for c in table.columns if c not in EDITABLE],
            # What the office types first after the criterion, so that it shows on a laptop's screen.
            column_order=["name", "max_points", "self_points", "flag", "points", "reason", "explanation", "evidence"],
            column_config={
                "name": st.column_config.TextColumn(t("appraisal.item"), width="medium", pinned=True),
                "max_points": t("appraisal.max"),
                "self_points": t("appraisal.self"),
                "explanation": st.column_config.TextColumn(t("appraisal.explanation"), width="small"),
                "evidence": st.column_config.TextColumn(t("appraisal.evidence"), width="small"),
                "flag": st.column_config.TextColumn("", help=t("appraisal.unsupported_help"), width="small"),
                # Points as text, read as people type them (12,5): a number cell would drop a decimal comma.
                "points": st.column_config.TextColumn(t("appraisal.points"), max_chars=20),
                "reason": st.column_config.TextColumn(t("appraisal.reason"), max_chars=500, width="medium"),
            },
        )
        save = st.form_submit_button(t("appraisal.save"), type="primary", icon=":material/save:",
                                     disabled=sheet.final)  # fmt: skip
    if save:
        stored = dict(zip(sheet.items["item"], sheet.items["appraised_points"], strict=True))
        shown = dict(zip(table["item"], table["points"], strict=True))
        wanted = [  # a cell left as shown keeps the stored number exactly
            {"item": i, "points": stored[i] if p == shown[i] else (p if isinstance(p, str) else ""), "reason": r}
            for i, p, r in zip(edited["item"], edited["points"], edited["reason"], strict=True)
        ]
        try:
            changed = appraisal.save(engine, code, year, wanted, me, submission_id=seen)
        except Refusal as error:
            words.refusal(error)
        else:
            _done(t("appraisal.saved", n=changed))
            st.session_state["appraisal-saves"] = saves + 1


def _done(message: str) -> None:
    cache.forget_version()
    st.session_state["appraisal-done"] = message
    st.rerun()


def _totals(sheet: appraisal.YearSheet) -> None:
    totals = sheet.totals
    a, b, c, d = st.columns(4)
    a.metric(t("appraisal.total_self"), words.num(totals["self"], 2))
    b.metric(t("appraisal.total_final"), words.num(totals["final"], 2))
    c.metric(t("appraisal.total_max"), words.num(totals["max_points"], 0))
    d.metric(t("metric.par_score"), words.pct(totals["score"], 2))
    if sheet.unsupported:
        st.warning(t("appraisal.unsupported", n=sheet.unsupported))


def _state(sheet: appraisal.YearSheet, code: str, year: int) -> None:
    if sheet.final:
        reason = st.text_input(t("appraisal.reopen_reason"), key=f"reopen-{code}-{year}")
        if st.button(t("appraisal.reopen"), icon=":material/lock_open:", key="appraisal-reopen"):
            try:
                appraisal.reopen(engine, code, year, reason, me)
            except Refusal as error:
                words.refusal(error)
            else:
                _done(t("appraisal.reopened", year=year))
        return
    sure = st.checkbox(t("appraisal.confirm_final"), key=f"appraisal-sure-{code}-{year}")
    if st.button(t("appraisal.finalise"), icon=":material/lock:", disabled=not sure, key="appraisal-finalise"):
        try:
            appraisal.finalise(engine, code, year, me)
        except Refusal as error:
            words.refusal(error)
        else:
            _done(t("appraisal.finalised", year=year))


def _evidence(code: str, year: int) -> None:
    files = list_evidence(engine, code, year)
    if not files:
        return
    by_id = {f["id"]: f for f in files}
    left, right = st.columns([3, 1])
    picked = left.selectbox(t("appraisal.open_evidence"), list(by_id), key="appraisal-evidence",
                            format_func=lambda i: f"{by_id[i]['criterion'] or by_id[i]['field'] or by_id[i]['task']}"
                                                  f" · {by_id[i]['file_name']}")  # fmt: skip
    right.download_button(t("evidence.page.download"), data=lambda: fetch_file(engine, picked, me)[2],
                          file_name=by_id[picked]["file_name"], mime="application/octet-stream",
                          icon=":material/download:", key=f"appraisal-download-{picked}")  # fmt: skip


def _downloads(sheet: appraisal.YearSheet, frames, unit_name: str, year: int) -> None:
    """The year's ranking of the schools this person sees, and this school's appraisal sheet, as official tables."""
    office, catalogs = load_office(), default_catalogs()
    left, right = st.columns(2)
    left.download_button(
        t("appraisal.download_ranking"),
        data=widgets.audited({"what": "par-ranking", "format": "xlsx", "year": year}, lambda: ranking_workbook(
            views.par_year_table(frames, catalogs, year), catalogs, year_states(engine, year), year, office)),
        file_name=f"xep-hang-cchc_{year}.xlsx", mime=XLSX, icon=":material/leaderboard:", key="appraisal-ranking",
    )  # fmt: skip
    right.download_button(
        t("appraisal.download_sheet"),
        data=widgets.audited({"what": "par-appraisal", "format": "xlsx", "year": year, "unit": sheet.unit_code},
                             lambda: appraisal_workbook(sheet.items, unit_name, year, office, sheet.state)),
        file_name=f"tham-dinh-cchc_{sheet.unit_code}_{year}.xlsx", mime=XLSX, icon=":material/download:",
        key="appraisal-sheet",
    )  # fmt: skip


me = auth.allow_page(__file__)
st.title(t("nav.appraisal"))
engine = cache.engine(database_url())

if not widgets.no_data():
    frames = scope.frames()
    names = dict(zip(frames.units["unit_code"], frames.units["unit_name"], strict=True))
    years = _years()
    year = st.selectbox(t("plan.year"), years, key="appraisal-year")
    assessed = sorted(frames.self_assessment.loc[frames.self_assessment["period"].str.startswith(f"{year}-Q"),
                                                 "unit_code"].unique())  # fmt: skip
    done = st.session_state.pop("appraisal-done", None)
    if done:
        st.success(done)
    if not assessed:
        st.info(t("appraisal.none_year", year=year))
    else:
        code = widgets.url_select(t("col.school"), assessed, "unit", lambda c: f"{names.get(c, c)} ({c})")
        sheet = appraisal.year_sheet(engine, code, year)
        where = words.quarter(sheet.period) if sheet.period else "–"
        st.caption(t("appraisal.of_report", quarter=where, framework=escape_markdown(sheet.framework.source or "–")))
        if sheet.final:
            st.info(t("appraisal.is_final", year=year, unit=escape_markdown(names.get(code, code))))
        if sheet.framework_changed:
            st.warning(t("appraisal.framework_changed", year=year))
        st.caption(t("appraisal.help"))
        _editor(sheet, code, year)
        _totals(sheet)
        _evidence(code, year)
        _state(sheet, code, year)
        _downloads(sheet, frames, names.get(code, code), year)
