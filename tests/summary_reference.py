"""The quarter's summary computed a second, independent way (straight from the metrics functions).

`metrics.summary.period_summary` reads the tables the pages show (metrics.views); the tests
hold it to this reference, so a figure that drifts between the two is caught.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from core.catalogs import Catalogs
from core.periods import Period
from metrics.frames import Frames
from metrics.indicators import indicator_values
from metrics.par import par_scores
from metrics.ranking import rank_with_ties
from metrics.reporting import period_code, reporting_rates, submission_status
from metrics.satisfaction import overall_from_dimensions, satisfaction_by_dimension
from metrics.summary import DIGITS, UNIT_FIGURES, _count, _number
from metrics.tasks import lookup, member, pool_task_stats, task_stats

TASK_FIGURES = ["tasks", "done", "completion_rate", "on_time_rate", "overdue"]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _rows_of(df: pd.DataFrame, code: str, reported: pd.Series) -> pd.DataFrame:
    """The rows of `df` for the quarter from units with a current report that were expected."""
    in_period = df.loc[df["period"].astype(str).eq(code).to_numpy()]
    return in_period.loc[member(in_period["unit_code"], reported)]


def _figure_dicts(df: pd.DataFrame, key: str, value: str, order: list[str], count_keys=()) -> dict:
    """{unit_code: {code: figure}} with codes in catalog order, from a long table."""
    out: dict[str, dict[str, Any]] = {}
    if df.empty:
        return out
    rank = {code: n for n, code in enumerate(order)}
    df = df.assign(_order=lookup(df[key], rank, len(rank), "int64")).sort_values(["unit_code", "_order"], kind="stable")
    units, codes = df["unit_code"].tolist(), df[key].tolist()
    figures = [
        round(f, DIGITS) if math.isfinite(f) else None
        for f in df[value].to_numpy(dtype="float64", na_value=np.nan).tolist()
    ]
    for unit, code, figure in zip(units, codes, figures, strict=True):
        out.setdefault(unit, {})[code] = _count(figure) if code in count_keys else figure
    return out


def _records_by_unit(df: pd.DataFrame, columns: list[str]) -> dict[str, dict[str, Any]]:
    """{unit_code: {column: value}} from a frame indexed by unit_code, without per-row pandas calls."""
    rows = zip(*(df[c].tolist() for c in columns), strict=True)
    return {unit: dict(zip(columns, row, strict=True)) for unit, row in zip(df.index.tolist(), rows, strict=True)}


def _pooled_dict(df: pd.DataFrame, key: str, value: str, order: list[str], count_keys=()) -> dict:
    figures = dict(zip(df[key], df[value], strict=True))
    return {
        code: _count(figures[code]) if code in count_keys else _number(figures[code])
        for code in order
        if code in figures
    }


def reference_summary(frames: Frames, catalogs: Catalogs, period: str | Period) -> dict[str, Any]:
    """The quarter's figures as plain Python values (rates in percent, 2 decimals, None where undefined).

    Only the expected units' current reports count. `units` lists every expected
    unit by unit_code; one without a current report has `reported` False and None
    for every figure. `rank` orders the reporting units by completion rate (as
    shown, 2 decimals), ties sharing a rank; `rank_of` is the number of ranked units.
    """
    code = period_code(period)
    status = submission_status(frames.units, frames.submissions, code, frames.quarters)
    rates = reporting_rates(status, by=()).iloc[0]
    reported = status.loc[status["submitted"].to_numpy(), "unit_code"]

    dimension_codes = catalogs.dimensions.codes()
    indicator_codes = catalogs.indicators.codes()
    count_indicators = {i.code for i in catalogs.indicators if not i.is_rate}

    # Tasks
    unit_tasks = task_stats(_rows_of(frames.tasks, code, reported)).set_index("unit_code")
    total_tasks = pool_task_stats(unit_tasks).iloc[0]

    # Satisfaction: only the catalog's dimensions
    survey = _rows_of(frames.satisfaction, code, reported)
    survey = survey.loc[member(survey["dimension"], dimension_codes)]
    unit_dims = satisfaction_by_dimension(survey)
    pooled_dims = satisfaction_by_dimension(survey, by=())
    unit_overall = overall_from_dimensions(unit_dims).set_index("unit_code")["satisfaction"]
    pooled_overall = overall_from_dimensions(pooled_dims, by=())["satisfaction"].iloc[0]

    # Indicators
    indicator_rows = _rows_of(frames.indicators, code, reported)
    unit_indicators = indicator_values(indicator_rows, catalogs.indicators)
    pooled_indicators = indicator_values(indicator_rows, catalogs.indicators, by=())

    # PAR
    assessment = _rows_of(frames.self_assessment, code, reported)
    unit_par = par_scores(assessment, catalog=catalogs.par_fields).set_index("unit_code")["score"]
    pooled_par = par_scores(assessment, by=(), catalog=catalogs.par_fields)["score"].iloc[0]

    # Ranks by the completion rate as shown
    task_rows = _records_by_unit(unit_tasks, TASK_FIGURES)
    shown = pd.Series(
        [_number(task_rows[u]["completion_rate"]) if u in task_rows else None for u in reported],
        index=reported.to_numpy(),
        dtype="float64",
    )
    ranks = {u: int(r) for u, r in rank_with_ties(shown).dropna().items()}
    ranked = len(ranks)

    satisfaction_of = dict(zip(unit_overall.index.tolist(), unit_overall.tolist(), strict=True))
    par_of = dict(zip(unit_par.index.tolist(), unit_par.tolist(), strict=True))
    dims_by_unit = _figure_dicts(unit_dims, "dimension", "pct", dimension_codes)
    indicators_by_unit = _figure_dicts(unit_indicators, "code", "value", indicator_codes, count_indicators)
    no_tasks = {"tasks": 0, "done": 0, "completion_rate": None, "on_time_rate": None, "overdue": 0}

    units: list[dict[str, Any]] = []
    blank = [None] * len(status)
    for unit, name, level, submitted in zip(
        status["unit_code"].tolist(),
        status["unit_name"].tolist() if "unit_name" in status else blank,
        status["level"].tolist() if "level" in status else blank,
        status["submitted"].tolist(),
        strict=True,
    ):
        entry: dict[str, Any] = {
            "unit_code": unit,
            "unit_name": _text(name),
            "level": _text(level),
            "reported": bool(submitted),
        }
        if submitted:
            counts = task_rows.get(unit, no_tasks)
            rank = ranks.get(unit)
            entry.update(
                tasks=int(counts["tasks"]),
                done=int(counts["done"]),
                completion_rate=_number(counts["completion_rate"]),
                on_time_rate=_number(counts["on_time_rate"]),
                overdue=int(counts["overdue"]),
                satisfaction=_number(satisfaction_of.get(unit)),
                dimensions=dims_by_unit.get(unit, {}),
                indicators=indicators_by_unit.get(unit, {}),
                par_score=_number(par_of.get(unit)),
                rank=rank,
                rank_of=ranked if rank is not None else None,
            )
        else:
            entry.update(dict.fromkeys(UNIT_FIGURES))
        units.append(entry)

    return {
        "period": code,
        "submission": {
            "expected": int(rates["expected"]),
            "submitted": int(rates["submitted"]),
            "rate": _number(rates["rate"]),
            "on_time": int(rates["on_time"]),
            "on_time_rate": _number(rates["on_time_rate"]),
        },
        "overall": {
            "tasks": int(total_tasks["tasks"]),
            "done": int(total_tasks["done"]),
            "completion_rate": _number(total_tasks["completion_rate"]),
            "on_time_rate": _number(total_tasks["on_time_rate"]),
            "overdue": int(total_tasks["overdue"]),
            "satisfaction": _number(pooled_overall),
            "dimensions": _pooled_dict(pooled_dims, "dimension", "pct", dimension_codes),
            "indicators": _pooled_dict(pooled_indicators, "code", "value", indicator_codes, count_indicators),
            "par_score": _number(pooled_par),
        },
        "units": units,
    }
