"""Schema migrations: named, ordered steps, each applied once in its own transaction.

`schema_migrations` records the name of every step applied; `migrate` runs the
missing ones in order and is a no-op when none is missing. On PostgreSQL a
transaction-level advisory lock makes two processes starting at once take turns.

Adding a step: append `("0005_what_it_does", function)` to `MIGRATIONS`; never
rename, reorder or edit a step already released. A step may create tables from
`storage.schema` only while schema.py still declares them as that step first made
them: 0001 is frozen (its own copy of the tables of the first release, below), and so
are 0002's `audit_log` (0005 added its chain) and `users` (0013 added its ward); 0003
creates `approvals`, `closed_quarters` and `appraisals`, 0006 `plans` and `plan_tasks`,
0009 `evidence_files`, `evidence_links` and `par_years`, 0011 `par_appraisals` and
`framework_freezes`, 0012 `quality_follow_up`, 0013 `ward_approvals`, 0014 `session_tokens` and
0015 `ward_deadlines`, from schema.py by name — the day
one of those tables changes in schema.py, copy it into its step the same way first, so
that a fresh database still ends up identical through every step (the tests run every
step on fresh databases and compare the result with schema.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    column,
    false,
    func,
    insert,
    select,
    table,
    text,
    true,
    update,
)

from core.text import content_key
from storage import schema
from storage.audit import line_hash
from storage.db import writing

Migration = tuple[str, Callable[[Connection], None]]

_ADVISORY_LOCK_KEY = 0x43434843  # "CCHC": any constant shared by every process of the app


def _0001_tables() -> MetaData:
    """The tables of the first release, frozen: a copy of schema.py as it was then. Never edit."""
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    Table(
        "units",
        metadata,
        Column("unit_code", String, primary_key=True),
        Column("unit_name", String, nullable=False),
        Column("level", String, nullable=False),
        Column("ward", String),
        Column("active_from", String),
        Column("active_to", String),
        Column("updated_at", DateTime, nullable=False),
    )
    Table(
        "quarters",
        metadata,
        Column("period", String, primary_key=True),
        Column("deadline", Date, nullable=False),
    )
    submissions = Table(
        "submissions",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("unit_code", String, ForeignKey("units.unit_code"), nullable=False),
        Column("period", String, nullable=False),
        Column("received_at", DateTime, nullable=False),
        Column("file_name", String, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("is_current", Boolean, nullable=False, server_default=false()),
        Column("unit_name_reported", String),
        Column("prepared_by", String),
        Column("prepared_on", Date),
        Column("problems", Text, nullable=False, server_default="[]"),
        Column("content", LargeBinary, nullable=False),
        Index(None, "unit_code", "period"),
        Index(None, "period"),
    )
    Index(
        "uq_submissions_current",
        submissions.c.unit_code,
        submissions.c.period,
        unique=True,
        sqlite_where=submissions.c.is_current == true(),
        postgresql_where=submissions.c.is_current == true(),
    )
    Table(
        "rejections",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("received_at", DateTime, nullable=False),
        Column("file_name", String, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("unit_code", String),
        Column("period", String),
        Column("problems", Text, nullable=False),
        Index(None, "unit_code", "period"),
    )

    def record_table(name: str, *columns: Column) -> None:
        Table(
            name,
            metadata,
            Column("submission_id", Integer, ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
            Column("row", Integer, primary_key=True),
            *columns,
            sqlite_with_rowid=False,
        )

    record_table(
        "tasks",
        Column("field", String, nullable=False),
        Column("content", Text, nullable=False),
        Column("plan", String),
        Column("deadline", Date, nullable=False),
        Column("status", String, nullable=False),
        Column("done_on", Date),
        Column("evidence", Text),
        Column("note", Text),
        CheckConstraint("status IN ('done', 'in_progress', 'not_started')", name="status"),
    )
    record_table(
        "indicator_values",
        Column("code", String, nullable=False),
        Column("result", Float, nullable=False),
        Column("total", Float),
        Column("note", Text),
    )
    record_table(
        "satisfaction",
        Column("dimension", String, nullable=False),
        Column("answers", Integer, nullable=False),
        Column("very_dissatisfied", Integer, nullable=False),
        Column("dissatisfied", Integer, nullable=False),
        Column("neutral", Integer, nullable=False),
        Column("satisfied", Integer, nullable=False),
        Column("very_satisfied", Integer, nullable=False),
    )
    record_table(
        "self_scores",
        Column("field", String, nullable=False),
        Column("max_points", Float, nullable=False),
        Column("self_points", Float, nullable=False),
        Column("appraised_points", Float),
        Column("note", Text),
    )
    return metadata


def _0001_initial_schema(conn: Connection) -> None:
    _0001_tables().create_all(conn, checkfirst=False)


_0002_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _0002_audit_log_table() -> Table:
    """`audit_log` as 0002 made it, frozen (0005 added its chain). Never edit."""
    metadata = MetaData(naming_convention=_0002_NAMING)
    return Table(
        "audit_log",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", DateTime, nullable=False),
        Column("username", String),
        Column("action", String, nullable=False),
        Column("unit_code", String),
        Column("period", String),
        Column("submission_id", Integer),
        Column("detail", Text, nullable=False, server_default="{}"),
        Index(None, "at"),
        Index(None, "username", "at"),
        Index(None, "action", "at"),
        Index(None, "unit_code", "at"),
    )


def _0002_users_table() -> Table:
    """`users` as 0002 made it, frozen (0013 added its ward). Never edit."""
    metadata = MetaData(naming_convention=_0002_NAMING)
    Table("units", metadata, Column("unit_code", String, primary_key=True))  # only for the foreign key
    return Table(
        "users",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("username", String(64), nullable=False, unique=True),
        Column("display_name", String),
        Column("role", String, nullable=False),
        Column("unit_code", String, ForeignKey("units.unit_code")),
        Column("password_hash", String, nullable=False),
        Column("active", Boolean, nullable=False, server_default=true()),
        Column("failed_logins", Integer, nullable=False, server_default="0"),
        Column("locked_until", DateTime),
        Column("created_at", DateTime, nullable=False),
        Column("password_changed_at", DateTime, nullable=False),
        CheckConstraint("role IN ('admin', 'viewer', 'clerk')", name="role"),
        CheckConstraint(
            "(role = 'clerk' AND unit_code IS NOT NULL) OR (role <> 'clerk' AND unit_code IS NULL)",
            name="clerk_unit",
        ),
    )


def _0002_users_and_audit_log(conn: Connection) -> None:
    _0002_users_table().create(conn, checkfirst=False)
    _0002_audit_log_table().create(conn, checkfirst=False)


def _0003_approval_and_appraisal(conn: Connection) -> None:
    tables = [schema.approvals, schema.closed_quarters, schema.appraisals]
    schema.metadata.create_all(conn, tables=tables, checkfirst=False)


AUDIT_LOG_IS_APPEND_ONLY = "audit_log is append-only: a line cannot be changed or deleted"

_APPEND_ONLY_SQLITE = [
    f"""CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log
    BEGIN SELECT RAISE(ABORT, '{AUDIT_LOG_IS_APPEND_ONLY}'); END"""
    for verb in ("UPDATE", "DELETE")
]
_APPEND_ONLY_POSTGRES = [
    f"""CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{AUDIT_LOG_IS_APPEND_ONLY}'; END $$""",
    """CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()""",
]


