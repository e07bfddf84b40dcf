"""Vietnamese numbers, percentages, dates and quarters for people to read (Babel)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, parse_pattern

from core.periods import Period, Span, period_from_code, span_from_code

DEFAULT_LOCALE = "vi"


def number(value: float | int | None, decimals: int = 0, locale: str = DEFAULT_LOCALE) -> str:
    if value is None:
        return "–"
    # As format_decimal(value, "#,##0.0…", locale) writes it, without parsing the pattern and locale each time
    # (a page writes thousands of numbers: that parsing was most of their cost).
    return _pattern(decimals).apply(value, _locale(locale))


@cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def percent(value: float | None, decimals: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """`85,5 %` in Vietnamese, `85.5%` in English; a dash when the figure does not apply."""
    if value is None:
        return "–"
    text = number(value, decimals, locale)
    return f"{text} %" if locale.startswith("vi") else f"{text}%"


def day(value: date | datetime | None, locale: str = DEFAULT_LOCALE) -> str:
    if value is None:
        return "–"
    return format_date(value if not isinstance(value, datetime) else value.date(), "dd/MM/yyyy", locale=locale)


def moment(value: datetime | None, locale: str = DEFAULT_LOCALE) -> str:
    return "–" if value is None else format_datetime(value, "dd/MM/yyyy HH:mm", locale=locale)


def quarter(period: str | Period, locale: str = DEFAULT_LOCALE) -> str:
    """`Quý II/2023` (or `Q2/2023` in English); a span as i18n writes it (`6 tháng đầu năm 2026`…)."""
    if isinstance(period, str) and "-Q" not in period:
        return _span(span_from_code(period), locale)
    p = period_from_code(period) if isinstance(period, str) else period
    return p.label if locale.startswith("vi") else f"Q{p.quarter}/{p.year}"


def _span(span: Span, locale: str) -> str:
    from i18n import translate  # the words are i18n's; loaded only when a span is shown

    return translate(f"period.span.{span.last}", locale.split("_")[0], year=span.year)
