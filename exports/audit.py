"""The audit log as people read it: a table with the action in words and the detail as a short text,
written as one Excel sheet or as CSV.

Pure (no Streamlit, no database): `audit_table` takes the lines `storage.audit.search`
answers; `audit_workbook` and `audit_csv` take that table. Only reading: nothing here
changes a line.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from numbers import Real
from typing import Any

import pandas as pd
import xlsxwriter

from core import formatting as fmt
from core.catalogs import default_catalogs
from exports.csvfiles import export_csv
from exports.workbook import BOOK_OPTIONS
from i18n import translate
from i18n.catalog import VI

COLUMNS = ("at", "username", "action", "unit_code", "period", "submission_id", "detail")
"""The table's columns in order; each header is the i18n key `audit.col.<name>`."""

_QUIET = {"sha256", "received_at", "bytes", "display_name"}  # fingerprints and echoes: in the database, not the table
_MAX_DETAIL = 300  # characters: a line of the table, not the whole JSON
_WIDTHS = {"at": 17, "username": 18, "action": 24, "unit_code": 10, "period": 13, "submission_id": 10, "detail": 80}


def headers(lang: str = "vi") -> list[str]:
    return [translate(f"audit.col.{name}", lang) for name in COLUMNS]


def action_name(action: str, lang: str = "vi") -> str:
    """The action in words; an action added to `storage.audit.ACTIONS` without a name yet shows its code."""
    key = f"audit.action.{action}"
    return translate(key, lang) if key in VI else action


def _known(prefix: str, value: object, lang: str) -> str:
    """`value` translated through `prefix.<value>` when the catalog knows it, else as it is."""
    key = f"{prefix}.{str(value).replace(' ', '_')}"
    return translate(key, lang) if key in VI else str(value)


def _quarter(value: object, lang: str) -> str:
    try:
        return fmt.quarter(str(value), lang)
    except ValueError:  # the log keeps what it was told, even a period that is not a code
        return str(value)


def _when(value: object, lang: str) -> str:
    """An ISO date or moment of a detail as dd/mm/yyyy (hh:mm); anything else as it is."""
    if value is None:
        return translate("audit.default", lang)
    if isinstance(value, datetime):
        return fmt.moment(value, lang)
    if isinstance(value, date):
        return fmt.day(value, lang)
    text = str(value)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return text
    return fmt.day(parsed, lang) if len(text) <= 10 else fmt.moment(parsed, lang)


def _value(name: str, value: object, lang: str) -> str:
    """A unit's field as the registry page shows it."""
    if value is None or value == "":
        return "–"
    if name in ("active_from", "active_to"):
        return _quarter(value, lang)
    levels = default_catalogs().levels
    return levels[str(value)].name if name == "level" and str(value) in levels.entries else str(value)


def _changes(changed: Iterable[Mapping[str, Any]], lang: str) -> str:
    parts = []
    for unit in changed:
        before, after = unit.get("before") or {}, unit.get("after") or {}
        fields = "; ".join(
            f"{_known('audit.field', name, lang)}: {_value(name, before.get(name), lang)} → "
            f"{_value(name, after.get(name), lang)}"
            for name in after
        )
        parts.append(f"{unit.get('code')} ({fields})")
    return translate("audit.detail.changed", lang, units=", ".join(parts))


