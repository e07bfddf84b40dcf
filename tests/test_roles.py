"""Each role's limits in the app (AppTest): logging in, what a clerk, a viewer and an admin may reach."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from demo.load import load_demo
from storage import audit
from storage.accounts import CLERK, VIEWER, add_user, disable_user
from storage.open import open_database
from storage.registry import list_units
from storage.submissions import submission_history
from tests.sessions import PASSWORD, account, app_as, as_read
from tests.workbook_factory import valid_sheets, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OWN = "TH02"
CLERK_PAGES = ["school", "tasks", "indicators", "satisfaction", "history", "upload", "account"]
OFFICE_PAGES = ["overview", "reporting", "export", "par_scores"]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'demo.sqlite3'}"
    load_demo(open_database(url))
    return url


@pytest.fixture
def demo_db(demo_url, monkeypatch) -> str:
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    return demo_url


@pytest.fixture
def fresh_db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    open_database(url)
    return url


def run(app: AppTest, page: str | None = None) -> AppTest:
    app.run()
    if page is not None:
        app.switch_page(f"pages/{page}.py")
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown_text(app: AppTest) -> str:
    """Everything a page put on screen: texts, tables, choices and the charts' data."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
                                  "success", "code") for e in app.get(kind)]  # fmt: skip
    parts += [m.label + " " + str(m.value) for m in app.metric]
    parts += [d.value.to_csv() for d in app.dataframe]
    parts += [" ".join(map(str, s.options)) for s in app.selectbox]
    parts += [c.proto.spec for c in app.get("plotly_chart")]
    return "\n".join(str(p) for p in parts)


def other_units(url: str) -> list[dict]:
    return [u for u in list_units(open_database(url)) if u["unit_code"] != OWN]


# ---------------------------------------------------------------- logging in


def _login_page() -> None:
    from pages.ui.auth import login_page

    login_page()


def _login_app() -> AppTest:
    """The login page alone (app.py shows it to anyone not logged in; a test below checks that)."""
    return run(AppTest.from_function(_login_page, default_timeout=60))


def _next_view(app: AppTest) -> AppTest:
    """app.py in the session the login page left (its next page view)."""
    after = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    after.session_state["auth-user"] = app.session_state["auth-user"]
    return run(after)


def test_anyone_not_logged_in_sees_the_login_page_only(fresh_db):
    add_user(open_database(fresh_db), "lanh.dao", PASSWORD, VIEWER)
    app = run(
        AppTest.from_file(
            str(ROOT / "app.py"),
            default_timeout=60,
        ),
    )
    assert app.title[0].value == "Đăng nhập hệ thống theo dõi CCHC"
    assert [t.key for t in app.text_input] == ["login-username", "login-password"]
    assert not app.get("plotly_chart") and not app.dataframe and not app.metric and not app.sidebar.selectbox


def test_the_login_page_speaks_the_links_language(fresh_db):
    add_user(open_database(fresh_db), "lanh.dao", PASSWORD, VIEWER)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["lang"] = "en"
    run(app)
    from i18n import translate

    assert app.title[0].value == translate("auth.title", "en") != translate("auth.title", "vi")


def test_without_an_account_the_app_asks_for_the_first_administrator(fresh_db):
    app = _login_app()
    assert "tạo tài khoản quản trị viên đầu tiên" in app.info[0].value
    app.text_input(key="setup-username").input("truong.phong")
    app.text_input(key="setup-name").input("Nguyễn Thị Lan")
    app.text_input(key="setup-password").input("mot-mat-khau-dai")
    app.text_input(key="setup-again").input("mot-mat-khau-dai")
    app.button[0].click()
    run(app)
    after = _next_view(app)
    assert after.title[0].value == "Tổng quan"
    assert "Nguyễn Thị Lan" in after.sidebar.caption[0].value
    lines = audit.search(open_database(fresh_db), action="user-add")
    assert [(line["username"], line["detail"]["role"]) for line in lines] == [("truong.phong", "admin")]


def test_login_refuses_a_wrong_password_then_lets_the_right_one_in(fresh_db):
    add_user(open_database(fresh_db), "lanh.dao", PASSWORD, VIEWER, display_name="Trần Văn Bình")
    app = _login_app()
    app.text_input(key="login-username").input("lanh.dao")
    app.text_input(key="login-password").input("sai-mat-khau")
    app.button[0].click()
    run(app)
    assert "Sai tên đăng nhập hoặc mật khẩu" in app.error[0].value
    assert "auth-user" not in app.session_state
    app.text_input(key="login-password").input(PASSWORD)
    app.button[0].click()
    run(app)
    assert _next_view(app).title[0].value == "Tổng quan"
    actions = [line["action"] for line in audit.search(open_database(fresh_db), username="lanh.dao")]
    assert actions == ["login", "login-failed"]


