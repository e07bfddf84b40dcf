"""The command line acting for an account (`cli.py --as USERNAME ...`): that account's rights, no more.

A fresh SQLite database per test with two schools, a clerk of each, a viewer and an
admin. The report workbook of tests/workbook_factory.py is TH01's, for 2023-Q2.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

import cli
from storage import accounts, audit
from storage.accounts import ADMIN, CLERK, VIEWER, add_user, disable_user
from storage.open import open_database
from storage.registry import quarter_deadline
from storage.submissions import rejection_history, submission_history
from tests.workbook_factory import valid_sheets, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-thu-nghiem"
UNITS_CSV = (
    "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
    "TH01,Trường Tiểu học Lê Lợi,Tiểu học,Khu vực 1\n"
    "MN01,Trường Mầm non Hoa Sen,Mầm non,Khu vực 2\n"
)
CLERK_MN01, CLERK_TH01, LEADER, OFFICE_ADMIN = "van.thu.mn01", "van.thu.th01", "lanh.dao", "quan.tri"


@pytest.fixture
def office(tmp_path, monkeypatch):
    """The database with its units and four accounts; CCHC_PASSWORD holds their (common) password."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    monkeypatch.setenv("CCHC_PASSWORD", PASSWORD)
    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    assert cli.main(["units", "import", str(tmp_path / "units.csv")]) == 0
    engine = open_database(url)
    add_user(engine, CLERK_MN01, PASSWORD, CLERK, unit_code="MN01")
    add_user(engine, CLERK_TH01, PASSWORD, CLERK, unit_code="TH01")
    add_user(engine, LEADER, PASSWORD, VIEWER)
    add_user(engine, OFFICE_ADMIN, PASSWORD, ADMIN)
    yield engine
    engine.dispose()


@pytest.fixture
def th01_report(tmp_path) -> Path:
    path = tmp_path / "bao-cao-TH01-quy2.xlsx"
    path.write_bytes(workbook_bytes(valid_sheets()))
    return path


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def upload_lines(engine) -> list[tuple[str, str | None, str | None]]:
    lines = audit.search(engine, action=["upload-accepted", "upload-rejected", "replace"])
    return [(line["action"], line["username"], line["unit_code"]) for line in lines]


# ---------------------------------------------------------------- ingest


def test_a_clerk_of_another_school_is_refused_and_logged_under_their_name(office, th01_report, capsys):
    code, out, _ = run(capsys, ["--as", CLERK_MN01, "ingest", str(th01_report), "--json"])
    assert code == 1
    [result] = json.loads(out)
    assert (result["status"], result["unit_code"], result["period"]) == ("rejected", "TH01", "2023-Q2")
    assert result["problems"][0]["code"] == "unit-not-allowed"
    assert CLERK_MN01 in result["problems"][0]["message"]
    assert submission_history(office, "TH01") == []
    [refused] = rejection_history(office, "TH01")
    assert refused["file_name"] == th01_report.name
    assert [p["code"] for p in refused["problems"]] == ["unit-not-allowed"]
    assert upload_lines(office) == [("upload-rejected", CLERK_MN01, "TH01")]
    login = audit.search(office, action="login")[0]
    assert (login["username"], login["unit_code"]) == (CLERK_MN01, "MN01")


def test_the_clerk_of_the_school_stores_it_under_their_name(office, th01_report, capsys):
    code, out, _ = run(capsys, ["--as", CLERK_TH01, "ingest", str(th01_report)])
    assert code == 0
    assert "NHẬN — TH01, Quý II/2023" in out
    [stored] = submission_history(office, "TH01")
    assert (stored["file_name"], stored["period"], stored["is_current"]) == (th01_report.name, "2023-Q2", True)
    assert upload_lines(office) == [("upload-accepted", CLERK_TH01, "TH01")]
    assert rejection_history(office) == []


def test_a_clerk_cannot_choose_the_received_day(office, th01_report, capsys):
    """The received day decides on-time: a school's own clerk cannot back-date its report."""
    code, out, err = run(capsys, ["--as", CLERK_TH01, "ingest", str(th01_report), "--received-at", "2023-06-01"])
    assert code == 2
    assert out == ""
    assert f"Tài khoản {CLERK_TH01}" in err and "không được đặt ngày nhận (--received-at)" in err
    assert submission_history(office, "TH01") == []


