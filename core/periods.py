"""Quarters: parsing the spellings schools use, and their calendar facts."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from core.errors import Refusal
from core.text import strip_marks

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {v: k for k, v in ROMAN.items()}

# 2023-Q2 · Q2/2023 · Quý II/2023 · Quý 2/2023 · II/2023 · Quý II năm 2023
_QUARTER_FIRST = re.compile(r"^(?:quy|q)?\s*(?P<q>iv|iii|ii|i|[1-4])\s*(?:[/\-.]|nam)\s*(?P<y>\d{4})$")
_SEPARATORS = re.compile(r"[^0-9a-z/\-. ]+")
_YEAR_FIRST = re.compile(r"^(?P<y>\d{4})\s*[-/ ]?\s*(?:q|quy)\s*(?P<q>iv|iii|ii|i|[1-4])$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        """The Vietnamese form used in documents: `Quý II/2023`."""
        return f"Quý {ROMAN[self.quarter]}/{self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> date:
        month = 3 * self.quarter
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def default_deadline(self) -> date:
        """The 20th day of the quarter's last month."""
        return date(self.year, 3 * self.quarter, 20)

    def shift(self, quarters: int) -> Period:
        index = self.year * 4 + self.quarter - 1 + quarters
        return Period(index // 4, index % 4 + 1)

    def __str__(self) -> str:
        return self.code


def _quarter_number(token: str) -> int:
    return int(token) if token.isdigit() else _FROM_ROMAN[token.upper()]


def parse_period(value: object) -> Period | None:
    """Read a quarter from any spelling the contract allows; None when it is not one."""
    folded = _SEPARATORS.sub(" ", strip_marks(value)).strip()
    for pattern in (_QUARTER_FIRST, _YEAR_FIRST):
        match = pattern.match(folded)
        if match:
            year = int(match.group("y"))
            if 2000 <= year <= 2100:
                return Period(year, _quarter_number(match.group("q")))
    return None


class PeriodCodeError(Refusal, ValueError):
    """A quarter code that is not of the form 2023-Q2."""


def period_from_code(code: str) -> Period:
    """Strict parse of the canonical `2023-Q2` code (CLI arguments, database)."""
    match = re.fullmatch(r"(\d{4})-Q([1-4])", code.strip())
    if not match:
        raise PeriodCodeError("bad-period-code", value=repr(code))
    return Period(int(match.group(1)), int(match.group(2)))


def within(code: str, first: str | None, last: str | None) -> bool:
    """Whether the quarter `code` lies between `first` and `last`, each included; None is an open bound.

    Canonical codes ("2025-Q3") compare in time order as text: this is how a unit's
    active_from / active_to decide which quarters it has to report.
    """
    return (first is None or first <= code) and (last is None or code <= last)


# Periods over several quarters (plan-and-year.md): six months, nine months, the year.
_SPAN_CODE = re.compile(r"(\d{4})(?:-(H1|9M))?")
_SPAN_QUARTERS = {"H1": 2, "9M": 3, None: 4}


@dataclass(frozen=True)
class Span:
    """The quarters from the year's first to its `last`: `2026-H1` (Q1–Q2), `2026-9M` (Q1–Q3), `2026`."""

    year: int
    last: int  # the last quarter it covers: 2, 3 or 4

    @property
    def code(self) -> str:
        return {2: f"{self.year}-H1", 3: f"{self.year}-9M", 4: str(self.year)}[self.last]

    @property
    def quarters(self) -> list[Period]:
        return [Period(self.year, q) for q in range(1, self.last + 1)]

    @property
    def last_day(self) -> date:
        return Period(self.year, self.last).last_day


def span_from_code(code: str) -> Span:
    """Strict parse of `2026-H1`, `2026-9M` or `2026`; PeriodCodeError otherwise."""
    match = _SPAN_CODE.fullmatch(code.strip())
    if not match:
        raise PeriodCodeError("bad-period-code", value=repr(code))
    return Span(int(match.group(1)), _SPAN_QUARTERS[match.group(2)])


def quarters_of(code: str) -> list[Period]:
    """The quarters a period code covers: one for `2026-Q2`, several for a span."""
    return span_from_code(code).quarters if is_span(code) else [period_from_code(code)]


def is_span(code: str) -> bool:
    """Whether `code` names six months, nine months or a year (`2026-H1`, `2026-9M`, `2026`)."""
    return bool(_SPAN_CODE.fullmatch(str(code).strip()))


def canonical_code(code: str | Period | Span) -> str:
    """The canonical code of a quarter or a span, validated (PeriodCodeError otherwise)."""
    if isinstance(code, Period | Span):
        return code.code
    text = str(code).strip()
    return span_from_code(text).code if is_span(text) else period_from_code(text).code


def last_day_of(code: str) -> date:
    """The last day of a quarter or of a span."""
    return quarters_of(canonical_code(code))[-1].last_day


def time_order(code: str) -> tuple[int, int, int]:
    """Sort key of quarter and span codes: by their last quarter, a span after the quarter it ends with."""
    last = quarters_of(code)[-1]
    return last.year, last.quarter, int(is_span(code))


def offered_periods(quarters: list[str]) -> list[str]:
    """The quarters with reports and the spans they make, oldest first (see `time_order`).

    A span is offered once the year has reports of its last quarter or a later one (the six-month
    figures appear when the second quarter's reports come in), and of at least one of its quarters.
    """
    found = [period_from_code(q) for q in quarters]
    reported = {year: [p.quarter for p in found if p.year == year] for year in {p.year for p in found}}
    spans = {
        Span(year, last).code
        for year, seen in reported.items()
        for last in _SPAN_QUARTERS.values()
        if min(seen) <= last <= max(seen)
    }
    return sorted({p.code for p in found} | spans, key=time_order)


def same_kind(code: str, other: str) -> bool:
    """Whether two period codes can be compared: two quarters, or two spans of the same length."""
    if is_span(code) != is_span(other):
        return False
    return not is_span(code) or span_from_code(code).last == span_from_code(other).last
