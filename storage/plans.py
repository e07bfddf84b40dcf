"""Storing the units' plans for a year and reading them back: the current one, its history, its tasks.

A plan is stored whole in one transaction, with its "plan-upload" audit line. A second
plan for the same unit and year becomes the current one; the earlier stays, not current,
naming the plan that replaced it (`replaced_by`). Every task is stored with a code:
the one the plan gives; else the code of the previous current plan's task with the same
content (folded: case, marks, spaces and punctuation aside); else a new `UNIT-YEAR-NNN`,
numbered on from every code the unit had for that year, so that a code is never reused.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, true, update

from core.errors import Refusal
from core.text import clean_text, fold_key
from core.vocabulary import DONE
from loaders.plan_model import Plan, PlanTask
from storage import audit
from storage.audit import wall_clock
from storage.db import reading, writing
from storage.schema import plan_tasks, plans, submissions, tasks, units

if TYPE_CHECKING:
    import pandas as pd

PLAN_TASK_COLUMNS = ["unit_code", "code", "field", "content", "deadline", "due", "recurring"]
"""The columns of `current_plans`, one row per task of a current plan."""


class PlanRefused(Refusal, ValueError):
    """A plan that cannot be stored: it has errors, lacks its unit or year, or names a code or row twice."""


# ---------------------------------------------------------------- saving


def save_plan(
    engine: Engine, plan: Plan, *, content: bytes, received_at: datetime, by: str | None = None
) -> tuple[int, bool]:
    """Store an accepted plan as the current one for its unit and year; answer (its id, whether one was replaced).

    One transaction: the previous current plan (if any) stays, not current; the new one,
    its tasks with their codes and the audit line are written, or nothing is.
    """
    _refuse_unfit(plan)
    digest = hashlib.sha256(content).hexdigest()
    with writing(engine) as conn:
        _lock_unit(conn, plan)
        previous = _current_id(conn, plan.unit_code, plan.year)
        codes = _assign_codes(conn, plan, previous)
        if previous is not None:
            conn.execute(update(plans).where(plans.c.id == previous).values(is_current=False))
        plan_id = _insert_plan(conn, plan, content, digest, received_at, by)
        if previous is not None:
            conn.execute(update(plans).where(plans.c.id == previous).values(replaced_by=plan_id))
        _insert_tasks(conn, plan_id, plan.tasks, codes)
        audit.record(conn, "plan-upload", username=by, unit_code=plan.unit_code, period=str(plan.year),
                     detail=_audit_detail(plan, plan_id, previous, digest, received_at))  # fmt: skip
    return plan_id, previous is not None


def _refuse_unfit(plan: Plan) -> None:
    """PlanRefused for a plan with errors, without its key, or naming a code or a row twice."""
    if not plan.accepted:
        raise PlanRefused("plan-has-errors", file=plan.file_name)
    if not plan.unit_code or plan.year is None:
        raise PlanRefused("plan-without-key", file=plan.file_name)
    if (code := _first_repeated(_given_code(t) for t in plan.tasks)) is not None:
        raise PlanRefused("plan-duplicate-code", file=plan.file_name, code=code)
    if (row := _first_repeated(t.row for t in plan.tasks)) is not None:
        raise PlanRefused("plan-duplicate-row", file=plan.file_name, row=row)


def _first_repeated(values: Iterable[Any]) -> Any:
    seen: set[Any] = set()
    for value in values:
        if value is not None and value in seen:
            return value
        seen.add(value)
    return None


def _given_code(task: PlanTask) -> str | None:
    return clean_text(task.code) or None


def _lock_unit(conn: Connection, plan: Plan) -> None:
    """The unit's writes take turns on PostgreSQL (its row locked, as for reports); an unknown unit is refused."""
    found = conn.execute(select(units.c.unit_code).where(units.c.unit_code == plan.unit_code).with_for_update())
    if found.first() is None:
        raise PlanRefused("unknown-unit", unit=plan.unit_code)


def _current_id(conn: Connection, unit_code: str | None, year: int | None) -> int | None:
    stmt = select(plans.c.id).where(plans.c.unit_code == unit_code, plans.c.year == year, plans.c.is_current == true())
    return conn.scalar(stmt)


def _insert_plan(
    conn: Connection, plan: Plan, content: bytes, digest: str, received_at: datetime, by: str | None
) -> int:
    values = {
        "unit_code": plan.unit_code,
        "year": plan.year,
        "number": plan.number,
        "issued_on": plan.issued_on,
        "file_name": plan.file_name,
        "sha256": digest,
        "received_at": wall_clock(received_at),
        "submitted_by": by,
        "is_current": True,
        "problems": json.dumps([p.as_dict() for p in plan.problems], ensure_ascii=False, default=str),
        "content": content,
    }
    return int(conn.execute(insert(plans).values(**values)).inserted_primary_key[0])


