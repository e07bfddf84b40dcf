"""The quarter's flags and the plan follow-up kept by the process and brought up to date school by school after
each store, replace, restore or plan (pipeline.quality.LiveQuality, pipeline.plans.LiveContinuity): always the
same rows as a full computation, on SQLite and (with CCHC_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine

from core.catalogs import default_catalogs
from core.periods import period_from_code
from core.vocabulary import DONE, IN_PROGRESS, NOT_STARTED
from loaders.plan_model import Plan, PlanTask
from loaders.report import IndicatorValue, Report, SatisfactionRow, Task
from metrics.continuity import continuity
from metrics.quality import COPIED, OUTLIER_ACROSS, OUTLIER_HISTORY, SURVEY_REPEATED
from pipeline.plans import continuity_list, live_continuity
from pipeline.quality import flags_of, live_quality, quarter_quality, with_follow_up
from storage.changes import Loaded, refresh
from storage.frames import load_frames
from storage.plans import current_plans, save_plan, year_report_rows
from storage.quality import FOLLOW_UP_COLUMNS, follow_up
from storage.registry import upsert_units
from storage.submissions import restore_submission, save_report

Q = "2026-Q3"
QUARTERS = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", Q]
UNITS = [{"unit_code": f"T{n:02d}", "unit_name": f"Trường số {n}", "level": "tieu_hoc", "ward": "Phường 1"}
         for n in range(1, 8)]  # fmt: skip
PLANNED = [u["unit_code"] for u in UNITS[:5]]
DUES = [date(2026, 3, 31), None, date(2026, 6, 30), date(2026, 9, 30), date(2026, 11, 30)]  # None: recurring


def plan_of(unit: str, extra: int = 0) -> Plan:
    tasks = [PlanTask(4 + n, f"{unit}-P{n}", "TTHC", f"Nhiệm vụ {n} của {unit}", None,
                      "Thường xuyên" if due is None else due.isoformat(), due, due is None, None)
             for n, due in enumerate(DUES[: len(DUES) - extra] if extra >= 0 else DUES)]  # fmt: skip
    return Plan(f"{unit}-2026.xlsx", unit_code=unit, year=2026, tasks=tasks)


def report_of(unit: str, period: str, variant: int = 0) -> Report:
    """A school's report of a quarter: its plan's tasks with statuses that go back and forth, an unplanned row,
    two indicators and a survey; T07's news count jumps in Q, T03's survey of Q is its Q2 one again, and T06's
    report of Q is T05's."""
    if unit == "T06" and period == Q:
        return Report(**{**report_of("T05", period, variant).__dict__, "unit_code": unit, "file_name": "T06.xlsx"})
    rng = random.Random(f"{unit}:{period}:{variant}")
    quarter = period_from_code(period)
    tasks = [Task(6 + n, "TTHC", f"Nhiệm vụ {n} của {unit}", None, due or quarter.last_day, status,
                  quarter.first_day if status == DONE else None, None, None,
                  f"{unit}-P{n}" if quarter.year == 2026 else None)
             for n, (due, status) in enumerate(zip(DUES, rng.choices([DONE, IN_PROGRESS, NOT_STARTED], k=5),
                                                   strict=True))
             if rng.random() < 0.7]  # fmt: skip
    tasks.append(Task(20, "CDS", f"Việc ngoài kế hoạch {rng.randint(1, 3)}", None, quarter.last_day, IN_PROGRESS,
                      None, None, None))  # fmt: skip
    news = 90.0 if unit == "T07" and period == Q else float(rng.randint(3, 6))
    indicators = [IndicatorValue(5, "TTHC_DUNG_HAN", float(rng.randint(40, 50)), 50.0, None),
                  IndicatorValue(6, "TIN_BAI_CCHC", news, None, None)]  # fmt: skip
    survey_rng = random.Random(f"{unit}:{'2026-Q2' if unit == 'T03' and period == Q else period}:{variant}:survey")
    levels = [tuple(survey_rng.randint(1, 12) for _ in range(5)) for _ in range(2)]
    survey = [SatisfactionRow(5 + n, dimension, sum(counts), counts)
              for n, (dimension, counts) in enumerate(zip(("TIEP_CAN", "TTHC"), levels, strict=True))]  # fmt: skip
    return Report(f"{unit}_{period}.xlsx", unit_code=unit, unit_name=unit, period=period,
                  prepared_on=quarter.last_day, tasks=tasks, indicators=indicators, satisfaction=survey)  # fmt: skip


