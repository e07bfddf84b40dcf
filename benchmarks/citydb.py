"""A city-scale database for the dashboard benchmark: thousands of schools, a year of reports.

    python benchmarks/citydb.py OUT.sqlite3 [--schools 3500] [--seed 7] [--quarters 2025-Q4 ...] [--force]

Reports are drawn with the demo generator's value logic (`demo.generator`) and built
directly as `loaders.report` dataclasses: no workbooks, the ingest path is benchmarked
by `benchmarks/ingest.py`. They are saved through `storage.submissions.save_report`, one
transaction each, with a stand-in for the file's bytes of a real workbook's size, so
that the submissions table is as large on disk as the office's. A SQLite file is
reused when the JSON beside it (OUT.json) records the same parameters.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from core.periods import Period, period_from_code  # noqa: E402
from demo import generator as g  # noqa: E402
from loaders.report import IndicatorValue, Report, SatisfactionRow, SelfScore, Task  # noqa: E402
from storage.frames import load_frames  # noqa: E402
from storage.open import open_database  # noqa: E402
from storage.registry import set_deadline, upsert_units  # noqa: E402
from storage.submissions import is_empty, periods_with_data, save_report  # noqa: E402

VERSION = 1  # bump when the drawing changes: cached databases are rebuilt
LAST_QUARTER = Period(2026, 3)
DEFAULT_QUARTERS = [LAST_QUARTER.shift(-i).code for i in range(3, -1, -1)]  # 2025-Q4 … 2026-Q3
WARDS = 168
MISSING = 0.03  # share of (unit, quarter) without a report
LATE = 0.20  # share of reports received after the deadline
# level code, name in the catalog and in the generator's sizes, code prefix, share of schools
LEVELS = (("mam_non", "Mầm non", "MN", 0.40), ("tieu_hoc", "Tiểu học", "TH", 0.35), ("thcs", "THCS", "THCS", 0.25))
NAMESAKES = (
    "Hoa Sen", "Họa Mi", "Sơn Ca", "Kim Đồng", "Lê Lợi", "Nguyễn Trãi", "Chu Văn An", "Lê Quý Đôn", "Nguyễn Du",
    "Trần Hưng Đạo", "Võ Thị Sáu", "Lý Thường Kiệt", "Hướng Dương", "Ánh Dương", "Tuổi Thơ", "Bình Minh",
    "Quang Trung", "Trần Phú", "Nguyễn Huệ", "Hai Bà Trưng", "Phan Chu Trinh", "Hoàng Hoa Thám", "Măng Non",
)  # fmt: skip


def city_units(schools: int, seed: int) -> list[dict[str, str]]:
    """The registry in the generator's vocabulary (ma_don_vi, ten_don_vi, cap_hoc, phuong) plus `level`."""
    rng = random.Random(f"units:{seed}")
    counts = [round(schools * share) for *_, share in LEVELS[:-1]]
    counts.append(schools - sum(counts))
    units: list[dict[str, str]] = []
    for (level, name, prefix, _), count in zip(LEVELS, counts, strict=True):
        for i in range(count):
            namesake, round_ = NAMESAKES[i % len(NAMESAKES)], i // len(NAMESAKES)
            units.append(
                {
                    "ma_don_vi": f"{prefix}{i + 1:04d}",
                    "ten_don_vi": f"Trường {name} {namesake}" + (f" {round_ + 1}" if round_ else ""),
                    "cap_hoc": name,
                    "level": level,
                    "phuong": f"Phường {g.PLACE} {rng.randint(1, WARDS):02d}",
                }
            )
    return units


def _tasks(unit: dict[str, str], period: Period, rng: random.Random, skill: float, day: date) -> list[Task]:
    """12–25 tasks over the 8 fields, drawn as `demo.generator._tasks` draws them."""
    words = {
        "year": period.year,
        "quarter": f"quý {g.ROMAN[period.quarter]}/{period.year}",
        "school_year": g.school_year(period.first_day),
    }
    plans = g.plan_numbers(unit, period.year)
    tasks: list[Task] = []
    for code, count in g._field_counts(rng, rng.randint(12, 25)).items():
        for text, evidence in rng.sample(g.TASKS[code], count):
            deadline = g._deadline(period, rng)
            status, done_on = g._progress(period, rng, skill, deadline, day)
            note = g._note(period, rng) if status != "done" and rng.random() < 0.4 else ""
            tasks.append(
                Task(
                    row=len(tasks) + 1,
                    field=code,
                    content=text.format(**words),
                    plan=plans[0] if evidence != "KH" and rng.random() < 0.7 else plans[1],
                    deadline=deadline,
                    status=status,
                    done_on=done_on,
                    evidence=g._evidence(unit, rng, evidence) if status == "done" else None,
                    note=note or None,
                )
            )
    return tasks


