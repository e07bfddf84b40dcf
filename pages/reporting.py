"""Tình hình nộp báo cáo: expected vs submitted vs on time per quarter, who is missing, a reminder to send."""

from __future__ import annotations

import streamlit as st

from core import formatting as fmt
from core.periods import is_span, quarters_of
from figures.charts import reporting_bars
from metrics import views
from metrics.reporting import deadline_for
from pages.ui import auth, scope, widgets, words
from pages.ui.words import t

auth.allow_page(__file__)
st.title(t("nav.reporting"))
if not widgets.no_data():
    f = scope.filters()
    st.caption(widgets.scope_caption())
    by_period = scope.view(views.reporting_by_period, tuple(scope.periods())).assign(
        label=lambda d: d["period"].map(words.quarter)
    )
    widgets.chart(
        reporting_bars(
            by_period,
            label="label",
            expected="expected",
            submitted="submitted",
            on_time="on_time",
            names={k: t(f"reporting.{k}") for k in ("expected", "submitted", "on_time")},
            title="",
            locale=f.lang,
        ),
        "reporting-periods",
    )
    widgets.table_downloads(("nop-bao-cao",), "nop-bao-cao")

    status = scope.view(views.reporting_status, f.period)
    submitted = int(status["submitted"].sum())
    on_time = int(status["on_time"].sum())
    a, b, c = st.columns(3)
    a.metric(t("reporting.expected"), len(status))
    b.metric(t("reporting.submitted"), f"{submitted}/{len(status)}")
    c.metric(t("reporting.on_time"), f"{on_time}/{len(status)}")

    # Six months, nine months or the year: one row per unit and quarter, each with its quarter's deadline.
    over_quarters = is_span(f.period)
    status = status.assign(quarter_label=status["quarter"].map(words.quarter))
    which = ["quarter_label"] if over_quarters else []
    deadline = max(status["deadline"]) if len(status) else deadline_for(quarters_of(f.period)[-1])
    missing = status.loc[~status["submitted"].astype(bool)]
    st.subheader(t("reporting.missing", quarter=words.quarter(f.period)))
    if missing.empty:
        st.success(t("overview.all_reported"))
    else:
        st.dataframe(
            missing[["unit_code", "unit_name", "ward", *which]],
            hide_index=True,
            width="stretch",
            column_config={
                "unit_code": t("col.code"),
                "unit_name": t("col.school"),
                "ward": t("col.ward"),
                "quarter_label": t("col.quarter"),
            },
        )
        st.markdown(f"**{t('reporting.reminder')}**")
        names = "\n".join(
            f"- {row.unit_name} ({row.unit_code})" + (f": {row.quarter_label}" if over_quarters else "")
            for row in missing.itertuples()
        )
        st.code(
            t("reporting.reminder_text", quarter=words.quarter(f.period), deadline=fmt.day(deadline), schools=names),
            language=None,
            wrap_lines=True,
        )

    late = status.loc[status["submitted"].astype(bool) & ~status["on_time"].astype(bool)]
    if not late.empty:
        st.subheader(t("reporting.late_span") if over_quarters else t("reporting.late", deadline=fmt.day(deadline)))
        st.dataframe(
            late.sort_values("days_late", ascending=False)[
                ["unit_code", "unit_name", *which, "first_received_at", "days_late"]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "unit_code": t("col.code"),
                "unit_name": t("col.school"),
                "quarter_label": t("col.quarter"),
                "first_received_at": st.column_config.DatetimeColumn(t("col.received"), format="DD/MM/YYYY HH:mm"),
                "days_late": st.column_config.NumberColumn(t("col.days_late"), format="%d"),
            },
        )

    st.subheader(t("continuity.title", quarter=words.quarter(f.period)))
    st.caption(t("continuity.help"))
    names = dict(zip(status["unit_code"], status["unit_name"], strict=True))  # over a span, one per unit
    widgets.continuity_table(scope.continuity(f.period), names)
