"""The Excel report and the CSV tables, on the demo office: layout, figures equal to the views, no formula."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import cli
from core.catalogs import Catalogs, default_catalogs
from core.office import Office, load_office
from demo.load import load_demo
from exports import export_csv, export_csv_zip, export_workbook
from exports.csvfiles import defuse
from exports.tables import build_tables
from exports.workbook import dated_line
from metrics import views
from metrics.frames import Frames
from storage.frames import load_frames
from storage.open import open_database
from storage.registry import upsert_units

PERIOD, COMPARE = "2026-Q3", "2026-Q2"
SIGNED = date(2026, 10, 20)
SHEETS = ["Tổng hợp", "Theo đơn vị", "Theo lĩnh vực", "Chỉ tiêu", "Sự hài lòng", "Điểm CCHC", "Nộp báo cáo"]
WITH_PLAN = [*SHEETS[:2], "Kế hoạch", *SHEETS[2:]]  # the demo's schools have plans
TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH QUÝ III/2026"
INJECTED = '=HYPERLINK("http://x","y")'
OFFICE = Office("Phòng Văn hóa – Xã hội phường Sông Xanh", "Ủy ban nhân dân phường Sông Xanh", "Sông Xanh", "VHXH")


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    """The demo office in a SQLite file, loaded once for the module (the tests only read it)."""
    path = tmp_path_factory.mktemp("exports") / "demo.sqlite3"
    engine = open_database(f"sqlite:///{path}")
    load_demo(engine)
    engine.dispose()  # the last connection checkpoints the WAL: the file alone holds everything
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def frames(demo_url: str) -> Frames:
    engine = open_database(demo_url)
    loaded = load_frames(engine)
    engine.dispose()
    return loaded


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return default_catalogs()


@pytest.fixture(scope="module")
def book(frames: Frames, catalogs: Catalogs) -> openpyxl.Workbook:
    content = export_workbook(frames, catalogs, PERIOD, OFFICE, compare=COMPARE, signed_on=SIGNED)
    return openpyxl.load_workbook(io.BytesIO(content))


def table_rows(ws: Worksheet) -> tuple[int, int, int, dict[str, int]]:
    """(first header row, last header row, last data row, header → column) of a sheet's table."""
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "STT")
    first = next(r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, 1).value == 1)
    last = first
    while ws.cell(last + 1, 2).value is not None:
        last += 1
    headers = {ws.cell(first - 1, c).value or ws.cell(top, c).value: c for c in range(1, ws.max_column + 1)}
    return top, first - 1, last, headers


def column(ws: Worksheet, header: str) -> list[object]:
    _, bottom, last, headers = table_rows(ws)
    return [ws.cell(r, headers[header]).value for r in range(bottom + 1, last + 1)]


def row_of(ws: Worksheet, key_header: str, key: object) -> dict[str, openpyxl.cell.Cell]:
    _, bottom, last, headers = table_rows(ws)
    for r in range(bottom + 1, last + 1):
        if ws.cell(r, headers[key_header]).value == key:
            return {name: ws.cell(r, c) for name, c in headers.items()}
    raise KeyError(key)


# ---------------------------------------------------------------- layout


def test_sheets_in_order(book):
    assert book.sheetnames == SHEETS


def test_every_sheet_starts_with_the_national_header_block(book):
    for ws in book.worksheets:
        right = next(c for c in range(2, ws.max_column + 1) if ws.cell(1, c).value)
        assert ws["A1"].value == "ỦY BAN NHÂN DÂN PHƯỜNG SÔNG XANH"
        assert ws["A2"].value == "PHÒNG VĂN HÓA – XÃ HỘI PHƯỜNG SÔNG XANH" and ws["A2"].font.b
        assert ws["A3"].value.startswith("Số:") and ws["A3"].value.endswith("/BC-VHXH")
        assert ws.cell(1, right).value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and ws.cell(1, right).font.b
        assert ws.cell(2, right).value == "Độc lập - Tự do - Hạnh phúc" and ws.cell(2, right).font.b
        assert ws.cell(3, right).value == "Sông Xanh, ngày 20 tháng 10 năm 2026" and ws.cell(3, right).font.i
        assert ws["A5"].value == TITLE and ws["A5"].font.b
        end = openpyxl.utils.get_column_letter(ws.max_column)
        left = openpyxl.utils.get_column_letter(right - 1)
        right_letter = openpyxl.utils.get_column_letter(right)
        merged = {str(r) for r in ws.merged_cells.ranges}
        for row in (1, 2, 3):
            assert f"A{row}:{left}{row}" in merged and f"{right_letter}{row}:{end}{row}" in merged
        assert f"A5:{end}5" in merged


