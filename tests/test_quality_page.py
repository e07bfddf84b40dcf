"""The data-quality flags in the app and the CLI: the page's list, explaining and resolving, the overview's count."""

from __future__ import annotations

import base64
import json
import os
from datetime import datetime

import numpy as np
import pytest

import cli
from loaders.report import IndicatorValue
from pipeline.quality import quarter_quality
from storage.audit import search
from storage.open import open_database
from storage.registry import upsert_units
from storage.submissions import save_report
from tests.conftest import build_report
from tests.sessions import app_as, as_read

Q = "2026-Q2"
UNITS = [{"unit_code": f"TH{n:02d}", "unit_name": f"Trường Tiểu học số {n}", "level": "tieu_hoc", "ward": "Phường 1"}
         for n in range(1, 7)]  # fmt: skip


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'quality.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    db = open_database(url)
    upsert_units(db, UNITS)
    for n, unit in enumerate(UNITS, start=1):
        report = build_report(unit["unit_code"], Q, tag=f" ({n})")  # each school its own tasks: nothing copied
        news = 60.0 if unit["unit_code"] == "TH06" else 3.0  # sixty news articles in a quarter
        report.indicators = [IndicatorValue(5, "TTHC_DUNG_HAN", 45.0, 50.0, None),
                             IndicatorValue(6, "TIN_BAI_CCHC", news, None, None)]  # fmt: skip
        save_report(db, report, content=unit["unit_code"].encode(), received_at=datetime(2026, 6, 10, 9))
    return db