def _0004_audit_log_append_only(conn: Connection) -> None:
    """The database itself refuses to change or delete an audit line, whatever code or tool asks.

    The app has no such function anyway; this also holds for a script or a SQL console on
    the app's own database account (only the database's owner, dropping the triggers, gets round it).
    """
    statements = _APPEND_ONLY_POSTGRES if conn.dialect.name == "postgresql" else _APPEND_ONLY_SQLITE
    for statement in statements:
        conn.exec_driver_sql(statement)


AUDIT_LINE_EXISTS = "audit_log is append-only: a line cannot be replaced"

# SQLite fires no DELETE trigger for the row a REPLACE (INSERT OR REPLACE) removes: refuse the
# insert itself when its id is taken. (PostgreSQL has no REPLACE; its INSERT … ON CONFLICT DO
# UPDATE fires the UPDATE trigger of 0004, and so does SQLite's upsert, if this let it through.)
_NO_REPLACE_SQLITE = f"""CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
    WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, '{AUDIT_LINE_EXISTS}'); END"""

# 0004's UPDATE trigger, set aside while 0005 fills in the chain of the lines already written.
_UPDATE_TRIGGER_OFF = {
    "sqlite": ["DROP TRIGGER audit_log_no_update"],
    "postgresql": ["ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"],
}
_UPDATE_TRIGGER_ON = {
    "sqlite": [_APPEND_ONLY_SQLITE[0]],
    "postgresql": ["ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change"],
}