def test_signature_block_below_the_table(book):
    ws = book["Theo đơn vị"]
    _, _, last, _ = table_rows(ws)
    below = [ws.cell(r, c).value for r in range(last + 1, ws.max_row + 1) for c in range(1, ws.max_column + 1)]
    assert {"NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "Sông Xanh, ngày 20 tháng 10 năm 2026"} <= set(below)


def test_satisfaction_levels_under_one_merged_group_header(book):
    ws = book["Sự hài lòng"]
    top, bottom, _, headers = table_rows(ws)
    assert bottom == top + 1
    first, last = headers["Rất không hài lòng"], headers["Rất hài lòng"]
    assert last - first == 4 and ws.cell(top, first).value == "Mức độ hài lòng (số phiếu)"
    letters = openpyxl.utils.get_column_letter
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"{letters(first)}{top}:{letters(last)}{top}" in merged
    assert f"A{top}:A{bottom}" in merged  # STT spans both header rows
    assert ws.cell(bottom, first + 1).value == "Không hài lòng"


def test_freeze_filter_and_print_setup(book):
    for ws in book.worksheets:
        top, bottom, last, _ = table_rows(ws)
        assert ws.freeze_panes == f"A{bottom + 1}"
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth or 1) == 1  # absent means 1 in OOXML
        assert int(ws.page_setup.fitToHeight) == 0
        assert ws.print_title_rows == f"${top}:${bottom}"
    ws = book["Theo đơn vị"]
    _, bottom, last, _ = table_rows(ws)
    assert ws.auto_filter.ref == f"A{bottom}:L{last}"
    assert not book["Tổng hợp"].auto_filter.ref


def test_every_cell_in_times_new_roman(book):
    for ws in book.worksheets:
        fonts = {cell.font.name for row in ws.iter_rows() for cell in row if cell.value is not None}
        assert fonts == {"Times New Roman"}, ws.title


# ---------------------------------------------------------------- figures equal the views


def test_school_sheet_equals_the_school_table(book, frames, catalogs):
    table = views.school_table(frames, catalogs, PERIOD)
    ws = book["Theo đơn vị"]
    assert column(ws, "Mã") == table["unit_code"].tolist()
    unit = table.iloc[3]
    row = row_of(ws, "Mã", unit["unit_code"])
    assert row["Tỷ lệ hoàn thành"].value == pytest.approx(unit["completion_rate"] / 100, rel=1e-12)
    assert row["Tỷ lệ hoàn thành"].number_format == "0.0%"
    assert row["Tỷ lệ đúng hạn"].value == pytest.approx(unit["on_time_rate"] / 100, rel=1e-12)
    assert (row["Số nhiệm vụ"].value, row["Hoàn thành"].value) == (unit["tasks"], unit["done"])
    assert row["Quá hạn"].value == unit["overdue"] and row["Xếp hạng"].value == unit["rank_label"]
    assert row["Cấp học"].value == catalogs.levels[unit["level"]].name
    missing = table.loc[~table["reported"].astype(bool), "unit_code"].tolist()
    assert missing and all(row_of(ws, "Mã", code)["Ghi chú"].value == "Chưa nộp báo cáo" for code in missing)


