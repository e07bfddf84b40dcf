"""From a file's bytes to a validated Report: screen, open with calamine, validate."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from defusedxml import DefusedXmlException, ElementTree
from python_calamine import CalamineWorkbook

from core.catalogs import Catalogs, default_catalogs
from core.filenames import received_name
from core.settings import UploadLimits
from core.text import fold_key
from i18n.messages import term
from loaders import contract as c
from loaders.guard import Refused, screen
from loaders.problems import WARNING, problem
from loaders.report import Report
from loaders.validate import validate

_IGNORED_SHEETS = {fold_key(c.GUIDE_SHEET), fold_key("DanhMuc"), fold_key("Danh mục"), fold_key("Cần sửa")}
_CONTRACT_SHEETS = {key: sheet for sheet in c.SHEETS for key in sheet.keys}  # folded name → sheet
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def load_report(
    content: bytes,
    file_name: str,
    *,
    registry: dict[str, str] | None = None,
    active: dict[str, tuple[str | None, str | None]] | None = None,
    catalogs: Catalogs | None = None,
    limits: UploadLimits | None = None,
) -> Report:
    """Read one school's workbook. Never raises for a bad file: problems say what is wrong.

    `file_name` is what the sender called the file; the report keeps it as `received_name` cleans it.
    `registry` maps unit codes to names; None skips the unit check (template tests).
    `active` maps unit codes to the first and last quarter they report ("2025-Q3", None = open).
    """
    catalogs = catalogs or default_catalogs()
    file_name = received_name(file_name)
    try:
        kind = screen(content, file_name, limits or UploadLimits())
        with open_workbook(content) as workbook:
            grids, sheet_problems = contract_grids(workbook)
        formula_check = formula_checker(content) if kind == "zip" else never_formula
        report = validate(file_name, grids, catalogs, registry, formula_check, active or {})
    except Refused as refused:
        return Report(file_name=file_name, problems=[refused.problem])
    report.problems[:0] = sheet_problems
    return report


def open_workbook(content: bytes) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as error:  # calamine raises its own error types for every unreadable file
        text = str(error).lower()
        if "password" in text or "encrypt" in text:
            raise Refused("encrypted") from error
        raise Refused("corrupt", detail=str(error)[:200]) from error


def contract_grids(workbook: CalamineWorkbook, sheets: dict[str, c.Sheet] | None = None):
    """Map each contract sheet (by folded name, the report's by default) to the user's sheet,
    whatever its case, diacritics or spaces."""
    sheets = _CONTRACT_SHEETS if sheets is None else sheets
    grids: dict[str, tuple[str, list[list[object]]]] = {}
    problems = []
    for name in workbook.sheet_names:
        folded = fold_key(name)
        sheet = sheets.get(folded)
        if sheet is None:
            if folded not in _IGNORED_SHEETS:
                problems.append(problem("unknown-sheet", severity=WARNING, sheet=name))
            continue
        if sheet.key in grids:
            first = grids[sheet.key][0]
            problems.append(problem("duplicate-sheet", severity=WARNING, sheet=name, title=sheet.title, first=first))
            continue
        try:
            cells = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as error:  # a damaged sheet part: say which sheet
            raise Refused("corrupt", detail=term("reason.sheet-unreadable", name=name)) from error
        grids[sheet.key] = (name, cells)
    return grids, problems


def never_formula(_sheet: str, _row: int, _col: int) -> str | None:
    return None


def formula_checker(content: bytes):
    """Explain blank cells lazily: only when a required cell came back blank is the sheet's XML read."""
    explained: dict[str, dict[tuple[int, int], str]] = {}  # by sheet, once read

    def check(sheet_name: str, row: int, col: int) -> str | None:
        if sheet_name not in explained:
            explained[sheet_name] = _explained_cells(content, sheet_name)
        return explained[sheet_name].get((row, col))

    return check


def _explained_cells(content: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    try:
        return _unreadable_cells(content, sheet_name)
    except DefusedXmlException as error:  # a DTD the guard missed: refuse the file, never fail the batch
        raise Refused("xml-entities") from error
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}


def _unreadable_cells(content: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    """Cells that calamine reads as blank: formulas without a cached value ("") and errors ("#DIV/0!")."""
    found: dict[tuple[int, int], str] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(_sheet_part(archive, sheet_name)) as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag != f"{{{_NS['m']}}}c":
                continue
            value = element.find("m:v", _NS)
            text = (value.text or "").strip() if value is not None else ""
            if element.get("t") == "e":
                found[_cell_position(element.get("r", ""))] = text or "#N/A"
            elif element.find("m:f", _NS) is not None and not text:
                found[_cell_position(element.get("r", ""))] = ""
            element.clear()
    return found


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.findall("rel:Relationship", _NS)}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        if sheet.get("name") == sheet_name:
            target = targets[sheet.get(f"{{{_NS['r']}}}id")]
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    raise KeyError(sheet_name)


def _cell_position(ref: str) -> tuple[int, int]:
    match = _CELL_REF.match(ref)
    if not match:
        return (-1, -1)
    letters, digits = match.groups()
    col = 0
    for letter in letters:
        col = col * 26 + ord(letter) - ord("A") + 1
    return int(digits), col - 1
