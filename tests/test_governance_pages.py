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


YEAR = 2023


def test_the_appraisal_needs_a_reason_where_it_differs_then_moves_the_par_score_once_final(engine):
    assert _par(engine) == round((8.5 + 12) / 24 * 100, 4)  # CDDH appraised in the report, TTHC self-assessed
    app = appraisal_page()
    assert [r for r in app.dataframe[0].value["item"]] == ["CDDH", "TTHC"]  # no framework file for 2023: fields
    edit(app, {1: {"points": "15"}})
    assert "mục TTHC: điểm 15 ngoài khoảng 0 đến 14" in as_read(app.error[0].value)
    for typed, why in (("-3", "điểm -3 ngoài khoảng"), ("mười", "“mười” không phải số"),
                       ("12,5", "điểm thẩm định 12,5 khác điểm tự đánh giá 12, cần ghi lý do")):  # fmt: skip
        edit(app, {1: {"points": typed}})
        refused = as_read(app.error[0].value)
        assert f"mục TTHC: {why}" in refused and "Chưa có thay đổi nào được lưu" in refused
    assert audit.search(engine, action="par-appraisal") == []

    edit(app, {1: {"points": "12,5", "reason": "Đã kiểm tra sổ một cửa"}})  # a decimal comma, as typed in Vietnamese
    assert "Đã lưu: 1 mục thay đổi." in app.success[0].value
    line = audit.search(engine, action="par-appraisal")[0]
    assert line["detail"] == {"item": "TTHC", "before": None, "after": 12.5, "reason": "Đã kiểm tra sổ một cửa"}
    assert _par(engine) == round((8.5 + 12) / 24 * 100, 4)  # a draft moves nothing yet

    app.checkbox(key=f"appraisal-sure-TH01-{YEAR}").check().run()
    button(app, "Chốt kết quả thẩm định").click().run()
    assert "Đã chốt kết quả thẩm định năm 2023." in app.success[0].value
    assert _par(engine) == round((8.5 + 12.5) / 24 * 100, 4)
    assert button(app, "Lưu điểm thẩm định").disabled  # the table is read-only now
    assert any("đã chốt" in i.value for i in app.info)


def test_the_appraisal_is_saved_against_the_self_assessment_on_screen_only(engine):
    app = appraisal_page()
    app.session_state[editor_key(app)] = {"edited_rows": {1: {"points": "13", "reason": "Đủ minh chứng"}},
                                          "added_rows": [], "deleted_rows": []}  # fmt: skip
    app.run()
    ingest_bytes(engine, workbook_bytes(valid_sheets()), "TH01-moi.xlsx")  # arrives while the page is open
    button(app, "Lưu điểm thẩm định").click().run()
    assert "vừa gửi báo cáo tự đánh giá mới của năm 2023" in as_read(app.error[0].value)
    assert audit.search(engine, action="par-appraisal") == []


def test_an_untouched_row_keeps_its_stored_points_exactly(engine):
    """Shown as `12,345` (every decimal), and not rewritten when another row is saved."""
    from pipeline import appraisal

    appraisal.save(engine, "TH01", YEAR, [{"item": "TTHC", "points": 12.345, "reason": "x"}], None)
    app = appraisal_page()
    edit(app, {0: {"points": "8", "reason": "Kế hoạch ban hành chậm"}})
    assert "Đã lưu: 1 mục thay đổi." in app.success[0].value
    points = appraisal.year_sheet(engine, "TH01", YEAR).items.set_index("item")["appraised_points"]
    assert (points["TTHC"], points["CDDH"]) == (12.345, 8.0)


def appraisal_page():
    app = page("admin_appraisal")
    app.session_state["appraisal-year"] = YEAR
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def editor_key(app) -> str:
    """The appraisal table's key: a new table is drawn after each save."""
    saves = app.session_state.get("appraisal-saves", 0)
    return f"appraisal-TH01-{YEAR}-{saves}"


def edit(app, rows: dict) -> None:
    """Type into the appraisal editor's rows (as the browser hands them over: text), then save."""
    app.session_state[editor_key(app)] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    app.run()
    button(app, "Lưu điểm thẩm định").click().run()
    assert not app.exception, [e.value for e in app.exception]
