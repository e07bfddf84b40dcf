"""Strings of the evidence files (tài liệu kiểm chứng): adding, listing, downloading, refusing.

Also the PAR year's state (draft, final) that freezes them. `refusal.<code>` words a
refusal of core.filetypes, storage.evidence or storage.par_years; `evidence.*` the
verdict on a file; `cli.*` the command line's `evidence` commands.
"""

from __future__ import annotations

VI: dict[str, str] = {
    # What a file was found to be
    "evidence.kind.pdf": "tài liệu PDF",
    "evidence.kind.jpeg": "ảnh JPEG",
    "evidence.kind.png": "ảnh PNG",
    "evidence.kind.docx": "văn bản Word (.docx)",
    "evidence.kind.xlsx": "bảng tính Excel (.xlsx)",
    "evidence.target.field": "lĩnh vực {code}",
    "evidence.target.criterion": "tiêu chí {code}",
    "evidence.target.task": "nhiệm vụ {code}",
    "evidence.accepted": "{kind}, {size}, gắn với {target} (tài liệu #{id})",
    # The page
    "nav.evidence": "Tài liệu kiểm chứng",
    "evidence.page.help": (
        "Minh chứng cho điểm tự đánh giá Chỉ số CCHC của năm: gắn mỗi tệp với một tiêu chí, một lĩnh vực"
        " hoặc một nhiệm vụ của kế hoạch. Nhận PDF, ảnh JPEG/PNG, Word (.docx), Excel (.xlsx), xét theo nội dung"
        " tệp; cùng một tệp gửi hai lần chỉ lưu một bản."
    ),
    "evidence.page.final": (
        "Kết quả Chỉ số CCHC năm {year} của đơn vị {unit} đã chốt: tài liệu kiểm chứng chỉ còn để xem."
    ),
    "evidence.page.add": "Thêm tài liệu kiểm chứng",
    "evidence.page.target": "Gắn với",
    "evidence.page.files": "Chọn tệp (có thể chọn nhiều tệp)",
    "evidence.page.attach": "Thêm tài liệu",
    "evidence.page.listed": "Tài liệu đã có ({n})",
    "evidence.page.none": "Đơn vị {unit} chưa có tài liệu kiểm chứng năm {year}.",
    "evidence.page.pick": "Chọn tài liệu",
    "evidence.page.download": "Tải về",
    "evidence.page.preview": "Xem ảnh",
    "evidence.page.remove": "Gỡ tài liệu",
    "evidence.page.confirm_remove": "Tôi muốn gỡ tài liệu này",
    "evidence.page.removed": "đã gỡ (vẫn ghi trong nhật ký hệ thống)",
    "evidence.page.col.file": "Tệp",
    "evidence.page.col.kind": "Loại",
    "evidence.page.col.size": "Dung lượng",
    "evidence.page.col.target": "Gắn với",
    "evidence.page.col.by": "Người thêm",
    "evidence.page.col.at": "Thời điểm thêm",
    # Refusals of a file (core.filetypes)
    "refusal.evidence-empty": "Tệp {file} rỗng (0 byte): không có gì để lưu.",
    "refusal.evidence-too-large": "Tệp {file} nặng {size}, vượt giới hạn {limit} của một tệp kiểm chứng.",
    "refusal.evidence-html": (
        "Tệp {file} là trang web hoặc tệp đánh dấu ({format}), không phải tài liệu: không nhận,"
        " vì mở ra có thể chạy mã lệnh. Hãy gửi bản PDF hoặc ảnh chụp."
    ),
    "refusal.evidence-script": (
        "Tệp {file} là một đoạn mã lệnh (script), không phải tài liệu: không nhận."
        " Chỉ nhận PDF, ảnh JPEG/PNG, Word (.docx) và Excel (.xlsx)."
    ),
    "refusal.evidence-program": "Tệp {file} là một chương trình máy tính ({format}), không phải tài liệu: không nhận.",
    "refusal.evidence-archive": (
        "Tệp {file} là tệp nén ({format}): không nhận tệp nén. Hãy giải nén rồi gửi từng tệp PDF, ảnh, Word hoặc Excel."
    ),
    "refusal.evidence-macros": (
        "Tệp {file} có macro (mã lệnh VBA): không nhận. Hãy lưu lại thành tệp .docx hoặc .xlsx thường"
        " (không macro) hoặc PDF rồi gửi."
    ),
    "refusal.evidence-old-office": (
        "Tệp {file} là Word hoặc Excel định dạng cũ (.doc, .xls), có thể chứa macro: không nhận."
        " Hãy mở tệp và lưu lại thành .docx, .xlsx hoặc PDF rồi gửi."
    ),
    "refusal.evidence-unknown-type": (
        "Không nhận dạng được tệp {file}: chỉ nhận PDF, ảnh JPEG/PNG, Word (.docx) và Excel (.xlsx),"
        " xét theo nội dung tệp chứ không theo đuôi tên tệp."
    ),
    "refusal.evidence-zip-bomb": ("Tệp {file} (Word, Excel là tệp nén) vượt giới hạn giải nén: {detail}"),
    "refusal.evidence-corrupt": "Tệp {file} bị hỏng hoặc không trọn vẹn (tải về chưa xong?): {detail}.",
    "refusal.evidence-encrypted": "Tệp {file} được đặt mật khẩu: hãy gỡ mật khẩu rồi gửi lại.",
    # Refusals of storing, removing, reading (storage.evidence)
    "refusal.evidence-no-target": (
        "Cần gắn tài liệu kiểm chứng với đúng một nơi: một lĩnh vực, một tiêu chí hoặc một nhiệm vụ của kế hoạch."
    ),
    "refusal.evidence-unknown-field": "Khung Chỉ số CCHC năm {year} không có lĩnh vực “{code}”.",
    "refusal.evidence-unknown-criterion": "Khung Chỉ số CCHC năm {year} không có tiêu chí “{code}”.",
    "refusal.evidence-unknown-task": (
        "Kế hoạch CCHC năm {year} hiện hành của đơn vị {unit} không có nhiệm vụ mã “{code}”."
    ),
    "refusal.evidence-year-final": (
        "Kết quả Chỉ số CCHC năm {year} của đơn vị {unit} đã chốt (bởi {by}, {at}): không thêm, gỡ tài liệu"
        " kiểm chứng nữa; cần quản trị viên mở lại trước."
    ),
    "refusal.evidence-year-full": (
        "Tài liệu kiểm chứng năm {year} của đơn vị {unit} đã dùng {used}; thêm tệp {file} ({size}) sẽ vượt"
        " giới hạn {limit} của một năm."
    ),
    "refusal.evidence-unknown-link": "Không có tài liệu kiểm chứng #{id} (hoặc tài liệu đã được gỡ).",
    "refusal.evidence-unit-not-allowed": (
        "Tài khoản {user} là văn thư của đơn vị {own}: không thêm, gỡ tài liệu kiểm chứng của đơn vị {unit}."
    ),
    "refusal.evidence-not-a-submitter": "Tài khoản {user} chỉ được xem: không thêm, gỡ tài liệu kiểm chứng.",
    "refusal.evidence-not-visible": "Tài khoản {user} không được xem tài liệu kiểm chứng của đơn vị {unit}.",
    # The PAR year's state (storage.par_years)
    "refusal.par-already-final": "Kết quả Chỉ số CCHC năm {year} của đơn vị {unit} đã chốt (bởi {by}, {at}).",
    "refusal.par-not-final": "Kết quả Chỉ số CCHC năm {year} của đơn vị {unit} chưa chốt: không có gì để mở lại.",
    "refusal.par-reopen-reason-too-short": "Cần ghi lý do mở lại kết quả Chỉ số CCHC (ít nhất {minimum} ký tự).",
    # The audit log
    "audit.action.evidence-add": "Thêm tài liệu kiểm chứng",
    "audit.action.evidence-remove": "Gỡ tài liệu kiểm chứng",
    "audit.action.evidence-download": "Tải tài liệu kiểm chứng",
    "audit.action.par-finalise": "Chốt kết quả Chỉ số CCHC",
    "audit.action.par-reopen": "Mở lại kết quả Chỉ số CCHC",
    # The command line
    "cli.help.evidence": "tài liệu kiểm chứng của Chỉ số CCHC (PDF, ảnh JPEG/PNG, Word, Excel)",
    "cli.help.evidence_add": "thêm tài liệu kiểm chứng cho một lĩnh vực, một tiêu chí hoặc một nhiệm vụ kế hoạch",
    "cli.help.evidence_list": "liệt kê tài liệu kiểm chứng của một đơn vị trong một năm",
    "cli.help.evidence_remove": "gỡ một tài liệu kiểm chứng (vẫn lưu trong nhật ký)",
    "cli.help.evidence_get": "ghi một tài liệu kiểm chứng ra tệp",
    "cli.help.evidence_unit": "mã đơn vị",
    "cli.help.evidence_year": "năm đánh giá Chỉ số CCHC",
    "cli.help.evidence_field": "mã lĩnh vực của khung chỉ số năm đó (CDDH, TTHC…)",
    "cli.help.evidence_criterion": "mã tiêu chí hoặc tiêu chí thành phần (CDDH.1…)",
    "cli.help.evidence_task": "mã nhiệm vụ trong kế hoạch năm hiện hành của đơn vị",
    "cli.help.evidence_out": "tệp ghi ra",
    "cli.asked.evidence_add": "thêm tài liệu kiểm chứng cho đơn vị {unit}",
    "cli.asked.evidence_list": "xem tài liệu kiểm chứng của đơn vị {unit}",
    "cli.asked.evidence_remove": "gỡ tài liệu kiểm chứng #{id}",
    "cli.asked.evidence_get": "tải tài liệu kiểm chứng #{id}",
    "cli.why.own_unit_evidence": "văn thư chỉ làm việc với tài liệu kiểm chứng của đơn vị mình ({unit})",
    "cli.evidence.accepted": "✔ {file}: NHẬN — {message}",
    "cli.evidence.rejected": "✘ {file}: TỪ CHỐI — {message}",
    "cli.evidence.total": "Tổng: {accepted}/{files} tệp được nhận, {rejected} bị từ chối.",
    "cli.evidence.none": "Đơn vị {unit} chưa có tài liệu kiểm chứng năm {year}.",
    "cli.evidence.header": "Tài liệu kiểm chứng năm {year} của đơn vị {unit}: {count} tệp, {size}",
    "cli.evidence.removed": "Đã gỡ tài liệu kiểm chứng #{id}.",
    "cli.evidence.written": "Đã ghi tài liệu kiểm chứng #{id} ({kind}) vào {out}.",
}

