"""Wording of coded messages (validation problems, refusals) in the reader's language.

A message is a key and its values. Values are shown for people here, not where the
message is made: numbers through Babel (1.048.576 in Vietnamese, 1,048,576 in
English), quarter codes as `Quý II/2023` or `Q2/2023`, lists joined. Text values
(cell contents as found, names) are shown as they are. A value may itself be a
coded message, `term(key, **params)`, worded in the same language (what a cell
needs, why a file is damaged); or `amount(number, decimals, unit)`, a number with
fixed decimals. Both are plain dicts, so they are stored as JSON with the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from i18n import DEFAULT_LANGUAGE, translate

QUARTER_PARAMS = frozenset({"quarter", "period", "first_quarter", "last_quarter"})  # quarter codes (2023-Q2)
DATE_PARAMS = frozenset({"first_day", "received_day", "planned_day"})  # days as ISO text (2023-06-20): JSON
MOMENT_PARAMS = frozenset({"at"})  # moments, ISO text once stored with a refused file's problems
PLAIN_PARAMS = frozenset({"row", "first", "year"})  # numbers read as labels: row 1234, not 1.234


class Coded(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...


def term(key: str, **params: Any) -> dict[str, Any]:
    """A value that is itself worded per language (a JSON-friendly coded message)."""
    return {"key": key, "params": params}


def amount(number: float, decimals: int = 0, unit: str = "") -> dict[str, Any]:
    """A number shown with exactly `decimals` decimals (12,0 MB), whatever the language."""
    return {"number": number, "decimals": decimals, "unit": unit}


def describe(message: Coded, lang: str = DEFAULT_LANGUAGE) -> str:
    """The message in `lang`, its values shown for a reader of that language."""
    params = getattr(message, "wording_params", None)
    return word(message.key, params() if callable(params) else message.params, lang)


def word(key: str, params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    shown = {name: show(value, lang, name=name) for name, value in params.items()}
    return translate(key, lang, **shown)


def show(value: Any, lang: str = DEFAULT_LANGUAGE, *, name: str = "") -> str:
    from core import formatting as fmt  # Babel loads on the first message shown, not on import

    if value is None:
        return "–"
    if isinstance(value, Mapping):
        if "key" in value:
            return word(value["key"], value.get("params") or {}, lang)
        if "number" in value:
            text = fmt.number(value["number"], value.get("decimals", 0), locale=lang)
            return f"{text} {value['unit']}" if value.get("unit") else text
    if name in PLAIN_PARAMS and isinstance(value, int):
        return str(value)
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
    if name in MOMENT_PARAMS and isinstance(value, str):
        try:
            return fmt.moment(datetime.fromisoformat(value), locale=lang)
        except ValueError:
            return value
    if name in DATE_PARAMS and isinstance(value, str):
        return fmt.day(date.fromisoformat(value), locale=lang)
    if name in QUARTER_PARAMS:
        try:
            return fmt.quarter(str(value), locale=lang)
        except (ValueError, AttributeError):
            return str(value)
    return str(value)


def _decimals(value: float) -> int:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0
