"""The quarter's data-quality flags with where the office's follow-up stands (open, explained, resolved).

metrics.quality finds the flags in the stored tables; storage.quality keeps what people did about
them. A flag is about one report: a report replacing it has flags of its own, open again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from core.catalogs import Catalogs, default_catalogs
from core.periods import period_from_code
from core.text import content_key
from core.vocabulary import ANSWER_LEVELS
from loaders.problems import WARNING, Problem, problem
from loaders.report import Report
from metrics.frames import Frames
from metrics.quality import (
    FLAG_COLUMNS,
    MAX_QUARTERS,
    OUTLIER_ACROSS,
    across_values,
    copied_among,
    copied_reports,
    outliers_across,
    outliers_history,
    outlying,
    own_flags,
    quarter_flags,
    repeated_surveys,
    report_prints,
    scored_flags,
    screened_values,
    spliced_flags,
    with_levels,
)
from metrics.splice import rows_of_reports
from metrics.tasks import member
from pipeline.plans import continuity_list, unit_notes, year_quarters
from storage.db import PerEngine, reading
from storage.frames import load_frames
from storage.plans import current_plan_ids
from storage.quality import follow_up

OPEN = "open"
DIMENSIONS = tuple(default_catalogs().dimensions.codes())
STATE_COLUMNS = ["state", "explanation", "changed_by", "changed_at"]
KEY = ["unit_code", "kind", "item", "submission_id"]


def quality_quarters(period: str) -> list[str]:
    """The quarter and the ones its history is read from."""
    quarter = period_from_code(period)
    return [quarter.shift(-n).code for n in range(MAX_QUARTERS, -1, -1)]


def flags_of(frames: Frames, catalogs: Catalogs, period: str, continuity: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quarter's flags (metrics.quality.FLAG_COLUMNS) from tables already loaded."""
    return quarter_flags(screened_values(frames, catalogs), frames, period, continuity)


