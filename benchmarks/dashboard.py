"""Dashboard benchmark: every page of the Streamlit app against a city-scale database.

    python benchmarks/dashboard.py [--schools 3500] [--out bench-out] [--app app.py] [--strict]

Builds (or reuses) the database of `benchmarks/citydb.py` in `--out`, prints what
`load_frames` costs on it (the floor of a cold page), then times each page with
Streamlit's AppTest in a fresh Python process of its own, on a working copy of that
database: cold is the first run (caches empty, the app's modules not yet imported,
the tables' snapshot on disk, as after a server restart), warm the second run of the
same page in that process (caches filled). Then one school's report of the latest
quarter is replaced through the upload's pipeline (`pipeline.ingest.store`, then the
version forgotten as pages/upload.py does) and the page's next run is timed at once. With the
server's refresh ahead (pages/ui/warm.py, on unless CCHC_REFRESH_AHEAD=0) another school's report is
stored, the time until the refresh has computed again what the page asked is taken, and the page's run
after it: the first view after a store as a person sees it, whose goal is at most 1.5× warm (a view
arriving during the refresh waits for the rest of it, as `at once` shows). Then a report of the quarter before is
replaced and the next run timed: a page of the latest quarter recomputes nothing of that quarter's
(only the trend's row of the quarter before). A last process visits every page in turn and gives the
peak memory of a server that has served them all. The load average is printed before and after: the
figures are only as quiet as the machine.
Pages are the `pages/*.py` not starting with "_", or app.py itself while there are none.
Not part of the tests: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.citydb import build_city_database, check, working_copy  # noqa: E402

OVERVIEW_WARM_MS, OVERVIEW_COLD_MS = 150, 2000
PAGE_WARM_MS = 500
PEAK_MB = 500
AFTER_STORE = 1.5  # the first view after a report is stored, at most this many times a warm view

# Runs each page given (paths relative to the app) twice in this one process, then (with a store
# spec) once more after storing a report; prints JSON.
CHILD = """
import json, sys, time
from pathlib import Path
from streamlit.testing.v1 import AppTest

app, spec, pages = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
at = AppTest.from_file(app, default_timeout=120)
try:  # the app asks for a login: the pages are timed as the office's administrator sees them
    import os
    from storage.accounts import ADMIN, add_user, get_user
    from storage.open import open_database
    from streamlit.runtime.pages_manager import PagesManager

    engine = open_database(os.environ["CCHC_DATABASE_URL"])
    if get_user(engine, "bench-admin") is None:
        add_user(engine, "bench-admin", "bench-password", ADMIN)
    at.session_state["auth-user"] = get_user(engine, "bench-admin")
    original = PagesManager.__init__

    def served(self, *args, **kwargs):  # as a running server, past its first request (see tests/conftest.py)
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = served
except ImportError:  # an app without accounts
    pass

def ran():  # the script of the page the last run showed (private AppTest state; None if unknown)
    info = getattr(at, "_registered_pages", {}).get(getattr(at, "_finished_page_script_hash", ""), {})
    return info.get("script_path")

class PageError(Exception):
    pass

def timed():
    start = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - start) * 1000
    if at.exception:
        shown = at.exception[0]
        where = shown.stack_trace[-1].strip().splitlines()[0] if shown.stack_trace else ""
        raise PageError(f"{shown.proto.type}: {shown.message} ({where})")
    return ms

def stored_one(number, code=None):  # one school's report of a quarter (the latest) replaced as an upload does
    import random
    from benchmarks.citydb import city_report, city_units
    from core.periods import period_from_code
    from pipeline.ingest import store
    from pages.ui import cache

    units = city_units(spec["schools"], spec["seed"])
    unit = units[(spec["unit"] + 977 * number) % len(units)]
    period = period_from_code(code or spec["period"])
    report = city_report(unit, period, random.Random(f"bench-store:{number}" + (f":{code}" if code else "")))
    moment = datetime.combine(period.default_deadline, datetime.min.time().replace(hour=10))
    start = time.perf_counter()
    done = store(engine, report, random.randbytes(11_000), moment, by="bench-admin")
    cache.forget_version()  # as pages/upload.py does once the files are stored
    if not done.accepted:
        raise PageError(f"the report was not stored: {done.report.problems}")
    return (time.perf_counter() - start) * 1000