def test_a_received_day_after_today_is_a_usage_error(office, th01_report, capsys):
    tomorrow = audit.wall_clock().date() + timedelta(days=1)  # tomorrow in Vietnam
    code, _, err = run(capsys, ["ingest", str(th01_report), "--received-at", tomorrow.isoformat()])
    assert code == 2
    assert f"Ngày nhận {tomorrow:%d/%m/%Y} chưa tới" in err
    assert submission_history(office, "TH01") == []


def test_a_viewer_cannot_ingest_and_no_file_is_read(office, th01_report, tmp_path, capsys):
    missing = tmp_path / "khong-co.xlsx"  # a usage error for anyone else: the refusal comes first
    code, out, err = run(capsys, ["--as", LEADER, "ingest", str(th01_report), str(missing)])
    assert code == 2
    assert out == ""
    assert f"Tài khoản {LEADER}" in err and "không được nộp báo cáo" in err and "chỉ xem" in err
    assert "Không thấy" not in err
    assert submission_history(office, "TH01") == []
    assert rejection_history(office) == []
    assert upload_lines(office) == []


def test_an_admin_account_stores_any_school_under_its_name(office, th01_report, capsys):
    assert cli.main(["--as", OFFICE_ADMIN, "ingest", str(th01_report), "--received-at", "2023-06-15"]) == 0
    assert upload_lines(office) == [("upload-accepted", OFFICE_ADMIN, "TH01")]


# ---------------------------------------------------------------- history


def test_a_clerk_sees_the_history_of_their_own_school_only(office, th01_report, capsys):
    assert cli.main(["ingest", str(th01_report), "--received-at", "2023-06-15"]) == 0
    capsys.readouterr()
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, ["--as", CLERK_MN01, "history", "th01", *extra])
        assert code == 2
        assert out == ""
        assert th01_report.name not in out + err
        assert f"Tài khoản {CLERK_MN01}" in err and "lịch sử báo cáo của đơn vị TH01" in err and "(MN01)" in err

    code, out, _ = run(capsys, ["--as", CLERK_TH01, "history", "TH01"])
    assert code == 0
    assert "Quý II/2023" in out and "HIỆN HÀNH" in out and th01_report.name in out
    code, out, _ = run(capsys, ["--as", CLERK_MN01, "history", "MN01"])
    assert (code, out.strip()) == (0, "Chưa có báo cáo nào.")
    code, out, _ = run(capsys, ["--as", LEADER, "history", "TH01", "--json"])
    assert code == 0
    assert [row["file_name"] for row in json.loads(out)] == [th01_report.name]


# ---------------------------------------------------------------- summary and export


def test_a_clerks_summary_holds_their_school_only(office, th01_report, capsys):
    assert cli.main(["ingest", str(th01_report), "--received-at", "2023-06-15"]) == 0
    capsys.readouterr()

    code, out, _ = run(capsys, ["--as", CLERK_MN01, "summary", "--period", "2023-Q2", "--json"])
    assert code == 0
    summary = json.loads(out)
    assert [u["unit_code"] for u in summary["units"]] == ["MN01"]
    assert summary["units"][0]["reported"] is False
    assert summary["submission"] == {"expected": 1, "submitted": 0, "rate": 0.0, "on_time": 0, "on_time_rate": 0.0}
    assert (summary["overall"]["tasks"], summary["overall"]["done"]) == (0, 0)
    assert "TH01" not in out and "Lê Lợi" not in out

    code, out, _ = run(capsys, ["--as", CLERK_TH01, "summary", "--period", "2023-Q2", "--json"])
    assert code == 0
    summary = json.loads(out)
    assert [u["unit_code"] for u in summary["units"]] == ["TH01"]
    assert (summary["overall"]["tasks"], summary["overall"]["done"]) == (3, 2)
    assert summary["submission"]["expected"] == 1 and summary["submission"]["submitted"] == 1

    code, out, _ = run(capsys, ["--as", CLERK_MN01, "summary", "--period", "2023-Q2"])
    assert code == 0
    assert f"(Chỉ đơn vị MN01: tài khoản {CLERK_MN01})" in out and "Nộp báo cáo: 0/1 đơn vị" in out
    assert "TH01" not in out


