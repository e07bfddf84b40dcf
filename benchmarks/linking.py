"""Plan-linking benchmark: what linking a report to its unit's plan, and following it, adds to reading it (≤ 20 %).

    python benchmarks/linking.py [--repeat 3]

Loads the demo office (its plans and reports) into a temporary database, then times,
for the demo's 2026 workbooks, reading each one (loaders.read.load_report, in this
process) and linking its tasks to the plan (pipeline.linking.link_to_plan, the plans
read once as a batch reads them). Best of `--repeat`. Not part of the tests: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo.load import DEMO_DIR, load_demo  # noqa: E402
from loaders.read import load_report  # noqa: E402
from pipeline.ingest import Registry  # noqa: E402
from pipeline.linking import PlanBook, link_to_plan  # noqa: E402
from storage.open import open_database  # noqa: E402

TARGET = 0.20


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        load_demo(engine)
        registry = Registry.load(engine)
        files = sorted((DEMO_DIR / "workbooks").glob("2026*.xlsx"))
        contents = [(path.read_bytes(), path.name) for path in files]

        def read_all() -> list:
            return [load_report(c, n, registry=registry.names, active=registry.active) for c, n in contents]

        reports = read_all()
        read = best(args.repeat, read_all)

        def link_all() -> list:
            book = PlanBook(engine)  # as a batch: the year's plans read once, then each report linked
            return [link_to_plan(report, book) for report in reports]

        link = best(args.repeat, link_all)
        linked = sum(task.code is not None for report in link_all() for task in report.tasks)
        engine.dispose()
    tasks = sum(len(r.tasks) for r in reports)
    share = link / read
    print(f"{len(reports)} workbooks of 2026, {tasks} task rows, {linked} linked to a plan task")
    print(f"reading  {read / len(reports) * 1000:6.2f} ms per workbook")
    print(f"linking  {link / len(reports) * 1000:6.3f} ms per workbook (plans read once per batch)")
    print(f"linking / reading: {share:.1%}   target ≤ {TARGET:.0%}   {'ok' if share <= TARGET else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
