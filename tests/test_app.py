"""The app's first page on an empty database and on stored reports (Streamlit AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import cli
from tests.workbook_factory import valid_sheets, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    return tmp_path


def run_app() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.run()
    assert not app.exception, app.exception
    return app


def test_empty_database_says_how_to_start(database):
    app = run_app()
    assert "Chưa có báo cáo nào" in app.info[0].value


def test_stored_report_is_listed_with_its_figures(database):
    units = database / "units.csv"
    units.write_text("ma_don_vi,ten_don_vi,cap_hoc,phuong\nTH01,Trường Tiểu học Lê Lợi,Tiểu học,KV1\n", "utf-8")
    assert cli.main(["units", "import", str(units)]) == 0
    report = database / "TH01.xlsx"
    report.write_bytes(workbook_bytes(valid_sheets()))
    assert cli.main(["ingest", str(report), "--received-at", "2023-06-15"]) == 0
    app = run_app()
    overview = app.dataframe[0].value
    assert overview.iloc[0]["Kỳ báo cáo"] == "Quý II/2023"
    assert overview.iloc[0]["Đã nộp"] == "1/1"
    assert overview.iloc[0]["Hoàn thành"] == "66,7 %"
    schools = app.dataframe[1].value
    assert schools.iloc[0]["Đơn vị"] == "Trường Tiểu học Lê Lợi"
    assert schools.iloc[0]["Hạng"] == "1/1"
