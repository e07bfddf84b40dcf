"""Pure figure builders: a DataFrame and plain parameters in, a ``plotly.graph_objects.Figure`` out.

Rules every builder keeps:

* nothing is rendered and the input DataFrame is never modified;
* every user-visible string (title, axis titles, legend names, hover labels) is a parameter,
  so the pages pass Vietnamese or English text from their catalog; the builders hold no language;
* ``locale`` ("vi" default, or "en") sets ``layout.separators`` (",." = decimal comma and dot
  thousands; ".," in English); numbers printed on the bars are formatted the same way here;
* an empty DataFrame gives a valid figure (the title and ``empty_message``, no axes);
* NaN stays a gap (no bar, no point, a blank cell), never a zero;
* rows listed top-down are drawn top-down: horizontal charts reverse the y axis
  (``autorange="reversed"``), so the first row of the data is the bar at the top;
* large arrays are handed to plotly as numpy arrays and per-bar colours as numeric codes on a
  stepped colorscale (plotly validates a list of colour strings one by one, which is slow);
* every text a figure shows (labels from the data, legend names, titles, hover lines) is escaped
  here with :func:`core.escape.escape_plotly`, once: plotly reads HTML and ``%{…}`` in them, and
  a school's name is not markup. Callers pass plain text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.escape import escape_plotly
from core.vocabulary import DISSATISFIED, NEUTRAL, SATISFIED, VERY_DISSATISFIED, VERY_SATISFIED
from figures.theme import (
    ACCENT_COLOR,
    BAR_COLOR,
    CCHC_TEMPLATE,
    EXPECTED_COLOR,
    GREEN,
    LEVEL_COLORS,
    LEVELS,
    MET_COLORS,
    MISSING_COLOR,
    MUTED_TEXT_COLOR,
    SERIES_COLORS,
    STATUS_COLORS,
    TARGET_COLOR,
    TEXT_COLOR,
    language,
    marks,
    percent_axis_layout,
    percent_suffix,
    separators,
)

__all__ = [
    "diverging_levels",
    "empty_figure",
    "grouped_bars",
    "heatmap",
    "indicator_bars",
    "paired_bars",
    "ranked_bars",
    "reporting_bars",
    "status_stack",
    "trend_lines",
]

MET_ORDER: tuple[bool | None, ...] = (False, None, True)  # colour codes 0, 1, 2 of indicator bars
_MARGIN_Y = 150  # title, legend and x axis around the bars, in pixels
_ZWSP = "\u200b"  # zero-width space: keeps two rows with the same label apart on a category axis


# ----------------------------------------------------------------------------- helpers


def _is_empty(df: pd.DataFrame | None) -> bool:
    return df is None or len(df.index) == 0


def _floats(series: pd.Series) -> np.ndarray:
    """A float array with NaN for missing or non-numeric values (pd.NA, None, '')."""
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _objects(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=object)


def _texts(series: pd.Series) -> np.ndarray:
    """The values as escaped text (NaN as ""), for plotly to show as they are."""
    out = np.empty(len(series), dtype=object)
    out[:] = [escape_plotly(v) for v in series.astype("string").fillna("").tolist()]
    return out


def _labels(series: pd.Series, keys: np.ndarray | None = None) -> np.ndarray:
    """Escaped text labels for a category axis; duplicates are told apart ("name (key)" or invisibly)."""
    out = _texts(series)
    dup = pd.Series(out).duplicated(keep=False).to_numpy()
    if not dup.any():
        return out
    if keys is not None:
        for i in np.flatnonzero(dup):
            out[i] = f"{out[i]} ({escape_plotly(keys[i])})"
    seen: dict[str, int] = {}
    for i, value in enumerate(out):  # still equal (no key, or equal keys): invisible suffixes
        n = seen.get(value, 0)
        seen[value] = n + 1
        if n:
            out[i] = value + _ZWSP * n
    return out


def _number(value: float, spec: str, lang: str) -> str:
    """``format(value, spec)`` with the language's marks (Babel's: "1.234,5" in Vietnamese); "" for NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format(value, spec).translate(_marks_from_python(lang))