# The columns 0005 reads and writes, as they were then (schema.audit_log may grow).
_0005_LOG = table(
    "audit_log",
    column("id", Integer),
    column("at", DateTime),
    column("username", String),
    column("action", String),
    column("unit_code", String),
    column("period", String),
    column("submission_id", Integer),
    column("detail", Text),
    column("prev_id", Integer),
    column("line_hash", String),
)


def _0005_chain_lines(conn: Connection) -> None:
    """Chain the lines already written, in id order, as storage.audit.record chains new ones."""
    log = _0005_LOG
    page = select(log).where(log.c.id > bindparam("after")).order_by(log.c.id).limit(5000)
    fill = update(log).where(log.c.id == bindparam("line_id")).values(prev_id=bindparam("p"), line_hash=bindparam("h"))
    previous_id, previous_hash = None, None
    while lines := conn.execute(page, {"after": -1 if previous_id is None else previous_id}).all():
        chained = []
        for line in lines:
            digest = line_hash(previous_hash, {**line._mapping, "prev_id": previous_id})
            chained.append({"line_id": line.id, "p": previous_id, "h": digest})
            previous_id, previous_hash = line.id, digest
        conn.execute(fill, chained)


def _0005_audit_log_chain(conn: Connection) -> None:
    """Each line carries the hash of the line before it, and SQLite refuses a REPLACE of a line.

    The triggers of 0004 refuse a change; the chain shows afterwards one made by someone who
    got round them (the database's owner, or whoever holds the SQLite file): see storage.audit.
    The lines already written are chained here, so that the whole log verifies.
    """
    dialect = conn.dialect.name
    conn.exec_driver_sql("ALTER TABLE audit_log ADD COLUMN prev_id INTEGER")
    conn.exec_driver_sql("ALTER TABLE audit_log ADD COLUMN line_hash VARCHAR(64)")
    for statement in _UPDATE_TRIGGER_OFF[dialect]:  # within this transaction only: nobody else sees it off
        conn.exec_driver_sql(statement)
    _0005_chain_lines(conn)
    for statement in _UPDATE_TRIGGER_ON[dialect]:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("CREATE UNIQUE INDEX ix_audit_log_prev_id ON audit_log (prev_id)")
    if dialect == "sqlite":
        conn.exec_driver_sql(_NO_REPLACE_SQLITE)


def _0006_plans(conn: Connection) -> None:
    """The year's plans and their tasks (storage.plans)."""
    schema.metadata.create_all(conn, tables=[schema.plans, schema.plan_tasks], checkfirst=False)


def _0007_task_codes(conn: Connection) -> None:
    """A report's task row keeps the plan task it is linked to (Mã nhiệm vụ); older rows have none."""
    conn.execute(text("ALTER TABLE tasks ADD COLUMN code VARCHAR"))


def _0008_task_content_keys(conn: Connection) -> None:
    """A report's task row keeps a digest of its content, which follows a task across quarters; the rows
    already stored get theirs here."""
    conn.execute(text("ALTER TABLE tasks ADD COLUMN content_key VARCHAR"))
    stored = table("tasks", column("submission_id"), column("row"), column("content"), column("content_key"))
    rows = conn.execute(select(stored.c.submission_id, stored.c.row, stored.c.content)).all()
    if rows:
        conn.execute(
            update(stored)
            .where(stored.c.submission_id == bindparam("s"), stored.c.row == bindparam("r"))
            .values(content_key=bindparam("k")),
            [{"s": s, "r": r, "k": content_key(c)} for s, r, c in rows],
        )


