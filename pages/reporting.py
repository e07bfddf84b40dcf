"""Tình hình nộp báo cáo: expected vs submitted vs on time per quarter, who is missing, a reminder to send."""

from __future__ import annotations

import streamlit as st

from core import formatting as fmt
from figures.charts import reporting_bars
from metrics.reporting import deadline_for
from pages import _shared as ui

ui.allow(*ui.OFFICE)
st.title(ui.t("nav.reporting"))
if not ui.no_data():
    f = ui.filters()
    st.caption(ui.scope_caption())
    by_period = ui.view("reporting_by_period", tuple(ui.periods())).assign(label=lambda d: d["period"].map(ui.quarter))
    ui.chart(
        reporting_bars(
            by_period,
            label="label",
            expected="expected",
            submitted="submitted",
            on_time="on_time",
            names={k: ui.t(f"reporting.{k}") for k in ("expected", "submitted", "on_time")},
            title="",
            locale=f.lang,
        ),
        "reporting-periods",
    )
    ui.table_downloads(("nop-bao-cao",), "nop-bao-cao")

    status = ui.view("reporting_status", f.period)
    submitted = int(status["submitted"].sum())
    on_time = int(status["on_time"].sum())
    a, b, c = st.columns(3)
    a.metric(ui.t("reporting.expected"), len(status))
    b.metric(ui.t("reporting.submitted"), f"{submitted}/{len(status)}")
    c.metric(ui.t("reporting.on_time"), f"{on_time}/{len(status)}")

    deadline = deadline_for(f.period, ui.frames().quarters)
    missing = status.loc[~status["submitted"].astype(bool)]
    st.subheader(ui.t("reporting.missing", quarter=ui.quarter(f.period)))
    if missing.empty:
        st.success(ui.t("overview.all_reported"))
    else:
        st.dataframe(
            missing[["unit_code", "unit_name", "ward"]],
            hide_index=True,
            width="stretch",
            column_config={"unit_code": ui.t("col.code"), "unit_name": ui.t("col.school"), "ward": ui.t("col.ward")},
        )
        st.markdown(f"**{ui.t('reporting.reminder')}**")
        names = "\n".join(f"- {row.unit_name} ({row.unit_code})" for row in missing.itertuples())
        st.code(
            ui.t("reporting.reminder_text", quarter=ui.quarter(f.period), deadline=fmt.day(deadline), schools=names),
            language=None,
            wrap_lines=True,
        )

    late = status.loc[status["submitted"].astype(bool) & ~status["on_time"].astype(bool)]
    if not late.empty:
        st.subheader(ui.t("reporting.late", deadline=fmt.day(deadline)))
        st.dataframe(
            late.sort_values("days_late", ascending=False)[
                ["unit_code", "unit_name", "first_received_at", "days_late"]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "unit_code": ui.t("col.code"),
                "unit_name": ui.t("col.school"),
                "first_received_at": st.column_config.DatetimeColumn(ui.t("col.received"), format="DD/MM/YYYY HH:mm"),
                "days_late": st.column_config.NumberColumn(ui.t("col.days_late"), format="%d"),
            },
        )
