"""Strings of the office's administration pages (approval, appraisal, accounts, registry, audit log)."""

from __future__ import annotations

VI: dict[str, str] = {
    "nav.group.admin": "Quản trị",
}

EN: dict[str, str] = {
    "nav.group.admin": "Administration",
}