def city_report(unit: dict[str, str], period: Period, rng: random.Random) -> Report:
    """One unit's accepted report for one quarter, as the loader would hand it over."""
    day = date(period.year, 3 * period.quarter, rng.randint(8, 18))
    skill = g.skill_in(unit, period)
    return Report(
        file_name=f"{period.code}_{unit['ma_don_vi']}.xlsx",
        unit_code=unit["ma_don_vi"],
        unit_name=unit["ten_don_vi"],
        period=period.code,
        prepared_by=g.profile(unit).prepared_by,
        prepared_on=day,
        tasks=_tasks(unit, period, rng, skill, day),
        indicators=[
            IndicatorValue(i + 1, line.code, float(line.result), _number(line.total), None)
            for i, line in enumerate(g._indicators(unit, period, rng, skill))
        ],
        satisfaction=[
            SatisfactionRow(i + 1, line.dimension, line.answers, tuple(line.levels))  # type: ignore[arg-type]
            for i, line in enumerate(g._survey(unit, rng, skill))
        ],
        self_assessment=[
            SelfScore(i + 1, line.field, line.max_points, line.self_points, line.appraised, None)
            for i, line in enumerate(g._scores(period, rng, skill))
        ],
    )


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _received_at(report: Report, deadline: date, rng: random.Random) -> datetime:
    """On the deadline day or before for ~80 %, 1–25 days late for the rest."""
    assert report.prepared_on is not None
    if rng.random() < LATE:
        day = deadline + timedelta(days=rng.randint(1, 25))
    else:
        day = min(deadline, report.prepared_on + timedelta(days=rng.randint(0, 4)))
    return datetime(day.year, day.month, day.day, rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59))


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for a server database (never reused)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def build_city_database(
    url: str, schools: int = 3500, quarters: list[str] | None = None, seed: int = 7, *, force: bool = False
) -> dict[str, Any]:
    """Build (or reuse) the database at `url`; answer its parameters, row counts and build seconds."""
    quarters = [period_from_code(q).code for q in (quarters or DEFAULT_QUARTERS)]
    params = {"version": VERSION, "schools": schools, "quarters": quarters, "seed": seed}
    database = _sqlite_file(url)
    sidecar = database.with_suffix(".json") if database else None
    if database and sidecar:
        if not force and database.exists() and sidecar.exists():
            stored = json.loads(sidecar.read_text())
            if stored.get("params") == params:
                return stored | {"url": url, "reused": True}
        for path in (sidecar, database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            path.unlink(missing_ok=True)
        database.parent.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    engine = open_database(url)
    if not is_empty(engine):
        raise SystemExit(f"{url} already holds reports: give an empty database")
    units = city_units(schools, seed)
    upsert_units(
        engine,
        [
            {"unit_code": u["ma_don_vi"], "unit_name": u["ten_don_vi"], "level": u["level"], "ward": u["phuong"]}
            for u in units
        ],
    )
    counts = {"units": len(units), "submissions": 0, "tasks": 0}
    for code in quarters:
        period = period_from_code(code)
        set_deadline(engine, code, period.default_deadline)
        for unit in units:
            rng = random.Random(f"city:{seed}:{unit['ma_don_vi']}:{code}")
            if rng.random() < MISSING:
                continue
            report = city_report(unit, period, rng)
            content = rng.randbytes(rng.randint(9_000, 13_000))  # a workbook's size; not a workbook
            received = _received_at(report, period.default_deadline, rng)
            save_report(engine, report, content=content, received_at=received)
            counts["submissions"] += 1
            counts["tasks"] += len(report.tasks)
    engine.dispose()
    result = {"params": params, "counts": counts, "build_seconds": round(time.perf_counter() - start, 1)}
    if sidecar is not None:
        sidecar.write_text(json.dumps(result, indent=2))
    return result | {"url": url, "reused": False}


def check(url: str, repeat: int = 3) -> dict[str, Any]:
    """Row counts as `load_frames` sees them, and its best time (ms) for all quarters and for the last one."""
    engine = open_database(url)
    periods = periods_with_data(engine)

    def timed(chosen: list[str] | None) -> tuple[float, Any]:
        best, frames = float("inf"), None
        for _ in range(repeat):
            start = time.perf_counter()
            frames = load_frames(engine, chosen)
            best = min(best, time.perf_counter() - start)
        return best * 1000, frames

    all_ms, frames = timed(None)
    one_ms, _ = timed(periods[-1:])
    engine.dispose()
    counts = {name: len(getattr(frames, name)) for name in ("units", "quarters", "submissions", "tasks")}
    counts |= {name: len(getattr(frames, name)) for name in ("indicators", "satisfaction", "self_assessment")}
    return {"periods": periods, "counts": counts, "load_all_ms": all_ms, "load_one_ms": one_ms}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the SQLite file to build or reuse")
    parser.add_argument("--schools", type=int, default=3500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quarters", nargs="+", default=DEFAULT_QUARTERS, help="period codes, e.g. 2026-Q3")
    parser.add_argument("--force", action="store_true", help="rebuild even when the cache matches")
    args = parser.parse_args(argv)
    url = f"sqlite:///{args.out.resolve()}"
    built = build_city_database(url, args.schools, args.quarters, args.seed, force=args.force)
    how = "reused" if built["reused"] else "built"
    print(f"{how} {args.out} in {built['build_seconds']} s: {built['counts']}")
    checked = check(url)
    print(f"load_frames: {checked['counts']}")
    last = checked["periods"][-1]
    print(f"load_frames all quarters {checked['load_all_ms']:.0f} ms, {last} {checked['load_one_ms']:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def working_copy(built: Path, copy: Path) -> str:
    """A consistent copy of a built database (SQLite's backup API) that a benchmark stores reports into, the
    built one staying as built; answers its URL."""
    for path in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        path.unlink(missing_ok=True)
    copy.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(built), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return f"sqlite:///{copy.resolve()}"
