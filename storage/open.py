"""Opening the database: its engine (`storage.db`) and its schema brought up to date (`storage.migrations`)."""

from __future__ import annotations

from sqlalchemy import Engine

from storage.db import engine_for
from storage.migrations import migrate


def open_database(url: str | None = None) -> Engine:
    """An engine for `url` (default: the configured database), every migration applied."""
    engine = engine_for(url)
    migrate(engine)
    return engine
