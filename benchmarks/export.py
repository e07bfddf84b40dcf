"""Export benchmark: the city's Excel report for its latest quarter, against the ≤ 2 s target.

    python benchmarks/export.py [--schools 3500] [--out bench-out] [--repeat 3] [--strict]

Builds (or reuses) the database of `benchmarks/citydb.py` in `--out`, loads the frames
once (every quarter, as the app holds them), then times `export_workbook` for the
latest quarter compared with the one before: the figures (metrics.views) and the
writing of the seven sheets, best of `--repeat`. Not part of the tests: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.citydb import build_city_database  # noqa: E402
from core.catalogs import default_catalogs  # noqa: E402
from core.office import load_office  # noqa: E402
from exports.workbook import export_workbook  # noqa: E402
from metrics.frames import Frames  # noqa: E402
from storage.frames import load_frames  # noqa: E402
from storage.open import open_database  # noqa: E402
from storage.submissions import periods_with_data  # noqa: E402

TARGET_S = 2.0


def best_export(frames: Frames, period: str, compare: str | None, repeat: int) -> tuple[float, int]:
    """The fastest of `repeat` exports (seconds) and the workbook's size in bytes."""
    catalogs, office = default_catalogs(), load_office()
    best, size = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        content = export_workbook(frames, catalogs, period, office, compare=compare, signed_on=date(2026, 10, 20))
        best, size = min(best, time.perf_counter() - start), len(content)
    return best, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="where the database is kept")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 2 when the target is missed")
    args = parser.parse_args(argv)

    url = f"sqlite:///{(args.out / 'city.sqlite3').resolve()}"
    print(f"city database ({args.schools} schools) in {args.out} …", flush=True)
    built = build_city_database(url, args.schools)
    print(f"{'reused' if built['reused'] else 'built'}: {built['counts']}")
    engine = open_database(url)
    periods = periods_with_data(engine)
    start = time.perf_counter()
    frames = load_frames(engine, task_texts=False)
    load_s = time.perf_counter() - start
    engine.dispose()
    period, compare = periods[-1], (periods[-2] if len(periods) > 1 else None)
    seconds, size = best_export(frames, period, compare, args.repeat)
    met = seconds <= TARGET_S
    print(f"load_frames (all quarters, once): {load_s:.2f} s")
    print(
        f"export_workbook {period} vs {compare}, {len(frames.units)} units: {seconds:.2f} s (best of {args.repeat}),"
        f" {size / 1024:.0f} KiB   target ≤ {TARGET_S:.0f} s {'OK' if met else 'MISSED'}"
    )
    result = {"period": period, "compare": compare, "load_s": load_s, "export_s": seconds, "bytes": size}
    (args.out / "export.json").write_text(json.dumps(result, indent=2))
    return 2 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
