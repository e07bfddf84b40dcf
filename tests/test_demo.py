"""The demo data and the samples: every file gives the answer the manifest and the README promise."""

from __future__ import annotations

import io
import json
import random
import re
import unicodedata
import zipfile
from collections import Counter
from datetime import date
from functools import cache

import pytest

from core.catalogs import default_catalogs
from core.periods import Period
from core.text import fold_key
from demo import DEMO_DIR, OFFICE_JSON, read_units, registry
from demo.build import (
    APPRAISALS,
    EVIDENCE_DIR,
    EVIDENCE_MANIFEST,
    PERIODS,
    PLAN_DIR,
    PLAN_MANIFEST,
    SAMPLE_DIR,
    SAMPLES,
    TODAY,
    WORKBOOK_DIR,
    build_demo_files,
    build_evidence_files,
    build_plans,
    criteria_schools,
    drawn,
    is_active,
    read_manifest,
    submissions,
)
from demo.evidence import read_rows
from demo.generator import (
    MISTAKES,
    STYLES,
    ReportData,
    bad_variants,
    render,
    report_data,
    report_workbook,
)
from demo.plans import WORD_PLAN, plan_file, read_plan_manifest, word_plan_file
from loaders.plan import load_plan
from loaders.plan_model import Plan
from loaders.read import load_report
from loaders.report import Report

UNITS = read_units()
REGISTRY = registry(UNITS)
MANIFEST = read_manifest()
PLANS = read_plan_manifest(PLAN_MANIFEST)


def load(content: bytes, name: str = "bao-cao.xlsx") -> Report:
    return load_report(content, name, registry=REGISTRY)


def problems(report: Report) -> list[tuple[str, str | None, int | None, str | None, str]]:
    return [(p.severity, p.sheet, p.row, p.column, p.code) for p in report.problems]


@cache
def demo_report(file: str) -> Report:
    return load((WORKBOOK_DIR / file).read_bytes(), file)


# ---------------------------------------------------------------- the registry and the office


def test_units_csv_is_a_ward_of_about_thirty_schools():
    levels = Counter(u["cap_hoc"] for u in UNITS)
    assert levels == {"Mầm non": 12, "Tiểu học": 11, "THCS": 7}
    assert len(REGISTRY) == len(UNITS) == 30
    assert all(default_catalogs().levels.resolve(level) for level in levels)
    assert 2 <= len({u["phuong"] for u in UNITS}) <= 3
    assert [u["ma_don_vi"] for u in UNITS if u["hieu_luc_tu"]] == ["TH11"]
    assert [(u["ma_don_vi"], u["hieu_luc_den"]) for u in UNITS if u["hieu_luc_den"]] == [("MN12", "2025-Q4")]


def test_office_is_a_ward_culture_society_office():
    office = json.loads(OFFICE_JSON.read_text(encoding="utf-8"))
    assert office["name"].startswith("Phòng Văn hóa – Xã hội phường")
    assert office["parent"].startswith("Ủy ban nhân dân phường")
    assert office["place"] in office["name"]


# ---------------------------------------------------------------- the demo workbooks


@pytest.mark.parametrize("row", MANIFEST, ids=[r["file"] for r in MANIFEST])
def test_every_demo_file_gets_the_expected_answer(row):
    report = demo_report(row["file"])
    period, code = row["file"].removesuffix(".xlsx").split("_")[:2]
    assert (report.period, report.unit_code) == (period, code)
    if row["expect"] == "accepted":
        assert report.problems == []
    else:
        assert row["file"].endswith("_loi.xlsx")
        assert [p.code for p in report.problems] in [[mistake] for mistake in MISTAKES]


def test_manifest_is_in_received_order_and_lists_every_file():
    dates = [row["received_at"] for row in MANIFEST]
    assert dates == sorted(dates) and dates[-1] <= TODAY.isoformat()
    assert sorted(row["file"] for row in MANIFEST) == sorted(p.name for p in WORKBOOK_DIR.glob("*"))
    assert sum(p.stat().st_size for p in WORKBOOK_DIR.glob("*")) < 3 * 1024 * 1024


