"""The views' per-school answers carried across a store (metrics.views.carry) equal a fresh computation."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from core.catalogs import default_catalogs
from metrics import views
from storage.snapshot import LiveFrames
from storage.submissions import restore_submission
from tests.test_incremental_frames import Q1, Q2, Q3, _replaced, send, stocked  # noqa: F401 (a fixture)

CATALOGS = default_catalogs()


def ask_views(frames, period: str) -> dict[str, pd.DataFrame]:
    """The quarter's views a dashboard asks (they fill the answers the views share)."""
    return {
        "school_table": views.school_table(frames, CATALOGS, period),
        "ward_table": views.ward_table(frames, CATALOGS, period),
        "ward_indicators": views.ward_indicators(frames, CATALOGS, period),
        "trend": views.trend(frames, CATALOGS, [period]),
        "indicator_table": views.indicator_table(frames, CATALOGS, period),
        "dimension_table": views.dimension_table(frames, CATALOGS, period, None),
        "school_satisfaction": views.school_satisfaction(frames, CATALOGS, period),
        "status_counts": views.status_counts(frames, CATALOGS, period),
        "par_school_table": views.par_school_table(frames, CATALOGS, period),
    }


def shared(frames) -> dict[tuple[str, ...], dict[tuple, object]]:
    found = views._SHARED.get(id(frames))
    assert found is not None and found[0]() is frames
    return {periods: dict(answers) for periods, answers in found[1].items()}


def pending(frames) -> dict[tuple[str, ...], dict[tuple, object]]:
    found = views._PENDING.get(id(frames))
    assert found is not None and found[0]() is frames
    return found[1]


def assert_equal(carried: object, fresh: object, what: str) -> None:
    if isinstance(carried, tuple):  # (catalog, answer)
        assert carried[0] is fresh[0]
        carried, fresh = carried[1], fresh[1]
    pd.testing.assert_frame_equal(carried, fresh, check_dtype=True, obj=what)


@pytest.mark.parametrize("period", [Q2, Q3])
def test_after_each_store_the_carried_answers_and_views_equal_a_fresh_computation(stocked, tmp_path, period):  # noqa: F811
    live = LiveFrames(stocked, tmp_path / "cache", background=False, on_patch=views.carry)
    frames = live.frames()
    ask_views(frames, period)
    steps = [
        lambda: send(stocked, "THCS01", Q2, " (lần 2)"),  # a replacement, the newest id
        lambda: send(stocked, "TH01", Q3, ""),  # a quarter's first report
        lambda: restore_submission(stocked, _replaced(stocked, "THCS01", Q2)),  # an older id current again
        lambda: send(stocked, "MN01", Q3, "", tasks=[]),  # a report without tasks
        lambda: send(stocked, "TH01", Q1, " (lần 2)"),  # another quarter: carried as it was
    ]
    for number, step in enumerate(steps):
        step()
        if number == 3:  # two stores before anyone asks: carried over both
            step = steps[0]
            step()
        after = live.frames()
        assert live.last_refresh == "patched" and after is not frames
        waiting = pending(after)[(period,)]
        assert {key[0] for key in waiting} >= {"counted", "task_counts", "dimension_counts", "unit_indicators"}
        changed_here = any(p == period for _, p in live.loaded().changed)
        mine = ask_views(after, period)
        if changed_here:  # the per-school answers taken over, school by school, when the views asked
            assert not {("task_counts",), ("counted", "tasks"), ("counted", "indicators")} & set(waiting)
        carried = shared(after)[(period,)]
        fresh_frames = replace(after)  # the same tables, nothing shared yet
        fresh_views = ask_views(fresh_frames, period)
        fresh = shared(fresh_frames)[(period,)]
        assert carried.keys() <= fresh.keys()
        for key, answer in carried.items():
            assert_equal(answer, fresh[key], str(key))
        for name, table in mine.items():
            pd.testing.assert_frame_equal(table, fresh_views[name], obj=name)
        frames = after


def test_a_quarter_no_report_changed_keeps_every_answer_and_a_page_without_figures_carries_nothing(stocked, tmp_path):  # noqa: F811
    live = LiveFrames(stocked, tmp_path / "cache", background=False, on_patch=views.carry)
    before = live.frames()
    ask_views(before, Q1)
    answers = shared(before)[(Q1,)]
    send(stocked, "THCS01", Q2, " (lần 2)")  # another quarter's report
    after = live.frames()
    waiting = pending(after)[(Q1,)]
    assert waiting.keys() == answers.keys() and all(not since for _, since in waiting.values())
    assert all(answer is answers[key] for key, (answer, _) in waiting.items())  # the same tables, not copies
    views.forget(after)  # a newer version came before anyone asked
    assert id(after) not in views._PENDING
