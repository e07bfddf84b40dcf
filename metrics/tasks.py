"""Task figures: completion, on-time completion and overdue tasks, per unit and pooled.

Every figure is computed from counts: a unit's rates are its done / tasks, and a
group's rates are Σ done / Σ tasks over its units (pooled), never a mean of the
units' rates. The helpers `percent`, `group_sums` and `attach_unit_columns` are
shared by the other metrics modules.

Rates in the DataFrames are float percentages 0–100 with NaN where the
denominator is 0 (the summary turns NaN into None).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.periods import last_day_of
from core.vocabulary import DONE

UNIT_PERIOD: tuple[str, ...] = ("unit_code", "period")
TASK_COUNTS = ["tasks", "done", "done_on_time", "overdue"]


# ---------------------------------------------------------------- shared helpers


def percent(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator × 100 as float, NaN where the denominator is 0 or missing."""
    num = pd.to_numeric(numerator, errors="coerce").astype("float64")
    den = pd.to_numeric(denominator, errors="coerce").astype("float64")
    return num / den.where(den > 0) * 100.0


def attach_unit_columns(df: pd.DataFrame, columns: Sequence[str], units: pd.DataFrame | None) -> pd.DataFrame:
    """`df` with the registry's `columns` (level, ward, unit_name…) joined on unit_code.

    Columns `df` already has are left as they are; a unit missing from the
    registry gets NaN. `df` is not changed: a new frame is returned.
    """
    extra = [c for c in dict.fromkeys(columns) if c not in df.columns]
    if not extra:
        return df
    if units is None:
        raise KeyError(f"columns {extra} are not in the table: pass the units table")  # a caller's mistake
    registry = units[["unit_code", *extra]].drop_duplicates("unit_code")
    # As `df.merge(registry, on="unit_code", how="left")` gives it, by position rather than through a join.
    at = pd.Index(registry["unit_code"]).get_indexer(df["unit_code"])
    out = df.reset_index(drop=True)
    for column in extra:
        out[column] = registry[column].array.take(at, allow_fill=True)
    return out


