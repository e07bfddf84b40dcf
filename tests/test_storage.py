"""Storage on SQLite and (when CCHC_TEST_POSTGRES_URL is set) PostgreSQL: see tests/conftest.py."""

from __future__ import annotations

import hashlib
import json
import pickle
import threading
from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from core.periods import period_from_code
from core.vocabulary import ANSWER_LEVELS
from i18n.messages import describe
from loaders.problems import ERROR, WARNING, Problem
from loaders.report import Report
from metrics import frames as contract
from storage import governance, schema
from storage.db import normalise_url
from storage.frames import load_frames
from storage.migrations import MIGRATIONS, applied_migrations, migrate
from storage.open import open_database
from storage.registry import (
    DeadlineRefused,
    RegistryRefused,
    list_units,
    quarter_deadline,
    set_deadline,
    unit_registry,
    upsert_units,
)
from storage.submissions import (
    current_submission,
    is_empty,
    log_rejection,
    periods_with_data,
    rejection_history,
    restore_submission,
    save_report,
    submission_content,
    submission_history,
)

RECEIVED = datetime(2023, 6, 19, 9, 30, 15)
CONTENT = b"PK\x03\x04 the original workbook bytes \x00\xff"
WARN = Problem(WARNING, "ThongTin", 3, "Tên đơn vị", "unit-name-mismatch", {"value": "TH X", "expected": "TH Y"})
FAIL = Problem(ERROR, "NhiemVu", 9, "Thời hạn", "bad-date", {"value": "31/02/2023"})


@pytest.fixture
def stocked(engine: Engine, unit_rows: list[dict[str, str]]) -> Engine:
    """The engine with the units of the test reports registered."""
    upsert_units(engine, unit_rows)
    return engine


def row_counts(engine: Engine) -> dict[str, int]:
    tables = (schema.submissions, schema.rejections, *schema.RECORD_TABLES)
    with engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in tables}


def current_counts(engine: Engine) -> list[tuple[str, str, int]]:
    s = schema.submissions
    stmt = (
        select(s.c.unit_code, s.c.period, func.count())
        .where(s.c.is_current.is_(True))
        .group_by(s.c.unit_code, s.c.period)
        .order_by(s.c.unit_code, s.c.period)
    )
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(stmt)]


# ---------------------------------------------------------------- engine and migrations


def test_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgresql://u:p@h:5432/db") == "postgresql+psycopg://u:p@h:5432/db"
    assert normalise_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"


def test_migrations_are_recorded_and_idempotent(engine: Engine, db_url: str) -> None:
    names = [name for name, _ in MIGRATIONS]
    with engine.connect() as conn:
        assert applied_migrations(conn) == names
    assert migrate(engine) == []
    again = open_database(db_url)  # what every start of the app does
    try:
        with again.connect() as conn:
            assert applied_migrations(conn) == names
            ledger_rows = conn.scalar(select(func.count()).select_from(schema.schema_migrations))
        assert ledger_rows == len(names)
    finally:
        again.dispose()


def test_migrated_database_matches_the_declared_schema(engine: Engine) -> None:
    """Fails when schema.py changes without a migration (or 0001 was not frozen first)."""
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) == set(schema.metadata.tables)
    for table in schema.metadata.sorted_tables:
        assert [c["name"] for c in inspector.get_columns(table.name)] == [c.name for c in table.c]
    assert "uq_submissions_current" in {ix["name"] for ix in inspector.get_indexes("submissions")}


def test_a_failing_migration_leaves_nothing_behind(engine: Engine) -> None:
    """Each step runs in its own transaction, DDL included (SQLite needs the BEGIN of storage.db)."""

    def create_then_fail(conn) -> None:
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("step failed")

    def create(conn) -> None:
        conn.execute(text("CREATE TABLE done_once (x INTEGER)"))

    with pytest.raises(RuntimeError):
        migrate(engine, [*MIGRATIONS, ("0900_create", create), ("0901_fails", create_then_fail)])
    tables = set(inspect(engine).get_table_names())
    assert "done_once" in tables
    assert "half_done" not in tables
    with engine.connect() as conn:
        assert applied_migrations(conn)[-1] == "0900_create"
    assert migrate(engine, [*MIGRATIONS, ("0900_create", create)]) == []


