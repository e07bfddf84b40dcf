"""Data-quality benchmark: every flag of a quarter at city scale (3,500 schools, 8 quarters of history) in ≤ 2 s.

    python benchmarks/quality.py [--schools 3500] [--out bench-out] [--repeat 3]

Builds (or reuses) a city database of `benchmarks/citydb.py` for nine quarters (the last one and the
eight it is compared with) in `--out`, loads the tables the dashboard keeps in memory, then times
metrics.quality over them for the last quarter: the values screened, the outliers across schools and
against each school's history, copied reports and repeated surveys. Best of `--repeat`. Not part of
the tests: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.citydb import LAST_QUARTER, build_city_database  # noqa: E402
from core.catalogs import default_catalogs  # noqa: E402
from pipeline.quality import flags_of  # noqa: E402
from storage.frames import load_frames  # noqa: E402
from storage.open import open_database  # noqa: E402

QUARTERS = [LAST_QUARTER.shift(-n).code for n in range(8, -1, -1)]
TARGET_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
