"""The PAR year as published: the ranking of the schools and a school's appraisal sheet (workbook and CLI)."""

from __future__ import annotations

import io
import json
from datetime import datetime

import openpyxl
import pytest

import cli
from core.catalogs import default_catalogs
from core.office import load_office
from exports.par import appraisal_workbook, ranking_workbook
from loaders.report import SelfScore
from metrics.views import par_year_table
from pipeline import appraisal
from storage.frames import load_frames
from storage.registry import upsert_units
from storage.submissions import save_report

SELF = {
    "TH01": [SelfScore(5, "CDS", 3.0, 3.0, None, None, "CDS.1", "Có thống kê"),
             SelfScore(6, "TTHC", 14.0, 12.0, None, None, None, "Niêm yết đủ")],
    "MN01": [SelfScore(5, "CDS", 12.0, 9.0, None, None, None, "Tự chấm"),
             SelfScore(6, "TTHC", 14.0, 14.0, None, None, None, "Tự chấm")],
}  # fmt: skip


@pytest.fixture
def year(engine, unit_rows, report_factory):
    upsert_units(engine, unit_rows)
    for unit, scores in SELF.items():
        report = report_factory(unit, "2026-Q2")
        report.self_assessment = list(scores)
        save_report(engine, report, content=unit.encode(), received_at=datetime(2026, 6, 10, 9))
    rows = [{"item": "TTHC", "points": 10, "reason": "Hai hồ sơ trễ hạn"}, {"item": "THUONG", "points": 2,
            "reason": "Mô hình được công nhận"}]  # fmt: skip
    appraisal.save(engine, "TH01", 2026, rows, None)
    appraisal.finalise(engine, "TH01", 2026, None)
    return engine


def rows_of(content: bytes, first: int) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [r for r in sheet.iter_rows(min_row=first, values_only=True) if r[0] is not None or r[2] is not None]


def test_the_ranking_takes_the_final_appraisal_with_its_bonus_and_ranks_the_schools(year):
    table = par_year_table(load_frames(year), default_catalogs(), 2026)
    scores = table.set_index("unit_code")
    assert scores.at["TH01", "self_points"] == 15 and scores.at["TH01", "final_points"] == 3 + 10 + 2
    assert scores.at["TH01", "score"] == pytest.approx(15 / 17 * 100)
    assert scores.at["MN01", "score"] == pytest.approx(23 / 26 * 100)
    assert list(table["rank_label"]) == ["1/2", "2/2"] and list(table["unit_code"]) == ["MN01", "TH01"]
    content = ranking_workbook(table, default_catalogs(), {"TH01": "final"}, 2026, load_office())
    header = next(r for r in rows_of(content, 1) if r[0] == "STT")
    assert header[:6] == ("STT", "Mã", "Đơn vị", "Cấp học", "Khu vực", "Điểm tự đánh giá")
    body = [r for r in rows_of(content, 1) if isinstance(r[0], int)]
    assert [(r[1], r[-3], r[-2], r[-1]) for r in body] == [
        ("MN01", pytest.approx(23 / 26), "1/2", "Đang thẩm định"),
        ("TH01", pytest.approx(15 / 17), "2/2", "Đã chốt"),
    ]


def test_the_appraisal_sheet_lists_each_item_with_its_evidence_and_reason_and_the_total(year):
    sheet = appraisal.year_sheet(year, "TH01", 2026)
    content = appraisal_workbook(sheet.items, "Trường Tiểu học Lê Lợi", 2026, load_office(), sheet.state)
    rows = rows_of(content, 1)
    assert any(r[0] == "KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA TRƯỜNG TIỂU HỌC LÊ LỢI" for r in rows)
    body = {r[1]: r for r in rows if isinstance(r[0], int)}
    assert body["TTHC"][3:] == (14, 12, "Niêm yết đủ", "", 10, 10, "Hai hồ sơ trễ hạn")
    assert body["THUONG"][7:] == (2, 2, "Mô hình được công nhận")
    total = next(r for r in rows if r[2] == "Tổng cộng")
    assert total[3:5] == (17, 15) and total[8] == 15


def test_the_cli_shows_a_schools_year_and_exports_the_ranking(year, db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    assert cli.main(["par", "show", "--unit", "TH01", "--year", "2026", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["state"], shown["report"], shown["totals"]["final"]) == ("final", "2026-Q2", 15.0)
    assert [(i["item"], i["appraised_points"]) for i in shown["items"]] == [
        ("TTHC", 10.0), ("CDS.1", None), ("THUONG", 2.0), ("TRU", None)]  # fmt: skip
    out = tmp_path / "xep-hang.xlsx"
    assert cli.main(["par", "export", "--year", "2026", "--out", str(out)]) == 0
    assert [r[1] for r in rows_of(out.read_bytes(), 1) if isinstance(r[0], int)] == ["MN01", "TH01"]
    assert cli.main(["par", "export", "--year", "2026", "--unit", "XX9", "--out", str(out)]) == 2
    assert "Không có đơn vị XX9" in capsys.readouterr().err
