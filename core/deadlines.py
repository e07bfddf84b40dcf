"""Thời hạn as plans write it: a day, a quarter, a month, a year, or a recurring task.

`read_deadline` reads a whole cell (`Quý II/2026`, `trước ngày 20 tháng 6 năm 2023`, `Thường xuyên`);
`find_deadline` finds such a phrase inside a task's sentence, as Word plans write them
(`…; thời gian thực hiện: trong năm 2023.`), and cuts it out of the sentence.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from core.periods import ROMAN, Period, parse_period
from core.text import clean_text

# The years a plan may speak of: the same bounds as every other date the app reads (parse_period, loaders.values).
FIRST_YEAR, LAST_YEAR = 2000, 2100
_EXCEL_EPOCH = date(1899, 12, 30)  # a date cell that lost its format still holds Excel's day number
_QUARTERS = {roman.lower(): number for number, roman in ROMAN.items()}

# Patterns run on the folded text (lower case, no marks, đ → d), one character for one, so that a match's
# positions are positions in the sentence as written. Groups are named per alternative: re allows no repeats.
_VALUE = r"""
(?<![0-9a-z])(?:
    (?P<recurring>thuong\s*xuyen|hang\s*quy|hang\s*thang|ca\s*nam)(?:\s*(?:nam\s*)?\d{4})?
  | (?:ngay\s*)?(?P<wd>\d{1,2})\s*thang\s*(?P<wm>\d{1,2})(?:\s*(?:nam|[/\-.,])\s*(?P<wy>\d{4}))?
  | (?:ngay\s*)?(?P<nd>\d{1,2})\s*[/\-.]\s*(?P<nm>\d{1,2})(?:\s*[/\-.]\s*(?P<ny>\d{4}))?
  | (?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})
  | (?:quy|q)\s*(?P<q>iv|iii|ii|i|[1-4])(?:\s*(?:[/\-.]|nam)\s*(?P<qy>\d{4}))?
  | (?:thang|t)\s*(?P<m>\d{1,2})(?:\s*(?:[/\-.]|nam)\s*(?P<my>\d{4}))?
  | (?:nam\s*)?(?P<y>\d{4})
)(?![0-9a-z])
"""
# Words that announce a deadline; inside a sentence only these do (a bare "ngày 26 tháng 01 năm 2021"
# there is the date of a cited document, "đến năm 2030" a horizon, not a due day).
_MARKER = r"""
(?:thoi\s*gian(?:\s*(?:thuc\s*hien|hoan\s*thanh))?|thoi\s*han(?:\s*hoan\s*thanh)?|han(?:\s*chot)?
  |hoan\s*thanh|cham\s*nhat(?:\s*la)?|truoc|trong)
