"""Nộp báo cáo: the blank template, many workbooks at once, each file's verdict before anything is stored."""

from __future__ import annotations

import hashlib
from datetime import datetime, time

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from core.periods import Period
from core.permissions import ADMINISTER, may, own_unit
from core.settings import database_url
from loaders.problems import Problem
from loaders.report import Report
from loaders.template import template_bytes
from pages.ui import auth, cache, widgets, words
from pages.ui.words import t
from pipeline.evidence_rule import EvidenceBook, warn_unsupported
from pipeline.ingest import Registry, check_bytes, store
from pipeline.linking import PlanBook, link_to_plan
from pipeline.plans import quarter_template
from pipeline.quality import QualityBook, with_quality_warnings
from pipeline.submitter import as_submitted_by, received_moment, refuse_if_locked, refuse_if_not_begun
from storage import audit, registry, submissions

TYPES = ["xlsx", "xlsm", "xls", "ods"]
Checked = tuple[Report, bytes, str, dict | None]  # a file's verdict, bytes, SHA-256 and the report it would replace


@st.cache_data(show_spinner=False, max_entries=500)
def _verdict(digest: str, file_name: str, registry_version: str, _content: bytes) -> Report:
    """The loader's answer for one file, cached by the bytes' digest: reruns don't read it again."""
    return check_bytes(_content, file_name, Registry.load(cache.engine(database_url())))


def _unit_name(unit_code: str) -> str:
    return registry.unit_registry(cache.engine(database_url())).get(unit_code, "")


def _problems_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("upload.col.severity"): [t(f"upload.{p.severity}") for p in problems],
            t("upload.col.sheet"): [p.sheet or "" for p in problems],
            t("upload.col.row"): [str(p.row) if p.row else "" for p in problems],
            t("upload.col.column"): [p.column or "" for p in problems],
            t("upload.col.message"): [words.problem_text(p) for p in problems],
        }
    )


def _show_verdict(number: int, report: Report, content: bytes, current: dict | None) -> None:
    # Material icons, not emoji: office PCs and servers often lack an emoji font.
    icon = ":material/check_circle:" if report.accepted else ":material/cancel:"
    # The file's name and the code it holds are the sender's: an expander's label is Markdown.
    who = f"{escape_markdown(report.unit_code or '?')} · {words.quarter(report.period) if report.period else '?'}"
    label = f"{escape_markdown(report.file_name)} — {who}"
    with st.expander(label, expanded=not report.accepted or current is not None, icon=icon):
        if report.accepted:
            counts = report.counts()
            st.write(t("upload.counts", **counts))
            if current is not None:
                st.warning(
                    t(
                        "upload.replaces",
                        file=escape_markdown(current["file_name"]),
                        received=words.moment(current["received_at"]),
                    )
                )
        else:
            # What concerns the whole file (another school's, a locked report, unreadable) is said in
            # full here; what is in a sheet goes to the table, with its sheet, row and column.
            whole = [words.problem_text(p) for p in report.problems if not p.sheet]
            whole_file = "".join(f"\n- {escape_markdown(text)}" for text in whole)
            st.error(t("upload.rejected", n=sum(p.is_error for p in report.problems)) + whole_file)
        in_sheets = [p for p in report.problems if p.sheet]
        if in_sheets:
            st.dataframe(_problems_table(in_sheets), hide_index=True, width="stretch")
        if in_sheets and not report.accepted:  # a copy with marked cells helps only where cells are wrong
            from loaders.annotate import annotated_copy, suggested_name

            st.download_button(
                t("upload.annotated"),
                # Written only when clicked: each rerun of the page would otherwise rebuild every copy.
                lambda: annotated_copy(content, report.file_name, report.problems)[0],
                file_name=suggested_name(report.file_name), key=f"annotated-{number}",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )  # fmt: skip


def _log_refusals(engine, batch: int, checked: list[Checked], moment: datetime, by: str) -> None:
    """Each refused file is logged once, when its verdict is first shown, whether or not anything is stored after.

    A file dropped and refused is an attempt the office must see (another school's file,
    a locked report), even when the person leaves without clicking anything.
    """
    logged = st.session_state.setdefault("upload-logged", set())
    for report, content, digest, _ in checked:  # by content, not position: removing another file changes positions
        key = (batch, digest, tuple(p.code for p in report.problems))
        if not report.accepted and key not in logged:
            submissions.log_rejection(engine, report, content=content, received_at=moment, by=by)
            logged.add(key)


