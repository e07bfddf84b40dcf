"""The server's settings (.streamlit/config.toml) are the hardened ones the README documents."""

from __future__ import annotations

import tomllib
from pathlib import Path

from core.settings import UploadLimits

CONFIG = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text("utf-8"))


def test_uploads_are_limited_as_the_loaders_limit_them():
    assert CONFIG["server"]["maxUploadSize"] * 1024 * 1024 == UploadLimits().max_file_bytes


def test_requests_are_protected_and_errors_stay_on_the_server():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_tables_leave_only_through_the_audited_downloads():
    """st.dataframe's own CSV button and copy would let data out with no line in the audit log."""
    assert CONFIG["client"]["disableDataExport"] is True


def test_a_closed_tab_frees_its_session_within_minutes():
    """A dropped connection may come back within the TTL; after it the session's memory may be freed.

    Streamlit's default (120 s) is set down: a reporting morning opens and closes many tabs.
    """
    ttl = CONFIG["server"]["disconnectedSessionTTL"]
    assert isinstance(ttl, int) and 30 <= ttl <= 90


def test_every_setting_is_one_streamlit_knows():
    """A misspelt option is only a warning in the server's log, and the setting silently not applied."""
    from streamlit import config

    written = {f"{section}.{key}" for section, values in CONFIG.items() for key in values}
    assert written - set(config._config_options_template) == set()
    assert "server.disconnectedSessionTTL" in written


def test_no_tab_pays_for_watching_the_app_files():
    """A new session's first run costs 0.4 CPU s with the file watcher, 0.1 s without (benchmarks/load.py)."""
    assert CONFIG["server"]["fileWatcherType"] == "none"
