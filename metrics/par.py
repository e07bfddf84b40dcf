"""PAR self-assessment scores.

score = Σ points / Σ max_points of the fields reported × 100, where a field's
points are its appraised points when given, else its self-assessed points.
Pooled over units the same way: Σ points / Σ max_points.

`max_points` comes from the stored rows (the catalog's value when the report was
loaded, since a framework's points may change from year to year); the catalog
only fills a missing one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.catalogs import Catalog, ParField, default_catalogs
from metrics.tasks import UNIT_PERIOD, group_sums, lookup, percent

PAR_SUMS = ["points", "max_points", "fields"]


def _catalog(catalog: Catalog[ParField] | None) -> Catalog[ParField]:
    return default_catalogs().par_fields if catalog is None else catalog


def field_points(self_assessment: pd.DataFrame, catalog: Catalog[ParField] | None = None) -> pd.DataFrame:
    """Per row: points (appraised, else self), max_points, and `fields` = 1 when usable.

    A row without any points or maximum is not usable: it adds nothing to either sum.
    """
    appraised = pd.to_numeric(self_assessment["appraised_points"], errors="coerce").astype("float64")
    own = pd.to_numeric(self_assessment["self_points"], errors="coerce").astype("float64")
    points = appraised.where(appraised.notna(), own)
    maximum = pd.to_numeric(self_assessment["max_points"], errors="coerce").astype("float64")
    if maximum.isna().any():
        maxima = {f.code: f.max_points for f in _catalog(catalog)}
        fallback = lookup(self_assessment["field"], maxima, np.nan, "float64")
        maximum = maximum.fillna(pd.Series(fallback, index=maximum.index))
    usable = points.notna() & maximum.notna()
    return self_assessment.assign(
        points=points.where(usable, 0.0),
        max_points=maximum.where(usable, 0.0),
        fields=usable.astype("int64"),
    )


def par_scores(
    self_assessment: pd.DataFrame,
    by: Sequence[str] = UNIT_PERIOD,
    units: pd.DataFrame | None = None,
    catalog: Catalog[ParField] | None = None,
) -> pd.DataFrame:
    """PAR score per group of `by`. Columns: *by, points, max_points, fields, score (NaN without fields)."""
    rows = field_points(self_assessment, catalog)
    own = [c for c in dict.fromkeys([*by, "unit_code"]) if c in rows.columns]
    out = group_sums(rows[[*own, *PAR_SUMS]], by, PAR_SUMS, units)
    out["score"] = percent(out["points"], out["max_points"]).clip(0.0, 100.0)  # a bonus line adds no maximum
    return out


def par_field_scores(
    self_assessment: pd.DataFrame,
    by: Sequence[str] = UNIT_PERIOD,
    units: pd.DataFrame | None = None,
    catalog: Catalog[ParField] | None = None,
) -> pd.DataFrame:
    """Per group of `by` and PAR field, in catalog order: points against the maximum.

    Columns: *by, field, points, max_points, fields (reports pooled), gap
    (= max_points − points, the points still to earn), score (points / max × 100).
    """
    catalog = _catalog(catalog)
    rows = field_points(self_assessment, catalog)
    own = [c for c in dict.fromkeys([*by, "unit_code", "field"]) if c in rows.columns]
    out = group_sums(rows[[*own, *PAR_SUMS]], [*by, "field"], PAR_SUMS, units)
    out["gap"] = (out["max_points"] - out["points"]).where(out["fields"] > 0)
    out["score"] = percent(out["points"], out["max_points"])
    order = lookup(out["field"], {code: n for n, code in enumerate(catalog.codes())}, len(catalog), "int64")
    out = out.assign(_order=order).sort_values([*by, "_order", "field"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)
