"""The tables patched for the reports stored since they were read equal a full read, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from loaders.report import SelfScore
from metrics.frames import TABLES, Frames
from pipeline import appraisal
from pipeline.ingest import store
from storage import governance
from storage.accounts import ADMIN, User
from storage.changes import KEPT, PATCHED, RELOADED, SAME, Loaded, reach_version, refresh
from storage.frames import DataVersion, load_frames, load_task_texts
from storage.open import open_database
from storage.registry import set_deadline, upsert_units
from storage.snapshot import LiveFrames
from storage.submissions import restore_submission, submission_history
from tests.conftest import build_report

OFFICE = User("thamdinh", "Tổ thẩm định", ADMIN, None)
Q1, Q2, Q3 = "2026-Q1", "2026-Q2", "2026-Q3"
SELF = [
    SelfScore(5, "CDS", 3.0, 3.0, None, None, "CDS.1", None),
    SelfScore(6, "TTHC", 14.0, 12.0, None, None, None, None),
]


def assert_same(patched: Frames, engine) -> None:
    """Equal to what a full read gives now: every table, row for row, in the same order and dtypes."""
    full = load_frames(engine, task_texts=False)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(patched, name), getattr(full, name), check_dtype=True, obj=name)


def send(engine, unit: str, period: str, tag: str, **changes) -> int:
    """A report through the upload's pipeline (pipeline.ingest.store); its submission id."""
    day = {Q1: date(2026, 3, 10), Q2: date(2026, 6, 10), Q3: date(2026, 9, 10)}[period]
    report = replace(build_report(unit, period, tag=tag), **changes)
    result = store(engine, report, f"{unit}{period}{tag}".encode(), datetime.combine(day, datetime.min.time()))
    assert result.accepted, result.report.problems
    return result.submission_id


@pytest.fixture
def stocked(engine, unit_rows):
    """Three schools' reports for two quarters, the office's appraisal of one, a final PAR year with a bonus line."""
    upsert_units(engine, unit_rows)
    for period, deadline in ((Q1, date(2026, 4, 5)), (Q2, date(2026, 7, 5)), (Q3, date(2026, 10, 5))):
        set_deadline(engine, period, deadline)
    for period in (Q1, Q2):
        for unit in ("MN01", "TH01", "THCS01"):
            send(engine, unit, period, "", **({"self_assessment": list(SELF)} if unit == "MN01" else {}))
    governance.save_appraisal(engine, "TH01", Q2, [{"field": "CDDH", "points": 8}], by="admin")
    rows = [{"item": "CDS.1", "points": 3, "reason": ""}, {"item": "THUONG", "points": 1, "reason": "Mô hình hay"}]
    appraisal.save(engine, "MN01", 2026, rows, OFFICE)
    appraisal.finalise(engine, "MN01", 2026, OFFICE)
    return engine


def test_store_replace_and_restore_patch_the_tables_as_a_full_read_has_them(stocked):
    loaded, how = refresh(stocked, None)
    assert how == RELOADED
    assert "row" in loaded.frames.self_assessment.columns  # MN01's final year adds its bonus line
    assert_same(loaded.frames, stocked)
    assert refresh(stocked, loaded) == (loaded, SAME)

    steps = [
        lambda: send(stocked, "THCS01", Q2, " (lần 2)"),  # a replacement
        lambda: send(stocked, "TH01", Q3, ""),  # a new quarter's first report, after every other id
        lambda: send(stocked, "TH01", Q2, " (lần 2)"),  # under the office's appraisal: its points laid over
        lambda: restore_submission(stocked, _replaced(stocked, "THCS01", Q2)),  # an earlier id current again
        lambda: send(stocked, "THCS01", Q1, " (lần 2)", tasks=[]),  # a report without tasks
    ]
    for step in steps:
        step()
        before = loaded.frames
        loaded, how = refresh(stocked, loaded)
        assert how == PATCHED
        assert_same(loaded.frames, stocked)
        assert before.units is loaded.frames.units and before.tasks is not loaded.frames.tasks  # new tables

    th01 = loaded.frames.self_assessment.query("unit_code == 'TH01' and period == @Q2 and field == 'CDDH'")
    assert th01["appraised_points"].tolist() == [8.0]  # the office's point, over the re-sent report
    thcs01 = loaded.frames.tasks.query("unit_code == 'THCS01'")
    assert sorted(thcs01["period"].unique()) == [Q2]  # Q1's report now has no tasks
    assert len(loaded.frames.submissions) == 10


def _replaced(engine, unit: str, period: str) -> int:
    return next(s["id"] for s in submission_history(engine, unit, period) if not s["is_current"])


def test_a_report_carrying_a_final_years_lines_is_read_again_whole(stocked):
    loaded, _ = refresh(stocked, None)
    send(stocked, "MN01", Q2, " (lần 2)", self_assessment=[])  # a final year takes no new self-assessment
    loaded, how = refresh(stocked, loaded)
    assert how == RELOADED
    assert_same(loaded.frames, stocked)
    assert "row" not in loaded.frames.self_assessment.columns  # the appraised report is no longer current


