"""The data a person may see, cut to the sidebar's choices: the filters, the stored tables, the pages' views.

A clerk's tables are cut to their school, a ward-scoped account's to its ward's schools,
before any view sees them; an unscoped office account sees every school. Each view (a
function of `metrics.views`) is `st.cache_data` keyed by its name, its arguments, the
person's reach, the sidebar's level and ward, and the version of what it reads: the
reports of the quarters its arguments name (a span: its quarters) and of the school it
names, so a report stored for one quarter leaves every other quarter's views cached.
The trend over every quarter is put together from one cached row per quarter.
Only the latest cut of the tables is kept per reach: no old version outlives a store.
"""

from __future__ import annotations

import hashlib
import inspect
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache as remember
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core.catalogs import default_catalogs
from core.escape import escape_markdown
from core.periods import PeriodCodeError, canonical_code, is_span, quarters_of
from core.permissions import may_see, own_unit, own_ward
from core.settings import database_url
from i18n import DEFAULT_LANGUAGE
from metrics import views
from metrics.cumulative import fold
from metrics.frames import Frames
from metrics.quality import screened_values
from metrics.tasks import member
from pages.ui import auth, cache
from pages.ui.words import t
from pipeline.plans import continuity_list, plan_completion_table
from pipeline.quality import quarter_quality
from storage import audit
from storage.changes import Loaded, reach_version
from storage.frames import load_task_texts
from storage.quality import follow_up_version

ALL = ""  # the filter value meaning "no restriction"
# A view is kept this long after it was computed, at most: in a reporting week each stored report makes a new
# version, and the old versions' views would otherwise stay until max_entries pushes them out.
_IDLE_SECONDS = 900
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


_NOW: dict[str, tuple[str, Loaded]] = {}  # per database: the data's version last asked and the tables at it


def _loaded(url: str, data_version: str) -> Loaded:
    """The server's tables and their version, asked of the database once per data version (`cache.version()` of
    `url`), not each time a page's run needs them; only the latest kept."""
    found = _NOW.get(url)
    if found is not None and found[0] == data_version:
        return found[1]
    loaded = cache.live_frames(url).loaded()
    _NOW[url] = (data_version, loaded)
    if found is not None and found[1].frames is not loaded.frames:
        views.forget(found[1].frames)  # the views' shared parts of the tables before (a cache may hold them)
    return loaded


@st.cache_data(show_spinner=False, max_entries=64)
def _reach_version(url: str, data_version: str, unit: str) -> str:
    """The key of a reach's tables and views: the data's version for an unscoped account; for a school or a ward,
    the version less the other schools' reports (storage.changes.reach_version): another school's report leaves
    this person's tables and views cached."""
    if unit == ALL:
        return data_version
    loaded = _loaded(url, data_version)
    return reach_version(loaded, _reach_codes(loaded.frames.units, unit))


def _key_of(url: str, unit: str) -> str:
    """A reach's version as it is now (`_reach_version`), the key of the caches cut to it."""
    return _reach_version(url, cache.version(), unit)


