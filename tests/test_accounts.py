"""Accounts, logging in with its lock-out, the audit log, migration 0002 and `cli.py users`, on each backend."""

from __future__ import annotations

import io
import json
import pickle
from datetime import date, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

import cli
from i18n.messages import describe
from storage import accounts, audit
from storage.accounts import (
    ADMIN,
    CLERK,
    LOCK_TIME,
    MAX_FAILED_LOGINS,
    MAX_PASSWORD_LENGTH,
    ROLES,
    VIEWER,
    AccountInputError,
    AccountRefused,
    User,
    add_user,
    authenticate,
    change_password,
    disable_user,
    get_user,
    has_users,
    list_users,
    reset_password,
    sign_in_with_identity,
)
from storage.db import _tune_sqlite, normalise_url
from storage.migrations import MIGRATIONS, applied_migrations, migrate
from storage.registry import upsert_units
from storage.schema import units, users

T0 = datetime(2024, 3, 1, 8, 0, 0)
FIRST_RELEASE_TABLES = {
    "schema_migrations",
    "units",
    "quarters",
    "submissions",
    "rejections",
    "tasks",
    "indicator_values",
    "satisfaction",
    "self_scores",
}


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def office(engine: Engine, unit_rows) -> Engine:
    """The registry's schools, an admin and a clerk of TH01."""
    upsert_units(engine, unit_rows)
    add_user(engine, "Admin", "mat-khau-admin", ADMIN, display_name="Trần Văn Quản")
    add_user(engine, "van.thu", "mat-khau-clerk", CLERK, unit_code="th01", by="admin")
    return engine


def failures(engine: Engine, username: str) -> list[dict]:
    return audit.search(engine, username=username, action="login-failed")


# ---------------------------------------------------------------- managing accounts


def test_add_and_list_users(office: Engine) -> None:
    assert has_users(office)
    listed = list_users(office)
    assert [u["username"] for u in listed] == ["admin", "van.thu"]  # stored lower-case, by name
    assert all("password_hash" not in u for u in listed)
    admin, clerk = listed
    assert (admin["role"], admin["unit_code"], admin["display_name"]) == (ADMIN, None, "Trần Văn Quản")
    assert (clerk["role"], clerk["unit_code"], clerk["active"]) == (CLERK, "TH01", True)
    assert clerk["failed_logins"] == 0 and clerk["locked_until"] is None
    assert isinstance(clerk["created_at"], datetime) and clerk["password_changed_at"] == clerk["created_at"]
    with office.connect() as conn:
        stored = conn.scalar(select(users.c.password_hash).where(users.c.username == "admin"))
    assert stored.startswith("$argon2id$") and "mat-khau-admin" not in stored


def test_no_users_on_a_fresh_database(engine: Engine) -> None:
    assert not has_users(engine)
    assert list_users(engine) == []


def test_the_default_hasher_is_argon2id() -> None:
    assert PasswordHasher().hash("mat-khau-dai").startswith("$argon2id$")


@pytest.mark.parametrize(
    ("username", "password", "role", "unit", "message"),
    [
        ("x.y", "mat-khau-dai", "root", None, "Vai trò"),
        ("x.y", "mat-khau-dai", CLERK, None, "cần mã đơn vị"),
        ("x.y", "mat-khau-dai", CLERK, "ZZ99", "Không có đơn vị ZZ99"),
        ("x.y", "mat-khau-dai", VIEWER, "TH01", "Chỉ tài khoản văn thư"),
        ("x.y", "ngan", VIEWER, None, "ít nhất 8"),
        ("có dấu", "mat-khau-dai", VIEWER, None, "Tên đăng nhập"),
        ("", "mat-khau-dai", VIEWER, None, "Tên đăng nhập"),
    ],
)
def test_add_user_refuses_bad_input(office: Engine, username, password, role, unit, message) -> None:
    with pytest.raises(AccountInputError, match=message):
        add_user(office, username, password, role, unit_code=unit)
    assert len(list_users(office)) == 2