def test_summary_sheet_holds_the_pooled_figures(book, frames, catalogs):
    ws = book["Tổng hợp"]
    trend = views.trend(frames, catalogs, [PERIOD, COMPARE]).set_index("period")
    headline = views.headline(frames, catalogs, PERIOD, COMPARE)
    now, before = row_of(ws, "Chỉ số", "Hoàn thành nhiệm vụ"), row_of(ws, "Chỉ số", "Mức độ hài lòng")
    assert now["Quý III/2026"].value == pytest.approx(trend.at[PERIOD, "completion_rate"] / 100, rel=1e-12)
    assert round(now["Quý III/2026"].value * 100, 2) == headline.values["completion_rate"]
    assert now["Quý III/2026"].number_format == "0.0%"
    assert before["Quý II/2026"].value == pytest.approx(trend.at[COMPARE, "satisfaction"] / 100, rel=1e-12)
    assert round(before["Thay đổi"].value * 100, 2) == pytest.approx(headline.deltas["satisfaction"], abs=0.011)
    assert row_of(ws, "Chỉ số", "Số đơn vị phải nộp báo cáo")["Quý III/2026"].value == headline.submission["expected"]
    assert row_of(ws, "Chỉ số", "Số đơn vị đã nộp báo cáo")["Quý III/2026"].value == headline.submission["submitted"]
    assert row_of(ws, "Chỉ số", "Nhiệm vụ quá hạn")["Quý III/2026"].value == headline.values["overdue"]


def test_field_sheet_rows_and_total(book, frames, catalogs):
    table = views.field_table(frames, catalogs, PERIOD)
    ws = book["Theo lĩnh vực"]
    assert column(ws, "Lĩnh vực")[:-1] == [catalogs.par_fields[code].name for code in table["field"]]
    total = row_of(ws, "Lĩnh vực", "Tổng cộng")
    trend = views.trend(frames, catalogs, [PERIOD]).iloc[0]
    assert total["Số nhiệm vụ"].value == trend["tasks"] and total["Số nhiệm vụ"].font.b
    assert total["Tỷ lệ hoàn thành"].value == pytest.approx(trend["completion_rate"] / 100, rel=1e-12)
    assert total["Tỷ lệ đúng hạn"].value == pytest.approx(trend["on_time_rate"] / 100, rel=1e-12)


def test_indicator_sheet_rates_as_percent_counts_as_numbers(book, frames, catalogs):
    table = views.indicator_table(frames, catalogs, PERIOD).set_index("code")
    ws = book["Chỉ tiêu"]
    rate, count = table.loc["TTHC_TRUC_TUYEN"], table.loc["TIN_BAI_CCHC"]
    rate_row, count_row = row_of(ws, "Chỉ tiêu", rate["name"]), row_of(ws, "Chỉ tiêu", count["name"])
    assert rate_row["Giá trị"].value == pytest.approx(rate["value"] / 100, rel=1e-12)
    assert rate_row["Giá trị"].number_format == rate_row["Chỉ tiêu đặt ra"].number_format == "0.0%"
    assert rate_row["Chỉ tiêu đặt ra"].value == pytest.approx(0.8)
    assert count_row["Giá trị"].value == count["value"] and count_row["Giá trị"].number_format == "#,##0"
    assert rate_row["Đạt"].value == rate["schools_met"] and rate_row["Đánh giá"].value == "Đạt"


def test_satisfaction_sheet_counts_and_share(book, frames, catalogs):
    table = views.dimension_table(frames, catalogs, PERIOD, COMPARE).set_index("dimension")
    ws = book["Sự hài lòng"]
    factor = table.loc["TTHC"]
    row = row_of(ws, "Yếu tố", factor["name"])
    levels = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
    assert sum(row[level].value for level in levels) == row["Số phiếu"].value == factor["answers"]
    assert row["Hài lòng"].value + row["Rất hài lòng"].value == factor["satisfied_answers"]
    assert row["% hài lòng"].value == pytest.approx(factor["pct"] / 100, rel=1e-12)
    assert row["% hài lòng Quý II/2026"].value == pytest.approx(factor["pct_before"] / 100, rel=1e-12)


