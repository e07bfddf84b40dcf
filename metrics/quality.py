"""Data-quality flags (../shared/spec/data-quality.md): values to look at twice, never a refusal. Pure pandas.

The values screened, per current report of a quarter (`screened_values`): each indicator's value
(a rate's share, a count's Kết quả) and a rate's Tổng số (`CODE:tong_so`); each satisfaction
factor's satisfied share and its Số phiếu (`CODE:so_phieu`); the number of tasks (`tasks`) and the
completion rate (`completion`).

The score of a value x against a set: 0.6745 × (x − median) / s with s = max(MAD, 10 % of |median|);
no score where s is 0. Flagged where |score| > 3.5:
- outlier-across: against the units of the same school level in the quarter (at least 5 with a value),
  for the items that do not grow with a school's size (not `…:tong_so`, `…:so_phieu` nor `tasks`);
- outlier-history: against the unit's own previous quarters (at least 3, the latest 8).
And: copied (two units' reports with the same tasks and indicator figures), survey-repeated (the
same survey counts as the unit's previous quarter, at least 20 answers a factor). Every step is a
group-wise computation over all units at once (a city's quarter is screened in well under a second).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.catalogs import Catalogs
from core.periods import period_from_code
from core.vocabulary import ANSWER_LEVELS, DONE, RATE, SATISFIED_LEVELS
from metrics.frames import Frames
from metrics.tasks import member

FLAG_COLUMNS = ["unit_code", "period", "kind", "item", "value", "reference", "score", "submission_id"]
OUTLIER_ACROSS, OUTLIER_HISTORY, COPIED, SURVEY_REPEATED = (
    "outlier-across",
    "outlier-history",
    "copied",
    "survey-repeated",
)
WENT_BACK, MISSING = "went-back", "missing"  # the plan's continuity flags (metrics.continuity), listed here too
KINDS = (OUTLIER_ACROSS, OUTLIER_HISTORY, COPIED, SURVEY_REPEATED, WENT_BACK, MISSING)

THRESHOLD = 3.5
CONSISTENCY = 0.6745  # makes the MAD comparable to a standard deviation for normal data
FLOOR = 0.10  # s is at least 10 % of |median|: a steady series does not flag every small change
MIN_UNITS, MIN_QUARTERS, MAX_QUARTERS = 5, 3, 8
MIN_ANSWERS = 20  # a factor's answers for a repeated survey to mean anything
SIZE_SUFFIXES = (":tong_so", ":so_phieu")
SIZE_ITEMS = ("tasks",)  # items that grow with a school's size: no comparison across schools


def screened_values(frames: Frames, catalogs: Catalogs) -> pd.DataFrame:
    """unit_code, period, submission_id, item, value of every current report's screened items (long form)."""
    return pd.concat(
        [_indicator_values(frames, catalogs), _survey_values(frames, catalogs), _task_values(frames)],
        ignore_index=True,
    )


def _indicator_values(frames: Frames, catalogs: Catalogs) -> pd.DataFrame:
    rows = frames.indicators.loc[member(frames.indicators["code"], catalogs.indicators.codes())]
    kinds = {i.code: i.kind for i in catalogs.indicators}
    rate = rows["code"].map(kinds).eq(RATE).to_numpy()
    total = rows["total"].astype("float64")
    value = np.where(rate, rows["result"] / total.where(total > 0), rows["result"])
    keys = rows[["unit_code", "period", "submission_id"]]
    own = keys.assign(item=rows["code"].to_numpy(), value=value)
    totals = keys.loc[rate].assign(item=rows.loc[rate, "code"] + ":tong_so", value=total[rate].to_numpy())
    return pd.concat([own, totals], ignore_index=True)


def _survey_values(frames: Frames, catalogs: Catalogs) -> pd.DataFrame:
    rows = frames.satisfaction.loc[member(frames.satisfaction["dimension"], catalogs.dimensions.codes())]
    answers = rows["answers"].astype("float64")
    satisfied = rows[list(SATISFIED_LEVELS)].sum(axis=1).astype("float64")
    keys = rows[["unit_code", "period", "submission_id"]]
    share = keys.assign(item=rows["dimension"].to_numpy(), value=(satisfied / answers.where(answers > 0)).to_numpy())
    size = keys.assign(item=rows["dimension"] + ":so_phieu", value=answers.to_numpy())
    return pd.concat([share, size], ignore_index=True)


