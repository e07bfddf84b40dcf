"""Refresh ahead: once a report is stored, the views people asked for lately are computed again in the background.

In a reporting week a report arrives every few seconds, and each makes a new version of the data: without
this, whoever opens a page first after a store pays for bringing the tables up to date and for every figure
of the page again (at a city's scale, several times a warm page). The server's `Warmer` keeps what pages asked
for lately (a replay per ask, keyed by what it names) and, when the data's version changes, replays them, most
recently asked first, in one thread of the process. A page of the office that arrives while that runs waits for
the round to compute each figure it asks that the round holds, instead of computing it beside it.

Nothing here knows what a view is: `pages.ui.scope` records its asks with `asked(key, replay)`.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from time import monotonic
from typing import Any

_LOG = logging.getLogger(__name__)

RECENT_SECONDS = 600.0  # an ask older than this is not replayed: nobody looked at it lately
MOST_ASKS = 128  # asks kept (the most recent): a page asks some ten, each ward's office its own
POLL_SECONDS = 1.0  # how often the version is asked while people are using the app (a store elsewhere)


class Warmer:
    """Replays the recent asks whenever `version()` names a version they were not replayed for."""

    def __init__(self, version: Callable[[], str], clock: Callable[[], float] = monotonic) -> None:
        self._version = version
        self._clock = clock
        self._asks: OrderedDict[tuple, tuple[float, Callable[[], Any]]] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: set[tuple] = set()  # the asks the round under way has yet to compute (or is computing)
        self._computed = threading.Condition(self._lock)  # told each time the round is done with an ask
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._warmed: str | None = None  # the version the asks were last replayed for (or first asked at)
        self._thread: threading.Thread | None = None
        self._asked_once = False
        self._stopped = False
        self._stopping = threading.Event()
        self.rounds = 0  # versions replayed for, and asks replayed: what the benchmark and the tests read
        self.replayed = 0

    def asked(self, key: tuple, replay: Callable[[], Any]) -> None:
        """A page asked for `key`; `replay()` computes it again for whatever version is current then."""
        try:
            hash(key)
        except TypeError:  # an argument that names nothing lasting (a list…): not kept
            return
        with self._lock:
            self._asks[key] = (self._clock(), replay)
            self._asks.move_to_end(key)
            while len(self._asks) > MOST_ASKS:
                self._asks.popitem(last=False)
            first, self._asked_once = not self._asked_once, True
        if first:
            self._warmed = self._current()  # what the first page asked for is being computed by that page
            if not self._stopped:
                self._thread = threading.Thread(target=self._run, name="cchc-refresh-ahead", daemon=True)
                self._thread.start()

    def nudge(self) -> None:
        """A report (or anything the version counts) was stored by this process: look at once."""
        self._wake.set()

    def settle(self, key: tuple, timeout: float) -> None:
        """Wait (at most `timeout` seconds) until the round under way, if it is to compute `key`, has: computing it
        beside the round would only share the processor between the two and hold both computations' memory at
        once. An ask the round does not hold waits for nothing."""
        if threading.current_thread() is self._thread:
            return
        deadline = monotonic() + timeout
        with self._computed:
            while key in self._pending and (left := deadline - monotonic()) > 0:
                self._computed.wait(left)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until the asks were replayed for the latest version (True), or `timeout` seconds (False)."""
        deadline = monotonic() + timeout
        while monotonic() < deadline:
            self._wake.set()
            if self._idle.wait(max(0.0, deadline - monotonic())) and self._warmed == self._current():
                return True
            self._stopping.wait(0.01)
        return False

    def stop(self) -> None:
        self._stopped = True
        self._stopping.set()
        self._wake.set()

    def warm(self) -> int:
        """Replay the recent asks if the version changed since they were last replayed: how many were."""
        version = self._current()
        if version is None or version == self._warmed:
            return 0
        self._idle.clear()
        recent = self._recent()
        with self._lock:
            self._pending = {key for key, _ in recent}
        try:
            done = 0
            for key, replay in recent:
                if self._current() != version:  # another store meanwhile: start again for the newest
                    return done
                try:
                    replay()
                    done += 1
                except Exception:  # an ask that no longer makes sense (a school removed…) is dropped, not retried
                    _LOG.warning("refresh ahead: %s could not be computed again", key[:2], exc_info=True)
                    with self._lock:
                        self._asks.pop(key, None)
                finally:
                    with self._computed:
                        self._pending.discard(key)
                        self._computed.notify_all()
            self._warmed = version
            self.rounds += 1
            self.replayed += done
            return done
        finally:
            with self._computed:
                self._pending.clear()
                self._computed.notify_all()
            self._idle.set()

    def _recent(self) -> list[tuple[tuple, Callable[[], Any]]]:
        """The asks of the last RECENT_SECONDS, the most recent first (the older ones dropped)."""
        oldest = self._clock() - RECENT_SECONDS
        with self._lock:
            for key in [k for k, (when, _) in self._asks.items() if when < oldest]:
                del self._asks[key]
            return [(key, replay) for key, (_, replay) in reversed(self._asks.items())]

    def _current(self) -> str | None:
        try:
            return self._version()
        except Exception:  # the database away for a moment: the next poll tries again
            _LOG.warning("refresh ahead: the data's version could not be read", exc_info=True)
            return None

    def _run(self) -> None:
        while not self._stopped:
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
            if self._stopped:
                return
            anyone = bool(self._recent())  # nobody lately: the database is not asked for its version either
            while anyone and not self._stopped and self._current() not in (None, self._warmed):
                self.warm()  # again while a store came in during the round
