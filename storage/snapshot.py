"""A columnar copy of the metrics' tables on local disk, so a (re)started server reads them fast.

Reading every current report of a city (hundreds of thousands of records) out of
the database takes seconds; the same tables in Arrow files take a fraction of a
second. A snapshot is named by the database's `data_version`, so any stored
report, restore, unit or deadline change makes the next read load afresh (and
write a new snapshot). It is a cache: deleting the folder loses nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from metrics.frames import TABLES, Frames
from storage.frames import data_version, load_frames

FORMAT = "4"  # change when the frames' columns or dtypes change


def _folder(cache_dir: Path, engine: Engine, version: str) -> Path:
    key = f"{FORMAT}|{engine.url.render_as_string(hide_password=True)}|{version}"
    return cache_dir / f"frames-{hashlib.sha256(key.encode()).hexdigest()[:24]}"


def _read(folder: Path) -> Frames:
    tables = {name: pd.read_feather(folder / f"{name}.arrow") for name in TABLES}
    quarters = tables["quarters"]
    if len(quarters):  # Arrow keeps dates as datetimes; the metrics expect datetime.date here
        quarters["deadline"] = pd.to_datetime(quarters["deadline"]).dt.date.astype(object)
    return Frames(**tables)


def _write(frames: Frames, folder: Path) -> None:
    """Write beside, then rename: a reader never sees half a snapshot."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder.parent))
    try:
        for name in TABLES:
            getattr(frames, name).reset_index(drop=True).to_feather(partial / f"{name}.arrow")
        os.replace(partial, folder)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)  # another process wrote it first, or the disk is full
        return
    for old in folder.parent.glob("frames-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)


def load_frames_cached(engine: Engine, cache_dir: Path) -> Frames:
    """The tables of every quarter without task texts, from the snapshot of this data version when there is one."""
    folder = _folder(cache_dir, engine, data_version(engine))
    if folder.is_dir():
        try:
            return _read(folder)
        except (OSError, ValueError):
            shutil.rmtree(folder, ignore_errors=True)  # damaged: rebuild it below
    frames = load_frames(engine, task_texts=False)
    _write(frames, folder)
    return frames
