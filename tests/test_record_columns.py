"""The rows a report's records are stored as follow the schema's columns, whatever order the schema declares."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from core.text import content_key
from core.vocabulary import ANSWER_LEVELS, IN_PROGRESS
from loaders.report import IndicatorValue, Report, SatisfactionRow, SelfScore, Task
from storage import schema
from storage.submissions import _RECORD_COLUMNS, _record_rows


def _report() -> Report:
    """One record of each kind, every field a value found nowhere else."""
    task = Task(11, "TTHC", "Niêm yết", "139/KH", date(2026, 3, 31), IN_PROGRESS, date(2026, 3, 1), "ev", "ghi chú")
    return Report(
        file_name="a.xlsx",
        tasks=[task],
        indicators=[IndicatorValue(12, "TTHC_DUNG_HAN", 7.0, 9.0, "chỉ tiêu")],
        satisfaction=[SatisfactionRow(13, "TIEP_CAN", 100, (1, 2, 3, 40, 54))],
        self_assessment=[SelfScore(14, "CDDH", 10.0, 8.5, 9.0, "tự chấm")],
    )


def test_every_record_table_takes_its_columns_from_the_schema():
    for name, columns in _RECORD_COLUMNS.items():
        assert columns == tuple(c.name for c in getattr(schema, name).c if c.name != "id")


def test_each_stored_value_lands_in_the_column_of_its_name():
    report = _report()
    records = {
        "tasks": report.tasks[0],
        "indicator_values": report.indicators[0],
        "satisfaction": report.satisfaction[0],
        "self_scores": report.self_assessment[0],
    }
    for table_name, rows in _record_rows(99, report, lambda day: day):
        (row,) = rows
        stored = dict(zip(_RECORD_COLUMNS[table_name], row, strict=True))
        record = records[table_name]
        own = {f.name: getattr(record, f.name) for f in fields(record) if f.name != "levels"}
        expected = {"submission_id": 99, **own}
        if table_name == "satisfaction":
            expected |= dict(zip(ANSWER_LEVELS, record.levels, strict=True))
        if table_name == "tasks":  # derived from the content, to follow the task across quarters
            expected["content_key"] = content_key(record.content)
        assert stored == expected, table_name
