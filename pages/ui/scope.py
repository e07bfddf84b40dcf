"""The data a person may see, cut to the sidebar's choices: the filters, the stored tables, the pages' views.

A clerk's tables are cut to their school, a ward-scoped account's to its ward's schools,
before any view sees them; an unscoped office account sees every school. Each view (a
function of `metrics.views`) is `st.cache_data` keyed by its name, its arguments, the
data's version, the person's reach and the sidebar's level and ward.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from core.catalogs import default_catalogs
from core.escape import escape_markdown
from core.periods import is_span
from core.permissions import may_see, own_unit, own_ward
from core.settings import database_url
from i18n import DEFAULT_LANGUAGE
from metrics import views
from metrics.cumulative import fold
from metrics.frames import Frames
from metrics.quality import screened_values
from pages.ui import auth, cache
from pages.ui.words import t
from pipeline.plans import continuity_list, plan_completion_table
from pipeline.quality import quarter_quality
from storage import audit
from storage.changes import reach_version
from storage.quality import follow_up_version

ALL = ""  # the filter value meaning "no restriction"
NONE = "-"  # the choice "all levels", "all wards" or "no comparison" in a selectbox (and so in the URL)
_NOBODY = "\x00nobody"  # no unit has this code: without a login, every table is empty
_WARD = "\x00ward:"  # a reach that is a ward: the prefix no unit code has, then the ward's name


@dataclass(frozen=True)
class Filters:
    period: str | None
    compare: str | None
    level: str
    ward: str
    lang: str


def _unit_scope() -> str:
    """What this person's data is cut to before any table is computed (the caches' key): a clerk's one
    unit, a ward-scoped account's ward, ALL for an unscoped office account."""
    found = auth.current_user()
    if found is None:
        return _NOBODY
    if own_unit(found):
        return own_unit(found)
    ward = own_ward(found)
    return _WARD + ward if ward else ALL


def visible_units(units: list[dict]) -> list[dict]:
    """The registry's units this person may see (a clerk: their own school; a ward's account: its ward's)."""
    found = auth.user()
    return [u for u in units if may_see(found, u["unit_code"])]


_REFUSED_SEEN = "scope-refused-seen"  # the (key, value) pairs of this session already written to the audit log


def refuse_named(key: str, value: str) -> None:
    """A link naming a school (`unit`) or a ward (`ward`) outside this person's reach: said on the page, nothing
    of it shown, and the attempt written once per session to the audit log."""
    user = auth.current_user()
    if user is None or key not in ("unit", "ward"):
        return
    if key == "unit":
        known = cache.all_frames(database_url(), cache.version()).units["unit_code"]
        outside = bool(known.eq(value).any()) and not may_see(user, value)
    else:
        outside = own_ward(user) is not None and value != own_ward(user)
    if not outside:
        return
    st.error(t("wards.outside_link", value=escape_markdown(str(value))))
    seen = st.session_state.setdefault(_REFUSED_SEEN, set())
    if (key, value) not in seen:
        seen.add((key, value))
        detail = {"via": "app", "param": key, "value": value, "ward": own_ward(user), "own_unit": own_unit(user)}
        audit.record(cache.engine(database_url()), "scope-refused", username=user.username,
                     unit_code=value if key == "unit" else None, detail=detail)  # fmt: skip


def refuse_outside_ward(user: object) -> None:
    """A ward's account opened with another ward in the address: refused (the ward filter stays its own)."""
    wanted = st.query_params.get("ward")
    if wanted and own_ward(user) is not None and wanted != own_ward(user):
        refuse_named("ward", wanted)
        st.query_params.pop("ward", None)


def _cut(everything: Frames, unit: str) -> Frames:
    if unit == ALL:
        return everything
    if unit.startswith(_WARD):
        return views.restrict(everything, None, unit.removeprefix(_WARD))
    return views.restrict_units(everything, [unit])


def _reach_codes(units: pd.DataFrame, unit: str) -> list[str]:
    """The schools of a reach that is not ALL: a clerk's one, or a ward's (as `_cut` cuts them)."""
    if unit.startswith(_WARD):
        return units.loc[units["ward"].eq(unit.removeprefix(_WARD)), "unit_code"].tolist()
    return [unit]


@st.cache_data(show_spinner=False, max_entries=64)
def _reach_version(url: str, data_version: str, unit: str) -> str:
    """The key of a reach's tables and views: the data's version for an unscoped account; for a school or a ward,
    the version less the other schools' reports (storage.changes.reach_version): another school's report leaves
    this person's tables and views cached."""
    if unit == ALL:
        return data_version
    loaded = cache.live_frames(url).loaded()
    return reach_version(loaded, _reach_codes(loaded.frames.units, unit))


def _key() -> str:
    """This person's reach's version (`_reach_version`), the key of the caches cut to it."""
    return _reach_version(database_url(), cache.version(), _unit_scope())


@st.cache_resource(show_spinner=False, max_entries=16)
def _frames(url: str, reach_version: str, unit: str) -> Frames:
    """Every table, or only the rows of the person's school or ward: the cut happens before any view sees the data.

    Keyed by the reach's version: the tables as they are now hold at least what it names."""
    return _cut(cache.live_frames(url).frames(), unit)


def _within(table: pd.DataFrame, url: str, data_version: str, unit: str) -> pd.DataFrame:
    """The rows of a table by unit_code that this person's reach holds."""
    if unit == ALL:
        return table
    codes = _frames(url, _reach_version(url, data_version, unit), unit).units["unit_code"]
    return table.loc[table["unit_code"].isin(codes)].reset_index(drop=True)


