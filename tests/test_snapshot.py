"""The on-disk snapshot gives back exactly what the database holds, and follows every change."""

from __future__ import annotations

import pandas as pd

from core.catalogs import default_catalogs
from demo.load import load_demo
from metrics.frames import TABLES, Frames
from metrics.summary import period_summary
from storage.frames import load_frames
from storage.open import open_database
from storage.snapshot import load_frames_cached
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