def _insert_tasks(conn: Connection, plan_id: int, tasks: list[PlanTask], codes: list[str]) -> None:
    rows = [
        {"plan_id": plan_id, "row": t.row, "code": code, "field": t.field, "content": t.content, "who": t.who,
         "deadline": t.deadline, "due": t.due, "recurring": t.recurring, "product": t.product}
        for t, code in zip(tasks, codes, strict=True)
    ]  # fmt: skip
    if rows:
        conn.execute(insert(plan_tasks), rows)


def _audit_detail(plan: Plan, plan_id: int, replaced: int | None, digest: str, received_at: datetime) -> dict[str, Any]:
    return {
        "file": plan.file_name,
        "sha256": digest,
        "received_at": wall_clock(received_at).isoformat(sep=" "),
        "plan_id": plan_id,
        "replaced_plan_id": replaced,
        "year": plan.year,
        "tasks": len(plan.tasks),
        "problems": [p.audit_text() for p in plan.problems],
    }


# ---------------------------------------------------------------- task codes


def _assign_codes(conn: Connection, plan: Plan, previous: int | None) -> list[str]:
    """The code of each task, in the plan's order (see the module's docstring)."""
    given = [_given_code(t) for t in plan.tasks]
    taken = {code for code in given if code}
    by_content = _codes_by_content(conn, previous)
    fresh = _fresh_codes(f"{plan.unit_code}-{plan.year}-", [*_codes_ever(conn, plan), *taken])
    codes = []
    for task, code in zip(plan.tasks, given, strict=True):
        if code is None:
            kept = by_content.get(fold_key(task.content))
            code = kept if kept is not None and kept not in taken else next(fresh)
            taken.add(code)
        codes.append(code)
    return codes


def _codes_by_content(conn: Connection, plan_id: int | None) -> dict[str, str]:
    """Folded content → code, over a plan's tasks (the first row wins where two read the same)."""
    if plan_id is None:
        return {}
    stmt = select(plan_tasks.c.content, plan_tasks.c.code).where(plan_tasks.c.plan_id == plan_id)
    found: dict[str, str] = {}
    for content, code in conn.execute(stmt.order_by(plan_tasks.c.row)):
        found.setdefault(fold_key(content), code)
    return found


def _codes_ever(conn: Connection, plan: Plan) -> list[str]:
    """Every code any plan of this unit and year has held, current or replaced."""
    stmt = (
        select(plan_tasks.c.code)
        .join(plans, plans.c.id == plan_tasks.c.plan_id)
        .where(plans.c.unit_code == plan.unit_code, plans.c.year == plan.year)
    )
    return list(conn.scalars(stmt))


def _fresh_codes(prefix: str, used: Iterable[str]) -> Iterator[str]:
    """`PREFIX001`, `PREFIX002`…, numbered on from the highest number among `used` of that form."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)", re.IGNORECASE)
    numbers = [int(m.group(1)) for code in used if (m := pattern.fullmatch(code))]
    number = max(numbers, default=0)
    while True:
        number += 1
        yield f"{prefix}{number:03d}"


# ---------------------------------------------------------------- reading

_HEADER = [column for column in plans.c if column.name != "content"]
_TASK = [column for column in plan_tasks.c if column.name != "plan_id"]


def current_plan(engine: Engine, unit_code: str, year: int) -> dict[str, Any] | None:
    """The current plan of a unit for a year: its header, `problems` (the warnings) and `tasks` by row; None if none."""
    with reading(engine) as conn:
        header = conn.execute(
            select(*_HEADER).where(plans.c.unit_code == unit_code, plans.c.year == year, plans.c.is_current == true())
        ).mappings().one_or_none()  # fmt: skip
        if header is None:
            return None
        stmt = select(*_TASK).where(plan_tasks.c.plan_id == header["id"]).order_by(plan_tasks.c.row)
        tasks = [dict(row) for row in conn.execute(stmt).mappings()]
    return {**header, "problems": json.loads(header["problems"]), "tasks": tasks}


def plan_history(engine: Engine, unit_code: str, year: int | None = None) -> list[dict[str, Any]]:
    """A unit's stored plans, newest received first, current and replaced, each with its `task_count`."""
    task_count = select(func.count()).where(plan_tasks.c.plan_id == plans.c.id).scalar_subquery()
    columns = [column for column in _HEADER if column.name != "problems"]
    stmt = select(*columns, task_count.label("task_count")).where(plans.c.unit_code == unit_code)
    if year is not None:
        stmt = stmt.where(plans.c.year == year)
    with reading(engine) as conn:
        rows = conn.execute(stmt.order_by(plans.c.received_at.desc(), plans.c.id.desc())).mappings()
        return [dict(row) for row in rows]