@lru_cache(maxsize=4)
def _marks_from_python(lang: str) -> dict[int, str]:
    """Python's "," and "." (thousands, decimal) → the language's marks."""
    decimal, group = marks(lang)
    return str.maketrans({",": group, ".": decimal})


def _numbers(values: np.ndarray, spec: str, lang: str, suffix: str = "") -> np.ndarray:
    """:func:`_number` over an array (a plain loop: the fastest way for a few thousand values)."""
    swap = _marks_from_python(lang)
    texts = ["" if v != v else format(v, spec).translate(swap) + suffix for v in values.tolist()]  # v != v: NaN
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


def _figure(
    title: str,
    locale: str,
    data: Sequence[go.Bar | go.Scatter | go.Heatmap] = (),
    *,
    legend: bool = False,
    **layout: Any,
) -> go.Figure:
    """The figure, built once: traces and layout validated together (each later update costs).

    The top margin makes room for the title and the legend row only when they are there.
    """
    margin = {"t": 24 + (36 if title else 0) + (30 if legend else 0), **layout.pop("margin", {})}
    base = {
        "template": CCHC_TEMPLATE,
        "title": {"text": escape_plotly(title)},
        "separators": separators(locale),
        "showlegend": legend,
        "margin": margin,
    }
    return go.Figure(data=list(data), layout={**base, **layout})


def _height(rows: int, per_row: float, *, extra: int = _MARGIN_Y, minimum: int = 240, maximum: int = 2000) -> int:
    return int(min(max(rows * per_row + extra, minimum), maximum))


def _stepped(colors: Sequence[str]) -> tuple[list[list[Any]], float, float]:
    """A colorscale where code i (0, 1, …) is exactly ``colors[i]``, with its cmin and cmax."""
    k = len(colors)
    scale: list[list[Any]] = []
    for i, color in enumerate(colors):
        scale += [[i / k, color], [(i + 1) / k, color]]
    return scale, -0.5, k - 0.5


def _coded_marker(codes: np.ndarray, colors: Sequence[str]) -> dict[str, Any]:
    scale, cmin, cmax = _stepped(colors)
    return {"color": codes, "colorscale": scale, "cmin": cmin, "cmax": cmax, "showscale": False}


def _color(i: int, column: str | None = None, palette: Mapping[str, str] | None = None) -> str:
    if palette is not None and column in palette:
        return palette[column]
    return SERIES_COLORS[i % len(SERIES_COLORS)]


def _suffix(percent: bool, locale: str) -> str:
    return percent_suffix(locale) if percent else ""


def _value_axis(*, percent: bool, title: str, locale: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"title": {"text": escape_plotly(title)}}
    spec.update(percent_axis_layout(locale) if percent else {"rangemode": "tozero"})
    return spec


def _category_axis(*, top_down: bool = False) -> dict[str, Any]:
    """A category axis; ``top_down`` reverses it so the first row is drawn at the top."""
    spec: dict[str, Any] = {"type": "category", "showgrid": False}
    if top_down:
        spec["autorange"] = "reversed"
    return spec


def _hover_line(name: str, placeholder: str) -> str:
    """A hover template line: the (escaped) name, then the placeholder plotly fills in."""
    return f"{escape_plotly(name)}: {placeholder}" if name else placeholder


def empty_figure(message: str, *, title: str = "", locale: str = "vi", height: int = 260) -> go.Figure:
    """A chart with no axes and ``message`` in the middle, for when there is nothing to draw."""
    return _figure(
        title,
        locale,
        height=height,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": escape_plotly(message),
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 15, "color": MUTED_TEXT_COLOR},
            }
        ],
    )


# ----------------------------------------------------------------------------- builders


