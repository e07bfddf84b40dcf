"""The tables the dashboard's pages show, computed from Frames (pure pandas, no Streamlit).

Each function answers one question a page asks, for a scope of units (a school
level, a ward, or the whole office) and a period: a quarter, or six months, nine
months or the year (`2026-H1`, `2026-9M`, `2026`: metrics.cumulative folds their
quarters). Figures follow the contract's formulas through the other metrics modules:
only the current reports of the units expected that quarter count, and rates are
pooled, never averaged.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from core.catalogs import Catalog, Catalogs, Dimension
from core.vocabulary import ANSWER_LEVELS, TASK_STATUSES
from metrics.cumulative import fold
from metrics.frames import TASK_TEXT_COLUMNS, Frames
from metrics.indicators import indicator_attainment, indicator_values
from metrics.par import par_field_scores, par_scores
from metrics.ranking import rank_label, rank_with_ties
from metrics.reporting import active_mask, reporting_rates, submission_status
from metrics.satisfaction import (
    overall_from_dimensions,
    pool_dimensions,
    satisfaction_by_dimension,
    satisfaction_distribution,
)
from metrics.splice import compare_text, rows_of_keys, rows_of_reports, splice_reports
from metrics.tasks import member, overdue_tasks, percent, pool_task_stats, task_stats

LEVEL_KEYS = ANSWER_LEVELS
HEADLINE_KEYS = (
    "submission_rate",
    "submission_on_time_rate",
    "completion_rate",
    "on_time_rate",
    "overdue",
    "satisfaction",
    "par_score",
)


# ---------------------------------------------------------------- scope


def restrict(frames: Frames, level: str | None = None, ward: str | None = None) -> Frames:
    """The same tables for the units of one school level and/or one ward only."""
    if not level and not ward:
        return frames
    return restrict_units(frames, units_of(frames.units, level, ward))


def units_of(units: pd.DataFrame, level: str | None = None, ward: str | None = None) -> list[str]:
    """The codes of the registry's units of this school level and/or ward (all when neither)."""
    keep = pd.Series(True, index=units.index)
    if level:
        keep &= units["level"].eq(level)
    if ward:
        keep &= units["ward"].eq(ward)
    return units.loc[keep, "unit_code"].tolist()


def restrict_units(frames: Frames, codes: Sequence[str]) -> Frames:
    def mine(df: pd.DataFrame) -> pd.DataFrame:
        return df.loc[member(df["unit_code"], list(codes))]

    return Frames(
        units=mine(frames.units),
        quarters=frames.quarters,
        submissions=mine(frames.submissions),
        tasks=mine(frames.tasks),
        indicators=mine(frames.indicators),
        satisfaction=mine(frames.satisfaction),
        self_assessment=mine(frames.self_assessment),
        folded=frames.folded,
    )


def periods_of(frames: Frames) -> list[str]:
    """The quarters that hold at least one accepted report, oldest first."""
    return sorted(frames.submissions["period"].dropna().unique().tolist())


def _reported(frames: Frames, periods: Sequence[str]) -> pd.DataFrame:
    """(unit_code, period) of the expected units with a current report, for each quarter asked."""
    status = submission_status(frames.units, frames.submissions, list(periods), frames.quarters)
    return status.loc[status["submitted"].to_numpy(), ["unit_code", "period"]]


