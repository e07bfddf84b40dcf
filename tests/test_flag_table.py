"""The data-quality page's table of flags: every cell as the page writes it, whatever kind of flag, in each
language, and the same after the values written before are kept."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pages.ui import flags, words
from pages.ui.flags import flag_table

NAMES = {"TH01": "Trường Tiểu học Hòa Bình", "TH02": "Trường Tiểu học Kim Đồng"}
FLAGS = pd.DataFrame(
    {
        "unit_code": ["TH01", "TH02", "TH01", "TH02", "TH09"],
        "kind": ["outlier-across", "outlier-history", "copied", "survey-repeated", "missing"],
        "item": ["TTHC_DUNG_HAN", "tasks", "TH01", "TTHC_DUNG_HAN:tong_so", "completion"],
        "value": [0.4123, 1234.0, math.nan, 37.5, 0.5],
        "reference": [0.95, 12.0, math.nan, "2026-Q1", math.nan],
        "score": [4.25, -3.5, math.nan, 3.0, math.nan],
        "state": ["open", "explained", "resolved", "open", "open"],
        "explanation": [None, "Đúng: có hội thi", None, math.nan, ""],
        "submission_id": [1, 2, 3, 4, 5],
    }
)


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    language = {"now": "vi"}
    monkeypatch.setattr(words, "language", lambda: language["now"])
    flags._WRITTEN.clear()
    yield language
    flags._WRITTEN.clear()


@pytest.mark.parametrize(
    ("lang", "first", "values", "scores"),
    [
        (
            "vi",
            "Trường Tiểu học Hòa Bình (TH01)",
            ["41,2 %", "1.234", "", "37,50", "50,0 %"],
            ["4,2", "-3,5", "", "3,0", ""],
        ),
        (
            "en",
            "Trường Tiểu học Hòa Bình (TH01)",
            ["41.2%", "1,234", "", "37.50", "50.0%"],
            ["4.2", "-3.5", "", "3.0", ""],
        ),
    ],
)
def test_each_cell_is_written_as_the_page_says_it(_fresh, lang, first, values, scores):
    _fresh["now"] = lang
    table = flag_table(FLAGS, NAMES)
    assert table.columns.tolist() == ["unit", "kind", "item", "value", "reference", "score", "state", "explanation"]
    assert table["unit"].tolist() == [first, "Trường Tiểu học Kim Đồng (TH02)", first,
                                      "Trường Tiểu học Kim Đồng (TH02)", "TH09 (TH09)"]  # fmt: skip
    assert table.loc[2, "item"] == "Trường Tiểu học Hòa Bình"  # a copied flag names the school copied from
    assert table["value"].tolist() == values
    assert table.loc[3, "reference"] == "2026-Q1" and table.loc[2, "reference"] == ""
    assert table["score"].tolist() == scores
    assert table["explanation"].tolist() == ["", "Đúng: có hội thi", "", "", ""]
    again = flag_table(FLAGS, NAMES)  # the values and scores now from what was written before
    pd.testing.assert_frame_equal(again, table)


def test_the_same_values_are_written_apart_in_each_language(_fresh):
    vietnamese = flag_table(FLAGS, NAMES)
    _fresh["now"] = "en"
    english = flag_table(FLAGS, NAMES)
    assert vietnamese.loc[1, "value"] == "1.234" and english.loc[1, "value"] == "1,234"
    assert vietnamese.loc[0, "state"] != english.loc[0, "state"]
