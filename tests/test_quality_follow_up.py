"""The follow-up of data-quality flags, on SQLite and (with CCHC_TEST_POSTGRES_URL) PostgreSQL.

A flag is explained (by the school's clerk or the office), resolved or reopened (by the office);
one row per flag holds its latest state, every change is one audit line; a report replacing the
flagged one has flags of its own, open again. Refusals carry stable codes, worded in both languages.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from core import formatting
from core.periods import PeriodCodeError
from core.permissions import may_explain, may_reopen, may_resolve
from core.vocabulary import ADMIN, CLERK, VIEWER
from i18n.catalog import EN, VI
from i18n.messages import describe
from storage import audit
from storage.accounts import User
from storage.quality import (
    EXPLAINED,
    FOLLOW_UP_COLUMNS,
    KINDS,
    RESOLVED,
    FlagKey,
    QualityRefused,
    explain,
    flag_state,
    follow_up,
    reopen,
    resolve,
)
from storage.registry import upsert_units
from storage.schema import quality_follow_up
from storage.submissions import restore_submission, save_report

PERIOD = "2023-Q2"
RECEIVED = datetime(2023, 6, 19, 9, 30)
CLERK_TH01 = User("van.thu.th01", "Văn thư TH01", CLERK, "TH01")
CLERK_MN01 = User("van.thu.mn01", "Văn thư MN01", CLERK, "MN01")
LEADER = User("lanh.dao", "Lãnh đạo", VIEWER, None)
OFFICE_ADMIN = User("quan.tri", "Quản trị", ADMIN, None)
FOLLOW_UP_ACTIONS = ["quality-explain", "quality-resolve", "quality-reopen"]


@pytest.fixture
def office(engine: Engine, unit_rows: list[dict[str, str]]) -> Engine:
    """The engine with the test schools registered (TH01, MN01, THCS01)."""
    upsert_units(engine, unit_rows)
    return engine


def store(engine: Engine, report_factory, unit_code: str = "TH01", *, tag: str = "") -> int:
    """A report of the unit for PERIOD stored as current; its submission id."""
    report = report_factory(unit_code, PERIOD, tag=tag)
    return save_report(engine, report, content=f"{unit_code}{tag}".encode(), received_at=RECEIVED)


def survey_flag(submission_id: int, unit_code: str = "TH01") -> FlagKey:
    return FlagKey(unit_code, PERIOD, "survey-repeated", "", submission_id)


def outlier_flag(submission_id: int, item: str = "TIEP_CAN:so_phieu", unit_code: str = "TH01") -> FlagKey:
    return FlagKey(unit_code, PERIOD, "outlier-across", item, submission_id)


def refused(call, *args, **kwargs) -> QualityRefused:
    with pytest.raises(QualityRefused) as caught:
        call(*args, **kwargs)
    return caught.value


def rows_stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(quality_follow_up))


def follow_up_lines(engine: Engine) -> list[dict]:
    """The follow-up's audit lines, oldest first."""
    return list(reversed(audit.search(engine, action=FOLLOW_UP_ACTIONS)))


