"""Strings of the city's wards: accounts scoped to a ward, refusals outside it, the ward comparison,
the two-step approval (the ward approves, the city accepts) and their audit lines.
"""

from __future__ import annotations

VI: dict[str, str] = {
    "audit.action.scope-refused": "Từ chối truy cập ngoài phạm vi phường, xã",
}

EN: dict[str, str] = {
    "audit.action.scope-refused": "Access outside the ward refused",
}