def test_office_accounts_summarise_every_school(office, th01_report, capsys):
    assert cli.main(["ingest", str(th01_report), "--received-at", "2023-06-15"]) == 0
    capsys.readouterr()
    for who in (LEADER, OFFICE_ADMIN):
        code, out, _ = run(capsys, ["--as", who, "summary", "--period", "2023-Q2", "--json"])
        summary = json.loads(out)
        assert code == 0
        assert sorted(u["unit_code"] for u in summary["units"]) == ["MN01", "TH01"]
        assert (summary["submission"]["expected"], summary["submission"]["submitted"]) == (2, 1)


def test_export_is_the_offices_report_a_clerk_is_refused(office, th01_report, tmp_path, capsys):
    assert cli.main(["ingest", str(th01_report), "--received-at", "2023-06-15"]) == 0
    capsys.readouterr()
    refused = tmp_path / "clerk.xlsx"
    code, out, err = run(capsys, ["--as", CLERK_TH01, "export", "--period", "2023-Q2", "--out", str(refused)])
    assert code == 2
    assert not refused.exists()
    assert f"Tài khoản {CLERK_TH01}" in err and "xuất báo cáo tổng hợp 2023-Q2" in err
    assert audit.search(office, action="export") == []

    written = tmp_path / "leader.xlsx"
    code, out, _ = run(capsys, ["--as", LEADER, "export", "--period", "2023-Q2", "--out", str(written)])
    assert (code, out.strip()) == (0, f"Đã ghi báo cáo Quý II/2023: {written}")
    assert written.read_bytes()[:2] == b"PK"
    [line] = audit.search(office, action="export")
    assert (line["username"], line["period"], line["detail"]["format"]) == (LEADER, "2023-Q2", "xlsx")
    assert line["detail"]["bytes"] == written.stat().st_size


# ---------------------------------------------------------------- admin-only commands


def test_a_viewer_cannot_restore_or_set_a_deadline(office, th01_report, tmp_path, capsys):
    second = tmp_path / "lan-2.xlsx"
    second.write_bytes(th01_report.read_bytes())
    assert cli.main(["ingest", str(th01_report), "--received-at", "2023-06-10"]) == 0
    assert cli.main(["ingest", str(second), "--received-at", "2023-06-20"]) == 0
    capsys.readouterr()
    first_id = submission_history(office, "TH01")[1]["id"]
    before = quarter_deadline(office, "2023-Q2")

    code, out, err = run(capsys, ["--as", LEADER, "restore", str(first_id)])
    assert (code, out) == (2, "")
    assert f"Tài khoản {LEADER}" in err and f"khôi phục báo cáo #{first_id}" in err and "quản trị viên" in err
    assert [(h["file_name"], h["is_current"]) for h in submission_history(office, "TH01")] == [
        ("lan-2.xlsx", True),
        (th01_report.name, False),
    ]

    code, out, err = run(capsys, ["--as", LEADER, "deadline", "2023-Q2", "30/07/2023"])
    assert (code, out) == (2, "")
    assert f"Tài khoản {LEADER}" in err and "đặt hạn nộp báo cáo kỳ 2023-Q2" in err
    assert quarter_deadline(office, "2023-Q2") == before != date(2023, 7, 30)
    assert audit.search(office, action=["restore", "deadline"]) == []


