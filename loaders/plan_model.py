"""What a validated plan workbook holds: one unit's CCHC plan for one year."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from loaders.problems import Problem, has_errors


@dataclass(frozen=True)
class PlanTask:
    row: int  # the Excel row
    code: str | None  # Mã nhiệm vụ as written; None where the plan gives none (storage assigns one)
    field: str  # PAR field code
    content: str
    who: str | None  # Đơn vị/người thực hiện
    deadline: str  # Thời hạn as written
    due: date | None  # the day it is due; None for a recurring task
    recurring: bool  # due in every quarter of the year (Thường xuyên, Hằng quý, Cả năm)
    product: str | None  # Sản phẩm


@dataclass
class Plan:
    """The loader's answer for one plan file; `tasks` is empty when it could not be read."""

    file_name: str
    unit_code: str | None = None
    unit_name: str | None = None
    year: int | None = None
    number: str | None = None  # Số kế hoạch, e.g. 139/KH-THLQĐ
    issued_on: date | None = None  # Ngày ban hành
    tasks: list[PlanTask] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not has_errors(self.problems)
