"""The metrics against hand-computed figures (spec: docs "Metrics" of the report workbook)."""

from __future__ import annotations

import copy
import json
import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.catalogs import Catalog, Indicator, default_catalogs
from metrics.indicators import indicator_attainment, indicator_values
from metrics.par import par_field_scores, par_scores
from metrics.ranking import rank_label, rank_with_ties, rank_within
from metrics.reporting import (
    deadline_for,
    expected_units,
    late_reports,
    missing_reports,
    reporting_rates,
    submission_status,
)
from metrics.satisfaction import (
    overall_satisfaction,
    satisfaction_by_dimension,
    satisfaction_distribution,
)
from metrics.summary import period_summary
from metrics.tasks import overdue_tasks, pool_task_stats, task_stats, task_totals
from tests.metrics_factories import (
    indicator,
    make_frames,
    quarter,
    score,
    submission,
    survey,
    task,
    tasks_of,
    unit,
)

Q1, Q2 = "2025-Q1", "2025-Q2"  # Q2: last day 2025-06-30, default deadline 2025-06-20


def by_unit(df: pd.DataFrame, column: str) -> dict:
    return dict(zip(df["unit_code"], df[column], strict=True))


def nan_to_none(values: dict) -> dict:
    return {k: None if pd.isna(v) else v for k, v in values.items()}


# ---------------------------------------------------------------- tasks


def test_completion_is_pooled_not_averaged():
    frames = make_frames(tasks=tasks_of("A", Q2, 1, 1) + tasks_of("B", Q2, 1, 3))
    per_unit = task_stats(frames.tasks)
    assert by_unit(per_unit, "tasks") == {"A": 1, "B": 3}
    assert by_unit(per_unit, "done") == {"A": 1, "B": 1}
    assert by_unit(per_unit, "completion_rate") == {"A": 100.0, "B": pytest.approx(100 / 3)}

    pooled = pool_task_stats(per_unit).iloc[0]
    assert pooled["completion_rate"] == 50.0  # 2 / 4, not (100 + 33.33) / 2 = 66.67
    assert per_unit["completion_rate"].mean() == pytest.approx(66.6667, abs=1e-4)
    # Pooling from the raw rows gives the same as pooling the per-unit counts.
    assert task_stats(frames.tasks, by=("period",)).iloc[0]["completion_rate"] == 50.0


def test_on_time_rate_counts_done_on_or_before_deadline():
    frames = make_frames(
        tasks=[
            task("A", Q2, "2025-05-10", "done", "2025-05-10"),  # on the deadline day: on time
            task("A", Q2, "2025-05-10", "done", "2025-05-09"),  # early
            task("A", Q2, "2025-05-10", "done", "2025-05-11"),  # a day late
            task("A", Q2, "2025-05-10", "in_progress"),  # not done: not in the denominator
        ]
    )
    row = task_stats(frames.tasks).iloc[0]
    assert (row["tasks"], row["done"], row["done_on_time"]) == (4, 3, 2)
    assert row["completion_rate"] == 75.0
    assert row["on_time_rate"] == pytest.approx(200 / 3)


def test_on_time_rate_is_none_when_nothing_is_done():
    frames = make_frames(tasks=[task("A", Q2, "2025-06-01", "not_started"), task("A", Q2, "2025-06-30", "in_progress")])
    stats = task_stats(frames.tasks)
    assert stats.iloc[0]["completion_rate"] == 0.0
    assert math.isnan(stats.iloc[0]["on_time_rate"])
    totals = task_totals(stats)
    assert totals == {
        "tasks": 2,
        "done": 0,
        "done_on_time": 0,
        "overdue": 1,
        "completion_rate": 0.0,
        "on_time_rate": None,
    }
    assert task_totals(task_stats(make_frames().tasks))["completion_rate"] is None


