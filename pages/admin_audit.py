"""Nhật ký hệ thống: searching the audit log and downloading what was found (administrators only).

Read only: the log is append-only, and nothing on this page changes or deletes a line.
Downloading the lines is itself audited.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from core.permissions import own_ward
from core.settings import database_url
from exports.audit import action_name, audit_csv, audit_table, audit_workbook
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.words import t
from storage import accounts, audit, registry

me = auth.allow_page(__file__)
st.title(t("nav.audit"))
engine = cache.engine(database_url())
lang = words.language()

within = own_ward(me)  # a ward's administrator: the lines of its ward's schools and accounts
units = {u["unit_code"]: u["unit_name"] for u in registry.list_units(engine) if within is None or u["ward"] == within}
reach = None
if within is not None:
    st.caption(t("wards.audit_of", ward=escape_markdown(within)))
    reach = (list(units), [a["username"] for a in accounts.list_users(engine, within_ward=within)])
top, bottom = st.columns(2), st.columns([1, 1, 1, 1])
who = top[0].text_input(t("audit.filter.user"), key="audit-user", placeholder=t("audit.filter.anyone"))
actions = top[1].multiselect(
    t("audit.filter.action"), sorted(audit.ACTIONS, key=lambda a: action_name(a, lang)),
    format_func=lambda a: action_name(a, lang), key="audit-actions", placeholder=t("audit.filter.any_action"),
)  # fmt: skip
school = bottom[0].selectbox(
    t("col.school"), [scope.ALL, *units], key="audit-unit",
    format_func=lambda c: f"{c} · {units[c]}" if c else t("audit.filter.all_schools"),
)  # fmt: skip
since = bottom[1].date_input(t("audit.filter.since"), value=None, format="DD/MM/YYYY", key="audit-since")
until = bottom[2].date_input(t("audit.filter.until"), value=None, format="DD/MM/YYYY", key="audit-until")
limit = bottom[3].number_input(t("audit.filter.limit"), 1, 10_000, 500, step=100, key="audit-limit")

lines = audit.search(
    engine, username_contains=who.strip() or None, action=actions or None, unit_code=school or None,
    since=since, until=until, limit=int(limit), within=reach,
)  # fmt: skip
if not lines:
    st.info(t("audit.none"))
    st.stop()

table = audit_table(lines, lang)
st.caption(t("audit.found", n=len(lines)) + (" " + t("audit.limited") if len(lines) >= limit else ""))
shown = table.copy()
when = shown.columns[0]
shown[when] = [words.moment(moment) for moment in shown[when]]  # dd/mm/yyyy hh:mm, as the rest of the app
submission = shown.columns[5]
shown[submission] = ["" if pd.isna(sid) else str(sid) for sid in shown[submission]]  # blank, not "None"
st.dataframe(shown, hide_index=True, width="stretch")

sheet = t("nav.audit")  # now: the builder runs on the click, outside this page's run
stem = f"nhat-ky_{lines[-1]['at']:%Y%m%d}-{lines[0]['at']:%Y%m%d}"
left, right, _ = st.columns([1, 1, 3])
left.download_button(
    t("table.download_xlsx"),
    data=widgets.audited({"what": "audit-log", "format": "xlsx", "lines": len(lines)},
                         lambda: audit_workbook(table, sheet)),
    file_name=f"{stem}.xlsx", key="audit-xlsx", type="tertiary", icon=":material/table_view:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)  # fmt: skip
right.download_button(
    t("table.download_csv"),
    data=widgets.audited({"what": "audit-log", "format": "csv", "lines": len(lines)}, lambda: audit_csv(table)),
    file_name=f"{stem}.csv", key="audit-csv", type="tertiary", icon=":material/csv:", mime="text/csv",
)  # fmt: skip
