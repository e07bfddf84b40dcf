"""Approval and its lock, closing a quarter, the office's appraisal, migration 0003, on each backend."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import Engine, create_engine, insert, inspect
from sqlalchemy.exc import IntegrityError

import cli
from core.periods import period_from_code
from i18n.messages import describe
from loaders.report import SelfScore
from metrics.par import par_scores
from pipeline.ingest import IngestResult, store
from storage import audit, governance, schema
from storage.db import _tune_sqlite, normalise_url
from storage.frames import data_version, load_frames
from storage.governance import GovernanceRefused, ReportLocked
from storage.migrations import MIGRATIONS, applied_migrations, migrate
from storage.registry import list_units, upsert_units
from storage.snapshot import load_frames_cached
from storage.submissions import current_submission, rejection_history, restore_submission, submission_history

RECEIVED = datetime(2023, 6, 19, 9, 30)
Q2 = "2023-Q2"


@pytest.fixture
def stocked(engine: Engine, unit_rows: list[dict[str, str]]) -> Engine:
    upsert_units(engine, unit_rows)
    return engine


def upload(engine: Engine, report, by: str = "van.thu") -> IngestResult:
    """Stored as received on RECEIVED, or in its own quarter's last days for a later quarter."""
    received = max(RECEIVED, datetime.combine(period_from_code(report.period).default_deadline, RECEIVED.time()))
    return store(engine, report, f"bytes of {report.file_name} {report.tasks[0].content}".encode(), received, by=by)


def current_id(engine: Engine, unit_code: str = "TH01", period: str = Q2) -> int | None:
    current = current_submission(engine, unit_code, period)
    return None if current is None else current["id"]


def actions(engine: Engine, *names: str) -> list[dict]:
    """Audit lines of those actions, oldest first."""
    return list(reversed(audit.search(engine, action=list(names))))


def par(engine: Engine, unit_code: str = "TH01", period: str = Q2) -> float:
    scores = par_scores(load_frames(engine).self_assessment)
    return float(scores.loc[(scores["unit_code"] == unit_code) & (scores["period"] == period), "score"].iloc[0])


# ---------------------------------------------------------------- migration 0003


def test_0003_adds_the_tables_to_an_older_database(db_url: str, unit_rows) -> None:
    old = create_engine(normalise_url(db_url))
    if old.dialect.name == "sqlite":
        _tune_sqlite(old)
    try:
        assert migrate(old, MIGRATIONS[:2]) == ["0001_initial_schema", "0002_users_and_audit_log"]
        with old.begin() as conn:  # as the release before stored them (today's code expects every step applied)
            conn.execute(insert(schema.units), [{**unit, "updated_at": RECEIVED} for unit in unit_rows])
        assert migrate(old, MIGRATIONS[:3]) == ["0003_approval_and_appraisal"]
        inspector = inspect(old)
        for table in (schema.approvals, schema.closed_quarters, schema.appraisals):
            assert [c["name"] for c in inspector.get_columns(table.name)] == [c.name for c in table.c]
        assert "uq_approvals_current" in {ix["name"] for ix in inspector.get_indexes("approvals")}
        assert len(list_units(old)) == len(unit_rows)
        assert migrate(old, MIGRATIONS[:3]) == []
        with old.connect() as conn:
            assert applied_migrations(conn)[-1] == "0003_approval_and_appraisal"
    finally:
        old.dispose()


def test_the_database_allows_one_current_lock_per_unit_and_quarter(stocked: Engine, report_factory) -> None:
    sid = upload(stocked, report_factory()).submission_id
    row = {"unit_code": "TH01", "period": Q2, "submission_id": sid, "approved_at": RECEIVED}
    with stocked.begin() as conn:  # an unlocked approval and a current one: fine
        conn.execute(insert(schema.approvals).values(**row, unlocked_at=RECEIVED))
        conn.execute(insert(schema.approvals).values(**row))
    with pytest.raises(IntegrityError), stocked.begin() as conn:
        conn.execute(insert(schema.approvals).values(**row))


