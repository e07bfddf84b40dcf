"""How a data-quality flag's item and values are written on a page: names from the catalogs, shares as percentages."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from core.catalogs import default_catalogs
from pages.ui import words
from pages.ui.words import t

SHARES = ("completion",)  # items given as a share 0–1 besides the rate indicators and the factors


def item_name(item: str) -> str:
    """An item as people call it: the indicator's or factor's name, `(Tổng số)` / `(Số phiếu)` for its size."""
    return _item_name(item, words.language())


@lru_cache(maxsize=1024)  # a city's quarter lists a thousand flags of a few dozen items
def _item_name(item: str, language: str) -> str:
    catalogs = default_catalogs()
    code, _, part = item.partition(":")
    names = {i.code: i.name for i in catalogs.indicators} | {d.code: d.name for d in catalogs.dimensions}
    if code in names:
        return names[code] + (f" ({t(f'quality.part.{part}')})" if part else "")
    return t(f"quality.item.{item}") if item in ("tasks", "completion") else item


def shown_value(item: str, value: float | None) -> str:
    """A share as a percentage, a count as a number, nothing where the flag has no value."""
    if value is None or pd.isna(value):
        return ""
    return words.pct(value * 100) if is_share(item) else words.num(value, 2 if value % 1 else 0)


@lru_cache(maxsize=1024)
def is_share(item: str) -> bool:
    """Whether an item's values are shares 0–1 (a rate indicator, a factor's satisfied share, completion)."""
    catalogs = default_catalogs()
    code, _, part = item.partition(":")
    return not part and (code in SHARES or code in catalogs.dimensions.codes()
                         or (code in catalogs.indicators.codes() and catalogs.indicators[code].is_rate))  # fmt: skip
