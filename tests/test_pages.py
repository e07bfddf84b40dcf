"""Every page of the app through Streamlit's AppTest: on the demo office and on an empty database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import formatting as fmt
from core.catalogs import default_catalogs
from demo.load import load_demo
from metrics.summary import period_summary
from storage.frames import load_frames
from storage.open import open_database
from tests.sessions import app_as

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "reporting", "tasks", "indicators", "satisfaction", "par_scores", "school", "export"]
LATEST, PREVIOUS = "2026-Q3", "2026-Q2"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'demo.sqlite3'}"
    load_demo(open_database(url))
    return url


@pytest.fixture
def demo_db(demo_url, monkeypatch) -> str:
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    return demo_url


@pytest.fixture
def empty_db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    return url


def open_page(page: str, **params: str) -> AppTest:
    app = app_as(os.environ["CCHC_DATABASE_URL"], **params)
    app.run()
    if page != "overview":
        app.switch_page(f"pages/{page}.py")
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo_office(demo_db, page):
    app = open_page(page)
    assert app.title[0].value
    assert not app.error


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_how_to_start_on_an_empty_database(empty_db, page):
    app = open_page(page)
    assert "Chưa có báo cáo nào" in app.info[0].value


def test_overview_figures_equal_the_metrics(demo_db):
    summary = period_summary(load_frames(open_database(demo_db)), default_catalogs(), LATEST)
    app = open_page("overview")
    overall, submission = summary["overall"], summary["submission"]
    assert metric(app, "Hoàn thành nhiệm vụ") == fmt.percent(overall["completion_rate"])
    assert metric(app, "Hoàn thành đúng hạn") == fmt.percent(overall["on_time_rate"])
    assert metric(app, "Nhiệm vụ quá hạn") == fmt.number(overall["overdue"])
    assert metric(app, "Mức độ hài lòng") == fmt.percent(overall["satisfaction"])
    assert metric(app, "Tỷ lệ nộp báo cáo") == fmt.percent(submission["rate"])
    assert metric(app, "Đơn vị đã nộp") == f"{submission['submitted']}/{submission['expected']}"
    missing = app.dataframe[1].value  # after the wards side by side
    assert sorted(missing["Mã"]) == sorted(u["unit_code"] for u in summary["units"] if not u["reported"])


def test_the_overview_compares_the_wards_and_a_click_narrows_every_page(demo_db):
    from metrics.views import ward_table
    from pages.ui.widgets import WARD_PENDING

    frames = load_frames(open_database(demo_db))
    expected = ward_table(frames, default_catalogs(), LATEST)
    due = period_summary(frames, default_catalogs(), LATEST)["submission"]["expected"]
    app = open_page("overview")
    wards = app.dataframe[0].value
    assert wards["Phường, xã"].tolist() == expected["ward"].tolist()
    assert wards["Xếp hạng"].tolist() == expected["rank_label"].tolist()
    assert wards["Tỷ lệ hoàn thành (%)"].tolist() == [fmt.number(v, 1) for v in expected["completion_rate"]]
    assert "," in wards["Tỷ lệ hoàn thành (%)"].iloc[0]  # 74,8: as Vietnamese writes it
    assert wards["Số trường phải nộp"].astype(int).sum() == due  # every demo school has its ward
    app.session_state[WARD_PENDING] = "Khu vực 2"  # what a click on the ward's bar leaves for the next run
    app.run()
    assert not app.exception and app.session_state["ward"] == "Khu vực 2"
    assert "Khu vực 2" in app.caption[0].value and not any(s.value == "So sánh các phường, xã" for s in app.subheader)


def test_quarter_and_compare_come_from_the_url(demo_db):
    summary = period_summary(load_frames(open_database(demo_db)), default_catalogs(), PREVIOUS)
    app = open_page("overview", q=PREVIOUS, cmp="2026-Q1")
    assert metric(app, "Hoàn thành nhiệm vụ") == fmt.percent(summary["overall"]["completion_rate"])
    assert app.caption[0].value.startswith("Quý II/2026")
    assert "so với Quý I/2026" in app.caption[0].value


def test_level_filter_restricts_the_figures(demo_db):
    frames = load_frames(open_database(demo_db))
    from metrics.views import restrict

    summary = period_summary(restrict(frames, level="thcs"), default_catalogs(), LATEST)
    app = open_page("overview", level="thcs")
    assert metric(app, "Hoàn thành nhiệm vụ") == fmt.percent(summary["overall"]["completion_rate"])
    assert metric(app, "Đơn vị đã nộp") == f"{summary['submission']['submitted']}/{summary['submission']['expected']}"


def test_english_is_a_choice(demo_db):
    app = open_page("overview", lang="en")
    assert app.title[0].value == "Overview"
    assert any(m.label == "Tasks completed" for m in app.metric)


def test_reporting_page_lists_the_missing_schools_and_a_reminder(demo_db):
    app = open_page("reporting")
    missing = app.dataframe[0].value
    assert sorted(missing["unit_code"]) == ["MN05", "TH04", "THCS04"]
    reminder = app.code[0].value
    assert "Quý III/2026" in reminder and "20/09/2026" in reminder and "TH04" in reminder


def test_school_profile_from_the_url(demo_db):
    app = open_page("school", unit="TH01")
    assert "TH01" in app.selectbox(key="unit").value
    tasks = app.dataframe[0].value
    frames = load_frames(open_database(demo_db))
    expected = frames.tasks.loc[frames.tasks["unit_code"].eq("TH01") & frames.tasks["period"].eq(LATEST)]
    assert len(tasks) == len(expected)


def test_tasks_page_overdue_list_matches_the_metric(demo_db):
    summary = period_summary(load_frames(open_database(demo_db)), default_catalogs(), LATEST)
    app = open_page("tasks")
    assert any(f"{summary['overall']['overdue']} nhiệm vụ quá hạn" in c.value for c in app.caption)


def test_export_page_offers_the_workbook_and_the_csv_files(demo_db):
    app = open_page("export")
    labels = [d.label for d in app.get("download_button")]
    assert "Tải báo cáo Excel" in labels and "Tải các bảng dạng CSV (.zip)" in labels


def test_overview_changes_are_percentage_points_in_the_languages_own_numbers(demo_db):
    from i18n import translate

    frames = load_frames(open_database(demo_db))
    now, before = (period_summary(frames, default_catalogs(), p)["overall"] for p in (LATEST, PREVIOUS))
    change = now["completion_rate"] - before["completion_rate"]
    for lang, unit in (("vi", "điểm %"), ("en", "pp")):
        app = open_page("overview", lang=lang, q=LATEST, cmp=PREVIOUS)
        delta = next(m.delta for m in app.metric if m.label == translate("metric.completion_rate", lang))
        assert delta == ("+" if change > 0 else "") + fmt.number(change, 1, lang) + " " + unit


def test_reporting_page_follows_the_plans_of_the_quarter(demo_db):
    from pipeline.plans import continuity_list

    expected = continuity_list(open_database(demo_db), LATEST)["kind"].value_counts()
    assert expected.get("missing", 0) > 0 and expected.get("unplanned", 0) > 0  # the demo has something to show
    app = open_page("reporting")
    for kind, label in (("missing", "Thiếu so với kế hoạch"), ("unplanned", "Ngoài kế hoạch"),
                        ("deadline-moved", "Đổi thời hạn"), ("went-back", "Lùi trạng thái")):  # fmt: skip
        assert metric(app, label) == str(expected.get(kind, 0)), kind
    assert len(app.dataframe[-1].value) == int(expected.sum())


def test_school_profile_lists_its_own_plan_follow_up(demo_db):
    from pipeline.plans import continuity_list

    found = continuity_list(open_database(demo_db), LATEST)
    mine = found.loc[found["unit_code"].eq("TH01")]
    app = open_page("school", unit="TH01")
    shown = app.dataframe[1].value
    assert shown["task"].tolist() == mine["task"].fillna("–").tolist()  # an unplanned row has no code: "–"


def test_overview_and_school_profile_show_plan_completion_next_to_task_completion(demo_db):
    from metrics.plan_completion import pooled
    from pipeline.plans import plan_completion_table

    table = plan_completion_table(open_database(demo_db), LATEST)
    app = open_page("overview")
    assert metric(app, "Hoàn thành kế hoạch") == fmt.percent(pooled(table), 1)
    labels = [m.label for m in app.metric]
    assert labels.index("Hoàn thành kế hoạch") == labels.index("Hoàn thành nhiệm vụ") + 1
    school = open_page("school", unit="TH01")
    th01 = table.loc[table["unit_code"].eq("TH01"), "plan_completion"].item()
    assert metric(school, "Hoàn thành kế hoạch") == fmt.percent(th01, 1)
