"""Load benchmark: many people on the running app at once, a reporting morning at city scale.

    python benchmarks/load.py [--sessions 10 50 100] [--schools 3500] [--out bench-out] [--quick]
                              [--upload-every SECONDS] [--processes K] [--strict]

For each N: a fresh copy of the city database (`benchmarks/citydb.py`, with one account
per person and the clerks'), K processes of `streamlit run server.py` (--processes, 2 by
default: the 2-core server's deployment, deploy/nginx.conf) on free local ports over that
one database, data folder and session key, each warmed by one person visiting every page;
person i keeps to process i mod K, as nginx's ip_hash keeps each address to one.
Then N people arrive spread over a minute; each opens the
app, logs in (landing on the overview) and opens two more pages of the menu, 5–10 s
apart, through Streamlit's own websocket protocol (`benchmarks/load_client.py`), while a
school clerk's report is stored every few seconds through the app's pipeline
(`benchmarks/load_clerk.py`). A page time runs from the click's message to its run's
`script_finished`. Memory is the server processes' RSS (/proc), summed: warm, peak, with every
tab still open, and after the tabs close; after the last N, again once the
disconnected sessions' TTL has passed; Streamlit's /_stcore/metrics says which cached
functions hold it and spent the time. Each click's price in the server's own CPU
seconds, one person alone on the warm server, shows what a crowd asks of it (CPU
seconds of the server process: other work on the machine does not count in them).
Last, a burst: 20 logged-in tabs click at the same moment, with warm caches and just
after a report is stored. The machine may be shared: others' CPU during each run is
printed beside the figures.
Not part of the tests: `make bench` runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
import tomllib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from websockets.exceptions import WebSocketException

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.citydb import build_city_database, working_copy  # noqa: E402
from benchmarks.load_clerk import clerk_units, clerk_username  # noqa: E402
from benchmarks.load_client import ProtocolError, Run, Tab  # noqa: E402
from i18n import translate  # noqa: E402
from pages.ui.menu import PAGES as MENU  # noqa: E402
from storage import sessions  # noqa: E402
from storage.accounts import ADMIN, CLERK, VIEWER, add_user, get_user  # noqa: E402
from storage.open import open_database  # noqa: E402

GOAL_P95, GOAL_SESSIONS = 2.0, 100  # seconds, people: the office's target on a 2-core server
PASSWORD = "mat-khau-do-tai-2026"
ADMIN_EVERY = 10  # one person in ten is an administrator (with the admin pages in their menu)
# The office's pages besides the overview (their url paths): each person opens two of them.
PAGES = ("reporting", "tasks", "indicators", "satisfaction", "par_scores", "school", "quality", "export",
         "plan", "history")  # fmt: skip
ADMIN_PAGES = ("admin_approval", "admin_audit")
TITLES = {Path(row.file).stem: translate(f"nav.{row.name}") for row in MENU}
HOME_TITLE = TITLES["overview"]  # the office's home page, the "" of the menu
CLERK_UNITS = 12


@dataclass(frozen=True)
class Shape:
    """How the people come: over how many seconds, how long between their pages, how often a report is stored."""

    arrival: float
    gap: tuple[float, float]
    upload_every: float
    burst: int


FULL = Shape(arrival=60.0, gap=(5.0, 10.0), upload_every=5.0, burst=20)
QUICK = Shape(arrival=10.0, gap=(1.0, 2.0), upload_every=3.0, burst=5)


# ---------------------------------------------------------------- the database and its accounts


def username(person: int) -> str:
    return f"quan.tri.{person:03d}" if person % ADMIN_EVERY == 0 else f"lanh.dao.{person:03d}"


def ensure_accounts(url: str, people: int, schools: int) -> float:
    """One account per person (0…people-1) and one per uploading clerk; answer the seconds it took.

    Real argon2 hashes: a login checks the password at the cost a real one has.
    """
    engine = open_database(url)
    wanted = [(username(i), ADMIN if i % ADMIN_EVERY == 0 else VIEWER, None) for i in range(people)]
    wanted += [(clerk_username(u["ma_don_vi"]), CLERK, u["ma_don_vi"]) for u in clerk_units(schools, CLERK_UNITS)]
    missing = [w for w in wanted if get_user(engine, w[0]) is None]
    start = time.perf_counter()

    def add(account: tuple[str, str, str | None]) -> None:
        name, role, unit = account
        add_user(engine, name, PASSWORD, role, unit_code=unit, display_name=name.replace(".", " ").title())

    with ThreadPoolExecutor(2) as pool:  # argon2 leaves the GIL: two at a time on two cores
        list(pool.map(add, missing))
    engine.dispose()
    return time.perf_counter() - start


# ---------------------------------------------------------------- the server and /proc


def _proc_status(pid: int, key: str) -> float:
    """A /proc/PID/status figure in MB (VmRSS, VmHWM); 0 once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith(key + ":")) / 1024
    except (OSError, StopIteration):
        return 0.0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and of its children still running (the loader's readers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                pids += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (every process, every core)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


_METRIC = re.compile(r"^(\w+)\{(.*)\} ([-+0-9.eE]+|NaN)$")
_LABEL = re.compile(r'(\w+)="([^"]*)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run server.py` on a free local port over one database; stopped on exit."""

    def __init__(self, url: str, data_dir: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.url, self.data_dir, self.log, self.env = url, data_dir, log, env or {}
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def ws_for(self, person: int) -> str:
        return self.ws

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        env = os.environ | self.env | {"CCHC_DATABASE_URL": self.url, "CCHC_DATA_DIR": str(self.data_dir),
                                       "PYTHONPATH": str(ROOT)}  # fmt: skip
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(self.port),
                 "--server.address", "127.0.0.1", "--server.headless", "true",
                 # sizes in /_stcore/metrics walk the cached values: only when asked, after the timing
                 "--server.enableExpensiveMemoryStats", "true"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: see {self.log}")
            try:
                if urllib.request.urlopen(f"{self.http}/_stcore/health", timeout=2).read() == b"ok":
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"the server did not answer within 120 s: see {self.log}")

    def __exit__(self, *_: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def rss(self) -> float:
        return _proc_status(self.pid, "VmRSS")

    def peak(self) -> float:
        return _proc_status(self.pid, "VmHWM")

    def reset_peak(self) -> bool:
        """Start VmHWM afresh from the RSS now (Linux: "5" to clear_refs); False where not allowed."""
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return True

    def cpu(self) -> float:
        return _cpu_seconds(self.pid)

    def caches(self) -> dict[str, dict[str, float]]:
        """What Streamlit's /_stcore/metrics tells of each cached function (and of session state):
        MB held, seconds spent computing, misses."""
        text = urllib.request.urlopen(f"{self.http}/_stcore/metrics", timeout=300).read().decode()
        found: dict[str, dict[str, float]] = {"mb": {}, "compute_s": {}, "misses": {}}
        for line in text.splitlines():
            parsed = _METRIC.match(line)
            if not parsed:
                continue
            name, labels, value = parsed[1], dict(_LABEL.findall(parsed[2])), float(parsed[3])
            function = labels.get("cache") or labels.get("cache_type", "?")
            if name == "cache_memory_bytes":
                key = "session state" if labels.get("cache_type") == "st_session_state" else function
                found["mb"][key] = found["mb"].get(key, 0.0) + value / 2**20
            elif name == "cache_compute_duration_seconds_sum":
                found["compute_s"][function] = found["compute_s"].get(function, 0.0) + value
            elif name == "cache_lookups_total" and labels.get("result") == "miss":
                found["misses"][function] = found["misses"].get(function, 0.0) + value
        return found


class Servers:
    """K app processes on K ports over one database, one data folder and one session key, as deployed.

    deploy/nginx.conf sends a client address always to the same process (ip_hash): different
    people spread over the processes, one person's tab stays on one. Here person i goes to
    process i mod K. Memory and CPU figures are the processes' sums; the caches' too.
    """

    def __init__(self, url: str, data_dir: Path, log: Path, processes: int) -> None:
        key = {sessions.KEY_ENV: os.environ.get(sessions.KEY_ENV) or secrets.token_urlsafe(48)}
        logs = [log] if processes == 1 else [log.with_name(f"{log.stem}-{k}{log.suffix}") for k in range(processes)]
        self.servers = [Server(url, data_dir, path, key) for path in logs]

    def __enter__(self) -> Servers:
        with ThreadPoolExecutor(len(self.servers)) as pool:  # they start side by side
            started = list(pool.map(_start, self.servers))
        if not all(started):
            self.__exit__()
            raise RuntimeError(f"an app process did not start: see {[str(s.log) for s in self.servers]}")
        return self

    def __exit__(self, *_: object) -> None:
        for server in self.servers:
            server.__exit__()

    @property
    def ports(self) -> list[int]:
        return [s.port for s in self.servers]

    @property
    def ws(self) -> str:
        return self.servers[0].ws

    def ws_for(self, person: int) -> str:
        return self.servers[person % len(self.servers)].ws

    def rss(self) -> float:
        return sum(s.rss() for s in self.servers)

    def peak(self) -> float:
        """The sum of each process's own peak (they need not peak at the same moment: an upper bound)."""
        return sum(s.peak() for s in self.servers)

    def reset_peak(self) -> bool:
        return all([s.reset_peak() for s in self.servers])

    def cpu(self) -> float:
        return sum(s.cpu() for s in self.servers)

    def caches(self) -> dict[str, dict[str, float]]:
        found: dict[str, dict[str, float]] = {"mb": {}, "compute_s": {}, "misses": {}}
        for server in self.servers:
            for kind, values in server.caches().items():
                for name, value in values.items():
                    found[kind][name] = found[kind].get(name, 0.0) + value
        return found


def _start(server: Server) -> bool:
    try:
        server.__enter__()
    except RuntimeError:
        return False
    return True


# ---------------------------------------------------------------- people


@dataclass
class Outcome:
    """What the people of one run met: every page time, every error."""

    times: list[tuple[str, float]] = field(default_factory=list)  # (what, seconds): "open", "login", a page
    errors: list[str] = field(default_factory=list)
    logged_in: list[str] = field(default_factory=list)  # who landed on the overview after logging in

    def check(self, who: str, run: Run, title: str | None) -> None:
        """Keep the run's time; a page showing an exception, or not the page asked for, is an error."""
        self.times.append((run.what, run.seconds))
        if run.exceptions:
            self.errors.append(f"{who} {run.what or 'home'}: {run.exceptions[0][:160]}")
        elif title is not None and not run.shows(title):
            self.errors.append(f"{who} {run.what or 'home'}: no heading {title!r} (shown: {run.texts[:3]})")


def pages_of(person: int, rng: random.Random) -> list[str]:
    """Two pages of the person's menu besides the overview, different people different pages."""
    pool = PAGES + (ADMIN_PAGES if person % ADMIN_EVERY == 0 else ())
    return rng.sample(pool, 2)


async def arrive(tab: Tab, person: int, outcome: Outcome) -> bool:
    """Open the app and log in: the login page, then the overview. False (and an error) if it failed."""
    who = username(person)
    await tab.connect()
    outcome.check(who, await tab.open(), translate("auth.title"))
    landed = await tab.log_in(who, PASSWORD)
    outcome.check(who, landed, HOME_TITLE)
    if landed.exceptions or not landed.shows(HOME_TITLE):
        return False
    outcome.logged_in.append(who)
    return True


async def person(server: Server, index: int, delay: float, shape: Shape, outcome: Outcome, tabs: list[Tab]) -> None:
    """One person: arrives after `delay`, logs in, opens two more pages with a pause before each; the tab stays open."""
    rng = random.Random(f"load:{index}")
    await asyncio.sleep(delay)
    tab = Tab(server.ws_for(index))
    tabs.append(tab)
    try:
        if not await arrive(tab, index, outcome):
            return
        for path in pages_of(index, rng):
            await asyncio.sleep(rng.uniform(*shape.gap))
            outcome.check(username(index), await tab.go(path), TITLES[path])
    except (ProtocolError, OSError, WebSocketException) as error:
        outcome.errors.append(f"{username(index)}: {type(error).__name__}: {error}")


async def warm_up(server: Server | Servers, index: int) -> Outcome:
    """One administrator visits every page once on each process: the server as it is after a morning's first visits."""
    outcome = Outcome()
    for ws in dict.fromkeys(server.ws_for(k) for k in range(len(getattr(server, "servers", [server])))):
        outcome.errors += (await _warm_one(ws, index)).errors
    return outcome


async def _warm_one(ws: str, index: int) -> Outcome:
    outcome, tab = Outcome(), Tab(ws)
    try:
        if await arrive(tab, index, outcome):
            for path in PAGES + (ADMIN_PAGES if index % ADMIN_EVERY == 0 else ()):
                outcome.check(username(index), await tab.go(path), TITLES[path])
    except (ProtocolError, OSError, WebSocketException) as error:
        outcome.errors.append(f"warm-up: {type(error).__name__}: {error}")
    finally:
        await tab.close()
    return outcome


async def alone(server: Server | Servers, index: int) -> dict[str, tuple[float, float]]:
    """Each click of one person alone on the warm server: (seconds, the server's CPU seconds) by what was clicked.

    CPU seconds are the server process's own (/proc): other work on the machine does not count in them.
    The server runs Python on about one core (one interpreter lock), so they bound how many runs a second it serves.
    """
    tab, costs = Tab(server.ws_for(index)), {}

    async def timed(what: str, click) -> None:
        before = server.cpu()
        run = await click
        costs[what] = (run.seconds, server.cpu() - before)

    try:
        await tab.connect()
        await timed("open", tab.open())
        await timed("login", tab.log_in(username(index), PASSWORD))
        for path in ("", *PAGES, *(ADMIN_PAGES if index % ADMIN_EVERY == 0 else ())):
            await timed(path, tab.go(path))
    finally:
        await tab.close()
    return costs


# ---------------------------------------------------------------- the clerk


class Clerk:
    """`benchmarks/load_clerk.py` in its own process: a report stored every `every` seconds until stopped."""

    def __init__(self, url: str, schools: int, every: float, *, once: bool = False, idle: bool = False) -> None:
        self.command = [sys.executable, str(ROOT / "benchmarks" / "load_clerk.py"), url, "--schools", str(schools),
                        "--units", str(CLERK_UNITS), "--every", str(every)] + (["--once"] if once else [])  # fmt: skip
        self.uploads: list[dict[str, Any]] = []
        self.cpu, self.idle = 0.0, idle  # idle: no clerk at all (--upload-every 0)

    async def __aenter__(self) -> Clerk:
        if self.idle:
            return self
        self.process = await asyncio.create_subprocess_exec(
            *self.command, cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        ready = json.loads(await self.process.stdout.readline() or b"{}")  # its workbooks are drawn
        if "ready" not in ready:
            raise RuntimeError("the clerk's process did not start")
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        async for line in self.process.stdout:
            self.uploads.append(json.loads(line))

    async def __aexit__(self, *_: object) -> None:
        if self.idle:
            return
        self.cpu = _cpu_seconds(self.process.pid)
        self.process.stdin.close()
        await self.process.wait()
        await self._reader


# ---------------------------------------------------------------- one run of N people


async def _sample(server: Server | Servers, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(server.rss())
        await asyncio.sleep(0.5)


async def crowd(server: Server | Servers, n: int, shape: Shape, url: str, schools: int) -> dict[str, Any]:
    """N people arriving over the shape's minute while the clerk stores reports; figures of the run."""
    rng = random.Random(f"arrivals:{n}")
    delays = sorted(rng.uniform(0, shape.arrival) for _ in range(n))
    outcome, tabs, samples, stop = Outcome(), [], [], asyncio.Event()
    figures: dict[str, Any] = {"n": n, "warm_mb": server.rss()}
    exact_peak = server.reset_peak()
    sampler = asyncio.create_task(_sample(server, samples, stop))
    cpu = (server.cpu(), _machine_busy(), time.process_time(), time.perf_counter())
    async with Clerk(url, schools, shape.upload_every, idle=not shape.upload_every) as clerk:
        await asyncio.gather(*(person(server, i, d, shape, outcome, tabs) for i, d in enumerate(delays)))
    figures["open_mb"] = server.rss()  # every tab still open, the uploads stopped
    load_1m = os.getloadavg()[0]  # the machine's load average at the crowd's end (every process on it)
    server_cpu, busy = server.cpu() - cpu[0], _machine_busy() - cpu[1]
    client_cpu, wall = time.process_time() - cpu[2], time.perf_counter() - cpu[3]
    stop.set()
    await sampler
    figures["peak_mb"] = server.peak() if exact_peak else max(samples, default=0.0)
    figures["caches"] = await asyncio.to_thread(server.caches)  # every tab still open
    await asyncio.gather(*(tab.close() for tab in tabs))
    await asyncio.sleep(3)
    figures["closed_mb"] = server.rss()
    figures |= {
        "times": outcome.times,
        "errors": outcome.errors,
        "uploads": clerk.uploads,
        "wall_s": wall,
        "server_cpu_s": server_cpu,
        "client_cpu_s": client_cpu,
        "clerk_cpu_s": clerk.cpu,
        "others_cpu_s": max(0.0, busy - server_cpu - client_cpu - clerk.cpu),
        "load_1m": load_1m,
    }
    return figures


async def after_ttl(server: Server | Servers, ttl: int) -> float:
    """The server's RSS once the closed tabs' sessions are past the TTL.

    Streamlit drops expired sessions only when its session store is next written: one more
    tab opening and closing does it, as the next person of the morning would.
    """
    await asyncio.sleep(ttl + 5)
    for ws in {server.ws_for(k) for k in range(len(getattr(server, "servers", [server])))}:
        tab = Tab(ws)
        await tab.connect()
        await tab.open()
        await tab.close()
    await asyncio.sleep(3)
    return server.rss()


# ---------------------------------------------------------------- the burst


async def burst(server: Server | Servers, count: int, url: str, schools: int, first: int) -> dict[str, Any]:
    """`count` logged-in tabs click a page at the same moment: warm, then just after a report is stored."""
    outcome, tabs = Outcome(), [Tab(server.ws_for(first + k)) for k in range(count)]
    for k, tab in enumerate(tabs):  # log in one after the other: the burst is the clicks, not the logins
        await arrive(tab, first + k, outcome)
    figures: dict[str, Any] = {"count": count, "login_errors": list(outcome.errors)}
    for label, offset in (("warm", 0), ("after_upload", 1)):
        if label == "after_upload":
            async with Clerk(url, schools, 1.0, once=True):
                pass
            await asyncio.sleep(2.5)  # the app asks the data's version at most every 2 s
        clicks = Outcome()
        start, cpu = time.perf_counter(), server.cpu()
        runs = await asyncio.gather(
            *(tab.go(PAGES[(k + offset) % len(PAGES)]) for k, tab in enumerate(tabs)), return_exceptions=True
        )
        wall, used = time.perf_counter() - start, server.cpu() - cpu
        for run in runs:
            if isinstance(run, BaseException):
                clicks.errors.append(f"{type(run).__name__}: {run}")
            else:
                clicks.check("burst", run, TITLES[run.what])
        figures[label] = {"times": clicks.times, "errors": clicks.errors, "wall_s": wall, "server_cpu_s": used}
    await asyncio.gather(*(tab.close() for tab in tabs))
    return figures


# ---------------------------------------------------------------- the report


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def configured_ttl() -> int:
    """The disconnected sessions' TTL the server runs with (.streamlit/config.toml; Streamlit's 120 s if unset)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    return int(config.get("server", {}).get("disconnectedSessionTTL", 120))


def print_runs(results: list[dict[str, Any]]) -> None:
    print(f"\n{'N':>4} {'runs':>5} {'err':>4} {'p50 s':>6} {'p95 s':>6} {'max s':>6} {'uploads':>8}"
          f" {'CPU s: server':>14} {'client':>6} {'clerk':>6} {'others':>6} {'wall':>5}"
          f"   {'RSS MB: warm':>12} {'peak':>5} {'N open':>6} {'closed':>6}  {'MB/tab':>6} {'load':>5}")  # fmt: skip
    for r in results:
        seconds = [s for _, s in r["times"]]
        stored = f"{sum(u['accepted'] for u in r['uploads'])}/{len(r['uploads'])}"
        per_tab = (r["peak_mb"] - r["warm_mb"]) / r["n"]
        print(f"{r['n']:>4} {len(seconds):>5} {len(r['errors']):>4} {percentile(seconds, 0.5):>6.2f}"
              f" {percentile(seconds, 0.95):>6.2f} {max(seconds, default=float('nan')):>6.2f}"
              f" {stored:>8} {r['server_cpu_s']:>14.0f} {r['client_cpu_s']:>6.0f}"
              f" {r['clerk_cpu_s']:>6.0f} {r['others_cpu_s']:>6.0f} {r['wall_s']:>5.0f}"
              f"   {r['warm_mb']:>12.0f} {r['peak_mb']:>5.0f} {r['open_mb']:>6.0f} {r['closed_mb']:>6.0f}"
              f"  {per_tab:>6.1f} {r.get('load_1m', float('nan')):>5.1f}")  # fmt: skip
    print("RSS and CPU: every app process summed (peak: the sum of each one's peak); load: 1-min load average;")
    print("MB/tab = (peak − warm) / N; CPU s over the run's wall seconds (2 cores: 2 CPU s per second);")
    print("'others' = the machine's other processes meanwhile (other work on this shared machine).")


def print_pages(result: dict[str, Any]) -> None:
    by_page: dict[str, list[float]] = {}
    for what, seconds in result["times"]:
        by_page.setdefault({"": "overview", "open": "login page", "login": "login → overview"}.get(what, what),
                           []).append(seconds)  # fmt: skip
    print(f"\nby page, N={result['n']}:")
    for page, seconds in sorted(by_page.items(), key=lambda item: -percentile(item[1], 0.95)):
        print(f"  {page:<20} {len(seconds):>4} runs   p50 {percentile(seconds, 0.5):5.2f} s"
              f"   p95 {percentile(seconds, 0.95):5.2f} s   max {max(seconds):5.2f} s")  # fmt: skip
    uploads = [u["seconds"] for u in result["uploads"]]
    if uploads:
        print(f"  clerk's upload       {len(uploads):>4} stored p50 {percentile(uploads, 0.5):5.2f} s"
              f"   p95 {percentile(uploads, 0.95):5.2f} s   max {max(uploads):5.2f} s")  # fmt: skip


def print_alone(costs: dict[str, tuple[float, float]], result: dict[str, Any]) -> None:
    """Each click's cost alone, and what the crowd's clicks would cost the server at that price."""
    names = {"": "overview", "open": "login page", "login": "login → overview"}
    print("\none person alone, warm server (seconds, the server's CPU seconds):")
    ranked = sorted(costs.items(), key=lambda item: -item[1][1])
    print("  " + ", ".join(f"{names.get(what, what)} {s:.2f}/{cpu:.2f}" for what, (s, cpu) in ranked))
    priced = sum(costs[what][1] for what, _ in result["times"] if what in costs)
    print(f"  the {len(result['times'])} clicks of N={result['n']} at these prices: {priced:.0f} CPU s;"
          f" the server spent {result['server_cpu_s']:.0f} CPU s in {result['wall_s']:.0f} s")  # fmt: skip


def print_caches(result: dict[str, Any]) -> None:
    """Where the server's memory and time went, by cached function (Streamlit's own accounting)."""
    for label, key in (("every tab open", "caches"), ("after the TTL", "after_ttl_caches")):
        if key not in result:
            continue
        held = sorted(result[key]["mb"].items(), key=lambda item: -item[1])[:6]
        print(f"  held, {label}: " + ", ".join(f"{name.removeprefix('pages.ui.')} {mb:.0f} MB" for name, mb in held))
    spent = sorted(result["caches"]["compute_s"].items(), key=lambda item: -item[1])[:6]
    misses = result["caches"]["misses"]
    print("  computed: " + ", ".join(f"{name.removeprefix('pages.ui.')} {seconds:.0f} s/{misses.get(name, 0):.0f}×"
                                     for name, seconds in spent))  # fmt: skip


def print_errors(results: list[dict[str, Any]]) -> None:
    for r in results:
        for error in r["errors"][:5]:
            print(f"  N={r['n']}: {error}")
        if len(r["errors"]) > 5:
            print(f"  N={r['n']}: … {len(r['errors']) - 5} more")


def print_burst(figures: dict[str, Any]) -> None:
    for label, words in (("warm", "warm caches"), ("after_upload", "just after a report was stored")):
        b = figures[label]
        seconds = [s for _, s in b["times"]]
        print(f"burst, {figures['count']} page runs at once, {words}: p50 {percentile(seconds, 0.5):.2f} s,"
              f" p95 {percentile(seconds, 0.95):.2f} s, wall {b['wall_s']:.2f} s, server CPU {b['server_cpu_s']:.1f} s,"
              f" errors {len(b['errors'])}")  # fmt: skip
        for error in b["errors"][:3]:
            print(f"  {error}")
    for error in figures["login_errors"][:3]:
        print(f"  login: {error}")


def verdict(results: list[dict[str, Any]]) -> bool | None:
    """Whether the goal is met at GOAL_SESSIONS people (None when that N was not run)."""
    at_goal = [r for r in results if r["n"] == GOAL_SESSIONS]
    if not at_goal:
        print(f"\ngoal: p95 ≤ {GOAL_P95:.0f} s at {GOAL_SESSIONS} sessions on 2 cores: not run (give --sessions 100)")
        return None
    r = at_goal[0]
    p95 = percentile([s for _, s in r["times"]], 0.95)
    met = p95 <= GOAL_P95 and not r["errors"]
    print(f"\ngoal: p95 ≤ {GOAL_P95:.0f} s at {GOAL_SESSIONS} sessions on 2 cores: {'met' if met else 'MISSED'}"
          f" (p95 {p95:.2f} s, {len(r['errors'])} errors)")  # fmt: skip
    return met


# ---------------------------------------------------------------- main


async def bench(args: argparse.Namespace, shape: Shape, base: Path) -> dict[str, Any]:
    work = args.out / "load"
    copy, data_dir = work / "city.sqlite3", work / "data"
    url = f"sqlite:///{copy.resolve()}"
    warm_person = max(args.sessions) + shape.burst  # an account of its own, after everyone's (see main)
    results, ttl = [], configured_ttl()
    figures: dict[str, Any] = {"ttl": ttl}
    for n in args.sessions:
        working_copy(base, copy)
        with Servers(url, data_dir, work / f"server-{n}.log", args.processes) as server:
            warmed = await warm_up(server, warm_person)
            print(f"N={n}: {len(server.ports)} app processes on ports {server.ports}, warm ({server.rss():.0f} MB);"
                  f" {len(warmed.errors)} warm-up errors …", flush=True)  # fmt: skip
            for error in warmed.errors[:3]:
                print(f"  warm-up: {error}")
            if n == args.sessions[0]:
                figures["alone"] = await alone(server, warm_person)
            result = await crowd(server, n, shape, url, args.schools)
            if n == args.sessions[-1] and not args.quick:
                print(f"waiting out the disconnected sessions' TTL ({ttl} s) …", flush=True)
                result["after_ttl_mb"] = await after_ttl(server, ttl)
                result["after_ttl_caches"] = await asyncio.to_thread(server.caches)
            results.append(result)
    figures["runs"] = results
    working_copy(base, copy)
    with Servers(url, data_dir, work / "server-burst.log", args.processes) as server:
        await warm_up(server, warm_person)
        print(f"burst: {shape.burst} tabs logging in …", flush=True)
        figures["burst"] = await burst(server, shape.burst, url, args.schools, max(args.sessions))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--schools", type=int, default=3500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="where the databases are kept")
    parser.add_argument("--quick", action="store_true", help="a small smoke run: 400 schools, 5 people, 10 s")
    parser.add_argument("--upload-every", type=float, help="seconds between the clerk's reports (0: none)")
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        help="app processes over the one database, people spread over them (deploy/nginx.conf's ip_hash)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 2 when the goal is missed")
    args = parser.parse_args(argv)
    shape = QUICK if args.quick else FULL
    if args.upload_every is not None:
        shape = replace(shape, upload_every=args.upload_every)
    if args.quick:
        args.sessions, args.schools = [5], 400

    base = args.out / f"load-city-{args.schools}.sqlite3"
    print(f"city database ({args.schools} schools) in {base} …", flush=True)
    built = build_city_database(f"sqlite:///{base.resolve()}", schools=args.schools)
    print(f"{'reused' if built['reused'] else 'built'}: {built['counts']}")
    # The people of the largest N, the burst's, and the warm-up's own account.
    hashed = ensure_accounts(f"sqlite:///{base.resolve()}", max(args.sessions) + shape.burst + 1, args.schools)
    if hashed > 1:
        print(f"accounts added in {hashed:.0f} s")
    print(f"people arrive over {shape.arrival:.0f} s, {shape.gap[0]:.0f}–{shape.gap[1]:.0f} s between pages;"
          f" a clerk's report every {shape.upload_every:.0f} s (0: none);"
          f" {args.processes} app processes; load average {os.getloadavg()[0]:.1f}")  # fmt: skip

    figures = asyncio.run(bench(args, shape, base))
    results = figures["runs"]
    print_runs(results)
    print_pages(results[-1])
    if "alone" in figures:
        print_alone(figures["alone"], results[-1])
    print(
        f"the server's caches, N={results[-1]['n']} (Streamlit's /_stcore/metrics: MB held; seconds computing/misses):"
    )
    print_caches(results[-1])
    print_errors(results)
    last = results[-1]
    if "after_ttl_mb" in last:
        print(f"after every tab closed and the TTL ({figures['ttl']} s) passed: {last['after_ttl_mb']:.0f} MB"
              f" (warm {last['warm_mb']:.0f} MB, all {last['n']} tabs open {last['open_mb']:.0f} MB)")  # fmt: skip
    print()
    print_burst(figures["burst"])
    met = verdict(results)
    (args.out / "load.json").write_text(json.dumps(figures, indent=1))
    if any(r["errors"] for r in results):
        return 1
    return 2 if args.strict and met is False else 0


if __name__ == "__main__":
    sys.exit(main())
