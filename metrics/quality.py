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
    table = frames.indicators
    rows = np.flatnonzero(member(table["code"], catalogs.indicators.codes()))
    rate = member(table["code"], [i.code for i in catalogs.indicators if i.kind == RATE])[rows]
    result, total = (table[name].to_numpy(dtype=np.float64)[rows] for name in ("result", "total"))
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(rate, result / np.where(total > 0, total, np.nan), result)
    return _values(table, np.concatenate([rows, rows[rate]]), _suffixed(table["code"], rows, rows[rate], ":tong_so"),
                   np.concatenate([value, total[rate]]))  # fmt: skip


def _survey_values(frames: Frames, catalogs: Catalogs) -> pd.DataFrame:
    table = frames.satisfaction
    rows = np.flatnonzero(member(table["dimension"], catalogs.dimensions.codes()))
    answers = table["answers"].to_numpy(dtype=np.float64)[rows]
    satisfied = table[list(SATISFIED_LEVELS)].sum(axis=1).to_numpy(dtype=np.float64)[rows]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = satisfied / np.where(answers > 0, answers, np.nan)
    return _values(table, np.concatenate([rows, rows]), _suffixed(table["dimension"], rows, rows, ":so_phieu"),
                   np.concatenate([share, answers]))  # fmt: skip


def _task_values(frames: Frames) -> pd.DataFrame:
    tasks = frames.tasks
    reports, first, each, count = np.unique(
        tasks["submission_id"].to_numpy(dtype=np.int64), return_index=True, return_inverse=True, return_counts=True
    )
    done = np.bincount(each.reshape(-1), weights=tasks["status"].eq(DONE).to_numpy(), minlength=len(reports))
    # by unit, quarter, report: the order a grouping by the three gives
    ranks = [_ranks(_at(tasks[name], first)) for name in ("period", "unit_code")]
    order = np.lexsort((reports, *ranks))
    count, done, rows = count[order], done[order], first[order]
    items = np.repeat(np.array(["tasks", "completion"], dtype=object), len(rows))
    return _values(tasks, np.concatenate([rows, rows]), items, np.concatenate([count.astype("float64"), done / count]))


def _suffixed(codes: pd.Series, rows: np.ndarray, sized: np.ndarray, suffix: str) -> object:
    """The codes at `rows`, then those at `sized` with the suffix of their size item (an array)."""
    return pd.concat([codes.iloc[rows], codes.iloc[sized] + suffix], ignore_index=True).array


def _values(table: pd.DataFrame, rows: np.ndarray, item: object, value: np.ndarray) -> pd.DataFrame:
    """Screened values, built once: unit_code, period, submission_id of the table's rows at `rows`, with each one's
    item and value."""
    return pd.DataFrame(
        {"unit_code": _at(table["unit_code"], rows), "period": _at(table["period"], rows),
         "submission_id": table["submission_id"].to_numpy()[rows], "item": item, "value": value},
        columns=["unit_code", "period", "submission_id", "item", "value"],
    )  # fmt: skip


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
    ordered = np.sort(values) if size == 1 else values[np.lexsort((values, group))]
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
    group, size = _group_codes([now["level"], now["item"]])
    rows, median, score = outlying(now["value"].to_numpy(dtype=np.float64), group, size)
    return _flags(now, rows, OUTLIER_ACROSS, median, score)


def outlying(values: np.ndarray, group: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, median, score) of the values far from the others of their group (codes 0…size-1, at least MIN_UNITS
    values): the outliers across units. A group's depend on its own values only (pipeline.quality computes again
    the groups a stored report changes)."""
    median, count = group_medians(group, values, size)
    mad, _ = group_medians(group, np.abs(values - median[group]), size)
    score = _score(values, median[group], mad[group])
    rows = np.flatnonzero((count[group] >= MIN_UNITS) & (np.abs(score) > THRESHOLD))
    return rows, median[group][rows], score[rows]


def outliers_history(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's values far from the same unit's own previous quarters (3 to 8 of them)."""
    valid = values["value"].notna().to_numpy()
    now = np.flatnonzero(values["period"].eq(period).to_numpy() & valid)
    before = np.flatnonzero(values["period"].lt(period).to_numpy() & valid)
    # One integer per (unit, item), shared by the quarter's values and the earlier ones (a city's history is a few
    # million values): every step below is on integers.
    key, size = _group_codes([_at(values[name], np.concatenate([now, before])) for name in ("unit_code", "item")])
    now_key, before_key = key[: len(now)], key[len(now) :]
    asked = np.isin(before_key, now_key)
    numbers = values["value"].to_numpy(dtype=np.float64)
    before_key, value = before_key[asked], numbers[before[asked]]
    when = pd.factorize(_at(values["period"], before[asked]), sort=True)[0]
    # The latest MAX_QUARTERS values of each (unit, item), the later row first among values of one quarter.
    order = np.lexsort((np.arange(len(before_key)), when, before_key))
    count = np.bincount(before_key, minlength=size)
    place = np.arange(len(order)) - (np.cumsum(count) - count)[before_key[order]]
    latest = order[count[before_key[order]] - place <= MAX_QUARTERS]
    median, count = group_medians(before_key[latest], value[latest], size)
    mad, _ = group_medians(before_key[latest], np.abs(value[latest] - median[before_key[latest]]), size)
    score = _score(numbers[now], median[now_key], mad[now_key])
    with np.errstate(invalid="ignore"):
        flagged = (count[now_key] >= MIN_QUARTERS) & (np.abs(score) > THRESHOLD)
    return _flags(values, now[flagged], OUTLIER_HISTORY, median[now_key][flagged], score[flagged])


