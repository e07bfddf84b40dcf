"""National-scale benchmark: a quarter's figures per school, ward and level computed by PostgreSQL.

    python benchmarks/national.py [--url URL] [--schools 54000] [--quick] [--repeat 5] [--schema NAME] [--keep]
                                  [--no-pandas] [--json]

Builds, in its own schema of the PostgreSQL database named by --url (default: CCHC_TEST_POSTGRES_URL), an
installation of --schools schools (54,000: the country's; --quick: 2,000) in 34 provinces and 3,300 wards
(fewer in proportion for fewer schools) with four quarters of reports, every row written by the server
(`INSERT … SELECT generate_series`): ~25 tasks, 9 indicators, 5 survey factors and 8 self-assessed fields
per report, some reports replaced, some missing, some late, a few schools opened or closed within the year.
Which school reports when, late or replaced, and how many tasks it lists follow fixed rules, so the counts
the figures must give are known beforehand; the values are drawn at random (seeded). A file's bytes are a
stand-in of a few bytes: a real workbook is kept out of line (TOAST) and the figures never read it.

Then times storage.aggregates for the latest quarter, per school, per ward, per level and for the whole
office: cold (the first query of a new connection pool) and warm (median of --repeat), without and with the
task counts' materialised view (its creation and refresh timed too), and the pandas path the dashboard takes
today (load_frames of the quarter and the metrics' tables per school and per ward) in a process of its own,
for its time and peak memory. Prints the figures, checks the aggregates against the counts generated and
against the pandas figures, and drops its schema unless --keep. Not part of the tests (`make bench`);
tests/test_national_bench.py runs --quick.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from core.periods import period_from_code  # noqa: E402
from storage import aggregates  # noqa: E402
from storage.db import normalise_url  # noqa: E402
from storage.open import open_database  # noqa: E402

URL_ENV = "CCHC_TEST_POSTGRES_URL"
NATIONAL_SCHOOLS, QUICK_SCHOOLS = 54_000, 2_000
NATIONAL_WARDS, PROVINCES = 3_300, 34
QUARTERS = ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
SET_DEADLINE = ("2026-Q3", date(2026, 10, 5))  # one quarter's deadline set by the office; the others the 20th


# ---------------------------------------------------------------- the rules of the generated installation


@dataclass(frozen=True)
class Rules:
    """Who is expected, who reports, late or replaced, with how many tasks: the same rules in Python and SQL."""

    schools: int

    @property
    def wards(self) -> int:
        return max(1, round(self.schools * NATIONAL_WARDS / NATIONAL_SCHOOLS))

    @property
    def provinces(self) -> int:
        return min(PROVINCES, self.wards)

    def ward(self, i: int) -> int:
        """Wards of consecutive school numbers, ~16 schools each nationally (as _UNITS numbers them)."""
        return (i - 1) * self.wards // self.schools

    # School i (1…schools) in quarter q (0…3). Every predicate has its SQL twin below.
    @staticmethod
    def expected(i: int, q: int) -> bool:
        if i % 100 == 1:  # closed after 2026-Q1
            return q <= 1
        return not (i % 100 == 2 and q < 1)  # opened in 2026-Q1

    @staticmethod
    def reports(i: int, q: int) -> bool:
        return Rules.expected(i, q) and (i + 7 * q) % 33 != 0  # ~3 % never report

    @staticmethod
    def replaced(i: int, q: int) -> bool:
        return (i + q) % 50 == 0  # sent twice: the first on time, the second current

    @staticmethod
    def late(i: int, q: int) -> bool:
        return (3 * i + q) % 5 == 0

    @staticmethod
    def tasks(i: int, q: int) -> int:
        return 0 if (i + q) % 997 == 0 else 20 + (i + q) % 11  # 20–30, ~25; now and then a report of none

    def counts(self, q: int) -> dict[str, int]:
        """What the figures of quarter q must count."""
        rng = range(1, self.schools + 1)
        reporting = [i for i in rng if self.reports(i, q)]
        return {
            "expected": sum(self.expected(i, q) for i in rng),
            "submitted": len(reporting),
            "submitted_on_time": sum(self.replaced(i, q) or not self.late(i, q) for i in reporting),
            "tasks": sum(self.tasks(i, q) for i in reporting),
            "wards": len({self.ward(i) for i in rng if self.expected(i, q)}),
        }


def _sql_rules(i: str, q: str) -> dict[str, str]:
    """The SQL of Rules' predicates, for a school number `i` and quarter index `q` (SQL expressions)."""
    expected = f"(CASE WHEN {i} % 100 = 1 THEN {q} <= 1 ELSE NOT ({i} % 100 = 2 AND {q} < 1) END)"
    return {
        "reports": f"({expected} AND ({i} + 7 * {q}) % 33 <> 0)",
        "replaced": f"(({i} + {q}) % 50 = 0)",
        "late": f"((3 * {i} + {q}) % 5 = 0)",
        "tasks": f"(CASE WHEN ({i} + {q}) % 997 = 0 THEN 0 ELSE 20 + ({i} + {q}) % 11 END)",
    }