def test_reporting_behaviour_is_realistic():
    files = [row["file"] for row in MANIFEST]
    assert 2 <= sum(f.endswith("_v2.xlsx") for f in files) <= 3
    assert 2 <= sum(f.endswith("_loi.xlsx") for f in files) <= 3
    for corrected in (f for f in files if f.endswith(("_v2.xlsx", "_loi.xlsx"))):
        base = corrected.rsplit("_", 1)[0] + ".xlsx"
        before, after = (corrected, base) if corrected.endswith("_loi.xlsx") else (base, corrected)
        assert files.index(before) < files.index(after)
    first_accepted: dict[tuple[str, str], str] = {}
    for row in MANIFEST:
        if row["expect"] == "accepted":
            period, code = row["file"].removesuffix(".xlsx").split("_")[:2]
            first_accepted.setdefault((period, code), row["received_at"])
    for period in PERIODS:
        expected = {u["ma_don_vi"] for u in UNITS if is_active(u, period)}
        got = {code for p, code in first_accepted if p == period.code}
        assert got <= expected
        assert (1 <= len(expected - got) <= 3) if period == PERIODS[-1] else len(expected - got) <= 2
    deadlines = {p.code: p.default_deadline.isoformat() for p in PERIODS}
    on_time = sum(day <= deadlines[period] for (period, _), day in first_accepted.items())
    assert 0.7 * len(first_accepted) <= on_time < len(first_accepted)  # most on time, some late


def test_new_and_merged_schools_report_only_while_active():
    quarters = {code: {row["file"][:7] for row in MANIFEST if f"_{code}" in row["file"]} for code in ("TH11", "MN12")}
    assert min(quarters["TH11"]) == "2026-Q1"
    assert max(quarters["MN12"]) <= "2025-Q4"


def _members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_committed_demo_is_what_the_builder_writes(tmp_path):
    rows = build_demo_files(tmp_path)
    assert rows == MANIFEST
    for row in rows:  # compare unpacked parts: deflate output may differ between zlib builds
        assert _members((tmp_path / row["file"]).read_bytes()) == _members((WORKBOOK_DIR / row["file"]).read_bytes())


# ---------------------------------------------------------------- the yearly plans


@cache
def demo_plan(file: str) -> Plan:
    return load_plan((PLAN_DIR / file).read_bytes(), file, registry=REGISTRY)


def _sender(file: str) -> tuple[str, str]:
    period, code = file.removesuffix(".xlsx").split("_")[:2]
    return period, code


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    from demo.load import load_demo
    from storage.open import open_database

    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
    summary = load_demo(engine, lang="en")
    assert f", {len(PLANS)} yearly CCHC plans." in summary
    yield engine
    engine.dispose()


def test_every_demo_plan_is_stored_as_its_schools_plan(demo_engine):
    from storage.plans import current_plan

    assert sorted(row["file"] for row in PLANS) == sorted(p.name for p in PLAN_DIR.glob("*.xlsx"))
    for row in PLANS:
        plan = demo_plan(row["file"])
        assert plan.problems == [] and (plan.unit_code, plan.year) == (row["unit"], int(row["year"]))
        stored = current_plan(demo_engine, row["unit"], int(row["year"]))
        assert stored is not None and len(stored["tasks"]) == len(plan.tasks) >= 8
        assert re.fullmatch(r"\d+/KH-\w+", stored["number"]) and stored["issued_on"].year == plan.year


def test_most_schools_have_a_plan_for_the_years_they_report(demo_engine):
    from storage.plans import current_plans

    for year in {p.year for p in PERIODS}:
        sent = (row["file"].removesuffix(".xlsx").split("_")[:2] for row in MANIFEST)
        reporting = {code for period, code in sent if period.startswith(str(year))}
        planned = set(current_plans(demo_engine, year)["unit_code"])
        assert planned == {row["unit"] for row in PLANS if row["year"] == str(year)}
        without = 3 + (year == WORD_PLAN[1])  # and the school whose plan is only in Word
        assert planned < reporting and len(reporting - planned) == without
    assert len(set(current_plans(demo_engine, 2026)["unit_code"])) == 25
    assert len(PLANS) == 51


def test_a_school_without_a_plan_still_reports(demo_engine):
    from storage.plans import current_plan

    assert current_plan(demo_engine, "MN11", 2026) is None
    assert {"2026-Q1_MN11.xlsx", "2026-Q2_MN11.xlsx"} <= {row["file"] for row in MANIFEST}
    assert current_plan(demo_engine, "MN11", 2025) is not None


