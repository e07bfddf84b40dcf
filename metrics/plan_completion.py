"""Plan completion (plan-and-year.md, "Figures over several quarters").

A unit's plan completion over a period = plan tasks whose latest status in the period is
done / plan tasks due by the period's end (a recurring task counts once, done when its
latest status is done). A plan task listed in no report of the period is not reported and
counts as not done. Pooled across units as Σ done / Σ due, never a mean of the units' rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from core.vocabulary import DONE

COLUMNS = ["unit_code", "due", "done", "plan_completion"]


def plan_completion(
    plan_tasks: pd.DataFrame, report_rows: pd.DataFrame, quarters: Sequence[str], last_day: date
) -> pd.DataFrame:
    """Per unit with a plan: tasks due by `last_day`, done, and the rate in percent (NaN when none is due).

    `plan_tasks` as metrics.continuity.PLAN_COLUMNS (`due` NaT when recurring); `report_rows` as its
    ROW_COLUMNS, of which only the rows of `quarters` count.
    """
    due = plan_tasks.loc[plan_tasks["recurring"].to_numpy() | (plan_tasks["due"] <= pd.Timestamp(last_day)).to_numpy()]
    rows = report_rows.loc[report_rows["period"].isin(list(quarters)) & report_rows["code"].notna(),
                           ["unit_code", "period", "code", "status"]]  # fmt: skip
    latest = rows.sort_values("period", kind="stable").drop_duplicates(["unit_code", "code"], keep="last")
    done = latest.loc[latest["status"].eq(DONE).to_numpy(), ["unit_code", "code"]].assign(done=1)
    counted = due[["unit_code", "code"]].astype(object).merge(done.astype(object), on=["unit_code", "code"], how="left")
    counted["done"] = counted["done"].fillna(0).astype("int64")
    units = pd.Series(sorted(set(plan_tasks["unit_code"])), name="unit_code", dtype="object")
    table = counted.groupby("unit_code").agg(due=("done", "size"), done=("done", "sum"))
    table = table.reindex(units, fill_value=0).reset_index()
    table["plan_completion"] = np.where(
        table["due"] > 0, table["done"] / table["due"].where(table["due"] > 0) * 100, np.nan
    )
    return table[COLUMNS].astype({"due": "int64", "done": "int64", "plan_completion": "float64"})


def pooled(table: pd.DataFrame) -> float | None:
    """Σ done / Σ due × 100 over the units of `table`; None when nothing is due."""
    due = int(table["due"].sum())
    return None if due == 0 else float(table["done"].sum()) / due * 100
