"""Strings of the command line (cli.py): its help, what it prints and its refusals.

`cli.help.*` the options' help; `cli.error.<code>` the CLI's own usage errors and
refusals (cli.UsageError, exit status 2); `cli.asked.*` and `cli.why.*` what an account
was refused and why; the rest what a command prints. Values in braces are filled in
by cli.py, already shown for the reader (numbers, quarters, days) unless they are
the values of a coded error, which i18n.messages shows.
"""

from __future__ import annotations

VI: dict[str, str] = {
    # Help
    "cli.help.description": "Bảng theo dõi cải cách hành chính (CCHC) các trường",
    "cli.help.as": (
        "làm việc với đúng quyền của tài khoản này (mật khẩu: biến môi trường {env}, hoặc hỏi khi chạy,"
        " hoặc dòng đầu của stdin); mặc định: quyền đầy đủ của người vận hành máy chủ"
    ),
    "cli.help.lang": "ngôn ngữ của các thông báo: vi (tiếng Việt, mặc định) hoặc en (mặc định theo biến {env})",
    "cli.help.units": "danh sách đơn vị",
    "cli.help.units_import": "nhập đơn vị từ CSV hoặc XLSX",
    "cli.help.units_list": "liệt kê đơn vị",
    "cli.help.ingest": "kiểm tra và lưu báo cáo quý",
    "cli.help.received_at": "ngày nhận (khi nhập lại tệp cũ)",
    "cli.help.summary": "tổng hợp một quý",
    "cli.help.template": "ghi mẫu báo cáo trống",
    "cli.help.history": "lịch sử báo cáo của một đơn vị",
    "cli.help.restore": "khôi phục một báo cáo cũ làm hiện hành",
    "cli.help.deadline": "đặt hạn nộp báo cáo của một quý",
    "cli.help.export": "ghi báo cáo Excel (và CSV) của một quý",
    "cli.help.level": "chỉ một cấp học (thcs, tieu_hoc, mam_non… hoặc tên)",
    "cli.help.ward": "chỉ các đơn vị của một phường, xã / khu vực",
    "cli.help.compare": "kỳ để so sánh: một quý, hoặc cùng loại kỳ của năm trước (2025-H1 với 2026-H1)",
    "cli.help.csv_dir": "ghi thêm mỗi bảng thành một tệp CSV trong DIR",
    "cli.help.demo": "nạp dữ liệu mẫu khi cơ sở dữ liệu còn trống",
    "cli.help.users": "tài khoản đăng nhập",
    "cli.help.users_add": "tạo tài khoản",
    "cli.help.role": "admin, viewer hoặc clerk (văn thư của một đơn vị)",
    "cli.help.unit": "mã đơn vị (bắt buộc với clerk)",
    "cli.help.name": "họ tên hiển thị",
    "cli.help.password": "mật khẩu (mặc định: hỏi hai lần, hoặc đọc dòng đầu của stdin)",
    "cli.help.users_list": "liệt kê tài khoản",
    "cli.help.users_disable": "vô hiệu hoá tài khoản (không đăng nhập được nữa)",
    "cli.help.users_enable": "kích hoạt lại tài khoản đã vô hiệu hoá",
    "cli.help.users_reset": "đặt lại mật khẩu",
    "cli.help.users_ward": "đổi phạm vi của tài khoản văn phòng: một phường, xã (--ward) hoặc toàn hệ thống (--whole)",
    "cli.help.ward_whole": "toàn hệ thống, không giới hạn phường, xã",
    "cli.help.new_password": "mật khẩu mới (mặc định: hỏi hai lần, hoặc đọc dòng đầu của stdin)",
    "cli.help.audit": "nhật ký hệ thống",
    "cli.help.audit_verify": "kiểm tra chuỗi mã băm của nhật ký (dòng bị sửa, xoá, chèn thêm)",
    "cli.help.expect": "mã băm của một dòng đã ghi lại trước đây (lần kiểm tra trước in ra)",
    # Usage errors and refusals (exit status 2, nothing done)
    "cli.error.bad-day": "Ngày không hợp lệ: {text} (cần YYYY-MM-DD hoặc DD/MM/YYYY)",
    "cli.error.bad-period": "Kỳ không hợp lệ: {text} (cần dạng 2023-Q2 hoặc Quý II/2023)",
    "cli.error.compare-other-kind": (
        "Không so sánh được {period} với {compare}: hai kỳ phải cùng loại (hai quý, hai kỳ 6 tháng…)"
    ),
    "cli.error.bad-period-or-span": (
        "Kỳ không hợp lệ: {text} (cần một quý: 2026-Q2 hoặc Quý II/2026; 6 tháng: 2026-H1; 9 tháng: 2026-9M; năm: 2026)"
    ),
    "cli.error.no-username": "--as cần tên đăng nhập của một tài khoản",
    "cli.error.no-password": (
        "Chưa có mật khẩu của tài khoản {name}: đặt biến môi trường {env}, nhập khi được hỏi,"
        " hoặc đưa vào dòng đầu của stdin. Không làm gì."
    ),
    "cli.error.login-failed": (
        "Không đăng nhập được tài khoản {name}: sai tên đăng nhập hoặc mật khẩu, tài khoản đã bị vô hiệu hoá"
        " hoặc đang tạm khoá (sau {tries} lần nhập sai liên tiếp, khoá {minutes} phút). Không làm gì."
    ),
    "cli.error.not-allowed": "Tài khoản {name} — {role} — không được {asked}: {why}. Không làm gì.",
    "cli.error.no-file": "Không thấy tệp {path}",
    "cli.error.not-found": "Không thấy: {paths}",
    "cli.error.no-workbook": "Không có bảng tính nào (.xlsx, .xlsm, .xls, .ods) trong các đường dẫn đã cho",
    "cli.error.report-not-xlsx": "Tệp báo cáo cần đuôi .xlsx",
    "cli.error.template-not-xlsx": "Tệp mẫu cần đuôi .xlsx",
    "cli.error.restore-failed": "Không khôi phục được báo cáo #{id}: {why}",
    "cli.error.no-such-report": "Không có báo cáo #{id} trong cơ sở dữ liệu: xem số báo cáo bằng lệnh history",
    "cli.error.deadline-refused": "{why}. Không làm gì.",
    "cli.error.bad-expect": "--expect cần dạng SỐ_DÒNG:MÃ_BĂM (64 ký tự hex), ví dụ 1234:9f3a…; nhận {text}",
    "cli.error.passwords-differ": "Hai lần nhập mật khẩu không khớp",
    "cli.error.bad-role": "Vai trò không hợp lệ: {text} (cần một trong: {roles})",
    "cli.error.as-said": "{why}",
    # What an account was refused, and why
    "cli.asked.units_import": "nhập danh mục đơn vị từ {file}",
    "cli.asked.ingest": "nộp báo cáo ({files})",
    "cli.asked.received_at": "đặt ngày nhận (--received-at)",
    "cli.asked.export": "xuất báo cáo tổng hợp {text}",
    "cli.asked.history": "xem lịch sử báo cáo của đơn vị {unit}",
    "cli.asked.restore": "khôi phục báo cáo #{id}",
    "cli.asked.deadline": "đặt hạn nộp báo cáo kỳ {text}",
    "cli.asked.demo": "nạp dữ liệu mẫu",
    "cli.asked.audit": "kiểm tra nhật ký hệ thống",
    "cli.asked.users_add": "tạo tài khoản {name}",
    "cli.asked.users_list": "xem danh sách tài khoản",
    "cli.asked.users_disable": "vô hiệu hoá tài khoản {name}",
    "cli.asked.users_enable": "kích hoạt lại tài khoản {name}",
    "cli.asked.users_reset": "đặt lại mật khẩu của tài khoản {name}",
    "cli.asked.users_ward": "đổi phạm vi phường, xã của tài khoản {name}",
    "cli.why.admin_only": "việc này chỉ dành cho quản trị viên (admin)",
    "cli.why.read_only": "tài khoản chỉ xem, không nộp báo cáo của trường nào",
    "cli.why.received_day": "ngày nhận quyết định báo cáo đúng hạn hay trễ hạn",
    "cli.why.office_report": (
        "báo cáo tổng hợp là báo cáo của văn phòng, chỉ quản trị viên và lãnh đạo, chuyên viên được xuất"
    ),
    "cli.why.own_unit": "văn thư chỉ xem báo cáo của đơn vị mình ({unit})",
    # Passwords
    "cli.prompt.password": "Mật khẩu: ",
    "cli.prompt.password_of": "Mật khẩu của {name}: ",
    "cli.prompt.password_again": "Nhập lại mật khẩu: ",
    # units import
    "cli.units.whole_file": "tệp",
    "cli.units.rejected": "Không nhập đơn vị nào: hãy sửa các lỗi trên rồi nhập lại.",
    "cli.units.imported": "Đã nhập {units} đơn vị: {added} mới, {updated} cập nhật, {unchanged} không đổi.",
    # ingest
    "cli.ingest.accepted": (
        "✔ {file}: NHẬN — {unit}, {quarter}{note}: {tasks} nhiệm vụ, {indicators} chỉ tiêu,"
        " {satisfaction} yếu tố hài lòng, {self_assessment} lĩnh vực tự đánh giá"
    ),
    "cli.ingest.replaced": " (thay báo cáo trước)",
    "cli.ingest.rejected": "✘ {file}: TỪ CHỐI — không lưu gì",
    "cli.ingest.error": "Lỗi",
    "cli.ingest.warning": "Cảnh báo",
    "cli.ingest.total": "Tổng: {accepted}/{files} tệp được nhận, {rejected} bị từ chối.",
    # summary
    "cli.summary.own_unit": "(Chỉ đơn vị {unit}: tài khoản {name})",
    "cli.summary.title": "TỔNG HỢP CẢI CÁCH HÀNH CHÍNH {quarter}",
    "cli.summary.reports": "Nộp báo cáo: {submitted}/{expected} đơn vị ({rate}), đúng hạn {on_time} ({on_time_rate})",
    "cli.summary.reports_span": (
        "Nộp báo cáo: {submitted}/{expected} báo cáo quý phải nộp ({rate}), đúng hạn {on_time} ({on_time_rate})"
    ),
    "cli.summary.plan": "Hoàn thành kế hoạch: {plan_completion} nhiệm vụ đến hạn theo kế hoạch",
    "cli.summary.tasks": (
        "Nhiệm vụ: {done}/{tasks} hoàn thành ({completion_rate}), đúng hạn {on_time_rate}, quá hạn {overdue}"
    ),
    "cli.summary.scores": "Hài lòng: {satisfaction} · Điểm CCHC: {par_score}",
    "cli.summary.col.rank": "Hạng",
    "cli.summary.col.code": "Mã",
    "cli.summary.col.unit": "Đơn vị",
    "cli.summary.col.done": "Hoàn thành",
    "cli.summary.col.on_time": "Đúng hạn",
    "cli.summary.col.overdue": "Quá hạn",
    "cli.summary.not_reported": "chưa nộp báo cáo",
    # export, template, history, restore, deadline
    "cli.export.written": "Đã ghi báo cáo {quarter}: {out}",
    "cli.export.csv_written": "Đã ghi các bảng CSV vào: {folder}",
    "cli.template.written": "Đã ghi mẫu báo cáo: {out}",
    "cli.history.none": "Chưa có báo cáo nào.",
    "cli.history.current": "HIỆN HÀNH",
    "cli.history.replaced": "đã thay",
    "cli.restore.done": "Báo cáo #{id} đã trở lại là báo cáo hiện hành.",
    "cli.deadline.set": "Hạn nộp báo cáo {quarter}: {day}",
    # audit verify
    "cli.audit.empty": "Nhật ký toàn vẹn: chưa có dòng nào.",
    "cli.audit.whole": (
        "Nhật ký toàn vẹn: {lines} dòng. Dòng cuối #{id}, mã băm {hash}"
        " (ghi lại để đối chiếu về sau: audit verify --expect {id}:{hash})."
    ),
    "cli.audit.changed": "dòng #{at} đã bị sửa sau khi ghi (không còn khớp mã băm của nó)",
    "cli.audit.missing": "thiếu dòng #{other}, đã bị xoá (dòng #{at} được ghi ngay sau nó)",
    "cli.audit.inserted": "dòng #{at} không do ứng dụng ghi (không có mã băm): đã được chèn thêm vào nhật ký",
    "cli.audit.inserted_beside": "dòng #{at} và dòng #{other} cùng nối tiếp một dòng: một trong hai đã được chèn thêm",
    "cli.audit.rewritten": (
        "Nhật ký KHÔNG toàn vẹn: dòng #{at} không còn, hoặc không còn mang mã băm đã ghi lại:"
        " nhật ký đến dòng này đã bị viết lại hoặc cắt bớt."
    ),
    "cli.audit.broken": "Nhật ký KHÔNG toàn vẹn: {why}. {lines} dòng trước chỗ đứt vẫn khớp.",
    # users
    "cli.users.of_unit": ", đơn vị {unit}",
    "cli.users.added": "Đã tạo tài khoản {name} (vai trò {role}{unit}).",
    "cli.users.none": "Chưa có tài khoản nào.",
    "cli.users.active": "hoạt động",
    "cli.users.disabled": "đã vô hiệu hoá",
    "cli.users.locked": " (tạm khoá đến {until})",
    "cli.users.disabled_now": "Đã vô hiệu hoá tài khoản {name}.",
    "cli.users.already_disabled": "Tài khoản {name} đã bị vô hiệu hoá từ trước.",
    "cli.users.enabled_now": "Đã kích hoạt lại tài khoản {name}.",
    "cli.users.already_enabled": "Tài khoản {name} đang hoạt động.",
    "cli.users.password_reset": "Đã đặt lại mật khẩu cho tài khoản {name}.",
    "cli.users.ward_now": "Tài khoản {name} từ nay chỉ xem và quản lý {ward}.",
    "cli.users.ward_now_whole": "Tài khoản {name} từ nay làm việc trên toàn hệ thống.",
    "cli.users.ward_already": "Tài khoản {name} đã thuộc {ward} từ trước.",
    "cli.users.ward_already_whole": "Tài khoản {name} đã làm việc trên toàn hệ thống từ trước.",
    "cli.help.template_plan": "ghi mẫu kế hoạch CCHC năm (ThongTin, KeHoach) thay cho mẫu báo cáo quý",
    "cli.help.plan": "kế hoạch CCHC năm của các đơn vị",
    "cli.help.plan_import": "kiểm tra và lưu kế hoạch (tệp .xlsx, .xls, .ods hoặc thư mục)",
    "cli.help.plan_show": "xem kế hoạch hiện hành của một đơn vị trong một năm",
    "cli.template.plan_written": "Đã ghi mẫu kế hoạch: {out}",
    "cli.asked.plan_import": "nộp kế hoạch {files}",
    "cli.asked.plan_show": "xem kế hoạch của đơn vị {unit}",
    "cli.plan.accepted": "✔ {file}: kế hoạch năm {year} của đơn vị {unit}, {tasks} nhiệm vụ{note}",
    "cli.plan.none": "Đơn vị {unit} chưa có kế hoạch năm {year}.",
    "cli.plan.header": "Kế hoạch năm {year} của đơn vị {unit} (số {number}): {tasks} nhiệm vụ",
    "cli.help.template_unit": "mẫu của một đơn vị, nhiệm vụ điền sẵn từ kế hoạch năm (cùng --period)",
    "cli.help.template_period": "quý của mẫu đơn vị, ví dụ 2026-Q2",
    "cli.template.unit_written": "Đã ghi mẫu báo cáo {quarter} của đơn vị {unit}: {out}",
    "cli.error.unit-template-needs-both": "Mẫu của một đơn vị cần cả --unit và --period",
    "cli.error.unknown-unit": "Không có đơn vị {unit} trong danh mục đơn vị",
    "cli.help.continuity": "danh sách theo dõi kế hoạch của một quý: thiếu, đổi hạn, lùi trạng thái, ngoài kế hoạch",
    "cli.continuity.none": "Không có gì cần lưu ý trong {quarter}.",
    "cli.continuity.missing": "thiếu so với kế hoạch",
    "cli.continuity.deadline-moved": "đổi thời hạn",
    "cli.continuity.went-back": "lùi trạng thái",
    "cli.continuity.unplanned": "ngoài kế hoạch",
    "cli.help.plan_propose": "đề xuất các nhiệm vụ của kế hoạch từ văn bản Word (.docx), không lưu gì",
    "cli.help.plan_propose_year": "năm của kế hoạch (mặc định: năm ghi ở tiêu đề văn bản)",
    "cli.help.plan_propose_out": "ghi đề xuất thành bảng tính kế hoạch (.xlsx) để hoàn thiện rồi nộp",
    "cli.plan.proposed": "{file}: kế hoạch năm {year}, đề xuất {tasks} nhiệm vụ ({dated} nhiệm vụ có thời hạn)",
    "cli.plan.proposal_written": "Đã ghi bảng tính kế hoạch đề xuất: {out} (chưa lưu gì)",
}