def test_par_and_reporting_sheets(book, frames, catalogs):
    par = views.par_school_table(frames, catalogs, PERIOD)
    ws = book["Điểm CCHC"]
    best = row_of(ws, "Mã", par.iloc[0]["unit_code"])
    assert best["Điểm CCHC"].value == pytest.approx(par.iloc[0]["score"] / 100, rel=1e-12)
    assert best["Điểm CCHC"].number_format == "0.00%" and best["Xếp hạng"].value == par.iloc[0]["rank_label"]
    status = views.reporting_status(frames, catalogs, PERIOD)
    states = column(book["Nộp báo cáo"], "Tình trạng")
    assert states.count("Chưa nộp") == int((~status["submitted"].astype(bool)).sum())
    assert column(book["Nộp báo cáo"], "Nộp đúng hạn").count("Đúng hạn") == int(status["on_time"].sum())


def test_level_and_ward_restrict_every_sheet(frames, catalogs):
    content = export_workbook(frames, catalogs, PERIOD, OFFICE, level="thcs", ward="Khu vực 1", signed_on=SIGNED)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb["Theo đơn vị"]["A7"].value == "Phạm vi: Cấp học: THCS; Phường, xã / khu vực: Khu vực 1"
    expected = views.school_table(views.restrict(frames, "thcs", "Khu vực 1"), catalogs, PERIOD)
    assert column(wb["Theo đơn vị"], "Mã") == expected["unit_code"].tolist()
    assert set(column(wb["Nộp báo cáo"], "Khu vực")) == {"Khu vực 1"}
    assert wb["Tổng hợp"].max_column == 3  # no compare quarter: STT, Chỉ số, the quarter


# ---------------------------------------------------------------- text never becomes a formula


@pytest.fixture
def injected_frames(demo_url: str, tmp_path: Path) -> Iterator[Frames]:
    """The demo with a school renamed to a formula and moved to a ward named like one, through the registry."""
    path = tmp_path / "copy.sqlite3"
    shutil.copy(demo_url.removeprefix("sqlite:///"), path)
    engine = open_database(f"sqlite:///{path}")
    upsert_units(engine, [{"unit_code": "MN01", "unit_name": INJECTED, "level": "mam_non", "ward": "@SUM(1+1)"}])
    yield load_frames(engine)
    engine.dispose()


def test_formula_like_text_stays_text_in_the_workbook(injected_frames, catalogs):
    wb = openpyxl.load_workbook(io.BytesIO(export_workbook(injected_frames, catalogs, PERIOD, OFFICE)))
    for sheet in ("Theo đơn vị", "Điểm CCHC", "Nộp báo cáo"):
        row = row_of(wb[sheet], "Mã", "MN01")
        assert row["Đơn vị"].value == INJECTED and row["Đơn vị"].data_type == "s"
        assert row["Khu vực"].value == "@SUM(1+1)" and row["Khu vực"].data_type == "s"
    assert not [c for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.data_type == "f"]


def test_office_names_are_text_too(frames, catalogs):
    office = Office("=1+1", "-cmd|' /C calc'!A0", "+Sông Xanh")
    wb = openpyxl.load_workbook(io.BytesIO(export_workbook(frames, catalogs, PERIOD, office, signed_on=SIGNED)))
    ws = wb["Tổng hợp"]
    assert (ws["A1"].data_type, ws["A2"].data_type) == ("s", "s")
    assert ws["A2"].value == "=1+1"


def test_csv_has_a_bom_and_defuses_formulas(injected_frames, catalogs):
    tables = build_tables(injected_frames, catalogs, PERIOD)
    content = export_csv(tables[1].frame)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["STT", "Mã", "Đơn vị", "Cấp học"]
    mine = next(row for row in rows if row[1] == "MN01")
    assert mine[2] == "'" + INJECTED and mine[4] == "'@SUM(1+1)"
    assert [defuse(s) for s in ("=1", "+1", "-1", "@a", "\tx", "\rx", "Trường", "1-2")] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "Trường", "1-2"
    ]  # fmt: skip


def test_csv_numbers_stay_numbers(frames, catalogs):
    summary = build_tables(frames, catalogs, PERIOD, COMPARE)[0]
    rows = list(csv.reader(io.StringIO(export_csv(summary.frame).decode("utf-8-sig"))))
    change = [row[4] for row in rows[1:]]
    assert any(value.startswith("-") for value in change)  # a negative number is a number, not text
    assert rows[1][2] == str(views.headline(frames, catalogs, PERIOD, COMPARE).submission["expected"])