def ranked_bars(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    value_title: str,
    percent: bool = True,
    key: str | None = "unit_code",
    highlight: Any = None,
    rank_text: str | None = None,
    locale: str = "vi",
    rank_title: str = "",
    sort: bool = True,
    decimals: int = 1,
    bar_height: int = 28,
    max_height: int = 2000,
    empty_message: str = "",
) -> go.Figure:
    """Horizontal bars, highest value at the top (NaN last), one per row of ``df``.

    ``customdata`` holds ``df[key]`` (the clicked school); the text on a bar is the value
    ("85,3 %") and, with ``rank_text``, that column too ("85,3 % · 3/26"). The bar whose key
    (or label, when ``key`` is None) equals ``highlight`` is drawn in ``ACCENT_COLOR``.
    ``sort=False`` keeps the rows in the given order (first row at the top).
    """
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    lang = language(locale)
    sfx = _suffix(percent, locale)
    values = _floats(df[value])
    order = np.argsort(-values, kind="stable") if sort else np.arange(len(values))  # NaN sorts last
    values = values[order]
    keys = _objects(df[key])[order] if key else None
    raw_labels = df[label].iloc[order]
    labels = _labels(raw_labels, keys)
    text = _numbers(values, f",.{decimals}f", lang, sfx)
    hover = f"<b>%{{y}}</b><br>{_hover_line(value_title, f'%{{x:,.{decimals}f}}{sfx}')}"
    ranks = None
    if rank_text:
        ranks = _texts(df[rank_text].iloc[order])
        text = np.array([f"{t} · {r}" if t and r else t or r for t, r in zip(text, ranks, strict=True)], dtype=object)
        hover += "<br>" + _hover_line(rank_title, "%{hovertext}")
    marker: dict[str, Any] = {"color": BAR_COLOR}
    if highlight is not None:
        pool = keys if keys is not None else raw_labels.astype("string").fillna("").to_numpy(dtype=object)
        marker = _coded_marker((pool == highlight).astype(np.int8), [BAR_COLOR, ACCENT_COLOR])
    bar = go.Bar(
        x=values,
        y=labels,
        orientation="h",
        customdata=keys,
        text=text,
        textposition="auto",
        insidetextanchor="end",
        hovertext=ranks,
        hovertemplate=hover + "<extra></extra>",
        marker=marker,
        showlegend=False,
    )
    return _figure(
        title,
        locale,
        [bar],
        height=_height(len(values), bar_height, maximum=max_height),
        xaxis=_value_axis(percent=percent, title=value_title, locale=locale),
        yaxis=_category_axis(top_down=True),
    )


def trend_lines(
    df: pd.DataFrame,
    *,
    x: str,
    series: Mapping[str, str],
    title: str,
    percent: bool = True,
    locale: str = "vi",
    value_title: str = "",
    decimals: int = 1,
    colors: Mapping[str, str] | None = None,
    height: int = 420,
    empty_message: str = "",
) -> go.Figure:
    """One line with markers per column of ``series`` (column → legend name) over ``x``.

    ``x`` holds labels already formatted and in order ("Quý II/2023"); it is a category axis.
    Missing values break the line.
    """
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    sfx = _suffix(percent, locale)
    xs = _texts(df[x])
    traces = []
    for i, (column, name) in enumerate(series.items()):
        color = _color(i, column, colors)
        name = escape_plotly(name)
        traces.append(
            go.Scatter(
                x=xs,
                y=_floats(df[column]),
                name=name,
                mode="lines+markers",
                line={"color": color},
                marker={"color": color},
                connectgaps=False,
                hovertemplate=f"{name}: %{{y:,.{decimals}f}}{sfx}<extra></extra>",
            )
        )
    return _figure(
        title,
        locale,
        traces,
        legend=len(series) > 1,
        hovermode="x unified",
        height=height,
        xaxis=_category_axis(),
        yaxis=_value_axis(percent=percent, title=value_title, locale=locale),
    )


