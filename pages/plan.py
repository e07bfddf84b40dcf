"""Kế hoạch: each unit's CCHC plan for a year, its versions, and loading plan workbooks with a verdict first."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

import pandas as pd
import streamlit as st

from core.catalogs import default_catalogs
from core.escape import escape_markdown
from core.permissions import SUBMIT, may, own_unit
from core.settings import database_url
from loaders.docx_plan import Proposal, propose_plan
from loaders.plan_model import Plan
from loaders.template import plan_template_bytes
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.words import t
from pipeline.ingest import Registry
from pipeline.plans import check_plan, store_plan
from storage import audit, plans, registry

TYPES = ["xlsx", "xlsm", "xls", "ods"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=200)
def _verdict(digest: str, file_name: str, registry_version: str, _content: bytes) -> Plan:
    """The loader's answer for one plan file, cached by the bytes' digest: reruns don't read it again."""
    return check_plan(_content, file_name, Registry.load(cache.engine(database_url())))


def _tasks_table(tasks: list[dict]) -> None:
    fields = default_catalogs().par_fields
    table = pd.DataFrame(tasks, columns=["code", "field", "content", "who", "deadline", "product"])
    table["field"] = [fields[f].name if f in fields.entries else f for f in table["field"]]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "code": t("plan.col.code"),
            "field": t("col.field"),
            "content": t("col.task"),
            "who": t("plan.col.who"),
            "deadline": t("col.deadline"),
            "product": t("plan.col.product"),
        },
    )


def _show_stored(code: str, year: int) -> None:
    plan = plans.current_plan(engine, code, year)
    if plan is None:
        st.info(t("plan.none", unit=escape_markdown(code), year=year))
        return
    st.caption(
        t(
            "plan.stored",
            number=escape_markdown(plan.get("number") or "–"),
            tasks=len(plan["tasks"]),
            received=words.moment(plan["received_at"]),
            file=escape_markdown(plan["file_name"]),
        )
    )
    _tasks_table(plan["tasks"])
    history = plans.plan_history(engine, code, year)
    if len(history) > 1:
        with st.expander(t("plan.versions", n=len(history))):
            st.dataframe(
                pd.DataFrame(
                    {
                        "#": [h["id"] for h in history],
                        t("col.received"): [words.moment(h["received_at"]) for h in history],
                        t("col.file"): [h["file_name"] for h in history],
                        t("col.state"): [
                            t("school.current" if h["is_current"] else "school.replaced") for h in history
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
            )


def _show_verdict(plan: Plan) -> None:
    icon = ":material/check_circle:" if plan.accepted else ":material/cancel:"
    label = f"{escape_markdown(plan.file_name)} — {escape_markdown(plan.unit_code or '?')} · {plan.year or '?'}"
    with st.expander(label, expanded=not plan.accepted, icon=icon):
        if plan.accepted:
            st.write(t("plan.counts", tasks=len(plan.tasks)))
        else:
            whole = "".join(f"\n- {escape_markdown(words.problem_text(p))}" for p in plan.problems if not p.sheet)
            st.error(t("upload.rejected", n=sum(p.is_error for p in plan.problems)) + whole)
        in_sheets = [p for p in plan.problems if p.sheet]
        if in_sheets:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("upload.col.severity"): [t(f"upload.{p.severity}") for p in in_sheets],
                        t("upload.col.sheet"): [p.sheet for p in in_sheets],
                        t("upload.col.row"): [str(p.row) if p.row else "" for p in in_sheets],
                        t("upload.col.column"): [p.column or "" for p in in_sheets],
                        t("upload.col.message"): [words.problem_text(p) for p in in_sheets],
                    }
                ),
                hide_index=True,
                width="stretch",
            )


def _upload(code: str, name: str, year: int) -> None:
    st.subheader(t("plan.upload"))
    st.download_button(
        t("plan.template"), plan_template_bytes(unit_code=code, unit_name=name, year=year),
        file_name=f"ke-hoach-cchc_{code}_{year}.xlsx", mime=XLSX, icon=":material/download:",
    )  # fmt: skip
    st.caption(t("plan.help"))
    done = st.session_state.pop("plan-done", None)
    if done:
        st.success(t("plan.saved", accepted=done["accepted"], rejected=done["rejected"]))
    batch = st.session_state.get("plan-batch", 0)
    files = st.file_uploader(t("plan.files"), type=TYPES, accept_multiple_files=True, key=f"plan-files-{batch}")
    if not files:
        return
    checked = []
    for upload in files:
        content = upload.getvalue()
        verdict = _verdict(hashlib.sha256(content).hexdigest(), upload.name, cache.version(), content)
        checked.append((verdict, content))
        _show_verdict(verdict)
    valid = [(plan, content) for plan, content in checked if plan.accepted]
    if st.button(t("plan.accept", n=len(valid)), type="primary", disabled=not valid):
        moment = audit.wall_clock()
        results = [store_plan(engine, plan, content, moment, me) for plan, content in checked]
        accepted = sum(r.accepted for r in results)
        st.session_state["plan-done"] = {"accepted": accepted, "rejected": len(results) - accepted}
        st.session_state["plan-batch"] = batch + 1
        cache.forget_version()
        st.rerun()