def test_one_school_sends_its_plan_only_in_word_for_a_person_to_propose(demo_engine):
    from loaders.docx_plan import propose_plan
    from storage.plans import current_plan

    code, year = WORD_PLAN
    document = PLAN_DIR / word_plan_file(code, year)
    assert [p.name for p in PLAN_DIR.glob("*.docx")] == [document.name]
    assert not (PLAN_DIR / plan_file(code, year)).exists()
    assert (code, str(year)) not in {(row["unit"], row["year"]) for row in PLANS}
    assert current_plan(demo_engine, code, year) is None  # not loaded: a person proposes it on the plan page
    proposal = propose_plan(document.read_bytes(), document.name)
    assert proposal.problems == [] and proposal.year == year
    assert 8 <= len(proposal.rows) <= 25
    assert all(row.field and row.who and row.due and row.product for row in proposal.rows)  # each read in full
    forms = Counter(re.sub(r"\d+", "9", row.deadline) for row in proposal.rows)
    assert {"Quý II/9", "trước ngày 9/9/9", "Tháng 9", "Thường xuyên", "Hằng quý"} <= set(forms)
    sent = [r["file"] for r in MANIFEST if _sender(r["file"]) == (f"{year}-Q2", code) and r["expect"] == "accepted"]
    reported = {fold_key(t.content) for t in demo_report(sent[-1]).tasks}
    assert sum(fold_key(row.content) in reported for row in proposal.rows) >= 2 / 3 * len(proposal.rows)


def test_codes_are_assigned_where_the_workbook_gives_none(demo_engine):
    from storage.plans import current_plan

    given = {row["unit"] for row in PLANS if row["year"] == "2026" and demo_plan(row["file"]).tasks[0].code}
    assert 5 <= len(given) <= 12  # some schools number their tasks, most leave it to the app
    for row in (r for r in PLANS if r["year"] == "2026"):
        plan, stored = demo_plan(row["file"]), current_plan(demo_engine, row["unit"], 2026)
        codes = [t["code"] for t in stored["tasks"]]
        if row["unit"] in given:
            assert all(t.code for t in plan.tasks) and codes == [t.code for t in plan.tasks]
            assert codes[0] == "I.1"
        else:
            assert all(t.code is None for t in plan.tasks)
            assert codes == [f"{row['unit']}-2026-{n:03d}" for n in range(1, len(codes) + 1)]


def test_plan_tasks_are_the_tasks_the_school_reports():
    """A plan lists the tasks its school's 2026-Q2 report lists, give or take a few."""
    matched = total = 0
    for row in (r for r in PLANS if r["year"] == "2026"):
        sent = [
            r["file"] for r in MANIFEST if _sender(r["file"]) == ("2026-Q2", row["unit"]) and r["expect"] == "accepted"
        ]
        reported = {fold_key(t.content) for t in demo_report(sent[-1]).tasks}
        planned = [fold_key(t.content) for t in demo_plan(row["file"]).tasks]
        found = sum(content in reported for content in planned)
        assert found >= 2 / 3 * len(planned) and found >= 2 / 3 * len(reported)
        matched, total = matched + found, total + len(planned)
    assert matched >= 0.8 * total


def test_plan_deadlines_and_columns_are_written_as_schools_write_them():
    tasks = [t for row in PLANS for t in demo_plan(row["file"]).tasks]
    forms = Counter(re.sub(r"\d+", "9", t.deadline) for t in tasks)
    for form in ("Quý II/9", "trước ngày 9/9/9", "Tháng 9/9", "trong năm 9", "Thường xuyên", "Hằng quý", "9/9/9"):
        assert forms[form] >= 0.02 * len(tasks), form
    assert 0.1 <= sum(t.recurring for t in tasks) / len(tasks) <= 0.4
    assert all(t.who for t in tasks)
    assert 0.5 <= sum(t.product is not None for t in tasks) / len(tasks) < 1


def test_a_refused_demo_plan_stops_the_demo_loudly(tmp_path):
    import shutil

    from demo.load import DemoDataError, load_demo
    from storage.open import open_database

    shutil.copyfile(DEMO_DIR / "units.csv", tmp_path / "units.csv")
    (tmp_path / "manifest.csv").write_text("file,received_at,expect\n", encoding="utf-8")
    (tmp_path / "plans").mkdir()
    shutil.copyfile(PLAN_DIR / "2026_TH01_ke-hoach.xlsx", tmp_path / "plans" / "2026_TH02_ke-hoach.xlsx")
    (tmp_path / "plans" / "2026_TH03_ke-hoach.xlsx").write_bytes(b"PK\x03\x04 cut short")
    for name, unit in (("2026_TH02_ke-hoach.xlsx", "TH02"), ("2026_TH03_ke-hoach.xlsx", "TH03")):
        rows = f"file,unit,year\n{name},{unit},2026\n"
        (tmp_path / "plans" / "manifest.csv").write_text(rows, encoding="utf-8")
        with pytest.raises(DemoDataError, match=re.escape(f"{name}: expected the 2026 plan of {unit}")):
            load_demo(open_database(f"sqlite:///{tmp_path / unit}.sqlite3"), demo_dir=tmp_path)


