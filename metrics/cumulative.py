"""Figures over several quarters (plan-and-year.md): a span's records folded under the span's code.

`fold(frames, ["2026-H1"])` adds, beside each quarter's own rows, one set of rows per span whose
period is the span's code, so that every view computes a span's figures with the quarter's formulas:

- tasks: the latest row of each distinct task in the span (linked tasks by code, the others by
  content), its overdue judged at the span's last day;
- indicators: Σ Kết quả and Σ Tổng số over the span's quarters (a count indicator: Σ Kết quả);
- satisfaction: each factor's answers summed over the span's quarters;
- PAR self-assessment: the latest one in the span (with the office's appraisal where given).

Only the current reports of units expected in their quarter count, as for a quarter. Reporting
needs no folding: `metrics.reporting.submission_status` gives a span its quarters' rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from core.periods import Span, is_span, span_from_code
from core.text import content_key
from core.vocabulary import ANSWER_LEVELS
from metrics.frames import Frames
from metrics.reporting import submission_status
from metrics.tasks import member


def fold(frames: Frames, codes: Iterable[str | None]) -> Frames:
    """`frames` with the rows of each span among `codes` added under its code (quarters need nothing)."""
    spans = sorted({span_from_code(c).code for c in codes if c and is_span(c)} - set(frames.folded))
    if not spans:
        return frames
    own = _quarter_rows(frames)
    parts = [_fold_span(own, span_from_code(code)) for code in spans]
    return Frames(
        units=frames.units,
        quarters=frames.quarters,
        submissions=frames.submissions,
        tasks=_joined(frames.tasks, [p.tasks for p in parts]),
        indicators=_joined(frames.indicators, [p.indicators for p in parts]),
        satisfaction=_joined(frames.satisfaction, [p.satisfaction for p in parts]),
        self_assessment=_joined(frames.self_assessment, [p.self_assessment for p in parts]),
        folded=(*frames.folded, *spans),
    )


def _quarter_rows(frames: Frames) -> Frames:
    """The quarters' own rows, without the rows of spans folded before."""
    if not frames.folded:
        return frames

    def own(df: pd.DataFrame) -> pd.DataFrame:
        return df.loc[df["period"].str.contains("-Q", regex=False).to_numpy()]

    return Frames(frames.units, frames.quarters, frames.submissions, own(frames.tasks), own(frames.indicators),
                  own(frames.satisfaction), own(frames.self_assessment))  # fmt: skip


def _joined(rows: pd.DataFrame, added: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [rows, *(a for a in added if len(a))]
    return rows if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _fold_span(frames: Frames, span: Span) -> Frames:
    status = submission_status(frames.units, frames.submissions, [q.code for q in span.quarters], frames.quarters)
    counted = pd.MultiIndex.from_frame(status.loc[status["submitted"].to_numpy(), ["unit_code", "quarter"]])

    def in_span(df: pd.DataFrame) -> pd.DataFrame:
        df = df.loc[member(df["period"], [q.code for q in span.quarters])]
        keys = pd.MultiIndex.from_frame(df[["unit_code", "period"]])
        return df.loc[keys.isin(counted)]

    return Frames(
        units=frames.units,
        quarters=frames.quarters,
        submissions=frames.submissions,
        tasks=latest_tasks(in_span(frames.tasks)).assign(period=span.code),
        indicators=_summed(_usable(in_span(frames.indicators)), ["code"], ["result", "total"]).assign(period=span.code),
        satisfaction=_summed(in_span(frames.satisfaction), ["dimension"], ["answers", *ANSWER_LEVELS]).assign(
            period=span.code
        ),
        self_assessment=latest_assessment(in_span(frames.self_assessment)).assign(period=span.code),
    )


def task_keys(tasks: pd.DataFrame) -> pd.Series:
    """Which task each row is about across quarters: the `task` column, else its content's digest."""
    if "task" in tasks.columns:
        if tasks["task"].notna().all():
            return tasks["task"]
        keys = tasks["task"].astype("object")
    else:
        keys = pd.Series(None, index=tasks.index, dtype="object")
    texts = tasks["content"].astype("object") if "content" in tasks.columns else None
    if texts is None:
        raise KeyError("tasks without a `task` key nor their content cannot be followed across quarters")
    return keys.where(keys.notna(), texts.map(lambda c: "~" + content_key(c)))


def latest_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """The latest row of each distinct task per unit (rows of the same task in one report stay apart)."""
    if tasks.empty:
        return tasks
    # On integer codes of the text columns: a city's year is hundreds of thousands of rows.
    unit = pd.factorize(tasks["unit_code"], sort=True)[0]
    period = pd.factorize(tasks["period"], sort=True)[0]
    task = pd.factorize(task_keys(tasks))[0]
    report, row = tasks["submission_id"].to_numpy(), tasks["row"].to_numpy()
    nth = pd.Series(row).groupby([report, task], sort=False).cumcount().to_numpy()  # the same task again
    order = np.lexsort((row, report, period))  # oldest quarter first: the last of each task is its latest
    seen = pd.DataFrame({"unit": unit[order], "task": task[order], "nth": nth[order]})
    latest = order[~seen.duplicated(keep="last").to_numpy()]
    shown = latest[np.lexsort((row[latest], period[latest], unit[latest]))]  # by unit, quarter, row
    return tasks.iloc[shown]


def _summed(rows: pd.DataFrame, key: list[str], values: list[str]) -> pd.DataFrame:
    """Per unit and `key`: `values` summed over the quarters (NaN only where every quarter's is missing)."""
    if rows.empty:
        return rows
    grouped = rows.groupby(["unit_code", *key], sort=True, observed=True)
    out = grouped[values].sum(min_count=1)
    out["submission_id"] = grouped["submission_id"].max()
    out = out.reset_index()
    for name in values:  # whole counts stay whole
        out[name] = out[name].astype(rows[name].dtype) if rows[name].dtype.kind == "i" else out[name]
    return out.reindex(columns=rows.columns)


def _usable(rows: pd.DataFrame) -> pd.DataFrame:
    """Indicator rows that count in a sum: where a unit gave a Tổng số for the indicator in some quarter (a rate),
    a quarter's row without one counts in neither sum, as in the quarter itself; a count has no totals at all."""
    if rows.empty:
        return rows
    has_total = rows["total"].notna()
    rated = has_total.groupby([rows["unit_code"], rows["code"]], observed=True).transform("any")
    return rows.loc[(has_total | ~rated).to_numpy()]


def latest_assessment(rows: pd.DataFrame) -> pd.DataFrame:
    """Each unit's self-assessment rows from the latest quarter of the span that has them."""
    if rows.empty:
        return rows
    latest = rows.groupby("unit_code", observed=True)["period"].transform("max")
    return rows.loc[rows["period"].eq(latest).to_numpy()]
