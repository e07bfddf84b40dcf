"""What pages draw the same way: selectboxes bound to the URL, charts, downloads (audited), empty states, captions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.catalogs import default_catalogs
from core.escape import escape_markdown
from core.periods import is_span
from core.permissions import ADMINISTER, SUBMIT, may, own_unit
from core.settings import database_url
from figures.charts import empty_figure
from pages.ui import auth, cache, menu, scope
from pages.ui.words import language, level_name, quarter, t
from storage import audit


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
        if wanted is not None and wanted not in options:
            scope.refuse_named(key, wanted)  # a school or ward outside the person's reach: said and audited
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


def audited(action_detail: dict[str, Any], build: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download's builder that also writes an 'export' line to the audit log when it runs."""
    who = auth.current_user()
    name, unit = (who.username, who.unit_code) if who else (None, None)
    period = scope.filters().period

    def run() -> bytes:
        data = build()
        audit.record(cache.engine(database_url()), "export", username=name, unit_code=unit, period=period,
                     detail={**action_detail, "bytes": len(data)})  # fmt: skip
        return data

    return run


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

    f = scope.filters()
    chosen = {"level": f.level or None, "ward": f.ward or None, "compare": f.compare, "only": keys}
    data = scope.frames()  # now: the builders run when clicked, outside this run and its logged-in session
    stem = f"{name}_{f.period}"

    def workbook() -> bytes:
        return export_workbook(data, default_catalogs(), f.period, load_office(), **chosen)

    def csv() -> bytes:
        files = export_csv_files(data, default_catalogs(), f.period, **chosen)
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


def frame_downloads(frame: pd.DataFrame, name: str, subtitle: str) -> None:
    """A table built on the page, as shown (headers and all), in the export's Excel layout or as CSV."""
    from datetime import date

    from core.office import load_office
    from exports.csvfiles import export_csv
    from exports.tables import ExportTable, with_stt
    from exports.workbook import make_heading, tables_workbook

    f = scope.filters()
    stem = f"{name}_{f.period}"
    table = ExportTable(name, subtitle[:31], subtitle, with_stt(frame.copy()), filter=True)

    def workbook() -> bytes:
        today = date.today()
        return tables_workbook([table], make_heading(load_office().as_of(today), f.period, today, None))

    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        t("table.download_xlsx"), data=audited({"what": name, "format": "xlsx"}, workbook),
        file_name=f"{stem}.xlsx", key=f"{name}-xlsx", type="tertiary", icon=":material/table_view:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )  # fmt: skip
    right.download_button(
        t("table.download_csv"), data=audited({"what": name, "format": "csv"}, lambda: export_csv(table.frame)),
        file_name=f"{stem}.csv", key=f"{name}-csv", type="tertiary", icon=":material/csv:", mime="text/csv",
    )  # fmt: skip


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
        st.switch_page(menu.page("school").file)


WARD_PENDING = "ward-pending"  # the ward a click chose: the sidebar takes it on the next run (app.py)


def narrow_to_ward_on_click(event: Any) -> None:
    """A click on a ward's bar or row narrows every page to that ward (the sidebar's ward filter)."""
    points = event["selection"]["points"] if event else []
    if points and points[0].get("customdata"):
        ward = points[0]["customdata"]
        st.session_state[WARD_PENDING] = ward[0] if isinstance(ward, list) else ward
        st.rerun()  # the sidebar's selectbox is drawn already: it takes the ward at the top of the next run


def no_data() -> bool:
    """Say so, and answer True, when the chosen quarter has nothing to show."""
    if scope.filters().period is None:
        who = auth.user()
        # Administrators are told how to load reports, a school's clerk about their school, others to wait.
        if may(who, ADMINISTER):
            st.info(t("empty.database"))
        else:
            st.info(t("empty.database_clerk" if own_unit(who) else "empty.database_viewer"))
        if may(who, SUBMIT):
            upload = menu.page("upload")
            st.page_link(upload.file, label=t("nav.upload"), icon=upload.icon)
        return True
    return False


def empty(message_key: str) -> go.Figure:
    return empty_figure(t(message_key))


def scope_caption() -> str:
    """The sidebar's scope in one line of Markdown: the level's and the ward's names escaped."""
    f = scope.filters()
    parts = [quarter(f.period)]
    if f.level:
        parts.append(escape_markdown(level_name(f.level)))
    if f.ward:
        parts.append(escape_markdown(f.ward))
    if f.compare:
        parts.append(t("filters.compared_with", quarter=quarter(f.compare)))
    return " · ".join(parts)


def span_chosen() -> bool:
    """On a page that acts on one quarter (approval, appraisal): whether the sidebar shows six months, nine
    months or a year instead, which is then said."""
    period = scope.filters().period
    if period and is_span(period):
        st.info(t("filters.choose_quarter", period=quarter(period)))
        return True
    return False


def continuity_table(found: pd.DataFrame, names: dict[str, str] | None = None) -> None:
    """The plan follow-up list: how many of each kind, then each line (the school's name when `names`)."""
    from metrics.continuity import KINDS

    counts = found["kind"].value_counts()
    for column, kind in zip(st.columns(len(KINDS)), KINDS, strict=True):
        column.metric(t(f"continuity.{kind}"), int(counts.get(kind, 0)))
    if found.empty:
        return
    shown = found.assign(
        kind=found["kind"].map(lambda k: t(f"continuity.{k}")),
        task=found["task"].map(lambda c: c if isinstance(c, str) else "–"),
    )  # unplanned: no code
    columns = ["unit_code", "kind", "task", "content"]
    config = {"unit_code": t("col.code"), "kind": t("continuity.col.kind"), "task": t("plan.col.code"),
              "content": t("col.task")}  # fmt: skip
    if names is not None:
        shown = shown.assign(unit_name=shown["unit_code"].map(names))
        columns.insert(1, "unit_name")
        config["unit_name"] = t("col.school")
    if shown["quarter"].nunique() > 1:  # six months, nine months, the year: each quarter's notes
        shown = shown.assign(quarter=shown["quarter"].map(quarter))
        columns.insert(len(columns) - 3, "quarter")
        config["quarter"] = t("col.quarter")
    st.dataframe(shown[columns], hide_index=True, width="stretch", column_config=config)


def unit_select(units: list[dict]) -> str:
    """The school chosen (kept in the URL as `?unit=`), among `units` (registry rows), shown as `name (code)`."""
    names = {u["unit_code"]: u["unit_name"] for u in units}
    return url_select(t("col.school"), list(names), "unit", {c: f"{names[c]} ({c})" for c in names}.get)
