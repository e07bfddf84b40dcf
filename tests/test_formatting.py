"""Numbers as people read them: Vietnamese separators, as Babel writes them from its pattern."""

from __future__ import annotations

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import number, percent


def test_vietnamese_and_english_separators_and_rounding():
    assert number(1234567) == "1.234.567" and number(1234567, locale="en") == "1,234,567"
    assert number(74.85, 1) == "74,8" and number(74.75, 1) == "74,8"  # half to even, on the decimal written
    assert number(2.675, 2) == "2,68" and number(-0.5) == "-0" and number(None) == "–"
    assert percent(85.5) == "85,5 %" and percent(85.5, locale="en") == "85.5%"


@given(
    value=st.one_of(st.integers(-(10**9), 10**9), st.floats(-1e9, 1e9, allow_nan=False)),
    decimals=st.integers(0, 3),
    locale=st.sampled_from(["vi", "en"]),
)
def test_the_same_text_as_babels_format_decimal(value, decimals, locale):
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    assert number(value, decimals, locale) == format_decimal(value, format=pattern, locale=locale)
