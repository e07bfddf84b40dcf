"""The audit log's hash chain (migration 0005): what the database refuses, and what `verify` finds afterwards.

Someone holding the database (its owner, or whoever can read and write the SQLite file)
can drop the triggers and change, delete or add lines with plain SQL; these tests do just
that and check that `storage.audit.verify` and `cli.py audit verify` name the first line broken.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, create_engine, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError

import cli
from storage import audit, schema
from storage.db import _tune_sqlite, normalise_url, writing
from storage.migrations import MIGRATIONS, migrate
from storage.open import open_database

log = schema.audit_log


def write_lines(engine: Engine, count: int) -> list[int]:
    for i in range(count):
        audit.record(engine, "login", username=f"nguoi.{i}", detail={"lần": i, "ghi chú": "Đăng nhập"})
    return ids(engine)


def ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(select(log.c.id).order_by(log.c.id)))


def raw(engine: Engine, *statements: str) -> None:
    """Plain SQL in one transaction, as from a SQL console on the database."""
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def drop_trigger(engine: Engine, verb: str) -> str:
    """The SQL that removes 0004's trigger against `verb` (what only the database's owner may do)."""
    if engine.dialect.name == "postgresql":
        return "DROP TRIGGER audit_log_no_change ON audit_log"
    return f"DROP TRIGGER audit_log_no_{verb.lower()}"


# ---------------------------------------------------------------- the chain as written


def test_each_line_names_the_one_before_and_the_log_verifies(engine: Engine) -> None:
    assert audit.verify(engine) == audit.ChainCheck(0)  # an empty log is whole
    write_lines(engine, 3)
    with writing(engine) as conn:  # lines inside a caller's transaction chain on too
        audit.record(conn, "registry", username="admin", detail={"added": ["TH01"]})
        audit.record(conn, "deadline", username="admin", period="2023-Q2", detail={"deadline": "2023-06-20"})
    with engine.connect() as conn:  # not yet in a transaction: the line begins one
        audit.record(conn, "logout", username="admin")
        conn.commit()
    with engine.connect() as conn:
        rows = conn.execute(select(log.c.id, log.c.prev_id, log.c.line_hash).order_by(log.c.id)).all()
    assert [row.prev_id for row in rows] == [None, *[row.id for row in rows[:-1]]]
    assert all(len(row.line_hash) == 64 for row in rows)
    check = audit.verify(engine)
    assert check.whole
    assert (check.lines, check.last_id, check.last_hash) == (6, rows[-1].id, rows[-1].line_hash)
    assert audit.verify(engine, expect=(rows[2].id, rows[2].line_hash)).whole


def test_concurrent_writers_keep_one_chain(engine: Engine) -> None:
    """Writers in threads, alone or inside their own transaction: one chain, never two lines after one."""
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                if i % 2:
                    audit.record(engine, "login", username=f"t{n}", detail={"i": i})
                else:
                    with writing(engine) as conn:
                        audit.record(conn, "logout", username=f"t{n}", detail={"i": i})
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = audit.verify(engine)
    assert check.whole and check.lines == 8 * 15


# ---------------------------------------------------------------- what the database refuses


def test_a_replace_or_an_upsert_cannot_rewrite_a_line(engine: Engine) -> None:
    first = write_lines(engine, 2)[0]
    before = audit.search(engine)
    values = f"({first}, '2024-01-01 00:00:00', 'ai-do', 'login', '{{}}')"
    columns = "audit_log (id, at, username, action, detail)"
    upsert = f"INSERT INTO {columns} VALUES {values} ON CONFLICT (id) DO UPDATE SET username = 'ai-do'"
    statements = [upsert]
    if engine.dialect.name == "sqlite":  # SQLite fires no DELETE trigger for the line a REPLACE removes
        statements += [f"REPLACE INTO {columns} VALUES {values}", f"INSERT OR REPLACE INTO {columns} VALUES {values}"]
    for statement in statements:
        with pytest.raises(DBAPIError, match="audit_log is append-only"):
            raw(engine, statement)
    assert audit.search(engine) == before
    assert audit.verify(engine).whole


# ---------------------------------------------------------------- what verify finds behind the triggers


def test_a_line_changed_behind_the_triggers_is_found(engine: Engine) -> None:
    lines = write_lines(engine, 5)
    raw(engine, drop_trigger(engine, "UPDATE"), f"UPDATE audit_log SET detail = '{{}}' WHERE id = {lines[2]}")
    check = audit.verify(engine)
    assert (check.whole, check.reason, check.broken_at, check.lines) == (False, audit.CHANGED, lines[2], 2)
    # Its link changed instead (to hide a line after it): found at the same line.
    raw(engine, f"UPDATE audit_log SET detail = '{{}}', prev_id = NULL WHERE id = {lines[0]}")
    assert (audit.verify(engine).reason, audit.verify(engine).broken_at) == (audit.CHANGED, lines[0])


def test_a_line_deleted_behind_the_triggers_is_found(engine: Engine) -> None:
    lines = write_lines(engine, 5)
    raw(engine, drop_trigger(engine, "DELETE"), f"DELETE FROM audit_log WHERE id = {lines[2]}")
    check = audit.verify(engine)
    assert (check.reason, check.broken_at, check.other_id, check.lines) == (audit.MISSING, lines[3], lines[2], 2)
    raw(engine, f"DELETE FROM audit_log WHERE id = {lines[0]}")  # the oldest line
    check = audit.verify(engine)
    assert (check.reason, check.broken_at, check.other_id, check.lines) == (audit.MISSING, lines[1], lines[0], 0)


def test_a_line_slipped_in_is_found(engine: Engine) -> None:
    write_lines(engine, 3)
    raw(engine, "INSERT INTO audit_log (at, action, detail) VALUES ('2024-01-01 08:00:00', 'login', '{}')")  # no hash
    check = audit.verify(engine)
    assert (check.reason, check.broken_at, check.other_id, check.lines) == (audit.INSERTED, ids(engine)[-1], None, 3)


def test_a_forged_line_after_an_earlier_one_is_found(engine: Engine) -> None:
    """With a well-made hash, chained after line 2 as if line 3 were not there: the chain forks."""
    lines = write_lines(engine, 3)
    raw(engine, "DROP INDEX ix_audit_log_prev_id")  # the index that refuses a second line after one
    with engine.connect() as conn:
        second = conn.execute(select(log).where(log.c.id == lines[1])).one()
    forged = {
        "at": datetime(2024, 1, 1, 8),
        "username": "ai-do",
        "action": "approve",
        "unit_code": "TH01",
        "period": "2023-Q2",
        "submission_id": 1,
        "detail": "{}",
        "prev_id": second.id,
    }
    with engine.begin() as conn:
        conn.execute(insert(log).values(**forged, line_hash=audit.line_hash(second.line_hash, forged)))
    check = audit.verify(engine)
    assert (check.reason, check.broken_at, check.lines) == (audit.INSERTED, lines[2], 2)
    assert check.other_id == ids(engine)[-1]  # the forged line: it follows line 2 too


def test_a_recomputed_chain_is_found_only_against_a_hash_noted_before(engine: Engine) -> None:
    """The hashes carry no secret: whoever recomputes them from the changed line on is seen by `expect` only."""
    lines = write_lines(engine, 4)
    noted = audit.verify(engine)
    raw(engine, drop_trigger(engine, "UPDATE"), f"UPDATE audit_log SET username = 'ai-do' WHERE id = {lines[1]}")
    with engine.begin() as conn:
        previous_hash = conn.scalar(select(log.c.line_hash).where(log.c.id == lines[0]))
        for line in conn.execute(select(log).where(log.c.id >= lines[1]).order_by(log.c.id)).all():
            previous_hash = audit.line_hash(previous_hash, line._mapping)
            conn.execute(log.update().where(log.c.id == line.id).values(line_hash=previous_hash))
    assert audit.verify(engine).whole  # the limit of a chain without a secret
    check = audit.verify(engine, expect=(noted.last_id, noted.last_hash))
    assert (check.reason, check.broken_at) == (audit.REWRITTEN, lines[-1])


def test_the_newest_lines_cut_are_found_only_against_a_hash_noted_before(engine: Engine) -> None:
    lines = write_lines(engine, 4)
    noted = audit.verify(engine)
    raw(engine, drop_trigger(engine, "DELETE"), f"DELETE FROM audit_log WHERE id >= {lines[2]}")
    assert audit.verify(engine).whole
    check = audit.verify(engine, expect=(noted.last_id, noted.last_hash))
    assert (check.reason, check.broken_at, check.lines) == (audit.REWRITTEN, lines[-1], 2)


# ---------------------------------------------------------------- migration 0005


def old_line(at: datetime, action: str, **fields: object) -> dict[str, object]:
    empty = {"username": None, "unit_code": None, "period": None, "submission_id": None, "detail": "{}"}
    return {**empty, "at": at, "action": action, **fields}


def test_migrating_a_log_with_lines_chains_them(db_url: str) -> None:
    """Lines written by the release before (no chain yet) verify once 0005 has run, and new lines chain on."""
    old = create_engine(normalise_url(db_url))
    if old.dialect.name == "sqlite":
        _tune_sqlite(old)
    try:
        migrate(old, MIGRATIONS[:4])
        with old.begin() as conn:  # as the release before wrote them (today's record needs 0005)
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, username, action, unit_code, period, submission_id, detail) "
                    "VALUES (:at, :username, :action, :unit_code, :period, :submission_id, :detail)"
                ),
                [
                    old_line(datetime(2024, 3, 1, 8, 0, 0, 123456), "login", username="lan", unit_code="TH01"),
                    old_line(
                        datetime(2024, 3, 1, 8, 5),
                        "upload-accepted",
                        username="lan",
                        unit_code="TH01",
                        period="2024-Q1",
                        submission_id=7,
                        detail=json.dumps({"file": "Báo cáo quý I.xlsx"}, ensure_ascii=False),
                    ),
                    old_line(datetime(2024, 3, 2, 9, 0), "registry"),
                ],
            )
        assert migrate(old)[0] == "0005_audit_log_chain"
        check = audit.verify(old)
        assert (check.whole, check.lines) == (True, 3)
        with pytest.raises(DBAPIError, match="audit_log is append-only"), old.begin() as conn:
            conn.execute(text("UPDATE audit_log SET username = 'ai-do'"))  # the trigger is back on
        audit.record(old, "logout", username="lan")
        assert (audit.verify(old).whole, audit.verify(old).lines) == (True, 4)
    finally:
        old.dispose()


def test_a_fresh_database_has_the_declared_audit_log(engine: Engine) -> None:
    inspector = inspect(engine)
    assert [c["name"] for c in inspector.get_columns("audit_log")] == [c.name for c in log.c]
    declared = {index.name: index.unique for index in log.indexes}
    assert {ix["name"]: bool(ix["unique"]) for ix in inspector.get_indexes("audit_log")} == declared
    assert declared["ix_audit_log_prev_id"] is True


# ---------------------------------------------------------------- cli.py audit verify


@pytest.fixture
def cli_db(tmp_path, monkeypatch) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    engine = open_database(url)
    yield engine
    engine.dispose()


def test_cli_audit_verify(cli_db: Engine, capsys) -> None:
    assert cli.main(["audit", "verify"]) == 0
    assert "Nhật ký toàn vẹn: chưa có dòng nào." in capsys.readouterr().out
    lines = write_lines(cli_db, 1204)
    assert cli.main(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    last = audit.verify(cli_db)
    assert f"Nhật ký toàn vẹn: 1.204 dòng. Dòng cuối #{lines[-1]}, mã băm {last.last_hash}" in out
    assert cli.main(["audit", "verify", "--expect", f"{last.last_id}:{last.last_hash}"]) == 0
    capsys.readouterr()

    raw(cli_db, "DROP TRIGGER audit_log_no_update", f"UPDATE audit_log SET detail = '{{}}' WHERE id = {lines[99]}")
    assert cli.main(["audit", "verify"]) == 1
    assert capsys.readouterr().out.strip() == (
        f"Nhật ký KHÔNG toàn vẹn: dòng #{lines[99]} đã bị sửa sau khi ghi (không còn khớp mã băm của nó). "
        "99 dòng trước chỗ đứt vẫn khớp."
    )
    assert cli.main(["audit", "verify", "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert (found["whole"], found["reason"], found["broken_at"], found["lines"]) == (False, "changed", lines[99], 99)

    assert cli.main(["audit", "verify", "--expect", "12:abc"]) == 2
    assert "--expect cần dạng" in capsys.readouterr().err