def test_account_refusals_are_codes_with_values_worded_in_either_language(office: Engine) -> None:
    with pytest.raises(AccountInputError) as refused:
        add_user(office, "x.y", "mat-khau-dai", "root")
    assert (refused.value.code, refused.value.params) == ("invalid-role", {"role": "root", "roles": list(ROLES)})
    assert isinstance(refused.value, ValueError)
    assert str(refused.value) == f"Vai trò không hợp lệ: 'root' (cần một trong: {', '.join(ROLES)})"
    assert describe(refused.value, "en") == f"Invalid role: 'root' (expected one of: {', '.join(ROLES)})"
    with pytest.raises(AccountInputError) as refused:
        add_user(office, "x.y", "x" * (MAX_PASSWORD_LENGTH + 1), VIEWER)
    assert refused.value.params == {"maximum": MAX_PASSWORD_LENGTH}
    assert describe(refused.value, "en") == "The password is longer than 1,024 characters"  # numbers through Babel
    assert str(refused.value) == "Mật khẩu dài quá 1.024 ký tự"
    with pytest.raises(AccountRefused) as refused:
        disable_user(office, "nobody")
    again = pickle.loads(pickle.dumps(refused.value))
    assert (type(again), again.code, str(again)) == (AccountRefused, "unknown-account", "Không có tài khoản 'nobody'")
    assert describe(again, "en") == "There is no account 'nobody'"


def test_a_username_is_unique_whatever_its_case(office: Engine) -> None:
    with pytest.raises(AccountRefused, match="đã có"):
        add_user(office, " VAN.THU ", "mat-khau-khac", VIEWER)
    assert len(list_users(office)) == 2


def test_the_table_checks_role_and_clerk_unit(office: Engine) -> None:
    """The CHECKs hold even for code that bypasses add_user."""
    base = {"password_hash": "x", "created_at": T0, "password_changed_at": T0}
    bad_rows = [
        {"username": "a1", "role": CLERK, "unit_code": None},
        {"username": "a2", "role": VIEWER, "unit_code": "TH01"},
        {"username": "a3", "role": "root", "unit_code": None},
    ]
    for row in bad_rows:
        with pytest.raises(IntegrityError), office.begin() as conn:
            conn.execute(insert(users).values(**base, **row))


def test_disable_user(office: Engine) -> None:
    assert disable_user(office, "VAN.THU", by="admin") is True
    assert disable_user(office, "van.thu", by="admin") is False  # already: nothing to do, nothing logged
    assert [u["active"] for u in list_users(office)] == [True, False]
    assert authenticate(office, "van.thu", "mat-khau-clerk") is None
    assert failures(office, "van.thu")[0]["detail"]["reason"] == "disabled"
    assert get_user(office, "van.thu") is None
    [line] = audit.search(office, action="user-disable")
    assert (line["username"], line["unit_code"], line["detail"]) == ("admin", "TH01", {"user": "van.thu"})
    with pytest.raises(AccountRefused, match="Không có tài khoản"):
        disable_user(office, "nobody")


def test_the_last_active_admin_cannot_be_disabled(office: Engine) -> None:
    with pytest.raises(AccountRefused, match="quản trị viên cuối cùng"):
        disable_user(office, "admin")
    add_user(office, "admin2", "mat-khau-admin2", ADMIN)
    assert disable_user(office, "admin", by="admin2")
    assert authenticate(office, "admin2", "mat-khau-admin2") is not None


def test_reset_password(office: Engine) -> None:
    before = list_users(office)[1]["password_changed_at"]
    reset_password(office, "van.thu", "mat-khau-moi", by="admin")
    assert authenticate(office, "van.thu", "mat-khau-clerk") is None
    assert authenticate(office, "van.thu", "mat-khau-moi") is not None
    assert list_users(office)[1]["password_changed_at"] >= before
    [line] = audit.search(office, action="password-reset")
    assert (line["username"], line["detail"]["user"]) == ("admin", "van.thu")
    with pytest.raises(AccountInputError):
        reset_password(office, "van.thu", "ngan")
    with pytest.raises(AccountRefused):
        reset_password(office, "nobody", "mat-khau-moi")


