"""CCHC dashboard: logging in, the menu of pages each person may open, the sidebar's shared filters and the language.

Streamlit lives here and in pages/ only. Filters are bound to the URL's query
parameters (q, cmp, level, ward, lang, unit), so a link reproduces the view.
Hiding a page is only the first wall: each page checks its own row of the table of
pages again, and the data a clerk's pages read is cut to their school before
anything is computed.
"""

from __future__ import annotations

import streamlit as st

from core.catalogs import default_catalogs
from core.escape import escape_markdown
from core.periods import offered_periods, same_kind, time_order
from core.permissions import own_unit, own_ward
from i18n import LANGUAGES
from pages.ui import auth, menu, scope, widgets, words
from pages.ui.words import t
from storage.accounts import User

st.set_page_config(page_title=t("app.title"), page_icon="📊", layout="wide")


def sidebar(user: User) -> None:
    with st.sidebar:
        widgets.url_select(t("filters.language"), list(LANGUAGES), "lang", LANGUAGES.get)
        name = escape_markdown(user.display_name)
        st.caption(t("auth.signed_in_as", name=name, role=words.role_name(user)))
        if own_ward(user):
            st.caption(t("wards.scoped_to", ward=escape_markdown(own_ward(user))))
        if st.button(t("auth.logout"), icon=":material/logout:", key="sidebar-logout", type="tertiary"):
            auth.log_out()
            st.rerun()
        quarters = scope.periods()
        if not quarters:
            return
        # The quarters with reports and the six months, nine months and years they make, newest first.
        periods = list(reversed(offered_periods(quarters)))
        # Labels are worded now, in this run's language: a widget may format its value again outside the run.
        label = {p: words.quarter(p) for p in periods}
        chosen = widgets.url_select(t("filters.quarter"), periods, "q", label.get, quarters[-1])
        earlier = [p for p in periods if time_order(p) < time_order(chosen) and same_kind(p, chosen)]
        widgets.url_select(
            t("filters.compare"),
            [scope.NONE, *earlier],
            "cmp",
            {scope.NONE: t("filters.no_compare"), **label}.get,
            earlier[0] if earlier else scope.NONE,
        )
        if own_unit(user):
            return  # one school: no level or ward to choose
        scope.refuse_outside_ward(user)
        levels = default_catalogs().levels
        units = scope.frames().units
        found = set(units["level"].dropna().unique().tolist())
        present = [code for code in levels.codes() if code in found]
        widgets.url_select(
            t("filters.level"),
            [scope.NONE, *present],
            "level",
            {scope.NONE: t("filters.all_levels"), **{c: words.level_name(c) for c in present}}.get,
        )
        if own_ward(user):
            return  # its one ward: nothing to choose
        wards = sorted(w for w in units["ward"].dropna().unique().tolist() if w)
        chosen_ward = st.session_state.pop(widgets.WARD_PENDING, None)  # a ward clicked on the overview
        if chosen_ward in wards:
            st.session_state["ward"] = chosen_ward
        widgets.url_select(
            t("filters.ward"),
            [scope.NONE, *wards],
            "ward",
            {scope.NONE: t("filters.all_wards"), **{w: w for w in wards}}.get,
        )


def navigation(user: User) -> st.Page:
    """The pages this person may open, by group (pages.ui.menu): their home page's group first."""
    home = menu.home(user)

    def page(row: menu.PageRow) -> st.Page:
        return st.Page(row.file, title=t(f"nav.{row.name}"), icon=row.icon, default=row is home)

    groups = {t(f"nav.group.{group}"): [page(row) for row in rows] for group, rows in menu.groups(user).items()}
    return st.navigation(groups, expanded=True)  # every page listed: no "View more" to find the admin pages


def login() -> st.Page:
    """The login page, and every page hidden behind it: a link to any page opens it once logged in.

    Each page shows the login form itself while nobody is logged in (`auth.user`), so the
    address and its filters are kept through the login.
    """
    entry = st.Page(auth.login_page, title=t("nav.login"), url_path="login", default=True)
    behind = [st.Page(row.file) for row in menu.PAGES]
    return st.navigation([entry, *behind], position="hidden")


user = auth.current_user()
if user is None:
    login().run()
else:
    sidebar(user)
    navigation(user).run()
