"""Strings of the city's wards: accounts scoped to a ward, refusals outside it, the ward comparison,
the two-step approval (the ward approves, the city accepts) and their audit lines.
"""

from __future__ import annotations

VI: dict[str, str] = {
    "audit.action.scope-refused": "Từ chối truy cập ngoài phạm vi phường, xã",
    "refusal.registry-outside-ward": (
        "Không lưu danh mục: tài khoản chỉ quản lý các trường của {ward}, tệp có đơn vị thuộc nơi khác ({units})"
    ),
    "problem.unit-outside-ward": (
        "Tệp là báo cáo của đơn vị {unit}; tài khoản {user} chỉ được nộp báo cáo của các trường thuộc {ward}."
    ),
    "cli.why.own_ward": "tài khoản chỉ làm việc với các trường của {ward}",
    "cli.why.whole_city": "việc này áp dụng cho mọi phường, xã: chỉ quản trị viên cấp thành phố thực hiện",
    "cli.summary.own_ward": "(Chỉ các trường của {ward}: tài khoản {name})",
    "cli.users.of_ward": ", phạm vi {ward}",
    "cli.help.ward_scope": "phường, xã mà tài khoản văn phòng (admin, viewer) được giới hạn; bỏ trống: toàn bộ",
}

EN: dict[str, str] = {
    "audit.action.scope-refused": "Access outside the ward refused",
    "refusal.registry-outside-ward": (
        "Registry not saved: this account manages the schools of {ward} only, the file has units elsewhere ({units})"
    ),
    "problem.unit-outside-ward": (
        "The file is the report of unit {unit}; account {user} may only submit the reports of schools of {ward}."
    ),
    "cli.why.own_ward": "this account works with the schools of {ward} only",
    "cli.why.whole_city": "this applies to every ward: only a city-wide administrator may do it",
    "cli.summary.own_ward": "(Schools of {ward} only: account {name})",
    "cli.users.of_ward": ", scope {ward}",
    "cli.help.ward_scope": "the ward an office account (admin, viewer) is scoped to; empty: the whole installation",
}