# ---------------------------------------------------------------- approval and its lock


def test_an_approved_report_refuses_a_replacement_and_a_restore(stocked: Engine, report_factory) -> None:
    first = upload(stocked, report_factory(tag=" (1)")).submission_id
    second = upload(stocked, report_factory(tag=" (2)")).submission_id
    approval = governance.approve(stocked, "TH01", Q2, by="Admin")

    state = governance.lock_state(stocked, "TH01", Q2)
    assert state is not None and state["reason"] == "approved"
    assert (state["approved_by"], state["submission_id"]) == ("admin", second)
    assert isinstance(state["approved_at"], datetime)
    assert governance.lock_state(stocked, "MN01", Q2) is None
    assert governance.approvals(stocked, Q2) == [
        {"unit_code": "TH01", "submission_id": second, "approved_by": "admin", "approved_at": state["approved_at"]}
    ]
    assert [h["id"] for h in governance.approval_history(stocked, "TH01")] == [approval]

    replacement = report_factory(tag=" (3)", file_name="lan3.xlsx")
    result = upload(stocked, replacement)
    assert not result.accepted and result.submission_id is None
    assert replacement.problems == []  # the caller's report is left as it was
    locked = result.report.problems[-1]
    assert (locked.code, locked.severity, locked.sheet, locked.row) == ("report-locked", "error", None, None)
    when = f"{state['approved_at']:%d/%m/%Y %H:%M}"
    assert locked.message == (
        "Tệp hợp lệ nhưng không được lưu: Báo cáo của đơn vị TH01 Quý II/2023 đã được duyệt và khóa "
        f"(bởi admin, {when}): cần quản trị viên mở khóa trước khi nộp lại."
    )
    assert result.as_json()["status"] == "rejected"
    assert result.as_json()["problems"][-1]["code"] == "report-locked"

    assert current_id(stocked) == second
    assert [h["id"] for h in submission_history(stocked, "TH01", Q2)] == [second, first]
    [rejection] = rejection_history(stocked, "TH01", Q2)
    assert rejection["file_name"] == "lan3.xlsx" and rejection["problems"][-1]["code"] == "report-locked"
    rejected = actions(stocked, "upload-rejected")
    assert [(line["username"], line["unit_code"], line["period"]) for line in rejected] == [("van.thu", "TH01", Q2)]
    assert rejected[0]["detail"]["file"] == "lan3.xlsx"
    assert rejected[0]["detail"]["problems"] == ["error report-locked"]

    with pytest.raises(ReportLocked, match="khôi phục báo cáo cũ") as refused:
        restore_submission(stocked, first, by="admin")
    assert refused.value.state["reason"] == "approved"
    assert describe(refused.value, "en").endswith("must unlock it before an earlier report is restored.")
    again = pickle.loads(pickle.dumps(refused.value))  # a refusal crosses processes with its values and its state
    assert (type(again), again.code, again.params, again.state) == (
        ReportLocked,
        "report-locked-approved",
        refused.value.params,
        refused.value.state,
    )
    assert current_id(stocked) == second
    assert actions(stocked, "restore") == []
    [tried] = actions(stocked, "restore-refused")  # the attempt is on record, with why it failed
    assert (tried["username"], tried["unit_code"], tried["period"], tried["submission_id"]) == (
        "admin",
        "TH01",
        Q2,
        first,
    )
    assert "đã được duyệt và khóa" in tried["detail"]["reason"]

    with pytest.raises(GovernanceRefused, match="đã được duyệt và khóa"):
        governance.approve(stocked, "TH01", Q2, by="admin")
    [approved] = actions(stocked, "approve")
    assert (approved["username"], approved["submission_id"]) == ("admin", second)
    sha256 = current_submission(stocked, "TH01", Q2)["sha256"]
    assert approved["detail"] == {"file": "TH01_2023-Q2.xlsx", "sha256": sha256}


