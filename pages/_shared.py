"""What every page shares: the database, cached computations, the sidebar's filters, the language.

Caching follows the data: the engine is a resource; the stored tables are a
resource keyed by the database's version (any stored report changes it), so
pages never copy them; each page's computed tables are `st.cache_data` keyed by
the same version and the filters. Nothing heavy lives in `session_state`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import formatting as fmt
from core.catalogs import default_catalogs
from core.escape import escape_markdown
from core.settings import cache_dir, database_url
from core.vocabulary import ADMIN, CLERK, ROLES, VIEWER
from figures.charts import empty_figure
from i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from metrics import views
from metrics.frames import Frames
from storage import accounts, audit, repository
from storage.accounts import User
from storage.db import make_engine
from storage.snapshot import load_frames_cached

PAGE_FILES = {
    "overview": "pages/overview.py",
    "tasks": "pages/tasks.py",
    "indicators": "pages/indicators.py",
    "satisfaction": "pages/satisfaction.py",
    "par": "pages/par_scores.py",
    "school": "pages/school.py",
    "reporting": "pages/reporting.py",
    "upload": "pages/upload.py",
    "history": "pages/history.py",
    "export": "pages/export.py",
    "account": "pages/account.py",
    "approval": "pages/admin_approval.py",
    "appraisal": "pages/admin_appraisal.py",
    "users": "pages/admin_users.py",
    "registry": "pages/admin_registry.py",
    "audit": "pages/admin_audit.py",
}
# (PAGE_FILES key, icon) of the administrators' group, in order
ADMIN_PAGES: list[tuple[str, str]] = [
    ("approval", ":material/verified:"),
    ("appraisal", ":material/grading:"),
    ("users", ":material/group:"),
    ("registry", ":material/domain:"),
    ("audit", ":material/policy:"),
]
ALL = ""  # the filter value meaning "no restriction"
OFFICE = (ADMIN, VIEWER)  # the office's accounts: they see every school
EVERYONE = ROLES
UPLOADERS = (ADMIN, CLERK)  # a viewer reads, changes nothing
USER_KEY = "auth-user"  # the logged-in User in session_state (server-side: the browser never holds it)
NONE = "-"  # the choice "all levels", "all wards" or "no comparison" in a selectbox (and so in the URL)


@dataclass(frozen=True)
class Filters:
    period: str | None
    compare: str | None
    level: str
    ward: str
    lang: str


@st.cache_resource(show_spinner=False)
def engine(url: str):
    return make_engine(url)


@st.cache_data(ttl=2, show_spinner=False)
def _version(url: str) -> str:
    return repository.data_version(engine(url))


def version() -> str:
    """Changes whenever a report, a unit or a deadline is stored: the caches' key.

    Asked of the database at most every two seconds (a page asks it many times a run);
    whatever stores data clears it at once with `forget_version()`.
    """
    return _version(database_url())


def forget_version() -> None:
    _version.clear()


# ---------------------------------------------------------------- who is logged in


@st.cache_data(ttl=30, show_spinner=False)
def _account(url: str, username: str) -> User | None:
    return accounts.get_user(engine(url), username)


def current_user() -> User | None:
    """The logged-in account as the database has it now (at most 30 s old), else None.

    Read again rather than trusted from the session: an account disabled, given another
    role or a new password (reset by an administrator, or changed in another session)
    loses this session within half a minute.
    """
    held = st.session_state.get(USER_KEY)
    if held is None:
        return None
    user = _account(database_url(), held.username)
    if user is None or not held.same_session(user):
        st.session_state.pop(USER_KEY, None)
        return None
    return user


def log_in(user: User) -> None:
    st.session_state[USER_KEY] = user
    _account.clear()


def log_out() -> None:
    user = st.session_state.pop(USER_KEY, None)
    if user is not None:
        audit.record(engine(database_url()), "logout", username=user.username, unit_code=user.unit_code)
    if _identity_provider_configured() and st.user.is_logged_in:
        st.logout()  # else the provider's cookie would sign the person straight back in


def role_name(who: User) -> str:
    """The account's role in words, as Markdown (the school's code escaped)."""
    return t(f"role.{who.role}", unit=escape_markdown(who.unit_code or ""))


def _identity_provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all: Streamlit raises rather than answer False
        return False


def single_sign_on() -> None:
    """With an [auth] section in secrets.toml: sign in through the organisation's OIDC provider.

    The provider proves who the person is; the role comes from the local account whose
    username is the e-mail address the provider gives, so an unknown address gets nothing.
    """
    if not _identity_provider_configured():
        return
    if not st.user.is_logged_in:
        st.button(t("auth.sso"), on_click=st.login, icon=":material/key:")
        return
    found = accounts.sign_in_with_identity(engine(database_url()), st.user.to_dict())
    if found is None:
        st.error(t("auth.sso_unknown", email=escape_markdown(st.user.get("email") or "?")))
        st.button(t("auth.logout"), on_click=st.logout)
        return
    log_in(found)
    st.rerun()


def _through_app_py() -> None:
    """Make sure this run went through app.py's navigation, not straight to a file of pages/.

    Streamlit serves a fresh server's first visit to `/school` by running pages/school.py
    alone (the pages/ folder's old multipage mode) until some run has called st.navigation;
    app.py's login, sidebar and role menu would then be skipped. Rerun through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False  # what st.navigation itself sets on its first call
        st.rerun()


def user() -> User:
    """The logged-in account; without one, the login form in place of the page, and stop."""
    _through_app_py()
    found = current_user()
    if found is None:
        from pages.login import show

        show()  # the login form in place of the page; once logged in, this same page opens
        st.stop()
    return found


def allow(*roles: str) -> User:
    """The logged-in account if its role may open this page; otherwise say so and stop."""
    found = user()
    if found.role not in roles:
        st.error(t("auth.forbidden"))
        st.stop()
    return found


def visible_units(units: list[dict]) -> list[dict]:
    """The registry's units this user may see (a clerk: their own school)."""
    found = user()
    return [u for u in units if found.may_see(u["unit_code"])]


def _unit_scope() -> str:
    """The one unit a clerk's data is cut to before any table is computed; ALL for the office."""
    found = current_user()
    if found is None:
        return _NOBODY
    return found.own_unit or ALL


_NOBODY = "\x00nobody"  # no unit has this code: without a login, every table is empty


def audited(action_detail: dict[str, Any], build: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download's builder that also writes an 'export' line to the audit log when it runs."""
    who = current_user()
    name, unit = (who.username, who.unit_code) if who else (None, None)
    period = filters().period

    def run() -> bytes:
        data = build()
        audit.record(engine(database_url()), "export", username=name, unit_code=unit, period=period,
                     detail={**action_detail, "bytes": len(data)})  # fmt: skip
        return data

    return run


# ---------------------------------------------------------------- data, cut to what the user may see


@st.cache_resource(show_spinner=False, max_entries=2)
def _all_frames(url: str, data_version: str) -> Frames:
    return load_frames_cached(engine(url), cache_dir())


@st.cache_resource(show_spinner=False, max_entries=16)
def _frames(url: str, data_version: str, unit: str) -> Frames:
    """Every table, or for a clerk only their school's rows: the cut happens before any view sees the data."""
    everything = _all_frames(url, data_version)
    return everything if unit == ALL else views.restrict_units(everything, [unit])


@st.cache_resource(show_spinner=False, max_entries=4)
def _task_texts(url: str, data_version: str, period: str) -> pd.DataFrame:
    return repository.load_task_texts(engine(url), period)


def with_task_texts(tasks: pd.DataFrame, period: str) -> pd.DataFrame:
    """A task list from `view()` with each task's content and plan (fetched only for the pages that list tasks)."""
    return views.attach_texts(tasks, _task_texts(database_url(), version(), period))


def frames() -> Frames:
    """The stored tables this user may see (a clerk: their school's only)."""
    return _frames(database_url(), version(), _unit_scope())


@st.cache_data(show_spinner=False, max_entries=256)
def _view(url: str, data_version: str, unit: str, level: str, ward: str, name: str, args: tuple) -> Any:
    scoped = views.restrict(_frames(url, data_version, unit), level or None, ward or None)
    return getattr(views, name)(scoped, default_catalogs(), *args)


def view(name: str, *args: Any, scoped: bool = True) -> Any:
    """A table from `metrics.views`, for the sidebar's scope (or all the user may see), cached."""
    f = filters()
    level, ward = (f.level, f.ward) if scoped else (ALL, ALL)
    return _view(database_url(), version(), _unit_scope(), level, ward, name, args)


@st.cache_data(show_spinner=False, max_entries=16)
def _periods(url: str, data_version: str, unit: str) -> list[str]:
    return views.periods_of(_frames(url, data_version, unit))


def periods() -> list[str]:
    return _periods(database_url(), version(), _unit_scope())


def filters() -> Filters:
    state = st.session_state

    def chosen(key: str) -> str:
        value = state.get(key)
        return "" if value in (None, NONE) else value

    known = periods()
    return Filters(
        period=chosen("q") or (known[-1] if known else None),
        compare=chosen("cmp") or None,
        level=chosen("level"),
        ward=chosen("ward"),
        lang=chosen("lang") or DEFAULT_LANGUAGE,
    )


def url_select(label: str, options: list[str], key: str, format_func, default: str | None = None) -> str | None:
    """A selectbox whose value lives in the URL as `?key=code` (a canonical code, whatever the language).

    The URL sets it on the first run; later choices write it back; the default leaves the URL clean.
    """
    if not options:
        return None
    default = default if default in options else options[0]
    state = st.session_state
    if key not in state or state[key] not in options:
        wanted = st.query_params.get(key)
        state[key] = wanted if wanted in options else default
    value = st.selectbox(label, options, format_func=format_func, key=key)
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    return value


def previous_run(key: str, now: Any) -> Any:
    """What this session's previous run of the page showed under `key` (None at first); `now` is kept for the next.

    A click reruns the page on the database as it is by then: comparing with what was on
    screen tells whether the person acts on what they saw.
    """
    before = st.session_state.get(key)
    st.session_state[key] = now
    return before


def language() -> str:
    """The sidebar's language; before it is drawn (the login page), the link's `?lang=`."""
    wanted = st.session_state.get("lang") or st.query_params.get("lang")
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: object) -> str:
    return translate(key, language(), **params)


def quarter(period: str | None) -> str:
    return fmt.quarter(period, language()) if period else "–"


def moment(value) -> str:
    return fmt.moment(value, language())


def pct(value: float | None, decimals: int = 1) -> str:
    return fmt.percent(None if value is None or value != value else value, decimals, language())


def num(value: float | int | None, decimals: int = 0) -> str:
    return fmt.number(None if value is None or value != value else value, decimals, language())


def ends_of_ranking(ranked: pd.DataFrame, each: int = 20) -> pd.DataFrame:
    """All rows of a ranking when they fit a chart; else the best and the lowest `each`, with a caption saying so."""
    if len(ranked) <= 2 * each:
        return ranked
    st.caption(t("overview.ranking_cut", n=len(ranked)))
    return pd.concat([ranked.head(each), ranked.tail(each)])


def table_downloads(keys: tuple[str, ...], name: str) -> None:
    """This page's tables as the export writes them: one Excel workbook, or CSV (one file, or a zip)."""
    from core.office import load_office
    from exports.csvfiles import export_csv_files
    from exports.workbook import export_workbook

    f = filters()
    scope = {"level": f.level or None, "ward": f.ward or None, "compare": f.compare, "only": keys}
    data = frames()  # now: the builders run when clicked, outside this run and its logged-in session
    stem = f"{name}_{f.period}"

    def workbook() -> bytes:
        return export_workbook(data, default_catalogs(), f.period, load_office(), **scope)

    def csv() -> bytes:
        files = export_csv_files(data, default_catalogs(), f.period, **scope)
        return next(iter(files.values()))

    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        t("table.download_xlsx"), data=audited({"what": name, "format": "xlsx"}, workbook),
        file_name=f"{stem}.xlsx", key=f"{name}-xlsx", type="tertiary",
        icon=":material/table_view:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip
    right.download_button(
        t("table.download_csv"), data=audited({"what": name, "format": "csv"}, csv),
        file_name=f"{stem}.csv", key=f"{name}-csv", type="tertiary",
        icon=":material/csv:", mime="text/csv",
    )  # fmt: skip


def signed(value: float | None, decimals: int = 1) -> str:
    """A change in percentage points: `+1,2` / `−0,4`."""
    if value is None or value != value:
        return "–"
    return ("+" if value > 0 else "") + fmt.number(value, decimals, language())


def chart(fig: go.Figure, key: str, *, select: bool = False) -> Any:
    """Draw a figure; with `select`, clicking a bar answers its point (its customdata)."""
    # The chart's own toolbar saves it as a PNG image; the button below saves a self-contained HTML page.
    config = {
        "displaylogo": False,
        "locale": language(),
        "toImageButtonOptions": {"format": "png", "filename": key, "scale": 2},
    }
    if select:
        event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points", config=config)
    else:
        event = st.plotly_chart(fig, key=key, config=config)
    st.download_button(
        t("chart.download_html"),
        data=audited({"what": key, "format": "html"}, lambda: fig.to_html(config=config).encode()),  # when clicked
        file_name=f"{key}.html",
        mime="text/html",
        key=f"{key}-html",
        type="tertiary",
        icon=":material/download:",
    )
    return event


def open_school_on_click(event: Any) -> None:
    """A click on a school's bar opens its profile page (the bar's customdata is the unit code)."""
    points = event["selection"]["points"] if event else []
    if points and points[0].get("customdata"):
        code = points[0]["customdata"]
        st.session_state["unit"] = code[0] if isinstance(code, list) else code
        st.switch_page(PAGE_FILES["school"])


def no_data() -> bool:
    """Say so, and answer True, when the chosen quarter has nothing to show."""
    if filters().period is None:
        how = {ADMIN: "empty.database", VIEWER: "empty.database_viewer", CLERK: "empty.database_clerk"}
        st.info(t(how[user().role]))
        if user().role in UPLOADERS:
            st.page_link(PAGE_FILES["upload"], label=t("nav.upload"), icon=":material/upload_file:")
        return True
    return False


def empty(message_key: str) -> go.Figure:
    return empty_figure(t(message_key))


def level_name(code: str | None) -> str:
    if not code:
        return ""
    catalog = default_catalogs().levels
    return catalog[code].name if code in catalog.entries else code


def scope_caption() -> str:
    """The sidebar's scope in one line of Markdown: the level's and the ward's names escaped."""
    f = filters()
    parts = [quarter(f.period)]
    if f.level:
        parts.append(escape_markdown(level_name(f.level)))
    if f.ward:
        parts.append(escape_markdown(f.ward))
    if f.compare:
        parts.append(t("filters.compared_with", quarter=quarter(f.compare)))
    return " · ".join(parts)