def plan_task_codes(engine: Engine, year: int) -> dict[str, list[tuple[str, str, date | None]]]:
    """Unit → (code, content, due or None when recurring) of every task of its current plan for `year`:
    what reports are linked by and followed against."""
    stmt = (
        select(plans.c.unit_code, plan_tasks.c.code, plan_tasks.c.content, plan_tasks.c.due, plan_tasks.c.recurring)
        .join(plans, plans.c.id == plan_tasks.c.plan_id)
        .where(plans.c.year == year, plans.c.is_current == true())
        .order_by(plans.c.unit_code, plan_tasks.c.row)
    )
    found: dict[str, list[tuple[str, str, date | None]]] = {}
    with reading(engine) as conn:
        for unit, code, content, due, recurring in conn.execute(stmt):
            found.setdefault(unit, []).append((code, content, None if recurring else due))
    return found


def codes_done(engine: Engine, year: int) -> dict[str, list[tuple[str, str]]]:
    """Unit → (quarter, plan code) of every task its current reports of `year` give as done."""
    stmt = (
        select(submissions.c.unit_code, submissions.c.period, tasks.c.code)
        .join(submissions, submissions.c.id == tasks.c.submission_id)
        .where(
            submissions.c.is_current == true(),
            submissions.c.period.like(f"{year}-Q%"),
            tasks.c.status == DONE,
            tasks.c.code.is_not(None),
        )
    )
    found: dict[str, list[tuple[str, str]]] = {}
    with reading(engine) as conn:
        for unit, period, code in conn.execute(stmt):
            found.setdefault(unit, []).append((period, code))
    return found


def year_report_rows(engine: Engine, year: int, units: list[str] | None = None) -> pd.DataFrame:
    """The task rows of the year's current reports (of `units` only, when given): unit_code, period, row, code
    (the linked plan code, or null), content, deadline (datetime64), status; what continuity is read from."""
    import pandas as pd  # here, not at the top: storing a plan never needs pandas

    of_units = true() if units is None else submissions.c.unit_code.in_(units)
    stmt = (
        select(
            submissions.c.unit_code,
            submissions.c.period,
            tasks.c.row,
            tasks.c.code,
            tasks.c.content,
            tasks.c.deadline,
            tasks.c.status,
        )
        .join(submissions, submissions.c.id == tasks.c.submission_id)
        .where(submissions.c.is_current == true(), submissions.c.period.like(f"{year}-Q%"), of_units)
        .order_by(submissions.c.unit_code, submissions.c.period, tasks.c.row)
    )
    columns = ["unit_code", "period", "row", "code", "content", "deadline", "status"]
    with reading(engine) as conn:
        values = _columns(conn, stmt, len(columns)) if units != [] else [() for _ in columns]
    frame = pd.DataFrame({name: pd.Series(v, dtype=object) for name, v in zip(columns, values, strict=True)})
    frame["deadline"] = _moments(values[5])
    frame["row"] = frame["row"].astype("int64")
    return frame


REPORT_ROW_COLUMNS = ["submission_id", "unit_code", "period", "row", "code", "deadline", "status"]
"""The columns of `report_rows`: a report's task rows as continuity reads them, without their content."""


def current_reports(conn: Connection, quarters: list[str], known: pd.DataFrame | None = None) -> pd.DataFrame:
    """submission_id, unit_code, period of the current reports of these quarters, by id. With `known` (an earlier
    answer), the ids are read, and the unit and quarter only of the reports `known` does not hold."""
    import numpy as np
    import pandas as pd

    current = and_(submissions.c.is_current == true(), submissions.c.period.in_(quarters))
    if known is None:
        return _reports(conn, current)
    (found,) = _columns(conn, select(submissions.c.id).where(current), 1)
    ids, held = np.sort(np.array(found, dtype="int64")), known["submission_id"].to_numpy()
    if np.array_equal(ids, held):
        return known
    added = np.setdiff1d(ids, held)
    if len(added) > _IN_LIST:
        return _reports(conn, current)
    fresh = _reports(conn, submissions.c.id.in_(added.tolist()))
    both = pd.concat([known.loc[np.isin(held, ids)], fresh], ignore_index=True)
    return both.sort_values("submission_id", ignore_index=True)


