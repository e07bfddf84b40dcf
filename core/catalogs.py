"""The catalogs (PAR fields, indicators, satisfaction dimensions, school levels).

They are CSV files under `data/catalogs/` that the managing office may edit; the
code reads them and never hard-codes their content.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from core.text import clean_text, fold_key
from core.vocabulary import HIGHER, RATE

T = TypeVar("T")

CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "catalogs"


@dataclass(frozen=True)
class ParField:
    code: str
    name: str
    max_points: float


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    kind: str  # core.vocabulary RATE or COUNT
    target: float | None
    direction: str  # core.vocabulary HIGHER or LOWER is better
    numerator: str
    denominator: str

    @property
    def is_rate(self) -> bool:
        return self.kind == RATE

    def is_met(self, value: float | None) -> bool | None:
        if value is None or self.target is None:
            return None
        return value >= self.target if self.direction == HIGHER else value <= self.target


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog(Generic[T]):
    """Entries by code, also found by name or alias whatever the case and diacritics."""

    entries: dict[str, T]
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for code, entry in self.entries.items():
            names = [code, getattr(entry, "name", ""), *getattr(entry, "aliases", ())]
            for name in names:
                self._lookup.setdefault(fold_key(name), code)

    def resolve(self, text: object) -> str | None:
        """The code that a user's text names, or None."""
        return self._lookup.get(fold_key(text))

    def __getitem__(self, code: str) -> T:
        return self.entries[code]

    def __iter__(self) -> Iterator[T]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def codes(self) -> list[str]:
        return list(self.entries)


@dataclass(frozen=True)
class Catalogs:
    par_fields: Catalog[ParField]
    indicators: Catalog[Indicator]
    dimensions: Catalog[Dimension]
    levels: Catalog[Level]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: clean_text(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def _number(text: str) -> float | None:
    return float(text) if text else None


def read_catalogs(directory: Path = CATALOG_DIR) -> Catalogs:
    fields = {
        r["code"]: ParField(r["code"], r["name"], float(r["max_points"])) for r in _rows(directory / "par_fields.csv")
    }
    indicators = {
        r["code"]: Indicator(
            r["code"],
            r["name"],
            r["kind"],
            _number(r["target"]),
            r["direction"],
            r["numerator"],
            r["denominator"],
        )
        for r in _rows(directory / "indicators.csv")
    }
    dimensions = {r["code"]: Dimension(r["code"], r["name"]) for r in _rows(directory / "dimensions.csv")}
    levels = {
        r["code"]: Level(r["code"], r["name"], tuple(a for a in r["aliases"].split("|") if a))
        for r in _rows(directory / "levels.csv")
    }
    return Catalogs(Catalog(fields), Catalog(indicators), Catalog(dimensions), Catalog(levels))


@cache
def default_catalogs() -> Catalogs:
    return read_catalogs()
