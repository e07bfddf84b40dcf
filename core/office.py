"""The managing office that issues the reports: data (a JSON file), never written into the code.

Since 1/7/2025 schools report to a ward or commune office or to the city's department,
and an office may change its name: the file may give the names used before `since`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.errors import Refusal
from core.settings import PROJECT_DIR
from core.text import clean_text

OFFICE_FILE = PROJECT_DIR / "data" / "office.json"
OFFICE_ENV = "CCHC_OFFICE_FILE"


@dataclass(frozen=True)
class Office:
    """The issuing unit (name), the body it belongs to (parent) and the place written before the date."""

    name: str
    parent: str
    place: str
    abbreviation: str = ""  # after "BC-" in the document number: Số: …/BC-VHXH
    since: date | None = None  # the day `name` and `parent` took effect
    former_name: str | None = None
    former_parent: str | None = None
    # "approval": "two-step" in the file: the ward approves, the city accepts (storage.ward_approval).
    two_step_approval: bool = False

    def as_of(self, day: date) -> Office:
        """The office as named on `day`: its former names before `since` (when the file gives them)."""
        if self.since is None or day >= self.since or not self.former_name:
            return self
        return Office(self.former_name, self.former_parent or self.parent, self.place, self.abbreviation,
                      two_step_approval=self.two_step_approval)  # fmt: skip


class OfficeFileError(Refusal, ValueError):
    """The office file cannot be used: the code says why, the values where."""


def office_file() -> Path:
    """`CCHC_OFFICE_FILE` when set, else `data/office.json`."""
    configured = os.environ.get(OFFICE_ENV, "").strip()
    return Path(configured) if configured else OFFICE_FILE


def load_office(path: Path | None = None) -> Office:
    """Read the office file; OfficeFileError (a ValueError) when it is missing, unreadable or incomplete."""
    path = path or office_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise OfficeFileError("office-unreadable", path=str(path), detail=str(error)) from error
    if not isinstance(raw, dict):
        raise OfficeFileError("office-not-object", path=str(path))
    values = {key: clean_text(raw.get(key)) for key in ("name", "parent", "place", "abbreviation")}
    missing = [key for key in ("name", "parent", "place") if not values[key]]
    if missing:
        raise OfficeFileError("office-missing", path=str(path), fields=missing)
    return Office(
        **values,
        since=_day(raw.get("since"), path),
        former_name=clean_text(raw.get("former_name")) or None,
        former_parent=clean_text(raw.get("former_parent")) or None,
        two_step_approval=_approval_steps(raw.get("approval"), path),
    )


def _approval_steps(value: object, path: Path) -> bool:
    """True for "two-step" (the ward approves, the city accepts); "one-step" or nothing: one approval locks."""
    if value in (None, "", "one-step"):
        return False
    if value == "two-step":
        return True
    raise OfficeFileError("office-bad-approval", path=str(path), value=repr(value))


def _day(value: object, path: Path) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise OfficeFileError("office-bad-since", path=str(path), value=repr(value)) from error