def test_overdue_boundary_is_the_quarters_last_day():
    frames = make_frames(
        tasks=[
            task("A", Q2, "2025-06-30", "not_started"),  # deadline == last day: not overdue
            task("A", Q2, "2025-06-29", "in_progress"),  # overdue by 1 day
            task("A", Q2, "2025-04-30", "not_started"),  # overdue by 61 days
            task("A", Q2, "2025-04-30", "done", "2025-06-01"),  # done (late): never overdue
            task("A", Q1, "2025-03-30", "not_started"),  # Q1 ends 2025-03-31: overdue by 1 day
        ]
    )
    stats = task_stats(frames.tasks)
    assert by_unit(stats[stats["period"] == Q2], "overdue") == {"A": 2}
    assert by_unit(stats[stats["period"] == Q1], "overdue") == {"A": 1}

    late = overdue_tasks(frames.tasks)
    assert list(zip(late["period"], late["days_late"], strict=True)) == [(Q2, 61), (Q2, 1), (Q1, 1)]
    assert list(late["reference_date"].dt.date) == [date(2025, 6, 30), date(2025, 6, 30), date(2025, 3, 31)]

    # As of a date inside the quarter only what is already late counts.
    as_of = date(2025, 5, 15)
    assert task_stats(frames.tasks[frames.tasks["period"] == Q2], as_of=as_of).iloc[0]["overdue"] == 1
    late_then = overdue_tasks(frames.tasks[frames.tasks["period"] == Q2], as_of=as_of)
    assert list(late_then["days_late"]) == [15]


def test_task_figures_by_par_field_and_by_registry_columns():
    frames = make_frames(
        units=[unit("A", ward="P1"), unit("B", ward="P1"), unit("C", ward="P2")],
        tasks=[
            task("A", Q2, "2025-06-01", "done", "2025-06-01", field="TTHC"),
            task("A", Q2, "2025-06-01", "not_started", field="CDS"),
            task("B", Q2, "2025-06-01", "done", "2025-06-05", field="TTHC"),
            task("C", Q2, "2025-06-01", "done", "2025-06-01", field="CDS"),
        ],
    )
    per_field = task_stats(frames.tasks, by=("unit_code", "period", "field"))
    assert list(zip(per_field["unit_code"], per_field["field"], per_field["done"], strict=True)) == [
        ("A", "CDS", 0),
        ("A", "TTHC", 1),
        ("B", "TTHC", 1),
        ("C", "CDS", 1),
    ]
    pooled_field = task_stats(frames.tasks, by=("period", "field")).set_index("field")
    assert pooled_field.loc["TTHC", "on_time_rate"] == 50.0
    assert pooled_field.loc["CDS", "completion_rate"] == 50.0

    by_ward = task_stats(frames.tasks, by=("period", "ward"), units=frames.units).set_index("ward")
    assert by_ward.loc["P1", ["tasks", "done", "done_on_time", "overdue"]].tolist() == [3, 2, 1, 1]
    assert by_ward.loc["P2", "completion_rate"] == 100.0
    with pytest.raises(KeyError):
        task_stats(frames.tasks, by=("ward",))


def test_functions_do_not_change_their_inputs():
    frames = fixture_frames()
    before = copy.deepcopy(frames)
    period_summary(frames, default_catalogs(), Q2)
    task_stats(frames.tasks, by=("period", "level"), units=frames.units)
    overdue_tasks(frames.tasks)
    indicator_values(frames.indicators)
    par_field_scores(frames.self_assessment)
    satisfaction_distribution(frames.satisfaction)
    for name in ("units", "quarters", "submissions", "tasks", "indicators", "satisfaction", "self_assessment"):
        pd.testing.assert_frame_equal(getattr(frames, name), getattr(before, name))


# ---------------------------------------------------------------- indicators


