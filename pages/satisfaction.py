"""Sự hài lòng: the five factors pooled and per school, answers shown, small samples flagged."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.escape import escape_markdown
from core.permissions import own_unit
from figures.charts import diverging_levels
from metrics import views
from metrics.views import LEVEL_KEYS
from pages.ui import auth, scope, widgets, words
from pages.ui.words import t

SMALL_SAMPLE = 30  # fewer answers than this for a factor: the school's figure is shaky
LOWEST = 30

auth.allow_page(__file__)
st.title(t("nav.satisfaction"))
if not widgets.no_data():
    f = scope.filters()
    st.caption(widgets.scope_caption())
    levels = {key: t(f"level.{key}") for key in LEVEL_KEYS}
    factors = scope.view(views.dimension_table, f.period, f.compare)
    st.subheader(t("satisfaction.own" if own_unit(auth.user()) else "satisfaction.pooled"))  # a clerk sees one school
    widgets.chart(
        diverging_levels(
            factors.dropna(subset=["pct"]),
            label="name",
            shares=levels,
            answers="answers",
            title="",
            small_sample=SMALL_SAMPLE,
            small_note=t("satisfaction.small"),
            locale=f.lang,
        ),
        "satisfaction-pooled",
    )
    widgets.table_downloads(("hai-long",), "hai-long")
    table = {
        t("col.factor"): factors["name"],
        t("col.answers"): factors["answers"].map(words.num),
        t("col.satisfied_pct"): factors["pct"].map(words.pct),
    }
    if f.compare:
        table[words.quarter(f.compare)] = factors["pct_before"].map(words.pct)
        table[t("col.change")] = factors["change"].map(words.signed)
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")

    st.subheader(t("satisfaction.by_school"))
    schools = scope.view(views.school_satisfaction, f.period).sort_values(["satisfaction", "unit_code"])
    small = schools.loc[schools["answers"] < SMALL_SAMPLE]
    if len(small):
        st.warning(
            t(
                "satisfaction.small_warning",
                n=len(small),
                min=SMALL_SAMPLE,
                schools=", ".join(escape_markdown(name) for name in small["unit_name"].head(10)),
            )
        )
    shown = schools.head(LOWEST)
    if len(schools) > LOWEST:
        st.caption(t("satisfaction.lowest_only", n=LOWEST, total=len(schools)))
    figure = (
        diverging_levels(
            shown,
            label="unit_name",
            shares=levels,
            answers="answers",
            title="",
            small_sample=SMALL_SAMPLE,
            small_note=t("satisfaction.small"),
            locale=f.lang,
        )
        if len(shown)
        else widgets.empty("empty.period")
    )
    widgets.chart(figure, "satisfaction-schools")
    if f.compare:
        before = scope.view(views.school_satisfaction, f.compare)[["unit_code", "satisfaction"]]
        change = schools.merge(before, on="unit_code", suffixes=("", "_before"))
        change["change"] = change["satisfaction"] - change["satisfaction_before"]
        falling = change.loc[change["change"] < 0].sort_values("change").head(10)
        st.markdown(f"**{t('satisfaction.falling', quarter=words.quarter(f.compare))}**")
        if falling.empty:
            st.success(t("satisfaction.none_falling"))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("col.school"): falling["unit_name"],
                        words.quarter(f.compare): falling["satisfaction_before"].map(words.pct),
                        words.quarter(f.period): falling["satisfaction"].map(words.pct),
                        t("col.change"): falling["change"].map(words.signed),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
