"""The figure builders: what each figure holds (traces, order, values, colours, axes), read from
fig.data and fig.layout; nothing is rendered."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from pandas.testing import assert_frame_equal

from figures import (
    diverging_levels,
    empty_figure,
    grouped_bars,
    heatmap,
    indicator_bars,
    paired_bars,
    percent_axis,
    ranked_bars,
    reporting_bars,
    status_stack,
    trend_lines,
)
from figures.theme import (
    ACCENT_COLOR,
    BAR_COLOR,
    FONT_FAMILY,
    HEATMAP_COLORSCALE,
    LEVEL_COLORS,
    LEVELS,
    MET_COLORS,
    MISSING_COLOR,
    SERIES_COLORS,
    STATUS_COLORS,
    TEMPLATE_NAME,
    separators,
)

# ----------------------------------------------------------------------------- data


def schools() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": ["MN01", "TH02", "TH03", "CS04"],
            "unit_name": ["Mầm non Hoa Sen", "Tiểu học Kim Đồng", "Tiểu học Lê Lợi", "THCS Nguyễn Du"],
            "completion": [72.5, 91.25, np.nan, 85.0],
            "rank": ["3/4", "1/4", "", "2/4"],
        }
    )


def quarters() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quarter": ["Quý I/2023", "Quý II/2023", "Quý III/2023"],
            "completion": [60.0, np.nan, 80.5],
            "on_time": [50.0, 55.0, 70.0],
        }
    )


def fields() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "field": ["Công tác chỉ đạo", "Cải cách TTHC", "Chuyển đổi số"],
            "completion": [100.0, 75.0, 40.0],
            "on_time": [90.0, np.nan, 20.0],
        }
    )


def cells() -> pd.DataFrame:
    # no TH02 × SO cell: it must stay blank
    return pd.DataFrame(
        {
            "unit_code": ["MN01", "MN01", "TH02", "CS04", "CS04"],
            "field": ["CD", "SO", "CD", "CD", "SO"],
            "pct": [80.0, 40.0, 100.0, 60.0, 20.0],
        }
    )


def statuses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": ["MN01", "TH02"],
            "unit_name": ["Mầm non Hoa Sen", "Tiểu học Kim Đồng"],
            "done": [5, 0],
            "in_progress": [2, 3],
            "not_started": [1, 4],
            "overdue": [0, 2],
        }
    )


def indicators() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Hồ sơ đúng hạn", "Giải quyết trực tuyến", "Phản ánh xử lý"],
            "value": [98.0, 40.0, 75.0],
            "target": [95.0, 50.0, np.nan],
            "met": pd.array([True, False, pd.NA], dtype="boolean"),
        }
    )


LEVEL_COLUMNS = {
    "p_vd": "Rất không hài lòng",
    "p_d": "Không hài lòng",
    "p_n": "Bình thường",
    "p_s": "Hài lòng",
    "p_vs": "Rất hài lòng",
}


def likert() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dimension": ["Tiếp cận dịch vụ", "Cơ sở vật chất", "Kết quả dịch vụ"],
            "answers": [120, 12, 1500],
            "p_vd": [5.0, 10.0, 2.0],
            "p_d": [10.0, 20.0, 3.0],
            "p_n": [20.0, 30.0, 15.0],
            "p_s": [40.0, 25.0, 50.0],
            "p_vs": [25.0, 15.0, 30.0],
        }
    )


def par() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "field": ["Công tác chỉ đạo", "Cải cách TTHC"],
            "self_points": [9.5, 14.0],
            "appraised_points": [9.0, np.nan],
            "max_points": [10.0, 15.0],
        }
    )


def reporting() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quarter": ["Quý I/2023", "Quý II/2023"],
            "expected": [30, 0],
            "submitted": [27, 0],
            "on_time": [24, 0],
        }
    )


# Every builder with the arguments it is called with here; (data, kwargs) pairs.
BUILDERS = {
    "ranked_bars": (
        ranked_bars,
        schools,
        {"label": "unit_name", "value": "completion", "title": "T", "value_title": "V", "rank_text": "rank"},
    ),
    "trend_lines": (
        trend_lines,
        quarters,
        {"x": "quarter", "series": {"completion": "Hoàn thành", "on_time": "Đúng hạn"}, "title": "T"},
    ),
    "grouped_bars": (
        grouped_bars,
        fields,
        {"category": "field", "series": {"completion": "Hoàn thành", "on_time": "Đúng hạn"}, "title": "T"},
    ),
    "heatmap": (heatmap, cells, {"rows": "unit_code", "columns": "field", "value": "pct", "title": "T"}),
    "status_stack": (
        status_stack,
        statuses,
        {"label": "unit_name", "counts": {"done": "Xong", "in_progress": "Đang", "not_started": "Chưa"}, "title": "T"},
    ),
    "indicator_bars": (
        indicator_bars,
        indicators,
        {"label": "name", "value": "value", "target": "target", "met": "met", "title": "T", "value_title": "V"},
    ),
    "diverging_levels": (
        diverging_levels,
        likert,
        {"label": "dimension", "shares": LEVEL_COLUMNS, "answers": "answers", "title": "T", "small_note": "mẫu nhỏ"},
    ),
    "paired_bars": (
        paired_bars,
        par,
        {
            "label": "field",
            "series": {"self_points": "Tự đánh giá", "appraised_points": "Thẩm định"},
            "maximum": "max_points",
            "title": "T",
            "value_title": "Điểm",
        },
    ),
    "reporting_bars": (
        reporting_bars,
        reporting,
        {
            "label": "quarter",
            "expected": "expected",
            "submitted": "submitted",
            "on_time": "on_time",
            "names": {"expected": "Phải nộp", "submitted": "Đã nộp", "on_time": "Đúng hạn"},
            "title": "T",
        },
    ),
}


def build(name: str, **extra):
    builder, data, kwargs = BUILDERS[name]
    return builder(data(), **{**kwargs, **extra})


def bar_colors(trace) -> list[str]:
    """The colour of each bar, whether plotly got one colour, a list, or codes on a stepped colorscale."""
    color = trace.marker.color
    n = len(trace.x if trace.orientation == "h" else trace.y)
    if isinstance(color, str):
        return [color] * n
    scale = trace.marker.colorscale
    if scale is None:
        return list(color)
    lo, hi = trace.marker.cmin, trace.marker.cmax
    out = []
    for code in color:
        position = (code - lo) / (hi - lo)
        out.append(next(c for stop, c in reversed(scale) if stop <= position))
    return out


def nan_equal(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


# ----------------------------------------------------------------------------- every builder


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builder_returns_a_valid_figure_with_the_theme(name):
    fig = build(name, title="Tiêu đề có dấu")
    assert isinstance(fig, go.Figure)
    assert fig.layout.template == pio.templates[TEMPLATE_NAME]
    assert fig.layout.template.layout.font.family == FONT_FAMILY
    assert fig.layout.title.text == "Tiêu đề có dấu"
    assert fig.layout.height >= 240
    go.Figure(fig.to_plotly_json())  # every property passes plotly's validation again
    pio.to_json(fig)  # serialisable as Streamlit sends it


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builder_leaves_its_input_alone(name):
    builder, data, kwargs = BUILDERS[name]
    df = data()
    before = df.copy()
    builder(df, **kwargs)
    assert_frame_equal(df, before)


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("locale", ["vi", "en"])
def test_separators_follow_the_locale(name, locale):
    fig = build(name, locale=locale)
    assert fig.layout.separators == {"vi": ",.", "en": ".,"}[locale]


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("empty", ["no rows", "no columns"])
def test_empty_data_gives_an_empty_figure(name, empty):
    builder, data, kwargs = BUILDERS[name]
    df = data().iloc[0:0] if empty == "no rows" else pd.DataFrame()
    fig = builder(df, **kwargs, empty_message="Chưa có dữ liệu")
    assert isinstance(fig, go.Figure)
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "Chưa có dữ liệu"
    assert fig.layout.xaxis.visible is False
    assert fig.layout.template == pio.templates[TEMPLATE_NAME]
    assert fig.layout.title.text == "T"


def test_unknown_locale_is_refused():
    with pytest.raises(ValueError, match="locale"):
        build("ranked_bars", locale="fr")
    assert separators("vi_VN") == ",."
    assert separators("en-US") == ".,"


def test_empty_figure_has_a_message_and_no_axes():
    fig = empty_figure("Không có dữ liệu")
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "Không có dữ liệu"
    assert fig.layout.annotations[0].showarrow is False
    assert fig.layout.xaxis.visible is False
    assert fig.layout.yaxis.visible is False
    assert fig.layout.template == pio.templates[TEMPLATE_NAME]


# ----------------------------------------------------------------------------- theme


def test_template_is_registered_and_the_palettes_are_complete():
    template = pio.templates[TEMPLATE_NAME]
    assert template.layout.paper_bgcolor == "#ffffff"
    assert template.layout.plot_bgcolor == "#ffffff"
    assert "Noto Sans" in template.layout.font.family
    assert template.layout.font.size >= 12
    assert list(template.layout.colorway) == list(SERIES_COLORS)
    assert set(STATUS_COLORS) == {"done", "in_progress", "not_started", "overdue"}
    assert list(LEVEL_COLORS) == list(LEVELS)
    assert set(MET_COLORS) == {True, False, None}
    assert len(set(MET_COLORS.values())) == 3
    assert HEATMAP_COLORSCALE[0][0] == 0 and HEATMAP_COLORSCALE[-1][0] == 1


@pytest.mark.parametrize(("locale", "suffix"), [(None, " %"), ("vi", " %"), ("en", "%")])
def test_percent_axis(locale, suffix):
    fig = go.Figure(go.Bar(x=[1], y=[50]))
    assert percent_axis(fig, "y", locale=locale) is fig
    assert tuple(fig.layout.yaxis.range) == (0, 100)
    assert fig.layout.yaxis.ticksuffix == suffix
    with pytest.raises(ValueError):
        percent_axis(fig, "z")


def test_percent_axis_keeps_linear_ticks():
    # plotly.js drops ticksuffix on ticks given as tickvals: the ticks must stay linear
    axis = build("ranked_bars").layout.xaxis
    assert axis.tickvals is None
    assert (axis.tick0, axis.dtick) == (0, 20)


def test_legend_and_top_margin_only_where_needed():
    ranked = build("ranked_bars")
    assert ranked.layout.showlegend is False
    likert_fig = build("diverging_levels")
    assert likert_fig.layout.showlegend is True
    assert likert_fig.layout.margin.t > ranked.layout.margin.t
    assert pio.templates[TEMPLATE_NAME].layout.legend.traceorder == "normal"  # not reversed for stacks


def test_percent_axis_follows_the_figure_separators():
    fig = go.Figure(layout={"separators": ".,"})
    assert percent_axis(fig, "x").layout.xaxis.ticksuffix == "%"


# ----------------------------------------------------------------------------- ranked_bars


def test_ranked_bars_highest_at_the_top_nan_last():
    fig = build("ranked_bars")
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    # the y axis is reversed: the first category is drawn at the top
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(bar.y) == ["Tiểu học Kim Đồng", "THCS Nguyễn Du", "Mầm non Hoa Sen", "Tiểu học Lê Lợi"]
    assert nan_equal(bar.x, [91.25, 85.0, 72.5, np.nan])
    assert list(bar.customdata) == ["TH02", "CS04", "MN01", "TH03"]


def test_ranked_bars_text_value_and_rank_with_locale_marks():
    vi = build("ranked_bars").data[0]
    assert list(vi.text) == ["91,2 % · 1/4", "85,0 % · 2/4", "72,5 % · 3/4", ""]
    assert list(vi.hovertext) == ["1/4", "2/4", "3/4", ""]
    en = build("ranked_bars", locale="en", rank_text=None).data[0]
    assert list(en.text) == ["91.2%", "85.0%", "72.5%", ""]
    assert "%{x:,.1f}" in en.hovertemplate


def test_ranked_bars_thousands_and_plain_values():
    df = pd.DataFrame({"unit_code": ["A", "B"], "name": ["a", "b"], "points": [1234.5, 12.0]})
    fig = ranked_bars(df, label="name", value="points", title="T", value_title="Điểm", percent=False)
    assert list(fig.data[0].text) == ["1.234,5", "12,0"]
    assert fig.layout.xaxis.range is None
    assert fig.layout.xaxis.rangemode == "tozero"
    assert fig.layout.xaxis.title.text == "Điểm"


def test_ranked_bars_percent_axis():
    fig = build("ranked_bars")
    assert tuple(fig.layout.xaxis.range) == (0, 100)
    assert fig.layout.xaxis.ticksuffix == " %"
    assert fig.layout.xaxis.title.text == "V"
    assert build("ranked_bars", locale="en").layout.xaxis.ticksuffix == "%"


def test_ranked_bars_highlight_gets_the_accent_colour():
    plain = build("ranked_bars").data[0]
    assert bar_colors(plain) == [BAR_COLOR] * 4
    bar = build("ranked_bars", highlight="MN01").data[0]
    assert bar_colors(bar) == [BAR_COLOR, BAR_COLOR, ACCENT_COLOR, BAR_COLOR]
    assert bar.marker.showscale is False


def test_ranked_bars_without_key_highlights_by_label_and_keeps_order_when_asked():
    fig = build("ranked_bars", key=None, highlight="Tiểu học Lê Lợi", sort=False)
    bar = fig.data[0]
    assert bar.customdata is None
    assert list(bar.y) == list(schools()["unit_name"])
    assert bar_colors(bar) == [BAR_COLOR, BAR_COLOR, ACCENT_COLOR, BAR_COLOR]


def test_ranked_bars_keeps_two_schools_with_one_name_apart():
    df = pd.DataFrame({"unit_code": ["A1", "A2"], "unit_name": ["Tiểu học Kim Đồng"] * 2, "v": [50.0, 60.0]})
    bar = ranked_bars(df, label="unit_name", value="v", title="T", value_title="V").data[0]
    assert list(bar.y) == ["Tiểu học Kim Đồng (A2)", "Tiểu học Kim Đồng (A1)"]


def test_ranked_bars_height_grows_with_the_rows_and_is_capped():
    def df(n):
        return pd.DataFrame({"unit_code": range(n), "name": [f"s{i}" for i in range(n)], "v": np.linspace(0, 100, n)})

    heights = [ranked_bars(df(n), label="name", value="v", title="", value_title="").layout.height for n in (5, 30, 60)]
    assert heights[0] < heights[1] < heights[2]
    assert ranked_bars(df(3500), label="name", value="v", title="", value_title="").layout.height <= 2000


# ----------------------------------------------------------------------------- trend_lines


def test_trend_lines_one_line_per_series_with_gaps():
    fig = build("trend_lines")
    assert [t.type for t in fig.data] == ["scatter", "scatter"]
    assert [t.name for t in fig.data] == ["Hoàn thành", "Đúng hạn"]
    assert all(t.mode == "lines+markers" for t in fig.data)
    completion, on_time = fig.data
    assert list(completion.x) == ["Quý I/2023", "Quý II/2023", "Quý III/2023"]
    assert nan_equal(completion.y, [60.0, np.nan, 80.5])  # a gap, not a zero
    assert completion.connectgaps is False
    assert nan_equal(on_time.y, [50.0, 55.0, 70.0])
    assert completion.line.color == SERIES_COLORS[0] and on_time.line.color == SERIES_COLORS[1]
    assert fig.layout.xaxis.type == "category"
    assert tuple(fig.layout.yaxis.range) == (0, 100) and fig.layout.yaxis.ticksuffix == " %"


def test_trend_lines_without_percent():
    fig = build("trend_lines", percent=False, value_title="Số")
    assert fig.layout.yaxis.range is None
    assert fig.layout.yaxis.title.text == "Số"
    assert "%" not in fig.data[0].hovertemplate.replace("%{", "")


# ----------------------------------------------------------------------------- grouped_bars


def test_grouped_bars_vertical():
    fig = build("grouped_bars")
    assert fig.layout.barmode == "group"
    completion, on_time = fig.data
    assert completion.type == "bar" and completion.orientation == "v"
    assert list(completion.x) == ["Công tác chỉ đạo", "Cải cách TTHC", "Chuyển đổi số"]
    assert nan_equal(completion.y, [100.0, 75.0, 40.0])
    assert nan_equal(on_time.y, [90.0, np.nan, 20.0])
    assert list(on_time.text) == ["90,0", "", "20,0"]
    assert tuple(fig.layout.yaxis.range) == (0, 100)
    assert fig.layout.xaxis.type == "category"


def test_grouped_bars_horizontal_top_down():
    fig = build("grouped_bars", orientation="h", locale="en")
    completion = fig.data[0]
    assert completion.orientation == "h"
    assert list(completion.y) == ["Công tác chỉ đạo", "Cải cách TTHC", "Chuyển đổi số"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert tuple(fig.layout.xaxis.range) == (0, 100) and fig.layout.xaxis.ticksuffix == "%"
    assert list(completion.text) == ["100.0", "75.0", "40.0"]
    with pytest.raises(ValueError):
        build("grouped_bars", orientation="diagonal")


# ----------------------------------------------------------------------------- heatmap


def test_heatmap_pivots_with_blank_missing_cells():
    fig = build("heatmap")
    (hm,) = fig.data
    assert hm.type == "heatmap"
    z = np.asarray(hm.z, dtype=float)
    assert z.shape == (3, 2)
    assert list(hm.y) == ["MN01", "TH02", "CS04"]  # first appearance
    assert list(hm.x) == ["CD", "SO"]
    assert nan_equal(z, [[80, 40], [100, np.nan], [60, 20]])
    assert (hm.zmin, hm.zmax) == (0, 100)
    assert hm.hoverongaps is False
    assert np.asarray(hm.text)[1, 1] == ""
    assert np.asarray(hm.text)[0, 0] == "80"
    assert np.asarray(hm.customdata)[2, 1] == "CS04"
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.plot_bgcolor == MISSING_COLOR  # a blank cell shows as missing, not as a colour


def test_heatmap_orders_labels_and_averages():
    df = pd.concat([cells(), pd.DataFrame({"unit_code": ["MN01"], "field": ["CD"], "pct": [90.0]})])
    fig = heatmap(
        df,
        rows="unit_code",
        columns="field",
        value="pct",
        title="T",
        row_order=["CS04", "XX99", "MN01"],  # TH02 left out, XX99 without data
        column_order=["SO", "CD"],
        row_labels={"CS04": "THCS Nguyễn Du", "MN01": "Mầm non Hoa Sen"},
        text_format=".1f",
        row_title="Trường",
        column_title="Lĩnh vực",
        value_title="Tỷ lệ",
    )
    hm = fig.data[0]
    assert list(hm.y) == ["THCS Nguyễn Du", "XX99", "Mầm non Hoa Sen"]
    assert list(hm.x) == ["SO", "CD"]
    assert nan_equal(hm.z, [[20, 60], [np.nan, np.nan], [40, 85]])
    assert np.asarray(hm.customdata)[:, 0].tolist() == ["CS04", "XX99", "MN01"]
    assert np.asarray(hm.text)[2].tolist() == ["40,0", "85,0"]
    assert "Trường: <b>%{y}</b>" in hm.hovertemplate
    assert "Lĩnh vực: %{x}" in hm.hovertemplate
    assert "Tỷ lệ: %{z:,.1f} %" in hm.hovertemplate


# ----------------------------------------------------------------------------- status_stack


def test_status_stack_segments_in_order_with_status_colours():
    fig = build("status_stack", counts={"done": "Xong", "in_progress": "Đang", "not_started": "Chưa", "overdue": "Trễ"})
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Xong", "Đang", "Chưa", "Trễ"]
    assert [t.marker.color for t in fig.data] == [
        STATUS_COLORS[s] for s in ("done", "in_progress", "not_started", "overdue")
    ]
    done = fig.data[0]
    assert done.orientation == "h"
    assert list(done.y) == ["Mầm non Hoa Sen", "Tiểu học Kim Đồng"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first row on top
    assert list(done.x) == [5, 0]
    assert list(done.text) == ["5", ""]  # no "0" on an empty segment
    assert list(done.customdata) == ["MN01", "TH02"]


# ----------------------------------------------------------------------------- indicator_bars


def test_indicator_bars_coloured_by_met_with_targets():
    fig = build("indicator_bars", target_title="Chỉ tiêu", met_names={True: "Đạt", False: "Chưa đạt"})
    bars, targets, *legend = fig.data
    assert bars.type == "bar" and targets.type == "scatter"
    assert list(bars.y) == ["Hồ sơ đúng hạn", "Giải quyết trực tuyến", "Phản ánh xử lý"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert nan_equal(bars.x, [98.0, 40.0, 75.0])
    assert bar_colors(bars) == [MET_COLORS[True], MET_COLORS[False], MET_COLORS[None]]
    assert nan_equal(targets.x, [95.0, 50.0, np.nan])
    assert list(targets.y) == list(bars.y)
    assert targets.mode == "markers" and targets.marker.symbol == "line-ns-open"
    assert targets.name == "Chỉ tiêu" and targets.showlegend is True
    assert list(bars.hovertext) == ["Chỉ tiêu: 95,0 %", "Chỉ tiêu: 50,0 %", ""]
    assert "V: %{x:,.1f} %" in bars.hovertemplate
    assert [t.name for t in legend] == ["Đạt", "Chưa đạt"]
    assert [t.marker.color for t in legend] == [MET_COLORS[True], MET_COLORS[False]]
    assert tuple(fig.layout.xaxis.range) == (0, 100)


def test_indicator_bars_met_from_plain_objects():
    df = pd.DataFrame(
        {"n": ["a", "b", "c", "d"], "v": [1, 2, 3, 4], "t": [1, 1, 1, 1], "m": [False, None, True, np.nan]}
    )
    fig = indicator_bars(df, label="n", value="v", target="t", met="m", title="T", value_title="V", percent=False)
    assert bar_colors(fig.data[0]) == [MET_COLORS[False], MET_COLORS[None], MET_COLORS[True], MET_COLORS[None]]
    assert fig.data[1].showlegend is False  # no target_title, no legend entry
    assert fig.layout.xaxis.range is None


# ----------------------------------------------------------------------------- diverging_levels


def negative_side(fig) -> np.ndarray:
    return -sum(np.nan_to_num(np.asarray(t.x, dtype=float)) for t in fig.data if t.type == "bar" and t.x[0] <= 0)


def test_diverging_levels_sides_sum_as_a_likert_chart():
    fig = build("diverging_levels")
    df = likert()
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 6  # neutral split in two halves
    assert fig.layout.barmode == "relative"
    left = np.zeros(3)
    right = np.zeros(3)
    for t in bars:
        x = np.asarray(t.x, dtype=float)
        assert (x <= 0).all() or (x >= 0).all()
        if (x <= 0).all():
            left -= x
        else:
            right += x
    expected_left = df["p_vd"] + df["p_d"] + df["p_n"] / 2
    expected_right = df["p_n"] / 2 + df["p_s"] + df["p_vs"]
    np.testing.assert_allclose(left, expected_left)
    np.testing.assert_allclose(right, expected_right)
    np.testing.assert_allclose(negative_side(fig), expected_left)


def test_diverging_levels_stacks_outward_from_zero_and_reads_in_level_order():
    fig = build("diverging_levels")
    bars = [t for t in fig.data if t.type == "bar"]
    # relative mode stacks each side in trace order starting at zero: neutral halves first
    assert [t.name for t in bars] == [
        "Bình thường",
        "Không hài lòng",
        "Rất không hài lòng",
        "Bình thường",
        "Hài lòng",
        "Rất hài lòng",
    ]
    assert [t.marker.color for t in bars] == [
        LEVEL_COLORS[lv]
        for lv in ("neutral", "dissatisfied", "very_dissatisfied", "neutral", "satisfied", "very_satisfied")
    ]
    in_legend = sorted((t.legendrank, t.name) for t in bars if t.showlegend is not False)
    assert [name for _, name in in_legend] == list(LEVEL_COLUMNS.values())
    # hover shows the real share, also for each neutral half
    assert nan_equal(bars[0].customdata, [20.0, 30.0, 15.0])
    assert nan_equal(bars[1].customdata, [10.0, 20.0, 3.0])
    assert list(bars[4].text) == ["40", "25", "50"]
    assert list(bars[2].text) == ["", "10", ""]  # under 8 %: no text


def test_diverging_levels_axis_in_absolute_percent():
    fig = build("diverging_levels")
    xaxis = fig.layout.xaxis
    assert tuple(xaxis.range) == (-100, 100)
    assert dict(zip(xaxis.tickvals, xaxis.ticktext, strict=True))[-50] == "50 %"
    assert dict(zip(xaxis.tickvals, xaxis.ticktext, strict=True))[100] == "100 %"
    assert fig.layout.yaxis.autorange == "reversed"


def test_diverging_levels_answers_and_small_samples():
    fig = build("diverging_levels")
    (ends,) = [t for t in fig.data if t.type == "scatter"]
    assert list(ends.text) == ["n = 120", "n = 12 ⚠ mẫu nhỏ", "n = 1.500"]
    labels = list(fig.data[0].y)
    assert labels == ["Tiếp cận dịch vụ", "⚠ Cơ sở vật chất", "Kết quả dịch vụ"]
    # the count sits just after the end of the positive side
    np.testing.assert_allclose(ends.x, likert()[["p_s", "p_vs"]].sum(axis=1) + likert()["p_n"] / 2 + 1.5)
    en = build("diverging_levels", locale="en", small_sample=10, answers_format="{n} answers")
    assert list(next(t for t in en.data if t.type == "scatter").text) == ["120 answers", "12 answers", "1,500 answers"]


def test_diverging_levels_missing_shares_stay_gaps():
    df = likert()
    df.loc[1, ["p_vd", "p_d", "p_n", "p_s", "p_vs"]] = np.nan
    df["answers"] = df["answers"].astype("Int64")
    df.loc[1, "answers"] = pd.NA
    fig = diverging_levels(df, label="dimension", shares=LEVEL_COLUMNS, answers="answers", title="T")
    for t in fig.data:
        if t.type == "bar":
            assert math.isnan(t.x[1])
    assert next(t for t in fig.data if t.type == "scatter").text[1] == ""


def test_diverging_levels_needs_five_levels():
    with pytest.raises(ValueError, match="5"):
        diverging_levels(likert(), label="dimension", shares={"p_vd": "a"}, answers="answers", title="T")


# ----------------------------------------------------------------------------- paired_bars


def test_paired_bars_series_and_maximum():
    fig = build("paired_bars", maximum_name="Điểm tối đa")
    own, appraised, maximum = fig.data
    assert fig.layout.barmode == "group"
    assert [own.type, appraised.type, maximum.type] == ["bar", "bar", "scatter"]
    assert [own.name, appraised.name, maximum.name] == ["Tự đánh giá", "Thẩm định", "Điểm tối đa"]
    assert list(own.y) == ["Công tác chỉ đạo", "Cải cách TTHC"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert nan_equal(own.x, [9.5, 14.0])
    assert nan_equal(appraised.x, [9.0, np.nan])
    assert list(appraised.text) == ["9,0", ""]
    assert nan_equal(maximum.x, [10.0, 15.0])
    assert maximum.marker.symbol == "line-ns-open"
    assert list(own.hovertext) == ["Điểm tối đa: 10,0", "Điểm tối đa: 15,0"]
    assert own.marker.color == SERIES_COLORS[0] and appraised.marker.color == SERIES_COLORS[1]
    assert fig.layout.xaxis.title.text == "Điểm"
    assert fig.layout.xaxis.range is None


def test_paired_bars_without_maximum():
    fig = build("paired_bars", maximum=None)
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert fig.data[0].hovertext is None


# ----------------------------------------------------------------------------- reporting_bars


def test_reporting_bars_counts_per_quarter():
    fig = build("reporting_bars")
    expected, submitted, on_time = fig.data
    assert fig.layout.barmode == "group"
    assert [t.name for t in fig.data] == ["Phải nộp", "Đã nộp", "Đúng hạn"]
    assert list(expected.x) == ["Quý I/2023", "Quý II/2023"]
    assert list(expected.y) == [30, 0]
    assert list(submitted.y) == [27, 0]
    assert list(on_time.y) == [24, 0]
    assert list(submitted.hovertext) == ["(90,0 %)", ""]  # nothing expected: no rate
    assert list(on_time.hovertext) == ["(80,0 %)", ""]
    assert on_time.marker.color == STATUS_COLORS["done"]
    assert fig.layout.xaxis.type == "category"


def test_reporting_bars_names_by_column():
    df = reporting().rename(columns={"submitted": "nop"})
    fig = reporting_bars(
        df,
        label="quarter",
        expected="expected",
        submitted="nop",
        on_time="on_time",
        names={"expected": "Expected", "nop": "Submitted", "on_time": "On time"},
        title="T",
        locale="en",
    )
    assert [t.name for t in fig.data] == ["Expected", "Submitted", "On time"]
    assert list(fig.data[1].hovertext) == ["(90.0%)", ""]


# ----------------------------------------------------------------------------- speed


def test_large_figures_build():
    """A sanity check of the large case (3,500 bars, a 440 × 8 heatmap); speed itself is not
    asserted here (timings belong to benchmarks, not tests)."""
    n = 3500
    rng = np.random.default_rng(1)
    df = pd.DataFrame(
        {
            "unit_code": [f"U{i:04d}" for i in range(n)],
            "unit_name": [f"Trường {i}" for i in range(n)],
            "v": rng.random(n) * 100,
            "rank": [f"{i + 1}/{n}" for i in range(n)],
        }
    )
    fig = ranked_bars(df, label="unit_name", value="v", title="", value_title="", highlight="U0001", rank_text="rank")
    long = pd.DataFrame({"u": np.repeat(df["unit_code"][:440], 8), "f": list("ABCDEFGH") * 440, "v": rng.random(3520)})
    hm = heatmap(long, rows="u", columns="f", value="v", title="")
    assert len(fig.data[0].x) == n
    assert np.asarray(hm.data[0].z).shape == (440, 8)
    assert bar_colors(fig.data[0]).count(ACCENT_COLOR) == 1
