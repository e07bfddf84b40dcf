"""The office's decisions in the app (AppTest): approve and lock, unlock with a reason, close a quarter, appraise."""

from __future__ import annotations

import os

import pytest

from core.catalogs import default_catalogs
from loaders.units import read_units
from metrics.par import par_scores
from pipeline.ingest import ingest_bytes
from storage import audit, governance
from storage.frames import load_frames
from storage.open import open_database
from storage.registry import upsert_units
from storage.submissions import submission_history
from tests.sessions import app_as, as_read
from tests.workbook_factory import valid_sheets, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD = "2023-Q2"  # the factory's workbook
UNITS = "ma_don_vi,ten_don_vi,cap_hoc\nTH01,Trường Tiểu học Lê Lợi,Tiểu học\nMN01,Trường Mầm non Hoa Sen,Mầm non\n"


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    db = open_database(url)
    units, _ = read_units(UNITS.encode(), "units.csv")
    upsert_units(db, units)
    assert ingest_bytes(db, workbook_bytes(valid_sheets()), "TH01.xlsx").accepted
    return db


def page(name: str):
    app = app_as(os.environ["CCHC_DATABASE_URL"])
    app.run()
    app.switch_page(f"pages/{name}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def button(app, starts: str):
    return next(b for b in app.button if b.label.startswith(starts))


def test_approve_then_a_new_upload_is_refused_until_unlocked_with_a_reason(engine):
    app = page("admin_approval")
    app.multiselect(key="approve-units").select("TH01").run()
    button(app, "Duyệt 1 báo cáo").click().run()
    assert not app.exception
    assert [(a["unit_code"], a["approved_by"]) for a in governance.approvals(engine, PERIOD)] == [
        ("TH01", "admin-office")
    ]

    upload = page("upload")
    upload.file_uploader[0].set_value([("TH01-lan2.xlsx", workbook_bytes(valid_sheets()), XLSX)]).run()
    messages = as_read(upload.error[0].value)
    assert "Báo cáo của đơn vị TH01 Quý II/2023 đã được duyệt và khóa (bởi admin-office" in messages
    assert button(upload, "Lưu ").disabled

    app = page("admin_approval")
    app.selectbox(key="unlock-unit").select("TH01").run()
    button(app, "Mở khóa").click().run()
    assert "lý do" in app.error[0].value.lower()
    assert governance.approvals(engine, PERIOD)  # still locked
    app.text_area(key="unlock-reason").input("Trường gửi nhầm số liệu chỉ tiêu").run()
    button(app, "Mở khóa").click().run()
    assert governance.approvals(engine, PERIOD) == []
    line = audit.search(engine, action="unlock")[0]
    assert (line["username"], line["unit_code"], line["detail"]["reason"]) == (
        "admin-office",
        "TH01",
        "Trường gửi nhầm số liệu chỉ tiêu",
    )
    assert ingest_bytes(engine, workbook_bytes(valid_sheets()), "TH01-lan2.xlsx").accepted
    assert [h["file_name"] for h in submission_history(engine, "TH01") if h["is_current"]] == ["TH01-lan2.xlsx"]


def test_approval_locks_the_report_on_screen_not_one_sent_meanwhile(engine):
    app = page("admin_approval")
    [shown] = [h["id"] for h in submission_history(engine, "TH01")]
    app.multiselect(key="approve-units").select("TH01").run()
    newer = ingest_bytes(engine, workbook_bytes(valid_sheets()), "TH01-moi.xlsx")  # arrives while the page is open
    assert newer.accepted
    button(app, "Duyệt 1 báo cáo").click().run()
    assert not app.exception
    assert governance.approvals(engine, PERIOD) == []
    error = as_read(app.error[0].value)
    assert f"vừa gửi báo cáo Quý II/2023 khác (TH01-moi.xlsx, #{newer.submission_id})" in error
    assert f"thay cho báo cáo #{shown} đang xem" in error

    app.multiselect(key="approve-units").select("TH01").run()  # the page now shows the new one
    button(app, "Duyệt 1 báo cáo").click().run()
    [approval] = governance.approvals(engine, PERIOD)
    assert approval["submission_id"] == newer.submission_id


def test_closing_the_quarter_locks_every_school_even_one_that_never_reported(engine):
    app = page("admin_approval")
    app.checkbox(key="close-sure").check().run()
    button(app, "Khóa sổ Quý II/2023").click().run()
    assert not app.exception
    assert "Đã khóa sổ Quý II/2023; duyệt thêm 1 báo cáo." in app.success[0].value
    assert PERIOD in governance.closed_periods(engine)

    sheets = valid_sheets()
    sheets["ThongTin"] = [row[:] for row in sheets["ThongTin"]]
    mn01 = ingest_bytes(engine, workbook_bytes(_as_unit(sheets, "MN01", "Trường Mầm non Hoa Sen")), "MN01.xlsx")
    assert not mn01.accepted
    assert "Quý II/2023 đã khóa sổ" in mn01.report.problems[-1].message
    assert mn01.report.problems[-1].message.endswith("mở lại quý trước khi nộp báo cáo.")  # MN01 never sent one
    assert submission_history(engine, "MN01") == []


def _as_unit(sheets: dict, code: str, name: str) -> dict:
    for row in sheets["ThongTin"]:
        if row and row[0] == "Mã đơn vị":
            row[1] = code
        if row and row[0] == "Tên đơn vị":
            row[1] = name
    return sheets


def _par(engine) -> float:
    scores = par_scores(load_frames(engine).self_assessment, catalog=default_catalogs().par_fields)
    return round(float(scores.loc[scores["unit_code"].eq("TH01"), "score"].iloc[0]), 4)


def test_appraisal_is_checked_against_the_maximum_then_moves_the_par_score(engine):
    assert _par(engine) == round((8.5 + 12) / 24 * 100, 4)  # CDDH appraised in the report, TTHC self-assessed
    app = app_as(os.environ["CCHC_DATABASE_URL"])
    app.run()
    app.switch_page("pages/admin_appraisal.py")
    edit(app, {1: {"points": "15"}})
    assert "TTHC" in app.error[0].value and "14" in app.error[0].value
    assert _par(engine) == round((8.5 + 12) / 24 * 100, 4)  # nothing written
    for typed, why in (("-3", "điểm -3 âm"), ("mười", "“mười” không phải số")):  # the sign is never dropped
        edit(app, {1: {"points": typed}})
        refused = as_read(app.error[0].value)
        assert f"lĩnh vực TTHC: {why}" in refused and "Chưa có thay đổi nào được lưu" in refused
    assert audit.search(engine, action="appraisal") == []

    edit(app, {1: {"points": "12,5", "note": "Đã kiểm tra hồ sơ"}})  # a decimal comma, as typed in Vietnamese
    assert "Đã lưu: 1 lĩnh vực thay đổi." in app.success[0].value
    assert _par(engine) == round((8.5 + 12.5) / 24 * 100, 4)
    line = audit.search(engine, action="appraisal")[0]
    assert line["detail"] == {"field": "TTHC", "before": None, "after": 12.5, "note": "Đã kiểm tra hồ sơ"}

    governance.close_quarter(engine, PERIOD, by="admin")  # a closed quarter's scores stay as reported
    edit(app, {1: {"points": "13"}})
    assert "Quý II/2023 đã khóa sổ" in app.error[0].value and "không thay đổi điểm thẩm định" in app.error[0].value
    assert _par(engine) == round((8.5 + 12.5) / 24 * 100, 4)


def test_appraisal_is_saved_against_the_report_on_screen_only(engine):
    app = app_as(os.environ["CCHC_DATABASE_URL"])
    app.run()
    app.switch_page("pages/admin_appraisal.py")
    app.session_state[editor_key(app)] = {"edited_rows": {1: {"points": "13"}}, "added_rows": [], "deleted_rows": []}
    app.run()
    newer = ingest_bytes(engine, workbook_bytes(valid_sheets()), "TH01-moi.xlsx")  # arrives while the page is open
    button(app, "Lưu điểm thẩm định").click().run()
    assert f"vừa gửi báo cáo Quý II/2023 khác (TH01-moi.xlsx, #{newer.submission_id})" in as_read(app.error[0].value)
    assert audit.search(engine, action="appraisal") == []
    button(app, "Lưu điểm thẩm định").click().run()  # the page now shows the new report
    assert "Đã lưu: 1 lĩnh vực thay đổi." in app.success[0].value
    assert audit.search(engine, action="appraisal")[0]["submission_id"] == newer.submission_id


def editor_key(app) -> str:
    """The appraisal table's key: a new table is drawn after each save."""
    saves = app.session_state.get("appraisal-saves", 0)
    return f"appraisal-TH01-{PERIOD}-{saves}"


def edit(app, rows: dict) -> None:
    """Type into the appraisal editor's rows (as the browser hands them over: text), then save."""
    app.session_state[editor_key(app)] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    app.run()
    button(app, "Lưu điểm thẩm định").click().run()
    assert not app.exception, [e.value for e in app.exception]


def test_an_untouched_row_keeps_its_stored_points_exactly(engine):
    """Shown as `12,345` (every decimal), and not rewritten when another row is saved."""
    governance.save_appraisal(engine, "TH01", PERIOD, [{"field": "TTHC", "points": 12.345}], by="lan")
    app = app_as(os.environ["CCHC_DATABASE_URL"])
    app.run()
    app.switch_page("pages/admin_appraisal.py")
    edit(app, {0: {"points": "8", "note": "Đã xem hồ sơ"}})
    assert "Đã lưu: 1 lĩnh vực thay đổi." in app.success[0].value
    points = {r["field"]: r["appraised"] for r in governance.appraisal_table(engine, "TH01", PERIOD)}
    assert points["TTHC"] == 12.345
    [line] = [x for x in audit.search(engine, action="appraisal") if x["username"] == "admin-office"]
    assert (line["detail"]["after"], line["detail"]["note"]) == (8.0, "Đã xem hồ sơ")