def test_rate_and_count_indicators_per_unit_and_pooled():
    frames = make_frames(
        indicators=[
            indicator("A", Q2, "TTHC_DUNG_HAN", 9, 10),
            indicator("B", Q2, "TTHC_DUNG_HAN", 1, 2),
            indicator("A", Q2, "TIN_BAI_CCHC", 4),
            indicator("B", Q2, "TIN_BAI_CCHC", 2),
            indicator("A", Q2, "TAP_HUAN_CCHC", 12),
            indicator("A", Q2, "GIAI_NGAN", 0, 0),  # nothing planned: no rate
            indicator("A", Q2, "NOT_IN_CATALOG", 1, 1),
        ]
    )
    values = indicator_values(frames.indicators)
    a = values[values["unit_code"] == "A"]
    # catalog order within a unit; unknown codes left out
    assert list(a["code"]) == ["TTHC_DUNG_HAN", "GIAI_NGAN", "TIN_BAI_CCHC", "TAP_HUAN_CCHC"]
    assert nan_to_none(dict(zip(a["code"], a["value"], strict=True))) == {
        "TTHC_DUNG_HAN": 90.0,
        "GIAI_NGAN": None,
        "TIN_BAI_CCHC": 4.0,
        "TAP_HUAN_CCHC": 12.0,
    }
    met = dict(zip(a["code"], a["met"].tolist(), strict=True))
    assert met["TTHC_DUNG_HAN"] is False  # 90 < 100
    assert met["TIN_BAI_CCHC"] is True  # 4 ≥ 3
    assert met["TAP_HUAN_CCHC"] is pd.NA  # no target
    assert met["GIAI_NGAN"] is pd.NA  # no value

    pooled = indicator_values(frames.indicators, by=("period",)).set_index("code")
    assert pooled.loc["TTHC_DUNG_HAN", "value"] == pytest.approx(1000 / 12)  # 10 / 12, not mean 70
    assert pooled.loc["TIN_BAI_CCHC", "value"] == 6.0  # Σ counts
    assert math.isnan(pooled.loc["TIN_BAI_CCHC", "total"])
    assert pooled.loc["TTHC_DUNG_HAN", "reports"] == 2


def test_met_follows_the_direction_and_target_none_gives_none():
    catalog = Catalog(
        {
            "LOI": Indicator("LOI", "Hồ sơ trễ hạn", "rate", 5.0, "lower", "Trễ", "Tổng"),
            "TIN": Indicator("TIN", "Tin bài", "count", None, "higher", "Số tin", ""),
        }
    )
    assert catalog["TIN"].is_met(10) is None
    frames = make_frames(
        indicators=[
            indicator("A", Q2, "LOI", 1, 50),  # 2 % ≤ 5 %: met
            indicator("B", Q2, "LOI", 3, 20),  # 15 %: not met
            indicator("A", Q2, "TIN", 10),
        ]
    )
    values = indicator_values(frames.indicators, catalog)
    assert list(zip(values["unit_code"], values["code"], values["met"].tolist(), strict=True)) == [
        ("A", "LOI", True),
        ("A", "TIN", pd.NA),
        ("B", "LOI", False),
    ]
    attainment = indicator_attainment(values).set_index("code")
    assert attainment.loc["LOI", ["units", "met", "not_met"]].tolist() == [2, 1, 1]
    assert attainment.loc["TIN", "units"] == 1
    assert attainment.loc["TIN", "met"] is pd.NA


# ---------------------------------------------------------------- satisfaction


def test_satisfaction_overall_is_the_mean_of_dimensions():
    frames = make_frames(
        satisfaction=[
            survey("A", Q2, "TIEP_CAN", (0, 1, 1, 5, 3)),  # 8 / 10 = 80
            survey("A", Q2, "TTHC", (0, 0, 2, 4, 4)),  # 8 / 10 = 80
            survey("A", Q2, "KET_QUA", (1, 1, 2, 3, 3)),  # 6 / 10 = 60
            survey("B", Q2, "TIEP_CAN", (2, 2, 4, 6, 6)),  # 12 / 20 = 60
            survey("B", Q2, "TTHC", (0, 0, 0, 10, 10)),  # 20 / 20 = 100
        ]
    )
    dims = satisfaction_by_dimension(frames.satisfaction)
    a = dims[dims["unit_code"] == "A"].set_index("dimension")["pct"]
    assert a.to_dict() == {"KET_QUA": 60.0, "TIEP_CAN": 80.0, "TTHC": 80.0}
    overall = overall_satisfaction(frames.satisfaction)
    assert by_unit(overall, "satisfaction") == {"A": pytest.approx(220 / 3), "B": 80.0}

    pooled = satisfaction_by_dimension(frames.satisfaction, by=("period",)).set_index("dimension")["pct"]
    assert pooled.to_dict() == {
        "KET_QUA": 60.0,
        "TIEP_CAN": pytest.approx(200 / 3),  # (8 + 12) / (10 + 20)
        "TTHC": pytest.approx(280 / 3),  # (8 + 20) / (10 + 20)
    }
    office = overall_satisfaction(frames.satisfaction, by=("period",)).iloc[0]
    assert office["satisfaction"] == pytest.approx(220 / 3)  # mean of the pooled dimensions
    assert office["dimensions"] == 3
    assert overall["satisfaction"].mean() == pytest.approx(230 / 3)  # not this