def grouped_bars(
    df: pd.DataFrame,
    *,
    category: str,
    series: Mapping[str, str],
    title: str,
    percent: bool = True,
    orientation: str = "v",
    locale: str = "vi",
    value_title: str = "",
    decimals: int = 1,
    colors: Mapping[str, str] | None = None,
    empty_message: str = "",
) -> go.Figure:
    """Bars side by side per category, one series per column (column → legend name).

    ``orientation="h"`` lays the categories top-down in the given order (for long names).
    """
    if orientation not in ("v", "h"):
        raise ValueError(f"orientation must be 'v' or 'h', not {orientation!r}")
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    lang = language(locale)
    sfx = _suffix(percent, locale)
    horizontal = orientation == "h"
    categories = _labels(df[category])
    value_axis, category_axis = ("x", "y") if horizontal else ("y", "x")
    traces = []
    for i, (column, name) in enumerate(series.items()):
        values = _floats(df[column])
        name = escape_plotly(name)
        traces.append(
            go.Bar(
                {value_axis: values, category_axis: categories},
                name=name,
                orientation=orientation,
                marker={"color": _color(i, column, colors)},
                text=_numbers(values, f",.{decimals}f", lang),
                textposition="auto",
                hovertemplate=(
                    f"<b>%{{{category_axis}}}</b><br>{name}: %{{{value_axis}:,.{decimals}f}}{sfx}<extra></extra>"
                ),
            )
        )
    height = _height(len(categories), 22 * len(series) + 18) if horizontal else 440
    return _figure(
        title,
        locale,
        traces,
        legend=len(series) > 1,
        barmode="group",
        height=height,
        **{
            f"{value_axis}axis": _value_axis(percent=percent, title=value_title, locale=locale),
            f"{category_axis}axis": _category_axis(top_down=horizontal),
        },
    )


