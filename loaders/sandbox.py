"""Read workbooks in child processes with a memory cap and a time limit.

The guard refuses every crafted file we know of before a parser sees it. This is the
second wall: whatever a parser does with a file (a Rust allocator aborting on a request
for hundreds of gigabytes, a loop that never ends), only the child dies. The file gets a
refusal verdict like any unreadable one, and the server or the batch goes on.

Children are kept and reused (one per core at most): starting one per file would cost
more than reading the file. A batch of files on disk keeps a few files queued in each
child, which reads them itself, so no child waits for the parent between files. A
server with threads starts its children through a fork server, so no child inherits
another thread's half-held lock.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import signal
import socket
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from core.filenames import received_name
from core.settings import UploadLimits
from i18n.messages import term
from loaders.guard import Refused, check_size
from loaders.plan import load_plan  # here, so that a forked child starts with the readers imported
from loaders.plan_model import Plan
from loaders.problems import problem
from loaders.read import load_report
from loaders.report import Report

Units = tuple[dict[str, str] | None, dict[str, tuple[str | None, str | None]] | None]
_QUEUED_PER_CHILD = 48  # paths sent ahead of the file being read: small messages, the parent never waits to send
_PIPE_BUFFER = 1 << 20  # answers a child may write before the parent reads them (a file's bytes and verdict each)


class _Lost(Exception):
    """The child gave no answer for a file: it was killed on time-out, or it died."""

    def __init__(self, code: str, params: dict[str, object]) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    def report(self, file_name: str) -> Report:
        return Report(file_name=received_name(file_name), problems=[problem(self.code, **self.params)])

    def plan(self, file_name: str) -> Plan:
        return Plan(file_name=received_name(file_name), problems=[problem(self.code, **self.params)])


class _Child:
    """One reader process and the end of the pipe that talks to it."""

    def __init__(self, context: multiprocessing.context.BaseContext, memory_bytes: int) -> None:
        ours, theirs = context.Pipe()
        _widen(ours, theirs)
        self.process = context.Process(target=_serve, args=(theirs, memory_bytes), daemon=True, name="cchc-reader")
        self.process.start()
        theirs.close()
        self.conn = ours
        self.units: Units | None = None  # the registry the child holds: sent again only when it changes

    def send(self, units: Units, *message: object) -> None:
        try:
            if units != self.units:
                self.conn.send(("units", units))
                self.units = units
            self.conn.send(message)
        except OSError as error:  # the child is gone; its answer will say so
            raise _Lost("reader-failed", {"detail": self._death()}) from error

    def answer(self, seconds: float) -> object:
        """The child's next answer, or _Lost if none comes within `seconds`."""
        try:
            if not self.conn.poll(seconds):
                raise _Lost("reader-timeout", {"seconds": seconds})
            return self.conn.recv()
        except (EOFError, OSError) as error:
            raise _Lost("reader-failed", {"detail": self._death()}) from error

    def _death(self) -> dict[str, object]:
        """How the child ended, in words a clerk can pass on."""
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return term("reason.reader-signal", signal=signal.Signals(-code).name)
            except ValueError:
                return term("reason.reader-signal", signal=str(-code))
        return term("reason.reader-lost")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _widen(*ends: Connection) -> None:
    """Room for several answers in the pipe, so that a child goes on reading while the parent stores.

    A duplex Pipe is a socketpair on Linux; the kernel caps the size (net.core.wmem_max).
    """
    for end in ends:
        try:
            with socket.fromfd(end.fileno(), socket.AF_UNIX, socket.SOCK_STREAM) as sock:  # a duplicate descriptor
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _PIPE_BUFFER)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _PIPE_BUFFER)
        except OSError:
            return  # not a socket here: the default size only costs speed


