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
    # The appraisal page
    "appraisal.none_year": "Chưa đơn vị nào gửi bảng tự đánh giá Chỉ số CCHC trong năm {year}.",
    "appraisal.of_report": "Bảng tự đánh giá trong báo cáo {quarter} · khung chỉ số {framework}",
    "appraisal.help": (
        "Với từng tiêu chí (hoặc lĩnh vực chấm chung): xem điểm tự đánh giá, giải trình và tài liệu kiểm chứng,"
        " rồi nhập điểm thẩm định (từ 0 đến điểm tối đa; để trống nếu giữ điểm tự đánh giá). Điểm thẩm định khác"
        " điểm tự đánh giá phải ghi lý do. Dấu ⚠: điểm lớn hơn 0 chưa có minh chứng hay giải trình."
        " Khi hoàn tất, chốt kết quả: Điểm CCHC và xếp hạng năm tính theo điểm thẩm định."
    ),
    "appraisal.item": "Tiêu chí",
    "appraisal.max": "Điểm tối đa",
    "appraisal.self": "Tự đánh giá",
    "appraisal.explanation": "Giải trình của đơn vị",
    "appraisal.evidence": "Tài liệu kiểm chứng",
    "appraisal.unsupported_help": "Điểm lớn hơn 0 chưa có tài liệu kiểm chứng hay lời giải trình",
    "appraisal.points": "Điểm thẩm định",
    "appraisal.reason": "Lý do điều chỉnh",
    "appraisal.save": "Lưu điểm thẩm định",
    "appraisal.saved": "Đã lưu: {n} mục thay đổi.",
    "appraisal.total_self": "Tổng điểm tự đánh giá",
    "appraisal.total_final": "Tổng điểm sau thẩm định",
    "appraisal.total_max": "Điểm tối đa",
    "appraisal.unsupported": "{n} mục có điểm mà chưa có tài liệu kiểm chứng hay lời giải trình (dấu ⚠).",
    "appraisal.open_evidence": "Mở tài liệu kiểm chứng",
    "appraisal.is_final": (
        "Kết quả thẩm định năm {year} của {unit} đã chốt: điểm CCHC và xếp hạng năm của đơn vị tính theo kết quả này."
    ),
    "appraisal.framework_changed": (
        "Tệp khung chỉ số năm {year} đã thay đổi sau khi chốt: kết quả vẫn theo khung đã dùng khi chốt."
    ),
    "appraisal.confirm_final": "Tôi đã xem xét đủ các tiêu chí và đồng ý chốt kết quả thẩm định",
    "appraisal.finalise": "Chốt kết quả thẩm định",
    "appraisal.finalised": "Đã chốt kết quả thẩm định năm {year}.",
    "appraisal.reopen_reason": "Lý do mở lại (ghi vào nhật ký)",
    "appraisal.reopen": "Mở lại để thẩm định tiếp",
    "appraisal.reopened": "Đã mở lại kết quả thẩm định năm {year}.",
    # The PAR year as published (exports.par)
    "par.year.title": "Kết quả Chỉ số cải cách hành chính năm {year} của các đơn vị",
    "par.year.sheet_title": "Kết quả thẩm định Chỉ số cải cách hành chính năm {year} của {unit}",
    "par.year.self": "Điểm tự đánh giá",
    "par.year.final": "Điểm sau thẩm định",
    "par.year.appraised": "Điểm thẩm định",
    "par.year.by_field": "Điểm sau thẩm định theo lĩnh vực",
    "par.year.state": "Tình trạng",
    "par.year.state.final": "Đã chốt",
    "par.year.state.draft": "Đang thẩm định",
    "par.year.item": "Mã",
    "par.year.item_name": "Tiêu chí",
    "par.year.explanation": "Giải trình của đơn vị",
    "par.year.evidence": "Tài liệu kiểm chứng",
    "par.year.reason": "Lý do điều chỉnh",
    "export.sheet.par_year": "Xếp hạng CCHC",
    "export.subtitle.par_year": "Kết quả Chỉ số CCHC và xếp hạng các đơn vị",
    "export.sheet.par_appraisal": "Thẩm định",
    "export.subtitle.par_appraisal": "Điểm từng tiêu chí, tài liệu kiểm chứng và lý do điều chỉnh",
    "appraisal.download_ranking": "Tải bảng xếp hạng năm (Excel)",
    "appraisal.download_sheet": "Tải phiếu thẩm định của đơn vị (Excel)",
    # The command line
    "cli.help.par": "Chỉ số CCHC năm: kết quả thẩm định của các đơn vị",
    "cli.help.par_show": "kết quả tự đánh giá và thẩm định của một đơn vị trong năm, từng tiêu chí",
    "cli.help.par_export": "bảng xếp hạng Chỉ số CCHC năm (hoặc phiếu thẩm định của một đơn vị với --unit), Excel",
    "cli.help.par_unit": "chỉ phiếu thẩm định của đơn vị này",
    "cli.asked.par_show": "xem kết quả Chỉ số CCHC của đơn vị {unit}",
    "cli.why.own_unit_par": "văn thư chỉ xem kết quả Chỉ số CCHC của đơn vị mình ({unit})",
    "cli.asked.par_export": "xuất kết quả Chỉ số CCHC năm {year}",
    "cli.par.header": "Chỉ số CCHC năm {year} của đơn vị {unit} ({state}): tự đánh giá → thẩm định",
    "cli.par.totals": "Tổng: tự đánh giá {self}, sau thẩm định {final}; Điểm CCHC {score}",
    "cli.par.written": "Đã ghi kết quả Chỉ số CCHC năm {year}: {out}",
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
    # The appraisal page
    "appraisal.none_year": "No school has sent a PAR self-assessment in {year}.",
    "appraisal.of_report": "The self-assessment of the {quarter} report · framework {framework}",
    "appraisal.help": (
        "For each criterion (or field scored as a whole): read the self-assessed points, the explanation and the"
        " evidence, then enter the appraised points (0 to the maximum; leave empty to keep the self-assessed ones)."
        " Points that differ from the self-assessment need a reason. ⚠: points above 0 with neither evidence nor an"
        " explanation. When done, make the result final: the year's PAR score and ranks then take it."
    ),
    "appraisal.item": "Criterion",
    "appraisal.max": "Maximum",
    "appraisal.self": "Self-assessed",
    "appraisal.explanation": "The school's explanation",
    "appraisal.evidence": "Evidence",
    "appraisal.unsupported_help": "Points above 0 with neither evidence nor an explanation",
    "appraisal.points": "Appraised points",
    "appraisal.reason": "Reason for the change",
    "appraisal.save": "Save the appraisal",
    "appraisal.saved": "Saved: {n} item(s) changed.",
    "appraisal.total_self": "Self-assessed total",
    "appraisal.total_final": "Total after appraisal",
    "appraisal.total_max": "Maximum",
    "appraisal.unsupported": "{n} items have points with neither evidence nor an explanation (⚠).",
    "appraisal.open_evidence": "Open a piece of evidence",
    "appraisal.is_final": "The {year} appraisal of {unit} is final: its PAR score and rank for the year take it.",
    "appraisal.framework_changed": (
        "The {year} framework file changed after the appraisal became final: the result keeps the framework it used."
    ),
    "appraisal.confirm_final": "I have reviewed every criterion and make the appraisal final",
    "appraisal.finalise": "Make the appraisal final",
    "appraisal.finalised": "The {year} appraisal is final.",
    "appraisal.reopen_reason": "Why reopen it (written to the audit log)",
    "appraisal.reopen": "Reopen it for more appraisal",
    "appraisal.reopened": "The {year} appraisal is open again.",
    # The PAR year as published (exports.par)
    "par.year.title": "PAR Index results of the schools, {year}",
    "par.year.sheet_title": "PAR Index appraisal of {unit}, {year}",
    "par.year.self": "Self-assessed points",
    "par.year.final": "Points after appraisal",
    "par.year.appraised": "Appraised points",
    "par.year.by_field": "Points after appraisal, by field",
    "par.year.state": "State",
    "par.year.state.final": "Final",
    "par.year.state.draft": "Being appraised",
    "par.year.item": "Code",
    "par.year.item_name": "Criterion",
    "par.year.explanation": "The school's explanation",
    "par.year.evidence": "Evidence",
    "par.year.reason": "Reason for the change",
    "export.sheet.par_year": "PAR ranking",
    "export.subtitle.par_year": "PAR Index results and ranking of the schools",
    "export.sheet.par_appraisal": "Appraisal",
    "export.subtitle.par_appraisal": "Each criterion's points, evidence and reasons for changes",
    "appraisal.download_ranking": "Download the year's ranking (Excel)",
    "appraisal.download_sheet": "Download the school's appraisal sheet (Excel)",
    # The command line
    "cli.help.par": "the year's PAR Index: the schools' appraisal results",
    "cli.help.par_show": "a school's self-assessment and appraisal for a year, criterion by criterion",
    "cli.help.par_export": "the year's PAR ranking (or, with --unit, a school's appraisal sheet), Excel",
    "cli.help.par_unit": "only this school's appraisal sheet",
    "cli.asked.par_show": "see the PAR results of {unit}",
    "cli.why.own_unit_par": "a clerk sees their own school's PAR results only ({unit})",
    "cli.asked.par_export": "export the {year} PAR results",
    "cli.par.header": "PAR Index {year} of {unit} ({state}): self-assessed → appraised",
    "cli.par.totals": "Totals: self-assessed {self}, after appraisal {final}; PAR score {score}",
    "cli.par.written": "The {year} PAR results are written to {out}",
}
