"""A school's yearly CCHC plan as a Word document, laid out as official letters are (Nghị định 30/2020/NĐ-CP).

The issuing body and the national motto side by side, the title, the grounds (Căn cứ …), I. Mục đích, yêu cầu,
II. Nhiệm vụ cụ thể as a table (STT, Nội dung nhiệm vụ, Đơn vị thực hiện, Thời gian thực hiện, Sản phẩm; a row
merged across the table heads each PAR field's tasks), III. Tổ chức thực hiện, then the recipients and the
signature. A month is written without its year (`Tháng 5`), as a plan of that year writes it. The file depends
on its inputs only: its core properties and zip times are those of the day the plan was issued.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from itertools import groupby

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from demo.generator import PARENT, PLACE, plan_numbers, profile, stable_zip

FONT = "Times New Roman"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# The heading row of each PAR field's tasks, as schools word it.
FIELD_HEADINGS = {
    "CDDH": "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "THECHE": "CẢI CÁCH THỂ CHẾ",
    "TTHC": "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
    "BOMAY": "CẢI CÁCH TỔ CHỨC BỘ MÁY",
    "CONGVU": "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
    "TAICHINH": "CẢI CÁCH TÀI CHÍNH CÔNG",
    "CDS": "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHUYỂN ĐỔI SỐ",
    "TACDONG": "NÂNG CAO SỰ HÀI LÒNG CỦA CHA MẸ HỌC SINH",
}
# The task table's columns: header, width in cm (the page's 16 cm between its margins), and the row key.
COLUMNS = (
    ("STT", 1.1, None),
    ("Nội dung nhiệm vụ", 6.6, "content"),
    ("Đơn vị thực hiện", 3.2, "who"),
    ("Thời gian thực hiện", 2.7, "deadline"),
    ("Sản phẩm", 2.4, "product"),
)
PURPOSE = (
    "1. Mục đích",
    "- Triển khai đồng bộ, hiệu quả các nhiệm vụ cải cách hành chính của nhà trường theo chỉ đạo của Ủy ban nhân "
    "dân phường và hướng dẫn của Phòng Văn hóa – Xã hội phường.",
    "- Nâng cao chất lượng giải quyết thủ tục hành chính, chất lượng phục vụ học sinh, cha mẹ học sinh và người "
    "dân; phấn đấu mức độ hài lòng của cha mẹ học sinh đạt từ 90% trở lên.",
    "2. Yêu cầu",
    "- Các nhiệm vụ phải cụ thể, rõ người thực hiện, thời gian và sản phẩm; gắn kết quả cải cách hành chính với "
    "đánh giá, xếp loại viên chức.",
    "- Cán bộ, giáo viên, nhân viên nắm vững nội dung Kế hoạch, chủ động thực hiện phần việc được giao.",
)
ORGANISING = (
    "1. Hiệu trưởng chỉ đạo chung, phân công nhiệm vụ cụ thể cho các bộ phận, cá nhân và kiểm tra việc thực hiện.",
    "2. Phó Hiệu trưởng theo dõi, đôn đốc các tổ chuyên môn thực hiện nhiệm vụ được giao; tổng hợp kết quả, báo "
    "cáo Hiệu trưởng.",
    "3. Tổ Văn phòng tham mưu văn bản, tổng hợp báo cáo định kỳ gửi Phòng Văn hóa – Xã hội phường theo quy định.",
    "4. Các tổ chuyên môn, cán bộ, giáo viên, nhân viên thực hiện tốt nhiệm vụ được phân công; phản ánh kịp thời "
    "khó khăn, vướng mắc về Ban chỉ đạo cải cách hành chính của nhà trường.",
)
RECIPIENTS = (
    "- Phòng Văn hóa – Xã hội phường (để báo cáo);",
    "- Các tổ chuyên môn, tổ văn phòng (để thực hiện);",
    "- Trang thông tin điện tử của trường;",
    "- Lưu: VT.",
)


def plan_document(unit: Mapping[str, str], year: int, rows: Sequence[Mapping[str, object]], issued: date) -> bytes:
    """The school's plan for `year` as a .docx: `rows` are its KeHoach rows (`field` as its code), in order."""
    rng = random.Random(f"word-plan:{unit['ma_don_vi']}:{year}")
    name, principal = unit["ten_don_vi"], profile(dict(unit)).principal
    document = docx.Document()
    _page_and_font(document)
    _letterhead(document, name, plan_numbers(dict(unit), year)[0], issued)
    _paragraph(document, "KẾ HOẠCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=0)
    _paragraph(document, f"Cải cách hành chính năm {year}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    ward_plan = date(year - 1, 12, rng.randint(15, 28))
    guidance = issued - timedelta(days=rng.randint(4, 12))
    for ground in (
        f"Căn cứ Kế hoạch số {rng.randint(150, 320)}/KH-UBND ngày {ward_plan:%d/%m/%Y} của Ủy ban nhân dân phường "
        f"{PLACE} về cải cách hành chính năm {year};",
        f"Căn cứ Công văn số {rng.randint(5, 40)}/VHXH ngày {guidance:%d/%m/%Y} của Phòng Văn hóa – Xã hội phường "
        f"{PLACE} về việc hướng dẫn thực hiện công tác cải cách hành chính năm {year} đối với các trường học;",
        f"Căn cứ tình hình thực tế của đơn vị, {name} xây dựng Kế hoạch cải cách hành chính năm {year} như sau:",
    ):
        _paragraph(document, ground)
    _paragraph(document, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    for line in PURPOSE:
        _paragraph(document, line, bold=line[0].isdigit())
    _paragraph(document, "II. NHIỆM VỤ CỤ THỂ", bold=True)
    _paragraph(document, "Nhà trường tập trung thực hiện các nhiệm vụ sau:")
    _task_table(document, rows, year)
    _paragraph(document, "III. TỔ CHỨC THỰC HIỆN", bold=True, before=6)
    for line in ORGANISING:
        _paragraph(document, line)
    _paragraph(
        document,
        f"Trên đây là Kế hoạch cải cách hành chính năm {year} của {name}; đề nghị các bộ phận, cá nhân nghiêm túc "
        "triển khai thực hiện./.",
    )
    _signature(document, principal)
    when = datetime.combine(issued, time(10, 0))
    properties = document.core_properties
    properties.author = properties.last_modified_by = principal
    properties.title = f"Kế hoạch cải cách hành chính năm {year}"
    properties.comments = ""  # python-docx's template says it generated the file
    properties.created = properties.modified = when
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), when)


def word_deadline(deadline: object, year: int) -> str:
    """Thời hạn as the Word plan writes it: a month of the plan's year without its year."""
    return re.sub(rf"^Tháng (\d{{1,2}})/{year}$", r"Tháng \1", str(deadline or ""))


def _page_and_font(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)  # Word's font for the marks


def _paragraph(
    target,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    align: int = WD_ALIGN_PARAGRAPH.JUSTIFY,
    before: float = 0,
    after: float = 6,
    size: float | None = None,
):
    """A paragraph of one run; body text is justified with its first line indented, as letters are."""
    paragraph = target.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    form = paragraph.paragraph_format
    form.alignment, form.space_before, form.space_after = align, Pt(before), Pt(after)
    if align == WD_ALIGN_PARAGRAPH.JUSTIFY:
        form.first_line_indent = Cm(1)
    return paragraph


def _cell_lines(cell, lines: Sequence[tuple[str, bool, bool]], size: float = 13) -> None:
    """A cell's paragraphs, centred: (text, bold, italic) each."""
    for index, (text, bold, italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold or None, italic or None, Pt(size)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)


def _two_cells(document, left: float, right: float) -> list:
    """A row of two cells `left` and `right` cm wide, without borders (the template's plain table style)."""
    table = document.add_table(rows=1, cols=2)
    for column, cell, width in zip(table.columns, table.rows[0].cells, (left, right), strict=True):
        column.width = cell.width = Cm(width)
    return table.rows[0].cells


def _letterhead(document, school: str, number: str, issued: date) -> None:
    """The body and the school on the left, the national motto on the right, in a table without borders."""
    left, right = _two_cells(document, 6.5, 9.5)
    _cell_lines(left, ((PARENT, False, False), (school.upper(), True, False), (f"Số: {number}", False, False)), 12)
    motto = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, False)
    day = f"{PLACE}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
    _cell_lines(right, (*motto, (day, False, True)), 12)


