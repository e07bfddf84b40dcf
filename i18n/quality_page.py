"""Strings of the data-quality flags as people read them: the Chất lượng dữ liệu page, the overview, the CLI."""

from __future__ import annotations

VI: dict[str, str] = {
    "nav.quality": "Chất lượng dữ liệu",
    "quality.help": (
        "Các số liệu nên xem lại, dù đã qua kiểm tra từng ô: khác thường so với các trường cùng cấp học hoặc với các"
        " quý trước của trường, báo cáo trùng với trường khác, khảo sát lặp lại quý trước, nhiệm vụ kế hoạch lùi"
        " trạng thái hoặc bị bỏ sót. Cảnh báo không từ chối báo cáo: trường giải trình, văn phòng đánh dấu đã xử lý."
    ),
    "quality.label.outlier-across": "Khác thường so với các trường",
    "quality.label.outlier-history": "Khác thường so với các quý trước",
    "quality.label.copied": "Trùng báo cáo trường khác",
    "quality.label.survey-repeated": "Khảo sát lặp lại quý trước",
    "quality.label.went-back": "Nhiệm vụ lùi trạng thái",
    "quality.label.missing": "Thiếu nhiệm vụ kế hoạch",
    "quality.part.tong_so": "Tổng số",
    "quality.part.so_phieu": "Số phiếu",
    "quality.item.tasks": "Số nhiệm vụ",
    "quality.item.completion": "Tỷ lệ hoàn thành nhiệm vụ",
    "quality.filter.kind": "Loại cảnh báo",
    "quality.filter.state": "Tình trạng",
    "quality.col.kind": "Loại cảnh báo",
    "quality.col.item": "Số liệu",
    "quality.col.value": "Giá trị",
    "quality.col.reference": "So với",
    "quality.col.score": "Điểm lệch",
    "quality.col.state": "Tình trạng",
    "quality.col.explanation": "Giải trình",
    "quality.none": "Không có cảnh báo nào như đã chọn trong {quarter}.",
    "quality.pick": "Xem một cảnh báo",
    "quality.title_export": "Cảnh báo chất lượng dữ liệu",
    "quality.why.outlier-across": (
        "**{item}**: {value}, trong khi trung vị của các trường cùng cấp học là {reference}."
    ),
    "quality.why.outlier-history": "**{item}**: {value}, trong khi trung vị các quý trước của trường là {reference}.",
    "quality.why.copied": "Nhiệm vụ và chỉ tiêu của báo cáo giống hệt báo cáo cùng quý của đơn vị {reference}.",
    "quality.why.survey-repeated": "Số phiếu khảo sát mọi yếu tố, mọi mức đều giống hệt {reference}.",
    "quality.why.went-back": "Nhiệm vụ **{item}** ({reference}) đã hoàn thành ở quý trước, nay không còn hoàn thành.",
    "quality.why.missing": "Nhiệm vụ **{item}** ({reference}) của kế hoạch đến hạn nhưng báo cáo không nêu.",
    "quality.explained_by": "Giải trình ({by}): {text}",
    "quality.explain": "Giải trình (số liệu đúng, vì sao)",
    "quality.save_explanation": "Lưu giải trình",
    "quality.explained": "Đã lưu giải trình.",
    "quality.resolve": "Đánh dấu đã xử lý xong",
    "quality.resolved": "Đã đánh dấu xử lý xong.",
    "quality.reopen_reason": "Lý do mở lại",
    "quality.reopen": "Mở lại cảnh báo",
    "quality.reopened": "Đã mở lại cảnh báo.",
    "quality.school_title": "Cảnh báo chất lượng dữ liệu {quarter} ({n})",
    "quality.open_page": "Mở trang Chất lượng dữ liệu",
    "overview.quality_open": "{n} cảnh báo chất lượng dữ liệu chưa xử lý",
    "cli.help.quality": "cảnh báo chất lượng dữ liệu của một quý và tình trạng xử lý",
    "cli.quality.none": "Không có cảnh báo chất lượng dữ liệu nào trong {quarter}.",
}

EN: dict[str, str] = {
    "nav.quality": "Data quality",
    "quality.help": (
        "Values to look at twice although every cell passed its checks: far from the other schools of the level or"
        " from the school's previous quarters, a report equal to another school's, a survey repeated from last"
        " quarter, plan tasks gone back or left out. A flag never refuses a report: the school explains, the office"
        " marks it resolved."
    ),
    "quality.label.outlier-across": "Far from the other schools",
    "quality.label.outlier-history": "Far from earlier quarters",
    "quality.label.copied": "Same as another school's report",
    "quality.label.survey-repeated": "Survey repeated from last quarter",
    "quality.label.went-back": "Task gone back",
    "quality.label.missing": "Plan task left out",
    "quality.part.tong_so": "total",
    "quality.part.so_phieu": "answers",
    "quality.item.tasks": "Number of tasks",
    "quality.item.completion": "Task completion",
    "quality.filter.kind": "Kind",
    "quality.filter.state": "State",
    "quality.col.kind": "Kind",
    "quality.col.item": "Figure",
    "quality.col.value": "Value",
    "quality.col.reference": "Compared with",
    "quality.col.score": "Score",
    "quality.col.state": "State",
    "quality.col.explanation": "Explanation",
    "quality.none": "No flag as chosen in {quarter}.",
    "quality.pick": "Look at one flag",
    "quality.title_export": "Data-quality flags",
    "quality.why.outlier-across": "**{item}**: {value}, while the median of the schools of the level is {reference}.",
    "quality.why.outlier-history": (
        "**{item}**: {value}, while the median of the school's earlier quarters is {reference}."
    ),
    "quality.why.copied": "The report's tasks and indicators are the same as {reference}'s report of the quarter.",
    "quality.why.survey-repeated": "Every factor's and level's survey counts are the same as in {reference}.",
    "quality.why.went-back": "Task **{item}** ({reference}) was done in an earlier quarter and is not done now.",
    "quality.why.missing": "Plan task **{item}** ({reference}) is due but the report does not list it.",
    "quality.explained_by": "Explanation ({by}): {text}",
    "quality.explain": "Explanation (the number is right, and why)",
    "quality.save_explanation": "Save the explanation",
    "quality.explained": "The explanation is saved.",
    "quality.resolve": "Mark as resolved",
    "quality.resolved": "Marked as resolved.",
    "quality.reopen_reason": "Why reopen it",
    "quality.reopen": "Reopen the flag",
    "quality.reopened": "The flag is open again.",
    "quality.school_title": "Data-quality flags, {quarter} ({n})",
    "quality.open_page": "Open the Data quality page",
    "overview.quality_open": "{n} data-quality flags open",
    "cli.help.quality": "a quarter's data-quality flags and where their follow-up stands",
    "cli.quality.none": "No data-quality flag in {quarter}.",
}
