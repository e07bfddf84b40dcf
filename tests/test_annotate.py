"""The school's workbook sent back with each problem on its cell and the whole list on "Cần sửa"."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font

from loaders import annotate as annotate_module
from loaders.annotate import (
    AUTHOR,
    ERROR_COLOR,
    ERROR_ROW_COLOR,
    LIST_HEADER,
    LIST_SHEET,
    WARNING_COLOR,
    annotated_copy,
    suggested_name,
)
from loaders.guard import megabytes
from loaders.problems import Problem, problem
from loaders.read import load_report
from tests.workbook_factory import REGISTRY, valid_sheets, workbook_bytes

DATA = Path(__file__).resolve().parent / "data"
STATUS_MESSAGE = "Trạng thái “Đang làm dở” không hợp lệ"


def checked(content: bytes, name: str = "bao-cao.xlsx") -> list[Problem]:
    return load_report(content, name, registry=REGISTRY).problems


def annotate(content: bytes, name: str = "bao-cao.xlsx", problems: list[Problem] | None = None):
    """(the annotated workbook read back, its suggested name, the problems it was given)."""
    problems = checked(content, name) if problems is None else problems
    out, suggested = annotated_copy(content, name, problems)
    return openpyxl.load_workbook(io.BytesIO(out), rich_text=True), suggested, problems


def bad_status_xlsx() -> bytes:
    sheets = valid_sheets()
    sheets["NhiemVu"][4][5] = "Đang làm dở"  # NhiemVu row 5, column F (Trạng thái)
    return workbook_bytes(sheets)


def color(cell) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def marked(wb) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(sheet, cell) → (fill colour, comment text) for every cell filled or commented by us, outside the list."""
    found = {}
    for ws in wb.worksheets:
        if ws.title == LIST_SHEET:
            continue
        for row in ws.iter_rows():
            for cell in row:
                ours = cell.comment is not None and cell.comment.author == AUTHOR
                if ours or cell.fill.fill_type is not None:
                    found[(ws.title, cell.coordinate)] = (color(cell), cell.comment and cell.comment.text)
    return found


