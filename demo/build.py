"""The demo's report files: six quarters of one ward's schools, as they really arrive.

Most schools report before the 20th of the quarter's last month, some late, a
few not at all (more in the latest quarter, still open); a few send a corrected
second version; a few first send a file that is rejected, then a corrected one. Most schools
also have a yearly plan whose tasks are those their reports list (demo.plans); one sends its
2026 plan only as a Word document, left in data/demo/plans/ for a person to propose on the plan page.
In 2026 a few schools score their self-assessment by the criteria of the year's framework; a few
attach evidence to it, and the office makes two schools' appraisal of the year final (demo.evidence).
In the latest quarter three schools slip as the data-quality flags expect (`slipped`): one sends another
school's report under its own code, one pastes its survey of the quarter before, one types a figure with
three extra zeros.

    python -m demo.build            # data/demo/workbooks/ and data/demo/manifest.csv,
                                    # data/demo/plans/ (the schools' yearly plans, one .docx) and its manifest.csv,
                                    # data/demo/evidence/ (files and manifest.csv), data/demo/appraisals.csv
    python -m demo.build samples    # data/samples/ (needs LibreOffice for the .xls and .ods)
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from core.periods import Period, period_from_code
from demo import DEMO_DIR, read_units
from demo.evidence import APPRAISAL_FIELDS, EVIDENCE_FIELDS, appraisals, build_evidence, write_rows
from demo.generator import (
    MISTAKES,
    STYLES,
    ReportData,
    bad_variant,
    copied_from,
    extra_zeros,
    render,
    report_data,
    revised,
    skill_in,
    survey_pasted,
    unit_style,
)
from demo.plans import WORD_PLAN, build_demo_plans, word_plan_file, write_plan_manifest

SEED = 2026
SAMPLE_DIR = DEMO_DIR.parent / "samples"
SAMPLE_PERIOD = Period(2026, 3)
# file → (unit code, layout, mistake or "" for a valid file); the units are those missing in the demo's 2026-Q3
SAMPLES = {
    "01_hop-le_mau-chuan.xlsx": ("TH04", "template", ""),
    "02_hop-le_trinh-bay-cong-van.xlsx": ("THCS04", "official", ""),
    "03_loi_trang-thai-khong-hop-le.xlsx": ("MN05", "template", "unknown-status"),
    "04_loi_ngay-thang-truoc-ngay.xlsx": ("MN05", "official", "bad-date"),
    "05_loi_so-phieu-khong-khop.xlsx": ("MN05", "template", "answers-mismatch"),
    "06_loi_thieu-cot-trang-thai.xlsx": ("MN05", "reordered", "missing-column"),
    "07_hop-le_libreoffice.ods": ("MN05", "template", ""),
    "08_hop-le_excel-97.xls": ("TH04", "official", ""),
}
PERIODS = tuple(Period(2025, 2).shift(i) for i in range(6))  # 2025-Q2 … 2026-Q3
TODAY = date(2026, 9, 28)  # the demo's "now": the latest quarter is still being collected
WORKBOOK_DIR = DEMO_DIR / "workbooks"
MANIFEST = DEMO_DIR / "manifest.csv"
MANIFEST_FIELDS = ("file", "received_at", "expect")
PLAN_DIR = DEMO_DIR / "plans"  # the yearly plans, loaded after the reports
PLAN_MANIFEST = PLAN_DIR / "manifest.csv"
EVIDENCE_DIR = (
    DEMO_DIR / "evidence"
)  # a few schools' evidence for their 2026 self-assessment, attached after the reports
EVIDENCE_MANIFEST = EVIDENCE_DIR / "manifest.csv"
APPRAISALS = DEMO_DIR / "appraisals.csv"  # the office's final appraisals of two schools' 2026, made last
CORRECTED = 3  # reports replaced by a second version
REJECTED_FIRST = 3  # first attempts rejected, then sent again
FRAMEWORK_YEAR = 2026  # the first year with a framework of criteria (data/frameworks/2026.csv)
CRITERIA_SCHOOLS = 5  # schools that score that year's self-assessment criterion by criterion
# The slips of the latest quarter that the data-quality flags point at (../shared/spec/data-quality.md), each in
# one school's workbook only: the plans and the self-assessments are drawn from the reports as the schools meant them.
COPIED_REPORT = ("TH09", "TH10")  # TH09 sends TH10's report (tasks and indicator figures) under its own code
REPEATED_SURVEY = "MN07"  # its survey counts pasted unchanged from its report of the quarter before
EXTRA_ZEROS = ("THCS05", "TIN_BAI_CCHC")  # a figure typed with three extra zeros


@dataclass
class Submission:
    unit: dict[str, str]
    period: Period
    received: date
    extra: str = ""  # "", "v2" (a corrected second version follows) or a mistake code (rejected first)
    by_criteria: bool = False  # its self-assessment scores the year's framework criterion by criterion


def is_active(unit: dict[str, str], period: Period) -> bool:
    start, end = unit.get("hieu_luc_tu", ""), unit.get("hieu_luc_den", "")
    return (not start or period_from_code(start) <= period) and (not end or period <= period_from_code(end))


def build_demo_files(out_dir: Path, units: list[dict[str, str]] | None = None, seed: int = SEED) -> list[dict]:
    """Write the demo workbooks into `out_dir`; the manifest rows, in the order they were received."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sent = submissions(units, seed)
    rows = [row for s in sent for row in _write(out_dir, s, seed, sent)]
    return sorted(rows, key=lambda r: (r["received_at"], r["file"]))