def test_approve_refuses_without_a_current_report_or_a_valid_quarter(stocked: Engine) -> None:
    with pytest.raises(GovernanceRefused, match="Đơn vị MN01 chưa có báo cáo Quý II/2023"):
        governance.approve(stocked, "MN01", Q2, by="admin")
    with pytest.raises(GovernanceRefused, match="Kỳ không hợp lệ"):
        governance.approve(stocked, "MN01", "Q2-2023", by="admin")
    assert governance.approval_history(stocked, "MN01") == []
    assert actions(stocked, "approve") == []


def test_unlock_needs_a_reason_then_a_replacement_is_accepted(stocked: Engine, report_factory) -> None:
    approved = upload(stocked, report_factory(tag=" (1)")).submission_id
    governance.approve(stocked, "TH01", Q2, by="admin")
    for reason in ("", "   ", " ok  ", None):
        with pytest.raises(GovernanceRefused, match="Cần ghi lý do mở khóa"):
            governance.unlock(stocked, "TH01", Q2, reason=reason, by="admin")
    assert governance.lock_state(stocked, "TH01", Q2)["reason"] == "approved"
    assert actions(stocked, "unlock") == []

    governance.unlock(stocked, "TH01", Q2, reason="  Trường gửi nhầm tệp  ", by="Admin")
    assert governance.lock_state(stocked, "TH01", Q2) is None
    assert governance.approvals(stocked, Q2) == []
    [line] = actions(stocked, "unlock")
    assert (line["username"], line["unit_code"], line["submission_id"]) == ("admin", "TH01", approved)
    assert line["detail"] == {"reason": "Trường gửi nhầm tệp"}
    with pytest.raises(GovernanceRefused, match="không bị khóa"):
        governance.unlock(stocked, "TH01", Q2, reason="Mở lần nữa", by="admin")

    result = upload(stocked, report_factory(tag=" (2)"))
    assert result.accepted and result.replaced
    assert current_id(stocked) == result.submission_id

    governance.approve(stocked, "TH01", Q2, by="lan")
    history = governance.approval_history(stocked, "TH01", Q2)
    assert [(h["submission_id"], h["approved_by"], h["unlocked_by"], h["unlock_reason"]) for h in history] == [
        (result.submission_id, "lan", None, None),
        (approved, "admin", "admin", "Trường gửi nhầm tệp"),
    ]
    assert history[1]["unlocked_at"] >= history[1]["approved_at"] and history[0]["unlocked_at"] is None
    assert governance.approval_history(stocked, "TH01", "2023-Q3") == []


