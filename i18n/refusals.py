"""Wording of the refusals of storage (`refusal.<code>`) and of the parts they are made of (`refusal.part.*`).

A refusal is raised with its code and values (`core.errors.Refusal`); the pages and the
CLI word it here in the reader's language. Codes are stable; the wording may improve.
Values are shown by `i18n.messages`: numbers through Babel, `quarter`/`period` as
`Quý II/2023` or `Q2/2023`, days and moments as dd/mm/yyyy (HH:MM). `by` is a
username, or the part `system` when the app itself acted. A refusal that gathers
several problems (an appraisal, a registry) words each one, joined by `part.joined`.
"""

from __future__ import annotations

VI: dict[str, str] = {
    # Parts of other refusals
    "refusal.part.system": "hệ thống",
    "refusal.part.joined": "{first}; {rest}",
    "refusal.part.quarter": "{quarter}",
    "refusal.part.send-report": "nộp báo cáo",
    "refusal.part.send-again": "nộp lại",
    "refusal.part.restore-report": "khôi phục báo cáo cũ",
    # Accounts
    "refusal.invalid-username": (
        "Tên đăng nhập không hợp lệ: {username!r} (2–64 ký tự: chữ không dấu, số, dấu . _ @ -; "
        "bắt đầu bằng chữ hoặc số)"
    ),
    "refusal.password-too-short": "Mật khẩu cần ít nhất {minimum} ký tự",
    "refusal.password-too-long": "Mật khẩu dài quá {maximum} ký tự",
    "refusal.same-password": "Mật khẩu mới cần khác mật khẩu hiện tại",
    "refusal.invalid-role": "Vai trò không hợp lệ: {role!r} (cần một trong: {roles})",
    "refusal.clerk-needs-unit": "Tài khoản văn thư (clerk) cần mã đơn vị",
    "refusal.unit-only-for-clerk": "Chỉ tài khoản văn thư (clerk) gắn với một đơn vị, không phải vai trò {role}",
    "refusal.unknown-unit": "Không có đơn vị {unit} trong danh mục đơn vị",
    "refusal.unknown-ward": "Không có phường, xã nào tên “{ward}” trong danh mục đơn vị",
    "refusal.ward-only-for-office": "Tài khoản văn thư gắn với một trường, không gắn với phường, xã",
    "refusal.outside-ward": "Tài khoản chỉ quản lý phường, xã {ward}: đơn vị hoặc tài khoản này thuộc nơi khác",
    "refusal.username-taken": "Tên đăng nhập {username!r} đã có",
    "refusal.admin-exists": "Đã có tài khoản quản trị: hãy đăng nhập",
    "refusal.unknown-account": "Không có tài khoản {username!r}",
    "refusal.last-admin": "Không thể vô hiệu hoá {username!r}: đây là quản trị viên cuối cùng còn hoạt động",
    "refusal.last-city-admin": "Không thể giới hạn {username!r} trong một phường, xã: đây là quản trị viên cuối cùng"
    " của toàn hệ thống (chốt quý, quản lý các phường, xã khác)",
    # Approval, closing, appraisal
    "refusal.bad-period": "Kỳ không hợp lệ: {value!r}; cần dạng 2023-Q2",
    "refusal.unlock-reason-too-short": "Cần ghi lý do mở khóa (ít nhất {minimum} ký tự)",
    "refusal.reopen-reason-too-short": "Cần ghi lý do mở lại quý (ít nhất {minimum} ký tự)",
    "refusal.report-replaced-before-approval": (
        "Đơn vị {unit} vừa gửi báo cáo {quarter} khác ({file}, #{current}) thay cho báo cáo #{seen} đang xem: "
        "chưa duyệt; hãy xem lại rồi duyệt"
    ),
    "refusal.report-replaced-before-appraisal": (
        "Đơn vị {unit} vừa gửi báo cáo {quarter} khác ({file}, #{current}) thay cho báo cáo #{seen} đang xem: "
        "chưa lưu điểm thẩm định; hãy xem lại bảng điểm"
    ),
    "refusal.nothing-to-approve": "Đơn vị {unit} chưa có báo cáo {quarter}: không có gì để duyệt",
    "refusal.already-approved": "Báo cáo của đơn vị {unit} {quarter} đã được duyệt và khóa (bởi {by}, {at})",
    "refusal.not-locked": "Báo cáo của đơn vị {unit} {quarter} không bị khóa: không có gì để mở",
    "refusal.already-closed": "{quarter} đã khóa sổ (bởi {by}, {at}): không khóa lại",
    "refusal.not-closed": "{quarter} chưa khóa sổ: không có gì để mở lại",
    "refusal.report-locked-closed": (
        "{quarter} đã khóa sổ (bởi {by}, {at}): không nhận thay đổi báo cáo của đơn vị {unit}; "
        "cần quản trị viên mở lại quý trước khi {action}."
    ),
    "refusal.report-locked-approved": (
        "Báo cáo của đơn vị {unit} {quarter} đã được duyệt và khóa (bởi {by}, {at}): "
        "cần quản trị viên mở khóa trước khi {action}."
    ),
    "refusal.appraisal-quarter-closed": (
        "{quarter} đã khóa sổ (bởi {by}, {at}): không thay đổi điểm thẩm định; cần mở lại quý trước. "
        "Chưa có thay đổi nào được lưu."
    ),
    "refusal.nothing-to-appraise": "Đơn vị {unit} chưa có báo cáo tự đánh giá {quarter}: không có gì để thẩm định",
    "refusal.appraisal-not-saved": (
        "Không lưu điểm thẩm định của đơn vị {unit} {quarter}: {problems}. Chưa có thay đổi nào được lưu."
    ),
    "refusal.appraisal-unknown-field": "lĩnh vực “{field}” không có trong báo cáo",
    "refusal.appraisal-field-twice": "lĩnh vực {field} có hai dòng",
    "refusal.appraisal-not-a-number": "lĩnh vực {field}: “{value}” không phải số",
    "refusal.appraisal-points-negative": "lĩnh vực {field}: điểm {points} âm: cần từ 0 đến {maximum}",
    "refusal.appraisal-points-over-maximum": "lĩnh vực {field}: điểm {points} vượt điểm tối đa {maximum}",
    # Registry and deadlines
    "refusal.registry-bad-period": "Kỳ không hợp lệ trong danh mục đơn vị: {value!r}",
    "refusal.duplicate-unit-codes": "Mã đơn vị bị trùng trong danh sách đơn vị",
    "refusal.registry-not-saved": "Không lưu danh mục đơn vị: {problems}. Chưa có thay đổi nào được lưu.",
    "refusal.new-unit-in-closed-quarter": (
        "Đơn vị mới {unit} sẽ được tính là phải nộp báo cáo trong quý đã khóa sổ ({quarters}): "
        "ghi hiệu lực từ (hieu_luc_tu) {quarter} trở đi, hoặc mở lại các quý đó trước"
    ),
    "refusal.unit-change-in-closed-quarter": (
        "Đơn vị {unit}: đổi hiệu lực làm đổi số đơn vị phải nộp báo cáo của quý đã khóa sổ ({quarters}): "
        "giữ hiệu lực như cũ cho các quý đó, hoặc mở lại các quý đó trước"
    ),
    "refusal.deadline-out-of-range": "Hạn nộp {deadline} không hợp lý cho {quarter}: cần từ {earliest} đến {latest}",
    "refusal.deadline-quarter-closed": (
        "{quarter} đã khóa sổ: hạn nộp giữ nguyên như khi khóa; cần mở lại quý trước khi đổi hạn"
    ),
    # Storing reports
    "refusal.report-has-errors": "Báo cáo {file!r} có lỗi: không được lưu",
    "refusal.report-without-key": "Báo cáo {file!r} thiếu mã đơn vị hoặc kỳ báo cáo",
    "refusal.report-not-refused": "Báo cáo {file!r} không có lỗi: đây không phải tệp bị từ chối",
    # Storing plans
    "refusal.plan-has-errors": "Kế hoạch {file!r} có lỗi: không được lưu",
    "refusal.plan-without-key": "Kế hoạch {file!r} thiếu mã đơn vị hoặc năm kế hoạch",
    "refusal.plan-duplicate-code": "Kế hoạch {file!r} có hai nhiệm vụ cùng mã {code}: không được lưu",
    "refusal.plan-duplicate-row": "Kế hoạch {file!r} có hai nhiệm vụ cùng dòng {row}: không được lưu",
}

