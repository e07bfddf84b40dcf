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
    counts = (
        tasks.assign(done=tasks["status"].eq(DONE))
        .groupby(["unit_code", "period", "submission_id"], observed=True, as_index=False)
        .agg(tasks=("done", "size"), done=("done", "sum"))
    )
    keys = counts[["unit_code", "period", "submission_id"]]
    number = keys.assign(item="tasks", value=counts["tasks"].astype("float64").to_numpy())
    completion = keys.assign(item="completion", value=(counts["done"] / counts["tasks"]).to_numpy())
    return pd.concat([number, completion], ignore_index=True)


# ---------------------------------------------------------------- scores


def robust_scores(values: pd.Series, groups: list[pd.Series] | pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(score, median, count) of each value against the values of its group; the score NaN where s is 0."""
    grouped = values.groupby(groups, observed=True, dropna=False)
    median = grouped.transform("median")
    mad = (values - median).abs().groupby(groups, observed=True, dropna=False).transform("median")
    spread = np.maximum(mad, FLOOR * median.abs())
    score = CONSISTENCY * (values - median) / spread.where(spread > 0)
    return score, median, grouped.transform("count")


def outliers_across(values: pd.DataFrame, units: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's values far from those of the other units of the same school level."""
    now = values.loc[values["period"].eq(period).to_numpy() & values["value"].notna().to_numpy()]
    now = now.loc[~(now["item"].isin(SIZE_ITEMS) | now["item"].str.endswith(SIZE_SUFFIXES)).to_numpy()]
    level = now["unit_code"].map(units.drop_duplicates("unit_code").set_index("unit_code")["level"])
    score, median, count = robust_scores(now["value"], [level, now["item"]])
    flagged = (count >= MIN_UNITS) & (score.abs() > THRESHOLD)
    return _flags(now.loc[flagged], OUTLIER_ACROSS, median[flagged], score[flagged])


def outliers_history(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """The quarter's values far from the same unit's own previous quarters (3 to 8 of them)."""
    now = values.loc[values["period"].eq(period).to_numpy() & values["value"].notna().to_numpy()]
    before = values.loc[values["period"].lt(period).to_numpy() & values["value"].notna().to_numpy()]
    before = before.loc[member(before["unit_code"], set(now["unit_code"]))]
    # One integer per (unit, item), shared by the quarter's values and the earlier ones: the groupings below
    # run on it rather than on two text columns (a city's history is a few million values).
    both = pd.concat([now[["unit_code", "item"]], before[["unit_code", "item"]]], ignore_index=True)
    codes = both.groupby(["unit_code", "item"], sort=False, observed=True).ngroup().to_numpy()
    now_key, before_key = codes[: len(now)], codes[len(now):]  # fmt: skip
    history = pd.DataFrame(
        {"key": before_key, "period": before["period"].to_numpy(), "value": before["value"].to_numpy()}
    )
    history = history.sort_values("period", kind="stable").groupby("key").tail(MAX_QUARTERS)
    median = history.groupby("key")["value"].transform("median")
    history["deviation"] = (history["value"] - median).abs()
    stats = history.groupby("key").agg(median=("value", "median"), count=("value", "size"), mad=("deviation", "median"))
    joined = now.assign(key=now_key).merge(stats.reset_index(), on="key", how="inner")
    spread = np.maximum(joined["mad"], FLOOR * joined["median"].abs())
    score = CONSISTENCY * (joined["value"] - joined["median"]) / spread.where(spread > 0)
    flagged = (joined["count"] >= MIN_QUARTERS).to_numpy() & (score.abs() > THRESHOLD).to_numpy()
    return _flags(joined.loc[flagged], OUTLIER_HISTORY, joined.loc[flagged, "median"], score[flagged])


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
    rows = rows.loc[member(rows["submission_id"], set(tasks["submission_id"]))]
    with np.errstate(over="ignore"):
        rows["h2"] = rows["h"] * rows["h"]
    sums = rows.groupby("submission_id").agg(n=("h", "size"), h=("h", "sum"), h2=("h2", "sum"))
    return sums["n"].astype(str) + ":" + sums["h"].astype(str) + ":" + sums["h2"].astype(str)


def copied_reports(frames: Frames, period: str) -> pd.DataFrame:
    """Pairs of units whose reports of the quarter are the same: both flagged, each naming the other."""
    tasks = frames.tasks.loc[frames.tasks["period"].eq(period).to_numpy()]
    indicators = frames.indicators.loc[frames.indicators["period"].eq(period).to_numpy()]
    prints = report_fingerprints(tasks, indicators).rename("fingerprint").reset_index()
    owners = tasks.drop_duplicates("submission_id")[["submission_id", "unit_code"]]
    prints = prints.merge(owners, on="submission_id")
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
    line = survey["dimension"].astype(object).astype(str)
    for level in ANSWER_LEVELS:
        line = line + "|" + survey[level].astype("int64").astype(str)
    keyed = survey.assign(line=line.to_numpy())
    grouped = keyed.groupby(["unit_code", "period"], observed=True)
    prints = grouped["line"].agg(lambda lines: "\n".join(sorted(lines))).rename("lines").reset_index()
    prints = prints.merge(grouped["answers"].min().rename("fewest").reset_index(), on=["unit_code", "period"])
    prints = prints.merge(grouped["submission_id"].first().reset_index(), on=["unit_code", "period"])
    now = prints.loc[prints["period"].eq(period).to_numpy()]
    then = prints.loc[prints["period"].eq(before).to_numpy(), ["unit_code", "lines", "fewest"]]
    same = now.merge(then, on="unit_code", suffixes=("", "_before"))
    same = same.loc[(same["lines"].eq(same["lines_before"]) & same["fewest"].ge(MIN_ANSWERS)
                     & same["fewest_before"].ge(MIN_ANSWERS)).to_numpy()]  # fmt: skip
    return pd.DataFrame(
        {"unit_code": same["unit_code"].to_numpy(), "period": period, "kind": SURVEY_REPEATED, "item": "",
         "value": np.nan, "reference": before, "score": np.nan, "submission_id": same["submission_id"].to_numpy()},
        columns=FLAG_COLUMNS,
    )  # fmt: skip


# ---------------------------------------------------------------- all of them


def quarter_flags(
    values: pd.DataFrame, frames: Frames, period: str, continuity: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every flag of the quarter (`FLAG_COLUMNS`), in the order unit, kind, item.

    `values`: screened_values of the counted reports (the quarter's and the earlier ones); `continuity`:
    the quarter's plan notes (metrics.continuity), whose went-back and missing lines are listed too.
    """
    parts = [
        outliers_across(values, frames.units, period),
        outliers_history(values, period),
        copied_reports(frames, period),
        repeated_surveys(frames, period),
        _continuity_flags(continuity, frames, period),
    ]
    found = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    if found is None:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    order = found["kind"].map({kind: n for n, kind in enumerate(KINDS)})
    found = found.assign(_order=order).sort_values(["unit_code", "_order", "item"], kind="stable")
    return found.drop(columns="_order").reset_index(drop=True)[FLAG_COLUMNS]


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