def test_closing_a_quarter_locks_every_report_and_refuses_a_first_one(stocked: Engine, report_factory) -> None:
    th01 = upload(stocked, report_factory("TH01")).submission_id
    mn01 = upload(stocked, report_factory("MN01")).submission_id
    upload(stocked, report_factory("TH01", "2023-Q3"))
    governance.approve(stocked, "MN01", Q2, by="lan")

    assert governance.close_quarter(stocked, Q2, by="Admin") == 1  # MN01 was approved already
    assert [(a["unit_code"], a["submission_id"], a["approved_by"]) for a in governance.approvals(stocked, Q2)] == [
        ("MN01", mn01, "lan"),
        ("TH01", th01, "admin"),
    ]
    assert governance.approvals(stocked, "2023-Q3") == []
    closed = governance.closed_periods(stocked)
    assert list(closed) == [Q2] and closed[Q2]["closed_by"] == "admin"
    state = governance.lock_state(stocked, "TH01", Q2)
    assert state == {"reason": "closed", "closed_by": "admin", "closed_at": closed[Q2]["closed_at"]}

    first = upload(stocked, report_factory("THCS01"))  # a school that never reported
    assert not first.accepted
    assert first.report.problems[-1].code == "report-locked"
    assert "Quý II/2023 đã khóa sổ (bởi admin" in first.report.problems[-1].message
    assert "đơn vị THCS01" in first.report.problems[-1].message
    assert submission_history(stocked, "THCS01") == []
    assert upload(stocked, report_factory("TH01", "2023-Q3", tag=" (2)")).accepted  # another quarter: open

    with pytest.raises(GovernanceRefused, match="Quý II/2023 đã khóa sổ"):
        governance.close_quarter(stocked, Q2, by="admin")
    [line] = actions(stocked, "close-quarter")
    assert (line["username"], line["period"], line["detail"]) == ("admin", Q2, {"count": 1})
    approved = actions(stocked, "approve")
    assert [(a["unit_code"], a["username"], a["submission_id"]) for a in approved] == [
        ("MN01", "lan", mn01),
        ("TH01", "admin", th01),
    ]

    with pytest.raises(GovernanceRefused, match="Cần ghi lý do mở lại quý"):
        governance.reopen_quarter(stocked, Q2, reason=" ", by="admin")
    assert list(governance.closed_periods(stocked)) == [Q2]
    governance.reopen_quarter(stocked, Q2, reason="Bổ sung báo cáo trễ", by="admin")
    assert governance.closed_periods(stocked) == {}
    [line] = actions(stocked, "reopen-quarter")
    assert line["detail"]["reason"] == "Bổ sung báo cáo trễ" and line["detail"]["closed_by"] == "admin"
    with pytest.raises(GovernanceRefused, match="Quý II/2023 chưa khóa sổ"):
        governance.reopen_quarter(stocked, Q2, reason="Mở lần nữa", by="admin")

    assert upload(stocked, report_factory("THCS01")).accepted  # open again for a first report
    still = upload(stocked, report_factory("TH01", tag=" (2)"))  # approved reports stay locked
    assert not still.accepted and "đã được duyệt và khóa" in still.report.problems[-1].message
    assert current_id(stocked) == th01


def test_a_closed_quarter_without_reports_closes_and_counts_nothing(stocked: Engine) -> None:
    assert governance.close_quarter(stocked, "2024-Q1", by=None) == 0
    assert governance.closed_periods(stocked)["2024-Q1"]["closed_by"] is None
    state = governance.lock_state(stocked, "TH01", "2024-Q1")
    assert "(bởi hệ thống, " in str(governance.locked_refusal(state, "TH01", "2024-Q1"))
    assert "(by the system, " in describe(governance.locked_refusal(state, "TH01", "2024-Q1"), "en")


def test_the_cli_restore_of_a_locked_report_is_a_refusal(stocked: Engine, db_url, report_factory, monkeypatch, capsys):
    first = upload(stocked, report_factory(tag=" (1)")).submission_id
    upload(stocked, report_factory(tag=" (2)"))
    governance.approve(stocked, "TH01", Q2, by="admin")
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    assert cli.main(["restore", str(first)]) == cli.EXIT_REJECTED
    assert "đã được duyệt và khóa" in capsys.readouterr().err


def test_data_version_follows_approvals_and_closing(stocked: Engine, report_factory) -> None:
    upload(stocked, report_factory())
    seen = {data_version(stocked)}
    for change in (
        lambda: governance.approve(stocked, "TH01", Q2, by="admin"),
        lambda: governance.unlock(stocked, "TH01", Q2, reason="Sửa số liệu", by="admin"),
        lambda: governance.close_quarter(stocked, Q2, by="admin"),
        lambda: governance.reopen_quarter(stocked, Q2, reason="Nhận thêm báo cáo", by="admin"),
        lambda: governance.close_quarter(stocked, Q2, by="admin"),
    ):
        change()
        version = data_version(stocked)
        assert version not in seen
        seen.add(version)


# ---------------------------------------------------------------- appraisal


def four_fields(report_factory, unit_code: str = "TH01", tag: str = ""):
    """CDDH 10, TTHC 14 (the factory's) and CDS 12, TACDONG 30."""
    report = report_factory(unit_code, tag=tag)
    extra = [
        SelfScore(row=7, field="CDS", max_points=12.0, self_points=10.0, appraised_points=None, note=None),
        SelfScore(row=8, field="TACDONG", max_points=30.0, self_points=24.0, appraised_points=None, note=None),
    ]
    return replace(report, self_assessment=[*report.self_assessment, *extra])