def test_logging_out_is_logged(demo_db):
    """The way back to the login page is checked in the browser test: AppTest keeps the user it was given."""
    app = run(app_as(demo_db, VIEWER))
    next(b for b in app.sidebar.button if b.label == "Đăng xuất").click()
    run(app)
    assert audit.search(open_database(demo_db), action="logout", username="viewer-office")


def test_a_disabled_account_loses_its_session(demo_db):
    from pages.ui import auth

    engine = open_database(demo_db)
    add_user(engine, "tam.thoi", PASSWORD, VIEWER)
    app = app_as(demo_db)
    app.session_state["auth-user"] = account(demo_db)  # any user first, then swap to the one disabled
    from storage.accounts import get_user

    app.session_state["auth-user"] = get_user(engine, "tam.thoi")
    run(app)
    assert app.title[0].value == "Tổng quan"
    disable_user(engine, "tam.thoi")
    auth.forget_accounts()  # the app re-reads an account at most 30 s later; the test does not wait
    run(app)
    assert app.title[0].value == "Đăng nhập hệ thống theo dõi CCHC"


def test_a_password_reset_ends_the_sessions_opened_before_it(demo_db):
    """An administrator resets the password of an account someone else may be using: that session is over."""
    from pages.ui import auth
    from storage.accounts import get_user, reset_password

    engine = open_database(demo_db)
    add_user(engine, "bi.lo.mat.khau", PASSWORD, VIEWER)
    app = app_as(demo_db)
    app.session_state["auth-user"] = get_user(engine, "bi.lo.mat.khau")
    assert run(app).title[0].value == "Tổng quan"
    reset_password(engine, "bi.lo.mat.khau", "mat-khau-moi-456", by="admin-office")
    auth.forget_accounts()
    assert run(app).title[0].value == "Đăng nhập hệ thống theo dõi CCHC"
    assert "auth-user" not in app.session_state


# ---------------------------------------------------------------- a school's clerk


def test_a_clerk_has_only_the_pages_of_one_school(demo_db):
    app = run(app_as(demo_db, CLERK, clerk_of=OWN))
    assert app.title[0].value == "Hồ sơ đơn vị"
    for page in OFFICE_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"pages/{page}.py")


@pytest.mark.parametrize("page", OFFICE_PAGES)
def test_an_office_page_run_directly_refuses_a_clerk(demo_db, page):
    app = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    app.session_state["auth-user"] = account(demo_db, CLERK, OWN)
    run(app)
    assert app.error[0].value == "Tài khoản của bạn không được mở trang này."
    assert not app.get("plotly_chart") and not app.dataframe and not app.metric


@pytest.mark.parametrize("page", CLERK_PAGES)
def test_no_page_shows_a_clerk_another_school(demo_db, page):
    others = other_units(demo_db)
    # The URL names another school and asks for another school's data: neither is honoured.
    app = run(app_as(demo_db, CLERK, clerk_of=OWN, unit="TH03", level="thcs"), page)
    text = shown_text(app)
    leaked = [u["unit_code"] for u in others if re.search(rf"\b{u['unit_code']}\b", text) or u["unit_name"] in text]
    assert leaked == []
    if page in ("school", "history"):
        assert app.selectbox(key="unit").options == [f"{_name(demo_db, OWN)} ({OWN})"]


def _name(url: str, code: str) -> str:
    return next(u["unit_name"] for u in list_units(open_database(url)) if u["unit_code"] == code)


def test_a_clerks_figures_are_their_schools(demo_db):
    from core.catalogs import default_catalogs
    from metrics.views import restrict_units, school_table
    from storage.frames import load_frames

    own = school_table(restrict_units(load_frames(open_database(demo_db)), [OWN]), default_catalogs(), "2026-Q3")
    app = run(app_as(demo_db, CLERK, clerk_of=OWN))
    from core import formatting as fmt

    shown = {m.label: m.value for m in app.metric}
    assert shown["Hoàn thành nhiệm vụ"] == fmt.percent(own["completion_rate"].iloc[0])
    assert "Xếp hạng" not in shown  # a rank among one school would mislead


