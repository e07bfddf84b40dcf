"""Accounts scoped to a ward: what they reach, manage and are refused, through storage and `cli.py --as`.

Two wards: Phường Bình Thới (TH01, MN01) and Phường Phú Thọ (TH02). A city-wide
administrator, Bình Thới's administrator and viewer, and a clerk of TH02. On SQLite
and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher

import cli
from core.permissions import in_reach, may_administer_installation, may_see, may_submit_for, own_ward
from storage import accounts, audit
from storage.accounts import (
    ADMIN,
    CLERK,
    VIEWER,
    AccountInputError,
    OutsideWard,
    add_user,
    disable_user,
    get_user,
    list_users,
    reset_password,
)
from storage.registry import RegistryRefused, list_units, upsert_units
from tests.workbook_factory import valid_sheets, workbook_bytes

PASSWORD = "mat-khau-thu-nghiem"
BINH_THOI, PHU_THO = "Phường Bình Thới", "Phường Phú Thọ"
UNITS_CSV = (
    "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
    f"TH01,Trường Tiểu học Lê Lợi,Tiểu học,{BINH_THOI}\n"
    f"MN01,Trường Mầm non Hoa Sen,Mầm non,{BINH_THOI}\n"
    f"TH02,Trường Tiểu học Minh Phụng,Tiểu học,{PHU_THO}\n"
)
CITY, WARD_ADMIN, WARD_VIEWER, CLERK_TH02 = "so.gddt", "qt.binhthoi", "xem.binhthoi", "van.thu.th02"


@pytest.fixture
def city(db_url, tmp_path, monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setenv("CCHC_DATABASE_URL", db_url)
    monkeypatch.setenv("CCHC_PASSWORD", PASSWORD)
    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    assert cli.main(["units", "import", str(tmp_path / "units.csv")]) == 0
    from storage.open import open_database

    engine = open_database(db_url)
    add_user(engine, CITY, PASSWORD, ADMIN)
    add_user(engine, WARD_ADMIN, PASSWORD, ADMIN, ward="phường  bình thới")  # spelt loosely: stored as registered
    add_user(engine, WARD_VIEWER, PASSWORD, VIEWER, ward=BINH_THOI)
    add_user(engine, CLERK_TH02, PASSWORD, CLERK, unit_code="TH02")
    yield engine
    engine.dispose()


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def refusals(engine) -> list[dict]:
    return audit.search(engine, action=["scope-refused"])


# ---------------------------------------------------------------- accounts


def test_a_ward_account_reaches_its_wards_schools_only(city):
    ward_admin, viewer = get_user(city, WARD_ADMIN), get_user(city, WARD_VIEWER)
    assert ward_admin.ward == BINH_THOI and own_ward(ward_admin) == BINH_THOI
    assert ward_admin.ward_units == frozenset({"TH01", "MN01"})
    assert [in_reach(viewer, code) for code in ("TH01", "MN01", "TH02")] == [True, True, False]
    assert may_submit_for(ward_admin, "MN01") and not may_submit_for(ward_admin, "TH02")
    assert not may_submit_for(viewer, "TH01")
    assert not may_administer_installation(ward_admin) and may_administer_installation(get_user(city, CITY))
    assert may_see(get_user(city, CITY), "TH02")


def test_a_ward_that_does_not_exist_or_a_clerk_with_a_ward_is_refused(city):
    with pytest.raises(AccountInputError) as unknown:
        add_user(city, "xem.tanbinh", PASSWORD, VIEWER, ward="Phường Tân Bình")
    assert unknown.value.code == "unknown-ward"
    with pytest.raises(AccountInputError) as clerk:
        add_user(city, "van.thu.x", PASSWORD, CLERK, unit_code="TH01", ward=BINH_THOI)
    assert clerk.value.code == "ward-only-for-office"
    assert get_user(city, "xem.tanbinh") is None


def test_a_ward_administrator_manages_its_wards_accounts_only_and_tries_elsewhere_are_audited(city):
    add_user(city, "van.thu.mn01", PASSWORD, CLERK, unit_code="MN01", by=WARD_ADMIN, within_ward=BINH_THOI)
    with pytest.raises(OutsideWard):
        add_user(city, "van.thu.th02b", PASSWORD, CLERK, unit_code="TH02", by=WARD_ADMIN, within_ward=BINH_THOI)
    with pytest.raises(OutsideWard):
        add_user(city, "xem.phutho", PASSWORD, VIEWER, ward=PHU_THO, by=WARD_ADMIN, within_ward=BINH_THOI)
    with pytest.raises(OutsideWard):
        add_user(city, "so.khac", PASSWORD, ADMIN, by=WARD_ADMIN, within_ward=BINH_THOI)  # city-wide: not its own
    with pytest.raises(OutsideWard):
        disable_user(city, CLERK_TH02, by=WARD_ADMIN, within_ward=BINH_THOI)
    with pytest.raises(OutsideWard):
        reset_password(city, CITY, "mat-khau-moi-123", by=WARD_ADMIN, within_ward=BINH_THOI)
    assert get_user(city, "van.thu.th02b") is None and get_user(city, CLERK_TH02) is not None
    assert disable_user(city, "van.thu.mn01", by=WARD_ADMIN, within_ward=BINH_THOI)
    assert [u["username"] for u in list_users(city, within_ward=BINH_THOI)] == [WARD_ADMIN, "van.thu.mn01", WARD_VIEWER]
    lines = refusals(city)
    assert len(lines) == 5 and {line["username"] for line in lines} == {WARD_ADMIN}
    assert {line["detail"]["ward"] for line in lines} == {BINH_THOI}


def test_an_office_account_moves_to_another_ward_or_to_the_whole_installation(city):
    assert accounts.set_ward(city, WARD_VIEWER, "phường phú thọ", by=CITY)  # spelt loosely: stored as registered
    moved = get_user(city, WARD_VIEWER)
    assert moved.ward == PHU_THO and moved.ward_units == frozenset({"TH02"})
    assert not accounts.set_ward(city, WARD_VIEWER, PHU_THO, by=CITY)  # already there
    assert accounts.set_ward(city, WARD_VIEWER, None, by=CITY) and own_ward(get_user(city, WARD_VIEWER)) is None
    lines = audit.search(city, action=["user-ward"])
    assert [(line["username"], line["detail"]) for line in reversed(lines)] == [
        (CITY, {"user": WARD_VIEWER, "ward_before": BINH_THOI, "ward": PHU_THO}),
        (CITY, {"user": WARD_VIEWER, "ward_before": PHU_THO, "ward": None}),
    ]
    with pytest.raises(AccountInputError) as unknown:
        accounts.set_ward(city, WARD_VIEWER, "Phường Tân Bình", by=CITY)
    with pytest.raises(AccountInputError) as clerk:
        accounts.set_ward(city, CLERK_TH02, PHU_THO, by=CITY)
    assert (unknown.value.code, clerk.value.code) == ("unknown-ward", "ward-only-for-office")


def test_the_last_city_administrator_stays_so_and_a_ward_administrator_gives_no_other_ward(city):
    with pytest.raises(accounts.AccountRefused) as last:
        accounts.set_ward(city, CITY, BINH_THOI, by=CITY)
    assert last.value.code == "last-city-admin" and get_user(city, CITY).ward is None
    for wanted in (PHU_THO, None):  # out of its ward, or above it: refused and audited
        with pytest.raises(OutsideWard):
            accounts.set_ward(city, WARD_VIEWER, wanted, by=WARD_ADMIN, within_ward=BINH_THOI)
    with pytest.raises(OutsideWard):  # another ward's account
        accounts.set_ward(city, "so.gddt", BINH_THOI, by=WARD_ADMIN, within_ward=BINH_THOI)
    assert get_user(city, WARD_VIEWER).ward == BINH_THOI and len(refusals(city)) == 3
    add_user(city, "so.phoquanly", PASSWORD, ADMIN)  # a second city-wide administrator: now one may be scoped
    assert accounts.set_ward(city, CITY, PHU_THO, by="so.phoquanly")


def test_a_ward_administrator_stores_its_wards_registry_rows_only(city):
    rows = [
        {"unit_code": "MN01", "unit_name": "Trường Mầm non Hoa Sen (mới)", "level": "MN", "ward": BINH_THOI},
        {"unit_code": "TH02", "unit_name": "Trường Tiểu học Minh Phụng", "level": "TH", "ward": BINH_THOI},
    ]
    with pytest.raises(RegistryRefused) as refused:
        upsert_units(city, rows, by=WARD_ADMIN, within_ward=BINH_THOI)
    assert refused.value.code == "registry-outside-ward" and "TH02" in refused.value.params["units"]
    assert {u["unit_code"]: u["ward"] for u in list_units(city)}["TH02"] == PHU_THO  # nothing stored
    assert refusals(city)[0]["detail"]["units"] == ["TH02"]
    assert upsert_units(city, rows[:1], by=WARD_ADMIN, within_ward=BINH_THOI) == (0, 1)


# ---------------------------------------------------------------- cli.py --as


def test_users_add_with_a_ward_and_a_ward_that_does_not_exist(city, capsys):
    code, out, _ = run(capsys, ["--as", CITY, "users", "add", "xem.phutho", "--role", "viewer", "--ward", PHU_THO,
                                "--password", PASSWORD])  # fmt: skip
    assert code == 0 and PHU_THO in out
    assert get_user(city, "xem.phutho").ward_units == frozenset({"TH02"})
    code, _, err = run(capsys, ["--as", CITY, "users", "add", "xem.khac", "--role", "viewer", "--ward", "Phường Khác",
                                "--password", PASSWORD])  # fmt: skip
    assert code == 2 and "Phường Khác" in err and get_user(city, "xem.khac") is None


def test_users_ward_moves_an_account_and_a_ward_administrator_is_refused(city, capsys):
    code, out, _ = run(capsys, ["--as", CITY, "users", "ward", WARD_VIEWER, "--ward", "phường phú thọ"])
    assert code == 0 and out.strip() == f"Tài khoản {WARD_VIEWER} từ nay chỉ xem và quản lý {PHU_THO}."
    code, out, _ = run(capsys, ["--as", CITY, "users", "ward", WARD_VIEWER, "--whole"])
    assert code == 0 and "toàn hệ thống" in out and get_user(city, WARD_VIEWER).ward is None
    code, _, err = run(capsys, ["--as", WARD_ADMIN, "users", "ward", WARD_VIEWER, "--ward", PHU_THO])
    assert code == 1 and err and get_user(city, WARD_VIEWER).ward is None
    code, _, err = run(capsys, ["--as", CITY, "users", "ward", CITY, "--ward", BINH_THOI])
    assert code == 1 and "cuối cùng" in err


def test_a_ward_viewer_naming_another_wards_school_is_refused_and_audited(city, capsys):
    for argv in (["history", "TH02"], ["plan", "show", "TH02", "--year", "2026"],
                 ["par", "show", "--unit", "TH02", "--year", "2026"]):  # fmt: skip
        code, out, err = run(capsys, ["--lang", "en", "--as", WARD_VIEWER, *argv])
        assert code == 2 and out == "" and BINH_THOI in err, argv  # NotAllowed
    lines = refusals(city)
    assert [(line["unit_code"], line["detail"]["via"]) for line in lines] == [("TH02", "cli")] * 3
    code, out, _ = run(capsys, ["--as", WARD_VIEWER, "history", "TH01"])
    assert code == 0


def test_a_ward_administrator_is_refused_the_reports_and_accounts_of_another_ward(city, capsys, tmp_path):
    report = tmp_path / "bao-cao-TH01.xlsx"
    report.write_bytes(workbook_bytes(valid_sheets()))  # TH01's report of 2023-Q2: in the ward
    code, out, _ = run(capsys, ["--as", WARD_ADMIN, "ingest", str(report), "--json"])
    assert code == 0 and json.loads(out)[0]["status"] == "accepted"
    other, sheets = tmp_path / "bao-cao-TH02.xlsx", valid_sheets()
    sheets["ThongTin"][2:4] = [["Mã đơn vị", "TH02"], ["Tên đơn vị", "Trường Tiểu học Minh Phụng"]]
    other.write_bytes(workbook_bytes(sheets))
    code, out, _ = run(capsys, ["--as", WARD_ADMIN, "ingest", str(other), "--json"])
    [result] = json.loads(out)
    assert code == 1 and result["status"] == "rejected"
    assert any(p["code"] == "unit-outside-ward" for p in result["problems"])
    code, _, _ = run(capsys, ["--as", WARD_ADMIN, "users", "disable", CLERK_TH02])
    assert code == 1 and get_user(city, CLERK_TH02) is not None
    code, _, _ = run(capsys, ["--as", WARD_ADMIN, "deadline", "2023-Q2", "2023-07-05"])
    assert code == 0  # its own ward's deadline (below), not the city's


def test_a_ward_viewers_summary_and_export_hold_its_ward_only(city, capsys, tmp_path, report_factory):
    from datetime import datetime

    from pipeline.ingest import store

    for unit in ("TH01", "MN01", "TH02"):
        store(city, report_factory(unit, "2023-Q2"), b"x", datetime(2023, 7, 1))
    code, out, _ = run(capsys, ["--as", WARD_VIEWER, "summary", "--period", "2023-Q2", "--json"])
    assert code == 0
    summary = json.loads(out)
    assert summary["submission"]["expected"] == 2 and summary["submission"]["submitted"] == 2
    assert [u["unit_code"] for u in summary["units"]] == ["MN01", "TH01"]
    code, out, _ = run(capsys, ["--as", CITY, "summary", "--period", "2023-Q2", "--json"])
    assert json.loads(out)["submission"]["expected"] == 3
    code, _, _ = run(capsys, ["--as", WARD_VIEWER, "export", "--period", "2023-Q2", "--ward", PHU_THO,
                                "--out", str(tmp_path / "x.xlsx")])  # fmt: skip
    assert code == 2 and not (tmp_path / "x.xlsx").exists()
    assert refusals(city)[-1]["detail"]["other_ward"] == PHU_THO
    code, _, _ = run(capsys, ["--as", WARD_VIEWER, "export", "--period", "2023-Q2", "--out", str(tmp_path / "y.xlsx")])
    assert code == 0 and Path(tmp_path / "y.xlsx").stat().st_size > 0


# ---------------------------------------------------------------- a ward's own deadline


def test_a_wards_own_deadline_judges_its_schools_and_the_citys_the_others(city, capsys, report_factory):
    from datetime import date, datetime

    from metrics.reporting import submission_status
    from pipeline.ingest import store
    from storage.frames import load_frames
    from storage.registry import DeadlineRefused, quarter_deadline, set_deadline

    code, out, _ = run(capsys, ["--as", CITY, "deadline", "2023-Q2", "2023-07-05"])
    assert code == 0
    code, out, _ = run(capsys, ["--as", WARD_ADMIN, "deadline", "2023-Q2", "2023-06-25"])  # its ward's, unasked
    assert code == 0 and BINH_THOI in out
    code, _, _ = run(capsys, ["--as", WARD_ADMIN, "deadline", "2023-Q2", "2023-06-26", "--ward", PHU_THO])
    assert code == 2 and refusals(city)[-1]["detail"]["other_ward"] == PHU_THO
    with pytest.raises(DeadlineRefused):
        set_deadline(city, "2023-Q2", date(2023, 6, 30), ward="Phường Không Có")
    assert quarter_deadline(city, "2023-Q2", BINH_THOI) == date(2023, 6, 25)
    assert quarter_deadline(city, "2023-Q2", PHU_THO) == quarter_deadline(city, "2023-Q2") == date(2023, 7, 5)
    for unit in ("TH01", "TH02"):
        store(city, report_factory(unit, "2023-Q2"), b"x", datetime(2023, 7, 1))
    frames = load_frames(city)
    status = submission_status(frames.units, frames.submissions, "2023-Q2", frames.quarters).set_index("unit_code")
    assert status.loc["TH01", "deadline"] == date(2023, 6, 25) and not status.loc["TH01", "on_time"]
    assert status.loc["TH01", "days_late"] == 6
    assert status.loc["TH02", "deadline"] == date(2023, 7, 5) and status.loc["TH02", "on_time"]


def test_the_databases_own_sums_per_ward_and_a_ward_accounts_share_of_them(city, capsys, report_factory):
    from datetime import datetime

    from core.catalogs import default_catalogs
    from metrics.views import ward_table
    from pipeline.ingest import store
    from storage.frames import load_frames

    for unit in ("TH01", "MN01", "TH02"):
        store(city, report_factory(unit, "2023-Q2"), b"x", datetime(2023, 7, 1))
    code, out, _ = run(capsys, ["--as", CITY, "aggregate", "--period", "2023-Q2", "--by", "ward", "--json"])
    rows = {r["ward"]: r for r in json.loads(out)}
    expected = ward_table(load_frames(city), default_catalogs(), "2023-Q2").set_index("ward")
    assert code == 0 and sorted(rows) == sorted(expected.index) == [BINH_THOI, PHU_THO]
    for ward, row in rows.items():
        assert row["expected"] == expected.at[ward, "expected"]
        assert row["completion_rate"] == pytest.approx(expected.at[ward, "completion_rate"])
    code, out, _ = run(capsys, ["--as", WARD_VIEWER, "aggregate", "--period", "2023-Q2", "--by", "unit", "--json"])
    assert code == 0 and sorted(r["unit_code"] for r in json.loads(out)) == ["MN01", "TH01"]
    code, out, _ = run(capsys, ["--as", WARD_VIEWER, "aggregate", "--period", "2023-Q2", "--json"])
    assert [r["ward"] for r in json.loads(out)] == [BINH_THOI]
    code, _, _ = run(capsys, ["--as", WARD_VIEWER, "aggregate", "--period", "2023-Q2", "--by", "office"])
    assert code == 2