def received(period: str, hour: int = 9) -> datetime:
    return datetime.combine(period_from_code(period).default_deadline, datetime.min.time().replace(hour=hour))


@pytest.fixture
def city(engine: Engine) -> Engine:
    upsert_units(engine, UNITS)
    for unit in PLANNED:
        save_plan(engine, plan_of(unit), content=unit.encode(), received_at=datetime(2026, 1, 10, 9))
    for period in QUARTERS:
        for unit in (u["unit_code"] for u in UNITS):
            save_report(engine, report_of(unit, period), content=b"r", received_at=received(period))
    return engine


def full_flags(engine: Engine, period: str = Q) -> pd.DataFrame:
    """Every flag computed from nothing kept: the tables and the plans read anew, continuity from its rules."""
    year = period_from_code(period).year
    notes = continuity(current_plans(engine, year), year_report_rows(engine, year), period)
    flags = flags_of(load_frames(engine, task_texts=False), default_catalogs(), period, notes)
    return with_follow_up(flags.reset_index(drop=True), follow_up(engine, period))


def full_list(engine: Engine, period: str) -> pd.DataFrame:
    year = int(period[:4])
    return continuity(current_plans(engine, year), year_report_rows(engine, year), period)


ANY = object()  # Server.check: however many schools were computed again


