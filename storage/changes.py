"""The metrics' tables kept current without reading them all again after each report.

A report stored, replaced or restored changes the rows of one school and quarter only. Whoever
kept the tables read at an earlier version (this process or another server over the same
database) learns from the submissions table what changed since: the reports it has never
seen, and those whose `is_current` flipped. The rows of those schools' quarters are read
again and spliced in where a full read would have put them; the result equals
`storage.frames.load_frames` (without task texts), row for row. A change to anything else
the tables are read from (units, deadlines, the office's appraisals) reads everything again;
one that only other views read (approvals, closed quarters, plans) keeps the tables as they are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Select, select, true

from metrics.frames import TASK_TEXT_COLUMNS, Frames
from metrics.splice import compact_texts, rows_of_keys, splice_reports
from storage.db import reading
from storage.frames import DataVersion, read_frames, read_reports, read_submissions, read_version
from storage.schema import submissions

if TYPE_CHECKING:
    from collections.abc import Collection

SAME, KEPT, PATCHED, RELOADED = "same", "kept", "patched", "reloaded"  # how `refresh` brought the tables up to date
PATCH_LIMIT = 400  # schools' quarters changed beyond which reading everything again costs about as much


@dataclass(frozen=True)
class Loaded:
    """The tables and the version of the database they were read at."""

    version: DataVersion
    frames: Frames
    changed: frozenset[tuple[str, str]] = frozenset()  # (unit_code, period) whose rows a patch replaced


def refresh(engine: Engine, previous: Loaded | None, *, limit: int = PATCH_LIMIT) -> tuple[Loaded, str]:
    """The tables at the database's version now, from `previous` where it can (and how: SAME, KEPT, PATCHED,
    RELOADED). Everything is read in one snapshot, the version included, so the answer is never half old."""
    with reading(engine) as conn:
        version = read_version(conn)
        if previous is not None and version == previous.version:
            return previous, SAME
        task_texts = previous is not None and TASK_TEXT_COLUMNS[0] in previous.frames.tasks.columns
        if previous is not None and version.tables == previous.version.tables:
            if version.reports == previous.version.reports:
                return Loaded(version, previous.frames), KEPT
            patched = _patched(conn, previous.frames, limit, task_texts=task_texts)
            if patched is not None:
                return Loaded(version, *patched), PATCHED
        return Loaded(version, read_frames(conn, task_texts=task_texts)), RELOADED


def _ids(conn: Connection, stmt: Select) -> np.ndarray:
    """The one integer column of `stmt`, sorted, straight from the driver. (Two such reads, every id and the
    current ones', answer from indexes: twice as fast as one read of both columns.)"""
    result = conn.execute(stmt)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return np.sort(np.fromiter((row[0] for row in rows), dtype="int64", count=len(rows)))


def _patched(
    conn: Connection, frames: Frames, limit: int, *, task_texts: bool
) -> tuple[Frames, frozenset[tuple[str, str]]] | None:
    """`frames` brought up to the snapshot `conn` reads, and the (unit_code, period) whose rows changed; None when
    reading everything is the better way."""
    known = frames.submissions
    known_ids = known["submission_id"].to_numpy()
    ids = _ids(conn, select(submissions.c.id))
    current_ids = _ids(conn, select(submissions.c.id).where(submissions.c.is_current == true()))
    if np.setdiff1d(known_ids, ids, assume_unique=True).size:
        return None  # a report is gone: nothing the app does, so nothing to patch from
    new_ids = np.setdiff1d(ids, known_ids, assume_unique=True)
    flipped = np.setxor1d(known_ids[known["is_current"].to_numpy()], current_ids, assume_unique=True)
    if new_ids.size + flipped.size > 2 * limit:
        return None
    found = read_submissions(conn, new_ids.tolist()) if new_ids.size else known.iloc[:0]
    everything = pd.concat([known, found], ignore_index=True) if len(found) else known.copy()
    everything["is_current"] = np.isin(everything["submission_id"].to_numpy(), current_ids)
    if len(found) and found["submission_id"].iloc[0] < known_ids.max(initial=0):  # committed out of id order
        everything = everything.sort_values("submission_id", kind="stable", ignore_index=True)
    touched_rows = np.isin(everything["submission_id"].to_numpy(), np.union1d(new_ids, flipped))
    keys = set(zip(everything["unit_code"][touched_rows], everything["period"][touched_rows], strict=True))
    if len(keys) > limit:
        return None
    in_keys = rows_of_keys(everything, keys)
    dropped = known_ids[known["is_current"].to_numpy() & rows_of_keys(known, keys)]
    now = everything.loc[in_keys & everything["is_current"].to_numpy()].set_index("submission_id")
    fresh = read_reports(conn, now, task_texts=task_texts)
    scores = _year_lines_apart(frames.self_assessment, dropped, fresh["self_assessment"])
    if scores is None:
        return None
    kept_scores, lines = scores
    scored = splice_reports(kept_scores, dropped, fresh["self_assessment"])
    patched = replace(  # the tables no report changes (units, deadlines…) kept as they are
        frames,
        submissions=everything,
        tasks=splice_reports(frames.tasks, dropped, fresh["tasks"]),
        indicators=splice_reports(frames.indicators, dropped, fresh["indicators"]),
        satisfaction=splice_reports(frames.satisfaction, dropped, fresh["satisfaction"]),
        self_assessment=scored if lines is None else compact_texts(pd.concat([scored, lines], ignore_index=True)),
    )
    return patched, frozenset(keys)


def _year_lines_apart(
    scores: pd.DataFrame, dropped: np.ndarray, fresh: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame | None] | None:
    """The self-assessment split into its report rows (in submission order) and the bonus and penalty lines of
    final years that `storage.frames` adds after them (the only rows with a `row`); None when such lines belong
    to a report changed now (they are numbered over all reports: read everything then)."""
    if "row" in fresh.columns:
        return None
    if "row" not in scores.columns:
        return scores, None
    lines = scores["row"].notna().to_numpy()
    if np.isin(scores["submission_id"].to_numpy()[lines], dropped).any():
        return None
    return scores.loc[~lines], scores.loc[lines]


def reach_version(loaded: Loaded, unit_codes: Collection[str]) -> str:
    """The version of what an account reaching only these schools sees: the version's parts other than reports,
    and these schools' own reports (which are stored and which current). Another school's report leaves it as it
    was, so the caches of a school's clerk or a ward's account keyed by it stay."""
    stored = loaded.frames.submissions
    mine = stored.loc[stored["unit_code"].isin(list(unit_codes)).to_numpy()]
    digest = hashlib.sha256(mine["submission_id"].to_numpy().tobytes() + mine["is_current"].to_numpy().tobytes())
    return f"{loaded.version.tables}|{loaded.version.other}|{len(mine)}:{digest.hexdigest()[:16]}"
