"""Year-summary benchmark: a city's figures for the year against a quarter's (≤ 2×), plans included.

    python benchmarks/year.py [--schools 3500] [--out bench-out] [--repeat 3]

Builds (or reuses) a city database of `benchmarks/citydb.py` for the four quarters of
2026 in `--out`, gives every school a plan for the year (the tasks its reports list,
a few recurring) and links the reports' tasks to it, as an office a year into using
the app would hold. Then, from the tables the dashboard keeps in memory (every
quarter, no task texts), times the summary of the last quarter and of the year: the
period summary (metrics.summary) with each school's plan completion, best of
`--repeat`. Also prints the same end to end as `cli.py summary` runs it (reading only
the period's quarters). Not part of the tests: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import bindparam, func, select, update  # noqa: E402

from benchmarks.citydb import build_city_database  # noqa: E402
from benchmarks.linking import best  # noqa: E402
from core.catalogs import default_catalogs  # noqa: E402
from core.text import fold_key  # noqa: E402
from loaders.plan_model import Plan, PlanTask  # noqa: E402
from metrics.summary import period_summary, with_plan_completion  # noqa: E402
from pipeline.plans import plan_completion_table  # noqa: E402
from storage.db import reading, writing  # noqa: E402
from storage.frames import load_frames  # noqa: E402
from storage.open import open_database  # noqa: E402
from storage.plans import save_plan  # noqa: E402
from storage.schema import plan_tasks, plans, submissions, tasks  # noqa: E402

YEAR = 2026
QUARTERS = [f"{YEAR}-Q{q}" for q in range(1, 5)]
TARGET = 2.0
RECURRING = 0.15  # share of plan tasks written `Thường xuyên`


def add_plans(engine, seed: int) -> int:
    """A plan per school from the distinct tasks of its reports; its reports' tasks then carry the plan's codes."""
    with reading(engine) as conn:
        if conn.execute(select(func.count()).select_from(plans)).scalar_one():
            return 0
        rows = conn.execute(
            select(submissions.c.unit_code, tasks.c.field, tasks.c.content, tasks.c.deadline)
            .join(submissions, submissions.c.id == tasks.c.submission_id)
            .where(submissions.c.is_current)
            .order_by(submissions.c.unit_code, submissions.c.period, tasks.c.row)
        ).all()
    by_unit: dict[str, dict[str, tuple]] = {}
    for unit, field, content, deadline in rows:
        by_unit.setdefault(unit, {}).setdefault(fold_key(content), (field, content, deadline))
    received = datetime(YEAR, 1, 15, 8, 0)
    for unit, found in by_unit.items():
        rng = random.Random(f"plan:{seed}:{unit}")
        listed = []
        for n, (field, content, deadline) in enumerate(found.values(), start=1):
            recurring = rng.random() < RECURRING
            day = deadline if not isinstance(deadline, str) else datetime.fromisoformat(deadline).date()
            written = "Thường xuyên" if recurring else day.strftime("%d/%m/%Y")
            listed.append(
                PlanTask(n + 1, None, field, content, None, written, None if recurring else day, recurring, None)
            )
        plan = Plan(f"{unit}-{YEAR}.xlsx", unit_code=unit, unit_name=unit, year=YEAR, tasks=listed)
        save_plan(engine, plan, content=unit.encode(), received_at=received, by="bench")
    _link(engine)
    return len(by_unit)


def _link(engine) -> None:
    """Each report task gets the code of its unit's plan task of the same content (as linking gives it)."""
    with reading(engine) as conn:
        codes = {
            (unit, fold_key(content)): code
            for unit, code, content in conn.execute(
                select(plans.c.unit_code, plan_tasks.c.code, plan_tasks.c.content).join(
                    plans, plans.c.id == plan_tasks.c.plan_id
                )
            )
        }
        rows = conn.execute(
            select(tasks.c.submission_id, tasks.c.row, submissions.c.unit_code, tasks.c.content).join(
                submissions, submissions.c.id == tasks.c.submission_id
            )
        ).all()
    changes = [{"s": s, "r": r, "c": codes[(u, fold_key(c))]} for s, r, u, c in rows if (u, fold_key(c)) in codes]
    with writing(engine) as conn:
        conn.execute(
            update(tasks)
            .where(tasks.c.submission_id == bindparam("s"), tasks.c.row == bindparam("r"))
            .values(code=bindparam("c")),
            changes,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    database = (args.out / f"city-{YEAR}-{args.schools}.sqlite3").resolve()
    url = f"sqlite:///{database}"
    built = build_city_database(url, args.schools, QUARTERS, args.seed)
    engine = open_database(url)
    started = time.perf_counter()
    planned = add_plans(engine, args.seed)
    how = "reused" if built["reused"] else f"built in {built['build_seconds']} s"
    print(f"city of {args.schools} schools × {len(QUARTERS)} quarters: {how}; {built['counts']}")
    if planned:
        print(f"plans for {planned} schools stored and linked in {time.perf_counter() - started:.1f} s")

    catalogs = default_catalogs()
    frames = load_frames(engine, task_texts=False)  # what the dashboard keeps in memory: every quarter

    def summary(period: str) -> dict:
        # Fresh tables each time: nothing a previous summary computed on them is reused.
        fresh = replace(frames, submissions=frames.submissions.copy())
        return with_plan_completion(
            period_summary(fresh, catalogs, period), plan_completion_table(engine, period, frames.tasks)
        )

    year = summary(str(YEAR))
    print(f"year {YEAR}: {year['submission']['expected']} quarterly reports due, {year['overall']['tasks']} distinct "
          f"tasks, plan completion {year['overall']['plan_completion']} %")  # fmt: skip
    quarter_s = best(args.repeat, lambda: summary(QUARTERS[-1]))
    spans = {
        code: best(args.repeat, lambda code=code: summary(code)) for code in (f"{YEAR}-H1", f"{YEAR}-9M", str(YEAR))
    }
    for code, seconds in spans.items():
        times = f"{seconds * 1000:.0f} ms = {seconds / quarter_s:.2f} × {QUARTERS[-1]}'s {quarter_s * 1000:.0f} ms"
        print(f"summary {code}: {times}")
    ratio = spans[str(YEAR)] / quarter_s
    print(f"year / quarter: {ratio:.2f} (goal ≤ {TARGET:.1f}): {'MET' if ratio <= TARGET else 'MISSED'}")

    def end_to_end(period: str) -> None:
        loaded = load_frames(engine, [period], task_texts=False)
        with_plan_completion(
            period_summary(loaded, catalogs, period), plan_completion_table(engine, period, loaded.tasks)
        )

    q_cli, y_cli = best(1, lambda: end_to_end(QUARTERS[-1])), best(1, lambda: end_to_end(str(YEAR)))
    print(f"as cli.py summary (reading the period's quarters): quarter {q_cli:.2f} s, year {y_cli:.2f} s")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
