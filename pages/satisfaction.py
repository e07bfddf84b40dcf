"""Sự hài lòng: the five factors pooled and per school, answers shown, small samples flagged."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from figures.charts import diverging_levels
from metrics.views import LEVEL_KEYS
from pages import _shared as ui

SMALL_SAMPLE = 30  # fewer answers than this for a factor: the school's figure is shaky
LOWEST = 30

ui.allow(*ui.EVERYONE)
st.title(ui.t("nav.satisfaction"))
if not ui.no_data():
    f = ui.filters()
    st.caption(ui.scope_caption())
    levels = {key: ui.t(f"level.{key}") for key in LEVEL_KEYS}
    factors = ui.view("dimension_table", f.period, f.compare)
    st.subheader(ui.t("satisfaction.own" if ui.user().own_unit else "satisfaction.pooled"))  # a clerk sees one school
    ui.chart(
        diverging_levels(
            factors.dropna(subset=["pct"]),
            label="name",
            shares=levels,
            answers="answers",
            title="",
            small_sample=SMALL_SAMPLE,
            small_note=ui.t("satisfaction.small"),
            locale=f.lang,
        ),
        "satisfaction-pooled",
    )
    ui.table_downloads(("hai-long",), "hai-long")
    table = {
        ui.t("col.factor"): factors["name"],
        ui.t("col.answers"): factors["answers"].map(ui.num),
        ui.t("col.satisfied_pct"): factors["pct"].map(ui.pct),
    }
    if f.compare:
        table[ui.quarter(f.compare)] = factors["pct_before"].map(ui.pct)
        table[ui.t("col.change")] = factors["change"].map(ui.signed)
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")

    st.subheader(ui.t("satisfaction.by_school"))
    schools = ui.view("school_satisfaction", f.period).sort_values(["satisfaction", "unit_code"])
    small = schools.loc[schools["answers"] < SMALL_SAMPLE]
    if len(small):
        st.warning(
            ui.t(
                "satisfaction.small_warning",
                n=len(small),
                min=SMALL_SAMPLE,
                schools=", ".join(escape_markdown(name) for name in small["unit_name"].head(10)),
            )
        )
    shown = schools.head(LOWEST)
    if len(schools) > LOWEST:
        st.caption(ui.t("satisfaction.lowest_only", n=LOWEST, total=len(schools)))
    figure = (
        diverging_levels(
            shown,
            label="unit_name",
            shares=levels,
            answers="answers",
            title="",
            small_sample=SMALL_SAMPLE,
            small_note=ui.t("satisfaction.small"),
            locale=f.lang,
        )
        if len(shown)
        else ui.empty("empty.period")
    )
    ui.chart(figure, "satisfaction-schools")
    if f.compare:
        before = ui.view("school_satisfaction", f.compare)[["unit_code", "satisfaction"]]
        change = schools.merge(before, on="unit_code", suffixes=("", "_before"))
        change["change"] = change["satisfaction"] - change["satisfaction_before"]
        falling = change.loc[change["change"] < 0].sort_values("change").head(10)
        st.markdown(f"**{ui.t('satisfaction.falling', quarter=ui.quarter(f.compare))}**")
        if falling.empty:
            st.success(ui.t("satisfaction.none_falling"))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        ui.t("col.school"): falling["unit_name"],
                        ui.quarter(f.compare): falling["satisfaction_before"].map(ui.pct),
                        ui.quarter(f.period): falling["satisfaction"].map(ui.pct),
                        ui.t("col.change"): falling["change"].map(ui.signed),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
