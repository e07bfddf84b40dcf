"""The pages' views are keyed by what they read: a report stored for one quarter recomputes that quarter's views only,
the trend is its periods' rows put together, and only the latest cut of the tables is kept."""

from __future__ import annotations

import functools
import gc
from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from core.catalogs import default_catalogs
from core.periods import is_span
from metrics import views
from pages.ui import cache, scope
from pipeline.ingest import store
from storage.frames import data_version, load_frames
from storage.registry import set_deadline, upsert_units
from tests.conftest import build_report

Q1, Q2, Q3 = "2026-Q1", "2026-Q2", "2026-Q3"
WARD = scope._WARD + "Phường 2"  # THCS01's ward (tests/conftest.py UNITS)


def send(engine, unit: str, period: str, tag: str = "", **changes) -> None:
    day = {Q1: date(2026, 3, 10), Q2: date(2026, 6, 10), Q3: date(2026, 9, 10)}[period]
    report = replace(build_report(unit, period, tag=tag), **changes)
    result = store(engine, report, f"{unit}{period}{tag}".encode(), datetime.combine(day, datetime.min.time()))
    assert result.accepted, result.report.problems


@pytest.fixture
def stocked(engine, db_url, unit_rows, monkeypatch):
    """Three schools' reports for Q1 and Q2, TH01's for Q3 too; the app's caches empty, reading this database."""
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    upsert_units(engine, unit_rows)
    set_deadline(engine, Q2, date(2026, 7, 5))
    for period in (Q1, Q2):
        for unit in ("MN01", "TH01", "THCS01"):
            send(engine, unit, period)
    send(engine, "TH01", Q3, tasks=[])  # a quarter whose only report has no tasks
    _forget()
    yield engine
    _forget()


def _forget() -> None:
    for function in (cache.live_frames, cache.engine, scope._view, scope._reports_version, scope._reach_version,
                     scope._scope_periods):  # fmt: skip
        function.clear()
    cache.forget_version()
    for kept in (scope._CUTS, scope._FOLDS, scope._NARROWED):
        kept.clear()
    scope._NOW.clear()


def _version(engine, url: str, unit: str, quarters: tuple[str, ...] | None, school: str | None = None) -> str:
    return scope._reports_version(url, str(data_version(engine)), unit, quarters, school)


# ---------------------------------------------------------------- what a view reads


@pytest.mark.parametrize(
    ("function", "args", "quarters", "school"),
    [
        (views.school_table, (Q2,), (Q2,), None),
        (views.dimension_table, (Q3, Q1), (Q1, Q3), None),
        (views.dimension_table, (Q3, None), (Q3,), None),
        (views.trend, (), None, None),
        (views.trend, ((Q2, "2026-H1"),), (Q1, Q2), None),
        (views.reporting_by_period, ((Q1, Q3),), (Q1, Q3), None),
        (views.unit_history, ("TH01",), None, "TH01"),
        (views.unit_tasks, ("TH01", "2026-9M"), (Q1, Q2, Q3), "TH01"),
        (views.par_year_table, (2026,), (Q1, Q2, Q3, "2026-Q4"), None),
        (views.indicator_trend, (), None, None),
        (views.school_field_rates, (Q2, ("TH01", "MN01")), (Q2,), None),
    ],
)
def test_a_views_quarters_and_school_come_from_its_named_arguments(function, args, quarters, school):
    assert scope._reads(function, args) == (quarters, school)


# ---------------------------------------------------------------- versions


def test_a_report_changes_the_version_of_its_quarters_spans_and_school_only(stocked, db_url):
    asked = [(scope.ALL, (Q1,), None), (scope.ALL, (Q2,), None), (scope.ALL, (Q1, Q2), None),
             (scope.ALL, (Q3,), None), (scope.ALL, None, "TH01"), (scope.ALL, (Q2,), "MN01"),
             (scope.ALL, (Q2,), "THCS01"), (WARD, (Q2,), None), ("TH01", (Q2,), None)]  # fmt: skip
    before = {a: _version(stocked, db_url, *a) for a in asked}
    send(stocked, "THCS01", Q2, " (lần 2)")
    after = {a: _version(stocked, db_url, *a) for a in asked}
    changed = {a for a in asked if before[a] != after[a]}
    assert changed == {(scope.ALL, (Q2,), None), (scope.ALL, (Q1, Q2), None), (scope.ALL, (Q2,), "THCS01"),
                       (WARD, (Q2,), None)}  # fmt: skip


def test_a_report_changes_the_plan_tables_of_its_quarter_and_the_follow_up_of_later_ones(stocked, db_url):
    asked = [(what, period) for what in ("continuity", "plan_completion") for period in (Q1, Q2, Q3, "2026-H1")]
    before = {a: scope._plan_version(db_url, scope.ALL, *a) for a in asked}
    send(stocked, "THCS01", Q2, " (lần 2)")
    cache.forget_version()
    changed = {a for a in asked if scope._plan_version(db_url, scope.ALL, *a) != before[a]}
    assert changed == {("continuity", Q2), ("continuity", Q3), ("continuity", "2026-H1"),
                       ("plan_completion", Q2), ("plan_completion", "2026-H1")}  # fmt: skip