def test_the_committed_plans_are_what_the_builder_writes(tmp_path):
    assert build_plans(tmp_path) == PLANS
    for name in [row["file"] for row in PLANS] + [word_plan_file(*WORD_PLAN)]:
        assert _members((tmp_path / name).read_bytes()) == _members((PLAN_DIR / name).read_bytes())


def test_the_word_plan_is_the_same_file_every_time(tmp_path):
    """Its core properties and zip times are fixed: a rebuilt demo leaves git nothing to see."""
    build_plans(tmp_path / "first")
    build_plans(tmp_path / "again")
    name = word_plan_file(*WORD_PLAN)
    assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    with zipfile.ZipFile(PLAN_DIR / name) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2026, 1, 21, 10, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-01-21T10:00:00Z") == 2 and "python-docx" not in core


# ---------------------------------------------------------------- the 2026 PAR year: criteria, evidence, appraisal

CRITERIA = ["MN09", "MN10", "TH07", "THCS01", "THCS02"]  # score their 2026 criterion by criterion
EVIDENCE = read_rows(EVIDENCE_MANIFEST)
APPRAISED = read_rows(APPRAISALS)
EVIDENCE_SCHOOLS = [*CRITERIA, "TH01", "TH05", "THCS04"]


def test_five_schools_score_their_2026_by_the_criteria_of_the_years_framework():
    from core.frameworks import framework_for

    framework = framework_for(2026)
    items = [i.code for f in framework.fields for i in framework.scored(f.code)]
    assert criteria_schools() == CRITERIA
    assert len(items) == 32 and "TACDONG.1" not in items and "TACDONG.1.5" in items  # by its sub-criteria
    reports = Counter()
    for row in (r for r in MANIFEST if r["expect"] == "accepted"):
        report = demo_report(row["file"])
        rows = report.self_assessment
        if report.unit_code not in CRITERIA or not report.period.startswith("2026"):
            assert all(r.criterion is None for r in rows), row["file"]
            continue
        reports[report.unit_code] += 1
        assert [r.criterion for r in rows] == items, row["file"]
        assert all(r.field == framework.field_of(r.criterion) for r in rows)
        assert all(0 <= r.self_points <= r.max_points == framework[r.criterion].max_points for r in rows)
        assert all(r.appraised_points is None for r in rows)
        assert 0.75 * len(rows) <= sum(bool(r.explanation) for r in rows) < len(rows)  # most explained, not all
    assert reports == dict.fromkeys(CRITERIA, 3)  # 2026-Q1 to Q3


def test_scoring_by_criteria_keeps_the_reports_other_figures_and_its_field_totals():
    from dataclasses import replace

    chosen = [s for s in submissions() if s.by_criteria]
    assert sorted((s.unit["ma_don_vi"], s.period.code) for s in chosen) == [
        (code, f"2026-Q{q}") for code in CRITERIA for q in (1, 2, 3)
    ]
    for s in chosen:
        data, as_fields = drawn(s)[0], drawn(replace(s, by_criteria=False))[0]
        assert data.tasks == as_fields.tasks and data.indicators == as_fields.indicators
        assert data.survey == as_fields.survey and (data.number, data.prepared_on) == (
            as_fields.number,
            as_fields.prepared_on,
        )
        totals = Counter()
        for line in data.scores:
            totals[line.field] += line.self_points
        for line in as_fields.scores:  # the same points, spread; the survey's sub-criteria may leave a little off
            assert abs(totals[line.field] - line.self_points) <= (0.5 if line.field == "TACDONG" else 0), s


def test_the_committed_evidence_and_appraisals_are_what_the_builder_writes(tmp_path):
    rows, appraised = build_evidence_files(tmp_path)
    assert rows == EVIDENCE and appraised == APPRAISED
    on_disk = sorted(str(p.relative_to(EVIDENCE_DIR)) for p in EVIDENCE_DIR.rglob("*") if p.is_file())
    assert on_disk == sorted([row["file"] for row in EVIDENCE] + ["manifest.csv"])
    for row in rows:  # stored deflate in the PNGs: the same bytes whatever zlib built them
        assert (tmp_path / row["file"]).read_bytes() == (EVIDENCE_DIR / row["file"]).read_bytes(), row["file"]