def frames() -> Frames:
    """The stored tables this person may see (a clerk: their school's only)."""
    return _frames(database_url(), _key(), _unit_scope())


def with_task_texts(tasks: pd.DataFrame, period: str) -> pd.DataFrame:
    """A task list from `view()` with each task's content and plan (fetched only for the pages that list tasks)."""
    ids = tuple(sorted({int(i) for i in tasks["submission_id"]})) if "submission_id" in tasks.columns else ()
    return views.attach_texts(tasks, cache.task_texts(database_url(), ids))  # only these reports' texts


_PLAN_TABLES = {"continuity": continuity_list, "plan_completion": plan_completion_table}


@st.cache_data(show_spinner=False, max_entries=8)
def _all_plan_table(url: str, data_version: str, what: str, period: str) -> pd.DataFrame:
    """Every school's, once per version for all who ask (each cuts its own)."""
    if what == "plan_completion":  # the statuses from the tables already in memory, not read again
        return plan_completion_table(cache.engine(url), period, cache.all_frames(url, data_version).tasks)
    return _PLAN_TABLES[what](cache.engine(url), period)


@st.cache_data(show_spinner=False, max_entries=32)
def _plan_table(url: str, data_version: str, unit: str, what: str, period: str) -> pd.DataFrame:
    return _within(_all_plan_table(url, data_version, what, period), url, data_version, unit)


@st.cache_data(show_spinner=False, max_entries=4)
def _all_quality(url: str, data_version: str, period: str, follow_up: str) -> pd.DataFrame:
    """Every school's flags, once per version for all who ask (each cuts its own)."""
    return quarter_quality(cache.engine(url), period, frames=cache.all_frames(url, data_version))


@st.cache_data(show_spinner=False, max_entries=16)
def _quality(url: str, data_version: str, unit: str, period: str, follow_up: str) -> pd.DataFrame:
    # Every school's values are the reference, a clerk's or a ward's included: the flags are cut, not the tables.
    return _within(_all_quality(url, data_version, period, follow_up), url, data_version, unit)


def quality(period: str) -> pd.DataFrame:
    """The quarter's data-quality flags with their follow-up, for the units this person may see."""
    follow_up = follow_up_version(cache.engine(database_url()), period)  # an explanation changes no report
    return _quality(database_url(), cache.version(), _unit_scope(), period, follow_up)


@st.cache_data(show_spinner=False, max_entries=4)
def _quality_values(url: str, data_version: str, unit: str) -> pd.DataFrame:
    return screened_values(_frames(url, data_version, unit), default_catalogs())


def quality_values() -> pd.DataFrame:
    """The values the data-quality flags screen (metrics.quality.screened_values) of the units this person sees."""
    return _quality_values(database_url(), _key(), _unit_scope())


def scoped_units() -> list[str]:
    """The units of the sidebar's level and ward that this person may see."""
    f = filters()
    return views.restrict(frames(), f.level or None, f.ward or None).units["unit_code"].tolist()


def continuity(period: str) -> pd.DataFrame:
    """The quarter's plan follow-up list (metrics.continuity) for the units this person may see."""
    return _plan_table(database_url(), cache.version(), _unit_scope(), "continuity", period)


def plan_completion(period: str) -> pd.DataFrame:
    """Each visible unit's plan completion for the quarter (only units with a plan for its year)."""
    return _plan_table(database_url(), cache.version(), _unit_scope(), "plan_completion", period)


def _name(view_function: Callable[..., Any]) -> str:
    """A view's cache key: its module and qualified name, which no other view shares."""
    name = f"{view_function.__module__}.{view_function.__qualname__}"
    if "<" in name:  # a lambda or a function made inside another: its name says nothing of what it computes
        raise ValueError(f"not a view: {name}")
    return name


@st.cache_resource(show_spinner=False, max_entries=8)
def _folded(url: str, data_version: str, unit: str, spans: tuple[str, ...]) -> Frames:
    """The tables with the rows of these spans folded in (metrics.cumulative), once for every view asking."""
    return fold(_frames(url, data_version, unit), spans)


def _spans_in(args: tuple) -> tuple[str, ...]:
    """The six-month, nine-month or year periods among a view's arguments (a tuple of periods included)."""
    values = [v for a in args for v in (a if isinstance(a, tuple | list) else (a,))]
    return tuple(sorted({v for v in values if isinstance(v, str) and is_span(v)}))


@st.cache_data(show_spinner=False, max_entries=256)
def _view(url: str, data_version: str, unit: str, level: str, ward: str, name: str, args: tuple,
          _view_function: Callable[..., Any]) -> Any:  # fmt: skip
    spans = _spans_in(args)
    tables = _folded(url, data_version, unit, spans) if spans else _frames(url, data_version, unit)
    return _view_function(views.restrict(tables, level or None, ward or None), default_catalogs(), *args)


def view(view_function: Callable[..., Any], *args: Any, scoped: bool = True) -> Any:
    """`view_function(frames, catalogs, *args)` (one of `metrics.views`) for the sidebar's scope, cached.

    With `scoped=False`, for all the person may see whatever level or ward the sidebar shows.
    """
    f = filters()
    level, ward = (f.level, f.ward) if scoped else (ALL, ALL)
    return _view(database_url(), _key(), _unit_scope(), level, ward, _name(view_function), args,
                 view_function)  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=16)
def _periods(url: str, data_version: str, unit: str) -> list[str]:
    return views.periods_of(_frames(url, data_version, unit))


def periods() -> list[str]:
    return _periods(database_url(), _key(), _unit_scope())


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
