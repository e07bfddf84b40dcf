"""Realistic quarterly CCHC report workbooks for the demo, the samples and the benchmark.

Deterministic: everything comes from the `random.Random` passed in (and from the
unit code for the school's own habits), never from the clock. A report is first
drawn as plain data (`ReportData`), then rendered into an .xlsx in one of the
layouts schools really use (`STYLES`); `bad_variants` makes the usual mistakes.
"""

from __future__ import annotations

import copy
import io
import random
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.catalogs import Catalogs, default_catalogs
from core.frameworks import framework_for
from core.periods import ROMAN, Period
from core.text import fold_key
from core.vocabulary import ANSWER_LEVELS, COUNT, DONE, IN_PROGRESS, NOT_STARTED, RATE, TASK_STATUSES
from loaders import contract as c

FIRST_QUARTER = Period(2025, 1)  # the trend of the demo counts quarters from here
PLACE = "Sông Xanh"
PARENT = "ỦY BAN NHÂN DÂN PHƯỜNG SÔNG XANH"
FORMER_PARENT = "ỦY BAN NHÂN DÂN QUẬN SÔNG XANH"  # before the 7/2025 reform
REFORM_DAY = date(2025, 7, 1)

# ---------------------------------------------------------------- what schools write

# (task text, evidence kind) by PAR field; texts follow the seeds' plans.
TASKS: dict[str, list[tuple[str, str]]] = {
    "CDDH": [
        ("Xây dựng, ban hành Kế hoạch cải cách hành chính năm {year} của nhà trường", "KH"),
        ("Xây dựng Kế hoạch cải thiện Chỉ số cải cách hành chính (PAR Index) và nâng cao sự hài lòng năm {year}", "KH"),
        ("Xây dựng Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {year}", "KH"),
        ("Báo cáo kết quả thực hiện công tác cải cách hành chính {quarter}", "BC"),
        ("Lồng ghép nội dung cải cách hành chính vào cuộc họp hội đồng sư phạm định kỳ", "BB"),
        ("Kiện toàn Ban chỉ đạo cải cách hành chính của nhà trường năm học {school_year}", "QĐ"),
        ("Tự kiểm tra công tác cải cách hành chính tại đơn vị", "BB"),
        ("Viết tin bài tuyên truyền về công tác cải cách hành chính trên trang thông tin điện tử của trường", "TB"),
    ],
    "THECHE": [
        ("Rà soát, sửa đổi Quy chế chi tiêu nội bộ năm {year}", "QĐ"),
        ("Rà soát, cập nhật Quy chế làm việc và Quy chế thực hiện dân chủ ở cơ sở", "QĐ"),
        ("Rà soát văn bản do nhà trường ban hành, đề xuất sửa đổi, bãi bỏ văn bản không còn phù hợp", "BC"),
        ("Phổ biến văn bản quy phạm pháp luật mới đến cán bộ, giáo viên, nhân viên", "BB"),
        ("Cập nhật nội quy, quy tắc ứng xử trong nhà trường năm học {school_year}", "QĐ"),
    ],
    "TTHC": [
        ("Niêm yết công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả của trường", "HA"),
        ("Giải quyết hồ sơ chuyển trường, xác nhận học bạ đúng thời gian quy định", "SO"),
        ("Xử lý phản ánh, kiến nghị của cá nhân, tổ chức đối với thủ tục hành chính đúng thời hạn", "SO"),
        ("Hướng dẫn cha mẹ học sinh nộp hồ sơ tuyển sinh đầu cấp trực tuyến", "TB"),
        ("Rà soát, đề xuất đơn giản hóa thủ tục hành chính không còn phù hợp", "BC"),
        ("Công khai kết quả giải quyết thủ tục hành chính trên trang thông tin điện tử", "TB"),
        ("Tiếp nhận và trả kết quả thủ tục hành chính qua dịch vụ bưu chính công ích", "SO"),
    ],
    "BOMAY": [
        ("Rà soát chức năng, nhiệm vụ của các tổ chuyên môn, tổ văn phòng", "QĐ"),
        ("Cập nhật Đề án vị trí việc làm của nhà trường", "BC"),
        ("Kiện toàn tổ chức bộ máy sau sắp xếp đơn vị hành chính cấp xã", "QĐ"),
        ("Phân công nhiệm vụ cán bộ, giáo viên, nhân viên năm học {school_year}", "QĐ"),
        ("Rà soát, bố trí nhân sự Bộ phận tiếp nhận và trả kết quả", "QĐ"),
    ],
    "CONGVU": [
        ("Đánh giá, xếp loại viên chức, người lao động {quarter}", "BB"),
        ("Cử cán bộ, giáo viên dự tập huấn nghiệp vụ cải cách hành chính", "QĐ"),
        ("Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính trong nhà trường", "BB"),
        ("Nhắc nhở viên chức tăng cường sử dụng hộp thư điện tử công vụ trong trao đổi công việc", "BB"),
        ("Rà soát tài khoản thư điện tử công vụ của viên chức chuyển công tác, nghỉ hưu", "BC"),
        ("Thực hiện quy tắc ứng xử của cán bộ, giáo viên, nhân viên với cha mẹ học sinh", "BB"),
    ],
    "TAICHINH": [
        ("Báo cáo đánh giá hiệu quả thực hiện Quy chế chi tiêu nội bộ", "BC"),
        ("Công khai dự toán, quyết toán ngân sách theo quy định", "HA"),
        ("Vận động cha mẹ học sinh không sử dụng tiền mặt khi đóng học phí, các khoản thu", "TB"),
        ("Giải ngân kế hoạch vốn ngân sách nhà nước theo tiến độ (trên 90%)", "BC"),
        ("Kiểm kê, quản lý tài sản công của nhà trường", "BB"),
        ("Thực hiện cơ chế tự chủ tài chính theo Nghị định 60/2021/NĐ-CP", "BC"),
    ],
    "CDS": [
        ("Ký số văn bản đi trên phần mềm quản lý văn bản và điều hành", "SO"),
        ("Cập nhật cơ sở dữ liệu ngành giáo dục đúng thời hạn", "BC"),
        ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "BC"),
        ("Cập nhật tin bài lên trang thông tin điện tử của nhà trường", "TB"),
        ("Triển khai thu học phí không dùng tiền mặt qua ngân hàng, ví điện tử", "BC"),
        ("Triển khai học bạ số, sổ liên lạc điện tử", "BC"),
        ("Bồi dưỡng kỹ năng số cho cán bộ, giáo viên, nhân viên", "KH"),
    ],
    "TACDONG": [
        ("Khảo sát sự hài lòng của cha mẹ học sinh đối với sự phục vụ của nhà trường {quarter}", "BC"),
        ("Tổ chức đối thoại giữa Hiệu trưởng với cha mẹ học sinh", "BB"),
        ("Công khai hộp thư góp ý, đường dây nóng tiếp nhận phản ánh, kiến nghị", "HA"),
        ("Tổng hợp kết quả khảo sát, đề ra giải pháp khắc phục hạn chế", "BC"),
        ("Tuyên truyền về tầm quan trọng của cải cách hành chính đến cha mẹ học sinh", "TB"),
    ],
}
EXTRA_WEIGHT = {"CDDH": 3, "THECHE": 1, "TTHC": 3, "BOMAY": 1, "CONGVU": 2, "TAICHINH": 2, "CDS": 3, "TACDONG": 2}
EVIDENCE = {
    "KH": "Kế hoạch số {n}/KH-{abbr}",
    "BC": "Báo cáo số {n}/BC-{abbr}",
    "QĐ": "Quyết định số {n}/QĐ-{abbr}",
    "BB": "Biên bản họp số {n}/BB-{abbr}",
    "TB": "Tin bài trên trang thông tin điện tử của trường",
    "HA": "Hình ảnh niêm yết, công khai tại trường",
    "SO": "Sổ theo dõi, phần mềm một cửa",
}
NOTES_PENDING = ("Chuyển sang quý sau", "Chờ hướng dẫn của {office}", "Đã triển khai một phần", "")
DEADLINE_DAYS = (5, 10, 15, 20, 25, 28, 30, 31)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Thị", "Văn", "Ngọc", "Minh", "Thanh", "Hoàng", "Thị Kim", "Hữu")
GIVEN = ("Lan", "Hương", "Hoa", "Tuấn", "Dũng", "Mai", "Hạnh", "Phúc", "Nga", "Thảo", "Bình", "Châu", "Yến", "Sơn")
LEVEL_SIZE = {"Mầm non": (30, 120, 22, 40), "Tiểu học": (80, 300, 40, 75), "THCS": (60, 250, 45, 85)}