def _task_table(document, rows: Sequence[Mapping[str, object]], year: int) -> None:
    table = document.add_table(rows=0, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, (_, width, _) in zip(table.columns, COLUMNS, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice follows; Word follows each cell's width
    header = _row(table)
    _repeat_as_header(table.rows[0])
    for cell, (title, _, _) in zip(header, COLUMNS, strict=True):
        _cell_lines(cell, ((title, True, False),))
    for index, (field, tasks) in enumerate(groupby(rows, key=lambda row: row["field"])):
        heading = _row(table)
        _cell_lines(heading[0], ((ROMAN[index], True, False),))
        merged = heading[1].merge(heading[-1])  # the field's name across the table
        _cell_lines(merged, ((FIELD_HEADINGS[str(field)], True, False),))
        merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
        for number, task in enumerate(tasks, start=1):
            cells = _row(table)
            _cell_lines(cells[0], ((str(number), False, False),))
            for cell, (_, _, key) in zip(cells[1:], COLUMNS[1:], strict=True):
                value = word_deadline(task[key], year) if key == "deadline" else str(task[key] or "")
                _cell_lines(cell, ((value, False, False),))
                if key == "content":
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _row(table) -> list:
    """A new row's cells, each as wide as its column (set before any merge, which adds the widths up)."""
    cells = table.add_row().cells
    for cell, (_, width, _) in zip(cells, COLUMNS, strict=True):
        cell.width = Cm(width)
    return cells


def _repeat_as_header(row) -> None:
    """The header row again on every page the table runs over."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _signature(document, principal: str) -> None:
    """Nơi nhận on the left, the principal's signature on the right, in a table without borders."""
    left, right = _two_cells(document, 8, 8)
    first = left.paragraphs[0].add_run("Nơi nhận:")
    first.bold, first.italic, first.font.size = True, True, Pt(12)
    for line in RECIPIENTS:
        left.add_paragraph().add_run(line).font.size = Pt(11)
    for paragraph in left.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
    _cell_lines(right, (("HIỆU TRƯỞNG", True, False), ("", False, False), ("", False, False), (principal, True, False)))
