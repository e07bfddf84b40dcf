"""The on-disk snapshot gives back exactly what the database holds, and follows every change."""

from __future__ import annotations

import json
import time

import pandas as pd

from core.catalogs import default_catalogs
from demo.load import load_demo
from metrics.frames import TABLES, Frames
from metrics.summary import period_summary
from storage.changes import PATCHED, RELOADED, SAME
from storage.frames import load_frames
from storage.open import open_database
from storage.snapshot import LiveFrames, load_frames_cached
from storage.submissions import restore_submission


def assert_same(a: Frames, b: Frames) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(
            getattr(a, name).reset_index(drop=True), getattr(b, name).reset_index(drop=True), check_dtype=True
        )


def test_snapshot_round_trip_and_invalidation(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    load_demo(engine)
    cache = tmp_path / "cache"
    first = load_frames_cached(engine, cache)
    assert len(list(cache.glob("frames-*"))) == 1
    assert_same(first, load_frames(engine, task_texts=False))
    again = load_frames_cached(engine, cache)  # read from the files this time
    assert_same(again, first)
    assert period_summary(again, default_catalogs(), "2026-Q3") == period_summary(first, default_catalogs(), "2026-Q3")

    replaced = first.submissions.loc[~first.submissions["is_current"], "submission_id"].iloc[0]
    restore_submission(engine, int(replaced))
    after = load_frames_cached(engine, cache)
    assert_same(after, load_frames(engine, task_texts=False))
    assert len(list(cache.glob("frames-*"))) == 1  # the old snapshot is gone


def test_a_restarted_server_brings_the_newest_snapshot_up_to_date(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    load_demo(engine)
    cache = tmp_path / "cache"
    first = LiveFrames(engine, cache, background=False)
    tables = first.frames()
    assert first.last_refresh == RELOADED and len(list(cache.glob("frames-*"))) == 1

    replaced = tables.submissions.loc[~tables.submissions["is_current"], "submission_id"].iloc[-1]
    restore_submission(engine, int(replaced))
    restarted = LiveFrames(engine, cache, background=False)  # a new process: the snapshot is one report behind
    assert_same(restarted.frames(), load_frames(engine, task_texts=False))
    assert restarted.last_refresh == PATCHED
    (written,) = cache.glob("frames-*")
    assert json.loads((written / "version.json").read_text())["reports"] == restarted.loaded().version.reports

    again = LiveFrames(engine, cache, background=False)
    assert_same(again.frames(), restarted.frames())
    assert again.last_refresh == SAME  # the snapshot was current: nothing read but the version


def test_the_background_writer_writes_the_latest_tables_once_they_settle(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    load_demo(engine)
    cache = tmp_path / "cache"
    live = LiveFrames(engine, cache, background=True, write_after=0.05)
    live.frames()
    replaced = live.frames().submissions.loc[lambda s: ~s["is_current"], "submission_id"].iloc[0]
    restore_submission(engine, int(replaced))
    version = live.loaded().version
    deadline = time.monotonic() + 20
    while not _written_at(cache, version.reports) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _written_at(cache, version.reports)
    assert_same(LiveFrames(engine, cache, background=False).frames(), load_frames(engine, task_texts=False))


def _written_at(cache, reports: str) -> bool:
    found = list(cache.glob("frames-*/version.json"))
    return len(found) == 1 and json.loads(found[0].read_text())["reports"] == reports


def test_the_tables_before_a_store_are_not_kept_for_the_snapshot_still_to_write(tmp_path):
    import gc
    import weakref

    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    load_demo(engine)
    live = LiveFrames(engine, tmp_path / "cache", background=True, write_after=3600)  # nothing written meanwhile
    before = weakref.ref(live.frames())
    replaced = live.frames().submissions.loc[lambda s: ~s["is_current"], "submission_id"].iloc[0]
    restore_submission(engine, int(replaced))
    assert live.frames() is not before() and live.last_refresh == PATCHED
    gc.collect()
    assert before() is None  # only the latest tables are held, though the disk still has the older ones
    live.flush()
    (written,) = (tmp_path / "cache").glob("frames-*")
    assert json.loads((written / "version.json").read_text())["reports"] == live.loaded().version.reports
