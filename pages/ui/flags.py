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


_CELLS = ["unit_code", "kind", "item", "value", "reference", "score", "state", "explanation"]
# A flag's cells as written, per language and school name: a store or an explanation changes a few flags of a
# city's 5,000, and only those are written again (kept for a few times the flags shown, then started afresh).
_WRITTEN: dict[tuple, tuple[str, ...]] = {}


def flag_table(flags: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The flags as the data-quality page lists them (`names`: the schools' names by code), in the page's language."""
    lang = words.language()
    rows = []
    for flag in flags[_CELLS].itertuples(index=False, name=None):
        key = (lang, names.get(flag[0]), *(None if v is None or v != v else v for v in flag))  # NaN: one key
        cells = _WRITTEN.get(key)
        if cells is None:
            cells = _WRITTEN[key] = _cells(*flag, names=names)
        rows.append(cells)
    if len(_WRITTEN) > 4 * max(len(flags), 2_000):
        _WRITTEN.clear()
    return pd.DataFrame(rows, columns=["unit", "kind", "item", "value", "reference", "score", "state", "explanation"])


def _cells(unit, kind, item, value, reference, score, state, explanation, *, names: dict[str, str]) -> tuple:
    return (
        f"{names.get(unit, unit)} ({unit})",
        t(f"quality.label.{kind}"),
        names.get(item, item) if kind == "copied" else item_name(item),
        shown_value(item, value),
        reference if isinstance(reference, str) else shown_value(item, reference),
        "" if pd.isna(score) else words.num(score, 1),
        t(f"quality.state.{state}"),
        "" if explanation is None or pd.isna(explanation) else explanation,
    )
