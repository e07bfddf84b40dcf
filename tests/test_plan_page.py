"""The Kế hoạch page through AppTest: a unit's plan, loading plan workbooks with a verdict before storing."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from loaders.units import read_units
from storage.open import open_database
from storage.plans import current_plan
from storage.registry import upsert_units
from tests.plan_factory import PLAN_ROWS, plan_bytes
from tests.sessions import app_as, as_read

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS = (
    "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
    "TH01,Trường Tiểu học Lê Lợi,Tiểu học,KV1\n"
    "TH02,Trường Tiểu học Trần Phú,Tiểu học,KV2\n"
)


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'plan-page.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    db = open_database(url)
    units, _ = read_units(UNITS.encode(), "units.csv")
    upsert_units(db, units)
    return db


def plan_page(lang: str = "vi", **params: str) -> AppTest:
    app = app_as(os.environ["CCHC_DATABASE_URL"], **params)
    app.session_state["lang"] = lang
    app.session_state["plan-year"] = 2026
    app.run()
    app.switch_page("pages/plan.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_unit_without_a_plan_is_said_and_a_plan_is_stored_after_its_verdict(engine):
    app = plan_page(unit="TH01")
    assert any("chưa có kế hoạch năm 2026" in i.value for i in app.info)
    rows = [list(r) for r in PLAN_ROWS]
    rows[1][5] = "lúc nào rảnh"
    app.file_uploader[0].set_value([("ke-hoach.xlsx", plan_bytes(), XLSX), ("sai.xlsx", plan_bytes(rows), XLSX)])
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert [as_read(e.label) for e in app.expander] == ["ke-hoach.xlsx — TH01 · 2026", "sai.xlsx — TH01 · 2026"]
    problems = app.dataframe[-1].value
    assert problems.iloc[0].tolist()[1:4] == ["KeHoach", "5", "Thời hạn"]
    assert current_plan(engine, "TH01", 2026) is None  # nothing stored before the click
    store = next(b for b in app.button if b.label == "Lưu 1 kế hoạch hợp lệ")
    store.click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.success[0].value == "Đã lưu 1 kế hoạch; 1 tệp bị từ chối."
    stored = current_plan(engine, "TH01", 2026)
    assert [t["code"] for t in stored["tasks"]] == ["KH-01", "TH01-2026-001", "TH01-2026-002", "KH-04"]
    tasks = app.dataframe[0].value
    assert tasks["code"].tolist() == ["KH-01", "TH01-2026-001", "TH01-2026-002", "KH-04"]


def test_the_plan_page_in_english(engine):
    app = plan_page("en", unit="TH02")
    assert app.title[0].value == "CCHC plans"
    assert any(i.value == "Unit TH02 has no plan for 2026 yet." for i in app.info)
    app.file_uploader[0].set_value([("ke-hoach.xlsx", plan_bytes(), XLSX)]).run()
    assert as_read(app.expander[0].label) == "ke-hoach.xlsx — TH01 · 2026"
    assert app.expander[0].markdown[0].value == "4 valid tasks."
    assert any(b.label == "Store 1 valid plans" for b in app.button)