def heatmap(
    df: pd.DataFrame,
    *,
    rows: str,
    columns: str,
    value: str,
    title: str,
    row_order: Sequence[Any] | None = None,
    column_order: Sequence[Any] | None = None,
    text_format: str = ".0f",
    locale: str = "vi",
    row_labels: Mapping[Any, str] | None = None,
    column_labels: Mapping[Any, str] | None = None,
    row_title: str = "",
    column_title: str = "",
    value_title: str = "",
    percent: bool = True,
    zmin: float = 0,
    zmax: float = 100,
    show_text: bool = True,
    cell_height: int = 26,
    max_height: int = 2400,
    empty_message: str = "",
) -> go.Figure:
    """A long table (one row per ``rows`` × ``columns`` pair) drawn as a rows × columns grid.

    Rows (top-down) and columns follow ``row_order`` / ``column_order`` (values absent from
    the data give blank lines; values absent from the order are left out) or their first
    appearance. Several values for one cell are averaged; a missing cell stays NaN (blank,
    no hover). ``row_labels`` / ``column_labels`` map the values to the text shown;
    ``customdata`` holds each cell's row value (e.g. the unit code) so a click maps back to
    the row. ``text_format`` is the format spec of the numbers in the cells (".0f", ",.1f").
    """
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    lang = language(locale)
    sfx = _suffix(percent, locale)
    row_values = df[rows].to_numpy(dtype=object)
    column_values = df[columns].to_numpy(dtype=object)
    if row_order is None:
        row_order = [r for r in pd.unique(row_values) if not pd.isna(r)]
    if column_order is None:
        column_order = [c for c in pd.unique(column_values) if not pd.isna(c)]
    row_order = list(dict.fromkeys(row_order))
    column_order = list(dict.fromkeys(column_order))
    ri = pd.Index(row_order, dtype=object).get_indexer(row_values)
    ci = pd.Index(column_order, dtype=object).get_indexer(column_values)
    values = _floats(df[value])
    keep = (ri >= 0) & (ci >= 0) & ~np.isnan(values)
    shape = (len(row_order), len(column_order))
    sums = np.zeros(shape)
    counts = np.zeros(shape)
    np.add.at(sums, (ri[keep], ci[keep]), values[keep])
    np.add.at(counts, (ri[keep], ci[keep]), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(counts > 0, sums / counts, np.nan)

    row_keys = np.array(row_order, dtype=object)
    y = _labels(pd.Series([row_labels.get(r, r) if row_labels else r for r in row_order], dtype=object), row_keys)
    x = _labels(pd.Series([column_labels.get(c, c) if column_labels else c for c in column_order], dtype=object))
    hover = "<br>".join(
        [
            _hover_line(row_title, "<b>%{y}</b>"),
            _hover_line(column_title, "%{x}"),
            _hover_line(value_title, f"%{{z:,.1f}}{sfx}"),
        ]
    )
    trace: dict[str, Any] = {
        "z": z,
        "x": x,
        "y": y,
        "customdata": np.repeat(row_keys[:, None], shape[1], axis=1),
        "zmin": zmin,
        "zmax": zmax,
        "hoverongaps": False,
        "hovertemplate": hover + "<extra></extra>",
        "colorbar": {"ticksuffix": sfx, "len": min(1.0, 320 / max(1, shape[0] * cell_height))},
    }
    if show_text:
        trace["text"] = _numbers(z.ravel(), text_format, lang).reshape(shape)
        trace["texttemplate"] = "%{text}"
    return _figure(
        title,
        locale,
        [go.Heatmap(trace)],
        height=_height(shape[0], cell_height, extra=170, minimum=260, maximum=max_height),
        plot_bgcolor=MISSING_COLOR,  # what shows through a blank (missing) cell
        xaxis={"type": "category", "showgrid": False, "zeroline": False},
        yaxis=_category_axis(top_down=True),
    )


def status_stack(
    df: pd.DataFrame,
    *,
    label: str,
    counts: Mapping[str, str],
    title: str,
    key: str | None = "unit_code",
    locale: str = "vi",
    value_title: str = "",
    bar_height: int = 28,
    max_height: int = 2000,
    empty_message: str = "",
) -> go.Figure:
    """Horizontal stacked counts per row, rows top-down as given, one segment per ``counts`` column.

    ``counts`` maps a status column (done, in_progress, not_started, overdue: coloured from
    ``STATUS_COLORS``) to its legend name, stacked in that order; ``customdata`` holds
    ``df[key]``. Zero counts carry no text.
    """
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    lang = language(locale)
    keys = _objects(df[key]) if key else None
    labels = _labels(df[label], keys)
    traces = []
    for i, (column, name) in enumerate(counts.items()):
        values = _floats(df[column])
        name = escape_plotly(name)
        traces.append(
            go.Bar(
                x=values,
                y=labels,
                orientation="h",
                name=name,
                customdata=keys,
                marker={"color": _color(i, column, STATUS_COLORS)},
                text=_numbers(np.where(values == 0, np.nan, values), ",.0f", lang),
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"<b>%{{y}}</b><br>{name}: %{{x:,.0f}}<extra></extra>",
            )
        )
    return _figure(
        title,
        locale,
        traces,
        legend=True,
        barmode="stack",
        height=_height(len(labels), bar_height, maximum=max_height),
        xaxis=_value_axis(percent=False, title=value_title, locale=locale),
        yaxis=_category_axis(top_down=True),
    )


def _met_code(value: Any) -> int:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return MET_ORDER.index(None)
    return MET_ORDER.index(bool(value))


def _tick_marker(size: float) -> dict[str, Any]:
    """A vertical tick across a horizontal bar: targets and maxima."""
    return {"symbol": "line-ns-open", "size": size, "color": TARGET_COLOR, "line": {"width": 3, "color": TARGET_COLOR}}


def indicator_bars(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    target: str,
    met: str,
    title: str,
    value_title: str,
    percent: bool = True,
    locale: str = "vi",
    target_title: str = "",
    met_names: Mapping[bool | None, str] | None = None,
    decimals: int = 1,
    bar_height: int = 34,
    empty_message: str = "",
) -> go.Figure:
    """One horizontal bar per indicator (top-down as given) coloured by ``met``, and its target.

    Bar colours: ``MET_COLORS`` (met, not met, unknown), handed to plotly as codes on a stepped
    colorscale (``MET_ORDER``: 0 = not met, 1 = unknown, 2 = met). The target is a vertical
    tick (a ``line-ns-open`` marker) on each bar, named ``target_title`` in the legend and the
    hover. ``met_names`` (True/False/None → text) adds a legend entry per colour shown.
    """
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    lang = language(locale)
    sfx = _suffix(percent, locale)
    spec = f",.{decimals}f"
    labels = _labels(df[label])
    values = _floats(df[value])
    targets = _floats(df[target])
    codes = np.fromiter((_met_code(v) for v in df[met].tolist()), dtype=np.int8, count=len(labels))
    hover_target = np.array(
        [_hover_line(target_title, t) if t else "" for t in _numbers(targets, spec, lang, sfx).tolist()],
        dtype=object,
    )
    traces: list[go.Bar | go.Scatter] = [
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker=_coded_marker(codes, [MET_COLORS[m] for m in MET_ORDER]),
            text=_numbers(values, spec, lang, sfx),
            textposition="auto",
            insidetextanchor="end",
            hovertext=hover_target,
            hovertemplate=(
                f"<b>%{{y}}</b><br>{_hover_line(value_title, f'%{{x:{spec}}}{sfx}')}<br>%{{hovertext}}<extra></extra>"
            ),
            showlegend=False,
        ),
        go.Scatter(
            x=targets,
            y=labels,
            mode="markers",
            name=escape_plotly(target_title),
            showlegend=bool(target_title),
            marker=_tick_marker(max(16, bar_height - 6)),
            hovertemplate=f"<b>%{{y}}</b><br>{_hover_line(target_title, f'%{{x:{spec}}}{sfx}')}<extra></extra>",
        ),
    ]
    for state in (True, False, None):
        if met_names and state in met_names and (codes == MET_ORDER.index(state)).any():
            traces.append(
                go.Scatter(  # a legend entry only: no point
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=escape_plotly(met_names[state]),
                    marker={"symbol": "square", "size": 12, "color": MET_COLORS[state]},
                    hoverinfo="skip",
                )
            )
    return _figure(
        title,
        locale,
        traces,
        legend=bool(target_title or met_names),
        height=_height(len(labels), bar_height),
        xaxis=_value_axis(percent=percent, title=value_title, locale=locale),
        yaxis=_category_axis(top_down=True),
    )


