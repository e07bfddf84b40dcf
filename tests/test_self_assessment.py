"""TuDanhGia scored by criterion of the year's framework (Tiêu chí), with the school's explanation (Giải trình)."""

from __future__ import annotations

from loaders.read import load_report
from tests.workbook_factory import table, valid_sheets, workbook_bytes

HEADER = ["STT", "Lĩnh vực", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Giải trình"]


def report_2026(rows: list[list[object]]):
    """The factory's report, for Quý II/2026, with these TuDanhGia rows (records from Excel row 4)."""
    sheets = valid_sheets()
    sheets["ThongTin"][4][1] = "Quý II/2026"
    sheets["NhiemVu"] = [[*r[:4], r[4].replace(year=2026), r[5], r[6] and r[6].replace(year=2026)] if i > 2 else r
                         for i, r in enumerate(sheets["NhiemVu"])]  # fmt: skip
    sheets["TuDanhGia"] = table(HEADER, rows)
    return load_report(workbook_bytes(sheets), "bao-cao.xlsx")


def found(report) -> list[tuple]:
    return [(p.severity, p.code, p.row, p.column) for p in report.problems]


def test_rows_by_criterion_take_the_criterions_maximum_and_keep_the_explanation():
    report = report_2026([
        [1, "CDS", "CDS.3", 3, 2.5, None, "Đã triển khai thu qua ngân hàng từ tháng 9"],
        [2, "CDS", "Thu học phí, các khoản thu không dùng tiền mặt", None, 1, None, None],
        [3, "TTHC", None, 14, 12, None, None],
    ])  # fmt: skip
    assert [(s.field, s.criterion, s.max_points, s.self_points, s.explanation) for s in report.self_assessment] == [
        ("CDS", "CDS.3", 3.0, 2.5, "Đã triển khai thu qua ngân hàng từ tháng 9"),
        ("TTHC", None, 14.0, 12.0, None),
    ]
    assert ("error", "duplicate-row", 5, "Tiêu chí") in found(report)  # CDS.3 by its name, again
    left_out = [p for p in report.problems if p.code == "criteria-left-out"]
    assert [(p.severity, p.row, p.params["codes"]) for p in left_out] == [("warning", 4, "CDS.1, CDS.2, CDS.4")]


def test_a_criterion_that_is_not_one_the_field_of_another_and_points_above_its_maximum_are_errors():
    report = report_2026([
        [1, "CDS", "CDS.9", None, 1, None, None],
        [2, "TTHC", "CDS.1", None, 1, None, None],
        [3, "TACDONG", "TACDONG.1", None, 10, None, None],
        [4, "CDDH", "CDDH.1", None, 2.5, None, None],
        [5, "CDDH", None, None, 5, None, None],
    ])  # fmt: skip
    assert report.self_assessment == []
    problems = {(p.code, p.row): p for p in report.problems if p.severity == "error"}
    assert set(problems) == {("unknown-criterion", 4), ("criterion-other-field", 5),
                             ("criterion-has-sub-criteria", 6), ("points-out-of-range", 7),
                             ("field-and-criteria", 8)}  # fmt: skip
    assert problems[("unknown-criterion", 4)].text("vi") == (
        "Tiêu chí “CDS.9” không có trong khung Chỉ số CCHC năm 2026: cần mã tiêu chí hoặc tiêu chí thành phần."
    )
    assert "TACDONG.1.1, TACDONG.1.2" in problems[("criterion-has-sub-criteria", 6)].text("en")
    assert problems[("points-out-of-range", 7)].params["expected"] == 2.0
    assert problems[("field-and-criteria", 8)].params["first"] == 7


def test_a_report_of_a_year_without_a_framework_file_scores_fields_as_before():
    sheets = valid_sheets()  # Quý II/2023: no framework file for 2023 or before
    sheets["TuDanhGia"] = table(HEADER, [[1, "CDDH", "CDDH.1", None, 2, None, None]])
    report = load_report(workbook_bytes(sheets), "bao-cao.xlsx")
    assert ("error", "unknown-criterion", 4, "Tiêu chí") in found(report)
    assert [(s.field, s.criterion, s.max_points) for s in load_report(workbook_bytes(valid_sheets()), "b.xlsx")
            .self_assessment] == [("CDDH", None, 10.0), ("TTHC", None, 14.0)]  # fmt: skip


def test_a_point_with_neither_evidence_nor_explanation_is_a_warning_on_the_verdict(engine, unit_rows):
    from datetime import datetime

    from pipeline.ingest import ingest_bytes
    from storage.evidence import add_evidence
    from storage.registry import upsert_units

    upsert_units(engine, unit_rows)
    add_evidence(engine, "TH01", 2026, b"%PDF-1.4\n%%EOF\n", "ke-hoach.pdf", field="CDS", by="vanthu.th01")
    sheets = valid_sheets()
    sheets["ThongTin"][4][1] = "Quý II/2026"
    sheets["NhiemVu"] = [[*r[:4], r[4].replace(year=2026), r[5], r[6] and r[6].replace(year=2026)] if i > 2 else r
                         for i, r in enumerate(sheets["NhiemVu"])]  # fmt: skip
    sheets["TuDanhGia"] = table(HEADER, [
        [1, "CDS", "CDS.1", None, 2, None, None],  # backed by the file attached to its field
        [2, "CDS", "CDS.3", None, 2, None, "Thu qua ngân hàng"],  # explained
        [3, "TTHC", None, None, 12, None, None],  # neither: warned
        [4, "CDDH", None, None, 0, None, None],  # no points: nothing to back
    ])  # fmt: skip
    result = ingest_bytes(engine, workbook_bytes(sheets), "bao-cao.xlsx", received_at=datetime(2026, 6, 15, 9))
    assert result.accepted
    warned = [
        (p.row, p.column, p.params["item"]) for p in result.report.problems if p.code == "points-without-evidence"
    ]
    assert warned == [(6, "Điểm tự đánh giá", "TTHC")]
    assert result.report.problems[-1].text("en").startswith("TTHC: 12 self-assessed points have neither evidence")
