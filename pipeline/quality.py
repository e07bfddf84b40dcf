"""The quarter's data-quality flags with where the office's follow-up stands (open, explained, resolved).

metrics.quality finds the flags in the stored tables; storage.quality keeps what people did about
them. A flag is about one report: a report replacing it has flags of its own, open again.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from core.catalogs import Catalogs, default_catalogs
from core.periods import period_from_code
from metrics.frames import Frames
from metrics.quality import FLAG_COLUMNS, MAX_QUARTERS, quarter_flags, screened_values
from pipeline.plans import continuity_list
from storage.frames import load_frames
from storage.quality import follow_up

OPEN = "open"
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