def test_admin_only_commands_are_refused_to_a_clerk(office, tmp_path, capsys):
    for argv, asked in [
        (["units", "import", str(tmp_path / "units.csv")], "nhập danh mục đơn vị"),
        (["users", "list"], "xem danh sách tài khoản"),
        (["users", "add", "moi.ne", "--role", "viewer", "--password", PASSWORD], "tạo tài khoản moi.ne"),
        (["users", "disable", LEADER], f"vô hiệu hoá tài khoản {LEADER}"),
        (["users", "reset-password", LEADER, "--password", "mat-khau-moi-1"], "đặt lại mật khẩu"),
        (["demo"], "nạp dữ liệu mẫu"),
    ]:
        code, out, err = run(capsys, ["--as", CLERK_TH01, *argv])
        assert (code, out) == (2, ""), argv
        assert f"Tài khoản {CLERK_TH01} — Văn thư trường TH01 — không được {asked}" in err
    assert sorted(u["username"] for u in accounts.list_users(office)) == sorted(
        [CLERK_MN01, CLERK_TH01, LEADER, OFFICE_ADMIN]
    )
    assert accounts.get_user(office, LEADER) is not None  # not disabled
    assert (
        audit.search(office, action=["registry", "user-add", "user-disable", "password-reset"], username=CLERK_TH01)
        == []
    )


def test_anyone_lists_units_and_writes_the_template(office, tmp_path, capsys):
    code, out, _ = run(capsys, ["--as", CLERK_MN01, "units", "list", "--json"])
    assert code == 0
    assert sorted(u["unit_code"] for u in json.loads(out)) == ["MN01", "TH01"]
    out_file = tmp_path / "mau.xlsx"
    assert cli.main(["--as", LEADER, "template", str(out_file)]) == 0
    assert out_file.read_bytes()[:2] == b"PK"


def test_an_admin_account_is_named_as_who_acted(office, th01_report, tmp_path, capsys):
    assert cli.main(["ingest", str(th01_report), "--received-at", "2023-06-10"]) == 0
    assert cli.main(["--as", OFFICE_ADMIN, "deadline", "2023-Q2", "30/07/2023"]) == 0
    assert quarter_deadline(office, "2023-Q2") == date(2023, 7, 30)
    assert audit.search(office, action="deadline")[0]["username"] == OFFICE_ADMIN
    submission_id = submission_history(office, "TH01")[0]["id"]
    assert cli.main(["--as", OFFICE_ADMIN, "restore", str(submission_id)]) == 0
    assert audit.search(office, action="restore")[0]["username"] == OFFICE_ADMIN
    assert cli.main(["--as", OFFICE_ADMIN, "users", "disable", LEADER]) == 0
    line = audit.search(office, action="user-disable")[0]
    assert (line["username"], line["detail"]) == (OFFICE_ADMIN, {"user": LEADER})


def test_password_from_stdin_then_the_new_accounts_password(office, monkeypatch, capsys):
    """Without CCHC_PASSWORD a pipe gives the login's password first, then `users add` reads the next line."""
    monkeypatch.delenv("CCHC_PASSWORD")
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSWORD}\nmat-khau-cua-ban-moi\n"))
    code, out, err = run(capsys, ["--as", OFFICE_ADMIN, "users", "add", "chuyen.vien", "--role", "viewer"])
    assert code == 0, err
    assert "Đã tạo tài khoản chuyen.vien (vai trò viewer)." in out
    line = audit.search(office, action="user-add")[0]
    assert (line["username"], line["detail"]["user"]) == (OFFICE_ADMIN, "chuyen.vien")
    assert accounts.authenticate(office, "chuyen.vien", "mat-khau-cua-ban-moi") is not None


# ---------------------------------------------------------------- logging in


def test_a_wrong_password_does_nothing_and_is_audited(office, th01_report, monkeypatch, capsys):
    monkeypatch.setenv("CCHC_PASSWORD", "khong-phai-mat-khau")
    code, out, err = run(capsys, ["--as", OFFICE_ADMIN, "ingest", str(th01_report)])
    assert (code, out) == (2, "")
    assert f"Không đăng nhập được tài khoản {OFFICE_ADMIN}" in err
    assert submission_history(office, "TH01") == [] and rejection_history(office) == []
    line = audit.search(office, action="login-failed")[0]
    assert (line["username"], line["detail"]["reason"], line["detail"]["failures"]) == (
        OFFICE_ADMIN,
        "wrong password",
        1,
    )
    assert audit.search(office, action="login") == []