def records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows without changed_at (a moment of the test run), which is checked on its own."""
    return frame.drop(columns="changed_at").to_dict("records")


# ---------------------------------------------------------------- explaining, resolving, reopening


def test_an_explained_flag_is_listed_with_its_explanation_who_and_when(office, report_factory):
    report = store(office, report_factory)
    before = audit.wall_clock()
    explain(office, outlier_flag(report), "  Trường mới nhận thêm 2 lớp, số phiếu tăng.  ", by="Van.Thu.TH01")
    listed = follow_up(office, PERIOD)
    assert list(listed.columns) == FOLLOW_UP_COLUMNS
    assert records(listed) == [
        {
            "unit_code": "TH01",
            "kind": "outlier-across",
            "item": "TIEP_CAN:so_phieu",
            "submission_id": report,
            "state": EXPLAINED,
            "explanation": "Trường mới nhận thêm 2 lớp, số phiếu tăng.",
            "changed_by": "van.thu.th01",
        }
    ]
    assert before <= listed.loc[0, "changed_at"].to_pydatetime() <= audit.wall_clock()
    assert flag_state(office, outlier_flag(report)) == EXPLAINED
    assert flag_state(office, outlier_flag(report, "TIEP_CAN")) is None  # another item of the same report: open


def test_explaining_again_keeps_one_row_with_the_latest_explanation(office, report_factory):
    report = store(office, report_factory)
    explain(office, outlier_flag(report), "Số phiếu đúng theo sổ.", by="van.thu.th01")
    explain(office, outlier_flag(report), "Đã đối chiếu với phiếu gốc.", by="quan.tri")
    assert rows_stored(office) == 1
    (row,) = records(follow_up(office, PERIOD))
    assert (row["state"], row["explanation"], row["changed_by"]) == (
        EXPLAINED,
        "Đã đối chiếu với phiếu gốc.",
        "quan.tri",
    )


def test_resolving_keeps_the_explanation_unless_a_note_is_given(office, report_factory):
    report = store(office, report_factory)
    explain(office, outlier_flag(report), "Trường mới nhận thêm 2 lớp.", by="van.thu.th01")
    resolve(office, outlier_flag(report), by="quan.tri")
    resolve(office, survey_flag(report), by="quan.tri", note="  Đã gọi điện xác nhận.  ")
    listed = records(follow_up(office, PERIOD))
    assert [(r["kind"], r["item"], r["state"], r["explanation"], r["changed_by"]) for r in listed] == [
        ("outlier-across", "TIEP_CAN:so_phieu", RESOLVED, "Trường mới nhận thêm 2 lớp.", "quan.tri"),
        ("survey-repeated", "", RESOLVED, "Đã gọi điện xác nhận.", "quan.tri"),
    ]


def test_an_explanation_of_a_resolved_flag_is_kept_and_the_flag_stays_resolved(office, report_factory):
    report = store(office, report_factory)
    resolve(office, survey_flag(report), by="quan.tri")
    explain(office, survey_flag(report), "Khảo sát lại cùng nhóm phụ huynh.", by="van.thu.th01")
    (row,) = records(follow_up(office, PERIOD))
    assert (row["state"], row["explanation"], row["changed_by"]) == (
        RESOLVED,
        "Khảo sát lại cùng nhóm phụ huynh.",
        "van.thu.th01",
    )


def test_reopening_takes_the_flag_back_to_open(office, report_factory):
    report = store(office, report_factory)
    explain(office, outlier_flag(report), "Số phiếu đúng theo sổ.", by="van.thu.th01")
    resolve(office, outlier_flag(report), by="quan.tri")
    reopen(office, outlier_flag(report), by="quan.tri", reason="Số phiếu vẫn chưa khớp danh sách lớp.")
    assert rows_stored(office) == 0
    assert flag_state(office, outlier_flag(report)) is None
    assert follow_up(office, PERIOD).empty
    explain(office, outlier_flag(report), "Đã sửa lại danh sách lớp.", by="van.thu.th01")  # open again: explainable
    assert flag_state(office, outlier_flag(report)) == EXPLAINED


def test_a_survey_flag_without_an_item_is_one_flag_whether_its_item_is_empty_or_none(office, report_factory):
    report = store(office, report_factory)
    explain(office, FlagKey("TH01", PERIOD, "survey-repeated", None, report), "Phụ huynh trả lời y hệt.", by="x")  # type: ignore[arg-type]
    resolve(office, survey_flag(report), by="quan.tri")
    assert rows_stored(office) == 1
    assert flag_state(office, survey_flag(report)) == RESOLVED


# ---------------------------------------------------------------- a replacing report


def test_a_replacing_report_has_its_flags_open_and_the_restored_one_finds_its_follow_up(office, report_factory):
    first = store(office, report_factory)
    explain(office, outlier_flag(first), "Trường mới nhận thêm 2 lớp.", by="van.thu.th01")
    resolve(office, survey_flag(first), by="quan.tri")
    second = store(office, report_factory, tag=" (lần 2)")
    assert second != first
    assert follow_up(office, PERIOD).empty  # the replaced report's rows are not shown
    assert flag_state(office, outlier_flag(second)) is None
    error = refused(explain, office, outlier_flag(first), "Vẫn đúng như trước.", by="van.thu.th01")
    assert error.code == "quality-unknown-report"
    assert rows_stored(office) == 2  # what was done on the first report stays with it

    restore_submission(office, first, by="quan.tri")
    listed = records(follow_up(office, PERIOD))
    assert [(r["kind"], r["state"], r["submission_id"]) for r in listed] == [
        ("outlier-across", EXPLAINED, first),
        ("survey-repeated", RESOLVED, first),
    ]


def test_the_follow_up_is_of_its_quarter_and_current_reports_only(office, report_factory):
    th01, mn01 = store(office, report_factory, "TH01"), store(office, report_factory, "MN01")
    explain(office, outlier_flag(th01), "Số phiếu đúng theo sổ.", by="van.thu.th01")
    explain(office, FlagKey("MN01", PERIOD, "copied", "TH01", mn01), "Hai trường cùng kế hoạch.", by="quan.tri")
    assert [(r["unit_code"], r["kind"], r["item"]) for r in records(follow_up(office, PERIOD))] == [
        ("MN01", "copied", "TH01"),
        ("TH01", "outlier-across", "TIEP_CAN:so_phieu"),
    ]
    assert follow_up(office, "2023-Q3").empty


def test_an_empty_follow_up_has_the_columns_and_dtypes_to_merge_with_the_flags(office, report_factory):
    report = store(office, report_factory)
    empty = follow_up(office, PERIOD)
    assert list(empty.columns) == FOLLOW_UP_COLUMNS and empty.empty
    explain(office, outlier_flag(report), "Số phiếu đúng theo sổ.", by="van.thu.th01")
    full = follow_up(office, PERIOD)
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    assert (str(full.dtypes["submission_id"]), str(full.dtypes["changed_at"])) == ("int64", "datetime64[us]")
    flags = pd.DataFrame(
        {"unit_code": ["TH01", "TH01"], "period": [PERIOD] * 2, "kind": ["outlier-across"] * 2,
         "item": ["TIEP_CAN:so_phieu", "TIEP_CAN"], "submission_id": [report, report]}
    )  # fmt: skip
    keys = ["unit_code", "kind", "item", "submission_id"]
    assert flags.merge(empty, on=keys, how="left")["state"].isna().all()
    assert flags.merge(full, on=keys, how="left")["state"].tolist()[0] == EXPLAINED


# ---------------------------------------------------------------- the audit log


def test_every_change_is_one_audit_line_with_what_it_changed(office, report_factory):
    report = store(office, report_factory)
    key = outlier_flag(report)
    explain(office, key, "Trường mới nhận thêm 2 lớp.", by="Van.Thu.TH01")
    resolve(office, key, by="quan.tri", note="Đã xác minh.")
    reopen(office, key, by="quan.tri", reason="Số liệu cần đối chiếu lại.")
    lines = follow_up_lines(office)
    assert [(ln["action"], ln["username"], ln["unit_code"], ln["period"], ln["submission_id"]) for ln in lines] == [
        ("quality-explain", "van.thu.th01", "TH01", PERIOD, report),
        ("quality-resolve", "quan.tri", "TH01", PERIOD, report),
        ("quality-reopen", "quan.tri", "TH01", PERIOD, report),
    ]
    explained, resolved, reopened = (line["detail"] for line in lines)
    assert explained == {"kind": "outlier-across", "item": "TIEP_CAN:so_phieu", "state": EXPLAINED,
                         "explanation": "Trường mới nhận thêm 2 lớp.", "before": None}  # fmt: skip
    assert resolved["state"] == RESOLVED and resolved["note"] == "Đã xác minh."
    assert resolved["explanation"] == "Đã xác minh."
    assert resolved["before"]["state"] == EXPLAINED
    assert resolved["before"]["explanation"] == "Trường mới nhận thêm 2 lớp."
    assert resolved["before"]["changed_by"] == "van.thu.th01"
    assert reopened["state"] is None and reopened["reason"] == "Số liệu cần đối chiếu lại."
    assert (reopened["before"]["state"], reopened["before"]["explanation"]) == (RESOLVED, "Đã xác minh.")
    assert audit.verify(office).whole


def test_a_refused_change_writes_nothing(office, report_factory):
    report = store(office, report_factory)
    resolve(office, survey_flag(report), by="quan.tri")
    lines_before = len(follow_up_lines(office))
    for call, args, kwargs in [
        (explain, (office, survey_flag(report), "ok"), {"by": "van.thu.th01"}),
        (resolve, (office, survey_flag(report)), {"by": "quan.tri"}),
        (reopen, (office, outlier_flag(report)), {"by": "quan.tri", "reason": "Cần xem lại."}),
        (reopen, (office, survey_flag(report)), {"by": "quan.tri", "reason": "  "}),
        (explain, (office, survey_flag(report + 1)), {"text": "Số liệu đúng.", "by": "quan.tri"}),
    ]:
        refused(call, *args, **kwargs)
    assert len(follow_up_lines(office)) == lines_before == 1
    assert records(follow_up(office, PERIOD))[0]["state"] == RESOLVED


# ---------------------------------------------------------------- refusals and their wording


def test_an_explanation_needs_five_characters_after_trimming(office, report_factory):
    report = store(office, report_factory)
    for short in ("", "   ", "  ok  ", "abcd", None):
        error = refused(explain, office, outlier_flag(report), short, by="van.thu.th01")
        assert (error.code, error.params) == ("quality-explanation-too-short", {"minimum": 5})
    assert describe(error, "vi") == "Cần ghi lời giải trình: số liệu đúng vì sao (ít nhất 5 ký tự)."
    assert describe(error, "en") == "Write an explanation: why the figure is right (at least 5 characters)."
    explain(office, outlier_flag(report), " abcde ", by="van.thu.th01")
    assert records(follow_up(office, PERIOD))[0]["explanation"] == "abcde"


def test_reopening_needs_a_reason(office, report_factory):
    report = store(office, report_factory)
    resolve(office, survey_flag(report), by="quan.tri")
    error = refused(reopen, office, survey_flag(report), by="quan.tri", reason=" sai ")
    assert (error.code, error.params) == ("quality-reason-needed", {"minimum": 5})
    assert describe(error, "vi") == "Cần ghi lý do mở lại cảnh báo (ít nhất 5 ký tự)."
    assert describe(error, "en") == "Write why the flag is reopened (at least 5 characters)."
    assert flag_state(office, survey_flag(report)) == RESOLVED


def test_a_flag_of_a_report_that_is_not_the_units_current_one_is_refused(office, report_factory):
    th01, mn01 = store(office, report_factory, "TH01"), store(office, report_factory, "MN01")
    for key in (
        outlier_flag(mn01),  # MN01's report under TH01's code
        FlagKey("TH01", "2023-Q3", "outlier-across", "TIEP_CAN", th01),  # another quarter
        outlier_flag(th01 + mn01 + 100),  # no such report
        outlier_flag(th01, unit_code="XX99"),  # no such unit
    ):
        assert refused(explain, office, key, "Số liệu đúng.", by="quan.tri").code == "quality-unknown-report"
    error = refused(resolve, office, outlier_flag(mn01), by="quan.tri")
    assert error.params["unit"] == "TH01" and error.params["submission"] == str(mn01)
    assert describe(error, "vi") == (
        f"Báo cáo #{mn01} không phải báo cáo Quý II/2023 hiện hành của đơn vị TH01"
        " (có thể đơn vị vừa nộp báo cáo mới thay thế): cảnh báo đã được tính lại, hãy xem lại danh sách."
    )
    assert describe(error, "en") == (
        f"Report #{mn01} is not the current report of unit TH01 for Q2/2023"
        " (the unit may just have sent a new one replacing it): its flags were computed again; look at the list again."
    )
    assert rows_stored(office) == 0


def test_resolving_a_resolved_flag_says_who_resolved_it_and_when(office, report_factory):
    report = store(office, report_factory)
    resolve(office, outlier_flag(report), by="Quan.Tri")
    error = refused(resolve, office, outlier_flag(report), by="lanh.dao")
    assert error.code == "quality-already-resolved"
    at = follow_up(office, PERIOD).loc[0, "changed_at"].to_pydatetime()
    assert error.params["at"] == at and error.params["by"] == "quan.tri"
    shown = formatting.moment(at, locale="vi")
    assert describe(error, "vi") == (
        "Đơn vị TH01, Quý II/2023: cảnh báo “khác thường so với các đơn vị cùng cấp học” (TIEP_CAN:so_phieu)"
        f" đã được xử lý xong (bởi quan.tri, {shown})."
    )
    assert describe(error, "en") == (
        "Unit TH01, Q2/2023: the flag “unusual against the units of its school level” (TIEP_CAN:so_phieu)"
        f" is already resolved (by quan.tri, {formatting.moment(at, locale='en')})."
    )


def test_reopening_an_open_flag_is_refused(office, report_factory):
    report = store(office, report_factory)
    error = refused(reopen, office, survey_flag(report), by="quan.tri", reason="Cần xem lại số phiếu.")
    assert error.code == "quality-already-open"
    assert describe(error, "vi") == (
        "Đơn vị TH01, Quý II/2023: cảnh báo “số phiếu khảo sát giống hệt quý trước” (–)"
        " chưa được giải trình hay xử lý: không có gì để mở lại."
    )
    assert describe(error, "en") == (
        "Unit TH01, Q2/2023: the flag “survey counts identical to the previous quarter's” (–)"
        " is neither explained nor resolved: nothing to reopen."
    )


def test_an_unknown_kind_or_a_period_that_is_no_quarter_is_refused(office, report_factory):
    report = store(office, report_factory)
    error = refused(explain, office, FlagKey("TH01", PERIOD, "typo", "", report), "Số liệu đúng.", by="quan.tri")
    assert (error.code, error.params) == ("quality-unknown-kind", {"kind": "typo"})
    assert describe(error, "vi") == "“typo” không phải một loại cảnh báo chất lượng số liệu."
    assert describe(error, "en") == "“typo” is not a kind of data-quality flag."
    with pytest.raises(PeriodCodeError):
        resolve(office, FlagKey("TH01", "2023-H1", "copied", "MN01", report), by="quan.tri")
    assert rows_stored(office) == 0


def test_every_kind_and_state_and_action_is_worded_in_both_languages():
    import metrics.quality

    assert KINDS == metrics.quality.KINDS
    keys = [f"quality.kind.{kind}" for kind in KINDS] + [f"quality.state.{s}" for s in ("open", EXPLAINED, RESOLVED)]
    keys += [f"audit.action.{action}" for action in FOLLOW_UP_ACTIONS]
    assert set(FOLLOW_UP_ACTIONS) <= audit.ACTIONS
    assert [key for key in keys if key not in VI or key not in EN] == []
    assert (VI["quality.state.explained"], EN["quality.state.explained"]) == ("Đã giải trình", "Explained")


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize(
    ("actor", "unit_code", "explains", "resolves"),
    [
        (OFFICE_ADMIN, "TH01", True, True),
        (OFFICE_ADMIN, "MN01", True, True),
        (CLERK_TH01, "TH01", True, False),
        (CLERK_TH01, "MN01", False, False),
        (CLERK_MN01, "TH01", False, False),
        (CLERK_TH01, None, False, False),
        (LEADER, "TH01", False, False),
        (None, "TH01", True, True),  # the operator on the command line
    ],
)
def test_who_may_explain_resolve_and_reopen(actor, unit_code, explains, resolves):
    assert may_explain(actor, unit_code) is explains
    assert may_resolve(actor) is resolves
    assert may_reopen(actor) is resolves
