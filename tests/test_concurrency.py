"""20 uploads at once, from threads and from processes, on each backend.

The acceptance test of the issue: uploads for different schools and for the same school,
and for a school whose report is approved, all end stored or refused as they should —
exactly one current report per school and quarter, none lost, every attempt in the audit log.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select

from loaders.problems import ERROR, Problem
from loaders.report import Report
from pipeline.ingest import IngestResult, store
from storage import audit, governance
from storage.open import open_database
from storage.registry import upsert_units
from storage.schema import rejections, submissions
from storage.submissions import current_submission, save_report, submission_history

RECEIVED = datetime(2023, 6, 19, 9, 30)
PERIOD = "2023-Q2"
ATTEMPTS = 20
BUSY, LOCKED, BROKEN = "TH20", "TH30", "TH10"  # one school many times, an approved one, a bad file
DISTINCT = [f"TH{n:02d}" for n in range(1, 10)]  # nine schools once each
UPLOAD_ACTIONS = ("upload-accepted", "replace", "upload-rejected")

ReportFactory = Callable[..., Report]  # conftest's `report_factory`


def content(report: Report) -> bytes:
    return f"workbook {report.file_name}".encode()


def _report(factory: ReportFactory, unit_code: str, name: str, problems: list[Problem] | None = None) -> Report:
    return factory(unit_code, PERIOD, file_name=f"{name}.xlsx", tag=f" ({name})", problems=problems)


@pytest.fixture
def office(engine: Engine, report_factory: ReportFactory) -> tuple[Engine, int]:
    """The schools registered, and LOCKED's report approved: (engine, the approved report's id)."""
    codes = [*DISTINCT, BROKEN, BUSY, LOCKED]
    upsert_units(
        engine, [{"unit_code": c, "unit_name": f"Trường {c}", "level": "tieu_hoc", "ward": "Phường 1"} for c in codes]
    )
    report = _report(report_factory, LOCKED, "approved")
    approved = save_report(engine, report, content=b"approved", received_at=RECEIVED)
    governance.approve(engine, LOCKED, PERIOD, by="admin")
    return engine, approved


@pytest.fixture
def planned(report_factory: ReportFactory) -> list[tuple[Report, str]]:
    """The 20 uploads and how each must end: "accepted", "rejected" (bad file) or "locked"."""
    bad = Problem(ERROR, "NhiemVu", 6, "Thời hạn", "bad-date", {"value": "31/02/2023"})
    uploads = [(_report(report_factory, code, f"{code}-once"), "accepted") for code in DISTINCT]
    uploads.append((_report(report_factory, BROKEN, f"{BROKEN}-broken", [bad]), "rejected"))
    uploads += [(_report(report_factory, BUSY, f"{BUSY}-{n}"), "accepted") for n in range(6)]
    uploads += [(_report(report_factory, LOCKED, f"{LOCKED}-{n}"), "locked") for n in range(4)]
    assert len(uploads) == ATTEMPTS
    return uploads


def outcome(result: IngestResult) -> str:
    if result.accepted:
        return "accepted"
    return "locked" if result.report.problems[-1].code == "report-locked" else "rejected"


def assert_all_accounted_for(engine: Engine, approved: int, planned: list[tuple[Report, str]], got: dict) -> None:
    """Every attempt ended as it should, is stored or logged once, and each school has one current report."""
    assert got == {report.file_name: expected for report, expected in planned}

    lines = audit.search(engine, action=UPLOAD_ACTIONS, limit=1000)
    by_file = Counter(line["detail"]["file"] for line in lines)
    assert by_file == Counter([*(report.file_name for report, _ in planned), "approved.xlsx"])
    actions = {line["detail"]["file"]: line["action"] for line in lines}
    busy = [actions[report.file_name] for report, _ in planned if report.unit_code == BUSY]
    assert sorted(busy) == ["replace"] * 5 + ["upload-accepted"]  # whichever came first
    assert {actions[f"{code}-once.xlsx"] for code in DISTINCT} == {"upload-accepted"}
    refused = {line["detail"]["file"]: line["detail"]["problems"] for line in lines if "rejected" in line["action"]}
    assert refused == {
        **{f"{LOCKED}-{n}.xlsx": ["error report-locked"] for n in range(4)},
        f"{BROKEN}-broken.xlsx": ["error bad-date trang NhiemVu, dòng 6, cột Thời hạn"],
    }

    accepted = sum(expected == "accepted" for _, expected in planned)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(submissions)) == accepted + 1  # + the approved one
        assert conn.scalar(select(func.count()).select_from(rejections)) == ATTEMPTS - accepted
        current = conn.execute(
            select(submissions.c.unit_code, submissions.c.period, func.count())
            .where(submissions.c.is_current.is_(True))
            .group_by(submissions.c.unit_code, submissions.c.period)
        ).all()
    assert sorted(current) == sorted((code, PERIOD, 1) for code in [*DISTINCT, BUSY, LOCKED])

    busy_history = submission_history(engine, BUSY, PERIOD)
    assert len(busy_history) == 6  # none lost
    assert current_submission(engine, BUSY, PERIOD)["id"] == max(h["id"] for h in busy_history)  # the last in
    assert current_submission(engine, LOCKED, PERIOD)["id"] == approved
    assert governance.lock_state(engine, LOCKED, PERIOD)["submission_id"] == approved


# ---------------------------------------------------------------- threads


@pytest.mark.parametrize("engines", ["one shared", "one each"])
def test_twenty_uploads_at_once_from_threads(office: tuple[Engine, int], planned, db_url: str, engines: str) -> None:
    """With one engine shared, as the app's threads share it; or one engine each, as many servers would."""
    engine, approved = office
    barrier = threading.Barrier(ATTEMPTS)

    def upload(number: int, report: Report) -> tuple[str, str]:
        own = open_database(db_url) if engines == "one each" else engine
        try:
            barrier.wait(timeout=60)
            return report.file_name, outcome(store(own, report, content(report), RECEIVED, by=f"clerk{number}"))
        finally:
            if own is not engine:
                own.dispose()

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        futures = [pool.submit(upload, number, report) for number, (report, _) in enumerate(planned)]
        got = dict(future.result(timeout=120) for future in futures)
    assert_all_accounted_for(engine, approved, planned, got)


# ---------------------------------------------------------------- processes


def _upload_in_process(db_url: str, report: Report, barrier, results) -> None:
    """One upload from its own process and engine, reported through `results`: (file, outcome or error)."""
    try:
        engine = open_database(db_url)
        try:
            barrier.wait(timeout=120)
            results.put((report.file_name, outcome(store(engine, report, content(report), RECEIVED))))
        finally:
            engine.dispose()
    except BaseException as error:  # reported in the test's process
        results.put((report.file_name, repr(error)))


def test_twenty_uploads_at_once_from_processes(office: tuple[Engine, int], planned, db_url: str) -> None:
    engine, approved = office
    context = multiprocessing.get_context("spawn")  # fresh interpreters: nothing shared but the database
    barrier, results = context.Barrier(ATTEMPTS), context.Queue()
    workers = [
        context.Process(target=_upload_in_process, args=(db_url, report, barrier, results)) for report, _ in planned
    ]
    for worker in workers:
        worker.start()
    got = dict(results.get(timeout=180) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * ATTEMPTS
    assert_all_accounted_for(engine, approved, planned, got)