def test_change_password(office: Engine) -> None:
    assert change_password(office, "van.thu", "sai-mat-khau", "mat-khau-moi") is False
    assert change_password(office, "nobody", "mat-khau-clerk", "mat-khau-moi") is False
    with pytest.raises(AccountInputError):
        change_password(office, "van.thu", "mat-khau-clerk", "ngan")
    with pytest.raises(AccountInputError, match="cần khác mật khẩu hiện tại"):
        change_password(office, "van.thu", "mat-khau-clerk", "mat-khau-clerk")
    assert authenticate(office, "van.thu", "mat-khau-clerk") is not None
    assert change_password(office, "Van.Thu", "mat-khau-clerk", "mat-khau-moi") is True
    assert authenticate(office, "van.thu", "mat-khau-clerk") is None
    assert authenticate(office, "van.thu", "mat-khau-moi") is not None
    lines = audit.search(office, action="password-change")
    assert [line["detail"]["ok"] for line in lines] == [True, False, False]
    assert lines[1]["detail"]["reason"] == "unknown user" and lines[2]["detail"]["reason"] == "wrong password"


def test_the_identity_providers_address_names_the_account_and_its_role(office: Engine) -> None:
    add_user(office, "lan@truong.edu.vn", "mat-khau-oidc-1", CLERK, unit_code="TH01")
    add_user(office, "cu@truong.edu.vn", "mat-khau-oidc-2", VIEWER)
    disable_user(office, "cu@truong.edu.vn")
    signed = sign_in_with_identity(office, {"email": "Lan@Truong.edu.vn", "email_verified": True, "name": "Lan"})
    assert (signed.username, signed.role, signed.unit_code) == ("lan@truong.edu.vn", CLERK, "TH01")
    assert sign_in_with_identity(office, {"email": "lan@truong.edu.vn"}).username == "lan@truong.edu.vn"
    for unverified in (False, "false", "False", 0, "0"):  # as providers write it
        assert sign_in_with_identity(office, {"email": "lan@truong.edu.vn", "email_verified": unverified}) is None
    assert sign_in_with_identity(office, {"email": "la@truong.edu.vn", "email_verified": True}) is None
    assert sign_in_with_identity(office, {"email": "cu@truong.edu.vn"}) is None  # disabled
    assert sign_in_with_identity(office, {"sub": "12345"}) is None  # no address at all
    logins = [(line["username"], line["detail"]["via"]) for line in audit.search(office, action="login")]
    assert logins == [("lan@truong.edu.vn", "oidc")] * 2
    refused = [(line["username"], line["detail"]["reason"]) for line in audit.search(office, action="login-failed")]
    assert refused == [
        (None, "no active account for the identity"),
        ("cu@truong.edu.vn", "no active account for the identity"),
        ("la@truong.edu.vn", "no active account for the identity"),
        *[("lan@truong.edu.vn", "e-mail not verified by the provider")] * 5,
    ]


def test_wrong_current_passwords_lock_the_account_like_wrong_logins(office: Engine) -> None:
    """A session left open must not let anyone try passwords on the account page at leisure."""
    for _ in range(MAX_FAILED_LOGINS):
        assert change_password(office, "van.thu", "doan-thu", "mat-khau-moi") is False
    assert change_password(office, "van.thu", "mat-khau-clerk", "mat-khau-moi") is False  # locked: not even checked
    assert authenticate(office, "van.thu", "mat-khau-clerk") is None
    lines = audit.search(office, action="password-change")
    assert lines[0]["detail"]["reason"] == "locked"
    assert lines[1]["detail"]["failures"] == MAX_FAILED_LOGINS and "locked_until" in lines[1]["detail"]
    assert audit.search(office, action="login-failed")[0]["detail"]["reason"] == "locked"