# ---------------------------------------------------------------- generating it, server-side


def _deadline(period: str) -> date:
    return SET_DEADLINE[1] if period == SET_DEADLINE[0] else period_from_code(period).default_deadline


def generate(engine: Engine, rules: Rules) -> dict[str, float]:
    """Every row, written by the server; seconds per table."""
    seconds: dict[str, float] = {}

    def timed(name: str, statements: list[tuple[str, dict[str, Any]]]) -> None:
        started = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("SELECT setseed(0.42)"))
            for sql, params in statements:
                conn.execute(text(sql), params)
        seconds[name] = round(time.perf_counter() - started, 2)

    timed("units", [(_UNITS, {"n": rules.schools, "wards": rules.wards, "provinces": rules.provinces})])
    timed("quarters", [("INSERT INTO quarters (period, deadline) VALUES (:p, :d)",
                        {"p": SET_DEADLINE[0], "d": SET_DEADLINE[1]})])  # fmt: skip
    sql = _sql_rules("u.i", ":q")
    reports = [
        (_SUBMISSIONS.format(**sql), {"q": q, "period": p, "deadline": _deadline(p), "n": rules.schools})
        for q, p in enumerate(QUARTERS)
    ]
    timed("submissions", reports)
    timed("tasks", [(_TASKS.format(tasks=_sql_rules("s.i", "s.q")["tasks"]), {})])
    timed("indicator_values", [(_INDICATORS, {})])
    timed("satisfaction", [(_SATISFACTION, {})])
    timed("self_scores", [(_SELF_SCORES, {})])
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ("units", "submissions", "tasks", "indicator_values", "satisfaction", "self_scores"):
            conn.execute(text(f"VACUUM (ANALYZE) {table}"))
    seconds["vacuum_analyze"] = round(time.perf_counter() - started, 2)
    return seconds


_UNITS = """
INSERT INTO units (unit_code, unit_name, level, ward, active_from, active_to, updated_at)
SELECT 'S' || lpad(i::text, 6, '0'), 'Trường số ' || i, (ARRAY['mam_non', 'tieu_hoc', 'thcs'])[i % 3 + 1],
       'Tỉnh ' || lpad((w % :provinces + 1)::text, 2, '0') || ' · Phường ' || lpad((w + 1)::text, 4, '0'),
       CASE WHEN i % 100 = 2 THEN '2026-Q1' END, CASE WHEN i % 100 = 1 THEN '2026-Q1' END, now()
FROM generate_series(1, :n) AS i, LATERAL (SELECT (i - 1) * :wards / :n AS w) AS ward
"""