def test_a_clerk_cannot_store_another_schools_report(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'clerk.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    from loaders.units import read_units
    from storage.registry import upsert_units

    registry = "ma_don_vi,ten_don_vi,cap_hoc\nTH01,Trường Tiểu học Lê Lợi,Tiểu học\nMN01,Mầm non Hoa Sen,Mầm non\n"
    units, _ = read_units(registry.encode(), "units.csv")
    engine = open_database(url)
    upsert_units(engine, units)
    app = run(app_as(url, CLERK, clerk_of="MN01"), "upload")
    app.file_uploader[0].set_value([("TH01.xlsx", workbook_bytes(valid_sheets()), XLSX)]).run()
    assert not app.exception
    refused = as_read(app.error[0].value)  # said in full above the file's verdict, with no table to open
    assert "Tệp là báo cáo của đơn vị TH01; tài khoản clerk-mn01 chỉ được nộp báo cáo của đơn vị MN01." in refused
    templates = 2  # the blank template and the school's own quarter from its plan
    assert not app.dataframe and not app.get("download_button")[templates:]  # no marked copy: no cell is wrong
    store = next(b for b in app.button if b.label.startswith("Lưu "))
    assert store.disabled
    assert submission_history(engine, "TH01") == []
    app.run()  # a rerun shows the verdict again but logs the attempt only once
    [line] = audit.search(engine, action="upload-rejected")
    assert (line["username"], line["unit_code"], line["detail"]["file"]) == ("clerk-mn01", "TH01", "TH01.xlsx")
    assert line["detail"]["problems"][0].startswith("error unit-not-allowed")


def test_a_clerk_can_store_their_own_schools_report(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'own.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    from loaders.units import read_units
    from storage.registry import upsert_units

    units, _ = read_units("ma_don_vi,ten_don_vi,cap_hoc\nTH01,Trường Tiểu học Lê Lợi,Tiểu học\n".encode(), "u.csv")
    engine = open_database(url)
    upsert_units(engine, units)
    app = run(app_as(url, CLERK, clerk_of="TH01"), "upload")
    assert not app.date_input  # the received day decides on-time: a clerk's report is received when sent
    app.file_uploader[0].set_value([("TH01.xlsx", workbook_bytes(valid_sheets()), XLSX)]).run()
    next(b for b in app.button if b.label.startswith("Lưu ")).click().run()
    assert not app.exception
    assert [h["file_name"] for h in submission_history(engine, "TH01")] == ["TH01.xlsx"]
    assert submission_history(engine, "TH01")[0]["received_at"].date() == audit.wall_clock().date()
    line = audit.search(engine, action="upload-accepted")[0]
    assert (line["username"], line["unit_code"], line["detail"]["file"]) == ("clerk-th01", "TH01", "TH01.xlsx")


# ---------------------------------------------------------------- the office's viewer


def test_a_viewer_reads_everything_but_changes_nothing(demo_db):
    app = run(app_as(demo_db, VIEWER))
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/upload.py")
    run(app, "history")
    assert len(app.selectbox(key="unit").options) == len(list_units(open_database(demo_db)))
    assert not [b for b in app.button if b.label == "Khôi phục làm hiện hành"]
    direct = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60)
    direct.session_state["auth-user"] = account(demo_db, VIEWER)
    run(direct)
    assert direct.error[0].value == "Tài khoản của bạn không được mở trang này."
    assert not direct.file_uploader


def test_the_audited_builder_writes_one_line_with_who_and_what(demo_db, monkeypatch):
    from pages.ui import auth, scope, widgets

    who = account(demo_db, VIEWER)
    monkeypatch.setattr(auth, "current_user", lambda: who)
    monkeypatch.setattr(scope, "filters", lambda: scope.Filters("2026-Q3", None, "", "", "vi"))
    build = widgets.audited({"what": "report", "format": "xlsx"}, lambda: b"12345")
    assert build() == b"12345"
    line = audit.search(open_database(demo_db), action="export", username=who.username)[0]
    assert (line["period"], line["detail"]) == ("2026-Q3", {"what": "report", "format": "xlsx", "bytes": 5})


def test_storing_refuses_a_clerks_file_of_another_school_whatever_the_page_showed(tmp_path):
    """The write path checks the submitter itself: a verdict computed without the clerk's limit is not enough."""
    from datetime import datetime

    from loaders.units import read_units
    from pipeline.ingest import Registry, check_bytes, store
    from storage.registry import upsert_units
    from storage.submissions import rejection_history

    engine = open_database(f"sqlite:///{tmp_path / 'write.sqlite3'}")
    registry = "ma_don_vi,ten_don_vi,cap_hoc\nTH01,Trường Tiểu học Lê Lợi,Tiểu học\nMN01,Mầm non Hoa Sen,Mầm non\n"
    upsert_units(engine, read_units(registry.encode(), "u.csv")[0])
    add_user(engine, "van.thu.mn01", PASSWORD, CLERK, unit_code="MN01")
    from storage.accounts import get_user

    content = workbook_bytes(valid_sheets())  # TH01's report
    verdict = check_bytes(content, "TH01.xlsx", Registry.load(engine))
    assert verdict.accepted
    result = store(engine, verdict, content, datetime(2023, 6, 15, 9), submitter=get_user(engine, "van.thu.mn01"))
    assert not result.accepted
    assert result.report.problems[0].code == "unit-not-allowed"
    assert submission_history(engine, "TH01") == []
    refused = rejection_history(engine, "TH01")
    assert [p["code"] for p in refused[0]["problems"]][:1] == ["unit-not-allowed"]
    line = audit.search(engine, action="upload-rejected")[0]
    assert (line["username"], line["unit_code"]) == ("van.thu.mn01", "TH01")


def test_a_clerks_report_is_received_now_whatever_day_the_caller_gives(tmp_path):
    from datetime import datetime

    from loaders.units import read_units
    from pipeline.ingest import ingest_bytes
    from storage.accounts import get_user
    from storage.registry import upsert_units

    engine = open_database(f"sqlite:///{tmp_path / 'day.sqlite3'}")
    upsert_units(
        engine, read_units("ma_don_vi,ten_don_vi,cap_hoc\nTH01,Trường Tiểu học Lê Lợi,Tiểu học\n".encode(), "u.csv")[0]
    )
    add_user(engine, "van.thu.th01", PASSWORD, CLERK, unit_code="TH01")
    clerk = get_user(engine, "van.thu.th01")
    early = datetime(2023, 6, 1, 9)
    assert ingest_bytes(
        engine, workbook_bytes(valid_sheets()), "TH01.xlsx", received_at=early, submitter=clerk
    ).accepted
    assert submission_history(engine, "TH01")[0]["received_at"].date() == audit.wall_clock().date()
    assert ingest_bytes(engine, workbook_bytes(valid_sheets()), "TH01-b.xlsx", received_at=early).accepted
    received = {h["file_name"]: h["received_at"] for h in submission_history(engine, "TH01")}
    assert received["TH01-b.xlsx"] == early  # the server's operator back-fills


def test_the_history_page_says_who_stored_each_report_and_which_is_approved(tmp_path, monkeypatch):
    from loaders.units import read_units
    from storage import governance
    from storage.registry import upsert_units

    url = f"sqlite:///{tmp_path / 'who.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    engine = open_database(url)
    upsert_units(engine, read_units("ma_don_vi,ten_don_vi,cap_hoc\nTH01,Trường Lê Lợi,Tiểu học\n".encode(), "u.csv")[0])
    app = run(app_as(url, CLERK, clerk_of="TH01"), "upload")
    app.file_uploader[0].set_value([("TH01.xlsx", workbook_bytes(valid_sheets()), XLSX)]).run()
    next(b for b in app.button if b.label.startswith("Lưu ")).click().run()
    governance.approve(engine, "TH01", "2023-Q2", by="truong.phong")
    shown = run(app_as(url, VIEWER, unit="TH01"), "history").dataframe[0].value
    assert shown[["Tệp", "Người nộp"]].values.tolist() == [["TH01.xlsx", "clerk-th01"]]
    assert shown["Duyệt"].iloc[0].startswith("Đã duyệt, khóa (truong.phong, ")


def test_changing_ones_own_password_needs_the_current_one(demo_db):
    from storage.accounts import authenticate

    app = run(app_as(demo_db, CLERK, clerk_of=OWN), "account")
    assert "Văn thư trường TH02" in app.markdown[0].value

    def change(old: str, new: str, again: str) -> AppTest:
        fields = app.text_input
        fields[0].input(old)
        fields[1].input(new)
        fields[2].input(again)
        next(b for b in app.button if b.label == "Đổi mật khẩu").click()
        return run(app)

    assert change(PASSWORD, "mat-khau-moi-123", "mat-khau-khac-1").error[0].value == (
        "Hai lần nhập mật khẩu không giống nhau."
    )
    assert "không đúng" in change("sai-mat-khau", "mat-khau-moi-123", "mat-khau-moi-123").error[0].value
    other = run(app_as(demo_db, CLERK, clerk_of=OWN), "account")  # the same person on another computer
    assert change(PASSWORD, "mat-khau-moi-123", "mat-khau-moi-123").success[0].value == "Đã đổi mật khẩu."
    from pages.ui import auth

    auth.forget_accounts()  # the app re-reads an account at most 30 s later; the test does not wait
    assert run(app).title[0].value == "Tài khoản"  # this session goes on with the new password
    assert run(other).title[0].value == "Đăng nhập hệ thống theo dõi CCHC"  # the other one is over
    engine = open_database(demo_db)
    assert authenticate(engine, "clerk-th02", "mat-khau-moi-123") is not None
    from storage.accounts import reset_password

    reset_password(engine, "clerk-th02", PASSWORD)  # other tests of this module log in with it
