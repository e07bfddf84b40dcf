"""One Vietnamese message template per problem code.

Codes are stable (tests, the UI and the CLI's JSON rely on them); the wording
may improve. Each template says what was found and what is expected.
"""

from __future__ import annotations

from loaders.problems import ERROR, Problem

MESSAGES: dict[str, str] = {
    # Whole file
    "empty-file": "Tệp rỗng (0 byte): không có gì để đọc.",
    "file-too-large": "Tệp nặng {size}, vượt giới hạn {limit}.",
    "not-spreadsheet": "{detail}: chỉ nhận bảng tính .xlsx, .xlsm, .xls hoặc .ods.",
    "encrypted": "Tệp được đặt mật khẩu: hãy gỡ mật khẩu rồi gửi lại.",
    "corrupt": "Tệp bị hỏng hoặc không trọn vẹn (tải về chưa xong?): {detail}.",
    "zip-too-many-entries": "Tệp chứa {count} thành phần, quá nhiều cho một bảng tính.",
    "zip-ratio": "Tệp nén bất thường (tỷ lệ giải nén {ratio}:1): từ chối để bảo vệ hệ thống.",
    "unpacked-too-large": "Nội dung giải nén {size}, vượt giới hạn {limit}.",
    "sheet-too-large": "Một trang tính trải tới dòng {rows}, cột thứ {columns}: quá lớn (có ô lạ ở xa bảng?).",
    "unit-not-allowed": "Tệp là báo cáo của đơn vị {unit}; tài khoản {user} chỉ được nộp báo cáo của đơn vị {own}.",
    "not-a-submitter": "Tài khoản {user} chỉ được xem, không được nộp báo cáo.",
    "xml-entities": "Tệp chứa khai báo XML (DTD/ENTITY) không được phép: từ chối.",
    "reader-timeout": (
        "Đọc tệp quá {seconds} giây chưa xong: từ chối để bảo vệ hệ thống (tệp hỏng hoặc được tạo bất thường?)."
    ),
    "reader-failed": (
        "Bộ đọc bảng tính dừng bất thường với tệp này ({detail}): từ chối để bảo vệ hệ thống. "
        "Hãy mở tệp bằng Excel, lưu lại rồi gửi."
    ),
    # Sheets and tables
    "missing-sheet": "Thiếu trang “{sheet}” ({title}): cần có trang này như trong mẫu.",
    "unknown-sheet": "Trang “{sheet}” không có trong mẫu: bỏ qua.",
    "duplicate-sheet": "Có hai trang cùng là “{title}” (“{first}” và “{sheet}”): chỉ đọc trang “{first}”.",
    "missing-header": "Không tìm thấy dòng tiêu đề của bảng: cần các cột {labels}.",
    "missing-column": "Thiếu cột “{label}”: cần có cột này (hoặc tên khác được chấp nhận: {aliases}).",
    "duplicate-column": "Cột “{column}” lặp lại cột trước đó: chỉ đọc cột đầu tiên.",
    "unknown-column": "Cột “{column}” không có trong mẫu: bỏ qua.",
    "missing-field": "Thiếu dòng “{label}” ở trang Thông tin chung: cần nhãn ở cột A, giá trị ở cột B.",
    "no-records": "Trang không có dòng dữ liệu nào.",
    "optional-sheet-unfilled": "Trang “{title}” chưa điền số liệu nào: coi như đơn vị không báo cáo phần này.",
    # Values
    "missing-value": "Ô “{column}” trống: cần {expected}.",
    "formula-no-value": "Ô “{column}” là công thức chưa có giá trị tính sẵn: mở tệp bằng Excel, lưu lại rồi gửi.",
    "formula-error": "Ô có lỗi công thức “{value}”: cần {expected}.",
    "bad-date": "“{value}” không phải ngày hợp lệ: cần dạng dd/mm/yyyy, ví dụ 20/06/2023.",
    "date-out-of-range": "Ngày “{value}” nằm ngoài khoảng hợp lý (2000–2100).",
    "bad-number": "“{value}” không phải số: cần số như 12 hoặc 12,5.",
    "percent-not-allowed": "“{value}” là tỷ lệ %: cần số lượng (ví dụ 45), không nhập %.",
    "negative": "“{value}” là số âm: cần số không âm.",
    "not-whole": "“{value}” không phải số nguyên: cần số nguyên không âm.",
    "unknown-level": "Cấp học “{value}” không có trong danh mục: cần một trong {expected}.",
    "bad-period": "Kỳ báo cáo “{value}” không đọc được: cần dạng Quý II/2023.",
    "unknown-unit": "Mã đơn vị “{value}” không có trong danh sách đơn vị: kiểm tra lại mã do cơ quan quản lý cấp.",
    "unit-not-active": "Đơn vị {value} không báo cáo kỳ {period} cho cơ quan này (chỉ báo cáo {span}).",
    "unit-name-mismatch": "Tên đơn vị “{value}” khác tên trong danh sách (“{expected}”): dùng tên trong danh sách.",
    "unknown-status": "Trạng thái “{value}” không hợp lệ: cần Hoàn thành, Đang thực hiện hoặc Chưa thực hiện.",
    "unknown-field": "Lĩnh vực “{value}” không có trong danh mục: cần một trong {expected}.",
    "unknown-indicator": "Mã chỉ tiêu “{value}” không có trong danh mục: cần một trong {expected}.",
    "unknown-dimension": "Yếu tố “{value}” không có trong danh mục: cần một trong {expected}.",
    "missing-done-date": "Nhiệm vụ Hoàn thành nhưng ô “{column}” trống: cần ngày hoàn thành dd/mm/yyyy.",
    "done-date-not-done": "Có ngày hoàn thành “{value}” nhưng trạng thái là “{status}”: ngày này không được tính.",
    "missing-total": "Chỉ tiêu tỷ lệ {indicator} cần “{column}” (mẫu số): ô đang trống.",
    "exceeds-total": "Kết quả {value} lớn hơn Tổng số {total}: tử số không được vượt mẫu số.",
    "answers-mismatch": "Năm mức trả lời cộng lại {value}, khác Số phiếu {expected}.",
    "duplicate-row": "“{value}” đã có ở dòng {first}: mỗi {what} chỉ một dòng.",
    "points-out-of-range": "Điểm “{value}” vượt điểm tối đa {expected} của lĩnh vực.",
    "max-points-mismatch": "Điểm tối đa ghi “{value}”, danh mục là {expected}: dùng điểm trong danh mục.",
    # Storing (the file itself is fine)
    "report-locked": "Tệp hợp lệ nhưng không được lưu: {detail}",
    "period-not-begun": (
        "Báo cáo {quarter} chưa thể nộp: quý này bắt đầu từ {first}, còn ngày nhận là {received}. "
        "Kiểm tra lại kỳ báo cáo ghi ở trang “{sheet}”."
    ),
}


def problem(
    code: str,
    *,
    severity: str = ERROR,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    **params: object,
) -> Problem:
    template = MESSAGES[code]
    return Problem(severity, sheet, row, column, code, template.format(column=column, sheet=sheet, **params))
