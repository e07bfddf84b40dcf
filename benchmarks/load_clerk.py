"""School clerks storing their reports while the office reads the dashboard: the load benchmark's writer.

    python benchmarks/load_clerk.py DATABASE_URL --every 5 [--units 12] [--period 2026-Q3] [--once]

Real report workbooks (`demo.generator.report_workbook`, for the city's schools) go
through the app's own pipeline (`pipeline.ingest.ingest_bytes`: the loader's child
process, plan linking, the store with its audit line), each sent by the school's own
clerk account (`clerk_username`), one every `--every` seconds until its stdin closes. Each
stored report is a new data version: the server's next page runs read the tables again.
A separate process, as the upload page would be another session: the timing client
shares no interpreter with it. One JSON line per upload on stdout.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.citydb import LAST_QUARTER, city_units  # noqa: E402
from core.periods import period_from_code  # noqa: E402
from demo.generator import report_workbook, unit_style  # noqa: E402
from loaders.sandbox import shared_pool  # noqa: E402
from pipeline.ingest import ingest_bytes  # noqa: E402
from storage.accounts import get_user  # noqa: E402
from storage.open import open_database  # noqa: E402

CLERK_UNITS = 12  # the schools whose clerks upload, in turn


def clerk_username(unit_code: str) -> str:
    return f"van.thu.{unit_code.lower()}"


def clerk_units(schools: int, count: int = CLERK_UNITS, seed: int = 7) -> list[dict[str, str]]:
    """`count` schools of the city database (`benchmarks.citydb.city_units`), spread over its levels."""
    units = city_units(schools, seed)
    step = max(1, len(units) // count)
    return units[::step][:count]


def workbooks(units: list[dict[str, str]], period: str) -> list[tuple[dict[str, str], bytes]]:
    """One report workbook per school, drawn afresh (another seed than the database's)."""
    rng = random.Random(f"load-clerk:{period}")
    chosen = period_from_code(period)
    return [(unit, report_workbook(unit, chosen, rng, style=unit_style(unit))) for unit in units]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--schools", type=int, default=3500, help="the city database's size")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between two uploads")
    parser.add_argument("--units", type=int, default=CLERK_UNITS)
    parser.add_argument("--period", default=LAST_QUARTER.code)
    parser.add_argument("--once", action="store_true", help="store one report and stop")
    args = parser.parse_args(argv)

    engine = open_database(args.url)
    books = workbooks(clerk_units(args.schools, args.units), args.period)
    clerks = {unit["ma_don_vi"]: get_user(engine, clerk_username(unit["ma_don_vi"])) for unit, _ in books}
    # Stopped by closing stdin, not by a signal: the loader's children, forked from this process, would
    # inherit a SIGTERM handler and outlive it.
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print(json.dumps({"ready": len(books)}), flush=True)
    turn, next_at = 0, time.monotonic()
    while True:
        unit, content = books[turn % len(books)]
        start = time.perf_counter()
        result = ingest_bytes(engine, content, f"{args.period}_{unit['ma_don_vi']}.xlsx",
                              submitter=clerks[unit["ma_don_vi"]])  # fmt: skip
        line = {"unit": unit["ma_don_vi"], "seconds": round(time.perf_counter() - start, 3),
                "accepted": result.accepted}  # fmt: skip
        if not result.accepted:
            line["problems"] = [p.code for p in result.report.problems][:5]
        print(json.dumps(line), flush=True)
        turn += 1
        next_at += args.every
        if args.once or stop.wait(max(0.0, next_at - time.monotonic())):
            break
    shared_pool().close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
