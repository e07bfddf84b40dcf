"""Wording of coded messages (validation problems, refusals) in the reader's language.

A message is a key and its values. Values are shown for people here, not where the
message is made: numbers through Babel (1.048.576 in Vietnamese, 1,048,576 in
English), quarter codes as `Quý II/2023` or `Q2/2023`, lists joined. Text values
(cell contents as found, names) are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from i18n import DEFAULT_LANGUAGE, translate

QUARTER_PARAMS = frozenset({"quarter", "period"})  # values written as a quarter code (2023-Q2)


class Coded(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...


def describe(message: Coded, lang: str = DEFAULT_LANGUAGE) -> str:
    """The message in `lang`, its values shown for a reader of that language."""
    return word(message.key, message.params, lang)


def word(key: str, params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    shown = {name: show(value, lang, quarter=name in QUARTER_PARAMS) for name, value in params.items()}
    return translate(key, lang, **shown)


def show(value: Any, lang: str = DEFAULT_LANGUAGE, *, quarter: bool = False) -> str:
    from core import formatting as fmt  # Babel loads on the first message shown, not on import

    if value is None:
        return "–"
    if isinstance(value, bool):
        return translate("value.yes" if value else "value.no", lang)
    if isinstance(value, int):
        return fmt.number(value, locale=lang)
    if isinstance(value, float):
        return fmt.number(value, _decimals(value), locale=lang)
    if isinstance(value, datetime):
        return fmt.moment(value, locale=lang)
    if isinstance(value, date):
        return fmt.day(value, locale=lang)
    if isinstance(value, list | tuple):
        return ", ".join(show(item, lang) for item in value)
    if quarter:
        try:
            return fmt.quarter(str(value), locale=lang)
        except (ValueError, AttributeError):
            return str(value)
    return str(value)


def _decimals(value: float) -> int:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0