def comment_shapes(content: bytes) -> str:
    """The comments' drawn boxes (openpyxl does not read their size back)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".vml"))


def listed(wb) -> list[tuple[object, ...]]:
    return [row for row in wb[LIST_SHEET].iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]


def expected_list(problems: list[Problem]) -> list[tuple[object, ...]]:
    return [
        (n, p.sheet, p.row, p.column, "Lỗi" if p.is_error else "Cảnh báo", p.message)
        for n, p in enumerate(problems, start=1)
    ]


def test_unknown_status_fills_and_comments_exactly_that_cell():
    wb, name, problems = annotate(bad_status_xlsx())
    assert [(p.sheet, p.row, p.column, p.code) for p in problems] == [("NhiemVu", 5, "Trạng thái", "unknown-status")]
    assert name == "bao-cao_can-sua.xlsx"
    assert wb.sheetnames[0] == LIST_SHEET and wb.active.title == LIST_SHEET
    cell = wb["NhiemVu"]["F5"]
    assert color(cell) == ERROR_COLOR
    assert cell.comment.author == AUTHOR
    assert problems[0].message in cell.comment.text and STATUS_MESSAGE in cell.comment.text
    assert "width:340px" in comment_shapes(annotated_copy(bad_status_xlsx(), "bao-cao.xlsx", problems)[0])
    assert marked(wb) == {("NhiemVu", "F5"): (ERROR_COLOR, cell.comment.text)}
    assert cell.value == "Đang làm dở"


def test_month_first_date_marks_the_deadline_cell():
    sheets = valid_sheets()
    sheets["NhiemVu"][3][4] = "06/20/2023"  # Thời hạn, row 4, column E
    wb, _, problems = annotate(workbook_bytes(sheets))
    assert [(p.row, p.column, p.code) for p in problems] == [(4, "Thời hạn", "bad-date")]
    cell = wb["NhiemVu"]["E4"]
    assert color(cell) == ERROR_COLOR and problems[0].message in cell.comment.text
    assert "06/20/2023" in cell.comment.text
    assert set(marked(wb)) == {("NhiemVu", "E4")}


def test_info_value_is_marked_beside_its_label_and_warnings_are_yellow():
    sheets = valid_sheets()
    sheets["ThongTin"][3][1] = "Trường TH Lê Lợi"  # a different unit name: a warning on B4
    sheets["ThongTin"][4][1] = "Quý 7/2023"  # an unreadable period: an error on B5
    wb, _, problems = annotate(workbook_bytes(sheets))
    assert [(p.row, p.code, p.severity) for p in problems] == [
        (5, "bad-period", "error"),
        (4, "unit-name-mismatch", "warning"),
    ]
    info = wb["ThongTin"]
    assert color(info["B5"]) == ERROR_COLOR and info["B5"].comment.text.startswith("Lỗi: ")
    assert color(info["B4"]) == WARNING_COLOR and info["B4"].comment.text.startswith("Cảnh báo: ")
    assert problems[1].message in info["B4"].comment.text
    assert set(marked(wb)) == {("ThongTin", "B4"), ("ThongTin", "B5")}


def test_missing_column_is_listed_with_its_sheet_and_noted_on_the_header_row():
    sheets = valid_sheets()
    header = list(sheets["NhiemVu"][2])  # a copy: valid_sheets() shares the header lists
    header[5] = "Ghi chú thêm"  # no Trạng thái header any more
    sheets["NhiemVu"][2] = header
    wb, _, problems = annotate(workbook_bytes(sheets))
    missing = next(p for p in problems if p.code == "missing-column")
    assert (missing.sheet, missing.row, missing.column) == ("NhiemVu", 3, "Trạng thái")
    assert (1, "NhiemVu", 3, "Trạng thái", "Lỗi", missing.message) in listed(wb)
    header = wb["NhiemVu"]
    # No cell holds the missing column: the header row is tinted and the comment sits on its first cell.
    assert missing.message in header["A3"].comment.text
    assert [color(header.cell(3, col)) for col in range(1, 8)] == [ERROR_ROW_COLOR] * 5 + [
        WARNING_COLOR,
        ERROR_ROW_COLOR,
    ]
    unknown = next(p for p in problems if p.code == "unknown-column")
    assert unknown.message in header["F3"].comment.text  # the unknown header is a cell of its own


def test_list_holds_every_problem_in_order_with_rows_and_links():
    sheets = valid_sheets()
    sheets["NhiemVu"][4][5] = "Đang làm dở"
    sheets["NhiemVu"][3][4] = "06/20/2023"
    sheets["HaiLong"][3][2] = 99  # the levels add up to 100
    sheets["ThongTin"][2][1] = "XX99"
    del sheets["TuDanhGia"]
    del sheets["ChiTieu"]
    wb, _, problems = annotate(workbook_bytes(sheets))
    assert len(problems) == 5
    assert {p.code for p in problems} >= {"missing-sheet", "unknown-unit", "answers-mismatch"}
    assert listed(wb) == expected_list(problems)
    listing = wb[LIST_SHEET]
    assert tuple(c.value for c in listing[1]) == LIST_HEADER
    assert all(c.font.b for c in listing[1])
    assert listing.column_dimensions["F"].width >= 60 and listing.freeze_panes == "A2"
    links = {row[0].value: row[1].hyperlink for row in listing.iter_rows(min_row=2)}
    by_number = dict(enumerate(problems, start=1))
    for n, link in links.items():
        if by_number[n].code == "missing-sheet":
            assert link is None  # nothing to point at
        else:
            assert link.location.startswith(f"'{by_number[n].sheet}'!")
    status = next(n for n, p in by_number.items() if p.code == "unknown-status")
    assert links[status].location == "'NhiemVu'!F5"


def test_original_values_formatting_and_other_cells_are_unchanged():
    source = openpyxl.load_workbook(io.BytesIO(bad_status_xlsx()))
    source["NhiemVu"]["C4"].font = Font(bold=True, color="FF0000FF")
    source["NhiemVu"].column_dimensions["C"].width = 48
    source["NhiemVu"]["C5"].comment = Comment("Nhà trường ghi chú", "Trường")
    source["NhiemVu"]["F5"].comment = Comment("Trạng thái theo báo cáo tháng", "Trường")
    source["ChiTieu"].merge_cells("A1:E1")
    buffer = io.BytesIO()
    source.save(buffer)
    wb, _, _ = annotate(buffer.getvalue())
    for ws in source.worksheets:
        copy = wb[ws.title]
        assert [[c.value for c in row] for row in copy.iter_rows()] == [
            [c.value for c in row] for row in ws.iter_rows()
        ]
    tasks = wb["NhiemVu"]
    assert tasks["C4"].font.b and tasks["C4"].font.color.rgb == "FF0000FF"
    assert tasks.column_dimensions["C"].width == 48
    assert tasks["E4"].number_format == "dd/mm/yyyy" and tasks["E4"].value == datetime(2023, 6, 20)
    assert tasks["C5"].comment.text == "Nhà trường ghi chú"  # the school's own notes stay
    assert STATUS_MESSAGE in tasks["F5"].comment.text and "Trạng thái theo báo cáo tháng" in tasks["F5"].comment.text
    assert "A1:E1" in {str(r) for r in wb["ChiTieu"].merged_cells.ranges}
    assert set(marked(wb)) == {("NhiemVu", "F5")}


@pytest.mark.parametrize("name", ["libreoffice_bad_status.ods", "libreoffice_bad_status.xls"])
def test_libreoffice_files_come_back_as_xlsx_with_values_copied(name):
    wb, suggested, problems = annotate((DATA / name).read_bytes(), name)
    assert suggested == "libreoffice_bad_status_can-sua.xlsx"
    assert wb.sheetnames == [LIST_SHEET, "ThongTin", "NhiemVu", "ChiTieu", "HaiLong", "TuDanhGia"]
    info, tasks = wb["ThongTin"], wb["NhiemVu"]
    assert info["B3"].value == "TH01" and info["A3"].value == "Mã đơn vị"
    assert info["B7"].value == datetime(2023, 6, 18) and info["B7"].number_format == "dd/mm/yyyy"
    row_5 = [2, "CDS", "Dùng thư điện tử công vụ", "139/KH-THLQĐ", datetime(2023, 5, 31), "Đang làm dở", None]
    assert [c.value for c in tasks[5]] == row_5
    assert tasks["E5"].number_format == "dd/mm/yyyy"
    assert wb["TuDanhGia"]["E4"].value == 8.5
    status = tasks["F5"]
    assert color(status) == ERROR_COLOR and problems[0].message in status.comment.text
    assert set(marked(wb)) == {("NhiemVu", "F5")}
    assert listed(wb) == expected_list(problems)


def _ods_with_texts(replacements: dict[str, str]) -> bytes:
    """libreoffice_bad_status.ods with some typed texts replaced (the first time each occurs)."""
    source = zipfile.ZipFile(DATA / "libreoffice_bad_status.ods")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                text = data.decode()
                for old, new in replacements.items():
                    assert f"<text:p>{old}</text:p>" in text
                    text = text.replace(f"<text:p>{old}</text:p>", f"<text:p>{new}</text:p>", 1)
                data = text.encode()
            target.writestr(info, data)
    return buffer.getvalue()


def test_text_that_looks_like_a_formula_is_copied_as_text():
    content = _ods_with_texts({"Niêm yết công khai TTHC": "=1+1", "139/KH-THLQĐ": "@SUM(A1)", "Hoàn thành": "-HT"})
    out, _ = annotated_copy(content, "school.ods", checked(content, "school.ods"))
    tasks = openpyxl.load_workbook(io.BytesIO(out))["NhiemVu"]
    for ref, text in (("C4", "=1+1"), ("D4", "@SUM(A1)"), ("F4", "-HT")):
        assert (tasks[ref].value, tasks[ref].data_type) == (text, "s")
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in archive.namelist())


@pytest.mark.parametrize(
    "content",
    [bad_status_xlsx()[:3000], b"PK\x03\x04 not really a zip"],
    ids=["truncated", "garbage"],
)
def test_unreadable_file_gives_the_list_alone(content):
    wb, _, problems = annotate(content)
    assert [p.code for p in problems] == ["corrupt"]
    assert wb.sheetnames == [LIST_SHEET]
    assert listed(wb) == [(1, None, None, None, "Lỗi", problems[0].message)]


def test_a_refused_file_is_never_opened():
    """A file-level problem (no sheet) means the loader refused the bytes: they are not parsed."""
    refused = problem("file-too-large", size=megabytes(12 * 1024 * 1024), limit=megabytes(10 * 1024 * 1024))
    assert refused.message == "Tệp nặng 12,0 MB, vượt giới hạn 10,0 MB."
    wb, _, _ = annotate(bad_status_xlsx(), problems=[refused])
    assert wb.sheetnames == [LIST_SHEET]


def test_duplicate_header_marks_the_second_column_not_the_one_read():
    sheets = valid_sheets()
    sheets["NhiemVu"][2:] = [[*row, row[5]] for row in sheets["NhiemVu"][2:]]  # a second "Trạng thái" in H
    wb, _, problems = annotate(workbook_bytes(sheets))
    assert [(p.row, p.column, p.code) for p in problems] == [(3, "Trạng thái", "duplicate-column")]
    assert set(marked(wb)) == {("NhiemVu", "H3")}
    assert color(wb["NhiemVu"]["H3"]) == WARNING_COLOR


def test_merged_two_row_header_marks_the_record_cell():
    source = openpyxl.load_workbook(DATA / "merged_official_layout.xlsx")
    source["HaiLong"]["H9"] = "bốn mươi"  # Rất hài lòng of the first record, under the merged group label
    buffer = io.BytesIO()
    source.save(buffer)
    wb, _, problems = annotate(buffer.getvalue())
    assert [(p.sheet, p.row, p.column, p.code) for p in problems] == [("HaiLong", 9, "Rất hài lòng", "bad-number")]
    assert set(marked(wb)) == {("HaiLong", "H9")}
    assert "D7:H7" in {str(r) for r in wb["HaiLong"].merged_cells.ranges}


def test_annotating_a_returned_copy_replaces_the_old_marks():
    first, _ = annotated_copy(bad_status_xlsx(), "bao-cao.xlsx", checked(bad_status_xlsx()))
    fixed = openpyxl.load_workbook(io.BytesIO(first))
    fixed["NhiemVu"]["F5"] = "Đang thực hiện"
    fixed["NhiemVu"]["E4"] = "06/20/2023"  # a new mistake
    buffer = io.BytesIO()
    fixed.save(buffer)
    again = buffer.getvalue()
    wb, _, problems = annotate(again)
    assert [(p.sheet, p.row, p.code) for p in problems if p.is_error] == [("NhiemVu", 4, "bad-date")]
    assert wb.sheetnames.count(LIST_SHEET) == 1 and wb.sheetnames[0] == LIST_SHEET
    assert set(marked(wb)) == {("NhiemVu", "E4")}  # F5's fill and comment are gone


def test_macro_workbook_is_returned_as_plain_xlsx():
    content = bad_status_xlsx()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            target.writestr(info, data)
    out, name = annotated_copy(buffer.getvalue(), "bao-cao.xlsm", checked(buffer.getvalue(), "bao-cao.xlsm"))
    assert name == "bao-cao_can-sua.xlsx"
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        assert b"macroEnabled" not in archive.read("[Content_Types].xml")
    assert STATUS_MESSAGE in openpyxl.load_workbook(io.BytesIO(out))["NhiemVu"]["F5"].comment.text


def test_suggested_names():
    assert suggested_name("Báo cáo Q2.ods") == "Báo cáo Q2_can-sua.xlsx"
    assert suggested_name("C:\\Users\\gv\\th01.xls") == "th01_can-sua.xlsx"
    assert suggested_name("") == "bao-cao_can-sua.xlsx"


def test_no_problems_still_gives_the_list_sheet():
    wb, _, problems = annotate(workbook_bytes(valid_sheets()))
    assert problems == []
    assert wb.sheetnames[0] == LIST_SHEET and listed(wb) == [(None, None, None, None, None, "Không có lỗi nào.")]
    assert marked(wb) == {}
    assert wb["ThongTin"]["B7"].value == datetime(2023, 6, 18)


def test_oversized_sheet_is_copied_in_part_and_said_so(monkeypatch):
    monkeypatch.setattr(annotate_module, "MAX_GRID_CELLS", 20)  # NhiemVu is 6 rows × 7 columns
    content = (DATA / "libreoffice_bad_status.ods").read_bytes()
    wb, _, problems = annotate(content, "bad.ods")
    assert wb["NhiemVu"].max_row == 5  # 2 rows copied; row 5 holds the comment that still names the problem
    assert wb["NhiemVu"]["A1"].value == "BẢNG" and wb["NhiemVu"]["A3"].value is None
    assert problems[0].message in wb["NhiemVu"]["A5"].comment.text
    notes = [row[5] for row in wb[LIST_SHEET].iter_rows(min_row=2, values_only=True)]
    assert any(note and "NhiemVu" in note and "quá lớn" in note for note in notes)


def test_xlsx_openpyxl_cannot_open_falls_back_to_copied_values(monkeypatch):
    def refuse(*args, **kwargs):
        raise KeyError("xl/styles.xml")

    monkeypatch.setattr(annotate_module, "load_workbook", refuse)
    wb, _, problems = annotate(bad_status_xlsx())
    assert wb["ThongTin"]["B3"].value == "TH01"
    assert problems[0].message in wb["NhiemVu"]["F5"].comment.text
