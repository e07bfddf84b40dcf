"""The table of pages: each page's file, icon, menu group and what a person must be allowed to open it.

app.py builds the menu from it and each page checks its own row (`auth.allow_page(__file__)`);
who may do an action is core.permissions', nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.permissions import ADMINISTER, READ, READ_OFFICE, SUBMIT, Actor, may


@dataclass(frozen=True)
class PageRow:
    name: str  # its title is the text `nav.{name}`
    file: str
    icon: str
    group: str  # its menu group is the text `nav.group.{group}`
    action: str  # what the person must be allowed (core.permissions) to open it
    home: bool = False  # the page a person opens first: the first home page they may open


PAGES: tuple[PageRow, ...] = (
    PageRow("overview", "pages/overview.py", ":material/dashboard:", "summary", READ_OFFICE, home=True),
    PageRow("reporting", "pages/reporting.py", ":material/inbox:", "summary", READ_OFFICE),
    PageRow("export", "pages/export.py", ":material/description:", "summary", READ_OFFICE),
    PageRow("quality", "pages/quality.py", ":material/rule:", "summary", READ),
    PageRow("tasks", "pages/tasks.py", ":material/task_alt:", "topics", READ),
    PageRow("indicators", "pages/indicators.py", ":material/flag:", "topics", READ),
    PageRow("satisfaction", "pages/satisfaction.py", ":material/sentiment_satisfied:", "topics", READ),
    PageRow("par", "pages/par_scores.py", ":material/leaderboard:", "topics", READ_OFFICE),
    PageRow("school", "pages/school.py", ":material/school:", "units", READ, home=True),
    PageRow("upload", "pages/upload.py", ":material/upload_file:", "reports", SUBMIT),
    PageRow("plan", "pages/plan.py", ":material/event_note:", "reports", READ),
    PageRow("evidence", "pages/evidence.py", ":material/attach_file:", "reports", READ),
    PageRow("history", "pages/history.py", ":material/history:", "reports", READ),
    PageRow("account", "pages/account.py", ":material/person:", "reports", READ),
    PageRow("approval", "pages/admin_approval.py", ":material/verified:", "admin", ADMINISTER),
    PageRow("appraisal", "pages/admin_appraisal.py", ":material/grading:", "admin", ADMINISTER),
    PageRow("users", "pages/admin_users.py", ":material/group:", "admin", ADMINISTER),
    PageRow("registry", "pages/admin_registry.py", ":material/domain:", "admin", ADMINISTER),
    PageRow("audit", "pages/admin_audit.py", ":material/policy:", "admin", ADMINISTER),
)
GROUPS = ("summary", "topics", "units", "reports", "admin")  # the menu's order, after the home page's group
assert {row.group for row in PAGES} <= set(GROUPS)
assert len({row.name for row in PAGES}) == len({Path(row.file).stem for row in PAGES}) == len(PAGES)


def page(name: str) -> PageRow:
    return next(row for row in PAGES if row.name == name)


def of_file(path: str) -> PageRow:
    """The row of a page's own file (its `__file__`, however the script was started)."""
    stem = Path(path).stem
    return next(row for row in PAGES if Path(row.file).stem == stem)


def open_to(actor: Actor | None) -> list[PageRow]:
    """The pages this person may open, in the table's order."""
    return [row for row in PAGES if may(actor, row.action)]


def home(actor: Actor | None) -> PageRow:
    return next(row for row in open_to(actor) if row.home)


def groups(actor: Actor | None) -> dict[str, list[PageRow]]:
    """The person's menu: their pages by group, the home page's group first."""
    mine = open_to(actor)
    first = home(actor).group
    order = [first, *(g for g in GROUPS if g != first)]
    return {g: rows for g in order if (rows := [row for row in mine if row.group == g])}
