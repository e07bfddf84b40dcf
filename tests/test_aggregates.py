"""The quarter's figures computed by the database (storage.aggregates) equal metrics/' figures from the same rows.

On SQLite and PostgreSQL: the demo office's every quarter, and a small registry built for the edge cases
(no tasks, no survey, rates over 0, a replaced and a restored report, units not expected, a unit without a
ward, the office's and the year's appraisals, a bonus above the maximum). The spec knows no "not applicable"
task status: a task is done, in progress or not started. On PostgreSQL also with the task counts' view, fresh
and stale.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, insert

from core.catalogs import Catalog, Catalogs, default_catalogs
from core.periods import PeriodCodeError
from core.vocabulary import LOWER
from demo.load import load_demo
from loaders.report import DONE, IN_PROGRESS, NOT_STARTED, IndicatorValue, Report, SatisfactionRow, SelfScore, Task
from metrics import views
from metrics.reporting import expected_units
from metrics.tasks import task_stats
from storage import aggregates
from storage.db import writing
from storage.frames import load_frames
from storage.registry import set_deadline, upsert_units
from storage.schema import appraisals, par_appraisals, par_years
from storage.submissions import periods_with_data, restore_submission, save_report

CATALOGS = default_catalogs()
Q2 = "2026-Q2"
FIGURES = (
    "tasks",
    "done",
    "done_on_time",
    "overdue",
    "completion_rate",
    "on_time_rate",
    "satisfaction",
    "dimensions",
    "par_points",
    "par_max_points",
    "par_fields",
    "par_score",
)
TASK_COUNTS = ("tasks", "done", "done_on_time", "overdue")


# ---------------------------------------------------------------- metrics/' figures, the reference


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _same(actual: Any, expected: Any) -> bool:
    """Equal figures: both missing, the same truth, or the same number to the last few bits."""
    if _missing(expected) or _missing(actual):
        return _missing(expected) and _missing(actual)
    if isinstance(expected, bool):
        return bool(actual) is expected
    return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-9)


def _differences(actual: dict[Any, dict[str, Any]], expected: dict[Any, dict[str, Any]]) -> list[str]:
    assert set(actual) == set(expected)
    return [
        f"{key} {name}: SQL {actual[key].get(name)!r}, pandas {value!r}"
        for key, figures in expected.items()
        for name, value in figures.items()
        if not _same(actual[key].get(name), value)
    ]


def _plain(value: Any) -> Any:
    if _missing(value):
        return None
    return bool(value) if isinstance(value, bool) or type(value).__name__ == "bool_" else value


def _task_counts(frames, period: str, by: tuple[str, ...]) -> pd.DataFrame:
    """Task counts of the counted reports (done_on_time included, which the views leave out)."""
    rows = views._current_rows(frames.tasks, views._reported(frames, [period]))
    return task_stats(rows, by=by)


def pandas_units(engine: Engine, period: str, catalogs: Catalogs = CATALOGS) -> dict[str, dict[str, Any]]:
    """Every expected unit's figures as metrics/ computes them from load_frames."""
    frames = load_frames(engine, [period])
    table = views.school_table(frames, catalogs, period).set_index("unit_code")
    status = views.reporting_status(frames, catalogs, period).set_index("unit_code")
    counts = _task_counts(frames, period, ("unit_code",)).set_index("unit_code")
    factors = views.school_dimensions(frames, catalogs, period)
    values = views.indicator_by_school(frames, catalogs, period)
    par = views.par_school_table(frames, catalogs, period).set_index("unit_code")
    out: dict[str, dict[str, Any]] = {}
    for unit, row in table.iterrows():
        reported = bool(row["reported"])
        mine = factors.loc[factors["unit_code"].eq(unit)]
        figures: dict[str, Any] = {
            "reported": reported,
            "reported_on_time": bool(status.at[unit, "on_time"]),
            **{
                name: _plain(row[name])
                for name in ("tasks", "done", "overdue", "completion_rate", "on_time_rate", "satisfaction", "par_score")
            },
            "done_on_time": int(counts.at[unit, "done_on_time"]) if unit in counts.index else (0 if reported else None),
            "dimensions": int(mine["pct"].notna().sum()),
            "par_fields": int(par.at[unit, "fields"]) if unit in par.index else (0 if reported else None),
            "par_points": _plain(par.at[unit, "points"]) if unit in par.index else None,
            "par_max_points": _plain(par.at[unit, "max_points"]) if unit in par.index else None,
        }
        figures.update({f"satisfaction:{code}": None for code in catalogs.dimensions.codes()})
        figures.update({f"satisfaction:{d}": _plain(p) for d, p in zip(mine["dimension"], mine["pct"], strict=True)})
        figures.update({f"{kind}:{i.code}": None for i in catalogs.indicators for kind in ("indicator", "met")})
        for code, value, met in values.loc[values["unit_code"].eq(unit), ["code", "value", "met"]].itertuples(
            index=False
        ):
            figures[f"indicator:{code}"], figures[f"met:{code}"] = _plain(value), _plain(met)
        out[unit] = figures
    return out


