"""Danh mục đơn vị: the schools this office manages, importing the registry file, the quarters' deadlines.

Administrators only. A file is read and its changes shown before anything is stored; storing
(`registry.upsert_units`, `registry.set_deadline`) writes its audit line in the same transaction.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import formatting as fmt
from core.escape import escape_markdown
from core.periods import parse_period
from core.permissions import own_ward
from core.settings import database_url
from loaders.problems import Problem
from loaders.units import read_units, registry_changes
from pages.ui import auth, cache, scope, words
from pages.ui.words import t
from storage import registry

me = auth.allow_page(__file__)
st.title(t("nav.registry"))
engine = cache.engine(database_url())


def _value(name: str, value: object) -> str:
    """A unit's field as people read it: the level's name, `Quý III/2025`."""
    if value is None or value == "":
        return "–"
    if name == "level":
        return words.level_name(str(value))
    if name in ("active_from", "active_to"):
        return words.quarter(str(value))
    return str(value)


def _units_table(units: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.code"): [u["unit_code"] for u in units],
            t("registry.col.name"): [u["unit_name"] for u in units],
            t("col.level"): [_value("level", u["level"]) for u in units],
            t("col.ward"): [_value("ward", u.get("ward")) for u in units],
            t("registry.col.active_from"): [_value("active_from", u.get("active_from")) for u in units],
            t("registry.col.active_to"): [_value("active_to", u.get("active_to")) for u in units],
        }
    )


def _changes_table(changed: list[dict]) -> pd.DataFrame:
    """One row per changed field of a unit: before → after."""
    rows = [(c["code"], name, before, c["after"][name]) for c in changed for name, before in c["before"].items()]
    return pd.DataFrame(
        {
            t("col.code"): [code for code, *_ in rows],
            t("registry.col.field"): [t(f"audit.field.{name}") for _, name, *_ in rows],
            t("registry.col.before"): [_value(name, before) for _, name, before, _ in rows],
            t("registry.col.after"): [_value(name, after) for _, name, _, after in rows],
        }
    )


def _problems_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("upload.col.severity"): [t(f"upload.{p.severity}") for p in problems],
            t("upload.col.row"): [str(p.row) if p.row else "" for p in problems],
            t("upload.col.column"): [p.column or "" for p in problems],
            t("upload.col.message"): [words.problem_text(p) for p in problems],
        }
    )


# ---------------------------------------------------------------- the registry
within = own_ward(me)  # a ward's administrator: its ward's rows only (storage.registry refuses the others)
stored = [u for u in registry.list_units(engine) if within is None or u["ward"] == within]
if within:
    st.caption(t("wards.registry_of", ward=escape_markdown(within)))
if stored:
    st.dataframe(_units_table(stored), hide_index=True, width="stretch")
else:
    st.info(t("registry.empty"))

done = st.session_state.pop("registry-done", None)
if done:
    st.success(t("registry.applied", added=done["added"], changed=done["changed"]))

st.subheader(t("registry.import"), divider="gray")
st.caption(t("registry.import_help"))
batch = st.session_state.get("registry-batch", 0)
upload = st.file_uploader(t("registry.file"), type=["csv", "xlsx"], key=f"registry-file-{batch}")
if upload is not None:
    units, problems = read_units(upload.getvalue(), upload.name)
    if problems:
        st.dataframe(_problems_table(problems), hide_index=True, width="stretch")
    if any(p.is_error for p in problems):  # as `cli.py units import`: any error, nothing is stored
        st.error(t("registry.rejected", n=sum(p.is_error for p in problems)))
    else:
        changes = registry_changes(units, stored)
        added, changed = changes["added"], changes["changed"]
        st.write(t("registry.preview", added=len(added), changed=len(changed),
                   unchanged=len(units) - len(added) - len(changed)))  # fmt: skip
        if added:
            st.markdown(f"**{t('registry.added')}**")
            st.dataframe(_units_table(added), hide_index=True, width="stretch")
        if changed:
            st.markdown(f"**{t('registry.changed')}**")
            st.dataframe(_changes_table(changed), hide_index=True, width="stretch")
        conflicts = registry.closed_quarter_conflicts(engine, units)  # said before the click, refused at it too
        for conflict in conflicts:
            words.refusal(conflict)
        nothing = not added and not changed
        if st.button(t("registry.apply"), type="primary", disabled=nothing or bool(conflicts), icon=":material/check:"):
            try:
                counts = registry.upsert_units(engine, units, by=me.username, within_ward=within)
            except registry.RegistryRefused as error:
                words.refusal(error)
            else:
                cache.forget_version()
                st.session_state["registry-done"] = {"added": counts[0], "changed": counts[1]}
                st.session_state["registry-batch"] = batch + 1  # a fresh, empty uploader
                st.rerun()

# ---------------------------------------------------------------- the quarters' deadlines
st.subheader(t("registry.deadlines"), divider="gray")
st.caption(t("registry.deadline_default"))
quarters = scope.frames().quarters
configured = quarters.loc[quarters["ward"].isna()].sort_values("period", ascending=False)  # the city's; wards' below
if not configured.empty:
    st.dataframe(
        pd.DataFrame(
            {
                t("col.quarter"): [words.quarter(p) for p in configured["period"]],
                t("col.report_deadline"): [fmt.day(d, words.language()) for d in configured["deadline"]],
            }
        ),
        hide_index=True,
    )
said = st.session_state.pop("deadline-done", None)
if said:
    st.success(t("registry.deadline_set", quarter=words.quarter(said["period"]),
                 day=fmt.day(said["day"], words.language())))  # fmt: skip
with st.form("deadline"):
    left, right = st.columns(2)
    wanted = left.text_input(t("col.quarter"), placeholder=t("registry.period_hint"), key="deadline-period")
    day = right.date_input(t("col.report_deadline"), value=None, format="DD/MM/YYYY", key="deadline-day")
    save = st.form_submit_button(t("registry.set_deadline"), icon=":material/event:")
if within:  # a ward's administrator sets its own ward's deadline; the city's holds for the other wards
    st.caption(t("wards.deadline_own", ward=escape_markdown(within)))
    ward_for = within
elif wards_known := sorted({u["ward"] for u in stored if u["ward"]}):
    ward_for = st.selectbox(t("wards.deadline_for"), wards_known, index=None, placeholder=t("wards.deadline_all"),
                            key="deadline-ward")  # fmt: skip
else:
    ward_for = None
own_rows = registry.ward_deadline_rows(engine, within)
if own_rows:
    st.dataframe(
        pd.DataFrame(
            {
                t("wards.col.ward"): [r["ward"] for r in own_rows],
                t("col.quarter"): [words.quarter(r["period"]) for r in own_rows],
                t("col.report_deadline"): [fmt.day(r["deadline"], words.language()) for r in own_rows],
            }
        ),
        hide_index=True,
    )
if save:
    period = parse_period(wanted)
    if period is None:
        st.error(t("registry.bad_period", value=escape_markdown(wanted)))
    elif day is None:
        st.error(t("registry.pick_day"))
    else:
        try:
            registry.set_deadline(engine, period.code, day, by=me.username, ward=ward_for)
        except registry.DeadlineRefused as refused:
            words.refusal(refused)
        else:
            cache.forget_version()
            st.session_state["deadline-done"] = {"period": period.code, "day": day}
            st.rerun()
