"""Chỉ tiêu: each catalog indicator against its target, pooled and per school, and over quarters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.catalogs import default_catalogs
from core.permissions import own_unit
from figures.charts import indicator_bars, trend_lines
from metrics import views
from pages.ui import auth, scope, widgets, words
from pages.ui.words import t

auth.allow_page(__file__)
st.title(t("nav.indicators"))
if not widgets.no_data():
    f = scope.filters()
    st.caption(widgets.scope_caption())
    catalog = default_catalogs().indicators
    pooled = scope.view(views.indicator_table, f.period)
    rates = pooled.loc[pooled["kind"].eq("rate")]
    st.subheader(t("indicators.own" if own_unit(auth.user()) else "indicators.pooled"))  # a clerk sees one school
    widgets.chart(
        indicator_bars(
            rates,
            label="name",
            value="value",
            target="target",
            met="met",
            title="",
            value_title=t("indicators.value"),
            locale=f.lang,
        ),
        "indicators-pooled",
    )
    widgets.table_downloads(("chi-tieu",), "chi-tieu")

    def met_text(met: object) -> str:
        return "–" if pd.isna(met) else t("indicators.met" if met else "indicators.not_met")

    table = pooled.assign(
        value_text=[
            words.pct(v) if k == "rate" else words.num(v) for v, k in zip(pooled["value"], pooled["kind"], strict=True)
        ],
        target_text=[
            "–" if pd.isna(tg) else (words.pct(tg, 0) if k == "rate" else words.num(tg))
            for tg, k in zip(pooled["target"], pooled["kind"], strict=True)
        ],
        met_text=pooled["met"].map(met_text),
    )
    st.dataframe(
        table[["name", "value_text", "target_text", "met_text", "schools", "schools_met", "schools_not_met"]],
        hide_index=True,
        width="stretch",
        column_config={
            "name": t("col.indicator"),
            "value_text": t("indicators.value"),
            "target_text": t("col.target"),
            "met_text": t("col.result"),
            "schools": t("col.schools"),
            "schools_met": t("col.met"),
            "schools_not_met": t("col.not_met"),
        },
    )

    st.subheader(t("indicators.by_school"))
    code = st.selectbox(t("col.indicator"), catalog.codes(), format_func=lambda c: catalog[c].name, key="ind")
    per_school = scope.view(views.indicator_by_school, f.period)
    mine = per_school.loc[per_school["code"].eq(code)].sort_values("value", ascending=False)
    indicator = catalog[code]
    left, right = st.columns([3, 2])
    with left:
        shown = widgets.ends_of_ranking(mine)
        figure = (
            indicator_bars(
                shown,
                label="unit_name",
                value="value",
                target="target",
                met="met",
                title="",
                value_title=t("indicators.value"),
                percent=indicator.is_rate,
                locale=f.lang,
            )
            if len(shown)
            else widgets.empty("empty.period")
        )
        widgets.chart(figure, "indicators-school")
    with right:
        trend = scope.view(views.indicator_trend)
        trend = trend.loc[trend["code"].eq(code)].assign(label=lambda d: d["period"].map(words.quarter))
        widgets.chart(
            trend_lines(
                trend,
                x="label",
                series={"value": indicator.name},
                title=t("indicators.trend"),
                percent=indicator.is_rate,
                locale=f.lang,
            ),
            "indicators-trend",
        )
        if indicator.target is not None:
            met = int(mine["met"].eq(True).sum())
            st.metric(t("indicators.schools_meeting"), f"{met}/{int(mine['value'].notna().sum())}")
