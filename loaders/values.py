"""Cell values as schools type them: Excel dates or text dates, Vietnamese numbers.

Each parser returns the value, or raises BadValue with the Vietnamese reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache, wraps
from typing import TypeVar

from core.text import REMEMBERED_LENGTH, clean_text

EXCEL_EPOCH = date(1899, 12, 30)
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00(?:\.0+)?)?)?$", re.IGNORECASE)
_VN_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # 1.234 · 1.234,5
_VN_DECIMAL = re.compile(r"^\d+(?:,\d+)?$")  # 12 · 12,5
_DOT_DECIMAL = re.compile(r"^\d*\.\d+$")  # 12.5 (not a 3-digit group)
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+\.\d+$")  # 1,234.5
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"})


T = TypeVar("T")


class BadValue(ValueError):
    """A cell that does not hold what its column needs; `code` names a message template."""

    def __init__(self, code: str, value: object) -> None:
        super().__init__(code)
        self.code = code
        self.value = shown(value)

    @classmethod
    def as_shown(cls, code: str, shown_value: str) -> BadValue:
        """The complaint again, from its code and the value as already shown."""
        bad = cls(code, "")
        bad.value = shown_value
        return bad


def _remembered_for_text(parse: Callable[[object], T]) -> Callable[[object], T]:
    """`parse`, answering each distinct short text once: schools repeat the same dates and numbers.

    Only text is remembered (1 and 1.0 and True are equal keys, but not the same cell).
    A complaint is kept as its code and shown value and raised anew each time.
    """

    @lru_cache(maxsize=4096)
    def outcome(text: str) -> tuple[T | None, tuple[str, str] | None]:
        try:
            return parse(text), None
        except BadValue as bad:
            return None, (bad.code, bad.value)

    @wraps(parse)
    def parse_cell(value: object) -> T:
        if type(value) is not str or len(value) > REMEMBERED_LENGTH:
            return parse(value)
        result, complaint = outcome(value)
        if complaint is not None:
            raise BadValue.as_shown(*complaint)
        return result  # type: ignore[return-value]

    return parse_cell


def is_blank(value: object) -> bool:
    if value == "" or value is None:  # calamine's empty cell: the common case, first
        return True
    return isinstance(value, str) and not value.strip()


def shown(value: object) -> str:
    """How a cell reads to the user, for messages."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != datetime.min.time() else f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def as_text(value: object) -> str:
    if type(value) is str:  # the usual cell, first
        return clean_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return shown(value)
    return clean_text(value)


def check_excel_error(value: object) -> None:
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        raise BadValue("formula-error", value.strip())


def as_date(value: object) -> date:
    if type(value) is date:  # calamine's date cell, first
        if not EARLIEST <= value <= LATEST:
            raise BadValue("date-out-of-range", value)
        return value
    return _date_in(value)


@_remembered_for_text
def _date_in(value: object) -> date:
    check_excel_error(value)
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date whose cell lost its date format still holds Excel's day number.
        if not EARLIEST <= EXCEL_EPOCH + timedelta(days=int(value)) <= LATEST or value != int(value):
            raise BadValue("bad-date", value)
        result = EXCEL_EPOCH + timedelta(days=int(value))
    else:
        result = _date_from_text(clean_text(value))
    if not EARLIEST <= result <= LATEST:
        raise BadValue("date-out-of-range", result)
    return result


def _date_from_text(text: str) -> date:
    match = _DAY_FIRST.match(text)
    parts: tuple[int, int, int] | None = None
    if match:
        day, month, year = (int(g) for g in match.groups())
        parts = (year, month, day)
    else:
        match = _ISO.match(text)
        if match:
            parts = tuple(int(g) for g in match.groups())  # type: ignore[assignment]
    if parts is None:
        raise BadValue("bad-date", text)
    try:
        return date(*parts)
    except ValueError as error:
        raise BadValue("bad-date", text) from error


def as_number(value: object) -> float:
    if type(value) is float:  # calamine's number cell, first
        return value
    return _number_in(value)


@_remembered_for_text
def _number_in(value: object) -> float:
    check_excel_error(value)
    if isinstance(value, bool):
        raise BadValue("bad-number", value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (date, datetime)):
        raise BadValue("bad-number", value)
    text = clean_text(value).replace(" ", "").replace("\u00a0", "")
    if text.endswith("%"):
        raise BadValue("percent-not-allowed", value)
    negative = text.startswith("-")
    digits = text.lstrip("+-")
    if _VN_GROUPED.match(digits):
        number = float(digits.replace(".", "").replace(",", "."))
    elif _VN_DECIMAL.match(digits):
        number = float(digits.replace(",", "."))
    elif _DOT_DECIMAL.match(digits):
        number = float(digits)
    elif _EN_GROUPED.match(digits):
        number = float(digits.replace(",", ""))
    else:
        raise BadValue("bad-number", value)
    return -number if negative else number


def as_count(value: object) -> int:
    number = as_number(value)
    if number < 0:
        raise BadValue("negative", value)
    if not float(number).is_integer():
        raise BadValue("not-whole", value)
    return int(number)


def as_amount(value: object) -> float:
    """A non-negative number (indicator results, points)."""
    number = as_number(value)
    if number < 0:
        raise BadValue("negative", value)
    return number
