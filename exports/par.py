"""The PAR year as published: the ranking of the schools, and each school's appraisal sheet.

Both in the official format of the quarterly export (exports.workbook): national header,
title, a table per sheet, signatures. Rates are fractions (Excel shows them as percents).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from core.catalogs import Catalogs
from core.office import Office
from exports.tables import (
    INTEGER,
    LABEL,
    PERCENT2,
    POINTS,
    UNIT_KINDS,
    ExportTable,
    Group,
    export_table,
    fraction,
    t,
    unit_columns,
    with_stt,
)
from exports.workbook import make_heading, tables_workbook

FINAL = "final"


def ranking_sheet(table: pd.DataFrame, catalogs: Catalogs, states: dict[str, str]) -> ExportTable:
    """`views.par_year_table`: per school the self-assessed and final points, each field's, the score and rank."""
    fields = [c.removeprefix("field:") for c in table.columns if c.startswith("field:")]
    names = {f.code: f.name for f in catalogs.par_fields}
    columns = {
        **unit_columns(table, catalogs),
        t("par.year.self"): table["self_points"],
        **{names.get(code, code): table[f"field:{code}"] for code in fields},
        t("par.year.final"): table["final_points"],
        t("metric.par_score"): fraction(table["score"]),
        t("col.rank"): table["rank_label"],
        t("par.year.state"): [t(f"par.year.state.{states.get(u, 'draft')}") for u in table["unit_code"]],
    }
    kinds = UNIT_KINDS | dict.fromkeys([t("par.year.self"), t("par.year.final"), *(names.get(c, c) for c in fields)],
                                       POINTS)  # fmt: skip
    kinds |= {t("metric.par_score"): PERCENT2, t("col.rank"): LABEL, t("par.year.state"): LABEL}
    groups = (Group(t("par.year.by_field"), names.get(fields[0], fields[0]), names.get(fields[-1], fields[-1])),)
    return export_table("xep-hang-cchc", "par_year", with_stt(pd.DataFrame(columns)), kinds,
                        groups=groups if fields else (), filter=True)  # fmt: skip


def appraisal_sheet(items: pd.DataFrame) -> ExportTable:
    """metrics.appraisal's items of one school: each criterion with its points, evidence and reasons; the total."""
    adjustment = items["level"].eq("adjustment").to_numpy()
    sign = np.where(items["kind"].eq("penalty").to_numpy(), -1.0, 1.0)
    final = items["appraised_points"].where(items["appraised_points"].notna(), items["self_points"])
    final = pd.Series(np.where(adjustment, items["appraised_points"].fillna(0) * sign, final), index=items.index)
    frame = pd.DataFrame(
        {
            t("par.year.item"): items["item"],
            t("par.year.item_name"): items["name"],
            t("par.max_points"): np.where(adjustment, np.nan, items["max_points"]),
            t("par.year.self"): items["self_points"],
            t("par.year.explanation"): items["explanation"],
            t("par.year.evidence"): ["; ".join(names) for names in items["evidence"]],
            t("par.year.appraised"): items["appraised_points"],
            t("par.year.final"): final,
            t("par.year.reason"): items["reason"],
        }
    )
    total = {t("par.year.item_name"): t("export.total")}
    total |= {t(key): frame[t(key)].sum() for key in ("par.max_points", "par.year.self", "par.year.final")}
    frame = with_stt(pd.concat([frame, pd.DataFrame([total])], ignore_index=True))
    frame[t("col.stt")] = frame[t("col.stt")].astype("Int64").mask(frame.index == len(frame) - 1)
    kinds = {t("par.year.item"): LABEL, t("par.max_points"): POINTS, t("par.year.self"): POINTS,
             t("par.year.appraised"): POINTS, t("par.year.final"): POINTS, t("col.stt"): INTEGER}  # fmt: skip
    return export_table("tham-dinh", "par_appraisal", frame, kinds, total_row=True)


def ranking_workbook(table: pd.DataFrame, catalogs: Catalogs, states: dict[str, str], year: int, office: Office,
                     signed_on: date | None = None) -> bytes:  # fmt: skip
    signed_on = signed_on or date.today()
    heading = make_heading(office.as_of(signed_on), f"{year}-Q4", signed_on, None, t("par.year.title", year=year))
    return tables_workbook([ranking_sheet(table, catalogs, states)], heading)


def appraisal_workbook(items: pd.DataFrame, unit_name: str, year: int, office: Office, state: str,
                       signed_on: date | None = None) -> bytes:  # fmt: skip
    signed_on = signed_on or date.today()
    title = t("par.year.sheet_title", year=year, unit=unit_name)
    scope = t(f"par.year.state.{state}")
    heading = make_heading(office.as_of(signed_on), f"{year}-Q4", signed_on, scope, title)
    return tables_workbook([appraisal_sheet(items)], heading)
