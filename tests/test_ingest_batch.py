"""A bulk import stores its files in groups, one transaction each, every file in a savepoint of its own."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline import ingest
from pipeline.ingest import ingest_paths
from storage import audit, governance
from storage.registry import upsert_units
from storage.submissions import current_submissions
from tests.workbook_factory import REGISTRY, valid_sheets, workbook_bytes

RECEIVED = datetime(2023, 6, 25, 9, 0)


def _report_of(unit: str) -> bytes:
    sheets = valid_sheets()
    sheets["ThongTin"][2][1] = unit
    sheets["ThongTin"][3][1] = REGISTRY[unit]
    return workbook_bytes(sheets)


@pytest.fixture
def stocked(engine):
    upsert_units(
        engine,
        [
            {"unit_code": "TH01", "unit_name": REGISTRY["TH01"], "level": "Tiểu học"},
            {"unit_code": "MN01", "unit_name": REGISTRY["MN01"], "level": "Mầm non"},
        ],
    )
    return engine


def test_a_locked_school_in_the_middle_of_a_group_is_refused_alone(stocked, tmp_path, monkeypatch):
    (tmp_path / "1-TH01.xlsx").write_bytes(_report_of("TH01"))
    ingest_paths(stocked, [tmp_path / "1-TH01.xlsx"], received_at=RECEIVED)
    governance.approve(stocked, "TH01", "2023-Q2", by="admin")
    (tmp_path / "0-MN01.xlsx").write_bytes(_report_of("MN01"))
    (tmp_path / "2-TH01-again.xlsx").write_bytes(_report_of("TH01"))
    (tmp_path / "3-MN01-again.xlsx").write_bytes(_report_of("MN01"))
    monkeypatch.setattr(ingest, "GROUP_FILES", 10)

    results = ingest_paths(stocked, [tmp_path], received_at=RECEIVED)

    verdicts = [(r.file.rsplit("/", 1)[-1], r.accepted, r.replaced) for r in results]
    assert verdicts == [
        ("0-MN01.xlsx", True, False),
        ("1-TH01.xlsx", False, False),
        ("2-TH01-again.xlsx", False, False),
        ("3-MN01-again.xlsx", True, True),
    ]
    assert [p.code for p in results[1].report.problems] == ["report-locked"]
    current = {(s["unit_code"], s["file_name"]) for s in current_submissions(stocked, "2023-Q2")}
    assert current == {("TH01", "1-TH01.xlsx"), ("MN01", "3-MN01-again.xlsx")}
    lines = audit.search(stocked, action=["upload-accepted", "replace", "upload-rejected"], since=RECEIVED.date())
    assert sorted((line["action"], line["detail"]["file"]) for line in lines) == [
        ("replace", "3-MN01-again.xlsx"),
        ("upload-accepted", "0-MN01.xlsx"),
        ("upload-accepted", "1-TH01.xlsx"),
        ("upload-rejected", "1-TH01.xlsx"),
        ("upload-rejected", "2-TH01-again.xlsx"),
    ]
    assert audit.verify(stocked).whole


def test_groups_are_cut_by_count_size_and_time(monkeypatch):
    monkeypatch.setattr(ingest, "GROUP_FILES", 3)
    verdicts = [(f"f{i}", (b"x" * 10, None)) for i in range(7)]
    assert [len(g) for g in ingest._groups(iter(verdicts))] == [3, 3, 1]
    monkeypatch.setattr(ingest, "GROUP_BYTES", 25)
    assert [len(g) for g in ingest._groups(iter(verdicts))] == [3, 3, 1]
    monkeypatch.setattr(ingest, "GROUP_BYTES", 15)
    assert [len(g) for g in ingest._groups(iter(verdicts))] == [2, 2, 2, 1]
