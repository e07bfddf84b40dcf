"""The quarter's figures as files: an Excel report ready for an official document, and CSV tables."""

from __future__ import annotations

from exports.csvfiles import export_csv, export_csv_zip
from exports.workbook import export_workbook

__all__ = ["export_csv", "export_csv_zip", "export_workbook"]
