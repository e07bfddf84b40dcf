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
    # The office's appraisal of a school's year
    "audit.action.par-appraisal": "Thẩm định điểm Chỉ số CCHC năm",
    "refusal.par-year-final": (
        "Năm {year} của đơn vị {unit} đã thẩm định xong: không sửa điểm được; cần mở lại, ghi rõ lý do."
    ),
    "refusal.par-nothing-to-appraise": "Đơn vị {unit} chưa có báo cáo tự đánh giá nào trong năm {year}.",
    "refusal.par-self-assessment-replaced": (
        "Đơn vị {unit} vừa gửi báo cáo tự đánh giá mới của năm {year}: hãy xem lại trước khi lưu điểm thẩm định."
    ),
    "refusal.par-appraisal-not-saved": (
        "Không lưu điểm thẩm định năm {year} của đơn vị {unit}: {problems}. Chưa có thay đổi nào được lưu."
    ),
    "refusal.par-unknown-item": "“{item}” không phải mục được chấm của đơn vị trong năm",
    "refusal.par-item-twice": "mục {item} có hai dòng",
    "refusal.par-not-a-number": "mục {item}: “{value}” không phải số",
    "refusal.par-points-out-of-range": "mục {item}: điểm {points} ngoài khoảng 0 đến {maximum}",
    "refusal.par-reason-needed": "mục {item}: điểm thẩm định {points} khác điểm tự đánh giá {own}, cần ghi lý do",
    "refusal.par-office-only": "Tài khoản {user} không thẩm định được: việc này của cơ quan quản lý.",
    "refusal.par-reasons-missing": (
        "Chưa hoàn tất thẩm định năm {year} của đơn vị {unit}: các mục"
        " {items} có điểm khác tự đánh giá mà chưa ghi lý do."
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
    "audit.action.par-appraisal": "PAR year appraised",
    # The office's appraisal of a school's year
    "refusal.par-year-final": (
        "The {year} appraisal of {unit} is final: its points cannot change; reopen it with a reason."
    ),
    "refusal.par-nothing-to-appraise": "{unit} has sent no self-assessment in {year}.",
    "refusal.par-self-assessment-replaced": (
        "{unit} has just sent a new self-assessment for {year}: look at it again before saving the appraisal."
    ),
    "refusal.par-appraisal-not-saved": (
        "The {year} appraisal of {unit} is not saved: {problems}. Nothing was changed."
    ),
    "refusal.par-unknown-item": "“{item}” is not an item the school is scored on this year",
    "refusal.par-item-twice": "item {item} is on two rows",
    "refusal.par-not-a-number": "item {item}: “{value}” is not a number",
    "refusal.par-points-out-of-range": "item {item}: {points} points are outside 0 to {maximum}",
    "refusal.par-reason-needed": (
        "item {item}: the appraised {points} differ from the self-assessed {own}: give a reason"
    ),
    "refusal.par-office-only": "The account {user} cannot appraise: that is the office's task.",
    "refusal.par-reasons-missing": (
        "The {year} appraisal of {unit} is not complete: the items {items} differ from the self-assessment"
        " without a reason."
    ),
}