def _task_values(frames: Frames) -> pd.DataFrame:
    tasks = frames.tasks
    reports, first, each, count = np.unique(
        tasks["submission_id"].to_numpy(dtype=np.int64), return_index=True, return_inverse=True, return_counts=True
    )
    done = np.bincount(each.reshape(-1), weights=tasks["status"].eq(DONE).to_numpy(), minlength=len(reports))
    keys = tasks[["unit_code", "period", "submission_id"]].take(first)
    # by unit, quarter, report: the order a grouping by the three gives
    order = np.lexsort((reports, _ranks(keys["period"]), _ranks(keys["unit_code"])))
    keys, count, done = keys.take(order).reset_index(drop=True), count[order], done[order]
    number = keys.assign(item="tasks", value=count.astype("float64"))
    completion = keys.assign(item="completion", value=done / count)
    return pd.concat([number, completion], ignore_index=True)


# ---------------------------------------------------------------- scores


def robust_scores(values: pd.Series, groups: list[pd.Series] | pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(score, median, count) of each value against the values of its group; the score NaN where s is 0."""
    group, size = _group_codes(groups if isinstance(groups, list) else [groups])
    numbers = values.to_numpy(dtype=np.float64)
    median, count = group_medians(group, numbers, size)
    mad, _ = group_medians(group, np.abs(numbers - median[group]), size)
    score = _score(numbers, median[group], mad[group])
    index = values.index
    return pd.Series(score, index=index), pd.Series(median[group], index=index), pd.Series(count[group], index=index)


def group_medians(group: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(median, count) of the values (NaN left out) of each group 0…size-1, as pandas' grouped median gives them."""
    kept = ~np.isnan(values)
    group, values = group[kept], values[kept]
    order = np.lexsort((values, group))
    ordered = values[order]
    count = np.bincount(group, minlength=size)
    start = np.cumsum(count) - count
    low, high = start + (count - 1) // 2, start + count // 2
    some = count > 0
    median = np.full(size, np.nan)
    # the middle value, or the mean of the two middle ones (their sum halved, as pandas does)
    median[some] = np.where(count[some] % 2 == 1, ordered[low[some]], (ordered[high[some]] + ordered[low[some]]) / 2)
    return median, count


def _group_codes(keys: list[pd.Series]) -> tuple[np.ndarray, int]:
    """One integer per distinct combination of the keys (a missing key is a value of its own), and how many."""
    code = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        part, uniques = pd.factorize(key, use_na_sentinel=False)
        code = code * (len(uniques) + 1) + part
    dense, inverse = np.unique(code, return_inverse=True)
    return inverse.reshape(-1), len(dense)


def _score(values: np.ndarray, median: np.ndarray, mad: np.ndarray) -> np.ndarray:
    spread = np.maximum(mad, FLOOR * np.abs(median))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # as pandas: inf and NaN, said nothing
        return CONSISTENCY * (values - median) / np.where(spread > 0, spread, np.nan)


def outliers_across(values: pd.DataFrame, units: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's values far from those of the other units of the same school level."""
    return outliers_among(with_levels(across_values(values, period), units))


def across_values(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's values that are compared across units: not those that grow with a school's size."""
    now = values.loc[values["period"].eq(period).to_numpy() & values["value"].notna().to_numpy()]
    return now.loc[~(now["item"].isin(SIZE_ITEMS) | now["item"].str.endswith(SIZE_SUFFIXES)).to_numpy()]


def with_levels(now: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """`across_values` with each unit's school level (None for a unit the registry does not hold)."""
    registry = units.drop_duplicates("unit_code")
    at = pd.Index(registry["unit_code"]).get_indexer(now["unit_code"])
    level = np.append(registry["level"].to_numpy(dtype=object), None)[at]
    return now.assign(level=pd.Series(level, index=now.index, dtype=object))


def outliers_among(now: pd.DataFrame) -> pd.DataFrame:
    """The outliers across units among a quarter's values with their level (`with_levels`)."""
    score, median, count = robust_scores(now["value"], [now["level"], now["item"]])
    flagged = (count >= MIN_UNITS) & (score.abs() > THRESHOLD)
    return _flags(now.loc[flagged], OUTLIER_ACROSS, median[flagged], score[flagged])


def outliers_history(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's values far from the same unit's own previous quarters (3 to 8 of them)."""
    valid = values["value"].notna().to_numpy()
    now = values.loc[values["period"].eq(period).to_numpy() & valid]
    before = values.loc[values["period"].lt(period).to_numpy() & valid]
    # One integer per (unit, item), shared by the quarter's values and the earlier ones (a city's history is a few
    # million values): every step below is on integers.
    both = [pd.concat([now[name], before[name]], ignore_index=True) for name in ("unit_code", "item")]
    key, size = _group_codes(both)
    now_key, before_key = key[: len(now)], key[len(now) :]
    asked = np.isin(before_key, now_key)
    before_key, value = before_key[asked], before["value"].to_numpy(dtype=np.float64)[asked]
    when = pd.factorize(before["period"].iloc[np.flatnonzero(asked)], sort=True)[0]
    # The latest MAX_QUARTERS values of each (unit, item), the later row first among values of one quarter.
    order = np.lexsort((np.arange(len(before_key)), when, before_key))
    count = np.bincount(before_key, minlength=size)
    place = np.arange(len(order)) - (np.cumsum(count) - count)[before_key[order]]
    latest = order[count[before_key[order]] - place <= MAX_QUARTERS]
    median, count = group_medians(before_key[latest], value[latest], size)
    mad, _ = group_medians(before_key[latest], np.abs(value[latest] - median[before_key[latest]]), size)
    numbers = now["value"].to_numpy(dtype=np.float64)
    score = _score(numbers, median[now_key], mad[now_key])
    with np.errstate(invalid="ignore"):
        flagged = (count[now_key] >= MIN_QUARTERS) & (np.abs(score) > THRESHOLD)
    return _flags(now.loc[flagged], OUTLIER_HISTORY, pd.Series(median[now_key][flagged]), pd.Series(score[flagged]))


def _flags(rows: pd.DataFrame, kind: str, reference: pd.Series, score: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": rows["unit_code"].to_numpy(),
            "period": rows["period"].to_numpy(),
            "kind": kind,
            "item": rows["item"].to_numpy(),
            "value": rows["value"].to_numpy(dtype="float64"),
            "reference": reference.to_numpy(dtype="float64").astype(object),
            "score": score.to_numpy(dtype="float64"),
            "submission_id": rows["submission_id"].to_numpy(),
        },
        columns=FLAG_COLUMNS,
    )


# ---------------------------------------------------------------- copied reports, repeated surveys


def report_fingerprints(tasks: pd.DataFrame, indicators: pd.DataFrame) -> pd.Series:
    """submission_id → a digest of its NhiemVu rows (content folded, status, deadline, completion day) and its
    ChiTieu figures, whatever their order: equal digests, equal reports. Reports without tasks have none.

    Each row is hashed (pandas' vectorised hash), and a report is the multiset of its rows' hashes: their count,
    sum and sum of squares (mod 2⁶⁴), independent of the order the rows came in.
    """
    task_hash = pd.util.hash_pandas_object(tasks[["content_key", "status", "deadline", "done_on"]], index=False)
    figures = indicators[["code", "result", "total"]].assign(kind="i")
    figure_hash = pd.util.hash_pandas_object(figures, index=False)
    rows = pd.DataFrame(
        {
            "submission_id": np.concatenate(
                [tasks["submission_id"].to_numpy(), indicators["submission_id"].to_numpy()]
            ),
            "h": np.concatenate([task_hash.to_numpy(), figure_hash.to_numpy() ^ np.uint64(0x9E3779B97F4A7C15)]),
        }
    )
    rows = rows.loc[np.isin(rows["submission_id"].to_numpy(), tasks["submission_id"].to_numpy())]
    with np.errstate(over="ignore"):
        rows["h2"] = rows["h"] * rows["h"]
    sums = rows.groupby("submission_id").agg(n=("h", "size"), h=("h", "sum"), h2=("h2", "sum"))
    return sums["n"].astype(str) + ":" + sums["h"].astype(str) + ":" + sums["h2"].astype(str)


def copied_reports(frames: Frames, period: str) -> pd.DataFrame:
    """Pairs of units whose reports of the quarter are the same: both flagged, each naming the other."""
    return copied_among(report_prints(frames, period), period)


def report_prints(frames: Frames, period: str) -> pd.DataFrame:
    """submission_id, fingerprint, unit_code of the quarter's reports with tasks (`report_fingerprints`): one
    report's depends on its own rows only."""
    tasks = frames.tasks.loc[frames.tasks["period"].eq(period).to_numpy()]
    indicators = frames.indicators.loc[frames.indicators["period"].eq(period).to_numpy()]
    prints = report_fingerprints(tasks, indicators).rename("fingerprint").reset_index()
    owners = tasks.drop_duplicates("submission_id")[["submission_id", "unit_code"]]
    return prints.merge(owners, on="submission_id")


def copied_among(prints: pd.DataFrame, period: str) -> pd.DataFrame:
    """The copied flags of the quarter from its reports' fingerprints (`report_prints`)."""
    pairs = prints.merge(prints, on="fingerprint", suffixes=("", "_other"))
    pairs = pairs.loc[pairs["unit_code"].ne(pairs["unit_code_other"]).to_numpy()]
    return pd.DataFrame(
        {"unit_code": pairs["unit_code"].to_numpy(), "period": period, "kind": COPIED,
         "item": pairs["unit_code_other"].to_numpy(), "value": np.nan,
         "reference": pairs["unit_code_other"].to_numpy().astype(object), "score": np.nan,
         "submission_id": pairs["submission_id"].to_numpy()},
        columns=FLAG_COLUMNS,
    )  # fmt: skip


def repeated_surveys(frames: Frames, period: str) -> pd.DataFrame:
    """Units whose survey counts (every factor, every level) equal the previous quarter's, 20+ answers a factor."""
    before = period_from_code(period).shift(-1).code
    survey = frames.satisfaction.loc[frames.satisfaction["period"].isin([period, before]).to_numpy()]
    if survey.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    now = survey["period"].eq(period).to_numpy()
    # Each (unit, quarter) as its lines (factor, then each level's count) in order: two quarters are the same when
    # they have as many lines and every line is equal, line by line.
    unit = pd.factorize(survey["unit_code"], sort=True)[0]  # in code order: the flags come out by unit
    line = [pd.factorize(survey["dimension"].astype(str), sort=True)[0],
            *(survey[level].to_numpy(dtype=np.int64) for level in ANSWER_LEVELS)]  # fmt: skip
    order = np.lexsort((*reversed(line), now, unit))
    units = unit.max(initial=-1) + 1
    sizes = [np.bincount(unit[now == side], minlength=units) for side in (False, True)]
    fewest = [_group_min(unit[now == side], survey["answers"].to_numpy()[now == side], units) for side in (False, True)]
    candidate = (sizes[0] == sizes[1]) & (sizes[1] > 0) & (fewest[0] >= MIN_ANSWERS) & (fewest[1] >= MIN_ANSWERS)
    ordered = order[candidate[unit[order]]]
    ordered_now = now[ordered]
    then_rows, now_rows = ordered[~ordered_now], ordered[ordered_now]  # both by unit, then line: row for row
    same_line = np.logical_and.reduce([values[then_rows] == values[now_rows] for values in line])
    differs = np.bincount(unit[now_rows][~same_line], minlength=units) > 0
    flagged = candidate & ~differs
    first = pd.Series(np.flatnonzero(now)).groupby(unit[now]).first()  # the quarter's report of each unit
    rows = first.loc[first.index.isin(np.flatnonzero(flagged))].sort_index()
    found = survey.iloc[rows.to_numpy()]
    return pd.DataFrame(
        {"unit_code": found["unit_code"].to_numpy(), "period": period, "kind": SURVEY_REPEATED, "item": "",
         "value": np.nan, "reference": before, "score": np.nan, "submission_id": found["submission_id"].to_numpy()},
        columns=FLAG_COLUMNS,
    )  # fmt: skip


def _group_min(group: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    least = np.full(size, np.iinfo(np.int64).max)
    np.minimum.at(least, group, values.astype(np.int64))
    return least


# ---------------------------------------------------------------- all of them


def quarter_flags(
    values: pd.DataFrame, frames: Frames, period: str, continuity: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every flag of the quarter (`FLAG_COLUMNS`), in the order unit, kind, item.

    `values`: screened_values of the counted reports (the quarter's and the earlier ones); `continuity`:
    the quarter's plan notes (metrics.continuity), whose went-back and missing lines are listed too.
    """
    return in_order(
        [
            outliers_across(values, frames.units, period),
            outliers_history(values, period),
            copied_reports(frames, period),
            repeated_surveys(frames, period),
            _continuity_flags(continuity, frames, period),
        ]
    )


def own_flags(values: pd.DataFrame, frames: Frames, period: str, notes: pd.DataFrame) -> pd.DataFrame:
    """The flags a unit has from its own reports and plan alone (history, repeated survey, went-back, missing):
    those of a set of units are those of every unit cut to them. `notes` as metrics.continuity.NOTE_COLUMNS."""
    return in_order([outliers_history(values, period), repeated_surveys(frames, period), notes_flags(notes, period)])


def in_order(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The flags of every part in the order unit, kind (KINDS), item; rows alike in all three as they came."""
    kept = [p for p in parts if len(p)]
    if not kept:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    found = pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0].reset_index(drop=True)
    order = np.lexsort((_ranks(found["item"]), _kind_order(found), _ranks(found["unit_code"])))  # stable
    return found.take(order).reset_index(drop=True)[FLAG_COLUMNS]


def own_and_all(
    kept: pd.DataFrame | None, changed: set[str] | None, fresh: pd.DataFrame, cross: list[pd.DataFrame]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(own flags, every flag), both in order (`in_order`): `kept`'s own flags (`own_flags`) without those of the
    `changed` units, with `fresh` (theirs, in order) where they go; then with the flags that compare units
    (outliers across, copied), whose kinds are never among own's. No `kept`: `fresh` is every unit's."""
    across = in_order(cross)
    before = kept if kept is not None and changed is not None else fresh.iloc[0:0]
    parts = [part for part in (before, fresh, across) if len(part)]  # an empty part would make every column object
    if not parts:
        return pd.DataFrame(columns=FLAG_COLUMNS), pd.DataFrame(columns=FLAG_COLUMNS)
    stacked = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    units, kinds = stacked["unit_code"].to_numpy(dtype=object), _kind_order(stacked)
    stays = np.flatnonzero(~before["unit_code"].isin(list(changed or ())).to_numpy())
    fresh_at = len(before) + np.arange(len(fresh))
    own = np.insert(stays, np.searchsorted(units[stays], units[fresh_at]), fresh_at)
    every = own
    if len(across):  # each before its unit's own flags of a later kind
        rows = np.arange(len(before) + len(fresh), len(stacked))
        own_units, own_kinds = units[own], kinds[own]
        low, high = np.searchsorted(own_units, units[rows], "left"), np.searchsorted(own_units, units[rows], "right")
        places = [
            lo + np.searchsorted(own_kinds[lo:hi], kinds[row]) for lo, hi, row in zip(low, high, rows, strict=True)
        ]
        every = np.insert(own, places, rows)
    return _taken(stacked, own), _taken(stacked, every)


def _taken(stacked: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    return stacked.take(order).reset_index(drop=True)[FLAG_COLUMNS]


def _kind_order(flags: pd.DataFrame) -> np.ndarray:
    """Each flag's kind as its place in KINDS."""
    codes, kinds = pd.factorize(flags["kind"])
    return np.array([KINDS.index(kind) for kind in kinds], dtype=np.int64)[codes]


def _ranks(texts: pd.Series) -> np.ndarray:
    """Each text's place in sorted order (a missing one last, as sort_values puts it)."""
    codes, uniques = pd.factorize(texts, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def notes_flags(notes: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's went-back and missing notes (metrics.continuity.NOTE_COLUMNS) as flags of the report they
    are about."""
    picked = notes.loc[notes["kind"].isin([WENT_BACK, MISSING]).to_numpy() & notes["quarter"].eq(period).to_numpy()]
    return pd.DataFrame(
        {"unit_code": picked["unit_code"].to_numpy(), "period": period, "kind": picked["kind"].to_numpy(),
         "item": picked["task"].fillna("").to_numpy(), "value": np.nan, "reference": picked["content"].to_numpy(),
         "score": np.nan, "submission_id": picked["submission_id"].to_numpy()},
        columns=FLAG_COLUMNS,
    )  # fmt: skip


def _continuity_flags(continuity: pd.DataFrame | None, frames: Frames, period: str) -> pd.DataFrame:
    if continuity is None or continuity.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    notes = continuity.loc[continuity["kind"].isin([WENT_BACK, MISSING]).to_numpy()]
    current = frames.submissions.loc[
        frames.submissions["is_current"].to_numpy() & frames.submissions["period"].eq(period).to_numpy()
    ]
    sid = notes["unit_code"].map(current.set_index("unit_code")["submission_id"])
    return pd.DataFrame(
        {"unit_code": notes["unit_code"].to_numpy(), "period": period, "kind": notes["kind"].to_numpy(),
         "item": notes["task"].fillna("").to_numpy(), "value": np.nan, "reference": notes["content"].to_numpy(),
         "score": np.nan, "submission_id": sid.to_numpy()},
        columns=FLAG_COLUMNS,
    )  # fmt: skip
