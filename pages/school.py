"""Đơn vị: one school's figures over all quarters, its tasks, indicators, satisfaction and submissions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.periods import is_span
from core.permissions import own_unit
from core.settings import database_url
from figures.charts import diverging_levels, trend_lines
from metrics import views
from metrics.views import LEVEL_KEYS
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.flags import item_name, shown_value
from pages.ui.words import t
from storage.submissions import submission_history


def _own_flags(code: str, period: str) -> None:
    """The school's own data-quality flags of the quarter, with their state (pages/quality.py for the rest)."""
    flags = scope.quality(period)
    mine = flags.loc[flags["unit_code"].eq(code).to_numpy()]
    if mine.empty:
        return
    st.markdown(f"**{t('quality.school_title', quarter=words.quarter(period), n=len(mine))}**")
    st.dataframe(
        pd.DataFrame({
            t("quality.col.kind"): mine["kind"].map(lambda k: t(f"quality.label.{k}")),
            t("quality.col.item"): mine["item"].map(item_name),
            t("quality.col.value"): [shown_value(i, v) for i, v in zip(mine["item"], mine["value"], strict=True)],
            t("quality.col.state"): mine["state"].map(lambda s: t(f"quality.state.{s}")),
        }),
        hide_index=True,
        width="stretch",
    )  # fmt: skip
    st.page_link("pages/quality.py", label=t("quality.open_page"), icon=":material/rule:")


me = auth.allow_page(__file__)
st.title(t("nav.school"))
if not widgets.no_data():
    f = scope.filters()
    units = scope.frames().units.sort_values("unit_code")
    names = dict(zip(units["unit_code"], units["unit_name"], strict=True))
    code = widgets.url_select(t("col.school"), list(names), "unit", lambda c: f"{names[c]} ({c})")
    st.caption(widgets.scope_caption())
    table = scope.view(views.school_table, f.period, scoped=False)
    row = table.loc[table["unit_code"].eq(code)]
    if row.empty:
        st.info(t("school.not_expected", quarter=words.quarter(f.period)))
    elif not bool(row["reported"].iloc[0]):
        st.warning(t("school.not_reported", quarter=words.quarter(f.period)))
    else:
        r = row.iloc[0]
        cols = st.columns(5 if own_unit(me) else 6)  # a clerk's data is their school only: no rank to show
        plans = scope.plan_completion(f.period)
        mine = plans.loc[plans["unit_code"].eq(code), "plan_completion"]
        cols[0].metric(t("metric.completion_rate"), words.pct(r["completion_rate"]))
        cols[1].metric(t("metric.plan_completion"), words.pct(mine.iloc[0] if len(mine) else None))
        cols[2].metric(t("metric.on_time_rate"), words.pct(r["on_time_rate"]))
        cols[3].metric(t("metric.overdue"), words.num(r["overdue"]))
        cols[4].metric(t("metric.satisfaction"), words.pct(r["satisfaction"]))
        if not own_unit(me):
            cols[5].metric(t("col.rank"), r["rank_label"] or "–")

    history = scope.view(views.unit_history, code, scoped=False).assign(label=lambda d: d["period"].map(words.quarter))
    st.subheader(t("school.history"))
    widgets.chart(
        trend_lines(
            history,
            x="label",
            series={k: t(f"metric.{k}") for k in ("completion_rate", "on_time_rate", "satisfaction", "par_score")},
            title="",
            locale=f.lang,
        ),
        "school-history",
    )

    tasks_tab, indicators_tab, satisfaction_tab, submissions_tab = st.tabs(
        [t("nav.tasks"), t("nav.indicators"), t("nav.satisfaction"), t("school.submissions")]
    )
    with tasks_tab:
        tasks = scope.with_task_texts(scope.view(views.unit_tasks, code, f.period, scoped=False), f.period)
        st.dataframe(
            tasks.assign(status=tasks["status"].map(lambda s: t(f"status.{s}")))[
                ["field_name", "content", "plan", "deadline", "status", "done_on", "overdue"]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "field_name": t("col.field"),
                "content": t("col.task"),
                "plan": t("col.plan"),
                "deadline": st.column_config.DateColumn(t("col.deadline"), format="DD/MM/YYYY"),
                "status": t("col.status"),
                "done_on": st.column_config.DateColumn(t("col.done_on"), format="DD/MM/YYYY"),
                "overdue": st.column_config.CheckboxColumn(t("col.overdue")),
            },
        )
        follow_up = scope.continuity(f.period)
        follow_up = follow_up.loc[follow_up["unit_code"].eq(code)]
        if len(follow_up):
            st.markdown(f"**{t('continuity.title', quarter=words.quarter(f.period))}**")
            widgets.continuity_table(follow_up)
        if not is_span(f.period):
            _own_flags(code, f.period)
    with indicators_tab:
        indicators = scope.view(views.unit_indicators, code, f.period, scoped=False)
        st.dataframe(
            indicators.assign(
                met=indicators["met"].map(
                    lambda m: "–" if pd.isna(m) else t("indicators.met" if m else "indicators.not_met")
                )
            )[["name", "result", "total", "value", "target", "met"]],
            hide_index=True,
            width="stretch",
            column_config={
                "name": t("col.indicator"),
                "result": t("col.result_value"),
                "total": t("col.total"),
                "value": st.column_config.NumberColumn(t("indicators.value"), format="%.1f"),
                "target": st.column_config.NumberColumn(t("col.target"), format="%.0f"),
                "met": t("col.result"),
            },
        )
    with satisfaction_tab:
        factors = scope.view(views.unit_dimensions, code, f.period, scoped=False).dropna(subset=["pct"])
        levels = {key: t(f"level.{key}") for key in LEVEL_KEYS}
        figure = (
            diverging_levels(
                factors,
                label="name",
                shares=levels,
                answers="answers",
                title="",
                small_sample=30,
                small_note=t("satisfaction.small"),
                locale=f.lang,
            )
            if len(factors)
            else widgets.empty("empty.period")
        )
        widgets.chart(figure, "school-satisfaction")
    with submissions_tab:
        submissions = submission_history(cache.engine(database_url()), code)
        st.dataframe(
            pd.DataFrame(
                {
                    t("col.quarter"): [words.quarter(s["period"]) for s in submissions],
                    t("col.received"): [words.moment(s["received_at"]) for s in submissions],
                    t("col.file"): [s["file_name"] for s in submissions],
                    t("col.state"): [
                        t("school.current" if s["is_current"] else "school.replaced") for s in submissions
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )
