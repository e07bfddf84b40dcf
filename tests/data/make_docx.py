"""Writes the Word plans in tests/data/docx (run by hand when one is added).

    .venv/bin/python tests/data/make_docx.py                    the test files
    .venv/bin/python tests/data/make_docx.py SEED.txt OUT.docx  a plan kept as text, one paragraph a line

tests/test_docx_plan.py states the rows each must give.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

HERE = Path(__file__).resolve().parent / "docx"


def _saved(document) -> bytes:
    document.core_properties.author = "CCHC"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title(document, *lines: str) -> None:
    for line in ("TRƯỜNG TIỂU HỌC LÊ LỢI", "Số: 12/KH-THLL", "Phường 1, ngày 05 tháng 01 năm 2026", *lines):
        document.add_paragraph(line)


def task_table() -> bytes:
    """A task table: a field row spanning the table, a task merged down two rows, who merged down two tasks."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH", "Cải cách hành chính NĂM 2026")
    document.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    table = document.add_table(rows=7, cols=5)
    rows = [
        ("STT", "Nội dung nhiệm vụ", "Đơn vị/người thực hiện", "Thời gian thực hiện", "Sản phẩm"),
        ("I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", ""),
        ("1", "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa", "Văn phòng", "Quý I/2026", "Bảng niêm yết"),
        ("2", "Rà soát quy trình tiếp nhận hồ sơ", "", "Thường xuyên", "Biên bản rà soát"),
        ("", "", "", "", "Báo cáo rà soát"),
        ("II", "CHÍNH QUYỀN ĐIỆN TỬ, CHUYỂN ĐỔI SỐ", "", "", ""),
        ("3", "Sử dụng hộp thư điện tử công vụ trong trao đổi công việc", "Tổ văn phòng", "trước ngày 15/12/2026", ""),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for index in (1, 5):  # the field rows: one cell across the table
        merged = table.cell(index, 0).merge(table.cell(index, 4))
        merged.text = rows[index][1]
    task = table.cell(3, 1).merge(table.cell(4, 1))  # one task over two rows (two products)
    task.text = rows[3][1]
    who = table.cell(2, 2).merge(table.cell(3, 2))  # one who for two tasks
    who.text = "Văn phòng"
    table.cell(3, 0).merge(table.cell(4, 0)).text = "2"
    table.cell(3, 3).merge(table.cell(4, 3)).text = "Thường xuyên"
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Lưu: VT.")
    return _saved(document)


def numbered() -> bytes:
    """Numbered paragraphs: nested 1./1.1., letters and dashes, deadlines inside sentences or on the next line."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH", "Thực hiện công tác cải cách hành chính năm 2026")
    for line in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Nâng cao chất lượng phục vụ người dân; thời gian thực hiện: trong năm 2026.",
        "II. NHIỆM VỤ TRỌNG TÂM",
        "1. Công tác chỉ đạo, điều hành",
        "1.1. Xây dựng kế hoạch cải cách hành chính năm 2026; thời gian thực hiện: Quý I/2026.",
        "1.2. Kiểm tra công tác cải cách hành chính tại các tổ chuyên môn",
        "Thời gian thực hiện: Tháng 6/2026",
        "2. Cải cách thủ tục hành chính",
        "a) Công khai thủ tục hành chính:",
        "- Cập nhật thủ tục hành chính trên trang thông tin điện tử, hoàn thành trước ngày 30/6/2026;",
        "- Tiếp nhận, xử lý phản ánh, kiến nghị (thường xuyên)",
        "b) Rà soát, đơn giản hóa thủ tục hành chính",
        "3. Chuyển đổi số",
        "3.1 Số hóa hồ sơ học sinh, chậm nhất ngày 15 tháng 11 năm 2026",
        "III. TỔ CHỨC THỰC HIỆN",
        "- Hiệu trưởng chỉ đạo chung.",
        "- Gửi báo cáo năm về Phòng Giáo dục trước ngày 05/12/2026.",
        "Nơi nhận:",
        "- Phòng GDĐT;",
    ):
        document.add_paragraph(line)
    return _saved(document)


def word_numbering() -> bytes:
    """Word's own list numbering (List Number, List Bullet 2): the numbers are not in the text."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH NĂM 2026")
    document.add_paragraph("II. CÁC GIẢI PHÁP")
    document.add_paragraph("Tài chính công", style="List Number")
    document.add_paragraph("Công khai tài chính, ngân sách của trường", style="List Bullet 2")
    document.add_paragraph("Chủ trì: Kế toán")
    document.add_paragraph("Thời gian thực hiện: Hằng quý")
    document.add_paragraph("Thực hiện thu học phí không dùng tiền mặt", style="List Bullet 2")
    return _saved(document)


def table_without_deadline() -> bytes:
    document = docx.Document()
    _title(document, "KẾ HOẠCH NĂM 2026")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ("STT", "Nội dung", "Người thực hiện"), strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ("1", "Tổng vệ sinh", "Cả trường"), strict=True):
        cell.text = value
    return _saved(document)