# ---------------------------------------------------------------- logging in


def test_authenticate_success_and_failure(office: Engine) -> None:
    user = authenticate(office, " Van.Thu ", "mat-khau-clerk", now=T0)
    assert user == User(username="van.thu", display_name="van.thu", role=CLERK, unit_code="TH01")
    assert authenticate(office, "admin", "mat-khau-admin").display_name == "Trần Văn Quản"
    assert authenticate(office, "van.thu", "MAT-KHAU-CLERK", now=T0) is None  # passwords are case-sensitive
    assert authenticate(office, "khong.co", "mat-khau-clerk", now=T0) is None
    assert authenticate(office, "van.thu", "", now=T0) is None
    [login] = audit.search(office, username="van.thu", action="login")
    assert (login["at"], login["unit_code"]) == (T0, "TH01")
    reasons = [line["detail"]["reason"] for line in audit.search(office, action="login-failed")]
    assert reasons == ["wrong password", "unknown user", "wrong password"]
    assert failures(office, "khong.co")[0]["unit_code"] is None


def test_five_failures_lock_the_account_for_five_minutes(office: Engine) -> None:
    for attempt in range(MAX_FAILED_LOGINS - 1):
        assert authenticate(office, "van.thu", "sai", now=T0 + timedelta(seconds=attempt)) is None
    assert list_users(office)[1]["failed_logins"] == MAX_FAILED_LOGINS - 1
    assert authenticate(office, "van.thu", "sai", now=T0 + timedelta(seconds=10)) is None
    locked_until = T0 + timedelta(seconds=10) + LOCK_TIME
    assert list_users(office)[1]["locked_until"] == locked_until
    assert failures(office, "van.thu")[0]["detail"]["locked_until"] == locked_until.isoformat(sep=" ")

    # Locked: even the right password is refused, and the attempt does not extend the lock.
    assert authenticate(office, "van.thu", "mat-khau-clerk", now=locked_until - timedelta(seconds=1)) is None
    assert failures(office, "van.thu")[0]["detail"]["reason"] == "locked"
    assert list_users(office)[1]["locked_until"] == locked_until
    # The other accounts are not affected.
    assert authenticate(office, "admin", "mat-khau-admin", now=T0 + timedelta(seconds=11)) is not None

    # Released after the lock time; one more failure then does not lock again at once.
    assert authenticate(office, "van.thu", "sai", now=locked_until) is None
    assert authenticate(office, "van.thu", "mat-khau-clerk", now=locked_until + timedelta(seconds=1)) is not None
    state = list_users(office)[1]
    assert (state["failed_logins"], state["locked_until"]) == (0, None)


def test_a_success_resets_the_count_of_failures(office: Engine) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        authenticate(office, "van.thu", "sai", now=T0)
    assert authenticate(office, "van.thu", "mat-khau-clerk", now=T0) is not None
    for _ in range(MAX_FAILED_LOGINS - 1):
        authenticate(office, "van.thu", "sai", now=T0)
    assert authenticate(office, "van.thu", "mat-khau-clerk", now=T0) is not None


def test_a_password_reset_lifts_a_lock(office: Engine) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        authenticate(office, "van.thu", "sai", now=T0)
    reset_password(office, "van.thu", "mat-khau-moi", by="admin")
    assert authenticate(office, "van.thu", "mat-khau-moi", now=T0 + timedelta(seconds=1)) is not None


def test_unknown_names_cost_a_hash_check_too(office: Engine, monkeypatch) -> None:
    checked: list[str] = []
    real = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda hashed, password: checked.append(hashed) or real(hashed, password))
    assert authenticate(office, "khong.co", "mat-khau-bat-ky") is None
    assert len(checked) == 1 and checked[0].startswith("$argon2id$")


