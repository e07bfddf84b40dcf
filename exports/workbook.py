"""The quarter's report as one Excel workbook that goes straight into an official document.

Each sheet follows NĐ 30/2020/NĐ-CP: the two-column header (the parent body and the
issuing office on the left, the national name and motto on the right, the place and
date in italics), the title, then the table (STT column, merged group headers, number
formats, borders, frozen header, autofilter on long lists), and the signature block.
Times New Roman throughout; printed on A4 landscape, one page wide, the header rows
repeated on every page.

Written with XlsxWriter (about five times faster than openpyxl on a city's 3,500
schools). Every text goes through `write_string` and the workbook never turns strings
into formulas or links, so a school named `=HYPERLINK(…)` stays text.
"""

from __future__ import annotations

import io
import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.catalogs import Catalogs
from core.errors import Refusal
from core.formatting import quarter
from core.office import Office
from core.periods import quarters_of
from exports.tables import (
    CHANGE,
    COUNT_CHANGE,
    DAY,
    INTEGER,
    LABEL,
    MOMENT,
    NUMBER,
    PERCENT,
    PERCENT2,
    POINTS,
    TEXT,
    ExportTable,
    build_tables,
    t,
)
from metrics.frames import Frames
from metrics.views import restrict

FONT = "Times New Roman"
BOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_format_properties": {"font_name": FONT, "font_size": 12},
}
NUMBER_FORMATS = {
    INTEGER: "#,##0",
    NUMBER: "#,##0.00",
    PERCENT: "0.0%",
    PERCENT2: "0.00%",
    POINTS: "#,##0.00",
    CHANGE: "+0.0%;-0.0%;0.0%",
    COUNT_CHANGE: "+#,##0;-#,##0;0",
    MOMENT: "dd/mm/yyyy hh:mm",
    DAY: "dd/mm/yyyy",
}
WIDTHS = {INTEGER: 10, NUMBER: 12, POINTS: 10, MOMENT: 17, DAY: 12}  # characters; 11 for the rest
MAX_TEXT_WIDTH = 42
A4 = 9
LINE_HEIGHT = 16
CAPITALS = 1.3  # an upper-case bold character is about 1.3 column units wide


@dataclass(frozen=True)
class Heading:
    """The texts around every sheet's table."""

    parent: str
    office: str
    number: str
    dated: str
    title: str
    scope: str | None


def export_workbook(
    frames: Frames,
    catalogs: Catalogs,
    period: str,
    office: Office,
    *,
    level: str | None = None,
    ward: str | None = None,
    compare: str | None = None,
    signed_on: date | None = None,
    only: Collection[str] | None = None,
    plans: pd.DataFrame | None = None,
) -> bytes:
    """The .xlsx report of `period` (a quarter or a span) for the units of `level` and/or `ward` (all when None).

    `only` keeps the tables with those keys (a page's own tables), in the report's order; `plans`
    (pipeline.plans.plan_completion_table of the period) adds the plan-completion sheet.
    """
    signed_on = signed_on or date.today()
    tables = build_tables(restrict(frames, level, ward), catalogs, period, compare, plans)
    tables = [table for table in tables if only is None or table.key in only]
    heading = make_heading(office.as_of(signed_on), period, signed_on, scope_text(catalogs, level, ward))
    return tables_workbook(tables, heading)


