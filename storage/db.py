"""The engine (SQLite for one office machine, PostgreSQL for many users) and its transactions."""

from __future__ import annotations

import logging
import os
import stat
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from core import settings
from core.settings import database_url

T = TypeVar("T")

_WRITE_OPTION = "cchc_write"
_PRIVATE_FOLDER, _PRIVATE_FILE = 0o700, 0o600


def normalise_url(url: str) -> str:
    """Plain `postgresql://` (what people write) means psycopg 3, the driver installed."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _tune_sqlite(engine: Engine) -> None:
    """WAL, enforced foreign keys, and real transactions around DDL and reads.

    Python 3.11's sqlite3 begins a transaction only before INSERT/UPDATE/DELETE, so a
    migration's CREATE TABLE would commit on its own and two SELECTs of one read could
    see different data. As SQLAlchemy's SQLite docs advise, the driver's BEGIN is
    switched off and SQLAlchemy emits it: `BEGIN IMMEDIATE` for a `writing()`
    transaction, so that it queues for the write lock (busy_timeout) up front instead of
    failing with "database is locked" when a read inside it is followed by a write.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=15000")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def writing(engine: Engine | Connection) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises.

    Given the Connection of a write transaction already open (a batch of files stored
    together, see pipeline.ingest), the block is a savepoint within it: rolled back
    alone if it raises, committed with the rest.
    """
    if isinstance(engine, Connection):
        with engine.begin_nested():
            yield engine
        return
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE_OPTION: True})
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction whose queries all see the same snapshot of the database.

    SQLite gives that to any transaction; PostgreSQL's default READ COMMITTED gives a
    new snapshot per statement, so reads that must agree ask for REPEATABLE READ.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn


def _keep_private(url: URL) -> None:
    """The SQLite file holds the password hashes: only the server's account may read it.

    A new file is created 0600 before SQLite opens it (SQLite gives its -wal and -shm files
    the database file's mode; a umask would be process-wide, and the app runs threads). The
    app's own var/ beside the code is made 0700, and the database files in it 0600, even
    when they exist: earlier versions left them readable by every local user. A folder or a
    database elsewhere that exists already (CCHC_DATA_DIR, CCHC_DATABASE_URL) is the
    operator's: left as it is.
    """
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") or url.query.get("uri"):
        return
    path = Path(url.database).absolute()
    if not path.parent.is_dir():
        return  # SQLite says so, as it always has
    ours = path.parent == (settings.PROJECT_DIR / "var").absolute()
    if ours:
        _tighten(path.parent, _PRIVATE_FOLDER)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _PRIVATE_FILE))  # SQLite takes an empty file
    except FileExistsError:
        if ours:
            for file in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
                _tighten(file, _PRIVATE_FILE)


def _tighten(path: Path, allowed: int) -> None:
    """Take from `path` every permission beyond `allowed` (the group's and others')."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & ~allowed:
            path.chmod(mode & allowed)
    except FileNotFoundError:
        pass
    except PermissionError:  # not the server account's own file: say so, and go on
        logging.getLogger(__name__).warning("%s is readable by others and cannot be made private", path)


def engine_for(url: str | None = None) -> Engine:
    """An engine for `url` (default: the configured database), its schema as it is.

    The app opens its database with `storage.open.open_database`, which also brings the
    schema up to date; this alone is for the migrations' own tests.
    """
    url = normalise_url(url or database_url())
    _keep_private(make_url(url))
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


class PerEngine(Generic[T]):
    """One `factory()` per database engine in this process, made at the first ask: what a process keeps of one
    database (its last figures, say) lives as long as that engine, and a new engine starts afresh."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._found: weakref.WeakKeyDictionary[Engine, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, engine: Engine) -> T:
        with self._lock:
            found = self._found.get(engine)
            if found is None:
                found = self._found[engine] = self._factory()
            return found
