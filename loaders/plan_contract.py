"""The plan workbook's contract (Kế hoạch CCHC năm): one unit's plan for one year.

Sheets, columns and their accepted spellings; the loader, the template and the docs
read it. Shared columns are the report workbook's own (loaders.contract).
"""

from __future__ import annotations

from loaders.contract import (
    DATE,
    DEADLINE,
    INFO,
    NO,
    ROW_NUMBER,
    TASKS,
    TEXT,
    YEAR,
    YES,
    Column,
    Sheet,
    task_code_column,
)

PLAN_INFO = Sheet(
    key="ThongTin",
    title="Thông tin chung",
    layout="fields",
    required=True,
    help="Thông tin về đơn vị và kế hoạch: nhãn ở cột A, giá trị ở cột B.",
    columns=(
        INFO.column("unit_code"),
        INFO.column("unit_name"),
        Column("year", "Năm", YEAR, YES, "Năm của kế hoạch, ví dụ 2026 (cũng nhận Năm 2026).", ("Năm kế hoạch",)),
        Column("number", "Số kế hoạch", TEXT, NO, "Số, ký hiệu của kế hoạch, ví dụ 139/KH-THLQĐ.", ("Số", "Số hiệu")),
        Column("issued_on", "Ngày ban hành", DATE, NO, "Ngày ban hành kế hoạch, dạng dd/mm/yyyy.", ("Ngày ký",)),
    ),
)

PLAN_TASKS = Sheet(
    key="KeHoach",
    title="Kế hoạch",
    layout="table",
    required=True,
    help="Mỗi dòng là một nhiệm vụ của kế hoạch CCHC năm.",
    columns=(
        ROW_NUMBER,
        task_code_column(
            "Mã của nhiệm vụ, không trùng trong kế hoạch; để trống thì hệ thống tự cấp (ví dụ TH01-2026-007)."
        ),
        TASKS.column("field"),
        TASKS.column("content"),
        Column(
            "who",
            "Đơn vị/người thực hiện",
            TEXT,
            NO,
            "Ai thực hiện nhiệm vụ.",
            ("Người thực hiện", "Bộ phận thực hiện", "Chủ trì", "Đơn vị thực hiện", "Đơn vị chủ trì"),
            width=24,
        ),
        Column(
            "deadline",
            "Thời hạn",
            DEADLINE,
            YES,
            "Ngày (20/06/2026, trước ngày 15/12/2026), quý (Quý II/2026), tháng (Tháng 6/2026), năm (trong năm 2026),"
            " hoặc Thường xuyên, Hằng quý, Cả năm cho nhiệm vụ thực hiện mỗi quý.",
            ("Thời gian", "Thời gian thực hiện", "Thời gian hoàn thành", "Thời hạn hoàn thành"),
            width=20,
        ),
        Column(
            "product",
            "Sản phẩm",
            TEXT,
            NO,
            "Sản phẩm hoặc minh chứng dự kiến.",
            ("Kết quả", "Sản phẩm đầu ra", "Kết quả dự kiến"),
            width=28,
        ),
    ),
)

PLAN_SHEETS: tuple[Sheet, ...] = (PLAN_INFO, PLAN_TASKS)
