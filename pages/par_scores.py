"""Điểm CCHC: self-assessed vs appraised points by field, each school's score and rank, gaps to the maximum."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.charts import grouped_bars, ranked_bars
from pages import _shared as ui

ui.allow(*ui.OFFICE)
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
    ui.table_downloads(("diem-cchc",), "diem-cchc")
    st.dataframe(
        pd.DataFrame(
            {
                ui.t("col.field"): by_field["name"],
                ui.t("par.max_points"): by_field["max_points"].map(lambda v: ui.num(v, 1)),
                ui.t("par.self_points"): by_field["self_points"].map(lambda v: ui.num(v, 1)),
                ui.t("par.points"): by_field["points"].map(lambda v: ui.num(v, 1)),
                ui.t("par.gap"): by_field["gap"].map(lambda v: ui.num(v, 1)),
                ui.t("par.final"): by_field["score"].map(ui.pct),
            }
        ),
        hide_index=True,
        width="stretch",
    )

    st.subheader(ui.t("par.ranking"))
    scores = ui.view("par_school_table", f.period)
    if scores.empty:
        st.info(ui.t("par.none"))
    else:
        shown = ui.ends_of_ranking(scores)
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
            pd.DataFrame(
                {
                    ui.t("col.rank"): scores["rank_label"],
                    ui.t("col.code"): scores["unit_code"],
                    ui.t("col.school"): scores["unit_name"],
                    ui.t("par.points"): scores["points"].map(lambda v: ui.num(v, 2)),
                    ui.t("par.max_points"): scores["max_points"].map(ui.num),
                    ui.t("metric.par_score"): scores["score"].map(lambda v: ui.num(v, 2)),
                }
            ),
            hide_index=True,
            width="stretch",
        )
