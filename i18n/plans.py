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
    "plan.docx.title": "Kế hoạch từ tệp Word (.docx)",
    "plan.docx.help": (
        "Tải lên kế hoạch soạn bằng Word: hệ thống đề xuất các nhiệm vụ (từ bảng nhiệm vụ hoặc các mục đánh số),"
        " thời hạn, người thực hiện và lĩnh vực. Sửa lại trong bảng rồi tải về dạng bảng tính hoặc xác nhận để"
        " kiểm tra và lưu như một kế hoạch nộp bằng bảng tính. Chưa lưu gì trước khi xác nhận."
    ),
    "plan.docx.file": "Chọn tệp kế hoạch Word (.docx)",
    "plan.docx.found": "Đề xuất {tasks} nhiệm vụ, {deadlines} nhiệm vụ có thời hạn (năm {year}).",
    "plan.docx.none": "Không tìm thấy nhiệm vụ nào trong tệp: hãy dùng mẫu kế hoạch dạng bảng tính.",
    "plan.docx.download": "Tải về dạng bảng tính",
    "plan.docx.stored": "Đã lưu kế hoạch năm {year} của {unit}: {tasks} nhiệm vụ.",
    "plan.docx.confirm": "Xác nhận và lưu",
    "plan.docx.year_differs": "Tệp ghi kế hoạch năm {found}; bảng tính dùng năm {year} đã chọn ở trên.",
    "problem.not-word-document": "{detail}: chỉ nhận văn bản Word .docx (Word 2007 trở lên, không có macro).",
    "problem.docx-table-skipped": (
        "Bảng thứ {table} có cột nội dung nhưng không có cột thời gian ({header}): không đọc bảng này thành nhiệm vụ."
    ),
    "problem.docx-year-unknown": "Không thấy năm của kế hoạch trong tiêu đề: thời hạn được đọc theo năm {year}.",
    "problem.docx-no-tasks": "Không tìm thấy bảng nhiệm vụ hay mục đánh số nào dưới phần nhiệm vụ, nội dung.",
    "reason.content-not-word": "Nội dung tệp không phải văn bản Word .docx dù có đuôi “{suffix}”",
    "reason.zip-not-word": "Tệp nén này không phải văn bản Word",
    "reason.docx-not-document": "Word không nhận tệp này là văn bản (.docm có macro, mẫu .dotx…)",
    "reason.docx-unreadable": "không đọc được nội dung văn bản",
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
    "plan.docx.title": "A plan from a Word file (.docx)",
    "plan.docx.help": (
        "Upload a plan written in Word: the app proposes its tasks (from task tables or numbered items), deadlines,"
        " who does them and their PAR field. Correct them in the table, then download them as a workbook or confirm"
        " to check and store them as a plan sent as a workbook. Nothing is stored before you confirm."
    ),
    "plan.docx.file": "Choose a Word plan (.docx)",
    "plan.docx.found": "{tasks} tasks proposed, {deadlines} of them with a deadline (year {year}).",
    "plan.docx.none": "No task found in the file: use the plan workbook template instead.",
    "plan.docx.download": "Download as a workbook",
    "plan.docx.stored": "The {year} plan of {unit} is stored: {tasks} tasks.",
    "plan.docx.confirm": "Confirm and store",
    "plan.docx.year_differs": "The file speaks of a plan for {found}; the workbook uses the year chosen above, {year}.",
    "problem.not-word-document": "{detail}: only Word .docx documents are accepted (Word 2007 or later, no macros).",
    "problem.docx-table-skipped": (
        "Table {table} has a task column but no deadline column ({header}): its rows are not read as tasks."
    ),
    "problem.docx-year-unknown": "The plan's year is not in its title: deadlines are read in {year}.",
    "problem.docx-no-tasks": "No task table and no numbered item under a section of tasks or contents was found.",
    "reason.content-not-word": "The file's content is not a Word .docx document although it ends in “{suffix}”",
    "reason.zip-not-word": "This zip archive is not a Word document",
    "reason.docx-not-document": "Word does not take this file for a document (a .docm with macros, a .dotx template…)",
    "reason.docx-unreadable": "the document's text cannot be read",
}
