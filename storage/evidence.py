"""Evidence files (tài liệu kiểm chứng) of a school's PAR year: stored once by SHA-256, linked to what they back.

The bytes live in `evidence_files`, one row per distinct content, whatever its name and
however many schools send it. Each attachment is an `evidence_links` row: the school, the
year, its one target (a field or a criterion of the year's framework, or a task of the
school's current plan), the name it was sent under, who added it and when. Removing is
soft (removed_at, removed_by): what the council looked at stays in the database.

A file is typed by its content (core.filetypes) before any transaction opens. Adding
and removing are refused once the year is final (storage.par_years), and an add that
would take the school's year over its limit (core.settings.EvidenceLimits). Every add,
removal and download is one audit line, written in the transaction of what it records.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from core.errors import Refusal
from core.filenames import received_name
from core.filetypes import download_name, shown_size, sniff
from core.frameworks import ADJUSTMENT, CRITERION, FIELD, SUB_CRITERION, framework_for
from core.settings import EvidenceLimits
from storage import audit
from storage.db import reading, writing
from storage.par_years import acting_name, final_record, lock_known_unit
from storage.refusals import by_whom
from storage.schema import evidence_files, evidence_links, plan_tasks, plans

FIELD_TARGET, CRITERION_TARGET, TASK_TARGET = "field", "criterion", "task_code"
_CRITERION_LEVELS = (CRITERION, SUB_CRITERION, ADJUSTMENT)  # a bonus or penalty line is proved like a criterion


class EvidenceRefused(Refusal, ValueError):
    """Evidence that cannot be added, removed or read: its code and values say why."""


@dataclass(frozen=True)
class Target:
    """What a file backs: exactly one of a field, a criterion (or sub-criterion) and a plan task."""

    field: str | None = None
    criterion: str | None = None
    task_code: str | None = None

    def given(self) -> tuple[str, str]:
        """(column, code as given) of the one target; EvidenceRefused("evidence-no-target") unless exactly one."""
        given = ((name, str(value).strip()) for name, value in self._pairs() if value is not None)
        chosen = [(name, code) for name, code in given if code]
        if len(chosen) != 1:
            raise EvidenceRefused("evidence-no-target")
        return chosen[0]

    def _pairs(self) -> tuple[tuple[str, str | None], ...]:
        return ((FIELD_TARGET, self.field), (CRITERION_TARGET, self.criterion), (TASK_TARGET, self.task_code))


# ---------------------------------------------------------------- adding


def add_evidence(
    engine: Engine,
    unit_code: str,
    year: int,
    content: bytes,
    file_name: str,
    *,
    field: str | None = None,
    criterion: str | None = None,
    task_code: str | None = None,
    by: str | None,
    limits: EvidenceLimits | None = None,
) -> int:
    """Attach a file to one target of the unit's year; answer the link's id.

    The same content attached again to the same target answers the link already there
    (nothing written); to another target or school it is linked again, stored once.
    Refused (EvidenceRefused, or core.filetypes.FileRefused for the file itself) when the
    file is not taken, the target is unknown, the unit is not registered, the year is final
    or the school's year would go over its limit; nothing is stored then.
    """
    limits = limits or EvidenceLimits.from_env()
    name = received_name(file_name)
    kind = sniff(content, name, limits)
    column, asked = Target(field, criterion, task_code).given()
    digest, who, now = hashlib.sha256(content).hexdigest(), acting_name(by), audit.wall_clock()
    with writing(engine) as conn:
        lock_known_unit(conn, unit_code, EvidenceRefused)
        _refuse_if_final(conn, unit_code, year)
        code = _target_code(conn, unit_code, int(year), column, asked)
        existing = _live_link_id(conn, unit_code, year, column, code, digest)
        if existing is not None:
            return existing
        _refuse_if_year_full(conn, unit_code, year, digest, len(content), name, limits)
        _store_file(conn, digest, content, kind, now)
        values = {"unit_code": unit_code, "year": int(year), column: code, "sha256": digest, "file_name": name,
                  "added_by": who, "added_at": now}  # fmt: skip
        link_id = int(conn.execute(insert(evidence_links).values(**values)).inserted_primary_key[0])
        detail = {"link_id": link_id, "file": name, "sha256": digest, "size": len(content), "kind": kind,
                  _detail_key(column): code}  # fmt: skip
        audit.record(conn, "evidence-add", username=who, unit_code=unit_code, period=str(year), detail=detail, at=now)
    return link_id


def _refuse_if_final(conn: Connection, unit_code: str, year: int) -> None:
    final = final_record(conn, unit_code, year)
    if final is not None:
        raise EvidenceRefused(
            "evidence-year-final", unit=unit_code, year=int(year), by=by_whom(final.changed_by), at=final.changed_at
        )


def _target_code(conn: Connection, unit_code: str, year: int, column: str, asked: str) -> str:
    """The target's code as the framework or the plan writes it; EvidenceRefused naming it and the year otherwise."""
    if column == TASK_TARGET:
        return _plan_task_code(conn, unit_code, year, asked)
    framework = framework_for(year)
    code = framework.resolve(asked)  # by code or by name, case and marks aside
    levels = (FIELD,) if column == FIELD_TARGET else _CRITERION_LEVELS
    if code is None or framework[code].level not in levels:
        refusal = "evidence-unknown-field" if column == FIELD_TARGET else "evidence-unknown-criterion"
        raise EvidenceRefused(refusal, code=asked, year=year)
    return code


