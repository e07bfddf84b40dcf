"""The PAR Index framework of each year, as data: fields → criteria (→ sub-criteria), with their maximum points.

A framework is a CSV file `data/frameworks/<year>.csv` that the office may edit (the
ministries changed it in 2022 and again in 10/2025; a city may score its schools on its own
criteria). Columns: `code`, `parent` (a criterion's field, a sub-criterion's criterion; empty
for a field and for a bonus or penalty line), `name`, `max_points`, `evidence` (what evidence
the item expects) and `kind` (empty, or `bonus` / `penalty` for the lines that add to or
take from a unit's points, up to `max_points`, outside the maximum of 100).

A year without its own file uses the latest earlier year's; with none, the fields of
`data/catalogs/par_fields.csv` without criteria (scoring per field, as the quarterly
report's TuDanhGia has always done). A parent's maximum is the sum of its children's.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.catalogs import CATALOG_DIR, Catalog, ParField, default_catalogs
from core.errors import Refusal
from core.text import clean_text, fold_key

FRAMEWORK_DIR = Path(__file__).resolve().parent.parent / "data" / "frameworks"
COLUMNS = ("code", "parent", "name", "max_points", "evidence", "kind")
BONUS, PENALTY = "bonus", "penalty"
FIELD, CRITERION, SUB_CRITERION, ADJUSTMENT = "field", "criterion", "sub-criterion", "adjustment"
_EPSILON = 1e-6


class FrameworkError(Refusal, ValueError):
    """A framework file that cannot be used: the code says why, the values where (row, code)."""


@dataclass(frozen=True)
class Item:
    """One line of the framework: a field, a criterion, a sub-criterion, or a bonus / penalty line."""

    code: str
    parent: str | None
    name: str
    max_points: float
    evidence: str | None
    level: str  # FIELD, CRITERION, SUB_CRITERION or ADJUSTMENT
    kind: str | None = None  # BONUS or PENALTY for an adjustment


@dataclass(frozen=True)
class Framework:
    """A year's framework; `source` is the file it was read from (None: built from the field catalog)."""

    year: int | None
    items: tuple[Item, ...]
    source: str | None
    digest: str

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __getitem__(self, code: str) -> Item:
        return self._by_code()[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code()

    def _by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    @property
    def fields(self) -> list[Item]:
        return [i for i in self.items if i.level == FIELD]

    @property
    def adjustments(self) -> list[Item]:
        return [i for i in self.items if i.level == ADJUSTMENT]

    def children(self, code: str) -> list[Item]:
        return [i for i in self.items if i.parent == code]

    def scored(self, field: str) -> list[Item]:
        """The items of a field a unit is scored on: its deepest items (the field itself when it has none)."""
        below = self.children(field)
        if not below:
            return [self[field]]
        return [leaf for item in below for leaf in (self.scored(item.code) if self.children(item.code) else [item])]

    def field_of(self, code: str) -> str:
        """The field an item belongs to (an adjustment belongs to none: its own code)."""
        item = self[code]
        return code if item.parent is None else self.field_of(item.parent)

    @property
    def has_criteria(self) -> bool:
        return any(i.level in (CRITERION, SUB_CRITERION) for i in self.items)

    def resolve(self, text: object) -> str | None:
        """The code of the item a cell names, by code or by name (case, marks and spaces aside)."""
        wanted = fold_key(text)
        if not wanted:
            return None
        for item in self.items:
            if wanted in (fold_key(item.code), fold_key(item.name)):
                return item.code
        return None

    def field_catalog(self) -> Catalog[ParField]:
        """The fields with their maximum points, as the metrics read them."""
        return Catalog({f.code: ParField(f.code, f.name, f.max_points) for f in self.fields})


def parse_framework(content: bytes, source: str, year: int | None = None) -> Framework:
    """Read and check a framework file (UTF-8 CSV, `COLUMNS`); FrameworkError naming the row otherwise."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FrameworkError("framework-not-utf8", file=source) from error
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or []) and c not in ("evidence", "kind")]
    if missing:
        raise FrameworkError("framework-missing-columns", file=source, columns=", ".join(missing))
    rows = [(n, {k: clean_text(v) for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]
    items = _items(rows, source)
    _check_sums(items, source)
    return Framework(year, tuple(items), source, hashlib.sha256(content).hexdigest())


def _items(rows: list[tuple[int, dict[str, str]]], source: str) -> list[Item]:
    items: dict[str, Item] = {}
    for row, values in rows:
        code, parent, kind = values.get("code", ""), values.get("parent", "") or None, values.get("kind", "") or None
        if not code:
            raise FrameworkError("framework-no-code", file=source, row=row)
        if code in items:
            raise FrameworkError("framework-duplicate-code", file=source, row=row, code=code)
        if parent is not None and parent not in items:
            raise FrameworkError("framework-unknown-parent", file=source, row=row, code=code, parent=parent)
        if kind not in (None, BONUS, PENALTY) or (kind is not None and parent is not None):
            raise FrameworkError("framework-bad-kind", file=source, row=row, code=code, kind=kind or "")
        try:
            points = float(values.get("max_points", "").replace(",", "."))
        except ValueError:
            points = -1.0
        if not points >= 0:
            raise FrameworkError("framework-bad-points", file=source, row=row, code=code,
                                 value=values.get("max_points", ""))  # fmt: skip
        level = ADJUSTMENT if kind else _level(items, parent)
        if level is None:
            raise FrameworkError("framework-too-deep", file=source, row=row, code=code)
        items[code] = Item(
            code, parent, values.get("name") or code, points, values.get("evidence") or None, level, kind
        )
    if not any(i.level == FIELD for i in items.values()):
        raise FrameworkError("framework-no-fields", file=source)
    return list(items.values())


def _level(items: dict[str, Item], parent: str | None) -> str | None:
    if parent is None:
        return FIELD
    above = items[parent].level
    return {FIELD: CRITERION, CRITERION: SUB_CRITERION}.get(above)


def _check_sums(items: list[Item], source: str) -> None:
    """A field's or criterion's maximum is the sum of its children's (where it has children)."""
    for item in items:
        below = [i for i in items if i.parent == item.code]
        total = sum(i.max_points for i in below)
        if below and abs(total - item.max_points) > _EPSILON:
            raise FrameworkError("framework-sum", file=source, code=item.code, max_points=item.max_points, total=total)


def read_framework(path: Path, year: int | None = None) -> Framework:
    return parse_framework(path.read_bytes(), path.name, year)


def fields_only(year: int | None = None) -> Framework:
    """The framework of the field catalog alone: no criteria, as scoring was before frameworks."""
    rows = [Item(f.code, None, f.name, f.max_points, None, FIELD) for f in default_catalogs().par_fields]
    digest = hashlib.sha256((CATALOG_DIR / "par_fields.csv").read_bytes()).hexdigest()
    return Framework(year, tuple(rows), None, digest)


def framework_years(directory: Path = FRAMEWORK_DIR) -> list[int]:
    """The years with a framework file, oldest first."""
    return sorted(int(p.stem) for p in directory.glob("*.csv") if p.stem.isdigit())


def framework_file(year: int, directory: Path = FRAMEWORK_DIR) -> Path | None:
    """The file that holds `year`'s framework: its own, else the latest earlier year's; None when none."""
    earlier = [y for y in framework_years(directory) if y <= year]
    return directory / f"{earlier[-1]}.csv" if earlier else None


@cache
def _framework_cached(year: int, directory: Path, stamp: float) -> Framework:
    found = framework_file(year, directory)
    return fields_only(year) if found is None else read_framework(found, year)


def framework_for(year: int, directory: Path = FRAMEWORK_DIR) -> Framework:
    """`year`'s framework from the files (read again when a file changes)."""
    found = framework_file(year, directory)
    stamp = found.stat().st_mtime if found is not None else 0.0
    return _framework_cached(year, directory, stamp)