class Server:
    """The tables as a server keeps them (patched after each change), the flags and lists asked after each."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.loaded: Loaded | None = None

    def flags(self) -> pd.DataFrame:
        self.loaded, _ = refresh(self.engine, self.loaded)
        return quarter_quality(self.engine, Q, frames=self.loaded.frames)

    def check(self, recomputed: int | object | None) -> pd.DataFrame:
        found = self.flags()
        assert recomputed is ANY or live_quality(self.engine).recomputed == recomputed
        pd.testing.assert_frame_equal(found, full_flags(self.engine))
        for period in (Q, "2026-H1", "2026-9M"):
            pd.testing.assert_frame_equal(continuity_list(self.engine, period), full_list(self.engine, period))
        return found


def test_the_city_has_every_kind_of_flag(city):
    kinds = set(Server(city).check(None)["kind"])
    assert {OUTLIER_ACROSS, OUTLIER_HISTORY, COPIED, SURVEY_REPEATED, "went-back", "missing"} <= kinds


def test_after_a_store_a_replace_and_a_restore_only_that_school_is_computed_again(city):
    server = Server(city)
    server.check(None)
    server.check(0)  # nothing changed: the kept flags
    first = save_report(city, report_of("T02", Q, 1), content=b"r2", received_at=received(Q, 10))
    changed = server.check(1)
    assert live_continuity(city).recomputed == 1
    save_report(city, report_of("T02", Q, 2), content=b"r3", received_at=received(Q, 11))  # replaces it
    server.check(1)
    restore_submission(city, first)
    restored = server.check(1)
    pd.testing.assert_frame_equal(restored, changed)
    save_report(city, report_of("T04", "2026-Q1", 3), content=b"r4", received_at=received("2026-Q1", 12))
    server.check(1)  # an earlier quarter: the school's history and what it had done before


def test_a_copied_report_sent_again_by_a_third_school_flags_all_three_and_their_peers_follow(city):
    server = Server(city)
    server.check(None)
    copy = report_of("T06", Q)
    save_report(city, Report(**{**copy.__dict__, "unit_code": "T01", "file_name": "T01_copy.xlsx"}), content=b"c",
                received_at=received(Q, 10))  # fmt: skip
    found = server.check(1)
    copied = found.loc[found["kind"].eq(COPIED), ["unit_code", "item"]].values.tolist()
    assert copied == [["T01", "T05"], ["T01", "T06"], ["T05", "T01"], ["T05", "T06"], ["T06", "T01"], ["T06", "T05"]]


def test_a_plan_stored_or_replaced_computes_that_school_again(city):
    server = Server(city)
    server.check(None)
    save_plan(city, plan_of("T02", extra=2), content=b"p2", received_at=datetime(2026, 7, 1, 9))  # fewer tasks
    server.check(1)
    save_plan(city, plan_of("T07"), content=b"p7", received_at=datetime(2026, 7, 1, 10))  # a first plan
    found = server.check(1)
    assert "T07" in set(found.loc[found["kind"].isin(["went-back", "missing"]), "unit_code"])


def test_the_flags_of_one_school_and_an_explanation_follow_the_kept_flags(city):
    server = Server(city)
    everyone = server.flags()
    flagged = everyone.iloc[0]
    mine = quarter_quality(city, Q, unit_code=flagged["unit_code"])  # the tables read for the quarter's history
    pd.testing.assert_frame_equal(mine, full_flags(city).query("unit_code == @flagged.unit_code").reset_index(
        drop=True))  # fmt: skip
    assert set(mine["state"]) == {"open"}


def test_the_list_from_the_tables_in_memory_is_the_list_from_the_database(city):
    frames = load_frames(city, task_texts=False)
    for period in (Q, "2026-Q1", "2026"):
        pd.testing.assert_frame_equal(continuity_list(city, period, frames=frames), full_list(city, period))


def test_a_school_moved_to_another_level_is_compared_with_its_new_peers(city):
    server = Server(city)
    before = server.check(None)
    upsert_units(city, [{**UNITS[6], "level": "thcs"}])  # T07, the one whose news count jumps, alone at its level
    after = server.check(0)
    assert ("T07", OUTLIER_ACROSS) in set(zip(before["unit_code"], before["kind"], strict=True))
    assert ("T07", OUTLIER_ACROSS) not in set(zip(after["unit_code"], after["kind"], strict=True))


def with_news(report: Report, news: float, tag: str = "") -> Report:
    """The report with another count of news articles (TIN_BAI_CCHC); with a tag, a task's content changed too (not
    anyone's copy)."""
    indicators = [replace(i, result=news) if i.code == "TIN_BAI_CCHC" else i for i in report.indicators]
    first = replace(report.tasks[0], content=f"{report.tasks[0].content}{tag}")
    return replace(report, indicators=indicators, tasks=[first, *report.tasks[1:]])


def across(found: pd.DataFrame, item: str = "TIN_BAI_CCHC") -> set[str]:
    return set(found.loc[found["kind"].eq(OUTLIER_ACROSS) & found["item"].eq(item), "unit_code"])


def copied(found: pd.DataFrame) -> list[list[str]]:
    return found.loc[found["kind"].eq(COPIED), ["unit_code", "item"]].values.tolist()


def test_stores_that_move_a_groups_median_change_the_outliers_of_schools_that_sent_nothing(city):
    """T07's 90 articles stand out while the others write a few. As three more schools write 90, the median is 90:
    T07 no longer stands out and the schools that sent nothing do; one of the three back to 4, the median is a
    few again and the three that still write 90 stand out; that one without a count, nobody does."""
    server = Server(city)
    assert across(server.check(None)) == {"T07"}
    for hour, unit in enumerate(("T01", "T02", "T03"), start=10):
        save_report(city, with_news(report_of(unit, Q, 5), 90.0), content=unit.encode(),
                    received_at=received(Q, hour))  # fmt: skip
        found = server.check(1)
    assert across(found) == {"T04", "T05", "T06"}
    save_report(city, with_news(report_of("T03", Q, 6), 4.0), content=b"T03b", received_at=received(Q, 14))
    assert across(server.check(1)) == {"T01", "T02", "T07"}
    without = report_of("T03", Q, 7)  # no count at all: T03 leaves the comparison, 90 is half of the six
    without = replace(without, indicators=[i for i in without.indicators if i.code != "TIN_BAI_CCHC"])
    save_report(city, without, content=b"T03c", received_at=received(Q, 15))
    assert across(server.check(1)) == set()


