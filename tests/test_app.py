"""A report stored through the CLI shows up on the app's overview (Streamlit AppTest)."""

from __future__ import annotations

from pathlib import Path

import cli
from storage.accounts import VIEWER
from tests.sessions import app_as
from tests.workbook_factory import valid_sheets, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent


def test_stored_report_is_shown_with_its_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    units = tmp_path / "units.csv"
    units.write_text("ma_don_vi,ten_don_vi,cap_hoc,phuong\nTH01,Trường Tiểu học Lê Lợi,Tiểu học,KV1\n", "utf-8")
    assert cli.main(["units", "import", str(units)]) == 0
    report = tmp_path / "TH01.xlsx"
    report.write_bytes(workbook_bytes(valid_sheets()))
    assert cli.main(["ingest", str(report), "--received-at", "2023-06-15"]) == 0

    app = app_as(f"sqlite:///{tmp_path / 'app.sqlite3'}", role=VIEWER)
    app.run()
    assert not app.exception
    figures = {m.label: m.value for m in app.metric}
    assert figures["Hoàn thành nhiệm vụ"] == "66,7 %"  # 2 of 3 tasks done
    assert figures["Hoàn thành đúng hạn"] == "50,0 %"  # 1 of the 2 by its deadline
    assert figures["Đơn vị đã nộp"] == "1/1"
    assert app.caption[0].value == "Quý II/2023"
