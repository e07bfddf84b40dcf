"""The second wall: whatever a parser does with a file, only the reader child dies.

Each test lets a file past the guard on purpose (the guard refuses all we know of), in
a pool whose children are forked from the test process, so the bypass reaches them.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from core.settings import UploadLimits
from loaders import read, sandbox
from loaders.sandbox import ReaderPool
from pipeline.ingest import ingest_paths
from storage import audit
from storage.registry import upsert_units
from tests.workbook_factory import REGISTRY, valid_sheets, workbook_bytes

ABORTS = Path(__file__).resolve().parent / "data" / "hostile" / "attributes-reordered.xlsx"
VALID = workbook_bytes(valid_sheets())


@pytest.fixture
def pool(monkeypatch):
    """One forked reader child, with the guard switched off in it."""
    monkeypatch.setattr(read, "screen", lambda *_args: "zip")
    readers = ReaderPool(size=1, start_method="fork")
    yield readers
    readers.close()


def test_a_file_that_aborts_the_parser_gets_a_refusal_and_the_next_file_is_read(pool):
    report = pool.read(ABORTS.read_bytes(), ABORTS.name, registry=REGISTRY)
    assert [p.code for p in report.problems] == ["reader-failed"]
    assert "SIGABRT" in report.problems[0].message
    assert report.file_name == ABORTS.name
    after = pool.read(VALID, "TH01.xlsx", registry=REGISTRY)
    assert after.accepted and len(after.tasks) == 3


def test_a_reader_over_its_time_is_killed(pool, monkeypatch):
    monkeypatch.setattr(read, "validate", lambda *_args: time.sleep(30))
    started = time.perf_counter()
    report = pool.read(VALID, "TH01.xlsx", registry=REGISTRY, limits=UploadLimits(reader_seconds=0.5))
    assert time.perf_counter() - started < 5
    assert [p.code for p in report.problems] == ["reader-timeout"]
    assert "0,5 giây" in report.problems[0].message
    assert pool._running == 0  # the child was stopped, not left reading


def test_a_reader_over_its_memory_cap_gets_a_refusal(pool, monkeypatch):
    def greedy(*_args):
        return bytearray(512 * 1024 * 1024)  # more than the cap below allows

    monkeypatch.setattr(read, "validate", greedy)
    report = pool.read(VALID, "TH01.xlsx", registry=REGISTRY, limits=UploadLimits(reader_memory_bytes=128 << 20))
    assert [p.code for p in report.problems] == ["reader-failed"]
    assert "vượt giới hạn bộ nhớ" in report.problems[0].message


def test_the_registry_follows_each_call(pool):
    report = pool.read(VALID, "TH01.xlsx", registry={"MN01": "Trường Mầm non Hoa Sen"})
    assert [p.code for p in report.problems] == ["unknown-unit"]
    assert pool.read(VALID, "TH01.xlsx", registry=REGISTRY).accepted


def test_a_batch_goes_on_past_a_file_that_aborts_the_parser(engine, pool, monkeypatch, tmp_path):
    monkeypatch.setattr(sandbox, "_shared", pool)
    upsert_units(engine, [{"unit_code": "TH01", "unit_name": REGISTRY["TH01"], "level": "Tiểu học"}])
    (tmp_path / "a-aborts.xlsx").write_bytes(ABORTS.read_bytes())
    (tmp_path / "b-TH01.xlsx").write_bytes(VALID)
    results = ingest_paths(engine, [tmp_path], received_at=_in_quarter())
    assert [(Path(r.file).name, r.accepted) for r in results] == [("a-aborts.xlsx", False), ("b-TH01.xlsx", True)]
    assert [p.code for p in results[0].report.problems] == ["reader-failed"]
    refused = audit.search(engine, action="upload-rejected")
    assert [line["detail"]["file"] for line in refused] == ["a-aborts.xlsx"]


def test_the_shared_pool_reads_in_a_child_process():
    report = sandbox.shared_pool().read(VALID, "TH01.xlsx", registry=REGISTRY)
    assert report.accepted
    child = sandbox.shared_pool()._idle.queue[-1]
    assert child.process.pid is not None and child.process.is_alive()


def _in_quarter():
    from datetime import datetime

    return datetime(2023, 6, 25, 9, 0)
