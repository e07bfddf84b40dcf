"""Wording of the validation problems (`problem.<code>`) and of the terms they name.

Codes are stable (tests, the UI and the CLI's JSON rely on them); the wording may
improve. Each template says what was found and what is expected. Placeholders are
the problem's values; `{sheet}` and `{column}` are where it was found. Values that
are cell contents are quoted as the school wrote them, in either language.
"""

from __future__ import annotations

VI: dict[str, str] = {
    # Where
    "where.sheet": "trang {sheet}",
    "where.row": "dòng {row}",
    "where.column": "cột {column}",
    "value.yes": "có",
    "value.no": "không",
    "value.none": "không có",
    # Whole file
    "problem.empty-file": "Tệp rỗng (0 byte): không có gì để đọc.",
    "problem.file-too-large": "Tệp nặng {size}, vượt giới hạn {limit}.",
    "problem.not-spreadsheet": "{detail}: chỉ nhận bảng tính .xlsx, .xlsm, .xls hoặc .ods.",
    "problem.encrypted": "Tệp được đặt mật khẩu: hãy gỡ mật khẩu rồi gửi lại.",
    "problem.corrupt": "Tệp bị hỏng hoặc không trọn vẹn (tải về chưa xong?): {detail}.",
    "problem.zip-too-many-entries": "Tệp chứa {count} thành phần, quá nhiều cho một bảng tính.",
    "problem.zip-ratio": "Tệp nén bất thường (tỷ lệ giải nén {ratio}:1): từ chối để bảo vệ hệ thống.",
    "problem.unpacked-too-large": "Nội dung giải nén {size}, vượt giới hạn {limit}.",
    "problem.sheet-too-large": (
        "Một trang tính trải tới dòng {rows}, cột thứ {columns}: quá lớn (có ô lạ ở xa bảng?)."
    ),
    "problem.unit-not-allowed": (
        "Tệp là báo cáo của đơn vị {unit}; tài khoản {user} chỉ được nộp báo cáo của đơn vị {own}."
    ),
    "problem.not-a-submitter": "Tài khoản {user} chỉ được xem, không được nộp báo cáo.",
    "problem.xml-entities": "Tệp chứa khai báo XML (DTD/ENTITY) không được phép: từ chối.",
    "problem.reader-timeout": (
        "Đọc tệp quá {seconds} giây chưa xong: từ chối để bảo vệ hệ thống (tệp hỏng hoặc được tạo bất thường?)."
    ),
    "problem.reader-failed": (
        "Bộ đọc bảng tính dừng bất thường với tệp này ({detail}): từ chối để bảo vệ hệ thống. "
        "Hãy mở tệp bằng Excel, lưu lại rồi gửi."
    ),
    # Why a file could not be read (the `detail` of not-spreadsheet and corrupt)
    "reason.suffix": "Tệp có đuôi “{suffix}”",
    "reason.no-suffix": "Tệp không có đuôi",
    "reason.content-not-spreadsheet": "Nội dung tệp không phải bảng tính dù có đuôi “{suffix}”",
    "reason.zip-not-spreadsheet": "Tệp nén này không phải bảng tính",
    "reason.zip-unreadable": "không mở được tệp nén",
    "reason.part-not-xml": "thành phần {part} không phải XML hợp lệ",
    "reason.part-unreadable": "thành phần {part} đọc không được",
    "reason.part-compression": "thành phần {part} nén theo cách lạ",
    "reason.part-cell-reference": "thành phần {part} có địa chỉ ô lạ “{found}”",
    "reason.part-row-number": "thành phần {part} có số dòng lạ “{found}”",
    "reason.sheet-unreadable": "trang “{name}” đọc không được",
    "reason.reader-signal": "bị dừng bởi tín hiệu {signal}",
    "reason.reader-lost": "mất kết nối với bộ đọc",
    "reason.reader-memory": "vượt giới hạn bộ nhớ",
    "reason.reader-error": "lỗi {error}",
    # Sheets and tables
    "problem.missing-sheet": "Thiếu trang “{sheet}” ({title}): cần có trang này như trong mẫu.",
    "problem.unknown-sheet": "Trang “{sheet}” không có trong mẫu: bỏ qua.",
    "problem.duplicate-sheet": ("Có hai trang cùng là “{title}” (“{first}” và “{sheet}”): chỉ đọc trang “{first}”."),
    "problem.missing-header": "Không tìm thấy dòng tiêu đề của bảng: cần các cột {labels}.",
    "problem.missing-column": ("Thiếu cột “{label}”: cần có cột này (hoặc tên khác được chấp nhận: {aliases})."),
    "problem.duplicate-column": "Cột “{column}” lặp lại cột trước đó: chỉ đọc cột đầu tiên.",
    "problem.unknown-column": "Cột “{column}” không có trong mẫu: bỏ qua.",
    "problem.missing-field": ("Thiếu dòng “{label}” ở trang Thông tin chung: cần nhãn ở cột A, giá trị ở cột B."),
    "problem.no-records": "Trang không có dòng dữ liệu nào.",
    "problem.optional-sheet-unfilled": (
        "Trang “{title}” chưa điền số liệu nào: coi như đơn vị không báo cáo phần này."
    ),
    # Values
    "problem.missing-value": "Ô “{column}” trống: cần {expected}.",
    "problem.formula-no-value": (
        "Ô “{column}” là công thức chưa có giá trị tính sẵn: mở tệp bằng Excel, lưu lại rồi gửi."
    ),
    "problem.formula-error": "Ô có lỗi công thức “{value}”: cần {expected}.",
    "problem.bad-date": "“{value}” không phải ngày hợp lệ: cần dạng dd/mm/yyyy, ví dụ 20/06/2023.",
    "problem.date-out-of-range": "Ngày “{value}” nằm ngoài khoảng hợp lý (2000–2100).",
    "problem.bad-number": "“{value}” không phải số: cần số như 12 hoặc 12,5.",
    "problem.percent-not-allowed": "“{value}” là tỷ lệ %: cần số lượng (ví dụ 45), không nhập %.",
    "problem.negative": "“{value}” là số âm: cần số không âm.",
    "problem.not-whole": "“{value}” không phải số nguyên: cần số nguyên không âm.",
    "problem.unknown-level": "Cấp học “{value}” không có trong danh mục: cần một trong {expected}.",
    "problem.bad-period": "Kỳ báo cáo “{value}” không đọc được: cần dạng Quý II/2023.",
    "problem.unknown-unit": (
        "Mã đơn vị “{value}” không có trong danh sách đơn vị: kiểm tra lại mã do cơ quan quản lý cấp."
    ),
    "problem.unit-not-active": "Đơn vị {value} không báo cáo kỳ {period} cho cơ quan này (chỉ báo cáo {span}).",
    "problem.unit-name-mismatch": (
        "Tên đơn vị “{value}” khác tên trong danh sách (“{expected}”): dùng tên trong danh sách."
    ),
    "problem.unknown-status": (
        "Trạng thái “{value}” không hợp lệ: cần Hoàn thành, Đang thực hiện hoặc Chưa thực hiện."
    ),
    "problem.unknown-field": "Lĩnh vực “{value}” không có trong danh mục: cần một trong {expected}.",
    "problem.unknown-indicator": "Mã chỉ tiêu “{value}” không có trong danh mục: cần một trong {expected}.",
    "problem.unknown-dimension": "Yếu tố “{value}” không có trong danh mục: cần một trong {expected}.",
    "problem.missing-done-date": "Nhiệm vụ Hoàn thành nhưng ô “{column}” trống: cần ngày hoàn thành dd/mm/yyyy.",
    "problem.done-date-not-done": (
        "Có ngày hoàn thành “{value}” nhưng trạng thái là “{status}”: ngày này không được tính."
    ),
    "problem.missing-total": "Chỉ tiêu tỷ lệ {indicator} cần “{column}” (mẫu số): ô đang trống.",
    "problem.exceeds-total": "Kết quả {value} lớn hơn Tổng số {total}: tử số không được vượt mẫu số.",
    "problem.answers-mismatch": "Năm mức trả lời cộng lại {value}, khác Số phiếu {expected}.",
    "problem.duplicate-row": "“{value}” đã có ở dòng {first}: mỗi {what} chỉ một dòng.",
    "problem.points-out-of-range": "Điểm “{value}” vượt điểm tối đa {expected} của lĩnh vực hoặc tiêu chí.",
    "problem.unknown-criterion": (
        "Tiêu chí “{value}” không có trong khung Chỉ số CCHC năm {year}: cần mã tiêu chí hoặc tiêu chí thành phần."
    ),
    "problem.criterion-has-sub-criteria": (
        "Tiêu chí {value} được chấm qua các tiêu chí thành phần: ghi mỗi tiêu chí thành phần một dòng ({expected})."
    ),
    "problem.criterion-other-field": "Tiêu chí {value} thuộc lĩnh vực {field}, không thuộc lĩnh vực ghi ở dòng này.",
    "problem.field-and-criteria": (
        "Lĩnh vực {value} đã được chấm theo cách khác ở dòng {first}: chấm cả lĩnh vực một dòng,"
        " hoặc từng tiêu chí, không cả hai."
    ),
    "problem.quality-outlier-across": (
        "Số liệu nên xem lại ({item}): {value}, khác xa trung vị {reference} của các trường cùng cấp học"
        " (điểm lệch {score}). Nếu số liệu đúng, hãy giải trình trên trang Chất lượng dữ liệu."
    ),
    "problem.quality-outlier-history": (
        "Số liệu nên xem lại ({item}): {value}, khác xa trung vị {reference} các quý trước của trường"
        " (điểm lệch {score}). Nếu số liệu đúng, hãy giải trình trên trang Chất lượng dữ liệu."
    ),
    "problem.quality-copied": (
        "Nhiệm vụ và chỉ tiêu của tệp giống hệt báo cáo cùng quý của đơn vị {reference}: có gửi nhầm tệp không?"
    ),
    "problem.quality-survey-repeated": (
        "Số phiếu khảo sát giống hệt báo cáo {reference}: có phải chép lại khảo sát quý trước không?"
    ),
    "problem.par-year-final-self-assessment": (
        "Kết quả thẩm định Chỉ số CCHC năm {year} của đơn vị {unit} đã chốt: báo cáo mới không được có trang"
        " TuDanhGia. Hãy bỏ trang này rồi gửi lại, hoặc đề nghị văn phòng mở lại kết quả năm."
    ),
    "problem.points-without-evidence": (
        "{item}: {points} điểm tự đánh giá chưa có tài liệu kiểm chứng hay lời giải trình:"
        " đính kèm minh chứng (trang Tài liệu kiểm chứng) hoặc ghi cột Giải trình."
    ),
    "problem.criteria-left-out": (
        "Lĩnh vực {field} chấm theo tiêu chí nhưng thiếu các tiêu chí {codes}: các tiêu chí này không được tính điểm."
    ),
    "problem.max-points-mismatch": "Điểm tối đa ghi “{value}”, danh mục là {expected}: dùng điểm trong danh mục.",
    # A plan's cells
    "problem.bad-year": "Năm “{value}” không đọc được: cần năm của kế hoạch, ví dụ 2026.",
    "problem.bad-deadline": (
        "Thời hạn “{value}” không đọc được: cần ngày (20/06/2026, trước ngày 15/12/2026), quý (Quý II/2026),"
        " tháng (Tháng 6/2026), năm (trong năm 2026), hoặc Thường xuyên, Hằng quý, Cả năm."
    ),
    "problem.deadline-outside-year": "Thời hạn “{value}” nằm ngoài năm {year} của kế hoạch.",
    # A report's tasks against the unit's plan
    "problem.task-code-not-in-plan": (
        "Mã nhiệm vụ “{value}” không có trong kế hoạch năm {year} của đơn vị: kiểm tra lại mã,"
        " hoặc để trống để đối chiếu theo nội dung."
    ),
    "problem.task-unplanned": (
        "Nhiệm vụ không có trong kế hoạch năm {year} của đơn vị (không trùng mã hay nội dung nhiệm vụ nào):"
        " vẫn tính trong quý, không tính vào kế hoạch."
    ),
    "problem.plan-task-missing": (
        "Nhiệm vụ {task} của kế hoạch năm {year} (“{content}”) đến hạn trong quý nhưng báo cáo không nêu:"
        " thêm dòng cho nhiệm vụ này với trạng thái hiện tại."
    ),
    "problem.plan-deadline-moved": "Thời hạn khác kế hoạch: nhiệm vụ {task} có hạn {planned_day} trong kế hoạch.",
    "problem.task-went-back": (
        "Nhiệm vụ {task} đã báo cáo Hoàn thành ở quý trước, nay không còn Hoàn thành: kiểm tra lại trạng thái."
    ),
    # Storing (the file itself is fine)
    "problem.report-locked": "Tệp hợp lệ nhưng không được lưu: {detail}",
    "problem.period-not-begun": (
        "Báo cáo {quarter} chưa thể nộp: quý này bắt đầu từ {first_day}, còn ngày nhận là {received_day}. "
        "Kiểm tra lại kỳ báo cáo ghi ở trang “{sheet}”."
    ),
    # Refused by the pipeline before any file is read
    "refusal.future-received": "Ngày nhận {received_day} chưa tới: ngày nhận không thể sau hôm nay",
    # What a cell needs (the `expected` of missing-value and the like)
    "kind.text": "nội dung",
    "kind.date": "một ngày dạng dd/mm/yyyy",
    "kind.count": "một số nguyên không âm",
    "kind.number": "một số không âm",
    "kind.status": "Hoàn thành, Đang thực hiện hoặc Chưa thực hiện",
    "kind.par_field": "mã hoặc tên lĩnh vực CCHC",
    "kind.par_criterion": "mã tiêu chí trong khung Chỉ số CCHC năm",
    "kind.indicator": "mã chỉ tiêu trong danh mục",
    "kind.dimension": "mã hoặc tên yếu tố hài lòng",
    "kind.period": "kỳ báo cáo dạng Quý II/2023",
    "kind.value": "giá trị",
    "kind.deadline": "thời hạn, ví dụ Quý II/2026 hoặc 20/06/2026",
    "kind.year": "năm, ví dụ 2026",
    # What a row stands for (duplicate-row's `what`)
    "what.unit": "đơn vị",
    "what.task": "nhiệm vụ",
    "what.indicator": "chỉ tiêu",
    "what.dimension": "yếu tố",
    "what.field": "lĩnh vực",
    "what.criterion": "tiêu chí",
    # The quarters a unit reports in (unit-not-active's `span`)
    "span.from": "từ {first_quarter}",
    "span.to": "đến {last_quarter}",
    "span.from_to": "từ {first_quarter} đến {last_quarter}",
}