# Tasks a school does all year long, written `Thường xuyên` or `Hằng quý` in most plans.
PLAN_RECURRING = {
    "Lồng ghép nội dung cải cách hành chính vào cuộc họp hội đồng sư phạm định kỳ": "Hằng quý",
    "Tự kiểm tra công tác cải cách hành chính tại đơn vị": "Hằng quý",
    "Viết tin bài tuyên truyền về công tác cải cách hành chính trên trang thông tin điện tử của trường": "Hằng quý",
    "Phổ biến văn bản quy phạm pháp luật mới đến cán bộ, giáo viên, nhân viên": "Thường xuyên",
    "Niêm yết công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả của trường": "Thường xuyên",
    "Giải quyết hồ sơ chuyển trường, xác nhận học bạ đúng thời gian quy định": "Thường xuyên",
    "Xử lý phản ánh, kiến nghị của cá nhân, tổ chức đối với thủ tục hành chính đúng thời hạn": "Thường xuyên",
    "Tiếp nhận và trả kết quả thủ tục hành chính qua dịch vụ bưu chính công ích": "Thường xuyên",
    "Nhắc nhở viên chức tăng cường sử dụng hộp thư điện tử công vụ trong trao đổi công việc": "Thường xuyên",
    "Thực hiện quy tắc ứng xử của cán bộ, giáo viên, nhân viên với cha mẹ học sinh": "Thường xuyên",
    "Ký số văn bản đi trên phần mềm quản lý văn bản và điều hành": "Thường xuyên",
    "Cập nhật cơ sở dữ liệu ngành giáo dục đúng thời hạn": "Thường xuyên",
    "Cập nhật tin bài lên trang thông tin điện tử của nhà trường": "Hằng quý",
    "Công khai kết quả giải quyết thủ tục hành chính trên trang thông tin điện tử": "Hằng quý",
}
# Who does it in a plan, by PAR field: the roles schools write in the plan's column.
PLAN_WHO = {
    "CDDH": ("Hiệu trưởng", "Ban chỉ đạo CCHC", "Phó Hiệu trưởng"),
    "THECHE": ("Hiệu trưởng", "Phó Hiệu trưởng", "Tổ Văn phòng"),
    "TTHC": ("Bộ phận tiếp nhận và trả kết quả", "Văn thư", "Phó Hiệu trưởng"),
    "BOMAY": ("Hiệu trưởng", "Hiệu trưởng; Chủ tịch Công đoàn"),
    "CONGVU": ("Hiệu trưởng", "Phó Hiệu trưởng", "Tổ trưởng chuyên môn"),
    "TAICHINH": ("Kế toán", "Hiệu trưởng; Kế toán"),
    "CDS": ("Tổ Công nghệ thông tin", "Văn thư", "Phó Hiệu trưởng"),
    "TACDONG": ("Phó Hiệu trưởng", "Ban đại diện cha mẹ học sinh", "Giáo viên chủ nhiệm"),
}
PLAN_PRODUCT = {
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "QĐ": "Quyết định",
    "BB": "Biên bản",
    "TB": "Tin bài trên trang thông tin điện tử",
    "HA": "Hình ảnh niêm yết, công khai",
    "SO": "Sổ theo dõi",
}
# Thời hạn of a dated plan task, as schools write it, with how often each form is written.
PLAN_DEADLINES = {
    "trước ngày {day:%d/%m/%Y}": 4,
    "{day:%d/%m/%Y}": 1,
    "Quý {quarter}/{year}": 3,
    "Tháng {day.month}/{year}": 2,
    "trong năm {year}": 1,
}


# ---------------------------------------------------------------- the report as data


@dataclass
class TaskLine:
    field: str  # PAR field code
    content: str
    plan: str
    deadline: date | str  # a str is written as typed (a bad variant)
    status: str  # "done", "in_progress", "not_started", or a literal spelling
    done_on: date | None
    evidence: str
    note: str


@dataclass
class IndicatorLine:
    code: str
    result: float
    total: float | None
    note: str = ""


@dataclass
class SurveyLine:
    dimension: str
    answers: int
    levels: list[int]


@dataclass
class ScoreLine:
    field: str
    max_points: float
    self_points: float
    appraised: float | None
    criterion: str | None = None  # a criterion (or sub-criterion) of the year's framework; None: the whole field


@dataclass
class ReportData:
    unit: dict[str, str]
    period: Period
    prepared_by: str
    principal: str
    prepared_on: date
    number: int  # the report's document number, e.g. 25/BC-THKĐ
    tasks: list[TaskLine]
    indicators: list[IndicatorLine]
    survey: list[SurveyLine]
    scores: list[ScoreLine]


