"""The report workbook's contract, declared once.

The template generator, the validator and `docs/workbook-contract.md` all read
these declarations; `tests/test_template.py` keeps the docs in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from core.text import fold_key
from core.vocabulary import ANSWER_LEVELS, DONE, IN_PROGRESS, NOT_STARTED

# Column kinds: how a cell is parsed and checked.
TEXT, DATE, COUNT, NUMBER, STATUS, PAR_FIELD, INDICATOR, DIMENSION, PERIOD = (
    "text",
    "date",
    "count",
    "number",
    "status",
    "par_field",
    "indicator",
    "dimension",
    "period",
)
DEADLINE, YEAR = "deadline", "year"  # a plan's Thời hạn as people write it; a plan's year
PAR_CRITERION = "par_criterion"  # a criterion of the year's PAR framework (core.frameworks), by code or name
# When a value is required.
YES, NO, IF_DONE, IF_RATE = "yes", "no", "if_done", "if_rate"

REQUIRED_TEXT = {
    YES: "bắt buộc",
    NO: "không bắt buộc",
    IF_DONE: "bắt buộc khi Trạng thái là Hoàn thành",
    IF_RATE: "bắt buộc với chỉ tiêu tỷ lệ",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header the template writes
    kind: str
    required: str
    help: str
    aliases: tuple[str, ...] = ()
    width: int = 16

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(fold_key(name) for name in (self.label, *self.aliases))


@dataclass(frozen=True)
class Sheet:
    key: str  # the template's sheet name, e.g. "NhiemVu"
    title: str  # the Vietnamese display name, e.g. "Nhiệm vụ"
    layout: str  # "table" (header row + records) or "fields" (label in A, value in B)
    required: bool
    help: str
    columns: tuple[Column, ...]

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset({fold_key(self.key), fold_key(self.title)})

    @cached_property
    def header_keys(self) -> dict[str, str]:
        """Folded header text → column key, for every label and alias."""
        return {k: column.key for column in self.columns for k in column.keys}

    @cached_property
    def columns_by_key(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}

    @cached_property
    def needed_labels(self) -> int:
        """How many columns may need a value: a header row naming them all is surely the table's."""
        return sum(1 for c in self.columns if c.required != NO)

    @cached_property
    def figure_keys(self) -> tuple[str, ...]:
        """Required columns that hold figures or deadlines, a status first (the cheapest to recognise)."""
        figures = [c for c in self.columns if c.kind in (DATE, COUNT, NUMBER, STATUS, DEADLINE) and c.required == YES]
        return tuple(c.key for c in sorted(figures, key=lambda c: c.kind != STATUS))

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# How a workbook writes each status (the template's word first), and the other spellings accepted.
STATUS_LABELS = {DONE: "Hoàn thành", IN_PROGRESS: "Đang thực hiện", NOT_STARTED: "Chưa thực hiện"}
STATUS_ALIASES = {
    DONE: ("Đã hoàn thành", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn"),
    IN_PROGRESS: ("Đang triển khai", "Đang làm"),
    NOT_STARTED: ("Chưa triển khai", "Chưa làm", "Chưa hoàn thành"),
}
_STATUS_BY_KEY = {
    fold_key(label): status
    for status, main_label in STATUS_LABELS.items()
    for label in (main_label, *STATUS_ALIASES[status])
}


def status_code(text: object) -> str | None:
    """ "done", "in_progress" or "not_started" for any accepted spelling, else None."""
    return _STATUS_BY_KEY.get(fold_key(text))


ANSWER_LABELS = ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng")


# Columns that several sheets share.
def task_code_column(help_text: str) -> Column:
    """Mã nhiệm vụ, which a plan gives its tasks and a report quotes; each sheet says what it is for."""
    return Column("code", "Mã nhiệm vụ", TEXT, NO, help_text, ("Mã NV",), width=16)


ROW_NUMBER = Column("stt", "STT", TEXT, NO, "Số thứ tự.", ("Số TT", "TT"), width=6)
NOTE = Column("note", "Ghi chú", TEXT, NO, "Ghi chú.", (), width=20)

INFO = Sheet(
    key="ThongTin",
    title="Thông tin chung",
    layout="fields",
    required=True,
    help="Thông tin về đơn vị và kỳ báo cáo: nhãn ở cột A, giá trị ở cột B.",
    columns=(
        Column(
            "unit_code",
            "Mã đơn vị",
            TEXT,
            YES,
            "Mã của trường trong danh sách đơn vị do cơ quan quản lý cấp.",
            ("Mã trường", "Mã ĐV"),
        ),
        Column(
            "unit_name",
            "Tên đơn vị",
            TEXT,
            YES,
            "Tên trường; nếu khác tên trong danh sách đơn vị, chỉ cảnh báo.",
            ("Tên trường", "Đơn vị"),
        ),
        Column(
            "period",
            "Kỳ báo cáo",
            PERIOD,
            YES,
            "Quý báo cáo, ví dụ Quý II/2023 (cũng nhận Quý 2/2023, Q2/2023, 2023-Q2, II/2023).",
            ("Kỳ", "Quý", "Quý báo cáo"),
        ),
        Column("prepared_by", "Người lập", TEXT, NO, "Người lập báo cáo.", ("Người báo cáo",)),
        Column("prepared_on", "Ngày lập", DATE, NO, "Ngày lập báo cáo, dạng dd/mm/yyyy.", ("Ngày báo cáo",)),
    ),
)

TASKS = Sheet(
    key="NhiemVu",
    title="Nhiệm vụ",
    layout="table",
    required=True,
    help="Mỗi dòng là một nhiệm vụ trong kế hoạch CCHC của đơn vị.",
    columns=(
        ROW_NUMBER,
        task_code_column(
            "Mã của nhiệm vụ trong kế hoạch năm của đơn vị (mẫu lập từ kế hoạch đã điền sẵn); để trống thì"
            " nhiệm vụ được đối chiếu với kế hoạch theo nội dung."
        ),
        Column(
            "field",
            "Lĩnh vực",
            PAR_FIELD,
            YES,
            "Lĩnh vực CCHC: mã (ví dụ TTHC) hoặc tên, chọn trong danh sách.",
            ("Lĩnh vực CCHC", "Mã lĩnh vực"),
            width=24,
        ),
        Column(
            "content",
            "Nội dung nhiệm vụ",
            TEXT,
            YES,
            "Nội dung nhiệm vụ.",
            ("Nội dung", "Nhiệm vụ", "Tên nhiệm vụ"),
            width=48,
        ),
        Column(
            "plan",
            "Kế hoạch",
            TEXT,
            NO,
            "Văn bản kế hoạch giao nhiệm vụ, ví dụ 139/KH-THLQĐ.",
            ("Số kế hoạch", "Văn bản"),
            width=18,
        ),
        Column(
            "deadline",
            "Thời hạn",
            DATE,
            YES,
            "Thời hạn hoàn thành, dạng dd/mm/yyyy.",
            ("Thời hạn hoàn thành", "Hạn hoàn thành", "Hạn"),
            width=14,
        ),
        Column(
            "status",
            "Trạng thái",
            STATUS,
            YES,
            "Hoàn thành, Đang thực hiện hoặc Chưa thực hiện.",
            ("Tình trạng", "Tiến độ"),
            width=18,
        ),
        Column(
            "done_on",
            "Ngày hoàn thành",
            DATE,
            IF_DONE,
            "Ngày hoàn thành thực tế, dạng dd/mm/yyyy.",
            ("Ngày HT", "Thời gian hoàn thành"),
            width=16,
        ),
        Column(
            "evidence",
            "Minh chứng",
            TEXT,
            NO,
            "Văn bản, sản phẩm minh chứng.",
            ("Sản phẩm", "Văn bản minh chứng"),
            width=24,
        ),
        NOTE,
    ),
)

INDICATORS = Sheet(
    key="ChiTieu",
    title="Chỉ tiêu",
    layout="table",
    required=True,
    help=(
        "Mỗi dòng là kết quả một chỉ tiêu trong quý. Chỉ tiêu tỷ lệ cần Kết quả (tử số)"
        " và Tổng số (mẫu số); chỉ tiêu đếm chỉ cần Kết quả."
    ),
    columns=(
        ROW_NUMBER,
        Column(
            "code",
            "Mã chỉ tiêu",
            INDICATOR,
            YES,
            "Mã chỉ tiêu, chọn trong danh sách.",
            ("Mã", "Mã CT"),
            width=22,
        ),
        Column(
            "name",
            "Tên chỉ tiêu",
            TEXT,
            NO,
            "Tên chỉ tiêu (để đọc; tên trong danh mục được dùng).",
            ("Chỉ tiêu", "Nội dung chỉ tiêu"),
            width=40,
        ),
        Column(
            "result",
            "Kết quả",
            NUMBER,
            YES,
            "Tử số của chỉ tiêu tỷ lệ, hoặc số lượng của chỉ tiêu đếm.",
            ("Kết quả thực hiện", "Tử số", "Số đạt"),
            width=12,
        ),
        Column("total", "Tổng số", NUMBER, IF_RATE, "Mẫu số của chỉ tiêu tỷ lệ.", ("Mẫu số", "Tổng"), width=12),
        NOTE,
    ),
)

SATISFACTION = Sheet(
    key="HaiLong",
    title="Hài lòng",
    layout="table",
    required=True,
    help=(
        "Kết quả khảo sát sự hài lòng của cha mẹ học sinh trong quý, mỗi dòng một yếu tố;"
        " năm mức trả lời phải cộng lại bằng Số phiếu."
    ),
    columns=(
        ROW_NUMBER,
        Column(
            "dimension",
            "Yếu tố",
            DIMENSION,
            YES,
            "Yếu tố hài lòng: mã hoặc tên, chọn trong danh sách.",
            ("Tiêu chí", "Nội dung đánh giá"),
            width=34,
        ),
        Column(
            "answers",
            "Số phiếu",
            COUNT,
            YES,
            "Số phiếu hợp lệ cho yếu tố này.",
            ("Số phiếu hợp lệ", "Tổng số phiếu"),
            width=11,
        ),
        *(
            Column(key, label, COUNT, YES, f"Số phiếu trả lời {label.lower()}.", (), width=12)
            for key, label in zip(
                ANSWER_LEVELS,
                ANSWER_LABELS,
                strict=True,
            )
        ),
    ),
)

SELF_ASSESSMENT = Sheet(
    key="TuDanhGia",
    title="Tự đánh giá",
    layout="table",
    required=False,
    help=(
        "Không bắt buộc. Điểm tự đánh giá Chỉ số CCHC theo lĩnh vực, hoặc theo tiêu chí của khung chỉ số năm"
        " (cột Tiêu chí); Điểm thẩm định do cơ quan quản lý điền. Điểm tự đánh giá lớn hơn 0 cần tài liệu"
        " kiểm chứng hoặc lời giải trình."
    ),
    columns=(
        ROW_NUMBER,
        Column(
            "field",
            "Lĩnh vực",
            PAR_FIELD,
            YES,
            "Lĩnh vực CCHC: mã hoặc tên.",
            ("Lĩnh vực CCHC", "Mã lĩnh vực"),
            width=34,
        ),
        Column(
            "criterion",
            "Tiêu chí",
            PAR_CRITERION,
            NO,
            "Mã tiêu chí (hoặc tiêu chí thành phần) của khung Chỉ số CCHC năm; để trống khi chấm cả lĩnh vực.",
            ("Mã tiêu chí", "Tiêu chí thành phần"),
            width=14,
        ),
        Column(
            "max_points",
            "Điểm tối đa",
            NUMBER,
            NO,
            "Điểm tối đa của lĩnh vực (để đọc; điểm trong danh mục được dùng).",
            ("Điểm chuẩn", "Thang điểm"),
            width=12,
        ),
        Column(
            "self_points",
            "Điểm tự đánh giá",
            NUMBER,
            YES,
            "Điểm tự đánh giá, từ 0 đến điểm tối đa.",
            ("Tự đánh giá", "Điểm tự chấm"),
            width=14,
        ),
        Column(
            "appraised_points",
            "Điểm thẩm định",
            NUMBER,
            NO,
            "Điểm thẩm định của cơ quan quản lý, từ 0 đến điểm tối đa.",
            ("Thẩm định",),
            width=14,
        ),
        Column(
            "explanation",
            "Giải trình",
            TEXT,
            NO,
            "Giải trình, thuyết minh cho điểm tự đánh giá (cần khi chưa có tài liệu kiểm chứng).",
            ("Thuyết minh", "Giải trình, thuyết minh"),
            width=30,
        ),
        NOTE,
    ),
)

SHEETS: tuple[Sheet, ...] = (INFO, TASKS, INDICATORS, SATISFACTION, SELF_ASSESSMENT)
GUIDE_SHEET = "Hướng dẫn"