def test_unknown_or_disabled_accounts_cannot_log_in(office, tmp_path, capsys):
    disable_user(office, LEADER)
    for who, reason in [("khong.co.ai", "unknown user"), (LEADER, "disabled")]:
        out_file = tmp_path / f"{who}.xlsx"
        code, out, err = run(capsys, ["--as", who, "template", str(out_file)])
        assert (code, out) == (2, "")
        assert f"Không đăng nhập được tài khoản {who}" in err
        assert not out_file.exists()
        assert audit.search(office, action="login-failed", username=who)[0]["detail"]["reason"] == reason


def test_repeated_failures_lock_the_account_for_the_cli_too(office, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CCHC_PASSWORD", "khong-phai-mat-khau")
    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert cli.main(["--as", CLERK_TH01, "units", "list"]) == 2
    monkeypatch.setenv("CCHC_PASSWORD", PASSWORD)
    assert cli.main(["--as", CLERK_TH01, "units", "list"]) == 2  # the right password, while locked
    assert audit.search(office, action="login-failed", username=CLERK_TH01)[0]["detail"]["reason"] == "locked"


def test_no_password_at_all_is_a_usage_error_without_an_attempt(office, monkeypatch, capsys):
    monkeypatch.delenv("CCHC_PASSWORD")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = run(capsys, ["--as", CLERK_TH01, "units", "list"])
    assert (code, out) == (2, "")
    assert "Chưa có mật khẩu của tài khoản van.thu.th01" in err and "CCHC_PASSWORD" in err
    assert audit.search(office, action=["login", "login-failed"]) == []


# ---------------------------------------------------------------- without --as


def test_without_as_the_operator_keeps_every_right_and_is_named_nobody(office, th01_report, capsys):
    assert os.environ["CCHC_PASSWORD"] == PASSWORD  # set, yet unused without --as: no login
    assert cli.main(["ingest", str(th01_report), "--received-at", "2023-06-15"]) == 0
    assert cli.main(["deadline", "2023-Q2", "30/07/2023"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, ["summary", "--period", "2023-Q2", "--json"])
    assert code == 0
    assert sorted(u["unit_code"] for u in json.loads(out)["units"]) == ["MN01", "TH01"]
    assert upload_lines(office) == [("upload-accepted", None, "TH01")]
    assert audit.search(office, action="deadline")[0]["username"] is None
    assert audit.search(office, action=["login", "login-failed"]) == []


def test_as_runs_as_a_program_with_the_password_in_the_environment(office, th01_report):
    env = {
        "CCHC_DATABASE_URL": os.environ["CCHC_DATABASE_URL"],
        "CCHC_DATA_DIR": os.environ["CCHC_DATA_DIR"],
        "CCHC_PASSWORD": PASSWORD,
        "PATH": "/usr/bin:/bin",
    }
    argv = [sys.executable, "cli.py", "--as", CLERK_MN01, "ingest", str(th01_report), "--json"]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)[0]["problems"][0]["code"] == "unit-not-allowed"
    assert upload_lines(office) == [("upload-rejected", CLERK_MN01, "TH01")]


def test_users_enable_lets_a_disabled_account_in_again(office, capsys):
    add_user(office, "tam.nghi", "mat-khau-tam-nghi", VIEWER)
    disable_user(office, "tam.nghi")
    code, out, _ = run(capsys, ["users", "enable", "Tam.Nghi"])
    assert (code, out.strip()) == (0, "Đã kích hoạt lại tài khoản tam.nghi.")
    assert accounts.authenticate(office, "tam.nghi", "mat-khau-tam-nghi") is not None
    code, out, _ = run(capsys, ["users", "enable", "tam.nghi"])
    assert (code, out.strip()) == (0, "Tài khoản tam.nghi đang hoạt động.")
    assert [line["detail"]["user"] for line in audit.search(office, action="user-enable")] == ["tam.nghi"]
    code, _, err = run(capsys, ["--as", CLERK_TH01, "users", "enable", "tam.nghi"])
    assert code == 2 and "không được kích hoạt lại tài khoản tam.nghi" in err
