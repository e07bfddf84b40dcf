"""Some reports' rows in a table held in report order: found, or replaced without building the table again.

A stored, replaced or restored report changes the rows of one school and quarter; the tables and the
per-school answers computed from them (metrics.views) are brought up to date by splicing those rows in
where a full computation puts them, and the flags and plans of the changed schools read their rows alone
(pure pandas: storage.changes, metrics.views and pipeline share it).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from metrics.tasks import member

if TYPE_CHECKING:
    from collections.abc import Iterable

_MAX_CHUNKS = 16  # text columns spliced many times are made one block again past this many pieces


def rows_of_keys(frame: pd.DataFrame, keys: set[tuple[str, str]]) -> np.ndarray:
    """Which rows of `frame` are of one of these (unit_code, period)."""
    units, periods = {u for u, _ in keys}, {p for _, p in keys}
    rough = member(frame["unit_code"], units)
    rough &= member(frame["period"], periods)
    if len(periods) == 1:  # every key of that quarter: no pairs to match
        return rough
    exact = np.zeros(len(frame), dtype=bool)
    candidates = np.flatnonzero(rough)
    pairs = zip(frame["unit_code"].to_numpy()[candidates], frame["period"].to_numpy()[candidates], strict=True)
    exact[candidates] = [pair in keys for pair in pairs]
    return exact


def rows_of_reports(table: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """The positions of the rows of these reports in a table by submission_id, in its order: found by halving
    where the table is in report order (as storage keeps it), else by a scan."""
    stored = table["submission_id"].to_numpy()
    wanted = np.unique(ids)
    if len(stored) == 0 or not (stored[1:] >= stored[:-1]).all():
        return np.flatnonzero(np.isin(stored, wanted))
    low, high = np.searchsorted(stored, wanted, "left"), np.searchsorted(stored, wanted, "right")
    size = high - low
    starts = np.repeat(low - (np.cumsum(size) - size), size)
    return starts + np.arange(size.sum())


def splice_reports(old: pd.DataFrame, dropped: np.ndarray, new: pd.DataFrame) -> pd.DataFrame:
    """`old` (rows by submission_id, then row) without the rows of the reports `dropped`, with `new`'s rows
    (same order) where a full read puts them: one copy of the table, whatever the number of reports."""
    ids = old["submission_id"].to_numpy()
    events: list[tuple[int, int, Any]] = []  # (position in old, 0 insert / 1 drop, what)
    for sid in np.unique(dropped):
        lo, hi = np.searchsorted(ids, sid, "left"), np.searchsorted(ids, sid, "right")
        if hi > lo:
            events.append((int(lo), 1, int(hi)))
    new_ids = new["submission_id"].to_numpy()
    bounds = np.r_[np.flatnonzero(np.r_[True, new_ids[1:] != new_ids[:-1]]), len(new)] if len(new) else [0]
    for start, end in pairwise(bounds):  # one block of rows per report
        events.append((int(np.searchsorted(ids, new_ids[start], "left")), 0, (int(start), int(end))))
    if not events:
        return old.reset_index(drop=True)
    pieces, at = [], 0
    for position, kind, what in sorted(events, key=lambda e: (e[0], e[1])):
        if position > at:
            pieces.append(old.iloc[at:position])
            at = position
        if kind == 0:
            pieces.append(new.iloc[what[0] : what[1]])
        else:
            at = max(at, what)
    pieces.append(old.iloc[at:])
    return compact_texts(pd.concat(pieces, ignore_index=True))


def compare_text(column: pd.Series, value: str) -> tuple[np.ndarray, np.ndarray]:
    """(column < value, column == value) per row, compared where Arrow holds the text (no Python strings made)."""
    stored = getattr(column.array, "_pa_array", None)
    if stored is None:
        values = column.to_numpy(dtype=object)
        return values < value, values == value
    less = pc.less(stored, pa.scalar(value, stored.type)).fill_null(False)
    same = pc.equal(stored, pa.scalar(value, stored.type)).fill_null(False)
    return np.asarray(less, dtype=bool), np.asarray(same, dtype=bool)


def compact_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns held in Arrow pieces (a splice adds a few each time) made one block again once there are many."""
    for name in _texts(frame):
        chunked = frame[name].array._pa_array
        if isinstance(chunked, pa.ChunkedArray) and chunked.num_chunks > _MAX_CHUNKS:
            frame[name] = pd.Series(pd.array(chunked.combine_chunks(), dtype=frame[name].dtype), index=frame.index)
    return frame


def _texts(frame: pd.DataFrame) -> Iterable[str]:
    return (
        name
        for name, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.StringDtype) and hasattr(frame[name].array, "_pa_array")
    )
