"""Every page works on six months, nine months and the year, and says what such a period counts."""

from __future__ import annotations

import pytest

from core import formatting as fmt
from core.catalogs import default_catalogs
from demo.load import load_demo
from i18n.catalog import EN, VI
from metrics.summary import period_summary
from pages.ui.menu import PAGES
from storage.frames import load_frames
from storage.open import open_database
from tests.sessions import app_as
from tests.test_english_pages import data_names, shown_texts, vietnamese_fragments

QUARTER_PAGES = {"approval"}  # it acts on one quarter at a time (the appraisal on a year)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('spans') / 'demo.sqlite3'}"
    load_demo(open_database(url))
    return url


def opened(url: str, monkeypatch, page: str, period: str, lang: str = "vi"):
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    app = app_as(url, q=period)
    app.session_state["lang"] = lang
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.mark.parametrize("period", ["2026-H1", "2025"])
@pytest.mark.parametrize("row", PAGES, ids=[row.name for row in PAGES])
def test_every_page_opens_on_a_span(demo_url, monkeypatch, row, period):
    app = opened(demo_url, monkeypatch, row.file, period)
    assert app.session_state["q"] == period  # the sidebar kept the span the link asked for
    infos = [str(e.value) for e in app.info]
    if row.name in QUARTER_PAGES:
        assert any("làm việc theo từng quý" in text for text in infos), infos


def test_the_sidebar_offers_the_spans_and_compares_like_with_like(demo_url, monkeypatch):
    app = opened(demo_url, monkeypatch, "pages/overview.py", "2026-H1")
    quarter, compare = app.selectbox(key="q"), app.selectbox(key="cmp")
    labels = {code: fmt.quarter(code) for code in ("2026-H1", "2026-9M", "2026", "2025", "2025-9M", "2025-H1")}
    assert quarter.options[:3] == [labels["2026-9M"], fmt.quarter("2026-Q3"), labels["2026-H1"]]  # newest first
    assert {labels[c] for c in ("2025", "2025-9M", "2025-H1")} <= set(quarter.options)
    assert labels["2026"] not in quarter.options  # no report of the year's last quarter yet
    assert compare.value == "2025-H1" and compare.options == [VI["filters.no_compare"], labels["2025-H1"]]


def test_the_overview_of_a_span_counts_quarterly_reports(demo_url, monkeypatch):
    app = opened(demo_url, monkeypatch, "pages/overview.py", "2026-H1")
    expected = period_summary(load_frames(open_database(demo_url)), default_catalogs(), "2026-H1")["submission"]
    reports = {m.label: m.value for m in app.metric}[VI["metric.reported_span"]]
    assert reports == f"{expected['submitted']}/{expected['expected']}"
    q1, q2 = (period_summary(load_frames(open_database(demo_url)), default_catalogs(), q)["submission"]
              for q in ("2026-Q1", "2026-Q2"))  # fmt: skip
    assert expected["expected"] == q1["expected"] + q2["expected"]


def test_the_reporting_page_of_a_span_names_each_quarter(demo_url, monkeypatch):
    app = opened(demo_url, monkeypatch, "pages/reporting.py", "2025")
    missing = next(f.value for f in app.dataframe if "quarter_label" in f.value.columns)
    assert set(missing["quarter_label"]) <= {fmt.quarter(f"2025-Q{n}") for n in range(1, 5)}
    assert {fmt.quarter("2025-Q1"), fmt.quarter("2025-Q4")} <= set(missing["quarter_label"])  # the demo's gaps


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/reporting.py", "pages/admin_approval.py"])
def test_a_span_in_english_speaks_english(demo_url, monkeypatch, page):
    app = opened(demo_url, monkeypatch, page, "2026-9M", lang="en")
    texts = shown_texts(app)
    fragments, names = vietnamese_fragments(), data_names(demo_url)
    cleaned = []
    for text in texts:
        for name in names:
            text = text.replace(name, "")
        cleaned.append(text)
    assert sorted({piece for text in cleaned for piece in fragments if piece in text}) == []
    assert any(EN["period.span.3"].format(year=2026) in text for text in texts)