def test_a_change_of_the_registry_or_a_deadline_changes_every_version(stocked, db_url, unit_rows):
    before = _version(stocked, db_url, scope.ALL, (Q1,))
    set_deadline(stocked, Q2, date(2026, 7, 20))
    after_deadline = _version(stocked, db_url, scope.ALL, (Q1,))
    upsert_units(stocked, [unit_rows[0] | {"ward": "Phường 9"}])
    assert len({before, after_deadline, _version(stocked, db_url, scope.ALL, (Q1,))}) == 3


# ---------------------------------------------------------------- the views' cache


def _counted(function, calls: list):
    @functools.wraps(function)  # the same name, module and signature: the same cache key and quarters
    def counting(frames, catalogs, *args):
        calls.append(args)
        return function(frames, catalogs, *args)

    return counting


def test_a_store_recomputes_its_quarters_views_only_and_they_equal_a_fresh_computation(stocked, monkeypatch):
    calls: list = []
    original = views.school_table
    monkeypatch.setattr(views, "school_table", _counted(original, calls))
    url = scope.database_url()

    def table(period: str) -> pd.DataFrame:
        return scope._one(url, scope.ALL, "", "", views.school_table, (period,))

    for period in (Q1, Q2, "2026-H1", Q1, Q2):
        table(period)
    assert calls == [(Q1,), (Q2,), ("2026-H1",)]
    send(stocked, "THCS01", Q2, " (lần 2)", tasks=[])
    cache.forget_version()  # as the upload page does
    shown = {period: table(period) for period in (Q1, Q2, "2026-H1", Q3)}
    assert calls[3:] == [(Q2,), ("2026-H1",), (Q3,)]
    for period, table_shown in shown.items():
        fresh = original(load_frames(stocked, task_texts=False), default_catalogs(), period)
        pd.testing.assert_frame_equal(table_shown, fresh)
    assert shown[Q2].set_index("unit_code").loc["THCS01", "tasks"] == 0


def test_the_trend_is_its_periods_rows_and_a_store_recomputes_one(stocked, monkeypatch):
    calls: list = []
    monkeypatch.setattr(views, "trend", _counted(views.trend, calls))
    url = scope.database_url()
    catalogs = default_catalogs()
    for periods in (None, (Q1, "2026-H1"), ("2026", Q3, "2026-9M")):
        frames = load_frames(stocked, task_texts=False)
        whole = views.trend(frames, catalogs, periods)
        pd.testing.assert_frame_equal(scope._by_period(url, scope.ALL, "", "", views.trend, periods), whole)
    calls.clear()
    send(stocked, "MN01", Q1, " (lần 2)")
    cache.forget_version()
    together = scope._by_period(url, scope.ALL, "", "", views.trend, None)
    assert calls == [((Q1,),)]
    pd.testing.assert_frame_equal(together, views.trend(load_frames(stocked, task_texts=False), catalogs))
    ward = scope._by_period(url, scope.ALL, "", "Phường 2", views.trend, None)
    restricted = views.restrict(load_frames(stocked, task_texts=False), None, "Phường 2")
    pd.testing.assert_frame_equal(ward, views.trend(restricted, catalogs))


@pytest.mark.parametrize("function", [views.trend, views.indicator_trend, views.reporting_by_period])
@pytest.mark.parametrize("periods", [None, (Q1, Q3), (Q2, "2026-H1", "2026"), ()])
def test_a_view_of_several_periods_is_its_periods_tables_joined(stocked, function, periods):
    frames = load_frames(stocked, task_texts=False)
    catalogs = default_catalogs()
    asked = views.periods_of(frames) if periods is None else list(periods)
    if function is views.indicator_trend and any(is_span(p) for p in asked):
        return  # the indicators' trend is of quarters
    whole = function(frames, catalogs, asked)
    parts = [function(frames, catalogs, (p,)) for p in sorted(asked)] or [function(frames, catalogs, ())]
    pd.testing.assert_frame_equal(views.periods_joined(parts), whole, check_exact=True)
    shown = scope._by_period(scope.database_url(), scope.ALL, "", "", function, periods)
    pd.testing.assert_frame_equal(shown, whole, check_exact=True)


# ---------------------------------------------------------------- memory


def test_the_unscoped_tables_are_the_servers_own_and_a_reachs_cut_is_made_once_per_version(stocked):
    url = scope.database_url()
    everything = scope._frames(url, "a", scope.ALL)
    assert everything is cache.live_frames(url).frames()
    ward = scope._frames(url, "a", WARD)
    assert scope._frames(url, "another key, the same tables", WARD) is ward
    assert ward.units["unit_code"].tolist() == ["THCS01"]
    send(stocked, "MN01", Q2, " (lần 2)")
    cache.forget_version()
    newer = scope._frames(url, "b", scope.ALL)
    assert newer is not everything and scope._frames(url, "b", WARD) is not ward