def _ahead(url: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, which the server computes again ahead of the next page at each new version (pages.ui.warm)
    when it is an office's (an unscoped or a ward's account: the city-scale figures); a clerk's, cut to one
    school, costs little after a store. `compute` reads the version when it runs; `key` names what it computes
    for whom, its reach second."""
    if key[1] == ALL or key[1].startswith(_WARD):
        cache.asked(url, key, compute)
    return compute()


@dataclass
class _Slot:
    keys: set[str]  # the versions known to name `value`'s tables
    origin: weakref.ref  # what `value` was derived from (not kept alive by it)
    value: Any


class _Latest:
    """The latest table derived for each slot (a reach, a reach's folded spans, a level or ward cut of it): a store
    replaces it, so no old version of city-scale tables outlives the next one, whatever keys ask. At most `size`
    slots, and with `rows`, at most that many task rows in all (a level's cut is a part of the city's tables, a
    ward's a small one): the least recently asked dropped."""

    def __init__(self, size: int, rows: int | None = None) -> None:
        self.size, self.rows = size, rows
        self._slots: OrderedDict[tuple, _Slot] = OrderedDict()
        self._lock = threading.Lock()

    def _too_many(self) -> bool:
        if len(self._slots) > self.size:
            return True
        if self.rows is None or len(self._slots) < 2:
            return False
        return sum(len(slot.value.tasks) for slot in self._slots.values()) > self.rows

    def get(self, slot: tuple, key: str, source: Callable[[], Any], derive: Callable[[Any], Any]) -> Any:
        with self._lock:
            found = self._slots.get(slot)
            if found is not None and key in found.keys:
                self._slots.move_to_end(slot)
                return found.value
        origin = source()
        with self._lock:
            found = self._slots.get(slot)
            if found is not None and found.origin() is origin:  # another key for the same tables (an approval…)
                if len(found.keys) > 64:
                    found.keys.clear()
                found.keys.add(key)
                return found.value
        value = derive(origin)
        with self._lock:
            self._slots[slot] = _Slot({key}, weakref.ref(origin), value)
            self._slots.move_to_end(slot)
            while self._too_many():
                self._slots.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._slots.clear()


_CUTS = _Latest(64)  # per reach: the unscoped one is the server's tables themselves, a school's or a ward's is small
_FOLDS = _Latest(2)  # per reach and spans: the tables with a span's rows folded in (a copy of them)
_NARROWED = _Latest(32, rows=300_000)  # per reach, spans, level and ward: the sidebar's cut


def _frames(url: str, version: str, unit: str) -> Frames:
    """Every table, or only the rows of the person's school or ward: the cut happens before any view sees the data.

    The tables as they are now, which hold at least what `version` names; a reach's cut is made again only when
    they changed, and only the latest is kept."""
    return _CUTS.get((url, unit), version, lambda: _loaded(url, cache.version()).frames, lambda t: _cut(t, unit))


def _folded(url: str, version: str, unit: str, spans: tuple[str, ...]) -> Frames:
    """The tables with the rows of these spans folded in (metrics.cumulative), once for every view asking."""
    return _FOLDS.get((url, unit, spans), version, lambda: _frames(url, version, unit), lambda t: fold(t, spans))


def _narrowed(url: str, version: str, unit: str, level: str, ward: str, spans: tuple[str, ...]) -> Frames:
    """The tables a view reads: the reach's (with its spans folded in), cut to the sidebar's level and ward."""

    def tables() -> Frames:
        return _folded(url, version, unit, spans) if spans else _frames(url, version, unit)

    if not level and not ward:
        return tables()
    return _NARROWED.get(
        (url, unit, spans, level, ward), version, tables, lambda t: views.restrict(t, level or None, ward or None)
    )


def _within(table: pd.DataFrame, url: str, data_version: str, unit: str) -> pd.DataFrame:
    """The rows of a table by unit_code that this person's reach holds."""
    if unit == ALL:
        return table
    codes = _frames(url, _reach_version(url, data_version, unit), unit).units["unit_code"]
    return table.loc[table["unit_code"].isin(codes)].reset_index(drop=True)


def frames() -> Frames:
    """The stored tables this person may see (a clerk: their school's only)."""
    url, unit = database_url(), _unit_scope()
    return _ahead(url, ("frames", unit), lambda: _frames(url, _key_of(url, unit), unit))


def with_task_texts(tasks: pd.DataFrame, period: str) -> pd.DataFrame:
    """A task list from `view()` with each task's content and plan (fetched only for the pages that list tasks)."""
    ids = tasks["submission_id"].to_numpy(dtype="int64") if "submission_id" in tasks.columns else np.array([], "int64")
    return views.attach_texts(tasks, _texts(database_url(), period, np.unique(ids)))  # only these reports' texts


_TEXTS: OrderedDict[tuple[str, str], pd.DataFrame] = OrderedDict()  # (database, period) → texts of reports listed
_TEXTS_LOCK = threading.Lock()
_TEXT_PERIODS, _TEXT_ROWS = 8, 200_000  # the periods kept, and the rows kept per period beyond those asked now


def _texts(url: str, period: str, ids: np.ndarray) -> pd.DataFrame:
    """The task texts of these reports (`storage.frames.load_task_texts`), of which only those of reports not
    listed before for the period are read: a stored report's texts never change, and a list after a report is
    stored differs by that report."""
    with _TEXTS_LOCK:
        known = _TEXTS.get((url, period))
    missing = ids if known is None else ids[~np.isin(ids, known["submission_id"].to_numpy())]
    if known is not None and not missing.size:
        return known
    fresh = load_task_texts(cache.engine(url), missing.tolist())
    texts = fresh if known is None else pd.concat([known, fresh], ignore_index=True)
    if len(texts) > _TEXT_ROWS:  # the reports listed long ago (replaced since) dropped
        texts = texts.loc[np.isin(texts["submission_id"].to_numpy(), ids)].reset_index(drop=True)
    with _TEXTS_LOCK:
        _TEXTS[(url, period)] = texts
        _TEXTS.move_to_end((url, period))
        while len(_TEXTS) > _TEXT_PERIODS:
            _TEXTS.popitem(last=False)
    return texts


_PLAN_TABLES = {"continuity": continuity_list, "plan_completion": plan_completion_table}


@st.cache_data(show_spinner=False, max_entries=8)
def _all_plan_table(url: str, plan_version: str, what: str, period: str) -> pd.DataFrame:
    """Every school's, once per version of what it reads for all who ask (each cuts its own)."""
    if what == "plan_completion":  # the statuses from the tables already in memory, not read again
        return plan_completion_table(cache.engine(url), period, _frames(url, plan_version, ALL).tasks)
    return _PLAN_TABLES[what](cache.engine(url), period)


@st.cache_data(show_spinner=False, max_entries=32)
def _plan_table(url: str, plan_version: str, unit: str, what: str, period: str) -> pd.DataFrame:
    return _within(_all_plan_table(url, plan_version, what, period), url, cache.version(), unit)


def _plan_version(url: str, unit: str, what: str, period: str) -> str:
    """The version of what a plan table reads: the plans (the version's `other` part) and the reports of the
    period's quarters (the follow-up list: of its year's quarters up to it); a reach's own version besides."""
    data_version = cache.version()
    last = quarters_of(canonical_code(period))[-1]
    quarters = [q for q in quarters_of(str(last.year)) if q <= last] if what == "continuity" else quarters_of(period)
    reports = _reports_version(url, data_version, ALL, tuple(q.code for q in quarters), None)
    reach = "" if unit == ALL else "|" + _reach_version(url, data_version, unit)
    return f"{reports}|{_loaded(url, data_version).version.other}{reach}"


@st.cache_data(show_spinner=False, max_entries=4, ttl=_IDLE_SECONDS)
def _all_quality(url: str, data_version: str, period: str, follow_up: str) -> pd.DataFrame:
    """Every school's flags, once per version for all who ask (each cuts its own)."""
    return quarter_quality(cache.engine(url), period, frames=cache.all_frames(url, data_version))


@st.cache_data(show_spinner=False, max_entries=16)
def _quality(url: str, data_version: str, unit: str, period: str, follow_up: str) -> pd.DataFrame:
    # Every school's values are the reference, a clerk's or a ward's included: the flags are cut, not the tables.
    return _within(_all_quality(url, data_version, period, follow_up), url, data_version, unit)


def quality(period: str) -> pd.DataFrame:
    """The quarter's data-quality flags with their follow-up, for the units this person may see."""
    url, unit = database_url(), _unit_scope()
    return _ahead(url, ("quality", unit, period), lambda: _quality_now(url, unit, period))


def _quality_now(url: str, unit: str, period: str) -> pd.DataFrame:
    follow_up = follow_up_version(cache.engine(url), period)  # an explanation changes no report
    version = cache.version()
    cache.latest_only(_all_quality, (url, period), f"{version}|{follow_up}", (url, version, period, follow_up))
    cache.latest_only(_quality, (url, unit, period), f"{version}|{follow_up}", (url, version, unit, period, follow_up))
    return _quality(url, version, unit, period, follow_up)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_IDLE_SECONDS)
def _quality_values(url: str, school_version: str, unit: str, school: str) -> pd.DataFrame:
    """`school_version`: the version of the school's own reports (`_reports_version`)."""
    tables = _frames(url, _reach_version(url, cache.version(), unit), unit)  # the reach's: another's school is none
    return screened_values(views.restrict_units(tables, [school]), default_catalogs())


def quality_values(unit_code: str) -> pd.DataFrame:
    """The values the data-quality flags screen (metrics.quality.screened_values) of one school this person may
    see, every quarter: computed for that school alone, again only when its own reports change."""
    url, unit = database_url(), _unit_scope()

    def now() -> pd.DataFrame:
        return _quality_values(url, _reports_version(url, cache.version(), unit, None, unit_code), unit, unit_code)

    return _ahead(url, ("quality_values", unit, unit_code), now)


def scoped_units() -> list[str]:
    """The units of the sidebar's level and ward that this person may see."""
    f = filters()
    return views.units_of(frames().units, f.level or None, f.ward or None)


def continuity(period: str) -> pd.DataFrame:
    """The quarter's plan follow-up list (metrics.continuity) for the units this person may see."""
    return _plan_now(database_url(), _unit_scope(), "continuity", period)


def plan_completion(period: str) -> pd.DataFrame:
    """Each visible unit's plan completion for the quarter (only units with a plan for its year)."""
    return _plan_now(database_url(), _unit_scope(), "plan_completion", period)


def _plan_now(url: str, unit: str, what: str, period: str) -> pd.DataFrame:
    def now() -> pd.DataFrame:
        return _plan_table(url, _plan_version(url, unit, what, period), unit, what, period)

    return _ahead(url, ("plan", unit, what, period), now)


def _name(view_function: Callable[..., Any]) -> str:
    """A view's cache key: its module and qualified name, which no other view shares."""
    name = f"{view_function.__module__}.{view_function.__qualname__}"
    if "<" in name:  # a lambda or a function made inside another: its name says nothing of what it computes
        raise ValueError(f"not a view: {name}")
    return name


def _spans_in(args: tuple) -> tuple[str, ...]:
    """The six-month, nine-month or year periods among a view's arguments (a tuple of periods included)."""
    values = [v for a in args for v in (a if isinstance(a, tuple | list) else (a,))]
    return tuple(sorted({v for v in values if isinstance(v, str) and is_span(v)}))


@st.cache_data(show_spinner=False, max_entries=256, ttl=_IDLE_SECONDS)
def _view(url: str, data_version: str, unit: str, level: str, ward: str, name: str, args: tuple,
          _view_function: Callable[..., Any]) -> Any:  # fmt: skip
    """`data_version`: the version of what the view reads (`_view_key`)."""
    tables = _narrowed(url, data_version, unit, level, ward, _spans_in(args))
    return _view_function(tables, default_catalogs(), *args)


_PERIODS = ("period", "compare", "periods", "year")  # the parameters of a view that name what periods it reads


@remember
def _parameters(view_function: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(view_function)


def _reads(view_function: Callable[..., Any], args: tuple) -> tuple[tuple[str, ...] | None, str | None]:
    """The quarters a view reads (None: every one) and the school it is about (None: every school of the reach),
    from its arguments named period, compare, periods or year (spans: their quarters) and unit_code."""
    signature = _parameters(view_function)
    try:
        bound = signature.bind(None, None, *args)
    except TypeError:
        return None, None
    bound.apply_defaults()
    given = bound.arguments
    school = given.get("unit_code") if isinstance(given.get("unit_code"), str) else None
    if not any(name in given for name in _PERIODS) or given.get("periods", ()) is None:
        return None, school
    codes: list[str] = []
    for name in _PERIODS:
        value = given.get(name)
        if name == "periods" and value is not None:
            codes += [str(v) for v in value]
        elif value is not None:
            codes.append(str(value))
    try:
        quarters = sorted({q.code for code in codes for q in quarters_of(canonical_code(code))})
    except PeriodCodeError:
        return None, school
    return tuple(quarters), school


@st.cache_data(show_spinner=False, max_entries=256)
def _reports_version(
    url: str, data_version: str, unit: str, quarters: tuple[str, ...] | None, school: str | None
) -> str:
    """The version of what a view of these quarters (None: all) and this school (None: the reach's) reads: the
    version's parts the tables are read from other than reports, and those schools' reports of those quarters
    (which are stored and which current)."""
    loaded = _loaded(url, data_version)
    stored = loaded.frames.submissions
    keep = member(stored["period"], quarters) if quarters is not None else None
    codes = [school] if school is not None else None if unit == ALL else _reach_codes(loaded.frames.units, unit)
    if codes is not None:
        mine = member(stored["unit_code"], codes)
        keep = mine if keep is None else keep & mine
    rows = stored if keep is None else stored.loc[keep]
    digest = hashlib.sha256(rows["submission_id"].to_numpy().tobytes() + rows["is_current"].to_numpy().tobytes())
    return f"{loaded.version.tables}|{len(rows)}:{digest.hexdigest()[:16]}"


def _view_key(url: str, unit: str, level: str, ward: str, view_function: Callable[..., Any], args: tuple) -> str:
    """The version of what this view reads: its quarters' and its school's reports (`_reports_version`); a view
    of every quarter also reads which quarters there are."""
    quarters, school = _reads(view_function, args)
    if quarters is None and school is None:
        return _key_of(url, unit)
    version = _reports_version(url, cache.version(), unit, quarters, school)
    if quarters is None:  # a school's every quarter: which quarters there are comes from every school's reports
        version += "|" + ",".join(_scope_periods(url, _key_of(url, unit), unit, level, ward))
    return version


def _one(url: str, unit: str, level: str, ward: str, view_function: Callable[..., Any], args: tuple) -> Any:
    key = _view_key(url, unit, level, ward, view_function, args)
    asked = (url, key, unit, level, ward, _name(view_function), args, view_function)
    cache.latest_only(_view, (url, unit, level, ward, _name(view_function), args), key, asked)
    return _view(*asked)


def view(view_function: Callable[..., Any], *args: Any, scoped: bool = True) -> Any:
    """`view_function(frames, catalogs, *args)` (one of `metrics.views`) for the sidebar's scope, cached.

    With `scoped=False`, for all the person may see whatever level or ward the sidebar shows. A view whose rows
    are each period's (`_BY_PERIOD`) is put together from one cached table per period (`views.periods_joined`):
    a report recomputes its quarter's only.
    """
    f = filters()
    level, ward = (f.level, f.ward) if scoped else (ALL, ALL)
    url, unit = database_url(), _unit_scope()

    def now() -> Any:
        if _name(view_function) in _BY_PERIOD:
            return _by_period(url, unit, level, ward, view_function, args[0] if args else None)
        return _one(url, unit, level, ward, view_function, args)

    return _ahead(url, ("view", unit, level, ward, _name(view_function), args), now)


# Views of several periods (their first argument, every quarter with a report when None) whose rows are each
# period's, computed as the period alone would be.
_BY_PERIOD = {_name(function) for function in (views.trend, views.indicator_trend, views.reporting_by_period)}


def _by_period(
    url: str, unit: str, level: str, ward: str, view_function: Callable[..., Any], periods: Sequence[str] | None
) -> pd.DataFrame:
    """`view_function` over these periods (None: every quarter of the scope), one cached table per period."""
    periods = _scope_periods(url, _key_of(url, unit), unit, level, ward) if periods is None else list(periods)
    if not periods:
        return _one(url, unit, level, ward, view_function, ((),))
    return views.periods_joined([_one(url, unit, level, ward, view_function, ((p,),)) for p in sorted(set(periods))])


@st.cache_data(show_spinner=False, max_entries=64)
def _scope_periods(url: str, data_version: str, unit: str, level: str, ward: str) -> list[str]:
    """The quarters with a report of the reach's schools of this level and ward (`views.periods_of` of the tables a
    view of theirs reads)."""
    tables = _frames(url, data_version, unit)
    if not level and not ward:
        return views.periods_of(tables)
    codes = views.units_of(tables.units, level or None, ward or None)
    stored = tables.submissions
    return sorted(stored.loc[member(stored["unit_code"], codes), "period"].dropna().unique().tolist())


@st.cache_data(show_spinner=False, max_entries=16)
def _periods(url: str, data_version: str, unit: str) -> list[str]:
    return views.periods_of(_frames(url, data_version, unit))


def periods() -> list[str]:
    url, unit = database_url(), _unit_scope()
    return _ahead(url, ("periods", unit), lambda: _periods(url, _key_of(url, unit), unit))


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
