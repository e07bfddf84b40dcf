"""A received file keeps only a clean base name: no folders, control or bidirectional characters, bounded length."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.filenames import MAX_NAME_LENGTH, received_name
from loaders.read import load_report
from pipeline.ingest import ingest_bytes
from storage import audit
from storage.registry import upsert_units
from storage.submissions import current_submissions
from tests.workbook_factory import REGISTRY, valid_sheets, workbook_bytes


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../x.xlsx", "x.xlsx"),
        ("C:\\Users\\lan\\Báo cáo Q2.xlsx", "Báo cáo Q2.xlsx"),
        ("bao-cao\u202exslx.exe.xlsx", "bao-caoxslx.exe.xlsx"),  # U+202E would show the name backwards
        ("a\u200bb\u2066c.xlsx", "abc.xlsx"),
        ("tab\there\nnewline\x00.xlsx", "tabherenewline.xlsx"),
        ("Ba\u0301o ca\u0301o.xlsx", "Báo cáo.xlsx"),  # decomposed diacritics stored composed
        ("  ..  ", "bao-cao.xlsx"),
        ("", "bao-cao.xlsx"),
    ],
)
def test_received_names(sent, kept):
    assert received_name(sent) == kept


def test_a_long_name_is_cut_keeping_its_extension():
    kept = received_name("Báo cáo " * 40 + ".xlsx")
    assert len(kept) <= MAX_NAME_LENGTH
    assert kept.startswith("Báo cáo Báo") and kept.endswith(" Báo.xlsx")


def test_the_report_keeps_the_clean_name():
    report = load_report(workbook_bytes(valid_sheets()), "../../\u202eTH01.xlsx", registry=REGISTRY)
    assert report.accepted
    assert report.file_name == "TH01.xlsx"


def test_the_stored_submission_and_its_audit_line_keep_the_clean_name(engine):
    upsert_units(engine, [{"unit_code": "TH01", "unit_name": REGISTRY["TH01"], "level": "Tiểu học"}])
    result = ingest_bytes(
        engine, workbook_bytes(valid_sheets()), "../..\\\u202eevil.xlsx", received_at=datetime(2023, 6, 25, 9)
    )
    assert result.accepted
    assert [s["file_name"] for s in current_submissions(engine, "2023-Q2")] == ["evil.xlsx"]
    assert audit.search(engine, action="upload-accepted")[0]["detail"]["file"] == "evil.xlsx"
