"""A columnar copy of the metrics' tables on local disk, so a (re)started server reads them fast.

Reading every current report of a city (hundreds of thousands of records) out of
the database takes seconds; the same tables in Arrow files take a fraction of a
second. A snapshot keeps the `DataVersion` it was read at: whoever opens it brings
it up to the database's version now (`storage.changes.refresh`: the few reports
stored since spliced in, or everything read again after a change of units or
deadlines), and writes the result as the new snapshot. It is a cache: deleting the
folder loses nothing.

`LiveFrames` is what a server keeps: the tables of one database, brought up to date
on each ask and written to disk in the background a little after they change.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine

from metrics.frames import TABLES, Frames
from storage.changes import PATCHED, Loaded, refresh
from storage.frames import DataVersion

if TYPE_CHECKING:
    from collections.abc import Callable

FORMAT = "6"  # change when the frames' columns or dtypes change
_VERSION_FILE = "version.json"
_ABANDONED = 3600  # seconds after which a half-written snapshot is someone's crash, not a write under way


def _database_key(engine: Engine) -> str:
    key = f"{FORMAT}|{engine.url.render_as_string(hide_password=True)}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _folder(cache_dir: Path, engine: Engine, version: DataVersion) -> Path:
    return cache_dir / f"frames-{_database_key(engine)}-{hashlib.sha256(str(version).encode()).hexdigest()[:16]}"


def _read(folder: Path) -> Loaded:
    stored = json.loads((folder / _VERSION_FILE).read_text(encoding="utf-8"))
    tables = {name: pd.read_feather(folder / f"{name}.arrow") for name in TABLES}
    quarters = tables["quarters"]
    if len(quarters):  # Arrow keeps dates as datetimes; the metrics expect datetime.date here
        quarters["deadline"] = pd.to_datetime(quarters["deadline"]).dt.date.astype(object)
    return Loaded(DataVersion(**stored), Frames(**tables))


def _newest(cache_dir: Path, engine: Engine) -> Loaded | None:
    """The latest snapshot of this database, whatever its version; None if there is none (or it is damaged)."""
    found = sorted(cache_dir.glob(f"frames-{_database_key(engine)}-*"), key=_modified, reverse=True)
    for folder in found[:1]:
        try:
            return _read(folder)
        except (OSError, ValueError, TypeError, KeyError):
            shutil.rmtree(folder, ignore_errors=True)  # damaged: read from the database instead
    return None


def _modified(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except OSError:
        return 0.0


def _write(loaded: Loaded, folder: Path) -> None:
    """Write beside, then rename: a reader never sees half a snapshot. The older ones are removed."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.is_dir():
        return
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder.parent))
    try:
        for name in TABLES:
            getattr(loaded.frames, name).reset_index(drop=True).to_feather(partial / f"{name}.arrow")
        stored = {"reports": loaded.version.reports, "tables": loaded.version.tables, "other": loaded.version.other}
        (partial / _VERSION_FILE).write_text(json.dumps(stored), encoding="utf-8")
        os.replace(partial, folder)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)  # another process wrote it first, or the disk is full
        return
    for old in folder.parent.glob("frames-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    for stale in folder.parent.glob(".partial-*"):
        if time.time() - _modified(stale) > _ABANDONED:
            shutil.rmtree(stale, ignore_errors=True)


class LiveFrames:
    """The tables of one database (without task texts) as one server keeps them.

    `frames()` asks the database what changed since the tables were read and brings them up to date
    (see storage.changes); the first ask starts from the newest snapshot on disk. With `background`,
    a changed state is written to disk by a thread of its own `write_after` seconds later (a burst of
    reports then costs one snapshot); without, at once.
    """

    def __init__(
        self,
        engine: Engine,
        cache_dir: Path,
        *,
        background: bool = True,
        write_after: float = 30.0,
        on_patch: Callable[[Frames, Frames, frozenset[tuple[str, str]]], None] | None = None,
    ) -> None:
        self.engine, self.cache_dir = engine, cache_dir
        self.on_patch = on_patch  # told (before, after, changed schools' quarters) of each patch, in order
        self.background, self.write_after = background, write_after
        self.last_refresh = ""  # how the last ask brought the tables up to date (storage.changes: SAME, PATCHED…)
        self.refreshes: Counter[str] = Counter()  # how every ask did
        self._loaded: Loaded | None = None
        # the tables last written to disk (or read from it), not kept alive: a burst of reports would otherwise hold
        # the tables before it (some 60 MB at a city's scale) until the next snapshot
        self._written: Callable[[], Frames | None] = lambda: None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._writer: threading.Thread | None = None

    def frames(self) -> Frames:
        return self.loaded().frames

    def loaded(self) -> Loaded:
        with self._lock:
            if self._loaded is None:
                self._loaded = _newest(self.cache_dir, self.engine)
                self._written = weakref.ref(self._loaded.frames) if self._loaded else lambda: None
            before = self._loaded
            self._loaded, self.last_refresh = refresh(self.engine, before)
            self.refreshes[self.last_refresh] += 1
            loaded = self._loaded
            if self.last_refresh == PATCHED and self.on_patch is not None and before is not None:
                self.on_patch(before.frames, loaded.frames, loaded.changed)
        if loaded.frames is not self._written():  # a version that changed no table (an approval) is not written
            self._save(loaded)
        return loaded

    def flush(self) -> None:
        """Write the tables now if the disk does not have them yet (a server about to stop, a benchmark's process)."""
        with self._lock:
            loaded = self._loaded
        if loaded is not None and loaded.frames is not self._written():
            self._write_now(loaded)

    def _save(self, loaded: Loaded) -> None:
        if not self.background:
            self._write_now(loaded)
            return
        if self._writer is None:
            self._writer = threading.Thread(target=self._write_later, name="frames-snapshot", daemon=True)
            self._writer.start()
        self._wake.set()

    def _write_now(self, loaded: Loaded) -> None:
        _write(loaded, _folder(self.cache_dir, self.engine, loaded.version))
        self._written = weakref.ref(loaded.frames)

    def _write_later(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(self.write_after)  # the stores of a busy minute settle: one snapshot for them
            self._wake.clear()
            with self._lock:
                loaded = self._loaded
            if loaded is not None and loaded.frames is not self._written():
                self._write_now(loaded)


def load_frames_cached(engine: Engine, cache_dir: Path) -> Frames:
    """The tables of every quarter without task texts, from the newest snapshot brought up to date (and written
    back when it changed); read from the database when there is none."""
    return LiveFrames(engine, cache_dir, background=False).frames()