from datetime import datetime
results = []
for number, page in enumerate(pages):
    result = {"page": page, "cold_ms": None, "warm_ms": None, "after_entry": False, "error": None,
              "store_ms": None, "after_store_ms": None, "refresh": None, "after_other_ms": None,
              "ready_ms": None, "after_ready_ms": None}
    try:
        target = (Path(app).parent / page).resolve() if page else None
        if target:
            at.switch_page(page)  # before the first run AppTest can only guess the page by its file name
        result["cold_ms"] = timed()
        if target and ran() and Path(ran()).resolve() != target:
            at.switch_page(page)  # now found through st.navigation's registry
            result["after_entry"] = True  # the entry page ran first and filled the caches it shares
            result["cold_ms"] = timed()
        result["warm_ms"] = timed()
        if target and ran() and Path(ran()).resolve() != target:
            raise PageError(f"showed {ran()} instead")
        if spec.get("store"):
            from pages.ui import cache
            live = cache.live_frames(os.environ["CCHC_DATABASE_URL"])
            before = dict(live.refreshes)
            result["store_ms"] = stored_one(number)
            result["after_store_ms"] = timed()
            result["refresh"] = {k: n - before.get(k, 0) for k, n in live.refreshes.items() if n > before.get(k, 0)}
            from core.settings import refresh_ahead
            if refresh_ahead():  # another school's report; the page once the server's refresh ahead has run
                warmer = cache.warmer(os.environ["CCHC_DATABASE_URL"])
                result["store2_ms"] = stored_one(number + 100)
                start = time.perf_counter()
                if not warmer.wait_idle(120):
                    raise PageError("the refresh ahead did not finish in 120 s")
                result["ready_ms"] = result["store2_ms"] + (time.perf_counter() - start) * 1000
                result["after_ready_ms"] = timed()
            if spec.get("other"):  # a report of the quarter before: the page's own quarter is kept
                stored_one(number, spec["other"])
                result["after_other_ms"] = timed()
    except PageError as error:
        result["error"] = str(error)
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
    results.append(result)
try:  # the next process starts from the tables as they are now, as a restarted server would
    from pages.ui import cache
    cache.live_frames(os.environ["CCHC_DATABASE_URL"]).flush()
except Exception:
    pass
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the (large) parent process.
peak_mb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
print(json.dumps({"pages": results, "peak_mb": peak_mb}))
"""


def discover(app: Path) -> list[str]:
    """The pages to time, relative to the app's folder, overview first; [""] (app.py alone) if none."""
    folder = app.parent / "pages"
    found = sorted(folder.glob("*.py"), key=lambda p: (p.stem != "overview", p.name)) if folder.is_dir() else []
    # login.py is no page of the menu: app.py shows it to whoever is not logged in.
    return [f"pages/{p.name}" for p in found if not p.name.startswith("_") and p.name != "login.py"] or [""]


