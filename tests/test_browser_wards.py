"""A city in Debian's Chromium: a ward's viewer sees its ward only, and a click on a ward narrows the city's view.

Reuses tests/test_browser.py's server, browser and login helpers (the demo office, whose
registry has the wards Khu vực 1, 2 and 3).
"""

from __future__ import annotations

from urllib.parse import quote

from test_browser import SHOTS, app_url, browser, demo_url, open_as, wait_until_idle  # noqa: F401  (fixtures)
from test_browser import pytestmark as pytestmark

from storage import audit
from storage.accounts import VIEWER, add_user, get_user
from storage.open import open_database
from storage.registry import list_units
from tests.test_browser import PASSWORD

OWN, OTHER = "Khu vực 1", "Khu vực 2"
WARD_VIEWER = "chuyen.vien.kv1"


def _ward_viewer(url: str) -> None:
    engine = open_database(url)
    if get_user(engine, WARD_VIEWER) is None:
        add_user(engine, WARD_VIEWER, PASSWORD, VIEWER, ward=OWN, display_name="Chuyên viên Khu vực 1")


def test_a_ward_viewer_sees_its_wards_schools_only_and_a_link_to_another_ward_is_refused(app_url, demo_url, browser):  # noqa: F811
    _ward_viewer(demo_url)
    units = list_units(open_database(demo_url))
    others = [u for u in units if u["ward"] != OWN]
    page = open_as(browser, app_url, f"?ward={quote(OTHER)}", username=WARD_VIEWER)  # a link naming another ward
    try:
        page.get_by_role("heading", name="Tổng quan", exact=True).wait_for(timeout=60_000)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        wait_until_idle(page)
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert f"Phạm vi: {OWN}" in sidebar
        assert "Khu vực" not in [line.strip() for line in sidebar.splitlines()]  # no ward filter to choose
        text = page.locator("body").inner_text()
        assert f"“{OTHER}”, ngoài phạm vi tài khoản" in text
        assert "So sánh các phường, xã" not in text
        assert [u["unit_code"] for u in others if u["unit_name"] in text or f"({u['unit_code']})" in text] == []
        own = [u for u in units if u["ward"] == OWN]
        reported = page.locator('[data-testid="stMetric"]').filter(has_text="Đơn vị đã nộp").inner_text()
        assert reported.split()[-1].endswith(f"/{len(own)}")  # every school counted is its ward's
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "ward-viewer.png"), full_page=True)
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Hồ sơ đơn vị").click()
        page.get_by_role("heading", name="Hồ sơ đơn vị", exact=True).wait_for(timeout=60_000)
        wait_until_idle(page)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        text = page.locator("body").inner_text()
        rank = page.locator('[data-testid="stMetric"]').filter(has_text="Xếp hạng").inner_text().split()[-1]
        assert 1 <= int(rank.split("/")[1]) <= len(own)  # ranked among its ward's schools only
        assert [u["unit_code"] for u in others if u["unit_name"] in text or f"({u['unit_code']})" in text] == []
    finally:
        page.close()
    [line] = [
        line
        for line in audit.search(open_database(demo_url), action="scope-refused", username=WARD_VIEWER)
        if line["detail"].get("value") == OTHER
    ]
    assert line["detail"]["via"] == "app" and line["detail"]["ward"] == OWN


def test_clicking_a_ward_narrows_every_page_to_it(app_url, browser):  # noqa: F811
    page = open_as(browser, app_url)
    try:
        bar = page.locator(".st-key-overview-wards .js-plotly-plot .bars .point path").first
        bar.wait_for(timeout=60_000)
        wait_until_idle(page)
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function("new URLSearchParams(location.search).has('ward')", timeout=30_000)
        wait_until_idle(page)
        ward = page.evaluate("new URLSearchParams(location.search).get('ward')")
        assert ward in ("Khu vực 1", "Khu vực 2", "Khu vực 3")
        assert (
            ward in page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
        )  # the scope's caption
        assert "So sánh các phường, xã" not in page.locator("body").inner_text()
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Nhiệm vụ CCHC").click()
        page.get_by_role("heading", name="Nhiệm vụ CCHC", exact=True).wait_for(timeout=60_000)
        wait_until_idle(page)
        assert (
            ward in page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
        )  # still narrowed
    finally:
        page.close()
