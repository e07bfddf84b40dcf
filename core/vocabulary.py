"""The words the reports, the database and the pages share, each declared once.

A task's status, a survey answer's level and an account's role are stored as these
codes; what people read is in i18n/ (`status.done`, `level.satisfied`, `role.admin`),
and what a workbook may say is in loaders/contract.py.
"""

from __future__ import annotations

from datetime import timedelta, timezone

# A task's status in a quarter's report.
DONE, IN_PROGRESS, NOT_STARTED = "done", "in_progress", "not_started"
TASK_STATUSES = (DONE, IN_PROGRESS, NOT_STARTED)

# The five levels of a parents' survey answer (SIPAS), from worst to best.
VERY_DISSATISFIED, DISSATISFIED, NEUTRAL, SATISFIED, VERY_SATISFIED = (
    "very_dissatisfied",
    "dissatisfied",
    "neutral",
    "satisfied",
    "very_satisfied",
)
ANSWER_LEVELS = (VERY_DISSATISFIED, DISSATISFIED, NEUTRAL, SATISFIED, VERY_SATISFIED)
SATISFIED_LEVELS = (SATISFIED, VERY_SATISFIED)  # the answers a satisfaction rate counts

# An indicator of the catalog: a rate (Kết quả / Tổng số × 100) or a count, and which way is better.
RATE, COUNT = "rate", "count"
INDICATOR_KINDS = (RATE, COUNT)
HIGHER, LOWER = "higher", "lower"
DIRECTIONS = (HIGHER, LOWER)

# Who an account is: the office's administrator or reader, or a school's clerk.
ADMIN, VIEWER, CLERK = "admin", "viewer", "clerk"
ROLES = (ADMIN, VIEWER, CLERK)

# Vietnam has kept UTC+7 without daylight saving since 1975: the database's times are its wall clock.
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