def submissions(units: list[dict[str, str]] | None = None, seed: int = SEED) -> list[Submission]:
    """Every report the demo's schools send, quarter by quarter (the files' content is `drawn`)."""
    units = units if units is not None else read_units()
    sent = [s for period in PERIODS for s in _quarter(units, period, seed)]
    _mark_corrections(sent, random.Random(f"{seed}:corrections"))
    chosen = set(criteria_schools(units, seed))
    for s in sent:
        s.by_criteria = s.period.year >= FRAMEWORK_YEAR and s.unit["ma_don_vi"] in chosen
    return sent


def criteria_schools(units: list[dict[str, str]] | None = None, seed: int = SEED) -> list[str]:
    """The schools that score their self-assessment by the framework's criteria from FRAMEWORK_YEAR on.

    Drawn among the schools reporting that year in a layout with a TuDanhGia sheet.
    """
    units = units if units is not None else read_units()
    year = [p for p in PERIODS if p.year == FRAMEWORK_YEAR]
    eligible = sorted(
        u["ma_don_vi"] for u in units if STYLES[unit_style(u)].self_assessment and any(is_active(u, p) for p in year)
    )
    return sorted(random.Random(f"{seed}:framework").sample(eligible, min(CRITERIA_SCHOOLS, len(eligible))))


def _quarter(units: list[dict[str, str]], period: Period, seed: int) -> list[Submission]:
    rng = random.Random(f"{seed}:{period.code}")
    active = [u for u in units if is_active(u, period)]
    missing_count = 3 if period == PERIODS[-1] else rng.choice((0, 0, 1, 1, 2))
    laggards = [1.05 - skill_in(u, period) for u in active]
    missing: set[str] = set()
    while len(missing) < missing_count:
        missing.add(rng.choices(active, weights=laggards)[0]["ma_don_vi"])
    return [
        Submission(u, period, _received(period, rng, skill_in(u, period)))
        for u in active
        if u["ma_don_vi"] not in missing
    ]


def _received(period: Period, rng: random.Random, skill: float) -> date:
    deadline = period.default_deadline
    if rng.random() < 0.08 + 0.35 * (1 - skill):
        late = deadline + timedelta(days=rng.randint(1, 25))
        return min(late, TODAY) if period == PERIODS[-1] else late
    return deadline - timedelta(days=rng.choice((0, 0, 1, 2, 3, 4, 5, 6, 8, 10)))


