"""A received file's name as the app keeps and shows it.

The name comes from the sender (a browser's upload, a path on the command line): it may
carry folders (`../../x.xlsx`), control characters, or bidirectional marks such as
U+202E that make `gpj.xlsx` read as `xlsx.jpg`. Only the base name is kept, cleaned.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 120  # characters; a real report's name is far shorter
_FALLBACK = "bao-cao.xlsx"


def received_name(name: str | None) -> str:
    """The base name, NFC, without control, format (bidi) or separator characters, at most MAX_NAME_LENGTH."""
    text = unicodedata.normalize("NFC", str(name or ""))
    base = text.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch if not _hidden(ch) else "" for ch in base)
    kept = " ".join(kept.split()).strip(" .")
    if not kept:
        return _FALLBACK
    if len(kept) > MAX_NAME_LENGTH:
        stem, dot, suffix = kept.rpartition(".")
        if dot and len(suffix) <= 5:
            kept = stem[: MAX_NAME_LENGTH - len(suffix) - 1].rstrip(" .") + "." + suffix
        else:
            kept = kept[:MAX_NAME_LENGTH]
    return kept


def _hidden(ch: str) -> bool:
    """Control (Cc), format (Cf: the bidi marks, zero-width joiners) and line/paragraph separators."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
