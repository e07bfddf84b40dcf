"""Who may store which report: a school's clerk only their own school's, an administrator any of its reach.

Applied to the verdict shown before storing and again by `pipeline.ingest.store`, so
that no path stores a report its submitter may not send.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from sqlalchemy import Engine

from core.errors import Refusal
from core.periods import period_from_code
from core.permissions import ADMINISTER, may, may_submit_for, own_unit, own_ward
from loaders.contract import INFO
from loaders.problems import problem
from loaders.report import Report
from storage import audit, governance
from storage.accounts import User


def as_submitted_by(report: Report, user: User | None) -> Report:
    """The report as this account may send it: refused (one more error) when it may not.

    `user` None is the server's own operator (the CLI), who may store any report.
    """
    if may_submit_for(user, report.unit_code) or (own_unit(user) is not None and not report.unit_code):
        return report  # a clerk's file without a readable unit code is refused by the loader already
    if own_unit(user) is not None:
        refusal = problem("unit-not-allowed", unit=report.unit_code, user=user.username, own=user.unit_code)
    elif own_ward(user) is not None:
        refusal = problem("unit-outside-ward", unit=report.unit_code, user=user.username, ward=own_ward(user))
    else:
        refusal = problem("not-a-submitter", user=user.username)
    return replace(report, problems=[refusal, *report.problems])


def received_moment(user: User | None, asked: datetime | None, now: datetime) -> datetime:
    """When a report counts as received: the day an administrator gives when back-filling, else now.

    The received day decides whether a report was on time, so a school's clerk cannot
    choose it: their reports are stamped with the server's clock.
    """
    if asked is None or not may(user, ADMINISTER):
        return now
    return asked


def received_on(day: date) -> datetime:
    """When a back-filled report counts as received: the start of `day`, which may not be still to come."""
    if day > audit.wall_clock().date():  # today in Vietnam, whatever the server's time zone
        raise Refusal("future-received", received_day=day.isoformat())
    return datetime.combine(day, time())


def refuse_if_not_begun(report: Report, received_at: datetime) -> Report:
    """A report of a quarter that had not begun on the day it was received is refused (a mistyped year, say).

    Left in, it would become the quarter every page opens on.
    """
    if not report.accepted or not report.period:
        return report
    quarter, day = period_from_code(report.period), audit.wall_clock(received_at).date()
    if day >= quarter.first_day:
        return report
    refusal = problem(
        "period-not-begun",
        sheet=INFO.key,
        quarter=quarter.code,
        first_day=quarter.first_day.isoformat(),
        received_day=day.isoformat(),
    )
    return replace(report, problems=[*report.problems, refusal])


def refuse_if_locked(engine: Engine, report: Report) -> Report:
    """The verdict shown before storing: an approved and locked (or closed) unit and quarter refuses the file.

    Storing checks the lock again inside its transaction; this only says it before the click.
    """
    if not report.accepted or not report.unit_code or not report.period:
        return report
    state = governance.lock_state(engine, report.unit_code, report.period)
    if state is None:
        return report
    locked = governance.locked_refusal(state, report.unit_code, report.period)
    return replace(report, problems=[*report.problems, problem("report-locked", detail=locked.as_term())])