def _mark_corrections(submissions: list[Submission], rng: random.Random) -> None:
    """Pick distinct reports: some get a second version, some a rejected first attempt."""
    older = [s for s in submissions if s.period != PERIODS[-1]]
    chosen = rng.sample(older, CORRECTED + REJECTED_FIRST)
    for submission in chosen[:CORRECTED]:
        submission.extra = "v2"
    for submission, mistake in zip(chosen[CORRECTED:], rng.sample(list(MISTAKES), REJECTED_FIRST), strict=True):
        submission.extra = mistake


def build_plans(out_dir: Path, units: list[dict[str, str]] | None = None, seed: int = SEED) -> list[dict]:
    """Write the schools' yearly plans into `out_dir`, from the tasks of the reports they send; the manifest rows."""
    units = units if units is not None else read_units()
    reports = {(s.unit["ma_don_vi"], s.period): drawn(s, seed)[0] for s in submissions(units, seed)}
    return build_demo_plans(out_dir, reports, units, seed)


def year_reports(
    units: list[dict[str, str]] | None = None, seed: int = SEED, year: int = FRAMEWORK_YEAR
) -> dict[str, ReportData]:
    """unit → the report holding its self-assessment of `year` (its latest quarter's, as the app takes it), as data."""
    latest = {
        s.unit["ma_don_vi"]: s
        for s in submissions(units, seed)
        if s.period.year == year and STYLES[unit_style(s.unit)].self_assessment
    }  # in the order of the quarters: a later quarter's report replaces an earlier one's
    return {code: drawn(s, seed)[0] for code, s in sorted(latest.items())}


def build_evidence_files(
    out_dir: Path, units: list[dict[str, str]] | None = None, seed: int = SEED
) -> tuple[list[dict], list[dict]]:
    """Write the demo's evidence files into `out_dir`; (the evidence manifest rows, the appraisal rows)."""
    units = units if units is not None else read_units()
    reports, criteria = year_reports(units, seed), criteria_schools(units, seed)
    rows = build_evidence(out_dir, reports, criteria, seed)
    return rows, appraisals(reports, rows, criteria, seed)


def drawn(s: Submission, seed: int = SEED) -> tuple[ReportData, date, random.Random]:
    """The report as data, the day its first attempt was sent, and the generator to draw on with."""
    rng = random.Random(f"{seed}:{s.period.code}:{s.unit['ma_don_vi']}")
    first = s.received - timedelta(days=rng.randint(1, 5)) if s.extra in MISTAKES else s.received
    day = first - timedelta(days=rng.choice((0, 1, 1, 2, 3)))
    data = report_data(s.unit, s.period, rng, prepared_on=day, by_criteria=s.by_criteria)
    return data, first, rng


def slipped(s: Submission, data: ReportData, sent: list[Submission], seed: int = SEED) -> ReportData:
    """The report as the school's file has it: with its slip, for the few schools of the latest quarter that make one.

    `sent`: every report of the demo (`submissions`), where the copied report and the earlier survey are found.
    """
    if s.period != PERIODS[-1]:
        return data
    code = s.unit["ma_don_vi"]

    def report_of(unit: str, period: Period) -> ReportData | None:
        other = next((o for o in sent if o.unit["ma_don_vi"] == unit and o.period == period), None)
        return drawn(other, seed)[0] if other is not None else None

    if code == COPIED_REPORT[0] and (original := report_of(COPIED_REPORT[1], s.period)) is not None:
        data = copied_from(data, original)
    if code == REPEATED_SURVEY and (earlier := report_of(code, s.period.shift(-1))) is not None:
        data = survey_pasted(data, earlier)
    if code == EXTRA_ZEROS[0]:
        data = extra_zeros(data, EXTRA_ZEROS[1])
    return data