def test_only_the_latest_table_of_each_slot_is_kept_and_slots_are_bounded():
    kept = scope._Latest(2)
    made: list[str] = []

    class Tables:  # stands for the server's tables of one version
        pass

    first, second = Tables(), Tables()

    def derive(origin: Tables) -> str:
        made.append("first" if origin is first else "second")
        return made[-1]

    assert kept.get(("a",), "v1", lambda: first, derive) == "first"
    assert kept.get(("a",), "v1", lambda: second, derive) == "first"  # the key is known: nothing asked
    assert kept.get(("a",), "v1'", lambda: first, derive) == "first"  # another key, the same tables
    assert kept.get(("a",), "v2", lambda: second, derive) == "second"
    assert made == ["first", "second"]
    kept.get(("b",), "v2", lambda: second, derive)
    kept.get(("c",), "v2", lambda: second, derive)
    assert list(kept._slots) == [("b",), ("c",)]  # the least recently asked dropped


def test_a_task_lists_texts_are_read_for_the_reports_not_listed_before(stocked, monkeypatch):
    asked: list[list[int]] = []
    original = scope.load_task_texts
    monkeypatch.setattr(scope, "load_task_texts", lambda engine, ids: asked.append(list(ids)) or original(engine, ids))
    url = scope.database_url()
    scope._TEXTS.clear()

    def listed() -> pd.DataFrame:  # two schools' tasks, as the school page lists them
        frames = load_frames(stocked, task_texts=False)
        tasks = [views.unit_tasks(frames, default_catalogs(), unit, Q2) for unit in ("TH01", "THCS01")]
        return pd.concat(tasks)[["submission_id", "row"]].reset_index(drop=True)

    before = listed()
    first = views.attach_texts(before, scope._texts(url, Q2, np.unique(before["submission_id"])))
    send(stocked, "THCS01", Q2, " (lần 2)")
    after = listed()
    second = views.attach_texts(after, scope._texts(url, Q2, np.unique(after["submission_id"])))
    new_id = int(load_frames(stocked).submissions["submission_id"].max())
    assert asked == [sorted(set(before["submission_id"])), [new_id]]
    for shown, tasks in ((first, before), (second, after)):
        texts = original(stocked, sorted(set(tasks["submission_id"])))
        pd.testing.assert_frame_equal(shown, tasks.merge(texts, on=["submission_id", "row"], how="left"))
    assert shown["content"].notna().all()
    assert second["content"].str.contains("lần 2").any()
    scope._TEXTS.clear()


def test_a_quarters_views_share_its_counted_rows_and_forget_them_with_the_tables(stocked, monkeypatch):
    counted: list[list[str]] = []
    original = views._current_rows
    monkeypatch.setattr(views, "_current_rows", lambda df, reported: counted.append(list(df.columns)) or
                        original(df, reported))  # fmt: skip
    frames, catalogs = load_frames(stocked, task_texts=False), default_catalogs()
    shown = (views.school_table, views.ward_table, views.status_counts, views.indicator_table)
    alone = {view: view(load_frames(stocked, task_texts=False), catalogs, Q2) for view in shown}
    counted.clear()
    for view, table in alone.items():  # the same figures as each view computed on tables of its own
        pd.testing.assert_frame_equal(view(frames, catalogs, Q2), table, check_exact=True)
    kinds = {"status": "tasks", "code": "indicators", "dimension": "satisfaction", "max_points": "self_assessment"}
    assert sorted(next(k for c, k in kinds.items() if c in columns) for columns in counted) == sorted(kinds.values())
    tasks = next(columns for columns in counted if "status" in columns)
    assert "task" not in tasks and "content_key" not in tasks  # columns no view reads of them
    ident = id(frames)
    assert ident in views._SHARED
    del frames
    gc.collect()
    assert ident not in views._SHARED
    newer = load_frames(stocked, task_texts=False)
    views.school_table(newer, catalogs, Q2)
    views.forget(newer)  # a newer version came: a cache still holding these tables holds no parts of them
    assert id(newer) not in views._SHARED


def test_the_sidebars_cuts_kept_are_bounded_by_their_rows():
    kept = scope._Latest(8, rows=10)

    class Cut:  # stands for a level's or a ward's tables
        def __init__(self, rows: int) -> None:
            self.tasks = range(rows)

    class Tables:  # stands for the reach's tables
        pass

    tables = Tables()
    for name, rows in (("ward", 2), ("level", 6), ("other level", 6), ("another ward", 1)):
        kept.get((name,), "v1", lambda: tables, lambda _, rows=rows: Cut(rows))
    assert list(kept._slots) == [("other level",), ("another ward",)]  # 7 rows; with the first level's, 13
