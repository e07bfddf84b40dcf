"""Chất lượng dữ liệu: the quarter's values to look at twice, and the office's follow-up of each."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import Refusal
from core.escape import escape_markdown
from core.permissions import may_explain, may_resolve
from core.settings import database_url
from figures.charts import trend_lines
from metrics.quality import KINDS, OUTLIER_HISTORY
from pages.ui import auth, cache, scope, widgets, words
from pages.ui.flags import flag_table, is_share, item_name, shown_value
from pages.ui.words import t
from pipeline.quality import OPEN
from storage import quality as follow_up
from storage.quality import FlagKey, follow_up_version

STATES = (OPEN, follow_up.EXPLAINED, follow_up.RESOLVED)


@st.cache_data(show_spinner=False, max_entries=32)
def _formatted(
    key: tuple[str, ...], scoped: str, language: str, _shown: pd.DataFrame, _names: dict[str, str]
) -> tuple[pd.DataFrame, dict[str, int], dict[str, str]]:
    """The shown flags' table, each flag's option and its label: formatted once per key for everyone who asks.

    `key` is (data version, follow-up version, period, kinds, states) and `scoped` the units in reach: with the
    language they decide the flags shown and the names (`_shown`, `_names` are not hashed, for speed). A city's
    quarter has some 5,000 flags: formatting them cell by cell on every click cost most of the page's time.
    """
    table = flag_table(_shown, _names)
    # A flag's identity as the option, not its row: a filter changed keeps the choice on the same flag.
    flag_ids = _shown["unit_code"].astype(str) + "|" + _shown["kind"].astype(str) + "|" + _shown["item"].astype(str)
    flag_ids = (flag_ids + "|" + _shown["submission_id"].astype(str)).tolist()
    ids = dict(zip(flag_ids, _shown.index.tolist(), strict=True))
    shown_as = (table["unit"] + " · " + table["kind"] + " · " + table["item"]).tolist()
    labels = dict(zip(flag_ids, shown_as, strict=True))
    return table, ids, labels


def _one_flag(flag: pd.Series, period: str) -> None:
    key = FlagKey(flag["unit_code"], period, flag["kind"], flag["item"], int(flag["submission_id"]))
    reference = flag["reference"]
    if flag["kind"] == "survey-repeated":  # the quarter repeated, as people write quarters
        reference = words.quarter(reference)
    reference = escape_markdown(reference) if isinstance(reference, str) else shown_value(flag["item"], reference)
    value, item = shown_value(flag["item"], flag["value"]), escape_markdown(item_name(flag["item"]))
    st.markdown(t(f"quality.why.{flag['kind']}", value=value, reference=reference, item=item))
    if flag["kind"] == OUTLIER_HISTORY:
        _history(flag)
    if isinstance(flag["explanation"], str) and flag["explanation"]:
        st.info(t("quality.explained_by", by=escape_markdown(flag["changed_by"] or "–"),
                  text=escape_markdown(flag["explanation"])))  # fmt: skip
    left, right = st.columns(2)
    if may_explain(me, flag["unit_code"]) and flag["state"] != follow_up.RESOLVED:
        text = left.text_area(t("quality.explain"), key=f"quality-text-{key}", max_chars=1000)
        if left.button(t("quality.save_explanation"), key=f"quality-explain-{key}", icon=":material/edit_note:"):
            _act(lambda: follow_up.explain(engine, key, text, by=me.username), t("quality.explained"))
    if may_resolve(me):
        if flag["state"] != follow_up.RESOLVED:
            if right.button(t("quality.resolve"), key=f"quality-resolve-{key}", icon=":material/task_alt:"):
                _act(lambda: follow_up.resolve(engine, key, by=me.username), t("quality.resolved"))
        else:
            reason = right.text_input(t("quality.reopen_reason"), key=f"quality-reason-{key}")
            if right.button(t("quality.reopen"), key=f"quality-reopen-{key}", icon=":material/undo:"):
                _act(lambda: follow_up.reopen(engine, key, by=me.username, reason=reason), t("quality.reopened"))


def _history(flag: pd.Series) -> None:
    """The school's own values of the item, quarter by quarter, the flagged one last."""
    values = scope.quality_values(flag["unit_code"])
    ours = values["unit_code"].eq(flag["unit_code"]).to_numpy() & values["item"].eq(flag["item"]).to_numpy()
    mine = values.loc[ours].sort_values("period").assign(label=lambda d: d["period"].map(words.quarter))
    series = {"value": item_name(flag["item"])}
    share = is_share(flag["item"])  # a share is drawn in percent, a count as it is
    mine = mine.assign(value=mine["value"] * 100) if share else mine
    figure = trend_lines(mine, x="label", series=series, title="", percent=share, locale=words.language())
    widgets.chart(figure, "quality-history")