def with_follow_up(flags: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """The flags with their state (open where nobody acted), explanation, who and when."""
    if flags.empty:
        return flags.reindex(columns=[*FLAG_COLUMNS, *STATE_COLUMNS])
    ids = flags["submission_id"].astype("int64")
    states = states.assign(submission_id=states["submission_id"].astype("int64"))
    at = _state_rows(flags, ids.to_numpy(), states)
    if at is None:  # a flag with two follow-up rows: each of them, as a merge gives them
        out = flags.assign(submission_id=ids).merge(states[[*KEY, *STATE_COLUMNS]], on=KEY, how="left")
        out["state"] = out["state"].fillna(OPEN)
        return out
    # each flag's follow-up row (-1: none), found for the few flags of the reports someone acted on
    found = {name: states[name].array.take(at, allow_fill=True) for name in STATE_COLUMNS}
    found["state"] = found["state"].fillna(OPEN)
    return flags.assign(submission_id=ids, **found).reset_index(drop=True)


def _state_rows(flags: pd.DataFrame, ids: np.ndarray, states: pd.DataFrame) -> np.ndarray | None:
    """The row of `states` with each flag's KEY (-1 for none); None where a key has more than one."""
    at = np.full(len(flags), -1, dtype=np.int64)
    acted = np.flatnonzero(np.isin(ids, states["submission_id"].to_numpy())) if len(states) else []
    if not len(acted):
        return at
    keys = list(zip(*(states[name] for name in KEY), strict=True))
    rows = {key: n for n, key in enumerate(keys)}
    if len(rows) < len(keys):
        return None
    named = [np.asarray(flags[name].array.take(acted), dtype=object) for name in KEY[:-1]]
    at[acted] = [rows.get(key, -1) for key in zip(*named, ids[acted], strict=True)]
    return at


def quarter_quality(
    engine: Engine, period: str, *, frames: Frames | None = None, unit_code: str | None = None
) -> pd.DataFrame:
    """The quarter's flags with their follow-up, for every unit or for one (a clerk's school).

    `frames`, the tables already in memory, must hold the quarters `quality_quarters` names (a server's hold
    every quarter). This process keeps the flags of each quarter and, asked again, recomputes the flags of the
    schools whose reports or plan changed only (`LiveQuality`): the same flags as a full computation.
    """
    frames = frames if frames is not None else load_frames(engine, quality_quarters(period), task_texts=False)
    flags = live_quality(engine).flags(engine, period, frames)
    if unit_code is not None:  # the others' values are still the reference: cut the flags, not the tables
        flags = flags.loc[flags["unit_code"].eq(unit_code).to_numpy()]
    return with_follow_up(flags.reset_index(drop=True), follow_up(engine, period))


KEPT_QUARTERS = 4  # quarters kept per database: the one the overview shows, and a few others asked for


@dataclass(frozen=True)
class _Group:
    """The quarter's values of one school level and item, compared across schools, and its outliers."""

    units: np.ndarray  # unit_code of each value (object)
    ids: np.ndarray  # submission_id of each value
    values: np.ndarray  # the values (float64)
    flagged: np.ndarray  # the outliers' places among them
    reference: np.ndarray  # their group's median
    score: np.ndarray  # their score


def _group(units: np.ndarray, ids: np.ndarray, values: np.ndarray) -> _Group:
    flagged, reference, score = outlying(values, np.zeros(len(values), dtype=np.int64), 1)
    return _Group(units, ids, values, flagged, reference, score)


GroupKey = tuple[str | None, str]  # (school level, None for a unit without one; item)


@dataclass(frozen=True)
class _Across:
    """Every school's values of the quarter compared across schools (metrics.quality.across_values) by group
    (`GroupKey`), as outliers_among compares them: a group's outliers are those of its values alone."""

    groups: dict[GroupKey, _Group]
    of_unit: dict[str, frozenset[GroupKey]]  # unit → the groups it has values in
    flags: pd.DataFrame  # every group's outliers (outliers_among's rows, in no particular order)


@dataclass(frozen=True)
class _Copied:
    """The quarter's reports' fingerprints (metrics.quality.report_prints) by fingerprint, and the copied flags."""

    holders: dict[str, tuple[tuple[int, str], ...]]  # fingerprint → (submission_id, unit) of its reports
    of_unit: dict[str, tuple[str, ...]]  # unit → the fingerprints of its reports
    flags: pd.DataFrame  # copied_among's


@dataclass(frozen=True)
class _Kept:
    ids: np.ndarray  # submission_id of the current reports of the quarter and before, in the table's order
    owners: pd.api.extensions.ExtensionArray  # their unit_code
    plans: dict[str, int]  # unit → its current plan's id for the quarter's year
    units: pd.DataFrame  # the registry the flags across schools were computed with
    levels: dict[str, str | None]  # its units' school levels (as metrics.quality.with_levels reads them)
    across: _Across
    copied: _Copied
    flags: pd.DataFrame  # every flag of the quarter, in order


class LiveQuality:
    """One database's quarter flags (before their follow-up), kept per quarter and brought up to date school by
    school.

    The flags a school has from its own reports and plan (history, repeated survey, went-back, missing) and the
    values and fingerprints of its quarter's report depend on its current reports up to the quarter and its
    current plan, nothing else: a stored report or plan never changes (a new one has a new id). So each ask
    computes those again for the schools whose ids changed only and splices them in. The flags that compare
    schools are kept by what they compare: the outliers across schools by group of values (school level, item),
    computed again for the groups those schools' values left or joined only (a group's median moves with any of
    its values); the copied flags by fingerprint, computed again only when one of those schools' fingerprints is
    shared. The result equals a full computation (`flags_of` with `continuity_list`), row for row.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self.recomputed: int | None = None  # schools computed again by the last ask (None: all of them)

    def flags(self, engine: Engine, period: str, frames: Frames, catalogs: Catalogs | None = None) -> pd.DataFrame:
        """The quarter's flags (metrics.quality.FLAG_COLUMNS, in order) from `frames`."""
        catalogs = catalogs or default_catalogs()
        if frames.folded or catalogs is not default_catalogs():  # tables or rules of a kind not kept: all of it
            return flags_of(frames, catalogs, period, continuity_list(engine, period))
        with self._lock, reading(engine) as conn:
            return self._flags(conn, period, frames, catalogs)

    def _flags(self, conn: Connection, period: str, frames: Frames, catalogs: Catalogs) -> pd.DataFrame:
        stored = frames.submissions
        at = np.flatnonzero(stored["is_current"].to_numpy() & stored["period"].le(period).to_numpy())
        ids = stored["submission_id"].to_numpy()[at]
        year, quarters = year_quarters(period)
        plans = current_plan_ids(conn, year)
        kept = self._kept.get(period)
        same_ids = kept is not None and np.array_equal(kept.ids, ids)
        owners = kept.owners if kept is not None and same_ids else stored["unit_code"].array.take(at)
        changed = None if kept is None else _changed(kept, ids, owners, same_ids, plans)
        self.recomputed = None if changed is None else len(changed)
        same_units = kept is not None and (kept.units is frames.units or kept.units.equals(frames.units))
        if kept is not None and not changed and same_units:
            self._kept.move_to_end(period)
            return kept.flags
        asked = slice(None) if changed is None else _among(owners, changed)
        reports = pd.DataFrame({"submission_id": ids[asked], "unit_code": owners[asked],
                                "period": stored["period"].array.take(at[asked])})  # fmt: skip
        part = _of_reports(frames, reports["submission_id"].to_numpy())
        values = screened_values(part, catalogs)
        planned = reports["period"].isin(quarters).to_numpy() & reports["unit_code"].isin(list(plans)).to_numpy()
        fresh = own_flags(values, part, period, unit_notes(conn, period, reports.loc[planned], plans, part))
        now, prints = across_values(values, period), report_prints(part, period)
        levels = kept.levels if kept is not None and same_units else _levels_of(frames.units)
        if kept is None or changed is None:
            across, copied = _across_of(with_levels(now, frames.units), period), _copied_of(prints, period)
        else:
            across = kept.across if same_units else _levelled(kept.across, frames.units, period)
            across = _across_with(across, changed, now, levels, period)
            copied = _copied_with(kept.copied, changed, prints, period)
        flags = spliced_flags(None if kept is None else kept.flags, changed, fresh, [across.flags, copied.flags])
        self._kept[period] = _Kept(ids, owners, plans, frames.units, levels, across, copied, flags)
        self._kept.move_to_end(period)
        while len(self._kept) > KEPT_QUARTERS:
            self._kept.popitem(last=False)
        return flags


def _changed(
    kept: _Kept, ids: np.ndarray, owners: pd.api.extensions.ExtensionArray, same_ids: bool, plans: dict[str, int]
) -> set[str]:
    """The schools whose current reports (by id) or current plan are not those the kept flags were computed from."""
    units: set[str] = set()
    if not same_ids:  # a report is current no more, another one is
        units = {*kept.owners[~np.isin(kept.ids, ids)], *owners[~np.isin(ids, kept.ids)]}
    if kept.plans != plans:
        units |= {u for u in kept.plans.keys() | plans.keys() if kept.plans.get(u) != plans.get(u)}
    return units


def _among(units: np.ndarray | pd.api.extensions.ExtensionArray, wanted: set[str]) -> np.ndarray:
    """Boolean array: is each unit one of `wanted`?"""
    if isinstance(units, np.ndarray) and len(wanted) == 1:
        return units == next(iter(wanted))
    return member(pd.Series(units, copy=False), wanted)


def _level(level: object) -> str | None:
    """A unit's school level as a group key: None for none (metrics.quality groups every missing level as one)."""
    return level if isinstance(level, str) else None


def _across_of(now: pd.DataFrame, period: str) -> _Across:
    """Every group's values and outliers from the quarter's values with their level (`with_levels`)."""
    levels, items = now["level"].to_numpy(dtype=object), now["item"].to_numpy(dtype=object)
    units, ids = now["unit_code"].to_numpy(dtype=object), now["submission_id"].to_numpy(dtype=np.int64)
    values = now["value"].to_numpy(dtype=np.float64)
    level_codes, level_names = pd.factorize(levels, use_na_sentinel=False)
    item_codes, item_names = pd.factorize(items, use_na_sentinel=False)
    code = level_codes * len(item_names) + item_codes
    order = np.argsort(code, kind="stable")
    bounds = np.flatnonzero(np.diff(code[order])) + 1
    groups: dict[GroupKey, _Group] = {}
    of_unit: dict[str, set[GroupKey]] = {}
    for rows in np.split(order, bounds) if len(order) else []:
        first = rows[0]
        key = (_level(level_names[level_codes[first]]), str(item_names[item_codes[first]]))
        groups[key] = _group(units[rows], ids[rows], values[rows])
        for unit in set(units[rows]):
            of_unit.setdefault(unit, set()).add(key)
    return _Across(groups, {unit: frozenset(keys) for unit, keys in of_unit.items()}, _across_flags(groups, period))


def _levels_of(units: pd.DataFrame) -> dict[str, str | None]:
    """Each unit's school level as a group key (`_level`), the first of the registry's rows as with_levels reads it."""
    registry = units.drop_duplicates("unit_code")
    return {unit: _level(level) for unit, level in zip(registry["unit_code"], registry["level"], strict=True)}


def _across_with(
    across: _Across, changed: set[str], now: pd.DataFrame, levels: dict[str, str | None], period: str
) -> _Across:
    """`across` with the values of the `changed` schools replaced by `now` (theirs, metrics.quality.across_values,
    their level in `levels`): only the groups they leave or join are compared again."""
    units, ids = now["unit_code"].to_numpy(dtype=object), now["submission_id"].to_numpy(dtype=np.int64)
    values, items = now["value"].to_numpy(dtype=np.float64), now["item"].to_numpy(dtype=object)
    keys = [(levels.get(unit), str(item)) for unit, item in zip(units, items, strict=True)]
    touched = {key for unit in changed for key in across.of_unit.get(unit, ())} | set(keys)
    groups, of_unit = dict(across.groups), dict(across.of_unit)
    flagged = False
    for key in touched:
        before = groups.pop(key, None)
        joining = np.fromiter((k == key for k in keys), dtype=bool, count=len(keys))
        if before is None:
            parts = (units[joining], ids[joining], values[joining])
        else:
            stays = ~_among(before.units, changed)
            parts = tuple(np.concatenate([kept[stays], new[joining]]) for kept, new in
                          ((before.units, units), (before.ids, ids), (before.values, values)))  # fmt: skip
        after = _group(*parts) if len(parts[0]) else None
        if after is not None:
            groups[key] = after
        flagged = (
            flagged
            or (before is not None and len(before.flagged) > 0)
            or (after is not None and len(after.flagged) > 0)
        )
    for unit in changed:
        of_unit.pop(unit, None)
    for unit, key in zip(units, keys, strict=True):
        of_unit[unit] = of_unit.get(unit, frozenset()) | {key}
    return _Across(groups, of_unit, _across_flags(groups, period) if flagged else across.flags)


def _levelled(across: _Across, units: pd.DataFrame, period: str) -> _Across:
    """`across` with every value's school level read again from the registry (a school moved to another level)."""
    found = list(across.groups.items())
    now = pd.DataFrame(
        {"unit_code": np.concatenate([np.empty(0, dtype=object), *(g.units for _, g in found)]), "period": period,
         "submission_id": np.concatenate([np.empty(0, dtype=np.int64), *(g.ids for _, g in found)]),
         "item": np.concatenate([np.empty(0, dtype=object), *(np.full(len(g.ids), key[1], dtype=object)
                                                              for key, g in found)]),
         "value": np.concatenate([np.empty(0), *(g.values for _, g in found)])}
    )  # fmt: skip
    return _across_of(with_levels(now, units), period)


def _across_flags(groups: dict[GroupKey, _Group], period: str) -> pd.DataFrame:
    """The outliers across schools of every group (metrics.quality.outliers_among's flags)."""
    found = [(key, g) for key, g in groups.items() if len(g.flagged)]
    if not found:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    return scored_flags(
        OUTLIER_ACROSS,
        np.concatenate([g.units[g.flagged] for _, g in found]),
        period,
        np.concatenate([np.full(len(g.flagged), key[1], dtype=object) for key, g in found]),
        np.concatenate([g.values[g.flagged] for _, g in found]),
        np.concatenate([g.reference for _, g in found]),
        np.concatenate([g.score for _, g in found]),
        np.concatenate([g.ids[g.flagged] for _, g in found]),
    )


def _copied_of(prints: pd.DataFrame, period: str) -> _Copied:
    """The fingerprints by fingerprint and the copied flags from every report's (`report_prints`)."""
    holders: dict[str, list[tuple[int, str]]] = {}
    of_unit: dict[str, list[str]] = {}
    for sid, fingerprint, unit in prints[["submission_id", "fingerprint", "unit_code"]].itertuples(index=False):
        holders.setdefault(fingerprint, []).append((int(sid), unit))
        of_unit.setdefault(unit, []).append(fingerprint)
    return _Copied({fp: tuple(h) for fp, h in holders.items()}, {u: tuple(f) for u, f in of_unit.items()},
                   copied_among(prints, period))  # fmt: skip


def _copied_with(copied: _Copied, changed: set[str], prints: pd.DataFrame, period: str) -> _Copied:
    """`copied` with the fingerprints of the `changed` schools replaced by `prints` (theirs): the copied flags
    computed again only when a fingerprint they left or hold is shared."""
    holders, of_unit = dict(copied.holders), dict(copied.of_unit)
    touched: set[str] = set()
    for unit in changed:
        for fingerprint in of_unit.pop(unit, ()):
            touched.add(fingerprint)
    shared = any(len(holders.get(fp, ())) > 1 for fp in touched)
    for fingerprint in touched:
        stays = tuple(h for h in holders.pop(fingerprint, ()) if h[1] not in changed)
        if stays:
            holders[fingerprint] = stays
    for sid, fingerprint, unit in prints[["submission_id", "fingerprint", "unit_code"]].itertuples(index=False):
        holders[fingerprint] = (*holders.get(fingerprint, ()), (int(sid), unit))
        of_unit[unit] = (*of_unit.get(unit, ()), fingerprint)
        shared = shared or len(holders[fingerprint]) > 1
    if not shared:
        return _Copied(holders, of_unit, copied.flags)
    rows = [(sid, fp, unit) for fp, found in holders.items() if len(found) > 1 for sid, unit in found]
    among = pd.DataFrame(rows, columns=["submission_id", "fingerprint", "unit_code"]).astype({"submission_id": "int64"})
    return _Copied(holders, of_unit, copied_among(among, period))


def _of_reports(frames: Frames, ids: np.ndarray) -> Frames:
    """The tables cut to the rows of these reports (those the flags of their schools are computed from)."""
    return replace(frames, tasks=_cut(frames.tasks, ids), indicators=_cut(frames.indicators, ids),
                   satisfaction=_cut(frames.satisfaction, ids))  # fmt: skip


# A cut of at most so many runs of rows is taken as slices: a patched table's Arrow text is in chunks, which a take
# over the whole table copies into one first.
RUNS = 32


def _cut(table: pd.DataFrame, ids: np.ndarray) -> pd.DataFrame:
    """The table's rows of these reports, in its order."""
    rows = rows_of_reports(table, ids)
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    if len(rows) == 0 or len(breaks) >= RUNS:
        return table.take(rows)
    starts, ends = rows[np.r_[0, breaks]], rows[np.r_[breaks - 1, len(rows) - 1]] + 1
    slices = [table.iloc[start:end] for start, end in zip(starts, ends, strict=True)]
    return pd.concat(slices) if len(slices) > 1 else slices[0]


def as_records(table: pd.DataFrame) -> list[dict[str, object]]:
    """The flags as `cli.py quality --json` prints them: unit, kind, item, value, reference, score, state."""

    def plain(value: object) -> object:
        return None if value is None or (isinstance(value, float) and value != value) else value

    return [
        {"unit": unit, "kind": kind, "item": item, "value": plain(value), "reference": plain(reference),
         "score": None if plain(score) is None else round(float(score), 2), "state": state}
        for unit, kind, item, value, reference, score, state in table[
            ["unit_code", "kind", "item", "value", "reference", "score", "state"]
        ].itertuples(index=False)
    ]  # fmt: skip


# ---------------------------------------------------------------- a file being checked, before it is stored

CANDIDATE = -1  # the submission id the file being checked stands under, among the stored reports
ITEM_SHEETS = {"tasks": "NhiemVu", "completion": "NhiemVu"}


@dataclass
class QualityBook:
    """The stored reports' screened values and fingerprints, computed once for every file of an upload."""

    frames: Frames
    catalogs: Catalogs = field(default_factory=default_catalogs)
    _values: pd.DataFrame | None = None

    @property
    def values(self) -> pd.DataFrame:
        if self._values is None:
            self._values = screened_values(self.frames, self.catalogs)
        return self._values


def report_flags(report: Report, book: QualityBook) -> pd.DataFrame:
    """The flags the report would raise against the stored reports of the other schools and its own earlier
    quarters, as if it replaced the school's current report of its quarter (`FLAG_COLUMNS`)."""
    if not report.accepted or not report.unit_code or not report.period:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    unit, period = report.unit_code, report.period
    own = _candidate_frames(report, book.frames)
    values, units = book.values, book.frames.units
    candidate = screened_values(own, book.catalogs)
    level = units.loc[units["unit_code"].eq(unit), "level"]
    peers = set(units.loc[units["level"].isin(level), "unit_code"]) - {unit}
    quarter = values.loc[values["period"].eq(period).to_numpy()]  # only what each comparison reads: small
    peers_now = quarter.loc[member(quarter["unit_code"], peers)]
    own_past = values.loc[values["unit_code"].eq(unit).to_numpy() & values["period"].lt(period).to_numpy()]
    across = outliers_across(pd.concat([peers_now, candidate], ignore_index=True), units, period)
    history = outliers_history(pd.concat([own_past, candidate], ignore_index=True), period)
    merged = _replacing(book.frames, own, unit, period)
    found = pd.concat([across, history, copied_reports(merged, period), repeated_surveys(merged, period)],
                      ignore_index=True)  # fmt: skip
    return found.loc[found["unit_code"].eq(unit).to_numpy()].reset_index(drop=True)


def _candidate_frames(report: Report, frames: Frames) -> Frames:
    """The report's rows as the stored tables hold a current report's (under CANDIDATE)."""
    keys = {"submission_id": CANDIDATE, "unit_code": report.unit_code, "period": report.period}

    def day(value: object) -> pd.Timestamp:
        return pd.Timestamp(value) if value else pd.NaT

    tasks = [{**keys, "row": t.row, "field": t.field, "status": t.status, "task": t.code or "~",
              "deadline": day(t.deadline), "done_on": day(t.done_on), "content_key": content_key(t.content)}
             for t in report.tasks]  # fmt: skip
    indicators = [{**keys, "code": i.code, "result": i.result, "total": i.total} for i in report.indicators]
    survey = [{**keys, "dimension": s.dimension, "answers": s.answers,
               **dict(zip(ANSWER_LEVELS, s.levels, strict=True))} for s in report.satisfaction]  # fmt: skip
    return Frames(frames.units, frames.quarters, frames.submissions, _typed(tasks, frames.tasks),
                  _typed(indicators, frames.indicators), _typed(survey, frames.satisfaction),
                  frames.self_assessment.iloc[0:0])  # fmt: skip


def _typed(rows: list[dict], like: pd.DataFrame) -> pd.DataFrame:
    """Rows as a frame with the stored table's columns and dtypes."""
    if not rows:
        return like.iloc[0:0]
    frame = pd.DataFrame(rows, columns=like.columns)
    return frame.astype({c: like[c].dtype for c in like.columns if frame[c].notna().any()})


def _replacing(frames: Frames, own: Frames, unit: str, period: str) -> Frames:
    """The stored tables with the school's current report of the quarter replaced by the file being checked."""

    def swapped(stored: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
        kept = stored.loc[~(stored["unit_code"].eq(unit) & stored["period"].eq(period)).to_numpy()]
        return pd.concat([kept, new], ignore_index=True) if len(new) else kept

    return Frames(frames.units, frames.quarters, frames.submissions, swapped(frames.tasks, own.tasks),
                  swapped(frames.indicators, own.indicators), swapped(frames.satisfaction, own.satisfaction),
                  frames.self_assessment)  # fmt: skip


def with_quality_warnings(report: Report, book: QualityBook) -> Report:
    """The report with a warning for each flag it raises: never a refusal (data-quality.md)."""
    found = report_flags(report, book)
    if found.empty:
        return report
    rows = {i.code: i.row for i in report.indicators} | {s.dimension: s.row for s in report.satisfaction}
    warnings = [_warning(flag, rows) for flag in found.to_dict("records")]
    return replace(report, problems=[*report.problems, *warnings])


def _warning(flag: dict, rows: dict[str, int]) -> Problem:
    item = str(flag["item"])
    code = item.partition(":")[0]
    sheet = ITEM_SHEETS.get(item) or ("HaiLong" if flag["kind"] == "survey-repeated" or code in DIMENSIONS else
                                      "NhiemVu" if flag["kind"] == "copied" else "ChiTieu")  # fmt: skip
    score = None if pd.isna(flag["score"]) else round(float(flag["score"]), 1)
    value = None if pd.isna(flag["value"]) else float(flag["value"])
    reference = (
        flag["reference"]
        if isinstance(flag["reference"], str) or flag["reference"] is None
        else float(flag["reference"])
    )
    return problem(f"quality-{flag['kind']}", severity=WARNING, sheet=sheet, row=rows.get(code), item=item,
                   value=value, reference=reference, score=score)  # fmt: skip


# This process's quarter flags of the database behind an engine (one per engine: a new engine, a new start).
live_quality: PerEngine[LiveQuality] = PerEngine(LiveQuality)
