"""The office's routine in the app (AppTest): upload, verdicts, accept, replace with confirmation, restore."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.units import read_units
from storage.open import open_database
from storage.registry import upsert_units
from storage.submissions import submission_history
from tests.sessions import app_as, as_read
from tests.workbook_factory import valid_sheets, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS = (
    "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
    "TH01,Trường Tiểu học Lê Lợi,Tiểu học,KV1\n"
    "MN01,Trường Mầm non Hoa Sen,Mầm non,KV2\n"
)


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'upload.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    db = open_database(url)
    units, _ = read_units(UNITS.encode(), "units.csv")
    upsert_units(db, units)
    return db


def page(name: str) -> AppTest:
    app = app_as(os.environ["CCHC_DATABASE_URL"])
    app.run()
    app.switch_page(f"pages/{name}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def upload(app: AppTest, *files: tuple[str, bytes]) -> AppTest:
    app.file_uploader[0].set_value([(name, content, XLSX) for name, content in files]).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def accept_button(app: AppTest):
    return next(b for b in app.button if b.label.startswith("Lưu "))


def broken_report() -> bytes:
    sheets = valid_sheets()
    sheets["NhiemVu"][4][5] = "Xong rồi"
    return workbook_bytes(sheets)


def test_verdicts_before_anything_is_stored_then_accept(engine):
    app = upload(page("upload"), ("TH01.xlsx", workbook_bytes(valid_sheets())), ("sai.xlsx", broken_report()))
    verdicts = [(as_read(e.label), e.icon) for e in app.expander]
    assert verdicts == [
        ("TH01.xlsx — TH01 · Quý II/2023", ":material/check_circle:"),
        ("sai.xlsx — TH01 · Quý II/2023", ":material/cancel:"),
    ]
    problems = app.dataframe[0].value
    assert problems.iloc[0].tolist() == [
        "Lỗi", "NhiemVu", "5", "Trạng thái",
        "Trạng thái “Xong rồi” không hợp lệ: cần Hoàn thành, Đang thực hiện hoặc Chưa thực hiện.",
    ]  # fmt: skip
    assert submission_history(engine, "TH01") == []  # nothing stored yet
    assert any(d.label == "Tải tệp của trường có đánh dấu ô lỗi" for d in app.get("download_button"))

    accept = accept_button(app)
    assert accept.label == "Lưu 1 tệp hợp lệ" and not accept.disabled
    accept.click().run()
    assert not app.exception
    assert "Đã lưu 1 báo cáo; 1 tệp bị từ chối" in app.success[0].value
    history = submission_history(engine, "TH01")
    assert [(h["file_name"], h["is_current"]) for h in history] == [("TH01.xlsx", True)]


def test_only_invalid_files_cannot_be_stored(engine):
    app = upload(page("upload"), ("sai.xlsx", broken_report()))
    assert accept_button(app).disabled
    assert "Bị từ chối: 1 lỗi" in app.error[0].value


def test_replacement_needs_confirmation_and_keeps_the_first(engine):
    app = upload(page("upload"), ("v1.xlsx", workbook_bytes(valid_sheets())))
    accept_button(app).click().run()
    app = upload(page("upload"), ("v2.xlsx", workbook_bytes(valid_sheets())))
    assert "sẽ thay báo cáo hiện hành (v1.xlsx" in as_read(app.warning[0].value)
    assert accept_button(app).disabled
    app.checkbox(key="confirm-replace").check().run()
    accept_button(app).click().run()
    assert not app.exception
    history = submission_history(engine, "TH01")
    assert [(h["file_name"], h["is_current"]) for h in history] == [("v2.xlsx", True), ("v1.xlsx", False)]


def test_restore_an_earlier_report_from_the_history_page(engine):
    for name in ("v1.xlsx", "v2.xlsx"):
        app = upload(page("upload"), (name, workbook_bytes(valid_sheets())))
        if name == "v2.xlsx":
            app.checkbox(key="confirm-replace").check().run()
        accept_button(app).click().run()
    first = next(h for h in submission_history(engine, "TH01") if h["file_name"] == "v1.xlsx")

    app = app_as(os.environ["CCHC_DATABASE_URL"], unit="TH01")
    app.run()
    app.switch_page("pages/history.py")
    app.run()
    assert app.dataframe[0].value[["Tệp", "Tình trạng"]].values.tolist() == [
        ["v2.xlsx", "Hiện hành"],
        ["v1.xlsx", "Đã thay thế"],
    ]
    app.selectbox(key="history-pick").set_value(first["id"]).run()
    restore = next(b for b in app.button if b.label == "Khôi phục làm hiện hành")
    assert restore.disabled
    app.checkbox(key="sure").check().run()
    next(b for b in app.button if b.label == "Khôi phục làm hiện hành").click().run()
    assert not app.exception
    assert f"Báo cáo #{first['id']} đã trở lại" in app.success[0].value
    current = [h["file_name"] for h in submission_history(engine, "TH01") if h["is_current"]]
    assert current == ["v1.xlsx"]


def test_a_report_of_a_quarter_not_begun_is_refused_and_logged(engine):
    """A mistyped year (Quý II/2035) would otherwise become the quarter every page opens on."""
    from storage import audit

    sheets = valid_sheets()
    sheets["ThongTin"][4][1] = "Quý II/2035"
    app = upload(page("upload"), ("TH01.xlsx", workbook_bytes(sheets)))
    assert "Bị từ chối: 1 lỗi" in app.error[0].value
    [message] = app.dataframe[0].value.iloc[:, -1].tolist()
    assert message.startswith("Báo cáo Quý II/2035 chưa thể nộp: quý này bắt đầu từ 01/04/2035, còn ngày nhận là ")
    assert accept_button(app).disabled
    assert submission_history(engine, "TH01") == []
    [line] = audit.search(engine, action="upload-rejected")
    assert line["period"] == "2035-Q2" and line["detail"]["problems"][0].startswith("error period-not-begun")


def test_a_refused_file_is_logged_once_whatever_else_is_added_or_removed(engine):
    from storage import audit

    good, bad = workbook_bytes(valid_sheets()), broken_report()  # once: a workbook's bytes carry the time written
    app = upload(page("upload"), ("TH01.xlsx", good), ("sai.xlsx", bad))
    upload(app, ("sai.xlsx", bad))  # the valid file taken out again: the refused one moves up
    upload(app, ("sai.xlsx", bad), ("TH01.xlsx", good))
    assert [line["detail"]["file"] for line in audit.search(engine, action="upload-rejected")] == ["sai.xlsx"]


def test_a_report_stored_meanwhile_is_not_replaced_without_confirmation(engine):
    """The page said nothing would be replaced; another report became current before the click."""
    from pipeline.ingest import ingest_bytes

    app = upload(page("upload"), ("v2.xlsx", workbook_bytes(valid_sheets())))
    assert not app.warning  # nothing to replace, as shown
    assert ingest_bytes(engine, workbook_bytes(valid_sheets()), "v1.xlsx").accepted  # sent meanwhile
    accept_button(app).click().run()
    assert not app.exception
    assert "báo cáo hiện hành của đơn vị đã thay đổi" in app.warning[-1].value
    assert [h["file_name"] for h in submission_history(engine, "TH01")] == ["v1.xlsx"]  # v2 not stored
    assert "sẽ thay báo cáo hiện hành (v1.xlsx" in as_read(app.warning[0].value)  # now the page says so
    assert accept_button(app).disabled
    app.checkbox(key="confirm-replace").check().run()
    accept_button(app).click().run()
    current = [h["file_name"] for h in submission_history(engine, "TH01") if h["is_current"]]
    assert current == ["v2.xlsx"]
