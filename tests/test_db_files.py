"""The SQLite database holds the password hashes: its folder and files are the server account's alone."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import settings
from storage import audit
from storage.open import open_database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    """A server's usual umask, under which files come out readable by every local user unless made otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    """The app as installed: no CCHC_DATA_DIR nor CCHC_DATABASE_URL, so its data goes to var/ beside the code."""
    monkeypatch.setattr(settings, "PROJECT_DIR", tmp_path)
    monkeypatch.delenv("CCHC_DATA_DIR", raising=False)
    monkeypatch.delenv("CCHC_DATABASE_URL", raising=False)
    return tmp_path


def modes_in_use(url: str | None = None) -> dict[str, int]:
    """Open the database and write to it: the modes of its files meanwhile (with the -wal and -shm SQLite adds)."""
    engine = open_database(url)
    try:
        audit.record(engine, "login", username="lan")
        database = Path(engine.url.database)
        return {f.name: mode(f) for f in database.parent.glob(database.name + "*")}
    finally:
        engine.dispose()


PRIVATE = {"cchc.sqlite3": 0o600, "cchc.sqlite3-wal": 0o600, "cchc.sqlite3-shm": 0o600}


def test_a_new_database_in_var_is_private(checkout: Path) -> None:
    assert modes_in_use() == PRIVATE
    assert mode(checkout / "var") == 0o700


def test_an_older_install_in_var_is_made_private(checkout: Path) -> None:
    """Earlier versions left var/ 0755 and the database 0644: the next start takes the others' rights away."""
    var = checkout / "var"
    var.mkdir()
    os.chmod(var, 0o755)
    database = var / "cchc.sqlite3"
    older = sqlite3.connect(database, isolation_level=None)  # an older install's database, still open
    try:
        older.execute("PRAGMA journal_mode=WAL")
        older.execute("CREATE TABLE t (x)")
        for name in PRIVATE:
            os.chmod(var / name, 0o644)
        assert modes_in_use() == PRIVATE
    finally:
        older.close()
    assert mode(var) == 0o700


def test_a_new_database_elsewhere_is_private_too(tmp_path: Path, monkeypatch) -> None:
    database = tmp_path / "elsewhere" / "office.sqlite3"
    database.parent.mkdir()
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{database}")
    assert modes_in_use() == {"office.sqlite3": 0o600, "office.sqlite3-wal": 0o600, "office.sqlite3-shm": 0o600}


def test_an_existing_database_outside_var_is_left_as_the_operator_set_it(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o750)
    database = shared / "cchc.sqlite3"
    open_database(f"sqlite:///{database}").dispose()
    os.chmod(database, 0o640)  # say, for a backup account of the group
    assert modes_in_use(f"sqlite:///{database}")["cchc.sqlite3"] == 0o640
    assert mode(shared) == 0o750