EN: dict[str, str] = {
    # Parts of other refusals
    "refusal.part.system": "the system",
    "refusal.part.joined": "{first}; {rest}",
    "refusal.part.quarter": "{quarter}",
    "refusal.part.send-report": "a report is sent",
    "refusal.part.send-again": "it is sent again",
    "refusal.part.restore-report": "an earlier report is restored",
    # Accounts
    "refusal.invalid-username": (
        "Invalid username: {username!r} (2–64 characters: unaccented letters, digits, . _ @ -; "
        "starting with a letter or a digit)"
    ),
    "refusal.password-too-short": "The password needs at least {minimum} characters",
    "refusal.password-too-long": "The password is longer than {maximum} characters",
    "refusal.same-password": "The new password must differ from the current one",
    "refusal.invalid-role": "Invalid role: {role!r} (expected one of: {roles})",
    "refusal.clerk-needs-unit": "A clerk account needs a unit code",
    "refusal.unit-only-for-clerk": "Only a clerk account is bound to a unit, not the role {role}",
    "refusal.unknown-unit": "There is no unit {unit} in the registry of units",
    "refusal.unknown-ward": "No ward or commune named “{ward}” is in the registry of units",
    "refusal.ward-only-for-office": "A clerk account belongs to a school, not to a ward",
    "refusal.outside-ward": "This account manages the ward {ward} only: that unit or account belongs elsewhere",
    "refusal.username-taken": "The username {username!r} is already taken",
    "refusal.admin-exists": "An administrator account exists already: please log in",
    "refusal.unknown-account": "There is no account {username!r}",
    "refusal.last-admin": "Cannot disable {username!r}: it is the last active administrator",
    "refusal.last-city-admin": "Cannot scope {username!r} to one ward: it is the last administrator of the whole"
    " installation (closing quarters, managing the other wards)",
    # Approval, closing, appraisal
    "refusal.bad-period": "Invalid period: {value!r}; expected the form 2023-Q2",
    "refusal.unlock-reason-too-short": "Give the reason for unlocking (at least {minimum} characters)",
    "refusal.reopen-reason-too-short": "Give the reason for reopening the quarter (at least {minimum} characters)",
    "refusal.report-replaced-before-approval": (
        "Unit {unit} has just sent another report for {quarter} ({file}, #{current}) in place of report #{seen} "
        "on screen: not approved; look at it again, then approve"
    ),
    "refusal.report-replaced-before-appraisal": (
        "Unit {unit} has just sent another report for {quarter} ({file}, #{current}) in place of report #{seen} "
        "on screen: the appraisal was not saved; look at the scores again"
    ),
    "refusal.nothing-to-approve": "Unit {unit} has no report for {quarter}: nothing to approve",
    "refusal.already-approved": (
        "The report of unit {unit} for {quarter} is already approved and locked (by {by}, {at})"
    ),
    "refusal.not-locked": "The report of unit {unit} for {quarter} is not locked: nothing to unlock",
    "refusal.already-closed": "{quarter} is already closed (by {by}, {at}): not closed again",
    "refusal.not-closed": "{quarter} is not closed: nothing to reopen",
    "refusal.report-locked-closed": (
        "{quarter} is closed (by {by}, {at}): no change to the reports of unit {unit} is taken; "
        "an administrator must reopen the quarter before {action}."
    ),
    "refusal.report-locked-approved": (
        "The report of unit {unit} for {quarter} is approved and locked (by {by}, {at}): "
        "an administrator must unlock it before {action}."
    ),
    "refusal.appraisal-quarter-closed": (
        "{quarter} is closed (by {by}, {at}): the appraisal cannot change; reopen the quarter first. Nothing was saved."
    ),
    "refusal.nothing-to-appraise": "Unit {unit} has no self-assessment for {quarter}: nothing to appraise",
    "refusal.appraisal-not-saved": (
        "The appraisal of unit {unit} for {quarter} was not saved: {problems}. Nothing was saved."
    ),
    "refusal.appraisal-unknown-field": "field “{field}” is not in the report",
    "refusal.appraisal-field-twice": "field {field} has two rows",
    "refusal.appraisal-not-a-number": "field {field}: “{value}” is not a number",
    "refusal.appraisal-points-negative": "field {field}: {points} points is negative: expected 0 to {maximum}",
    "refusal.appraisal-points-over-maximum": "field {field}: {points} points exceeds the maximum of {maximum}",
    # Registry and deadlines
    "refusal.registry-bad-period": "Invalid period in the registry of units: {value!r}",
    "refusal.duplicate-unit-codes": "A unit code appears twice in the list of units",
    "refusal.registry-not-saved": "The registry of units was not saved: {problems}. Nothing was saved.",
    "refusal.new-unit-in-closed-quarter": (
        "New unit {unit} would count as due to report in closed quarters ({quarters}): "
        "make it active from (hieu_luc_tu) {quarter} on, or reopen those quarters first"
    ),
    "refusal.unit-change-in-closed-quarter": (
        "Unit {unit}: the change of its active quarters changes how many units had to report in closed quarters "
        "({quarters}): keep them as they were for those quarters, or reopen those quarters first"
    ),
    "refusal.deadline-out-of-range": (
        "The deadline {deadline} is not plausible for {quarter}: expected from {earliest} to {latest}"
    ),
    "refusal.deadline-quarter-closed": (
        "{quarter} is closed: its deadline stays as it was when closed; reopen the quarter before changing it"
    ),
    # Storing reports
    "refusal.report-has-errors": "Report {file!r} has errors: not stored",
    "refusal.report-without-key": "Report {file!r} lacks its unit code or its period",
    "refusal.report-not-refused": "Report {file!r} has no errors: it is not a refused file",
    # Storing plans
    "refusal.plan-has-errors": "Plan {file!r} has errors: not stored",
    "refusal.plan-without-key": "Plan {file!r} lacks its unit code or its year",
    "refusal.plan-duplicate-code": "Plan {file!r} has two tasks with the code {code}: not stored",
    "refusal.plan-duplicate-row": "Plan {file!r} has two tasks on row {row}: not stored",
}
