"""Plans from a terminal: `cli.py plan import`, `plan show` and `template --plan`, with the accounts' rights."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from argon2 import PasswordHasher

import cli
from storage import accounts, audit
from storage.accounts import CLERK, VIEWER, add_user
from storage.open import open_database
from storage.plans import current_plan, plan_history
from tests.plan_factory import PLAN_INFO_ROWS, PLAN_ROWS, plan_bytes

PASSWORD = "mat-khau-thu-nghiem"
UNITS_CSV = (
    "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
    "TH01,Trường Tiểu học Lê Lợi,Tiểu học,Khu vực 1\n"
    "TH02,Trường Tiểu học Trần Phú,Tiểu học,Khu vực 2\n"
)


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    url = f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    monkeypatch.setenv("CCHC_PASSWORD", PASSWORD)
    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    assert cli.main(["units", "import", str(tmp_path / "units.csv")]) == 0
    engine = open_database(url)
    add_user(engine, "van.thu.th02", PASSWORD, CLERK, unit_code="TH02")
    add_user(engine, "lanh.dao", PASSWORD, VIEWER)
    yield engine
    engine.dispose()


def plan_file(tmp_path: Path, name: str = "ke-hoach-TH01.xlsx", **changes) -> Path:
    path = tmp_path / name
    path.write_bytes(plan_bytes(**changes))
    return path


def test_a_plan_is_imported_and_shown_with_the_codes_it_was_given(office, tmp_path, capsys):
    capsys.readouterr()
    assert cli.main(["plan", "import", str(plan_file(tmp_path)), "--json"]) == 0
    (answer,) = json.loads(capsys.readouterr().out)
    assert (answer["status"], answer["unit_code"], answer["year"], answer["tasks"]) == ("accepted", "TH01", 2026, 4)
    assert cli.main(["plan", "show", "TH01", "--year", "2026", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [t["code"] for t in shown["tasks"]] == ["KH-01", "TH01-2026-001", "TH01-2026-002", "KH-04"]
    assert shown["tasks"][1]["recurring"] is True and shown["tasks"][2]["due"] == "2026-06-30"
    assert audit.search(office, action="plan-upload")[0]["unit_code"] == "TH01"


def test_a_second_plan_replaces_the_first_and_keeps_its_codes(office, tmp_path, capsys):
    assert cli.main(["plan", "import", str(plan_file(tmp_path))]) == 0
    rows = [list(r) for r in PLAN_ROWS] + [[5, None, "CDS", "Số hóa hồ sơ học sinh", None, "Quý IV/2026", None]]
    assert cli.main(["plan", "import", str(plan_file(tmp_path, "ke-hoach-2.xlsx", rows=rows))]) == 0
    printed = capsys.readouterr().out
    assert "thay" in printed or "replac" in printed.lower()
    plan = current_plan(office, "TH01", 2026)
    assert [t["code"] for t in plan["tasks"]] == ["KH-01", "TH01-2026-001", "TH01-2026-002", "KH-04", "TH01-2026-003"]
    assert [h["is_current"] for h in plan_history(office, "TH01", 2026)] == [True, False]


def test_a_bad_plan_is_refused_in_the_language_asked_and_nothing_is_stored(office, tmp_path, capsys):
    rows = [list(r) for r in PLAN_ROWS]
    rows[2][5] = "khi nào xong"
    capsys.readouterr()
    assert cli.main(["--lang", "en", "plan", "import", str(plan_file(tmp_path, rows=rows)), "--json"]) == 1
    (answer,) = json.loads(capsys.readouterr().out)
    assert answer["status"] == "rejected"
    (bad,) = [p for p in answer["problems"] if p["code"] == "bad-deadline"]
    assert (bad["sheet"], bad["row"], bad["column"]) == ("KeHoach", 6, "Thời hạn")
    assert bad["message"].startswith("The deadline “khi nào xong” cannot be read")
    assert current_plan(office, "TH01", 2026) is None
    assert audit.search(office, action="plan-rejected")[0]["detail"]["file"] == "ke-hoach-TH01.xlsx"


def test_a_clerk_sends_only_their_schools_plan_and_a_viewer_none(office, tmp_path, capsys):
    path = plan_file(tmp_path)
    capsys.readouterr()
    assert cli.main(["--as", "van.thu.th02", "plan", "import", str(path), "--json"]) == 1
    (answer,) = json.loads(capsys.readouterr().out)
    assert answer["problems"][0]["code"] == "unit-not-allowed"
    assert cli.main(["--as", "lanh.dao", "plan", "import", str(path)]) == 2
    assert "lanh.dao" in capsys.readouterr().err
    info = [list(r) for r in PLAN_INFO_ROWS]
    info[2][1], info[3][1] = "TH02", "Trường Tiểu học Trần Phú"
    own = plan_file(tmp_path, "ke-hoach-TH02.xlsx", info=info)
    assert cli.main(["--as", "van.thu.th02", "plan", "import", str(own)]) == 0
    assert current_plan(office, "TH02", 2026)["tasks"]
    assert cli.main(["--as", "van.thu.th02", "plan", "show", "TH01", "--year", "2026"]) == 2


def test_the_plan_template_has_the_plans_sheets_and_headers(office, tmp_path, capsys):
    out = tmp_path / "mau-ke-hoach.xlsx"
    assert cli.main(["template", "--plan", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["ThongTin", "KeHoach"]
    header = [cell.value for cell in book["KeHoach"][3]]
    assert header == ["STT", "Mã nhiệm vụ", "Lĩnh vực", "Nội dung nhiệm vụ", "Đơn vị/người thực hiện", "Thời hạn",
                      "Sản phẩm"]  # fmt: skip
    assert cli.main(["--lang", "en", "plan", "show", "TH01", "--year", "2026"]) == 0
    assert "Unit TH01 has no plan for 2026 yet." in capsys.readouterr().out


def test_a_units_quarter_template_from_its_plan(office, tmp_path, capsys):
    assert cli.main(["plan", "import", str(plan_file(tmp_path))]) == 0
    out = tmp_path / "mau-TH01.xlsx"
    assert cli.main(["template", "--unit", "th01", "--period", "2026-Q2", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    codes = [row[1].value for row in book["NhiemVu"].iter_rows(min_row=4) if row[3].value]
    assert codes == ["KH-01", "TH01-2026-001", "TH01-2026-002"]  # KH-04 is due in November
    assert cli.main(["template", "--unit", "TH01", str(out)]) == 2
    assert cli.main(["--lang", "en", "template", "--unit", "TH99", "--period", "2026-Q2", str(out)]) == 2
    assert "There is no unit TH99 in the registry" in capsys.readouterr().err
    assert cli.main(["--as", "van.thu.th02", "template", "--unit", "TH01", "--period", "2026-Q2", str(out)]) == 2


def test_the_summary_gives_plan_completion_per_unit_and_pooled(office, tmp_path, capsys):
    assert cli.main(["plan", "import", str(plan_file(tmp_path))]) == 0
    capsys.readouterr()
    assert cli.main(["summary", "--period", "2026-Q2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    by_unit = {u["unit_code"]: u["plan_completion"] for u in summary["units"]}
    assert by_unit == {"TH01": 0.0, "TH02": None}  # TH01's three tasks due by 30/06 are not reported yet
    assert summary["overall"]["plan_completion"] == 0.0
    assert cli.main(["summary", "--period", "2025-Q4", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["plan_completion"] is None  # no plan for 2025
