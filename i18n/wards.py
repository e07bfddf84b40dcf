"""Strings of the city's wards: accounts scoped to a ward, refusals outside it, the ward comparison,
the two-step approval (the ward approves, the city accepts) and their audit lines.
"""

from __future__ import annotations

VI: dict[str, str] = {
    "audit.action.scope-refused": "Từ chối truy cập ngoài phạm vi phường, xã",
    "audit.action.ward-approve": "Phường, xã duyệt báo cáo",
    "audit.action.ward-withdraw": "Phường, xã rút lại việc duyệt",
    "refusal.office-bad-approval": (
        'Tệp thông tin cơ quan {path}: \'approval\' phải là "one-step" hoặc "two-step" (đang là {value})'
    ),
    "refusal.needs-ward-approval": "Báo cáo của đơn vị {unit} {quarter} chưa được phường, xã duyệt: chưa thể chấp nhận",
    "refusal.already-accepted": "Báo cáo của đơn vị {unit} {quarter} đã được thành phố chấp nhận và khóa",
    "refusal.already-ward-approved": "Phường, xã đã duyệt báo cáo hiện hành của đơn vị {unit} {quarter}",
    "refusal.not-ward-approved": "Phường, xã chưa duyệt báo cáo của đơn vị {unit} {quarter}: không có gì để rút lại",
    "refusal.quarter-closed-for-ward": "{quarter} đã khóa sổ: không duyệt thêm báo cáo",
    "wards.approval.two_step_help": (
        "Duyệt hai bước: phường, xã duyệt báo cáo của trường, thành phố chấp nhận; chỉ khi thành phố chấp nhận "
        "báo cáo mới bị khóa."
    ),
    "wards.approval.ward_approved": "Phường, xã đã duyệt ({by}, {at}), chờ thành phố chấp nhận",
    "wards.approval.waiting_ward": "Chờ phường, xã duyệt",
    "wards.approval.ward_approve": "Phường, xã duyệt báo cáo",
    "wards.approval.accept": "Thành phố chấp nhận và khóa báo cáo",
    "wards.approval.ward_done": "Phường, xã đã duyệt {n} báo cáo; chờ thành phố chấp nhận.",
    "wards.approval.withdraw": "Rút lại việc duyệt của phường, xã",
    "wards.approval.pick_withdraw": "Báo cáo phường, xã đã duyệt, thành phố chưa chấp nhận",
    "wards.approval.withdraw_button": "Rút lại",
    "wards.approval.withdrawn": "Đã rút lại việc duyệt báo cáo của {unit}.",
    "wards.audit_of": "Nhật ký của {ward}: các dòng về trường thuộc phường, xã và do tài khoản của phường, xã ghi.",
    "refusal.deadline-unknown-ward": "Không có phường, xã nào tên “{ward}” trong danh mục đơn vị",
    "wards.deadline_own": "Hạn riêng của {ward} cho các trường của mình; không đặt thì theo hạn chung của thành phố.",
    "wards.deadline_for": "Hạn riêng của phường, xã",
    "wards.deadline_all": "Hạn chung cho mọi phường, xã",
    "wards.compare": "So sánh các phường, xã",
    "wards.registry_of": "Các trường của {ward}. Tệp danh mục chỉ được có các trường thuộc phường, xã này.",
    "wards.users_of": "Các tài khoản của {ward}: văn thư các trường thuộc phường, xã và tài khoản giới hạn trong đó.",
    "wards.whole_city": "Toàn bộ (không giới hạn phường, xã)",
    "users.ward": "Đổi phạm vi phường, xã của tài khoản văn phòng",
    "users.ward_button": "Đổi phạm vi",
    "users.ward_done": "Đã đổi phạm vi phường, xã của tài khoản {user}.",
    "wards.click_to_narrow": "Bấm vào một phường, xã (cột hoặc ô) để mọi trang chỉ hiển thị phường, xã đó.",
    "wards.met_share": "% trường đạt chỉ tiêu",
    "wards.scoped_to": "Phạm vi: {ward}",
    "wards.outside_link": "Đường dẫn nêu “{value}”, ngoài phạm vi tài khoản của bạn: không hiển thị.",
    "wards.col.ward": "Phường, xã",
    "wards.col.expected": "Số trường phải nộp",
    "wards.col.submitted": "Đã nộp",
    "wards.col.submission_rate": "Tỷ lệ nộp (%)",
    "wards.col.submission_on_time_rate": "Nộp đúng hạn (%)",
    "wards.col.tasks": "Nhiệm vụ",
    "wards.col.done": "Hoàn thành",
    "wards.col.completion_rate": "Tỷ lệ hoàn thành (%)",
    "wards.col.on_time_rate": "Đúng hạn (%)",
    "wards.col.overdue": "Quá hạn",
    "wards.col.satisfaction": "Hài lòng (%)",
    "wards.col.par_score": "Điểm CCHC (%)",
    "wards.col.rank_label": "Xếp hạng",
    "refusal.registry-outside-ward": (
        "Không lưu danh mục: tài khoản chỉ quản lý các trường của {ward}, tệp có đơn vị thuộc nơi khác ({units})"
    ),
    "problem.unit-outside-ward": (
        "Tệp là báo cáo của đơn vị {unit}; tài khoản {user} chỉ được nộp báo cáo của các trường thuộc {ward}."
    ),
    "cli.why.own_ward": "tài khoản chỉ làm việc với các trường của {ward}",
    "cli.summary.own_ward": "(Chỉ các trường của {ward}: tài khoản {name})",
    "cli.users.of_ward": ", phạm vi {ward}",
    "cli.help.aggregate": (
        "số liệu một quý theo trường, phường, cấp học hoặc toàn bộ, do cơ sở dữ liệu tự cộng (quy mô lớn)"
    ),
    "cli.asked.aggregate": "xem số liệu tổng hợp {text}",
    "cli.aggregate.office": "Toàn bộ",
    "cli.help.deadline_ward": "hạn riêng của một phường, xã cho các trường của mình (bỏ trống: hạn chung)",
    "cli.help.ward_scope": "phường, xã mà tài khoản văn phòng (admin, viewer) được giới hạn; bỏ trống: toàn bộ",
}

