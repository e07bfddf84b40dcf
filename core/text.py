"""Text normalisation used wherever users' spellings are compared."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Answers are remembered for texts up to this length: labels, codes, statuses and dates recur from
# file to file; long texts seldom do, and thousands of them remembered would only hold memory.
REMEMBERED_LENGTH = 200


def clean_text(value: object) -> str:
    """NFC, trimmed, inner runs of whitespace collapsed to one space."""
    if type(value) is str:
        return _clean_remembered(value) if len(value) <= REMEMBERED_LENGTH else _clean(value)
    if value is None:
        return ""
    return _clean(str(value))


def _clean(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


_clean_remembered = lru_cache(maxsize=8192)(_clean)


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


def content_key(content: object) -> str:
    """A short digest of a task's folded content (`fold_key`): the same task in two quarters' reports
    has the same key, so a span's figures can take its latest row without loading the texts."""
    return hashlib.blake2b(fold_key(content).encode(), digest_size=8).hexdigest()
