"""The engine (SQLite for one office machine, PostgreSQL for many users) and its transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from core.settings import database_url

_WRITE_OPTION = "cchc_write"


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
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises."""
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


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: the configured database), its schema brought up to date."""
    from storage.migrations import migrate  # here: migrations use writing() from this module

    url = normalise_url(url or database_url())
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    migrate(engine)
    return engine