def test_satisfaction_distribution_shares():
    frames = make_frames(
        satisfaction=[
            survey("A", Q2, "TIEP_CAN", (1, 1, 2, 4, 2)),
            survey("B", Q2, "TIEP_CAN", (1, 1, 0, 6, 2)),
            survey("B", Q2, "GOP_Y", (0, 0, 0, 0, 0)),
        ]
    )
    shares = satisfaction_distribution(frames.satisfaction).set_index("dimension")
    row = shares.loc["TIEP_CAN"]
    assert row["answers"] == 20
    assert row[["very_dissatisfied", "dissatisfied", "neutral", "satisfied", "very_satisfied"]].tolist() == [
        10.0,
        10.0,
        10.0,
        50.0,
        20.0,
    ]
    assert shares.loc["GOP_Y", ["neutral", "satisfied"]].isna().all()
    assert math.isnan(satisfaction_by_dimension(frames.satisfaction).set_index("dimension").loc["GOP_Y", "pct"])


# ---------------------------------------------------------------- PAR


def test_par_score_takes_appraised_over_self_points():
    frames = make_frames(
        self_assessment=[
            score("A", Q2, "CDDH", 8, appraised_points=7),  # max 10, counts 7
            score("A", Q2, "TTHC", 12),  # max 14, no appraisal: counts 12
            score("B", Q2, "TACDONG", 25, appraised_points=27),  # max 30
            score("B", Q2, "CDS", 10),  # max 12
        ]
    )
    scores = par_scores(frames.self_assessment)
    assert by_unit(scores, "points") == {"A": 19.0, "B": 37.0}
    assert by_unit(scores, "max_points") == {"A": 24.0, "B": 42.0}  # only the fields reported
    assert by_unit(scores, "score") == {"A": pytest.approx(1900 / 24), "B": pytest.approx(3700 / 42)}
    pooled = par_scores(frames.self_assessment, by=("period",)).iloc[0]
    assert pooled["score"] == pytest.approx(5600 / 66)  # Σ points / Σ max

    fields = par_field_scores(frames.self_assessment, by=("unit_code",))
    a = fields[fields["unit_code"] == "A"]
    assert list(a["field"]) == ["CDDH", "TTHC"]  # catalog order
    assert a["gap"].tolist() == [3.0, 2.0]
    pooled_fields = par_field_scores(frames.self_assessment, by=("period",)).set_index("field")
    assert pooled_fields.loc["TACDONG", ["points", "max_points", "gap"]].tolist() == [27.0, 30.0, 3.0]


# ---------------------------------------------------------------- ranking


def test_ranks_share_ties_and_skip():
    values = pd.Series([80.0, 95.5, 80.0, None, 70.0], index=list("abcde"))
    ranks = rank_with_ties(values)
    assert ranks.dtype == "Int64"
    assert ranks.tolist() == [2, 1, 2, pd.NA, 4]
    assert rank_with_ties(pd.Series([90.0, 80.0, 80.0, 70.0])).tolist() == [1, 2, 2, 4]
    assert rank_label(2, 63) == "2/63"
    assert rank_label(None, 63) is None
    assert rank_label(pd.NA, 63) is None


def test_rank_within_groups():
    df = pd.DataFrame({"ward": ["P1", "P1", "P1", "P2", "P2"], "rate": [50.0, 70.0, 50.0, None, 10.0]})
    ranked = rank_within(df, "rate", by=("ward",))
    assert ranked["rank"].tolist() == [2, 1, 2, pd.NA, 1]
    assert ranked["rank_of"].tolist() == [3, 3, 3, pd.NA, 1]
    assert rank_within(df, "rate")["rank"].tolist() == [2, 1, 2, pd.NA, 4]


# ---------------------------------------------------------------- reporting