# A replaced school's first report (10 days before the deadline), then every current one: on time (up to 14
# days early) or late (1–10 days after). The school number and quarter index ride along in the file's name.
_SUBMISSIONS = """
INSERT INTO submissions (unit_code, period, received_at, file_name, sha256, is_current, content)
SELECT 'S' || lpad(u.i::text, 6, '0'), :period, r.at, u.i || '_' || :q || '_' || r.n || '.xlsx',
       md5(u.i || ':' || :q || ':' || r.n) || md5(r.n || ':' || u.i), r.n = 2, '\\x00'::bytea
FROM generate_series(1, :n) AS u(i)
CROSS JOIN LATERAL (
    SELECT 1 AS n, CAST(:deadline AS date) - 10 + time '09:00' AS at WHERE {replaced}
    UNION ALL
    SELECT 2, CAST(:deadline AS date) + CASE WHEN {late} THEN 1 + u.i % 10 ELSE -(u.i % 15) END + time '15:30'
) AS r
WHERE {reports}
ORDER BY u.i, r.n
"""

# Every report's tasks (a replaced one's too): 70 % done (1 % without a date, ~40 % after the deadline),
# 20 % in progress, 10 % not started; deadlines over the quarter and the next month.
_TASKS = """
INSERT INTO tasks (submission_id, row, field, content, deadline, status, done_on, content_key)
SELECT id, 5 + r, (ARRAY['CDDH','THECHE','TTHC','BOMAY','CONGVU','TAICHINH','CDS','TACDONG'])[r % 8 + 1],
       'Nhiệm vụ cải cách hành chính số ' || r, deadline,
       CASE WHEN a < 0.7 THEN 'done' WHEN a < 0.9 THEN 'in_progress' ELSE 'not_started' END,
       CASE WHEN a < 0.7 AND b > 0.01 THEN deadline + (floor(c * 20) - 12)::int END, md5(r::text)
FROM (
    SELECT s.id, g.r, random() AS a, random() AS b, random() AS c,
           (make_date(left(s.period, 4)::int, right(s.period, 1)::int * 3 - 2, 1) + (floor(random() * 120))::int)
               AS deadline
    FROM (SELECT id, period, split_part(file_name, '_', 1)::int AS i, split_part(file_name, '_', 2)::int AS q
          FROM submissions) AS s
    CROSS JOIN LATERAL generate_series(1, {tasks}) AS g(r)
) AS drawn
"""

_INDICATORS = """
INSERT INTO indicator_values (submission_id, row, code, result, total)
SELECT id, 4 + n, code,
       CASE WHEN kind = 'rate' THEN floor(total * (0.6 + 0.4 * a)) ELSE floor(a * 12) END,
       CASE WHEN kind = 'rate' AND b > 0.01 THEN total END
FROM (
    SELECT s.id, c.n, c.code, c.kind, random() AS a, random() AS b, 10 + floor(random() * 200) AS total
    FROM submissions AS s
    CROSS JOIN (VALUES (1, 'TTHC_DUNG_HAN', 'rate'), (2, 'TTHC_TRUC_TUYEN', 'rate'), (3, 'PAKN_DUNG_HAN', 'rate'),
                       (4, 'EMAIL_CONG_VU', 'rate'), (5, 'KHONG_TIEN_MAT', 'rate'), (6, 'GIAI_NGAN', 'rate'),
                       (7, 'BAO_CAO_DUNG_HAN', 'rate'), (8, 'TIN_BAI_CCHC', 'count'), (9, 'TAP_HUAN_CCHC', 'count'))
        AS c(n, code, kind)
) AS drawn
"""

