"""Load the demo office into an empty database, through the same loaders as real files.

The registry first, then the schools' yearly plans (data/demo/plans/, each read in the
sandboxed reader as an uploaded plan is), then the reports in the order they were
received; then the evidence a few schools attach to their 2026 self-assessment
(data/demo/evidence/, each file typed by its bytes as an uploaded one is) and last the
office's final appraisal of two schools' 2026 (data/demo/appraisals.csv), by the office.
"""

from __future__ import annotations

import csv
from datetime import datetime, time
from pathlib import Path

from sqlalchemy import Engine

from core.errors import Refusal
from i18n import translate
from i18n.messages import word
from loaders.units import read_units
from loaders.values import as_date
from pipeline import appraisal
from pipeline.ingest import ingest_paths
from pipeline.plans import import_plan_paths
from storage.evidence import add_evidence
from storage.registry import upsert_units
from storage.submissions import is_empty

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


class DemoDataError(RuntimeError):
    """The shipped demo files do not give the answers their manifest promises."""


def load_demo(engine: Engine, demo_dir: Path = DEMO_DIR, lang: str = "vi") -> str:
    """Import the demo registry, the units' plans, every demo workbook (with its received date), the evidence and
    the final appraisals; say so."""
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
    _attach_evidence(engine, demo_dir / "evidence")  # after the reports: the self-assessments it backs
    _appraise(engine, demo_dir / "appraisals.csv")  # last: a final year takes no more evidence
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


def _attach_evidence(engine: Engine, folder: Path) -> int:
    """Attach every demo evidence file to its school's field or criterion, as the office; a refusal is a broken demo."""
    if not (folder / "manifest.csv").exists():
        return 0
    rows = _manifest(folder)
    for row in rows:
        try:
            add_evidence(engine, row["unit"], int(row["year"]), (folder / row["file"]).read_bytes(), row["name"],
                         field=row["field"] or None, criterion=row["criterion"] or None, by=None)  # fmt: skip
        except Refusal as refused:
            raise DemoDataError(f"{row['file']}: refused ({refused.code}, {refused.params})") from refused
    return len(rows)


def _appraise(engine: Engine, path: Path) -> int:
    """The office's appraisal of each school's year in `path`, saved and made final; how many years."""
    if not path.exists():
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    years: dict[tuple[str, int], list[dict[str, str]]] = {}
    for row in rows:
        years.setdefault((row["unit"], int(row["year"])), []).append(row)
    for (unit, year), items in years.items():
        try:
            wanted = [{"item": r["item"], "points": float(r["points"]), "reason": r["reason"]} for r in items]
            appraisal.save(engine, unit, year, wanted, None)
            appraisal.finalise(engine, unit, year, None)
        except Refusal as refused:
            raise DemoDataError(f"{path.name}: {unit} {year} refused ({refused.code}, {refused.params})") from refused
    return len(years)


def _manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