def test_an_outdated_hash_is_upgraded_on_login(office: Engine, monkeypatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1))
    assert authenticate(office, "van.thu", "mat-khau-clerk") is not None
    with office.connect() as conn:
        stored = conn.scalar(select(users.c.password_hash).where(users.c.username == "van.thu"))
    assert ",t=2," in stored
    assert authenticate(office, "van.thu", "mat-khau-clerk") is not None


# ---------------------------------------------------------------- the audit log


def test_every_account_action_is_audited(office: Engine) -> None:
    authenticate(office, "van.thu", "mat-khau-clerk")
    authenticate(office, "van.thu", "sai")
    reset_password(office, "van.thu", "mat-khau-moi", by="admin")
    change_password(office, "van.thu", "mat-khau-moi", "mat-khau-moi-2")
    disable_user(office, "van.thu", by="admin")
    pairs = [(line["action"], line["username"]) for line in audit.search(office) if line["action"] != "registry"]
    assert pairs == [
        ("user-disable", "admin"),
        ("password-change", "van.thu"),
        ("password-reset", "admin"),
        ("login-failed", "van.thu"),
        ("login", "van.thu"),
        ("user-add", "admin"),  # the clerk, added by the admin
        ("user-add", None),  # the first admin, from the command line
    ]
    first = audit.search(office, action="user-add")[-1]
    assert first["detail"] == {"user": "admin", "role": ADMIN, "display_name": "Trần Văn Quản"}


def test_search_filters_and_orders_newest_first(engine: Engine) -> None:
    day = datetime(2024, 4, 10, 9, 0)
    audit.record(engine, "upload-accepted", username="Hoa", unit_code="TH01", period="2024-Q1", at=day)
    audit.record(engine, "upload-rejected", username="hoa", unit_code="MN01", at=day + timedelta(days=1))
    audit.record(
        engine,
        "replace",
        username="an",
        unit_code="TH01",
        period="2024-Q1",
        submission_id=7,
        detail={"file": "TH01.xlsx", "sha256": "ab" * 32, "received": date(2024, 4, 12)},
        at=day + timedelta(days=2),
    )
    audit.record(engine, "export", at=day + timedelta(days=2))  # same instant: the later line first
    everything = audit.search(engine)
    assert [line["action"] for line in everything] == ["export", "replace", "upload-rejected", "upload-accepted"]
    replaced = everything[1]
    assert (replaced["submission_id"], replaced["period"]) == (7, "2024-Q1")
    assert replaced["detail"] == {"file": "TH01.xlsx", "sha256": "ab" * 32, "received": "2024-04-12"}
    assert everything[0]["username"] is None and everything[0]["detail"] == {}

    def actions(**filters) -> list[str]:
        return [line["action"] for line in audit.search(engine, **filters)]

    assert actions(username="HOA") == ["upload-rejected", "upload-accepted"]  # names are kept lower-case
    assert actions(action="replace") == ["replace"]
    assert actions(action=["upload-accepted", "upload-rejected"]) == ["upload-rejected", "upload-accepted"]
    assert actions(unit_code="TH01") == ["replace", "upload-accepted"]
    assert actions(since=day + timedelta(days=1)) == ["export", "replace", "upload-rejected"]
    assert actions(until=day + timedelta(days=1)) == ["upload-rejected", "upload-accepted"]  # inclusive
    assert actions(since=date(2024, 4, 11), until=date(2024, 4, 11)) == ["upload-rejected"]  # the whole day
    assert actions(username="hoa", unit_code="TH01") == ["upload-accepted"]
    assert actions(limit=2) == ["export", "replace"]
    assert actions(username="nobody") == []