_SATISFACTION = """
INSERT INTO satisfaction (submission_id, row, dimension, answers, very_dissatisfied, dissatisfied, neutral,
                          satisfied, very_satisfied)
SELECT id, 4 + n, dimension, answers, vd, d, ne, floor((answers - vd - d - ne) * 0.6),
       answers - vd - d - ne - floor((answers - vd - d - ne) * 0.6)
FROM (
    SELECT id, n, dimension, answers, floor(answers * 0.03 * a) AS vd, floor(answers * 0.06 * b) AS d,
           floor(answers * 0.12 * c) AS ne
    FROM (
        SELECT s.id, f.n, f.dimension, 20 + floor(random() * 200)::int AS answers,
               random() AS a, random() AS b, random() AS c
        FROM submissions AS s
        CROSS JOIN (VALUES (1, 'TIEP_CAN'), (2, 'TTHC'), (3, 'CONG_CHUC'), (4, 'KET_QUA'), (5, 'GOP_Y'))
            AS f(n, dimension)
    ) AS asked
) AS drawn
"""

_SELF_SCORES = """
INSERT INTO self_scores (submission_id, row, field, max_points, self_points, appraised_points)
SELECT s.id, 4 + f.n, f.field, f.points, round(f.points * (0.6 + 0.4 * random()) * 4) / 4.0, NULL
FROM submissions AS s
CROSS JOIN (VALUES (1, 'CDDH', 10), (2, 'THECHE', 8), (3, 'TTHC', 14), (4, 'BOMAY', 8), (5, 'CONGVU', 10),
                   (6, 'TAICHINH', 8), (7, 'CDS', 12), (8, 'TACDONG', 30)) AS f(n, field, points)
"""


# ---------------------------------------------------------------- the database


