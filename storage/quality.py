"""The follow-up of data-quality flags (../shared/spec/data-quality.md, "Follow-up"): explained, resolved, reopened.

A flag is computed, never stored (metrics.quality); what people did about it is stored
here, one row per flag someone acted on, holding its latest state. No row: the flag is
open. A flag is named by `FlagKey`, whose `submission_id` is the report flagged: a
report replacing it has flags of its own, open again (the contract's "recomputed"), and
an earlier report restored finds its follow-up as it was left.

Explaining takes a text (the number is right, and why); resolving is the office's
decision, with an optional note; reopening takes a reason and deletes the row. Each
change is one audit line, in the same transaction as the change. Who may do what is
core.permissions' (`may_explain`, `may_resolve`): these functions do not check people.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Row, delete, func, insert, select, true, update

from core.errors import Refusal
from core.periods import period_from_code
from i18n.messages import term
from storage import audit
from storage.db import reading, writing
from storage.governance import lock_unit
from storage.par_years import acting_name
from storage.refusals import by_whom
from storage.schema import quality_follow_up, submissions

if TYPE_CHECKING:
    import pandas as pd

EXPLAINED, RESOLVED = "explained", "resolved"
STATES = (EXPLAINED, RESOLVED)  # a flag with no row is open
MIN_EXPLANATION_LENGTH = 5  # more than "ok": says why the number is right
MIN_REASON_LENGTH = 5  # as an unlock's or a PAR year's reopening
# The kinds of metrics.quality.KINDS, repeated so that storage does not load pandas (a test keeps them equal).
KINDS = ("outlier-across", "outlier-history", "copied", "survey-repeated", "went-back", "missing")

FOLLOW_UP_COLUMNS = ["unit_code", "kind", "item", "submission_id", "state", "explanation", "changed_by", "changed_at"]
"""The columns of `follow_up`, one row per flag of the quarter's current reports someone acted on."""


class QualityRefused(Refusal, ValueError):
    """A change to a flag's follow-up that cannot be made: the code and values say why."""


@dataclass(frozen=True)
class FlagKey:
    """A flag's identity: the unit's report (`submission_id`) of the quarter, the kind and the item flagged."""

    unit_code: str
    period: str
    kind: str
    item: str
    submission_id: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "item", self.item or "")  # survey-repeated names no item: "" rather than NULL


# ---------------------------------------------------------------- reading


def follow_up(engine: Engine, period: str) -> pd.DataFrame:
    """The quarter's follow-up rows of its current reports (FOLLOW_UP_COLUMNS), by unit, kind and item.

    Rows of a report since replaced are left out: that report's flags are no longer shown.
    """
    import pandas as pd

    f = quality_follow_up
    stmt = (
        select(*(f.c[name] for name in FOLLOW_UP_COLUMNS))
        .join(submissions, submissions.c.id == f.c.submission_id)
        .where(f.c.period == period_from_code(period).code, submissions.c.is_current == true())
        .order_by(f.c.unit_code, f.c.kind, f.c.item)
    )
    with reading(engine) as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame([tuple(row) for row in rows], columns=FOLLOW_UP_COLUMNS)
    # The same dtypes on either backend and when empty, as storage.frames gives: the pages merge it with the flags.
    texts = {name: "str" for name in FOLLOW_UP_COLUMNS if name not in ("submission_id", "changed_at")}
    return frame.astype({**texts, "submission_id": "int64", "changed_at": "datetime64[us]"})


def flag_state(engine: Engine, key: FlagKey) -> str | None:
    """EXPLAINED or RESOLVED; None while the flag is open."""
    with reading(engine) as conn:
        row = _follow_up_row(conn, _checked(key))
    return row.state if row is not None else None


# ---------------------------------------------------------------- changing


def explain(engine: Engine, key: FlagKey, text: str, *, by: str | None) -> None:
    """Say why the flagged value is right: the flag becomes explained, or stays resolved with the new explanation."""
    explanation = _enough(text, MIN_EXPLANATION_LENGTH, "quality-explanation-too-short")
    key, who, now = _checked(key), acting_name(by), audit.wall_clock()
    with _flag_transaction(engine, key) as (conn, row):
        state = RESOLVED if row is not None and row.state == RESOLVED else EXPLAINED
        _write(conn, key, row, state=state, explanation=explanation, changed_by=who, changed_at=now)
        _record(conn, "quality-explain", key, row, who, now, {"state": state, "explanation": explanation})


def resolve(engine: Engine, key: FlagKey, *, by: str | None, note: str | None = None) -> None:
    """The office settles the flag; a note, when given, becomes its explanation (the earlier one stays in the log)."""
    written = note.strip() if isinstance(note, str) else ""
    key, who, now = _checked(key), acting_name(by), audit.wall_clock()
    with _flag_transaction(engine, key) as (conn, row):
        if row is not None and row.state == RESOLVED:
            raise QualityRefused(
                "quality-already-resolved", **_flag_params(key), by=by_whom(row.changed_by), at=row.changed_at
            )
        explanation = written or (row.explanation if row is not None else None)
        _write(conn, key, row, state=RESOLVED, explanation=explanation, changed_by=who, changed_at=now)
        change = {"state": RESOLVED, "explanation": explanation, "note": written or None}
        _record(conn, "quality-resolve", key, row, who, now, change)


