"""What a validated workbook holds: one unit's report for one quarter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Named from here too by the loaders' callers (the codes themselves are core.vocabulary's).
from core.vocabulary import ANSWER_LEVELS as ANSWER_LEVELS
from core.vocabulary import DONE as DONE
from core.vocabulary import IN_PROGRESS as IN_PROGRESS
from core.vocabulary import NOT_STARTED as NOT_STARTED
from loaders.problems import Problem, has_errors


@dataclass(frozen=True)
class Task:
    row: int
    field: str  # PAR field code
    content: str
    plan: str | None
    deadline: date
    status: str  # DONE, IN_PROGRESS or NOT_STARTED
    done_on: date | None
    evidence: str | None
    note: str | None
    code: str | None = None  # Mã nhiệm vụ: as written, or the plan's code once linked (pipeline.linking)


@dataclass(frozen=True)
class IndicatorValue:
    row: int
    code: str
    result: float
    total: float | None
    note: str | None


@dataclass(frozen=True)
class SatisfactionRow:
    row: int
    dimension: str
    answers: int
    levels: tuple[int, int, int, int, int]  # in ANSWER_LEVELS order


@dataclass(frozen=True)
class SelfScore:
    row: int
    field: str
    max_points: float  # the framework's maximum of the field, or of the criterion when one is named
    self_points: float
    appraised_points: float | None
    note: str | None
    criterion: str | None = None  # a criterion (or sub-criterion) of the year's framework; None: the whole field
    explanation: str | None = None  # Giải trình: why the points, where the evidence is not (yet) attached


@dataclass
class Report:
    """The loader's answer for one file; the lists are empty when it could not be read."""

    file_name: str
    unit_code: str | None = None
    unit_name: str | None = None
    period: str | None = None  # canonical code, e.g. "2023-Q2"
    prepared_by: str | None = None
    prepared_on: date | None = None
    tasks: list[Task] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)
    satisfaction: list[SatisfactionRow] = field(default_factory=list)
    self_assessment: list[SelfScore] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not has_errors(self.problems)

    def counts(self) -> dict[str, int]:
        return {
            "tasks": len(self.tasks),
            "indicators": len(self.indicators),
            "satisfaction": len(self.satisfaction),
            "self_assessment": len(self.self_assessment),
        }
