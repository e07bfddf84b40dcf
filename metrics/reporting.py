"""Reporting discipline: who was expected to report a quarter, who did, who did on time.

- Expected: units of the registry active in the quarter (active_from ≤ quarter ≤
  active_to, a missing bound being open).
- Submitted: an expected unit with a current report for the quarter.
- On time: a submitted unit whose first accepted report for the quarter (the
  earliest received_at, current or replaced) was received on or before the
  quarter's deadline day (set per quarter, else the 20th of its last month).
Both rates are over the expected units. Submissions of units not expected (or
not in the registry) count nowhere.

A span of quarters (`2026-H1`, `2026-9M`, `2026`) is its quarters' rows under the span's code:
reports expected are Σ over its quarters of the units expected, and so are those submitted and
on time (plan-and-year.md). The `quarter` column keeps the quarter each row is about.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from core.periods import Period, Span, canonical_code, period_from_code, quarters_of, within
from metrics.tasks import lookup, member

LOCAL_TIMEZONE = "Asia/Ho_Chi_Minh"
UNIT_ATTRIBUTES = ["unit_code", "unit_name", "level", "ward"]
STATUS_COLUMNS = [
    *UNIT_ATTRIBUTES,
    "period",
    "quarter",
    "submitted",
    "submission_id",
    "received_at",
    "first_received_at",
    "deadline",
    "on_time",
    "days_late",
]


def period_code(period: str | Period | Span) -> str:
    """The canonical code of a quarter or a span given as an object or as its code (validated)."""
    return canonical_code(period)


def quarter_code(period: str | Period) -> str:
    """The canonical code of a quarter (validated: a span is refused)."""
    return period.code if isinstance(period, Period) else period_from_code(str(period)).code


def _bound(values: pd.Series) -> np.ndarray:
    """active_from / active_to as period codes (an object array), None for an open bound."""
    present = [v for v in pd.unique(values.dropna()) if str(v).strip()]
    return lookup(values, {v: quarter_code(v) for v in present}, None, object)


def _active(start: np.ndarray, end: np.ndarray, code: str) -> np.ndarray:
    return np.array([within(code, s, e) for s, e in zip(start, end, strict=True)], dtype=bool)


def active_mask(units: pd.DataFrame, period: str | Period) -> pd.Series:
    """True for the registry rows active in `period` (codes "YYYY-Qn" compare in time order)."""
    mask = _active(_bound(units["active_from"]), _bound(units["active_to"]), quarter_code(period))
    return pd.Series(mask, index=units.index, dtype=bool)


def expected_units(units: pd.DataFrame, period: str | Period) -> pd.DataFrame:
    """The registry rows expected to report `period`, sorted by unit_code."""
    return units.loc[active_mask(units, period).to_numpy()].sort_values("unit_code", kind="stable")


def deadline_for(period: str | Period, quarters: pd.DataFrame | None = None) -> date:
    """The quarter's reporting deadline: the one set in `quarters`, else the 20th of its last month."""
    code = quarter_code(period)
    if quarters is not None and len(quarters):
        city = quarters if "ward" not in quarters.columns else quarters.loc[quarters["ward"].isna()]
        set_here = city.loc[city["period"].astype(str).eq(code), "deadline"].dropna()
        if len(set_here):
            return pd.Timestamp(set_here.iloc[0]).date()
    return period_from_code(code).default_deadline


def ward_deadlines(period: str | Period, quarters: pd.DataFrame | None = None) -> dict[str, date]:
    """The wards that set their own deadline for the quarter (rows of `quarters` with a `ward`): ward → day."""
    if quarters is None or "ward" not in quarters.columns or not len(quarters):
        return {}
    code = quarter_code(period)
    rows = quarters.loc[
        quarters["ward"].notna() & quarters["period"].astype(str).eq(code) & quarters["deadline"].notna()
    ]
    return {str(w): pd.Timestamp(d).date() for w, d in zip(rows["ward"], rows["deadline"], strict=True)}


def local_time(values: pd.Series) -> pd.Series:
    """received_at as naive local (Vietnam) datetimes; naive input is taken as local already."""
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce")
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert(LOCAL_TIMEZONE).dt.tz_localize(None)
    return values