"""
# A cell may also open with these, which mean nothing in a sentence.
_LEAD_WORD = rf"(?:{_MARKER}|thuc\s*hien|dinh\s*ky|den(?:\s*het)?|vao|toi)"
_LEAD = rf"(?:{_LEAD_WORD}\s*[:\-–]?\s*)*"
_PHRASE = rf"\**(?P<lead>{_LEAD}){_VALUE}\**"

_CELL = re.compile(rf"\s*{_PHRASE}[\s.;,:]*", re.VERBOSE)
_MARKED = re.compile(rf"\**(?<![0-9a-z]){_MARKER}\s*[:\-–]?\s*{_PHRASE}", re.VERBOSE)
# A clause standing alone at the end: "…; Quý II/2026.", "… (thường xuyên)", or the whole paragraph; a day
# there needs a word before it ("Gò Vấp, ngày 03 tháng 3 năm 2021" is where and when a plan was signed).
_TRAILING = re.compile(rf"(?:^|(?<=[;,:(]))\s*(?P<phrase>{_PHRASE})\s*\)?[\s.;,:]*$", re.VERBOSE)
_CLOSING = ",;.:)"


@dataclass(frozen=True)
class Deadline:
    due: date | None  # the day the task is due; None for a recurring task
    recurring: bool  # Thường xuyên, Hằng quý/Hàng quý, Cả năm: due in every quarter of the year


RECURRING = Deadline(None, True)


def read_deadline(text: object, year: int) -> Deadline | None:
    """Thời hạn as people write it, in a plan of `year`; None when it cannot be read."""
    if isinstance(text, (date, datetime)):
        return _on(text.date() if isinstance(text, datetime) else text)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return _from_number(text, year)
    cleaned = clean_text(text)
    match = _CELL.fullmatch(_fold(cleaned))
    if match:
        return _from_match(match, year)
    period = parse_period(cleaned)  # the canonical spellings too: 2026-Q2
    return _on(period.last_day) if period else None


def find_deadline(sentence: str, year: int) -> tuple[Deadline, str] | None:
    """A deadline phrase inside a task's sentence (`…; thời gian thực hiện: trong năm 2026.`,
    `hoàn thành trước ngày 15/12/2026`, `Thường xuyên`): the deadline and the sentence with the
    phrase cut out (trimmed of the ;,.:()- and spaces left around it); None if no phrase.

    An announced phrase (thời gian…, thời hạn, hạn, hoàn thành, trước, chậm nhất, trong) is taken
    first, the first one in the sentence; else a last clause that is nothing but a deadline.
    """
    cleaned = clean_text(sentence)
    folded = _fold(cleaned)
    for match, start in _candidates(folded):
        deadline = _from_match(match, year)
        if deadline is not None:
            return deadline, _cut(cleaned, start, match.end())
    return None


def _candidates(folded: str) -> Iterator[tuple[re.Match[str], int]]:
    """Each phrase that may be the deadline, with where its cut begins, in order of preference."""
    for match in _MARKED.finditer(folded):
        yield match, match.start()
    trailing = _TRAILING.search(folded)
    if trailing and (trailing["lead"] or not _is_day(trailing)):
        yield trailing, trailing.start("phrase")


def _is_day(match: re.Match[str]) -> bool:
    return any(match[group] for group in ("wd", "nd", "id"))


def _from_match(match: re.Match[str], year: int) -> Deadline | None:
    found = match.groupdict()
    if found["recurring"]:
        return RECURRING
    if found["q"]:
        quarter = _QUARTERS.get(found["q"]) or int(found["q"])
        return _in_year(found["qy"], year, lambda y: Period(y, quarter).last_day)
    if found["m"]:
        return _in_year(found["my"], year, lambda y: _month_end(y, int(found["m"])))
    if found["y"]:
        return _in_year(found["y"], year, lambda y: date(y, 12, 31))
    day, month, written_year = _day_parts(found)
    return _in_year(written_year, year, lambda y: date(y, month, day))


def _day_parts(found: dict[str, str | None]) -> tuple[int, int, str | None]:
    for day, month, year in (("wd", "wm", "wy"), ("nd", "nm", "ny"), ("id", "im", "iy")):
        if found[day]:
            return int(found[day]), int(found[month]), found[year]  # type: ignore[arg-type]
    raise AssertionError("the pattern matched no alternative")


def _in_year(written: str | None, plan_year: int, day_in: Callable[[int], date]) -> Deadline | None:
    """The day `day_in(year)` of the written year, or of the plan's when none is written; None if no such day."""
    try:
        return _on(day_in(int(written) if written else plan_year))
    except ValueError:  # 31/02, tháng 13
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _on(day: date) -> Deadline | None:
    return Deadline(day, False) if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _from_number(number: float, year: int) -> Deadline | None:
    """A number cell: a year typed as 2026, or a date whose cell lost its format (Excel's day number)."""
    if not float(number).is_integer():  # also NaN and infinity
        return None
    if FIRST_YEAR <= number <= LAST_YEAR:
        return read_deadline(str(int(number)), year)
    if 0 < number < 100_000:
        return _on(_EXCEL_EPOCH + timedelta(days=int(number)))
    return None


def _cut(text: str, start: int, end: int) -> str:
    """`text` without text[start:end], the punctuation around the gap mended."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    if left.endswith("(") and right.startswith(")"):
        left, right = left[:-1].rstrip(), right[1:].lstrip()
    # "…Thông tin) , báo cáo" → "…Thông tin), báo cáo"; "…; ; …" → "…; …"
    joined = left.rstrip(",;:") + right if right and right[0] in _CLOSING else f"{left} {right}"
    return joined.strip(" ;,:").rstrip(" ;,.:(-–")


def _fold(text: str) -> str:
    """Lower case without marks (đ → d), one character for each of `text`'s.

    core.text.strip_marks folds the same way but may change the length; positions are needed here
    to cut the phrase from the sentence as written.
    """
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=1024)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0].lower()[0]
    return "d" if base == "đ" else base
