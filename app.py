"""CCHC dashboard: navigation, the sidebar's shared filters and the language.

Streamlit lives here and in pages/ only. Filters are bound to the URL's query
parameters (q, cmp, level, ward, lang, unit), so a link reproduces the view.
"""

from __future__ import annotations

import streamlit as st

from core.catalogs import default_catalogs
from i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from pages import _shared as ui

st.set_page_config(page_title="Theo dõi CCHC các trường", page_icon="📊", layout="wide")


def _language() -> str:
    wanted = st.session_state.get("lang") or st.query_params.get("lang")
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def sidebar() -> None:
    with st.sidebar:
        lang = ui.url_select(translate("filters.language", _language()), list(LANGUAGES), "lang", LANGUAGES.get)
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


def navigation() -> st.navigation:
    lang = _language()

    def page(name: str, icon: str, default: bool = False) -> st.Page:
        return st.Page(ui.PAGE_FILES[name], title=translate(f"nav.{name}", lang), icon=icon, default=default)

    return st.navigation(
        {
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
            translate("nav.group.reports", lang): [
                page("upload", ":material/upload_file:"),
                page("history", ":material/history:"),
            ],
        }
    )


sidebar()
navigation().run()
