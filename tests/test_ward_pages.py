"""The app for accounts scoped to a ward (AppTest on the demo office: wards Khu vực 1, 2 and 3).

A ward's viewer sees its ward's schools only on every page; a link naming another ward
or another ward's school is refused and audited; a ward's administrator approves its
ward's reports and manages its ward's accounts; approval in two steps where the office
file says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from demo.load import load_demo
from pages.ui.menu import PAGES
from storage import audit
from storage.accounts import ADMIN, VIEWER, add_user, get_user
from storage.open import open_database
from storage.registry import list_units
from storage.ward_approval import ward_approvals
from tests.sessions import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
OWN, OTHER = "Khu vực 1", "Khu vực 2"
VIEWER_NAME, ADMIN_NAME = "xem.kv1", "qt.kv1"
OFFICE_PAGES = [Path(row.file).stem for row in PAGES if row.action in ("read", "read-office")]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('wards') / 'demo.sqlite3'}"
    engine = open_database(url)
    load_demo(engine)
    add_user(engine, VIEWER_NAME, PASSWORD, VIEWER, ward=OWN)
    add_user(engine, ADMIN_NAME, PASSWORD, ADMIN, ward=OWN)
    return url


@pytest.fixture
def demo_db(demo_url, monkeypatch) -> str:
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    return demo_url


def app_for(url: str, username: str, page: str | None = None, **params: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.session_state["auth-user"] = get_user(open_database(url), username)
    app.session_state["lang"] = "vi"
    app.run()
    if page is not None:
        app.switch_page(f"pages/{page}.py")
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown_text(app: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                  "success", "code") for e in app.get(kind)]  # fmt: skip
    parts += [m.label + " " + str(m.value) for m in app.metric]
    parts += [d.value.to_csv() for d in app.dataframe]
    parts += [" ".join(map(str, s.options)) for s in app.selectbox]
    parts += [" ".join(map(str, s.options)) for s in app.multiselect]
    parts += [c.proto.spec for c in app.get("plotly_chart")]
    return "\n".join(str(p) for p in parts)


def units_of(url: str, ward: str, *, inside: bool) -> list[dict]:
    return [u for u in list_units(open_database(url)) if (u["ward"] == ward) == inside]


@pytest.mark.parametrize("page", OFFICE_PAGES)
def test_no_page_shows_a_ward_viewer_another_wards_school(demo_db, page):
    app = app_for(demo_db, VIEWER_NAME, page)
    text = shown_text(app)
    others = units_of(demo_db, OWN, inside=False)
    leaked = [u["unit_code"] for u in others if re.search(rf"\b{u['unit_code']}\b", text) or u["unit_name"] in text]
    assert leaked == []
    assert any(c.value == f"Phạm vi: {OWN}" for c in app.sidebar.caption)


def test_a_ward_viewers_overview_holds_its_ward_and_compares_no_wards(demo_db):
    from core.catalogs import default_catalogs
    from metrics.summary import period_summary
    from metrics.views import restrict
    from storage.frames import load_frames

    own = period_summary(restrict(load_frames(open_database(demo_db)), ward=OWN), default_catalogs(), "2026-Q3")
    app = app_for(demo_db, VIEWER_NAME)
    reported = {m.label: m.value for m in app.metric}["Đơn vị đã nộp"]
    assert reported == f"{own['submission']['submitted']}/{own['submission']['expected']}"
    assert own["submission"]["expected"] == len(units_of(demo_db, OWN, inside=True))
    assert not any(s.value == "So sánh các phường, xã" for s in app.subheader)
    assert [s.key for s in app.sidebar.selectbox if s.key == "ward"] == []  # its one ward: nothing to choose


def test_a_link_naming_another_ward_or_its_school_is_refused_and_audited(demo_db):
    engine = open_database(demo_db)
    before = len(audit.search(engine, action="scope-refused"))
    app = app_for(demo_db, VIEWER_NAME, ward=OTHER)
    assert any(OTHER in e.value for e in app.error)
    other_school = units_of(demo_db, OWN, inside=False)[0]
    app = app_for(demo_db, VIEWER_NAME, "school", unit=other_school["unit_code"])
    assert any(other_school["unit_code"] in e.value for e in app.error)
    assert other_school["unit_name"] not in shown_text(app)
    app.run()  # the same session again: said again, written once
    lines = audit.search(engine, action="scope-refused")[: len(audit.search(engine, action="scope-refused")) - before]
    assert sorted((line["detail"]["param"], line["detail"]["value"]) for line in lines) == sorted(
        [("ward", OTHER), ("unit", other_school["unit_code"])]
    )
    assert {line["username"] for line in lines} == {VIEWER_NAME}


def test_a_ward_administrator_sees_and_approves_its_wards_reports_only(demo_db):
    app = app_for(demo_db, ADMIN_NAME, "admin_approval")
    listed = set(app.dataframe[0].value["Mã"])
    assert listed and listed <= {u["unit_code"] for u in units_of(demo_db, OWN, inside=True)}
    assert not any(s.value == "Khóa sổ cả quý" for s in app.subheader)  # closing a quarter is the city's
    app = app_for(demo_db, ADMIN_NAME, "admin_users")
    shown = set(app.dataframe[0].value["Tên đăng nhập"])
    assert shown == {ADMIN_NAME, VIEWER_NAME} | {a["username"] for a in _clerks_of(demo_db, OWN)}
    app = app_for(demo_db, ADMIN_NAME, "admin_registry")
    assert set(app.dataframe[0].value.iloc[:, 0]) == {u["unit_code"] for u in units_of(demo_db, OWN, inside=True)}


def _clerks_of(url: str, ward: str) -> list[dict]:
    from storage.accounts import list_users

    codes = {u["unit_code"] for u in units_of(url, ward, inside=True)}
    return [a for a in list_users(open_database(url)) if a["unit_code"] in codes]


def test_approval_in_two_steps_the_ward_approves_and_the_city_accepts(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'two-step.sqlite3'}"
    engine = open_database(url)
    load_demo(engine)
    add_user(engine, ADMIN_NAME, PASSWORD, ADMIN, ward=OWN)
    add_user(engine, "so.gddt", PASSWORD, ADMIN)
    office = json.loads((ROOT / "data" / "office.json").read_text(encoding="utf-8"))
    (tmp_path / "office.json").write_text(json.dumps({**office, "approval": "two-step"}), encoding="utf-8")
    monkeypatch.setenv("CCHC_OFFICE_FILE", str(tmp_path / "office.json"))
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    period = "2026-Q3"

    ward_app = app_for(url, ADMIN_NAME, "admin_approval")
    assert any(s.value == "Phường, xã duyệt báo cáo" for s in ward_app.subheader)
    waiting = [re.search(r"\(([A-Z0-9]+)\)$", o).group(1) for o in ward_app.multiselect(key="approve-units").options]
    code = waiting[0]
    assert {_ward(url, c) for c in waiting} == {OWN}
    ward_app.multiselect(key="approve-units").select(code).run()
    next(b for b in ward_app.button if b.label == "Duyệt 1 báo cáo").click().run()
    assert not ward_app.exception and [a["unit_code"] for a in ward_approvals(engine, period)] == [code]
    assert (code, period) not in {(a["unit_code"], a["period"]) for a in _locks(engine, period)}  # nothing locked

    city_app = app_for(url, "so.gddt", "admin_approval")
    assert any(s.value == "Thành phố chấp nhận và khóa báo cáo" for s in city_app.subheader)
    ready = [re.search(r"\(([A-Z0-9]+)\)$", o).group(1) for o in city_app.multiselect(key="approve-units").options]
    assert ready == [code]  # only what a ward approved awaits the city (every demo school has a ward)
    city_app.multiselect(key="approve-units").select(code).run()
    next(b for b in city_app.button if b.label == "Duyệt 1 báo cáo").click().run()
    assert not city_app.exception
    assert code in {a["unit_code"] for a in _locks(engine, period)}


def _locks(engine, period: str) -> list[dict]:
    from storage.governance import approvals

    return approvals(engine, period)


def _ward(url: str, code: str) -> str | None:
    return next(u["ward"] for u in list_units(open_database(url)) if u["unit_code"] == code)


def test_the_city_moves_an_office_account_to_another_ward_on_the_accounts_page(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'move.sqlite3'}"
    engine = open_database(url)
    load_demo(engine)
    add_user(engine, VIEWER_NAME, PASSWORD, VIEWER, ward=OWN)
    add_user(engine, ADMIN_NAME, PASSWORD, ADMIN, ward=OWN)
    add_user(engine, "so.gddt", PASSWORD, ADMIN)
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    app = app_for(url, "so.gddt", "admin_users")
    app.selectbox(key="ward-user-0").select(VIEWER_NAME).run()
    assert app.selectbox(key=f"ward-new-0-{VIEWER_NAME}").value == OWN  # its ward now
    app.selectbox(key=f"ward-new-0-{VIEWER_NAME}").select(OTHER).run()
    next(b for b in app.button if b.label == "Đổi phạm vi").click().run()
    escaped = VIEWER_NAME.replace(".", "\\.")  # as Markdown shows it
    assert not app.exception and app.success[0].value == f"Đã đổi phạm vi phường, xã của tài khoản {escaped}."
    assert get_user(engine, VIEWER_NAME).ward == OTHER
    assert audit.search(engine, action=["user-ward"])[0]["detail"] == {"user": VIEWER_NAME, "ward_before": OWN,
                                                                      "ward": OTHER}  # fmt: skip
    ward_admin = app_for(url, ADMIN_NAME, "admin_users")  # a ward's administrator has no other ward to give
    assert not any(s.value.startswith("Đổi phạm vi") for s in ward_admin.subheader)