def test_the_evidence_files_are_small_real_pdfs_and_pngs():
    from PIL import Image

    from core.filetypes import sniff

    kinds = Counter()
    for row in EVIDENCE:
        content = (EVIDENCE_DIR / row["file"]).read_bytes()
        kind = sniff(content, row["name"])
        kinds[kind] += 1
        assert row["file"].endswith(f".{kind}") and row["name"].endswith(f".{kind}") and len(content) < 16 * 1024
        if kind == "png":
            with Image.open(io.BytesIO(content)) as image:
                image.load()
                assert (image.size, image.mode) == ((200, 120), "P") and len(image.getcolors()) >= 6
            continue
        start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", content).group(1))
        assert content[start:].startswith(b"xref\n0 8\n")
        offsets = [int(line[:10]) for line in content[start:].split(b"\n")[3:10]]
        assert [content[o:].split(b"\n")[0] for o in offsets] == [b"%d 0 obj" % n for n in range(1, 8)]
        school = next(u["ten_don_vi"] for u in UNITS if u["ma_don_vi"] == row["unit"])
        assert b"(" + fold_key_upper(school) + b") Tj" in content  # the school's name, readable
        assert b"(Tai lieu kiem chung Chi so CCHC nam 2026, " + (row["criterion"] or row["field"]).encode() in content
    assert kinds == {"pdf": 16, "png": 6}


def fold_key_upper(text: str) -> bytes:
    from demo.evidence import plain

    return plain(text.upper()).encode("ascii")


def test_the_demo_load_attaches_the_evidence_some_points_backed_others_warned(demo_engine):
    from pipeline.appraisal import year_sheet
    from storage.evidence import list_evidence

    assert sorted({row["unit"] for row in EVIDENCE}) == sorted(EVIDENCE_SCHOOLS)
    files = {code: list_evidence(demo_engine, code, 2026) for code in EVIDENCE_SCHOOLS}
    assert {code: len(found) for code, found in files.items()} == {
        "MN09": 3, "MN10": 3, "TH07": 3, "THCS01": 3, "THCS02": 3, "TH01": 2, "TH05": 2, "THCS04": 3}  # fmt: skip
    assert Counter(f["kind"] for found in files.values() for f in found) == {"pdf": 16, "png": 6}
    assert all(f["added_by"] is None for found in files.values() for f in found)  # attached as the office
    for row in EVIDENCE:
        target = (row["name"], row["field"] or None, row["criterion"] or None)
        assert target in {(f["file_name"], f["field"], f["criterion"]) for f in files[row["unit"]]}
    sheets = {code: year_sheet(demo_engine, code, 2026) for code in EVIDENCE_SCHOOLS}
    warned = {code: sheet.unsupported for code, sheet in sheets.items()}
    assert warned == {"MN09": 1, "MN10": 1, "TH07": 1, "THCS01": 5, "THCS02": 4, "TH01": 0, "TH05": 0, "THCS04": 0}
    for code in CRITERIA:  # each backs one row it left unexplained with a file; its other bare rows keep the ⚠
        items = sheets[code].items
        bare = items.loc[items["explanation"].isna() & items["self_points"].gt(0)]
        assert bare["evidence"].map(len).gt(0).sum() == 1
        assert (bare["evidence"].map(len).eq(0) == bare["unsupported"]).all()
        assert items.loc[items["level"].ne("adjustment"), "evidence"].map(len).gt(0).sum() == 3


