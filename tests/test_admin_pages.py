"""The administrators' pages (accounts, registry and deadlines, audit log) through AppTest, their audit
lines, and who may not open them."""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from exports.audit import audit_csv, audit_table, audit_workbook, describe
from loaders.units import read_units, registry_changes
from storage import audit
from storage.accounts import ADMIN, CLERK, VIEWER, authenticate, list_users
from storage.open import open_database
from storage.registry import (
    DeadlineRefused,
    closed_quarter_conflicts,
    list_units,
    quarter_deadline,
    set_deadline,
    upsert_units,
)
from tests.sessions import account, app_as, as_read

ROOT = Path(__file__).resolve().parent.parent
UNITS = (
    "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
    "TH01,Trường Tiểu học Lê Lợi,Tiểu học,KV1\n"
    "MN01,Trường Mầm non Hoa Sen,Mầm non,KV2\n"
)
ADMIN_FILES = [
    "pages/admin_users.py", "pages/admin_registry.py", "pages/admin_audit.py", "pages/admin_approval.py",
    "pages/admin_appraisal.py",
]  # fmt: skip
FORBIDDEN = "Tài khoản của bạn không được mở trang này."


@pytest.fixture
def db(tmp_path, monkeypatch) -> Engine:
    """A SQLite database with the two schools of UNITS, used by the app (CCHC_DATABASE_URL)."""
    url = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    engine = open_database(url)
    units, _ = read_units(UNITS.encode(), "units.csv")
    upsert_units(engine, units)
    return engine