def _status_one(
    units: pd.DataFrame, active: np.ndarray, submissions: pd.DataFrame, code: str, quarters: pd.DataFrame | None
) -> pd.DataFrame:
    expected = units.loc[active].sort_values("unit_code", kind="stable")
    attributes = [c for c in UNIT_ATTRIBUTES if c in expected.columns]
    status = expected[attributes].reset_index(drop=True).assign(period=code, quarter=code)
    subs = submissions.loc[submissions["period"].astype(str).eq(code).to_numpy()]
    subs = subs.loc[member(subs["unit_code"], status["unit_code"])]
    subs = subs.assign(received_at=local_time(subs["received_at"]))
    is_current = subs["is_current"].fillna(False).astype(bool).to_numpy()
    current = (
        subs.loc[is_current, ["unit_code", "submission_id", "received_at"]]
        .sort_values("received_at", kind="stable")
        .drop_duplicates("unit_code", keep="last")
    )
    first = subs.groupby("unit_code", observed=True)["received_at"].min().rename("first_received_at")
    status = status.merge(current, on="unit_code", how="left").merge(first.reset_index(), on="unit_code", how="left")
    deadline = deadline_for(code, quarters)
    first_day = status["first_received_at"].dt.normalize()
    own = ward_deadlines(code, quarters)  # a ward's office may set its schools' own deadline
    if own and "ward" in status.columns:
        status["deadline"] = status["ward"].map(own).where(status["ward"].isin(list(own)), deadline).astype(object)
    else:
        status["deadline"] = deadline
    day = pd.to_datetime(status["deadline"])
    status["submitted"] = status["submission_id"].notna()
    status["on_time"] = status["submitted"] & (first_day <= day).fillna(False)
    status["days_late"] = (first_day - day).dt.days.astype("Int64")
    return status.reindex(columns=[c for c in STATUS_COLUMNS if c in status.columns])


def submission_status(
    units: pd.DataFrame,
    submissions: pd.DataFrame,
    periods: str | Period | Iterable[str | Period],
    quarters: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per expected unit and quarter, sorted by period, quarter, then unit_code.

    A span asked for gives the rows of each of its quarters with `period` the span's code.
    Columns: unit_code, unit_name, level, ward, period, quarter, submitted (bool),
    submission_id and received_at (of the current report), first_received_at,
    deadline (date), on_time (bool), days_late (first report's day − deadline,
    negative when early, <NA> when none).
    """
    if isinstance(periods, str | Period):
        periods = [periods]
    codes = sorted(dict.fromkeys(period_code(p) for p in periods))
    frames = [_quarter_status(units, submissions, q.code, quarters).assign(period=code)
              for code in codes for q in quarters_of(code)]  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=STATUS_COLUMNS)
    return pd.concat(frames, ignore_index=True)


# A quarter's status, kept while its submissions table lives: the views of one page, a summary and a
# span's quarters ask for the same quarters of the same tables many times over.
_KEPT: dict[int, dict[str, tuple]] = {}  # id of a submissions table → quarter → (units, quarters, status)


def _kept_for(submissions: pd.DataFrame) -> dict[str, tuple]:
    key = id(submissions)
    if key not in _KEPT:
        _KEPT[key] = {}
        weakref.finalize(submissions, _KEPT.pop, key, None)  # forgotten with the table (and its id's reuse)
    return _KEPT[key]


def _quarter_status(
    units: pd.DataFrame, submissions: pd.DataFrame, code: str, quarters: pd.DataFrame | None
) -> pd.DataFrame:
    kept = _kept_for(submissions)
    found = kept.get(code)
    if found is None or found[0] is not units or found[1] is not quarters:  # other tables: computed afresh
        start, end = _bound(units["active_from"]), _bound(units["active_to"])
        found = (units, quarters, _status_one(units, _active(start, end, code), submissions, code, quarters))
        kept[code] = found
    return found[2].copy()  # callers may add columns


def reporting_rates(
    status: pd.DataFrame,
    by: Sequence[str] = ("period",),
) -> pd.DataFrame:
    """Per group of `by` (registry columns are in `status`): expected, submitted, rate, on_time, on_time_rate.

    Rates are percentages over the expected units (NaN when none is expected).
    With `by` empty, one row pooling every row of `status`.
    """
    by = list(by)
    work = status.assign(
        expected=1,
        submitted=status["submitted"].astype("int64"),
        on_time=status["on_time"].astype("int64"),
    )
    columns = ["expected", "submitted", "on_time"]
    if by:
        out = work.groupby(by, observed=True, dropna=False, sort=True)[columns].sum().reset_index()
    else:
        out = pd.DataFrame({c: [int(work[c].sum())] for c in columns})
    expected = out["expected"].astype("float64").where(out["expected"] > 0)
    out.insert(len(by) + 2, "rate", out["submitted"] / expected * 100.0)
    out["on_time_rate"] = out["on_time"] / expected * 100.0
    return out


def missing_reports(status: pd.DataFrame) -> pd.DataFrame:
    """The expected units that have not reported (no current report), sorted by period, quarter and unit_code."""
    missing = status.loc[~status["submitted"].astype(bool).to_numpy()]
    return missing.sort_values(["period", "quarter", "unit_code"], kind="stable").reset_index(drop=True)


def late_reports(status: pd.DataFrame) -> pd.DataFrame:
    """The units that reported, but whose first report came after the deadline, most late first."""
    late = status.loc[(status["submitted"].astype(bool) & ~status["on_time"].astype(bool)).to_numpy()]
    return late.sort_values(["days_late", "unit_code"], ascending=[False, True], kind="stable").reset_index(drop=True)
