"""Strings of the data-quality flags' follow-up: the kinds and states of a flag, the refusals of
storage.quality (`refusal.quality-*`) and its audit lines (`audit.action.quality-*`).

`{kind}` is a flag's kind worded (`quality.kind.*`), `{item}` the indicator, dimension, other
unit or plan task flagged as the code it is, `{submission}` the report's number.
"""

from __future__ import annotations

VI: dict[str, str] = {
    # A flag's kind (../shared/spec/data-quality.md)
    "quality.kind.outlier-across": "khác thường so với các đơn vị cùng cấp học",
    "quality.kind.outlier-history": "khác thường so với các quý trước của đơn vị",
    "quality.kind.copied": "trùng với báo cáo của đơn vị khác",
    "quality.kind.survey-repeated": "số phiếu khảo sát giống hệt quý trước",
    "quality.kind.went-back": "nhiệm vụ lùi trạng thái",
    "quality.kind.missing": "nhiệm vụ của kế hoạch không có trong báo cáo",
    # Its state in the follow-up
    "quality.state.open": "Chưa xử lý",
    "quality.state.explained": "Đã giải trình",
    "quality.state.resolved": "Đã xử lý xong",
    # Refusals (storage.quality)
    "refusal.quality-explanation-too-short": ("Cần ghi lời giải trình: số liệu đúng vì sao (ít nhất {minimum} ký tự)."),
    "refusal.quality-reason-needed": "Cần ghi lý do mở lại cảnh báo (ít nhất {minimum} ký tự).",
    "refusal.quality-unknown-kind": "“{kind}” không phải một loại cảnh báo chất lượng số liệu.",
    "refusal.quality-unknown-report": (
        "Báo cáo #{submission} không phải báo cáo {quarter} hiện hành của đơn vị {unit}"
        " (có thể đơn vị vừa nộp báo cáo mới thay thế): cảnh báo đã được tính lại, hãy xem lại danh sách."
    ),
    "refusal.quality-already-resolved": (
        "Đơn vị {unit}, {quarter}: cảnh báo “{kind}” ({item}) đã được xử lý xong (bởi {by}, {at})."
    ),
    "refusal.quality-already-open": (
        "Đơn vị {unit}, {quarter}: cảnh báo “{kind}” ({item}) chưa được giải trình hay xử lý: không có gì để mở lại."
    ),
    # The audit log
    "audit.action.quality-explain": "Giải trình cảnh báo chất lượng số liệu",
    "audit.action.quality-resolve": "Xử lý xong cảnh báo chất lượng số liệu",
    "audit.action.quality-reopen": "Mở lại cảnh báo chất lượng số liệu",
}

EN: dict[str, str] = {
    "quality.kind.outlier-across": "unusual against the units of its school level",
    "quality.kind.outlier-history": "unusual against the unit's earlier quarters",
    "quality.kind.copied": "the same as another unit's report",
    "quality.kind.survey-repeated": "survey counts identical to the previous quarter's",
    "quality.kind.went-back": "a task went back",
    "quality.kind.missing": "a plan task missing from the report",
    "quality.state.open": "Open",
    "quality.state.explained": "Explained",
    "quality.state.resolved": "Resolved",
    "refusal.quality-explanation-too-short": (
        "Write an explanation: why the figure is right (at least {minimum} characters)."
    ),
    "refusal.quality-reason-needed": "Write why the flag is reopened (at least {minimum} characters).",
    "refusal.quality-unknown-kind": "“{kind}” is not a kind of data-quality flag.",
    "refusal.quality-unknown-report": (
        "Report #{submission} is not the current report of unit {unit} for {quarter}"
        " (the unit may just have sent a new one replacing it): its flags were computed again; look at the list again."
    ),
    "refusal.quality-already-resolved": (
        "Unit {unit}, {quarter}: the flag “{kind}” ({item}) is already resolved (by {by}, {at})."
    ),
    "refusal.quality-already-open": (
        "Unit {unit}, {quarter}: the flag “{kind}” ({item}) is neither explained nor resolved: nothing to reopen."
    ),
    "audit.action.quality-explain": "Data-quality flag explained",
    "audit.action.quality-resolve": "Data-quality flag resolved",
    "audit.action.quality-reopen": "Data-quality flag reopened",
}
