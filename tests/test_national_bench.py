"""benchmarks/national.py --quick against the test PostgreSQL: what it prints is consistent with what it built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storage.db import normalise_url

ROOT = Path(__file__).resolve().parent.parent
URL_ENV = "CCHC_TEST_POSTGRES_URL"

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def quick() -> dict:
    """The --quick run's figures (its last line, JSON); its schema dropped afterwards, whatever happens."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url:
        pytest.skip(f"{URL_ENV} is not set (source .ci/postgres.sh)")
    schema = f"test_bench_{uuid.uuid4().hex[:10]}"
    command = [sys.executable, "benchmarks/national.py", "--quick", "--repeat", "2", "--json", "--url", url,
               "--schema", schema]  # fmt: skip
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            left = conn.execute(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": schema}).scalar()
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert left == 0  # the benchmark drops what it built
    return {"report": json.loads(done.stdout.strip().splitlines()[-1]), "printed": done.stdout}


def test_it_builds_what_quick_promises(quick):
    report = quick["report"]
    assert (report["schools"], report["wards"], report["provinces"]) == (2000, 122, 34)
    rows = report["rows"]
    assert rows["units"] == 2000
    # Every report has 9 indicators, 5 factors and 8 fields; 20–30 tasks (a few none).
    assert rows["indicator_values"] == 9 * rows["submissions"]
    assert rows["satisfaction"] == 5 * rows["submissions"]
    assert rows["self_scores"] == 8 * rows["submissions"]
    assert 20 * rows["submissions"] * 0.99 < rows["tasks"] < 30 * rows["submissions"]


def test_the_printed_aggregates_count_what_was_generated(quick):
    report = quick["report"]
    generated, office = report["generated"], report["office"]
    assert generated == {"expected": 1980, "submitted": 1920, "submitted_on_time": 1532, "tasks": 48010,
                         "wards": 122}  # fmt: skip
    for name in ("expected", "submitted", "submitted_on_time", "tasks"):
        assert office[name] == generated[name], name
    assert office["done"] + office["overdue"] <= office["tasks"]
    assert 60 < office["completion_rate"] < 80  # 70 % of the tasks are drawn done
    assert report["consistent"] and all(report["consistent"].values()), report["consistent"]
    assert "pandas office figures = SQL" in report["consistent"]
    assert report["pandas"]["office"]["tasks"] == generated["tasks"]
    assert "FAIL" not in quick["printed"]


def test_it_prints_each_query_timed(quick):
    report = quick["report"]
    for timings in (report["queries"], report["queries_with_view"]):
        assert set(timings) == {"per school", "per ward", "per level", "office"}
        for figures in timings.values():
            assert 0 < figures["best_s"] <= figures["p50_s"]
            assert figures["cold_s"] > 0
    assert report["view_refresh_s"]["concurrently"] > 0 and report["view_size"] > 0
    assert report["sizes"]["tasks"] > report["sizes"]["units"] > 0
    for line in ("per school", "per ward", "refreshed in", "the pandas path", "peak memory"):
        assert line in quick["printed"], line