def _plan_task_code(conn: Connection, unit_code: str, year: int, asked: str) -> str:
    stmt = (
        select(plan_tasks.c.code)
        .join(plans, plans.c.id == plan_tasks.c.plan_id)
        .where(plans.c.unit_code == unit_code, plans.c.year == year, plans.c.is_current == true())
        .where(func.upper(plan_tasks.c.code) == asked.upper())
    )
    code = conn.scalar(stmt)
    if code is None:
        raise EvidenceRefused("evidence-unknown-task", unit=unit_code, year=year, code=asked)
    return code


def _live_link_id(conn: Connection, unit_code: str, year: int, column: str, code: str, digest: str) -> int | None:
    links = evidence_links.c
    stmt = select(links.id).where(
        links.unit_code == unit_code,
        links.year == int(year),
        links[column] == code,
        links.sha256 == digest,
        links.removed_at.is_(None),
    )
    return conn.scalar(stmt.order_by(links.id).limit(1))


def _refuse_if_year_full(
    conn: Connection, unit_code: str, year: int, digest: str, size: int, name: str, limits: EvidenceLimits
) -> None:
    """Each distinct file of the school's year counts once; one the year already holds adds nothing."""
    links = evidence_links.c
    held = select(links.sha256).where(links.unit_code == unit_code, links.year == int(year), links.removed_at.is_(None))
    if conn.scalar(held.where(links.sha256 == digest).limit(1)) is not None:
        return
    files = evidence_files.c
    used = conn.scalar(select(func.coalesce(func.sum(files.size), 0)).where(files.sha256.in_(held)))
    if used + size > limits.max_year_bytes:
        raise EvidenceRefused("evidence-year-full", unit=unit_code, year=int(year), file=name, size=shown_size(size),
                              used=shown_size(int(used)), limit=shown_size(limits.max_year_bytes))  # fmt: skip