def _current_rows(df: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    """Rows of `df` that belong to a counted report (expected unit, current report, that quarter)."""
    periods, units = reported["period"].to_numpy(), reported["unit_code"].to_numpy()
    keep = np.zeros(len(df), dtype=bool)
    for period in pd.unique(periods):  # a period's rows of its reported units (one or two periods a view)
        keep |= member(df["period"], [period]) & member(df["unit_code"], units[periods == period])
    return df.loc[keep]


def _per_unit(status: pd.DataFrame) -> pd.DataFrame:
    """One row per unit: over a span, a unit expected in any of its quarters, reported when it sent any."""
    if not status["unit_code"].duplicated().any():
        return status
    first = {name: "first" for name in ("unit_name", "level", "ward", "period") if name in status.columns}
    return status.groupby("unit_code", sort=True, as_index=False).agg({**first, "submitted": "any"})


def _names(frames: Frames) -> pd.DataFrame:
    return frames.units[["unit_code", "unit_name", "level", "ward"]]


def _labels(ranks: pd.Series, ranked: int) -> list[str | None]:
    """`rank_label` of each rank out of `ranked` (None where unranked), through the distinct ranks only."""
    labels = {float(r): rank_label(int(r), ranked) for r in ranks.dropna().unique()}
    return [labels.get(r) for r in ranks.to_numpy(dtype="float64", na_value=np.nan).tolist()]


# ---------------------------------------------------------------- what the views of the same tables share

_MISSING = object()
_PERIODS_KEPT = 1  # per tables, the answers of the periods asked last (a quarter's: some 20 MB at 3,500 schools)
# id of a Frames → (it, the answers of the periods asked last: periods → key → answer)
_SHARED: dict[int, tuple[weakref.ref, OrderedDict[tuple[str, ...], dict[tuple, Any]]]] = {}
_SHARED_LOCK = threading.RLock()  # re-entered when a collected Frames is forgotten while the lock is held


def _shared(frames: Frames, periods: tuple[str, ...], key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` once per tables, periods and `key`: a page's views of one quarter ask for the same counted rows
    and per-school counts, and the app hands them the same Frames until a report changes it. Kept while that
    Frames lives, for the periods asked last only (a quarter's counted rows are a quarter of the tables); an
    answer is shared, never changed in place (pandas copies on write)."""
    ident = id(frames)
    with _SHARED_LOCK:  # the app's sessions run in threads of one process
        found = _SHARED.get(ident)
        if found is None or found[0]() is not frames:
            found = (weakref.ref(frames), OrderedDict())
            _SHARED[ident] = found
            weakref.finalize(frames, _forget, ident, found[1])
        by_periods = found[1]
        answers = by_periods.setdefault(periods, {})
        by_periods.move_to_end(periods)
        while len(by_periods) > _PERIODS_KEPT:
            by_periods.popitem(last=False)
        answer = answers.get(key, _MISSING)
    if answer is _MISSING:
        answer = _from_before(frames, periods, key)
        if answer is _MISSING:
            answer = compute()
        with _SHARED_LOCK:
            answers[key] = answer
    return answer


def forget(frames: Frames) -> None:
    """Let go of what the views computed alike on these tables (a newer version replaces them: whoever still
    holds them, a cache of the previous version, need not hold those parts too)."""
    with _SHARED_LOCK:
        found = _SHARED.get(id(frames))
        if found is not None and found[0]() is frames:
            del _SHARED[id(frames)]
        waiting = _PENDING.get(id(frames))
        if waiting is not None and waiting[0]() is frames:
            _forget_pending(id(frames), waiting[1])


def _forget(ident: int, answers: OrderedDict) -> None:
    with _SHARED_LOCK:
        if ident in _SHARED and _SHARED[ident][1] is answers:
            del _SHARED[ident]


_UNUSED = {"tasks": ["task", "content_key"]}  # columns no view reads of the counted rows (they cross quarters)


def _counted(frames: Frames, table: str, periods: Sequence[str]) -> pd.DataFrame:
    """The rows of one of the record tables that count for these periods (`_current_rows`)."""
    periods = tuple(periods)

    def compute() -> pd.DataFrame:
        rows = getattr(frames, table)
        rows = rows.drop(columns=[c for c in _UNUSED.get(table, ()) if c in rows.columns])
        reported = _shared(frames, periods, ("reported",), lambda: _reported(frames, periods))
        return _current_rows(rows, reported).reset_index(drop=True)

    return _shared(frames, periods, ("counted", table), compute)


_TASK_GROUPS = ("period", "unit_code", "field")  # the finest task counts the views pool


def _task_counts(frames: Frames, periods: Sequence[str]) -> pd.DataFrame:
    """`task_stats` of the counted tasks per period, unit and field: every view's task figures pool these."""
    periods = tuple(periods)
    return _shared(frames, periods, ("task_counts",),
                   lambda: task_stats(_counted(frames, "tasks", periods), by=_TASK_GROUPS))  # fmt: skip


def _tasks_by(frames: Frames, periods: Sequence[str], by: Sequence[str]) -> pd.DataFrame:
    """The same table as `task_stats(counted tasks, by)`: whole counts pooled, rates from the sums."""
    periods, by = tuple(periods), tuple(by)
    return _shared(frames, periods, ("tasks_by", by), lambda: pool_task_stats(_task_counts(frames, periods), by))


def _with_catalog(
    frames: Frames, periods: tuple[str, ...], key: tuple, catalog: object, compute: Callable[[], Any]
) -> Any:
    """`_shared` for an answer that also depends on a catalog (kept with it: another catalog computes afresh)."""
    kept, answer = _shared(frames, periods, (*key, id(catalog)), lambda: (catalog, compute()))
    return answer if kept is catalog else compute()


def _survey(frames: Frames, catalogs: Catalogs, periods: Sequence[str]) -> pd.DataFrame:
    """The counted survey rows of the catalog's factors."""
    periods = tuple(periods)

    def compute() -> pd.DataFrame:
        return _known_factors(_counted(frames, "satisfaction", periods), catalogs.dimensions)

    return _with_catalog(frames, periods, ("survey",), catalogs.dimensions, compute)


def _known_factors(rows: pd.DataFrame, catalog: Catalog[Dimension]) -> pd.DataFrame:
    """The survey rows of the catalog's factors."""
    known = member(rows["dimension"], catalog.codes())
    return rows if known.all() else rows.loc[known].reset_index(drop=True)


def _dimensions_by(frames: Frames, catalogs: Catalogs, periods: Sequence[str], by: Sequence[str]) -> pd.DataFrame:
    """The same table as `satisfaction_by_dimension(survey, by)`, pooled from each unit's answers."""
    periods, by = tuple(periods), tuple(by)

    def counts() -> pd.DataFrame:
        return satisfaction_by_dimension(_survey(frames, catalogs, periods))  # `carry` computes them so too

    def pooled() -> pd.DataFrame:
        counted = _with_catalog(frames, periods, ("dimension_counts",), catalogs.dimensions, counts)
        return pool_dimensions(counted, by)

    return _with_catalog(frames, periods, ("dimensions_by", by), catalogs.dimensions, pooled)


def _unit_indicators(frames: Frames, catalogs: Catalogs, periods: Sequence[str]) -> pd.DataFrame:
    """`indicator_values` of each counted report (per unit and period)."""
    periods = tuple(periods)
    return _with_catalog(
        frames,
        periods,
        ("unit_indicators",),
        catalogs.indicators,
        lambda: indicator_values(_counted(frames, "indicators", periods), catalogs.indicators),
    )


# ---------------------------------------------------------------- carried across a store

# The per-school answers a store changes for its school and quarter only, and the columns (a prefix of their sort
# order) that place a school's quarter among the rows: the rest of what the views share pools these.
_GROUPED_ORDER = {
    "reported": ("period", "unit_code"),
    "task_counts": ("period", "unit_code"),
    "dimension_counts": ("unit_code", "period"),
    "unit_indicators": ("unit_code", "period"),
    "tasks_by": ("unit_code",),  # by unit, of one quarter
    "dimensions_by": ("unit_code",),
}


# id of a Frames patched from others → (it, periods → key → (the answer on the tables before, the (unit_code, period)
# whose rows changed since)): answers carried over when asked (`_from_before`), not at the patch
_PENDING: dict[int, tuple[weakref.ref, dict[tuple[str, ...], dict[tuple, tuple[Any, frozenset]]]]] = {}
_SMALL: dict[tuple[int, tuple[str, ...], frozenset], Frames] = {}  # the changed schools' tables, per patched tables


def carry(before: Frames, after: Frames, changed: Collection[tuple[str, str]]) -> None:
    """Let `after` (the tables `before` with the rows of these (unit_code, period) read again: storage.changes)
    take over what the views computed on `before`: an answer of quarters no report changed as it is; a per-school
    one (the counted rows, each school's task, survey and indicator counts) with the changed schools' quarters
    computed again and spliced in where a full computation puts them, so that it equals one. Done when a view
    asks (a page that shows no figure pays nothing); what pools over schools is computed again from these, so a
    store no longer counts every school's rows again (pandas' cost per step, not per row, is most of what is left:
    one school's rows cost nearly what a city's do)."""
    if before.folded or after.folded or before is after:
        return
    changed = frozenset(changed)
    with _SHARED_LOCK:
        found = _SHARED.get(id(before))
        computed = found[1].items() if found is not None and found[0]() is before else ()
        waiting = _PENDING.get(id(before))
        earlier = waiting[1] if waiting is not None and waiting[0]() is before else {}
        carried: dict[tuple[str, ...], dict[tuple, tuple[Any, frozenset]]] = {}
        for periods, answers in computed:
            since = frozenset(k for k in changed if k[1] in periods)
            carried[periods] = {key: (answer, since) for key, answer in answers.items()}
        for periods, entries in earlier.items():  # patched twice before anyone asked: changed since either
            if periods not in carried and len(carried) >= _PERIODS_KEPT:
                continue
            since = frozenset(k for k in changed if k[1] in periods)
            mine = carried.setdefault(periods, {})
            for key, (answer, before_that) in entries.items():
                mine.setdefault(key, (answer, before_that | since))
        carried = {p: {k: e for k, e in entries.items() if not e[1] or _by_school(k, p)}  # pooled: computed again
                   for p, entries in carried.items()}  # fmt: skip
        if not any(carried.values()):
            return
        _PENDING[id(after)] = (weakref.ref(after), carried)
        weakref.finalize(after, _forget_pending, id(after), carried)


def _by_school(key: tuple, periods: tuple[str, ...]) -> bool:
    """Whether an answer is per school (each school's rows its own quarters' alone): patched school by school."""
    if key[0] in ("tasks_by", "dimensions_by"):
        return key[1] == ("unit_code",) and len(periods) == 1
    return key[0] in ("counted", "survey", *_GROUPED_ORDER)


def _forget_pending(ident: int, entries: dict) -> None:
    with _SHARED_LOCK:
        if ident in _PENDING and _PENDING[ident][1] is entries:
            del _PENDING[ident]
        for small in [s for s in _SMALL if s[0] == ident]:
            del _SMALL[small]


def _from_before(frames: Frames, periods: tuple[str, ...], key: tuple) -> Any:
    """The answer carried over to these tables from the ones they were patched from (`carry`), else _MISSING."""
    with _SHARED_LOCK:
        waiting = _PENDING.get(id(frames))
        if waiting is None or waiting[0]() is not frames:
            return _MISSING
        entry = waiting[1].get(periods, {}).pop(key, None)  # taken once: `_shared` keeps what it becomes
    if entry is None:
        return _MISSING
    answer, keys = entry
    if not keys:
        return answer
    with _SHARED_LOCK:
        small = _SMALL.get((id(frames), periods, keys))
    if small is None:
        small = _of_keys(frames, set(keys))
        _alone(("reported",), small, periods, None, set(keys))  # which of them count: the other answers read it
        with _SHARED_LOCK:
            _SMALL[(id(frames), periods, keys)] = small
    found = _carried(key, answer, small, periods, set(keys))
    return _MISSING if found is None else found


def _carried(key: tuple, answer: Any, small: Frames, periods: tuple[str, ...], keys: set[tuple[str, str]]) -> Any:
    """A per-school answer with these schools' quarters computed again on their own tables `small`; None when it
    cannot be spliced."""
    catalog, kept = answer if isinstance(answer, tuple) else (None, answer)
    fresh = _alone(key, small, periods, catalog, keys)
    if key[0] in ("counted", "survey"):
        spliced = _rows_spliced(kept, keys, fresh)
    else:
        spliced = _groups_spliced(kept, keys, fresh, _GROUPED_ORDER[key[0]])
    return spliced if catalog is None or spliced is None else (catalog, spliced)


def _alone(key: tuple, small: Frames, periods: tuple[str, ...], catalog: Any, keys: set[tuple[str, str]]) -> Any:
    """The answer `key` names (without its catalog) computed on the changed schools' tables alone."""
    kind = key[0]
    if kind == "counted":
        return _counted(small, key[1], periods)
    if kind == "reported":
        return _shared(small, periods, ("reported",), lambda: _reported_of_keys(small, keys))
    if kind == "task_counts":
        return _task_counts(small, periods)
    if kind == "tasks_by":
        return _tasks_by(small, periods, ("unit_code",))
    if kind == "unit_indicators":
        return indicator_values(_counted(small, "indicators", periods), catalog)
    survey = _known_factors(_counted(small, "satisfaction", periods), catalog)
    if kind == "survey":
        return survey
    counts = satisfaction_by_dimension(survey)
    return counts if kind == "dimension_counts" else pool_dimensions(counts, ("unit_code",))  # dimensions_by


def _of_keys(frames: Frames, keys: set[tuple[str, str]]) -> Frames:
    """The tables of these schools' quarters only (their units, submissions and current reports' rows)."""
    stored = frames.submissions
    mine = rows_of_keys(stored, keys)
    ids = stored["submission_id"].to_numpy()[mine & stored["is_current"].to_numpy(dtype=bool)]

    def cut(table: pd.DataFrame) -> pd.DataFrame:
        return table.take(rows_of_reports(table, ids))

    units = frames.units.loc[member(frames.units["unit_code"], {unit for unit, _ in keys})]
    return Frames(units=units, quarters=frames.quarters, submissions=stored.loc[mine], tasks=cut(frames.tasks),
                  indicators=cut(frames.indicators), satisfaction=cut(frames.satisfaction),
                  self_assessment=cut(frames.self_assessment))  # fmt: skip


def _reported_of_keys(small: Frames, keys: set[tuple[str, str]]) -> pd.DataFrame:
    """`_reported` of the tables of these schools' quarters only (`_of_keys`): the same rows, without the
    reporting table's dozen steps (each costs as much for one school as for a city)."""
    stored = small.submissions
    current = set(zip(stored["unit_code"][stored["is_current"].to_numpy(dtype=bool)],
                      stored["period"][stored["is_current"].to_numpy(dtype=bool)], strict=True))  # fmt: skip
    found = []
    for unit, period in sorted(keys, key=lambda k: (k[1], k[0])):  # as submission_status sorts them
        registry = small.units.loc[small.units["unit_code"].eq(unit).to_numpy()]
        if (unit, period) in current and active_mask(registry, period).any():
            found.append((unit, period))
    return pd.DataFrame(found, columns=["unit_code", "period"])


def _rows_spliced(old: pd.DataFrame, keys: set[tuple[str, str]], fresh: pd.DataFrame) -> pd.DataFrame | None:
    """Counted rows (in report order) with these schools' quarters' replaced by `fresh`; None when `old` is not in
    report order (a final year's bonus and penalty lines follow the reports'): computed again then."""
    ids = old["submission_id"].to_numpy()
    if len(ids) > 1 and (np.diff(ids) < 0).any():
        return None
    dropped = np.unique(ids[rows_of_keys(old, keys)])
    return splice_reports(old, dropped, fresh)


def _groups_spliced(
    old: pd.DataFrame, keys: set[tuple[str, str]], fresh: pd.DataFrame, order: tuple[str, ...]
) -> pd.DataFrame:
    """Per-school counts (sorted by `order` first) with these schools' quarters' rows replaced by `fresh` (theirs,
    in the same order), each block where sorting would put it. Without a period column, `old` is of one quarter."""
    drop = rows_of_keys(old, keys) if "period" in old.columns else member(old["unit_code"], {u for u, _ in keys})
    stays = old.loc[~drop] if drop.any() else old
    if not len(fresh):
        return stays.reset_index(drop=True)
    columns = [stays[c] for c in order]
    block_keys = list(zip(*(fresh[c].to_numpy(dtype=object) for c in order), strict=True))
    starts = [n for n in range(len(block_keys)) if n == 0 or block_keys[n] != block_keys[n - 1]]
    pieces, at = [], 0
    for start, end in pairwise([*starts, len(fresh)]):
        position = _rows_before(columns, block_keys[start])
        pieces += [stays.iloc[at:position], fresh.iloc[start:end]]
        at = position
    pieces.append(stays.iloc[at:])
    return pd.concat([p for p in pieces if len(p)], ignore_index=True)


def _rows_before(columns: list[pd.Series], key: tuple) -> int:
    """How many rows (sorted by these text columns) come before `key`."""
    before = np.zeros(len(columns[0]), dtype=bool)
    equal = np.ones(len(columns[0]), dtype=bool)
    for column, value in zip(columns, key, strict=True):
        less, same = compare_text(column, value)
        before |= equal & less
        equal &= same
    return int(before.sum())


# ---------------------------------------------------------------- overview


@dataclass
class Headline:
    """The quarter's figures and their change against the compare quarter (None where not applicable)."""

    values: dict[str, float | int | None]
    deltas: dict[str, float | int | None]
    submission: dict[str, Any]


def headline(frames: Frames, catalogs: Catalogs, period: str, compare: str | None) -> Headline:
    """The quarter's pooled figures (as the period summary has them) and their change against `compare`."""
    return headline_from_trend(trend(frames, catalogs, [p for p in (period, compare) if p]), period, compare)


def headline_from_trend(table: pd.DataFrame, period: str, compare: str | None) -> Headline:
    """The headline read off a `trend` table that holds both quarters (a page already has one)."""
    rows = table.set_index("period")

    def figures(p: str) -> dict[str, float | int | None]:
        row = rows.loc[p]
        return {key: _plain(row[key], whole=key == "overdue") for key in HEADLINE_KEYS}

    values = figures(period)
    deltas: dict[str, float | int | None] = dict.fromkeys(HEADLINE_KEYS)
    if compare:
        before = figures(compare)
        for key in HEADLINE_KEYS:
            if values[key] is not None and before[key] is not None:
                deltas[key] = round(values[key] - before[key], 2)
    now = rows.loc[period]
    submission = {"expected": int(now["expected"]), "submitted": int(now["submitted"])}
    return Headline(values, deltas, submission)


def _plain(value: Any, whole: bool = False) -> float | int | None:
    """A figure as the period summary shows it: rates rounded to 2 decimals, counts whole, None for NaN."""
    if value is None or pd.isna(value):
        return None
    return int(value) if whole else round(float(value), 2)


def school_table(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Every expected unit with its figures and rank by completion (`k/N`, ties share), most complete first.

    The same figures as the period summary's units, computed as whole columns.
    """
    frames = fold(frames, [period])
    status = _per_unit(submission_status(frames.units, frames.submissions, period, frames.quarters))
    by_unit = ("unit_code",)
    tasks = _tasks_by(frames, [period], by_unit).drop(columns="done_on_time")
    satisfaction = overall_from_dimensions(_dimensions_by(frames, catalogs, [period], by_unit), by=by_unit)
    par = par_scores(_counted(frames, "self_assessment", [period]), by=by_unit, catalog=catalogs.par_fields)
    table = (
        status[["unit_code", "unit_name", "level", "ward", "submitted"]]
        .rename(columns={"submitted": "reported"})
        .merge(tasks, on="unit_code", how="left")
        .merge(satisfaction[["unit_code", "satisfaction"]], on="unit_code", how="left")
        .merge(par[["unit_code", "score"]].rename(columns={"score": "par_score"}), on="unit_code", how="left")
    )
    reporting = table["reported"].astype(bool)
    for column in ("tasks", "done", "overdue"):  # a report without tasks has 0 of them
        table[column] = table[column].where(~reporting, table[column].fillna(0))
    shown = table["completion_rate"].round(2).where(reporting)
    table["rank"] = rank_with_ties(shown)
    ranked = int(table["rank"].notna().sum())
    unranked = table["rank"].isna().to_numpy()
    table["rank_of"] = pd.arrays.IntegerArray(np.full(len(table), ranked, dtype="int64"), unranked)
    table["rank_label"] = _labels(table["rank"], ranked)
    order = table.sort_values(["reported", "completion_rate", "unit_code"], ascending=[False, False, True])
    return order.reset_index(drop=True)


TREND_COLUMNS = [
    "period",
    "expected",
    "submitted",
    "submission_rate",
    "submission_on_time_rate",
    "tasks",
    "done",
    "completion_rate",
    "on_time_rate",
    "overdue",
    "satisfaction",
    "par_score",
]


def trend(frames: Frames, catalogs: Catalogs, periods: Sequence[str] | None = None) -> pd.DataFrame:
    """Pooled figures per quarter, the same as each quarter's headline.

    Columns: period, expected, submitted, submission_rate, submission_on_time_rate,
    tasks, done, completion_rate, on_time_rate, overdue, satisfaction, par_score.
    """
    periods = list(periods) if periods is not None else periods_of(frames)
    frames = fold(frames, periods)
    if not periods:
        return pd.DataFrame(columns=TREND_COLUMNS)
    status = submission_status(frames.units, frames.submissions, periods, frames.quarters)
    by = ("period",)
    tasks = _tasks_by(frames, periods, by)
    satisfaction = overall_from_dimensions(_dimensions_by(frames, catalogs, periods, by), by=by)
    par = par_scores(_counted(frames, "self_assessment", periods), by=by, catalog=catalogs.par_fields)
    return _pooled_figures("period", reporting_rates(status), tasks, satisfaction, par).reindex(columns=TREND_COLUMNS)


def _pooled_figures(
    key: str, rates: pd.DataFrame, tasks: pd.DataFrame, satisfaction: pd.DataFrame, par: pd.DataFrame
) -> pd.DataFrame:
    """The headline's figures per group of `key` (a period, a ward), from its pooled parts: reporting rates,
    task counts and rates, satisfaction, PAR score."""
    rates = rates.rename(columns={"rate": "submission_rate", "on_time_rate": "submission_on_time_rate"})
    return (
        rates[[key, "expected", "submitted", "submission_rate", "submission_on_time_rate"]]
        .merge(tasks.drop(columns="done_on_time"), on=key, how="left")
        .merge(satisfaction[[key, "satisfaction"]], on=key, how="left")
        .merge(par[[key, "score"]].rename(columns={"score": "par_score"}), on=key, how="left")
    )


def periods_joined(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """A view of several periods whose rows are each period's (`trend`, `indicator_trend`, `reporting_by_period`)
    from its tables of one period each, given in period order: the same table, so that each period's rows are
    computed and kept apart."""
    found = [part for part in parts if len(part)]
    if not found:
        return parts[0]
    return found[0].reset_index(drop=True) if len(found) == 1 else pd.concat(found, ignore_index=True)


WARD_COLUMNS = ["ward", *TREND_COLUMNS[1:], "rank", "rank_label"]


def _with_ward(units: pd.DataFrame) -> pd.DataFrame:
    """unit_code and ward of the registry's units that have a ward (the ones the wards' views compare)."""
    return units.loc[units["ward"].notna() & units["ward"].ne(""), ["unit_code", "ward"]]


def ward_table(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Each ward's pooled figures for the period (as the headline pools them over its schools), ranked by
    completion (ties share), most complete first; schools without a ward are left out."""
    frames = fold(frames, [period])
    registry = _with_ward(frames.units)
    if registry.empty:
        return pd.DataFrame(columns=WARD_COLUMNS)
    # Every unit's status (shared with the other views), then the rows of the units with a ward.
    status = submission_status(frames.units, frames.submissions, period, frames.quarters)
    status = status.loc[member(status["unit_code"], registry["unit_code"])].reset_index(drop=True)
    by = ("ward",)

    def theirs(df: pd.DataFrame) -> pd.DataFrame:  # the counted figures of the units with a ward
        return df.loc[member(df["unit_code"], registry["unit_code"])]

    tasks = pool_task_stats(theirs(_tasks_by(frames, [period], ("unit_code",))), by, registry)
    dimensions = _dimensions_by(frames, catalogs, [period], ("unit_code",))
    satisfaction = overall_from_dimensions(pool_dimensions(theirs(dimensions), by, registry), by=by)
    par = par_scores(theirs(_counted(frames, "self_assessment", [period])), by=by, units=registry,
                     catalog=catalogs.par_fields)  # fmt: skip
    table = _pooled_figures("ward", reporting_rates(status, by=by), tasks, satisfaction, par)
    table["rank"] = rank_with_ties(table["completion_rate"].round(2))
    ranked = int(table["rank"].notna().sum())
    table["rank_label"] = _labels(table["rank"], ranked)
    order = table.sort_values(["completion_rate", "ward"], ascending=[False, True], na_position="last")
    return order.reset_index(drop=True).reindex(columns=WARD_COLUMNS)


def ward_indicators(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Ward × indicator with a target: the share of the ward's reporting schools that meet it (`met_share`, %).

    Columns: ward, code, units (schools with a value), met, met_share.
    """
    frames = fold(frames, [period])
    units = _with_ward(frames.units)
    values = _unit_indicators(frames, catalogs, [period])
    values = values.loc[values["target"].notna().to_numpy() & member(values["unit_code"], units["unit_code"])]
    found = indicator_attainment(values, by=("ward",), units=units)
    found = found.loc[found["met"].notna()].copy()
    found["met_share"] = percent(found["met"].astype("float64"), found["units"].astype("float64"))
    return found[["ward", "code", "units", "met", "met_share"]].reset_index(drop=True)


def missed_indicators(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Indicators with a target, most schools missing it first. Columns: code, units, met, not_met."""
    frames = fold(frames, [period])
    attainment = indicator_attainment(_unit_indicators(frames, catalogs, [period]), by=())
    attainment = attainment.loc[attainment["not_met"].notna()]
    return attainment.sort_values("not_met", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- tasks


def field_table(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Pooled task figures per PAR field, in catalog order (fields without tasks included, empty)."""
    frames = fold(frames, [period])
    stats = _tasks_by(frames, [period], ("field",))
    fields = pd.DataFrame({"field": catalogs.par_fields.codes()})
    return fields.merge(stats, on="field", how="left")


def school_field_rates(
    frames: Frames, catalogs: Catalogs, period: str, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Completion rate per unit and PAR field (long form), for the units given (all when None)."""
    frames = fold(frames, [period])
    counts = _task_counts(frames, [period])
    if units is not None:
        counts = counts.loc[member(counts["unit_code"], list(units))]
    stats = pool_task_stats(counts, ("unit_code", "field"))
    return stats.merge(_names(frames), on="unit_code", how="left")


def status_counts(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Per unit: done, in_progress, not_started and overdue task counts, with the unit's name."""
    frames = fold(frames, [period])
    rows = _counted(frames, "tasks", [period])
    counts = pd.crosstab(rows["unit_code"], rows["status"]).reindex(columns=list(TASK_STATUSES), fill_value=0)
    stats = _tasks_by(frames, [period], ("unit_code",))[["unit_code", "tasks", "overdue", "completion_rate"]]
    out = counts.reset_index().merge(stats, on="unit_code", how="left")
    return out.merge(_names(frames), on="unit_code", how="left")


def overdue_list(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Every overdue task of the quarter with its school, field, deadline and days late, most late first."""
    frames = fold(frames, [period])
    late = overdue_tasks(_counted(frames, "tasks", [period]))
    late = late.merge(_names(frames), on="unit_code", how="left")
    names = {f.code: f.name for f in catalogs.par_fields}
    late["field_name"] = late["field"].map(names)
    columns = ["submission_id", "row", "unit_code", "unit_name", "field", "field_name", *_texts_in(late),
               "deadline", "status", "days_late"]  # fmt: skip
    return late[columns].reset_index(drop=True)


def _texts_in(tasks: pd.DataFrame) -> list[str]:
    return [c for c in TASK_TEXT_COLUMNS if c in tasks.columns]


def attach_texts(tasks: pd.DataFrame, texts: pd.DataFrame) -> pd.DataFrame:
    """Tasks listed without their content and plan, with them (texts: submission_id, row, content, plan)."""
    if all(c in tasks.columns for c in TASK_TEXT_COLUMNS):
        return tasks
    return tasks.merge(texts, on=["submission_id", "row"], how="left")


# ---------------------------------------------------------------- indicators


def indicator_table(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Pooled value per indicator against its target, and how many schools meet it."""
    frames = fold(frames, [period])
    rows = _counted(frames, "indicators", [period])
    pooled = indicator_values(rows, catalogs.indicators, by=())
    attainment = indicator_attainment(_unit_indicators(frames, catalogs, [period]), by=()).rename(
        columns={"units": "schools", "met": "schools_met", "not_met": "schools_not_met"}
    )
    out = pooled.merge(attainment, on="code", how="left")
    out["name"] = out["code"].map({i.code: i.name for i in catalogs.indicators})
    return out


def indicator_by_school(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Each unit's value of each indicator with met / not met (long form)."""
    frames = fold(frames, [period])
    return _unit_indicators(frames, catalogs, [period]).merge(_names(frames), on="unit_code", how="left")


def indicator_trend(frames: Frames, catalogs: Catalogs, periods: Sequence[str] | None = None) -> pd.DataFrame:
    """Pooled value of each indicator per quarter (of these periods; every quarter with a report when None)."""
    periods = list(periods) if periods is not None else periods_of(frames)
    frames = fold(frames, periods)
    return indicator_values(_counted(frames, "indicators", periods), catalogs.indicators, by=("period",))


# ---------------------------------------------------------------- satisfaction


def dimension_table(frames: Frames, catalogs: Catalogs, period: str, compare: str | None) -> pd.DataFrame:
    """Pooled satisfaction per factor with the five answer shares, and the change against `compare`."""
    frames = fold(frames, [period, compare])
    codes = catalogs.dimensions.codes()
    periods = [p for p in (period, compare) if p]
    survey = _survey(frames, catalogs, periods)
    now = survey.loc[survey["period"].eq(period).to_numpy()]
    out = pd.DataFrame({"dimension": codes})
    out = out.merge(satisfaction_by_dimension(now, by=()), on="dimension", how="left")
    shares = satisfaction_distribution(now, by=("dimension",)).drop(columns="answers")
    out = out.merge(shares, on="dimension", how="left")
    if compare:
        before = survey.loc[survey["period"].eq(compare).to_numpy()]
        earlier = satisfaction_by_dimension(before, by=())[["dimension", "pct"]].rename(columns={"pct": "pct_before"})
        out = out.merge(earlier, on="dimension", how="left")
        out["change"] = out["pct"] - out["pct_before"]
    out["name"] = out["dimension"].map({d.code: d.name for d in catalogs.dimensions})
    return out


def school_dimensions(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Each unit's satisfaction per factor (`unit_dimensions` for every unit at once), in catalog order.

    Columns: unit_code, dimension, answers, satisfied_answers, pct; a unit's factors without rows are left out.
    """
    frames = fold(frames, [period])
    codes = catalogs.dimensions.codes()
    out = _dimensions_by(frames, catalogs, [period], ("unit_code",))
    order = out["dimension"].map({code: n for n, code in enumerate(codes)})
    return out.assign(_order=order).sort_values(["unit_code", "_order"], kind="stable").drop(columns="_order")


def school_satisfaction(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Per unit: overall satisfaction, the five answer shares over all factors, and the smallest sample."""
    frames = fold(frames, [period])
    survey = _survey(frames, catalogs, [period])
    by_unit = ("unit_code",)
    overall = overall_from_dimensions(_dimensions_by(frames, catalogs, [period], by_unit), by=by_unit)
    shares = satisfaction_distribution(survey, by=("unit_code",)).drop(columns="answers")
    smallest = survey.groupby("unit_code", observed=True)["answers"].min().rename("answers").reset_index()
    out = overall.merge(shares, on="unit_code").merge(smallest, on="unit_code")
    return out.merge(_names(frames), on="unit_code", how="left")


# ---------------------------------------------------------------- PAR scores


def par_field_table(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Per PAR field, pooled: self-assessed and final points against the maximum, and the gap."""
    frames = fold(frames, [period])
    rows = _counted(frames, "self_assessment", [period])
    final = par_field_scores(rows, by=(), catalog=catalogs.par_fields)
    own = par_field_scores(rows.assign(appraised_points=float("nan")), by=(), catalog=catalogs.par_fields)
    appraised_rows = rows.loc[rows["appraised_points"].notna()]
    appraised = par_field_scores(appraised_rows, by=(), catalog=catalogs.par_fields)
    own = own[["field", "points", "score"]].rename(columns={"points": "self_points", "score": "self_score"})
    out = final.merge(own, on="field", how="left")
    out = out.merge(appraised[["field", "score"]].rename(columns={"score": "appraised_score"}), on="field", how="left")
    out["name"] = out["field"].map({f.code: f.name for f in catalogs.par_fields})
    return out.loc[out["name"].notna().to_numpy()].reset_index(drop=True)  # the fields; bonus and penalty lines apart


def par_school_table(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """Per unit: PAR score and rank (ties share a rank), highest first."""
    frames = fold(frames, [period])
    rows = _counted(frames, "self_assessment", [period])
    scores = par_scores(rows, by=("unit_code",), catalog=catalogs.par_fields)
    scores = scores.loc[scores["score"].notna()].copy()
    scores["rank"] = rank_with_ties(scores["score"].round(2))
    scores["rank_of"] = len(scores)
    scores["rank_label"] = _labels(scores["rank"], len(scores))
    out = scores.merge(_names(frames), on="unit_code", how="left")
    return out.sort_values(["rank", "unit_code"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- one school


def unit_history(frames: Frames, catalogs: Catalogs, unit_code: str) -> pd.DataFrame:
    """The unit's own figures for every quarter it was expected, oldest first."""
    mine = restrict_units(frames, [unit_code])
    return trend(mine, catalogs, periods_of(frames))


# ---------------------------------------------------------------- reporting


def reporting_by_period(frames: Frames, catalogs: Catalogs, periods: Sequence[str]) -> pd.DataFrame:
    """Expected, submitted and on-time units per quarter."""
    if not periods:
        return pd.DataFrame(columns=["period", "expected", "submitted", "rate", "on_time", "on_time_rate"])
    return reporting_rates(submission_status(frames.units, frames.submissions, list(periods), frames.quarters))


def reporting_status(frames: Frames, catalogs: Catalogs, period: str) -> pd.DataFrame:
    """One row per expected unit of the quarter: submitted, first received, on time, days late."""
    return submission_status(frames.units, frames.submissions, period, frames.quarters)


def unit_tasks(frames: Frames, catalogs: Catalogs, unit_code: str, period: str) -> pd.DataFrame:
    """The unit's tasks in its current report of the quarter, with the field's name and overdue flag."""
    mine = fold(restrict_units(frames, [unit_code]), [period])
    rows = _current_rows(mine.tasks, _reported(mine, [period]))
    late = set(overdue_tasks(rows).index)
    out = rows.assign(
        field_name=rows["field"].map({f.code: f.name for f in catalogs.par_fields}),
        overdue=[index in late for index in rows.index],
    )
    columns = [
        "submission_id",
        "row",
        "field",
        "field_name",
        *_texts_in(out),
        "deadline",
        "status",
        "done_on",
        "overdue",
    ]
    return out[columns].reset_index(drop=True)


def unit_dimensions(frames: Frames, catalogs: Catalogs, unit_code: str, period: str) -> pd.DataFrame:
    """The unit's satisfaction per factor (as `dimension_table`, for one school)."""
    return dimension_table(restrict_units(frames, [unit_code]), catalogs, period, None)


def unit_indicators(frames: Frames, catalogs: Catalogs, unit_code: str, period: str) -> pd.DataFrame:
    out = indicator_table(restrict_units(frames, [unit_code]), catalogs, period)
    return out[["code", "name", "kind", "result", "total", "value", "target", "met"]]


# ---------------------------------------------------------------- the PAR year, as published


def par_year_table(frames: Frames, catalogs: Catalogs, year: int) -> pd.DataFrame:
    """Per unit with a self-assessment in `year`: its self-assessed and final points (the office's final
    appraisal where given, its bonus and penalty included), each field's final points (`field:CODE`),
    the maximum, the PAR score and its rank (ties share), best first."""
    period = str(year)
    frames = fold(frames, [period])
    rows = _counted(frames, "self_assessment", [period])
    final = par_scores(rows, by=("unit_code",), catalog=catalogs.par_fields)
    own = par_scores(rows.assign(appraised_points=float("nan")), by=("unit_code",), catalog=catalogs.par_fields)
    table = final[["unit_code", "points", "max_points", "score"]].merge(
        own[["unit_code", "points"]].rename(columns={"points": "self_points"}), on="unit_code"
    )
    fields = par_field_scores(rows, by=("unit_code",), catalog=catalogs.par_fields)
    fields = fields.loc[member(fields["field"], catalogs.par_fields.codes())]
    by_field = fields.pivot(index="unit_code", columns="field", values="points")
    by_field = by_field.reindex(columns=[c for c in catalogs.par_fields.codes() if c in by_field.columns])
    table = table.merge(by_field.add_prefix("field:").reset_index(), on="unit_code", how="left")
    table = table.loc[table["score"].notna()].copy()
    table["rank"] = rank_with_ties(table["score"].round(2))
    table["rank_label"] = _labels(table["rank"], len(table))
    out = table.merge(_names(frames), on="unit_code", how="left").rename(columns={"points": "final_points"})
    return out.sort_values(["rank", "unit_code"], kind="stable").reset_index(drop=True)