EN: dict[str, str] = {
    "audit.action.scope-refused": "Access outside the ward refused",
    "audit.action.ward-approve": "Report approved by the ward",
    "audit.action.ward-withdraw": "Ward's approval withdrawn",
    "refusal.office-bad-approval": (
        'The office file {path}: \'approval\' must be "one-step" or "two-step" (it is {value})'
    ),
    "refusal.needs-ward-approval": "The report of unit {unit} for {quarter} awaits its ward's approval: not accepted",
    "refusal.already-accepted": "The report of unit {unit} for {quarter} is accepted by the city and locked",
    "refusal.already-ward-approved": "The ward has approved the current report of unit {unit} for {quarter} already",
    "refusal.not-ward-approved": "The ward has not approved the report of {unit} for {quarter}: nothing to withdraw",
    "refusal.quarter-closed-for-ward": "{quarter} is closed: no more reports are approved",
    "wards.approval.two_step_help": (
        "Approval in two steps: the ward approves a school's report, the city accepts it; only the city's "
        "acceptance locks the report."
    ),
    "wards.approval.ward_approved": "Approved by the ward ({by}, {at}), awaiting the city",
    "wards.approval.waiting_ward": "Awaiting the ward's approval",
    "wards.approval.ward_approve": "The ward approves reports",
    "wards.approval.accept": "The city accepts and locks reports",
    "wards.approval.ward_done": "The ward approved {n} reports; they await the city's acceptance.",
    "wards.approval.withdraw": "Withdraw the ward's approval",
    "wards.approval.pick_withdraw": "Report approved by the ward, not yet accepted by the city",
    "wards.approval.withdraw_button": "Withdraw",
    "wards.approval.withdrawn": "The ward's approval of the report of {unit} is withdrawn.",
    "wards.audit_of": "The log of {ward}: the lines about its schools and those its accounts wrote.",
    "refusal.deadline-unknown-ward": "No ward or commune named “{ward}” is in the registry of units",
    "wards.deadline_own": "The own deadline of {ward} for its schools; without one, the city's deadline holds.",
    "wards.deadline_for": "A ward's own deadline",
    "wards.deadline_all": "The deadline for every ward",
    "wards.compare": "The wards side by side",
    "wards.registry_of": "The schools of {ward}. A registry file may hold this ward's schools only.",
    "wards.users_of": "The accounts of {ward}: its schools' clerks and the accounts scoped to it.",
    "wards.whole_city": "Everywhere (no ward)",
    "users.ward": "Change an office account's ward",
    "users.ward_button": "Change the ward",
    "users.ward_done": "The ward of the account {user} was changed.",
    "wards.click_to_narrow": "Click a ward (a bar or a cell) to narrow every page to that ward.",
    "wards.met_share": "% of schools meeting the target",
    "wards.scoped_to": "Scope: {ward}",
    "wards.outside_link": "The link names “{value}”, outside your account's scope: nothing of it is shown.",
    "wards.col.ward": "Ward",
    "wards.col.expected": "Schools due",
    "wards.col.submitted": "Reported",
    "wards.col.submission_rate": "Reported (%)",
    "wards.col.submission_on_time_rate": "On time (%)",
    "wards.col.tasks": "Tasks",
    "wards.col.done": "Done",
    "wards.col.completion_rate": "Completion (%)",
    "wards.col.on_time_rate": "Done on time (%)",
    "wards.col.overdue": "Overdue",
    "wards.col.satisfaction": "Satisfaction (%)",
    "wards.col.par_score": "PAR score (%)",
    "wards.col.rank_label": "Rank",
    "refusal.registry-outside-ward": (
        "Registry not saved: this account manages the schools of {ward} only, the file has units elsewhere ({units})"
    ),
    "problem.unit-outside-ward": (
        "The file is the report of unit {unit}; account {user} may only submit the reports of schools of {ward}."
    ),
    "cli.why.own_ward": "this account works with the schools of {ward} only",
    "cli.summary.own_ward": "(Schools of {ward} only: account {name})",
    "cli.users.of_ward": ", scope {ward}",
    "cli.help.aggregate": (
        "a quarter's figures per school, ward, level or in all, summed by the database (large installations)"
    ),
    "cli.asked.aggregate": "see the summary figures {text}",
    "cli.aggregate.office": "All",
    "cli.help.deadline_ward": "a ward's own deadline for its schools (empty: the deadline for all)",
    "cli.help.ward_scope": "the ward an office account (admin, viewer) is scoped to; empty: the whole installation",
}