def test_expected_units_follow_the_active_quarters():
    units = make_frames(
        units=[
            unit("A"),
            unit("B", active_from="2025-Q3"),  # not yet
            unit("C", active_to="2025-Q1"),  # closed before
            unit("D", active_from="2025-Q2", active_to="2025-Q2"),  # exactly this quarter
            unit("E", active_from="2024-Q4", active_to="2026-Q1"),
        ]
    ).units
    assert list(expected_units(units, Q2)["unit_code"]) == ["A", "D", "E"]
    assert list(expected_units(units, "2025-Q3")["unit_code"]) == ["A", "B", "E"]


def test_on_time_uses_the_first_accepted_submission():
    frames = make_frames(
        units=[unit("A"), unit("B"), unit("C"), unit("D"), unit("OLD", active_to="2025-Q1")],
        submissions=[
            # A: first report on time, replaced after the deadline: still on time
            submission("A", Q2, "2025-06-18 08:00", current=False),
            submission("A", Q2, "2025-06-25 10:00"),
            # B: the last minute of the deadline day counts
            submission("B", Q2, "2025-06-20 23:59"),
            # C: a day late
            submission("C", Q2, "2025-06-21 00:01"),
            # D: nothing for Q2, only Q1
            submission("D", Q1, "2025-03-10 09:00"),
            # OLD is not expected in Q2: its report counts nowhere
            submission("OLD", Q2, "2025-06-01 09:00"),
        ],
    )
    status = submission_status(frames.units, frames.submissions, Q2, frames.quarters)
    assert list(status["unit_code"]) == ["A", "B", "C", "D"]
    assert by_unit(status, "submitted") == {"A": True, "B": True, "C": True, "D": False}
    assert by_unit(status, "on_time") == {"A": True, "B": True, "C": False, "D": False}
    assert nan_to_none(by_unit(status, "submission_id")) == {"A": 2, "B": 3, "C": 4, "D": None}
    assert status["deadline"].tolist() == [date(2025, 6, 20)] * 4
    assert nan_to_none(by_unit(status, "days_late")) == {"A": -2, "B": 0, "C": 1, "D": None}

    rates = reporting_rates(status).iloc[0]
    assert rates[["expected", "submitted", "on_time"]].tolist() == [4, 3, 2]
    assert rates["rate"] == 75.0
    assert rates["on_time_rate"] == 50.0
    assert list(missing_reports(status)["unit_code"]) == ["D"]
    assert list(late_reports(status)["unit_code"]) == ["C"]


def test_deadline_set_for_a_quarter_overrides_the_default():
    frames = make_frames(
        units=[unit("A"), unit("B")],
        quarters=[quarter(Q2, "2025-06-25")],
        submissions=[submission("A", Q2, "2025-06-24 16:00"), submission("B", Q2, "2025-06-26 08:00")],
    )
    assert deadline_for(Q2, frames.quarters) == date(2025, 6, 25)
    assert deadline_for(Q1, frames.quarters) == date(2025, 3, 20)  # default: the 20th of the last month
    status = submission_status(frames.units, frames.submissions, [Q1, Q2], frames.quarters)
    q2 = status[status["period"] == Q2]
    assert by_unit(q2, "on_time") == {"A": True, "B": False}
    rates = reporting_rates(status).set_index("period")
    assert rates.loc[Q1, ["expected", "submitted"]].tolist() == [2, 0]
    assert rates.loc[Q1, "rate"] == 0.0
    assert rates.loc[Q2, "on_time_rate"] == 50.0


def test_rates_by_registry_column_and_nobody_expected():
    frames = make_frames(
        units=[unit("A", level="thcs"), unit("B", level="thcs"), unit("C", level="mam_non")],
        submissions=[submission("A", Q2, "2025-06-01 09:00")],
    )
    status = submission_status(frames.units, frames.submissions, Q2)
    by_level = reporting_rates(status, by=("level",)).set_index("level")
    assert by_level.loc["thcs", "rate"] == 50.0
    assert by_level.loc["mam_non", "rate"] == 0.0
    empty = submission_status(frames.units.iloc[0:0], frames.submissions, Q2)
    assert reporting_rates(empty, by=()).iloc[0][["expected", "submitted"]].tolist() == [0, 0]
    assert math.isnan(reporting_rates(empty, by=()).iloc[0]["rate"])


# ---------------------------------------------------------------- the quarter summary