@dataclass(frozen=True)
class Profile:
    """A school's habits, fixed by its code: skill, size, people and layout."""

    skill: float  # propensity to finish tasks and satisfy parents, 0..1
    tasks: int
    staff: int
    pupils: int
    prepared_by: str
    principal: str
    style: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def profile(unit: dict[str, str]) -> Profile:
    rng = random.Random(f"profile:{unit['ma_don_vi']}")
    tier = rng.random()
    skill = (
        rng.uniform(0.45, 0.6) if tier < 0.2 else rng.uniform(0.88, 0.96) if tier > 0.75 else rng.uniform(0.65, 0.82)
    )
    low, high, staff_low, staff_high = LEVEL_SIZE.get(unit.get("cap_hoc", ""), LEVEL_SIZE["Tiểu học"])
    style = rng.choices(STYLE_NAMES, weights=(40, 30, 15, 15))[0]
    return Profile(
        skill,
        rng.randint(10, 18),
        rng.randint(staff_low, staff_high),
        rng.randint(low, high),
        _person(rng),
        _person(rng),
        style,
    )


def unit_style(unit: dict[str, str]) -> str:
    """The layout this school keeps quarter after quarter."""
    return profile(unit).style


def skill_in(unit: dict[str, str], period: Period) -> float:
    """The school's skill that quarter: schools improve a little each quarter."""
    quarters = (period.year - FIRST_QUARTER.year) * 4 + period.quarter - FIRST_QUARTER.quarter
    return min(0.98, profile(unit).skill + 0.03 * max(quarters, 0))


def abbreviation(name: str) -> str:
    """`Trường Tiểu học Kim Đồng` → `THKĐ`, as schools sign 139/KH-THLQĐ."""
    words = name.split()[1:]  # drop "Trường"
    level = {"Mầm": "MN", "Mẫu": "MG", "Tiểu": "TH", "THCS": "THCS"}.get(words[0], "")
    skip = 1 if level == "THCS" else 2
    return level + "".join(w[0].upper() for w in words[skip:])


