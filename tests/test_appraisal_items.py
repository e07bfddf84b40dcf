"""A school's year, item by item, as the appraisal council reads it (metrics.appraisal)."""

from __future__ import annotations

import pytest

from core.frameworks import framework_for
from metrics.appraisal import appraisal_items, final_points

FRAMEWORK = framework_for(2026)
SELF = [
    {"field": "CDS", "criterion": "CDS.1", "max_points": 3, "self_points": 3, "explanation": None},
    {"field": "CDS", "criterion": "CDS.3", "max_points": 3, "self_points": 2, "explanation": "Thu qua ngân hàng"},
    {"field": "TTHC", "criterion": None, "max_points": 14, "self_points": 12, "explanation": None},
    {"field": "CDDH", "criterion": "CDDH.4", "max_points": 2, "self_points": 0, "explanation": None},
]
FILES = [
    {"file_name": "thu-dien-tu.pdf", "field": None, "criterion": "CDS.1"},
    {"file_name": "so-mot-cua.xlsx", "field": "TTHC", "criterion": None},
    {"file_name": "khac.png", "field": None, "criterion": "CDS.2"},
]


def test_each_scored_item_with_its_evidence_explanation_and_the_rules_flags():
    appraised = {"CDS.1": {"points": 2, "reason": "Tỷ lệ dùng thư dưới 90 %"}, "CDS.3": {"points": 1, "reason": ""},
                 "THUONG": {"points": 1, "reason": "Mô hình thu học phí được Phường công nhận"}}  # fmt: skip
    table = appraisal_items(FRAMEWORK, SELF, appraised, FILES).set_index("item")
    assert list(table.index) == ["CDDH.4", "TTHC", "CDS.1", "CDS.3", "THUONG", "TRU"]  # the framework's order
    assert table.loc["CDS.1", "evidence"] == ["thu-dien-tu.pdf"]
    assert table.loc["TTHC", "evidence"] == ["so-mot-cua.xlsx"]  # attached to the field scored whole
    assert table.loc["CDS.3", "evidence"] == [] and not table.loc["CDS.3", "unsupported"]  # explained
    assert not table.loc["CDDH.4", "unsupported"]  # 0 points need nothing
    assert table.loc["CDS.3", "needs_reason"] and not table.loc["CDS.1", "needs_reason"]
    assert (table.loc["THUONG", "kind"], table.loc["THUONG", "max_points"]) == ("bonus", 2.0)


def test_a_point_without_evidence_or_explanation_is_flagged():
    rows = [{"field": "CDS", "criterion": "CDS.2", "max_points": 3, "self_points": 2.5, "explanation": None}]
    assert bool(appraisal_items(FRAMEWORK, rows, {}, []).set_index("item").loc["CDS.2", "unsupported"])


def test_final_points_take_the_appraisal_where_given_and_the_bonus_and_penalty_outside_the_maximum():
    appraised = {"CDS.1": {"points": 2, "reason": "x"}, "THUONG": {"points": 2, "reason": "y"},
                 "TRU": {"points": 1, "reason": "z"}}  # fmt: skip
    totals = final_points(appraisal_items(FRAMEWORK, SELF, appraised, FILES))
    assert totals["self"] == 17 and totals["max_points"] == 22
    assert totals["final"] == 2 + 2 + 12 + 0 + 2 - 1  # CDS.1 appraised, CDS.3 and TTHC as self-assessed
    assert totals["score"] == pytest.approx(17 / 22 * 100)