class ReaderPool:
    """Up to `size` reader children, shared by every thread of the process."""

    def __init__(self, size: int | None = None, start_method: str | None = None) -> None:
        self.size = max(size or os.cpu_count() or 1, 1)
        self.start_method = start_method
        self._idle: queue.LifoQueue[_Child] = queue.LifoQueue()  # the warmest child first
        self._lock = threading.Lock()
        self._running = 0

    def read(
        self,
        content: bytes,
        file_name: str,
        *,
        registry: dict[str, str] | None = None,
        active: dict[str, tuple[str | None, str | None]] | None = None,
        limits: UploadLimits | None = None,
    ) -> Report:
        """`loaders.read.load_report` in a child: the same verdict, or a refusal if the child is lost."""
        limits = limits or UploadLimits.from_env()
        answer = self._ask((registry, active), ("bytes", content, file_name, limits), limits)
        return answer.report(file_name) if isinstance(answer, _Lost) else answer

    def read_plan(
        self,
        content: bytes,
        file_name: str,
        *,
        registry: dict[str, str] | None = None,
        limits: UploadLimits | None = None,
    ) -> Plan:
        """`loaders.plan.load_plan` in a child: the same verdict, or a refusal if the child is lost."""
        limits = limits or UploadLimits.from_env()
        answer = self._ask((registry, None), ("plan", content, file_name, limits), limits)
        return answer.plan(file_name) if isinstance(answer, _Lost) else answer

    def _ask(self, units: Units, message: tuple[object, ...], limits: UploadLimits) -> object:
        """One child's answer to `message`, or the _Lost that says why there is none."""
        child = self._take(limits)
        try:
            child.send(units, *message)
            answer = child.answer(limits.reader_seconds)
        except _Lost as lost:
            self._discard(child)
            return lost
        except BaseException:
            self._discard(child)  # interrupted mid-answer: the pipe may hold half a message
            raise
        self._give_back(child)
        return answer

    def read_paths(
        self,
        paths: Sequence[Path],
        *,
        registry: dict[str, str] | None = None,
        active: dict[str, tuple[str | None, str | None]] | None = None,
        limits: UploadLimits | None = None,
        workers: int | None = None,
    ) -> Iterator[tuple[bytes, Report]]:
        """Each file's bytes and verdict, in the order of `paths`, read by up to `workers` children at once."""
        limits = limits or UploadLimits.from_env()
        batch = _Batch(self, list(paths), (registry, active), limits)
        try:
            yield from batch.run(min(workers or self.size, self.size, max(len(paths), 1)))
        finally:
            batch.release()

    def warm(self, count: int, limits: UploadLimits | None = None) -> None:
        """Start children until `count` run (at most `size`), so that the first files do not wait for them."""
        limits = limits or UploadLimits.from_env()
        started = []
        while self._running < min(count, self.size):
            started.append(self._take(limits))
        for child in started:
            self._give_back(child)

    def close(self) -> None:
        while True:
            try:
                child = self._idle.get_nowait()
            except queue.Empty:
                return
            self._discard(child)

    def _take(self, limits: UploadLimits) -> _Child:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            start = self._running < self.size
            if start:
                self._running += 1
        if not start:
            return self._idle.get()
        try:
            return _Child(self._context(), limits.reader_memory_bytes)
        except BaseException:
            with self._lock:
                self._running -= 1
            raise

    def _give_back(self, child: _Child) -> None:
        self._idle.put(child)

    def _discard(self, child: _Child) -> None:
        child.stop()
        with self._lock:
            self._running -= 1

    def _context(self) -> multiprocessing.context.BaseContext:
        methods = multiprocessing.get_all_start_methods()
        method = self.start_method
        if method is None:
            # Forking a process with other threads running may copy a lock one of them holds.
            single = threading.active_count() == 1 and "fork" in methods
            method = "fork" if single else ("forkserver" if "forkserver" in methods else "spawn")
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(["loaders.read", "loaders.plan"])
        return context