def school_year(day: date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def report_data(
    unit: dict[str, str],
    period: Period,
    rng: random.Random,
    *,
    prepared_on: date | None = None,
    by_criteria: bool = False,
) -> ReportData:
    """One school's quarter drawn as data; `prepared_on` defaults to mid last month.

    `by_criteria`: the self-assessment scores the criteria of the year's framework
    (core.frameworks) rather than whole fields, the same points spread over them.
    """
    person = profile(unit)
    day = prepared_on or date(period.year, 3 * period.quarter, rng.randint(8, 18))
    skill = skill_in(unit, period)
    data = ReportData(
        unit=unit,
        period=period,
        prepared_by=person.prepared_by,
        principal=person.principal,
        prepared_on=day,
        number=rng.randint(12, 140),
        tasks=_tasks(unit, period, rng, skill, day),
        indicators=_indicators(unit, period, rng, skill),
        survey=_survey(unit, rng, skill),
        scores=_scores(period, rng, skill),
    )
    if by_criteria:
        data.scores = criteria_scores(unit, period, data.scores, data.survey)
    return data


def _field_counts(rng: random.Random, total: int) -> dict[str, int]:
    counts = dict.fromkeys(TASKS, 1)
    while sum(counts.values()) < total:
        open_fields = [f for f in TASKS if counts[f] < len(TASKS[f])]
        chosen = rng.choices(open_fields, weights=[EXTRA_WEIGHT[f] for f in open_fields])[0]
        counts[chosen] += 1
    return counts


def plan_numbers(unit: dict[str, str], year: int) -> list[str]:
    rng = random.Random(f"plans:{unit['ma_don_vi']}:{year}")
    abbr = abbreviation(unit["ten_don_vi"])
    return [f"{rng.randint(5, 60)}/KH-{abbr}", f"{rng.randint(61, 160)}/KH-{abbr}"]


def task_words(period: Period) -> dict[str, object]:
    """What fills a task text's {year}, {quarter} and {school_year} in a report of `period`."""
    return {
        "year": period.year,
        "quarter": f"quý {ROMAN[period.quarter]}/{period.year}",
        "school_year": school_year(period.first_day),
    }


def plan_deadline(day: date, year: int, rng: random.Random) -> str:
    """Thời hạn of a plan task due on `day`, written as one of the ways schools write it."""
    form = rng.choices(list(PLAN_DEADLINES), weights=list(PLAN_DEADLINES.values()))[0]
    return form.format(day=day, year=year, quarter=ROMAN[(day.month - 1) // 3 + 1])


def quarter_deadline(day: date, year: int) -> str:
    """`Quý II/2026`: the quarter of `day`, in the plan's year."""
    return f"Quý {ROMAN[(day.month - 1) // 3 + 1]}/{year}"


def _tasks(unit: dict[str, str], period: Period, rng: random.Random, skill: float, day: date) -> list[TaskLine]:
    total = max(8, min(25, profile(unit).tasks + rng.randint(-2, 5)))
    words = task_words(period)
    plans = plan_numbers(unit, period.year)
    lines = []
    for code, count in _field_counts(rng, total).items():
        for text, evidence in rng.sample(TASKS[code], count):
            deadline = _deadline(period, rng)
            status, done_on = _progress(period, rng, skill, deadline, day)
            lines.append(
                TaskLine(
                    code,
                    text.format(**words),
                    plans[0] if evidence != "KH" and rng.random() < 0.7 else plans[1],
                    deadline,
                    status,
                    done_on,
                    _evidence(unit, rng, evidence) if status == DONE else "",
                    _note(period, rng) if status != DONE and rng.random() < 0.4 else "",
                )
            )
    return lines


def _note(period: Period, rng: random.Random) -> str:
    office = "Phòng Giáo dục và Đào tạo" if period.last_day < REFORM_DAY else "UBND phường"
    return rng.choice(NOTES_PENDING).format(office=office)


def _deadline(period: Period, rng: random.Random) -> date:
    """A deadline in the quarter, sometimes carried over from the quarter before."""
    months = [3 * period.quarter - 2, 3 * period.quarter - 1, 3 * period.quarter]
    year, month = period.year, rng.choice(months)
    if rng.random() < 0.12:
        earlier = period.shift(-1)
        year, month = earlier.year, 3 * earlier.quarter
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(rng.choice(DEADLINE_DAYS), last))


def _progress(period: Period, rng: random.Random, skill: float, deadline: date, day: date) -> tuple[str, date | None]:
    due = deadline <= day
    if rng.random() < (skill if due else skill * 0.35):
        return DONE, _done_on(period, rng, skill, deadline, day)
    return (IN_PROGRESS if due or rng.random() < 0.6 else NOT_STARTED), None


def _done_on(period: Period, rng: random.Random, skill: float, deadline: date, day: date) -> date:
    earliest = period.first_day - timedelta(days=20)
    if deadline < day and rng.random() < (1 - skill) * 0.9:
        done = deadline + timedelta(days=rng.randint(1, 20))  # finished late
    else:
        done = deadline - timedelta(days=rng.randint(0, 14))
    return max(earliest, min(done, day))


def _evidence(unit: dict[str, str], rng: random.Random, kind: str) -> str:
    return EVIDENCE[kind].format(n=rng.randint(3, 180), abbr=abbreviation(unit["ten_don_vi"]))


def _rate(rng: random.Random, total: int, low: float, high: float) -> tuple[int, int]:
    return min(total, round(total * rng.uniform(low, high))), total


def _indicators(unit: dict[str, str], period: Period, rng: random.Random, skill: float) -> list[IndicatorLine]:
    person = profile(unit)
    files = rng.randint(4, 40)
    received = files + rng.randint(0, 6)
    pakn = rng.choice((0, 0, 1, 2, 3, 5))
    budget = round(rng.uniform(300, 2500), 1)  # triệu đồng
    spent = round(budget * min(1.0, 0.24 * period.quarter * rng.uniform(0.85, 1.05)), 1)
    payments = person.pupils * rng.randint(1, 3)
    values = {
        "TTHC_DUNG_HAN": _rate(rng, files, 0.9 + 0.1 * skill, 1.0),
        "TTHC_TRUC_TUYEN": _rate(rng, received, 0.55 + 0.2 * skill, 0.7 + 0.25 * skill),
        "PAKN_DUNG_HAN": _rate(rng, pakn, 0.6 + 0.4 * skill, 1.0),
        "EMAIL_CONG_VU": _rate(rng, person.staff, 0.88 + 0.08 * skill, 1.0),
        "KHONG_TIEN_MAT": _rate(rng, payments, 0.6 + 0.3 * skill, 0.85 + 0.15 * skill),
        "GIAI_NGAN": (spent, budget),
        "BAO_CAO_DUNG_HAN": _rate(rng, rng.randint(6, 15), 0.7 + 0.3 * skill, 1.0),
        "TIN_BAI_CCHC": (rng.randint(0, 3) + round(5 * skill * rng.random()), None),
        "TAP_HUAN_CCHC": (rng.randint(0, person.staff // 2), None),
    }
    lines = []
    for code in _catalogs().indicators.codes():
        result, total = values.get(code, (rng.randint(0, 10), None))
        note = "Không phát sinh" if total == 0 else ""
        lines.append(IndicatorLine(code, result, total, note))
    return lines


def _survey(unit: dict[str, str], rng: random.Random, skill: float) -> list[SurveyLine]:
    answers = max(30, min(300, round(profile(unit).pupils * rng.uniform(0.6, 1.0))))
    satisfied = 0.62 + 0.33 * skill
    weights = (0.15 * (1 - satisfied), 0.85 * (1 - satisfied) * 0.4, 0.85 * (1 - satisfied) * 0.6)
    lines = []
    for code in _catalogs().dimensions.codes():
        count = max(30, answers - (rng.randint(0, answers // 10) if rng.random() < 0.4 else 0))
        share = min(0.99, satisfied + rng.uniform(-0.06, 0.04))
        very = rng.uniform(0.35, 0.6)
        probabilities = (*weights, share * (1 - very), share * very)
        levels = [0] * 5
        for pick in rng.choices(range(5), weights=probabilities, k=count):
            levels[pick] += 1
        lines.append(SurveyLine(code, count, levels))
    return lines


def _scores(period: Period, rng: random.Random, skill: float) -> list[ScoreLine]:
    lines = []
    for item in _catalogs().par_fields:
        share = min(1.0, max(0.3, 0.55 + 0.4 * skill + rng.uniform(-0.08, 0.06)))
        points = round(item.max_points * share * 4) / 4
        appraised = None
        if period.quarter == 4 and rng.random() < 0.5:
            appraised = max(0.0, points - rng.choice((0, 0, 0.25, 0.5, 1.0)))
        lines.append(ScoreLine(item.code, item.max_points, points, appraised))
    return lines


def criteria_scores(
    unit: dict[str, str], period: Period, lines: list[ScoreLine], survey: list[SurveyLine]
) -> list[ScoreLine]:
    """Each field's points spread over its criteria (sub-criteria where a criterion has them) of the year's framework.

    Drawn from a generator of their own, so that a report's other figures stay as they were.
    A sub-criterion named as a survey factor takes the share of parents satisfied in that
    factor; the others are drawn around the field's share, then moved a quarter point at a
    time until the field's total is the field's points again (where they can be).
    """
    framework = framework_for(period.year)
    rng = random.Random(f"criteria:{unit['ma_don_vi']}:{period.code}")
    satisfied = _satisfied_by_name(survey)
    scored: list[ScoreLine] = []
    for line in lines:
        items = framework.scored(line.field) if line.field in framework else []
        if not items or items == [framework[line.field]]:
            scored.append(line)
            continue
        field_max = framework[line.field].max_points
        target = _quarters(line.self_points * field_max / line.max_points)
        share = target / field_max
        points: dict[str, float] = {}
        for item in items:
            own = satisfied.get(fold_key(item.name))
            drawn = own if own is not None else min(1.0, max(0.0, share + rng.uniform(-0.12, 0.08)))
            points[item.code] = min(item.max_points, _quarters(item.max_points * drawn))
        free = [item for item in items if fold_key(item.name) not in satisfied]
        while abs(gap := target - sum(points.values())) >= 0.25:
            step = 0.25 if gap > 0 else -0.25
            movable = [i for i in free if 0 <= points[i.code] + step <= i.max_points]
            if not movable:
                break
            points[rng.choice(movable).code] += step
        scored.extend(ScoreLine(line.field, i.max_points, points[i.code], None, i.code) for i in items)
    return scored


def _quarters(points: float) -> float:
    return round(points * 4) / 4


def _satisfied_by_name(survey: list[SurveyLine]) -> dict[str, float]:
    """Survey factor's name (folded) → the share of its answers that are satisfied or very satisfied."""
    dimensions = _catalogs().dimensions
    return {fold_key(dimensions[s.dimension].name): sum(s.levels[3:]) / s.answers for s in survey if s.answers}


def revised(data: ReportData, rng: random.Random, days: int = 3) -> ReportData:
    """A corrected second version: a few more tasks finished, a figure fixed, a later date."""
    later = data.prepared_on + timedelta(days=days)
    new = copy.deepcopy(data)
    new.prepared_on = later
    pending = [t for t in new.tasks if t.status != DONE and isinstance(t.deadline, date) and t.deadline <= later]
    for task in rng.sample(pending, min(len(pending), 2)):
        task.status, task.done_on = DONE, min(later, max(task.deadline, data.prepared_on))
        task.evidence, task.note = _evidence(data.unit, rng, "BC"), "Cập nhật khi gửi lại"
    first = new.indicators[0]
    if first.total:
        first.result = min(first.total, first.result + 1)
    return new


# ---------------------------------------------------------------- slips the office should look at twice


def copied_from(data: ReportData, other: ReportData) -> ReportData:
    """The report with `other`'s tasks and indicator figures pasted in: another school's report sent as its own.

    The school's own ThongTin (code, name, who, when), survey and self-assessment stay.
    """
    new = copy.deepcopy(data)
    new.tasks, new.indicators = copy.deepcopy(other.tasks), copy.deepcopy(other.indicators)
    return new


def survey_pasted(data: ReportData, earlier: ReportData) -> ReportData:
    """The report with the survey counts of `earlier` (its school's report of the quarter before), unchanged."""
    new = copy.deepcopy(data)
    new.survey = copy.deepcopy(earlier.survey)
    return new


def extra_zeros(data: ReportData, code: str) -> ReportData:
    """The report with one indicator typed with three extra zeros: a rate's Tổng số, a count's Kết quả."""
    new = copy.deepcopy(data)
    line = next(i for i in new.indicators if i.code == code)
    if line.total:
        line.total = line.total * 1000
    else:
        line.result = line.result * 1000
    return new


def _catalogs() -> Catalogs:
    return default_catalogs()


# ---------------------------------------------------------------- layouts


@dataclass(frozen=True)
class Layout:
    """How a school lays out its workbook; every layout is valid per the contract."""

    name: str
    sheet_names: dict[str, str]  # contract key → the sheet's name in the file
    columns: dict[str, tuple[str, ...]]  # contract key → column keys in file order
    labels: dict[str, str] = field(default_factory=dict)  # "Sheet.column" → header text, else the contract label
    official: bool = False  # NĐ 30 title block above tables, signature below
    numbering: bool = False  # (1), (2)… under the header
    sections: bool = False  # I, II… rows by PAR field
    date_text: Callable[[date], str] | None = None  # None: real Excel dates
    field_by_name: bool = False
    status_words: tuple[str, str, str] = ("Hoàn thành", "Đang thực hiện", "Chưa thực hiện")
    period_text: Callable[[Period], str] = lambda p: p.label
    self_assessment: bool = True
    two_row_levels: bool = False  # "Mức độ hài lòng" merged over the five levels
    guide_sheet: bool = False
    nfd: bool = False  # text typed in decomposed Unicode
    text_numbers: bool = False  # numbers typed as Vietnamese text: 1.234,5
    prenumbered: int = 0  # empty rows carrying only an STT, below the tasks
    first_column: int = 1


def _keys(sheet: c.Sheet, *skip: str) -> tuple[str, ...]:
    return tuple(col.key for col in sheet.columns if col.key not in skip)


def _default_names() -> dict[str, str]:
    return {s.key: s.key for s in c.SHEETS}


TEMPLATE = Layout(
    name="template",
    sheet_names=_default_names(),
    columns={s.key: _keys(s) for s in c.SHEETS},
    prenumbered=6,
)
OFFICIAL = Layout(
    name="official",
    sheet_names={s.key: s.title for s in c.SHEETS},
    columns={
        "ThongTin": _keys(c.INFO),
        "NhiemVu": ("stt", "content", "field", "plan", "deadline", "done_on", "status", "evidence", "note"),
        "ChiTieu": ("stt", "code", "name", "result", "total", "note"),
        "HaiLong": _keys(c.SATISFACTION),
        "TuDanhGia": _keys(c.SELF_ASSESSMENT),
    },
    labels={
        "NhiemVu.deadline": "Thời hạn\nhoàn thành",
        "NhiemVu.status": "Trạng thái (*)",
        "NhiemVu.content": "Nội dung nhiệm vụ (*)",
        "HaiLong.answers": "Số phiếu\nhợp lệ",
    },
    official=True,
    numbering=True,
    sections=True,
    date_text=lambda d: f"{d:%d/%m/%Y}",
    field_by_name=True,
    period_text=lambda p: f"Quý {ROMAN[p.quarter]} năm {p.year}",
    two_row_levels=True,
    first_column=1,
)
REORDERED = Layout(
    name="reordered",
    sheet_names={"ThongTin": "Thong tin", "NhiemVu": "Nhiệm vụ", "ChiTieu": "CHI TIEU", "HaiLong": "Hài lòng"},
    columns={
        "ThongTin": _keys(c.INFO),
        "NhiemVu": ("stt", "content", "field", "plan", "deadline", "status", "done_on", "evidence"),
        "ChiTieu": ("stt", "code", "name", "total", "result", "note"),
        "HaiLong": (
            "stt",
            "dimension",
            "answers",
            *reversed(ANSWER_LEVELS),  # best first, as some schools lay the survey out
        ),
    },
    labels={
        "ThongTin.unit_code": "Mã trường",
        "ThongTin.unit_name": "Tên trường",
        "ThongTin.period": "Quý báo cáo",
        "ThongTin.prepared_by": "Người báo cáo",
        "ThongTin.prepared_on": "Ngày báo cáo",
        "NhiemVu.stt": "TT",
        "NhiemVu.content": "Nội dung",
        "NhiemVu.field": "Lĩnh vực CCHC",
        "NhiemVu.plan": "Số kế hoạch",
        "NhiemVu.deadline": "Hạn hoàn thành",
        "NhiemVu.status": "Tình trạng",
        "NhiemVu.done_on": "Ngày HT",
        "NhiemVu.evidence": "Sản phẩm",
        "ChiTieu.code": "Mã CT",
        "ChiTieu.name": "Nội dung chỉ tiêu",
        "ChiTieu.total": "Mẫu số",
        "ChiTieu.result": "Tử số",
        "HaiLong.dimension": "Tiêu chí",
        "HaiLong.answers": "Tổng số phiếu",
    },
    date_text=lambda d: f"{d.day}/{d.month}/{d.year}",
    field_by_name=True,
    status_words=("Đã hoàn thành", "Đang triển khai", "Chưa triển khai"),
    period_text=lambda p: f"Quý {p.quarter}/{p.year}",
    self_assessment=False,
    first_column=2,
)
LIBRE = Layout(
    name="libre",
    sheet_names={"ThongTin": "thong tin", "NhiemVu": "nhiem vu", "ChiTieu": "chi tieu", "HaiLong": "hai long"}
    | {"TuDanhGia": "tu danh gia"},
    columns={s.key: _keys(s, "evidence") for s in c.SHEETS},
    date_text=lambda d: f"{d:%d-%m-%Y}",
    status_words=("hoàn thành", "đang thực hiện", "chưa thực hiện"),
    period_text=lambda p: f"Q{p.quarter}/{p.year}",
    guide_sheet=True,
    nfd=True,
    text_numbers=True,
)
STYLES: dict[str, Layout] = {layout.name: layout for layout in (TEMPLATE, OFFICIAL, REORDERED, LIBRE)}
STYLE_NAMES = tuple(STYLES)


# ---------------------------------------------------------------- rendering

BOLD = Font(name="Times New Roman", bold=True)
ITALIC = Font(name="Times New Roman", italic=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass
class Section:
    """A section row: a Roman numeral in STT, the field's name beside it."""

    mark: str
    title: str


Row = dict[str, object]


def render(data: ReportData, layout: Layout) -> bytes:
    """The report as an .xlsx file in the given layout."""
    book = Workbook()
    book.remove(book.active)
    info = book.create_sheet(layout.sheet_names["ThongTin"])
    _info_sheet(info, data, layout)
    for sheet, rows in _table_rows(data, layout):
        if sheet.key in layout.sheet_names:
            _table_sheet(book.create_sheet(layout.sheet_names[sheet.key]), sheet, rows, data, layout)
    if layout.guide_sheet:
        book.create_sheet(c.GUIDE_SHEET)["A1"] = "Điền theo hướng dẫn của Phòng Văn hóa – Xã hội phường."
    book.properties.creator = book.properties.lastModifiedBy = data.prepared_by
    buffer = io.BytesIO()
    book.save(buffer)
    saved = datetime.combine(data.prepared_on, time(16, 30))
    return stable_zip(buffer.getvalue(), saved)


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def stable_zip(content: bytes, when: datetime) -> bytes:
    """The same workbook with its clock readings (zip entries, docProps) set to `when`.

    openpyxl stamps the time of saving; fixing it makes a generated file depend
    on its seed only, so a rebuilt demo is byte-identical and git sees no change.
    """
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            target.writestr(zipfile.ZipInfo(entry.filename, when.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def report_workbook(
    unit: dict[str, str],
    period: Period,
    rng: random.Random,
    *,
    style: str = "template",
    prepared_on: date | None = None,
) -> bytes:
    """A realistic, valid report workbook for one school and one quarter."""
    return render(report_data(unit, period, rng, prepared_on=prepared_on), STYLES[style])


def _text(value: object, layout: Layout) -> object:
    if isinstance(value, str) and layout.nfd:
        return unicodedata.normalize("NFD", value)
    return value


def _cell_value(value: object, layout: Layout) -> object:
    if isinstance(value, date):
        return layout.date_text(value) if layout.date_text else datetime(value.year, value.month, value.day)
    if isinstance(value, float | int) and layout.text_numbers and not isinstance(value, bool):
        return _vietnamese_number(value)
    return _text(value, layout)


def _vietnamese_number(value: float) -> str:
    whole, _, decimals = f"{value:,.2f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", ".") + ("," + decimals if decimals else "")


def _put(ws: Worksheet, row: int, col: int, value: object, layout: Layout, font: Font | None = None) -> None:
    if value is None or value == "":
        return
    cell = ws.cell(row=row, column=col, value=_cell_value(value, layout))
    if isinstance(cell.value, datetime):
        cell.number_format = "dd/mm/yyyy"
    if font is not None:
        cell.font = font


def _school_upper(data: ReportData) -> str:
    return data.unit["ten_don_vi"].upper()


def _title_block(ws: Worksheet, data: ReportData, layout: Layout, width: int, title: str) -> int:
    """The NĐ 30 header: parent body and school on the left, the national motto on the right."""
    left, right = layout.first_column, layout.first_column + max(3, width // 2)
    parent = FORMER_PARENT if data.period.last_day < REFORM_DAY else PARENT
    abbr = abbreviation(data.unit["ten_don_vi"])
    _put(ws, 1, left, parent, layout)
    _put(ws, 1, right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", layout, BOLD)
    _put(ws, 2, left, _school_upper(data), layout, BOLD)
    _put(ws, 2, right, "Độc lập – Tự do – Hạnh phúc", layout, BOLD)
    _put(ws, 3, left, f"Số: {data.number}/BC-{abbr}", layout)
    _put(ws, 3, right, _date_line(data), layout, ITALIC)
    for row in (1, 2):
        ws.merge_cells(start_row=row, start_column=left, end_row=row, end_column=right - 1)
    _put(ws, 5, left, title, layout, BOLD)
    ws.merge_cells(start_row=5, start_column=left, end_row=5, end_column=left + width - 1)
    note = f"(Kèm theo Báo cáo số {data.number}/BC-{abbr} ngày {data.prepared_on:%d/%m/%Y})"
    _put(ws, 6, left, note, layout, ITALIC)
    return 8


def _date_line(data: ReportData) -> str:
    d = data.prepared_on
    return f"{PLACE}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _info_sheet(ws: Worksheet, data: ReportData, layout: Layout) -> None:
    quarter = f"QUÝ {ROMAN[data.period.quarter]} NĂM {data.period.year}"
    title = f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {quarter}"
    row = _title_block(ws, data, layout, 4, title) if layout.official else 3
    if not layout.official:
        _put(ws, 1, 1, "BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH", layout, BOLD)
    values = {
        "unit_code": data.unit["ma_don_vi"],
        "unit_name": data.unit["ten_don_vi"],
        "period": layout.period_text(data.period),
        "prepared_by": data.prepared_by,
        "prepared_on": data.prepared_on,
    }
    for key in layout.columns["ThongTin"]:
        _put(ws, row, 1, _label(layout, "ThongTin", key), layout, BOLD)
        _put(ws, row, 2, values[key], layout)
        row += 1
    if layout.official:
        _put(ws, row, 1, "Số điện thoại", layout, BOLD)
        _put(ws, row, 2, f"028 3{data.number * 7919 % 10_000_000:07d}", layout)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 22, 44


def _label(layout: Layout, sheet: str, key: str) -> str:
    return layout.labels.get(f"{sheet}.{key}") or next(s for s in c.SHEETS if s.key == sheet).column(key).label


def _table_rows(data: ReportData, layout: Layout) -> Iterator[tuple[c.Sheet, list[Row | Section]]]:
    yield c.TASKS, _task_rows(data, layout)
    yield c.INDICATORS, _indicator_rows(data, layout)
    yield c.SATISFACTION, _survey_rows(data)
    if layout.self_assessment:
        yield c.SELF_ASSESSMENT, _score_rows(data, layout)


def _field_text(code: str, layout: Layout) -> str:
    return _catalogs().par_fields[code].name if layout.field_by_name else code


def _status_text(status: str, layout: Layout) -> str:
    index = TASK_STATUSES.index(status) if status in TASK_STATUSES else None
    return status if index is None else layout.status_words[index]


def _task_rows(data: ReportData, layout: Layout) -> list[Row | Section]:
    rows: list[Row | Section] = []
    number = 0
    for section, code in enumerate(_catalogs().par_fields.codes(), start=1):
        tasks = sorted((t for t in data.tasks if t.field == code), key=_deadline_key)
        if layout.sections and tasks:
            rows.append(Section(ROMAN.get(section) or _roman(section), _catalogs().par_fields[code].name.upper()))
            number = 0
        for task in tasks:
            number += 1
            rows.append(_task_row(task, number, layout))
    return rows


def _deadline_key(task: TaskLine) -> str:
    return task.deadline.isoformat() if isinstance(task.deadline, date) else str(task.deadline)


def _roman(number: int) -> str:
    return {5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X"}.get(number, str(number))


def _task_row(task: TaskLine, number: int, layout: Layout) -> Row:
    return {
        "stt": number,
        "field": _field_text(task.field, layout),
        "content": task.content,
        "plan": task.plan,
        "deadline": task.deadline,
        "status": _status_text(task.status, layout),
        "done_on": task.done_on,
        "evidence": task.evidence,
        "note": task.note,
    }


def _indicator_rows(data: ReportData, layout: Layout) -> list[Row | Section]:
    rows: list[Row | Section] = []
    catalog = _catalogs().indicators
    for kind, mark, title in ((RATE, "A", "CHỈ TIÊU TỶ LỆ"), (COUNT, "B", "CHỈ TIÊU SỐ LƯỢNG")):
        lines = [line for line in data.indicators if catalog[line.code].kind == kind]
        if layout.sections and lines:
            rows.append(Section(mark, title))
        for line in lines:
            number = sum(isinstance(r, dict) for r in rows) + 1
            rows.append(
                {
                    "stt": number,
                    "code": line.code,
                    "name": catalog[line.code].name,
                    "result": line.result,
                    "total": line.total,
                    "note": line.note,
                }
            )
    return rows


def _survey_rows(data: ReportData) -> list[Row | Section]:
    keys = ANSWER_LEVELS
    rows: list[Row | Section] = []
    for number, line in enumerate(data.survey, start=1):
        name = _catalogs().dimensions[line.dimension].name
        rows.append(
            {"stt": number, "dimension": name, "answers": line.answers, **dict(zip(keys, line.levels, strict=True))}
        )
    return rows


# Giải trình as schools write it for a field's points (most rows explain; a few leave it, and get the warning).
EXPLANATIONS = {
    "CDDH": "Ban hành kế hoạch CCHC năm và báo cáo quý đúng hạn",
    "THECHE": "Rà soát quy chế chi tiêu nội bộ, quy chế dân chủ trong năm",
    "TTHC": "Niêm yết đầy đủ TTHC, giải quyết hồ sơ đúng hạn",
    "BOMAY": "Quyết định phân công nhiệm vụ các tổ, bộ phận",
    "CONGVU": "Đánh giá, xếp loại viên chức cuối năm học",
    "TAICHINH": "Công khai tài chính, quyết toán đúng quy định",
    "CDS": "Dùng thư điện tử công vụ, thu học phí không dùng tiền mặt",
    "TACDONG": "Kết quả khảo sát sự hài lòng của cha mẹ học sinh",
}
# … and for a criterion's points, where a school scores the year's framework criterion by criterion.
CRITERION_EXPLANATIONS = {
    "CDDH.1": "Ban hành Kế hoạch CCHC năm trong tháng 01",
    "CDDH.2": "Hoàn thành các nhiệm vụ của kế hoạch đến hết quý",
    "CDDH.3": "Gửi báo cáo quý qua phần mềm quản lý văn bản đúng hạn",
    "CDDH.4": "Đăng tin bài CCHC trên trang thông tin điện tử của trường",
    "CDDH.5": "Có kế hoạch khắc phục hạn chế năm trước",
    "THECHE.1": "Rà soát, ban hành quy chế chi tiêu nội bộ và quy chế dân chủ",
    "THECHE.2": "Báo cáo đánh giá quy chế chi tiêu nội bộ gửi đúng hạn",
    "THECHE.3": "Sửa đổi nội quy sau rà soát",
    "TTHC.1": "Niêm yết TTHC tại Bộ phận một cửa và trên trang thông tin điện tử",
    "TTHC.2": "Hồ sơ chuyển trường, xác nhận học bạ giải quyết đúng hạn",
    "TTHC.3": "Phản ánh, kiến nghị được trả lời đúng thời gian",
    "TTHC.4": "Số hóa hồ sơ TTHC đã giải quyết",
    "BOMAY.1": "Quyết định thành lập tổ và phân công nhiệm vụ năm học",
    "BOMAY.2": "Bố trí đúng số lượng người làm việc được giao",
    "CONGVU.1": "Phân công viên chức đúng vị trí việc làm",
    "CONGVU.2": "Đánh giá, xếp loại viên chức cuối năm học",
    "CONGVU.3": "Không có viên chức vi phạm kỷ luật, kỷ cương",
    "CONGVU.4": "Cử cán bộ, giáo viên dự tập huấn CCHC",
    "TAICHINH.1": "Phương án tự chủ tài chính được phê duyệt",
    "TAICHINH.2": "Công khai dự toán, quyết toán đúng quy định",
    "TAICHINH.3": "Giải ngân kinh phí theo tiến độ",
    "CDS.1": "Viên chức dùng thư điện tử công vụ trong trao đổi công việc",
    "CDS.2": "Ký số văn bản đi trên phần mềm quản lý văn bản",
    "CDS.3": "Thu học phí không dùng tiền mặt qua ngân hàng",
    "CDS.4": "Trang thông tin điện tử cập nhật, công khai thông tin",
    "TACDONG.2": "Tổ chức hội nghị cha mẹ học sinh đầu năm học",
    "TACDONG.3": "Báo cáo tổng kết năm học",
}
UNEXPLAINED = 0.12  # share of rows left without an explanation


def explanation(data: ReportData, line: ScoreLine) -> str:
    """The row's Giải trình, drawn apart from the report's figures so that they stay as they were."""
    key = line.criterion or line.field
    rng = random.Random(f"explain:{data.unit['ma_don_vi']}:{data.period.code}:{key}")
    if rng.random() < UNEXPLAINED:
        return ""
    if line.criterion is None:
        return EXPLANATIONS.get(line.field, "")
    return CRITERION_EXPLANATIONS.get(line.criterion) or _survey_explanation(data, line.criterion)


def _survey_explanation(data: ReportData, criterion: str) -> str:
    """`Khảo sát 87 phiếu, 91,2% hài lòng`: a survey factor's sub-criterion explained by the quarter's survey."""
    name = fold_key(framework_for(data.period.year)[criterion].name)
    dimensions = _catalogs().dimensions
    for line in data.survey:
        if fold_key(dimensions[line.dimension].name) == name and line.answers:
            share = f"{100 * sum(line.levels[3:]) / line.answers:.1f}".replace(".", ",")
            return f"Khảo sát {line.answers} phiếu, {share}% hài lòng"
    return ""


def _score_rows(data: ReportData, layout: Layout) -> list[Row | Section]:
    return [
        {
            "stt": number,
            "field": _field_text(line.field, layout) if layout.field_by_name else line.field,
            "criterion": line.criterion,
            "max_points": line.max_points,
            "self_points": line.self_points,
            "appraised_points": line.appraised,
            "explanation": explanation(data, line),
            "note": "",
        }
        for number, line in enumerate(data.scores, start=1)
    ]


def _table_sheet(ws: Worksheet, sheet: c.Sheet, rows: list[Row | Section], data: ReportData, layout: Layout) -> None:
    keys = [k for k in layout.columns[sheet.key] if k in {col.key for col in sheet.columns}]
    title = f"{sheet.title.upper()} – {data.period.label.upper()}"
    if layout.official:
        row = _title_block(ws, data, layout, len(keys), f"BIỂU: {title}")
    else:
        _put(ws, 1, layout.first_column, title, layout, BOLD)
        row = 3
    row = _header(ws, sheet, keys, row, layout)
    if layout.numbering:
        for offset in range(len(keys)):
            _put(ws, row, layout.first_column + offset, f"({offset + 1})", layout)
        row += 1
    for record in rows:
        _record(ws, row, keys, record, layout)
        row += 1
    if sheet is c.TASKS:
        for extra in range(layout.prenumbered):
            _put(ws, row + extra, layout.first_column, len(rows) + extra + 1, layout)
        row += layout.prenumbered
    if layout.official:
        _signature(ws, row + 1, data, layout, len(keys))
    _widths(ws, sheet, keys, layout)


def _header(ws: Worksheet, sheet: c.Sheet, keys: list[str], row: int, layout: Layout) -> int:
    levels = set(ANSWER_LEVELS)
    two_rows = layout.two_row_levels and sheet is c.SATISFACTION
    for offset, key in enumerate(keys):
        col = layout.first_column + offset
        if two_rows and key in levels:
            _put(ws, row + 1, col, _label(layout, sheet.key, key), layout, BOLD)
            ws.cell(row=row + 1, column=col).border = BOX
            continue
        _put(ws, row, col, _label(layout, sheet.key, key), layout, BOLD)
        ws.cell(row=row, column=col).alignment = CENTER
        ws.cell(row=row, column=col).border = BOX
        if two_rows:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
    if two_rows:
        first = layout.first_column + min(keys.index(k) for k in levels)
        _put(ws, row, first, "Mức độ hài lòng (số phiếu)", layout, BOLD)
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=first + 4)
        return row + 2
    return row + 1


def _record(ws: Worksheet, row: int, keys: list[str], record: Row | Section, layout: Layout) -> None:
    if isinstance(record, Section):
        _put(ws, row, layout.first_column, record.mark, layout, BOLD)
        title_key = next((k for k in ("content", "name", "field") if k in keys), keys[1])
        _put(ws, row, layout.first_column + keys.index(title_key), record.title, layout, BOLD)
        return
    for offset, key in enumerate(keys):
        _put(ws, row, layout.first_column + offset, record.get(key), layout)


def _signature(ws: Worksheet, row: int, data: ReportData, layout: Layout, width: int) -> None:
    left, right = layout.first_column + 1, layout.first_column + max(3, width - 3)
    _put(ws, row, right, _date_line(data), layout, ITALIC)
    _put(ws, row + 1, left, "NGƯỜI LẬP BIỂU", layout, BOLD)
    _put(ws, row + 1, right, "HIỆU TRƯỞNG", layout, BOLD)
    _put(ws, row + 2, left, "(Ký, ghi rõ họ tên)", layout, ITALIC)
    _put(ws, row + 2, right, "(Ký tên và đóng dấu)", layout, ITALIC)
    _put(ws, row + 6, left, data.prepared_by, layout, BOLD)
    _put(ws, row + 6, right, data.principal, layout, BOLD)


def _widths(ws: Worksheet, sheet: c.Sheet, keys: list[str], layout: Layout) -> None:
    for offset, key in enumerate(keys):
        letter = get_column_letter(layout.first_column + offset)
        ws.column_dimensions[letter].width = sheet.column(key).width


# ---------------------------------------------------------------- the usual mistakes


def _unknown_status(data: ReportData, layout: Layout, rng: random.Random) -> tuple[ReportData, Layout]:
    task = rng.choice(data.tasks)
    task.status = rng.choice(("Hoàn tất", "Đã xong", "HT"))
    task.done_on = task.done_on or data.prepared_on
    return data, layout


def _month_first_date(data: ReportData, layout: Layout, rng: random.Random) -> tuple[ReportData, Layout]:
    """A deadline typed on a computer set to English (US): month first, so it cannot be a date."""
    task = rng.choice([t for t in data.tasks if isinstance(t.deadline, date)])
    deadline = task.deadline
    assert isinstance(deadline, date)
    day = max(deadline.day, 13)
    task.deadline = f"{deadline.month:02d}/{day:02d}/{deadline.year}"
    return data, layout


def _answers_mismatch(data: ReportData, layout: Layout, rng: random.Random) -> tuple[ReportData, Layout]:
    line = rng.choice(data.survey)
    line.levels[3] += rng.choice((-10, -2, 1, 10)) if line.levels[3] >= 10 else 5
    return data, layout


def _missing_status_column(data: ReportData, layout: Layout, rng: random.Random) -> tuple[ReportData, Layout]:
    columns = dict(layout.columns)
    columns["NhiemVu"] = tuple(k for k in columns["NhiemVu"] if k != "status")
    return data, replace(layout, columns=columns)


def _exceeds_total(data: ReportData, layout: Layout, rng: random.Random) -> tuple[ReportData, Layout]:
    """Numerator and denominator swapped: more online files than files received."""
    line = next(i for i in data.indicators if i.code == "TTHC_TRUC_TUYEN")
    line.total = line.result
    line.result = line.result + rng.randint(3, 12)
    return data, layout


MISTAKES: dict[str, Callable[[ReportData, Layout, random.Random], tuple[ReportData, Layout]]] = {
    "unknown-status": _unknown_status,
    "bad-date": _month_first_date,
    "answers-mismatch": _answers_mismatch,
    "missing-column": _missing_status_column,
    "exceeds-total": _exceeds_total,
}


def bad_variant(data: ReportData, layout: Layout, mistake: str, rng: random.Random) -> bytes:
    """The report with one usual mistake; `mistake` is the problem code the loader should give."""
    broken, broken_layout = MISTAKES[mistake](copy.deepcopy(data), layout, rng)
    return render(broken, broken_layout)


def bad_variants(
    unit: dict[str, str], period: Period, rng: random.Random, *, style: str = "template"
) -> dict[str, bytes]:
    """Realistic rejected workbooks, one per mistake, keyed by the expected problem code."""
    data = report_data(unit, period, rng)
    return {mistake: bad_variant(data, STYLES[style], mistake, rng) for mistake in MISTAKES}
