"""The running app in Debian's Chromium (Playwright): every page draws its charts and shows no exception.

Starts `streamlit run server.py` on a free local port over the demo office, opens each
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
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from demo.load import load_demo
from storage.accounts import ADMIN, CLERK, add_user
from storage.open import open_database

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "screenshots"
# As the machine's own probe starts Chromium: no sandbox as root, nothing fetched from outside.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
PASSWORD = "mat-khau-thu-nghiem"
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
    engine = open_database(url)
    load_demo(engine)
    add_user(engine, "quan.tri", PASSWORD, ADMIN, display_name="Quản trị viên")
    add_user(engine, "van.thu.th02", PASSWORD, CLERK, unit_code="TH02", display_name="Văn thư TH02")
    return url


@pytest.fixture(scope="module")
def app_url(demo_url, tmp_path_factory):
    data = tmp_path_factory.mktemp("browser-data")
    url = demo_url
    port = _free_port()
    # The server's refresh ahead on, as deployed: the upload test's overview is its figures after the store.
    env = os.environ | {"CCHC_DATABASE_URL": url, "CCHC_DATA_DIR": str(data), "CCHC_REFRESH_AHEAD": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port),
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
    log = server.stderr.read().decode(errors="replace")
    assert "refresh ahead:" not in log, log[-3000:]  # no figure the background refresh failed to compute


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_as(browser, base: str, path: str = "", username: str = "quan.tri", **options):
    """A new browser tab on `path`, through the login page (every new tab is a new session)."""
    page = browser.new_page(**({"viewport": {"width": 1400, "height": 1000}} | options))
    page.goto(f"{base}/{path}")
    page.get_by_label("Tên đăng nhập").fill(username, timeout=60_000)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def wait_until_idle(page) -> None:
    """Until the page's run has ended: the previous page's elements are gone and nothing moves any more.

    Call it once the page's own run has begun (its heading is shown): before, the app may be idle still.
    """
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)


@pytest.mark.parametrize("path", list(PAGES))
def test_page_draws_its_charts_without_error(app_url, browser, path):
    page = open_as(browser, app_url, path, locale="vi-VN")
    try:
        page.get_by_role("heading", name=PAGES[path], exact=True).wait_for(timeout=60_000)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        wait_until_idle(page)  # what is not there is checked once the run has drawn all it draws
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator(".js-plotly-plot .trace").count() >= 1  # plotly drew its traces
        SHOTS.mkdir(exist_ok=True)
        name = path.split("?")[0] or "overview"
        page.screenshot(path=str(SHOTS / f"{name}.png"))
    finally:
        page.close()


def test_clicking_a_school_in_the_ranking_opens_its_profile(app_url, browser):
    page = open_as(browser, app_url)
    try:
        bar = page.locator(".js-plotly-plot .bars .point path").nth(3)
        bar.wait_for(timeout=60_000)
        wait_until_idle(page)
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.get_by_role("heading", name="Hồ sơ đơn vị", exact=True).wait_for(timeout=30_000)
        # the profile writes the school into the address while its run goes on, after the heading
        page.wait_for_function("new URLSearchParams(location.search).has('unit')", timeout=30_000)
    finally:
        page.close()


SAMPLES = ROOT / "data" / "samples"


def test_upload_real_workbooks_then_see_them_on_the_overview(app_url, browser):
    """Runs last: it stores reports. Two valid samples (TH04, THCS04 had not reported) and one refused."""
    page = open_as(browser, app_url, "upload", viewport={"width": 1400, "height": 1100})
    try:
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

        page.locator('[data-testid="stSidebarNav"]').get_by_text("Tổng quan", exact=True).click()
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
    from storage.frames import load_frames

    page = open_as(browser, app_url, "export", accept_downloads=True)
    try:
        page.get_by_role("heading", name="Xuất báo cáo", exact=True).wait_for(timeout=60_000)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Tải báo cáo Excel").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
    finally:
        page.close()
    assert path.name == "bao-cao-cchc_2026-Q3.xlsx"
    summary = period_summary(load_frames(open_database(demo_url)), default_catalogs(), "2026-Q3")
    sheet = openpyxl.load_workbook(path)["Tổng hợp"]
    figures = {row[1]: row[2] for row in sheet.iter_rows(min_row=9, max_row=19, values_only=True)}
    assert figures["Số đơn vị đã nộp báo cáo"] == summary["submission"]["submitted"] == 28
    assert round(figures["Hoàn thành nhiệm vụ"] * 100, 2) == summary["overall"]["completion_rate"]
    assert figures["Nhiệm vụ quá hạn"] == summary["overall"]["overdue"]


def test_a_school_clerk_logs_in_and_finds_only_their_school(app_url, demo_url, browser):
    from storage.registry import list_units

    others = [u for u in list_units(open_database(demo_url)) if u["unit_code"] != "TH02"]
    page = open_as(browser, app_url, "school?unit=TH01", username="van.thu.th02")  # a link to another school
    try:
        page.get_by_role("heading", name="Hồ sơ đơn vị", exact=True).wait_for(timeout=60_000)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        wait_until_idle(page)  # what is not there is checked once the run has drawn all it draws
        assert "Văn thư TH02" in page.locator('[data-testid="stSidebar"]').inner_text()
        links = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Nộp báo cáo" in links and "Tổng quan" not in links and "Điểm CCHC" not in links
        text = page.locator("body").inner_text()
        assert [u["unit_code"] for u in others if u["unit_name"] in text or f"({u['unit_code']})" in text] == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "clerk.png"), full_page=True)
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Đăng xuất").click()
        page.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    finally:
        page.close()


def _shown_box(page, element) -> dict:
    """Where an element is drawn, once it is (a rerun replacing it leaves it without a box for a moment)."""
    for _ in range(50):
        box = element.bounding_box()
        if box is not None:
            return box
        page.wait_for_timeout(200)
    raise AssertionError("the element is not shown")


def test_evidence_added_then_appraised_with_a_reason_and_made_final(app_url, demo_url, browser, tmp_path):
    """A school's evidence attached on its page; on the appraisal page the first item appraised as typed
    (`2,5` is 2.5 points, not 25: a number cell drops the comma) with its reason; the year made final."""
    from pipeline import appraisal
    from storage.evidence import list_evidence
    from storage.frames import load_frames

    engine = open_database(demo_url)
    frames = load_frames(engine)
    year = 2026
    assessed = frames.self_assessment.loc[frames.self_assessment["period"].str.startswith(f"{year}-Q")]
    code = sorted(assessed["unit_code"].unique())[-1]
    first = appraisal.year_sheet(engine, code, year).items.iloc[0]
    receipt = tmp_path / "bien-ban.pdf"
    receipt.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page = open_as(browser, app_url, f"evidence?unit={code}")
    try:
        page.get_by_role("heading", name="Tài liệu kiểm chứng", exact=True).wait_for(timeout=60_000)
        choose(page, "Gắn với", next(o for o in _target_options(first["item"])), first["item"])
        page.locator('input[type="file"]').set_input_files(str(receipt))
        page.get_by_text("bien-ban.pdf", exact=False).first.wait_for(timeout=60_000)  # the upload is listed
        page.get_by_role("button", name="Thêm tài liệu").click()
        page.get_by_text("tài liệu PDF", exact=False).first.wait_for(timeout=60_000)
        assert [f["file_name"] for f in list_evidence(engine, code, year)] == ["bien-ban.pdf"]

        page.locator('[data-testid="stSidebarNav"]').get_by_text("Thẩm định Chỉ số CCHC", exact=True).click()
        page.get_by_role("heading", name="Thẩm định Chỉ số CCHC", exact=True).wait_for(timeout=60_000)
        choose(page, "Năm", str(year), str(year))
        name = frames.units.set_index("unit_code").at[code, "unit_name"]
        choose(page, "Đơn vị", f"{name} ({code})", code)
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.wait_for(timeout=30_000)
        wait_until_idle(page)  # a click at a place on the canvas needs the table where it stays
        editor = page.locator("#portal textarea")  # the grid's cell editor, drawn over the canvas
        # The points, then the reason beside them (Enter moved the selection down a row: back up first).
        for typed, keys in (("2,5", ["ArrowRight"] * 4), ("Biên bản chưa có chữ ký", ["ArrowUp", "ArrowRight"])):
            for attempt in range(3):  # a table redrawn by a late rerun drops the click: click again, as a person would
                first_cell = typed == "2,5"
                if first_cell:
                    box = _shown_box(page, grid)  # where the table is now (a late rerun may have drawn it anew)
                    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)  # the first row's criterion
                for key in keys if first_cell or attempt == 0 else []:  # the reason's cell is reached once
                    page.keyboard.press(key)
                page.keyboard.press("Enter")  # open the cell's editor
                try:
                    editor.wait_for(timeout=10_000)
                    break
                except PlaywrightTimeout:
                    if attempt == 2:
                        raise
                    wait_until_idle(page)
            editor.press_sequentially(typed, delay=30)
            editor.press("Enter")
            editor.wait_for(state="detached", timeout=30_000)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "appraisal.png"))
        # The table hands the edit to the form 150 ms later, and on a busy machine later still; a person's
        # hand takes longer than that to reach the button: so does the test.
        page.wait_for_timeout(1_500)
        page.get_by_role("button", name="Lưu điểm thẩm định").click()
        page.get_by_text("Đã lưu: 1 mục thay đổi.").wait_for(timeout=60_000)
        page.get_by_text("Tôi đã xem xét đủ các tiêu chí").click()
        page.get_by_role("button", name="Chốt kết quả thẩm định").click()
        page.get_by_text(f"Đã chốt kết quả thẩm định năm {year}.").wait_for(timeout=60_000)
    finally:
        page.close()
    sheet = appraisal.year_sheet(engine, code, year)
    row = sheet.items.set_index("item").loc[first["item"]]
    assert (row["appraised_points"], row["reason"], row["evidence"]) == (2.5, "Biên bản chưa có chữ ký",
                                                                         ["bien-ban.pdf"])  # fmt: skip
    assert sheet.final


def _target_options(item: str) -> list[str]:
    """The evidence page's label of a criterion or field: `CODE · name`."""
    from core.frameworks import framework_for

    framework = framework_for(2026)
    return [f"{item} · {framework[item].name}"]