def pandas_groups(
    engine: Engine, period: str, by: tuple[str, ...], catalogs: Catalogs = CATALOGS
) -> dict[tuple, dict[str, Any]]:
    """Each group of expected units' pooled figures, as the pages compute them for its units alone."""
    frames = load_frames(engine, [period])
    expected = expected_units(frames.units, period)
    keys = expected[list(by)].astype(object).where(expected[list(by)].notna(), None)
    groups: dict[tuple, list[str]] = {}
    for key, unit in zip(keys.itertuples(index=False, name=None), expected["unit_code"], strict=True):
        groups.setdefault(tuple(key), []).append(unit)
    return {key: _pooled(views.restrict_units(frames, codes), period, catalogs) for key, codes in groups.items()}


def _pooled(frames, period: str, catalogs: Catalogs) -> dict[str, Any]:
    trend = views.trend(frames, catalogs, [period]).iloc[0]
    reporting = views.reporting_by_period(frames, catalogs, [period]).iloc[0]
    counts = _task_counts(frames, period, ("period",))
    factors = views.dimension_table(frames, catalogs, period, None)
    values = views.indicator_table(frames, catalogs, period).set_index("code")
    par = views.par_school_table(frames, catalogs, period)
    submitted = int(trend["submitted"])
    figures: dict[str, Any] = {
        "expected": int(trend["expected"]),
        "submitted": submitted,
        "submitted_on_time": int(reporting["on_time"]),
        "submission_rate": _plain(trend["submission_rate"]),
        "submission_on_time_rate": _plain(trend["submission_on_time_rate"]),
        **{name: _plain(trend[name]) for name in ("completion_rate", "on_time_rate", "satisfaction", "par_score")},
        "dimensions": int(factors["pct"].notna().sum()),
        "par_points": float(par["points"].sum()) if len(par) else None,
        "par_max_points": float(par["max_points"].sum()) if len(par) else None,
        "par_fields": int(par["fields"].sum()) if submitted else None,
    }
    for name in TASK_COUNTS:  # no task rows at all: metrics/ has no row, the database counts 0
        found = counts[name].iloc[0] if len(counts) else None
        figures[name] = int(found) if found is not None else (0 if submitted else None)
    figures.update({f"satisfaction:{d}": _plain(p) for d, p in zip(factors["dimension"], factors["pct"], strict=True)})
    for indicator in catalogs.indicators:
        here = indicator.code in values.index
        figures[f"indicator:{indicator.code}"] = _plain(values.at[indicator.code, "value"]) if here else None
        figures[f"met:{indicator.code}"] = _plain(values.at[indicator.code, "met"]) if here else None
    return figures


def sql_units(engine: Engine, period: str, catalogs: Catalogs = CATALOGS) -> dict[str, dict[str, Any]]:
    frame = aggregates.unit_quarter_summary(engine, period, catalogs)
    return {row["unit_code"]: row for row in frame.to_dict("records")}


def sql_groups(
    engine: Engine, period: str, by: tuple[str, ...], catalogs: Catalogs = CATALOGS
) -> dict[tuple, dict[str, Any]]:
    frame = aggregates.group_quarter_summary(engine, period, by, catalogs)
    return {tuple(_plain(row[key]) for key in by): row for row in frame.to_dict("records")}


