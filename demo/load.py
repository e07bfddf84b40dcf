"""Load the demo office into an empty database, through the same loaders as real files.

The registry first, then the reports in the order they were received, then the
schools' yearly plans (data/demo/plans/, each read in the sandboxed reader as an
uploaded plan is).
"""

from __future__ import annotations

import csv
from datetime import datetime, time
from pathlib import Path

from sqlalchemy import Engine

from i18n import translate
from i18n.messages import word
from loaders.units import read_units
from loaders.values import as_date
from pipeline.ingest import ingest_paths
from pipeline.plans import import_plan_paths
from storage.registry import upsert_units
from storage.submissions import is_empty

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


class DemoDataError(RuntimeError):
    """The shipped demo files do not give the answers their manifest promises."""


def load_demo(engine: Engine, demo_dir: Path = DEMO_DIR, lang: str = "vi") -> str:
    """Import the demo registry, the units' plans, then every demo workbook (with its received date); say so."""
    if not is_empty(engine):
        return translate("demo.not_empty", lang)
    units_file = demo_dir / "units.csv"
    units, problems = read_units(units_file.read_bytes(), units_file.name)
    if any(p.is_error for p in problems):
        raise DemoDataError(f"{units_file}: " + "; ".join(p.text("en") for p in problems))
    upsert_units(engine, units)
    plans = _load_plans(engine, demo_dir / "plans")  # first, so that each report's tasks link to its plan
    accepted = rejected = 0
    for row in _manifest(demo_dir):
        received = datetime.combine(as_date(row["received_at"]), time(9, 0))
        (result,) = ingest_paths(engine, [demo_dir / "workbooks" / row["file"]], received_at=received, workers=1)
        if result.accepted != (row["expect"] == "accepted"):
            raise DemoDataError(f"{row['file']}: expected {row['expect']}, got {result.as_json('en')['problems']}")
        accepted += result.accepted
        rejected += not result.accepted
    values = {"units": len(units), "accepted": accepted, "rejected": rejected, "plans": plans}
    return word("demo.loaded", values, lang)


def _load_plans(engine: Engine, plan_dir: Path) -> int:
    """Store every demo plan (all in one pass of the reader); a plan refused is a broken demo."""
    rows = _manifest(plan_dir)
    results = import_plan_paths(engine, [plan_dir / row["file"] for row in rows])
    for row, result in zip(rows, results, strict=True):
        if not result.accepted or (result.plan.unit_code, str(result.plan.year)) != (row["unit"], row["year"]):
            raise DemoDataError(
                f"{row['file']}: expected the {row['year']} plan of {row['unit']}, got {result.as_json('en')}"
            )
    return len(results)


def _manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