EN: dict[str, str] = {
    # What a file was found to be
    "evidence.kind.pdf": "PDF document",
    "evidence.kind.jpeg": "JPEG picture",
    "evidence.kind.png": "PNG picture",
    "evidence.kind.docx": "Word document (.docx)",
    "evidence.kind.xlsx": "Excel workbook (.xlsx)",
    "evidence.target.field": "field {code}",
    "evidence.target.criterion": "criterion {code}",
    "evidence.target.task": "task {code}",
    "evidence.accepted": "{kind}, {size}, attached to {target} (evidence #{id})",
    # The page
    "nav.evidence": "Evidence",
    "evidence.page.help": (
        "Evidence for the year's PAR self-assessment: attach each file to a criterion, a field or a task of the"
        " plan. PDF, JPEG/PNG pictures, Word (.docx) and Excel (.xlsx) files are taken, judged by their content;"
        " the same file sent twice is kept once."
    ),
    "evidence.page.final": "The {year} PAR results of {unit} are final: its evidence can only be viewed.",
    "evidence.page.add": "Add evidence",
    "evidence.page.target": "Attach to",
    "evidence.page.files": "Choose files (several at once)",
    "evidence.page.attach": "Add the files",
    "evidence.page.listed": "Evidence attached ({n})",
    "evidence.page.none": "{unit} has no evidence for {year} yet.",
    "evidence.page.pick": "Choose a file",
    "evidence.page.download": "Download",
    "evidence.page.preview": "Show the picture",
    "evidence.page.remove": "Remove",
    "evidence.page.confirm_remove": "I want to remove this file",
    "evidence.page.removed": "removed (still in the audit log)",
    "evidence.page.col.file": "File",
    "evidence.page.col.kind": "Kind",
    "evidence.page.col.size": "Size",
    "evidence.page.col.target": "Attached to",
    "evidence.page.col.by": "Added by",
    "evidence.page.col.at": "Added at",
    # Refusals of a file (core.filetypes)
    "refusal.evidence-empty": "The file {file} is empty (0 bytes): there is nothing to store.",
    "refusal.evidence-too-large": "The file {file} is {size}, over the limit of {limit} for one evidence file.",
    "refusal.evidence-html": (
        "The file {file} is a web page or markup ({format}), not a document: refused, because opening it may run"
        " code. Send a PDF or a picture instead."
    ),
    "refusal.evidence-script": (
        "The file {file} is a script, not a document: refused."
        " Only PDF, JPEG/PNG pictures, Word (.docx) and Excel (.xlsx) files are taken."
    ),
    "refusal.evidence-program": "The file {file} is a computer program ({format}), not a document: refused.",
    "refusal.evidence-archive": (
        "The file {file} is an archive ({format}): archives are refused. Unpack it and send each PDF, picture,"
        " Word or Excel file."
    ),
    "refusal.evidence-macros": (
        "The file {file} contains macros (VBA code): refused. Save it as a plain .docx or .xlsx (without macros)"
        " or as a PDF and send it again."
    ),
    "refusal.evidence-old-office": (
        "The file {file} is an old-format Word or Excel file (.doc, .xls), which may hide macros: refused."
        " Open it and save it as .docx, .xlsx or PDF, then send it again."
    ),
    "refusal.evidence-unknown-type": (
        "The file {file} is of no type taken: only PDF, JPEG/PNG pictures, Word (.docx) and Excel (.xlsx),"
        " judged by the file's content, not by its name."
    ),
    "refusal.evidence-zip-bomb": (
        "The file {file} (a Word or Excel file is a zip) breaks the unpacking limits: {detail}"
    ),
    "refusal.evidence-corrupt": "The file {file} is damaged or incomplete (an unfinished download?): {detail}.",
    "refusal.evidence-encrypted": "The file {file} is password-protected: remove the password and send it again.",
    # Refusals of storing, removing, reading (storage.evidence)
    "refusal.evidence-no-target": (
        "Evidence is attached to exactly one thing: a field, a criterion or a task of the plan."
    ),
    "refusal.evidence-unknown-field": "The PAR framework of {year} has no field “{code}”.",
    "refusal.evidence-unknown-criterion": "The PAR framework of {year} has no criterion “{code}”.",
    "refusal.evidence-unknown-task": "The current {year} plan of unit {unit} has no task with the code “{code}”.",
    "refusal.evidence-year-final": (
        "The PAR results of unit {unit} for {year} are final (by {by}, {at}): no evidence is added or removed"
        " any more; an administrator must reopen them first."
    ),
    "refusal.evidence-year-full": (
        "The evidence of unit {unit} for {year} takes {used} already; adding {file} ({size}) would exceed the"
        " limit of {limit} for a year."
    ),
    "refusal.evidence-unknown-link": "There is no evidence #{id} (or it has been removed).",
    "refusal.evidence-unit-not-allowed": (
        "The account {user} is the clerk of unit {own}: it adds or removes no evidence of unit {unit}."
    ),
    "refusal.evidence-not-a-submitter": "The account {user} is read-only: it adds or removes no evidence.",
    "refusal.evidence-not-visible": "The account {user} may not see the evidence of unit {unit}.",
    # The PAR year's state (storage.par_years)
    "refusal.par-already-final": "The PAR results of unit {unit} for {year} are already final (by {by}, {at}).",
    "refusal.par-not-final": "The PAR results of unit {unit} for {year} are not final: nothing to reopen.",
    "refusal.par-reopen-reason-too-short": (
        "Give the reason for reopening the PAR results (at least {minimum} characters)."
    ),
    # The audit log
    "audit.action.evidence-add": "Evidence added",
    "audit.action.evidence-remove": "Evidence removed",
    "audit.action.evidence-download": "Evidence downloaded",
    "audit.action.par-finalise": "PAR results made final",
    "audit.action.par-reopen": "PAR results reopened",
    # The command line
    "cli.help.evidence": "evidence of the PAR Index (PDF, JPEG/PNG pictures, Word, Excel)",
    "cli.help.evidence_add": "add evidence to a field, a criterion or a task of the plan",
    "cli.help.evidence_list": "list a unit's evidence for a year",
    "cli.help.evidence_remove": "remove a piece of evidence (the audit log keeps it)",
    "cli.help.evidence_get": "write a piece of evidence to a file",
    "cli.help.evidence_unit": "the unit's code",
    "cli.help.evidence_year": "the year of the PAR assessment",
    "cli.help.evidence_field": "a field code of that year's framework (CDDH, TTHC…)",
    "cli.help.evidence_criterion": "a criterion or sub-criterion code (CDDH.1…)",
    "cli.help.evidence_task": "a task code of the unit's current plan for the year",
    "cli.help.evidence_out": "the file to write",
    "cli.asked.evidence_add": "add evidence for unit {unit}",
    "cli.asked.evidence_list": "see the evidence of unit {unit}",
    "cli.asked.evidence_remove": "remove evidence #{id}",
    "cli.asked.evidence_get": "download evidence #{id}",
    "cli.why.own_unit_evidence": "a clerk works with their own school's evidence only ({unit})",
    "cli.evidence.accepted": "✔ {file}: ACCEPTED — {message}",
    "cli.evidence.rejected": "✘ {file}: REFUSED — {message}",
    "cli.evidence.total": "Total: {accepted}/{files} files accepted, {rejected} refused.",
    "cli.evidence.none": "Unit {unit} has no evidence for {year}.",
    "cli.evidence.header": "Evidence of unit {unit} for {year}: {count} files, {size}",
    "cli.evidence.removed": "Evidence #{id} removed.",
    "cli.evidence.written": "Evidence #{id} ({kind}) written to {out}.",
}
