"""Schema migrations: named, ordered steps, each applied once in its own transaction.

`schema_migrations` records the name of every step applied; `migrate` runs the
missing ones in order and is a no-op when none is missing. On PostgreSQL a
transaction-level advisory lock makes two processes starting at once take turns.

Adding a step: append `("0002_what_it_does", function)` to `MIGRATIONS`; never
rename, reorder or edit a step already released. Step 0001 builds the tables from
`storage.schema` as they are; the day schema.py changes, freeze 0001 first (copy the
table definitions it needs into it) so that a fresh database still ends up identical
through 0001 + 0002 (the tests run every step on fresh databases and compare the
result with schema.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine, func, insert, select

from storage import schema
from storage.db import writing

Migration = tuple[str, Callable[[Connection], None]]

_ADVISORY_LOCK_KEY = 0x43434843  # "CCHC": any constant shared by every process of the app


def _0001_initial_schema(conn: Connection) -> None:
    tables = [table for table in schema.metadata.sorted_tables if table is not schema.schema_migrations]
    schema.metadata.create_all(conn, tables=tables, checkfirst=False)


MIGRATIONS: list[Migration] = [
    ("0001_initial_schema", _0001_initial_schema),
]


def applied_migrations(conn: Connection) -> list[str]:
    """Names of the steps already applied, in the order they were applied."""
    ledger = schema.schema_migrations
    return list(conn.scalars(select(ledger.c.name).order_by(ledger.c.applied_at, ledger.c.name)))


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_ADVISORY_LOCK_KEY)))


def migrate(engine: Engine, migrations: list[Migration] | None = None) -> list[str]:
    """Apply the steps not yet applied; answer the names of those applied now."""
    steps = MIGRATIONS if migrations is None else migrations
    with writing(engine) as conn:
        _lock(conn)
        schema.schema_migrations.create(conn, checkfirst=True)
        done = set(applied_migrations(conn))
    applied: list[str] = []
    for name, step in steps:
        if name in done:
            continue
        with writing(engine) as conn:
            _lock(conn)
            if conn.scalar(select(schema.schema_migrations.c.name).where(schema.schema_migrations.c.name == name)):
                continue  # another process applied it meanwhile
            step(conn)
            conn.execute(insert(schema.schema_migrations).values(name=name, applied_at=datetime.now()))
        applied.append(name)
    return applied