me = auth.allow_page(__file__)
st.title(t("nav.upload"))
if own_unit(me):
    st.info(t("upload.not_yours", unit=escape_markdown(own_unit(me))))
st.download_button(
    t("upload.template"), template_bytes(), file_name="mau-bao-cao-cchc.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
)  # fmt: skip
if own_unit(me):  # a school's own quarter, its tasks filled from its plan of the year
    today = audit.wall_clock().date()
    quarter = Period(today.year, (today.month - 1) // 3 + 1)
    unit = own_unit(me)
    st.download_button(
        t("upload.unit_template", quarter=words.quarter(quarter.code)),
        lambda: quarter_template(cache.engine(database_url()), unit, _unit_name(unit), quarter.code),
        file_name=f"bao-cao-cchc_{unit}_{quarter.code}.xlsx", key="unit-template",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/assignment:",
    )  # fmt: skip
st.caption(t("upload.help_clerk" if own_unit(me) else "upload.help"))

batch = st.session_state.get("upload-batch", 0)
files = st.file_uploader(t("upload.files"), type=TYPES, accept_multiple_files=True, key=f"uploads-{batch}")
received_day = None
if may(me, ADMINISTER):  # the received day decides on-time: a clerk's reports are received when sent
    received_day = st.date_input(
        t("upload.received"),
        value=None,
        max_value=audit.wall_clock().date(),
        format="DD/MM/YYYY",
        key="received-day",
    )
    st.caption(t("upload.received_help"))

done = st.session_state.pop("upload-done", None)
if done:
    st.success(t("upload.stored", accepted=done["accepted"], rejected=done["rejected"]))

if files:
    engine = cache.engine(database_url())
    registry_version = cache.version()
    asked = datetime.combine(received_day, time(12, 0)) if received_day else None
    moment = received_moment(me, asked, datetime.now().astimezone())
    checked: list[Checked] = []
    plans, evidence = PlanBook(engine), EvidenceBook(engine)
    quality = QualityBook(cache.all_frames(database_url(), registry_version))
    for number, upload in enumerate(files):
        content = upload.getvalue()
        digest = hashlib.sha256(content).hexdigest()
        verdict = _verdict(digest, upload.name, registry_version, content)
        linked = warn_unsupported(link_to_plan(as_submitted_by(verdict, me), plans), evidence)
        linked = with_quality_warnings(linked, quality)  # values to look at twice: warnings, never a refusal
        report = refuse_if_locked(engine, refuse_if_not_begun(linked, moment))
        current = submissions.current_submission(engine, report.unit_code, report.period) if report.accepted else None
        checked.append((report, content, digest, current))
        _show_verdict(number, report, content, current)
    _log_refusals(engine, batch, checked, moment, me.username)

    valid = [c for c in checked if c[0].accepted]
    replacing = [c for c in valid if c[3] is not None]
    st.subheader(t("upload.summary", valid=len(valid), total=len(checked)))
    confirmed = True
    if replacing:
        confirmed = st.checkbox(t("upload.confirm_replace", n=len(replacing)), key="confirm-replace")
    # What the previous run showed: which files would be stored, over which current report. A click
    # reruns on the database as it is now; if another report became current meanwhile, say so first.
    now = {(batch, r.file_name, digest): cur["id"] if cur else None for r, _, digest, cur in valid}
    before = widgets.previous_run("upload-shown", now) or {}
    changed = any(key in before and before[key] != current for key, current in now.items())
    if changed:
        st.warning(t("upload.changed_meanwhile"))
    clicked = st.button(t("upload.accept", n=len(valid)), type="primary", disabled=not valid or not confirmed)
    if clicked and confirmed and not changed:
        results = [store(engine, report, content, moment, submitter=me) for report, content, _, _ in valid]
        accepted = sum(r.accepted for r in results)  # a report locked since its verdict is refused (and logged) now
        cache.forget_version()
        st.session_state["upload-done"] = {"accepted": accepted, "rejected": len(checked) - accepted}
        st.session_state["upload-batch"] = batch + 1  # a fresh, empty uploader
        st.rerun()
