"""A school's PAR year for the appraisal council: what it shows, saving the office's points, finalising.

The page and the CLI ask here; storage.par_appraisal keeps the points, storage.par_years the
draft / final state, storage.evidence the files, metrics.appraisal lays them side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from core.frameworks import Framework
from core.permissions import ADMINISTER, may
from metrics.appraisal import appraisal_items, final_points
from storage import par_years
from storage.accounts import User
from storage.db import writing
from storage.evidence import list_evidence
from storage.par_appraisal import (
    AppraisalRefused,
    appraised_items,
    framework_changed_since_frozen,
    freeze_framework,
    save_year_appraisal,
    year_framework,
    year_self_assessment,
)


@dataclass(frozen=True)
class YearSheet:
    """One school's year as the council sees it; `items` as metrics.appraisal.COLUMNS."""

    unit_code: str
    year: int
    framework: Framework
    items: pd.DataFrame
    submission_id: int | None  # the self-assessment appraised (None: the school sent none this year)
    period: str | None  # the quarter whose report holds it
    state: str  # draft / final
    framework_changed: bool  # the framework file changed after the year's appraisals became final

    @property
    def totals(self) -> dict[str, float | None]:
        return final_points(self.items)

    @property
    def final(self) -> bool:
        return self.state == par_years.FINAL

    @property
    def unsupported(self) -> int:
        return int(self.items["unsupported"].sum())


def year_sheet(engine: Engine, unit_code: str, year: int) -> YearSheet:
    framework = year_framework(engine, year)
    own = year_self_assessment(engine, unit_code, year)
    items = appraisal_items(framework, own["rows"] if own else [], appraised_items(engine, unit_code, year),
                            list_evidence(engine, unit_code, year))  # fmt: skip
    return YearSheet(unit_code, year, framework, items, own["submission_id"] if own else None,
                     own["period"] if own else None, par_years.year_state(engine, unit_code, year),
                     framework_changed_since_frozen(engine, year))  # fmt: skip


def _refuse_unless_office(user: User | None) -> None:
    if user is not None and not may(user, ADMINISTER):
        raise AppraisalRefused("par-office-only", user=user.username)


def save(engine: Engine, unit_code: str, year: int, rows: list[dict[str, Any]], user: User | None,
         submission_id: int | None = None) -> int:  # fmt: skip
    """The office's points and reasons saved (see storage.par_appraisal.save_year_appraisal)."""
    _refuse_unless_office(user)
    return save_year_appraisal(engine, unit_code, year, rows, by=user.username if user else None,
                               submission_id=submission_id)  # fmt: skip


def finalise(engine: Engine, unit_code: str, year: int, user: User | None) -> None:
    """The year made final, its framework frozen; refused without a self-assessment or with a reason missing."""
    _refuse_unless_office(user)
    sheet = year_sheet(engine, unit_code, year)
    if sheet.submission_id is None:
        raise AppraisalRefused("par-nothing-to-appraise", unit=unit_code, year=year)
    missing = sheet.items.loc[sheet.items["needs_reason"], "item"].tolist()
    if missing:
        raise AppraisalRefused("par-reasons-missing", unit=unit_code, year=year, items=", ".join(missing))
    by = user.username if user else None
    par_years.finalise(engine, unit_code, year, by=by)
    with writing(engine) as conn:
        freeze_framework(conn, year, by=by)


def reopen(engine: Engine, unit_code: str, year: int, reason: str, user: User | None) -> None:
    _refuse_unless_office(user)
    par_years.reopen(engine, unit_code, year, reason=reason, by=user.username if user else None)
