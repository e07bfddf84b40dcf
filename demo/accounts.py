"""The demo office's logins: an administrator, a leader who reads, one school's clerk, and a ward's officer
who reads that ward's schools only.

Created once, on a database without any account, each with a random password; the
logins are kept in the data folder (outside git, readable by its owner only) so that
`make run` can print them again on later starts.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import Engine

from i18n import translate
from storage.accounts import ADMIN, CLERK, VIEWER, add_user, has_users

DEMO_WARD = "Khu vực 1"  # a ward of the demo registry (data/demo)
DEMO_ACCOUNTS = (
    ("quantri", ADMIN, None, None, "Quản trị viên (demo)"),
    ("lanhdao", VIEWER, None, None, "Lãnh đạo phòng (demo)"),
    ("vanthu.th01", CLERK, "TH01", None, "Văn thư TH01 (demo)"),
    ("chuyenvien.kv1", VIEWER, None, DEMO_WARD, "Chuyên viên Khu vực 1 (demo)"),
)


def _password() -> str:
    while True:  # 12 characters, ~72 bits; never a leading "-", which a command line would take for an option
        password = secrets.token_urlsafe(9)
        if not password.startswith("-"):
            return password


def ensure_demo_accounts(engine: Engine, logins_file: Path, *, create: bool = True, lang: str = "vi") -> str:
    """With `create`, make the demo logins on an account-less database; answer how to log in (in `lang`)."""
    if create and not has_users(engine):
        lines = []
        for username, role, unit, ward, name in DEMO_ACCOUNTS:
            password = _password()
            add_user(engine, username, password, role, unit_code=unit, ward=ward, display_name=name)
            lines.append(
                f"  {username} / {password} / {role}{f' {unit}' if unit else ''}{f' · {ward}' if ward else ''}"
            )
        logins_file.parent.mkdir(parents=True, exist_ok=True)
        logins_file.touch(mode=0o600)
        logins_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if logins_file.exists():
        # The file holds the logins only (a heading written by an earlier version is skipped).
        logins = [line for line in logins_file.read_text(encoding="utf-8").splitlines() if line.startswith("  ")]
        return "\n".join([translate("demo.logins", lang), *logins])
    return translate("demo.existing_accounts" if has_users(engine) else "demo.no_account", lang)