def _act(action, said: str) -> None:
    try:
        action()
    except Refusal as refused:
        words.refusal(refused)
    else:
        cache.forget_version()
        st.session_state["quality-done"] = said
        st.rerun()


me = auth.allow_page(__file__)
st.title(t("nav.quality"))
engine = cache.engine(database_url())
if not widgets.no_data() and not widgets.span_chosen():
    f = scope.filters()
    st.caption(widgets.scope_caption())
    st.caption(t("quality.help"))
    done = st.session_state.pop("quality-done", None)
    if done:
        st.success(done)
    # The formatted table's versions, asked before the flags: a flag changed meanwhile can only make them newer.
    versions = (cache.version(), follow_up_version(engine, f.period), f.period)
    flags = scope.quality(f.period)
    units = scope.frames().units
    names = dict(zip(units["unit_code"], units["unit_name"], strict=True))
    scoped = scope.scoped_units()
    flags = flags.loc[flags["unit_code"].isin(scoped).to_numpy()].reset_index(drop=True)
    open_flags = flags.loc[flags["state"].eq(OPEN).to_numpy()]
    for column, kind in zip(st.columns(len(KINDS)), KINDS, strict=True):
        column.metric(t(f"quality.label.{kind}"), int(open_flags["kind"].eq(kind).sum()))
    left, right = st.columns(2)
    kinds = left.multiselect(t("quality.filter.kind"), list(KINDS), format_func=lambda k: t(f"quality.label.{k}"),
                             key="quality-kinds", placeholder=t("widget.all"))  # fmt: skip
    states = right.multiselect(t("quality.filter.state"), list(STATES), default=[OPEN],
                               format_func=lambda s: t(f"quality.state.{s}"), key="quality-states")  # fmt: skip
    shown = flags.loc[(flags["kind"].isin(kinds or KINDS) & flags["state"].isin(states or STATES)).to_numpy()]
    shown = shown.reset_index(drop=True)
    if shown.empty:
        st.success(t("quality.none", quarter=words.quarter(f.period)))
    else:
        key, reach = (*versions, *kinds, "|", *states), "|".join(scoped)
        cache.latest_only(_formatted, (f.period, *kinds, "|", *states, reach, words.language()), "|".join(versions),
                          (key, reach, words.language(), shown, names))  # fmt: skip
        table, ids, labels = _formatted(key, reach, words.language(), shown, names)
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "unit": t("col.school"), "kind": t("quality.col.kind"), "item": t("quality.col.item"),
            "value": t("quality.col.value"), "reference": t("quality.col.reference"), "score": t("quality.col.score"),
            "state": t("quality.col.state"), "explanation": t("quality.col.explanation")})  # fmt: skip
        headers = {"unit": t("col.school"), "kind": t("quality.col.kind"), "item": t("quality.col.item"),
                   "value": t("quality.col.value"), "reference": t("quality.col.reference"),
                   "score": t("quality.col.score"), "state": t("quality.col.state"),
                   "explanation": t("quality.col.explanation")}  # fmt: skip
        widgets.frame_downloads(table.rename(columns=headers), "chat-luong-du-lieu", t("quality.title_export"))
        picked = st.selectbox(t("quality.pick"), list(ids), key="quality-pick", format_func=labels.get)
        _one_flag(shown.loc[ids[picked]], f.period)