def test_appraisal_problems_are_all_listed_and_nothing_written(stocked: Engine, report_factory) -> None:
    upload(stocked, four_fields(report_factory))
    governance.save_appraisal(stocked, "TH01", Q2, [{"field": "CDS", "points": 11}], by="admin")
    version = data_version(stocked)
    rows = [
        {"field": "CDDH", "points": -1, "note": None},
        {"field": "TTHC", "points": 14.5},
        {"field": "KHONGCO", "points": 1.0},
        {"field": "CDS", "points": "chín"},
        {"field": "TACDONG", "points": 28},  # valid, yet not written: the others are wrong
        {"field": "TACDONG", "points": 27},
    ]
    with pytest.raises(GovernanceRefused) as refused:
        governance.save_appraisal(stocked, "TH01", Q2, rows, by="admin")
    assert str(refused.value) == (
        "Không lưu điểm thẩm định của đơn vị TH01 Quý II/2023: lĩnh vực CDDH: điểm -1 âm: cần từ 0 đến 10; "
        "lĩnh vực TTHC: điểm 14,5 vượt điểm tối đa 14; lĩnh vực “KHONGCO” không có trong báo cáo; "
        "lĩnh vực CDS: “chín” không phải số; lĩnh vực TACDONG có hai dòng. Chưa có thay đổi nào được lưu."
    )
    assert (refused.value.code, refused.value.params["quarter"]) == ("appraisal-not-saved", Q2)
    assert describe(refused.value, "en") == (
        "The appraisal of unit TH01 for Q2/2023 was not saved: field CDDH: -1 points is negative: expected 0 to 10; "
        "field TTHC: 14.5 points exceeds the maximum of 14; field “KHONGCO” is not in the report; "
        "field CDS: “chín” is not a number; field TACDONG has two rows. Nothing was saved."
    )
    for bad in (True, float("inf"), [3]):
        with pytest.raises(GovernanceRefused, match="không phải số"):
            governance.save_appraisal(stocked, "TH01", Q2, [{"field": "CDDH", "points": bad}], by="admin")
    assert {r["field"]: r["appraised"] for r in governance.appraisal_table(stocked, "TH01", Q2)} == {
        "CDDH": None,
        "TTHC": None,
        "CDS": 11.0,
        "TACDONG": None,
    }
    assert len(actions(stocked, "appraisal")) == 1
    assert data_version(stocked) == version

    with pytest.raises(GovernanceRefused, match="Đơn vị MN01 chưa có báo cáo tự đánh giá Quý II/2023"):
        governance.save_appraisal(stocked, "MN01", Q2, [{"field": "CDDH", "points": 5}], by="admin")
    with pytest.raises(GovernanceRefused, match="Kỳ không hợp lệ"):
        governance.save_appraisal(stocked, "TH01", "quý 2", [], by="admin")


