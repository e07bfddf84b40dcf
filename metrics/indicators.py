"""Indicator figures: value per unit and pooled, whether the target is met, how many units meet it.

A rate indicator's value is Kết quả / Tổng số × 100 (Σ Kết quả / Σ Tổng số × 100
when pooled); a count indicator's value is Kết quả (Σ Kết quả when pooled).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.catalogs import Catalog, Indicator, default_catalogs
from core.vocabulary import LOWER, RATE
from metrics.tasks import UNIT_PERIOD, attach_unit_columns, group_sums, lookup, member, percent

INDICATOR_SUMS = ["result", "total", "reports"]


def _catalog(catalog: Catalog[Indicator] | None) -> Catalog[Indicator]:
    return default_catalogs().indicators if catalog is None else catalog


def met_flags(values: pd.Series, codes: pd.Series, catalog: Catalog[Indicator]) -> pd.Series:
    """Vectorised `Indicator.is_met`: True/False, <NA> when the value is missing or there is no target."""
    targets = lookup(codes, {i.code: i.target for i in catalog}, np.nan, "float64")
    lower = lookup(codes, {i.code: i.direction == LOWER for i in catalog}, False, bool)
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        met = np.where(lower, numbers <= targets, numbers >= targets)
    unknown = np.isnan(numbers) | np.isnan(targets)
    return pd.Series(pd.arrays.BooleanArray(met.astype(bool), unknown), index=values.index, name="met")


def indicator_values(
    indicators: pd.DataFrame,
    catalog: Catalog[Indicator] | None = None,
    by: Sequence[str] = UNIT_PERIOD,
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per group of `by` and indicator code, in catalog order within a group.

    Columns: *by, code, kind, result, total, reports, value, target, met.
    - rate: value = Σ result / Σ total × 100, NaN when Σ total is 0; rows of a
      rate indicator without a total count in neither sum.
    - count: value = Σ result; total is NaN.
    - reports: how many rows (unit reports) went into the figure.
    - met: `Indicator.is_met` of the value (<NA> without a target or a value).
    Codes not in the catalog are left out.
    """
    catalog = _catalog(catalog)
    kinds = {i.code: i.kind for i in catalog}
    rows = indicators.loc[member(indicators["code"], kinds)]
    is_rate = lookup(rows["code"], kinds, None, object) == RATE
    result = pd.to_numeric(rows["result"], errors="coerce").astype("float64")
    total = pd.to_numeric(rows["total"], errors="coerce").astype("float64")
    usable = result.notna().to_numpy() & (~is_rate | total.notna().to_numpy())
    own = [c for c in dict.fromkeys([*by, "unit_code", "code"]) if c in rows.columns]
    work = rows[own].assign(
        result=result.where(usable, 0.0),
        total=total.where(usable & is_rate, 0.0),
        reports=usable.astype("int64"),
    )
    out = group_sums(work, [*by, "code"], INDICATOR_SUMS, units)
    kind = pd.Series(lookup(out["code"], kinds, None, object), index=out.index, dtype="str")
    rate = kind.eq(RATE).to_numpy()
    out.insert(len(out.columns) - 3, "kind", kind)
    out["total"] = out["total"].where(rate)
    value = pd.Series(np.where(rate, percent(out["result"], out["total"]), out["result"]), index=out.index)
    out["value"] = value.where(out["reports"] > 0).astype("float64")
    out["target"] = lookup(out["code"], {i.code: i.target for i in catalog}, np.nan, "float64")
    out["met"] = met_flags(out["value"], out["code"], catalog)
    order = lookup(out["code"], {code: n for n, code in enumerate(kinds)}, len(kinds), "int64")
    keys = [*by, "_order"]
    out = out.assign(_order=order).sort_values(keys, kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)


def indicator_attainment(
    values: pd.DataFrame,
    by: Sequence[str] = ("period",),
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How many units meet each indicator, from per-unit `indicator_values`.

    Columns: *by, code, units (units with a value), met, not_met. For an indicator
    without a target met and not_met are <NA>. Group by registry columns
    (`("period", "ward")`) by passing `units`.
    """
    values = attach_unit_columns(values, by, units)
    keys = [*by, "code"]
    work = values[keys].assign(
        units=values["value"].notna().astype("int64"),
        met=values["met"].eq(True).fillna(False).astype("int64"),
        not_met=values["met"].eq(False).fillna(False).astype("int64"),
        has_target=values["target"].notna().astype("int64"),
    )
    out = work.groupby(keys, observed=True, dropna=False, sort=False).sum().reset_index()
    no_target = out["has_target"].eq(0)
    for column in ("met", "not_met"):
        out[column] = out[column].astype("Int64").mask(no_target)
    return out.drop(columns="has_target")
