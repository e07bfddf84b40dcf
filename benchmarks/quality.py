"""Data-quality benchmark: every flag of a quarter at city scale (3,500 schools, 8 quarters of history) in ≤ 2 s,
and the overview's flags after a stored report in ≤ 150 ms.

    python benchmarks/quality.py [--schools 3500] [--out bench-out] [--repeat 3] [--stores 5]

First, builds (or reuses) a city database of `benchmarks/citydb.py` for nine quarters (the last one and
the eight it is compared with) in `--out`, loads the tables the dashboard keeps in memory, then times
metrics.quality over them for the last quarter: the values screened, the outliers across schools and
against each school's history, copied reports and repeated surveys. Best of `--repeat`.

Then, on the year's city with every school's plan (`benchmarks/year.py`'s database, built if missing),
what the overview asks after each stored report: `pipeline.quality.quarter_quality` (the flags with the
plan follow-up's went-back and missing, and their follow-up) cold in a fresh process state, then after
each of `--stores` reports replaced as an upload does (linked to the school's plan, stored, the server's
tables patched by storage.changes), with the continuity list the plan pages show. Stores go into a copy of
that database (the built one stays as built); the last flags are checked against a full computation. Wall
and CPU time: the machine may be shared. Not part of the tests: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from benchmarks.citydb import (  # noqa: E402
    LAST_QUARTER,
    build_city_database,
    city_report,
    city_units,
    working_copy,
)
from core.catalogs import default_catalogs  # noqa: E402
from core.periods import period_from_code  # noqa: E402
from pipeline.quality import flags_of  # noqa: E402
from storage.frames import load_frames  # noqa: E402
from storage.open import open_database  # noqa: E402

QUARTERS = [LAST_QUARTER.shift(-n).code for n in range(8, -1, -1)]
TARGET_SECONDS = 2.0
AFTER_STORE_SECONDS = 0.150  # the overview's flags after one stored report (an unloaded machine)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stores", type=int, default=5, help="reports stored one by one after the cold run")
    args = parser.parse_args()
    metrics_only(args)
    after_stores(args)
    return 0  # figures, not a gate: the machine may be shared


def metrics_only(args: argparse.Namespace) -> bool:
    """metrics.quality over the tables in memory, nine quarters of a city."""
    database = (args.out / f"city-quality-{args.schools}.sqlite3").resolve()
    url = f"sqlite:///{database}"
    built = build_city_database(url, args.schools, QUARTERS)
    how = "reused" if built["reused"] else f"built in {built['build_seconds']} s"
    print(f"city of {args.schools} schools × {len(QUARTERS)} quarters: {how}; {built['counts']}")
    engine = open_database(url)
    frames = load_frames(engine, task_texts=False)
    catalogs, period = default_catalogs(), QUARTERS[-1]
    times, flags = [], None
    for _ in range(args.repeat):
        started = time.perf_counter()
        flags = flags_of(frames, catalogs, period)
        times.append(time.perf_counter() - started)
    best = min(times)
    counts = flags.groupby("kind").size().to_dict() if flags is not None else {}
    print(f"flags of {period}: {len(flags)} ({counts})")
    print(f"computed in {best:.2f} s (goal ≤ {TARGET_SECONDS:.1f} s): {'MET' if best <= TARGET_SECONDS else 'MISSED'}")
    engine.dispose()
    return best <= TARGET_SECONDS


def after_stores(args: argparse.Namespace) -> bool:
    """The overview's flags (and the continuity list) cold, then after each stored report."""
    from benchmarks.year import QUARTERS as YEAR_QUARTERS
    from benchmarks.year import YEAR, add_plans
    from pipeline.ingest import store
    from pipeline.linking import PlanBook, link_to_plan
    from pipeline.plans import continuity_list
    from pipeline.quality import live_quality, quarter_quality
    from storage.changes import refresh

    built_path = (args.out / f"city-{YEAR}-{args.schools}.sqlite3").resolve()
    build_city_database(f"sqlite:///{built_path}", args.schools, YEAR_QUARTERS, 7)
    built = open_database(f"sqlite:///{built_path}")
    add_plans(built, 7)  # nothing when the plans are there already
    built.dispose()
    url = working_copy(built_path, args.out / f"city-{YEAR}-{args.schools}-quality-work.sqlite3")
    engine, period = open_database(url), YEAR_QUARTERS[-1]
    loaded, _ = refresh(engine, None)
    cold, cold_cpu, flags = _timed(lambda: quarter_quality(engine, period, frames=loaded.frames))
    listed, listed_cpu, notes = _timed(lambda: continuity_list(engine, period))
    print(f"\nyear {YEAR}, {args.schools} schools with plans: flags of {period} with their follow-up, cold "
          f"{cold * 1000:.0f} ms (cpu {cold_cpu * 1000:.0f}), {len(flags)} flags; continuity list {len(notes)} "
          f"lines {listed * 1000:.0f} ms (cpu {listed_cpu * 1000:.0f})")  # fmt: skip
    units, book, quarter = city_units(args.schools, 7), PlanBook(engine), period_from_code(period)
    walls, cpus, lists = [], [], []
    for number in range(args.stores):
        unit = units[(11 + 977 * number) % len(units)]
        report = link_to_plan(city_report(unit, quarter, random.Random(f"bench-quality:{number}")), book)
        moment = datetime.combine(quarter.default_deadline, datetime.min.time().replace(hour=10))
        if not store(engine, report, random.randbytes(11_000), moment, by="bench-admin").accepted:
            raise RuntimeError(f"the report of {unit['ma_don_vi']} was not stored")
        loaded, how = refresh(engine, loaded)
        frames = loaded.frames
        wall, cpu, flags = _timed(lambda frames=frames: quarter_quality(engine, period, frames=frames))
        walls.append(wall)
        cpus.append(cpu)
        lists.append(_timed(lambda: continuity_list(engine, period))[0])
        print(f"  store {number + 1} ({unit['ma_don_vi']}, tables {how}): flags {wall * 1000:.0f} ms "
              f"(cpu {cpu * 1000:.0f}), schools computed again {live_quality(engine).recomputed}; "
              f"continuity list {lists[-1] * 1000:.0f} ms")  # fmt: skip
    full = quarter_quality(open_database(url), period, frames=load_frames(engine, task_texts=False))
    pd.testing.assert_frame_equal(flags, full)  # a fresh engine: nothing kept, everything computed
    engine.dispose()
    typical = statistics.median(cpus) if cpus else 0.0
    met = typical <= AFTER_STORE_SECONDS
    print(f"after a store: median {statistics.median(walls) * 1000:.0f} ms wall, {typical * 1000:.0f} ms cpu "
          f"(goal ≤ {AFTER_STORE_SECONDS * 1000:.0f} ms): {'MET' if met else 'MISSED'}; the same flags as a full "
          f"computation")  # fmt: skip
    return met


def _timed(run):
    started, cpu = time.perf_counter(), time.process_time()
    found = run()
    return time.perf_counter() - started, time.process_time() - cpu, found


if __name__ == "__main__":
    sys.exit(main())