def quality_page(role: str = "admin", clerk_of: str | None = None):
    app = app_as(os.environ["CCHC_DATABASE_URL"], role, clerk_of)
    app.run()
    app.switch_page("pages/quality.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_page_lists_the_flag_and_a_clerk_explains_then_the_office_resolves(engine):
    flags = quarter_quality(engine, Q)
    assert flags[["unit_code", "kind", "item", "value", "reference", "state"]].values.tolist() == [
        ["TH06", "outlier-across", "TIN_BAI_CCHC", 60.0, 3.0, "open"]
    ]
    clerk = quality_page("clerk", "TH06")
    table = clerk.dataframe[0].value
    assert table["item"].tolist() == ["Tin bài tuyên truyền CCHC"] and table["value"].tolist() == ["60"]
    clerk.text_area[0].input("Đúng: tháng 5 trường có hội thi viết tin bài").run()
    next(b for b in clerk.button if b.label == "Lưu giải trình").click().run()
    assert not clerk.exception and "Đã lưu giải trình." in clerk.success[0].value
    assert quarter_quality(engine, Q)["state"].tolist() == ["explained"]
    assert not any(b.label == "Đánh dấu đã xử lý xong" for b in clerk.button)  # the office's to do

    office = quality_page()
    office.multiselect(key="quality-states").select("explained").run()
    next(b for b in office.button if b.label == "Đánh dấu đã xử lý xong").click().run()
    assert quarter_quality(engine, Q)["state"].tolist() == ["resolved"]
    lines = search(engine, action=["quality-explain", "quality-resolve"])
    assert [(line["action"], line["username"]) for line in lines] == [("quality-resolve", "admin-office"),
                                                                      ("quality-explain", "clerk-th06")]  # fmt: skip


def test_the_flags_history_chart_shows_the_flagged_schools_own_quarters(engine):
    for n, period in enumerate(("2025-Q3", "2025-Q4", "2026-Q1")):  # TH06 wrote three articles a quarter before
        for unit in ("TH06", "TH01"):
            report = build_report(unit, period, tag=f" ({unit}{n})")
            news = 3.0 if unit == "TH06" else 40.0 + n
            report.indicators = [IndicatorValue(6, "TIN_BAI_CCHC", news, None, None)]
            save_report(engine, report, content=f"{unit}{period}".encode(), received_at=datetime(2026, 1, 5, 9))
    office = quality_page()
    flags = quarter_quality(engine, Q).query("kind == 'outlier-history' and item == 'TIN_BAI_CCHC'")
    ids = {r.unit_code: f"{r.unit_code}|{r.kind}|{r.item}|{r.submission_id}" for r in flags.itertuples()}
    office.selectbox(key="quality-pick").select(ids["TH06"]).run()
    assert not office.exception
    charts = [json.loads(c.proto.spec)["data"] for c in office.get("plotly_chart")]
    history = [[list(trace["x"]), numbers(trace["y"])] for data in charts for trace in data]
    assert history == [[["Quý III/2025", "Quý IV/2025", "Quý I/2026", "Quý II/2026"], [3.0, 3.0, 3.0, 60.0]]]
    office.selectbox(key="quality-pick").select(ids["TH01"]).run()  # flagged too: its own quarters
    charts = [json.loads(c.proto.spec)["data"] for c in office.get("plotly_chart")]
    assert [numbers(trace["y"]) for data in charts for trace in data] == [[40.0, 41.0, 42.0, 3.0]]


def numbers(values: list | dict) -> list[float]:
    """A trace's values as plotly writes them: a list, or typed bytes in base64."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def test_the_overview_counts_the_open_flags_and_another_school_sees_none(engine):
    app = app_as(os.environ["CCHC_DATABASE_URL"])
    app.run()
    assert any("1 cảnh báo chất lượng dữ liệu chưa xử lý" in as_read(str(p.proto.label)) for p in app.get("page_link"))
    other = quality_page("clerk", "TH01")
    assert any("Không có cảnh báo nào" in s.value for s in other.success)


def test_the_cli_prints_the_flags_as_the_contract_says(engine, capsys):
    assert cli.main(["quality", "--period", Q, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"unit": "TH06", "kind": "outlier-across", "item": "TIN_BAI_CCHC", "value": 60.0, "reference": 3.0,
         "score": 128.15, "state": "open"}
    ]  # fmt: skip  # 0.6745 × (60 − 3) / max(MAD 0, 10 % of the median 3)


def test_the_upload_verdict_warns_of_the_files_flags_and_still_accepts_it(engine):
    from tests.workbook_factory import table, valid_sheets, workbook_bytes

    sheets = valid_sheets()
    for row in sheets["ThongTin"]:
        if row and row[0] == "Mã đơn vị":
            row[1] = "TH05"
        if row and row[0] == "Tên đơn vị":
            row[1] = "Trường Tiểu học số 5"
        if row and row[0] == "Kỳ báo cáo":
            row[1] = "Quý II/2026"
    sheets["NhiemVu"] = [[*r[:4], r[4].replace(year=2026), r[5], r[6] and r[6].replace(year=2026)] if i > 2 else r
                         for i, r in enumerate(sheets["NhiemVu"])]  # fmt: skip
    figures = [[1, "TTHC_DUNG_HAN", "Hồ sơ đúng hạn", 45, 50], [2, "TIN_BAI_CCHC", "Tin bài", 3000, None]]  # 3 → 3000
    sheets["ChiTieu"] = table(["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kết quả", "Tổng số"], figures)
    app = app_as(os.environ["CCHC_DATABASE_URL"])
    app.run()
    app.switch_page("pages/upload.py")
    app.run()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    app.file_uploader[0].set_value([("TH05-lai.xlsx", workbook_bytes(sheets), xlsx)]).run()
    assert not app.exception, [e.value for e in app.exception]
    problems = app.dataframe[-1].value
    warned = problems.loc[problems.iloc[:, 4].astype(str).str.contains("Số liệu nên xem lại")]
    assert len(warned) == 1 and "TIN_BAI_CCHC" in warned.iloc[0, 4] and "3.000" in warned.iloc[0, 4]
    assert any(b.label.startswith("Lưu 1 tệp hợp lệ") for b in app.button)  # a warning never refuses the file


def test_a_warm_visit_reuses_the_formatted_table_and_an_explanation_renews_it(engine, monkeypatch):
    from i18n import translate
    from pages.ui import flags

    cells = []  # the values formatted: the table's two per flag (value, reference), the picked flag's two
    real = flags.shown_value
    flags._WRITTEN.clear()  # no flag written by an earlier test
    monkeypatch.setattr(flags, "shown_value", lambda item, value: cells.append(value) or real(item, value))

    def office_table():
        cells.clear()
        office = quality_page()
        office.multiselect(key="quality-states").select("explained").run()
        assert not office.exception, [e.value for e in office.exception]
        return office.dataframe[0].value, len(cells)

    cold, formatted = office_table()
    warm, reused = office_table()  # another person, the same quarter, versions and reach: no cell formatted again
    assert formatted - reused == 2 and warm.equals(cold)  # the flag's row written once, whatever the filter
    assert cold["state"].tolist() == [translate("quality.state.open")]

    clerk = quality_page("clerk", "TH06")
    clerk.text_area[0].input("Đúng: tháng 5 trường có hội thi viết tin bài").run()
    next(b for b in clerk.button if b.label == "Lưu giải trình").click().run()
    renewed, _ = office_table()  # the follow-up's version keys the table: the explanation shows at once
    assert renewed["state"].tolist() == [translate("quality.state.explained")]
    assert renewed["explanation"].tolist() == ["Đúng: tháng 5 trường có hội thi viết tin bài"]