EN: dict[str, str] = {
    # Help
    "cli.help.description": "Schools' administrative reform (PAR) dashboard",
    "cli.help.as": (
        "act with exactly this account's rights (password: environment variable {env}, else asked,"
        " else the first line of stdin); default: the full rights of the server's operator"
    ),
    "cli.help.lang": "the messages' language: vi (Vietnamese, the default) or en (default from the variable {env})",
    "cli.help.units": "the registry of schools",
    "cli.help.units_import": "add or update schools from a CSV or XLSX file",
    "cli.help.units_list": "list the schools",
    "cli.help.ingest": "check and store quarterly reports",
    "cli.help.received_at": "the received day (when importing older files)",
    "cli.help.summary": "one quarter's figures",
    "cli.help.template": "write the blank report workbook",
    "cli.help.history": "every report of a school",
    "cli.help.restore": "make an earlier report current again",
    "cli.help.deadline": "set a quarter's reporting deadline",
    "cli.help.export": "write a quarter's Excel report (and CSV files)",
    "cli.help.level": "one school level only (thcs, tieu_hoc, mam_non… or its name)",
    "cli.help.ward": "the schools of one ward / area only",
    "cli.help.compare": "the period to compare with: a quarter, or a span of the same length (2025-H1 with 2026-H1)",
    "cli.help.csv_dir": "also write each table as a CSV file in DIR",
    "cli.help.demo": "load the demo office when the database is empty",
    "cli.help.users": "login accounts",
    "cli.help.users_add": "create an account",
    "cli.help.role": "admin, viewer or clerk (a school's clerk)",
    "cli.help.unit": "the school's code (required for a clerk)",
    "cli.help.name": "the name shown",
    "cli.help.password": "the password (default: asked twice, or the first line of stdin)",
    "cli.help.users_list": "list the accounts",
    "cli.help.users_disable": "disable an account (it can no longer log in)",
    "cli.help.users_enable": "enable a disabled account again",
    "cli.help.users_reset": "reset a password",
    "cli.help.users_ward": "change an office account's scope: one ward (--ward) or the whole installation (--whole)",
    "cli.help.ward_whole": "the whole installation, no ward",
    "cli.help.new_password": "the new password (default: asked twice, or the first line of stdin)",
    "cli.help.audit": "the audit log",
    "cli.help.audit_verify": "check the audit log's hash chain (lines changed, deleted or inserted)",
    "cli.help.expect": "the hash of a line noted earlier (as the last check printed it)",
    # Usage errors and refusals (exit status 2, nothing done)
    "cli.error.bad-day": "Invalid date: {text} (expected YYYY-MM-DD or DD/MM/YYYY)",
    "cli.error.bad-period": "Invalid quarter: {text} (expected 2023-Q2 or Quý II/2023)",
    "cli.error.compare-other-kind": (
        "Cannot compare {period} with {compare}: both must be of one kind (two quarters, two six-month spans…)"
    ),
    "cli.error.bad-period-or-span": (
        "Invalid period: {text} (expected a quarter: 2026-Q2 or Quý II/2026; six months: 2026-H1; "
        "nine months: 2026-9M; a year: 2026)"
    ),
    "cli.error.no-username": "--as needs the username of an account",
    "cli.error.no-password": (
        "No password for the account {name}: set the environment variable {env}, type it when asked,"
        " or give it on the first line of stdin. Nothing was done."
    ),
    "cli.error.login-failed": (
        "Could not log in as {name}: wrong username or password, or the account is disabled or locked"
        " for now (after {tries} wrong passwords in a row, locked for {minutes} minutes). Nothing was done."
    ),
    "cli.error.not-allowed": "The account {name} — {role} — may not {asked}: {why}. Nothing was done.",
    "cli.error.no-file": "File not found: {path}",
    "cli.error.not-found": "Not found: {paths}",
    "cli.error.no-workbook": "No spreadsheet (.xlsx, .xlsm, .xls, .ods) in the paths given",
    "cli.error.report-not-xlsx": "The report file needs the .xlsx extension",
    "cli.error.template-not-xlsx": "The template file needs the .xlsx extension",
    "cli.error.restore-failed": "Could not restore report #{id}: {why}",
    "cli.error.no-such-report": "There is no report #{id} in the database: the history command lists their numbers",
    "cli.error.deadline-refused": "{why}. Nothing was done.",
    "cli.error.bad-expect": "--expect needs LINE_ID:HASH (64 hex characters), e.g. 1234:9f3a…; got {text}",
    "cli.error.passwords-differ": "The two passwords differ",
    "cli.error.bad-role": "Invalid role: {text} (expected one of: {roles})",
    "cli.error.as-said": "{why}",
    # What an account was refused, and why
    "cli.asked.units_import": "import the registry of schools from {file}",
    "cli.asked.ingest": "submit reports ({files})",
    "cli.asked.received_at": "set the received day (--received-at)",
    "cli.asked.export": "export the summary report {text}",
    "cli.asked.history": "see the report history of {unit}",
    "cli.asked.restore": "restore report #{id}",
    "cli.asked.deadline": "set the reporting deadline of {text}",
    "cli.asked.demo": "load the demo data",
    "cli.asked.audit": "check the audit log",
    "cli.asked.users_add": "create the account {name}",
    "cli.asked.users_list": "list the accounts",
    "cli.asked.users_disable": "disable the account {name}",
    "cli.asked.users_enable": "enable the account {name}",
    "cli.asked.users_reset": "reset the password of the account {name}",
    "cli.asked.users_ward": "change the ward scope of the account {name}",
    "cli.why.admin_only": "only an administrator (admin) may do this",
    "cli.why.read_only": "a read-only account submits no school's reports",
    "cli.why.received_day": "the received day decides whether a report was on time or late",
    "cli.why.office_report": (
        "the summary report is the office's report: only administrators, leaders and officers may export it"
    ),
    "cli.why.own_unit": "a clerk sees their own school's reports only ({unit})",
    # Passwords
    "cli.prompt.password": "Password: ",
    "cli.prompt.password_of": "Password of {name}: ",
    "cli.prompt.password_again": "Password again: ",
    # units import
    "cli.units.whole_file": "file",
    "cli.units.rejected": "No school imported: correct the errors above and import again.",
    "cli.units.imported": "Imported {units} schools: {added} new, {updated} updated, {unchanged} unchanged.",
    # ingest
    "cli.ingest.accepted": (
        "✔ {file}: ACCEPTED — {unit}, {quarter}{note}: {tasks} tasks, {indicators} indicators,"
        " {satisfaction} satisfaction factors, {self_assessment} self-assessed fields"
    ),
    "cli.ingest.replaced": " (replaces the earlier report)",
    "cli.ingest.rejected": "✘ {file}: REJECTED — nothing stored",
    "cli.ingest.error": "Error",
    "cli.ingest.warning": "Warning",
    "cli.ingest.total": "Total: {accepted}/{files} files accepted, {rejected} rejected.",
    # summary
    "cli.summary.own_unit": "(School {unit} only: account {name})",
    "cli.summary.title": "ADMINISTRATIVE REFORM SUMMARY {quarter}",
    "cli.summary.reports": "Reports: {submitted}/{expected} schools ({rate}), on time {on_time} ({on_time_rate})",
    "cli.summary.reports_span": (
        "Reports: {submitted}/{expected} quarterly reports due ({rate}), on time {on_time} ({on_time_rate})"
    ),
    "cli.summary.plan": "Plan completion: {plan_completion} of the plan tasks due",
    "cli.summary.tasks": "Tasks: {done}/{tasks} done ({completion_rate}), on time {on_time_rate}, overdue {overdue}",
    "cli.summary.scores": "Satisfaction: {satisfaction} · PAR score: {par_score}",
    "cli.summary.col.rank": "Rank",
    "cli.summary.col.code": "Code",
    "cli.summary.col.unit": "School",
    "cli.summary.col.done": "Done",
    "cli.summary.col.on_time": "On time",
    "cli.summary.col.overdue": "Overdue",
    "cli.summary.not_reported": "no report",
    # export, template, history, restore, deadline
    "cli.export.written": "Report {quarter} written: {out}",
    "cli.export.csv_written": "CSV tables written to: {folder}",
    "cli.template.written": "Report template written: {out}",
    "cli.history.none": "No report yet.",
    "cli.history.current": "CURRENT",
    "cli.history.replaced": "replaced",
    "cli.restore.done": "Report #{id} is the current report again.",
    "cli.deadline.set": "Reporting deadline {quarter}: {day}",
    # audit verify
    "cli.audit.empty": "The log is whole: no line yet.",
    "cli.audit.whole": (
        "The log is whole: {lines} lines. Last line #{id}, hash {hash}"
        " (note it to check against later: audit verify --expect {id}:{hash})."
    ),
    "cli.audit.changed": "line #{at} was changed after it was written (it no longer matches its hash)",
    "cli.audit.missing": "line #{other} is missing, deleted (line #{at} was written right after it)",
    "cli.audit.inserted": "line #{at} was not written by the app (it has no hash): it was inserted into the log",
    "cli.audit.inserted_beside": "lines #{at} and #{other} both follow the same line: one of them was inserted",
    "cli.audit.rewritten": (
        "The log is NOT whole: line #{at} is gone, or no longer carries the hash noted:"
        " the log up to this line was rewritten or cut short."
    ),
    "cli.audit.broken": "The log is NOT whole: {why}. The {lines} lines before the break still match.",
    # users
    "cli.users.of_unit": ", school {unit}",
    "cli.users.added": "Account {name} created (role {role}{unit}).",
    "cli.users.none": "No account yet.",
    "cli.users.active": "active",
    "cli.users.disabled": "disabled",
    "cli.users.locked": " (locked until {until})",
    "cli.users.disabled_now": "Account {name} disabled.",
    "cli.users.already_disabled": "Account {name} was already disabled.",
    "cli.users.enabled_now": "Account {name} enabled again.",
    "cli.users.already_enabled": "Account {name} is active.",
    "cli.users.password_reset": "Password of the account {name} reset.",
    "cli.users.ward_now": "Account {name} now sees and manages {ward} only.",
    "cli.users.ward_now_whole": "Account {name} now works on the whole installation.",
    "cli.users.ward_already": "Account {name} was already scoped to {ward}.",
    "cli.users.ward_already_whole": "Account {name} already worked on the whole installation.",
    "cli.help.template_plan": "write the yearly plan workbook (ThongTin, KeHoach) instead of the quarterly report",
    "cli.help.plan": "the units' yearly CCHC plans",
    "cli.help.plan_import": "check and store plans (.xlsx, .xls, .ods files or folders)",
    "cli.help.plan_show": "show a unit's current plan for a year",
    "cli.template.plan_written": "Plan template written: {out}",
    "cli.asked.plan_import": "submit the plans {files}",
    "cli.asked.plan_show": "see the plan of unit {unit}",
    "cli.plan.accepted": "✔ {file}: the {year} plan of unit {unit}, {tasks} tasks{note}",
    "cli.plan.none": "Unit {unit} has no plan for {year} yet.",
    "cli.plan.header": "The {year} plan of unit {unit} (no. {number}): {tasks} tasks",
    "cli.help.template_unit": "a unit's template, its tasks filled from the year's plan (with --period)",
    "cli.help.template_period": "the quarter of the unit's template, e.g. 2026-Q2",
    "cli.template.unit_written": "The {quarter} report template of unit {unit} written: {out}",
    "cli.error.unit-template-needs-both": "A unit's template needs both --unit and --period",
    "cli.error.unknown-unit": "There is no unit {unit} in the registry",
    "cli.help.continuity": "a quarter's plan follow-up list: missing, deadline moved, went back, unplanned",
    "cli.continuity.none": "Nothing to note in {quarter}.",
    "cli.continuity.missing": "missing from the report",
    "cli.continuity.deadline-moved": "deadline moved",
    "cli.continuity.went-back": "went back",
    "cli.continuity.unplanned": "unplanned",
    "cli.help.plan_propose": "propose a plan's tasks from a Word document (.docx), storing nothing",
    "cli.help.plan_propose_year": "the plan's year (default: the year in the document's title)",
    "cli.help.plan_propose_out": "write the proposal as a plan workbook (.xlsx) to finish and submit",
    "cli.plan.proposed": "{file}: the {year} plan, {tasks} tasks proposed ({dated} with a deadline)",
    "cli.plan.proposal_written": "Proposed plan workbook written: {out} (nothing stored)",
}
