"""Shared fixtures: a migrated database on each backend, and reports built without a workbook."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from loaders.problems import Problem
from loaders.report import DONE, IN_PROGRESS, IndicatorValue, Report, SatisfactionRow, SelfScore, Task
from storage.db import normalise_url
from storage.open import open_database

POSTGRES_URL_ENV = "CCHC_TEST_POSTGRES_URL"

# The property tests (hypothesis) search afresh on a developer's machine; in CI the same examples every run,
# so that a run's verdict does not depend on luck.
if os.environ.get("CI"):
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    settings.load_profile("ci")

# ---------------------------------------------------------------- accounts


@pytest.fixture
def fast_hashing(monkeypatch) -> None:
    """Cheap argon2 parameters: the lock-out tests hash a dozen times per backend."""
    from argon2 import PasswordHasher

    from storage import accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


# ---------------------------------------------------------------- databases


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory) -> Iterator[None]:
    """The tests never write into the checkout's var/ (the SQLite default and the snapshot cache), and no page
    computes ahead in the background unless a test asks."""
    saved = {name: os.environ.get(name) for name in ("CCHC_DATA_DIR", "CCHC_DATABASE_URL", "CCHC_REFRESH_AHEAD")}
    os.environ["CCHC_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    os.environ.pop("CCHC_DATABASE_URL", None)
    # No background refresh after each store: a test's next step would race it over tables it replaces.
    # tests/test_refresh_ahead.py turns it on where it is what is tested.
    os.environ["CCHC_REFRESH_AHEAD"] = "0"
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def _postgres_admin() -> Iterator[Engine | None]:
    """One connection pool to the test server for creating and dropping per-test schemas."""
    url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if not url:
        yield None
        return
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    yield admin
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path, _postgres_admin: Engine | None) -> Iterator[str]:
    """An empty database: a SQLite file in tmp_path, or a fresh schema on the PostgreSQL server.

    The PostgreSQL variant runs when CCHC_TEST_POSTGRES_URL is set (`. .ci/postgres.sh`) and
    is skipped otherwise. Each test gets its own schema (reached through search_path), dropped
    afterwards, so tests stay isolated and may run in parallel.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cchc.sqlite3'}"
        return
    if _postgres_admin is None:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set (source .ci/postgres.sh)")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with _postgres_admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(os.environ[POSTGRES_URL_ENV]).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with _postgres_admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated engine on each backend (see `db_url`)."""
    migrated = open_database(db_url)
    yield migrated
    migrated.dispose()


# ---------------------------------------------------------------- reports

UNITS = [
    {"unit_code": "MN01", "unit_name": "Trường Mầm non Hoa Sen", "level": "mam_non", "ward": "Phường 1"},
    {"unit_code": "TH01", "unit_name": "Trường Tiểu học Lê Lợi", "level": "tieu_hoc", "ward": "Phường 1"},
    {"unit_code": "THCS01", "unit_name": "Trường THCS Nguyễn Du", "level": "thcs", "ward": "Phường 2"},
]

ReportFactory = Callable[..., Report]


def build_report(
    unit_code: str = "TH01",
    period: str = "2023-Q2",
    *,
    file_name: str | None = None,
    tasks: list[Task] | None = None,
    problems: list[Problem] | None = None,
    tag: str = "",
) -> Report:
    """A small accepted report (unless `problems` holds an error), one record of each kind or two.

    `tag` is added to the task texts, to tell two reports of the same unit and quarter apart.
    """
    year = int(period[:4])
    default_tasks = [
        Task(
            row=6,
            field="TTHC",
            content=f"Rà soát thủ tục hành chính{tag}",
            plan="139/KH-THLQĐ",
            deadline=date(year, 5, 31),
            status=DONE,
            done_on=date(year, 5, 20),
            evidence="Báo cáo số 12/BC",
            note=None,
        ),
        Task(
            row=7,
            field="CDS",
            content=f"Số hoá hồ sơ học sinh{tag}",
            plan=None,
            deadline=date(year, 6, 30),
            status=IN_PROGRESS,
            done_on=None,
            evidence=None,
            note="Đang triển khai",
        ),
    ]
    return Report(
        file_name=file_name or f"{unit_code}_{period}.xlsx",
        unit_code=unit_code,
        unit_name=next((u["unit_name"] for u in UNITS if u["unit_code"] == unit_code), unit_code),
        period=period,
        prepared_by="Nguyễn Thị Hoa",
        prepared_on=date(year, 6, 18),
        tasks=default_tasks if tasks is None else tasks,
        indicators=[
            IndicatorValue(row=5, code="TTHC_DUNG_HAN", result=47.0, total=50.0, note=None),
            IndicatorValue(row=6, code="TIN_BAI_CCHC", result=3.0, total=None, note="Đăng trên website"),
        ],
        satisfaction=[
            SatisfactionRow(row=5, dimension="TIEP_CAN", answers=40, levels=(1, 2, 7, 20, 10)),
            SatisfactionRow(row=6, dimension="TTHC", answers=40, levels=(0, 1, 9, 18, 12)),
        ],
        self_assessment=[
            SelfScore(row=5, field="CDDH", max_points=10.0, self_points=9.5, appraised_points=9.0, note=None),
            SelfScore(row=6, field="TTHC", max_points=14.0, self_points=12.25, appraised_points=None, note="Tự chấm"),
        ],
        problems=list(problems or []),
    )


@pytest.fixture
def report_factory() -> ReportFactory:
    """`build_report` as a fixture: `report_factory("TH01", "2023-Q2", tag=" (lần 2)")`."""
    return build_report


@pytest.fixture
def unit_rows() -> list[dict[str, str]]:
    """The registry that `build_report`'s unit codes belong to (fresh copies)."""
    return [dict(unit) for unit in UNITS]


# ---------------------------------------------------------------- the app as a running server serves it


@pytest.fixture(autouse=True)
def _navigation_mode(monkeypatch) -> None:
    """AppTest starts every run as if no run had called st.navigation yet, so Streamlit would run a
    file of pages/ on its own; a running server does that at most once (pages._shared reruns it
    through app.py). Tests see the app as served from then on: always through app.py."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