def describe(action: str, detail: Mapping[str, Any] | None, lang: str = "vi") -> str:
    """A line's JSON detail as a short text: the file, the reason, before → after…"""
    rest = {k: v for k, v in (detail or {}).items() if k not in _QUIET}

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    parts: list[str] = []
    if "user" in rest:
        role = rest.pop("role", None)
        who = str(rest.pop("user"))
        parts.append(t("audit.detail.user", user=f"{who} ({_known('users.role', role, lang)})" if role else who))
    if rest.pop("first_admin", False):
        parts.append(t("audit.detail.first_admin"))
    if "what" in rest:
        what, form = rest.pop("what"), rest.pop("format", None)
        parts.append(t("audit.detail.export", what=f"{what} ({form})" if form else what))
    if "submission_id" in rest:
        parts.append(t("audit.detail.submission", id=rest.pop("submission_id")))
    if "file" in rest:
        parts.append(t("audit.detail.file", file=rest.pop("file")))
    if "reason" in rest:
        parts.append(t("audit.detail.reason", reason=_known("audit.reason", rest.pop("reason"), lang)))
    if "ok" in rest:
        parts.append(t("audit.detail.ok" if rest.pop("ok") else "audit.detail.not_ok"))
    if "failures" in rest:
        parts.append(t("audit.detail.failures", n=rest.pop("failures")))
    if "locked_until" in rest:
        parts.append(t("audit.detail.locked_until", moment=_when(rest.pop("locked_until"), lang)))
    if "via" in rest:
        parts.append(t("audit.detail.via", via=rest.pop("via")))
    if rest.get("added"):
        parts.append(t("audit.detail.added", codes=", ".join(map(str, rest["added"]))))
    rest.pop("added", None)
    if rest.get("changed"):
        parts.append(_changes(rest["changed"], lang))
    rest.pop("changed", None)
    if "before" in rest or "after" in rest:
        before, after = rest.pop("before", None), rest.pop("after", None)
        label = str(rest.pop("field")) + ": " if "field" in rest else ""
        if action == "deadline":
            parts.append(f"{label}{_when(before, lang)} → {_when(after, lang)}")
        else:
            parts.append(f"{label}{'–' if before is None else before} → {'–' if after is None else after}")
    if "lines" in rest:
        parts.append(t("audit.detail.lines", n=rest.pop("lines")))
    if "count" in rest:
        parts.append(t("audit.detail.count", n=rest.pop("count")))
    if rest.get("problems"):
        parts.append(t("audit.detail.problems", n=len(rest["problems"])))
    rest.pop("problems", None)
    if rest.get("note"):
        parts.append(t("audit.detail.note", note=rest["note"]))
    rest.pop("note", None)
    parts.extend(f"{key}: {_when(value, lang) if key.endswith('_at') else value}" for key, value in rest.items())
    text = " · ".join(parts)
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"


def audit_table(lines: Iterable[Mapping[str, Any]], lang: str = "vi") -> pd.DataFrame:
    """The lines (newest first, as searched) with readable columns, headed in `lang`.

    The time stays a datetime (the page and the workbook format it), the submission id a number.
    """
    rows = [
        (
            line["at"],
            line.get("username") or translate("audit.system", lang),
            action_name(line["action"], lang),
            line.get("unit_code") or "",
            _quarter(line["period"], lang) if line.get("period") else "",
            line.get("submission_id"),
            describe(line["action"], line.get("detail"), lang),
        )
        for line in lines
    ]
    table = pd.DataFrame(rows, columns=headers(lang))
    table[headers(lang)[5]] = table[headers(lang)[5]].astype("Int64")
    return table


def audit_csv(table: pd.DataFrame) -> bytes:
    """The table as CSV: UTF-8 with a BOM, formula-looking cells defused (`exports.csvfiles`)."""
    return export_csv(table)


def audit_workbook(table: pd.DataFrame, sheet: str) -> bytes:
    """The table as one sheet: a bold header row, frozen, with an autofilter; dates dd/mm/yyyy hh:mm."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, BOOK_OPTIONS)  # strings stay strings: a logged name never becomes a formula
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm", "valign": "top"})
    text = book.add_format({"text_wrap": True, "valign": "top"})
    sheet_ = book.add_worksheet(sheet[:31])
    for col, (name, header) in enumerate(zip(COLUMNS, table.columns, strict=True)):
        sheet_.write_string(0, col, str(header), bold)
        sheet_.set_column(col, col, _WIDTHS.get(name, 12), text if name == "detail" else None)
    for r, row in enumerate(table.itertuples(index=False), start=1):
        for col, value in enumerate(row):
            if value is None or value is pd.NA or value == "" or (isinstance(value, float) and value != value):
                continue  # an empty cell, not an empty string: the autofilter offers "(Blanks)"
            if isinstance(value, datetime):
                sheet_.write_datetime(r, col, value.replace(tzinfo=None), moment)
            elif isinstance(value, Real):
                sheet_.write_number(r, col, value)
            else:
                sheet_.write_string(r, col, str(value))
    sheet_.freeze_panes(1, 0)
    sheet_.autofilter(0, 0, max(len(table), 1), len(COLUMNS) - 1)
    book.close()
    return out.getvalue()
