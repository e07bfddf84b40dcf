"""Điểm CCHC: self-assessed vs appraised points by field, each school's score and rank, gaps to the maximum."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.charts import grouped_bars, ranked_bars
from metrics import views
from pages.ui import auth, scope, widgets, words
from pages.ui.words import t

auth.allow_page(__file__)
st.title(t("nav.par"))
if not widgets.no_data():
    f = scope.filters()
    st.caption(widgets.scope_caption())
    by_field = scope.view(views.par_field_table, f.period)
    st.subheader(t("par.by_field"))
    st.caption(t("par.by_field_note"))
    widgets.chart(
        grouped_bars(
            by_field,
            category="name",
            series={
                "self_score": t("par.self"),
                "appraised_score": t("par.appraised"),
                "score": t("par.final"),
            },
            title="",
            orientation="h",
            locale=f.lang,
        ),
        "par-fields",
    )
    widgets.table_downloads(("diem-cchc",), "diem-cchc")
    st.dataframe(
        pd.DataFrame(
            {
                t("col.field"): by_field["name"],
                t("par.max_points"): by_field["max_points"].map(lambda v: words.num(v, 1)),
                t("par.self_points"): by_field["self_points"].map(lambda v: words.num(v, 1)),
                t("par.points"): by_field["points"].map(lambda v: words.num(v, 1)),
                t("par.gap"): by_field["gap"].map(lambda v: words.num(v, 1)),
                t("par.final"): by_field["score"].map(words.pct),
            }
        ),
        hide_index=True,
        width="stretch",
    )

    st.subheader(t("par.ranking"))
    scores = scope.view(views.par_school_table, f.period)
    if scores.empty:
        st.info(t("par.none"))
    else:
        shown = widgets.ends_of_ranking(scores)
        figure = ranked_bars(
            shown,
            label="unit_name",
            value="score",
            title="",
            value_title=t("metric.par_score"),
            rank_text="rank_label",
            locale=f.lang,
        )
        widgets.open_school_on_click(widgets.chart(figure, "par-ranking", select=True))
        st.dataframe(
            pd.DataFrame(
                {
                    t("col.rank"): scores["rank_label"],
                    t("col.code"): scores["unit_code"],
                    t("col.school"): scores["unit_name"],
                    t("par.points"): scores["points"].map(lambda v: words.num(v, 2)),
                    t("par.max_points"): scores["max_points"].map(words.num),
                    t("metric.par_score"): scores["score"].map(lambda v: words.num(v, 2)),
                }
            ),
            hide_index=True,
            width="stretch",
        )