class _Batch:
    """Files on disk dealt to a few children, their answers taken back in the files' order.

    Each child answers its files in the order it got them, so when a child dies, the
    file it died on is the first it has not answered; the files queued behind it go
    to a new child.
    """

    def __init__(self, pool: ReaderPool, paths: list[Path], units: Units, limits: UploadLimits) -> None:
        self.pool, self.paths, self.units, self.limits = pool, paths, units, limits
        self.waiting: deque[int] = deque(range(len(paths)))  # not yet sent
        self.queued: dict[_Child, deque[int]] = {}  # sent to each child, not yet answered
        self.owner: dict[int, _Child] = {}

    def run(self, workers: int) -> Iterator[tuple[bytes, Report]]:
        for _ in range(workers):
            self._deal(self.pool._take(self.limits))
        for index in range(len(self.paths)):
            yield self._answer(index)

    def _answer(self, index: int) -> tuple[bytes, Report]:
        child = self.owner.pop(index)
        try:
            answer = child.answer(self.limits.reader_seconds)
        except _Lost as lost:
            self._replace(child)
            return _bytes_of(self.paths[index], self.limits), lost.report(self.paths[index].name)
        self.queued[child].popleft()
        self._deal(child)
        return answer

    def _deal(self, child: _Child) -> None:
        """Keep `child` a few files ahead."""
        queued = self.queued.setdefault(child, deque())
        while self.waiting and len(queued) < _QUEUED_PER_CHILD:
            index = self.waiting[0]
            try:
                child.send(self.units, "path", str(self.paths[index]), self.limits)
            except _Lost:
                self._replace(child)
                return
            self.waiting.popleft()
            queued.append(index)
            self.owner[index] = child

    def _replace(self, child: _Child) -> None:
        """A lost child: what it had not answered (but the file it failed on) goes to a new one."""
        queued = self.queued.pop(child)
        if queued and queued[0] not in self.owner:
            queued.popleft()  # the file being answered: its refusal is the caller's
        for index in queued:
            self.owner.pop(index, None)
        self.waiting.extendleft(reversed(queued))
        self.pool._discard(child)
        self._deal(self.pool._take(self.limits))

    def release(self) -> None:
        for child, queued in self.queued.items():
            if queued:
                self.pool._discard(child)  # interrupted: its pipe still holds answers
            else:
                self.pool._give_back(child)
        self.queued.clear()


def _bytes_of(path: Path, limits: UploadLimits) -> bytes:
    """A refused file's bytes, for its audit line's fingerprint (nothing if too large or unreadable)."""
    try:
        return path.read_bytes() if path.stat().st_size <= limits.max_file_bytes else b""
    except OSError:
        return b""


_shared: ReaderPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> ReaderPool:
    """The process's pool, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ReaderPool()
        return _shared


# ---------------------------------------------------------------- in the child


def _serve(conn: Connection, memory_bytes: int) -> None:
    """The child's loop: read each file it is sent, answer its verdict (and, for a path, its bytes)."""
    _cap_memory(memory_bytes)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops its children
    units: Units = (None, None)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        kind = message[0]
        if kind == "units":
            units = message[1]
        elif kind in ("bytes", "plan"):
            _, content, file_name, limits = message
            conn.send(_verdict(content, file_name, units, limits, plan=kind == "plan"))
        else:
            _, path, limits = message
            conn.send(_file_verdict(Path(path), units, limits))


def _file_verdict(path: Path, units: Units, limits: UploadLimits) -> tuple[bytes, Report]:
    """A file's bytes and verdict; an oversized file is refused without reading it whole."""
    try:
        check_size(path.stat().st_size, limits)
        content = path.read_bytes()
    except Refused as refused:
        return b"", Report(file_name=received_name(path.name), problems=[refused.problem])
    except OSError as error:
        unreadable = problem("corrupt", detail=error.strerror or str(error))
        return b"", Report(file_name=received_name(path.name), problems=[unreadable])
    return content, _verdict(content, path.name, units, limits)


def _verdict(
    content: bytes, file_name: str, units: Units, limits: UploadLimits, *, plan: bool = False
) -> Report | Plan:
    registry, active = units
    try:
        if plan:
            return load_plan(content, file_name, registry=registry, limits=limits)
        return load_report(content, file_name, registry=registry, active=active, limits=limits)
    except MemoryError:
        lost = _Lost("reader-failed", {"detail": term("reason.reader-memory")})
    except Exception as error:  # a reader's fault must cost one file, not the batch
        traceback.print_exc(file=sys.stderr)
        lost = _Lost("reader-failed", {"detail": term("reason.reader-error", error=type(error).__name__)})
    return lost.plan(file_name) if plan else lost.report(file_name)


def _cap_memory(extra_bytes: int) -> None:
    """Let the child's address space grow by `extra_bytes` beyond what it has now, no further."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            size_kib = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return  # no /proc: the time limit still holds
    limit = size_kib * 1024 + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
