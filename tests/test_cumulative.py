"""Six months, nine months and the year (plan-and-year.md, "Figures over several quarters"), figures by hand."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import date

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from core.catalogs import default_catalogs
from core.periods import (
    Period,
    PeriodCodeError,
    Span,
    canonical_code,
    is_span,
    last_day_of,
    offered_periods,
    quarters_of,
    same_kind,
    time_order,
)
from core.vocabulary import COUNT
from demo.load import load_demo
from metrics import views
from metrics.cumulative import latest_tasks, task_keys
from metrics.summary import period_summary
from pipeline.plans import plan_completion_table
from storage.frames import load_frames
from storage.open import open_database
from tests.metrics_factories import indicator, make_frames, score, submission, survey, task, unit

Q1, Q2, Q3, H1 = "2026-Q1", "2026-Q2", "2026-Q3", "2026-H1"
ON_TIME = {Q1: "2026-03-10 09:00", Q2: "2026-06-10 09:00", Q3: "2026-09-10 09:00"}  # default deadlines: the 20th
C = default_catalogs()


def reported(units=("A",), quarters=(Q1, Q2), **records):
    """Frames where each of `units` (active throughout) reports each of `quarters` on time."""
    subs = [submission(u, q, ON_TIME[q]) for u in units for q in quarters]
    return make_frames(units=[unit(u) for u in units], submissions=subs, **records)


def row(table: pd.DataFrame, column: str, key: str) -> pd.Series:
    return table.loc[table[column].eq(key).to_numpy()].iloc[0]


# ---------------------------------------------------------------- tasks


SCENARIO = [
    task("A", Q1, "2026-03-15", "in_progress", code="KH-1"),
    task("A", Q2, "2026-03-15", "done", "2026-04-10", code="KH-1"),  # done, late
    task("A", Q1, "2026-03-01", "not_started", content="Báo cáo quá hạn"),  # dropped from the Q2 report
    task("A", Q1, "2026-02-01", "in_progress", content="Niêm yết TTHC"),
    task("A", Q2, "2026-02-01", "done", "2026-02-01", content="niêm  yết tthc"),  # the same task, on time
    task("A", Q1, "2026-04-30", "in_progress", content="Kiểm tra"),  # Q1 only, due after Q1's end
    task("A", Q1, "2026-06-30", "not_started", content="Sao y"),  # two identical rows: two tasks
    task("A", Q1, "2026-06-30", "not_started", content="Sao y"),
    task("A", Q2, "2026-06-30", "done", "2026-05-01", content="Sao y"),
    task("A", Q2, "2026-06-30", "not_started", content="Sao y"),
]


def test_a_span_counts_each_distinct_task_once_with_its_latest_status():
    frames = reported(tasks=SCENARIO)
    span = row(views.school_table(frames, C, H1), "unit_code", "A")
    # KH-1 done, Báo cáo quá hạn not started (kept from Q1), Niêm yết done, Kiểm tra in progress, Sao y done + not:
    # 6 tasks (not the 10 rows), 3 done → 50 %; on time: Niêm yết and Sao y, not KH-1 → 2/3;
    # overdue at 2026-06-30: Báo cáo quá hạn (03-01) and Kiểm tra (04-30); Sao y's 06-30 is not before it.
    assert (span["tasks"], span["done"], span["overdue"]) == (6, 3, 2)
    assert span["completion_rate"] == 50.0
    assert span["on_time_rate"] == pytest.approx(200 / 3)
    # Q2 alone, without the dropped task: KH-1, Niêm yết, Sao y ×2 → 3 / 4 done, nothing overdue.
    q2 = row(views.school_table(frames, C, Q2), "unit_code", "A")
    assert (q2["tasks"], q2["done"], q2["overdue"], q2["completion_rate"]) == (4, 3, 0, 75.0)


def test_overdue_is_judged_at_the_spans_last_day():
    frames = reported(tasks=SCENARIO)
    q1 = views.overdue_list(frames, C, Q1)  # at 03-31: KH-1, Báo cáo quá hạn, Niêm yết; Kiểm tra (04-30) not yet
    assert "Kiểm tra" not in set(q1["content"]) and len(q1) == 3
    span = views.overdue_list(frames, C, H1)
    # 2026-06-30 − 2026-03-01 = 30 + 30 + 31 + 30 = 121 days; − 2026-04-30 = 31 + 30 = 61 days
    assert dict(zip(span["content"], span["days_late"], strict=True)) == {"Báo cáo quá hạn": 121, "Kiểm tra": 61}


def test_tasks_are_followed_by_code_else_by_folded_content():
    rows = pd.DataFrame(
        {
            "task": ["KH-1", None, None, None, None],
            "content": ["Niêm yết TTHC", "Niêm yết TTHC", "niêm  yết tthc", "NIEM YET TTHC", "Niêm yết giá"],
        }
    )
    keys = task_keys(rows).tolist()
    assert keys[0] == "KH-1"  # a linked task by its code, whatever its text
    assert keys[1] == keys[2] == keys[3] != keys[4] and keys[1].startswith("~")


def test_identical_rows_of_one_report_stay_apart():
    rows = pd.DataFrame(
        {
            "submission_id": [1, 1, 2],
            "row": [5, 6, 5],
            "unit_code": ["A"] * 3,
            "period": [Q1, Q1, Q2],
            "task": ["~x"] * 3,
            "status": ["not_started", "not_started", "done"],
        }
    )
    latest = latest_tasks(rows)  # Q2's row is the latest of the first; the second keeps its Q1 row
    assert sorted(zip(latest["period"], latest["status"], strict=True)) == [(Q1, "not_started"), (Q2, "done")]


STATUS = st.sampled_from([None, "done", "in_progress", "not_started"])  # None: not listed that quarter


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(STATUS, STATUS).filter(lambda pair: pair != (None, None)), min_size=1, max_size=6))
def test_the_spans_done_count_is_the_tasks_last_listed_done(listings):
    rows = []
    for n, statuses in enumerate(listings):
        for period, status in zip((Q1, Q2), statuses, strict=True):
            if status:  # an unplanned task's text typed differently each quarter, a planned one by code
                content = f"Việc số {n}" if period == Q1 else f"  VIỆC SỐ {n} "
                done_on, code = "2026-06-01" if status == "done" else None, f"KH-{n}" if n % 2 else None
                rows.append(task("A", period, "2026-06-30", status, done_on, content=content, code=code))
    figures = row(views.trend(reported(tasks=rows), C, [H1]), "period", H1)
    last = [q2 or q1 for q1, q2 in listings]
    assert figures["tasks"] == len(listings)
    assert figures["done"] == last.count("done")
    assert 0 <= figures["completion_rate"] <= 100


# ---------------------------------------------------------------- indicators, satisfaction, PAR


def test_indicators_sum_results_and_totals_over_the_quarters():
    assert C.indicators["TIN_BAI_CCHC"].kind == COUNT and C.indicators["TIN_BAI_CCHC"].target == 3
    records = [
        indicator("A", Q1, "TTHC_DUNG_HAN", 9, 10),
        indicator("A", Q2, "TTHC_DUNG_HAN", 1, 2),
        indicator("A", Q1, "TIN_BAI_CCHC", 2),
        indicator("A", Q2, "TIN_BAI_CCHC", 3),
    ]
    frames = reported(indicators=records)
    table = views.indicator_table(frames, C, H1)
    rate, count = row(table, "code", "TTHC_DUNG_HAN"), row(table, "code", "TIN_BAI_CCHC")
    assert (rate["result"], rate["total"]) == (10, 12)
    assert rate["value"] == pytest.approx(1000 / 12)  # 83.33, not the mean of 90 and 50
    assert (count["value"], bool(count["met"])) == (5, True)  # 2 + 3 ≥ 3, though Q1's 2 alone misses it
    assert not bool(row(views.indicator_table(frames, C, Q1), "code", "TIN_BAI_CCHC")["met"])


def test_a_rate_row_without_its_total_counts_in_neither_sum_over_a_span():
    frames = reported(indicators=[indicator("A", Q1, "TTHC_DUNG_HAN", 5), indicator("A", Q2, "TTHC_DUNG_HAN", 8, 10)])
    assert pd.isna(row(views.indicator_table(frames, C, Q1), "code", "TTHC_DUNG_HAN")["value"])  # as for a quarter
    assert row(views.indicator_table(frames, C, H1), "code", "TTHC_DUNG_HAN")["value"] == 80.0


def test_satisfaction_sums_the_answers_then_applies_the_quarters_formula():
    answers = [
        survey("A", Q1, "TIEP_CAN", [0, 1, 1, 2, 0]),
        survey("A", Q2, "TIEP_CAN", [0, 0, 0, 6, 10]),
        survey("A", Q1, "TTHC", [1, 0, 0, 0, 1]),
    ]
    frames = reported(satisfaction=answers)
    table = views.dimension_table(frames, C, H1, None)
    access, procedures = row(table, "dimension", "TIEP_CAN"), row(table, "dimension", "TTHC")
    assert (access["answers"], access["satisfied_answers"]) == (20, 18)
    assert access["pct"] == 90.0  # 18 / 20, not the mean of 50 and 100
    assert access["very_satisfied"] == 50.0  # 10 of 20 answers
    assert procedures["pct"] == 50.0  # Q1's 1 of 2
    assert row(views.trend(frames, C, [H1]), "period", H1)["satisfaction"] == 70.0  # (90 + 50) / 2


@pytest.mark.parametrize("span", ["2026-H1", "2026-9M", "2026"])
def test_the_par_score_is_the_latest_self_assessment(span):
    # B reports Q2 too, without a self-assessment
    records = [score("A", Q1, "CDDH", 5), score("A", Q2, "CDDH", 8, appraised_points=9), score("B", Q1, "TTHC", 7)]
    frames = reported(units=("A", "B"), self_assessment=records)
    table = views.par_school_table(frames, C, span)
    # A: appraised 9 / 10 in Q2 (not Q1's 5); B keeps Q1's 7 / 14
    assert dict(zip(table["unit_code"], table["score"], strict=True)) == {"A": 90.0, "B": 50.0}
    assert table["rank_label"].tolist() == ["1/2", "2/2"]
    assert row(views.trend(frames, C, [span]), "period", span)["par_score"] == pytest.approx(1600 / 24)  # 16 / 24


# ---------------------------------------------------------------- reporting


def test_reports_expected_are_units_times_quarters():
    units = [unit("A"), unit("B", active_from=Q2), unit("C", active_to=Q1)]
    subs = [
        submission("A", Q1, "2026-03-18 09:00"),
        submission("A", Q2, "2026-06-25 09:00"),  # Q2 late
        submission("B", Q1, "2026-03-10 09:00"),
        submission("B", Q2, "2026-06-01 09:00"),
    ]
    tasks = [
        task("B", Q1, "2026-03-01", "done", "2026-03-01", content="X"),  # B not expected in Q1
        task("B", Q2, "2026-06-01", "in_progress", content="Y"),
    ]
    frames = make_frames(units=units, submissions=subs, tasks=tasks)
    status = views.reporting_status(frames, C, H1)
    # A in Q1 and Q2, B in Q2 only, C in Q1 only; B's Q1 report was not expected and has no row
    pairs = sorted(zip(status["unit_code"], status["quarter"], strict=True))
    assert pairs == [("A", Q1), ("A", Q2), ("B", Q2), ("C", Q1)]
    assert set(status["period"]) == {H1}
    summary = period_summary(frames, C, H1)
    # expected 2 + 1 + 1 = 4; submitted A×2 + B = 3 (75 %); on time A Q1 and B Q2 = 2 (50 %)
    assert summary["submission"] == {"expected": 4, "submitted": 3, "rate": 75.0, "on_time": 2, "on_time_rate": 50.0}
    b = next(u for u in summary["units"] if u["unit_code"] == "B")
    assert (b["tasks"], b["done"], b["overdue"]) == (1, 0, 1)  # only Y, due 06-01: B's Q1 task X counts nowhere
    assert not next(u for u in summary["units"] if u["unit_code"] == "C")["reported"]


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("quarters", "offered"),
    [
        ([Q1], [Q1]),
        ([Q2, Q1], [Q1, Q2, H1]),
        ([Q1, Q2, Q3], [Q1, Q2, H1, Q3, "2026-9M"]),
        ([Q3], [Q3, "2026-9M"]),  # six months need a report of Q1 or Q2
        (["2025-Q4", Q1], ["2025-Q4", "2025", Q1]),
    ],
)
def test_offered_periods(quarters, offered):
    assert offered_periods(quarters) == offered


def test_time_order_kind_and_calendar():
    codes = ["2026", "2026-Q4", H1, Q1, "2025", "2026-9M", Q2, Q3]
    assert sorted(codes, key=time_order) == ["2025", Q1, Q2, H1, Q3, "2026-9M", "2026-Q4", "2026"]
    assert same_kind(Q1, "2025-Q4") and same_kind(H1, "2025-H1") and same_kind("2026", "2025")
    assert not same_kind(H1, Q2) and not same_kind(H1, "2026-9M") and not same_kind("2026", Q1)
    assert [is_span(c) for c in (H1, "2026-9M", "2026", Q1)] == [True, True, True, False]
    assert [p.code for p in quarters_of("2026-9M")] == [Q1, Q2, Q3]
    ends = [last_day_of(code) for code in (H1, "2026-9M", "2026")]
    assert ends == [date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]
    assert canonical_code(" 2026-9M ") == "2026-9M"
    assert (canonical_code(Span(2026, 4)), canonical_code(Period(2026, 2))) == ("2026", Q2)


@pytest.mark.parametrize("code", ["2026-H3", "2026-Q5", "26-H1", "2026-Q1-H1"])
def test_canonical_code_refuses_what_is_no_period(code):
    with pytest.raises(PeriodCodeError):
        canonical_code(code)


# ---------------------------------------------------------------- the demo office, through cli.py


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cumulative") / "demo.sqlite3"
    engine = open_database(f"sqlite:///{path}")
    load_demo(engine)
    engine.dispose()
    return f"sqlite:///{path}"


def summary_json(period: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["summary", "--period", period, "--json"]) == 0
    return json.loads(out.getvalue())


def pooled_plan(demo_url: str, period: str) -> float:
    engine = open_database(demo_url)
    table = plan_completion_table(engine, period)
    engine.dispose()
    return table["done"].sum() / table["due"].sum() * 100


def test_cli_summary_of_six_months(demo_url, monkeypatch):
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    q1, q2, span = summary_json(Q1), summary_json(Q2), summary_json(H1)
    assert q1["submission"]["expected"] == q2["submission"]["expected"] > 0  # the demo's units report all year
    assert span["submission"]["expected"] == 2 * q1["submission"]["expected"]
    for key in ("submitted", "on_time"):
        assert span["submission"][key] == q1["submission"][key] + q2["submission"][key]
    assert span["overall"]["plan_completion"] == round(pooled_plan(demo_url, H1), 2)


def test_cli_export_of_the_year(demo_url, monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    out = tmp_path / "nam.xlsx"
    assert cli.main(["export", "--period", "2026", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert {"Kế hoạch", "Tổng hợp", "Nộp báo cáo"} <= set(book.sheetnames)
    plan = list(book["Kế hoạch"].iter_rows(values_only=True))
    rate = next(r for r in plan if "STT" in r).index("Tỷ lệ hoàn thành kế hoạch")
    assert next(r for r in plan if "Tổng cộng" in r)[rate] == pytest.approx(pooled_plan(demo_url, "2026") / 100)
    labels = {r[1]: r[2] for r in book["Tổng hợp"].iter_rows(values_only=True) if isinstance(r[0], int)}
    engine = open_database(demo_url)
    quarters = views.reporting_by_period(load_frames(engine), C, [f"2026-Q{n}" for n in range(1, 5)])
    engine.dispose()
    assert labels["Số báo cáo quý phải nộp (đơn vị × quý)"] == quarters["expected"].sum()
    assert any("Kỳ báo cáo" in r for r in book["Nộp báo cáo"].iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["summary", "--period", "2026-H3", "--json"], "Kỳ không hợp lệ"),
        (["export", "--period", "2026-H3"], "Kỳ không hợp lệ"),
        (["export", "--period", H1, "--compare", Q1], "hai kỳ phải cùng loại"),
    ],
)
def test_cli_usage_errors(demo_url, monkeypatch, tmp_path, capsys, argv, message):
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    out = tmp_path / "x.xlsx"
    assert cli.main([*argv, *(["--out", str(out)] if argv[0] == "export" else [])]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