def tables_workbook(tables: list[ExportTable], heading: Heading) -> bytes:
    """The tables, one sheet each under the official heading, as .xlsx bytes."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, BOOK_OPTIONS)
    styles = Styles(book)
    for table in tables:
        write_sheet(book.add_worksheet(table.sheet), styles, table, heading)
    book.close()
    return out.getvalue()


# ---------------------------------------------------------------- texts


def dated_line(place: str, day: date) -> str:
    """`Sông Xanh, ngày 05 tháng 02 năm 2026`: a day below 10 and months 1–2 take a leading zero (NĐ 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return t("export.dated", place=place, day=f"{day.day:02d}", month=month, year=day.year)


def scope_text(catalogs: Catalogs, level: str | None, ward: str | None) -> str | None:
    parts = []
    if level:
        name = catalogs.levels[level].name if level in catalogs.levels.codes() else level
        parts.append(f"{t('filters.level')}: {name}")
    if ward:
        parts.append(f"{t('filters.ward')}: {ward}")
    return t("export.scope", scope="; ".join(parts)) if parts else None


def make_heading(office: Office, period: str, signed_on: date, scope: str | None, title: str | None = None) -> Heading:
    """The heading of a report of `period`; `title`, when given, instead of the quarter's report title."""
    code = f"BC-{office.abbreviation}" if office.abbreviation else "BC"
    return Heading(
        parent=office.parent.upper(),
        office=office.name.upper(),
        number=t("export.number", code=code),
        dated=dated_line(office.place, signed_on),
        title=(title or t("export.title", quarter=quarter(period))).upper(),
        scope=scope,
    )


# ---------------------------------------------------------------- formats


class Styles:
    """The workbook's formats, made once each."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.made: dict[tuple, Format] = {}

    def get(self, **properties: Any) -> Format:
        key = tuple(sorted(properties.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format(properties)
        return self.made[key]

    def body(self, kind: str, *, bold: bool = False, wrap: bool = False, center: bool = False) -> Format:
        extra: dict[str, Any] = {"num_format": NUMBER_FORMATS[kind]} if kind in NUMBER_FORMATS else {}
        if center:
            extra["align"] = "center"
        return self.get(border=1, valign="vcenter", font_size=11, bold=bold, text_wrap=wrap, **extra)

    def header(self) -> Format:
        return self.get(border=1, bold=True, align="center", valign="vcenter", text_wrap=True, font_size=11)

    def line(self, *, bold: bool = False, italic: bool = False, size: int = 12) -> Format:
        return self.get(bold=bold, italic=italic, align="center", valign="vcenter", font_size=size, text_wrap=True)


# ---------------------------------------------------------------- one sheet


def write_sheet(sheet: Worksheet, styles: Styles, table: ExportTable, heading: Heading) -> None:
    widths = column_widths(table)
    split = left_span(widths)
    widen(widths, 0, split, max(len(heading.parent), len(heading.office)) * CAPITALS)
    widen(widths, split, len(widths), len(t("export.nation")) * CAPITALS)  # the national name on one line
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    top = write_heading(sheet, styles, heading, table.subtitle, widths, split)
    bottom = write_header(sheet, styles, table, top, widths)
    first = bottom + 1
    write_body(sheet, styles, table, first)
    last = first + len(table.frame) - 1
    write_signatures(sheet, styles, heading, len(widths), split, max(last, bottom) + 2)
    sheet.freeze_panes(first, 0)
    if table.filter:
        sheet.autofilter(bottom, 0, max(last, bottom), len(widths) - 1)
    page_setup(sheet, top, bottom)


def column_widths(table: ExportTable) -> list[float]:
    """Characters per column: the text's longest value (capped, it wraps beyond), the numbers' usual width."""
    widths = []
    for column in table.frame.columns:
        kind = table.kinds.get(column, TEXT) if column not in table.cell_kinds else NUMBER
        longest_word = max((len(word) for word in str(column).split()), default=4) + 2
        if column == t("col.stt"):
            widths.append(6.0)
        elif kind in (TEXT, LABEL):
            values = table.frame[column].dropna().astype(str)
            content = int(values.str.len().max()) + 2 if len(values) else 8
            widths.append(float(min(max(content, longest_word, 8), MAX_TEXT_WIDTH)))
        else:
            widths.append(float(max(WIDTHS.get(kind, 11), longest_word)))
    return widths


def left_span(widths: list[float]) -> int:
    """How many columns the left part of the header takes: about 40 % of the width, at least one."""
    total, run = sum(widths), 0.0
    for n, width in enumerate(widths, start=1):
        run += width
        if run >= 0.4 * total:
            return min(n, len(widths) - 1)
    return 1


def widen(widths: list[float], first: int, end: int, needed: float) -> None:
    """Scale the columns first…end-1 up until together they are `needed` characters wide."""
    have = sum(widths[first:end])
    if 0 < have < needed:
        for col in range(first, end):
            widths[col] = round(widths[col] * needed / have, 1)


def lines(text: str, width: float, factor: float = 1.0) -> int:
    """About how many lines `text` takes wrapped in `width` characters (capitals and bold are wider)."""
    return max(1, math.ceil(len(text) * factor / max(width, 1.0)))


def merged(sheet: Worksheet, row: int, first: int, last: int, text: str, style: Format) -> None:
    """`text` over the columns first…last of `row`, always written as a string."""
    if last > first:
        sheet.merge_range(row, first, row, last, "", style)
    sheet.write_string(row, first, text, style)


def write_heading(
    sheet: Worksheet, styles: Styles, heading: Heading, subtitle: str, widths: list[float], split: int
) -> int:
    """Quốc hiệu–Tiêu ngữ block, title, subtitle and scope; answer the first row after them."""
    end = len(widths) - 1
    left, right, whole = sum(widths[:split]), sum(widths[split:]), sum(widths)
    block = (
        (heading.parent, t("export.nation"), styles.line(), styles.line(bold=True)),
        (heading.office, t("export.motto"), styles.line(bold=True), styles.line(bold=True, size=13)),
        (heading.number, heading.dated, styles.line(), styles.line(italic=True)),
    )
    for row, (left_text, right_text, left_style, right_style) in enumerate(block):
        merged(sheet, row, 0, split - 1, left_text, left_style)
        merged(sheet, row, split, end, right_text, right_style)
        sheet.set_row(row, LINE_HEIGHT * max(lines(left_text, left, CAPITALS), lines(right_text, right, CAPITALS)))
    texts = [(heading.title, styles.line(bold=True, size=14), 1.5), (subtitle, styles.line(bold=True), 1.1)]
    if heading.scope:
        texts.append((heading.scope, styles.line(italic=True), 1.0))
    for row, (text, style, factor) in enumerate(texts, start=4):
        merged(sheet, row, 0, end, text, style)
        sheet.set_row(row, (LINE_HEIGHT + 3) * lines(text, whole, factor))
    return 4 + len(texts) + 1


def write_header(sheet: Worksheet, styles: Styles, table: ExportTable, top: int, widths: list[float]) -> int:
    """The column headers (two rows under group headers); answer the last header row."""
    columns = list(table.frame.columns)
    bottom = top + 1 if table.groups else top
    grouped: set[int] = set()
    style = styles.header()
    for group in table.groups:
        first, last = columns.index(group.first), columns.index(group.last)
        merged(sheet, top, first, last, group.title, style)
        grouped.update(range(first, last + 1))
    for col, name in enumerate(columns):
        if col in grouped:
            sheet.write_string(bottom, col, name, style)
        elif bottom > top:
            sheet.merge_range(top, col, bottom, col, "", style)
            sheet.write_string(top, col, name, style)
        else:
            sheet.write_string(top, col, name, style)
    tallest = max(lines(str(name), widths[col] - 1, 1.1) for col, name in enumerate(columns))
    sheet.set_row(bottom, LINE_HEIGHT * tallest + 4)
    return bottom


def cell_values(values: pd.Series) -> list[Any]:
    """Python values, None where missing (NaN, NaT, <NA>)."""
    return values.astype(object).where(values.notna(), None).tolist()


def write_body(sheet: Worksheet, styles: Styles, table: ExportTable, first: int) -> None:
    """The table's cells, column by column: strings as strings, numbers and dates with their format."""
    blank, string, number, moment = sheet.write_blank, sheet.write_string, sheet.write_number, sheet.write_datetime
    for col, column in enumerate(table.frame.columns):
        values = cell_values(table.frame[column])
        for row, (value, style) in enumerate(zip(values, row_styles(styles, table, column, values), strict=True)):
            if value is None:
                blank(first + row, col, None, style)
            elif isinstance(value, str):
                string(first + row, col, value, style)
            elif isinstance(value, datetime | date):
                moment(first + row, col, value, style)
            else:
                number(first + row, col, value, style)


def row_styles(styles: Styles, table: ExportTable, column: str, values: list[Any]) -> list[Format]:
    """The format of each cell of a column: its kind's, bold on the total row; mixed columns per row."""
    stt = column == t("col.stt")
    total_at = len(values) - 1 if table.total_row else -1

    def style(row: int, value: Any) -> Format:
        kind = table.kind(column, row)
        if kind == NUMBER and isinstance(value, float) and value.is_integer():
            kind = INTEGER  # counts among decimals: 87, not 87,00
        center = stt or kind in (LABEL, MOMENT, DAY)
        return styles.body(kind, bold=row == total_at, wrap=kind == TEXT and not stt, center=center)

    if column in table.cell_kinds or table.kind(column) == NUMBER:
        return [style(row, value) for row, value in enumerate(values)]
    out = [style(0, None)] * len(values)
    if total_at >= 0:
        out[total_at] = style(total_at, None)
    return out


def write_signatures(sheet: Worksheet, styles: Styles, heading: Heading, width: int, split: int, row: int) -> None:
    """Place and date, then NGƯỜI LẬP BIỂU on the left and THỦ TRƯỞNG ĐƠN VỊ on the right."""
    left, right = (0, split - 1), (split, width - 1)
    merged(sheet, row, *right, heading.dated, styles.line(italic=True))
    merged(sheet, row + 1, *left, t("export.prepared_by"), styles.line(bold=True))
    merged(sheet, row + 1, *right, t("export.head"), styles.line(bold=True))
    merged(sheet, row + 2, *left, t("export.sign_hint"), styles.line(italic=True))
    merged(sheet, row + 2, *right, t("export.seal_hint"), styles.line(italic=True))


def page_setup(sheet: Worksheet, header_top: int, header_bottom: int) -> None:
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_top, header_bottom)
    sheet.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer(f'&C&"{FONT},Regular"&10{t("export.page")} &P/&N')


# ---------------------------------------------------------------- checks before exporting


class ExportRefused(Refusal, ValueError):
    """Nothing to export as asked: the code says why."""


def resolve_level(catalogs: Catalogs, text: str | None) -> str | None:
    """The level code a user's text names (code, name or alias); ExportRefused (a ValueError) when none."""
    if not text:
        return None
    code = catalogs.levels.resolve(text)
    if code is None:
        raise ExportRefused("unknown-level", value=repr(text), known=list(catalogs.levels.codes()))
    return code


def scope_problem(frames: Frames, period: str, level: str | None, ward: str | None) -> ExportRefused | None:
    """Why there is nothing to export for this quarter (or span: none of its quarters) and scope, or None."""
    scoped = restrict(frames, level, ward)
    if ward and scoped.units.empty:
        return ExportRefused("ward-without-units", ward=repr(ward))
    if not scoped.submissions["period"].isin([q.code for q in quarters_of(period)]).any():
        in_scope = "-in-scope" if level or ward else ""
        return ExportRefused(f"quarter-without-reports{in_scope}", quarter=period)
    return None
