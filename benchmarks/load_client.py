"""A person's browser tab, spoken at the protocol level: Streamlit's websocket at `/_stcore/stream`.

A hundred tabs fit in one asyncio process where a hundred Chromium pages would not fit
in two cores. Each `Tab` does what the browser's frontend does: it connects, asks for
the first run with the page's address (`rerun_script`), logs in by submitting the login
form's widget states, and switches pages with the menu's `page_script_hash` (read from
the `navigation` message), each time waiting for the run's `script_finished`.

What a run showed is kept small (headings, captions and texts, alerts, exceptions,
widget ids): enough to check where the person is, cheap enough for a hundred tabs.
Not part of the tests' fixtures; `tests/test_load_smoke.py` keeps it working.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

RUN_TIMEOUT = 180.0  # seconds: a run that has not finished by then counts as an error
# A run that ends in st.rerun() is followed by another one: the click ends with the last.
_ENDS_CLICK = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class ProtocolError(Exception):
    """The server answered what a browser would not expect (no login form, no such page, closed socket)."""


@dataclass
class Run:
    """One click as the person saw it: from the BackMsg sent to the run's `script_finished`."""

    what: str  # "open", "login" or the page's url path
    seconds: float = 0.0
    texts: list[str] = field(default_factory=list)  # headings, markdown (captions included), alerts
    exceptions: list[str] = field(default_factory=list)
    widgets: dict[str, object] = field(default_factory=dict)  # widget id → its element proto
    page_hash: str = ""  # the page the server ran (from new_session)
    runs: int = 0  # script runs the click caused (a st.rerun() adds one)

    def shows(self, text: str) -> bool:
        return any(text in shown for shown in self.texts)


@dataclass
class Tab:
    """One browser tab: one websocket, one Streamlit session."""

    base: str  # ws://127.0.0.1:PORT
    socket: websockets.ClientConnection | None = None
    pages: dict[str, str] = field(default_factory=dict)  # url path → page_script_hash ("" the default page)
    page_hash: str = ""
    query_string: str = ""
    _run: Run | None = None  # the click now waiting for its script_finished
    _last: Run | None = None  # the last click answered
    _done: asyncio.Event = field(default_factory=asyncio.Event)
    _reader: asyncio.Task | None = None
    _closed: str = ""

    async def connect(self) -> None:
        # As the frontend: the "streamlit" subprotocol; no Origin header (a non-browser client may
        # omit it), no XSRF token (the websocket needs none: it only guards the auth cookie).
        self.socket = await websockets.connect(
            f"{self.base}/_stcore/stream", subprotocols=["streamlit"], max_size=None, open_timeout=60
        )
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def open(self, path: str = "", query_string: str = "") -> Run:
        """The first run of a fresh tab on `/path?query_string` (the login page while nobody is logged in)."""
        self.query_string = query_string
        return await self._click(Run("open"), ClientState(query_string=query_string, page_name=path))

    async def log_in(self, username: str, password: str) -> Run:
        """Fill the login form shown by the last run and press its button (one rerun with the form's states)."""
        shown = self._last.widgets if self._last else {}
        user = _widget(shown, "login-username")
        secret = _widget(shown, "login-password")
        submit = next((w for w in shown.values() if getattr(w, "form_id", "") == "login" and
                       getattr(w, "is_form_submitter", False)), None)  # fmt: skip
        if user is None or secret is None or submit is None:
            raise ProtocolError("no login form on the page")
        state = self._state(self.page_hash)
        state.widget_states.widgets.add(id=user.id, string_value=username)
        state.widget_states.widgets.add(id=secret.id, string_value=password)
        state.widget_states.widgets.add(id=submit.id, trigger_value=True)
        return await self._click(Run("login"), state)

    async def go(self, path: str) -> Run:
        """Click the menu's page `path` (its url path; "" the home page): no filters kept, as in a browser."""
        if path not in self.pages:
            raise ProtocolError(f"no page {path!r} in the menu")
        self.query_string = ""
        return await self._click(Run(path), self._state(self.pages[path]))

    # ---------------------------------------------------------------- the wire

    def _state(self, page_hash: str) -> ClientState:
        return ClientState(query_string=self.query_string, page_script_hash=page_hash)

    async def _click(self, run: Run, state: ClientState) -> Run:
        if self.socket is None or self._closed:
            raise ProtocolError(f"socket closed: {self._closed or 'never opened'}")
        self._run, self._done = run, asyncio.Event()
        start = time.perf_counter()
        await self.socket.send(BackMsg(rerun_script=state).SerializeToString())
        try:
            await asyncio.wait_for(self._done.wait(), RUN_TIMEOUT)
        except TimeoutError:
            raise ProtocolError(f"{run.what}: no script_finished within {RUN_TIMEOUT:.0f} s") from None
        if self._closed:
            raise ProtocolError(f"{run.what}: socket closed ({self._closed})")
        run.seconds = time.perf_counter() - start
        self._last = run
        return run

    async def _read(self) -> None:
        assert self.socket is not None
        try:
            async for raw in self.socket:
                message = ForwardMsg()
                message.ParseFromString(raw)
                self._take(message)
        except websockets.ConnectionClosed as closed:
            self._closed = f"closed {closed.rcvd.code if closed.rcvd else ''}".strip()
        else:
            self._closed = "closed"
        self._done.set()

    def _take(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        run = self._run
        if kind == "navigation":  # the menu, and the page this run shows (st.navigation's choice)
            self.pages = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
            self.page_hash = message.navigation.page_script_hash
            if run is not None:
                run.page_hash = self.page_hash
        elif kind == "new_session" and run is not None:
            run.runs += 1
            run.texts.clear(), run.exceptions.clear(), run.widgets.clear()  # a rerun redraws the page
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "delta" and run is not None and message.delta.WhichOneof("type") == "new_element":
            _note(run, message.delta.new_element)
        elif kind == "page_not_found" and run is not None:
            run.exceptions.append(f"page not found: {message.page_not_found.page_name}")
        elif kind == "script_finished" and run is not None and message.script_finished in _ENDS_CLICK:
            self._run = None
            self._done.set()


def _note(run: Run, element) -> None:
    kind = element.WhichOneof("type")
    if kind == "heading":
        run.texts.append(element.heading.body)
    elif kind == "markdown":
        run.texts.append(element.markdown.body)
    elif kind == "alert":
        run.texts.append(element.alert.body)
    elif kind == "exception":
        run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
    elif kind in ("text_input", "button"):
        widget = getattr(element, kind)
        run.widgets[widget.id] = widget


def _widget(widgets: dict[str, object], key: str):
    """The widget of a user key (`key=` in the page): Streamlit ends its id with it."""
    return next((w for wid, w in widgets.items() if wid.endswith(f"-{key}")), None)
