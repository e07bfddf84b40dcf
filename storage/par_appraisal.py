"""The office's appraisal of a school's PAR self-assessment for a year, item by item, and the frozen framework.

A year's self-assessment is the one in the school's latest current report of the year that
holds one (as the year's figures take it). The office gives each item (a criterion, a
whole field, a bonus or penalty line of the year's framework) its appraised points, with a
reason whenever they differ from the self-assessed ones. While the school's year is a draft
(storage.par_years) the appraisal may change; once final it may not, and the framework the
year was appraised on is frozen: a framework file changed afterwards does not change it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, exists, insert, select, true, update

from core.errors import Refusal
from core.frameworks import Framework, framework_for, parse_framework
from loaders.values import BadValue, as_number
from storage import audit
from storage.db import reading, writing
from storage.governance import lock_unit
from storage.par_years import year_state
from storage.refusals import joined, problem
from storage.schema import (
    evidence_links,
    framework_freezes,
    par_appraisals,
    par_years,
    self_scores,
    submissions,
)

FINAL = "final"


class AppraisalRefused(Refusal, ValueError):
    """An appraisal that cannot be saved as asked: the code and values say what and where."""


# ---------------------------------------------------------------- what is appraised


def year_self_assessment(conn_or_engine: Connection | Engine, unit_code: str, year: int) -> dict[str, Any] | None:
    """The self-assessment the year's figures take: the latest current report of the year holding one.

    Keys: submission_id, period, rows (field, criterion, max_points, self_points, explanation, note, row).
    """
    with _connection(conn_or_engine) as conn:
        has_rows = exists().where(self_scores.c.submission_id == submissions.c.id)
        of_the_year = (submissions.c.unit_code == unit_code, submissions.c.period.like(f"{year}-Q%"))
        found = conn.execute(
            select(submissions.c.id, submissions.c.period)
            .where(*of_the_year, submissions.c.is_current == true(), has_rows)
            .order_by(submissions.c.period.desc())
            .limit(1)
        ).first()
        if found is None:
            return None
        s = self_scores
        rows = conn.execute(
            select(s.c.row, s.c.field, s.c.criterion, s.c.max_points, s.c.self_points, s.c.explanation, s.c.note)
            .where(s.c.submission_id == found.id)
            .order_by(s.c.row)
        ).all()
    return {"submission_id": found.id, "period": found.period, "rows": [dict(r._mapping) for r in rows]}


def appraised_items(conn_or_engine: Connection | Engine, unit_code: str, year: int) -> dict[str, dict[str, Any]]:
    """item → points, reason, submission_id, updated_by, updated_at of the office's appraisal of the year."""
    a = par_appraisals
    with _connection(conn_or_engine) as conn:
        rows = conn.execute(select(a).where(a.c.unit_code == unit_code, a.c.year == year)).all()
    return {r.item: {k: v for k, v in r._mapping.items() if k not in ("unit_code", "year", "item")} for r in rows}


def year_framework(conn_or_engine: Connection | Engine, year: int) -> Framework:
    """The framework `year` is appraised on: the one frozen when its first appraisal became final, else the file's."""
    with _connection(conn_or_engine) as conn:
        frozen = conn.execute(select(framework_freezes).where(framework_freezes.c.year == year)).first()
    if frozen is None:
        return framework_for(year)
    return parse_framework(frozen.content, frozen.source or f"{year}.csv", year)


def framework_changed_since_frozen(conn_or_engine: Connection | Engine, year: int) -> bool:
    """Whether the framework file of `year` differs from the one its final appraisals were made on."""
    with _connection(conn_or_engine) as conn:
        frozen = conn.execute(select(framework_freezes.c.digest).where(framework_freezes.c.year == year)).first()
    return frozen is not None and frozen.digest != framework_for(year).digest


def freeze_framework(conn: Connection, year: int, *, by: str | None) -> None:
    """Keep the framework of `year` as it is now (once: the first final appraisal of the year freezes it)."""
    if conn.execute(select(framework_freezes.c.year).where(framework_freezes.c.year == year)).first() is not None:
        return
    framework = framework_for(year)
    content = _framework_bytes(framework)
    values = {"digest": framework.digest, "source": framework.source, "content": content, "frozen_by": by}
    conn.execute(insert(framework_freezes).values(year=year, frozen_at=audit.wall_clock(), **values))


def _framework_bytes(framework: Framework) -> bytes:
    """The framework as its file holds it (the field catalog's framework written out the same way)."""
    from core.frameworks import FRAMEWORK_DIR, framework_file

    found = framework_file(framework.year or 0, FRAMEWORK_DIR) if framework.source else None
    if found is not None:
        return found.read_bytes()
    lines = ["code,parent,name,max_points,evidence,kind"]
    lines += [f'{i.code},,"{i.name}",{i.max_points:g},,' for i in framework.fields]
    return ("\n".join(lines) + "\n").encode()


def year_states(engine: Engine, year: int) -> dict[str, str]:
    """unit → draft / final of every school whose `year` has a state (the others are drafts)."""
    with reading(engine) as conn:
        rows = conn.execute(select(par_years.c.unit_code, par_years.c.state).where(par_years.c.year == int(year)))
        return {unit: state for unit, state in rows}