def test_what_the_tables_are_not_read_from_keeps_them_and_units_or_deadlines_read_them_again(stocked, unit_rows):
    loaded, _ = refresh(stocked, None)
    governance.approve(stocked, "THCS01", Q1, by="admin")
    kept, how = refresh(stocked, loaded)
    assert how == KEPT and kept.frames is loaded.frames and kept.version != loaded.version

    set_deadline(stocked, Q2, date(2026, 7, 20))
    after_deadline, how = refresh(stocked, kept)
    assert how == RELOADED
    assert after_deadline.frames.quarters.set_index("period").loc[Q2, "deadline"] == date(2026, 7, 20)

    upsert_units(stocked, [unit_rows[0] | {"unit_name": "Trường Mầm non Hoa Sen mới"}])
    renamed, how = refresh(stocked, after_deadline)
    assert how == RELOADED
    assert "Trường Mầm non Hoa Sen mới" in renamed.frames.units["unit_name"].tolist()
    assert_same(renamed.frames, stocked)


def test_too_many_changes_read_everything_again(stocked):
    loaded, _ = refresh(stocked, None)
    send(stocked, "TH01", Q3, "")
    send(stocked, "THCS01", Q3, "")
    again, how = refresh(stocked, loaded, limit=1)
    assert how == RELOADED
    assert_same(again.frames, stocked)


def test_a_report_committed_after_a_later_id_is_found_and_put_in_its_place(stocked):
    """On PostgreSQL two uploads may commit out of id order: a reader can see id n+1 before id n."""
    full, _ = refresh(stocked, None)
    middle = _current(full.frames, "TH01", Q1)  # neither the first id nor the last
    without = Frames(*(_without(getattr(full.frames, name), middle) for name in TABLES))
    stale = Loaded(replace(full.version, reports="an older read"), without)
    patched, how = refresh(stocked, stale)
    assert how == PATCHED
    assert_same(patched.frames, stocked)


def _current(frames: Frames, unit: str, period: str) -> int:
    s = frames.submissions
    return int(s.loc[s["unit_code"].eq(unit) & s["period"].eq(period) & s["is_current"], "submission_id"].item())


def _without(table: pd.DataFrame, submission_id: int) -> pd.DataFrame:
    if "submission_id" not in table.columns:
        return table
    return table.loc[table["submission_id"].ne(submission_id)].reset_index(drop=True)


def test_a_store_through_another_engine_is_seen(stocked, db_url, tmp_path):
    """Two app processes over one database: each patches its tables for what the other stored."""
    here = LiveFrames(stocked, tmp_path / "here", background=False)
    other_engine = open_database(db_url)
    try:
        there = LiveFrames(other_engine, tmp_path / "there", background=False)
        assert_same(here.frames(), stocked)
        assert_same(there.frames(), stocked)
        sent = send(other_engine, "THCS01", Q3, "")
        seen = here.frames()
        assert here.last_refresh == PATCHED
        assert sent in seen.submissions["submission_id"].tolist()
        assert np.isin(sent, seen.tasks["submission_id"].to_numpy())
        assert_same(seen, stocked)
        send(stocked, "TH01", Q1, " (lần 2)")
        restore_submission(stocked, _replaced(stocked, "TH01", Q1))  # back to the first: only the history grew
        assert_same(there.frames(), other_engine)
        assert there.last_refresh == PATCHED
    finally:
        other_engine.dispose()


def test_the_version_tells_reports_from_the_rest(stocked):
    with_reports, _ = refresh(stocked, None)
    send(stocked, "TH01", Q3, "")
    after, _ = refresh(stocked, with_reports)
    assert isinstance(after.version, DataVersion)
    assert after.version.reports != with_reports.version.reports
    assert (after.version.tables, after.version.other) == (with_reports.version.tables, with_reports.version.other)


def test_a_schools_reach_version_moves_with_its_own_reports_only(stocked):
    """The key of a clerk's (or a ward's) caches: another school's report leaves it, its own changes it."""
    loaded, _ = refresh(stocked, None)
    th01 = reach_version(loaded, ["TH01"])
    ward = reach_version(loaded, ["MN01", "TH01"])  # Phường 1's schools
    send(stocked, "THCS01", Q2, " (lần 2)")
    loaded, _ = refresh(stocked, loaded)
    assert reach_version(loaded, ["TH01"]) == th01 and reach_version(loaded, ["MN01", "TH01"]) == ward
    send(stocked, "TH01", Q3, "")
    loaded, _ = refresh(stocked, loaded)
    assert reach_version(loaded, ["TH01"]) != th01 and reach_version(loaded, ["MN01", "TH01"]) != ward
    th01 = reach_version(loaded, ["TH01"])
    restore_submission(stocked, _replaced(stocked, "THCS01", Q2))
    loaded, _ = refresh(stocked, loaded)
    assert reach_version(loaded, ["TH01"]) == th01
    set_deadline(stocked, Q3, date(2026, 10, 20))  # every school's figures may change
    loaded, _ = refresh(stocked, loaded)
    assert reach_version(loaded, ["TH01"]) != th01


def test_task_texts_are_read_for_the_reports_asked_only(stocked):
    full = load_frames(stocked)
    ids = sorted(full.tasks["submission_id"].unique().tolist())[:2]
    texts = load_task_texts(stocked, ids)
    expected = full.tasks.loc[full.tasks["submission_id"].isin(ids), ["submission_id", "row", "content", "plan"]]
    pd.testing.assert_frame_equal(texts, expected.reset_index(drop=True))
    assert load_task_texts(stocked, []).empty
