"""Data-quality flags (metrics.quality) on data built for each method: ../shared/spec/data-quality.md."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.catalogs import default_catalogs
from metrics.quality import (
    COPIED,
    OUTLIER_ACROSS,
    OUTLIER_HISTORY,
    SURVEY_REPEATED,
    outliers_across,
    outliers_history,
    quarter_flags,
    robust_scores,
    screened_values,
)
from tests.metrics_factories import indicator, make_frames, submission, survey, task, unit

C = default_catalogs()
Q = "2026-Q2"


def values_frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """(unit, period, item, value) rows as screened_values gives them."""
    frame = pd.DataFrame(rows, columns=["unit_code", "period", "item", "value"])
    return frame.assign(submission_id=np.arange(1, len(frame) + 1))


def units_frame(codes: list[str], level: str = "tieu_hoc") -> pd.DataFrame:
    return pd.DataFrame([unit(c, level=level) for c in codes])


def test_the_score_uses_the_mad_with_its_floor_of_a_tenth_of_the_median():
    values = pd.Series([10.0, 10.0, 10.0, 10.0, 16.0])
    score, median, count = robust_scores(values, pd.Series(["x"] * 5))
    # MAD is 0 here: s is 10 % of |median| = 1, so 16 scores 0.6745 × 6 / 1
    assert median.iloc[0] == 10 and count.iloc[0] == 5
    assert score.iloc[-1] == pytest.approx(0.6745 * 6) and score.iloc[0] == 0
    spread = pd.Series([10.0, 12.0, 14.0, 16.0, 40.0])  # median 14, |deviations| 4 2 0 2 26: MAD 2 (above 1.4)
    assert robust_scores(spread, pd.Series(["x"] * 5))[0].iloc[-1] == pytest.approx(0.6745 * 26 / 2)
    zeros = robust_scores(pd.Series([0.0] * 5), pd.Series(["x"] * 5))[0]
    assert zeros.isna().all()  # s is 0: no score, no flag


def test_across_needs_five_units_of_the_level_and_leaves_size_items_alone():
    four = values_frame([(f"T{n}", Q, "TIN_BAI_CCHC", v) for n, v in enumerate([3, 3, 3, 60])])
    assert outliers_across(four, units_frame(["T0", "T1", "T2", "T3"]), Q).empty  # only 4 of them
    rows = [(f"T{n}", Q, item, v) for item in ("TIN_BAI_CCHC", "TIN_BAI_CCHC:tong_so", "tasks")
            for n, v in enumerate([3, 3, 4, 3, 60])]  # fmt: skip
    found = outliers_across(values_frame(rows), units_frame([f"T{n}" for n in range(5)]), Q)
    assert found[["unit_code", "kind", "item", "value", "reference"]].values.tolist() == [
        ["T4", OUTLIER_ACROSS, "TIN_BAI_CCHC", 60.0, 3.0]
    ]
    other_level = units_frame(["T0", "T1", "T2", "T3"]).pipe(
        lambda u: pd.concat([u, units_frame(["T4"], level="thcs")], ignore_index=True))  # fmt: skip
    assert outliers_across(values_frame(rows), other_level, Q).empty  # T4 is compared with its own level only


def test_history_needs_three_earlier_quarters_and_takes_the_latest_eight():
    quarters = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    rows = [("T1", p, "tasks", 1000.0 if p == "2024-Q1" else 20.0) for p in quarters] + [("T1", Q, "tasks", 200.0)]
    found = outliers_history(values_frame(rows), Q)
    assert found[["unit_code", "kind", "item", "value", "reference"]].values.tolist() == [
        ["T1", OUTLIER_HISTORY, "tasks", 200.0, 20.0]
    ]  # the oldest quarter (1000) is the ninth back: not read
    short = [("T1", p, "tasks", 20.0) for p in ("2025-Q3", "2025-Q4")] + [("T1", Q, "tasks", 200.0)]
    assert outliers_history(values_frame(short), Q).empty


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.5, max_value=1e6), st.integers(min_value=5, max_value=12))
def test_a_constant_set_never_flags_and_one_value_moved_far_enough_always_does(level, n):
    rows = [(f"T{i:02d}", Q, "TIN_BAI_CCHC", level) for i in range(n)]
    units = units_frame([f"T{i:02d}" for i in range(n)])
    assert outliers_across(values_frame(rows), units, Q).empty
    rows[-1] = (rows[-1][0], Q, "TIN_BAI_CCHC", level * 2)  # 0.6745 × level / (0.1 × level) = 6.7 > 3.5
    assert outliers_across(values_frame(rows), units, Q)["unit_code"].tolist() == [f"T{n - 1:02d}"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=5, max_size=10), st.randoms())
def test_the_score_does_not_depend_on_the_order_of_the_schools(numbers, rng):
    rows = [(f"T{i:02d}", Q, "TIN_BAI_CCHC", v) for i, v in enumerate(numbers)]
    shuffled = rows[:]
    rng.shuffle(shuffled)
    units = units_frame([r[0] for r in rows])
    first = outliers_across(values_frame(rows), units, Q).set_index("unit_code")["score"].sort_index()
    second = outliers_across(values_frame(shuffled), units, Q).set_index("unit_code")["score"].sort_index()
    pd.testing.assert_series_equal(first, second)


def same_report(code: str, content: str, status: str = "done") -> list[dict]:
    return [task(code, Q, "2026-05-31", status, "2026-05-20" if status == "done" else None, content=content),
            task(code, Q, "2026-06-30", "in_progress", None, field="CDS", content="Số hoá hồ sơ học sinh")]  # fmt: skip


def test_two_schools_sending_the_same_report_are_both_flagged_whatever_the_spelling():
    nfd = unicodedata.normalize("NFD", "NIÊM YẾT  công khai TTHC")
    frames = make_frames(
        units=[unit("A"), unit("B"), unit("C")],
        submissions=[submission(u, Q) for u in "ABC"],
        tasks=same_report("A", "Niêm yết công khai TTHC") + same_report("B", nfd) + same_report("C", "Khác hẳn"),
        indicators=[indicator(u, Q, "TTHC_DUNG_HAN", 45, 50) for u in "ABC"],
    )
    found = quarter_flags(screened_values(frames, C), frames, Q)
    copied = found.loc[found["kind"].eq(COPIED), ["unit_code", "item"]].values.tolist()
    assert copied == [["A", "B"], ["B", "A"]]
    other_figure = make_frames(
        units=[unit("A"), unit("B")], submissions=[submission(u, Q) for u in "AB"],
        tasks=same_report("A", "x") + same_report("B", "x"),
        indicators=[indicator("A", Q, "TTHC_DUNG_HAN", 45, 50), indicator("B", Q, "TTHC_DUNG_HAN", 44, 50)],
    )  # fmt: skip
    assert COPIED not in set(quarter_flags(screened_values(other_figure, C), other_figure, Q)["kind"])


def test_a_survey_pasted_from_last_quarter_is_flagged_when_every_factor_has_twenty_answers():
    counts = {"TIEP_CAN": [1, 2, 3, 10, 14], "TTHC": [0, 1, 4, 8, 7]}  # 30 and 20 answers

    def frames_with(second: dict) -> object:
        rows = [
            survey("A", p, d, levels) for p, table in (("2026-Q1", counts), (Q, second)) for d, levels in table.items()
        ]
        return make_frames(units=[unit("A")], submissions=[submission("A", "2026-Q1"), submission("A", Q)],
                           satisfaction=rows)  # fmt: skip

    pasted = frames_with(counts)
    found = quarter_flags(screened_values(pasted, C), pasted, Q)
    assert found.loc[found["kind"].eq(SURVEY_REPEATED), ["unit_code", "item", "reference"]].values.tolist() == [
        ["A", "", "2026-Q1"]
    ]
    changed = frames_with({**counts, "TTHC": [0, 1, 4, 9, 6]})
    assert SURVEY_REPEATED not in set(quarter_flags(screened_values(changed, C), changed, Q)["kind"])
    few = {"TIEP_CAN": [1, 2, 3, 10, 14], "TTHC": [0, 1, 4, 8, 6]}  # 19 answers in one factor
    small = frames_with(few)
    small.satisfaction.loc[small.satisfaction["period"].eq("2026-Q1") & small.satisfaction["dimension"].eq("TTHC"),
                           ["satisfied", "very_satisfied", "answers"]] = [8, 6, 19]  # fmt: skip
    assert SURVEY_REPEATED not in set(quarter_flags(screened_values(small, C), small, Q)["kind"])


# ---------------------------------------------------------------- array-wise, against a plain grouping


def history_by_groups(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """outlier-history as pandas' groupings give it: the latest 8 earlier values of each unit and item."""
    now = values.loc[values["period"].eq(period) & values["value"].notna()]
    before = values.loc[values["period"].lt(period) & values["value"].notna()]
    history = before.sort_values("period", kind="stable").groupby(["unit_code", "item"]).tail(8)
    median = history.groupby(["unit_code", "item"])["value"].transform("median")
    stats = history.assign(deviation=(history["value"] - median).abs()).groupby(["unit_code", "item"]).agg(
        median=("value", "median"), count=("value", "size"), mad=("deviation", "median"))  # fmt: skip
    joined = now.merge(stats.reset_index(), on=["unit_code", "item"], how="inner")
    spread = np.maximum(joined["mad"], 0.1 * joined["median"].abs())
    score = 0.6745 * (joined["value"] - joined["median"]) / spread.where(spread > 0)
    flagged = joined.loc[(joined["count"] >= 3) & (score.abs() > 3.5)]
    return flagged[["unit_code", "item", "value", "median"]].assign(score=score[flagged.index]).reset_index(drop=True)


