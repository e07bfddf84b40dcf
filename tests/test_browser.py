"""The running app in Debian's Chromium (Playwright): every page draws its charts and shows no exception.

Starts `streamlit run app.py` on a free local port over the demo office, opens each
page, waits for plotly's drawn SVG, and saves a screenshot of each in
`screenshots/` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from demo.load import load_demo
from storage.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "screenshots"
# As the machine's own probe starts Chromium: no sandbox as root, nothing fetched from outside.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
PAGES = {
    "": "Tổng quan",
    "reporting": "Tình hình nộp báo cáo",
    "tasks": "Nhiệm vụ CCHC",
    "indicators": "Chỉ tiêu",
    "satisfaction": "Sự hài lòng",
    "par_scores": "Điểm CCHC",
    "school?unit=TH01": "Hồ sơ đơn vị",
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.sqlite3'}"
    load_demo(make_engine(url))
    return url


@pytest.fixture(scope="module")
def app_url(demo_url, tmp_path_factory):
    data = tmp_path_factory.mktemp("browser-data")
    url = demo_url
    port = _free_port()
    env = os.environ | {"CCHC_DATABASE_URL": url, "CCHC_DATA_DIR": str(data)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the app did not start: " + server.stderr.read1(4000).decode(errors="replace"))
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_page_draws_its_charts_without_error(app_url, browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    try:
        page.goto(f"{app_url}/{path}")
        page.get_by_role("heading", name=PAGES[path], exact=True).wait_for(timeout=60_000)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator(".js-plotly-plot .trace").count() >= 1  # plotly drew its traces
        SHOTS.mkdir(exist_ok=True)
        name = path.split("?")[0] or "overview"
        page.screenshot(path=str(SHOTS / f"{name}.png"))
    finally:
        page.close()


def test_clicking_a_school_in_the_ranking_opens_its_profile(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(app_url)
        bar = page.locator(".js-plotly-plot .bars .point path").nth(3)
        bar.wait_for(timeout=60_000)
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.get_by_role("heading", name="Hồ sơ đơn vị", exact=True).wait_for(timeout=30_000)
        assert "unit=" in page.url
    finally:
        page.close()


SAMPLES = ROOT / "data" / "samples"


def test_upload_real_workbooks_then_see_them_on_the_overview(app_url, browser):
    """Runs last: it stores reports. Two valid samples (TH04, THCS04 had not reported) and one refused."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    try:
        page.goto(f"{app_url}/upload")
        page.get_by_role("heading", name="Nộp báo cáo", exact=True).wait_for(timeout=60_000)
        files = ["01_hop-le_mau-chuan.xlsx", "02_hop-le_trinh-bay-cong-van.xlsx", "03_loi_trang-thai-khong-hop-le.xlsx"]
        page.locator('input[type="file"]').set_input_files([str(SAMPLES / name) for name in files])
        page.get_by_text("01_hop-le_mau-chuan.xlsx — TH04 · Quý III/2026").wait_for(timeout=60_000)
        page.get_by_text("02_hop-le_trinh-bay-cong-van.xlsx — THCS04 · Quý III/2026").wait_for()
        page.get_by_text("03_loi_trang-thai-khong-hop-le.xlsx — MN05 · Quý III/2026").wait_for()
        page.get_by_text("Bị từ chối: 1 lỗi").wait_for()
        # the problems table is a canvas grid: its cells exist in the page, hidden to the eye
        page.get_by_text("Trạng thái “Đã xong” không hợp lệ", exact=False).first.wait_for(state="attached")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "upload.png"), full_page=True)
        page.get_by_role("button", name="Lưu 2 tệp hợp lệ").click()
        page.get_by_text("Đã lưu 2 báo cáo; 1 tệp bị từ chối").wait_for(timeout=60_000)

        page.goto(app_url)
        reported = page.locator('[data-testid="stMetric"]', has_text="Đơn vị đã nộp")
        reported.wait_for(timeout=60_000)
        assert "28/29" in reported.inner_text()  # 26 before, TH04 and THCS04 now in
    finally:
        page.close()


def test_download_the_export_and_check_its_numbers(app_url, demo_url, browser, tmp_path):
    """After the upload above: the exported workbook holds the metrics of the stored reports."""
    import openpyxl

    from core.catalogs import default_catalogs
    from metrics.summary import period_summary
    from storage.repository import load_frames

    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page.goto(f"{app_url}/export")
        page.get_by_role("heading", name="Xuất báo cáo", exact=True).wait_for(timeout=60_000)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Tải báo cáo Excel").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
    finally:
        page.close()
    assert path.name == "bao-cao-cchc_2026-Q3.xlsx"
    summary = period_summary(load_frames(make_engine(demo_url)), default_catalogs(), "2026-Q3")
    sheet = openpyxl.load_workbook(path)["Tổng hợp"]
    figures = {row[1]: row[2] for row in sheet.iter_rows(min_row=9, max_row=19, values_only=True)}
    assert figures["Số đơn vị đã nộp báo cáo"] == summary["submission"]["submitted"] == 28
    assert round(figures["Hoàn thành nhiệm vụ"] * 100, 2) == summary["overall"]["completion_rate"]
    assert figures["Nhiệm vụ quá hạn"] == summary["overall"]["overdue"]
