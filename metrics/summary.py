"""One quarter in one JSON-ready dict: reporting, the pooled figures, and every expected unit's figures.

Read off the tables the pages show (metrics.views), so the CLI's `summary` and the
dashboard give each figure the one way it is computed.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from core.catalogs import Catalogs
from core.periods import Period
from core.vocabulary import RATE
from metrics import views
from metrics.cumulative import fold
from metrics.frames import Frames
from metrics.reporting import period_code

DIGITS = 2
UNIT_FIGURES = (
    "tasks",
    "done",
    "completion_rate",
    "on_time_rate",
    "overdue",
    "satisfaction",
    "dimensions",
    "indicators",
    "par_score",
    "rank",
    "rank_of",
)


def _number(value: Any) -> float | None:
    """A figure rounded to 2 decimals, None for missing or not a number."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):  # pd.NA, pd.NaT, text
        return None
    return round(number, DIGITS) if math.isfinite(number) else None


def _count(value: Any) -> int | float | None:
    """A count: a Python int when whole, else a rounded float."""
    number = _number(value)
    if number is None:
        return None
    return int(number) if number.is_integer() else number


def period_summary(frames: Frames, catalogs: Catalogs, period: str | Period) -> dict[str, Any]:
    """The quarter (or span: `2026-H1`, `2026-9M`, `2026`) as JSON-ready values, figures as the pages
    round them (rates in percent, 2 decimals).

    Fields: period; submission (expected, submitted, rate, on_time, on_time_rate); overall
    (tasks, done, completion_rate, on_time_rate, overdue, satisfaction, dimensions, indicators,
    par_score); units, every expected unit in the registry's order, with None for every figure
    of a unit without a current report.
    """
    period = period_code(period)
    frames = fold(frames, [period])  # once for every view below

    def first(table) -> dict[str, Any]:
        return table.iloc[0].to_dict() if len(table) else {}

    def whole(value: Any) -> int:
        return int(_count(value) or 0)

    def values(table) -> dict[str, Any]:
        """{indicator: value} in catalog order; a count (not a rate) a whole number when whole."""
        return {code: _number(value) if kind == RATE else _count(value)
                for code, kind, value in zip(table["code"], table["kind"], table["value"], strict=True)}  # fmt: skip

    def percents(table) -> dict[str, Any]:
        """{factor: satisfied share} in catalog order, for the factors that had answers."""
        asked = table.loc[table["answers"].notna()]
        return dict(zip(asked["dimension"], map(_number, asked["pct"]), strict=True))

    def by_unit(table, key: str, value: Any) -> dict[str, dict[str, Any]]:
        """{unit: {key: value(row)}} in the table's order, in one pass over its rows."""
        out: dict[str, dict[str, Any]] = {}
        for row in table.to_dict("records"):
            out.setdefault(row["unit_code"], {})[row[key]] = value(row)
        return out

    reporting = first(views.reporting_by_period(frames, catalogs, [period]))
    pooled = first(views.trend(frames, catalogs, [period]))
    # Every expected unit (over a span: expected in any of its quarters), each table split by unit once.
    schools = views.school_table(frames, catalogs, period).sort_values("unit_code").to_dict("records")
    factors = views.school_dimensions(frames, catalogs, period)
    factors = by_unit(factors.loc[factors["answers"].notna()], "dimension", lambda r: _number(r["pct"]))
    indicators = by_unit(views.indicator_by_school(frames, catalogs, period), "code",
                         lambda r: _number(r["value"]) if r["kind"] == RATE else _count(r["value"]))  # fmt: skip

    units: list[dict[str, Any]] = []
    for row in schools:
        unit = row["unit_code"]
        entry: dict[str, Any] = {
            "unit_code": unit,
            "unit_name": row["unit_name"] if isinstance(row["unit_name"], str) else None,
            "level": row["level"] if isinstance(row["level"], str) else None,
            "reported": bool(row["reported"]),
        }
        if not entry["reported"]:
            units.append({**entry, **dict.fromkeys(UNIT_FIGURES)})
            continue
        rank = None if pd.isna(row["rank"]) else int(row["rank"])
        units.append(
            {
                **entry,
                "tasks": whole(row["tasks"]),
                "done": whole(row["done"]),
                "completion_rate": _number(row["completion_rate"]),
                "on_time_rate": _number(row["on_time_rate"]),
                "overdue": whole(row["overdue"]),
                "satisfaction": _number(row["satisfaction"]),
                "dimensions": factors.get(unit, {}),
                "indicators": indicators.get(unit, {}),
                "par_score": _number(row["par_score"]),
                "rank": rank,
                "rank_of": int(row["rank_of"]) if rank is not None else None,
            }
        )

    return {
        "period": period,
        "submission": {
            "expected": whole(reporting.get("expected")),
            "submitted": whole(reporting.get("submitted")),
            "rate": _number(reporting.get("rate")),
            "on_time": whole(reporting.get("on_time")),
            "on_time_rate": _number(reporting.get("on_time_rate")),
        },
        "overall": {
            "tasks": whole(pooled.get("tasks")),
            "done": whole(pooled.get("done")),
            "completion_rate": _number(pooled.get("completion_rate")),
            "on_time_rate": _number(pooled.get("on_time_rate")),
            "overdue": whole(pooled.get("overdue")),
            "satisfaction": _number(pooled.get("satisfaction")),
            "dimensions": percents(views.dimension_table(frames, catalogs, period, None)),
            "indicators": values(views.indicator_table(frames, catalogs, period)),
            "par_score": _number(pooled.get("par_score")),
        },
        "units": units,
    }


def with_plan_completion(summary: dict[str, Any], plans: pd.DataFrame) -> dict[str, Any]:
    """The summary with `plan_completion` on the overall block (pooled over its units with a plan) and on
    each unit (None for a unit without a plan); `plans` as metrics.plan_completion gives it."""
    by_unit = {u: (due, done, rate) for u, due, done, rate in plans[["unit_code", "due", "done", "plan_completion"]]
               .itertuples(index=False)}  # fmt: skip
    units = [{**unit, "plan_completion": _number(by_unit.get(unit["unit_code"], (0, 0, None))[2])}
             for unit in summary["units"]]  # fmt: skip
    mine = [by_unit[u["unit_code"]] for u in summary["units"] if u["unit_code"] in by_unit]
    due = sum(d for d, _, _ in mine)
    overall = {
        **summary["overall"],
        "plan_completion": _number(sum(n for _, n, _ in mine) / due * 100) if due else None,
    }
    return {**summary, "overall": overall, "units": units}