EARLIER = ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3",
           "2025-Q4", "2026-Q1"]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["T1", "T2"]), st.sampled_from([*EARLIER, Q, Q]),
                          st.sampled_from(["tasks", "TIN_BAI_CCHC"]),
                          st.one_of(st.sampled_from([0.0, 10.0, 20.0, 200.0]), st.floats(0, 100))),
                min_size=10, max_size=60))  # fmt: skip
def test_history_flags_the_values_a_plain_grouping_flags(rows):
    found = outliers_history(values_frame(rows), Q)
    expected = history_by_groups(values_frame(rows), Q)
    columns = ["unit_code", "item", "value"]
    assert found[columns].values.tolist() == expected[columns].values.tolist()
    np.testing.assert_array_equal(found["reference"].astype(float), expected["median"])
    np.testing.assert_array_equal(found["score"], expected["score"])


COUNTS = [(1, 2, 3, 10, 14), (0, 1, 4, 8, 7), (0, 0, 0, 1, 1)]  # 30, 20 and 2 answers


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from(["2026-Q1", Q]),
                          st.sampled_from(["TIEP_CAN", "TTHC"]), st.sampled_from(COUNTS), st.sampled_from([0, -11])),
                max_size=8))  # fmt: skip
def test_a_survey_is_repeated_when_its_lines_are_the_previous_quarters_in_any_order(given_lines):
    """Số phiếu is its own column (not always the levels' sum): 20 of them a factor in each quarter."""
    lines = [(u, p, d, lv, sum(lv) + off) for u, p, d, lv, off in given_lines]
    rows = [{**survey(unit, period, dimension, list(levels)), "answers": answers}
            for unit, period, dimension, levels, answers in lines]  # fmt: skip
    units = sorted({unit for unit, *_ in lines})
    frames = make_frames(units=[unit(u) for u in units], satisfaction=rows,
                         submissions=[submission(u, p) for u in units for p in ("2026-Q1", Q)])  # fmt: skip
    found = quarter_flags(screened_values(frames, C), frames, Q)
    flagged = found.loc[found["kind"].eq(SURVEY_REPEATED), "unit_code"].tolist()

    def lines_of(who: str, period: str) -> list[tuple]:
        return sorted((d, lv) for u, p, d, lv, _ in lines if u == who and p == period)

    expected = [u for u in units if lines_of(u, Q) and lines_of(u, Q) == lines_of(u, "2026-Q1")
                and min(answers for u2, _, _, _, answers in lines if u2 == u) >= 20]  # fmt: skip
    assert flagged == expected