def test_a_line_recorded_in_a_transaction_shares_its_fate(engine: Engine) -> None:
    from storage.db import writing

    with pytest.raises(RuntimeError), writing(engine) as conn:
        audit.record(conn, "restore", username="admin", submission_id=3)
        raise RuntimeError("the change failed")
    assert audit.search(engine) == []
    with writing(engine) as conn:
        audit.record(conn, "restore", username="admin", submission_id=3)
    assert [line["submission_id"] for line in audit.search(engine)] == [3]


def test_the_log_is_append_only(engine: Engine) -> None:
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.record(engine, "loggin")
    public = [name for name in dir(audit) if not name.startswith("_")]
    assert not [name for name in public if name.startswith(("update", "delete", "remove", "clear", "edit"))]


def test_the_database_refuses_to_change_or_delete_a_line(db_url: str) -> None:
    """Append-only below the app too (migration 0004): a script or SQL console on the app's account is refused."""
    old = create_engine(normalise_url(db_url))
    if old.dialect.name == "sqlite":
        _tune_sqlite(old)
    try:
        assert migrate(old, MIGRATIONS[:3])[-1] == "0003_approval_and_appraisal"
        with old.begin() as conn:  # a line written before the upgrade is protected too (as that release wrote it)
            conn.execute(
                text("INSERT INTO audit_log (at, username, action, detail) VALUES (:at, 'lan', 'login', '{}')"),
                {"at": datetime(2024, 3, 1, 8, 0)},
            )
        assert migrate(old)[0] == "0004_audit_log_append_only"
        audit.record(old, "logout", username="lan")
        statements = ["UPDATE audit_log SET username = 'ai-do'", "DELETE FROM audit_log WHERE action = 'login'"]
        if old.dialect.name == "postgresql":
            statements.append("TRUNCATE audit_log")
        for statement in statements:
            with pytest.raises(DBAPIError, match="audit_log is append-only"), old.begin() as conn:
                conn.execute(text(statement))
        assert [(line["action"], line["username"]) for line in audit.search(old)] == [
            ("logout", "lan"),
            ("login", "lan"),
        ]
    finally:
        old.dispose()


# ---------------------------------------------------------------- migrations


def test_0002_adds_the_tables_and_migrating_again_is_a_no_op(engine: Engine, db_url: str) -> None:
    assert [name for name, _ in MIGRATIONS][:2] == ["0001_initial_schema", "0002_users_and_audit_log"]
    tables = set(inspect(engine).get_table_names())
    assert {"users", "audit_log"} <= tables
    assert migrate(engine) == []
    assert migrate(engine) == []
    with engine.connect() as conn:
        assert applied_migrations(conn) == [name for name, _ in MIGRATIONS]


def test_0001_is_frozen_and_an_old_database_is_upgraded(db_url: str, unit_rows) -> None:
    """0001 alone builds the first release's tables, whatever schema.py now holds; 0002 then adds the rest."""
    old = create_engine(normalise_url(db_url))
    if old.dialect.name == "sqlite":
        _tune_sqlite(old)
    try:
        assert migrate(old, MIGRATIONS[:1]) == ["0001_initial_schema"]
        assert set(inspect(old).get_table_names()) == FIRST_RELEASE_TABLES
        with old.begin() as conn:  # data of the first release survives the upgrade (no audit log to write yet)
            conn.execute(insert(units), [{**unit, "updated_at": datetime(2023, 1, 1)} for unit in unit_rows])
        assert migrate(old, MIGRATIONS[:2]) == ["0002_users_and_audit_log"]
        inspector = inspect(old)
        assert set(inspector.get_table_names()) == FIRST_RELEASE_TABLES | {"users", "audit_log"}
        # 0002's columns, before 0013 added the ward
        assert [c["name"] for c in inspector.get_columns("users")] == [c.name for c in users.c if c.name != "ward"]
        with old.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM units")).scalar() == len(unit_rows)
        assert migrate(old, MIGRATIONS[:2]) == []
        migrate(old)  # today's code expects every step applied
        assert [c["name"] for c in inspect(old).get_columns("users")] == [c.name for c in users.c]
        add_user(old, "van.thu", "mat-khau-clerk", CLERK, unit_code="TH01")
    finally:
        old.dispose()


