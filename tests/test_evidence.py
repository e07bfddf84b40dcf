"""Evidence files of a school's PAR year, on SQLite and (with CCHC_TEST_POSTGRES_URL) PostgreSQL.

Stored once by SHA-256, linked to a field, a criterion or a plan task of the year;
refused whole (nothing stored) for a disguised file, an unknown target, a final year, a
year over its limit or a school the account may not change; every add, removal and
download audited; the CLI end to end with --json.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, func, select

import cli
from core.filetypes import FileRefused
from core.settings import EvidenceLimits
from core.vocabulary import ADMIN, CLERK, VIEWER
from i18n.messages import describe
from loaders.plan_model import Plan, PlanTask
from pipeline.evidence import add_files, fetch_file, list_files, remove_file
from storage import audit, par_years
from storage.accounts import User, add_user
from storage.evidence import (
    EvidenceRefused,
    Target,
    add_evidence,
    evidence_content,
    list_evidence,
    remove_evidence,
)
from storage.par_years import ParYearRefused, finalise, reopen, year_state
from storage.plans import save_plan
from storage.registry import upsert_units
from storage.schema import evidence_files, evidence_links
from tests.test_filetypes import docx_bytes, pdf_bytes, png_bytes

PDF = pdf_bytes()
PDF_SHA = hashlib.sha256(PDF).hexdigest()
CLERK_TH01 = User("van.thu.th01", "Văn thư TH01", CLERK, "TH01")
CLERK_MN01 = User("van.thu.mn01", "Văn thư MN01", CLERK, "MN01")
LEADER = User("lanh.dao", "Lãnh đạo", VIEWER, None)
OFFICE_ADMIN = User("quan.tri", "Quản trị", ADMIN, None)


@pytest.fixture
def office(engine: Engine, unit_rows: list[dict[str, str]]) -> Engine:
    """The engine with the test schools registered (TH01, MN01, THCS01)."""
    upsert_units(engine, unit_rows)
    return engine


def counts(engine: Engine) -> tuple[int, int]:
    """(files stored, links) in the database."""
    with engine.connect() as conn:
        files = conn.scalar(select(func.count()).select_from(evidence_files))
        links = conn.scalar(select(func.count()).select_from(evidence_links))
    return files, links


def evidence_lines(engine: Engine) -> list[tuple[str, str | None, str | None, str | None]]:
    """(action, who, unit, year) of the evidence and year-state lines, oldest first."""
    actions = ["evidence-add", "evidence-remove", "evidence-download", "par-finalise", "par-reopen"]
    lines = reversed(audit.search(engine, action=actions))
    return [(line["action"], line["username"], line["unit_code"], line["period"]) for line in lines]


def refused(call, *args, **kwargs):
    with pytest.raises((EvidenceRefused, FileRefused, ParYearRefused)) as caught:
        call(*args, **kwargs)
    return caught.value


# ---------------------------------------------------------------- storing once


def test_the_same_bytes_are_stored_once_whatever_they_are_attached_to(office):
    first = add_evidence(office, "TH01", 2026, PDF, "bien-ban.pdf", criterion="CDDH.1", by="Lan")
    again = add_evidence(office, "TH01", 2026, PDF, "ban-sao.pdf", criterion="cddh.1", by="lan")
    field = add_evidence(office, "TH01", 2026, PDF, "bien-ban.pdf", field="TTHC", by="lan")
    other_school = add_evidence(office, "MN01", 2026, PDF, "bien-ban.pdf", criterion="CDDH.1", by="hoa")
    assert again == first  # the same file on the same criterion: the link already there
    assert len({first, field, other_school}) == 3
    assert counts(office) == (1, 3)
    assert evidence_content(office, other_school, by="hoa") == ("bien-ban.pdf", "pdf", PDF)


def test_the_list_gives_each_file_with_what_it_backs_who_added_it_and_when(office):
    before = audit.wall_clock()
    add_evidence(office, "TH01", 2026, PDF, "../Biên bản\u202e.pdf", criterion="CDDH.1", by="Lan")
    add_evidence(office, "TH01", 2026, png_bytes(), "niem-yet.pdf", field="TTHC", by="lan")
    add_evidence(office, "TH01", 2025, PDF, "nam-truoc.pdf", field="TTHC", by="lan")
    listed = list_evidence(office, "TH01", 2026)
    assert [{k: v for k, v in f.items() if k not in ("id", "added_at")} for f in listed] == [
        {"file_name": "Biên bản.pdf", "sha256": PDF_SHA, "size": len(PDF), "kind": "pdf", "field": None,
         "criterion": "CDDH.1", "task": None, "added_by": "lan"},
        {"file_name": "niem-yet.pdf", "sha256": hashlib.sha256(png_bytes()).hexdigest(), "size": len(png_bytes()),
         "kind": "png", "field": "TTHC", "criterion": None, "task": None, "added_by": "lan"},
    ]  # fmt: skip
    assert all(isinstance(f["added_at"], datetime) and f["added_at"] >= before for f in listed)
    assert listed[0]["id"] < listed[1]["id"]
    assert list_evidence(office, "MN01", 2026) == []


def test_a_png_sent_as_pdf_is_downloaded_as_png(office):
    link = add_evidence(office, "TH01", 2026, png_bytes(), "niem-yet.pdf", field="TTHC", by="lan")
    assert evidence_content(office, link, by="lan") == ("niem-yet.png", "png", png_bytes())


# ---------------------------------------------------------------- what is refused, nothing stored


def test_a_disguised_or_empty_file_is_refused_and_nothing_is_stored(office):
    html = b"<html><script>document.location='http://x'</script></html>"
    assert refused(add_evidence, office, "TH01", 2026, html, "bao-cao.pdf", field="TTHC", by="lan").code == (
        "evidence-html"
    )
    program = b"MZ\x90\x00" + bytes(300)
    assert refused(add_evidence, office, "TH01", 2026, program, "bao-cao.pdf", field="TTHC", by="lan").code == (
        "evidence-program"
    )
    assert refused(add_evidence, office, "TH01", 2026, b"", "trong.pdf", field="TTHC", by="lan").code == (
        "evidence-empty"
    )
    assert counts(office) == (0, 0)
    assert evidence_lines(office) == []


def test_unknown_targets_are_refused_naming_the_code_and_the_year(office):
    error = refused(add_evidence, office, "TH01", 2026, PDF, "a.pdf", criterion="CDDH.9", by="lan")
    assert (error.code, error.params) == ("evidence-unknown-criterion", {"code": "CDDH.9", "year": 2026})
    assert str(error) == "Khung Chỉ số CCHC năm 2026 không có tiêu chí “CDDH.9”."
    assert describe(error, "en") == "The PAR framework of 2026 has no criterion “CDDH.9”."
    error = refused(add_evidence, office, "TH01", 2026, PDF, "a.pdf", field="KHONGCO", by="lan")
    assert str(error) == "Khung Chỉ số CCHC năm 2026 không có lĩnh vực “KHONGCO”."
    # a field is no criterion, a criterion no field
    assert refused(add_evidence, office, "TH01", 2026, PDF, "a.pdf", criterion="CDDH", by="lan").code == (
        "evidence-unknown-criterion"
    )
    assert refused(add_evidence, office, "TH01", 2026, PDF, "a.pdf", field="CDDH.1", by="lan").code == (
        "evidence-unknown-field"
    )
    # a year scored per field only (no framework file up to it) has no criteria
    assert refused(add_evidence, office, "TH01", 2020, PDF, "a.pdf", criterion="CDDH.1", by="lan").code == (
        "evidence-unknown-criterion"
    )
    assert refused(add_evidence, office, "TH01", 2026, PDF, "a.pdf", by="lan").code == "evidence-no-target"
    two = refused(add_evidence, office, "TH01", 2026, PDF, "a.pdf", field="TTHC", criterion="CDDH.1", by="lan")
    assert two.code == "evidence-no-target"
    assert refused(add_evidence, office, "XX99", 2026, PDF, "a.pdf", field="TTHC", by="lan").params == {"unit": "XX99"}
    assert counts(office) == (0, 0)


def test_sub_criteria_and_bonus_lines_take_evidence(office):
    add_evidence(office, "TH01", 2026, PDF, "khao-sat.pdf", criterion="TACDONG.1.1", by="lan")
    add_evidence(office, "TH01", 2026, PDF, "sang-kien.pdf", criterion="THUONG", by="lan")
    assert [f["criterion"] for f in list_evidence(office, "TH01", 2026)] == ["TACDONG.1.1", "THUONG"]


def plan_task(row: int, code: str | None, content: str) -> PlanTask:
    return PlanTask(row, code, "TTHC", content, "Văn thư", "Quý II/2026", date(2026, 6, 30), False, "Báo cáo")


def test_a_task_must_be_one_of_the_schools_current_plan(office):
    plan = Plan("KH_TH01_2026.xlsx", "TH01", "Trường Tiểu học Lê Lợi", 2026, "139/KH", date(2026, 1, 10),
                [plan_task(6, "KH-01", "Niêm yết TTHC"), plan_task(7, None, "Số hoá hồ sơ")])  # fmt: skip
    save_plan(office, plan, content=b"plan", received_at=datetime(2026, 1, 15))
    link = add_evidence(office, "TH01", 2026, PDF, "niem-yet.pdf", task_code="kh-01", by="lan")
    assert list_evidence(office, "TH01", 2026)[0]["task"] == "KH-01"
    add_evidence(office, "TH01", 2026, docx_bytes(), "so-hoa.docx", task_code="TH01-2026-001", by="lan")
    error = refused(add_evidence, office, "TH01", 2026, PDF, "a.pdf", task_code="KH-09", by="lan")
    assert (error.code, error.params) == ("evidence-unknown-task", {"unit": "TH01", "year": 2026, "code": "KH-09"})
    assert str(error) == "Kế hoạch CCHC năm 2026 hiện hành của đơn vị TH01 không có nhiệm vụ mã “KH-09”."
    # another school, or another year, has no such plan
    assert refused(add_evidence, office, "MN01", 2026, PDF, "a.pdf", task_code="KH-01", by="hoa").code == (
        "evidence-unknown-task"
    )
    assert refused(add_evidence, office, "TH01", 2027, PDF, "a.pdf", task_code="KH-01", by="lan").code == (
        "evidence-unknown-task"
    )
    assert link in [f["id"] for f in list_evidence(office, "TH01", 2026)]
    assert counts(office) == (2, 2)


def test_a_schools_year_may_not_go_over_its_limit(office):
    limits = EvidenceLimits(max_file_bytes=1024 * 1024, max_year_bytes=3 * 1024)
    pages = [pdf_bytes() + bytes([n]) * 1000 for n in range(3)]  # some 1.4 KB each
    first = add_evidence(office, "TH01", 2026, pages[0], "trang-1.pdf", field="TTHC", by="lan", limits=limits)
    add_evidence(office, "TH01", 2026, pages[1], "trang-2.pdf", field="TTHC", by="lan", limits=limits)
    error = refused(add_evidence, office, "TH01", 2026, pages[2], "trang-3.pdf", field="TTHC", by="lan", limits=limits)
    assert error.code == "evidence-year-full"
    assert str(error) == (
        "Tài liệu kiểm chứng năm 2026 của đơn vị TH01 đã dùng 3 KB; thêm tệp trang-3.pdf (1 KB) sẽ vượt"
        " giới hạn 3 KB của một năm."
    )
    assert describe(error, "en") == (
        "The evidence of unit TH01 for 2026 takes 3 KB already; adding trang-3.pdf (1 KB) would exceed the limit"
        " of 3 KB for a year."
    )
    # a file the year holds already costs nothing more; another school and another year have their own room
    add_evidence(office, "TH01", 2026, pages[0], "trang-1.pdf", criterion="CDDH.1", by="lan", limits=limits)
    add_evidence(office, "MN01", 2026, pages[2], "trang-3.pdf", field="TTHC", by="hoa", limits=limits)
    add_evidence(office, "TH01", 2027, pages[2], "trang-3.pdf", field="TTHC", by="lan", limits=limits)
    # a removed file frees its room
    remove_evidence(office, first, by="lan")
    still = list_evidence(office, "TH01", 2026)
    assert [f["file_name"] for f in still] == ["trang-2.pdf", "trang-1.pdf"]  # trang-1 still backs CDDH.1
    remove_evidence(office, still[1]["id"], by="lan")
    add_evidence(office, "TH01", 2026, pages[2], "trang-3.pdf", field="TTHC", by="lan", limits=limits)
    assert counts(office) == (3, 6)


# ---------------------------------------------------------------- the year made final


def test_a_final_year_takes_no_evidence_in_or_out_until_reopened_with_a_reason(office):
    kept = add_evidence(office, "TH01", 2026, PDF, "bien-ban.pdf", criterion="CDDH.1", by="lan")
    assert year_state(office, "TH01", 2026) == par_years.DRAFT
    finalise(office, "TH01", 2026, by="Quan.Tri")
    assert year_state(office, "TH01", 2026) == par_years.FINAL
    assert year_state(office, "TH01", 2025) == year_state(office, "MN01", 2026) == par_years.DRAFT
    added = refused(add_evidence, office, "TH01", 2026, png_bytes(), "anh.png", field="TTHC", by="lan")
    assert (added.code, added.params["by"], added.params["year"]) == ("evidence-year-final", "quan.tri", 2026)
    assert str(added).startswith("Kết quả Chỉ số CCHC năm 2026 của đơn vị TH01 đã chốt (bởi quan.tri, ")
    assert refused(remove_evidence, office, kept, by="lan").code == "evidence-year-final"
    assert refused(finalise, office, "TH01", 2026, by="quan.tri").code == "par-already-final"
    assert refused(reopen, office, "TH01", 2026, reason="  ", by="quan.tri").code == "par-reopen-reason-too-short"
    assert counts(office) == (1, 1)
    add_evidence(office, "MN01", 2026, png_bytes(), "anh.png", field="TTHC", by="hoa")  # another school: draft
    reopen(office, "TH01", 2026, reason="Bổ sung minh chứng tiêu chí CDDH.2", by="quan.tri")
    assert year_state(office, "TH01", 2026) == par_years.DRAFT
    assert refused(reopen, office, "TH01", 2026, reason="Lần hai", by="quan.tri").code == "par-not-final"
    add_evidence(office, "TH01", 2026, png_bytes(), "anh.png", field="TTHC", by="lan")
    remove_evidence(office, kept, by="lan")
    assert [f["file_name"] for f in list_evidence(office, "TH01", 2026)] == ["anh.png"]
    reopened = audit.search(office, action="par-reopen")[0]["detail"]
    assert (reopened["reason"], reopened["final_by"]) == ("Bổ sung minh chứng tiêu chí CDDH.2", "quan.tri")
    assert refused(finalise, office, "XX99", 2026, by="quan.tri").code == "unknown-unit"


# ---------------------------------------------------------------- the audit log


def test_every_add_removal_and_download_is_audited_with_its_file(office):
    link = add_evidence(office, "TH01", 2026, PDF, "bien-ban.pdf", criterion="CDDH.1", by="lan")
    add_evidence(office, "TH01", 2026, PDF, "bien-ban.pdf", criterion="CDDH.1", by="lan")  # nothing new: no line
    evidence_content(office, link, by="quan.tri")
    remove_evidence(office, link, by="lan")
    assert evidence_lines(office) == [
        ("evidence-add", "lan", "TH01", "2026"),
        ("evidence-download", "quan.tri", "TH01", "2026"),
        ("evidence-remove", "lan", "TH01", "2026"),
    ]
    details = [line["detail"] for line in reversed(audit.search(office, action=["evidence-add", "evidence-remove",
                                                                                  "evidence-download"]))]  # fmt: skip
    assert details == [
        {"link_id": link, "file": "bien-ban.pdf", "sha256": PDF_SHA, "size": len(PDF), "kind": "pdf",
         "criterion": "CDDH.1"},
        {"link_id": link, "file": "bien-ban.pdf", "sha256": PDF_SHA, "size": len(PDF)},
        {"link_id": link, "file": "bien-ban.pdf", "sha256": PDF_SHA, "criterion": "CDDH.1"},
    ]  # fmt: skip
    assert audit.verify(office).whole
    # removed: gone from the list and from reach, kept in the database
    assert list_evidence(office, "TH01", 2026) == []
    assert refused(evidence_content, office, link, by="lan").code == "evidence-unknown-link"
    assert refused(remove_evidence, office, link, by="lan").code == "evidence-unknown-link"
    with office.connect() as conn:
        row = conn.execute(select(evidence_links).where(evidence_links.c.id == link)).one()
    assert (row.removed_by, row.removed_at is not None) == ("lan", True)
    assert counts(office) == (1, 1)


# ---------------------------------------------------------------- who may (pipeline.evidence)


def test_a_clerk_adds_to_their_own_school_only_and_a_viewer_to_none(office):
    files = [("bien-ban.pdf", PDF), ("anh.png", png_bytes())]
    results = add_files(office, "TH01", 2026, files, Target(criterion="CDDH.1"), CLERK_MN01)
    assert [(r.file, r.as_json()["status"], r.as_json()["code"]) for r in results] == [
        ("bien-ban.pdf", "rejected", "evidence-unit-not-allowed"),
        ("anh.png", "rejected", "evidence-unit-not-allowed"),
    ]
    assert results[0].message() == (
        "Tài khoản van.thu.mn01 là văn thư của đơn vị MN01: không thêm, gỡ tài liệu kiểm chứng của đơn vị TH01."
    )
    [viewer] = add_files(office, "TH01", 2026, files[:1], Target(field="TTHC"), LEADER)
    assert viewer.as_json("en")["message"] == "The account lanh.dao is read-only: it adds or removes no evidence."
    assert counts(office) == (0, 0)
    [own] = add_files(office, "TH01", 2026, files[:1], Target(criterion="CDDH.1"), CLERK_TH01)
    assert own.as_json() == {
        "file": "bien-ban.pdf", "status": "accepted", "code": None,
        "message": f"tài liệu PDF, 1 KB, gắn với tiêu chí CDDH.1 (tài liệu #{own.link['id']})",
        "id": own.link["id"], "kind": "pdf", "size": len(PDF), "sha256": PDF_SHA,
        "field": None, "criterion": "CDDH.1", "task": None,
    }  # fmt: skip
    assert (
        own.as_json("en")["message"] == f"PDF document, 1 KB, attached to criterion CDDH.1 (evidence #{own.link['id']})"
    )
    # the other school's clerk may neither remove it nor see it; the office sees it
    assert refused(remove_file, office, own.link["id"], CLERK_MN01).code == "evidence-unit-not-allowed"
    assert refused(fetch_file, office, own.link["id"], CLERK_MN01).code == "evidence-not-visible"
    assert refused(list_files, office, "TH01", 2026, CLERK_MN01).code == "evidence-not-visible"
    assert [f["id"] for f in list_files(office, "TH01", 2026, LEADER)] == [own.link["id"]]
    assert fetch_file(office, own.link["id"], LEADER) == ("bien-ban.pdf", "pdf", PDF)
    remove_file(office, own.link["id"], CLERK_TH01)
    assert evidence_lines(office) == [
        ("evidence-add", "van.thu.th01", "TH01", "2026"),
        ("evidence-download", "lanh.dao", "TH01", "2026"),
        ("evidence-remove", "van.thu.th01", "TH01", "2026"),
    ]


def test_files_on_disk_are_refused_over_the_limit_before_they_are_read(office, tmp_path):
    big, small = tmp_path / "quet.pdf", tmp_path / "bien-ban.pdf"
    big.write_bytes(PDF + bytes(5000))
    small.write_bytes(PDF)
    limits = EvidenceLimits(max_file_bytes=4000, max_year_bytes=10_000)
    results = add_files(office, "TH01", 2026, [big, small], Target(field="TTHC"), None, limits)
    assert [(r.file, r.accepted, r.refusal and r.refusal.code) for r in results] == [
        (str(big), False, "evidence-too-large"),
        (str(small), True, None),
    ]


# ---------------------------------------------------------------- the command line, end to end

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def cli_office(office, db_url, monkeypatch, fast_hashing, tmp_path):
    """The CLI on the test database, with a clerk of each school; the evidence files in tmp_path."""
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    monkeypatch.setenv("CCHC_PASSWORD", PASSWORD)
    add_user(office, CLERK_TH01.username, PASSWORD, CLERK, unit_code="TH01")
    add_user(office, CLERK_MN01.username, PASSWORD, CLERK, unit_code="MN01")
    (tmp_path / "bien-ban.pdf").write_bytes(PDF)
    (tmp_path / "bao-cao.pdf").write_bytes(b"<!doctype html><html><script>alert(1)</script></html>")
    (tmp_path / "so-lieu.xlsx").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(64))
    return office


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_adds_lists_downloads_and_removes_with_json(cli_office, tmp_path, capsys):
    files = [str(tmp_path / name) for name in ("bien-ban.pdf", "bao-cao.pdf", "so-lieu.xlsx")]
    argv = ["--as", CLERK_TH01.username, "evidence", "add", "--unit", "th01", "--year", "2026", "--criterion", "CDDH.1"]
    code, out, _ = run(capsys, [*argv, *files, "--json"])
    assert code == 1
    verdicts = json.loads(out)
    assert [(v["file"], v["status"], v["code"], v["kind"]) for v in verdicts] == [
        (files[0], "accepted", None, "pdf"),
        (files[1], "rejected", "evidence-html", None),
        (files[2], "rejected", "evidence-program", None),
    ]
    assert verdicts[1]["message"].startswith("Tệp bao-cao.pdf là trang web hoặc tệp đánh dấu (HTML)")
    link = verdicts[0]["id"]

    code, out, _ = run(capsys, ["evidence", "list", "--unit", "TH01", "--year", "2026", "--json"])
    assert code == 0
    [listed] = json.loads(out)
    assert {k: v for k, v in listed.items() if k != "added_at"} == {
        "id": link, "file_name": "bien-ban.pdf", "sha256": PDF_SHA, "size": len(PDF), "kind": "pdf", "field": None,
        "criterion": "CDDH.1", "task": None, "added_by": CLERK_TH01.username,
    }  # fmt: skip
    assert datetime.fromisoformat(listed["added_at"]).date() == audit.wall_clock().date()

    out_file = tmp_path / "tai-ve.pdf"
    code, out, _ = run(capsys, ["--as", CLERK_TH01.username, "evidence", "get", str(link), "--out", str(out_file)])
    assert (code, out_file.read_bytes()) == (0, PDF)
    assert out.strip() == f"Đã ghi tài liệu kiểm chứng #{link} (tài liệu PDF) vào {out_file}."

    code, out, err = run(capsys, ["--as", CLERK_MN01.username, "evidence", "remove", str(link)])
    assert (code, out) == (2, "")
    assert "Tài khoản van.thu.mn01" in err and "không được gỡ tài liệu kiểm chứng" in err
    code, out, _ = run(capsys, ["--lang", "en", "--as", CLERK_TH01.username, "evidence", "remove", str(link)])
    assert (code, out.strip()) == (0, f"Evidence #{link} removed.")
    code, out, _ = run(capsys, ["evidence", "list", "--unit", "TH01", "--year", "2026"])
    assert (code, out.strip()) == (0, "Đơn vị TH01 chưa có tài liệu kiểm chứng năm 2026.")
    assert [line[0] for line in evidence_lines(cli_office)] == ["evidence-add", "evidence-download", "evidence-remove"]


def test_cli_refuses_a_clerk_of_another_school_before_reading_a_file(cli_office, tmp_path, capsys):
    argv = ["--as", CLERK_MN01.username, "evidence", "add", "--unit", "TH01", "--year", "2026", "--field", "TTHC"]
    code, out, err = run(capsys, [*argv, str(tmp_path / "bien-ban.pdf"), str(tmp_path / "khong-co.pdf"), "--json"])
    assert (code, out) == (2, "")
    assert "không được thêm tài liệu kiểm chứng cho đơn vị TH01" in err and "(MN01)" in err
    code, _, err = run(capsys, ["--as", CLERK_MN01.username, "evidence", "list", "--unit", "TH01", "--year", "2026"])
    assert code == 2 and "xem tài liệu kiểm chứng của đơn vị TH01" in err
    assert counts(cli_office) == (0, 0)


def test_cli_a_final_year_and_an_unknown_criterion_are_refused_per_file(cli_office, tmp_path, capsys):
    pdf = str(tmp_path / "bien-ban.pdf")
    code, out, _ = run(capsys, ["evidence", "add", "--unit", "TH01", "--year", "2026", "--criterion", "X.1", pdf,
                                "--json"])  # fmt: skip
    assert code == 1
    assert json.loads(out)[0]["message"] == "Khung Chỉ số CCHC năm 2026 không có tiêu chí “X.1”."
    finalise(cli_office, "TH01", 2026, by="quan.tri")
    code, out, _ = run(capsys, ["--lang", "en", "evidence", "add", "--unit", "TH01", "--year", "2026", "--field",
                                "TTHC", pdf])  # fmt: skip
    assert code == 1
    assert out.splitlines()[0].startswith("✘ " + pdf + ": REFUSED — The PAR results of unit TH01 for 2026 are final")
    assert out.splitlines()[-1] == "Total: 0/1 files accepted, 1 refused."
    assert counts(cli_office) == (0, 0)