def test_two_schools_2026_appraisal_is_final_and_moves_their_par_score(demo_engine):
    from core.office import load_office
    from exports.par import ranking_workbook
    from metrics.views import par_year_table
    from pipeline.appraisal import year_sheet
    from storage.frames import load_frames
    from storage.par_appraisal import year_states

    states = year_states(demo_engine, 2026)
    assert states == {"THCS01": "final", "TH05": "final"}
    assert [(r["unit"], r["item"], r["points"]) for r in APPRAISED] == [
        ("THCS01", "CONGVU.3", "1"), ("THCS01", "TAICHINH.3", "1.25"), ("THCS01", "THUONG", "1"),
        ("TH05", "CDS", "9.5"), ("TH05", "TACDONG", "22.5")]  # fmt: skip
    assert all(r["reason"] for r in APPRAISED)
    table = par_year_table(load_frames(demo_engine), default_catalogs(), 2026)
    scores = table.set_index("unit_code")
    for unit in states:
        sheet = year_sheet(demo_engine, unit, 2026)
        assert sheet.final and sheet.period == "2026-Q3" and not sheet.items["needs_reason"].any()
        own = sheet.items.set_index("item")["self_points"].fillna(0)
        change = sum(float(r["points"]) - own[r["item"]] for r in APPRAISED if r["unit"] == unit)
        assert scores.at[unit, "self_points"] == sheet.totals["self"]
        assert scores.at[unit, "final_points"] == pytest.approx(sheet.totals["final"])
        assert scores.at[unit, "final_points"] == pytest.approx(scores.at[unit, "self_points"] + change)
    assert scores.loc[["THCS01", "TH05"], ["self_points", "final_points", "score"]].values.tolist() == [
        [91.75, 91.5, 91.5], [82.0, 81.0, 81.0]]  # fmt: skip
    others = scores.drop(index=["THCS01", "TH05"])
    assert len(others) == 25 and (others["final_points"] == others["self_points"]).all()
    content = ranking_workbook(table, default_catalogs(), states, 2026, load_office())
    sheet = openpyxl_rows(content)
    marked = {r[1]: r[-1] for r in sheet if isinstance(r[0], int)}
    assert len(marked) == 27 and {u for u, state in marked.items() if state == "Đã chốt"} == {"THCS01", "TH05"}


def openpyxl_rows(content: bytes) -> list[tuple]:
    import openpyxl

    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


# ---------------------------------------------------------------- the latest quarter's data-quality flags


def _accepted(period: str, code: str) -> Report:
    """The school's report of the quarter as the app keeps it: its last accepted file."""
    files = [r["file"] for r in MANIFEST if _sender(r["file"]) == (period, code) and r["expect"] == "accepted"]
    return demo_report(files[-1])


def test_the_latest_quarters_workbooks_hold_the_slips_the_flags_point_at():
    from demo.build import COPIED_REPORT, EXTRA_ZEROS, REPEATED_SURVEY

    assert (COPIED_REPORT, REPEATED_SURVEY, EXTRA_ZEROS) == (("TH09", "TH10"), "MN07", ("THCS05", "TIN_BAI_CCHC"))
    copy, original = _accepted("2026-Q3", "TH09"), _accepted("2026-Q3", "TH10")
    assert (copy.unit_code, copy.unit_name) == ("TH09", REGISTRY["TH09"])  # its own code and name in ThongTin
    assert _read_back(copy)["tasks"] == _read_back(original)["tasks"]
    assert _read_back(copy)["indicators"] == _read_back(original)["indicators"]
    assert _read_back(copy)["survey"] != _read_back(original)["survey"]  # the rest is its own
    assert _read_back(_accepted("2026-Q3", "MN07"))["survey"] == _read_back(_accepted("2026-Q2", "MN07"))["survey"]
    assert min(s.answers for s in _accepted("2026-Q2", "MN07").satisfaction) >= 20
    sent = next(s for s in submissions() if (s.unit["ma_don_vi"], s.period.code) == ("THCS05", "2026-Q3"))
    meant = next(i.result for i in drawn(sent)[0].indicators if i.code == "TIN_BAI_CCHC")
    typed = next(i.result for i in _accepted("2026-Q3", "THCS05").indicators if i.code == "TIN_BAI_CCHC")
    assert (meant, typed) == (3, 3000.0)  # three news articles, typed with three extra zeros


def test_the_latest_quarter_shows_every_kind_of_data_quality_flag(demo_engine):
    """TH09 sent TH10's report under its own code, MN07 pasted its 2026-Q2 survey, THCS05 typed 3000 news articles;
    THCS03's many trainings, the outliers of the schools' own past and the plans' flags are the data's own."""
    from metrics.quality import KINDS
    from pipeline.quality import quarter_quality

    flags = quarter_quality(demo_engine, "2026-Q3")
    assert set(flags["kind"]) == set(KINDS) and set(flags["state"]) == {"open"}

    def of(*kinds: str) -> list[tuple[str, str, str]]:
        return [tuple(row) for row in flags.loc[flags["kind"].isin(kinds), ["unit_code", "kind", "item"]].values]

    assert of("copied", "survey-repeated", "outlier-across") == [
        ("MN07", "survey-repeated", ""),
        ("TH09", "copied", "TH10"),
        ("TH10", "copied", "TH09"),
        ("THCS03", "outlier-across", "TAP_HUAN_CCHC"),
        ("THCS05", "outlier-across", "TIN_BAI_CCHC"),
    ]
    news = flags.loc[flags["item"].eq("TIN_BAI_CCHC").to_numpy() & flags["unit_code"].eq("THCS05").to_numpy()]
    assert news[["kind", "value", "reference"]].values.tolist() == [
        ["outlier-across", 3000.0, 4.5],  # the median of the THCS
        ["outlier-history", 3000.0, 3.0],  # the median of its own earlier quarters
    ]
    assert (news["score"] > 1000).all()
    assert flags.loc[flags["kind"].isin(["copied", "survey-repeated"]), "reference"].tolist() == [
        "2026-Q2", "TH10", "TH09"]  # fmt: skip


