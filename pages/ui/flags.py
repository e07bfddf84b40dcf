"""How a data-quality flag's item and values are written on a page: names from the catalogs, shares as percentages."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

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


# A value or score as written, per language (and item): a city's quarter lists some 5,000 flags, whose values a
# store changes few of (kept for a few times the flags shown, then started afresh).
_WRITTEN: dict[tuple, str] = {}


def flag_table(flags: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The flags as the data-quality page lists them (`names`: the schools' names by code), in the page's language.

    Written column by column, each distinct school, kind, item and state once, and each value and score once
    per language (and item) across versions."""
    lang = words.language()
    items = flags["item"].tolist()
    named = _each(flags["item"], item_name)
    copied = flags["kind"].eq("copied").tolist()  # a copied flag's item is the school copied from
    written = pd.DataFrame({
        "unit": _each(flags["unit_code"], lambda code: f"{names.get(code, code)} ({code})"),
        "kind": _each(flags["kind"], lambda kind: t(f"quality.label.{kind}")),
        "item": [names.get(i, i) if copy else name for i, name, copy in zip(items, named, copied, strict=True)],
        "value": [_written(lang, item, value, shown_value)
                  for item, value in zip(items, flags["value"].tolist(), strict=True)],
        "reference": [ref if isinstance(ref, str) else _written(lang, item, ref, shown_value)
                      for item, ref in zip(items, flags["reference"].tolist(), strict=True)],
        "score": _each(flags["score"], lambda score: "" if pd.isna(score) else _written(lang, None, score, _score)),
        "state": _each(flags["state"], lambda state: t(f"quality.state.{state}")),
        "explanation": [text if isinstance(text, str) else "" for text in flags["explanation"].tolist()],
    })  # fmt: skip
    if len(_WRITTEN) > 4 * max(len(flags), 2_000):
        _WRITTEN.clear()
    return written


def _each(column: pd.Series, write: Callable[[Any], str]) -> list[str]:
    """`write` of each value of a column, called once per distinct value (NaN: once)."""
    values = column.tolist()
    done: dict[Any, str] = {}
    blank = None
    out = []
    for value in values:
        if value is None or value != value:
            if blank is None:
                blank = write(value)
            out.append(blank)
            continue
        cell = done.get(value)
        if cell is None:
            cell = done[value] = write(value)
        out.append(cell)
    return out


def _written(lang: str, item: str | None, value: Any, write: Callable[[Any, Any], str]) -> str:
    """`write(item, value)` as written before in this language, else written and kept for next time (a score's
    item is None, which no value's is). A missing value (None, NaN: no key) is written each time."""
    if value is None or value != value:
        return write(item, value)
    key = (lang, item, value)
    cell = _WRITTEN.get(key)
    if cell is None:
        cell = _WRITTEN[key] = write(item, value)
    return cell


def _score(_item: None, score: float) -> str:
    return words.num(score, 1)