def fixture_frames():
    """Three units expected in 2025-Q2 (C has not reported), an old unit D no longer expected."""
    return make_frames(
        units=[
            unit("A", "Trường Mầm non Hoa Sen", "mam_non"),
            unit("B", "Trường Tiểu học Lê Lợi", "tieu_hoc"),
            unit("C", "Trường THCS Nguyễn Du", "thcs"),
            unit("D", "Trường cũ", "thcs", active_to="2025-Q1"),
        ],
        submissions=[
            submission("A", Q1, "2025-03-12 09:00"),
            submission("A", Q2, "2025-06-18 08:00", current=False),  # first, on time
            submission("A", Q2, "2025-06-25 10:00"),  # current, after the deadline
            submission("B", Q2, "2025-06-21 07:00"),  # late
            submission("D", Q2, "2025-06-10 09:00"),  # not expected
        ],
        tasks=[
            task("A", Q2, "2025-06-15", "done", "2025-06-10", field="TTHC"),
            task("A", Q2, "2025-06-15", "done", "2025-06-20", field="CDS"),
            task("A", Q2, "2025-06-30", "in_progress", field="CDDH"),
            task("A", Q2, "2025-05-31", "not_started", field="CDDH"),
            task("B", Q2, "2025-04-30", "done", "2025-04-30"),
            task("B", Q2, "2025-05-15", "done", "2025-05-10"),
            task("B", Q2, "2025-06-01", "in_progress", field="CONGVU"),
            task("A", Q1, "2025-03-01", "not_started"),  # another quarter
            task("D", Q2, "2025-06-01", "not_started"),  # not expected
            task("D", Q2, "2025-06-01", "not_started"),
        ],
        indicators=[
            indicator("A", Q2, "TAP_HUAN_CCHC", 25),
            indicator("A", Q2, "TIN_BAI_CCHC", 4),
            indicator("A", Q2, "TTHC_DUNG_HAN", 18, 20),
            indicator("B", Q2, "TTHC_DUNG_HAN", 10, 10),
            indicator("B", Q2, "TTHC_TRUC_TUYEN", 7, 10),
            indicator("B", Q2, "TIN_BAI_CCHC", 2),
            indicator("D", Q2, "TTHC_DUNG_HAN", 0, 50),
        ],
        satisfaction=[
            survey("A", Q2, "KET_QUA", (1, 1, 2, 3, 3)),
            survey("A", Q2, "TIEP_CAN", (0, 1, 1, 5, 3)),
            survey("A", Q2, "TTHC", (0, 0, 2, 4, 4)),
            survey("B", Q2, "TIEP_CAN", (2, 2, 4, 6, 6)),
            survey("B", Q2, "TTHC", (0, 0, 0, 10, 10)),
            survey("D", Q2, "TIEP_CAN", (10, 0, 0, 0, 0)),
        ],
        self_assessment=[
            score("A", Q2, "CDDH", 8, appraised_points=7),
            score("A", Q2, "TTHC", 12),
            score("B", Q2, "TACDONG", 25, appraised_points=27),
            score("B", Q2, "CDS", 10),
            score("D", Q2, "CDS", 0),
        ],
    )