# ---------------------------------------------------------------- the generator


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _read_back(report: Report) -> dict[str, list]:
    return {
        "tasks": sorted((t.field, _nfc(t.content), t.deadline, t.status, t.done_on) for t in report.tasks),
        "indicators": [(i.code, i.result, i.total) for i in report.indicators],
        "survey": [(s.dimension, s.answers, list(s.levels)) for s in report.satisfaction],
        "scores": [(s.field, s.criterion, s.self_points, s.appraised_points) for s in report.self_assessment],
    }


def _drawn(data: ReportData, with_scores: bool) -> dict[str, list]:
    return {
        "tasks": sorted((t.field, t.content, t.deadline, t.status, t.done_on) for t in data.tasks),
        "indicators": [(i.code, i.result, i.total) for i in data.indicators],
        "survey": [(s.dimension, s.answers, s.levels) for s in data.survey],
        "scores": [(s.field, s.criterion, s.self_points, s.appraised) for s in data.scores] if with_scores else [],
    }


CASES = [
    (style, unit, period, False)
    for style in STYLES
    for unit in ("MN03", "TH08", "THCS05")
    for period in (Period(2025, 2), Period(2025, 4), Period(2026, 3))
] + [(style, "TH08", Period(2026, 2), True) for style in STYLES]  # scored criterion by criterion


@pytest.mark.parametrize(("style", "code", "period", "by_criteria"), CASES)
def test_every_layout_validates_clean_and_reads_back_what_was_drawn(style, code, period, by_criteria):
    unit = next(u for u in UNITS if u["ma_don_vi"] == code)
    data = report_data(unit, period, random.Random(f"{style}{code}{period}"), by_criteria=by_criteria)
    assert all(s.criterion for s in data.scores) == by_criteria
    report = load(render(data, STYLES[style]))
    assert report.problems == []
    assert (report.unit_code, report.unit_name, report.period) == (code, unit["ten_don_vi"], period.code)
    assert report.prepared_on == data.prepared_on
    assert _read_back(report) == _drawn(data, STYLES[style].self_assessment)


def test_drawn_values_are_plausible():
    for unit in UNITS:
        for period in PERIODS:
            data = report_data(unit, period, random.Random(f"{unit['ma_don_vi']}{period}"))
            assert 8 <= len(data.tasks) <= 25 and {t.field for t in data.tasks} == set(
                default_catalogs().par_fields.codes()
            )
            assert all(t.deadline <= period.last_day for t in data.tasks)
            assert all(t.done_on is None or t.done_on <= data.prepared_on for t in data.tasks)
            assert all(i.total is None or 0 <= i.result <= i.total for i in data.indicators)
            assert all(30 <= s.answers <= 300 and sum(s.levels) == s.answers for s in data.survey)
            assert all(0 <= s.self_points <= s.max_points for s in data.scores)


def test_generator_is_deterministic():
    unit = UNITS[5]
    first = report_workbook(unit, Period(2026, 1), random.Random(7), style="official")
    again = report_workbook(unit, Period(2026, 1), random.Random(7), style="official")
    other = report_workbook(unit, Period(2026, 1), random.Random(8), style="official")
    assert first == again
    assert _read_back(load(first)) == _read_back(load(again)) != _read_back(load(other))


def test_the_trend_improves_over_the_quarters():
    def completion(period: Period) -> float:
        tasks = [t for u in UNITS for t in report_data(u, period, random.Random(f"{u['ma_don_vi']}{period}")).tasks]
        return sum(t.status == "done" for t in tasks) / len(tasks)

    assert completion(PERIODS[0]) + 0.05 < completion(PERIODS[-1])