def test_sqlite_connections_are_tuned(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


# ---------------------------------------------------------------- units and quarters


def test_upsert_units_counts_added_and_changed(engine: Engine, unit_rows: list[dict[str, str]]) -> None:
    assert upsert_units(engine, unit_rows[:2]) == (2, 0)
    assert upsert_units(engine, unit_rows[:2]) == (0, 0)  # nothing changed, nothing counted

    renamed = {**unit_rows[0], "unit_name": "Trường Mầm non Hoa Sen (mới)", "active_from": "2023-Q3"}
    assert upsert_units(engine, [renamed, unit_rows[2]]) == (1, 1)

    listed = {u["unit_code"]: u for u in list_units(engine)}
    assert [u["unit_code"] for u in list_units(engine)] == ["MN01", "TH01", "THCS01"]
    assert listed["MN01"]["unit_name"] == "Trường Mầm non Hoa Sen (mới)"
    assert listed["MN01"]["active_from"] == "2023-Q3"
    assert listed["MN01"]["active_to"] is None
    assert listed["THCS01"]["level"] == "thcs" and listed["THCS01"]["ward"] == "Phường 2"
    assert unit_registry(engine)["TH01"] == "Trường Tiểu học Lê Lợi"

    # A row without active_from keeps the stored one; an explicit None clears it.
    assert upsert_units(engine, [{**renamed, "active_from": "2023-Q3"}]) == (0, 0)
    del renamed["active_from"]
    assert upsert_units(engine, [{**renamed, "active_to": "Quý IV/2024"}]) == (0, 1)
    listed = {u["unit_code"]: u for u in list_units(engine)}
    assert (listed["MN01"]["active_from"], listed["MN01"]["active_to"]) == ("2023-Q3", "2024-Q4")
    assert upsert_units(engine, [{**renamed, "active_from": None}]) == (0, 1)
    assert list_units(engine)[0]["active_from"] is None
    # The same for a registry file without a ward column.
    assert upsert_units(engine, [{k: v for k, v in unit_rows[2].items() if k != "ward"}]) == (0, 0)
    assert list_units(engine)[2]["ward"] == "Phường 2"


def test_upsert_units_refuses_bad_input_whole(engine: Engine, unit_rows: list[dict[str, str]]) -> None:
    with pytest.raises(ValueError) as twice:
        upsert_units(engine, [unit_rows[0], unit_rows[0]])
    with pytest.raises(ValueError) as unreadable:
        upsert_units(engine, [unit_rows[1], {**unit_rows[0], "active_from": "mùa xuân"}])
    assert list_units(engine) == []
    assert (twice.value.code, unreadable.value.code) == ("duplicate-unit-codes", "registry-bad-period")
    assert str(unreadable.value) == "Kỳ không hợp lệ trong danh mục đơn vị: 'mùa xuân'"
    assert describe(unreadable.value, "en") == "Invalid period in the registry of units: 'mùa xuân'"


def test_storage_refusals_are_codes_with_values_worded_in_either_language(
    engine: Engine, unit_rows: list[dict[str, str]]
) -> None:
    upsert_units(engine, unit_rows)
    with pytest.raises(DeadlineRefused) as refused:
        set_deadline(engine, "2026-Q4", date(2020, 1, 1))
    assert refused.value.code == "deadline-out-of-range"
    assert refused.value.params == {
        "deadline": date(2020, 1, 1),
        "quarter": "2026-Q4",
        "earliest": date(2026, 10, 1),
        "latest": date(2027, 3, 31),
    }
    assert str(refused.value) == "Hạn nộp 01/01/2020 không hợp lý cho Quý IV/2026: cần từ 01/10/2026 đến 31/03/2027"
    assert describe(refused.value, "en") == (
        "The deadline 01/01/2020 is not plausible for Q4/2026: expected from 01/10/2026 to 31/03/2027"
    )

    governance.close_quarter(engine, "2026-Q2", by="lan")
    new = [{"unit_code": code, "unit_name": "Trường Mới", "level": "mam_non"} for code in ("MN98", "MN99")]
    with pytest.raises(RegistryRefused) as refused:
        upsert_units(engine, new, by="lan")
    assert [conflict["params"]["unit"] for conflict in _parts(refused.value.params["problems"])] == ["MN98", "MN99"]
    assert str(refused.value) == (
        "Không lưu danh mục đơn vị: Đơn vị mới MN98 sẽ được tính là phải nộp báo cáo trong quý đã khóa sổ "
        "(Quý II/2026): ghi hiệu lực từ (hieu_luc_tu) Quý III/2026 trở đi, hoặc mở lại các quý đó trước; "
        "Đơn vị mới MN99 sẽ được tính là phải nộp báo cáo trong quý đã khóa sổ (Quý II/2026): ghi hiệu lực từ "
        "(hieu_luc_tu) Quý III/2026 trở đi, hoặc mở lại các quý đó trước. Chưa có thay đổi nào được lưu."
    )
    assert describe(refused.value, "en") == (
        "The registry of units was not saved: New unit MN98 would count as due to report in closed quarters "
        "(Q2/2026): make it active from (hieu_luc_tu) Q3/2026 on, or reopen those quarters first; New unit MN99 "
        "would count as due to report in closed quarters (Q2/2026): make it active from (hieu_luc_tu) Q3/2026 on, "
        "or reopen those quarters first. Nothing was saved."
    )
    json.dumps(refused.value.as_term())  # its values are plain data: they go into JSON as they are
    assert pickle.loads(pickle.dumps(refused.value)).params == refused.value.params


def _parts(joined: dict) -> list[dict]:
    """The problems a refusal gathered, in order, out of their `refusal.part.joined` nesting."""
    if joined["key"] != "refusal.part.joined":
        return [joined]
    return _parts(joined["params"]["first"]) + _parts(joined["params"]["rest"])


def test_deadline_defaults_to_the_20th_and_can_be_set(engine: Engine) -> None:
    assert quarter_deadline(engine, "2023-Q2") == date(2023, 6, 20)
    assert quarter_deadline(engine, "2024-Q4") == date(2024, 12, 20)
    set_deadline(engine, "2023-Q2", date(2023, 6, 25))
    assert quarter_deadline(engine, "2023-Q2") == date(2023, 6, 25)
    set_deadline(engine, "2023-Q2", date(2023, 6, 15))  # set again: replaced
    assert quarter_deadline(engine, "2023-Q2") == date(2023, 6, 15)
    assert quarter_deadline(engine, "2023-Q3") == date(2023, 9, 20)
    quarters = load_frames(engine).quarters
    assert quarters[["period", "deadline"]].to_dict("records") == [{"period": "2023-Q2", "deadline": date(2023, 6, 15)}]
    assert quarters["ward"].isna().all()  # the city's deadline: no ward's own
    with pytest.raises(ValueError):
        set_deadline(engine, "Q2-2023x", date(2023, 6, 1))


# ---------------------------------------------------------------- saving and loading


def test_save_then_load_frames_round_trips_every_value(stocked: Engine, report_factory) -> None:
    report: Report = report_factory("TH01", "2023-Q2", problems=[WARN])
    set_deadline(stocked, "2023-Q2", date(2023, 6, 22))
    sid = save_report(stocked, report, content=CONTENT, received_at=RECEIVED)
    frames = load_frames(stocked)

    for name, columns in [
        ("units", contract.UNIT_COLUMNS),
        ("quarters", contract.QUARTER_COLUMNS),
        ("submissions", contract.SUBMISSION_COLUMNS),
        ("tasks", contract.TASK_COLUMNS),
        ("indicators", contract.INDICATOR_COLUMNS),
        ("satisfaction", contract.SATISFACTION_COLUMNS),
        ("self_assessment", contract.SELF_ASSESSMENT_COLUMNS),
    ]:
        assert list(getattr(frames, name).columns) == columns, name

    assert frames.submissions.to_dict("records") == [
        {
            "submission_id": sid,
            "unit_code": "TH01",
            "period": "2023-Q2",
            "received_at": pd.Timestamp(RECEIVED),
            "file_name": report.file_name,
            "is_current": True,
        }
    ]
    assert frames.quarters[["period", "deadline"]].to_dict("records") == [
        {"period": "2023-Q2", "deadline": date(2023, 6, 22)}
    ]
    assert frames.units["unit_code"].tolist() == ["MN01", "TH01", "THCS01"]

    tasks = frames.tasks
    assert tasks["deadline"].dtype == "datetime64[us]" and tasks["done_on"].dtype == "datetime64[us]"
    assert tasks[["submission_id", "unit_code", "period"]].drop_duplicates().values.tolist() == [
        [sid, "TH01", "2023-Q2"]
    ]
    expected_tasks = [
        (t.field, t.content, t.plan, pd.Timestamp(t.deadline), t.status, t.done_on and pd.Timestamp(t.done_on))
        for t in report.tasks
    ]
    got_tasks = [
        (
            r.field,
            r.content,
            None if pd.isna(r.plan) else r.plan,
            r.deadline,
            r.status,
            None if pd.isna(r.done_on) else r.done_on,
        )
        for r in tasks.itertuples()
    ]
    assert got_tasks == expected_tasks

    indicators = frames.indicators
    assert indicators["code"].tolist() == ["TTHC_DUNG_HAN", "TIN_BAI_CCHC"]
    assert indicators["result"].tolist() == [47.0, 3.0]
    assert indicators["total"].iloc[0] == 50.0 and pd.isna(indicators["total"].iloc[1])

    satisfaction = frames.satisfaction.drop(columns=["submission_id", "unit_code", "period"])
    assert satisfaction.to_dict("records") == [
        {"dimension": s.dimension, "answers": s.answers, **dict(zip(ANSWER_LEVELS, s.levels, strict=True))}
        for s in report.satisfaction
    ]
    assert frames.satisfaction["answers"].dtype == "int64"

    scores = frames.self_assessment
    assert scores["field"].tolist() == ["CDDH", "TTHC"]
    assert scores["max_points"].tolist() == [10.0, 14.0]
    assert scores["self_points"].tolist() == [9.5, 12.25]
    assert scores["appraised_points"].iloc[0] == 9.0 and pd.isna(scores["appraised_points"].iloc[1])


def test_the_original_file_and_header_are_kept(stocked: Engine, report_factory) -> None:
    report = report_factory("TH01", "2023-Q2", problems=[WARN], file_name="Báo cáo quý II.xlsx")
    sid = save_report(stocked, report, content=CONTENT, received_at=RECEIVED)
    assert submission_content(stocked, sid) == ("Báo cáo quý II.xlsx", CONTENT)

    current = current_submission(stocked, "TH01", "2023-Q2")
    assert current is not None
    assert current["id"] == sid and current["is_current"] is True
    assert current["sha256"] == hashlib.sha256(CONTENT).hexdigest()
    assert current["unit_name_reported"] == "Trường Tiểu học Lê Lợi"
    assert current["prepared_by"] == "Nguyễn Thị Hoa"
    assert current["prepared_on"] == date(2023, 6, 18)
    assert current["received_at"] == RECEIVED
    assert current["problems"] == [WARN.as_dict()]
    assert current_submission(stocked, "TH01", "2023-Q3") is None
    with pytest.raises(KeyError):
        submission_content(stocked, sid + 1000)


def test_an_aware_received_time_is_stored_as_vietnam_time(stocked: Engine, report_factory) -> None:
    """17:30 UTC on the 20th is 00:30 on the 21st in Hà Nội: past a deadline of the 20th."""
    received = datetime(2023, 6, 20, 17, 30, tzinfo=UTC)
    save_report(stocked, report_factory(), content=CONTENT, received_at=received)
    assert load_frames(stocked).submissions["received_at"].tolist() == [pd.Timestamp("2023-06-21 00:30")]


def test_a_second_report_replaces_the_first_which_stays_in_history(stocked: Engine, report_factory) -> None:
    first = save_report(stocked, report_factory(tag=" (1)"), content=b"first", received_at=RECEIVED)
    second = save_report(
        stocked,
        report_factory(tag=" (2)", file_name="lan2.xlsx"),
        content=b"second",
        received_at=datetime(2023, 6, 21, 8, 0),
    )
    history = submission_history(stocked, "TH01")
    assert [(h["id"], h["is_current"]) for h in history] == [(second, True), (first, False)]
    assert history[0]["file_name"] == "lan2.xlsx" and history[0]["problem_count"] == 0
    assert set(history[0]) == {
        "id", "unit_code", "period", "received_at", "file_name", "sha256", "is_current", "problem_count", "stored_by",
    }  # fmt: skip
    assert submission_content(stocked, first) == ("TH01_2023-Q2.xlsx", b"first")

    frames = load_frames(stocked)
    assert set(frames.tasks["submission_id"]) == {second}
    assert all(content.endswith(" (2)") for content in frames.tasks["content"])
    assert len(frames.indicators) == 2 and set(frames.indicators["submission_id"]) == {second}
    # The submissions frame keeps both: the on-time rate looks at the first accepted one.
    assert frames.submissions.sort_values("submission_id")[["submission_id", "is_current"]].values.tolist() == [
        [first, False],
        [second, True],
    ]
    assert current_submission(stocked, "TH01", "2023-Q2")["id"] == second


def test_restore_makes_an_earlier_report_current_again(stocked: Engine, report_factory) -> None:
    first = save_report(stocked, report_factory(tag=" (1)"), content=b"1", received_at=RECEIVED)
    second = save_report(stocked, report_factory(tag=" (2)"), content=b"2", received_at=RECEIVED)
    other = save_report(stocked, report_factory("MN01"), content=b"3", received_at=RECEIVED)

    restore_submission(stocked, first)
    assert current_submission(stocked, "TH01", "2023-Q2")["id"] == first
    assert current_submission(stocked, "MN01", "2023-Q2")["id"] == other  # other units untouched
    tasks = load_frames(stocked).tasks
    assert set(tasks.loc[tasks["unit_code"] == "TH01", "submission_id"]) == {first}
    assert current_counts(stocked) == [("MN01", "2023-Q2", 1), ("TH01", "2023-Q2", 1)]

    restore_submission(stocked, first)  # already current: no change
    restore_submission(stocked, second)
    assert current_submission(stocked, "TH01", "2023-Q2")["id"] == second
    with pytest.raises(KeyError):
        restore_submission(stocked, 10_000)
    assert current_counts(stocked) == [("MN01", "2023-Q2", 1), ("TH01", "2023-Q2", 1)]


def test_a_rejected_report_is_only_logged(stocked: Engine, report_factory) -> None:
    rejected = report_factory(problems=[WARN, FAIL])
    with pytest.raises(ValueError):
        save_report(stocked, rejected, content=CONTENT, received_at=RECEIVED)
    assert is_empty(stocked)

    log_id = log_rejection(stocked, rejected, content=CONTENT, received_at=RECEIVED)
    counts = row_counts(stocked)
    assert counts.pop("rejections") == 1
    assert set(counts.values()) == {0}  # no submission, no tasks, indicators, …
    assert is_empty(stocked)
    logged = rejection_history(stocked, "TH01", "2023-Q2")
    assert [entry["id"] for entry in logged] == [log_id]
    assert logged[0]["problems"] == [WARN.as_dict(), FAIL.as_dict()]
    assert logged[0]["file_name"] == rejected.file_name and logged[0]["received_at"] == RECEIVED

    # A file so broken that neither unit nor quarter could be read is logged too.
    unreadable = Report(file_name="hong.xlsx", problems=[FAIL])
    log_rejection(stocked, unreadable, content=b"junk", received_at=RECEIVED)
    assert len(rejection_history(stocked)) == 2
    with pytest.raises(ValueError):
        log_rejection(stocked, report_factory(), content=CONTENT, received_at=RECEIVED)


def test_a_failure_midway_leaves_the_database_unchanged(stocked: Engine, report_factory) -> None:
    first = save_report(stocked, report_factory(), content=b"ok", received_at=RECEIVED)
    before = row_counts(stocked)
    good, _ = report_factory().tasks
    broken = report_factory(tasks=[good, replace(good, row=8, content=None)])
    with pytest.raises(IntegrityError):  # NOT NULL on tasks.content, after the submission row went in
        save_report(stocked, broken, content=b"broken", received_at=RECEIVED)
    assert row_counts(stocked) == before
    assert current_submission(stocked, "TH01", "2023-Q2")["id"] == first  # the old one still current
    assert [h["id"] for h in submission_history(stocked, "TH01")] == [first]


def test_a_unit_outside_the_registry_is_refused(stocked: Engine, report_factory) -> None:
    with pytest.raises(IntegrityError):
        save_report(stocked, report_factory("XX99"), content=CONTENT, received_at=RECEIVED)
    assert is_empty(stocked)


def test_at_most_one_current_report_per_unit_and_quarter(stocked: Engine, report_factory) -> None:
    for period in ("2023-Q2", "2023-Q3"):
        for unit in ("TH01", "MN01"):
            for attempt in range(3):
                save_report(
                    stocked, report_factory(unit, period, tag=f" {attempt}"), content=b"x", received_at=RECEIVED
                )
    assert current_counts(stocked) == [
        ("MN01", "2023-Q2", 1),
        ("MN01", "2023-Q3", 1),
        ("TH01", "2023-Q2", 1),
        ("TH01", "2023-Q3", 1),
    ]
    assert len(load_frames(stocked).submissions) == 12
    # The database itself refuses a second current row, whatever code tries it.
    s = schema.submissions
    row = {"unit_code": "TH01", "period": "2023-Q2", "received_at": RECEIVED, "file_name": "x", "sha256": "0" * 64}
    with pytest.raises(IntegrityError), stocked.begin() as conn:
        conn.execute(insert(s).values(**row, content=b"x", is_current=True))


def test_concurrent_uploads_for_one_unit_leave_one_current(stocked: Engine, report_factory) -> None:
    errors: list[BaseException] = []

    def upload(worker: int) -> None:
        try:
            for attempt in range(4):
                report = report_factory(tag=f" {worker}.{attempt}")
                save_report(stocked, report, content=b"x", received_at=RECEIVED)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert current_counts(stocked) == [("TH01", "2023-Q2", 1)]
    assert len(submission_history(stocked, "TH01", "2023-Q2")) == 24


# ---------------------------------------------------------------- what is there


def test_periods_with_data_and_is_empty(stocked: Engine, report_factory) -> None:
    assert is_empty(stocked) and periods_with_data(stocked) == []
    for period in ("2024-Q1", "2023-Q4", "2023-Q2", "2023-Q4"):
        save_report(stocked, report_factory("TH01", period), content=b"x", received_at=RECEIVED)
    assert not is_empty(stocked)
    assert periods_with_data(stocked) == ["2023-Q2", "2023-Q4", "2024-Q1"]


def test_history_is_newest_first_and_filters_by_quarter(stocked: Engine, report_factory) -> None:
    late = save_report(stocked, report_factory(period="2023-Q3"), content=b"a", received_at=datetime(2023, 9, 1))
    early = save_report(stocked, report_factory(period="2023-Q2"), content=b"b", received_at=datetime(2023, 6, 1))
    assert [h["id"] for h in submission_history(stocked, "TH01")] == [late, early]
    assert [h["id"] for h in submission_history(stocked, "TH01", "2023-Q2")] == [early]
    assert submission_history(stocked, "MN01") == []


def test_load_frames_for_chosen_quarters(stocked: Engine, report_factory) -> None:
    for period in ("2023-Q2", "2023-Q3", "2023-Q4"):
        save_report(stocked, report_factory("TH01", period), content=b"x", received_at=RECEIVED)
        set_deadline(stocked, period, period_from_code(period).default_deadline)
    frames = load_frames(stocked, ["2023-Q3", "2023-Q4"])
    for name in ("submissions", "tasks", "indicators", "satisfaction", "self_assessment", "quarters"):
        assert set(getattr(frames, name)["period"]) == {"2023-Q3", "2023-Q4"}, name
    assert len(frames.units) == 3  # the registry is not filtered
    none = load_frames(stocked, [])
    assert none.tasks.empty and none.submissions.empty and len(none.units) == 3


def test_empty_frames_have_the_same_columns_and_dtypes(stocked: Engine, report_factory) -> None:
    empty = load_frames(stocked)
    save_report(stocked, report_factory(), content=b"x", received_at=RECEIVED)
    full = load_frames(stocked)
    for name in ("submissions", "tasks", "indicators", "satisfaction", "self_assessment"):
        assert getattr(empty, name).empty
        assert getattr(empty, name).dtypes.to_dict() == getattr(full, name).dtypes.to_dict(), name


def test_every_store_refusal_and_restore_is_in_the_audit_log(stocked, report_factory):
    from storage import audit

    first = save_report(stocked, report_factory(tag=" (1)"), content=b"1", received_at=RECEIVED, by="lan")
    save_report(stocked, report_factory(tag=" (2)"), content=b"2", received_at=RECEIVED)
    refused = report_factory()
    refused.problems.append(Problem("error", "NhiemVu", 5, "Trạng thái", "unknown-status", {"value": "sai"}))
    log_rejection(stocked, refused, content=b"x", received_at=RECEIVED)
    restore_submission(stocked, first, by="lan")
    lines = [line for line in audit.search(stocked) if line["action"] != "registry"]  # the fixture's units
    assert [(line["action"], line["username"]) for line in reversed(lines)] == [
        ("upload-accepted", "lan"),
        ("replace", None),
        ("upload-rejected", None),
        ("restore", "lan"),
    ]
    assert lines[-1]["submission_id"] == first