def comma_tasks() -> bytes:
    """Two tasks in one sentence, each with its deadline, joined by a comma (the seed 138/KH-THLQĐ's last task);
    a deadline phrase followed by more words (139/KH-THLQĐ); a comma before the only deadline splits nothing."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH", "Triển khai hoạt động thông tin đối ngoại năm 2023")
    for line in (
        "IV. TỔ CHỨC THỰC HIỆN",
        "- Hiệu trưởng chỉ đạo chung.",
        "- Gửi kế hoạch cho Ủy ban nhân dân Huyện (qua Phòng Văn hóa và Thông tin) trước ngày 23 tháng 6 năm 2023, "
        "báo cáo năm trước ngày 15 tháng 11 năm 2023.",
        "- Báo cáo kết quả về Phòng Nội vụ trước ngày 30 tháng 10 năm 2023 đúng quy định.",
        "- Rà soát hồ sơ tuyển sinh, hoàn thành trước ngày 30/6/2023.",
    ):
        document.add_paragraph(line)
    return _saved(document)


def dashed_labels() -> bytes:
    """`- Thời gian thực hiện: …` lines after a task: set with a dash (or +, –), they are still the task's."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH NĂM 2026")
    for line in (
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Xây dựng quy chế dân chủ cơ sở",
        "- Thời gian thực hiện: Tháng 3/2026.",
        "- Người thực hiện: Phó Hiệu trưởng.",
        "+ Sản phẩm: Quy chế",
        "2. Niêm yết thủ tục tuyển sinh",
        "– Thời gian hoàn thành: trước ngày 15/6/2026",
    ):
        document.add_paragraph(line)
    return _saved(document)


def unread_deadline_line() -> bytes:
    """A `Thời gian thực hiện:` line that reads as no deadline (a start): kept as written, unless the task's
    own sentence has one."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH NĂM 2026")
    for line in (
        "II. NHIỆM VỤ",
        "1. Sử dụng chữ ký số trong văn bản đi",
        "Thời gian thực hiện: từ tháng 02/2026",
        "2. Tập huấn phần mềm quản lý văn bản; hoàn thành trong Quý III/2026",
        "Thời gian thực hiện: theo lịch của Phòng",
    ):
        document.add_paragraph(line)
    return _saved(document)


def column_numbers() -> bytes:
    """A task table whose header is followed by a row numbering its columns: (1), (2), (3), (4)."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH NĂM 2026")
    rows = [
        ("STT", "Nội dung", "Thời gian hoàn thành", "Người thực hiện"),
        ("(1)", "(2)", "(3)", "(4)"),
        ("1", "Rà soát văn bản nội bộ", "Tháng 3/2026", "Văn phòng"),
    ]
    table = document.add_table(rows=3, cols=4)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return _saved(document)


def annex_pointer() -> bytes:
    """A plan whose tasks are in an annex table after the signature, its body only pointing there."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH NĂM 2026")
    for line in (
        "II. NHIỆM VỤ TRỌNG TÂM",
        "1. Cập nhật nội dung Phụ lục quy chế chi tiêu nội bộ",
        "2. Các nhiệm vụ khác tại Phụ lục kèm theo.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "PHỤ LỤC",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, (("TT", "Nhiệm vụ", "Thời gian thực hiện"),
                                        ("1", "Rà soát văn bản nội bộ", "Quý I/2026")), strict=True):  # fmt: skip
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return _saved(document)


def two_row_header() -> bytes:
    """A header over two rows: `Thời gian` spans `Bắt đầu | Kết thúc`, the other headers merged down."""
    document = docx.Document()
    _title(document, "KẾ HOẠCH NĂM 2026")
    rows = [
        ("TT", "Nội dung nhiệm vụ", "Thời gian", "", "Người thực hiện"),
        ("", "", "Bắt đầu", "Kết thúc", ""),
        ("1", "Tổ chức hội nghị viên chức", "Tháng 9/2026", "Tháng 10/2026", "Ban Giám hiệu"),
        ("2", "Rà soát quy chế làm việc", "", "Quý II/2026", "Hiệu trưởng"),
    ]
    table = document.add_table(rows=4, cols=5)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Thời gian"
    for column in (0, 1, 4):
        table.cell(0, column).merge(table.cell(1, column)).text = rows[0][column]
    return _saved(document)


def not_word() -> bytes:
    """A zip that holds no Word document (a renamed archive)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("notes.txt", "không phải văn bản Word")
    return buffer.getvalue()


def bomb() -> bytes:
    """A real document with one part that unpacks 2,000 times its packed size: refused before python-docx."""
    parts = zipfile.ZipFile(io.BytesIO(numbered()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in parts.infolist():
            archive.writestr(entry, parts.read(entry))
        archive.writestr("word/media/padding.bin", b"\0" * 4_000_000, compresslevel=9)
    return buffer.getvalue()


FILES = {
    "task-table.docx": task_table,
    "numbered.docx": numbered,
    "word-numbering.docx": word_numbering,
    "table-without-deadline.docx": table_without_deadline,
    "comma-tasks.docx": comma_tasks,
    "dashed-labels.docx": dashed_labels,
    "unread-deadline-line.docx": unread_deadline_line,
    "column-numbers.docx": column_numbers,
    "annex-pointer.docx": annex_pointer,
    "two-row-header.docx": two_row_header,
    "not-word.docx": not_word,
    "bomb.docx": bomb,
}


def from_text(text: str) -> bytes:
    """A plan kept as text (the seeds), one paragraph per non-empty line."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(13)
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    return _saved(document)


def main(argv: list[str]) -> None:
    if argv:
        source, out = (Path(a) for a in argv)
        out.write_bytes(from_text(source.read_text(encoding="utf-8")))
        return
    HERE.mkdir(exist_ok=True)
    for name, make in FILES.items():
        (HERE / name).write_bytes(make())


if __name__ == "__main__":
    main(sys.argv[1:])
