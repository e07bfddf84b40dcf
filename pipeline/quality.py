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
    across_values,
    copied_among,
    copied_reports,
    outliers_across,
    outliers_among,
    outliers_history,
    own_and_all,
    own_flags,
    quarter_flags,
    repeated_surveys,
    report_prints,
    screened_values,
    with_levels,
)
from metrics.tasks import member
from pipeline.plans import changed_units, continuity_list, rows_of_reports, unit_notes, year_quarters
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
    keyed = flags.assign(submission_id=flags["submission_id"].astype("int64"))
    states = states.assign(submission_id=states["submission_id"].astype("int64"))
    out = keyed.merge(states[[*KEY, *STATE_COLUMNS]], on=KEY, how="left")
    out["state"] = out["state"].fillna(OPEN)
    return out


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
class _Kept:
    reports: pd.DataFrame  # submission_id, unit_code, period of the current reports of the quarter and before
    plans: dict[str, int]  # unit → its current plan's id for the quarter's year
    units: pd.DataFrame  # the registry the flags across schools were computed with
    values: pd.DataFrame  # every school's values of the quarter compared across schools (metrics.quality)
    prints: pd.DataFrame  # the quarter's reports' fingerprints (metrics.quality.report_prints)
    own: pd.DataFrame  # the flags each school has from its own reports and plan (metrics.quality.own_flags)
    flags: pd.DataFrame  # every flag of the quarter, in order


class LiveQuality:
    """One database's quarter flags (before their follow-up), kept per quarter and brought up to date school by
    school.

    The flags a school has from its own reports and plan (history, repeated survey, went-back, missing) and the
    values and fingerprints of its quarter's report depend on its current reports up to the quarter and its
    current plan, nothing else: a stored report or plan never changes (a new one has a new id). So each ask
    computes those again for the schools whose ids changed only and splices them in; the flags that compare
    schools (outliers across, copied) are computed again from every school's kept values and fingerprints. The
    result equals a full computation (`flags_of` with `continuity_list`), row for row.
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
        current = stored["is_current"].to_numpy() & stored["period"].le(period).to_numpy()
        reports = stored.loc[current, ["submission_id", "unit_code", "period"]].reset_index(drop=True)
        year, quarters = year_quarters(period)
        plans = current_plan_ids(conn, year)
        kept = self._kept.get(period)
        changed = None if kept is None else changed_units(kept.reports, reports, kept.plans, plans)
        self.recomputed = None if changed is None else len(changed)
        if kept is not None and not changed and kept.units.equals(frames.units):
            self._kept.move_to_end(period)
            return kept.flags
        asked = reports if changed is None else reports.loc[reports["unit_code"].isin(list(changed)).to_numpy()]
        part = _of_reports(frames, asked["submission_id"].to_numpy())
        values = screened_values(part, catalogs)
        planned = asked["period"].isin(quarters).to_numpy() & asked["unit_code"].isin(list(plans)).to_numpy()
        fresh = own_flags(values, part, period, unit_notes(conn, period, asked.loc[planned], plans, frames))
        now, prints = with_levels(across_values(values, period), frames.units), report_prints(part, period)
        if kept is not None and changed is not None:
            if not kept.units.equals(frames.units):  # a school's level changed: every value's level read again
                kept = replace(kept, values=with_levels(kept.values, frames.units))
            now, prints = _spliced(kept.values, changed, now), _spliced(kept.prints, changed, prints)
        cross = [outliers_among(now), copied_among(prints, period)]
        own, flags = own_and_all(None if kept is None else kept.own, changed, fresh, cross)
        self._kept[period] = _Kept(reports, plans, frames.units, now, prints, own, flags)
        self._kept.move_to_end(period)
        while len(self._kept) > KEPT_QUARTERS:
            self._kept.popitem(last=False)
        return flags


def _of_reports(frames: Frames, ids: np.ndarray) -> Frames:
    """The tables cut to the rows of these reports (those the flags of their schools are computed from)."""

    def cut(table: pd.DataFrame) -> pd.DataFrame:
        return table.take(rows_of_reports(table, ids))

    return replace(frames, tasks=cut(frames.tasks), indicators=cut(frames.indicators),
                   satisfaction=cut(frames.satisfaction))  # fmt: skip


def _spliced(kept: pd.DataFrame, changed: set[str], fresh: pd.DataFrame) -> pd.DataFrame:
    """`kept` without the rows of the `changed` schools, then `fresh` (theirs, computed again)."""
    stays = kept.loc[~kept["unit_code"].isin(list(changed)).to_numpy()]
    return pd.concat([stays, fresh], ignore_index=True) if len(fresh) else stays.reset_index(drop=True)


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
