"""Tài liệu kiểm chứng: a school's evidence for its PAR year, attached to a criterion, a field or a plan task."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import Refusal
from core.escape import escape_markdown
from core.filetypes import PREVIEWABLE, shown_size
from core.settings import database_url
from i18n.messages import show
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.words import t
from pipeline.evidence import add_files, fetch_file, list_files, refusal_to_change, remove_file
from storage import par_years, plans, registry
from storage.audit import wall_clock
from storage.evidence import Target
from storage.par_appraisal import year_framework

FILE_TYPES = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx"]  # the picker's hint; the content decides (core.filetypes)


def _targets(code: str, year: int) -> dict[str, tuple[str, Target]]:
    """What a file may back, as the picker lists it: label → (kind, target)."""
    framework = year_framework(engine, year)
    found: dict[str, tuple[str, Target]] = {}
    for field in framework.fields:
        found[f"{field.code} · {field.name}"] = ("field", Target(field=field.code))
        for item in framework.scored(field.code):
            if item.code != field.code:
                found[f"{item.code} · {item.name}"] = ("criterion", Target(criterion=item.code))
    plan = plans.current_plan(engine, code, year)
    for task in plan["tasks"] if plan else []:
        found[f"{task['code']} · {task['content']}"] = ("task", Target(task_code=task["code"]))
    return found


def _add(code: str, year: int, targets: dict[str, tuple[str, Target]]) -> None:
    st.subheader(t("evidence.page.add"))
    batch = st.session_state.get("evidence-batch", 0)
    chosen = st.selectbox(t("evidence.page.target"), list(targets), key="evidence-target")
    files = st.file_uploader(t("evidence.page.files"), type=FILE_TYPES, accept_multiple_files=True,
                             key=f"evidence-files-{batch}")  # fmt: skip
    if st.button(t("evidence.page.attach"), type="primary", disabled=not files or chosen is None,
                 icon=":material/attach_file:", key="evidence-attach"):  # fmt: skip
        sources = [(upload.name, upload.getvalue()) for upload in files or []]
        results = add_files(engine, code, year, sources, targets[chosen][1], me)
        st.session_state["evidence-done"] = [(r.accepted, r.file, r.message(words.language())) for r in results]
        st.session_state["evidence-batch"] = batch + 1
        st.rerun()


def _verdicts() -> None:
    for accepted, name, message in st.session_state.pop("evidence-done", []):
        shown = f"**{escape_markdown(name)}**: {escape_markdown(message)}"
        (st.success if accepted else st.error)(shown)


def _listed(code: str, year: int, can_change: bool) -> None:
    files = list_files(engine, code, year, me)
    st.subheader(t("evidence.page.listed", n=len(files)))
    if not files:
        st.info(t("evidence.page.none", unit=escape_markdown(code), year=year))
        return
    table = pd.DataFrame(files)
    table["target"] = [f.get("criterion") or f.get("field") or f.get("task") for f in files]
    table["size"] = [show(shown_size(size), words.language()) for size in table["size"]]
    table["kind"] = table["kind"].map(lambda k: t(f"evidence.kind.{k}"))
    table["added_by"] = table["added_by"].map(lambda who: who or t("refusal.part.system"))  # the office's own load
    st.dataframe(
        table[["id", "file_name", "kind", "size", "target", "added_by", "added_at"]],
        hide_index=True,
        width="stretch",
        column_config={
            "id": st.column_config.NumberColumn("#", format="%d"),
            "file_name": t("evidence.page.col.file"),
            "kind": t("evidence.page.col.kind"),
            "size": t("evidence.page.col.size"),
            "target": t("evidence.page.col.target"),
            "added_by": t("evidence.page.col.by"),
            "added_at": st.column_config.DatetimeColumn(t("evidence.page.col.at"), format="DD/MM/YYYY HH:mm"),
        },
    )
    by_id = {f["id"]: f for f in files}
    picked = st.selectbox(t("evidence.page.pick"), list(by_id), key="evidence-pick",
                          format_func=lambda i: f"#{i} · {by_id[i]['file_name']}")  # fmt: skip
    _one_file(by_id[picked], can_change)


def _one_file(found: dict, can_change: bool) -> None:
    link_id = found["id"]
    left, middle, right = st.columns(3)
    left.download_button(
        t("evidence.page.download"),
        # Read (and audited) when clicked; always an attachment, never shown as a web page.
        data=lambda: fetch_file(engine, link_id, me)[2],
        file_name=found["file_name"],
        mime="application/octet-stream",
        icon=":material/download:",
        key=f"evidence-download-{link_id}",
    )
    # A picture is shown here (read, and audited, when asked); a PDF opens from its download.
    if (
        found["kind"] in PREVIEWABLE
        and found["kind"] != "pdf"
        and middle.toggle(t("evidence.page.preview"), key=f"evidence-preview-{link_id}")
    ):
        st.image(fetch_file(engine, link_id, me)[2])
    sure = can_change and right.checkbox(t("evidence.page.confirm_remove"), key=f"evidence-sure-{link_id}")
    if sure and right.button(t("evidence.page.remove"), icon=":material/delete:", key=f"evidence-remove-{link_id}"):
        try:
            remove_file(engine, link_id, me)
        except Refusal as refused:
            words.refusal(refused)
        else:
            st.session_state["evidence-done"] = [(True, found["file_name"], t("evidence.page.removed"))]
            st.rerun()


me = auth.allow_page(__file__)
st.title(t("nav.evidence"))
engine = cache.engine(database_url())
units = scope.visible_units(registry.list_units(engine))
if not units:
    st.info(t("empty.database"))
else:
    this_year = wall_clock().year
    left, right = st.columns([3, 1])
    with left:
        code = widgets.unit_select(units)
    with right:
        year = st.selectbox(t("plan.year"), [this_year, this_year - 1], key="evidence-year")
    st.caption(t("evidence.page.help"))
    state = par_years.year_state(engine, code, year)
    if state == par_years.FINAL:
        st.warning(t("evidence.page.final", unit=escape_markdown(code), year=year))
    can_change = state != par_years.FINAL and refusal_to_change(me, code) is None
    _verdicts()
    if can_change:
        _add(code, year, _targets(code, year))
    _listed(code, year, can_change)