def assert_equal_to_pandas(engine: Engine, period: str) -> None:
    """Per unit, per ward, per level, per ward and level, and for the whole office."""
    assert _differences(sql_units(engine, period), pandas_units(engine, period)) == []
    for by in (("ward",), ("level",), ("ward", "level"), ()):
        assert _differences(sql_groups(engine, period, by), pandas_groups(engine, period, by)) == [], by


# ---------------------------------------------------------------- the demo office


def test_every_demo_quarter_equals_the_pandas_figures(engine):
    load_demo(engine, lang="en")
    quarters = periods_with_data(engine)
    assert len(quarters) == 6
    for period in quarters:
        assert_equal_to_pandas(engine, period)
    # The demo's final appraisal of THCS01's 2026 (a criterion's points and a bonus line) is in its figures.
    frames = load_frames(engine, ["2026-Q3"])
    bonus = frames.self_assessment.loc[frames.self_assessment["max_points"].eq(0)]
    assert bonus[["unit_code", "period", "field", "appraised_points"]].values.tolist() == [
        ["THCS01", "2026-Q3", "THUONG", 1.0]
    ]
    units = sql_units(engine, "2026-Q3")
    assert units["THCS01"]["par_fields"] == len(frames.self_assessment.query("unit_code == 'THCS01'"))


def test_the_ward_summary_is_the_pooled_figures_of_its_schools(engine):
    load_demo(engine, lang="en")
    wards = aggregates.ward_quarter_summary(engine, "2026-Q3").set_index("ward")
    schools = aggregates.unit_quarter_summary(engine, "2026-Q3")
    assert wards.index.tolist() == sorted(schools["ward"].unique())
    for ward, mine in schools.groupby("ward"):
        row = wards.loc[ward]
        assert row["expected"] == len(mine)
        assert row["submitted"] == mine["reported"].sum()
        assert row["tasks"] == mine["tasks"].sum()
        assert row["done"] == mine["done"].sum()
        assert row["completion_rate"] == pytest.approx(mine["done"].sum() / mine["tasks"].sum() * 100)
        assert row["par_score"] == pytest.approx(mine["par_points"].sum() / mine["par_max_points"].sum() * 100)
    office = aggregates.group_quarter_summary(engine, "2026-Q3", ())
    assert len(office) == 1 and office.at[0, "tasks"] == schools["tasks"].sum()


# ---------------------------------------------------------------- the edge cases


def _unit(code: str, ward: str | None, **extra: str) -> dict[str, Any]:
    return {
        "unit_code": code,
        "unit_name": f"Trường {code}",
        "level": extra.pop("level", "tieu_hoc"),
        "ward": ward,
        **extra,
    }


REGISTRY = [
    _unit("A01", "Phường 1"),
    _unit("A02", "Phường 1", level="thcs"),
    _unit("A03", "Phường 2"),
    _unit("A04", None),
    _unit("A05", "Phường 2", level="thcs"),  # expected, never reports
    _unit("A06", "Phường 2", active_to="2026-Q1"),  # no longer expected: its report counts nowhere
    _unit("A07", "Phường 1", active_from="2026-Q3"),  # not yet expected
]


def _task(row: int, status: str, deadline: date, done_on: date | None = None, field: str = "TTHC") -> Task:
    return Task(
        row=row,
        field=field,
        content=f"Nhiệm vụ {row}",
        plan=None,
        deadline=deadline,
        status=status,
        done_on=done_on,
        evidence=None,
        note=None,
    )


def _report(unit: str, *, tasks=(), indicators=(), survey=(), scores=(), tag: str = "") -> Report:
    return Report(
        file_name=f"{unit}{tag}.xlsx",
        unit_code=unit,
        unit_name=f"Trường {unit}",
        period=Q2,
        tasks=list(tasks),
        indicators=list(indicators),
        satisfaction=list(survey),
        self_assessment=list(scores),
    )