def diverging_levels(
    df: pd.DataFrame,
    *,
    label: str,
    shares: Mapping[str, str],
    answers: str,
    title: str,
    small_sample: int = 30,
    small_note: str = "",
    locale: str = "vi",
    answers_format: str = "n = {n}",
    small_mark: str = "⚠",
    value_title: str = "",
    min_text_share: float = 8,
    bar_height: int = 30,
    max_height: int = 2000,
    empty_message: str = "",
) -> go.Figure:
    """Diverging stacked bars of the five answer levels (a Likert chart), rows top-down as given.

    ``shares`` maps the five percent columns, in level order from very dissatisfied to very
    satisfied, to their legend names. Left of zero: very dissatisfied, dissatisfied and half
    of neutral; right: the other half of neutral, satisfied, very satisfied (plotly's
    ``relative`` bar mode stacks each side outward from zero in trace order, so the traces are
    neutral/2 left, dissatisfied, very dissatisfied, neutral/2 right, satisfied, very
    satisfied; ``legendrank`` keeps the legend in level order). The x axis runs from -100 to
    100, labelled in absolute percent; ``customdata`` of each segment is its real share. The
    end of each bar reads ``answers_format`` ("n = 120"); rows with fewer than
    ``small_sample`` answers get ``small_mark`` before their label and ``small_mark`` +
    ``small_note`` after the count. Segments under ``min_text_share`` percent carry no text.
    """
    if len(shares) != len(LEVELS):
        raise ValueError(f"shares must name {len(LEVELS)} columns, in the order {', '.join(LEVELS)}")
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    lang = language(locale)
    sfx = percent_suffix(locale)
    names = [escape_plotly(name) for name in shares.values()]
    level = {lv: _floats(df[column]) for lv, column in zip(LEVELS, shares, strict=True)}
    n = _floats(df[answers])
    small = n < small_sample  # NaN compares False: an unknown count is not marked

    raw = df[label].astype("string").fillna("")
    labels = _labels(raw.where(~small, small_mark + " " + raw))
    end_text = np.empty(len(n), dtype=object)
    for i, (count, is_small) in enumerate(zip(n.tolist(), small.tolist(), strict=True)):
        if count != count:  # NaN
            end_text[i] = ""
            continue
        text = answers_format.format(n=_number(count, ",.0f", lang))
        end_text[i] = escape_plotly(f"{text} {small_mark} {small_note}".rstrip() if is_small else text)

    def share_text(values: np.ndarray, width: np.ndarray) -> np.ndarray:
        return _numbers(np.where(width >= min_text_share, values, np.nan), ".0f", lang)

    half_neutral = level[NEUTRAL] / 2
    positive = half_neutral + level[SATISFIED] + level[VERY_SATISFIED]
    no_text = np.full(len(n), "", dtype=object)
    parts = [  # (level index, x, text, shown in the legend)
        (2, -half_neutral, no_text, True),
        (1, -level[DISSATISFIED], None, True),
        (0, -level[VERY_DISSATISFIED], None, True),
        (2, half_neutral, share_text(level[NEUTRAL], half_neutral), False),
        (3, level[SATISFIED], None, True),
        (4, level[VERY_SATISFIED], None, True),
    ]
    traces: list[go.Bar | go.Scatter] = []
    for index, x, text, in_legend in parts:
        lv = LEVELS[index]
        share = level[lv]
        traces.append(
            go.Bar(
                x=x,
                y=labels,
                orientation="h",
                name=names[index],
                legendgroup=lv,
                legendrank=index + 1,
                showlegend=in_legend,
                marker={"color": LEVEL_COLORS[lv]},
                customdata=share,
                text=share_text(share, share) if text is None else text,
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"<b>%{{y}}</b><br>{names[index]}: %{{customdata:,.1f}}{sfx}<extra></extra>",
            )
        )
    traces.append(
        go.Scatter(
            x=np.where(np.isnan(positive), 0, positive) + 1.5,
            y=labels,
            mode="text",
            text=end_text,
            textposition="middle right",
            textfont={"size": 12, "color": MUTED_TEXT_COLOR},
            cliponaxis=False,
            showlegend=False,
            hoverinfo="skip",
        )
    )
    longest = max((len(t) for t in end_text.tolist()), default=0)
    ticks = [-100, -75, -50, -25, 0, 25, 50, 75, 100]
    return _figure(
        title,
        locale,
        traces,
        legend=True,
        barmode="relative",
        height=_height(len(n), bar_height, maximum=max_height),
        margin={"r": int(24 + 7.5 * longest)},
        xaxis={
            "range": [-100, 100],
            "autorange": False,
            "tickvals": ticks,
            "ticktext": [f"{abs(t)}{sfx}" for t in ticks],
            "zeroline": True,
            "zerolinecolor": TEXT_COLOR,
            "zerolinewidth": 1.5,
            "title": {"text": escape_plotly(value_title)},
        },
        yaxis=_category_axis(top_down=True),
    )


