"""CCHC dashboard: logging in, the navigation each role may use, the sidebar's shared filters and the language.

Streamlit lives here and in pages/ only. Filters are bound to the URL's query
parameters (q, cmp, level, ward, lang, unit), so a link reproduces the view.
Hiding a page is only the first wall: each page checks the role again, and the
data a clerk's pages read is cut to their school before anything is computed.
"""

from __future__ import annotations

import streamlit as st

from core.catalogs import default_catalogs
from core.escape import escape_markdown
from i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from pages import _shared as ui
from storage.accounts import ADMIN, CLERK, User

st.set_page_config(page_title="Theo dõi CCHC các trường", page_icon="📊", layout="wide")


def _language() -> str:
    wanted = st.session_state.get("lang") or st.query_params.get("lang")
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def sidebar(user: User) -> None:
    with st.sidebar:
        lang = ui.url_select(translate("filters.language", _language()), list(LANGUAGES), "lang", LANGUAGES.get)
        name = escape_markdown(user.display_name)
        st.caption(translate("auth.signed_in_as", lang, name=name, role=ui.role_name(user)))
        if st.button(translate("auth.logout", lang), icon=":material/logout:", key="sidebar-logout", type="tertiary"):
            ui.log_out()
            st.rerun()
        periods = list(reversed(ui.periods()))
        if not periods:
            return
        chosen = ui.url_select(translate("filters.quarter", lang), periods, "q", ui.quarter, periods[0])
        earlier = [p for p in periods if p < chosen]
        ui.url_select(
            translate("filters.compare", lang),
            ["-", *earlier],
            "cmp",
            lambda p: translate("filters.no_compare", lang) if p == "-" else ui.quarter(p),
            earlier[0] if earlier else "-",
        )
        if user.own_unit:
            return  # one school: no level or ward to choose
        levels = default_catalogs().levels
        units = ui.frames().units
        present = [code for code in levels.codes() if code in set(units["level"])]
        ui.url_select(
            translate("filters.level", lang),
            ["-", *present],
            "level",
            lambda c: translate("filters.all_levels", lang) if c == "-" else ui.level_name(c),
        )
        wards = sorted(w for w in units["ward"].dropna().unique().tolist() if w)
        ui.url_select(
            translate("filters.ward", lang),
            ["-", *wards],
            "ward",
            lambda w: translate("filters.all_wards", lang) if w == "-" else w,
        )


def navigation(user: User) -> st.Page:
    lang = _language()

    def page(name: str, icon: str, default: bool = False) -> st.Page:
        return st.Page(ui.PAGE_FILES[name], title=translate(f"nav.{name}", lang), icon=icon, default=default)

    if user.role == CLERK:  # one school: its own profile, topics and reports, nothing comparing schools
        return menu(
            {
                translate("nav.group.units", lang): [page("school", ":material/school:", default=True)],
                translate("nav.group.topics", lang): [
                    page("tasks", ":material/task_alt:"),
                    page("indicators", ":material/flag:"),
                    page("satisfaction", ":material/sentiment_satisfied:"),
                ],
                translate("nav.group.reports", lang): [
                    page("upload", ":material/upload_file:"),
                    page("history", ":material/history:"),
                    page("account", ":material/person:"),
                ],
            }
        )
    reports = [page("history", ":material/history:"), page("account", ":material/person:")]
    if user.role == ADMIN:
        reports.insert(0, page("upload", ":material/upload_file:"))
    groups = {
        translate("nav.group.summary", lang): [
            page("overview", ":material/dashboard:", default=True),
            page("reporting", ":material/inbox:"),
            page("export", ":material/description:"),
        ],
        translate("nav.group.topics", lang): [
            page("tasks", ":material/task_alt:"),
            page("indicators", ":material/flag:"),
            page("satisfaction", ":material/sentiment_satisfied:"),
            page("par", ":material/leaderboard:"),
        ],
        translate("nav.group.units", lang): [page("school", ":material/school:")],
        translate("nav.group.reports", lang): reports,
    }
    if user.role == ADMIN:
        groups[translate("nav.group.admin", lang)] = [page(name, icon) for name, icon in ui.ADMIN_PAGES]
    return menu(groups)


def menu(groups: dict[str, list[st.Page]]) -> st.Page:
    return st.navigation(groups, expanded=True)  # every page listed: no "View more" to find the admin pages


def login() -> st.Page:
    """The login page, and every page hidden behind it: a link to any page opens it once logged in.

    Each page shows the login form itself while nobody is logged in (`ui.user`), so the
    address and its filters are kept through the login.
    """
    from pages.login import show

    entry = st.Page(show, title=translate("nav.login", _language()), url_path="login", default=True)
    behind = [st.Page(path) for name, path in ui.PAGE_FILES.items()]
    return st.navigation([entry, *behind], position="hidden")


user = ui.current_user()
if user is None:
    login().run()
else:
    sidebar(user)
    navigation(user).run()
