"""Chỉ tiêu: each catalog indicator against its target, pooled and per school, and over quarters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.catalogs import default_catalogs
from figures.charts import indicator_bars, trend_lines
from pages import _shared as ui

ui.allow(*ui.EVERYONE)
st.title(ui.t("nav.indicators"))
if not ui.no_data():
    f = ui.filters()
    st.caption(ui.scope_caption())
    catalog = default_catalogs().indicators
    pooled = ui.view("indicator_table", f.period)
    rates = pooled.loc[pooled["kind"].eq("rate")]
    st.subheader(ui.t("indicators.own" if ui.user().own_unit else "indicators.pooled"))  # a clerk sees one school
    ui.chart(
        indicator_bars(
            rates,
            label="name",
            value="value",
            target="target",
            met="met",
            title="",
            value_title=ui.t("indicators.value"),
            locale=f.lang,
        ),
        "indicators-pooled",
    )
    ui.table_downloads(("chi-tieu",), "chi-tieu")

    def met_text(met: object) -> str:
        return "–" if pd.isna(met) else ui.t("indicators.met" if met else "indicators.not_met")

    table = pooled.assign(
        value_text=[
            ui.pct(v) if k == "rate" else ui.num(v) for v, k in zip(pooled["value"], pooled["kind"], strict=True)
        ],
        target_text=[
            "–" if pd.isna(tg) else (ui.pct(tg, 0) if k == "rate" else ui.num(tg))
            for tg, k in zip(pooled["target"], pooled["kind"], strict=True)
        ],
        met_text=pooled["met"].map(met_text),
    )
    st.dataframe(
        table[["name", "value_text", "target_text", "met_text", "schools", "schools_met", "schools_not_met"]],
        hide_index=True,
        width="stretch",
        column_config={
            "name": ui.t("col.indicator"),
            "value_text": ui.t("indicators.value"),
            "target_text": ui.t("col.target"),
            "met_text": ui.t("col.result"),
            "schools": ui.t("col.schools"),
            "schools_met": ui.t("col.met"),
            "schools_not_met": ui.t("col.not_met"),
        },
    )

    st.subheader(ui.t("indicators.by_school"))
    code = st.selectbox(ui.t("col.indicator"), catalog.codes(), format_func=lambda c: catalog[c].name, key="ind")
    per_school = ui.view("indicator_by_school", f.period)
    mine = per_school.loc[per_school["code"].eq(code)].sort_values("value", ascending=False)
    indicator = catalog[code]
    left, right = st.columns([3, 2])
    with left:
        shown = ui.ends_of_ranking(mine)
        figure = (
            indicator_bars(
                shown,
                label="unit_name",
                value="value",
                target="target",
                met="met",
                title="",
                value_title=ui.t("indicators.value"),
                percent=indicator.is_rate,
                locale=f.lang,
            )
            if len(shown)
            else ui.empty("empty.period")
        )
        ui.chart(figure, "indicators-school")
    with right:
        trend = ui.view("indicator_trend")
        trend = trend.loc[trend["code"].eq(code)].assign(label=lambda d: d["period"].map(ui.quarter))
        ui.chart(
            trend_lines(
                trend,
                x="label",
                series={"value": indicator.name},
                title=ui.t("indicators.trend"),
                percent=indicator.is_rate,
                locale=f.lang,
            ),
            "indicators-trend",
        )
        if indicator.target is not None:
            met = int(mine["met"].eq(True).sum())
            st.metric(ui.t("indicators.schools_meeting"), f"{met}/{int(mine['value'].notna().sum())}")