def _reports(conn: Connection, condition: Any) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    stmt = select(submissions.c.id, submissions.c.unit_code, submissions.c.period).where(condition)
    ids, units, periods = _columns(conn, stmt.order_by(submissions.c.id), 3)
    return pd.DataFrame({"submission_id": np.array(ids, dtype="int64"), "unit_code": pd.Series(units, dtype=object),
                         "period": pd.Series(periods, dtype=object)})  # fmt: skip


def report_rows(conn: Connection, reports: pd.DataFrame) -> pd.DataFrame:
    """The task rows of these reports (`current_reports`' rows) as `REPORT_ROW_COLUMNS`, by report then row."""
    import numpy as np
    import pandas as pd

    stmt = select(tasks.c.submission_id, tasks.c.row, tasks.c.code, tasks.c.deadline, tasks.c.status).order_by(
        tasks.c.submission_id, tasks.c.row
    )
    sids, rows, codes, deadlines, statuses = _chunked(conn, stmt, tasks.c.submission_id, reports["submission_id"], 5)
    sid = np.array(sids, dtype="int64")
    where = pd.Index(reports["submission_id"].to_numpy()).get_indexer(sid)
    return pd.DataFrame(
        {
            "submission_id": sid,
            "unit_code": pd.Series(reports["unit_code"].to_numpy(dtype=object)[where], dtype=object),
            "period": pd.Series(reports["period"].to_numpy(dtype=object)[where], dtype=object),
            "row": np.array(rows, dtype="int64"),
            "code": pd.Series(codes, dtype=object),
            "deadline": _moments(deadlines),
            "status": pd.Series(statuses, dtype=object),
        },
        columns=REPORT_ROW_COLUMNS,
    )


def task_contents(conn: Connection, submission_ids: Iterable[int]) -> pd.DataFrame:
    """submission_id, row, content of these reports' task rows (a stored report's rows never change)."""
    import numpy as np
    import pandas as pd

    stmt = select(tasks.c.submission_id, tasks.c.row, tasks.c.content)
    sids, rows, contents = _chunked(conn, stmt, tasks.c.submission_id, submission_ids, 3)
    return pd.DataFrame({"submission_id": np.array(sids, dtype="int64"), "row": np.array(rows, dtype="int64"),
                         "content": pd.Series(contents, dtype=object)})  # fmt: skip


_IN_LIST = 5000  # ids per query: well under the bound parameters SQLite takes in one statement


def _chunked(conn: Connection, stmt: Any, column: Any, ids: Iterable[int], width: int) -> list[list]:
    """`_columns` of `stmt` for these ids of `column`, a few thousand ids a query."""
    ordered = sorted({int(i) for i in ids})
    found: list[list] = [[] for _ in range(width)]
    for at in range(0, len(ordered), _IN_LIST):
        chunk = _columns(conn, stmt.where(column.in_(ordered[at : at + _IN_LIST])), width)
        for into, values in zip(found, chunk, strict=True):
            into.extend(values)
    return found


def _columns(conn: Connection, stmt: Any, width: int) -> list[tuple]:
    """The query's columns, each a tuple of the driver's plain values: Row objects cost more than the fetch."""
    result = conn.execute(stmt)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]


def _moments(values: Iterable[Any]) -> pd.Series:
    """Days or moments as datetime64[us], whichever form the backend gave (ISO text on SQLite)."""
    import pandas as pd

    return pd.Series(pd.to_datetime(pd.Series(list(values), dtype=object), format="ISO8601")).astype("datetime64[us]")


def coded_statuses(engine: Engine, quarters: list[str]) -> pd.DataFrame:
    """unit_code, period, code, status of the linked task rows of these quarters' current reports: all that
    plan completion reads (the lean cousin of `year_report_rows`, for a city's year)."""
    import pandas as pd

    stmt = (
        select(submissions.c.unit_code, submissions.c.period, tasks.c.code, tasks.c.status)
        .join(submissions, submissions.c.id == tasks.c.submission_id)
        .where(submissions.c.is_current == true(), submissions.c.period.in_(quarters), tasks.c.code.is_not(None))
    )
    columns = ["unit_code", "period", "code", "status"]
    with reading(engine) as conn:
        result = conn.execute(stmt)
        rows = result.cursor.fetchall()  # plain tuples, turned column-wise: a city's year is ~10⁵ rows
        result.close()
    values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return pd.DataFrame({name: pd.array(v, dtype="str") for name, v in zip(columns, values, strict=True)})


