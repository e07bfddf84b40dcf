"""Tổng quan: the period's headline figures, the schools ranked, the trend, what needs attention."""

from __future__ import annotations

import streamlit as st

from core.catalogs import default_catalogs
from core.periods import is_span
from core.permissions import own_unit, own_ward
from figures.charts import heatmap, ranked_bars, trend_lines
from metrics import views
from metrics.plan_completion import pooled
from metrics.views import headline_from_trend
from pages.ui import auth, scope, widgets, words
from pages.ui.words import t


def compare_wards() -> None:
    """The wards side by side (an unscoped office account, all wards shown): their ranking and a ward ×
    indicator heatmap; a click on a ward narrows every page to it (the sidebar's ward)."""
    f = scope.filters()
    wards = scope.view(views.ward_table, f.period)
    if len(wards) < 2:
        return
    st.subheader(t("wards.compare"))
    st.caption(t("wards.click_to_narrow"))
    left, right = st.columns([2, 3])
    with left:
        figure = ranked_bars(
            wards,
            label="ward",
            value="completion_rate",
            key="ward",
            title="",
            value_title=t("metric.completion_rate"),
            rank_text="rank_label",
            locale=f.lang,
        )
        widgets.narrow_to_ward_on_click(widgets.chart(figure, "overview-wards", select=True))
    with right:
        met = scope.view(views.ward_indicators, f.period)
        names = {i.code: i.name for i in default_catalogs().indicators}
        figure = heatmap(
            met,
            rows="ward",
            columns="code",
            value="met_share",
            title="",
            row_order=wards["ward"].tolist(),
            column_labels=names,
            row_title=t("col.ward"),
            column_title=t("col.indicator"),
            value_title=t("wards.met_share"),
            locale=f.lang,
            empty_message=t("empty.period"),
        )
        widgets.narrow_to_ward_on_click(widgets.chart(figure, "overview-ward-indicators", select=True))
    table = wards.drop(columns=["rank"])
    for column in table.columns:  # numbers as the language writes them: 77,8 and 1.234 in Vietnamese
        if column.endswith(("_rate", "satisfaction", "par_score")):
            table[column] = words.nums(table[column], 1)
        elif column not in ("ward", "rank_label"):
            table[column] = words.nums(table[column])
    st.dataframe(table.rename(columns={c: t(f"wards.col.{c}") for c in table.columns}), hide_index=True,
                 width="stretch")  # fmt: skip


auth.allow_page(__file__)
st.title(t("nav.overview"))
if not widgets.no_data():
    f = scope.filters()
    st.caption(widgets.scope_caption())
    trend = scope.view(views.trend)  # every quarter's pooled figures: the headline and the trend chart share it
    if is_span(f.period):  # six months, nine months, the year: their own figures (and the same span before)
        head = headline_from_trend(scope.view(views.trend, tuple(p for p in (f.period, f.compare) if p)),
                                   f.period, f.compare)  # fmt: skip
    else:
        head = headline_from_trend(trend, f.period, f.compare)

    def metric(column, key: str, *, percent: bool = True, inverse: bool = False) -> None:
        value, delta = head.values[key], head.deltas[key]
        shown = words.pct(value) if percent else words.num(value)
        # A change of a rate is in percentage points, written as the language writes numbers.
        points = f"{words.signed(delta)} {t('unit.percentage_points')}" if delta is not None else None
        change = None if delta is None else (points if percent else f"{delta:+d}")
        column.metric(t(f"metric.{key}"), shown, change, delta_color="inverse" if inverse else "normal")

    row1 = st.columns(5)
    metric(row1[0], "submission_rate")
    metric(row1[1], "submission_on_time_rate")
    metric(row1[2], "completion_rate")
    # Σ done / Σ due over the units in the sidebar's scope that have a plan for the year.
    in_scope = set(scope.view(views.school_table, f.period)["unit_code"])
    plans = scope.plan_completion(f.period)
    row1[3].metric(t("metric.plan_completion"), words.pct(pooled(plans.loc[plans["unit_code"].isin(in_scope)])))
    metric(row1[4], "on_time_rate")
    row2 = st.columns(4)
    metric(row2[0], "overdue", percent=False, inverse=True)
    metric(row2[1], "satisfaction")
    metric(row2[2], "par_score")
    reported = "metric.reported_span" if is_span(f.period) else "metric.reported"  # a span counts unit-quarters
    row2[3].metric(t(reported), f"{head.submission['submitted']}/{head.submission['expected']}", None)

    schools = scope.view(views.school_table, f.period)
    ranked = schools.loc[schools["completion_rate"].notna()]
    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("overview.ranking"))
        shown = widgets.ends_of_ranking(ranked)
        figure = (
            ranked_bars(
                shown,
                label="unit_name",
                value="completion_rate",
                title="",
                value_title=t("metric.completion_rate"),
                rank_text="rank_label",
                locale=f.lang,
            )
            if len(shown)
            else widgets.empty("empty.period")
        )
        widgets.open_school_on_click(widgets.chart(figure, "overview-ranking", select=True))
        widgets.table_downloads(("theo-don-vi",), "xep-hang-don-vi")
    with right:
        st.subheader(t("overview.trend"))
        trend = trend.assign(label=lambda d: d["period"].map(words.quarter))
        widgets.chart(
            trend_lines(
                trend,
                x="label",
                series={
                    k: t(f"metric.{k}") for k in ("completion_rate", "on_time_rate", "submission_rate", "satisfaction")
                },
                title="",
                locale=f.lang,
            ),
            "overview-trend",
        )

    me = auth.user()
    if not f.ward and not own_unit(me) and not own_ward(me):
        compare_wards()

    st.subheader(t("overview.attention"))
    if not is_span(f.period):  # the follow-up list is a quarter's
        flags = scope.quality(f.period)
        waiting = int((flags["state"].eq("open") & flags["unit_code"].isin(scope.scoped_units())).sum())
        st.page_link("pages/quality.py", label=t("overview.quality_open", n=waiting), icon=":material/rule:")
    a, b, c = st.columns(3)
    with a:
        st.markdown(f"**{t('overview.not_reported')}**")
        missing = schools.loc[~schools["reported"].astype(bool), ["unit_code", "unit_name"]]
        if missing.empty:
            st.success(t("overview.all_reported"))
        else:
            st.dataframe(
                missing.rename(columns={"unit_code": t("col.code"), "unit_name": t("col.school")}),
                hide_index=True,
                width="stretch",
            )
    with b:
        st.markdown(f"**{t('overview.most_overdue')}**")
        late = schools.loc[schools["overdue"].fillna(0) > 0].sort_values("overdue", ascending=False).head(5)
        st.dataframe(
            late[["unit_name", "overdue"]].rename(columns={"unit_name": t("col.school"), "overdue": t("col.overdue")}),
            hide_index=True,
            width="stretch",
        )
    with c:
        st.markdown(f"**{t('overview.missed_indicators')}**")
        missed = scope.view(views.missed_indicators, f.period).head(5)
        names = {i.code: i.name for i in default_catalogs().indicators}
        st.dataframe(
            missed.assign(name=missed["code"].map(names))[["name", "not_met", "units"]].rename(
                columns={"name": t("col.indicator"), "not_met": t("col.not_met"), "units": t("col.schools")}
            ),
            hide_index=True,
            width="stretch",
        )
