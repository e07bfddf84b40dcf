"""Text normalisation used wherever users' spellings are compared."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def clean_text(value: object) -> str:
    """NFC, trimmed, inner runs of whitespace collapsed to one space."""
    if value is None:
        return ""
    text = str(value)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def strip_marks(value: object) -> str:
    """Lower case without diacritics (đ → d), keeping spaces and punctuation."""
    text = unicodedata.normalize("NFD", clean_text(value)).lower().replace("đ", "d")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)
def fold_key(value: object) -> str:
    """A comparison key: no case, no diacritics, no spaces or punctuation.

    `Nhiệm vụ`, `NhiemVu` and `nhiem vu` all give `nhiemvu`; text typed in NFD
    (decomposed) folds the same as NFC.
    """
    return _NON_ALNUM.sub("", strip_marks(value))
