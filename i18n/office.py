"""Wording of the refusals about the office's own file, quarter codes and the summary export's scope."""

from __future__ import annotations

VI: dict[str, str] = {
    "refusal.office-unreadable": "Không đọc được tệp thông tin cơ quan {path}: {detail}",
    "refusal.office-not-object": "Tệp thông tin cơ quan {path} cần là một đối tượng JSON",
    "refusal.office-missing": "Tệp thông tin cơ quan {path} thiếu: {fields}",
    "refusal.office-bad-since": "Tệp thông tin cơ quan {path}: ngày 'since' không hợp lệ ({value})",
    "refusal.bad-period-code": "Kỳ không hợp lệ: {value}; cần dạng 2023-Q2",
    "refusal.unknown-level": "Cấp học không hợp lệ: {value} (một trong: {known})",
    "refusal.ward-without-units": "Không có đơn vị nào thuộc {ward}",
    "refusal.quarter-without-reports": "Chưa có báo cáo nào cho {quarter}",
    "refusal.quarter-without-reports-in-scope": "Chưa có báo cáo nào cho {quarter} trong phạm vi đã chọn",
}

EN: dict[str, str] = {
    "refusal.office-unreadable": "The office file {path} cannot be read: {detail}",
    "refusal.office-not-object": "The office file {path} must hold a JSON object",
    "refusal.office-missing": "The office file {path} lacks: {fields}",
    "refusal.office-bad-since": "The office file {path}: the 'since' date is not valid ({value})",
    "refusal.bad-period-code": "Not a valid period: {value}; use the form 2023-Q2",
    "refusal.unknown-level": "Unknown school level: {value} (one of: {known})",
    "refusal.ward-without-units": "No unit belongs to {ward}",
    "refusal.quarter-without-reports": "There is no report for {quarter} yet",
    "refusal.quarter-without-reports-in-scope": "There is no report for {quarter} in the chosen scope yet",
}