A01_TASKS = [
    _task(5, DONE, date(2026, 5, 31), date(2026, 5, 20)),  # on time
    _task(6, DONE, date(2026, 4, 30), date(2026, 5, 2)),  # late
    _task(7, DONE, date(2026, 6, 30), None),  # done without a date: not on time
    _task(8, IN_PROGRESS, date(2026, 6, 29)),  # overdue
    _task(9, NOT_STARTED, date(2026, 6, 30)),  # due on the quarter's last day: not overdue
    _task(10, NOT_STARTED, date(2026, 9, 30)),
]
A01_INDICATORS = [
    IndicatorValue(row=5, code="TTHC_DUNG_HAN", result=45.0, total=50.0, note=None),
    IndicatorValue(row=6, code="TTHC_TRUC_TUYEN", result=12.0, total=None, note=None),  # a rate without Tổng số
    IndicatorValue(row=7, code="PAKN_DUNG_HAN", result=0.0, total=0.0, note=None),  # over 0: no figure
    IndicatorValue(row=8, code="TIN_BAI_CCHC", result=2.0, total=None, note=None),  # a count under its target 3
    IndicatorValue(row=9, code="TAP_HUAN_CCHC", result=14.0, total=None, note=None),  # no target
    IndicatorValue(row=10, code="KHONG_CO", result=5.0, total=9.0, note=None),  # not in the catalog
]
A01_SURVEY = [
    SatisfactionRow(row=5, dimension="TIEP_CAN", answers=40, levels=(1, 2, 7, 20, 10)),
    SatisfactionRow(row=6, dimension="TTHC", answers=0, levels=(0, 0, 0, 0, 0)),  # no answers: no figure
    SatisfactionRow(row=7, dimension="KHAC", answers=10, levels=(0, 0, 0, 0, 10)),  # not a SIPAS factor
]
A01_SCORES = [
    SelfScore(row=5, field="CDDH", max_points=10.0, self_points=9.0, appraised_points=None, note=None),
    SelfScore(row=6, field="TTHC", max_points=14.0, self_points=12.0, appraised_points=11.0, note=None),
    SelfScore(row=7, field="CDS", max_points=3.0, self_points=2.0, appraised_points=None, note=None, criterion="CDS.1"),
    SelfScore(row=8, field="CONGVU", max_points=10.0, self_points=6.0, appraised_points=None, note=None),
]


def _stock(engine: Engine) -> dict[str, int]:
    """The edge-case registry's reports of 2026-Q2, with the office's and the year's appraisals; their ids."""
    upsert_units(engine, REGISTRY)
    set_deadline(engine, Q2, date(2026, 7, 5))
    on_time, late = datetime(2026, 7, 5, 23, 0), datetime(2026, 7, 6, 0, 30)
    ids: dict[str, int] = {}

    def save(report: Report, at: datetime) -> int:
        return save_report(engine, report, content=report.file_name.encode(), received_at=at)

    ids["A01"] = save(
        _report("A01", tasks=A01_TASKS, indicators=A01_INDICATORS, survey=A01_SURVEY, scores=A01_SCORES), on_time
    )
    ids["A02"] = save(_report("A02"), on_time)  # a report with nothing in it
    ids["A03-first"] = save(_report("A03", tasks=A01_TASKS[:2], survey=A01_SURVEY[:1], tag="-1"), datetime(2026, 7, 1))
    ids["A03"] = save(_report("A03", tasks=A01_TASKS[3:], indicators=A01_INDICATORS[:1], tag="-2"), late)
    ids["A04"] = save(
        _report(
            "A04",
            tasks=A01_TASKS[3:5],
            scores=[SelfScore(row=5, field="CDDH", max_points=2.0, self_points=2.0, appraised_points=None, note=None)],
        ),
        late,
    )
    ids["A06"] = save(_report("A06", tasks=A01_TASKS), on_time)
    stamp = datetime(2026, 7, 20, 8, 0)
    with writing(engine) as conn:
        # The office's points: TTHC's above its maximum and CDS's on a criterion's row count nowhere.
        conn.execute(
            insert(appraisals),
            [
                {"unit_code": "A01", "period": Q2, "field": field, "points": points, "updated_at": stamp}
                for field, points in (("CDDH", 8.0), ("TTHC", 15.0), ("CDS", 2.5), ("CONGVU", 9.0))
            ],
        )
        conn.execute(
            insert(par_years),
            [{"unit_code": unit, "year": 2026, "state": "final", "changed_at": stamp} for unit in ("A01", "A04")],
        )
        conn.execute(
            insert(par_appraisals),
            [
                {
                    "unit_code": unit,
                    "year": 2026,
                    "item": item,
                    "points": points,
                    "submission_id": ids[unit],
                    "updated_at": stamp,
                }
                for unit, item, points in (
                    ("A01", "CDDH", 7.0),
                    ("A01", "CDS.1", 1.5),
                    ("A01", "THUONG", 2.0),
                    ("A01", "TRU", 1.0),
                    ("A04", "THUONG", 2.0),
                )
            ],
        )
    return ids


