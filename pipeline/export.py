"""The office's summary report for a quarter or a span (six months, nine months, the year), from the
database to the files, with its audit lines.

The CLI's `export` asks this once; the export page builds the same workbook with the
same functions when a download is clicked (and audits it then).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from core.catalogs import default_catalogs
from core.office import load_office
from exports.csvfiles import export_csv_files
from exports.workbook import export_workbook, resolve_level, scope_problem
from pipeline.plans import plan_completion_table
from storage import audit
from storage.frames import load_frames


def write_summary_report(
    engine: Engine,
    period: str,
    out: Path,
    *,
    csv_dir: Path | None = None,
    compare: str | None = None,
    level: str | None = None,
    ward: str | None = None,
    username: str | None = None,
    unit_code: str | None = None,
) -> None:
    """Write the workbook of `period` for the scope asked to `out` (and its tables as CSV files into
    `csv_dir`), each followed by its 'export' audit line.

    Refuses (ExportRefused, OfficeFileError: both ValueErrors with a code) before anything is
    built or written when the level is unknown, the office file unusable or a quarter has no
    report in the scope.
    """
    catalogs = default_catalogs()
    level_code, office = resolve_level(catalogs, level), load_office()
    periods = [p for p in (period, compare) if p]
    frames = load_frames(engine, periods, task_texts=False)
    for asked in periods:
        if refused := scope_problem(frames, asked, level_code, ward):
            raise refused
    scope = {
        "level": level_code,
        "ward": ward,
        "compare": compare,
        "plans": plan_completion_table(engine, period, frames.tasks),
    }

    def audited(kind: str, size: int) -> None:
        detail = {"what": "report", "format": kind, "level": level_code, "ward": ward, "compare": compare,
                  "bytes": size, "via": "cli"}  # fmt: skip
        audit.record(engine, "export", username=username, unit_code=unit_code, period=period, detail=detail)

    workbook = export_workbook(frames, catalogs, period, office, **scope)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(workbook)
    audited("xlsx", len(workbook))
    if csv_dir is not None:
        tables = export_csv_files(frames, catalogs, period, **scope)
        csv_dir.mkdir(parents=True, exist_ok=True)
        for name, content in tables.items():
            (csv_dir / name).write_bytes(content)
        audited("csv", sum(len(content) for content in tables.values()))
