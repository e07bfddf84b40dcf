"""Ingest benchmark: N realistic report workbooks end to end through `cli.py ingest`,
against plain `pandas.read_excel(engine="openpyxl")` over the same files.

    python benchmarks/ingest.py [N=1000] [--cli cli.py] [--chunk K] [--keep DIR]

Each measured command runs in a fresh wrapper process that times it and reads
its peak memory (getrusage of its only child), so one command's peak never
leaks into another's. Not part of the tests: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.periods import Period  # noqa: E402
from demo.generator import report_workbook, unit_style  # noqa: E402

RECEIVED_AT = "2026-09-25"  # within the last quarter generated: a report of a quarter not begun is refused
TARGET_RATE = 170.0  # workbooks per second, end to end
TARGET_RATIO = 0.15  # our time / pandas+openpyxl time
PERIODS = tuple(Period(2024, 4).shift(i) for i in range(8))  # 2024-Q4 … 2026-Q3
LEVELS = (("MN", "Trường Mầm non", "Mầm non"), ("TH", "Trường Tiểu học", "Tiểu học"), ("THCS", "Trường THCS", "THCS"))
NAMES = (
    "Hoa Sen", "Họa Mi", "Sơn Ca", "Kim Đồng", "Lê Lợi", "Nguyễn Trãi", "Chu Văn An", "Lê Quý Đôn",
    "Nguyễn Du", "Trần Hưng Đạo", "Võ Thị Sáu", "Lý Thường Kiệt", "Hướng Dương", "Ánh Dương", "Tuổi Thơ",
)  # fmt: skip

# Runs the command given after the output path, then writes its wall time and peak memory there.
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": seconds, "peak_kib": peak_kib, "returncode": code}, out)
sys.exit(code)
"""
PANDAS = """
import sys
from pathlib import Path
import pandas as pd
for path in sorted(Path(sys.argv[1]).iterdir()):
    pd.read_excel(path, sheet_name=None, engine="openpyxl")
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str


def bench_units(count: int) -> list[dict[str, str]]:
    """`count` fictional schools spread over the three levels and three areas."""
    units = []
    for i in range(count):
        prefix, title, level = LEVELS[i % 3]
        name = NAMES[(i // 3) % len(NAMES)]
        suffix = f" {i // (3 * len(NAMES)) + 1}" if i >= 3 * len(NAMES) else ""
        units.append(
            {
                "ma_don_vi": f"{prefix}{i // 3 + 1:03d}",
                "ten_don_vi": f"{title} {name}{suffix}",
                "cap_hoc": level,
                "phuong": f"Khu vực {i % 3 + 1}",
            }
        )
    return units


def _write_one(job: tuple[dict[str, str], Period, Path]) -> int:
    unit, period, folder = job
    rng = random.Random(f"bench:{unit['ma_don_vi']}:{period.code}")
    content = report_workbook(unit, period, rng, style=unit_style(unit))
    (folder / f"{period.code}_{unit['ma_don_vi']}.xlsx").write_bytes(content)
    return len(content)


def generate(n: int, folder: Path, registry_csv: Path) -> int:
    """N workbooks, one per (unit, quarter); the registry CSV of their units. Total bytes."""
    units = bench_units(math.ceil(n / len(PERIODS)))
    jobs = [(unit, period, folder) for unit in units for period in PERIODS][:n]
    folder.mkdir(parents=True, exist_ok=True)
    with registry_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=("ma_don_vi", "ten_don_vi", "cap_hoc", "phuong"))
        writer.writeheader()
        writer.writerows(units)
    with ProcessPoolExecutor() as pool:
        return sum(pool.map(_write_one, jobs, chunksize=16))


def measure(command: list[str], env: dict[str, str], scratch: Path) -> Measure:
    report = scratch / "measure.json"
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(report), *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr[-4000:])
    numbers = json.loads(report.read_text())
    return Measure(numbers["seconds"], numbers["peak_kib"] / 1024, numbers["returncode"], done.stdout)


def ingest(cli: Path, folder: Path, env: dict[str, str], scratch: Path, chunk: int) -> tuple[Measure, list[dict]]:
    """Our end-to-end ingest: the whole folder at once, or `chunk` files per process."""
    base = [sys.executable, str(cli), "ingest"]
    options = ["--json", "--received-at", RECEIVED_AT]
    if not chunk:
        result = measure([*base, str(folder), *options], env, scratch)
        return result, _answers(result)
    files = sorted(str(p) for p in folder.iterdir())
    parts = [measure([*base, *files[i : i + chunk], *options], env, scratch) for i in range(0, len(files), chunk)]
    total = Measure(
        sum(p.seconds for p in parts),
        max(p.peak_mb for p in parts),
        max(p.returncode for p in parts),
        "",
    )
    return total, [answer for part in parts for answer in _answers(part)]


def _answers(result: Measure) -> list[dict]:
    try:
        answers = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"cli.py ingest did not print a JSON array (exit {result.returncode}):\n{result.stdout[-2000:]}")
    return answers if isinstance(answers, list) else []


def report(n: int, size: int, ours: Measure, pandas: Measure) -> bool:
    ours_rate, pandas_rate = n / ours.seconds, n / pandas.seconds
    ratio = ours.seconds / pandas.seconds
    print(f"\n{n} workbooks, {size / 1024 / 1024:.1f} MB, received {RECEIVED_AT}")
    print(f"{'':24} {'workbooks/s':>12} {'seconds':>9} {'peak MB':>9}")
    print(f"{'cli.py ingest (ours)':24} {ours_rate:12.1f} {ours.seconds:9.2f} {ours.peak_mb:9.1f}")
    print(f"{'pandas + openpyxl':24} {pandas_rate:12.1f} {pandas.seconds:9.2f} {pandas.peak_mb:9.1f}")
    rate_ok, ratio_ok = ours_rate >= TARGET_RATE, ratio <= TARGET_RATIO
    print(f"end to end: {ours_rate:.1f} workbooks/s   target ≥ {TARGET_RATE:.0f}   {'ok' if rate_ok else 'MISSED'}")
    print(f"ours / pandas time: {ratio:.3f}   target ≤ {TARGET_RATIO}   {'ok' if ratio_ok else 'MISSED'}")
    return rate_ok and ratio_ok


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="number of workbooks (default 1000)")
    parser.add_argument("--cli", type=Path, default=ROOT / "cli.py", help="the CLI to measure")
    parser.add_argument("--chunk", type=int, default=0, help="files per ingest process (default: pass the folder)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, work: Path) -> int:
    folder, registry_csv = work / "workbooks", work / "units.csv"
    print(f"generating {args.n} workbooks in {folder} …", flush=True)
    size = generate(args.n, folder, registry_csv)
    database = work / "bench.sqlite3"
    database.unlink(missing_ok=True)
    env = os.environ | {"CCHC_DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    imported = measure([sys.executable, str(args.cli), "units", "import", str(registry_csv)], env, work)
    if imported.returncode != 0:
        sys.exit(f"cli.py units import failed (exit {imported.returncode})")
    print("ingesting with cli.py …", flush=True)
    ours, answers = ingest(args.cli, folder, env, work, args.chunk)
    accepted = sum(a.get("status") == "accepted" for a in answers)
    if accepted != args.n or ours.returncode != 0:
        rejected = [a for a in answers if a.get("status") != "accepted"][:5]
        sys.exit(f"only {accepted} of {args.n} accepted (exit {ours.returncode}); first rejected: {rejected}")
    print("reading with pandas + openpyxl …", flush=True)
    pandas = measure([sys.executable, "-c", PANDAS, str(folder)], env, work)
    if pandas.returncode != 0:
        sys.exit("the pandas baseline failed")
    met = report(args.n, size, ours, pandas)
    reader_child_cost(sorted(folder.iterdir())[:300])
    return 2 if args.strict and not met else 0


def reader_child_cost(paths: list[Path]) -> None:
    """What reading each workbook in a capped child process costs, against reading it in this process."""
    from loaders.read import load_report
    from loaders.sandbox import ReaderPool

    contents = [path.read_bytes() for path in paths]
    pool = ReaderPool(size=1)
    pool.read(contents[0], "warm.xlsx")  # the child's start is paid once per server, not per file
    timings = {}
    for label, read in (("in this process", load_report), ("in a reader child", pool.read)):
        started = time.perf_counter()
        for content in contents:
            read(content, "bench.xlsx")
        timings[label] = (time.perf_counter() - started) / len(contents) * 1000
    pool.close()
    inside, child = timings["in this process"], timings["in a reader child"]
    print(f"one workbook read in this process {inside:.2f} ms, in a reader child {child:.2f} ms", end="")
    print(f" (the child costs {child - inside:+.2f} ms per workbook)")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args, args.keep.resolve())
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
