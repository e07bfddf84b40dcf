"""A school's year of PAR self-assessment as the appraisal council reads it, item by item (pure pandas).

One row per item the school is scored on in the year's framework (core.frameworks): a
criterion or sub-criterion where its self-assessment names them, the whole field where it
scores the field, and the framework's bonus and penalty lines. Each row carries the
self-assessed points, the school's explanation, the evidence attached to the item (or to
an item above it), the office's appraised points and reason, and the two flags the
framework's rule sets: a point above 0 with neither evidence nor explanation, and an
appraised point that differs from the self-assessment without a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from core.frameworks import ADJUSTMENT, PENALTY, Framework

COLUMNS = [
    "item",
    "name",
    "field",
    "level",
    "kind",
    "max_points",
    "self_points",
    "explanation",
    "evidence",
    "appraised_points",
    "reason",
    "unsupported",
    "needs_reason",
]


def appraisal_items(
    framework: Framework,
    self_rows: Iterable[Mapping[str, Any]],
    appraised: Mapping[str, Mapping[str, Any]],
    evidence: Iterable[Mapping[str, Any]],
) -> pd.DataFrame:
    """The rows the appraisal page shows (`COLUMNS`), in the framework's order, adjustments last.

    `self_rows`: the school's self-assessment of the year (field, criterion or None, max_points,
    self_points, explanation); `appraised`: item → {points, reason}; `evidence`: the files
    attached (file_name and field / criterion).
    """
    files = list(evidence)
    rows = []
    for own in self_rows:
        item = own.get("criterion") or own["field"]
        rows.append(_row(framework, item, own["max_points"], own["self_points"], own.get("explanation"),
                         appraised.get(item), files))  # fmt: skip
    for line in framework.adjustments:
        rows.append(_row(framework, line.code, line.max_points, None, None, appraised.get(line.code), files))
    order = {item.code: n for n, item in enumerate(framework.items)}
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.assign(_order=table["item"].map(order)).sort_values("_order", kind="stable").drop(columns="_order")


def _row(
    framework: Framework,
    item: str,
    maximum: float,
    own: float | None,
    explanation: str | None,
    office: Mapping[str, Any] | None,
    files: list[Mapping[str, Any]],
) -> dict[str, Any]:
    known = item in framework
    line = framework[item] if known else None
    above = _lineage(framework, item) if known else {item}
    names = [f["file_name"] for f in files if (f.get("criterion") or f.get("field")) in above]
    points = None if office is None else office.get("points")
    reason = None if office is None else (office.get("reason") or None)
    differs = points is not None and ((own is None and points != 0) or (own is not None and abs(points - own) > 1e-9))
    return {
        "item": item,
        "name": line.name if line else item,
        "field": framework.field_of(item) if known else item,
        "level": line.level if line else None,
        "kind": line.kind if line else None,
        "max_points": float(maximum),
        "self_points": own,
        "explanation": explanation or None,
        "evidence": names,
        "appraised_points": points,
        "reason": reason,
        "unsupported": bool(own and own > 0 and not names and not explanation),
        "needs_reason": bool(differs and not reason),
    }


def _lineage(framework: Framework, code: str) -> set[str]:
    """The item and every item above it: evidence attached to a field backs its criteria too."""
    found = {code}
    while (parent := framework[code].parent) is not None:
        found.add(parent)
        code = parent
    return found


def final_points(items: pd.DataFrame) -> dict[str, float]:
    """Σ points counted (appraised where given, else self-assessed; a penalty subtracts) and Σ maximum.

    Keys: self, final, max_points, score (final / max × 100, within 0–100; None without a maximum).
    """
    scored = items.loc[items["level"].ne(ADJUSTMENT)]
    adjust = items.loc[items["level"].eq(ADJUSTMENT)]
    own = float(scored["self_points"].fillna(0).sum())
    final = float(scored["appraised_points"].fillna(scored["self_points"]).fillna(0).sum())
    sign = adjust["kind"].map(lambda k: -1.0 if k == PENALTY else 1.0)
    final += float((adjust["appraised_points"].fillna(0) * sign).sum())
    maximum = float(scored["max_points"].sum())
    score = None if maximum == 0 else min(100.0, max(0.0, final / maximum * 100))
    return {"self": own, "final": final, "max_points": maximum, "score": score}
