"""One visual style for every chart: the "cchc" plotly template, the colours, the percent axis.

Importing this module registers the template as ``plotly.io.templates["cchc"]``; the
builders in :mod:`figures.charts` set it on every figure (the global default template is
left alone). Colours are plain hex strings so pages can reuse them (e.g. in tables).
"""

from __future__ import annotations

from functools import lru_cache

import plotly.graph_objects as go
import plotly.io as pio

from core.vocabulary import (
    ANSWER_LEVELS,
    DISSATISFIED,
    DONE,
    IN_PROGRESS,
    NEUTRAL,
    NOT_STARTED,
    SATISFIED,
    VERY_DISSATISFIED,
    VERY_SATISFIED,
)

TEMPLATE_NAME = "cchc"

# Fonts that carry Vietnamese diacritics (ă, ơ, ư, ệ, ộ…) on every common system.
FONT_FAMILY = "Roboto, 'Noto Sans', 'Segoe UI', Arial, sans-serif"
FONT_SIZE = 14
TITLE_SIZE = 18
TEXT_COLOR = "#1f2933"
MUTED_TEXT_COLOR = "#616e7c"
GRID_COLOR = "#e4e7eb"
AXIS_COLOR = "#9aa5b1"
BACKGROUND = "#ffffff"
MISSING_COLOR = "#f0f2f5"  # behind a heatmap: the colour of a missing cell

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
SERIES_COLORS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#7B8794",  # grey
)
BAR_COLOR = SERIES_COLORS[0]
ACCENT_COLOR = "#D55E00"  # the highlighted (selected) school
TARGET_COLOR = "#1f2933"  # target and maximum markers
EXPECTED_COLOR = "#CBD2D9"  # reports expected: a light background bar

GREEN = "#1a9850"
AMBER = "#f2a900"
RED = "#d73027"
GREY = "#a7b1bc"

STATUS_COLORS: dict[str, str] = {
    DONE: GREEN,
    IN_PROGRESS: AMBER,
    NOT_STARTED: GREY,
    "overdue": RED,
}

# The five answer levels, diverging red → green around a neutral grey.
LEVELS: tuple[str, ...] = ANSWER_LEVELS
LEVEL_COLORS: dict[str, str] = {
    VERY_DISSATISFIED: "#c0282d",
    DISSATISFIED: "#f08a5d",
    NEUTRAL: "#c5cbd3",
    SATISFIED: "#8cc56b",
    VERY_SATISFIED: "#1a8a4a",
}

MET_COLORS: dict[bool | None, str] = {True: GREEN, False: RED, None: GREY}

# 0–100 heatmaps: red (low) → pale yellow → blue (high), after ColorBrewer RdYlBu, which
# stays readable with red–green colour blindness (a red–green scale would not).
HEATMAP_COLORSCALE: tuple[tuple[float, str], ...] = (
    (0.0, "#d73027"),
    (0.15, "#f46d43"),
    (0.3, "#fdae61"),
    (0.45, "#fee090"),
    (0.6, "#e0f3f8"),
    (0.75, "#abd9e9"),
    (0.88, "#74add1"),
    (1.0, "#4575b4"),
)

_AXIS = {
    "gridcolor": GRID_COLOR,
    "linecolor": AXIS_COLOR,
    "zerolinecolor": AXIS_COLOR,
    "zerolinewidth": 1,
    "showline": False,
    "ticks": "",
    "automargin": True,
    "title": {"standoff": 10, "font": {"size": FONT_SIZE - 1, "color": MUTED_TEXT_COLOR}},
    "tickfont": {"size": FONT_SIZE - 1},
}

CCHC_TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOR},
        "title": {
            "font": {"size": TITLE_SIZE, "color": TEXT_COLOR},
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14, "l": 16},
        },
        "paper_bgcolor": BACKGROUND,
        "plot_bgcolor": BACKGROUND,
        "colorway": list(SERIES_COLORS),
        "margin": {"l": 16, "r": 24, "t": 88, "b": 48, "pad": 4},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "bgcolor": "rgba(0,0,0,0)",
            "font": {"size": FONT_SIZE - 1},
            "title": {"text": ""},
            "traceorder": "normal",  # plotly would reverse it for stacked bars
        },
        "hoverlabel": {
            "font": {"family": FONT_FAMILY, "size": FONT_SIZE - 1, "color": TEXT_COLOR},
            "bgcolor": BACKGROUND,
            "bordercolor": AXIS_COLOR,
            "align": "left",
        },
        "hovermode": "closest",
        "bargap": 0.25,
        "bargroupgap": 0.06,
        "colorscale": {"sequential": [list(stop) for stop in HEATMAP_COLORSCALE]},
        "annotationdefaults": {"font": {"size": FONT_SIZE, "color": MUTED_TEXT_COLOR}, "showarrow": False},
    },
    data={
        "bar": [go.Bar(marker={"line": {"width": 0}}, textfont={"size": FONT_SIZE - 2}, cliponaxis=False)],
        "scatter": [go.Scatter(marker={"size": 8}, line={"width": 2.5})],
        "heatmap": [
            go.Heatmap(
                colorscale=[list(stop) for stop in HEATMAP_COLORSCALE],
                xgap=2,
                ygap=2,
                colorbar={"thickness": 12, "outlinewidth": 0, "tickfont": {"size": FONT_SIZE - 2}},
            )
        ],
    },
)
pio.templates[TEMPLATE_NAME] = CCHC_TEMPLATE

_LANGUAGES = ("vi", "en")
_PERCENT_SUFFIX = {"vi": " %", "en": "%"}


def language(locale: str) -> str:
    """ "vi" or "en" from a locale such as "vi", "vi_VN", "en-US"; anything else is an error."""
    lang = str(locale).replace("-", "_").split("_", 1)[0].lower()
    if lang not in _LANGUAGES:
        raise ValueError(f"unsupported locale {locale!r}: expected 'vi' or 'en'")
    return lang


@lru_cache(maxsize=4)
def marks(locale: str = "vi") -> tuple[str, str]:
    """(decimal mark, thousands mark) of the language, from Babel's locale data ("," and "." in Vietnamese)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    lang = language(locale)
    return get_decimal_symbol(lang), get_group_symbol(lang)


def separators(locale: str = "vi") -> str:
    """plotly's ``layout.separators``: decimal mark then thousands mark (",." in Vietnamese)."""
    return "".join(marks(locale))


def percent_suffix(locale: str = "vi") -> str:
    """ " %" in Vietnamese (85,5 %, as core.formatting writes it), "%" in English (85.5%)."""
    return _PERCENT_SUFFIX[language(locale)]


def percent_axis_layout(locale: str = "vi") -> dict[str, object]:
    """The axis settings of :func:`percent_axis`, to merge into a layout being built."""
    return {
        "range": [0, 100],
        "autorange": False,
        "ticksuffix": percent_suffix(locale),
        "tick0": 0,
        "dtick": 20,
    }


def percent_axis(fig: go.Figure, axis: str = "x", *, locale: str | None = None) -> go.Figure:
    """Fix ``axis`` ("x" or "y") to 0–100 with a percent suffix on the ticks; returns ``fig``.

    Without ``locale`` the suffix follows the figure's separators (" %" for ",.", else "%").
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', not {axis!r}")
    if locale is None:
        locale = "en" if fig.layout.separators == separators("en") else "vi"
    fig.update_layout({f"{axis}axis": percent_axis_layout(locale)})
    return fig