def plan_dues(engine: Engine, year: int) -> pd.DataFrame:
    """unit_code, code, due (datetime64, NaT when recurring), recurring of every task of the year's current
    plans: all that plan completion reads of them."""
    import numpy as np
    import pandas as pd

    stmt = (
        select(plans.c.unit_code, plan_tasks.c.code, plan_tasks.c.due, plan_tasks.c.recurring)
        .join(plans, plans.c.id == plan_tasks.c.plan_id)
        .where(plans.c.year == year, plans.c.is_current == true())
    )
    with reading(engine) as conn:
        result = conn.execute(stmt)
        rows = result.cursor.fetchall()
        result.close()
    units, codes, dues, recurring = list(zip(*rows, strict=True)) if rows else ([], [], [], [])
    return pd.DataFrame(
        {
            "unit_code": pd.array(units, dtype="str"),
            "code": pd.array(codes, dtype="str"),
            "due": pd.Series(pd.to_datetime(pd.Series(dues, dtype=object))).astype("datetime64[us]"),
            "recurring": np.array(recurring, dtype="bool"),
        }
    )


def current_plans(engine: Engine, year: int) -> pd.DataFrame:
    """Every task of the year's current plans (`PLAN_TASK_COLUMNS`), by unit and row.

    `due` is datetime64 (NaT for a recurring task), `recurring` bool, the rest text (`who`
    and `product` are not among them: the figures do not need them).
    """
    stmt = (
        select(plans.c.unit_code, *(plan_tasks.c[name] for name in PLAN_TASK_COLUMNS[1:]))
        .join(plans, plans.c.id == plan_tasks.c.plan_id)
        .where(plans.c.year == year, plans.c.is_current == true())
        .order_by(plans.c.unit_code, plan_tasks.c.row)
    )
    with reading(engine) as conn:
        return _task_frame(_columns(conn, stmt, len(PLAN_TASK_COLUMNS)), PLAN_TASK_COLUMNS)


def current_plan_ids(conn: Connection, year: int) -> dict[str, int]:
    """Unit → the id of its current plan for `year` (a stored plan's tasks never change: the id says them)."""
    stmt = select(plans.c.unit_code, plans.c.id).where(plans.c.year == year, plans.c.is_current == true())
    return {unit: int(plan_id) for unit, plan_id in conn.execute(stmt)}


def plan_tasks_of(conn: Connection, plan_ids: Iterable[int]) -> pd.DataFrame:
    """plan_id and `PLAN_TASK_COLUMNS` of every task of these plans, by plan then row; the text columns as Python
    strings (continuity only picks a few of them)."""
    import numpy as np
    import pandas as pd

    columns = ["plan_id", *PLAN_TASK_COLUMNS]
    stmt = (
        select(plans.c.id, plans.c.unit_code, *(plan_tasks.c[name] for name in PLAN_TASK_COLUMNS[1:]))
        .join(plans, plans.c.id == plan_tasks.c.plan_id)
        .order_by(plans.c.id, plan_tasks.c.row)
    )
    named = dict(zip(columns, _chunked(conn, stmt, plans.c.id, plan_ids, len(columns)), strict=True))
    frame = {name: pd.Series(values, dtype=object) for name, values in named.items()}
    frame.update(plan_id=pd.Series(np.array(named["plan_id"], dtype="int64")), due=_moments(named["due"]),
                 recurring=pd.Series(np.array(named["recurring"], dtype="bool")))  # fmt: skip
    return pd.DataFrame(frame, columns=columns)


def _task_frame(values: list[tuple], columns: list[str]) -> pd.DataFrame:
    """The columns as a frame whose dtypes do not depend on the backend or on emptiness."""
    import numpy as np
    import pandas as pd  # here, not at the top: storing a plan never needs pandas

    named = dict(zip(columns, values, strict=True))
    frame = {name: pd.Series(pd.array(v, dtype="str")) for name, v in named.items()}
    frame["due"] = _moments(named["due"])
    frame["recurring"] = pd.Series(np.array(named["recurring"], dtype="bool"))
    return pd.DataFrame(frame, columns=columns)


def plan_content(engine: Engine, plan_id: int) -> tuple[str, bytes]:
    """The file name and the original bytes of a stored plan (KeyError if unknown)."""
    with reading(engine) as conn:
        row = conn.execute(select(plans.c.file_name, plans.c.content).where(plans.c.id == plan_id)).one_or_none()
    if row is None:
        raise KeyError(plan_id)
    return row.file_name, bytes(row.content)