def page(name: str, role: str = ADMIN, clerk_of: str | None = None) -> AppTest:
    app = app_as(os.environ["CCHC_DATABASE_URL"], role, clerk_of)
    app.run()
    app.switch_page(f"pages/{name}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def text_input(app: AppTest, label: str, nth: int = 0):
    return [w for w in app.text_input if w.label == label][nth]


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


# ---------------------------------------------------------------- accounts


def test_admin_adds_a_clerk_account_for_a_school(db):
    app = page("admin_users")
    app.selectbox(key="new-role").set_value(CLERK).run()
    text_input(app, "Tên đăng nhập").input("Van.Thu.TH01")
    text_input(app, "Họ và tên").input("Nguyễn Thị Hoa")
    app.selectbox(key="new-unit-0").set_value("TH01")
    text_input(app, "Mật khẩu").input("mat-khau-moi-1")
    text_input(app, "Nhập lại mật khẩu").input("mat-khau-moi-1")
    button(app, "Tạo tài khoản").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert as_read(app.success[0].value) == "Đã tạo tài khoản van.thu.th01."

    added = next(u for u in list_users(db) if u["username"] == "van.thu.th01")
    assert (added["role"], added["unit_code"], added["display_name"], added["active"]) == (
        CLERK, "TH01", "Nguyễn Thị Hoa", True,
    )  # fmt: skip
    assert "password_hash" not in added
    table = app.dataframe[0].value
    row = table[table["Tên đăng nhập"] == "van.thu.th01"].iloc[0]
    assert (row["Vai trò"], row["Đơn vị"], row["Trạng thái"]) == (
        "Văn thư của một trường", "TH01 · Trường Tiểu học Lê Lợi", "Hoạt động",
    )  # fmt: skip
    assert "password_hash" not in table.columns and len(table.columns) == 9  # the ward too
    line = audit.search(db, action="user-add", limit=1)[0]
    assert (line["username"], line["unit_code"], line["detail"]["user"]) == ("admin-office", "TH01", "van.thu.th01")


def test_a_clerk_without_a_school_is_refused(db):
    app = page("admin_users")
    app.selectbox(key="new-role").set_value(CLERK).run()
    text_input(app, "Tên đăng nhập").input("vanthu")
    text_input(app, "Mật khẩu").input("mat-khau-moi-1")
    text_input(app, "Nhập lại mật khẩu").input("mat-khau-moi-1")
    button(app, "Tạo tài khoản").click().run()
    assert as_read(app.error[0].value) == "Tài khoản văn thư (clerk) cần mã đơn vị"
    assert "vanthu" not in [u["username"] for u in list_users(db)]


def test_the_school_is_asked_only_for_a_clerk(db):
    app = page("admin_users")
    assert app.selectbox(key="new-role").value == CLERK  # the least rights unless chosen otherwise
    assert "new-unit-0" in [s.key for s in app.selectbox]
    app.selectbox(key="new-role").set_value(ADMIN).run()
    assert "new-unit-0" not in [s.key for s in app.selectbox]


def test_disabling_the_last_admin_is_refused(db):
    app = page("admin_users")
    app.selectbox(key="disable-user-0").set_value("admin-office").run()
    assert button(app, "Vô hiệu hóa").disabled  # not before the confirmation
    app.checkbox(key="disable-sure-0").check().run()
    button(app, "Vô hiệu hóa").click().run()
    assert as_read(app.error[0].value) == (
        "Không thể vô hiệu hoá 'admin-office': đây là quản trị viên cuối cùng còn hoạt động"
    )
    assert next(u for u in list_users(db) if u["username"] == "admin-office")["active"]


def test_disable_and_reset_password_of_another_account(db):
    account(os.environ["CCHC_DATABASE_URL"], VIEWER)
    app = page("admin_users")
    app.selectbox(key="disable-user-0").set_value("viewer-office").run()
    app.checkbox(key="disable-sure-0").check().run()
    button(app, "Vô hiệu hóa").click().run()
    assert "Đã vô hiệu hóa tài khoản viewer-office" in as_read(app.success[0].value)
    assert not next(u for u in list_users(db) if u["username"] == "viewer-office")["active"]

    app.selectbox(key="reset-user-1").set_value("viewer-office")
    text_input(app, "Mật khẩu mới").input("mot-mat-khau-khac")
    text_input(app, "Nhập lại mật khẩu", nth=1).input("mot-mat-khau-khac")
    button(app, "Đặt lại mật khẩu").click().run()
    assert "Đã đặt lại mật khẩu cho tài khoản viewer-office" in as_read(app.success[0].value)
    assert "viewer-office vẫn đang vô hiệu hóa" in as_read(app.warning[0].value)  # a new password alone lets nobody in
    assert authenticate(db, "viewer-office", "mot-mat-khau-khac") is None

    app.selectbox(key="enable-user-2").set_value("viewer-office").run()
    button(app, "Kích hoạt lại").click().run()
    assert "Đã kích hoạt lại tài khoản viewer-office" in as_read(app.success[0].value)
    assert authenticate(db, "viewer-office", "mot-mat-khau-khac") is not None
    assert not [s for s in app.selectbox if s.key == "enable-user-3"]  # nobody left to enable: no section
    lines = audit.search(db, action=["user-disable", "password-reset", "user-enable"])
    assert [(x["action"], x["username"], x["detail"]["user"]) for x in lines] == [
        ("user-enable", "admin-office", "viewer-office"),
        ("password-reset", "admin-office", "viewer-office"),
        ("user-disable", "admin-office", "viewer-office"),
    ]


def test_an_administrator_resetting_their_own_password_stays_logged_in(db):
    from pages.ui import auth

    app = page("admin_users")
    app.selectbox(key="reset-user-0").set_value("admin-office")
    text_input(app, "Mật khẩu mới").input("mat-khau-quan-tri-moi")
    text_input(app, "Nhập lại mật khẩu", nth=1).input("mat-khau-quan-tri-moi")
    button(app, "Đặt lại mật khẩu").click().run()
    assert "Đã đặt lại mật khẩu cho tài khoản admin-office" in as_read(app.success[0].value)
    auth.forget_accounts()  # the app re-reads an account at most 30 s later; the test does not wait
    app.run()
    assert app.title[0].value == "Tài khoản người dùng"
    assert authenticate(db, "admin-office", "mat-khau-quan-tri-moi") is not None


# ---------------------------------------------------------------- registry and deadlines


def test_registry_upload_previews_then_adds_the_units(db):
    app = page("admin_registry")
    assert app.dataframe[0].value["Mã"].tolist() == ["MN01", "TH01"]
    csv = UNITS.replace("KV2", "KV3") + "THCS01,Trường THCS Nguyễn Du,THCS,KV1\nTH02,Trường TH Kim Đồng,Tiểu học,\n"
    app.file_uploader[0].set_value([("danh-muc.csv", csv.encode(), "text/csv")]).run()
    assert not app.exception
    assert any("2 đơn vị mới · 1 đơn vị thay đổi · 1 không đổi" in m.value for m in app.markdown)
    added, changed = app.dataframe[1].value, app.dataframe[2].value
    assert added[["Mã", "Cấp học", "Khu vực"]].values.tolist() == [["THCS01", "THCS", "KV1"], ["TH02", "Tiểu học", "–"]]
    assert changed.values.tolist() == [["MN01", "Khu vực", "KV2", "KV3"]]
    assert [u["unit_code"] for u in list_units(db)] == ["MN01", "TH01"]  # nothing stored before "Áp dụng"

    button(app, "Áp dụng").click().run()
    assert not app.exception
    assert app.success[0].value == "Đã cập nhật danh mục: 2 đơn vị mới, 1 đơn vị thay đổi."
    assert [u["unit_code"] for u in list_units(db)] == ["MN01", "TH01", "TH02", "THCS01"]
    lines = audit.search(db, action="registry")
    assert len(lines) == 2  # the fixture's import, then this one
    assert lines[0]["username"] == "admin-office"
    assert lines[0]["detail"] == {
        "added": ["THCS01", "TH02"],
        "changed": [{"code": "MN01", "before": {"ward": "KV2"}, "after": {"ward": "KV3"}}],
    }


def test_a_registry_file_with_errors_stores_nothing(db):
    app = page("admin_registry")
    bad = "ma_don_vi,ten_don_vi,cap_hoc,phuong\nX1,Trường X,Đại học,KV\nX2,Trường Y,THCS,KV\n"
    app.file_uploader[0].set_value([("sai.csv", bad.encode(), "text/csv")]).run()
    assert app.error[0].value.startswith("Tệp có 1 lỗi: không nhập đơn vị nào")
    problems = app.dataframe[1].value
    assert problems[["Mức", "Dòng", "Cột"]].values.tolist() == [["Lỗi", "2", "cap_hoc"]]
    assert not [b for b in app.button if b.label == "Áp dụng"]
    assert len(list_units(db)) == 2


def test_the_same_registry_again_changes_nothing(db):
    app = page("admin_registry")
    app.file_uploader[0].set_value([("danh-muc.csv", UNITS.encode(), "text/csv")]).run()
    assert button(app, "Áp dụng").disabled
    assert len(audit.search(db, action="registry")) == 1


def test_setting_a_deadline_writes_its_audit_line(db):
    app = page("admin_registry")
    app.text_input(key="deadline-period").input("Quý IV/2026")
    app.date_input(key="deadline-day").set_value(date(2026, 12, 24))
    button(app, "Lưu hạn nộp").click().run()
    assert not app.exception
    assert app.success[0].value == "Hạn nộp báo cáo Quý IV/2026: 24/12/2026."
    assert quarter_deadline(db, "2026-Q4") == date(2026, 12, 24)
    deadlines = app.dataframe[-1].value
    assert deadlines.values.tolist() == [["Quý IV/2026", "24/12/2026"]]
    line = audit.search(db, action="deadline")[0]
    assert (line["username"], line["period"], line["detail"]) == (
        "admin-office", "2026-Q4", {"before": None, "after": "2026-12-24"},
    )  # fmt: skip


def test_a_bad_quarter_is_refused(db):
    app = page("admin_registry")
    app.text_input(key="deadline-period").input("mùa đông")
    app.date_input(key="deadline-day").set_value(date(2026, 12, 24))
    button(app, "Lưu hạn nộp").click().run()
    assert "Kỳ báo cáo không hợp lệ: “mùa đông”" in app.error[0].value
    assert audit.search(db, action="deadline") == []


# ---------------------------------------------------------------- audit log


def test_audit_page_lists_lines_and_filters_by_action(db):
    set_deadline(db, "2026-Q3", date(2026, 9, 25), by="lan")
    audit.record(db, "login-failed", username="khach", detail={"reason": "wrong password", "failures": 2})
    app = page("admin_audit")
    table = app.dataframe[0].value
    assert table.columns.tolist() == [
        "Thời điểm", "Tài khoản", "Thao tác", "Đơn vị", "Kỳ báo cáo", "Mã lần nộp", "Chi tiết",
    ]  # fmt: skip
    failed = table[table["Thao tác"] == "Đăng nhập không thành công"].iloc[0]
    assert (failed["Tài khoản"], failed["Chi tiết"]) == ("khach", "Lý do: sai mật khẩu · lần sai thứ 2")
    assert "Đặt hạn nộp báo cáo" in table["Thao tác"].tolist()

    app.multiselect(key="audit-actions").set_value(["deadline"]).run()
    table = app.dataframe[0].value
    assert table[["Tài khoản", "Thao tác", "Kỳ báo cáo", "Chi tiết"]].values.tolist() == [
        ["lan", "Đặt hạn nộp báo cáo", "Quý III/2026", "mặc định → 25/09/2026"]
    ]
    assert len(table["Thời điểm"][0]) == len("25/09/2026 10:00")

    app.text_input(key="audit-user").input("LA").run()  # a part of the name is enough
    assert app.dataframe[0].value["Tài khoản"].tolist() == ["lan"]
    app.text_input(key="audit-user").input("nobody").run()
    assert app.info[0].value == "Không có dòng nhật ký nào khớp điều kiện tìm."
    assert [d.label for d in app.get("download_button")] == []


def test_audit_page_filters_by_school_and_day(db):
    audit.record(db, "upload-accepted", username="lan", unit_code="TH01", period="2026-Q3", submission_id=7,
                 detail={"file": "TH01.xlsx"}, at=datetime(2026, 7, 2, 9, 0))  # fmt: skip
    audit.record(db, "upload-accepted", username="lan", unit_code="MN01", period="2026-Q3", submission_id=8,
                 detail={"file": "MN01.xlsx"}, at=datetime(2026, 7, 3, 9, 0))  # fmt: skip
    app = page("admin_audit")
    app.selectbox(key="audit-unit").set_value("TH01").run()
    assert app.dataframe[0].value["Chi tiết"].tolist() == ["Tệp: TH01.xlsx"]
    assert app.dataframe[0].value["Mã lần nộp"].tolist() == ["7"]
    app.selectbox(key="audit-unit").set_value("").run()
    app.date_input(key="audit-since").set_value(date(2026, 7, 3))
    app.date_input(key="audit-until").set_value(date(2026, 7, 3)).run()
    table = app.dataframe[0].value
    assert table[["Đơn vị", "Mã lần nộp", "Thời điểm"]].values.tolist() == [["MN01", "8", "03/07/2026 09:00"]]


def test_the_audit_download_is_itself_audited(db, monkeypatch):
    from pages.ui import widgets

    wrapped: dict[str, object] = {}
    real = widgets.audited

    def spy(detail, build):
        wrapped[detail["format"]] = (detail, real(detail, build))
        return wrapped[detail["format"]][1]

    monkeypatch.setattr(widgets, "audited", spy)  # the page runs in this process: it calls the spy
    set_deadline(db, "2026-Q3", date(2026, 9, 25), by="lan")
    app = page("admin_audit")
    assert [d.label for d in app.get("download_button")] == ["Tải bảng (Excel)", "Tải bảng (CSV)"]
    assert audit.search(db, action="export") == []  # built only when clicked
    shown = len(app.dataframe[0].value)
    detail, click = wrapped["xlsx"]
    assert detail == {"what": "audit-log", "format": "xlsx", "lines": shown}
    content = click()  # what Streamlit runs when the button is clicked
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Nhật ký hệ thống" and sheet.max_row == shown + 1
    line = audit.search(db, action="export")[0]
    assert (line["username"], line["detail"]) == (
        "admin-office", {"what": "audit-log", "format": "xlsx", "lines": shown, "bytes": len(content)},
    )  # fmt: skip
    assert wrapped["csv"][1]().startswith("\ufeff".encode())
    assert [x["detail"]["format"] for x in audit.search(db, action="export")] == ["csv", "xlsx"]


def test_audit_workbook_and_csv_have_the_readable_lines(db):
    set_deadline(db, "2026-Q3", date(2026, 9, 25), by="lan")
    audit.record(db, "export", username="=cmd|' /c calc'!a0", detail={"what": "audit-log", "format": "xlsx"})
    table = audit_table(audit.search(db), "vi")
    sheet = openpyxl.load_workbook(io.BytesIO(audit_workbook(table, "Nhật ký hệ thống"))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Nhật ký hệ thống"
    assert rows[0] == ["Thời điểm", "Tài khoản", "Thao tác", "Đơn vị", "Kỳ báo cáo", "Mã lần nộp", "Chi tiết"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:G4"
    assert sheet.column_dimensions["G"].width > 60
    export, deadline, registry = rows[1:]
    assert export[1:] == ["=cmd|' /c calc'!a0", "Tải xuống", None, None, None, "Tải: audit-log (xlsx)"]
    assert sheet["B2"].data_type == "s"  # a logged name never becomes a formula
    assert isinstance(deadline[0], datetime)
    assert deadline[1:] == ["lan", "Đặt hạn nộp báo cáo", None, "Quý III/2026", None, "mặc định → 25/09/2026"]
    assert registry[1:] == [
        "(hệ thống)", "Cập nhật danh mục đơn vị", None, None, None, "Thêm: TH01, MN01",
    ]  # fmt: skip

    text = audit_csv(table).decode("utf-8")
    assert text.startswith("\ufeffThời điểm,Tài khoản,Thao tác")
    assert "'=cmd|' /c calc'!a0" in text  # defused as exports/csvfiles does
    assert "lan,Đặt hạn nộp báo cáo,,Quý III/2026,,mặc định → 25/09/2026" in text


def test_details_read_as_short_texts():
    assert describe("user-add", {"user": "lan", "role": "clerk", "display_name": "Lan"}) == (
        "Tài khoản: lan (Văn thư của một trường)"
    )
    assert describe("export", {"what": "original", "submission_id": 5, "file": "a.xlsx", "bytes": 10}) == (
        "Tải: original · lần nộp #5 · Tệp: a.xlsx"
    )
    assert describe("deadline", {"before": "2026-09-20", "after": "2026-09-25"}, "en") == "20/09/2026 → 25/09/2026"
    moved = {
        "code": "MN01",
        "before": {"level": "mam_non", "active_to": None},
        "after": {"level": "tieu_hoc", "active_to": "2025-Q3"},
    }
    assert describe("registry", {"added": [], "changed": [moved]}) == (
        "Sửa: MN01 (Cấp học: Mầm non → Tiểu học; Hiệu lực đến: – → Quý III/2025)"
    )
    assert describe("appraisal", {"field": "TTHC", "before": None, "after": 9.5, "note": None}) == "TTHC: – → 9.5"
    assert describe("unlock", {"reason": "Trường nộp nhầm tệp"}) == "Lý do: Trường nộp nhầm tệp"
    assert describe("login", {}) == ""


def test_every_action_has_a_name_in_both_languages():
    from i18n.catalog import EN, VI

    assert sorted(a for a in audit.ACTIONS if f"audit.action.{a}" not in VI or f"audit.action.{a}" not in EN) == []


# ---------------------------------------------------------------- who may open the pages


@pytest.mark.parametrize("path", ADMIN_FILES)
@pytest.mark.parametrize(("role", "unit"), [(VIEWER, None), (CLERK, "TH01")])
def test_viewers_and_clerks_are_refused(db, path, role, unit):
    app = AppTest.from_file(str(ROOT / path), default_timeout=60)
    app.session_state["auth-user"] = account(os.environ["CCHC_DATABASE_URL"], role, unit)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert [e.value for e in app.error] == [FORBIDDEN]
    assert len(app.dataframe) == 0 and len(app.get("download_button")) == 0
    assert len(app.title) == 0


def test_the_administration_group_holds_its_pages(db):
    from pages.ui import menu

    assert [row.name for row in menu.PAGES if row.group == "admin"] == [
        "approval", "appraisal", "users", "registry", "audit",
    ]  # fmt: skip
    titles = {}
    for name in ("users", "registry", "audit"):
        app = page(Path(menu.page(name).file).stem)
        titles[name] = app.title[0].value
    assert titles == {"users": "Tài khoản người dùng", "registry": "Danh mục đơn vị", "audit": "Nhật ký hệ thống"}


# ---------------------------------------------------------------- storage: the registry's audit detail


def test_upsert_units_audit_detail_names_added_and_changed(engine: Engine, unit_rows) -> None:
    assert upsert_units(engine, unit_rows[:2], by="Lan") == (2, 0)
    assert upsert_units(engine, unit_rows[:2], by="lan") == (0, 0)  # nothing changed: no line
    renamed = {**unit_rows[0], "unit_name": "Trường Mầm non Hoa Sen (mới)", "active_to": "Quý IV/2024"}
    preview = registry_changes([renamed, unit_rows[2]], list_units(engine))
    assert upsert_units(engine, [renamed, unit_rows[2]]) == (1, 1)

    first, second = reversed(audit.search(engine, action="registry"))
    assert (first["username"], first["detail"]) == ("lan", {"added": ["MN01", "TH01"], "changed": []})
    assert second["username"] is None
    assert second["detail"] == {
        "added": ["THCS01"],
        "changed": [
            {
                "code": "MN01",
                "before": {"unit_name": "Trường Mầm non Hoa Sen", "active_to": None},
                "after": {"unit_name": "Trường Mầm non Hoa Sen (mới)", "active_to": "2024-Q4"},
            }
        ],
    }
    # The page's preview says what storing did.
    assert [u["unit_code"] for u in preview["added"]] == second["detail"]["added"]
    assert preview["changed"] == second["detail"]["changed"]


def test_upsert_units_rolls_back_its_audit_line_with_the_change(engine: Engine, unit_rows) -> None:
    with pytest.raises(ValueError):
        upsert_units(engine, [unit_rows[1], {**unit_rows[0], "active_from": "mùa xuân"}], by="lan")
    assert audit.search(engine, action="registry") == []


def test_set_deadline_audits_before_and_after(engine: Engine) -> None:
    set_deadline(engine, "2023-Q2", date(2023, 6, 25), by="lan")
    set_deadline(engine, "2023-Q2", date(2023, 6, 25))  # the same day again: nothing changed, no line
    set_deadline(engine, "2023-Q2", date(2023, 6, 15))
    lines = audit.search(engine, action="deadline")
    assert [(x["username"], x["period"], x["detail"]) for x in reversed(lines)] == [
        ("lan", "2023-Q2", {"before": None, "after": "2023-06-25"}),
        (None, "2023-Q2", {"before": "2023-06-25", "after": "2023-06-15"}),
    ]


def test_a_deadline_far_from_its_quarter_or_of_a_closed_quarter_is_refused(engine: Engine) -> None:
    with pytest.raises(DeadlineRefused, match="cần từ 01/10/2026 đến 31/03/2027"):
        set_deadline(engine, "2026-Q4", date(2020, 1, 1), by="lan")  # a typo would turn every report late
    with pytest.raises(DeadlineRefused, match="Hạn nộp 01/04/2027 không hợp lý cho Quý IV/2026"):
        set_deadline(engine, "2026-Q4", date(2027, 4, 1), by="lan")
    set_deadline(engine, "2026-Q4", date(2027, 1, 5), by="lan")  # early in the next quarter: fine
    from storage import governance

    governance.close_quarter(engine, "2026-Q4", by="lan")
    with pytest.raises(DeadlineRefused, match="Quý IV/2026 đã khóa sổ"):
        set_deadline(engine, "2026-Q4", date(2026, 12, 25), by="lan")
    assert quarter_deadline(engine, "2026-Q4") == date(2027, 1, 5)
    assert [line["detail"]["after"] for line in audit.search(engine, action="deadline")] == ["2027-01-05"]


def test_a_closed_quarter_keeps_the_schools_it_was_closed_with(engine: Engine, unit_rows) -> None:
    """A school added later, or a school's active quarters changed, must not move a closed quarter's figures."""
    from storage import governance

    upsert_units(engine, unit_rows)
    for period in ("2026-Q2", "2026-Q3"):
        governance.close_quarter(engine, period, by="lan")
    new = {"unit_code": "MN99", "unit_name": "Trường Mầm non Mới", "level": "mam_non", "ward": "Phường 1"}
    with pytest.raises(ValueError, match="Đơn vị mới MN99 sẽ được tính là phải nộp báo cáo trong quý đã khóa sổ"):
        upsert_units(engine, [new], by="lan")
    [said] = [str(conflict) for conflict in closed_quarter_conflicts(engine, [new])]  # worded in Vietnamese
    assert "(Quý II/2026, Quý III/2026)" in said and "(hieu_luc_tu) Quý IV/2026 trở đi" in said
    ended = {**unit_rows[1], "active_to": "2026-Q2"}  # TH01 would no longer count in Quý III/2026
    assert [str(conflict) for conflict in closed_quarter_conflicts(engine, [ended])] == [
        "Đơn vị TH01: đổi hiệu lực làm đổi số đơn vị phải nộp báo cáo của quý đã khóa sổ (Quý III/2026): "
        "giữ hiệu lực như cũ cho các quý đó, hoặc mở lại các quý đó trước"
    ]
    assert [u["unit_code"] for u in list_units(engine)] == ["MN01", "TH01", "THCS01"]  # nothing stored

    assert upsert_units(engine, [{**new, "active_from": "2026-Q4"}], by="lan") == (1, 0)  # from now on: fine
    assert upsert_units(engine, [{**unit_rows[0], "ward": "Phường 9"}], by="lan") == (0, 1)  # not who reports
    governance.reopen_quarter(engine, "2026-Q3", reason="Bổ sung trường mới", by="lan")
    assert closed_quarter_conflicts(engine, [{**new, "active_from": "2026-Q3"}]) == []


def test_the_registry_preview_says_a_closed_quarter_would_change_and_stores_nothing(db):
    from storage import governance

    governance.close_quarter(db, "2026-Q3", by="lan")
    app = page("admin_registry")
    csv = UNITS + "MN99,Trường Mầm non Mới,Mầm non,KV1\n"
    app.file_uploader[0].set_value([("danh-muc.csv", csv.encode(), "text/csv")]).run()
    refused = as_read(app.error[0].value)
    assert "Đơn vị mới MN99 sẽ được tính là phải nộp báo cáo trong quý đã khóa sổ (Quý III/2026)" in refused
    assert button(app, "Áp dụng").disabled
    assert [u["unit_code"] for u in list_units(db)] == ["MN01", "TH01"]
