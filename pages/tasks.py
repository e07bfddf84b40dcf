"""Nhiệm vụ CCHC: completion and on-time rates by PAR field, school × field, statuses, overdue tasks."""

from __future__ import annotations

import streamlit as st

from core.catalogs import default_catalogs
from core.vocabulary import TASK_STATUSES
from figures.charts import grouped_bars, heatmap, status_stack
from metrics import views
from pages.ui import auth, scope, widgets
from pages.ui.words import t

LOWEST = 30  # schools shown in the heatmap and the status bars: those with the lowest completion

auth.allow_page(__file__)
st.title(t("nav.tasks"))
if not widgets.no_data():
    f = scope.filters()
    st.caption(widgets.scope_caption())
    fields = default_catalogs().par_fields
    by_field = scope.view(views.field_table, f.period).assign(
        name=lambda d: d["field"].map({x.code: x.name for x in fields})
    )
    st.subheader(t("tasks.by_field"))
    widgets.chart(
        grouped_bars(
            by_field,
            category="name",
            series={"completion_rate": t("metric.completion_rate"), "on_time_rate": t("metric.on_time_rate")},
            title="",
            orientation="h",
            locale=f.lang,
        ),
        "tasks-fields",
    )
    widgets.table_downloads(("theo-linh-vuc",), "linh-vuc")

    counts = scope.view(views.status_counts, f.period).sort_values(["completion_rate", "unit_code"])
    lowest = counts.head(LOWEST)
    if len(counts) > LOWEST:
        st.caption(t("tasks.lowest_only", n=LOWEST, total=len(counts)))
    left, right = st.columns(2)
    with left:
        st.subheader(t("tasks.heatmap"))
        rates = scope.view(views.school_field_rates, f.period, tuple(lowest["unit_code"]))
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
            else widgets.empty("empty.period")
        )
        widgets.chart(figure, "tasks-heatmap")
    with right:
        st.subheader(t("tasks.statuses"))
        names = {s: t(f"status.{s}") for s in TASK_STATUSES}
        figure = (
            status_stack(lowest, label="unit_name", counts=names, title="", locale=f.lang)
            if len(lowest)
            else (widgets.empty("empty.period"))
        )
        widgets.open_school_on_click(widgets.chart(figure, "tasks-status", select=True))

    st.subheader(t("tasks.overdue"))
    late = scope.with_task_texts(scope.view(views.overdue_list, f.period), f.period)
    if late.empty:
        st.success(t("tasks.no_overdue"))
    else:
        pick_field, pick_school = st.columns(2)
        chosen_fields = pick_field.multiselect(
            t("col.field"),
            fields.codes(),
            format_func=lambda c: fields[c].name,
            key="overdue-fields",
            placeholder=t("widget.all"),
        )
        chosen_schools = pick_school.multiselect(
            t("col.school"),
            sorted(late["unit_name"].dropna().unique()),
            key="overdue-schools",
            placeholder=t("widget.all"),
        )
        if chosen_fields:
            late = late.loc[late["field"].isin(chosen_fields)]
        if chosen_schools:
            late = late.loc[late["unit_name"].isin(chosen_schools)]
        table = late.assign(status=late["status"].map(lambda s: t(f"status.{s}")))
        st.caption(t("tasks.overdue_count", n=len(table)))
        st.dataframe(
            table[["unit_name", "field_name", "content", "plan", "deadline", "status", "days_late"]],
            hide_index=True,
            width="stretch",
            column_config={
                "unit_name": t("col.school"),
                "field_name": t("col.field"),
                "content": t("col.task"),
                "plan": t("col.plan"),
                "status": t("col.status"),
                "deadline": st.column_config.DateColumn(t("col.deadline"), format="DD/MM/YYYY"),
                "days_late": st.column_config.NumberColumn(t("col.days_late"), format="%d"),
            },
        )
