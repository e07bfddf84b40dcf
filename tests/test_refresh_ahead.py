"""Refresh ahead (pages/ui/warm.py): after a store, the server computes again what pages asked for lately, so
the next person's page finds its figures ready, and they are the figures of the data as stored."""

from __future__ import annotations

import threading
from time import monotonic

import pandas as pd
import pytest

from core.catalogs import default_catalogs
from metrics import views
from pages.ui import cache, scope, warm
from pages.ui.warm import Warmer
from storage.accounts import CLERK
from storage.frames import load_frames
from tests.sessions import app_as
from tests.test_view_versions import Q2, Q3, _counted, _forget, send


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _warmer(versions: list[str], clock: Clock | None = None) -> Warmer:
    """A warmer whose version is the last of `versions` (a test appends to store), never started as a thread."""
    made = Warmer(lambda: versions[-1], clock or Clock())
    made._stopped = True  # rounds are run by the test, not by a thread
    return made


# ---------------------------------------------------------------- which asks, when, in what order


def test_a_new_version_replays_the_recent_asks_newest_first_and_the_same_version_nothing():
    versions, replayed = ["v1"], []
    warmer = _warmer(versions)
    for name in ("trend", "schools", "wards"):
        warmer.asked(("view", name), lambda name=name: replayed.append(name))
    warmer.asked(("view", "trend"), lambda: replayed.append("trend"))  # asked again: now the most recent
    assert warmer.warm() == 0 and replayed == []  # the version the pages are computing themselves
    versions.append("v2")
    assert warmer.warm() == 3
    assert replayed == ["trend", "wards", "schools"]
    assert warmer.warm() == 0 and (warmer.rounds, warmer.replayed) == (1, 3)


def test_asks_nobody_repeated_lately_are_dropped_and_the_kept_ones_bounded():
    versions, replayed, clock = ["v1"], [], Clock()
    warmer = _warmer(versions, clock)
    warmer.asked(("old",), lambda: replayed.append("old"))
    clock.now += warm.RECENT_SECONDS + 1
    for number in range(warm.MOST_ASKS + 5):
        warmer.asked(("view", number), lambda number=number: replayed.append(number))
    versions.append("v2")
    warmer.warm()
    assert "old" not in replayed and len(replayed) == warm.MOST_ASKS
    assert replayed[0] == warm.MOST_ASKS + 4 and replayed[-1] == 5  # the first five pushed out


def test_a_store_during_a_round_starts_it_again_for_the_newest_version():
    versions, replayed = ["v1"], []
    warmer = _warmer(versions)
    warmer.asked(("a",), lambda: replayed.append(("a", versions[-1])))
    warmer.asked(("b",), lambda: replayed.append(("b", versions[-1])) or versions.append("v3"))
    versions.append("v2")
    warmer.warm()  # b (the newest) for v2, which stores v3 meanwhile: a is not computed for v2
    assert replayed == [("b", "v2")]
    warmer.warm()
    assert replayed[1:] == [("b", "v3"), ("a", "v3")] and warmer.rounds == 1


def test_an_ask_that_fails_is_dropped_and_the_others_still_computed(caplog):
    versions, replayed = ["v1"], []
    warmer = _warmer(versions)
    warmer.asked(("view", "fine"), lambda: replayed.append("fine"))
    warmer.asked(("view", "gone"), lambda: 1 / 0)  # a school removed since, say
    warmer.asked(("view", ["a list"]), lambda: replayed.append("never kept"))  # nothing to key it by
    versions.append("v2")
    assert warmer.warm() == 1 and replayed == ["fine"]
    assert "could not be computed again" in caplog.text
    versions.append("v3")
    assert warmer.warm() == 1 and replayed == ["fine", "fine"]


def test_the_version_unreadable_for_a_moment_replays_nothing_and_the_next_round_does():
    versions, broken = ["v1"], {"now": False}

    def version() -> str:
        if broken["now"]:
            raise ConnectionError("the database restarting")
        return versions[-1]

    warmer = Warmer(version, Clock())
    warmer._stopped = True
    replayed: list[str] = []
    warmer.asked(("x",), lambda: replayed.append("x"))
    versions.append("v2")
    broken["now"] = True
    assert warmer.warm() == 0
    broken["now"] = False
    assert warmer.warm() == 1 and replayed == ["x"]


def test_the_thread_replays_on_a_nudge_and_says_when_it_is_done():
    versions, done = ["v1"], threading.Event()
    warmer = Warmer(lambda: versions[-1])
    try:
        warmer.asked(("x",), done.set)
        versions.append("v2")
        warmer.nudge()
        assert warmer.wait_idle(10)
        assert done.is_set() and warmer.rounds == 1
    finally:
        warmer.stop()


# ---------------------------------------------------------------- in the app


@pytest.fixture
def warming(engine, db_url, unit_rows, monkeypatch):
    """The app reading a database of three schools' reports, with the refresh ahead on."""
    from storage.registry import upsert_units

    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    monkeypatch.setenv("CCHC_REFRESH_AHEAD", "1")
    upsert_units(engine, unit_rows)
    for unit in ("MN01", "TH01", "THCS01"):
        send(engine, unit, Q2)
    send(engine, "TH01", Q3)
    _forget()
    cache.warmer.clear()
    yield engine
    cache.warmer(db_url).stop()
    cache.warmer.clear()
    _forget()


