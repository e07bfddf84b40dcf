"""What the pages share (pages/ui): the table of pages, the views' cache, refusals in the page's language."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.errors import Refusal
from core.permissions import ADMINISTER, READ, READ_OFFICE, SUBMIT, roles_allowed
from core.vocabulary import ADMIN, CLERK, VIEWER
from metrics import views
from pages.ui import menu, scope, words
from storage.accounts import User
from tests.sessions import as_read

ROOT = Path(__file__).resolve().parent.parent


def person(role: str, unit: str | None = None) -> User:
    return User(username=f"{role}-test", display_name="", role=role, unit_code=unit)


# ---------------------------------------------------------------- one table of pages


def test_every_page_file_is_in_the_table_and_checks_its_own_row():
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    assert sorted(row.file for row in menu.PAGES) == files
    for row in menu.PAGES:
        calls = [
            node
            for node in ast.walk(ast.parse((ROOT / row.file).read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "auth.allow_page"
        ]
        assert [ast.unparse(c) for c in calls] == ["auth.allow_page(__file__)"], row.file
        assert menu.of_file(str(ROOT / row.file)) is row


def test_who_may_open_a_page_is_what_core_permissions_grants():
    opens = {row.name: roles_allowed(row.action) for row in menu.PAGES}
    assert {name for name, roles in opens.items() if roles == roles_allowed(ADMINISTER)} == {
        "approval", "appraisal", "users", "registry", "audit",
    }  # fmt: skip
    assert roles_allowed(ADMINISTER) == (ADMIN,)
    assert roles_allowed(READ_OFFICE) == (ADMIN, VIEWER)
    assert roles_allowed(SUBMIT) == (ADMIN, CLERK)
    assert roles_allowed(READ) == (ADMIN, VIEWER, CLERK)
    assert opens["upload"] == (ADMIN, CLERK)
    assert opens["par"] == opens["overview"] == opens["reporting"] == opens["export"] == (ADMIN, VIEWER)
    for name in ("tasks", "indicators", "satisfaction", "school", "history", "account"):
        assert opens[name] == (ADMIN, VIEWER, CLERK), name


def test_each_role_gets_its_menu_with_its_home_page_first():
    def shown(role: str, unit: str | None = None) -> dict[str, list[str]]:
        return {group: [row.name for row in rows] for group, rows in menu.groups(person(role, unit)).items()}

    assert shown(CLERK, "TH01") == {
        "units": ["school"],
        "summary": ["quality"],
        "topics": ["tasks", "indicators", "satisfaction"],
        "reports": ["upload", "plan", "evidence", "history", "account"],
    }
    assert shown(VIEWER) == {
        "summary": ["overview", "reporting", "export", "quality"],
        "topics": ["tasks", "indicators", "satisfaction", "par"],
        "units": ["school"],
        "reports": ["plan", "evidence", "history", "account"],
    }
    assert shown(ADMIN) == {
        "summary": ["overview", "reporting", "export", "quality"],
        "topics": ["tasks", "indicators", "satisfaction", "par"],
        "units": ["school"],
        "reports": ["upload", "plan", "evidence", "history", "account"],
        "admin": ["approval", "appraisal", "users", "registry", "audit"],
    }
    assert menu.home(person(CLERK, "TH01")).name == "school"
    assert menu.home(person(VIEWER)).name == menu.home(person(ADMIN)).name == "overview"


# ---------------------------------------------------------------- views, cached apart


def first_view(frames, catalogs, *args):
    return ("first", args)


def second_view(frames, catalogs, *args):
    return ("second", args)


def test_views_with_the_same_arguments_are_cached_apart(monkeypatch):
    monkeypatch.setattr(scope, "_frames", lambda url, version, unit: None)
    monkeypatch.setattr(views, "restrict", lambda frames, level, ward: frames)
    scope._view.clear()

    def run(function, *args):
        return scope._view("sqlite://", "v1", scope.ALL, "", "", scope._name(function), args, function)

    assert run(first_view, "2026-Q3") == ("first", ("2026-Q3",))
    assert run(second_view, "2026-Q3") == ("second", ("2026-Q3",))
    assert run(first_view, "2026-Q3") == ("first", ("2026-Q3",))
    scope._view.clear()


def test_a_views_cache_key_is_its_qualified_name():
    assert scope._name(views.school_table) == f"{views.school_table.__module__}.school_table"
    assert scope._name(first_view) == f"{__name__}.first_view"
    with pytest.raises(ValueError, match="not a view"):
        scope._name(lambda frames, catalogs: None)


# ---------------------------------------------------------------- refusals in the page's language


@pytest.mark.parametrize(
    ("lang", "said"),
    [("vi", "Chưa có báo cáo nào cho Quý III/2026"), ("en", "There is no report for Q3/2026 yet")],
)
def test_a_refusal_is_worded_in_the_pages_language(monkeypatch, lang, said):
    monkeypatch.setattr(words, "language", lambda: lang)
    assert words.refusal_text(Refusal("quarter-without-reports", quarter="2026-Q3")) == said


def test_the_values_a_refusal_quotes_are_escaped_as_markdown(monkeypatch):
    monkeypatch.setattr(words, "language", lambda: "en")
    refused = Refusal("ward-without-units", ward="*Khu* [1](x)")
    assert as_read(words.refusal_text(refused)) == "No unit belongs to *Khu* [1](x)"
    assert "*Khu*" not in words.refusal_text(refused)