# ---------------------------------------------------------------- cli.py users

UNITS_CSV = "ma_don_vi,ten_don_vi,cap_hoc,phuong\nTH01,Trường Tiểu học Lê Lợi,Tiểu học,Khu vực 1\n"


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    assert cli.main(["units", "import", str(tmp_path / "units.csv")]) == 0
    return tmp_path


def test_cli_users_add_list_disable(cli_db, capsys, monkeypatch) -> None:
    assert (
        cli.main(["users", "add", "Admin", "--role", "admin", "--name", "Trần Văn Quản", "--password", "mk-admin-1"])
        == 0
    )
    assert "Đã tạo tài khoản admin" in capsys.readouterr().out
    # Without --password and not at a terminal: the first line of stdin.
    monkeypatch.setattr("sys.stdin", io.StringIO("mk-clerk-1\n"))
    assert cli.main(["users", "add", "van.thu", "--role", "clerk", "--unit", "th01"]) == 0
    assert "đơn vị TH01" in capsys.readouterr().out

    assert cli.main(["users", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["username"], u["role"], u["unit_code"], u["active"]) for u in listed] == [
        ("admin", "admin", None, True),
        ("van.thu", "clerk", "TH01", True),
    ]
    assert cli.main(["users", "list"]) == 0
    assert "Trần Văn Quản" in capsys.readouterr().out

    assert cli.main(["users", "disable", "VAN.THU"]) == 0
    assert "Đã vô hiệu hoá tài khoản van.thu" in capsys.readouterr().out
    assert cli.main(["users", "list"]) == 0
    assert "đã vô hiệu hoá" in capsys.readouterr().out

    assert cli.main(["users", "reset-password", "admin", "--password", "mk-admin-2"]) == 0
    from storage.open import open_database

    engine = open_database()
    try:
        assert authenticate(engine, "admin", "mk-admin-2") is not None
        assert authenticate(engine, "van.thu", "mk-clerk-1") is None
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["users", "add", "x.y", "--role", "root", "--password", "mat-khau-dai"], "Vai trò"),
        (["users", "add", "x.y", "--role", "clerk", "--password", "mat-khau-dai"], "cần mã đơn vị"),
        (["users", "add", "x.y", "--role", "clerk", "--unit", "ZZ99", "--password", "mat-khau-dai"], "ZZ99"),
        (["users", "add", "x.y", "--role", "viewer", "--password", "ngan"], "ít nhất 8"),
        (["users", "reset-password", "x.y", "--password", "ngan"], "ít nhất 8"),
    ],
)
def test_cli_users_usage_errors_exit_2(cli_db, capsys, argv, message) -> None:
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_users_refusals_exit_1(cli_db, capsys) -> None:
    assert cli.main(["users", "add", "an", "--role", "admin", "--password", "mat-khau-dai"]) == 0
    assert cli.main(["users", "add", "AN", "--role", "viewer", "--password", "mat-khau-dai"]) == 1
    assert "đã có" in capsys.readouterr().err
    assert cli.main(["users", "disable", "nobody"]) == 1
    assert cli.main(["users", "reset-password", "nobody", "--password", "mat-khau-dai"]) == 1
    assert cli.main(["users", "disable", "an"]) == 1  # the last admin
    assert "quản trị viên cuối cùng" in capsys.readouterr().err


def test_cli_prompts_twice_at_a_terminal(cli_db, capsys, monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    answers = iter(["mat-khau-dai", "mat-khau-khac"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli.main(["users", "add", "an", "--role", "viewer"]) == 2
    assert "không khớp" in capsys.readouterr().err
    answers = iter(["mat-khau-dai", "mat-khau-dai"])
    assert cli.main(["users", "add", "an", "--role", "viewer"]) == 0