def test_after_a_store_the_overviews_figures_are_computed_before_anyone_asks(warming, db_url, monkeypatch):
    calls: list = []
    original = views.school_table
    monkeypatch.setattr(views, "school_table", _counted(original, calls))
    app = app_as(db_url)
    app.switch_page("pages/overview.py")
    app.run()
    assert not app.exception and calls == [(Q3,)]
    warmer = cache.warmer(db_url)

    send(warming, "THCS01", Q3)  # a second school's report for the quarter the overview shows
    cache.forget_version()  # as the upload page does
    assert warmer.wait_idle(60)
    assert calls == [(Q3,), (Q3,)] and warmer.rounds == 1  # computed by the server, nobody asking

    app.run()  # the next person's page: nothing to compute again
    assert not app.exception and calls == [(Q3,), (Q3,)]
    shown = scope._one(db_url, scope.ALL, "", "", views.school_table, (Q3,))
    fresh = original(load_frames(warming, task_texts=False), default_catalogs(), Q3)
    pd.testing.assert_frame_equal(shown, fresh)
    assert set(shown.loc[shown["tasks"].gt(0), "unit_code"]) == {"TH01", "THCS01"}
    assert calls == [(Q3,), (Q3,)]


def test_a_clerks_pages_are_not_computed_ahead(warming, db_url):
    app = app_as(db_url, CLERK, "TH01")
    app.switch_page("pages/overview.py")
    app.run()
    assert not app.exception
    office = app_as(db_url)
    office.switch_page("pages/overview.py")
    office.run()
    reaches = {key[1] for key in cache.warmer(db_url)._asks}
    assert reaches == {scope.ALL}


def test_without_refresh_ahead_the_first_page_after_a_store_computes_its_figures(warming, db_url, monkeypatch):
    monkeypatch.setenv("CCHC_REFRESH_AHEAD", "0")
    calls: list = []
    monkeypatch.setattr(views, "school_table", _counted(views.school_table, calls))
    app = app_as(db_url)
    app.switch_page("pages/overview.py")
    app.run()
    send(warming, "THCS01", Q3)
    cache.forget_version()
    assert calls == [(Q3,)] and cache.warmer(db_url).rounds == 0
    app.run()
    assert not app.exception and calls == [(Q3,), (Q3,)]


# ---------------------------------------------------------------- a new version lets the older figures go


def test_a_figure_asked_for_a_new_version_lets_the_older_versions_value_go():
    import streamlit as st

    computed: list[str] = []

    @st.cache_data(show_spinner=False)
    def doubled(version: str, number: int) -> int:
        computed.append(version)
        return number * 2

    for version in ("v1", "v1", "v2", "v2"):
        cache.latest_only(doubled, ("doubled", 21), version, (version, 21))
        assert doubled(version, 21) == 42
    assert computed == ["v1", "v2"]
    assert doubled("v2", 21) == 42 and computed == ["v1", "v2"]  # the newest kept
    assert doubled("v1", 21) == 42 and computed == ["v1", "v2", "v1"]  # the older let go: computed again
    cache.latest_only(doubled, ("doubled", 5), "v1", ("v1", 5))  # another computation keeps its own
    doubled("v1", 5)
    assert doubled("v2", 21) == 42 and computed == ["v1", "v2", "v1", "v1"]
    cache.latest_only(doubled, ("doubled", [21]), "v3", ("v3", 21))  # nothing to key it by: nothing let go
    assert doubled("v2", 21) == 42 and computed == ["v1", "v2", "v1", "v1"]
    doubled.clear()


def test_an_idle_server_does_not_ask_the_database_for_its_version():
    asked_version, clock = [], Clock()

    def version() -> str:
        asked_version.append(clock.now)
        return "v1"

    warmer = Warmer(version, clock)
    try:
        warmer.asked(("x",), lambda: None)
        assert warmer.wait_idle(5)
        clock.now += warm.RECENT_SECONDS + 1  # nobody asked anything for ten minutes
        warmer.nudge()
        threading.Event().wait(0.2)
        before = len(asked_version)
        warmer.nudge()
        threading.Event().wait(0.2)
        assert len(asked_version) == before and not warmer._asks
    finally:
        warmer.stop()


def test_a_page_waits_for_the_round_only_for_what_the_round_computes():
    versions, release, started = ["v1"], threading.Event(), threading.Event()
    computed: list[str] = []

    def slow() -> None:
        started.set()
        release.wait(10)
        computed.append("slow")

    warmer = Warmer(lambda: versions[-1])
    try:
        warmer.asked(("view", "slow"), slow)
        warmer.asked(("view", "quick"), lambda: computed.append("quick"))  # the newest: computed first
        versions.append("v2")
        warmer.nudge()
        assert started.wait(10)  # the round is computing "slow"
        before = monotonic()
        warmer.settle(("view", "other page"), 5)  # not the round's: no wait
        warmer.settle(("view", "quick"), 5)  # the round's, computed already
        assert monotonic() - before < 1 and computed == ["quick"]
        threading.Timer(0.3, release.set).start()
        warmer.settle(("view", "slow"), 5)  # the round's, under way: waited for
        assert computed == ["quick", "slow"] and monotonic() - before >= 0.25
        assert warmer.wait_idle(5)
    finally:
        release.set()
        warmer.stop()