def test_the_appraisal_sets_the_par_score_and_survives_a_new_report(stocked: Engine, report_factory, tmp_path) -> None:
    upload(stocked, report_factory())
    upload(stocked, report_factory("MN01"))
    # The report: CDDH 10 points, self 9.5, appraised 9; TTHC 14, self 12.25, not appraised.
    assert par(stocked) == pytest.approx((9.0 + 12.25) / 24 * 100)
    snapshot = load_frames_cached(stocked, tmp_path / "cache")
    before = data_version(stocked)

    rows = [
        {"field": "CDDH", "points": 8, "note": " Thiếu minh chứng "},
        {"field": "TTHC", "points": 13.5, "note": float("nan")},  # NaN: what a table editor hands over for none
    ]
    assert governance.save_appraisal(stocked, "TH01", Q2, rows, by="Admin") == 2
    assert par(stocked) == pytest.approx((8.0 + 13.5) / 24 * 100)
    assert par(stocked, "MN01") == pytest.approx((9.0 + 12.25) / 24 * 100)  # another school: untouched
    after = data_version(stocked)
    assert after != before
    cached = load_frames_cached(stocked, tmp_path / "cache")  # a new snapshot, not the old one
    th01 = cached.self_assessment[cached.self_assessment["unit_code"] == "TH01"]
    assert th01["appraised_points"].tolist() == [8.0, 13.5]
    assert snapshot.self_assessment["appraised_points"].iloc[0] == 9.0

    table = governance.appraisal_table(stocked, "TH01", Q2)
    assert [{k: v for k, v in row.items() if k != "updated_at"} for row in table] == [
        {
            "field": "CDDH",
            "max_points": 10.0,
            "self_points": 9.5,
            "appraised_in_report": 9.0,
            "appraised": 8.0,
            "note": "Thiếu minh chứng",
            "updated_by": "admin",
        },
        {
            "field": "TTHC",
            "max_points": 14.0,
            "self_points": 12.25,
            "appraised_in_report": None,
            "appraised": 13.5,
            "note": None,
            "updated_by": "admin",
        },
    ]
    assert all(isinstance(row["updated_at"], datetime) for row in table)

    same = [{"field": "CDDH", "points": 8.0, "note": "Thiếu minh chứng"}, {"field": "TTHC", "points": 13.5}]
    assert governance.save_appraisal(stocked, "TH01", Q2, same, by="admin") == 0  # nothing new: nothing written
    assert data_version(stocked) == after

    # A new report from the school: the office's appraisal stays; approving does not stop an appraisal.
    assert upload(stocked, report_factory(tag=" (2)")).replaced
    assert par(stocked) == pytest.approx((8.0 + 13.5) / 24 * 100)
    governance.approve(stocked, "TH01", Q2, by="admin")
    note_only = [{"field": "CDDH", "points": 8, "note": "Đã bổ sung"}]
    assert governance.save_appraisal(stocked, "TH01", Q2, note_only, by="lan") == 1
    assert governance.save_appraisal(stocked, "TH01", Q2, [{"field": "TTHC", "points": None}], by="lan") == 1
    assert par(stocked) == pytest.approx((8.0 + 12.25) / 24 * 100)
    assert [r["appraised"] for r in governance.appraisal_table(stocked, "TH01", Q2)] == [8.0, None]
    assert load_frames(stocked, ["2023-Q3"]).self_assessment.empty

    lines = actions(stocked, "appraisal")
    assert [(line["username"], line["detail"]) for line in lines] == [
        ("admin", {"field": "CDDH", "before": None, "after": 8.0, "note": "Thiếu minh chứng"}),
        ("admin", {"field": "TTHC", "before": None, "after": 13.5, "note": None}),
        ("lan", {"field": "CDDH", "before": 8.0, "after": 8.0, "note": "Đã bổ sung"}),
        ("lan", {"field": "TTHC", "before": 13.5, "after": None, "note": None}),
    ]
    assert {(line["unit_code"], line["period"]) for line in lines} == {("TH01", Q2)}
    assert lines[-1]["submission_id"] == current_id(stocked)


def test_an_appraisal_above_a_resent_reports_maximum_is_not_counted(stocked: Engine, report_factory) -> None:
    """The school re-sent the quarter with a smaller maximum: the office's earlier points no longer fit it."""
    from dataclasses import replace

    upload(stocked, report_factory())
    governance.save_appraisal(stocked, "TH01", Q2, [{"field": "CDDH", "points": 8}], by="admin")
    assert par(stocked) == pytest.approx((8.0 + 12.25) / 24 * 100)
    resent = report_factory(tag=" (2)")
    first = resent.self_assessment[0]
    resent.self_assessment[0] = replace(first, max_points=5.0, self_points=4.0, appraised_points=None)
    assert upload(stocked, resent).replaced
    assert par(stocked) == pytest.approx((4.0 + 12.25) / 19 * 100)  # the report's own points, not 8 of 5