def test_edge_cases_equal_the_pandas_figures(engine):
    _stock(engine)
    assert_equal_to_pandas(engine, Q2)


def test_edge_cases_figures(engine):
    ids = _stock(engine)
    units = sql_units(engine, Q2)
    assert sorted(units) == ["A01", "A02", "A03", "A04", "A05"]  # A06 and A07 are not expected
    a01 = units["A01"]
    assert [a01[name] for name in TASK_COUNTS] == [6, 3, 1, 1]
    assert a01["completion_rate"] == pytest.approx(50.0)
    assert a01["on_time_rate"] == pytest.approx(100 / 3)
    assert a01["satisfaction:TIEP_CAN"] == pytest.approx(75.0)
    assert _missing(a01["satisfaction:TTHC"]) and a01["satisfaction"] == pytest.approx(75.0)
    assert a01["dimensions"] == 1
    assert a01["indicator:TTHC_DUNG_HAN"] == pytest.approx(90.0) and a01["met:TTHC_DUNG_HAN"] is False
    assert _missing(a01["indicator:TTHC_TRUC_TUYEN"]) and _missing(a01["met:TTHC_TRUC_TUYEN"])
    assert _missing(a01["indicator:PAKN_DUNG_HAN"])
    assert a01["indicator:TIN_BAI_CCHC"] == 2.0 and a01["met:TIN_BAI_CCHC"] is False
    assert a01["indicator:TAP_HUAN_CCHC"] == 14.0 and _missing(a01["met:TAP_HUAN_CCHC"])
    # CDDH: the year's 7 over the office's 8; TTHC: the report's 11 (the office's 15 exceeds 14); CDS.1: the
    # year's 1.5; CONGVU: the office's 9; the bonus +2 and the penalty −1, with no maximum.
    assert (a01["par_points"], a01["par_max_points"], a01["par_fields"]) == (29.5, 37.0, 6)
    assert a01["par_score"] == pytest.approx(29.5 / 37 * 100)
    a02 = units["A02"]
    assert a02["reported"] and [a02[name] for name in TASK_COUNTS] == [0, 0, 0, 0]
    assert all(_missing(a02[name]) for name in ("completion_rate", "on_time_rate", "satisfaction", "par_score"))
    assert units["A03"]["reported_on_time"] and [units["A03"][name] for name in TASK_COUNTS] == [3, 0, 0, 1]
    assert not units["A04"]["reported_on_time"] and _missing(units["A04"]["on_time_rate"])
    assert units["A04"]["par_score"] == 100.0  # 4 points of 2: a bonus beyond the maximum
    a05 = units["A05"]
    assert not a05["reported"] and all(_missing(a05[name]) for name in FIGURES if name != "dimensions")

    wards = sql_groups(engine, Q2, ("ward",))
    assert sorted(wards, key=str) == [("Phường 1",), ("Phường 2",), (None,)]
    assert [wards[("Phường 2",)][n] for n in ("expected", "submitted", "submitted_on_time", "tasks")] == [2, 1, 1, 3]
    assert wards[(None,)]["par_score"] == 100.0

    restore_submission(engine, ids["A03-first"])  # the first report current again: its figures count
    assert [sql_units(engine, Q2)["A03"][name] for name in TASK_COUNTS] == [2, 2, 1, 0]
    assert_equal_to_pandas(engine, Q2)


