"""The load benchmark's protocol client (benchmarks/load_client.py) against the running app, on the demo office.

Three people arrive at once through Streamlit's websocket, log in and open two pages
each, as `benchmarks/load.py` drives a hundred: each must land on the overview, see
the pages it asked for, and leave a time for every click. Keeps the client from
rotting when Streamlit's protocol or the login form changes.
"""

from __future__ import annotations

import asyncio

import pytest

from benchmarks import load
from benchmarks.load_client import Tab
from demo.load import load_demo
from i18n import translate
from storage.accounts import ADMIN, VIEWER, add_user
from storage.open import open_database

PEOPLE = 3
SHAPE = load.Shape(arrival=0.5, gap=(0.1, 0.3), upload_every=60.0, burst=0)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app in two processes on free local ports over the demo office, with the accounts `load.username` names."""
    from argon2 import PasswordHasher

    from storage import accounts

    folder = tmp_path_factory.mktemp("load")
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    engine = open_database(url)
    load_demo(engine)
    saved, accounts._hasher = accounts._hasher, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        for i in range(PEOPLE):
            role = ADMIN if i % load.ADMIN_EVERY == 0 else VIEWER
            add_user(engine, load.username(i), load.PASSWORD, role, display_name=f"Người thứ {i}")
    finally:
        accounts._hasher = saved
    engine.dispose()
    with load.Servers(url, folder / "data", folder / "server.log", processes=2) as running:
        yield running


def test_people_log_in_and_every_click_is_timed(server):
    outcome, tabs = load.Outcome(), []

    async def crowd() -> None:
        people = (load.person(server, i, i * 0.2, SHAPE, outcome, tabs) for i in range(PEOPLE))
        await asyncio.gather(*people)
        await asyncio.gather(*(tab.close() for tab in tabs))

    asyncio.run(crowd())
    assert outcome.errors == []
    assert sorted(outcome.logged_in) == sorted(load.username(i) for i in range(PEOPLE))
    # open, log in, two pages: four clicks each, each with its time
    assert len(outcome.times) == 4 * PEOPLE
    assert [what for what, _ in outcome.times].count("login") == PEOPLE
    assert all(0 < seconds < 120 for _, seconds in outcome.times)
    # people spread over both app processes, each person's tab on one of them (as nginx's ip_hash)
    ports = [int(tab.base.rsplit(":", 1)[1]) for tab in tabs]
    assert len(server.ports) == 2 and sorted(set(ports)) == sorted(server.ports)
    assert server.rss() > server.servers[0].rss() > 0  # the memory figure sums both processes


def test_the_page_after_login_shows_who_is_signed_in(server):
    async def visit():
        tab = Tab(server.ws)
        await tab.connect()
        try:
            first = await tab.open()
            landed = await tab.log_in(load.username(1), load.PASSWORD)
            tasks = await tab.go("tasks")
        finally:
            await tab.close()
        return first, landed, tasks

    first, landed, tasks = asyncio.run(visit())
    assert first.shows(translate("auth.title")) and not first.shows(translate("nav.overview"))
    caption = translate("auth.signed_in_as", name="Người thứ 1", role=translate("role.viewer"))
    assert landed.shows(caption) and landed.shows(translate("nav.overview"))
    assert tasks.shows(translate("nav.tasks")) and not tasks.shows(translate("nav.overview"))
    assert landed.exceptions == tasks.exceptions == []


def test_a_wrong_password_leaves_every_page_behind_the_login_form(server):
    async def visit():
        tab = Tab(server.ws)
        await tab.connect()
        try:
            await tab.open()
            refused = await tab.log_in(load.username(2), "not-the-password")
            behind = await tab.go("tasks")  # the address of a page: its login form, not the page
        finally:
            await tab.close()
        return refused, behind

    refused, behind = asyncio.run(visit())
    for run in (refused, behind):
        assert run.shows(translate("auth.title"))
        assert not run.shows(translate("nav.overview")) and not run.shows(translate("nav.tasks"))
