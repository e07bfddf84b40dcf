"""Plotly figure builders for the dashboard: pure functions, DataFrame in, Figure out.

Importing the package registers the "cchc" template (see :mod:`figures.theme`).
"""

from figures.charts import (
    diverging_levels,
    empty_figure,
    grouped_bars,
    heatmap,
    indicator_bars,
    paired_bars,
    ranked_bars,
    reporting_bars,
    status_stack,
    trend_lines,
)
from figures.theme import (
    LEVEL_COLORS,
    MET_COLORS,
    SERIES_COLORS,
    STATUS_COLORS,
    TEMPLATE_NAME,
    percent_axis,
)

__all__ = [
    "LEVEL_COLORS",
    "MET_COLORS",
    "SERIES_COLORS",
    "STATUS_COLORS",
    "TEMPLATE_NAME",
    "diverging_levels",
    "empty_figure",
    "grouped_bars",
    "heatmap",
    "indicator_bars",
    "paired_bars",
    "percent_axis",
    "ranked_bars",
    "reporting_bars",
    "status_stack",
    "trend_lines",
]
