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