def evidence_targets(engine: Engine, year: int) -> dict[str, set[str]]:
    """unit → the fields and criteria of `year` that have evidence attached (one query for a whole batch)."""
    links = evidence_links.c
    stmt = select(links.unit_code, links.field, links.criterion).where(links.year == int(year),
                                                                       links.removed_at.is_(None))  # fmt: skip
    found: dict[str, set[str]] = {}
    with reading(engine) as conn:
        for unit, field, criterion in conn.execute(stmt):
            found.setdefault(unit, set()).add(criterion or field)
    return found


# ---------------------------------------------------------------- saving


def save_year_appraisal(
    engine: Engine,
    unit_code: str,
    year: int,
    rows: Iterable[Mapping[str, Any]],
    *,
    by: str | None,
    submission_id: int | None = None,
) -> int:
    """Set the office's points of items of the school's year; answer how many changed.

    `rows`: {"item": code, "points": number, text as people type it, or None to clear, "reason": text}.
    Every row is checked first (an item the school is scored on, or a bonus / penalty line;
    0 ≤ points ≤ its maximum; a reason where the points differ from the self-assessed ones):
    one refusal lists every problem and nothing is written. Refused when the year is final,
    and when `submission_id` (the self-assessment the appraiser saw) is no longer the year's.
    """
    with writing(engine) as conn:
        lock_unit(conn, unit_code)
        if year_state(conn, unit_code, year) == FINAL:
            raise AppraisalRefused("par-year-final", unit=unit_code, year=year)
        own = year_self_assessment(conn, unit_code, year)
        if own is None:
            raise AppraisalRefused("par-nothing-to-appraise", unit=unit_code, year=year)
        if submission_id is not None and submission_id != own["submission_id"]:
            raise AppraisalRefused("par-self-assessment-replaced", unit=unit_code, year=year)
        wanted = _checked(rows, _maxima(year_framework(conn, year), own["rows"]), unit_code, year)
        return _write(conn, unit_code, year, own["submission_id"], wanted, by)


def _maxima(framework: Framework, rows: list[dict[str, Any]]) -> dict[str, tuple[float, float | None]]:
    """item → (maximum, self-assessed points) of what may be appraised: the school's rows, the adjustments."""
    found = {(r["criterion"] or r["field"]): (float(r["max_points"]), float(r["self_points"])) for r in rows}
    found |= {line.code: (line.max_points, None) for line in framework.adjustments}
    return found


def _checked(
    rows: Iterable[Mapping[str, Any]], maxima: dict[str, tuple[float, float | None]], unit_code: str, year: int
) -> list[tuple[str, float | None, str | None]]:
    wanted: list[tuple[str, float | None, str | None]] = []
    problems: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        item = str(row.get("item") or "")
        if item not in maxima or item in seen:
            problems.append(problem("par-unknown-item" if item not in maxima else "par-item-twice", item=item))
            continue
        seen.add(item)
        maximum, own = maxima[item]
        points, trouble = _points(row.get("points"), item, maximum)
        reason = _text(row.get("reason"))
        if trouble is None and points is not None and _differs(points, own) and reason is None:
            trouble = problem("par-reason-needed", item=item, points=points, own=own if own is not None else 0)
        if trouble is not None:
            problems.append(trouble)
            continue
        wanted.append((item, points, reason))
    if problems:
        raise AppraisalRefused("par-appraisal-not-saved", unit=unit_code, year=year, problems=joined(problems))
    return wanted


def _differs(points: float, own: float | None) -> bool:
    return abs(points - (own or 0.0)) > 1e-9


def _points(value: object, item: str, maximum: float) -> tuple[float | None, dict[str, Any] | None]:
    """(points, None) or (None, the problem); blank means none. Text is read as people type numbers."""
    if isinstance(value, str):
        if not value.strip():
            return None, None
        try:
            value = as_number(value)
        except BadValue:
            return None, problem("par-not-a-number", item=item, value=value.strip())
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        return None, problem("par-not-a-number", item=item, value=str(value))
    points = float(value)
    if not 0 <= points <= maximum:
        return None, problem("par-points-out-of-range", item=item, points=points, maximum=float(maximum))
    return points, None


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip() or None


def _write(conn: Connection, unit_code: str, year: int, submission_id: int, wanted: list[tuple], by: str | None) -> int:
    a, now = par_appraisals, audit.wall_clock()
    stored = appraised_items(conn, unit_code, year)
    changed = 0
    for item, points, reason in wanted:
        old = stored.get(item)
        if (old is None and points is None) or (old is not None and (old["points"], old["reason"]) == (points, reason)):
            continue
        where = and_(a.c.unit_code == unit_code, a.c.year == year, a.c.item == item)
        values = {"points": points, "reason": reason, "submission_id": submission_id, "updated_by": by,
                  "updated_at": now}  # fmt: skip
        if points is None:
            conn.execute(delete(a).where(where))
        elif old is None:
            conn.execute(insert(a).values(unit_code=unit_code, year=year, item=item, **values))
        else:
            conn.execute(update(a).where(where).values(**values))
        detail = {"item": item, "before": old["points"] if old else None, "after": points, "reason": reason}
        audit.record(conn, "par-appraisal", username=by, unit_code=unit_code, period=str(year),
                     submission_id=submission_id, detail=detail, at=now)  # fmt: skip
        changed += 1
    return changed


def _connection(conn_or_engine: Connection | Engine):
    """A reading connection from an engine, or the caller's own connection (inside its transaction)."""
    from contextlib import nullcontext

    return reading(conn_or_engine) if isinstance(conn_or_engine, Engine) else nullcontext(conn_or_engine)
