"""Coded messages: every code has its wording in both languages, and English is English."""

from __future__ import annotations

import json
import pickle
import re
from datetime import datetime
from pathlib import Path

import pytest

from core.errors import Refusal
from i18n.catalog import EN, VI
from i18n.messages import amount, describe, term, word
from loaders import contract as c
from loaders.guard import megabytes
from loaders.problems import Problem, problem
from loaders.read import load_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
RAISED_CODE = re.compile(r"""\b(?:problem|Refused|BadValue|_Lost|add|warn)\(\s*["']([a-z]+(?:-[a-z]+)*)["']""")
TERM_KEY = re.compile(r"""\bterm\(\s*["']([a-z_]+\.[a-z_-]+)["']""")


def product_sources(*folders: str) -> list[Path]:
    return [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]


def test_every_problem_code_raised_has_wording_in_both_languages():
    codes = {code for path in product_sources("loaders", "pipeline") for code in RAISED_CODE.findall(path.read_text())}
    assert {"bad-date", "sheet-too-large", "reader-failed", "period-not-begun", "unit-not-allowed"} <= codes
    assert sorted(code for code in codes if f"problem.{code}" not in VI or f"problem.{code}" not in EN) == []


def test_every_term_named_in_code_has_wording():
    keys = {
        key for path in product_sources("loaders", "pipeline", "storage") for key in TERM_KEY.findall(path.read_text())
    }
    keys |= {f"kind.{column.kind}" for sheet in c.SHEETS for column in sheet.columns}
    keys |= {"span.from", "span.to", "span.from_to"}
    assert "reason.part-not-xml" in keys
    assert sorted(key for key in keys if key not in VI or key not in EN) == []


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("0[3-6]_loi_*.xlsx")))
def test_a_bad_workbook_is_explained_in_english_quoting_the_cells_as_found(sample):
    report = load_report((SAMPLES / sample).read_bytes(), sample)
    assert report.problems
    for found in report.problems:
        english = found.text("en")
        assert english != found.message
        # What is left once the school's own words (quoted values, sheets, headers) are taken out is English.
        rest = re.sub(r"“[^”]*”", "", english)
        for value in (found.sheet, found.column, *map(str, found.params.values())):
            rest = rest.replace(str(value or ""), "") if value else rest
        assert not VIETNAMESE.search(rest), english
        assert found.where("en").startswith("sheet ")


def test_the_status_problem_in_both_languages():
    report = load_report((SAMPLES / "03_loi_trang-thai-khong-hop-le.xlsx").read_bytes(), "03.xlsx")
    (bad,) = [p for p in report.problems if p.code == "unknown-status"]
    assert bad.message == ("Trạng thái “Đã xong” không hợp lệ: cần Hoàn thành, Đang thực hiện hoặc Chưa thực hiện.")
    assert bad.text("en") == ("Status “Đã xong” is not valid: use “Hoàn thành”, “Đang thực hiện” or “Chưa thực hiện”.")
    assert bad.where() == "trang NhiemVu, dòng 8, cột Trạng thái"
    assert bad.where("en") == "sheet NhiemVu, row 8, column Trạng thái"


def test_numbers_are_written_as_each_language_writes_them():
    huge = problem("sheet-too-large", rows=1_048_576, columns=16_384)
    assert "dòng 1.048.576, cột thứ 16.384" in huge.message
    assert "row 1,048,576, column number 16,384" in huge.text("en")
    heavy = problem("file-too-large", size=megabytes(12 * 1024 * 1024), limit=megabytes(10 * 1024 * 1024))
    assert heavy.message == "Tệp nặng 12,0 MB, vượt giới hạn 10,0 MB."
    assert heavy.text("en") == "The file is 12.0 MB, over the limit of 10.0 MB."
    assert word("problem.reader-timeout", {"seconds": 0.5}, "vi").startswith("Đọc tệp quá 0,5 giây")


def test_quarters_and_days_are_written_per_language():
    late = problem("period-not-begun", sheet="ThongTin", quarter="2026-Q4", first_day="2026-10-01",
                   received_day="2026-09-30")  # fmt: skip
    assert late.message.startswith(
        "Báo cáo Quý IV/2026 chưa thể nộp: quý này bắt đầu từ 01/10/2026, còn ngày nhận là 30/09/2026."
    )
    assert late.text("en").startswith(
        "The report for Q4/2026 cannot be submitted yet: the quarter begins on 01/10/2026"
    )


def test_nested_terms_are_worded_in_the_same_language():
    broken = problem("corrupt", detail=term("reason.part-not-xml", part="xl/worksheets/sheet1.xml"))
    assert broken.message.endswith("thành phần xl/worksheets/sheet1.xml không phải XML hợp lệ.")
    assert broken.text("en").endswith("part xl/worksheets/sheet1.xml is not valid XML.")
    assert describe(problem("missing-value", column="Thời hạn", expected=term("kind.date")), "en") == (
        "Cell “Thời hạn” is empty: it needs a date as dd/mm/yyyy."
    )
    assert amount(1.0, 1, "MB") == {"number": 1.0, "decimals": 1, "unit": "MB"}


def test_a_stored_problem_is_worded_again_from_its_code_and_values():
    original = problem("duplicate-row", sheet="ChiTieu", row=9, column="Mã chỉ tiêu", value="TTHC", first=7,
                       what=term("what.indicator"))  # fmt: skip
    stored = json.loads(json.dumps(original.as_dict()))
    assert "message" not in stored
    again = Problem(**stored)
    assert again.message == original.message == "“TTHC” đã có ở dòng 7: mỗi chỉ tiêu chỉ một dòng."
    assert again.text("en") == "“TTHC” is already on row 7: one row per indicator."
    assert original.as_dict("en")["message"] == again.text("en")


def test_a_refusal_keeps_its_code_and_values_across_processes():
    refused = Refusal("bad-period-code", value="'2023-Q5'")
    copy = pickle.loads(pickle.dumps(refused))
    assert (copy.code, copy.params) == ("bad-period-code", {"value": "'2023-Q5'"})
    assert str(copy) == "Kỳ không hợp lệ: '2023-Q5'; cần dạng 2023-Q2"
    assert describe(copy, "en") == "Not a valid period: '2023-Q5'; use the form 2023-Q2"


def test_a_lock_stored_with_a_refused_file_is_worded_again_with_its_moment_as_people_read_it():
    from storage.governance import locked_refusal

    state = {"reason": "closed", "closed_by": "quantri", "closed_at": datetime(2024, 4, 2, 9, 5)}
    refused = problem("report-locked", detail=locked_refusal(state, "TH01", "2024-Q1").as_term())
    stored = json.loads(json.dumps(refused.as_dict(), default=lambda moment: moment.isoformat()))
    again = Problem(**stored)
    assert again.message == refused.message
    assert "02/04/2024 09:05" in again.message and "2024-04-02" not in again.message
