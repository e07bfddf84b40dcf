"""Build `Frames` for the metrics tests from small literal lists.

Each helper returns one record as a dict with sensible defaults; `make_frames`
turns lists of them into the tables storage would hand over, with the same
dtypes (str text, int64 counts, float64 points, bool is_current, datetime64
dates, quarters' deadline as `datetime.date`). Records get the submission_id of
their unit's current submission for the quarter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import count
from typing import Any

import pandas as pd

from core.catalogs import default_catalogs
from core.text import content_key
from metrics.frames import (
    INDICATOR_COLUMNS,
    QUARTER_COLUMNS,
    SATISFACTION_COLUMNS,
    SELF_ASSESSMENT_COLUMNS,
    SUBMISSION_COLUMNS,
    TASK_COLUMNS,
    UNIT_COLUMNS,
    Frames,
)

LEVELS = ("very_dissatisfied", "dissatisfied", "neutral", "satisfied", "very_satisfied")
INTS = {"submission_id", "answers", *LEVELS}
FLOATS = {"result", "total", "max_points", "self_points", "appraised_points"}
DATETIMES = {"received_at", "deadline", "done_on"}


def unit(
    code: str,
    name: str | None = None,
    level: str = "tieu_hoc",
    ward: str = "Phường 1",
    active_from: str | None = None,
    active_to: str | None = None,
) -> dict[str, Any]:
    return {
        "unit_code": code,
        "unit_name": name or f"Trường {code}",
        "level": level,
        "ward": ward,
        "active_from": active_from,
        "active_to": active_to,
    }


def quarter(period: str, deadline: str) -> dict[str, Any]:
    return {"period": period, "deadline": date.fromisoformat(deadline)}


def submission(
    unit_code: str,
    period: str,
    received_at: str = "2025-06-10 09:00",
    *,
    current: bool = True,
    submission_id: int | None = None,
) -> dict[str, Any]:
    return {
        "submission_id": submission_id,
        "unit_code": unit_code,
        "period": period,
        "received_at": received_at,
        "file_name": f"{unit_code}_{period}.xlsx",
        "is_current": current,
    }


def task(
    unit_code: str,
    period: str,
    deadline: str,
    status: str = "done",
    done_on: str | None = None,
    field: str = "TTHC",
    content: str | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    """A task row; `task` follows it across quarters as storage does: its code, else its content's digest."""
    content = content if content is not None else f"Nhiệm vụ {field}"
    return {
        "unit_code": unit_code,
        "period": period,
        "field": field,
        "content": content,
        "plan": None,
        "deadline": deadline,
        "status": status,
        "done_on": done_on,
        "task": code or "~" + content_key(content),
        "content_key": content_key(content),
    }


def tasks_of(unit_code: str, period: str, done: int, total: int, deadline: str = "2025-06-30") -> list[dict]:
    """`total` tasks of which `done` are done on their deadline day (on time), the rest not started."""
    return [
        task(unit_code, period, deadline, "done", deadline)
        if n < done
        else task(unit_code, period, deadline, "not_started")
        for n in range(total)
    ]


def indicator(unit_code: str, period: str, code: str, result: float, total: float | None = None) -> dict[str, Any]:
    return {"unit_code": unit_code, "period": period, "code": code, "result": result, "total": total}


def survey(unit_code: str, period: str, dimension: str, levels: Sequence[int]) -> dict[str, Any]:
    """One dimension's answers; `levels` in very_dissatisfied … very_satisfied order, answers = their sum."""
    return {
        "unit_code": unit_code,
        "period": period,
        "dimension": dimension,
        "answers": sum(levels),
        **dict(zip(LEVELS, levels, strict=True)),
    }


def score(
    unit_code: str,
    period: str,
    field: str,
    self_points: float | None,
    appraised_points: float | None = None,
    max_points: float | None = None,
) -> dict[str, Any]:
    if max_points is None:
        max_points = default_catalogs().par_fields[field].max_points
    return {
        "unit_code": unit_code,
        "period": period,
        "field": field,
        "max_points": max_points,
        "self_points": self_points,
        "appraised_points": appraised_points,
    }


def table(rows: Iterable[dict[str, Any]], columns: list[str], *, dates_as_objects: bool = False) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=columns, dtype=object)
    dtypes: dict[str, str] = {}
    for name in columns:
        if name in INTS:
            dtypes[name] = "int64"
        elif name in FLOATS:
            dtypes[name] = "float64"
        elif name == "is_current":
            dtypes[name] = "bool"
        elif name in DATETIMES:
            dtypes[name] = "object" if dates_as_objects else "datetime64[us]"
        else:
            dtypes[name] = "str"
    for name in DATETIMES & set(columns):
        if not dates_as_objects:
            frame[name] = pd.to_datetime(frame[name], format="ISO8601")
    return frame.astype(dtypes)


def make_frames(
    units: Iterable[dict] = (),
    quarters: Iterable[dict] = (),
    submissions: Iterable[dict] = (),
    tasks: Iterable[dict] = (),
    indicators: Iterable[dict] = (),
    satisfaction: Iterable[dict] = (),
    self_assessment: Iterable[dict] = (),
) -> Frames:
    ids = count(1)
    subs = [{**s, "submission_id": s["submission_id"] or next(ids)} for s in submissions]
    current = {(s["unit_code"], s["period"]): s["submission_id"] for s in subs if s["is_current"]}

    def linked(rows: Iterable[dict]) -> list[dict]:
        return [{**r, "submission_id": current.get((r["unit_code"], r["period"]), 0)} for r in rows]

    return Frames(
        units=table(units, UNIT_COLUMNS),
        quarters=table(quarters, QUARTER_COLUMNS, dates_as_objects=True),
        submissions=table(subs, SUBMISSION_COLUMNS),
        tasks=table(linked(tasks), TASK_COLUMNS),
        indicators=table(linked(indicators), INDICATOR_COLUMNS),
        satisfaction=table(linked(satisfaction), SATISFACTION_COLUMNS),
        self_assessment=table(linked(self_assessment), SELF_ASSESSMENT_COLUMNS),
    )
