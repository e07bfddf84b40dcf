"""Xuất báo cáo: the period's tables as one workbook for the official report, and as CSV files."""

from __future__ import annotations

from datetime import date

import streamlit as st

from core.catalogs import default_catalogs
from core.escape import escape_markdown
from core.office import load_office
from exports.csvfiles import export_csv_zip
from exports.workbook import export_workbook
from pages.ui import auth, scope, widgets, words
from pages.ui.words import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

auth.allow_page(__file__)
st.title(t("nav.export"))
if not widgets.no_data():
    f = scope.filters()
    st.caption(widgets.scope_caption())
    office = load_office()
    st.write(t("export.page_intro", office=escape_markdown(office.name), quarter=words.quarter(f.period)))
    signed_on = st.date_input(t("export.signed_on"), value=date.today(), format="DD/MM/YYYY", key="signed-on")
    chosen = {"level": f.level or None, "ward": f.ward or None, "compare": f.compare}
    data = scope.frames()  # now: the builders run when clicked, outside this run and its logged-in session
    plans = scope.plan_completion(f.period)
    stem = f"bao-cao-cchc_{f.period}" + "".join(f"_{v}" for v in (f.level, f.ward) if v)
    left, right = st.columns(2)
    left.download_button(
        t("export.download_xlsx"),
        # Built when clicked, from the same tables the pages show.
        data=widgets.audited(
            {"what": "report", "format": "xlsx", **chosen},
            lambda: export_workbook(
                data, default_catalogs(), f.period, office, signed_on=signed_on, plans=plans, **chosen
            ),
        ),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        type="primary",
        icon=":material/table_view:",
        key="export-xlsx",
    )
    right.download_button(
        t("export.download_csv"),
        data=widgets.audited(
            {"what": "report", "format": "csv", **chosen},
            lambda: export_csv_zip(data, default_catalogs(), f.period, plans=plans, **chosen),
        ),
        file_name=f"{stem}_csv.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
        key="export-csv",
    )
    st.markdown(t("export.contents"))
