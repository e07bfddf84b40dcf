"""Đơn vị: one school's figures over all quarters, its tasks, indicators, satisfaction and submissions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import formatting as fmt
from core.settings import database_url
from figures.charts import diverging_levels, trend_lines
from metrics.views import LEVEL_KEYS
from pages import _shared as ui
from storage import repository

me = ui.allow(*ui.EVERYONE)
st.title(ui.t("nav.school"))
if not ui.no_data():
    f = ui.filters()
    units = ui.frames().units.sort_values("unit_code")
    names = dict(zip(units["unit_code"], units["unit_name"], strict=True))
    code = ui.url_select(ui.t("col.school"), list(names), "unit", lambda c: f"{names[c]} ({c})")
    st.caption(ui.scope_caption())
    table = ui.view("school_table", f.period, scoped=False)
    row = table.loc[table["unit_code"].eq(code)]
    if row.empty:
        st.info(ui.t("school.not_expected", quarter=ui.quarter(f.period)))
    elif not bool(row["reported"].iloc[0]):
        st.warning(ui.t("school.not_reported", quarter=ui.quarter(f.period)))
    else:
        r = row.iloc[0]
        cols = st.columns(4 if me.own_unit else 5)  # a clerk's data is their school only: no rank to show
        cols[0].metric(ui.t("metric.completion_rate"), ui.pct(r["completion_rate"]))
        cols[1].metric(ui.t("metric.on_time_rate"), ui.pct(r["on_time_rate"]))
        cols[2].metric(ui.t("metric.overdue"), ui.num(r["overdue"]))
        cols[3].metric(ui.t("metric.satisfaction"), ui.pct(r["satisfaction"]))
        if not me.own_unit:
            cols[4].metric(ui.t("col.rank"), r["rank_label"] or "–")

    history = ui.view("unit_history", code, scoped=False).assign(label=lambda d: d["period"].map(ui.quarter))
    st.subheader(ui.t("school.history"))
    ui.chart(
        trend_lines(
            history,
            x="label",
            series={k: ui.t(f"metric.{k}") for k in ("completion_rate", "on_time_rate", "satisfaction", "par_score")},
            title="",
            locale=f.lang,
        ),
        "school-history",
    )

    tasks_tab, indicators_tab, satisfaction_tab, submissions_tab = st.tabs(
        [ui.t("nav.tasks"), ui.t("nav.indicators"), ui.t("nav.satisfaction"), ui.t("school.submissions")]
    )
    with tasks_tab:
        tasks = ui.with_task_texts(ui.view("unit_tasks", code, f.period, scoped=False), f.period)
        st.dataframe(
            tasks.assign(status=tasks["status"].map(lambda s: ui.t(f"status.{s}")))[
                ["field_name", "content", "plan", "deadline", "status", "done_on", "overdue"]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "field_name": ui.t("col.field"),
                "content": ui.t("col.task"),
                "plan": ui.t("col.plan"),
                "deadline": st.column_config.DateColumn(ui.t("col.deadline"), format="DD/MM/YYYY"),
                "status": ui.t("col.status"),
                "done_on": st.column_config.DateColumn(ui.t("col.done_on"), format="DD/MM/YYYY"),
                "overdue": st.column_config.CheckboxColumn(ui.t("col.overdue")),
            },
        )
    with indicators_tab:
        indicators = ui.view("unit_indicators", code, f.period, scoped=False)
        st.dataframe(
            indicators.assign(
                met=indicators["met"].map(
                    lambda m: "–" if pd.isna(m) else ui.t("indicators.met" if m else "indicators.not_met")
                )
            )[["name", "result", "total", "value", "target", "met"]],
            hide_index=True,
            width="stretch",
            column_config={
                "name": ui.t("col.indicator"),
                "result": ui.t("col.result_value"),
                "total": ui.t("col.total"),
                "value": st.column_config.NumberColumn(ui.t("indicators.value"), format="%.1f"),
                "target": st.column_config.NumberColumn(ui.t("col.target"), format="%.0f"),
                "met": ui.t("col.result"),
            },
        )
    with satisfaction_tab:
        factors = ui.view("unit_dimensions", code, f.period, scoped=False).dropna(subset=["pct"])
        levels = {key: ui.t(f"level.{key}") for key in LEVEL_KEYS}
        figure = (
            diverging_levels(
                factors,
                label="name",
                shares=levels,
                answers="answers",
                title="",
                small_sample=30,
                small_note=ui.t("satisfaction.small"),
                locale=f.lang,
            )
            if len(factors)
            else ui.empty("empty.period")
        )
        ui.chart(figure, "school-satisfaction")
    with submissions_tab:
        submissions = repository.submission_history(ui.engine(database_url()), code)
        st.dataframe(
            pd.DataFrame(
                {
                    ui.t("col.quarter"): [ui.quarter(s["period"]) for s in submissions],
                    ui.t("col.received"): [fmt.moment(s["received_at"]) for s in submissions],
                    ui.t("col.file"): [s["file_name"] for s in submissions],
                    ui.t("col.state"): [
                        ui.t("school.current" if s["is_current"] else "school.replaced") for s in submissions
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )
