"""The parts storage's refusals are made of, as values worded in the reader's language (i18n/refusals.py).

Who acted (a username, or the app itself), what waits for a lock to go, quarters in a
list, and several problems of one request joined into one refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from i18n.messages import term

SEND_REPORT, SEND_AGAIN, RESTORE_REPORT = "send-report", "send-again", "restore-report"  # what waits for a lock


def part(name: str, **params: Any) -> dict[str, Any]:
    """A part of a refusal (`refusal.part.<name>`)."""
    return term(f"refusal.part.{name}", **params)


def problem(code: str, **params: Any) -> dict[str, Any]:
    """One problem of a refusal that gathers several (`refusal.<code>`)."""
    return term(f"refusal.{code}", **params)


def by_whom(username: str | None) -> str | dict[str, Any]:
    """Who acted: the account's name, or the app itself when none is recorded."""
    return username or part("system")


def quarter_list(periods: Sequence[str]) -> list[dict[str, Any]]:
    """Quarter codes in a list, each shown as a quarter (`Quý II/2023, Quý III/2023`)."""
    return [part("quarter", quarter=period) for period in periods]


def joined(problems: Sequence[Any]) -> Any:
    """Several problems as one value, `; ` between them (nested in halves: shallow however many)."""
    if len(problems) == 1:
        return problems[0]
    middle = len(problems) // 2
    return part("joined", first=joined(problems[:middle]), rest=joined(problems[middle:]))
