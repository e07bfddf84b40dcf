"""Điểm CCHC: self-assessed vs appraised points by field, each school's score and rank, gaps to the maximum."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.charts import grouped_bars, ranked_bars
from pages import _shared as ui

SHOW_ALL_UP_TO = 40

st.title(ui.t("nav.par"))
if not ui.no_data():
    f = ui.filters()
    st.caption(ui.scope_caption())
    by_field = ui.view("par_field_table", f.period)
    st.subheader(ui.t("par.by_field"))
    st.caption(ui.t("par.by_field_note"))
    ui.chart(
        grouped_bars(
            by_field,
            category="name",
            series={
                "self_score": ui.t("par.self"),
                "appraised_score": ui.t("par.appraised"),
                "score": ui.t("par.final"),
            },
            title="",
            orientation="h",
            locale=f.lang,
        ),
        "par-fields",
    )
    st.dataframe(
        by_field[["name", "max_points", "self_points", "points", "gap", "score"]],
        hide_index=True,
        width="stretch",
        column_config={
            "name": ui.t("col.field"),
            "max_points": st.column_config.NumberColumn(ui.t("par.max_points"), format="%.1f"),
            "self_points": st.column_config.NumberColumn(ui.t("par.self_points"), format="%.1f"),
            "points": st.column_config.NumberColumn(ui.t("par.points"), format="%.1f"),
            "gap": st.column_config.NumberColumn(ui.t("par.gap"), format="%.1f"),
            "score": st.column_config.ProgressColumn(ui.t("par.final"), format="%.1f %%", min_value=0, max_value=100),
        },
    )

    st.subheader(ui.t("par.ranking"))
    scores = ui.view("par_school_table", f.period)
    if scores.empty:
        st.info(ui.t("par.none"))
    else:
        shown = scores if len(scores) <= SHOW_ALL_UP_TO else pd.concat([scores.head(20), scores.tail(20)])
        if len(scores) > SHOW_ALL_UP_TO:
            st.caption(ui.t("overview.ranking_cut", n=len(scores)))
        figure = ranked_bars(
            shown,
            label="unit_name",
            value="score",
            title="",
            value_title=ui.t("metric.par_score"),
            rank_text="rank_label",
            locale=f.lang,
        )
        ui.open_school_on_click(ui.chart(figure, "par-ranking", select=True))
        st.dataframe(
            scores[["rank_label", "unit_code", "unit_name", "points", "max_points", "score"]],
            hide_index=True,
            width="stretch",
            column_config={
                "rank_label": ui.t("col.rank"),
                "unit_code": ui.t("col.code"),
                "unit_name": ui.t("col.school"),
                "points": st.column_config.NumberColumn(ui.t("par.points"), format="%.2f"),
                "max_points": st.column_config.NumberColumn(ui.t("par.max_points"), format="%.0f"),
                "score": st.column_config.NumberColumn(ui.t("metric.par_score"), format="%.2f"),
            },
        )
