"""Satisfaction figures from the 5-level survey counts.

A dimension's figure = (satisfied + very_satisfied) / answers × 100, pooled as
Σ satisfied answers / Σ answers. Overall satisfaction is the mean of the
dimension figures: of the unit's own for a unit, of the pooled dimensions for a
group (never a mean of the units' overall figures).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from core.vocabulary import ANSWER_LEVELS, SATISFIED_LEVELS
from metrics.tasks import UNIT_PERIOD, group_sums, percent

LEVELS = ANSWER_LEVELS


def _counts(satisfaction: pd.DataFrame, columns: Sequence[str]) -> dict[str, pd.Series]:
    return {c: pd.to_numeric(satisfaction[c], errors="coerce").fillna(0).astype("int64") for c in columns}


def satisfaction_by_dimension(
    satisfaction: pd.DataFrame,
    by: Sequence[str] = UNIT_PERIOD,
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per group of `by` and dimension.

    Columns: *by, dimension, answers, satisfied_answers, pct (NaN when answers is 0).
    """
    counts = _counts(satisfaction, ("answers", *SATISFIED_LEVELS))
    own = [c for c in dict.fromkeys([*by, "unit_code", "dimension"]) if c in satisfaction.columns]
    work = satisfaction[own].assign(
        answers=counts["answers"],
        satisfied_answers=sum(counts[level] for level in SATISFIED_LEVELS),
    )
    out = group_sums(work, [*by, "dimension"], ["answers", "satisfied_answers"], units)
    out["pct"] = percent(out["satisfied_answers"], out["answers"])
    return out


def pool_dimensions(
    dimensions: pd.DataFrame, by: Sequence[str] = (), units: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Pool a table of `satisfaction_by_dimension` (finer groups, each with unit_code) into the groups of `by`:
    the same table as `satisfaction_by_dimension` of the rows it was computed from."""
    out = group_sums(dimensions, [*by, "dimension"], ["answers", "satisfied_answers"], units)
    out["pct"] = percent(out["satisfied_answers"], out["answers"])
    return out


def overall_from_dimensions(dimensions: pd.DataFrame, by: Sequence[str] = UNIT_PERIOD) -> pd.DataFrame:
    """Mean of the dimension figures (`pct`) per group of `by`; dimensions without answers are skipped.

    Columns: *by, satisfaction, dimensions (how many figures went into the mean).
    """
    by = list(by)
    if not by:
        pct = dimensions["pct"]
        return pd.DataFrame({"satisfaction": [pct.mean()], "dimensions": [int(pct.notna().sum())]})
    grouped = dimensions.groupby(by, observed=True, dropna=False, sort=True)["pct"]
    return pd.DataFrame({"satisfaction": grouped.mean(), "dimensions": grouped.count()}).reset_index()


def overall_satisfaction(
    satisfaction: pd.DataFrame,
    by: Sequence[str] = UNIT_PERIOD,
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Overall satisfaction per group of `by`: the mean of its (pooled) dimension figures.

    Default `by` gives each unit's figure per quarter; `("period",)` the whole
    office's; `("period", "level")` needs `units`.
    """
    return overall_from_dimensions(satisfaction_by_dimension(satisfaction, by, units), by)


def satisfaction_distribution(
    satisfaction: pd.DataFrame,
    by: Sequence[str] = ("period", "dimension"),
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of each of the 5 answer levels (percent of Σ answers) per group, for diverging bars.

    Columns: *by, answers, then one column per level in `LEVELS` order (NaN when
    answers is 0). Shares of a group add up to 100 when the level counts add up
    to the answers, as the loader checks.
    """
    counts = _counts(satisfaction, ("answers", *LEVELS))
    own = [c for c in dict.fromkeys([*by, "unit_code"]) if c in satisfaction.columns]
    work = satisfaction[own].assign(**counts)
    out = group_sums(work, by, ["answers", *LEVELS], units)
    for level in LEVELS:
        out[level] = percent(out[level], out["answers"])
    return out