def test_a_school_no_longer_sending_a_copy_clears_the_copied_flag_of_the_one_it_copied(city):
    server = Server(city)
    assert copied(server.check(None)) == [["T05", "T06"], ["T06", "T05"]]
    save_report(city, with_news(report_of("T06", Q), 5.0, " (T06)"), content=b"own", received_at=received(Q, 10))
    assert copied(server.check(1)) == []
    save_report(city, report_of("T06", Q), content=b"copy", received_at=received(Q, 11))  # the copy again
    assert copied(server.check(1)) == [["T05", "T06"], ["T06", "T05"]]


def test_a_run_of_stores_restores_and_plans_keeps_the_flags_of_a_full_computation(city):
    """Stores of any quarter with figures that move the medians, restores and plans, in a seeded order."""
    server = Server(city)
    server.check(None)
    rng = random.Random(7)
    stored: list[int] = []
    for step in range(10):
        unit, period = rng.choice(UNITS)["unit_code"], rng.choice([Q, Q, Q, "2026-Q2", "2026-Q1"])
        action = rng.random()
        if action < 0.15 and stored:
            restore_submission(city, rng.choice(stored))
        elif action < 0.25:
            save_plan(city, plan_of(unit, extra=rng.randint(0, 2)), content=f"p{step}".encode(),
                      received_at=datetime(2026, 7, 1, 9, step))  # fmt: skip
        else:
            news = rng.choice([3.0, 5.0, 40.0, 90.0])
            report = with_news(report_of(unit, period, step), news, rng.choice(["", f" ({step})"]))
            stored.append(save_report(city, report, content=f"r{step}".encode(), received_at=received(period, 10)))
        server.check(ANY)  # a restore of the current report or a plan alike: none


def test_the_follow_up_of_each_flag_is_the_merge_of_flags_and_follow_up_rows():
    """with_follow_up finds the few flags someone acted on: the rows a merge on the key gives, a key with two
    follow-up rows included (each of them)."""
    flags = pd.DataFrame(
        {"unit_code": ["T01", "T01", "T02", "T03"], "period": Q, "kind": [OUTLIER_ACROSS, OUTLIER_HISTORY, COPIED,
         SURVEY_REPEATED], "item": ["A", "A", "T05", ""], "value": [1.0, 2.0, None, None],
         "reference": [0.5, 0.7, "T05", "2026-Q2"], "score": [4.0, 5.0, None, None], "submission_id": [11, 11, 12, 13]}
    )  # fmt: skip
    states = follow_up_rows(
        [("T01", OUTLIER_HISTORY, "A", 11, "explained", "đúng vậy", "clerk", datetime(2026, 10, 1, 9)),
         ("T02", COPIED, "T05", 12, "resolved", None, "office", datetime(2026, 10, 2, 9)),
         ("T02", COPIED, "T05", 99, "resolved", None, "office", datetime(2026, 10, 2, 9))]  # of a replaced report
    )  # fmt: skip
    for rows in (states.iloc[0:0], states, pd.concat([states, states.iloc[[0]]], ignore_index=True)):
        found = with_follow_up(flags, rows)
        pd.testing.assert_frame_equal(found, merged(flags, rows))
    assert with_follow_up(flags, states)["state"].tolist() == ["open", "explained", "resolved", "open"]


def follow_up_rows(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=FOLLOW_UP_COLUMNS)
    texts = {name: "str" for name in FOLLOW_UP_COLUMNS if name not in ("submission_id", "changed_at")}
    return frame.astype({**texts, "submission_id": "int64", "changed_at": "datetime64[us]"})


def merged(flags: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """The flags with their follow-up as a left merge on the key gives them."""
    keyed = flags.assign(submission_id=flags["submission_id"].astype("int64"))
    key = ["unit_code", "kind", "item", "submission_id"]
    out = keyed.merge(states[[*key, "state", "explanation", "changed_by", "changed_at"]], on=key, how="left")
    return out.assign(state=out["state"].fillna("open"))
