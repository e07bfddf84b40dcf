"""Nhiệm vụ CCHC: completion and on-time rates by PAR field, school × field, statuses, overdue tasks."""

from __future__ import annotations

import streamlit as st

from core.catalogs import default_catalogs
from core.vocabulary import TASK_STATUSES
from figures.charts import grouped_bars, heatmap, status_stack
from pages import _shared as ui

LOWEST = 30  # schools shown in the heatmap and the status bars: those with the lowest completion

ui.allow(*ui.EVERYONE)
st.title(ui.t("nav.tasks"))
if not ui.no_data():
    f = ui.filters()
    st.caption(ui.scope_caption())
    fields = default_catalogs().par_fields
    by_field = ui.view("field_table", f.period).assign(name=lambda d: d["field"].map({x.code: x.name for x in fields}))
    st.subheader(ui.t("tasks.by_field"))
    ui.chart(
        grouped_bars(
            by_field,
            category="name",
            series={"completion_rate": ui.t("metric.completion_rate"), "on_time_rate": ui.t("metric.on_time_rate")},
            title="",
            orientation="h",
            locale=f.lang,
        ),
        "tasks-fields",
    )
    ui.table_downloads(("theo-linh-vuc",), "linh-vuc")

    counts = ui.view("status_counts", f.period).sort_values(["completion_rate", "unit_code"])
    lowest = counts.head(LOWEST)
    if len(counts) > LOWEST:
        st.caption(ui.t("tasks.lowest_only", n=LOWEST, total=len(counts)))
    left, right = st.columns(2)
    with left:
        st.subheader(ui.t("tasks.heatmap"))
        rates = ui.view("school_field_rates", f.period, tuple(lowest["unit_code"]))
        figure = (
            heatmap(
                rates,
                rows="unit_name",
                columns="field",
                value="completion_rate",
                title="",
                row_order=lowest["unit_name"].tolist(),
                column_order=fields.codes(),
                locale=f.lang,
            )
            if len(rates)
            else ui.empty("empty.period")
        )
        ui.chart(figure, "tasks-heatmap")
    with right:
        st.subheader(ui.t("tasks.statuses"))
        names = {s: ui.t(f"status.{s}") for s in TASK_STATUSES}
        figure = (
            status_stack(lowest, label="unit_name", counts=names, title="", locale=f.lang)
            if len(lowest)
            else (ui.empty("empty.period"))
        )
        ui.open_school_on_click(ui.chart(figure, "tasks-status", select=True))

    st.subheader(ui.t("tasks.overdue"))
    late = ui.with_task_texts(ui.view("overdue_list", f.period), f.period)
    if late.empty:
        st.success(ui.t("tasks.no_overdue"))
    else:
        pick_field, pick_school = st.columns(2)
        chosen_fields = pick_field.multiselect(
            ui.t("col.field"),
            fields.codes(),
            format_func=lambda c: fields[c].name,
            key="overdue-fields",
            placeholder=ui.t("widget.all"),
        )
        chosen_schools = pick_school.multiselect(
            ui.t("col.school"),
            sorted(late["unit_name"].dropna().unique()),
            key="overdue-schools",
            placeholder=ui.t("widget.all"),
        )
        if chosen_fields:
            late = late.loc[late["field"].isin(chosen_fields)]
        if chosen_schools:
            late = late.loc[late["unit_name"].isin(chosen_schools)]
        table = late.assign(status=late["status"].map(lambda s: ui.t(f"status.{s}")))
        st.caption(ui.t("tasks.overdue_count", n=len(table)))
        st.dataframe(
            table[["unit_name", "field_name", "content", "plan", "deadline", "status", "days_late"]],
            hide_index=True,
            width="stretch",
            column_config={
                "unit_name": ui.t("col.school"),
                "field_name": ui.t("col.field"),
                "content": ui.t("col.task"),
                "plan": ui.t("col.plan"),
                "status": ui.t("col.status"),
                "deadline": st.column_config.DateColumn(ui.t("col.deadline"), format="DD/MM/YYYY"),
                "days_late": st.column_config.NumberColumn(ui.t("col.days_late"), format="%d"),
            },
        )
