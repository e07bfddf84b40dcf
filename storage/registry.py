"""The registry of units and the quarters' deadlines: who reports, and by when.

Every function takes the Engine from `storage.open.open_database`; every write is one
transaction with its audit line. A change of who had to report in a closed quarter, or
of a closed quarter's deadline, is refused: its figures stay as they were closed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from core.errors import Refusal
from core.periods import parse_period, period_from_code, within
from storage import audit
from storage.db import reading, writing
from storage.governance import quarter_is_closed
from storage.refusals import joined, quarter_list
from storage.schema import closed_quarters, quarters, units, ward_deadlines

_UNIT_FIELDS = ("unit_name", "level", "ward", "active_from", "active_to")


class RegistryRefused(Refusal, ValueError):
    """Units that cannot be stored as given: its code and values say why (i18n/refusals.py)."""


def _registry_period(value: object) -> str | None:
    """A unit's active_from/active_to as a code; the registry file may spell it `Quý III/2025`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    parsed = parse_period(value)
    if parsed is None:
        raise RegistryRefused("registry-bad-period", value=str(value))
    return parsed.code


def _unit_values(unit: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """The stored fields of `unit`. An optional key left out (a registry file without that
    column) keeps the stored value; present but None clears it."""
    values = {"unit_name": unit["unit_name"], "level": unit["level"]}
    for name in ("ward", "active_from", "active_to"):
        if name not in unit:
            values[name] = old[name] if old else None
        elif name == "ward":
            values[name] = unit[name] or None
        else:
            values[name] = _registry_period(unit[name])
    return values


def _expected_in(values: dict[str, Any] | None, period: str) -> bool:
    """Whether a unit with these stored fields reports for `period` (as the reporting figures count it)."""
    return values is not None and within(period, values.get("active_from"), values.get("active_to"))


def _closed_quarter_conflicts(
    units_in: list[dict[str, Any]], stored: dict[str, dict[str, Any]], closed: list[str]
) -> list[RegistryRefused]:
    """Why storing `units_in` would change who had to report in a closed quarter: one refusal per unit."""
    if not closed:
        return []
    after = period_from_code(closed[-1]).shift(1)
    problems = []
    for unit in units_in:
        code, old = str(unit["unit_code"]), stored.get(str(unit["unit_code"]))
        values = _unit_values(unit, old)
        moved = [p for p in closed if _expected_in(values, p) != _expected_in(old, p)]
        if not moved:
            continue
        if old is None:
            refusal = RegistryRefused(
                "new-unit-in-closed-quarter", unit=code, quarters=quarter_list(moved), quarter=after.code
            )
            problems.append(refusal)
        else:
            problems.append(RegistryRefused("unit-change-in-closed-quarter", unit=code, quarters=quarter_list(moved)))
    return problems


def _registry_and_closed(conn: Connection) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The stored units by code, and the closed quarters in order."""
    stored = {row["unit_code"]: dict(row) for row in conn.execute(select(units)).mappings()}
    closed = list(conn.scalars(select(closed_quarters.c.period).order_by(closed_quarters.c.period)))
    return stored, closed


def closed_quarter_conflicts(engine: Engine, units_in: list[dict[str, Any]]) -> list[RegistryRefused]:
    """What `upsert_units` would refuse of `units_in` to keep the closed quarters as closed (for a preview)."""
    with reading(engine) as conn:
        return _closed_quarter_conflicts(units_in, *_registry_and_closed(conn))


def _outside_ward(units_in: list[dict[str, Any]], stored: dict[str, dict[str, Any]], ward: str) -> list[str]:
    """The codes of `units_in` a ward's administrator may not store: of another ward, now or after the change."""
    outside = []
    for unit in units_in:
        code, old = str(unit["unit_code"]), stored.get(str(unit["unit_code"]))
        if (old is not None and old["ward"] != ward) or _unit_values(unit, old)["ward"] != ward:
            outside.append(code)
    return outside


def upsert_units(
    engine: Engine, units_in: list[dict[str, Any]], *, by: str | None = None, within_ward: str | None = None
) -> tuple[int, int]:
    """Add new units and update changed ones; answer (added, updated). Unchanged units are not counted.

    When anything changed, one "registry" audit line (by `by`) names the codes added and, for
    each changed unit, its fields before and after; it is committed with the change. A change
    of who had to report in a closed quarter (a new school counted in it, say) is refused
    whole (RegistryRefused, a ValueError): the quarter's figures stay as they were closed.
    `within_ward`: the acting administrator's ward; a row of another ward (or moved out of it)
    refuses the whole file, and the attempt is audited.
    """
    codes = [str(unit["unit_code"]) for unit in units_in]
    if len(set(codes)) != len(codes):
        raise RegistryRefused("duplicate-unit-codes")
    now = datetime.now()
    try:
        return _upsert(engine, codes, units_in, now, by, within_ward)
    except RegistryRefused as refused:
        if refused.code == "registry-outside-ward":  # written once the refused transaction is over
            detail = {"asked": "registry", "ward": within_ward, "units": refused.params["units"].split(", ")}
            audit.record(engine, "scope-refused", username=by, detail=detail)
        raise


def _upsert(
    engine: Engine, codes: list[str], units_in: list[dict[str, Any]], now: datetime, by: str | None,
    within_ward: str | None,
) -> tuple[int, int]:  # fmt: skip
    with writing(engine) as conn:
        stored, closed = _registry_and_closed(conn)
        outside = _outside_ward(units_in, stored, within_ward) if within_ward is not None else []
        if outside:
            raise RegistryRefused("registry-outside-ward", ward=within_ward, units=", ".join(outside))
        conflicts = _closed_quarter_conflicts(units_in, stored, closed)
        if conflicts:
            raise RegistryRefused("registry-not-saved", problems=joined([c.as_term() for c in conflicts]))
        added, changed, differences = [], [], []
        for code, unit in zip(codes, units_in, strict=True):
            old = stored.get(code)
            values = _unit_values(unit, old)
            if old is None:
                added.append({"unit_code": code, **values, "updated_at": now})
            elif fields := [name for name in _UNIT_FIELDS if old[name] != values[name]]:
                changed.append({"code": code, **values, "updated_at": now})
                differences.append(
                    {"code": code, "before": {f: old[f] for f in fields}, "after": {f: values[f] for f in fields}}
                )
        if added:
            conn.execute(insert(units), added)
        if changed:
            # executemany: the SET clause is made of the keys of the dicts that name columns
            conn.execute(update(units).where(units.c.unit_code == bindparam("code")), changed)
        if added or changed:
            detail = {"added": [unit["unit_code"] for unit in added], "changed": differences}
            audit.record(conn, "registry", username=by, detail=detail)
    return len(added), len(changed)


def list_units(engine: Engine) -> list[dict[str, Any]]:
    """Every unit of the registry, by code."""
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(select(units).order_by(units.c.unit_code)).mappings()]


