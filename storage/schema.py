"""The database tables, declared once with SQLAlchemy Core.

Every accepted file becomes one `submissions` row (its original bytes kept) plus
its records in `tasks`, `indicator_values`, `satisfaction` and `self_scores`.
A later file for the same unit and quarter becomes the current one; the earlier
stays, not current, so it can be shown and restored. Refused files leave only a
line in `rejections`: no records, no bytes (the contract: nothing of it is stored).
The office's own decisions sit beside the reports: `approvals` (a report approved
and locked), `closed_quarters` and `appraisals` (its Điểm thẩm định per PAR field).

Changing a table here needs a new migration in `storage.migrations`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)

from core.vocabulary import ANSWER_LEVELS

# Named constraints, so that a later migration can refer to them on both backends.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String, primary_key=True),
    Column("applied_at", DateTime, nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("unit_code", String, primary_key=True),
    Column("unit_name", String, nullable=False),
    Column("level", String, nullable=False),  # a code of data/catalogs/levels.csv
    Column("ward", String),
    Column("active_from", String),  # first period expected to report, e.g. "2025-Q3"; NULL: always
    Column("active_to", String),  # last period expected to report; NULL: still active
    Column("updated_at", DateTime, nullable=False),
)

quarters = Table(
    "quarters",
    metadata,
    Column("period", String, primary_key=True),  # "2023-Q2"
    Column("deadline", Date, nullable=False),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String, ForeignKey("units.unit_code"), nullable=False),
    Column("period", String, nullable=False),
    Column("received_at", DateTime, nullable=False),  # naive, Vietnam wall-clock time
    Column("file_name", String, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("is_current", Boolean, nullable=False, server_default=false()),
    Column("unit_name_reported", String),
    Column("prepared_by", String),
    Column("prepared_on", Date),
    Column("problems", Text, nullable=False, server_default="[]"),  # JSON list: the warnings
    # The file as uploaded. Last, so that SQLite reads the columns before it without walking
    # the blob's overflow pages: load_frames joins this table row by row.
    Column("content", LargeBinary, nullable=False),
    Index(None, "unit_code", "period"),
    Index(None, "period"),
)
# At most one current report per unit and quarter, whatever the code above it does.
Index(
    "uq_submissions_current",
    submissions.c.unit_code,
    submissions.c.period,
    unique=True,
    sqlite_where=submissions.c.is_current == true(),
    postgresql_where=submissions.c.is_current == true(),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", DateTime, nullable=False),
    Column("file_name", String, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("unit_code", String),  # as read from the file, when it could be; not checked
    Column("period", String),
    Column("problems", Text, nullable=False),  # JSON list of problem dicts
    Index(None, "unit_code", "period"),
)


def _record_table(name: str, *columns: Column) -> Table:
    """A table of one kind of record, keyed by its submission and the Excel row it came from."""
    return Table(
        name,
        metadata,
        Column(
            "submission_id",
            Integer,
            ForeignKey("submissions.id", ondelete="CASCADE"),
            primary_key=True,  # leading column of the key: serves lookups by submission
        ),
        Column("row", Integer, primary_key=True),
        *columns,
        # SQLite keeps such a table in key order: a report's records are read as one run.
        sqlite_with_rowid=False,
    )


tasks = _record_table(
    "tasks",
    Column("field", String, nullable=False),
    Column("content", Text, nullable=False),
    Column("plan", String),
    Column("deadline", Date, nullable=False),
    Column("status", String, nullable=False),
    Column("done_on", Date),
    Column("evidence", Text),
    Column("note", Text),
    Column("code", String),  # Mã nhiệm vụ: the plan task it is linked to, or as written (0007)
    Column("content_key", String),  # core.text.content_key of the content: the task across quarters (0008)
    CheckConstraint("status IN ('done', 'in_progress', 'not_started')", name="status"),
)

indicator_values = _record_table(
    "indicator_values",
    Column("code", String, nullable=False),
    Column("result", Float, nullable=False),
    Column("total", Float),
    Column("note", Text),
)

satisfaction = _record_table(
    "satisfaction",
    Column("dimension", String, nullable=False),
    Column("answers", Integer, nullable=False),
    *(Column(level, Integer, nullable=False) for level in ANSWER_LEVELS),
)

self_scores = _record_table(
    "self_scores",
    Column("field", String, nullable=False),
    Column("max_points", Float, nullable=False),
    Column("self_points", Float, nullable=False),
    Column("appraised_points", Float),
    Column("note", Text),
    Column("criterion", String),  # a criterion of the year's framework; null: the whole field (0010)
    Column("explanation", Text),  # Giải trình: the school's reason for its points (0010)
)

RECORD_TABLES = (tasks, indicator_values, satisfaction, self_scores)

# ---------------------------------------------------------------- accounts and the audit log (0002)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),  # stored lower-case
    Column("display_name", String),
    Column("role", String, nullable=False),
    Column("unit_code", String, ForeignKey("units.unit_code")),  # a clerk's school; NULL for the others
    Column("password_hash", String, nullable=False),  # argon2id, with its parameters and salt
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("failed_logins", Integer, nullable=False, server_default="0"),  # failures in a row
    Column("locked_until", DateTime),  # naive, like every time stored
    Column("created_at", DateTime, nullable=False),
    Column("password_changed_at", DateTime, nullable=False),
    # An office account (admin, viewer) scoped to one ward of the registry; NULL: the whole installation (0013).
    Column("ward", String),
    CheckConstraint("role IN ('admin', 'viewer', 'clerk')", name="role"),
    CheckConstraint(
        "(role = 'clerk' AND unit_code IS NOT NULL) OR (role <> 'clerk' AND unit_code IS NULL)",
        name="clerk_unit",
    ),
)

# Append-only: storage.audit offers no update or delete, and the database refuses both (0004, 0005).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("username", String),  # who acted (or tried to log in as); NULL for the system
    Column("action", String, nullable=False),  # 'login', 'login-failed', 'upload-accepted', 'user-add'…
    Column("unit_code", String),  # not foreign keys: the log outlives what it names
    Column("period", String),
    Column("submission_id", Integer),
    Column("detail", Text, nullable=False, server_default="{}"),  # JSON object
    # The chain (0005): the line written just before this one (NULL: the first), and the SHA-256 of
    # this line's fields with that line's hash (storage.audit.line_hash). NULL: not written by the app.
    Column("prev_id", Integer),
    Column("line_hash", String(64)),
    Index(None, "at"),
    Index(None, "username", "at"),
    Index(None, "action", "at"),
    Index(None, "unit_code", "at"),
    Index(None, "prev_id", unique=True),  # one line after each: the chain cannot fork
)

# ---------------------------------------------------------------- the office's approval and appraisal (0003)

# Never deleted: an unlock fills the unlocked_* columns, so every approval stays in the history.
approvals = Table(
    "approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String, ForeignKey("units.unit_code"), nullable=False),
    Column("period", String, nullable=False),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),  # the report approved
    Column("approved_by", String),
    Column("approved_at", DateTime, nullable=False),
    Column("unlocked_by", String),
    Column("unlocked_at", DateTime),  # NULL: the approval still locks the unit's report for the quarter
    Column("unlock_reason", Text),
    Index(None, "period"),
)
# At most one current lock per unit and quarter.
Index(
    "uq_approvals_current",
    approvals.c.unit_code,
    approvals.c.period,
    unique=True,
    sqlite_where=approvals.c.unlocked_at.is_(None),
    postgresql_where=approvals.c.unlocked_at.is_(None),
)

# The ward's approval, where the office approves in two steps (storage.governance): the ward approves, the
# city accepts, and only the city's acceptance (an `approvals` row) locks. Withdrawn rows stay (0013).
ward_approvals = Table(
    "ward_approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String, ForeignKey("units.unit_code"), nullable=False),
    Column("period", String, nullable=False),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),
    Column("approved_by", String),
    Column("approved_at", DateTime, nullable=False),
    Column("withdrawn_by", String),
    Column("withdrawn_at", DateTime),
    Index(None, "period"),
)
Index(
    "uq_ward_approvals_current",
    ward_approvals.c.unit_code,
    ward_approvals.c.period,
    unique=True,
    sqlite_where=ward_approvals.c.withdrawn_at.is_(None),
    postgresql_where=ward_approvals.c.withdrawn_at.is_(None),
)

# A ward's own reporting deadline for a quarter, set by its office (0015); its schools' reports are on time
# by it, the others' by the quarter's `quarters` deadline (or the contract's default).
ward_deadlines = Table(
    "ward_deadlines",
    metadata,
    Column("period", String, primary_key=True),
    Column("ward", String, primary_key=True),
    Column("deadline", Date, nullable=False),
    Column("set_by", String),
    Column("set_at", DateTime, nullable=False),
)

# A row: the quarter is closed, no report is taken any more. Reopening deletes it (the audit log keeps why).
closed_quarters = Table(
    "closed_quarters",
    metadata,
    Column("period", String, primary_key=True),
    Column("closed_by", String),
    Column("closed_at", DateTime, nullable=False),
)

# The office's Điểm thẩm định per PAR field: its own data, apart from the school's report, so that a
# re-uploaded report does not wipe it. Where given, it overrides the report's appraised points.
appraisals = Table(
    "appraisals",
    metadata,
    Column("unit_code", String, ForeignKey("units.unit_code"), primary_key=True),
    Column("period", String, primary_key=True),
    Column("field", String, primary_key=True),
    Column("points", Float, nullable=False),
    Column("note", Text),
    Column("updated_by", String),
    Column("updated_at", DateTime, nullable=False),
)

# ---------------------------------------------------------------- the year's plans (0006)

# One row per plan workbook stored: a unit's CCHC plan for a year. A later plan for the same unit and
# year becomes the current one; the earlier stays, not current, naming the plan that replaced it.
plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String, ForeignKey("units.unit_code"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("number", String),  # Số kế hoạch, e.g. 139/KH-THLQĐ
    Column("issued_on", Date),  # Ngày ban hành
    Column("file_name", String, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("received_at", DateTime, nullable=False),  # naive, Vietnam wall-clock time
    Column("submitted_by", String),  # the account that stored it
    Column("is_current", Boolean, nullable=False, server_default=false()),
    Column("replaced_by", Integer, ForeignKey("plans.id")),
    Column("problems", Text, nullable=False, server_default="[]"),  # JSON list: the warnings
    Column("content", LargeBinary, nullable=False),  # the file as uploaded; last, as in submissions
    Index(None, "unit_code", "year"),
)
# At most one current plan per unit and year, whatever the code above it does.
Index(
    "uq_plans_current",
    plans.c.unit_code,
    plans.c.year,
    unique=True,
    sqlite_where=plans.c.is_current == true(),
    postgresql_where=plans.c.is_current == true(),
)

# A plan's tasks, keyed by the plan and the Excel row. `code` (Mã nhiệm vụ) is the task's name across
# the plan's versions and the year's reports: as written in the plan, or given by storage.plans.
plan_tasks = Table(
    "plan_tasks",
    metadata,
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("code", String, nullable=False),
    Column("field", String, nullable=False),
    Column("content", Text, nullable=False),
    Column("who", Text),
    Column("deadline", String, nullable=False),  # Thời hạn as written
    Column("due", Date),  # the day it is due; NULL for a recurring task
    Column("recurring", Boolean, nullable=False, server_default=false()),
    Column("product", Text),
    UniqueConstraint("plan_id", "code"),
    sqlite_with_rowid=False,
)

# ---------------------------------------------------------------- evidence and the PAR year's state (0009)

# One row per distinct content (SHA-256): the same file attached twice is stored once.
evidence_files = Table(
    "evidence_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("kind", String, nullable=False),  # core.filetypes.KINDS, decided by the content
    Column("stored_at", DateTime, nullable=False),
    Column("content", LargeBinary, nullable=False),  # last, as in submissions
)

# A file attached to one thing of a school's year: a PAR field, a criterion, or a task of its plan.
# Removing fills removed_at/removed_by: what the council saw stays (storage.evidence).
evidence_links = Table(
    "evidence_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String, ForeignKey("units.unit_code"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("field", String),
    Column("criterion", String),
    Column("task_code", String),
    Column("sha256", String(64), ForeignKey("evidence_files.sha256"), nullable=False),
    Column("file_name", String, nullable=False),  # core.filenames.received_name of the name it was sent under
    Column("added_by", String),
    Column("added_at", DateTime, nullable=False),
    Column("removed_at", DateTime),
    Column("removed_by", String),
    CheckConstraint(
        "(CASE WHEN field IS NULL THEN 0 ELSE 1 END) + (CASE WHEN criterion IS NULL THEN 0 ELSE 1 END)"
        " + (CASE WHEN task_code IS NULL THEN 0 ELSE 1 END) = 1",
        name="one_target",
    ),
    Index(None, "unit_code", "year"),
    Index(None, "sha256"),
)

# A school's PAR year once the office has made it final (or reopened it): no row means draft.
par_years = Table(
    "par_years",
    metadata,
    Column("unit_code", String, ForeignKey("units.unit_code"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("state", String, nullable=False),
    Column("changed_by", String),
    Column("changed_at", DateTime, nullable=False),
    Column("reason", Text),  # why it was reopened
    CheckConstraint("state IN ('draft', 'final')", name="state"),
)

# ---------------------------------------------------------------- the office's PAR appraisal of a year (0011)

# The office's points of one item (a criterion, a whole field, a bonus or penalty line) of a school's year,
# with its reason; `submission_id` is the self-assessment appraised (storage.par_appraisal).
par_appraisals = Table(
    "par_appraisals",
    metadata,
    Column("unit_code", String, ForeignKey("units.unit_code"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("item", String, primary_key=True),
    Column("points", Float, nullable=False),
    Column("reason", Text),
    Column("submission_id", Integer, ForeignKey("submissions.id")),
    Column("updated_by", String),
    Column("updated_at", DateTime, nullable=False),
)

# The framework a year was appraised on, kept when its first appraisal became final.
framework_freezes = Table(
    "framework_freezes",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("source", String),
    Column("frozen_by", String),
    Column("frozen_at", DateTime, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

# ---------------------------------------------------------------- the follow-up of data-quality flags (0012)

# One row per flag someone acted on, holding its latest state (no row: open); the audit log keeps every change.
# A flag is named by its report (`submission_id`): a report replacing it has flags of its own, open again.
quality_follow_up = Table(
    "quality_follow_up",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String, ForeignKey("units.unit_code"), nullable=False),
    Column("period", String, nullable=False),
    Column("kind", String, nullable=False),  # outlier-across, copied… (metrics.quality.KINDS)
    Column("item", String, nullable=False, server_default=""),  # "" where the kind names none (survey-repeated)
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),
    Column("state", String, nullable=False),
    Column("explanation", Text),
    Column("changed_by", String),
    Column("changed_at", DateTime, nullable=False),
    CheckConstraint("state IN ('explained', 'resolved')", name="state"),
    UniqueConstraint("unit_code", "period", "kind", "item", "submission_id"),
    Index(None, "period"),
)

# ---------------------------------------------------------------- logins that survive a reload (0014)

# One row per login: the browser holds a signed token naming `token_id`, the database its digest. A row
# revoked (logout, password change, account disabled) or expired no longer logs anyone in.
session_tokens = Table(
    "session_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the secret part
    Column("username", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
    Column("revoked_reason", String),
    Index(None, "username"),
)
