"""Ingest school workbooks: validate with the loaders, store the accepted, log the refused.

Files are read and validated in child processes (loaders.sandbox: one per core, with a
memory cap and a time limit) while this process writes each result in its own transaction.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine

from core.errors import Refusal
from core.settings import UploadLimits
from loaders.guard import EXTENSIONS
from loaders.problems import problem
from loaders.report import Report
from loaders.sandbox import shared_pool
from pipeline.evidence_rule import EvidenceBook, warn_unsupported
from pipeline.linking import PlanBook, link_to_plan
from pipeline.submitter import as_submitted_by, received_moment, refuse_if_not_begun
from storage.accounts import User
from storage.db import writing
from storage.governance import ReportLocked
from storage.registry import list_units
from storage.submissions import log_rejection, save_report_replacing

PARALLEL_FROM = 24  # below this, a second reader child costs more than it saves


@dataclass(frozen=True)
class Registry:
    """What the loader checks a report's unit against."""

    names: dict[str, str]
    active: dict[str, tuple[str | None, str | None]]

    @classmethod
    def load(cls, engine: Engine) -> Registry:
        units = list_units(engine)
        return cls(
            {u["unit_code"]: u["unit_name"] for u in units},
            {u["unit_code"]: (u["active_from"], u["active_to"]) for u in units},
        )


@dataclass
class IngestResult:
    file: str
    report: Report
    submission_id: int | None = None
    replaced: bool = False  # a current report for the same unit and quarter became history

    @property
    def accepted(self) -> bool:
        return self.submission_id is not None

    def as_json(self, lang: str = "vi") -> dict[str, object]:
        """Stable keys and codes; each problem's `message` worded in `lang`."""
        return {
            "file": self.file,
            "status": "accepted" if self.accepted else "rejected",
            "unit_code": self.report.unit_code,
            "period": self.report.period,
            "counts": self.report.counts(),
            "problems": [p.as_dict(lang) for p in self.report.problems],
        }


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the spreadsheets inside any folder given (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS))
        else:
            found.append(path)
    return found


def check_bytes(content: bytes, file_name: str, registry: Registry, limits: UploadLimits | None = None) -> Report:
    """The verdict on one file, before anything is stored; read in a child process (see loaders.sandbox)."""
    return shared_pool().read(
        content, file_name, registry=registry.names, active=registry.active, limits=limits or UploadLimits.from_env()
    )


def check_paths(paths: list[Path], registry: Registry, workers: int | None = None) -> Iterator[tuple[bytes, Report]]:
    """Each file's bytes and verdict in the order of `paths`; a large batch is read by one child per core."""
    pool = shared_pool()
    limits = UploadLimits.from_env()
    if len(paths) < PARALLEL_FROM:
        workers = 1
    pool.warm(workers or pool.size, limits)  # from this thread, before any other starts: children fork cheaply
    yield from pool.read_paths(paths, registry=registry.names, active=registry.active, limits=limits, workers=workers)


def store(
    engine: Engine | Connection,
    report: Report,
    content: bytes,
    received_at: datetime,
    by: str | None = None,
    *,
    submitter: User | None = None,
) -> IngestResult:
    """Store an accepted report in one transaction, or log the refusal; either way, one audit line.

    A report of a unit and quarter that the office approved and locked, or closed, is
    refused like an invalid one: its result carries a `report-locked` error saying why.
    So is a report `submitter` may not send (a clerk's file of another school), and one
    of a quarter not begun on `received_at`; `by` defaults to the submitter's name. A
    clerk's report is received now, whatever `received_at` says (see `received_moment`).
    """
    if submitter is not None:
        report, by = as_submitted_by(report, submitter), by or submitter.username
        received_at = received_moment(submitter, received_at, datetime.now(UTC))
    report = refuse_if_not_begun(report, received_at)
    if report.accepted:
        try:
            submission_id, replaced = save_report_replacing(
                engine, report, content=content, received_at=received_at, by=by
            )
        except ReportLocked as locked:
            report = _locked(report, locked)
        else:
            return IngestResult(report.file_name, report, submission_id, replaced=replaced)
    log_rejection(engine, report, content=content, received_at=received_at, by=by)
    return IngestResult(report.file_name, report)


def _locked(report: Report, locked: Exception) -> Report:
    """A copy of `report` refused for the reason `locked` gives (the caller's report is left as it was)."""
    detail = locked.as_term() if isinstance(locked, Refusal) else str(locked)
    refusal = problem("report-locked", detail=detail)
    return replace(report, problems=[*report.problems, refusal])


def ingest_paths(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    received_at: datetime | None = None,
    workers: int | None = None,
    submitter: User | None = None,
) -> list[IngestResult]:
    """Check and store every file (folders expanded), in order; each file is one result.

    `submitter` is the account sending them (see `store`): a clerk's file of another
    school is refused and logged under the clerk's name. None is the server's operator.
    """
    files = expand_paths(paths)
    registry = Registry.load(engine)
    moment = received_at or datetime.now(UTC)
    results = []
    book = PlanBook(engine)  # linked before a group's transaction opens: its reads never wait on its writes
    evidence = EvidenceBook(engine)
    verdicts = (
        (path, (content, warn_unsupported(link_to_plan(report, book), evidence)))
        for path, (content, report) in zip(files, check_paths(files, registry, workers), strict=True)
    )
    for group in _groups(verdicts):
        with writing(engine) as conn:  # one commit for the group; each file its own savepoint in it
            for path, (content, report) in group:
                result = store(conn, report, content, moment, submitter=submitter)
                result.file = str(path)
                results.append(result)
    return results


GROUP_FILES, GROUP_BYTES, GROUP_SECONDS = 40, 32 << 20, 0.25


def _groups(verdicts: Iterator[tuple[Path, tuple[bytes, Report]]]) -> Iterator[list[tuple[Path, tuple[bytes, Report]]]]:
    """Verdicts gathered into groups stored in one transaction each.

    A commit costs more than the writes of one report, so a bulk import commits once per
    group. Groups are gathered before their transaction opens, so that no write lock is
    held while a slow file is read; they are small enough that the app's own writes
    wait a fraction of a second at most.
    """
    group: list[tuple[Path, tuple[bytes, Report]]] = []
    size, started = 0, time.monotonic()
    for verdict in verdicts:
        group.append(verdict)
        size += len(verdict[1][0])
        if len(group) >= GROUP_FILES or size >= GROUP_BYTES or time.monotonic() - started >= GROUP_SECONDS:
            yield group
            group, size, started = [], 0, time.monotonic()
    if group:
        yield group


def ingest_bytes(
    engine: Engine,
    content: bytes,
    file_name: str,
    *,
    received_at: datetime | None = None,
    submitter: User | None = None,
) -> IngestResult:
    """One file's bytes checked and stored (or refused) in one call; `submitter` as in `store`."""
    report = link_to_plan(check_bytes(content, file_name, Registry.load(engine)), PlanBook(engine))
    report = warn_unsupported(report, EvidenceBook(engine))
    return store(engine, report, content, received_at or datetime.now(UTC), submitter=submitter)
