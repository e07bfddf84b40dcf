"""Strings of the year's plan: the Kế hoạch page."""

from __future__ import annotations

VI: dict[str, str] = {
    "nav.plan": "Kế hoạch CCHC",
    "plan.year": "Năm",
    "plan.col.code": "Mã nhiệm vụ",
    "plan.col.who": "Người thực hiện",
    "plan.col.product": "Sản phẩm",
    "plan.none": "Đơn vị {unit} chưa có kế hoạch năm {year}.",
    "plan.stored": "Kế hoạch số {number}: {tasks} nhiệm vụ · nhận {received} · tệp {file}",
    "plan.versions": "Các phiên bản kế hoạch ({n})",
    "plan.counts": "{tasks} nhiệm vụ hợp lệ.",
    "plan.upload": "Nộp kế hoạch",
    "plan.template": "Tải mẫu kế hoạch",
    "plan.help": (
        "Mỗi tệp là kế hoạch một năm của một đơn vị (trang ThongTin và KeHoach). Kế hoạch mới của cùng đơn vị và"
        " năm thay kế hoạch cũ; kế hoạch cũ vẫn được giữ. Nhiệm vụ không ghi mã được cấp mã tự động."
    ),
    "plan.files": "Chọn tệp kế hoạch (.xlsx, .xls, .ods)",
    "plan.accept": "Lưu {n} kế hoạch hợp lệ",
    "plan.saved": "Đã lưu {accepted} kế hoạch; {rejected} tệp bị từ chối.",
    "continuity.title": "Theo dõi kế hoạch {quarter}",
    "continuity.help": (
        "Đối chiếu báo cáo quý với kế hoạch năm của các đơn vị đã có kế hoạch: nhiệm vụ đến hạn mà báo cáo không"
        " nêu, nhiệm vụ đổi thời hạn, nhiệm vụ đã hoàn thành ở quý trước nay không còn hoàn thành,"
        " nhiệm vụ ngoài kế hoạch."
    ),
    "continuity.missing": "Thiếu so với kế hoạch",
    "continuity.deadline-moved": "Đổi thời hạn",
    "continuity.went-back": "Lùi trạng thái",
    "continuity.unplanned": "Ngoài kế hoạch",
    "continuity.col.kind": "Lưu ý",
}

EN: dict[str, str] = {
    "nav.plan": "CCHC plans",
    "plan.year": "Year",
    "plan.col.code": "Task code",
    "plan.col.who": "Who",
    "plan.col.product": "Product",
    "plan.none": "Unit {unit} has no plan for {year} yet.",
    "plan.stored": "Plan no. {number}: {tasks} tasks · received {received} · file {file}",
    "plan.versions": "Versions of the plan ({n})",
    "plan.counts": "{tasks} valid tasks.",
    "plan.upload": "Submit a plan",
    "plan.template": "Download the plan template",
    "plan.help": (
        "Each file is one unit's plan for one year (sheets ThongTin and KeHoach). A new plan of the same unit and"
        " year replaces the old one, which is kept. Tasks without a code are given one."
    ),
    "plan.files": "Choose plan files (.xlsx, .xls, .ods)",
    "plan.accept": "Store {n} valid plans",
    "plan.saved": "{accepted} plans stored; {rejected} files refused.",
    "continuity.title": "Plan follow-up, {quarter}",
    "continuity.help": (
        "Each quarterly report against its unit's plan of the year, for units with a plan: tasks due that the report"
        " does not list, deadlines moved, tasks done in an earlier quarter and no longer done, tasks outside the plan."
    ),
    "continuity.missing": "Missing from the report",
    "continuity.deadline-moved": "Deadline moved",
    "continuity.went-back": "Went back",
    "continuity.unplanned": "Unplanned",
    "continuity.col.kind": "Note",
}