def paired_bars(
    df: pd.DataFrame,
    *,
    label: str,
    series: Mapping[str, str],
    maximum: str | None,
    title: str,
    value_title: str,
    locale: str = "vi",
    maximum_name: str = "",
    decimals: int = 1,
    colors: Mapping[str, str] | None = None,
    empty_message: str = "",
) -> go.Figure:
    """Horizontal bars side by side per row (e.g. self-assessed and appraised points per field),
    rows top-down as given, and a vertical tick at the row's ``maximum`` when that column is
    given (named ``maximum_name`` in the legend and the hover).
    """
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    lang = language(locale)
    spec = f",.{decimals}f"
    labels = _labels(df[label])
    group = 22 * max(1, len(series)) + 18
    maxima = _floats(df[maximum]) if maximum else None
    hover_max = None
    if maxima is not None:
        hover_max = np.array(
            [_hover_line(maximum_name, t) if t else "" for t in _numbers(maxima, spec, lang).tolist()],
            dtype=object,
        )
    traces: list[go.Bar | go.Scatter] = []
    for i, (column, name) in enumerate(series.items()):
        values = _floats(df[column])
        name = escape_plotly(name)
        hover = f"<b>%{{y}}</b><br>{name}: %{{x:{spec}}}"
        if hover_max is not None:
            hover += "<br>%{hovertext}"
        traces.append(
            go.Bar(
                x=values,
                y=labels,
                orientation="h",
                name=name,
                marker={"color": _color(i, column, colors)},
                text=_numbers(values, spec, lang),
                textposition="auto",
                hovertext=hover_max,
                hovertemplate=hover + "<extra></extra>",
            )
        )
    if maxima is not None:
        traces.append(
            go.Scatter(
                x=maxima,
                y=labels,
                mode="markers",
                name=escape_plotly(maximum_name),
                showlegend=bool(maximum_name),
                marker=_tick_marker(group - 6),
                hovertemplate=f"<b>%{{y}}</b><br>{_hover_line(maximum_name, f'%{{x:{spec}}}')}<extra></extra>",
            )
        )
    return _figure(
        title,
        locale,
        traces,
        legend=len(series) > 1 or bool(maximum and maximum_name),
        barmode="group",
        height=_height(len(labels), group),
        xaxis=_value_axis(percent=False, title=value_title, locale=locale),
        yaxis=_category_axis(top_down=True),
    )