EN: dict[str, str] = {
    "where.sheet": "sheet {sheet}",
    "where.row": "row {row}",
    "where.column": "column {column}",
    "value.yes": "yes",
    "value.no": "no",
    "value.none": "none",
    "problem.empty-file": "The file is empty (0 bytes): there is nothing to read.",
    "problem.file-too-large": "The file is {size}, over the limit of {limit}.",
    "problem.not-spreadsheet": "{detail}: only .xlsx, .xlsm, .xls or .ods spreadsheets are accepted.",
    "problem.encrypted": "The file is password-protected: remove the password and send it again.",
    "problem.corrupt": "The file is damaged or incomplete (an unfinished download?): {detail}.",
    "problem.zip-too-many-entries": "The file holds {count} parts, too many for a spreadsheet.",
    "problem.zip-ratio": "Unusual compression (ratio {ratio}:1): refused to protect the system.",
    "problem.unpacked-too-large": "The unpacked content is {size}, over the limit of {limit}.",
    "problem.sheet-too-large": (
        "A sheet reaches row {rows}, column number {columns}: too large (a stray cell far from the table?)."
    ),
    "problem.unit-not-allowed": (
        "The file is the report of unit {unit}; account {user} may only submit the reports of unit {own}."
    ),
    "problem.not-a-submitter": "Account {user} may only read, not submit reports.",
    "problem.xml-entities": "The file contains XML declarations (DTD/ENTITY), which are not allowed: refused.",
    "problem.reader-timeout": (
        "Reading the file took over {seconds} seconds: refused to protect the system"
        " (a damaged or unusually made file?)."
    ),
    "problem.reader-failed": (
        "The spreadsheet reader stopped abnormally on this file ({detail}): refused to protect the system. "
        "Open the file in Excel, save it and send it again."
    ),
    "reason.suffix": "The file ends in “{suffix}”",
    "reason.no-suffix": "The file has no extension",
    "reason.content-not-spreadsheet": "The file's content is not a spreadsheet although it ends in “{suffix}”",
    "reason.zip-not-spreadsheet": "This zip archive is not a spreadsheet",
    "reason.zip-unreadable": "the zip archive cannot be opened",
    "reason.part-not-xml": "part {part} is not valid XML",
    "reason.part-unreadable": "part {part} cannot be read",
    "reason.part-compression": "part {part} is compressed in an unusual way",
    "reason.part-cell-reference": "part {part} has an odd cell reference “{found}”",
    "reason.part-row-number": "part {part} has an odd row number “{found}”",
    "reason.sheet-unreadable": "sheet “{name}” cannot be read",
    "reason.reader-signal": "stopped by signal {signal}",
    "reason.reader-lost": "the connection to the reader was lost",
    "reason.reader-memory": "over the memory limit",
    "reason.reader-error": "error {error}",
    "problem.missing-sheet": "Sheet “{sheet}” ({title}) is missing: it must be there, as in the template.",
    "problem.unknown-sheet": "Sheet “{sheet}” is not in the template: skipped.",
    "problem.duplicate-sheet": (
        "Two sheets are both “{title}” (“{first}” and “{sheet}”): only sheet “{first}” is read."
    ),
    "problem.missing-header": "The table's header row was not found: it needs the columns {labels}.",
    "problem.missing-column": "Column “{label}” is missing: it is needed (other accepted names: {aliases}).",
    "problem.duplicate-column": "Column “{column}” repeats an earlier column: only the first is read.",
    "problem.unknown-column": "Column “{column}” is not in the template: skipped.",
    "problem.missing-field": (
        "The line “{label}” is missing from the general information sheet: label in column A, value in column B."
    ),
    "problem.no-records": "The sheet has no data rows.",
    "problem.optional-sheet-unfilled": (
        "Sheet “{title}” has no figures filled in: taken as the unit not reporting this part."
    ),
    "problem.missing-value": "Cell “{column}” is empty: it needs {expected}.",
    "problem.formula-no-value": (
        "Cell “{column}” is a formula without a computed value: open the file in Excel, save it and send it."
    ),
    "problem.formula-error": "The cell has the formula error “{value}”: it needs {expected}.",
    "problem.bad-date": "“{value}” is not a valid date: use dd/mm/yyyy, for example 20/06/2023.",
    "problem.date-out-of-range": "The date “{value}” lies outside the plausible range (2000–2100).",
    "problem.bad-number": "“{value}” is not a number: use a number such as 12 or 12,5 (12.5 is read too).",
    "problem.percent-not-allowed": "“{value}” is a percentage: enter a count (for example 45), without %.",
    "problem.negative": "“{value}” is negative: a number of zero or more is needed.",
    "problem.not-whole": "“{value}” is not a whole number: a whole number of zero or more is needed.",
    "problem.unknown-level": "School level “{value}” is not in the catalog: use one of {expected}.",
    "problem.bad-period": "The reporting period “{value}” cannot be read: use the form “Quý II/2023”.",
    "problem.unknown-unit": (
        "Unit code “{value}” is not in the list of units: check the code given by the managing office."
    ),
    "problem.unit-not-active": (
        "Unit {value} does not report period {period} to this office (it reports only {span})."
    ),
    "problem.unit-name-mismatch": (
        "Unit name “{value}” differs from the name in the list (“{expected}”): the listed name is used."
    ),
    "problem.unknown-status": (
        "Status “{value}” is not valid: use “Hoàn thành”, “Đang thực hiện” or “Chưa thực hiện”."
    ),
    "problem.unknown-field": "Field “{value}” is not in the catalog: use one of {expected}.",
    "problem.unknown-indicator": "Indicator code “{value}” is not in the catalog: use one of {expected}.",
    "problem.unknown-dimension": "Factor “{value}” is not in the catalog: use one of {expected}.",
    "problem.missing-done-date": (
        "The task is “Hoàn thành” but cell “{column}” is empty: a completion date dd/mm/yyyy is needed."
    ),
    "problem.done-date-not-done": (
        "There is a completion date “{value}” but the status is “{status}”: the date is not counted."
    ),
    "problem.missing-total": "Rate indicator {indicator} needs “{column}” (the denominator): the cell is empty.",
    "problem.exceeds-total": (
        "Result {value} is greater than Total {total}: the numerator may not exceed the denominator."
    ),
    "problem.answers-mismatch": "The five answer levels add up to {value}, not the number of answers {expected}.",
    "problem.duplicate-row": "“{value}” is already on row {first}: one row per {what}.",
    "problem.points-out-of-range": "Points “{value}” exceed the field's or criterion's maximum of {expected}.",
    "problem.unknown-criterion": (
        "Criterion “{value}” is not in the {year} PAR framework: use a criterion's or sub-criterion's code."
    ),
    "problem.criterion-has-sub-criteria": (
        "Criterion {value} is scored through its sub-criteria: write one row for each ({expected})."
    ),
    "problem.criterion-other-field": "Criterion {value} belongs to the field {field}, not to the field of this row.",
    "problem.field-and-criteria": (
        "Field {value} is already scored the other way on row {first}: score the whole field on one row,"
        " or each criterion, not both."
    ),
    "problem.quality-outlier-across": (
        "A value to look at twice ({item}): {value}, far from the median {reference} of the schools of the level"
        " (score {score}). If it is right, explain it on the Data quality page."
    ),
    "problem.quality-outlier-history": (
        "A value to look at twice ({item}): {value}, far from the median {reference} of the school's earlier"
        " quarters (score {score}). If it is right, explain it on the Data quality page."
    ),
    "problem.quality-copied": (
        "The file's tasks and indicators are the same as {reference}'s report of the quarter: was the wrong file sent?"
    ),
    "problem.quality-survey-repeated": (
        "The survey counts are the same as in the {reference} report: was last quarter's survey copied?"
    ),
    "problem.par-year-final-self-assessment": (
        "The {year} PAR appraisal of {unit} is final: a new report may not carry a TuDanhGia sheet."
        " Remove that sheet and send it again, or ask the office to reopen the year."
    ),
    "problem.points-without-evidence": (
        "{item}: {points} self-assessed points have neither evidence nor an explanation:"
        " attach evidence (Evidence page) or fill in the Giải trình column."
    ),
    "problem.criteria-left-out": (
        "Field {field} is scored by criteria but leaves out {codes}: those criteria are not counted."
    ),
    "problem.max-points-mismatch": (
        "The maximum is written as “{value}”, the catalog says {expected}: the catalog's is used."
    ),
    "problem.bad-year": "The year “{value}” cannot be read: the plan's year is needed, for example 2026.",
    "problem.bad-deadline": (
        "The deadline “{value}” cannot be read: use a day (20/06/2026, trước ngày 15/12/2026), a quarter"
        " (Quý II/2026), a month (Tháng 6/2026), a year (trong năm 2026), or Thường xuyên, Hằng quý, Cả năm."
    ),
    "problem.deadline-outside-year": "The deadline “{value}” lies outside the plan's year {year}.",
    "problem.task-code-not-in-plan": (
        "Task code “{value}” is not in the unit's plan for {year}: check the code, or leave it blank to match"
        " by content."
    ),
    "problem.task-unplanned": (
        "The task is not in the unit's plan for {year} (no task of the plan has its code or content):"
        " it counts in the quarter, not in the plan."
    ),
    "problem.plan-task-missing": (
        "Task {task} of the {year} plan (“{content}”) is due in the quarter but the report does not list it:"
        " add a row for it with its current status."
    ),
    "problem.plan-deadline-moved": "The deadline differs from the plan: task {task} is due on {planned_day} there.",
    "problem.task-went-back": (
        "Task {task} was reported “Hoàn thành” in an earlier quarter and is no longer done: check its status."
    ),
    "problem.report-locked": "The file is valid but was not stored: {detail}",
    "problem.period-not-begun": (
        "The report for {quarter} cannot be submitted yet: the quarter begins on {first_day}, and it was received"
        " on {received_day}. Check the reporting period written on sheet “{sheet}”."
    ),
    "refusal.future-received": "The received day {received_day} has not come yet: it cannot be after today",
    "kind.text": "some text",
    "kind.date": "a date as dd/mm/yyyy",
    "kind.count": "a whole number of zero or more",
    "kind.number": "a number of zero or more",
    "kind.status": "“Hoàn thành”, “Đang thực hiện” or “Chưa thực hiện”",
    "kind.par_field": "the code or name of a PAR field",
    "kind.par_criterion": "a criterion code of the year's PAR framework",
    "kind.indicator": "an indicator code of the catalog",
    "kind.dimension": "the code or name of a satisfaction factor",
    "kind.period": "a reporting period such as “Quý II/2023”",
    "kind.value": "a value",
    "kind.deadline": "a deadline, such as Quý II/2026 or 20/06/2026",
    "kind.year": "a year, such as 2026",
    "what.unit": "unit",
    "what.task": "task",
    "what.indicator": "indicator",
    "what.dimension": "factor",
    "what.field": "field",
    "what.criterion": "criterion",
    "span.from": "from {first_quarter}",
    "span.to": "until {last_quarter}",
    "span.from_to": "from {first_quarter} to {last_quarter}",
}