def _store_file(conn: Connection, digest: str, content: bytes, kind: str, now: datetime) -> None:
    """The bytes, unless a row of that digest is there already (another school may store it at the same moment)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    values = {"sha256": digest, "size": len(content), "kind": kind, "stored_at": now, "content": content}
    conn.execute(dialect.insert(evidence_files).values(**values).on_conflict_do_nothing(index_elements=["sha256"]))


def _detail_key(column: str) -> str:
    return "task" if column == TASK_TARGET else column


# ---------------------------------------------------------------- removing


def remove_evidence(engine: Engine, link_id: int, *, by: str | None) -> dict[str, Any]:
    """Take a file off what it backed (soft: the link keeps who removed it, and when); answer the link as it was.

    Refused when there is no such link, it is removed already, or its year is final.
    """
    who, now = acting_name(by), audit.wall_clock()
    with writing(engine) as conn:
        link = _live_link(conn, link_id)
        lock_known_unit(conn, link["unit_code"], EvidenceRefused)
        _refuse_if_final(conn, link["unit_code"], link["year"])
        done = conn.execute(
            update(evidence_links)
            .where(evidence_links.c.id == link_id, evidence_links.c.removed_at.is_(None))
            .values(removed_at=now, removed_by=who)
        ).rowcount
        if not done:  # removed by someone else meanwhile
            raise EvidenceRefused("evidence-unknown-link", id=str(link_id))
        detail = {"link_id": link_id, "file": link["file_name"], "sha256": link["sha256"], **_target_of(link)}
        audit.record(conn, "evidence-remove", username=who, unit_code=link["unit_code"], period=str(link["year"]),
                     detail=detail, at=now)  # fmt: skip
    return link


def _target_of(link: dict[str, Any]) -> dict[str, str]:
    return {_detail_key(c): link[c] for c in (FIELD_TARGET, CRITERION_TARGET, TASK_TARGET) if link[c] is not None}


# ---------------------------------------------------------------- reading

_LINK_COLUMNS = [column for column in evidence_links.c]


def _live_link(conn: Connection, link_id: int) -> dict[str, Any]:
    links = evidence_links.c
    stmt = select(*_LINK_COLUMNS).where(links.id == int(link_id), links.removed_at.is_(None))
    row = conn.execute(stmt).mappings().one_or_none()
    if row is None:
        raise EvidenceRefused("evidence-unknown-link", id=str(link_id))
    return dict(row)


def evidence_link(engine: Engine, link_id: int) -> dict[str, Any]:
    """A live link's columns (whose school and year it is: what a permission check needs) with its file's size
    and kind; refused when unknown."""
    with reading(engine) as conn:
        link = _live_link(conn, link_id)
        stored = conn.execute(select(evidence_files.c.size, evidence_files.c.kind).where(
            evidence_files.c.sha256 == link["sha256"])).one()  # fmt: skip
    return {**link, "size": stored.size, "kind": stored.kind}


def list_evidence(engine: Engine, unit_code: str, year: int) -> list[dict[str, Any]]:
    """The school's live evidence for the year, oldest first: id, file_name, sha256, size, kind, field, criterion,
    task, added_by, added_at."""
    links, files = evidence_links.c, evidence_files.c
    stmt = (
        select(
            links.id,
            links.file_name,
            links.sha256,
            files.size,
            files.kind,
            links.field,
            links.criterion,
            links.task_code.label("task"),
            links.added_by,
            links.added_at,
        )
        .join(evidence_files, files.sha256 == links.sha256)
        .where(links.unit_code == unit_code, links.year == int(year), links.removed_at.is_(None))
        .order_by(links.added_at, links.id)
    )
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]


def evidence_content(engine: Engine, link_id: int, *, by: str | None) -> tuple[str, str, bytes]:
    """(the name to save it under, its kind, its bytes) of a live link; the download is audited.

    The name ends as the content is (core.filetypes.download_name): a PDF sent as `a.png` comes back as `a.pdf`.
    """
    who, now = acting_name(by), audit.wall_clock()
    with writing(engine) as conn:  # the read and its audit line commit together
        link = _live_link(conn, link_id)
        stored = conn.execute(select(evidence_files).where(evidence_files.c.sha256 == link["sha256"])).one()
        detail = {"link_id": int(link_id), "file": link["file_name"], "sha256": stored.sha256, "size": stored.size}
        audit.record(conn, "evidence-download", username=who, unit_code=link["unit_code"], period=str(link["year"]),
                     detail=detail, at=now)  # fmt: skip
    return download_name(link["file_name"], stored.kind), stored.kind, bytes(stored.content)