@pytest.mark.parametrize("style", STYLES)
def test_bad_variants_each_give_their_one_error(style):
    variants = bad_variants(UNITS[14], Period(2026, 2), random.Random(3), style=style)
    assert set(variants) == set(MISTAKES)
    for mistake, content in variants.items():
        report = load(content)
        assert [(p.severity, p.code) for p in report.problems] == [("error", mistake)]


# ---------------------------------------------------------------- the samples

SAMPLE_ANSWERS = {
    "01_hop-le_mau-chuan.xlsx": [],
    "02_hop-le_trinh-bay-cong-van.xlsx": [],
    "03_loi_trang-thai-khong-hop-le.xlsx": [("error", "NhiemVu", 8, "Trạng thái", "unknown-status")],
    "04_loi_ngay-thang-truoc-ngay.xlsx": [("error", "Nhiệm vụ", 16, "Thời hạn hoàn thành", "bad-date")],
    "05_loi_so-phieu-khong-khop.xlsx": [("error", "HaiLong", 4, "Số phiếu", "answers-mismatch")],
    "06_loi_thieu-cot-trang-thai.xlsx": [("error", "Nhiệm vụ", 3, "Trạng thái", "missing-column")],
    "07_hop-le_libreoffice.ods": [],
    "08_hop-le_excel-97.xls": [],
}
SAMPLE_COUNTS = {
    "01_hop-le_mau-chuan.xlsx": (16, 9, 5, 8),
    "02_hop-le_trinh-bay-cong-van.xlsx": (17, 9, 5, 8),
    "07_hop-le_libreoffice.ods": (17, 9, 5, 8),
    "08_hop-le_excel-97.xls": (16, 9, 5, 8),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_give_the_documented_answers(name):
    report = load((SAMPLE_DIR / name).read_bytes(), name)
    assert problems(report) == SAMPLE_ANSWERS[name]
    assert (report.unit_code, report.period) == (SAMPLES[name][0], "2026-Q3")
    if name in SAMPLE_COUNTS:
        assert tuple(report.counts().values()) == SAMPLE_COUNTS[name]
        assert report.prepared_on == date(2026, 9, 24)


def test_samples_readme_lists_every_sample():
    readme = (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in SAMPLE_DIR.iterdir() if p.name != "README.md") == sorted(SAMPLES)
    for name, answer in SAMPLE_ANSWERS.items():
        assert f"`{name}`" in readme
        for _, sheet, row, _column, code in answer:
            assert f"`{code}`, sheet `{sheet}`, dòng {row}" in readme


def test_demo_dir_holds_only_demo_files():
    assert {p.name for p in DEMO_DIR.iterdir()} == {
        "units.csv",
        "office.json",
        "workbooks",
        "manifest.csv",
        "plans",
        "evidence",
        "appraisals.csv",
    }


def test_the_demo_comes_with_its_logins_printed_and_kept(tmp_path, monkeypatch, capsys):
    import cli
    from storage.accounts import authenticate, list_users
    from storage.open import open_database

    url = f"sqlite:///{tmp_path / 'demo-logins.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "var"))
    assert cli.main(["demo"]) == 0
    printed = capsys.readouterr().out
    logins = {line.split(" / ")[0].strip(): line.split(" / ")[1] for line in printed.splitlines() if " / " in line}
    logins.pop("Tài khoản dùng thử (tên đăng nhập", None)
    assert sorted(logins) == ["chuyenvien.kv1", "lanhdao", "quantri", "vanthu.th01"]
    engine = open_database(url)
    assert authenticate(engine, "quantri", logins["quantri"]).role == "admin"
    assert authenticate(engine, "vanthu.th01", logins["vanthu.th01"]).unit_code == "TH01"
    assert (tmp_path / "var" / "demo-accounts.txt").stat().st_mode & 0o077 == 0
    assert cli.main(["demo"]) == 0  # a second start: the same logins again, nobody added
    assert logins["quantri"] in capsys.readouterr().out
    assert len(list_users(engine)) == 4


def test_no_demo_logins_on_a_database_that_already_held_reports(tmp_path, monkeypatch, capsys):
    import cli
    from demo.load import load_demo
    from storage.open import open_database

    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "var"))
    load_demo(open_database(url))  # reports there already, no account
    assert cli.main(["demo"]) == 0
    assert "tạo tài khoản quản trị đầu tiên" in capsys.readouterr().out
    assert not (tmp_path / "var" / "demo-accounts.txt").exists()