def group_sums(
    df: pd.DataFrame,
    by: Sequence[str],
    columns: Sequence[str],
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Σ of `columns` per group of `by` (a group key may be a registry column such as `ward`).

    With `by` empty the answer is one row of grand totals. Rows whose key is
    missing form their own group (NaN), they are never dropped.
    """
    by = list(dict.fromkeys(by))
    columns = list(columns)
    if not by:
        return pd.DataFrame({c: [df[c].sum()] for c in columns})
    own = [c for c in by if c in df.columns]
    if len(own) < len(by):
        # Reduce to one row per unit first, then join the registry: cheaper than
        # joining every task row.
        keys = list(dict.fromkeys([*own, "unit_code"]))
        df = df.groupby(keys, observed=True, dropna=False, sort=False)[columns].sum().reset_index()
        df = attach_unit_columns(df, by, units)
    return df.groupby(by, observed=True, dropna=False, sort=True)[columns].sum().reset_index()


def lookup(values: pd.Series, mapping: dict, default: object = None, dtype: object = None) -> np.ndarray:
    """`values` mapped through `mapping` (missing keys and values give `default`), as a numpy array.

    Goes through the distinct values only: much faster than `Series.map` on
    string columns of hundreds of thousands of rows.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.array([mapping.get(u, default) for u in uniques] + [default], dtype=dtype)
    return table[codes]  # the sentinel -1 picks the trailing default


def member(values: pd.Series, allowed: object) -> np.ndarray:
    """Boolean array: is each value one of `allowed` (any iterable)? Missing values are not."""
    allowed = set(allowed.tolist() if isinstance(allowed, pd.Series | pd.Index) else allowed)
    stored = getattr(values.array, "_pa_array", None)  # text held by Arrow: compared there, without a Python loop
    if stored is not None and _is_text(stored.type) and all(isinstance(value, str) for value in allowed):
        found = pc.is_in(stored, value_set=pa.array(sorted(allowed), type=stored.type))
        return np.asarray(found.fill_null(False), dtype=bool)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    hits = np.fromiter((u in allowed for u in uniques), dtype=bool, count=len(uniques))
    return np.append(hits, False)[codes]


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def as_day(values: pd.Series) -> pd.Series:
    """Dates or datetimes as datetime64 at midnight (NaT where missing)."""
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce")
    return values.dt.normalize()


def period_last_days(periods: pd.Series) -> np.ndarray:
    """The last day of each row's quarter or span, as datetime64[ns] (NaT where the period is missing)."""
    codes, uniques = pd.factorize(periods, use_na_sentinel=True)
    last = [np.datetime64(last_day_of(str(code)), "ns") for code in uniques]
    return np.array([*last, np.datetime64("NaT", "ns")], dtype="datetime64[ns]")[codes]


# ---------------------------------------------------------------- task figures


def task_flags(tasks: pd.DataFrame, as_of: date | None = None) -> pd.DataFrame:
    """Per task row: done, done_on_time and overdue as booleans (same index as `tasks`).

    - done: status "done".
    - done_on_time: done with done_on ≤ deadline (a done task without a date is not on time).
    - overdue: not done and deadline earlier than the quarter's last day, or than
      `as_of` when given (a deadline equal to that day is not overdue).
    """
    done = tasks["status"].eq(DONE).fillna(False).to_numpy(dtype=bool)
    deadline = as_day(tasks["deadline"])
    done_on = as_day(tasks["done_on"])
    on_time = done & (done_on <= deadline).to_numpy(dtype=bool)
    if as_of is None:
        reference = period_last_days(tasks["period"])
    else:
        reference = np.datetime64(pd.Timestamp(as_of).normalize().to_datetime64(), "ns")
    overdue = ~done & (deadline.to_numpy(dtype="datetime64[ns]") < reference)
    return pd.DataFrame(
        {"done": done, "done_on_time": on_time, "overdue": overdue},
        index=tasks.index,
    )


def _with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    counts = counts.astype({c: "int64" for c in TASK_COUNTS})
    counts["completion_rate"] = percent(counts["done"], counts["tasks"])
    counts["on_time_rate"] = percent(counts["done_on_time"], counts["done"])
    return counts


def task_stats(
    tasks: pd.DataFrame,
    by: Sequence[str] = UNIT_PERIOD,
    units: pd.DataFrame | None = None,
    as_of: date | None = None,
) -> pd.DataFrame:
    """Counts and rates of tasks per group of `by`.

    Columns: *by, tasks, done, done_on_time, overdue, completion_rate, on_time_rate.
    Default `by` gives one row per (unit_code, period); `("unit_code", "period",
    "field")` gives each unit's figures by PAR field; `("period", "field")` pools
    fields over units; `("period", "ward")` needs `units` (registry columns are joined).
    Rates are pooled: Σ done / Σ tasks within the group.
    """
    flags = task_flags(tasks, as_of)
    own = [c for c in dict.fromkeys([*by, "unit_code"]) if c in tasks.columns]
    work = tasks[own].assign(
        tasks=1,
        done=flags["done"],
        done_on_time=flags["done_on_time"],
        overdue=flags["overdue"],
    )
    return _with_rates(group_sums(work, by, TASK_COUNTS, units))


def pool_task_stats(
    stats: pd.DataFrame,
    by: Sequence[str] = (),
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pool a table of task counts (as `task_stats` returns) into coarser groups.

    Sums the counts, then recomputes the rates from the sums. With `by` empty,
    one row of grand totals (tasks 0 and NaN rates when `stats` is empty).
    """
    return _with_rates(group_sums(stats, by, TASK_COUNTS, units))


def task_totals(stats: pd.DataFrame) -> dict[str, int | float | None]:
    """The grand totals of a task-count table as plain Python values (None for undefined rates)."""
    row = pool_task_stats(stats).iloc[0]
    out: dict[str, int | float | None] = {c: int(row[c]) for c in TASK_COUNTS}
    for c in ("completion_rate", "on_time_rate"):
        out[c] = None if pd.isna(row[c]) else float(row[c])
    return out


def overdue_tasks(tasks: pd.DataFrame, as_of: date | None = None) -> pd.DataFrame:
    """The overdue tasks, most late first, with `reference_date` and `days_late`.

    A task is overdue when it is not done and its deadline is earlier than the
    reference: the quarter's last day, or `as_of` when given. days_late =
    reference − deadline in days (≥ 1).
    """
    flags = task_flags(tasks, as_of)
    late = tasks.loc[flags["overdue"].to_numpy()]
    if as_of is None:
        reference = pd.Series(period_last_days(late["period"]), index=late.index)
    else:
        reference = pd.Series(pd.Timestamp(as_of).normalize(), index=late.index, dtype="datetime64[ns]")
    days = (reference - as_day(late["deadline"])).dt.days.astype("int64")
    out = late.assign(reference_date=reference, days_late=days)
    return out.sort_values(["days_late", "unit_code"], ascending=[False, True], kind="stable")
