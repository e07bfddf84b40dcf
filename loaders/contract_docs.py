"""The contract explained in Vietnamese, from the declarations in `loaders.contract`.

`guide_sections` builds the explanation once as plain data; the template's
`Hướng dẫn` sheet and `docs/workbook-contract.md` are two renderings of it.
Run `python -m loaders.contract_docs` after changing the contract or a catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.catalogs import Catalogs, Indicator, default_catalogs
from core.vocabulary import HIGHER, LOWER
from loaders.contract import (
    ANSWER_LABELS,
    COUNT,
    DATE,
    DIMENSION,
    INDICATOR,
    INDICATORS,
    NUMBER,
    PAR_CRITERION,
    PAR_FIELD,
    PERIOD,
    REQUIRED_TEXT,
    SATISFACTION,
    SHEETS,
    STATUS,
    STATUS_ALIASES,
    STATUS_LABELS,
    TASKS,
    TEXT,
    Column,
    Sheet,
)

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "workbook-contract.md"

KIND_TEXT = {
    TEXT: "chữ",
    DATE: "ngày (dd/mm/yyyy)",
    COUNT: "số nguyên ≥ 0",
    NUMBER: "số ≥ 0",
    STATUS: "trạng thái (chọn trong danh sách)",
    PAR_FIELD: "lĩnh vực CCHC (mã hoặc tên)",
    PAR_CRITERION: "mã tiêu chí của khung chỉ số năm (data/frameworks)",
    INDICATOR: "mã chỉ tiêu",
    DIMENSION: "yếu tố hài lòng (mã hoặc tên)",
    PERIOD: "kỳ báo cáo (quý)",
}
# Spellings of a quarter the loader reads (core.periods.parse_period); all mean 2023-Q2.
QUARTER_SPELLINGS = ("Quý II/2023", "Quý 2/2023", "Q2/2023", "2023-Q2", "II/2023", "Quý II năm 2023")
LAYOUT_TEXT = {
    "fields": "Mỗi dòng một thông tin; có thể có dòng tiêu đề phía trên.",
    "table": (
        "Một dòng tiêu đề cột, mỗi dòng bên dưới là một bản ghi. Có thể có dòng tiêu đề, dòng trống"
        " phía trên; thứ tự cột có thể khác mẫu."
    ),
}
DIRECTION_SIGN = {HIGHER: "≥", LOWER: "≤"}
DONE = STATUS_LABELS["done"]
DONE_ON = TASKS.column("done_on").label
RESULT, TOTAL = INDICATORS.column("result").label, INDICATORS.column("total").label
ANSWERS = SATISFACTION.column("answers").label


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    heading: str
    level: int  # 1 for a part, 2 for a section inside it
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    children: tuple[Section, ...] = field(default=())

    def walk(self) -> list[Section]:
        return [self, *(s for child in self.children for s in child.walk())]


def number_text(value: float) -> str:
    """10.0 → `10`, 12.5 → `12,5` (Vietnamese decimal comma)."""
    return f"{value:g}".replace(".", ",")


def _column_row(column: Column, technical: bool) -> tuple[str, ...]:
    row = (
        column.label,
        REQUIRED_TEXT[column.required],
        KIND_TEXT[column.kind],
        column.help,
        "; ".join(column.aliases),
    )
    return (*row, column.key) if technical else row


def column_table(sheet: Sheet, technical: bool = False) -> Table:
    header = ("Cột", "Bắt buộc", "Kiểu", "Hướng dẫn", "Tên khác được chấp nhận")
    return Table(
        (*header, "Khóa") if technical else header,
        tuple(_column_row(c, technical) for c in sheet.columns),
    )


def _sheet_section(sheet: Sheet, technical: bool) -> Section:
    return Section(
        f"{sheet.key} ({sheet.title})",
        2,
        (sheet.help, LAYOUT_TEXT[sheet.layout]),
        column_table(sheet, technical),
    )


def _sheets_part(technical: bool) -> Section:
    overview = Table(
        ("Sheet", "Tên hiển thị", "Bắt buộc", "Nội dung"),
        tuple((s.key, s.title, "có" if s.required else "không", s.help) for s in SHEETS),
    )
    return Section(
        "Các sheet",
        1,
        (
            "Tên sheet được nhận không phân biệt chữ hoa, dấu, khoảng trắng, và theo cả tên hiển thị"
            " (NhiemVu = Nhiệm vụ = nhiem vu). Tên cột cũng vậy, hoặc theo một tên khác được chấp nhận.",
        ),
        overview,
        tuple(_sheet_section(s, technical) for s in SHEETS),
    )


def _status_section() -> Section:
    rows = tuple((label, "; ".join(STATUS_ALIASES.get(key, ()))) for key, label in STATUS_LABELS.items())
    return Section(
        "Trạng thái nhiệm vụ",
        2,
        (f"Không phân biệt chữ hoa, chữ thường và dấu. {DONE} thì phải có {DONE_ON}.",),
        Table(("Trạng thái", "Cách viết khác được chấp nhận"), rows),
    )


def _answers_section() -> Section:
    rows = tuple((str(i), label) for i, label in enumerate(ANSWER_LABELS, start=1))
    return Section(
        "Mức độ hài lòng",
        2,
        (f"Năm mức trả lời của một yếu tố phải cộng lại bằng {ANSWERS} của yếu tố đó.",),
        Table(("Mức", "Câu trả lời"), rows),
    )


def _values_part() -> Section:
    formats = Section(
        "Kỳ báo cáo, ngày tháng, số",
        2,
        (
            "Kỳ báo cáo là một quý; các cách viết sau đều được hiểu là quý II năm 2023: "
            + ", ".join(QUARTER_SPELLINGS)
            + ".",
            "Ngày tháng: ô ngày của Excel (định dạng dd/mm/yyyy), hoặc chữ dạng dd/mm/yyyy, d/m/yyyy,"
            " dd-mm-yyyy, yyyy-mm-dd. Ngày luôn viết trước tháng.",
            "Số: ô số của Excel, hoặc chữ theo cách viết Việt Nam (1.234 là một nghìn hai trăm ba mươi tư;"
            " 12,5 là mười hai phẩy năm), hoặc phần trăm (85%) ở chỗ cần tỷ lệ.",
            f"{ANSWERS}, số lượng là số nguyên không âm; {RESULT} không lớn hơn {TOTAL}.",
            "Ô có công thức: giá trị đã tính được dùng; công thức chưa có giá trị là lỗi.",
        ),
    )
    return Section("Giá trị", 1, (), None, (_status_section(), _answers_section(), formats))


def _target_text(indicator: Indicator) -> str:
    if indicator.target is None:
        return "không đặt"
    unit = "%" if indicator.is_rate else ""
    return f"{DIRECTION_SIGN[indicator.direction]} {number_text(indicator.target)}{unit}"


def _formula_text(indicator: Indicator) -> str:
    if indicator.is_rate:
        return f"{RESULT}: {indicator.numerator}; {TOTAL}: {indicator.denominator}"
    return f"{RESULT}: {indicator.numerator}"


def _catalog_part(catalogs: Catalogs) -> Section:
    fields = catalogs.par_fields
    total = number_text(sum(f.max_points for f in fields))
    par = Section(
        "Lĩnh vực CCHC",
        2,
        (f"Tổng điểm tối đa: {total}.",),
        Table(
            ("Mã", "Lĩnh vực", "Điểm tối đa"),
            tuple((f.code, f.name, number_text(f.max_points)) for f in fields),
        ),
    )
    indicators = Section(
        "Chỉ tiêu",
        2,
        (f"Chỉ tiêu tỷ lệ = {RESULT} / {TOTAL} × 100; chỉ tiêu đếm là {RESULT}.",),
        Table(
            ("Mã", "Chỉ tiêu", "Loại", "Cách điền", "Mục tiêu"),
            tuple(
                (i.code, i.name, "tỷ lệ" if i.is_rate else "đếm", _formula_text(i), _target_text(i))
                for i in catalogs.indicators
            ),
        ),
    )
    dimensions = Section(
        "Yếu tố hài lòng",
        2,
        (),
        Table(("Mã", "Yếu tố"), tuple((d.code, d.name) for d in catalogs.dimensions)),
    )
    intro = (
        "Danh mục do cơ quan quản lý cập nhật (tệp CSV trong data/catalogs); mã hoặc tên đều được nhận,"
        " không phân biệt chữ hoa và dấu.",
    )
    return Section("Danh mục", 1, intro, None, (par, indicators, dimensions))


def _rules_part() -> Section:
    return Section(
        "Cách điền",
        1,
        (
            "Mỗi tệp là báo cáo của một đơn vị cho một quý. Giữ nguyên tên sheet và tiêu đề cột;"
            " sheet và cột không có trong mẫu được bỏ qua.",
            "Dòng trống, dòng chỉ có số thứ tự, dòng mục (I, II, …) và phần chữ ký bên dưới bảng được bỏ qua."
            " Dòng khác đã điền một phần là một bản ghi: thiếu giá trị bắt buộc là lỗi.",
            "Mọi lỗi và cảnh báo được liệt kê cùng lúc, kèm sheet, dòng và cột. Tệp có lỗi bị từ chối cả tệp;"
            " tệp chỉ có cảnh báo được nhận. Báo cáo gửi lại cho cùng đơn vị và quý thay thế báo cáo trước.",
            "Tệp được nhận: .xlsx, .xlsm, .xls, .ods.",
        ),
    )


def guide_sections(catalogs: Catalogs, *, technical: bool = False) -> list[Section]:
    """The explanation as parts; `technical` adds the column keys the code uses."""
    return [_rules_part(), _sheets_part(technical), _values_part(), _catalog_part(catalogs)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def _markdown_table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in table.header) + " |"]
    lines.append("|" + "---|" * len(table.header))
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows)
    return [*lines, ""]


def _markdown_section(section: Section) -> list[str]:
    lines = ["#" * (section.level + 1) + " " + section.heading, ""]
    for paragraph in section.paragraphs:
        lines += [paragraph, ""]
    return lines + (_markdown_table(section.table) if section.table else [])


def render_contract_markdown(catalogs: Catalogs) -> str:
    lines = [
        "# Mẫu báo cáo CCHC quý: sheet, cột, giá trị, danh mục",
        "",
        "<!-- Generated from loaders/contract.py and data/catalogs by `python -m loaders.contract_docs`;"
        " do not edit by hand. -->",
        "",
        "Trang này được sinh từ khai báo hợp đồng (`loaders/contract.py`) và danh mục mặc định"
        " (`data/catalogs/`); mẫu Excel trống và bộ kiểm tra dùng cùng khai báo đó.",
        "",
    ]
    for part in guide_sections(catalogs, technical=True):
        for section in part.walk():
            lines += _markdown_section(section)
    return "\n".join(lines).rstrip() + "\n"


def write_contract_markdown(path: Path = DOCS_PATH) -> None:
    path.write_text(render_contract_markdown(default_catalogs()), encoding="utf-8")


if __name__ == "__main__":
    write_contract_markdown()
    print(f"Đã ghi {DOCS_PATH}")