def run_pages(app: Path, pages: list[str], env: dict[str, str], spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """One fresh process running `pages` in turn (and storing a report after each, with a store `spec`):
    its per-page results and its peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(app), json.dumps(spec or {}), *pages],
        env=env,
        cwd=app.parent,
        capture_output=True,
        text=True,
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        error = f"process exited {done.returncode}: {done.stderr.strip()[-300:]}"
        return {"pages": [{"page": p, "error": error} for p in pages], "peak_mb": None}


def verdicts(name: str, result: dict[str, Any], peak_mb: float) -> list[tuple[str, bool]]:
    """(target text, met) for one page."""
    checks = [(f"warm ≤ {PAGE_WARM_MS}", result["warm_ms"] <= PAGE_WARM_MS), (f"peak ≤ {PEAK_MB}", peak_mb <= PEAK_MB)]
    if result.get("after_store_ms") is not None:
        checks.insert(0, (f"after store ≤ {AFTER_STORE}× warm", _ratio(result) <= AFTER_STORE))
    if name in ("overview", "app.py"):
        checks.insert(0, (f"warm ≤ {OVERVIEW_WARM_MS}", result["warm_ms"] <= OVERVIEW_WARM_MS))
        checks.insert(0, (f"cold ≤ {OVERVIEW_COLD_MS}", result["cold_ms"] <= OVERVIEW_COLD_MS))
    return checks


def _ratio(result: dict[str, Any]) -> float:
    """The first view after a store against a warm view: once the server's refresh ahead has run when it runs
    (a view that arrives during it waits for the rest, as `at once` shows), else at once."""
    after = result.get("after_ready_ms") or result["after_store_ms"]
    return after / result["warm_ms"]


def table(measured: list[tuple[dict[str, Any], float | None]]) -> tuple[bool, bool]:
    """Print page → cold, warm, after a store, peak and the targets; answer (all pages ran, all targets met)."""
    print(f"\n{'page':<16} {'cold ms':>9} {'warm ms':>9} {'stored ms':>9} {'at once':>9} {'ready ms':>9}"
          f" {'after ms':>9} {'×warm':>6} {'other ms':>9}"
          f" {'peak MB':>8}   targets")  # fmt: skip
    ran_all = met_all = True
    for result, peak_mb in measured:
        name = Path(result["page"]).stem if result["page"] else "app.py"
        if result.get("error") or peak_mb is None:
            print(f"{name:<16} FAILED: {result.get('error')}")
            ran_all = False
            continue
        checks = verdicts(name, result, peak_mb)
        met_all &= all(ok for _, ok in checks)
        text = " · ".join(f"{label} {'ok' if ok else 'MISSED'}" for label, ok in checks)
        cold = f"{result['cold_ms']:.0f}" + ("*" if result["after_entry"] else "")
        stored, at_once, ready, after, ratio, other = "–", "–", "–", "–", "–", "–"
        if result.get("after_store_ms") is not None:
            stored, at_once = f"{result['store_ms']:.0f}", f"{result['after_store_ms']:.0f}"
            after, ratio = at_once, f"{_ratio(result):.1f}"
        if result.get("after_ready_ms") is not None:
            ready, after = f"{result['ready_ms']:.0f}", f"{result['after_ready_ms']:.0f}"
        if result.get("after_other_ms") is not None:
            other = f"{result['after_other_ms']:.0f}"
        print(f"{name:<16} {cold:>9} {result['warm_ms']:>9.0f} {stored:>9} {at_once:>9} {ready:>9} {after:>9}"
              f" {ratio:>6} {other:>9}"
              f" {peak_mb:>8.0f}   {text}")  # fmt: skip
    if any(result.get("after_entry") for result, _ in measured):
        print("* the page could not be opened first: its cold run followed the entry page's")
    print("cold: a fresh process with the tables' snapshot on disk; stored: one report replaced through the upload's")
    print("pipeline in that process; at once: the page's next run, started as the store returned (the tables patched")
    print("for it, the views recomputed, sharing the work with the server's refresh ahead when it runs); ready: ms")
    print("from another store until the refresh ahead had computed again what the page asked; after: the page's run")
    print("then (at once without refresh ahead), ×warm its ratio; other: its run at once after a report of the")
    print("quarter before was stored (its own quarter's views kept)")
    return ran_all, met_all


def cold_behind(app: Path, page: str, env: dict[str, str], spec: dict[str, Any]) -> float | None:
    """The page's cold run after a report was stored that the snapshot on disk does not hold yet (a server
    restarted before writing it): ms, None if it failed."""
    import random
    from datetime import datetime

    from benchmarks.citydb import city_report, city_units
    from core.periods import period_from_code
    from pipeline.ingest import store
    from storage.open import open_database

    engine = open_database(env["CCHC_DATABASE_URL"])
    unit = city_units(spec["schools"], spec["seed"])[spec["unit"] + 1]
    period = period_from_code(spec["period"])
    moment = datetime.combine(period.default_deadline, datetime.min.time().replace(hour=11))
    store(engine, city_report(unit, period, random.Random("bench-behind")), random.randbytes(11_000), moment)
    engine.dispose()
    result = run_pages(app, [page], env)["pages"][0]
    return None if result.get("error") else result["cold_ms"]


def _load() -> str:
    """The 1, 5 and 15 minutes' load averages."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="where the database is kept")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py", help="the Streamlit entry script")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    parser.add_argument("--pages", nargs="+", metavar="NAME", help="time only these pages (e.g. overview school)")
    args = parser.parse_args(argv)

    url = f"sqlite:///{(args.out / 'city.sqlite3').resolve()}"
    print(f"city database ({args.schools} schools) in {args.out} …", flush=True)
    built = build_city_database(url, schools=args.schools)
    how = "reused (built" if built["reused"] else "built (in"
    print(f"{how} {built['build_seconds']} s): {built['counts']}")
    floor = check(url)
    print(f"load_frames sees {floor['counts']}")
    print(
        f"load_frames, best of 3: all {len(floor['periods'])} quarters {floor['load_all_ms']:.0f} ms, "
        f"{floor['periods'][-1]} alone {floor['load_one_ms']:.0f} ms"
    )

    print(f"load average {_load()} (the machine's other work slows every figure)")
    app = args.app.resolve()
    data_dir = (args.out / "data").resolve()
    work = working_copy((args.out / "city.sqlite3").resolve(), (args.out / "city-work.sqlite3").resolve())
    env = os.environ | {"CCHC_DATABASE_URL": work, "CCHC_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    spec = {
        "store": True,
        "schools": args.schools,
        "seed": 7,
        "period": floor["periods"][-1],
        "unit": 11,
        "other": floor["periods"][-2] if len(floor["periods"]) > 1 else None,
    }
    pages = [p for p in discover(app) if not args.pages or Path(p).stem in args.pages]
    # The app keeps a snapshot of the tables on disk (storage/snapshot.py): without it, a cold page
    # reads everything from the database, as the first view after a report is stored does.
    shutil.rmtree(data_dir / "cache", ignore_errors=True)
    first = run_pages(app, pages[:1], env)
    first_page = first["pages"][0]
    if first_page.get("error"):
        print(f"first load FAILED: {first_page['error']}")
    else:
        print(
            f"{Path(first_page['page']).stem}, database read (no snapshot yet): cold {first_page['cold_ms']:.0f} ms,"
            f" warm {first_page['warm_ms']:.0f} ms, peak {first['peak_mb']:.0f} MB"
        )
    print("then with the snapshot, as after a server restart:")
    print(f"timing {len(pages)} page(s) of {app.name}, one fresh process each …", flush=True)
    measured = []
    for page in pages:
        answer = run_pages(app, [page], env, spec)
        measured.append((answer["pages"][0], answer["peak_mb"]))
    ran_all, met_all = table(measured)
    if len(pages) > 1:
        together = run_pages(app, pages, env)
        failed = [r["page"] for r in together["pages"] if r.get("error")]
        peak = together["peak_mb"]
        verdict = "FAILED on " + ", ".join(failed) if failed or peak is None else f"{peak:.0f} MB"
        print(f"every page in one process, peak: {verdict}   target ≤ {PEAK_MB} MB")
        met_all &= peak is not None and peak <= PEAK_MB
    if pages[0].endswith("overview.py"):
        behind = cold_behind(app, pages[0], env, spec)
        if behind:
            print(f"overview, cold with a snapshot one report behind (brought up to date at start): {behind:.0f} ms")
    print(f"load average {_load()}")
    (args.out / "dashboard.json").write_text(json.dumps({"floor": floor, "pages": measured}, indent=2))
    if not ran_all:
        return 1
    return 2 if args.strict and not met_all else 0


if __name__ == "__main__":
    sys.exit(main())