def test_csv_zip_holds_every_table(frames, catalogs):
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(frames, catalogs, PERIOD, level="tieu_hoc")))
    names = archive.namelist()
    assert names[0] == "2026-Q3_01_tong-hop.csv" and len(names) == len(SHEETS)
    assert all(archive.read(name).startswith(b"\xef\xbb\xbf") for name in names)
    schools = archive.read("2026-Q3_02_theo-don-vi.csv").decode("utf-8-sig")
    assert "Tiểu học" in schools and "Mầm non" not in schools


# ---------------------------------------------------------------- the office is data


def test_dated_line_pads_small_days_and_months():
    assert dated_line("Sông Xanh", date(2026, 2, 5)) == "Sông Xanh, ngày 05 tháng 02 năm 2026"
    assert dated_line("Bình Minh", date(2026, 10, 20)) == "Bình Minh, ngày 20 tháng 10 năm 2026"
    assert dated_line("Bình Minh", date(2026, 3, 9)) == "Bình Minh, ngày 09 tháng 3 năm 2026"


def test_office_file_from_the_environment_and_its_former_names(tmp_path, monkeypatch):
    office = {"name": "Phòng GD", "parent": "UBND phường Bình Minh", "place": "Bình Minh", "since": "2025-07-01"}
    office |= {"former_name": "Phòng GD&ĐT quận Bình Minh", "former_parent": "UBND quận Bình Minh"}
    path = tmp_path / "office.json"
    path.write_text(json.dumps(office, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("CCHC_OFFICE_FILE", str(path))
    loaded = load_office()
    assert (loaded.name, loaded.place) == ("Phòng GD", "Bình Minh")
    assert loaded.as_of(date(2025, 6, 30)).name == "Phòng GD&ĐT quận Bình Minh"
    assert loaded.as_of(date(2025, 7, 1)) == loaded
    path.write_text(json.dumps({"name": "Phòng GD"}), encoding="utf-8")
    with pytest.raises(ValueError, match="parent, place"):
        load_office()


def test_default_office_file_is_the_demo_office(monkeypatch):
    monkeypatch.delenv("CCHC_OFFICE_FILE", raising=False)
    demo = json.loads((Path(__file__).parent.parent / "data" / "demo" / "office.json").read_text(encoding="utf-8"))
    office = load_office()
    assert (office.name, office.parent, office.place) == (demo["name"], demo["parent"], demo["place"])


# ---------------------------------------------------------------- the command line


def test_cli_export_end_to_end(demo_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    out, folder = tmp_path / "bao-cao" / "bc.xlsx", tmp_path / "csv"
    argv = ["export", "--period", "2026-Q3", "--compare", "2026-Q2", "--out", str(out), "--csv-dir", str(folder)]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed and str(folder) in printed
    assert openpyxl.load_workbook(out).sheetnames == WITH_PLAN
    assert len(list(folder.glob("2026-Q3_*.csv"))) == len(WITH_PLAN)
    assert cli.main(["export", "--period", "Quý III/2026", "--level", "THCS", "--out", str(tmp_path / "t.xlsx")]) == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--period", "2026-Q9"], "Kỳ không hợp lệ"),
        (["--period", "2020-Q1"], "Chưa có báo cáo nào cho Quý I/2020"),
        (["--period", "2026-Q3", "--level", "đại học"], "Cấp học không hợp lệ"),
        (["--period", "2026-Q3", "--ward", "Khu vực 9"], "Không có đơn vị nào"),
    ],
)
def test_cli_export_usage_errors(demo_url, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    out = tmp_path / "x.xlsx"
    assert cli.main(["export", *argv, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_pages_own_table_alone(frames, catalogs):
    """What a page's "download the table" offers: only its tables, in the report's form."""
    from exports.csvfiles import export_csv_files

    data = export_workbook(frames, catalogs, PERIOD, load_office(), only=("theo-linh-vuc",))
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["Theo lĩnh vực"]
    files = export_csv_files(frames, catalogs, PERIOD, only=("hai-long",))
    assert list(files) == [f"{PERIOD}_01_hai-long.csv"]
