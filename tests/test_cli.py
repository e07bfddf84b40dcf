"""The command line end to end on a fresh SQLite database: exit codes, JSON, Vietnamese text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from tests.workbook_factory import valid_sheets, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
UNITS_CSV = (
    "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
    "TH01,Trường Tiểu học Lê Lợi,Tiểu học,Khu vực 1\n"
    "MN01,Trường Mầm non Hoa Sen,Mầm non,Khu vực 2\n"
)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    assert cli.main(["units", "import", str(tmp_path / "units.csv")]) == 0
    return tmp_path


def run_json(capsys, argv: list[str]) -> tuple[int, object]:
    code = cli.main(argv)
    return code, json.loads(capsys.readouterr().out)


def write(path: Path, sheets) -> Path:
    path.write_bytes(workbook_bytes(sheets))
    return path


def test_units_import_counts_added_updated_and_unchanged(workdir, capsys):
    changed = workdir / "changed.csv"
    changed.write_text(UNITS_CSV.replace("Khu vực 2", "Khu vực 3") + "THCS01,Trường THCS Nguyễn Du,THCS,KV1\n", "utf-8")
    assert cli.main(["units", "import", str(changed)]) == 0
    assert "3 đơn vị: 1 mới, 1 cập nhật, 1 không đổi" in capsys.readouterr().out


def test_units_import_refuses_a_bad_registry_whole(workdir, capsys):
    bad = workdir / "bad.csv"
    bad.write_text("ma_don_vi,ten_don_vi,cap_hoc,phuong\nX1,Trường X,Đại học,KV\nX2,Trường Y,THCS,KV\n", "utf-8")
    assert cli.main(["units", "import", str(bad)]) == 1
    assert "dòng 2" in capsys.readouterr().err
    _, units = run_json(capsys, ["units", "list", "--json"])
    assert sorted(u["unit_code"] for u in units) == ["MN01", "TH01"]


def test_ingest_json_accepted_and_rejected(workdir, capsys):
    good = write(workdir / "TH01.xlsx", valid_sheets())
    broken = valid_sheets()
    broken["NhiemVu"][3][5] = "Xong"
    bad = write(workdir / "MN01.xlsx", broken)
    code, results = run_json(capsys, ["ingest", str(good), str(bad), "--json", "--received-at", "2023-06-15"])
    assert code == 1
    assert results[0] == {
        "file": str(good),
        "status": "accepted",
        "unit_code": "TH01",
        "period": "2023-Q2",
        "counts": {"tasks": 3, "indicators": 2, "satisfaction": 2, "self_assessment": 2},
        "problems": [],
    }
    assert results[1]["status"] == "rejected"
    assert [(p["sheet"], p["row"], p["column"], p["code"]) for p in results[1]["problems"]] == [
        ("NhiemVu", 4, "Trạng thái", "unknown-status")
    ]


def test_ingest_exit_zero_when_all_accepted_and_summary(workdir, capsys):
    good = write(workdir / "TH01.xlsx", valid_sheets())
    assert cli.main(["ingest", str(good), "--received-at", "2023-06-15"]) == 0
    assert "NHẬN — TH01, Quý II/2023" in capsys.readouterr().out
    code, summary = run_json(capsys, ["summary", "--period", "2023-Q2", "--json"])
    assert code == 0
    assert summary["submission"] == {"expected": 2, "submitted": 1, "rate": 50.0, "on_time": 1, "on_time_rate": 50.0}
    overall = summary["overall"]
    assert (overall["tasks"], overall["done"], overall["completion_rate"], overall["on_time_rate"]) == (
        3,
        2,
        66.67,
        50.0,
    )
    assert overall["overdue"] == 1  # the task due 31/05/2023 still in progress
    assert overall["indicators"] == {"TTHC_DUNG_HAN": 90.0, "TIN_BAI_CCHC": 4.0}
    assert overall["dimensions"] == {"TIEP_CAN": 90.0, "TTHC": 87.5}
    assert overall["satisfaction"] == 88.75
    assert overall["par_score"] == round((8.5 + 12) / 24 * 100, 2)
    by_code = {u["unit_code"]: u for u in summary["units"]}
    assert by_code["MN01"]["reported"] is False and by_code["MN01"]["tasks"] is None
    assert (by_code["TH01"]["rank"], by_code["TH01"]["rank_of"]) == (1, 1)


def test_second_report_replaces_first_and_restore_brings_it_back(workdir, capsys):
    first = write(workdir / "v1.xlsx", valid_sheets())
    second_sheets = valid_sheets()
    second_sheets["NhiemVu"][4][5] = "Hoàn thành"
    second_sheets["NhiemVu"][4][6] = "30/05/2023"
    second = write(workdir / "v2.xlsx", second_sheets)
    assert cli.main(["ingest", str(first), "--received-at", "2023-06-10"]) == 0
    assert cli.main(["ingest", str(second), "--received-at", "2023-06-25"]) == 0
    assert "thay báo cáo trước" in capsys.readouterr().out
    _, history = run_json(capsys, ["history", "TH01", "--json"])
    assert [(h["file_name"], h["is_current"]) for h in history] == [("v2.xlsx", True), ("v1.xlsx", False)]
    _, summary = run_json(capsys, ["summary", "--period", "2023-Q2", "--json"])
    assert summary["overall"]["done"] == 3
    assert summary["submission"]["on_time"] == 1  # the first report came before the deadline
    assert cli.main(["restore", str(history[1]["id"])]) == 0
    capsys.readouterr()
    _, summary = run_json(capsys, ["summary", "--period", "2023-Q2", "--json"])
    assert summary["overall"]["done"] == 2


def test_usage_errors_exit_two(workdir, capsys):
    assert cli.main(["ingest", str(workdir / "khong-co.xlsx")]) == 2
    assert "Không thấy" in capsys.readouterr().err
    assert cli.main(["summary", "--period", "2023-Q5"]) == 2
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["ingest"])
    assert exit_info.value.code == 2


def test_template_command_writes_a_workbook(workdir):
    out = workdir / "mau.xlsx"
    assert cli.main(["template", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_cli_runs_as_a_program(workdir):
    """The real entry point: a separate process, the database named by the environment."""
    good = write(workdir / "TH01.xlsx", valid_sheets())
    env = {"CCHC_DATABASE_URL": f"sqlite:///{workdir / 'cli.sqlite3'}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "cli.py", "ingest", str(good), "--json"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["status"] == "accepted"


def test_units_import_from_a_spreadsheet_with_vietnamese_headers(workdir, capsys):
    sheet = [
        ["DANH SÁCH ĐƠN VỊ"],
        ["Mã đơn vị", "Tên đơn vị", "Cấp học", "Phường", "Hiệu lực từ"],
        ["THCS01", "Trường THCS Nguyễn Du", "Trung học cơ sở", "Khu vực 1", "Quý I/2026"],
    ]
    path = workdir / "don-vi.xlsx"
    path.write_bytes(workbook_bytes({"Đơn vị": sheet}))
    assert cli.main(["units", "import", str(path)]) == 0
    assert "1 mới" in capsys.readouterr().out
    _, units = run_json(capsys, ["units", "list", "--json"])
    added = next(u for u in units if u["unit_code"] == "THCS01")
    assert (added["level"], added["ward"], added["active_from"], added["active_to"]) == (
        "thcs",
        "Khu vực 1",
        "2026-Q1",
        None,
    )


# ---------------------------------------------------------------- languages


def test_english_problem_messages_keep_the_codes_and_vietnamese_stays_the_default(workdir, capsys):
    broken = valid_sheets()
    broken["NhiemVu"][3][5] = "Xong"
    bad = write(workdir / "MN01.xlsx", broken)
    code, results = run_json(capsys, ["--lang", "en", "ingest", str(bad), "--json"])
    assert code == 1
    [problem] = results[0]["problems"]
    assert (problem["sheet"], problem["row"], problem["column"], problem["code"]) == (
        "NhiemVu",
        4,
        "Trạng thái",
        "unknown-status",
    )
    assert problem["message"].startswith("Status “Xong” is not valid")
    _, results = run_json(capsys, ["ingest", str(bad), "--json"])
    assert results[0]["problems"][0]["message"].startswith("Trạng thái “Xong” không hợp lệ")

    assert cli.main(["--lang", "en", "ingest", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"✘ {bad}: REJECTED — nothing stored" in out
    assert "    Error (sheet NhiemVu, row 4, column Trạng thái): Status “Xong” is not valid" in out
    assert "Total: 0/1 files accepted, 1 rejected." in out
    assert cli.main(["ingest", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "    Lỗi (trang NhiemVu, dòng 4, cột Trạng thái): Trạng thái “Xong” không hợp lệ" in out
    assert "Tổng: 0/1 tệp được nhận, 1 bị từ chối." in out


def test_english_usage_errors_and_the_language_from_the_environment(workdir, capsys, monkeypatch):
    assert cli.main(["--lang", "en", "summary", "--period", "2023-Q5"]) == 2
    assert capsys.readouterr().err == (
        "cli.py: Invalid period: '2023-Q5' (expected a quarter: 2026-Q2 or Quý II/2026; six months: 2026-H1; "
        "nine months: 2026-9M; a year: 2026)\n"
    )
    assert cli.main(["--lang", "en", "ingest", str(workdir / "khong-co.xlsx")]) == 2
    assert capsys.readouterr().err == f"cli.py: Not found: {workdir / 'khong-co.xlsx'}\n"
    assert cli.main(["summary", "--period", "2023-Q5"]) == 2
    assert capsys.readouterr().err.startswith("cli.py: Kỳ không hợp lệ: '2023-Q5' (cần một quý: 2026-Q2")
    assert cli.main(["template", "--unit", "TH01", "--period", "2026-H1", str(workdir / "mau.xlsx")]) == 2
    assert capsys.readouterr().err == "cli.py: Kỳ không hợp lệ: '2026-H1' (cần dạng 2023-Q2 hoặc Quý II/2023)\n"

    monkeypatch.setenv("CCHC_LANG", "en")
    assert cli.main(["template", str(workdir / "mau.txt")]) == 2
    assert capsys.readouterr().err == "cli.py: The template file needs the .xlsx extension\n"
    assert cli.main(["--lang", "vi", "template", str(workdir / "mau.txt")]) == 2
    assert capsys.readouterr().err == "cli.py: Tệp mẫu cần đuôi .xlsx\n"
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--lang", "fr", "template", str(workdir / "mau.xlsx")])
    assert exit_info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_an_english_refusal_names_the_account_its_role_and_why(workdir, capsys, monkeypatch, fast_hashing):
    from storage.accounts import CLERK, add_user
    from storage.open import open_database

    engine = open_database()
    add_user(engine, "van.thu", "mat-khau-thu-nghiem", CLERK, unit_code="TH01")
    engine.dispose()
    monkeypatch.setenv("CCHC_PASSWORD", "mat-khau-thu-nghiem")
    assert cli.main(["--lang", "en", "--as", "van.thu", "deadline", "2023-Q2", "30/07/2023"]) == 2
    assert capsys.readouterr().err == (
        "cli.py: The account van.thu — Clerk of TH01 — may not set the reporting deadline of 2023-Q2: "
        "only an administrator (admin) may do this. Nothing was done.\n"
    )
    assert cli.main(["--lang", "en", "--as", "van.thu", "history", "MN01"]) == 2
    assert "may not see the report history of MN01: a clerk sees their own school's reports only (TH01)" in (
        capsys.readouterr().err
    )
    assert cli.main(["--as", "van.thu", "deadline", "2023-Q2", "30/07/2023"]) == 2
    assert capsys.readouterr().err == (
        "cli.py: Tài khoản van.thu — Văn thư trường TH01 — không được đặt hạn nộp báo cáo kỳ 2023-Q2: "
        "việc này chỉ dành cho quản trị viên (admin). Không làm gì.\n"
    )
    monkeypatch.setenv("CCHC_PASSWORD", "sai-mat-khau")
    assert cli.main(["--lang", "en", "--as", "van.thu", "units", "list"]) == 2
    assert capsys.readouterr().err.startswith("cli.py: Could not log in as van.thu: wrong username or password")


def test_english_output_of_a_stored_report_and_the_summary(workdir, capsys):
    good = write(workdir / "TH01.xlsx", valid_sheets())
    assert cli.main(["--lang", "en", "ingest", str(good), "--received-at", "2023-06-15"]) == 0
    assert "ACCEPTED — TH01, Q2/2023: 3 tasks, 2 indicators" in capsys.readouterr().out
    assert cli.main(["--lang", "en", "summary", "--period", "2023-Q2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "ADMINISTRATIVE REFORM SUMMARY Q2/2023",
        "Reports: 1/2 schools (50.0%), on time 1 (50.0%)",
        "Tasks: 2/3 done (66.7%), on time 50.0%, overdue 1",
    ]
    assert cli.main(["summary", "--period", "2023-Q2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "TỔNG HỢP CẢI CÁCH HÀNH CHÍNH QUÝ II/2023",
        "Nộp báo cáo: 1/2 đơn vị (50,0 %), đúng hạn 1 (50,0 %)",
        "Nhiệm vụ: 2/3 hoàn thành (66,7 %), đúng hạn 50,0 %, quá hạn 1",
    ]
    code, english = run_json(capsys, ["--lang", "en", "summary", "--period", "2023-Q2", "--json"])
    _, vietnamese = run_json(capsys, ["summary", "--period", "2023-Q2", "--json"])
    assert code == 0 and english == vietnamese  # figures and keys: no language in them


def test_help_is_worded_in_the_language_asked(capsys):
    for lang, words in (("en", "check and store quarterly reports"), ("vi", "kiểm tra và lưu báo cáo quý")):
        with pytest.raises(SystemExit):
            cli.main(["--lang", lang, "--help"])
        assert words in capsys.readouterr().out


def test_every_cli_string_is_in_both_languages():
    import re

    from i18n.catalog import EN, VI

    source = (ROOT / "cli.py").read_text(encoding="utf-8")
    keys = set(re.findall(r"""["'](cli\.[a-z_]+\.[a-z_.-]+)["']""", source))
    keys |= {f"cli.help.{k}" for k in re.findall(r"""\bh\(["']([a-z_]+)["']""", source)}
    keys |= {f"cli.error.{k}" for k in re.findall(r"""(?:UsageError|NotAllowed)\(["']([a-z-]+)["']""", source)}
    assert len(keys) > 60
    assert sorted(k for k in keys if k not in VI or k not in EN) == []


# ---------------------------------------------------------------- the summary is the pages' figures


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from demo.load import load_demo
    from storage.open import open_database

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    engine = open_database(url)
    load_demo(engine)
    engine.dispose()
    return url


def test_the_summary_holds_the_same_figures_as_the_reference_computation(demo_db, capsys, monkeypatch):
    """Read off the pages' tables (metrics.views), the summary keeps every field, value, type and order that
    the independent computation straight from the metrics functions gives."""
    from core.catalogs import default_catalogs
    from metrics.summary import period_summary, with_plan_completion
    from metrics.views import periods_of, restrict_units
    from pipeline.plans import plan_completion_table
    from storage.frames import load_frames
    from storage.open import open_database
    from tests.summary_reference import reference_summary

    monkeypatch.setenv("CCHC_DATABASE_URL", demo_db)
    engine = open_database(demo_db)
    catalogs = default_catalogs()
    for period in [*periods_of(load_frames(engine, task_texts=False)), "2030-Q1"]:
        assert cli.main(["summary", "--period", period, "--json"]) == 0
        printed = capsys.readouterr().out
        expected = with_plan_completion(
            reference_summary(load_frames(engine, [period]), catalogs, period), plan_completion_table(engine, period)
        )
        assert printed == json.dumps(expected, ensure_ascii=False, indent=1) + "\n", period
    frames = load_frames(engine, ["2026-Q3"])
    for unit in frames.units["unit_code"].tolist()[:4]:
        mine = restrict_units(frames, [unit])
        assert period_summary(mine, catalogs, "2026-Q3") == reference_summary(mine, catalogs, "2026-Q3"), unit
    engine.dispose()


def test_storage_refusals_are_worded_in_the_language_asked(workdir, capsys):
    assert cli.main(["--lang", "en", "deadline", "2023-Q2", "01/01/2020"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cli.py: The deadline 01/01/2020 is not plausible for Q2/2023") and "Nothing was done." in err
    assert cli.main(["deadline", "2023-Q2", "01/01/2020"]) == 2
    assert capsys.readouterr().err.startswith("cli.py: Hạn nộp 01/01/2020 không hợp lý cho Quý II/2023")
    assert cli.main(["--lang", "en", "users", "add", "x.y", "--role", "viewer", "--password", "ngan"]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert cli.main(["users", "add", "x.y", "--role", "viewer", "--password", "ngan"]) == 2
    assert "ít nhất 8" in capsys.readouterr().err


def test_restoring_a_report_that_does_not_exist_says_so_in_the_language_asked(workdir, capsys):
    capsys.readouterr()
    assert cli.main(["restore", "99999"]) == 2
    assert capsys.readouterr().err.strip() == (
        "cli.py: Không có báo cáo #99999 trong cơ sở dữ liệu: xem số báo cáo bằng lệnh history"
    )
    assert cli.main(["--lang", "en", "restore", "99999"]) == 2
    assert capsys.readouterr().err.strip() == (
        "cli.py: There is no report #99999 in the database: the history command lists their numbers"
    )
