"""One tiny file per real-world quirk (made by tests/data/make_fixtures.py), with the answer it must get."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from loaders.read import load_report
from tests.workbook_factory import REGISTRY

DATA = Path(__file__).resolve().parent / "data"


def load(name: str):
    return load_report((DATA / name).read_bytes(), name, registry=REGISTRY)


def where(report):
    return [(p.sheet, p.row, p.column, p.code) for p in report.problems]


@pytest.mark.parametrize("name", ["libreoffice.xls", "libreoffice.ods", "nfd_text.xlsx", "text_dates.xlsx"])
def test_valid_report_in_every_format_reads_the_same(name):
    report = load(name)
    assert report.problems == []
    assert (report.unit_code, report.period) == ("TH01", "2023-Q2")
    assert [(t.row, t.field, t.deadline, t.status, t.done_on) for t in report.tasks] == [
        (4, "TTHC", date(2023, 6, 20), "done", date(2023, 6, 15)),
        (5, "CDS", date(2023, 5, 31), "in_progress", None),
        (6, "CDDH", date(2023, 4, 30), "done", date(2023, 5, 5)),
    ]
    assert [(s.dimension, s.levels) for s in report.satisfaction] == [
        ("TIEP_CAN", (1, 2, 7, 50, 40)),
        ("TTHC", (0, 4, 6, 40, 30)),
    ]


@pytest.mark.parametrize("name", ["libreoffice_bad_status.xls", "libreoffice_bad_status.ods"])
def test_problem_rows_are_excel_rows_in_libreoffice_files(name):
    report = load(name)
    assert where(report) == [("NhiemVu", 5, "Trạng thái", "unknown-status")]
    assert "Đang làm dở" in report.problems[0].message


def test_merged_official_header_and_two_row_table_header():
    report = load("merged_official_layout.xlsx")
    assert report.problems == []
    assert [t.row for t in report.tasks] == [8, 9, 10]
    assert [(s.row, s.dimension, s.answers) for s in report.satisfaction] == [(9, "TIEP_CAN", 100), (10, "TTHC", 80)]


def test_decomposed_text_is_stored_composed():
    report = load("nfd_text.xlsx")
    assert report.unit_name == "Trường Tiểu học Lê Lợi"
    assert all(unicodedata.is_normalized("NFC", t.content) for t in report.tasks)


def test_text_dates_and_vietnamese_number_text():
    report = load("text_dates.xlsx")
    assert report.prepared_on == date(2023, 6, 18)
    assert (report.indicators[0].result, report.indicators[0].total) == (1245.0, 1300.0)


def test_cached_formula_values_count_and_formula_errors_are_named():
    report = load("formulas_libreoffice.xlsx")
    assert report.indicators[0].result == 45.0 and report.indicators[0].total == 50.0
    assert where(report) == [("ChiTieu", 5, "Kết quả", "formula-error")]
    assert "#DIV/0!" in report.problems[0].message