EXPECTED_SUMMARY = {
    "period": "2025-Q2",
    "submission": {"expected": 3, "submitted": 2, "rate": 66.67, "on_time": 1, "on_time_rate": 33.33},
    "overall": {
        "tasks": 7,
        "done": 4,
        "completion_rate": 57.14,  # 4 / 7
        "on_time_rate": 75.0,  # 3 / 4
        "overdue": 2,
        "satisfaction": 73.33,  # mean of 66.67, 93.33, 60
        "dimensions": {"TIEP_CAN": 66.67, "TTHC": 93.33, "KET_QUA": 60.0},
        "indicators": {"TTHC_DUNG_HAN": 93.33, "TTHC_TRUC_TUYEN": 70.0, "TIN_BAI_CCHC": 6, "TAP_HUAN_CCHC": 25},
        "par_score": 84.85,  # 56 / 66
    },
    "units": [
        {
            "unit_code": "A",
            "unit_name": "Trường Mầm non Hoa Sen",
            "level": "mam_non",
            "reported": True,
            "tasks": 4,
            "done": 2,
            "completion_rate": 50.0,
            "on_time_rate": 50.0,
            "overdue": 1,
            "satisfaction": 73.33,
            "dimensions": {"TIEP_CAN": 80.0, "TTHC": 80.0, "KET_QUA": 60.0},
            "indicators": {"TTHC_DUNG_HAN": 90.0, "TIN_BAI_CCHC": 4, "TAP_HUAN_CCHC": 25},
            "par_score": 79.17,  # 19 / 24
            "rank": 2,
            "rank_of": 2,
        },
        {
            "unit_code": "B",
            "unit_name": "Trường Tiểu học Lê Lợi",
            "level": "tieu_hoc",
            "reported": True,
            "tasks": 3,
            "done": 2,
            "completion_rate": 66.67,
            "on_time_rate": 100.0,
            "overdue": 1,
            "satisfaction": 80.0,
            "dimensions": {"TIEP_CAN": 60.0, "TTHC": 100.0},
            "indicators": {"TTHC_DUNG_HAN": 100.0, "TTHC_TRUC_TUYEN": 70.0, "TIN_BAI_CCHC": 2},
            "par_score": 88.1,  # 37 / 42
            "rank": 1,
            "rank_of": 2,
        },
        {
            "unit_code": "C",
            "unit_name": "Trường THCS Nguyễn Du",
            "level": "thcs",
            "reported": False,
            "tasks": None,
            "done": None,
            "completion_rate": None,
            "on_time_rate": None,
            "overdue": None,
            "satisfaction": None,
            "dimensions": None,
            "indicators": None,
            "par_score": None,
            "rank": None,
            "rank_of": None,
        },
    ],
}