DEMO_PLANS = ROOT / "data" / "demo" / "plans"
# Counts a page's runs from now on: each start and end of a run changes the app's script state.
COUNT_RUNS = """() => {
    window.cchcRuns = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(changes => { window.cchcRuns += changes.length; })
        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def choose(page, label: str, option: str, typed: str) -> None:
    """Pick `option` in the main area's selectbox `label`, typing `typed` to find it (a no-op when chosen)."""
    box = page.locator('[data-testid="stMain"]').get_by_role("combobox", name=label)
    if box.input_value() == option:
        return
    box.click()
    box.fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


def test_a_plan_proposed_from_the_demo_word_file_is_stored_only_once_confirmed(app_url, demo_url, browser):
    """THCS06's 2026 plan exists only as a .docx: proposed in the editable table, one cell corrected, confirmed."""
    from demo.plans import WORD_PLAN, word_plan_file
    from loaders.docx_plan import propose_plan
    from storage.plans import current_plan

    engine = open_database(demo_url)
    code, year = WORD_PLAN
    document = DEMO_PLANS / word_plan_file(code, year)
    proposed = propose_plan(document.read_bytes(), document.name).rows
    assert current_plan(engine, code, year) is None
    page = open_as(browser, app_url)
    try:
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Kế hoạch CCHC", exact=True).click()
        page.get_by_role("heading", name="Kế hoạch CCHC", exact=True).wait_for(timeout=60_000)
        wait_until_idle(page)
        choose(page, "Năm", str(year), str(year))
        choose(page, "Đơn vị", "Trường THCS Nguyễn Văn Trỗi (THCS06)", code)
        page.get_by_text(f"Đơn vị {code} chưa có kế hoạch năm {year}.").wait_for(timeout=60_000)
        wait_until_idle(page)
        word = page.locator('[data-testid="stFileUploader"]', has_text="Chọn tệp kế hoạch Word (.docx)")
        word.locator('input[type="file"]').set_input_files(str(document))
        found = f"Đề xuất {len(proposed)} nhiệm vụ, {len(proposed)} nhiệm vụ có thời hạn (năm {year})."
        page.get_by_text(found).wait_for(timeout=60_000)
        wait_until_idle(page)  # the table is drawn where it stays: a click lands on its cell
        grid = page.locator('[data-testid="stDataFrame"]').first
        # the canvas grid keeps an accessible table: the header, a row per task, and the row to add one
        assert grid.locator('table[role="grid"]').get_attribute("aria-rowcount") == str(len(proposed) + 2)
        assert current_plan(engine, code, year) is None  # a proposal is never stored unseen

        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.evaluate(COUNT_RUNS)
        # the accessible table says which cell is selected (glide-cell-COLUMN-ROW, column 0 the row's checkbox)
        page.mouse.click(box["x"] + 300, box["y"] + 35 + 17)  # the first task's content
        grid.locator('[data-testid="glide-cell-2-0"][aria-selected="true"]').wait_for(state="attached", timeout=30_000)
        page.keyboard.press("ArrowRight")  # → who does it
        grid.locator('[data-testid="glide-cell-3-0"][aria-selected="true"]').wait_for(state="attached", timeout=30_000)
        page.keyboard.press("Enter")  # open the cell's editor
        editor = page.locator("#portal textarea")
        editor.wait_for(timeout=30_000)
        assert editor.input_value() == proposed[0].who
        editor.fill(f"{proposed[0].who}; Tổ Văn phòng")
        editor.press("Enter")
        editor.wait_for(state="detached", timeout=30_000)
        page.wait_for_function("window.cchcRuns > 0", timeout=30_000)  # the edit reached the page: it ran again
        wait_until_idle(page)
        assert current_plan(engine, code, year) is None
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "plan-docx.png"))

        page.get_by_role("button", name="Xác nhận và lưu").click()
        page.get_by_text(f"{document.stem}.xlsx — {code} · {year}").wait_for(timeout=60_000)  # the verdict
        page.get_by_text(f"{len(proposed)} nhiệm vụ hợp lệ.").wait_for(state="attached")  # folded: it was accepted
        page.get_by_text(f"Đã lưu kế hoạch năm {year} của {code}: {len(proposed)} nhiệm vụ.").wait_for(timeout=30_000)
        # The number and date come from the letterhead: the stored plan's caption names them.
        page.get_by_text(f"Kế hoạch số 6/KH-THCSNVT: {len(proposed)} nhiệm vụ", exact=False).wait_for(timeout=30_000)
    finally:
        page.close()
    stored = current_plan(engine, code, year)
    assert stored is not None and stored["file_name"] == f"{document.stem}.xlsx"
    assert (stored["number"], stored["issued_on"]) == ("6/KH-THCSNVT", date(2026, 1, 21))
    assert [(t["field"], t["content"], t["deadline"]) for t in stored["tasks"]] == [
        (row.field, row.content, row.deadline) for row in proposed
    ]
    assert [t["who"] for t in stored["tasks"]] == [f"{proposed[0].who}; Tổ Văn phòng"] + [r.who for r in proposed[1:]]