def _at(column: pd.Series, rows: np.ndarray) -> object:
    """The column's values at these places, as an array of the column's own kind (Arrow text stays Arrow)."""
    return column.array.take(rows)


def _flags(table: pd.DataFrame, rows: np.ndarray, kind: str, reference: object, score: object) -> pd.DataFrame:
    """Flags of the values at `rows` of a table of values (unit_code, period, item, value, submission_id)."""
    found = (np.asarray(_at(table[name], rows)) for name in ("unit_code", "period", "item", "value", "submission_id"))
    unit_code, period, item, value, submission_id = found
    return scored_flags(kind, unit_code, period, item, value, reference, score, submission_id)


def scored_flags(
    kind: str,
    unit_code: object,
    period: object,
    item: object,
    value: object,
    reference: object,
    score: object,
    submission_id: object,
) -> pd.DataFrame:
    """Flags of a kind with a value scored against a reference (FLAG_COLUMNS), from arrays (or one period)."""
    return pd.DataFrame(
        {
            "unit_code": unit_code,
            "period": period,
            "kind": kind,
            "item": item,
            "value": np.asarray(value, dtype="float64"),
            "reference": np.asarray(reference, dtype="float64").astype(object),
            "score": np.asarray(score, dtype="float64"),
            "submission_id": submission_id,
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
    reports, digests = _digests(tasks, indicators)
    return pd.Series(digests, index=pd.Index(reports, name="submission_id"), dtype="str")


def _digests(tasks: pd.DataFrame, indicators: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """The reports with tasks (submission_id, in order) and their digests (`report_fingerprints`)."""
    task_hash = pd.util.hash_pandas_object(tasks[["content_key", "status", "deadline", "done_on"]], index=False)
    figure_hash = pd.util.hash_pandas_object(indicators[["code", "result", "total"]].assign(kind="i"), index=False)
    task_ids = tasks["submission_id"].to_numpy(dtype=np.int64)
    ids = np.concatenate([task_ids, indicators["submission_id"].to_numpy(dtype=np.int64)])
    hashes = np.concatenate([task_hash.to_numpy(), figure_hash.to_numpy() ^ np.uint64(0x9E3779B97F4A7C15)])
    kept = np.isin(ids, task_ids)
    order = np.argsort(ids[kept], kind="stable")
    ids, hashes = ids[kept][order], hashes[kept][order]
    reports, starts, count = np.unique(ids, return_index=True, return_counts=True)
    if not len(reports):
        return reports, []
    with np.errstate(over="ignore"):  # sums mod 2⁶⁴
        total, squares = np.add.reduceat(hashes, starts), np.add.reduceat(hashes * hashes, starts)
    return reports, [f"{n}:{h}:{h2}" for n, h, h2 in zip(count.tolist(), total.tolist(), squares.tolist(), strict=True)]


def copied_reports(frames: Frames, period: str) -> pd.DataFrame:
    """Pairs of units whose reports of the quarter are the same: both flagged, each naming the other."""
    return copied_among(report_prints(frames, period), period)


def report_prints(frames: Frames, period: str) -> pd.DataFrame:
    """submission_id, fingerprint, unit_code of the quarter's reports with tasks (`report_fingerprints`): one
    report's depends on its own rows only."""
    tasks = frames.tasks.loc[frames.tasks["period"].eq(period).to_numpy()]
    indicators = frames.indicators.loc[frames.indicators["period"].eq(period).to_numpy()]
    reports, digests = _digests(tasks, indicators)
    first = np.unique(tasks["submission_id"].to_numpy(dtype=np.int64), return_index=True)[1]  # each report's
    owners = tasks["unit_code"].array.take(first)
    return pd.DataFrame({"submission_id": reports, "fingerprint": pd.array(digests, dtype="str"), "unit_code": owners})


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
    table = frames.satisfaction
    survey = np.flatnonzero(table["period"].isin([period, before]).to_numpy())  # the rows of the two quarters
    if not len(survey):
        return pd.DataFrame(columns=FLAG_COLUMNS)
    now = table["period"].eq(period).to_numpy()[survey]
    # Each (unit, quarter) as its lines (factor, then each level's count) in order: two quarters are the same when
    # they have as many lines and every line is equal, line by line.
    unit = pd.factorize(_at(table["unit_code"], survey), sort=True)[0]  # in code order: the flags come out by unit
    line = [pd.factorize(table["dimension"].iloc[survey].astype(str), sort=True)[0],
            *(table[level].to_numpy(dtype=np.int64)[survey] for level in ANSWER_LEVELS)]  # fmt: skip
    order = np.lexsort((*reversed(line), now, unit))
    units = unit.max(initial=-1) + 1
    answers = table["answers"].to_numpy()[survey]
    sizes = [np.bincount(unit[now == side], minlength=units) for side in (False, True)]
    fewest = [_group_min(unit[now == side], answers[now == side], units) for side in (False, True)]
    candidate = (sizes[0] == sizes[1]) & (sizes[1] > 0) & (fewest[0] >= MIN_ANSWERS) & (fewest[1] >= MIN_ANSWERS)
    ordered = order[candidate[unit[order]]]
    ordered_now = now[ordered]
    then_rows, now_rows = ordered[~ordered_now], ordered[ordered_now]  # both by unit, then line: row for row
    same_line = np.logical_and.reduce([values[then_rows] == values[now_rows] for values in line])
    differs = np.bincount(unit[now_rows][~same_line], minlength=units) > 0
    flagged = candidate & ~differs
    quarter = np.flatnonzero(now)
    reporting, first = np.unique(unit[quarter], return_index=True)  # the quarter's report of each unit, by unit
    found = survey[quarter[first[np.append(flagged, False)[reporting]]]]  # a unit without a code: none
    return pd.DataFrame(
        {"unit_code": np.asarray(_at(table["unit_code"], found)), "period": period, "kind": SURVEY_REPEATED,
         "item": "", "value": np.nan, "reference": before, "score": np.nan,
         "submission_id": table["submission_id"].to_numpy()[found]},
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


def spliced_flags(
    kept: pd.DataFrame | None, changed: set[str] | None, fresh: pd.DataFrame, cross: list[pd.DataFrame]
) -> pd.DataFrame:
    """Every flag in order (`in_order`): `kept` (every flag, as this gave them before) without the flags that
    compare units (outliers across, copied) and without the `changed` units' own flags (`own_flags`), with `fresh`
    (theirs, computed again, in order) and `cross` (the flags comparing units, computed again) where they go.
    No `kept`: `fresh` is every unit's own flags."""
    across = in_order(cross)
    before = kept if kept is not None and changed is not None else fresh.iloc[0:0]
    parts = [part for part in (before, fresh, across) if len(part)]  # an empty part would make every column object
    if not parts:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    stacked = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    kinds = _kind_order(stacked)
    # By unit, then kind, as in_order puts them: two rows placed one among the others are never alike in both (a
    # cross flag's kind is never an own flag's; the changed units' own flags are theirs alone).
    key = _ranks(stacked["unit_code"]) * len(KINDS) + kinds
    cross_kind = np.isin(kinds[: len(before)], [KINDS.index(OUTLIER_ACROSS), KINDS.index(COPIED)])
    stays = np.flatnonzero(~cross_kind & ~member(before["unit_code"], changed or ()))
    fresh_at = len(before) + np.arange(len(fresh))
    own = np.insert(stays, np.searchsorted(key[stays], key[fresh_at]), fresh_at)
    across_at = np.arange(len(before) + len(fresh), len(stacked))
    return _taken(stacked, np.insert(own, np.searchsorted(key[own], key[across_at]), across_at))


def _taken(stacked: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    columns = stacked if list(stacked.columns) == FLAG_COLUMNS else stacked[FLAG_COLUMNS]
    return columns.take(order).reset_index(drop=True)


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