def reopen(engine: Engine, key: FlagKey, *, by: str | None, reason: str) -> None:
    """Take the flag back to open, saying why: its row goes, the audit log keeps what it held."""
    why = _enough(reason, MIN_REASON_LENGTH, "quality-reason-needed")
    key, who, now = _checked(key), acting_name(by), audit.wall_clock()
    with _flag_transaction(engine, key) as (conn, row):
        if row is None:
            raise QualityRefused("quality-already-open", **_flag_params(key))
        conn.execute(delete(quality_follow_up).where(quality_follow_up.c.id == row.id))
        _record(conn, "quality-reopen", key, row, who, now, {"state": None, "reason": why})


# ---------------------------------------------------------------- the parts


def _enough(text: Any, minimum: int, code: str) -> str:
    """`text` trimmed; refused with `code` when shorter than `minimum` characters."""
    written = text.strip() if isinstance(text, str) else ""
    if len(written) < minimum:
        raise QualityRefused(code, minimum=minimum)
    return written


def _checked(key: FlagKey) -> FlagKey:
    """The key, once its kind is one of the flags' and its period a quarter code (2023-Q2): refused otherwise."""
    if key.kind not in KINDS:
        raise QualityRefused("quality-unknown-kind", kind=key.kind)
    period_from_code(key.period)  # PeriodCodeError ("bad-period-code") for anything else
    return key


@contextmanager
def _flag_transaction(engine: Engine, key: FlagKey) -> Iterator[tuple[Connection, Row | None]]:
    """A write transaction on the flag of a unit's current report: the connection and the flag's row (None: open).

    The unit's writes take turns (storage.governance.lock_unit): a report replacing the flagged
    one comes either before, and the change is refused, or after, and the change stays with the
    report it was made on.
    """
    with writing(engine) as conn:
        lock_unit(conn, key.unit_code)
        if not _is_current_report(conn, key):
            raise QualityRefused("quality-unknown-report", **_flag_params(key))
        yield conn, _follow_up_row(conn, key)


def _is_current_report(conn: Connection, key: FlagKey) -> bool:
    s = submissions
    stmt = select(s.c.id).where(
        s.c.id == key.submission_id, s.c.unit_code == key.unit_code, s.c.period == key.period, s.c.is_current == true()
    )
    return conn.execute(stmt).first() is not None


def _identity(key: FlagKey) -> tuple[Any, ...]:
    f = quality_follow_up
    return (
        f.c.unit_code == key.unit_code,
        f.c.period == key.period,
        f.c.kind == key.kind,
        f.c.item == key.item,
        f.c.submission_id == key.submission_id,
    )


def _follow_up_row(conn: Connection, key: FlagKey) -> Row | None:
    return conn.execute(select(quality_follow_up).where(*_identity(key))).one_or_none()


def _write(conn: Connection, key: FlagKey, row: Row | None, **values: Any) -> None:
    if row is None:
        conn.execute(insert(quality_follow_up).values(**asdict(key), **values))
    else:
        conn.execute(update(quality_follow_up).where(quality_follow_up.c.id == row.id).values(**values))


_KEPT_IN_THE_LOG = ("state", "explanation", "changed_by", "changed_at")  # what a change overwrites or deletes


def _record(
    conn: Connection, action: str, key: FlagKey, row: Row | None, who: str | None, now: datetime, change: dict
) -> None:
    """One audit line: the flag, its state and explanation before, and what the change made of them."""
    before = None if row is None else {name: row._mapping[name] for name in _KEPT_IN_THE_LOG}
    detail = {"kind": key.kind, "item": key.item, **change, "before": before}
    audit.record(conn, action, username=who, unit_code=key.unit_code, period=key.period,
                 submission_id=key.submission_id, detail=detail, at=now)  # fmt: skip


def _flag_params(key: FlagKey) -> dict[str, Any]:
    """The flag as a refusal names it: the unit, the quarter, the report, the kind (worded) and the item."""
    return {
        "unit": key.unit_code,
        "quarter": key.period,
        "submission": str(key.submission_id),  # an id, not a quantity: never 1.234
        "kind": term(f"quality.kind.{key.kind}"),
        "item": key.item or "–",
    }


def follow_up_version(engine: Engine, period: str) -> str:
    """A short fingerprint of the quarter's follow-up: it changes with every explanation, resolution or reopening
    (a page keys its cached flags on it, without reloading every stored table)."""
    table = quality_follow_up
    with reading(engine) as conn:
        found = conn.execute(
            select(func.count(), func.max(table.c.changed_at), func.max(table.c.id)).where(table.c.period == period)
        ).one()
    return ":".join(str(v) for v in found)