def unit_registry(engine: Engine) -> dict[str, str]:
    """Code → name, what the validator checks a workbook's Mã đơn vị and Tên đơn vị against."""
    with reading(engine) as conn:
        return dict(conn.execute(select(units.c.unit_code, units.c.unit_name)).all())


class DeadlineRefused(Refusal, ValueError):
    """A deadline that cannot be set: its code and values say why (i18n/refusals.py)."""


def set_deadline(
    engine: Engine, period: str, deadline: date, *, by: str | None = None, ward: str | None = None
) -> None:
    """Configure the quarter's reporting deadline (replaces one set before).

    The day lies between the quarter's first day and the next quarter's last (a typo
    would silently turn every report late, or on time); a closed quarter keeps its own,
    as its on-time figures were reported with it: DeadlineRefused otherwise.
    A change writes a "deadline" audit line (by `by`, before → after; before None: the default applied).
    With `ward`, the ward's own deadline for its schools (a ward with no school is refused).
    """
    code = period_from_code(period).code
    quarter = period_from_code(code)
    latest = quarter.shift(1).last_day
    if not quarter.first_day <= deadline <= latest:
        raise DeadlineRefused(
            "deadline-out-of-range", deadline=deadline, quarter=code, earliest=quarter.first_day, latest=latest
        )
    if ward is not None:
        _set_ward_deadline(engine, code, ward, deadline, by)
        return
    with writing(engine) as conn:
        before = conn.scalar(select(quarters.c.deadline).where(quarters.c.period == code))
        if before == deadline:
            return  # nothing changes: not even a closed quarter minds
        if quarter_is_closed(conn, code):
            raise DeadlineRefused("deadline-quarter-closed", quarter=code)
        found = conn.execute(update(quarters).where(quarters.c.period == code).values(deadline=deadline))
        if found.rowcount == 0:
            conn.execute(insert(quarters).values(period=code, deadline=deadline))
        if before != deadline:
            detail = {"before": before.isoformat() if before else None, "after": deadline.isoformat()}
            audit.record(conn, "deadline", username=by, period=code, detail=detail)


def _set_ward_deadline(engine: Engine, code: str, ward: str, deadline: date, by: str | None) -> None:
    w = ward_deadlines
    with writing(engine) as conn:
        known = conn.scalar(select(units.c.ward).where(units.c.ward == ward).limit(1))
        if known is None:
            raise DeadlineRefused("deadline-unknown-ward", ward=ward)
        before = conn.scalar(select(w.c.deadline).where(w.c.period == code, w.c.ward == ward))
        if before == deadline:
            return
        if quarter_is_closed(conn, code):
            raise DeadlineRefused("deadline-quarter-closed", quarter=code)
        values = {"deadline": deadline, "set_by": by, "set_at": audit.wall_clock()}
        if before is None:
            conn.execute(insert(w).values(period=code, ward=ward, **values))
        else:
            conn.execute(update(w).where(w.c.period == code, w.c.ward == ward).values(**values))
        detail = {"ward": ward, "before": before.isoformat() if before else None, "after": deadline.isoformat()}
        audit.record(conn, "deadline", username=by, period=code, detail=detail)


def quarter_deadline(engine: Engine, period: str, ward: str | None = None) -> date:
    """The configured deadline (a ward's own, when it set one), else the contract's default: the 20th of the
    quarter's last month."""
    parsed = period_from_code(period)
    with reading(engine) as conn:
        if ward is not None:
            w = ward_deadlines
            own = conn.scalar(select(w.c.deadline).where(w.c.period == parsed.code, w.c.ward == ward))
            if own is not None:
                return own
        configured = conn.scalar(select(quarters.c.deadline).where(quarters.c.period == parsed.code))
    return configured or parsed.default_deadline


def ward_deadline_rows(engine: Engine, ward: str | None = None) -> list[dict[str, Any]]:
    """The wards' own deadlines (one ward's when given), newest quarter first."""
    w = ward_deadlines
    stmt = select(w).order_by(w.c.period.desc(), w.c.ward)
    if ward is not None:
        stmt = stmt.where(w.c.ward == ward)
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]