def _0009_evidence(conn: Connection) -> None:
    """Evidence files with their links to a school's year (storage.evidence), and the PAR year's state
    (storage.par_years)."""
    tables = [schema.evidence_files, schema.evidence_links, schema.par_years]
    schema.metadata.create_all(conn, tables=tables, checkfirst=False)


def _0010_self_score_criteria(conn: Connection) -> None:
    """A self-assessment row may score one criterion of the year's framework, with the school's explanation."""
    conn.execute(text("ALTER TABLE self_scores ADD COLUMN criterion VARCHAR"))
    conn.execute(text("ALTER TABLE self_scores ADD COLUMN explanation TEXT"))


def _0011_par_appraisals(conn: Connection) -> None:
    """The office's appraisal of a school's PAR year, item by item, and the frameworks frozen
    (storage.par_appraisal)."""
    schema.metadata.create_all(conn, tables=[schema.par_appraisals, schema.framework_freezes], checkfirst=False)


def _0012_quality_follow_up(conn: Connection) -> None:
    """The follow-up of data-quality flags: explained or resolved, one row per flag (storage.quality)."""
    schema.metadata.create_all(conn, tables=[schema.quality_follow_up], checkfirst=False)


def _0013_ward_scope(conn: Connection) -> None:
    """An office account may be scoped to one ward; the ward's approval where approval takes two steps."""
    conn.execute(text("ALTER TABLE users ADD COLUMN ward VARCHAR"))
    schema.metadata.create_all(conn, tables=[schema.ward_approvals], checkfirst=False)


def _0014_session_tokens(conn: Connection) -> None:
    """Logins that survive a page reload and reach every app process (storage.sessions)."""
    schema.metadata.create_all(conn, tables=[schema.session_tokens], checkfirst=False)


def _0015_ward_deadlines(conn: Connection) -> None:
    """A ward's office may set its schools' own reporting deadline of a quarter (storage.registry)."""
    schema.metadata.create_all(conn, tables=[schema.ward_deadlines], checkfirst=False)


MIGRATIONS: list[Migration] = [
    ("0001_initial_schema", _0001_initial_schema),
    ("0002_users_and_audit_log", _0002_users_and_audit_log),
    ("0003_approval_and_appraisal", _0003_approval_and_appraisal),
    ("0004_audit_log_append_only", _0004_audit_log_append_only),
    ("0005_audit_log_chain", _0005_audit_log_chain),
    ("0006_plans", _0006_plans),
    ("0007_task_codes", _0007_task_codes),
    ("0008_task_content_keys", _0008_task_content_keys),
    ("0009_evidence", _0009_evidence),
    ("0010_self_score_criteria", _0010_self_score_criteria),
    ("0011_par_appraisals", _0011_par_appraisals),
    ("0012_quality_follow_up", _0012_quality_follow_up),
    ("0013_ward_scope", _0013_ward_scope),
    ("0014_session_tokens", _0014_session_tokens),
    ("0015_ward_deadlines", _0015_ward_deadlines),
]


def applied_migrations(conn: Connection) -> list[str]:
    """Names of the steps already applied, in the order they were applied."""
    ledger = schema.schema_migrations
    return list(conn.scalars(select(ledger.c.name).order_by(ledger.c.applied_at, ledger.c.name)))


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_ADVISORY_LOCK_KEY)))


def migrate(engine: Engine, migrations: list[Migration] | None = None) -> list[str]:
    """Apply the steps not yet applied; answer the names of those applied now."""
    steps = MIGRATIONS if migrations is None else migrations
    with writing(engine) as conn:
        _lock(conn)
        schema.schema_migrations.create(conn, checkfirst=True)
        done = set(applied_migrations(conn))
    applied: list[str] = []
    for name, step in steps:
        if name in done:
            continue
        with writing(engine) as conn:
            _lock(conn)
            if conn.scalar(select(schema.schema_migrations.c.name).where(schema.schema_migrations.c.name == name)):
                continue  # another process applied it meanwhile
            step(conn)
            conn.execute(insert(schema.schema_migrations).values(name=name, applied_at=datetime.now()))
        applied.append(name)
    return applied
