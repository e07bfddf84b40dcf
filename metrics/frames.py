"""The tables that storage hands to the metrics: one DataFrame per kind of record.

Storage builds a `Frames` from the database (`storage.frames.load_frames`);
tests build one from literals. Column lists here are the contract between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from core.vocabulary import ANSWER_LEVELS

if TYPE_CHECKING:
    import pandas as pd

UNIT_COLUMNS = ["unit_code", "unit_name", "level", "ward", "active_from", "active_to"]
# active_from / active_to: period codes ("2025-Q3") or None for open-ended.
# deadline: datetime.date; only quarters with one set. ward: None for the city's deadline, else a ward's own.
QUARTER_COLUMNS = ["period", "deadline", "ward"]
SUBMISSION_COLUMNS = [
    "submission_id",
    "unit_code",
    "period",
    "received_at",
    "file_name",
    "is_current",
]  # accepted submissions only, current and replaced; received_at: datetime
TASK_COLUMNS = [
    "submission_id",
    "row",
    "unit_code",
    "period",
    "field",
    "content",
    "plan",
    "deadline",
    "status",
    "done_on",
    "task",
    "content_key",
]  # status: "done" | "in_progress" | "not_started"; deadline/done_on: datetime64 day
# task: which task a row is about across quarters: its Mã nhiệm vụ, else "~" and a digest of its folded
# content (core.text.content_key); a span's figures take each task's latest row. content_key: that digest, always
# (metrics.quality compares two schools' reports by it, whatever their codes).
TASK_TEXT_COLUMNS = ["content", "plan"]  # left out when the figures alone are wanted (the dashboard)
INDICATOR_COLUMNS = ["submission_id", "unit_code", "period", "code", "result", "total"]
SATISFACTION_COLUMNS = [
    "submission_id",
    "unit_code",
    "period",
    "dimension",
    "answers",
    *ANSWER_LEVELS,
]
SELF_ASSESSMENT_COLUMNS = [
    "submission_id",
    "unit_code",
    "period",
    "field",
    "max_points",
    "self_points",
    "appraised_points",
    "criterion",
]  # criterion: a criterion of the year's framework (core.frameworks), missing when the row scores a whole field


@dataclass
class Frames:
    """Rows of current reports only (tasks and the rest); submissions holds every accepted one.

    `folded` names the spans (`2026-H1`…) whose rows were added under the span's code by
    `metrics.cumulative.fold`, beside the quarters' own rows.
    """

    units: pd.DataFrame
    quarters: pd.DataFrame
    submissions: pd.DataFrame
    tasks: pd.DataFrame
    indicators: pd.DataFrame
    satisfaction: pd.DataFrame
    self_assessment: pd.DataFrame
    folded: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def empty(cls) -> Frames:
        import pandas as pd  # storage imports this module on paths that never build frames

        return cls(
            *(
                pd.DataFrame(columns=cols)
                for cols in (
                    UNIT_COLUMNS,
                    QUARTER_COLUMNS,
                    SUBMISSION_COLUMNS,
                    TASK_COLUMNS,
                    INDICATOR_COLUMNS,
                    SATISFACTION_COLUMNS,
                    SELF_ASSESSMENT_COLUMNS,
                )
            )
        )


TABLES = tuple(f.name for f in fields(Frames) if f.name != "folded")  # the DataFrames, in order