def _write(out_dir: Path, s: Submission, seed: int, sent: list[Submission]) -> list[dict]:
    stem = f"{s.period.code}_{s.unit['ma_don_vi']}"
    layout = STYLES[unit_style(s.unit)]
    data, first, rng = drawn(s, seed)
    data = slipped(s, data, sent, seed)
    rows = []
    if s.extra in MISTAKES:  # the rejected attempt, then the same report put right a few days later
        rows.append(_save(out_dir / f"{stem}_loi.xlsx", bad_variant(data, layout, s.extra, rng), first, "rejected"))
    rows.append(_save(out_dir / f"{stem}.xlsx", render(data, layout), s.received, "accepted"))
    if s.extra == "v2":
        days = rng.randint(2, 6)
        second = render(revised(data, rng, days), layout)
        rows.append(_save(out_dir / f"{stem}_v2.xlsx", second, s.received + timedelta(days=days), "accepted"))
    return rows


def _save(path: Path, content: bytes, received: date, expect: str) -> dict:
    path.write_bytes(content)
    return {"file": path.name, "received_at": received.isoformat(), "expect": expect}


def write_manifest(rows: list[dict], path: Path = MANIFEST) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_manifest(path: Path = MANIFEST) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_samples(out_dir: Path = SAMPLE_DIR, seed: int = SEED) -> list[Path]:
    """The files a new user can try uploading; .xls and .ods are converted by LibreOffice."""
    units = {u["ma_don_vi"]: u for u in read_units()}
    written = []
    for name, (code, style, mistake) in SAMPLES.items():
        rng = random.Random(f"{seed}:sample:{code}")
        data = report_data(units[code], SAMPLE_PERIOD, rng, prepared_on=date(2026, 9, 24))
        layout = STYLES[style]
        content = bad_variant(data, layout, mistake, rng) if mistake else render(data, layout)
        path = out_dir / name
        if path.suffix == ".xlsx":
            path.write_bytes(content)
        else:
            _convert(content, path)
        written.append(path)
    return written


def _convert(content: bytes, target: Path) -> None:
    """Save an .xlsx as .xls or .ods through LibreOffice, as schools using it do."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{target.stem}.xlsx"
        source.write_bytes(content)
        profile = Path(tmp, "profile").as_uri()
        command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target.suffix[1:]]
        subprocess.run([*command, "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / target.name, target)


def main() -> None:
    if sys.argv[1:] == ["samples"]:
        for path in build_samples():
            print(path)
        return
    WORKBOOK_DIR.mkdir(parents=True, exist_ok=True)
    for old in WORKBOOK_DIR.glob("*.xlsx"):
        old.unlink()
    rows = build_demo_files(WORKBOOK_DIR)
    write_manifest(rows)
    size = sum(p.stat().st_size for p in WORKBOOK_DIR.glob("*.xlsx"))
    print(f"{len(rows)} workbooks, {size / 1024:.0f} KB → {WORKBOOK_DIR}")  # a maintainer's build step
    PLAN_DIR.mkdir(parents=True, exist_ok=True)
    for stale in (*PLAN_DIR.glob("*.xlsx"), *PLAN_DIR.glob("*.docx")):
        stale.unlink()
    plans = build_plans(PLAN_DIR)
    write_plan_manifest(plans, PLAN_MANIFEST)
    size = sum(p.stat().st_size for p in PLAN_DIR.glob("*.xlsx"))
    print(f"{len(plans)} plans, {size / 1024:.0f} KB → {PLAN_DIR}")
    print(f"a plan only in Word, to propose on the plan page: {PLAN_DIR / word_plan_file(*WORD_PLAN)}")
    shutil.rmtree(EVIDENCE_DIR, ignore_errors=True)
    evidence, appraised = build_evidence_files(EVIDENCE_DIR)
    write_rows(EVIDENCE_MANIFEST, EVIDENCE_FIELDS, evidence)
    write_rows(APPRAISALS, APPRAISAL_FIELDS, appraised)
    size = sum(p.stat().st_size for p in EVIDENCE_DIR.rglob("*") if p.is_file())
    print(f"{len(evidence)} evidence files, {size / 1024:.0f} KB → {EVIDENCE_DIR}; {len(appraised)} appraised items")


if __name__ == "__main__":
    main()