def _schema_url(url: str, schema: str) -> str:
    return (
        make_url(normalise_url(url))
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def _admin(url: str) -> Engine:
    return create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")


def _sizes(engine: Engine, schema: str) -> dict[str, int]:
    """Bytes on disk per table (with its indexes and TOAST) and materialised view, and their total."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                 "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind IN ('r', 'm')"),
            {"s": schema},
        ).all()  # fmt: skip
    sizes = {name: int(size) for name, size in rows if size > 64 * 1024}
    return {**dict(sorted(sizes.items(), key=lambda kv: -kv[1])), "total": sum(int(size) for _, size in rows)}


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        tables = ("units", "submissions", "tasks", "indicator_values", "satisfaction", "self_scores")
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


# ---------------------------------------------------------------- timing


QUERIES = {
    "per school": lambda engine, period: aggregates.unit_quarter_summary(engine, period),
    "per ward": lambda engine, period: aggregates.ward_quarter_summary(engine, period),
    "per level": lambda engine, period: aggregates.group_quarter_summary(engine, period, ("level",)),
    "office": lambda engine, period: aggregates.group_quarter_summary(engine, period, ()),
}


def time_queries(url: str, period: str, repeat: int) -> tuple[dict[str, dict[str, float]], dict[str, Any]]:
    """Each query cold (the first of a new pool) and warm (median and best of `repeat`); the last answers."""
    timings, answers = {}, {}
    for name, query in QUERIES.items():
        engine = create_engine(url)
        started = time.perf_counter()
        query(engine, period)
        cold = time.perf_counter() - started
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            answers[name] = query(engine, period)
            runs.append(time.perf_counter() - started)
        engine.dispose()
        timings[name] = {"cold_s": round(cold, 3), "p50_s": round(statistics.median(runs), 3),
                         "best_s": round(min(runs), 3)}  # fmt: skip
    return timings, answers


def _office_figures(answers: dict[str, Any]) -> dict[str, Any]:
    row = answers["office"].iloc[0]
    names = ("expected", "submitted", "submitted_on_time", "tasks", "done", "done_on_time", "overdue",
             "completion_rate", "on_time_rate", "satisfaction", "par_score")  # fmt: skip
    return {name: (None if row[name] is None else round(float(row[name]), 6)) for name in names}


OFFICE_COUNTS = ("expected", "submitted", "submitted_on_time", "tasks")


def consistency(answers: dict[str, Any], counts: dict[str, int]) -> dict[str, bool]:
    """The aggregates against the counts generated, and against each other."""
    schools, wards, levels = answers["per school"], answers["per ward"], answers["per level"]
    office = answers["office"].iloc[0]
    return {
        "office counts = generated": all(int(office[k]) == counts[k] for k in OFFICE_COUNTS),
        "schools listed = expected": len(schools) == counts["expected"],
        "schools reported = submitted": int(schools["reported"].sum()) == counts["submitted"],
        "Σ schools' tasks = office's": int(schools["tasks"].sum()) == int(office["tasks"]),
        "wards listed = generated": len(wards) == counts["wards"],
        "Σ wards' expected and tasks = office's": int(wards["expected"].sum()) == int(office["expected"])
        and int(wards["tasks"].sum()) == int(office["tasks"]),
        "Σ levels' done = office's": int(levels["done"].sum()) == int(office["done"]),
    }


# ---------------------------------------------------------------- the pandas path, in a process of its own


def pandas_child(url: str, period: str) -> dict[str, Any]:
    """What the dashboard does today for the quarter's figures per school and per ward; time and memory."""
    import pandas as pd

    from core.catalogs import default_catalogs
    from metrics import views
    from metrics.par import par_scores
    from metrics.satisfaction import overall_from_dimensions, satisfaction_by_dimension
    from metrics.tasks import task_stats
    from storage.frames import load_frames

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    engine = create_engine(url)
    catalogs = default_catalogs()
    started = time.perf_counter()
    frames = load_frames(engine, [period], task_texts=False)
    loaded = time.perf_counter() - started
    schools = views.school_table(frames, catalogs, period)
    views.school_dimensions(frames, catalogs, period)
    views.indicator_by_school(frames, catalogs, period)
    reported = views._reported(frames, [period])
    registry = frames.units[["unit_code", "ward"]]
    tasks = task_stats(views._current_rows(frames.tasks, reported), by=("ward",), units=registry)
    survey = views._current_rows(frames.satisfaction, reported)
    overall_from_dimensions(satisfaction_by_dimension(survey, by=("ward",), units=registry), by=("ward",))
    par_scores(views._current_rows(frames.self_assessment, reported), by=("ward",), units=registry)
    office = views.trend(frames, catalogs, [period]).iloc[0]
    total = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {name: None if pd.isna(office[name]) else round(float(office[name]), 6)
               for name in ("tasks", "done", "overdue", "completion_rate", "on_time_rate", "satisfaction",
                            "par_score")}  # fmt: skip
    return {"load_s": round(loaded, 2), "total_s": round(total, 2), "peak_rss_mb": round(after / 1024),
            "added_rss_mb": round((after - before) / 1024), "task_rows": len(frames.tasks), "schools": len(schools),
            "wards": len(tasks), "office": figures}  # fmt: skip


def run_pandas(url: str, period: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--pandas-child", "--url", url, "--period", period]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the run


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _print_timings(title: str, timings: dict[str, dict[str, float]]) -> None:
    print(f"  {title}")
    for name, t in timings.items():
        cold, p50, best = (_seconds(t[k]) for k in ("cold_s", "p50_s", "best_s"))
        print(f"    {name:<11} cold {cold:>9}   warm p50 {p50:>9}   best {best:>9}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    rules = Rules(args.schools)
    period = QUARTERS[-1]
    admin = _admin(args.url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{args.schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{args.schema}"'))
    url = _schema_url(args.url, args.schema)
    report: dict[str, Any] = {"schools": rules.schools, "wards": rules.wards, "provinces": rules.provinces,
                              "quarters": list(QUARTERS), "period": period}  # fmt: skip
    try:
        engine = open_database(url)
        print(f"generating {rules.schools:,} schools in {rules.provinces} provinces, {rules.wards:,} wards, "
              f"{len(QUARTERS)} quarters in schema {args.schema} …", flush=True)  # fmt: skip
        started = time.perf_counter()
        report["generate_s"] = generate(engine, rules)
        report["generate_total_s"] = round(time.perf_counter() - started, 2)
        report["rows"] = _row_counts(engine)
        report["sizes"] = _sizes(engine, args.schema)
        print(f"  generated in {report['generate_total_s']} s {report['generate_s']}")
        print(f"  rows {report['rows']}")
        tables = ", ".join(f"{k} {_mb(v)}" for k, v in report["sizes"].items() if k != "total")
        print(f"  on disk {_mb(report['sizes']['total'])} ({tables})")
        counts = rules.counts(len(QUARTERS) - 1)
        report["generated"] = counts
        print(f"  {period} must count {counts}")

        timings, answers = time_queries(url, period, args.repeat)
        report["queries"] = timings
        report["office"] = _office_figures(answers)
        report["consistent"] = consistency(answers, counts)
        print(f"{period}, counted from the rows:")
        _print_timings("storage.aggregates", timings)

        started = time.perf_counter()
        aggregates.ensure_views(engine)
        report["view_create_s"] = round(time.perf_counter() - started, 2)
        report["view_refresh_s"] = {}
        for how, concurrently in (("concurrently", True), ("plain", False)):
            started = time.perf_counter()
            aggregates.refresh(engine, concurrently=concurrently)
            report["view_refresh_s"][how] = round(time.perf_counter() - started, 2)
        report["view_size"] = _sizes(engine, args.schema).get(aggregates.TASK_SUMS_VIEW)
        view_timings, view_answers = time_queries(url, period, args.repeat)
        report["queries_with_view"] = view_timings
        report["consistent"]["with the view = without"] = _office_figures(view_answers) == report["office"]
        print(f"with the task counts' view ({_mb(report['view_size'] or 0)}): created in {report['view_create_s']} s, "
              f"refreshed in {report['view_refresh_s']['concurrently']} s concurrently, "
              f"{report['view_refresh_s']['plain']} s plain")  # fmt: skip
        _print_timings("storage.aggregates", view_timings)
        engine.dispose()

        if not args.no_pandas:
            print("the pandas path (load_frames of the quarter, the metrics per school and per ward) …", flush=True)
            found = run_pandas(url, period)
            report["pandas"] = found
            mine = {k: report["office"][k] for k in found["office"]}
            report["consistent"]["pandas office figures = SQL"] = all(
                _close(mine[k], found["office"][k]) for k in found["office"]
            )
            print(
                f"  loaded {found['task_rows']:,} task rows in {found['load_s']} s, figures in {found['total_s']} s "
                f"in all; peak memory {found['peak_rss_mb']} MB (+{found['added_rss_mb']} MB for the data)"
            )
        print(f"office {period}: {report['office']}")
        for check, ok in report["consistent"].items():
            print(f"  {'OK  ' if ok else 'FAIL'} {check}")
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{args.schema}" CASCADE'))
        admin.dispose()
    return report


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b)))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:,.0f} kB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get(URL_ENV), help=f"PostgreSQL URL (default: ${URL_ENV})")
    parser.add_argument("--schools", type=int, default=None, help=f"default {NATIONAL_SCHOOLS:,}")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SCHOOLS:,} schools")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per query")
    parser.add_argument("--schema", default=None, help="the schema built (and dropped): default a new name")
    parser.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas path")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line, last")
    parser.add_argument("--pandas-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--period", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.url:  # `make bench` goes on to its other figures
        print(f"national benchmark skipped: no PostgreSQL (give --url or set {URL_ENV}: source .ci/postgres.sh)")
        return 0
    if args.pandas_child:
        print(json.dumps(pandas_child(args.url, args.period)))
        return 0
    args.schools = args.schools or (QUICK_SCHOOLS if args.quick else NATIONAL_SCHOOLS)
    args.schema = args.schema or f"bench_national_{uuid.uuid4().hex[:8]}"
    report = run(args)
    if args.json:
        print(json.dumps(report, default=str))
    return 0 if all(report["consistent"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
