"""Strings of the PAR Index framework, the self-assessment by criterion and the office's appraisal."""

from __future__ import annotations

VI: dict[str, str] = {
    "refusal.framework-not-utf8": "Tệp khung chỉ số {file} không đọc được: cần lưu dạng CSV UTF-8.",
    "refusal.framework-missing-columns": "Tệp khung chỉ số {file} thiếu cột: {columns}.",
    "refusal.framework-no-code": "Tệp khung chỉ số {file}, dòng {row}: thiếu mã.",
    "refusal.framework-duplicate-code": "Tệp khung chỉ số {file}, dòng {row}: mã {code} đã có ở dòng trước.",
    "refusal.framework-unknown-parent": (
        "Tệp khung chỉ số {file}, dòng {row}: {code} thuộc {parent}, nhưng {parent} chưa được khai báo ở dòng trước."
    ),
    "refusal.framework-bad-kind": (
        "Tệp khung chỉ số {file}, dòng {row}: loại “{kind}” của {code} không dùng được"
        " (để trống, hoặc bonus / penalty cho dòng điểm thưởng, điểm trừ không thuộc lĩnh vực nào)."
    ),
    "refusal.framework-bad-points": (
        "Tệp khung chỉ số {file}, dòng {row}: điểm tối đa của {code} “{value}” không phải số."
    ),
    "refusal.framework-too-deep": (
        "Tệp khung chỉ số {file}, dòng {row}: {code} ở cấp thứ tư;"
        " khung chỉ có lĩnh vực, tiêu chí và tiêu chí thành phần."
    ),
    "refusal.framework-no-fields": "Tệp khung chỉ số {file} không có lĩnh vực nào.",
    "refusal.framework-sum": (
        "Tệp khung chỉ số {file}: điểm tối đa của {code} là {max_points} nhưng tổng điểm các mục con là {total}."
    ),
}

EN: dict[str, str] = {
    "refusal.framework-not-utf8": "The framework file {file} cannot be read: save it as UTF-8 CSV.",
    "refusal.framework-missing-columns": "The framework file {file} lacks the columns: {columns}.",
    "refusal.framework-no-code": "Framework file {file}, row {row}: the code is missing.",
    "refusal.framework-duplicate-code": "Framework file {file}, row {row}: the code {code} is already used above.",
    "refusal.framework-unknown-parent": (
        "Framework file {file}, row {row}: {code} belongs to {parent}, which is not declared on an earlier row."
    ),
    "refusal.framework-bad-kind": (
        "Framework file {file}, row {row}: the kind “{kind}” of {code} cannot be used"
        " (leave it empty, or bonus / penalty for a line of points added or taken outside any field)."
    ),
    "refusal.framework-bad-points": (
        "Framework file {file}, row {row}: the maximum of {code}, “{value}”, is not a number."
    ),
    "refusal.framework-too-deep": (
        "Framework file {file}, row {row}: {code} is a fourth level; a framework has fields, criteria and sub-criteria."
    ),
    "refusal.framework-no-fields": "The framework file {file} has no field.",
    "refusal.framework-sum": (
        "Framework file {file}: the maximum of {code} is {max_points} but its items add up to {total}."
    ),
}