def assert_plain_json(value):
    """Only Python's own types, no NaN: what json.dumps(allow_nan=False) accepts unchanged."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str
            assert_plain_json(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain_json(item)
    else:
        assert type(value) in (str, int, float, bool, type(None)), (value, type(value))
        assert not (type(value) is float and math.isnan(value))


def test_period_summary_on_three_units():
    summary = period_summary(fixture_frames(), default_catalogs(), Q2)
    assert summary == EXPECTED_SUMMARY
    # key order as the catalogs give it, and the exact types
    assert list(summary["overall"]["dimensions"]) == ["TIEP_CAN", "TTHC", "KET_QUA"]
    assert list(summary["overall"]["indicators"]) == [
        "TTHC_DUNG_HAN",
        "TTHC_TRUC_TUYEN",
        "TIN_BAI_CCHC",
        "TAP_HUAN_CCHC",
    ]
    assert list(summary["units"][0]["indicators"]) == ["TTHC_DUNG_HAN", "TIN_BAI_CCHC", "TAP_HUAN_CCHC"]
    assert type(summary["overall"]["indicators"]["TIN_BAI_CCHC"]) is int
    assert_plain_json(summary)
    json.dumps(summary, allow_nan=False)


def test_period_summary_ties_and_reported_units_without_figures():
    frames = make_frames(
        units=[unit(code) for code in "ABCDE"],
        submissions=[submission(code, Q2) for code in "ABCDE"],
        tasks=tasks_of("A", Q2, 2, 3) + tasks_of("B", Q2, 4, 6) + tasks_of("C", Q2, 3, 3) + tasks_of("D", Q2, 1, 3),
    )
    summary = period_summary(frames, default_catalogs(), Q2)
    ranks = {u["unit_code"]: (u["rank"], u["rank_of"]) for u in summary["units"]}
    assert ranks == {"A": (2, 4), "B": (2, 4), "C": (1, 4), "D": (4, 4), "E": (None, None)}
    e = summary["units"][4]
    assert (e["reported"], e["tasks"], e["done"], e["overdue"], e["completion_rate"]) == (True, 0, 0, 0, None)
    assert (e["dimensions"], e["indicators"], e["satisfaction"], e["par_score"]) == ({}, {}, None, None)
    assert_plain_json(summary)


def test_period_summary_of_an_empty_quarter():
    summary = period_summary(make_frames(), default_catalogs(), "2024-Q4")
    assert summary == {
        "period": "2024-Q4",
        "submission": {"expected": 0, "submitted": 0, "rate": None, "on_time": 0, "on_time_rate": None},
        "overall": {
            "tasks": 0,
            "done": 0,
            "completion_rate": None,
            "on_time_rate": None,
            "overdue": 0,
            "satisfaction": None,
            "dimensions": {},
            "indicators": {},
            "par_score": None,
        },
        "units": [],
    }
    with pytest.raises(ValueError):
        period_summary(make_frames(), default_catalogs(), "Q5/2024")


# ---------------------------------------------------------------- properties

STATUSES = ("done", "in_progress", "not_started")
task_rows = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C"]),
        st.integers(0, 120),  # deadline: days after 2025-04-01
        st.sampled_from(STATUSES),
        st.integers(-20, 20),  # done_on relative to the deadline
    ),
    max_size=40,
)


def make_tasks(rows):
    start = pd.Timestamp("2025-04-01")
    return make_frames(
        tasks=[
            task(
                code,
                Q2,
                str((start + pd.Timedelta(days=d)).date()),
                status,
                str((start + pd.Timedelta(days=d + shift)).date()) if status == "done" else None,
            )
            for code, d, status, shift in rows
        ]
    ).tasks


@settings(max_examples=60, deadline=None)
@given(task_rows)
def test_task_rates_stay_within_0_and_100(rows):
    stats = task_stats(make_tasks(rows))
    for column in ("completion_rate", "on_time_rate"):
        rates = stats[column].dropna()
        assert ((rates >= 0) & (rates <= 100)).all()
    pooled = task_totals(stats)
    for column in ("completion_rate", "on_time_rate"):
        assert pooled[column] is None or 0 <= pooled[column] <= 100
    assert (stats["done_on_time"] <= stats["done"]).all()
    assert (stats["overdue"] <= stats["tasks"] - stats["done"]).all()


@settings(max_examples=60, deadline=None)
@given(task_rows)
def test_pooled_counts_equal_the_sum_of_units(rows):
    tasks = make_tasks(rows)
    per_unit = task_stats(tasks)
    pooled = task_stats(tasks, by=())
    assert pooled.iloc[0]["done"] == per_unit["done"].sum()
    assert pooled.iloc[0]["tasks"] == len(rows)
    repooled = pool_task_stats(per_unit)
    pd.testing.assert_frame_equal(repooled, pooled)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B"]), st.lists(st.integers(0, 50), min_size=5, max_size=5))))
def test_satisfaction_stays_within_0_and_100(rows):
    frames = make_frames(satisfaction=[survey(code, Q2, "TIEP_CAN", levels) for code, levels in rows])
    for by in (("unit_code", "period"), ("period",)):
        figures = overall_satisfaction(frames.satisfaction, by=by)["satisfaction"].dropna()
        assert ((figures >= 0) & (figures <= 100)).all()


def test_dashboard_views_agree_with_the_period_summary():
    """The overview's headline and school table are the period summary's figures, computed as columns."""
    from core.catalogs import default_catalogs
    from demo.load import load_demo
    from metrics import views
    from storage.frames import load_frames
    from storage.open import open_database

    engine = open_database("sqlite://")
    load_demo(engine)
    frames, catalogs = load_frames(engine, task_texts=False), default_catalogs()
    for period, compare in (("2026-Q3", "2026-Q2"), ("2025-Q4", None)):
        summary = period_summary(frames, catalogs, period)
        head = views.headline(frames, catalogs, period, compare)
        overall, submission = summary["overall"], summary["submission"]
        assert head.values == {
            "submission_rate": submission["rate"],
            "submission_on_time_rate": submission["on_time_rate"],
            "completion_rate": overall["completion_rate"],
            "on_time_rate": overall["on_time_rate"],
            "overdue": overall["overdue"],
            "satisfaction": overall["satisfaction"],
            "par_score": overall["par_score"],
        }
        table = views.school_table(frames, catalogs, period).set_index("unit_code")
        for school in summary["units"]:
            row = table.loc[school["unit_code"]]
            assert bool(row["reported"]) == school["reported"]
            if school["reported"]:
                assert (int(row["tasks"]), int(row["done"]), int(row["overdue"])) == (
                    school["tasks"], school["done"], school["overdue"],
                )  # fmt: skip
                assert round(float(row["completion_rate"]), 2) == school["completion_rate"]
                assert (None if pd.isna(row["rank"]) else int(row["rank"])) == school["rank"]
                assert (None if pd.isna(row["rank_of"]) else int(row["rank_of"])) == school["rank_of"]