def reporting_bars(
    df: pd.DataFrame,
    *,
    label: str,
    expected: str,
    submitted: str,
    on_time: str,
    names: Mapping[str, str],
    title: str,
    locale: str = "vi",
    value_title: str = "",
    height: int = 420,
    empty_message: str = "",
) -> go.Figure:
    """Per period (``label``, in the given order): reports expected, submitted and on time, as counts.

    ``names`` gives the legend names, keyed by column name or by role ("expected",
    "submitted", "on_time"). The hover of submitted and on time adds their share of expected.
    """
    if _is_empty(df):
        return empty_figure(empty_message, title=title, locale=locale)
    lang = language(locale)
    sfx = percent_suffix(locale)
    xs = _texts(df[label])
    expected_values = _floats(df[expected])
    roles = (("expected", expected, EXPECTED_COLOR), ("submitted", submitted, BAR_COLOR), ("on_time", on_time, GREEN))
    traces = []
    for role, column, color in roles:
        values = _floats(df[column])
        name = escape_plotly(names.get(column, names.get(role, column)))
        hover = f"<b>%{{x}}</b><br>{name}: %{{y:,.0f}}"
        share = None
        if role != "expected":
            with np.errstate(invalid="ignore", divide="ignore"):
                rate = np.where(expected_values > 0, values / expected_values * 100, np.nan)
            share = np.array([f"({t})" if t else "" for t in _numbers(rate, ",.1f", lang, sfx).tolist()], dtype=object)
            hover += " %{hovertext}"
        traces.append(
            go.Bar(
                x=xs,
                y=values,
                name=name,
                marker={"color": color},
                text=_numbers(values, ",.0f", lang),
                textposition="outside",
                hovertext=share,
                hovertemplate=hover + "<extra></extra>",
            )
        )
    return _figure(
        title,
        locale,
        traces,
        legend=True,
        barmode="group",
        height=height,
        xaxis=_category_axis(),
        yaxis=_value_axis(percent=False, title=value_title, locale=locale),
    )
