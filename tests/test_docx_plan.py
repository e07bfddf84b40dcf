"""Plans written in Word (tests/data/docx, made by make_docx.py): the rows proposed, the files refused.

Nothing here is stored but by the page's confirm button, through the same check as an uploaded plan.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

import cli
from core.settings import UploadLimits
from demo.load import DEMO_DIR
from loaders.docx_plan import ProposedTask, propose_plan
from loaders.guard import Refused, screen, screen_word
from loaders.plan import load_plan
from loaders.template import plan_template_bytes
from loaders.units import read_units
from storage.open import open_database
from storage.plans import current_plan
from storage.registry import upsert_units
from tests.data import make_docx
from tests.sessions import app_as

DOCX = Path(__file__).resolve().parent / "data" / "docx"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def propose(name: str, **options):
    return propose_plan((DOCX / name).read_bytes(), name, **options)


def rows(name: str, **options) -> list[tuple]:
    return [tuple(row.as_dict().values()) for row in propose(name, **options).rows]


def codes(proposal) -> list[str]:
    return [p.code for p in proposal.problems]


def test_a_task_table_gives_one_row_per_task_reading_merged_cells_once():
    proposal = propose("task-table.docx")
    assert (proposal.year, proposal.problems) == (2026, [])
    assert rows("task-table.docx") == [
        ("TTHC", "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa", "Văn phòng", "Quý I/2026",
         "2026-03-31", "Bảng niêm yết"),
        # the task merged over two rows is one task, its two products both kept; who merged down is each task's
        ("TTHC", "Rà soát quy trình tiếp nhận hồ sơ", "Văn phòng", "Thường xuyên", "recurring",
         "Biên bản rà soát; Báo cáo rà soát"),
        ("CDS", "Sử dụng hộp thư điện tử công vụ trong trao đổi công việc", "Tổ văn phòng", "trước ngày 15/12/2026",
         "2026-12-15", None),
    ]  # fmt: skip


def test_numbered_paragraphs_give_their_deepest_items_with_the_deadline_cut_from_the_sentence():
    assert rows("numbered.docx") == [
        ("CDDH", "Xây dựng kế hoạch cải cách hành chính năm 2026", None, "Quý I/2026", "2026-03-31", None),
        # the deadline on the line after the task
        ("CDDH", "Kiểm tra công tác cải cách hành chính tại các tổ chuyên môn", None, "Tháng 6/2026", "2026-06-30",
         None),
        # a) is a heading (it has dashes under it); its field comes from the task's own words
        ("TTHC", "Cập nhật thủ tục hành chính trên trang thông tin điện tử", None, "hoàn thành trước ngày 30/6/2026",
         "2026-06-30", None),
        ("TTHC", "Tiếp nhận, xử lý phản ánh, kiến nghị", None, "thường xuyên", "recurring", None),
        ("TTHC", "Rà soát, đơn giản hóa thủ tục hành chính", None, None, None, None),  # no deadline: for the person
        ("CDS", "Số hóa hồ sơ học sinh", None, "chậm nhất ngày 15 tháng 11 năm 2026", "2026-11-15", None),
        # under TỔ CHỨC THỰC HIỆN only what has a deadline; MỤC ĐÍCH and the recipients are no tasks
        (None, "Gửi báo cáo năm về Phòng Giáo dục", None, "trước ngày 05/12/2026", "2026-12-05", None),
    ]  # fmt: skip


def test_words_own_numbering_and_labelled_lines():
    assert rows("word-numbering.docx") == [
        ("TAICHINH", "Công khai tài chính, ngân sách của trường", "Kế toán", "Hằng quý", "recurring", None),
        ("TAICHINH", "Thực hiện thu học phí không dùng tiền mặt", None, None, None, None),
    ]


def test_a_table_without_a_deadline_column_is_not_read_as_tasks_and_says_so():
    proposal = propose("table-without-deadline.docx")
    assert proposal.rows == [] and not proposal.refused
    assert codes(proposal) == ["docx-table-skipped", "docx-no-tasks"]
    assert proposal.problems[0].params == {"table": 1, "header": "STT, Nội dung, Người thực hiện"}
    assert "Bảng thứ 1" in proposal.problems[0].message and "Table 1" in proposal.problems[0].text("en")


def test_the_year_given_wins_and_a_missing_year_is_warned():
    proposal = propose("numbered.docx", year=2027)
    assert proposal.year == 2027
    assert proposal.rows[1].due == "2026-06-30"  # a year written stays the year written
    text = "II. NHIỆM VỤ\n1. Họp hội đồng; thời gian thực hiện: tháng 9"
    untitled = propose_plan(make_docx.from_text(text), "k.docx")
    assert codes(untitled) == ["docx-year-unknown"]
    assert untitled.rows[0].content == "Họp hội đồng" and untitled.rows[0].deadline == "tháng 9"


def test_two_deadlines_in_one_paragraph_are_two_tasks():
    text = (
        "KẾ HOẠCH NĂM 2023\nV. TỔ CHỨC THỰC HIỆN\n"
        "Gửi kế hoạch về Phòng Nội vụ **trước ngày 20 tháng 6 năm 2023**; báo cáo kết quả trước ngày 30/10/2023."
    )
    proposal = propose_plan(make_docx.from_text(text), "k.docx")
    assert [(r.content, r.deadline, r.due) for r in proposal.rows] == [
        ("Gửi kế hoạch về Phòng Nội vụ", "trước ngày 20 tháng 6 năm 2023", "2023-06-20"),
        ("Báo cáo kết quả", "trước ngày 30/10/2023", "2023-10-30"),
    ]


def dated(name: str) -> list[tuple]:
    return [(row.content, row.deadline, row.due) for row in propose(name).rows]


def test_two_tasks_joined_by_a_comma_each_with_its_deadline_are_two_tasks():
    # the seeds' own sentences (138/KH-THLQĐ, 139/KH-THLQĐ); the deadline as written even with words after it
    assert dated("comma-tasks.docx") == [
        ("Gửi kế hoạch cho Ủy ban nhân dân Huyện (qua Phòng Văn hóa và Thông tin)", "trước ngày 23 tháng 6 năm 2023",
         "2023-06-23"),
        ("Báo cáo năm", "trước ngày 15 tháng 11 năm 2023", "2023-11-15"),
        ("Báo cáo kết quả về Phòng Nội vụ đúng quy định", "trước ngày 30 tháng 10 năm 2023", "2023-10-30"),
        ("Rà soát hồ sơ tuyển sinh", "hoàn thành trước ngày 30/6/2023", "2023-06-30"),  # one task: one deadline
    ]  # fmt: skip


def test_labelled_lines_set_with_a_dash_belong_to_the_task_above():
    assert rows("dashed-labels.docx") == [
        ("THECHE", "Xây dựng quy chế dân chủ cơ sở", "Phó Hiệu trưởng", "Tháng 3/2026", "2026-03-31", "Quy chế"),
        (None, "Niêm yết thủ tục tuyển sinh", None, "trước ngày 15/6/2026", "2026-06-15", None),
    ]


def test_a_deadline_line_that_reads_as_no_deadline_is_kept_as_written():
    assert dated("unread-deadline-line.docx") == [
        ("Sử dụng chữ ký số trong văn bản đi", "từ tháng 02/2026", None),  # a start: for the person to settle
        ("Tập huấn phần mềm quản lý văn bản", "hoàn thành trong Quý III/2026", "2026-09-30"),  # the sentence's own
    ]


def test_a_row_numbering_a_tables_columns_is_no_task():
    assert rows("column-numbers.docx") == [
        (None, "Rà soát văn bản nội bộ", "Văn phòng", "Tháng 3/2026", "2026-03-31", None),
    ]


def test_a_paragraph_pointing_to_the_annex_is_no_task_the_annexs_table_is_read():
    assert dated("annex-pointer.docx") == [
        ("Cập nhật nội dung Phụ lục quy chế chi tiêu nội bộ", None, None),  # a task about an annex stays
        ("Rà soát văn bản nội bộ", "Quý I/2026", "2026-03-31"),
    ]


def test_a_header_over_two_rows_is_read_once_and_its_end_column_is_the_deadline():
    assert rows("two-row-header.docx") == [
        (None, "Tổ chức hội nghị viên chức", "Ban Giám hiệu", "Tháng 10/2026", "2026-10-31", None),
        ("THECHE", "Rà soát quy chế làm việc", "Hiệu trưởng", "Quý II/2026", "2026-06-30", None),
    ]


@pytest.mark.parametrize(
    ("name", "code"),
    [("not-word.docx", "not-word-document"), ("bomb.docx", "zip-ratio")],
)
def test_a_file_that_is_no_word_document_or_breaks_the_zip_limits_is_refused(name, code):
    proposal = propose(name)
    assert proposal.refused and codes(proposal) == [code] and proposal.rows == []


def test_other_files_are_refused_with_a_coded_problem():
    document = (DOCX / "numbered.docx").read_bytes()
    assert codes(propose_plan(document, "ke-hoach.doc")) == ["not-word-document"]
    assert codes(propose_plan(b"%PDF-1.4 ...", "ke-hoach.docx")) == ["not-word-document"]
    assert codes(propose_plan(b"", "ke-hoach.docx")) == ["empty-file"]
    assert codes(propose_plan(plan_template_bytes(), "ke-hoach.docx")) == ["not-word-document"]
    small = UploadLimits(max_file_bytes=1000)
    assert codes(propose_plan(document, "ke-hoach.docx", limits=small)) == ["file-too-large"]
    # a DTD (the start of an entity bomb) in the document's XML, and a macro-enabled document
    parts = _parts(document)
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"?>", b'?><!DOCTYPE w:document [<!ENTITY a "aaaa">]>', 1
    )
    assert codes(propose_plan(_zipped(parts), "ke-hoach.docx")) == ["xml-entities"]
    parts = _parts(document)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    refused = propose_plan(_zipped(parts), "ke-hoach.docx")
    assert codes(refused) == ["not-word-document"]
    assert "macro" in refused.problems[0].text("en")


def test_the_spreadsheet_guard_still_refuses_a_word_document():
    with pytest.raises(Refused) as refused:
        screen((DOCX / "numbered.docx").read_bytes(), "ke-hoach.docx", UploadLimits())
    assert refused.value.problem.code == "not-spreadsheet"
    with pytest.raises(Refused) as refused:
        screen((DOCX / "numbered.docx").read_bytes(), "ke-hoach.xlsx", UploadLimits())
    assert refused.value.problem.code == "not-spreadsheet"
    screen_word((DOCX / "numbered.docx").read_bytes(), "ke-hoach.docx", UploadLimits())  # accepted


def test_the_proposal_as_a_plan_workbook_passes_the_plans_own_check():
    proposal = propose("task-table.docx")
    tasks = [row.as_plan_row() for row in proposal.rows]
    workbook = plan_template_bytes(unit_code="TH01", unit_name="Trường Tiểu học Lê Lợi", year=2026, tasks=tasks)
    plan = load_plan(workbook, "ke-hoach.xlsx", registry={"TH01": "Trường Tiểu học Lê Lợi"})
    assert plan.accepted, [p.message for p in plan.problems]
    assert [t.content for t in plan.tasks] == [r.content for r in proposal.rows]


def test_a_proposed_task_is_plain_data():
    task = ProposedTask("TTHC", "Niêm yết", None, "Quý I/2026", "2026-03-31", None)
    assert task.as_plan_row() == {
        "field": "TTHC", "content": "Niêm yết", "who": None, "deadline": "Quý I/2026", "product": None,
    }  # fmt: skip


# ---------------------------------------------------------------- the command


def test_plan_propose_prints_json_and_writes_a_workbook_storing_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    out = tmp_path / "plan.xlsx"
    assert cli.main(["plan", "propose", str(DOCX / "task-table.docx"), "--json", "--out", str(out)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["year"] == 2026 and answer["problems"] == []
    assert answer["rows"][1] == {
        "field": "TTHC", "content": "Rà soát quy trình tiếp nhận hồ sơ", "who": "Văn phòng",
        "deadline": "Thường xuyên", "due": "recurring", "product": "Biên bản rà soát; Báo cáo rà soát",
    }  # fmt: skip
    sheet = openpyxl.load_workbook(out)["KeHoach"]
    assert [c.value for c in sheet[4]][2:6] == ["TTHC", "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
                                                "Văn phòng", "Quý I/2026"]  # fmt: skip
    assert not (tmp_path / "none.sqlite3").exists()
    assert cli.main(["--lang", "en", "plan", "propose", str(DOCX / "numbered.docx"), "--year", "2026"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("numbered.docx: the 2026 plan, 7 tasks proposed (6 with a deadline)")
    assert cli.main(["plan", "propose", str(DOCX / "bomb.docx"), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["problems"][0]["code"] == "zip-ratio"


# ---------------------------------------------------------------- the page

UNITS = "ma_don_vi,ten_don_vi,cap_hoc,phuong\nTH01,Trường Tiểu học Lê Lợi,Tiểu học,KV1\n"


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'docx-page.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    db = open_database(url)
    units, _ = read_units(UNITS.encode(), "units.csv")
    upsert_units(db, units)
    return db


def plan_page() -> AppTest:
    app = app_as(os.environ["CCHC_DATABASE_URL"], unit="TH01")
    app.session_state["plan-year"] = 2026
    app.run()
    app.switch_page("pages/plan.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_plan_page_proposes_from_a_word_file_and_stores_only_on_confirm(engine):
    app = plan_page()
    assert any(s.value == "Kế hoạch từ tệp Word (.docx)" for s in app.subheader)
    content = (DOCX / "task-table.docx").read_bytes()
    app.file_uploader[1].set_value(("ke-hoach.docx", content, WORD)).run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Đề xuất 3 nhiệm vụ, 3 nhiệm vụ có thời hạn (năm 2026)" in m.value for m in app.markdown)
    assert any(b.label == "Tải về dạng bảng tính" for b in app.get("download_button"))
    assert current_plan(engine, "TH01", 2026) is None  # nothing stored before the click
    next(b for b in app.button if b.label == "Xác nhận và lưu").click().run()
    assert not app.exception, [e.value for e in app.exception]
    stored = current_plan(engine, "TH01", 2026)
    assert [t["content"] for t in stored["tasks"]][:1] == ["Niêm yết công khai thủ tục hành chính tại bộ phận một cửa"]
    assert [t["deadline"] for t in stored["tasks"]] == ["Quý I/2026", "Thường xuyên", "trước ngày 15/12/2026"]
    assert stored["file_name"] == "ke-hoach.xlsx"


def test_the_plan_page_says_why_a_word_file_is_refused(engine):
    app = plan_page()
    app.file_uploader[1].set_value(("ke-hoach.docx", (DOCX / "bomb.docx").read_bytes(), WORD)).run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("tỷ lệ giải nén" in e.value for e in app.error)
    assert not any(b.label == "Xác nhận và lưu" for b in app.button)


def _parts(content: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name) for name in archive.namelist()}


def _zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_letterhead_gives_the_plans_number_and_date_and_the_workbook_carries_them(tmp_path):
    proposal = propose_plan((DEMO_DIR / "plans" / "2026_THCS06_ke-hoach.docx").read_bytes(), "ke-hoach.docx")
    assert (proposal.number, proposal.issued_on) == ("6/KH-THCSNVT", date(2026, 1, 21))
    assert proposal.as_json()["number"] == "6/KH-THCSNVT" and proposal.as_json()["issued_on"] == "2026-01-21"
    rows = [row.as_plan_row() for row in proposal.rows]
    workbook = plan_template_bytes(unit_code="THCS06", unit_name="Trường THCS Nguyễn Văn Trỗi", year=2026, tasks=rows,
                                   number=proposal.number, issued_on=proposal.issued_on)  # fmt: skip
    plan = load_plan(workbook, "ke-hoach.xlsx")
    assert (plan.number, plan.issued_on, len(plan.tasks)) == ("6/KH-THCSNVT", date(2026, 1, 21), 13)
