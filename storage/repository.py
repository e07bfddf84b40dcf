"""The former home of the storage functions, split by subject; it remains only for the pages and the CLI
until they import the new modules.

Units and deadlines are `storage.registry`'s; storing reports, their history, the refused
files and the current reports `storage.submissions`'; the tables the metrics read and
their version `storage.frames`'; why a report is locked `storage.governance`'s. New code
imports from those.
"""

from __future__ import annotations

from storage.frames import data_version, load_frames, load_task_texts
from storage.governance import ReportLocked
from storage.registry import (
    DeadlineRefused,
    closed_quarter_conflicts,
    list_units,
    set_deadline,
    upsert_units,
)
from storage.submissions import (
    current_submission,
    current_submissions,
    is_empty,
    log_rejection,
    rejection_history,
    restore_submission,
    submission_content,
    submission_history,
)

__all__ = [
    "DeadlineRefused",
    "ReportLocked",
    "closed_quarter_conflicts",
    "current_submission",
    "current_submissions",
    "data_version",
    "is_empty",
    "list_units",
    "load_frames",
    "load_task_texts",
    "log_rejection",
    "rejection_history",
    "restore_submission",
    "set_deadline",
    "submission_content",
    "submission_history",
    "upsert_units",
]
