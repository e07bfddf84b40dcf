"""Read workbooks in child processes with a memory cap and a time limit.

The guard refuses every crafted file we know of before a parser sees it. This is the
second wall: whatever a parser does with a file (a Rust allocator aborting on a request
for hundreds of gigabytes, a loop that never ends), only the child dies. The file gets a
refusal verdict like any unreadable one, and the server or the batch goes on.

Children are kept and reused (one per core at most): starting one per file would cost
more than reading the file. A server with threads starts them through a fork server, so
no child inherits another thread's half-held lock.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import signal
import sys
import threading
import traceback
from multiprocessing.connection import Connection

from core.settings import UploadLimits
from loaders.messages import problem
from loaders.report import Report

_Units = tuple[dict[str, str] | None, dict[str, tuple[str | None, str | None]] | None]


class _Lost(Exception):
    """The child gave no answer for a file: it was killed on time-out, or it died."""

    def __init__(self, code: str, params: dict[str, object]) -> None:
        super().__init__(code)
        self.code, self.params = code, params


class _Child:
    """One reader process and the end of the pipe that talks to it."""

    def __init__(self, context: multiprocessing.context.BaseContext, memory_bytes: int) -> None:
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, memory_bytes), daemon=True, name="cchc-reader")
        self.process.start()
        theirs.close()
        self.conn = ours
        self.units: _Units | None = None  # the registry the child holds: sent again only when it changes

    def read(self, content: bytes, file_name: str, units: _Units, limits: UploadLimits) -> Report:
        try:
            if units != self.units:
                self.conn.send(("units", units))
                self.units = units
            self.conn.send(("read", content, file_name, limits))
            if not self.conn.poll(limits.reader_seconds):
                raise _Lost("reader-timeout", {"seconds": f"{limits.reader_seconds:g}"})
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            raise _Lost("reader-failed", {"detail": self._death()}) from error

    def _death(self) -> str:
        """How the child ended, in words a clerk can pass on."""
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"bị dừng bởi tín hiệu {signal.Signals(-code).name}"
            except ValueError:
                return f"bị dừng bởi tín hiệu {-code}"
        return "mất kết nối với bộ đọc"

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


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
        child = self._take(limits)
        try:
            report = child.read(content, file_name, (registry, active), limits)
        except _Lost as lost:
            self._discard(child)
            return Report(file_name=file_name, problems=[problem(lost.code, **lost.params)])
        except BaseException:
            self._discard(child)  # interrupted mid-answer: the pipe may hold half a message
            raise
        self._idle.put(child)
        return report

    def warm(self, count: int, limits: UploadLimits | None = None) -> None:
        """Start children until `count` run (at most `size`), so that a batch does not wait for them one by one."""
        limits = limits or UploadLimits.from_env()
        started = []
        while self._running < min(count, self.size):
            started.append(self._take(limits))
        for child in started:
            self._idle.put(child)

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
            context.set_forkserver_preload(["loaders.read"])
        return context


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
    """The child's loop: read each file it is sent, answer its verdict."""
    from loaders.read import load_report  # in the child: the parent needs no reader

    _cap_memory(memory_bytes)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops its children
    registry = active = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "units":
            registry, active = message[1]
            continue
        _, content, file_name, limits = message
        try:
            report = load_report(content, file_name, registry=registry, active=active, limits=limits)
        except MemoryError:
            report = Report(file_name=file_name, problems=[problem("reader-failed", detail="vượt giới hạn bộ nhớ")])
        except Exception as error:  # a reader's fault must cost one file, not the batch
            traceback.print_exc(file=sys.stderr)
            detail = f"lỗi {type(error).__name__}"
            report = Report(file_name=file_name, problems=[problem("reader-failed", detail=detail)])
        conn.send(report)


def _cap_memory(extra_bytes: int) -> None:
    """Let the child's address space grow by `extra_bytes` beyond what it has now, no further."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            size_kib = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return  # no /proc: the time limit still holds
    limit = size_kib * 1024 + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
