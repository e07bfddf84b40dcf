"""A year's PAR framework is data: read, checked, chosen by year."""

from __future__ import annotations

import pytest

from core.catalogs import default_catalogs
from core.frameworks import (
    ADJUSTMENT,
    CRITERION,
    FIELD,
    SUB_CRITERION,
    FrameworkError,
    framework_file,
    framework_for,
    parse_framework,
)
from i18n.messages import describe

HEAD = b"code,parent,name,max_points,evidence,kind\n"


def test_the_shipped_2026_framework_has_the_contracts_fields_and_their_criteria():
    framework = framework_for(2026)
    catalog = default_catalogs().par_fields
    assert [(f.code, f.max_points) for f in framework.fields] == [(f.code, f.max_points) for f in catalog]
    assert sum(f.max_points for f in framework.fields) == 100
    assert framework["CDS.3"].level == CRITERION and framework.field_of("CDS.3") == "CDS"
    assert framework["TACDONG.1.2"].level == SUB_CRITERION and framework.field_of("TACDONG.1.2") == "TACDONG"
    assert [i.code for i in framework.scored("TACDONG")][:2] == ["TACDONG.1.1", "TACDONG.1.2"]
    assert [(a.code, a.kind, a.level) for a in framework.adjustments] == [("THUONG", "bonus", ADJUSTMENT),
                                                                          ("TRU", "penalty", ADJUSTMENT)]  # fmt: skip
    assert framework.resolve("thu hoc phi, cac khoan thu khong dung tien mat") == "CDS.3"
    assert framework.field_catalog()["TTHC"].max_points == 14


def test_a_year_without_its_file_takes_the_latest_earlier_one_else_the_field_catalog(tmp_path):
    (tmp_path / "2024.csv").write_bytes(HEAD + b"A,,Field A,10,,\nA.1,A,Crit,10,,\n")
    assert framework_file(2025, tmp_path).name == "2024.csv"
    assert framework_for(2025, tmp_path)["A.1"].max_points == 10
    before = framework_for(2023, tmp_path)
    assert before.source is None and not before.has_criteria
    assert [f.level for f in before.fields] == [FIELD] * len(default_catalogs().par_fields)


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"A,,x,5,,\nA.1,A,y,3,,\n", "framework-sum", "điểm tối đa của A là 5 nhưng tổng điểm các mục con là 3"),
        (b"A,,x,5,,\nB.1,B,y,5,,\n", "framework-unknown-parent", "dòng 3: B.1 thuộc B"),
        (b"A,,x,5,,\nA,,y,5,,\n", "framework-duplicate-code", "dòng 3: mã A đã có"),
        ("A,,x,năm,,\n".encode(), "framework-bad-points", "“năm” không phải số"),
        (b"A,,x,5,,\nA.1,A,y,5,,\nA.1.1,A.1,z,5,,\nA.1.1.1,A.1.1,w,5,,\n", "framework-too-deep", "cấp thứ tư"),
        (b"A,,x,5,,extra\n", "framework-bad-kind", "loại “extra”"),
        (b"X,,x,2,,bonus\n", "framework-no-fields", "không có lĩnh vực nào"),
    ],
)
def test_a_framework_that_cannot_be_used_is_refused_naming_the_row(content, code, words):
    with pytest.raises(FrameworkError) as raised:
        parse_framework(HEAD + content, "khung.csv")
    assert raised.value.code == code
    assert words in describe(raised.value, "vi")
    assert "khung.csv" in describe(raised.value, "en")