@st.cache_data(show_spinner=False, max_entries=50)
def _proposal(digest: str, file_name: str, _content: bytes) -> Proposal:
    """The rows a Word plan proposes, cached by the bytes' digest."""
    return propose_plan(_content, file_name)


def _edited_rows(table: pd.DataFrame) -> list[dict]:
    """The person's rows, as the plan workbook's columns; rows left without content are dropped."""
    rows = []
    for record in table.to_dict("records"):
        row = {key: (None if pd.isna(value) or str(value).strip() == "" else str(value).strip())
               for key, value in record.items()}  # fmt: skip
        if row.get("content"):
            rows.append(row)
    return rows


def _from_word(code: str, name: str, year: int) -> None:
    """A plan written in Word: its proposed rows, corrected by the person, downloaded or checked and stored."""
    st.subheader(t("plan.docx.title"))
    st.caption(t("plan.docx.help"))
    done = st.session_state.pop("plan-docx-done", None)
    if done:
        if done.accepted:
            st.success(t("plan.docx.stored", tasks=len(done.tasks), unit=escape_markdown(done.unit_code or ""),
                         year=done.year))  # fmt: skip
        _show_verdict(done)
    batch = st.session_state.get("plan-docx-batch", 0)
    upload = st.file_uploader(t("plan.docx.file"), type=["docx"], key=f"plan-docx-{batch}")
    if upload is None:
        return
    content = upload.getvalue()
    proposal = _proposal(hashlib.sha256(content).hexdigest(), upload.name, content)
    if proposal.refused:
        st.error(t("upload.rejected", n=len(proposal.problems)) + "".join(
            f"\n- {escape_markdown(words.problem_text(p))}" for p in proposal.problems))  # fmt: skip
        return
    for found in proposal.problems:
        st.warning(escape_markdown(words.problem_text(found)))
    if not proposal.rows:
        st.info(t("plan.docx.none"))
        return
    dated = sum(row.due is not None for row in proposal.rows)
    st.write(t("plan.docx.found", tasks=len(proposal.rows), deadlines=dated, year=proposal.year))
    if proposal.year != year:
        st.info(t("plan.docx.year_differs", found=proposal.year, year=year))
    fields = default_catalogs().par_fields
    table = pd.DataFrame(
        [row.as_plan_row() for row in proposal.rows], columns=["field", "content", "who", "deadline", "product"]
    )
    edited = st.data_editor(
        table,
        key=f"plan-docx-rows-{batch}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "field": st.column_config.SelectboxColumn(
                t("col.field"), options=fields.codes(), help=", ".join(f"{f.code}: {f.name}" for f in fields)
            ),
            "content": st.column_config.TextColumn(t("col.task"), required=True, width="large"),
            "who": t("plan.col.who"),
            "deadline": t("col.deadline"),
            "product": t("plan.col.product"),
        },
    )
    rows = _edited_rows(edited)
    workbook = plan_template_bytes(unit_code=code, unit_name=name, year=year, tasks=rows, number=proposal.number,
                                   issued_on=proposal.issued_on)  # fmt: skip
    stem = PurePath(upload.name).stem
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("plan.docx.download"), workbook, file_name=f"ke-hoach-cchc_{code}_{year}_{stem}.xlsx", mime=XLSX,
            icon=":material/download:", disabled=not rows,
        )  # fmt: skip
    with right:
        confirm = st.button(t("plan.docx.confirm"), type="primary", disabled=not rows, key="plan-docx-confirm")
    if confirm:
        file_name = f"{stem}.xlsx"
        verdict = check_plan(workbook, file_name, Registry.load(engine), me)
        store_plan(engine, verdict, workbook, audit.wall_clock(), me)
        st.session_state["plan-docx-done"] = verdict
        if verdict.accepted:
            st.session_state["plan-docx-batch"] = batch + 1
            cache.forget_version()
        st.rerun()


me = auth.allow_page(__file__)
st.title(t("nav.plan"))
engine = cache.engine(database_url())
units = scope.visible_units(registry.list_units(engine))
if not units:
    st.info(t("empty.database"))
else:
    names = {u["unit_code"]: u["unit_name"] for u in units}
    this_year = audit.wall_clock().year
    left, right = st.columns([3, 1])
    with left:
        code = widgets.unit_select(units)
    with right:
        year = st.selectbox(t("plan.year"), [this_year + 1, this_year, this_year - 1], index=1, key="plan-year")
    _show_stored(code, year)
    if may(me, SUBMIT) and (own_unit(me) is None or own_unit(me) == code):
        _upload(code, names[code], year)
        _from_word(code, names[code], year)
