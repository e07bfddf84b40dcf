"""Validation problems are data: collected, never raised one by one.

A problem carries its code and its values, not a sentence: `i18n` words it in the
reader's language (`describe(problem, lang)`), and the values travel as they are
into the CLI's JSON and the stored history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"
DEFAULT_LANGUAGE = "vi"


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    sheet: str | None  # the sheet as the user named it
    row: int | None  # the Excel row number
    column: str | None  # the header text as the user wrote it
    code: str  # stable, e.g. "bad-date"; worded by the template `problem.<code>`
    params: Mapping[str, Any] = field(default_factory=dict)  # the values the wording needs

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def key(self) -> str:
        return f"problem.{self.code}"

    def wording_params(self) -> dict[str, Any]:
        """The values a template may name: where the problem is, then its own values."""
        return {"sheet": self.sheet, "column": self.column, **self.params}

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What was found and what is expected, in `lang`."""
        from i18n.messages import describe  # worded only when shown

        return describe(self, lang)

    @property
    def message(self) -> str:
        """The Vietnamese wording (the annotated workbook and the audit log keep Vietnamese)."""
        return self.text(DEFAULT_LANGUAGE)

    def where(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """`trang NhiemVu, dòng 12, cột Trạng thái`, as far as it is known."""
        from i18n import translate

        parts = (
            self.sheet and translate("where.sheet", lang, sheet=self.sheet),
            self.row and translate("where.row", lang, row=self.row),
            self.column and translate("where.column", lang, column=self.column),
        )
        return ", ".join(part for part in parts if part)

    def audit_text(self) -> str:
        """What an audit line keeps of it: `error bad-date trang NhiemVu, dòng 12, cột Thời hạn`."""
        return f"{self.severity} {self.code} {self.where()}".strip()

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """What is stored (code and values); with `lang`, the wording in that language too."""
        found: dict[str, object] = {
            "severity": self.severity,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "params": dict(self.params),
        }
        if lang is not None:
            found["message"] = self.text(lang)
        return found


def problem(
    code: str,
    *,
    severity: str = ERROR,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    **params: Any,
) -> Problem:
    return Problem(severity, sheet, row, column, code, params)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)
