"""The PAR year on a report's verdict: a self-assessed point above 0 needs evidence or an explanation, and a year
whose appraisal is final takes no new self-assessment.

Checked before a report is stored, as linking to the plan is (pipeline.ingest, the upload page);
the appraisal page flags the same points (metrics.appraisal). Imports no pandas: ingesting never needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import Engine

from core.frameworks import framework_for
from core.periods import period_from_code
from loaders.contract import SELF_ASSESSMENT
from loaders.problems import WARNING, problem
from loaders.report import Report
from storage.par_appraisal import FINAL, evidence_targets, year_states


@dataclass
class EvidenceBook:
    """The fields and criteria with evidence, read once per year for a whole batch of reports."""

    engine: Engine
    _years: dict[int, dict[str, set[str]]] = field(default_factory=dict)
    _states: dict[int, dict[str, str]] = field(default_factory=dict)

    def targets(self, unit_code: str, year: int) -> set[str]:
        if year not in self._years:
            self._years[year] = evidence_targets(self.engine, year)
        return self._years[year].get(unit_code, set())

    def final(self, unit_code: str, year: int) -> bool:
        """Whether the unit's PAR year is final (its appraisal made, its self-assessment no longer open)."""
        if year not in self._states:
            self._states[year] = year_states(self.engine, year)
        return self._states[year].get(unit_code) == FINAL


def warn_unsupported(report: Report, book: EvidenceBook) -> Report:
    """The report with a warning on each self-assessed point above 0 that has neither evidence attached (to its
    criterion or its field) nor an explanation: the framework's rule, which the appraisal page shows too."""
    if not report.accepted or not report.unit_code or not report.period or not report.self_assessment:
        return report
    year = period_from_code(report.period).year
    if book.final(report.unit_code, year):  # the appraised self-assessment stays the year's
        closed = problem("par-year-final-self-assessment", sheet=SELF_ASSESSMENT.key, unit=report.unit_code, year=year)
        return replace(report, problems=[*report.problems, closed])
    attached = book.targets(report.unit_code, year)
    found = []
    for score in report.self_assessment:
        backed = {score.field} | ({score.criterion} | _above(score.criterion, year) if score.criterion else set())
        if score.self_points > 0 and not score.explanation and not (backed & attached):
            found.append(problem("points-without-evidence", severity=WARNING, sheet=SELF_ASSESSMENT.key,
                                 row=score.row, column=SELF_ASSESSMENT.column("self_points").label,
                                 item=score.criterion or score.field, points=score.self_points))  # fmt: skip
    return replace(report, problems=[*report.problems, *found]) if found else report


def _above(code: str, year: int) -> set[str]:
    framework = framework_for(year)
    found: set[str] = set()
    while code in framework and (parent := framework[code].parent) is not None:
        found.add(parent)
        code = parent
    return found
