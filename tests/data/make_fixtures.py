"""Writes the tiny real-world-quirk files in tests/data (run by hand; needs LibreOffice).

    .venv/bin/python tests/data/make_fixtures.py

Each file holds one quirk; tests/test_quirks.py states what the loader must answer.
LibreOffice converts the .xls and .ods copies, so they are what LibreOffice writes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.workbook_factory import valid_sheets, workbook_bytes

HERE = Path(__file__).resolve().parent


def merged_official_layout() -> None:
    """An official header block of merged cells above each table, a merged two-row header."""
    sheets = valid_sheets()
    wb = openpyxl.load_workbook(_as_file(workbook_bytes(sheets)))
    for ws in wb.worksheets:
        if ws.title == "ThongTin":
            continue
        ws.insert_rows(1, 4)
        ws["A1"] = "UBND PHƯỜNG BÌNH MINH"
        ws["A2"] = "TRƯỜNG TIỂU HỌC LÊ LỢI"
        ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
        ws.merge_cells("A1:C1")
        ws.merge_cells("A2:C2")
        ws.merge_cells("E1:H1")
        ws.merge_cells("E2:H2")
        for ref in ("A1", "A2", "E1", "E2"):
            ws[ref].font = Font(name="Times New Roman", bold=True)
            ws[ref].alignment = Alignment(horizontal="center")
        ws.merge_cells("A5:H5")  # the table title, row 5 after the insert
    hl = wb["HaiLong"]
    # Header on row 7 becomes two rows: group label over the five levels, labels merged down.
    hl.insert_rows(8, 1)
    for col in range(4, 9):
        hl.cell(8, col, hl.cell(7, col).value)
        hl.cell(7, col).value = None
    hl.cell(7, 4, "Mức độ hài lòng")
    hl.merge_cells("D7:H7")
    for col in range(1, 4):
        hl.merge_cells(start_row=7, start_column=col, end_row=8, end_column=col)
    wb.save(HERE / "merged_official_layout.xlsx")


def nfd_text() -> None:
    """Every text typed decomposed (NFD), as some Vietnamese keyboards do."""
    sheets = valid_sheets()
    decomposed = {
        unicodedata.normalize("NFD", name): [
            [unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in row] for row in rows
        ]
        for name, rows in sheets.items()
    }
    (HERE / "nfd_text.xlsx").write_bytes(workbook_bytes(decomposed))


def text_dates_and_numbers() -> None:
    """Dates typed as text in several day-first forms, numbers typed as Vietnamese text."""
    sheets = valid_sheets()
    tasks = sheets["NhiemVu"]
    tasks[3][4], tasks[3][6] = "20/06/2023", "15-06-2023"
    tasks[4][4] = "31/5/2023"
    tasks[5][4], tasks[5][6] = "2023-04-30", "05/05/2023"
    sheets["ChiTieu"][3][3:5] = ["1.245", "1.300"]
    sheets["ThongTin"][6][1] = "18/06/2023"
    (HERE / "text_dates.xlsx").write_bytes(workbook_bytes(sheets))


def libreoffice_copies() -> None:
    """The valid report and one with a wrong status on NhiemVu row 5, saved by LibreOffice."""
    valid = valid_sheets()
    broken = valid_sheets()
    broken["NhiemVu"][4][5] = "Đang làm dở"
    with tempfile.TemporaryDirectory() as tmp:
        sources = {"libreoffice": valid, "libreoffice_bad_status": broken}
        for stem, sheets in sources.items():
            (Path(tmp) / f"{stem}.xlsx").write_bytes(workbook_bytes(sheets))
            for target in ("xls", "ods"):
                subprocess.run(
                    ["soffice", "--headless", "--convert-to", target, "--outdir", tmp, f"{tmp}/{stem}.xlsx"],
                    check=True,
                    capture_output=True,
                )
                shutil.copy(Path(tmp) / f"{stem}.{target}", HERE / f"{stem}.{target}")


def formulas_saved_by_libreoffice() -> None:
    """Kết quả and Tổng số as formulas; LibreOffice recalculates and stores their values."""
    sheets = valid_sheets()
    sheets["ChiTieu"][3][3:5] = ["=40+5", "=SUM(20,30)"]
    sheets["ChiTieu"][4][3] = "=1/0"  # #DIV/0! cached: an error on ChiTieu row 5
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "formulas.xlsx").write_bytes(workbook_bytes(sheets))
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", f"{tmp}/out",
             f"{tmp}/formulas.xlsx"],
            check=True,
            capture_output=True,
        )  # fmt: skip
        shutil.copy(Path(tmp) / "out" / "formulas.xlsx", HERE / "formulas_libreoffice.xlsx")


def _as_file(content: bytes):
    import io

    return io.BytesIO(content)


if __name__ == "__main__":
    merged_official_layout()
    nfd_text()
    text_dates_and_numbers()
    libreoffice_copies()
    formulas_saved_by_libreoffice()
    print("\n".join(sorted(p.name for p in HERE.iterdir() if p.suffix != ".py")))
    del date
