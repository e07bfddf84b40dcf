"""Strings of logins kept across reloads and app processes (storage.sessions)."""

from __future__ import annotations

VI: dict[str, str] = {
    "audit.action.session-refused": "Từ chối phiên đăng nhập đã lưu",
}

EN: dict[str, str] = {
    "audit.action.session-refused": "Saved login refused",
}
