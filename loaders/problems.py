"""Validation problems are data: collected, never raised one by one."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    sheet: str | None  # the sheet as the user named it
    row: int | None  # the Excel row number
    column: str | None  # the header text as the user wrote it
    code: str  # stable, e.g. "bad-date"
    message: str  # Vietnamese: what was found and what is expected

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def where(self) -> str:
        """`trang NhiemVu, dòng 12, cột Trạng thái`, as far as it is known."""
        parts = (
            self.sheet and f"trang {self.sheet}",
            self.row and f"dòng {self.row}",
            self.column and f"cột {self.column}",
        )
        return ", ".join(part for part in parts if part)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)
