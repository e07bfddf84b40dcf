"""The office's appraisal of a school's PAR year, item by item, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.catalogs import default_catalogs
from i18n.messages import describe
from loaders.report import SelfScore
from metrics.summary import period_summary
from pipeline import appraisal
from storage.accounts import ADMIN, CLERK, User
from storage.audit import search
from storage.evidence import add_evidence
from storage.frames import load_frames
from storage.par_appraisal import AppraisalRefused
from storage.registry import upsert_units
from storage.submissions import save_report

OFFICE = User("thamdinh", "Tổ thẩm định", ADMIN, None)
CLERK_TH01 = User("vanthu.th01", "Văn thư", CLERK, "TH01")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SELF = [
    SelfScore(5, "CDS", 3.0, 3.0, None, None, "CDS.1", None),
    SelfScore(6, "CDS", 3.0, 2.0, None, None, "CDS.3", "Thu qua ngân hàng từ tháng 9"),
    SelfScore(7, "TTHC", 14.0, 12.0, None, None, None, None),
]


@pytest.fixture
def school(engine, unit_rows, report_factory):
    upsert_units(engine, unit_rows)
    earlier = report_factory("TH01", "2026-Q1")
    save_report(engine, earlier, content=b"q1", received_at=datetime(2026, 3, 10, 9))
    latest = report_factory("TH01", "2026-Q2")
    latest.self_assessment = list(SELF)
    save_report(engine, latest, content=b"q2", received_at=datetime(2026, 6, 10, 9))
    return engine


def test_the_year_sheet_is_the_latest_self_assessment_with_evidence_and_the_rules_flags(school):
    add_evidence(school, "TH01", 2026, PDF, "thu-dien-tu.pdf", criterion="CDS.1", by="vanthu.th01")
    sheet = appraisal.year_sheet(school, "TH01", 2026)
    assert (sheet.period, sheet.state, sheet.final) == ("2026-Q2", "draft", False)
    rows = sheet.items.set_index("item")
    assert list(rows.index) == ["TTHC", "CDS.1", "CDS.3", "THUONG", "TRU"]
    assert rows.loc["CDS.1", "evidence"] == ["thu-dien-tu.pdf"] and not rows.loc["CDS.1", "unsupported"]
    assert bool(rows.loc["TTHC", "unsupported"]) and sheet.unsupported == 1  # 12 points, no file, no word
    assert sheet.totals["self"] == 17 and sheet.totals["max_points"] == 20


def test_saving_needs_a_reason_where_the_points_differ_and_refuses_everything_else_at_once(school):
    with pytest.raises(AppraisalRefused) as refused:
        appraisal.save(school, "TH01", 2026, [
            {"item": "CDS.1", "points": "2,5", "reason": ""},
            {"item": "CDS.9", "points": 1, "reason": "x"},
            {"item": "TTHC", "points": 15, "reason": "x"},
        ], OFFICE)  # fmt: skip
    text = describe(refused.value, "vi")
    assert "mục CDS.1: điểm thẩm định 2,5 khác điểm tự đánh giá 3, cần ghi lý do" in text
    assert "“CDS.9” không phải mục được chấm" in text and "mục TTHC: điểm 15 ngoài khoảng 0 đến 14" in text
    assert appraisal.year_sheet(school, "TH01", 2026).items["appraised_points"].isna().all()  # nothing written
    with pytest.raises(AppraisalRefused):
        appraisal.save(school, "TH01", 2026, [{"item": "CDS.1", "points": 3}], CLERK_TH01)


def test_finalising_freezes_the_year_and_the_figures_take_the_appraisal_and_the_bonus(school):
    rows = [
        {"item": "CDS.1", "points": "2,5", "reason": "Một số giáo viên chưa dùng thư công vụ"},
        {"item": "TTHC", "points": 12, "reason": ""},  # as self-assessed: no reason needed
        {"item": "THUONG", "points": 1, "reason": "Mô hình thu học phí được Phường công nhận"},
    ]
    assert appraisal.save(school, "TH01", 2026, rows, OFFICE) == 3
    before = period_summary(load_frames(school), default_catalogs(), "2026")["units"]
    assert next(u for u in before if u["unit_code"] == "TH01")["par_score"] == pytest.approx(17 / 20 * 100)
    appraisal.finalise(school, "TH01", 2026, OFFICE)
    after = next(u for u in period_summary(load_frames(school), default_catalogs(), "2026")["units"]
                 if u["unit_code"] == "TH01")  # fmt: skip
    assert after["par_score"] == pytest.approx((2.5 + 2 + 12 + 1) / 20 * 100)
    with pytest.raises(AppraisalRefused) as refused:
        appraisal.save(school, "TH01", 2026, [{"item": "CDS.3", "points": 1, "reason": "x"}], OFFICE)
    assert refused.value.code == "par-year-final"
    actions = [line["action"] for line in search(school)]
    assert actions.count("par-appraisal") == 3 and "par-finalise" in actions
    appraisal.reopen(school, "TH01", 2026, "Đơn vị bổ sung minh chứng", OFFICE)
    assert appraisal.year_sheet(school, "TH01", 2026).state == "draft"


def test_a_framework_changed_after_the_year_is_final_does_not_change_its_results(school, monkeypatch):
    from core.frameworks import framework_for, parse_framework
    from storage import par_appraisal

    appraisal.save(school, "TH01", 2026, [{"item": "THUONG", "points": 2, "reason": "Mô hình được công nhận"}], OFFICE)
    appraisal.finalise(school, "TH01", 2026, OFFICE)
    before = appraisal.year_sheet(school, "TH01", 2026).totals
    edited = framework_for(2026)
    changed = "\n".join(  # the bonus line worth 5 now, in the file only
        ["code,parent,name,max_points,evidence,kind"]
        + [
            f'{i.code},{i.parent or ""},"{i.name}",{5 if i.code == "THUONG" else i.max_points:g},,{i.kind or ""}'
            for i in edited
        ]
    ).encode()
    monkeypatch.setattr(par_appraisal, "framework_for", lambda year: parse_framework(changed, "2026.csv", year))
    assert par_appraisal.framework_changed_since_frozen(school, 2026)
    sheet = appraisal.year_sheet(school, "TH01", 2026)
    assert sheet.framework_changed and sheet.framework["THUONG"].max_points == 2  # the frozen one
    assert sheet.totals == before


def test_a_final_year_refuses_a_new_self_assessment_but_not_a_report_without_one(school, report_factory):
    from pipeline.evidence_rule import EvidenceBook, warn_unsupported

    appraisal.finalise(school, "TH01", 2026, OFFICE)
    again = report_factory("TH01", "2026-Q3")
    again.self_assessment = list(SELF)
    refused = warn_unsupported(again, EvidenceBook(school))
    assert not refused.accepted
    assert refused.problems[-1].text("vi").startswith("Kết quả thẩm định Chỉ số CCHC năm 2026 của đơn vị TH01 đã chốt")
    without = report_factory("TH01", "2026-Q3")
    without.self_assessment = []
    assert warn_unsupported(without, EvidenceBook(school)).accepted
