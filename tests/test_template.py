"""The blank template and the contract docs follow `loaders.contract` and the catalogs."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.catalogs import Catalog, Catalogs, default_catalogs
from core.periods import parse_period
from loaders.contract import (
    ANSWER_LABELS,
    COUNT,
    DATE,
    DIMENSION,
    GUIDE_SHEET,
    INDICATOR,
    INDICATORS,
    INFO,
    NUMBER,
    PAR_FIELD,
    SATISFACTION,
    SELF_ASSESSMENT,
    SHEETS,
    STATUS,
    STATUS_LABELS,
    TASKS,
    YES,
    Column,
    Sheet,
)
from loaders.contract_docs import DOCS_PATH, QUARTER_SPELLINGS, render_contract_markdown
from loaders.template import (
    DATE_FORMAT,
    FIRST_ROW,
    FONT_NAME,
    HEADER_ROW,
    LAST_ROW,
    LISTS_SHEET,
    build_template,
    template_bytes,
    write_template,
)
from tests.template_fill import filled_template_bytes

TABLES = [s for s in SHEETS if s.layout == "table"]
TABLE_COLUMNS = [(s, c) for s in TABLES for c in s.columns]
LIST_KINDS = (STATUS, PAR_FIELD, INDICATOR, DIMENSION)
UNIT = {"unit_code": "MN01", "unit_name": "Trường Mầm non Hoa Sen", "period_label": "Quý II/2023"}


def _reopen(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def wb() -> Workbook:
    return _reopen(template_bytes(**UNIT))


def _letter(sheet: Sheet, column: Column) -> str:
    return get_column_letter(sheet.columns.index(column) + 1)


def _validation(ws: Worksheet, cells: str) -> DataValidation:
    found = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == cells]
    assert len(found) == 1, f"{ws.title}!{cells}: {len(found)} validations"
    return found[0]


def _range_values(wb: Workbook, formula: str) -> list[object]:
    sheet, cells = formula.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [row[0].value for row in ws[cells.replace("$", "")]]


def _expected_list(kind: str) -> list[str]:
    catalogs = default_catalogs()
    return {
        STATUS: list(STATUS_LABELS.values()),
        PAR_FIELD: catalogs.par_fields.codes(),
        INDICATOR: catalogs.indicators.codes(),
        DIMENSION: catalogs.dimensions.codes(),
    }[kind]


def _column_values(ws: Worksheet, sheet: Sheet, key: str) -> list[object]:
    index = sheet.columns.index(sheet.column(key)) + 1
    return [ws.cell(row, index).value for row in range(FIRST_ROW, ws.max_row + 1)]


def test_sheets_in_order_with_the_lists_hidden(wb: Workbook) -> None:
    assert wb.sheetnames == [GUIDE_SHEET, *(s.key for s in SHEETS), LISTS_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert all(wb[name].sheet_state == "visible" for name in wb.sheetnames[:-1])
    assert wb.active.title == GUIDE_SHEET


@pytest.mark.parametrize("sheet", TABLES, ids=lambda s: s.key)
def test_table_header_is_the_contract(wb: Workbook, sheet: Sheet) -> None:
    ws = wb[sheet.key]
    labels = [ws.cell(HEADER_ROW, i).value for i in range(1, len(sheet.columns) + 1)]
    assert labels == [c.label for c in sheet.columns]
    assert ws.cell(HEADER_ROW, len(sheet.columns) + 1).value is None
    assert ws.cell(1, 1).value.endswith(sheet.title.upper())
    assert ws.freeze_panes == f"A{FIRST_ROW}"
    last = get_column_letter(len(sheet.columns))
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:{last}{LAST_ROW}"
    for column in sheet.columns:
        assert ws.column_dimensions[_letter(sheet, column)].width == column.width
        header = ws[f"{_letter(sheet, column)}{HEADER_ROW}"]
        assert header.font.b and header.font.name == FONT_NAME and header.alignment.wrap_text


def test_tasks_sheet_has_no_rows(wb: Workbook) -> None:
    assert wb[TASKS.key].max_row == HEADER_ROW


def test_info_sheet_labels_and_prefilled_values(wb: Workbook) -> None:
    ws = wb[INFO.key]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert all(c.label in rows for c in INFO.columns)
    values = {c.key: ws.cell(rows[c.label], 2).value for c in INFO.columns}
    assert values == {
        "unit_code": "MN01",
        "unit_name": "Trường Mầm non Hoa Sen",
        "period": "Quý II/2023",
        "prepared_by": None,
        "prepared_on": None,
    }
    for column in INFO.columns:
        label = ws.cell(rows[column.label], 1)
        assert label.font.b and (label.font.color is not None) == (column.required == YES)
    assert ws.cell(rows[INFO.column("prepared_on").label], 2).number_format == DATE_FORMAT
    # nothing right of the values: a reader takes the next filled cell after a label as its value
    assert ws.max_column == 2
    prompts = {str(dv.sqref): dv.prompt for dv in ws.data_validations.dataValidation}
    assert all(c.help in prompts[f"B{rows[c.label]}"] for c in INFO.columns)


def test_blank_info_values_stay_empty() -> None:
    ws = build_template()[INFO.key]
    assert all(ws.cell(r, 2).value is None for r in range(1, ws.max_row + 1))


@pytest.mark.parametrize(
    ("sheet", "column"),
    [(s, c) for s, c in TABLE_COLUMNS if c.kind in LIST_KINDS],
    ids=lambda x: getattr(x, "key", ""),
)
def test_dropdowns_list_the_catalog(wb: Workbook, sheet: Sheet, column: Column) -> None:
    letter = _letter(sheet, column)
    dv = _validation(wb[sheet.key], f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
    assert dv.type == "list"
    assert dv.formula1.strip("'").startswith(LISTS_SHEET)
    assert _range_values(wb, dv.formula1) == _expected_list(column.kind)


@pytest.mark.parametrize(
    ("sheet", "column"),
    [(s, c) for s, c in TABLE_COLUMNS if c.kind in (DATE, COUNT, NUMBER)],
    ids=lambda x: getattr(x, "key", ""),
)
def test_typed_columns_are_validated(wb: Workbook, sheet: Sheet, column: Column) -> None:
    letter = _letter(sheet, column)
    dv = _validation(wb[sheet.key], f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
    expected = {DATE: ("date", "36526"), COUNT: ("whole", "0"), NUMBER: ("decimal", "0")}[column.kind]
    assert (dv.type, dv.formula1) == expected
    assert dv.operator == "greaterThanOrEqual"
    if column.kind == DATE:
        assert wb[sheet.key].column_dimensions[letter].number_format == DATE_FORMAT


def test_text_columns_are_free(wb: Workbook) -> None:
    for sheet, column in TABLE_COLUMNS:
        if column.kind not in (*LIST_KINDS, DATE, COUNT, NUMBER):
            letter = _letter(sheet, column)
            cells = f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}"
            assert all(str(dv.sqref) != cells for dv in wb[sheet.key].data_validations.dataValidation)


def test_every_validation_explains_itself_in_vietnamese(wb: Workbook) -> None:
    validations = [dv for s in SHEETS for dv in wb[s.key].data_validations.dataValidation]
    assert validations
    for dv in validations:
        assert dv.showErrorMessage and dv.showInputMessage and dv.allow_blank
        assert dv.errorTitle and dv.error and dv.promptTitle and dv.prompt
        assert len(dv.promptTitle) <= 32 and len(dv.error) <= 255 and len(dv.prompt) <= 255


def test_lists_sheet_holds_every_catalog_entry(wb: Workbook) -> None:
    catalogs = default_catalogs()
    values = {cell.value for row in wb[LISTS_SHEET].iter_rows() for cell in row}
    for catalog in (catalogs.par_fields, catalogs.indicators, catalogs.dimensions):
        assert {e.code for e in catalog} <= values
        assert {e.name for e in catalog} <= values
    assert set(STATUS_LABELS.values()) <= values


def test_catalog_rows_are_prefilled(wb: Workbook) -> None:
    catalogs = default_catalogs()
    ws = wb[INDICATORS.key]
    assert _column_values(ws, INDICATORS, "code") == catalogs.indicators.codes()
    assert _column_values(ws, INDICATORS, "name") == [i.name for i in catalogs.indicators]
    assert set(_column_values(ws, INDICATORS, "result")) == {None}
    assert set(_column_values(ws, INDICATORS, "total")) == {None}
    ws = wb[SATISFACTION.key]
    assert _column_values(ws, SATISFACTION, "dimension") == catalogs.dimensions.codes()
    assert set(_column_values(ws, SATISFACTION, "answers")) == {None}
    ws = wb[SELF_ASSESSMENT.key]
    assert _column_values(ws, SELF_ASSESSMENT, "field") == catalogs.par_fields.codes()
    assert _column_values(ws, SELF_ASSESSMENT, "max_points") == [f.max_points for f in catalogs.par_fields]
    assert set(_column_values(ws, SELF_ASSESSMENT, "self_points")) == {None}


def test_template_follows_the_catalogs_given() -> None:
    catalogs = default_catalogs()
    fewer = dict(list(catalogs.indicators.entries.items())[:3])
    wb = _reopen(template_bytes(replace(catalogs, indicators=Catalog(fewer))))
    ws = wb[INDICATORS.key]
    assert _column_values(ws, INDICATORS, "code") == list(fewer)
    letter = _letter(INDICATORS, INDICATORS.column("code"))
    dv = _validation(ws, f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
    assert _range_values(wb, dv.formula1) == list(fewer)


def test_guide_explains_every_column_and_catalog_entry(wb: Workbook) -> None:
    ws = wb[GUIDE_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    catalogs: Catalogs = default_catalogs()
    for sheet in SHEETS:
        assert sheet.key in text and sheet.help in text
        assert all(c.label in text and c.help in text for c in sheet.columns)
        assert all(alias in text for c in sheet.columns for alias in c.aliases)
    for entry in (*catalogs.par_fields, *catalogs.indicators, *catalogs.dimensions):
        assert entry.code in text and entry.name in text
    assert all(label in text for label in (*STATUS_LABELS.values(), *ANSWER_LABELS, *QUARTER_SPELLINGS))


def test_cells_use_a_vietnamese_font(wb: Workbook) -> None:
    for ws in wb.worksheets:
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {FONT_NAME}, ws.title


@pytest.mark.parametrize("spelling", QUARTER_SPELLINGS)
def test_documented_quarter_spellings_parse(spelling: str) -> None:
    period = parse_period(spelling)
    assert period is not None and period.code == "2023-Q2"


def test_write_template_to_a_path(tmp_path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(path, unit_code="TH02")
    assert load_workbook(path)[INFO.key]["B3"].value == "TH02"


def test_filled_example_keeps_the_rules() -> None:
    """The example that the validator test loads is itself consistent (no validator needed)."""
    wb = _reopen(filled_template_bytes())
    catalogs = default_catalogs()
    ws = wb[TASKS.key]
    statuses = _column_values(ws, TASKS, "status")
    done_on = _column_values(ws, TASKS, "done_on")
    assert set(statuses) == set(STATUS_LABELS.values())
    assert all((d is not None) == (s == STATUS_LABELS["done"]) for s, d in zip(statuses, done_on, strict=True))
    ws = wb[INDICATORS.key]
    for code, result, total in zip(
        *(_column_values(ws, INDICATORS, k) for k in ("code", "result", "total")), strict=True
    ):
        assert result is not None and (total is not None) == catalogs.indicators[code].is_rate
        assert total is None or result <= total
    ws = wb[SATISFACTION.key]
    answers = _column_values(ws, SATISFACTION, "answers")
    levels = zip(
        *(_column_values(ws, SATISFACTION, c.key) for c in SATISFACTION.columns if c.label in ANSWER_LABELS),
        strict=True,
    )
    assert [sum(row) for row in levels] == answers
    ws = wb[SELF_ASSESSMENT.key]
    for maximum, points in zip(
        *(_column_values(ws, SELF_ASSESSMENT, k) for k in ("max_points", "self_points")), strict=True
    ):
        assert 0 <= points <= maximum


def test_docs_are_generated_from_the_contract() -> None:
    expected = render_contract_markdown(default_catalogs())
    actual = DOCS_PATH.read_text(encoding="utf-8") if DOCS_PATH.exists() else ""
    assert actual == expected, "docs/workbook-contract.md is stale: run `python -m loaders.contract_docs`"
