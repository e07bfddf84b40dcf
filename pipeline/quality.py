"""The quarter's data-quality flags with where the office's follow-up stands (open, explained, resolved).

metrics.quality finds the flags in the stored tables; storage.quality keeps what people did about
them. A flag is about one report: a report replacing it has flags of its own, open again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
from sqlalchemy import Engine

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
    copied_reports,
    outliers_across,
    outliers_history,
    quarter_flags,
    repeated_surveys,
    screened_values,
)
from metrics.tasks import member
from pipeline.plans import continuity_list
from storage.frames import load_frames
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
    """The quarter's flags with their follow-up, for every unit or for one (a clerk's school)."""
    frames = frames if frames is not None else load_frames(engine, quality_quarters(period), task_texts=False)
    if unit_code is not None:  # the others' values are still the reference: cut the flags, not the tables
        flags = flags_of(frames, default_catalogs(), period, continuity_list(engine, period))
        flags = flags.loc[flags["unit_code"].eq(unit_code).to_numpy()]
    else:
        flags = flags_of(frames, default_catalogs(), period, continuity_list(engine, period))
    return with_follow_up(flags.reset_index(drop=True), follow_up(engine, period))


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
