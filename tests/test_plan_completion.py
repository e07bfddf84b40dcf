"""Plan completion: done plan tasks over plan tasks due, each task's latest status in the period."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.plan_completion import plan_completion, pooled
from tests.test_continuity import plan, reported

PLAN = plan(
    ("TH01", "A", "Ban hành kế hoạch", "2026-03-31"),
    ("TH01", "B", "Niêm yết TTHC", None),
    ("TH01", "C", "Số hóa hồ sơ", "2026-06-30"),
    ("TH01", "D", "Khảo sát hài lòng", "2026-11-30"),
    ("TH02", "X", "Dùng thư công vụ", "2026-06-30"),
)


def test_the_latest_status_in_the_period_counts_and_a_task_not_reported_is_not_done():
    rows = reported(
        ("TH01", "2026-Q1", 4, "A", "Ban hành kế hoạch", "2026-03-31", "done"),
        ("TH01", "2026-Q1", 5, "B", "Niêm yết TTHC", "2026-03-31", "done"),
        ("TH01", "2026-Q2", 5, "B", "Niêm yết TTHC", "2026-06-30", "in_progress"),  # latest: not done
        ("TH01", "2026-Q2", 6, "C", "Số hóa hồ sơ", "2026-06-30", "done"),
        ("TH01", "2026-Q2", 7, None, "Tập huấn", "2026-06-30", "done"),  # unplanned: not in the plan's figure
    )
    half = plan_completion(PLAN, rows, ["2026-Q1", "2026-Q2"], date(2026, 6, 30))
    assert half.to_dict("records") == [
        {"unit_code": "TH01", "due": 3, "done": 2, "plan_completion": 2 / 3 * 100},  # A, C done; B gone back
        {"unit_code": "TH02", "due": 1, "done": 0, "plan_completion": 0.0},  # X not reported: not done
    ]
    assert pooled(half) == 2 / 4 * 100
    quarter = plan_completion(PLAN, rows, ["2026-Q2"], date(2026, 6, 30))
    assert quarter.loc[quarter["unit_code"].eq("TH01"), "done"].item() == 1  # A was reported in Q1 only


def test_nothing_due_is_no_rate_and_no_pooled_figure():
    table = plan_completion(PLAN.iloc[3:4], reported(), ["2026-Q1"], date(2026, 3, 31))
    assert table["due"].tolist() == [0] and pd.isna(table["plan_completion"].item())
    assert pooled(table) is None


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["TH01", "TH02"]), st.sampled_from("ABCDX"),
                          st.sampled_from(["2026-Q1", "2026-Q2"]), st.sampled_from(["done", "in_progress"])),
                max_size=12))  # fmt: skip
def test_rates_stay_within_0_and_100_and_pooled_is_the_sum_of_done_over_the_sum_of_due(lines):
    rows = reported(*[(u, q, 4 + n, c, c, "2026-06-30", s) for n, (u, c, q, s) in enumerate(lines)])
    table = plan_completion(PLAN, rows, ["2026-Q1", "2026-Q2"], date(2026, 6, 30))
    rates = table["plan_completion"].dropna()
    assert ((rates >= 0) & (rates <= 100)).all()
    assert (table["done"] <= table["due"]).all()
    assert pooled(table) == table["done"].sum() / table["due"].sum() * 100


def test_periods_over_several_quarters_and_their_names():
    import pytest

    from core import formatting as fmt
    from core.periods import quarters_of, span_from_code

    assert [q.code for q in quarters_of("2026-H1")] == ["2026-Q1", "2026-Q2"]
    assert [q.code for q in quarters_of("2026-9M")] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert [q.code for q in quarters_of("2026")] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [q.code for q in quarters_of("2026-Q3")] == ["2026-Q3"]
    assert span_from_code("2026-9M").last_day == date(2026, 9, 30) and span_from_code("2026").code == "2026"
    assert [fmt.quarter(c) for c in ("2026-H1", "2026-9M", "2026")] == [
        "6 tháng đầu năm 2026",
        "9 tháng năm 2026",
        "Năm 2026",
    ]
    assert fmt.quarter("2026-H1", "en") == "First half of 2026"
    for bad in ("2026-H3", "26", "2026-Q5"):
        with pytest.raises(ValueError):
            quarters_of(bad)


def test_plan_completion_of_the_first_half_from_the_stored_plans_and_reports(tmp_path):
    from demo.load import load_demo
    from pipeline.plans import plan_completion_table
    from storage.open import open_database

    engine = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    load_demo(engine)
    half, q2 = plan_completion_table(engine, "2026-H1"), plan_completion_table(engine, "2026-Q2")
    assert half["unit_code"].tolist() == q2["unit_code"].tolist()
    assert (half["due"] == q2["due"]).all()  # the same tasks are due by 30/06 either way
    assert (half["done"] >= q2["done"]).all()  # a task done in Q1 and not listed in Q2 still counts for H1
    assert pooled(half) >= pooled(q2)
