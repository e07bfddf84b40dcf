"""The session's shared resources: the database engine, the data's version, the stored tables.

Caching follows the data: the engine is a resource; the stored tables are a
resource keyed by the database's version (any stored report changes it), so
pages never copy them. A new version does not read them all again: the server's
`LiveFrames` splices in the rows of the schools' quarters whose reports changed
(storage.changes), whichever process stored them. Nothing heavy lives in `session_state`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import streamlit as st

from core.settings import cache_dir, database_url, refresh_ahead
from metrics import views
from metrics.frames import Frames
from pages.ui.warm import Warmer
from storage import frames
from storage.open import open_database
from storage.snapshot import LiveFrames


@st.cache_resource(show_spinner=False)
def engine(url: str):
    return open_database(url)


@st.cache_data(ttl=2, show_spinner=False)
def _version(url: str) -> str:
    return frames.data_version(engine(url))


def version() -> str:
    """Changes whenever a report, a unit or a deadline is stored: the caches' key.

    Asked of the database at most every two seconds (a page asks it many times a run);
    whatever stores data clears it at once with `forget_version()`.
    """
    return _version(database_url())


def forget_version() -> None:
    _version.clear()
    if refresh_ahead():
        warmer(database_url()).nudge()  # this process stored something: the figures asked lately follow at once


@st.cache_resource(show_spinner=False)
def warmer(url: str) -> Warmer:
    """The server's refresh ahead (pages.ui.warm) for this database: the figures asked lately, computed again
    in the background at each new version."""
    return Warmer(lambda: _version(url))


SETTLE_SECONDS = 10.0  # the longest a page waits for the refresh ahead under way (a city's round: some 0.3 s)


def asked(url: str, key: tuple, replay: Callable[[], Any]) -> None:
    """A page is asking for a figure of this database (`key`) that `replay()` computes again for the version
    current then: kept for the next versions, and asked once the refresh ahead under way (if any) computed it."""
    if refresh_ahead():
        kept = warmer(url)
        kept.asked(key, replay)
        kept.settle(key, SETTLE_SECONDS)


@st.cache_resource(show_spinner=False)
def live_frames(url: str) -> LiveFrames:
    """The server's tables of this database, kept current report by report, with their snapshot on disk."""
    return LiveFrames(engine(url), cache_dir(), on_patch=views.carry)  # the views' per-school parts follow


@st.cache_resource(show_spinner=False, max_entries=1)
def all_frames(url: str, data_version: str) -> Frames:
    """Every stored table, whoever asks: `pages.ui.scope` cuts them to the person before any use. One version
    kept: the server's tables are the latest whatever version is asked, and an older entry would hold the
    tables before the last store (some 60 MB at a city's scale) for nobody."""
    return live_frames(url).frames()


# (a cached function, what it computes) → the version and arguments it was last asked with
_LATEST: OrderedDict[tuple, tuple[str, tuple]] = OrderedDict()
_LATEST_LOCK = threading.Lock()
_LATEST_KEPT = 4096


def latest_only(cached: Any, identity: tuple, version: str, args: tuple) -> None:
    """`cached(*args)` is about to be asked for `version` of the computation `identity` names: its value for the
    version asked before, if another, is let go. Each stored report makes a new version, and the figures of the
    older one would otherwise stay until `max_entries` or the TTL pushed them out (at a city's scale some 6 MB a
    report, for nobody: every page of the process reads the data's version from one place)."""
    slot = (cached.__module__, cached.__qualname__, identity)  # a page's function is made anew at each run
    try:
        hash(slot)
    except TypeError:  # an argument without a lasting name (a list…): its values go by max_entries and the TTL
        return
    with _LATEST_LOCK:
        before = _LATEST.get(slot)
        _LATEST[slot] = (version, args)
        _LATEST.move_to_end(slot)
        while len(_LATEST) > _LATEST_KEPT:
            _LATEST.popitem(last=False)
    if before is not None and before[0] != version:
        cached.clear(*before[1])