def test_a_quarter_without_reports(engine):
    upsert_units(engine, REGISTRY)
    units = sql_units(engine, Q2)
    assert sorted(units) == ["A01", "A02", "A03", "A04", "A05"]
    assert not any(u["reported"] for u in units.values())
    office = aggregates.group_quarter_summary(engine, Q2, ())
    assert office.at[0, "expected"] == 5 and office.at[0, "submitted"] == 0
    assert office.at[0, "submission_rate"] == 0.0 and _missing(office.at[0, "completion_rate"])
    assert_equal_to_pandas(engine, Q2)


def test_only_a_quarter_and_registry_columns_are_asked(engine):
    with pytest.raises(PeriodCodeError):
        aggregates.unit_quarter_summary(engine, "2026-H1")
    with pytest.raises(ValueError, match="cannot group"):
        aggregates.group_quarter_summary(engine, Q2, ("unit_name",))


def test_the_catalog_decides_the_columns_and_the_targets(engine):
    _stock(engine)
    timely = CATALOGS.indicators["TTHC_DUNG_HAN"]
    lower = replace(timely, code="TTHC_TRE_HAN", target=95.0, direction=LOWER)  # lower is better
    catalogs = replace(
        CATALOGS,
        indicators=Catalog({"TTHC_DUNG_HAN": timely, "TTHC_TRE_HAN": lower}),
        dimensions=Catalog({"TIEP_CAN": CATALOGS.dimensions["TIEP_CAN"]}),
    )
    frame = aggregates.unit_quarter_summary(engine, Q2, catalogs)
    assert [c for c in frame.columns if c.startswith(("satisfaction:", "indicator:", "met:"))] == [
        "satisfaction:TIEP_CAN",
        "indicator:TTHC_DUNG_HAN",
        "indicator:TTHC_TRE_HAN",
        "met:TTHC_DUNG_HAN",
        "met:TTHC_TRE_HAN",
    ]
    assert _differences(sql_units(engine, Q2, catalogs), pandas_units(engine, Q2, catalogs)) == []
    for by in (("ward",), ()):
        assert _differences(sql_groups(engine, Q2, by, catalogs), pandas_groups(engine, Q2, by, catalogs)) == []


# ---------------------------------------------------------------- the task counts' view (PostgreSQL)


def test_the_view_gives_the_same_figures_fresh_or_stale(engine):
    if engine.dialect.name != "postgresql":
        assert aggregates.ensure_views(engine) is False and aggregates.refresh(engine) is False
        return
    ids = _stock(engine)
    assert aggregates.ensure_views(engine) is True
    assert aggregates.ensure_views(engine) is True  # once is enough; again changes nothing
    with engine.connect() as conn:
        assert aggregates.views_present(conn)
    assert_equal_to_pandas(engine, Q2)
    # Stored after the view was filled: counted from its rows; the replaced report's counts stay in the view.
    save_report(
        engine, _report("A01", tasks=A01_TASKS[:2], tag="-2"), content=b"A01-2", received_at=datetime(2026, 7, 7)
    )
    assert [sql_units(engine, Q2)["A01"][name] for name in TASK_COUNTS] == [2, 2, 1, 0]
    assert_equal_to_pandas(engine, Q2)
    restore_submission(engine, ids["A01"])
    assert [sql_units(engine, Q2)["A01"][name] for name in TASK_COUNTS] == [6, 3, 1, 1]
    assert aggregates.refresh(engine) is True
    assert aggregates.refresh(engine, concurrently=False) is True
    assert_equal_to_pandas(engine, Q2)
    aggregates.drop_views(engine)
    assert aggregates.refresh(engine) is False
    assert_equal_to_pandas(engine, Q2)


def test_a_wards_own_deadline_judges_its_schools_as_the_pandas_figures_do(engine):
    _stock(engine)
    set_deadline(engine, Q2, date(2026, 7, 3), ward="Phường 1")  # earlier than the city's 5/7
    assert_equal_to_pandas(engine, Q2)
    units = sql_units(engine, Q2)
    assert [units[u]["reported_on_time"] for u in ("A01", "A02", "A03")] == [False, False, True]