QUARTER = "2026-Q3"
NO_COMPLAINT = "Quý III trường không nhận phản ánh, kiến nghị nào nên Tổng số là 0"


def test_a_clerk_explains_their_schools_flag_and_the_office_resolves_it(app_url, demo_url, browser):
    """TH02 had no complaint to handle this quarter (Tổng số 0, 1 in its earlier quarters): its clerk says so on
    Chất lượng dữ liệu; the office, in another tab, lists the explained flags and marks it resolved."""
    from pipeline.quality import quarter_quality
    from storage.quality import EXPLAINED, RESOLVED, FlagKey, flag_state

    engine = open_database(demo_url)
    flags = quarter_quality(engine, QUARTER, unit_code="TH02")
    (flag,) = flags.loc[flags["item"].eq("PAKN_DUNG_HAN:tong_so")].itertuples()
    assert (flag.kind, flag.value, flag.reference, flag.state) == ("outlier-history", 0.0, 1.0, "open")
    key = FlagKey("TH02", QUARTER, flag.kind, flag.item, int(flag.submission_id))
    item = "Phản ánh, kiến nghị xử lý đúng hạn (Tổng số)"
    label = f"Trường Tiểu học Lê Lợi (TH02) · Khác thường so với các quý trước · {item}"
    why = f"{item}: 0, trong khi trung vị các quý trước của trường là 1."
    explained_by = f"Giải trình (van.thu.th02): {NO_COMPLAINT}"

    clerk = open_as(browser, app_url, username="van.thu.th02")
    try:
        clerk.get_by_role("heading", name="Hồ sơ đơn vị", exact=True).wait_for(timeout=60_000)  # a clerk's home
        wait_until_idle(clerk)
        clerk.locator('[data-testid="stSidebarNav"]').get_by_text("Chất lượng dữ liệu", exact=True).click()
        clerk.get_by_role("heading", name="Chất lượng dữ liệu", exact=True).wait_for(timeout=60_000)
        wait_until_idle(clerk)
        choose(clerk, "Xem một cảnh báo", label, "Tổng số")
        clerk.get_by_text(why).wait_for(timeout=30_000)
        wait_until_idle(clerk)
        assert _open_count(clerk, "Khác thường so với các quý trước") == 1  # the clerk sees their school's only
        assert clerk.get_by_role("button", name="Đánh dấu đã xử lý xong").count() == 0  # the office's to do
        clerk.get_by_label("Giải trình (số liệu đúng, vì sao)").fill(NO_COMPLAINT)
        clerk.get_by_role("button", name="Lưu giải trình").click()
        clerk.get_by_text("Đã lưu giải trình.").wait_for(timeout=60_000)
        wait_until_idle(clerk)
        assert flag_state(engine, key) == EXPLAINED
        assert _open_count(clerk, "Khác thường so với các quý trước") == 0  # explained: no longer open
        SHOTS.mkdir(exist_ok=True)
        clerk.screenshot(path=str(SHOTS / "quality-clerk.png"))
    finally:
        clerk.close()

    office = open_as(browser, app_url)
    try:
        office.get_by_role("heading", name="Tổng quan", exact=True).wait_for(timeout=60_000)
        wait_until_idle(office)
        office.locator('[data-testid="stSidebarNav"]').get_by_text("Chất lượng dữ liệu", exact=True).click()
        office.get_by_role("heading", name="Chất lượng dữ liệu", exact=True).wait_for(timeout=60_000)
        wait_until_idle(office)
        office.locator('[data-testid="stMain"]').get_by_role("combobox", name="Tình trạng").click()
        office.get_by_role("option", name="Đã giải trình", exact=True).click()
        office.keyboard.press("Escape")
        wait_until_idle(office)
        office.get_by_role("button", name="Remove Chưa xử lý").click()  # the explained flags only
        office.get_by_text(explained_by).wait_for(timeout=60_000)
        wait_until_idle(office)
        picked = office.locator('[data-testid="stMain"]').get_by_role("combobox", name="Xem một cảnh báo")
        assert picked.input_value() == label  # the only explained flag of the quarter
        assert office.get_by_text(why).count() == 1
        office.get_by_role("button", name="Đánh dấu đã xử lý xong").click()
        office.get_by_text("Đã đánh dấu xử lý xong.").wait_for(timeout=60_000)
        wait_until_idle(office)
        assert flag_state(engine, key) == RESOLVED
        office.get_by_text("Không có cảnh báo nào như đã chọn trong Quý III/2026.").wait_for(timeout=30_000)
        SHOTS.mkdir(exist_ok=True)
        office.screenshot(path=str(SHOTS / "quality-office.png"))
    finally:
        office.close()
    (row,) = quarter_quality(engine, QUARTER, unit_code="TH02").query("item == 'PAKN_DUNG_HAN:tong_so'").itertuples()
    assert (row.state, row.explanation, row.changed_by) == (RESOLVED, NO_COMPLAINT, "quan.tri")


def _open_count(page, kind: str) -> int:
    """The page's count of the open flags of a kind (its metric at the top)."""
    metric = page.locator('[data-testid="stMetric"]', has_text=kind)
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text())
