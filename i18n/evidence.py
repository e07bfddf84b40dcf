"""Strings of the evidence files (tài liệu kiểm chứng): adding, listing, downloading, refusing."""

from __future__ import annotations

VI: dict[str, str] = {}

EN: dict[str, str] = {}
