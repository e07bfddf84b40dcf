"""Settings read from the environment, with defaults that fit an honest report."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


@dataclass(frozen=True)
class UploadLimits:
    max_file_bytes: int = 10 * 1024 * 1024
    max_unpacked_bytes: int = 100 * 1024 * 1024
    max_ratio: int = 200  # unpacked / packed, per zip entry
    max_entries: int = 2000
    max_sheet_cells: int = 2_000_000  # rows × columns a sheet may span (a report has a few thousand)
    # The reader's child process: memory it may take beyond its own start, and time per file.
    reader_memory_bytes: int = 1024 * 1024 * 1024
    reader_seconds: float = 60.0

    @classmethod
    def from_env(cls) -> UploadLimits:
        return cls(
            max_file_bytes=_int_env("CCHC_MAX_FILE_MB", 10) * 1024 * 1024,
            max_unpacked_bytes=_int_env("CCHC_MAX_UNPACKED_MB", 100) * 1024 * 1024,
            max_ratio=_int_env("CCHC_MAX_ZIP_RATIO", 200),
            reader_memory_bytes=_int_env("CCHC_READER_MEMORY_MB", 1024) * 1024 * 1024,
            reader_seconds=_int_env("CCHC_READER_SECONDS", 60),
        )


@dataclass(frozen=True)
class EvidenceLimits:
    """How large evidence files may be: one file, and all of a school's files for one year together."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_year_bytes: int = 200 * 1024 * 1024

    @classmethod
    def from_env(cls) -> EvidenceLimits:
        return cls(
            max_file_bytes=_int_env("CCHC_EVIDENCE_MAX_FILE_MB", 20) * 1024 * 1024,
            max_year_bytes=_int_env("CCHC_EVIDENCE_MAX_YEAR_MB", 200) * 1024 * 1024,
        )


def session_hours() -> int:
    """How long a login lasts, in hours (`CCHC_SESSION_HOURS`, default 12: a working day and the evening after)."""
    return max(1, _int_env("CCHC_SESSION_HOURS", 12))


def refresh_ahead() -> bool:
    """Whether the server computes the figures people asked for lately again as soon as a report is stored
    (`CCHC_REFRESH_AHEAD`, default on; `0` leaves it to the first page that asks, as the tests do)."""
    return os.environ.get("CCHC_REFRESH_AHEAD", "1").strip().lower() not in ("0", "false", "no", "off")


def data_dir() -> Path:
    """Where the app keeps what it writes (the SQLite file, caches): `CCHC_DATA_DIR`, else `var/`."""
    return Path(os.environ.get("CCHC_DATA_DIR", PROJECT_DIR / "var"))


def cache_dir() -> Path:
    return data_dir() / "cache"


def database_url() -> str:
    """`CCHC_DATABASE_URL` when set (PostgreSQL for an office with many users), else SQLite.

    The SQLite file lives in `var/` beside the code (ignored by git) unless
    `CCHC_DATA_DIR` points elsewhere.
    """
    url = os.environ.get("CCHC_DATABASE_URL", "").strip()
    if url:
        return url
    folder = data_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # it holds password hashes
    return f"sqlite:///{folder / 'cchc.sqlite3'}"
