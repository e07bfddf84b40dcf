"""Thời hạn as plans write it: cells of the plan workbook, and phrases inside a Word plan's sentences."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.deadlines import Deadline, find_deadline, read_deadline
from core.periods import ROMAN, Period

YEAR = 2026
RECURRING = Deadline(None, True)


def on(year: int, month: int, day: int) -> Deadline:
    return Deadline(date(year, month, day), False)


READABLE = [
    # a day
    ("20/06/2026", on(2026, 6, 20)),
    ("20-06-2026", on(2026, 6, 20)),
    ("20.06.2026", on(2026, 6, 20)),
    ("5/1/2026", on(2026, 1, 5)),
    ("trước 15/12/2026", on(2026, 12, 15)),
    ("trước ngày 15/12/2026", on(2026, 12, 15)),
    ("Trước ngày 15/12/2026.", on(2026, 12, 15)),
    ("hạn 15/12/2026", on(2026, 12, 15)),
    ("Hạn: 15/12/2026", on(2026, 12, 15)),
    ("Hoàn thành trước ngày 15/12/2026", on(2026, 12, 15)),
    ("Chậm nhất là ngày 15/12/2026", on(2026, 12, 15)),
    ("Thời gian: 30/09/2026", on(2026, 9, 30)),
    ("ngày 20/6", on(2026, 6, 20)),  # no year written: the plan's
    ("2026-06-20", on(2026, 6, 20)),
    # written out, as the seeds write them
    ("trước ngày 20 tháng 6 năm 2023", on(2023, 6, 20)),
    ("trước ngày 23 tháng 6 năm 2023", on(2023, 6, 23)),
    ("trước ngày 15 tháng 11 năm 2023", on(2023, 11, 15)),
    ("ngày 30 tháng 10 năm 2023", on(2023, 10, 30)),
    ("**trước ngày 30 tháng 10 năm 2023**", on(2023, 10, 30)),
    ("TRƯỚC NGÀY 20 THÁNG 6 NĂM 2023", on(2023, 6, 20)),
    ("truoc ngay 20 thang 6 nam 2023", on(2023, 6, 20)),
    # a quarter: its last day
    ("Quý II/2026", on(2026, 6, 30)),
    ("Quý 2/2026", on(2026, 6, 30)),
    ("Q2/2026", on(2026, 6, 30)),
    ("quý II năm 2026", on(2026, 6, 30)),
    ("Quý IV/2025", on(2025, 12, 31)),
    ("Quý I", on(2026, 3, 31)),
    ("Quý II", on(2026, 6, 30)),
    ("Trong quý III", on(2026, 9, 30)),
    ("Thời gian thực hiện: Quý II/2026", on(2026, 6, 30)),
    ("2026-Q3", on(2026, 9, 30)),
    # a month: its last day
    ("Tháng 6/2026", on(2026, 6, 30)),
    ("tháng 6 năm 2026", on(2026, 6, 30)),
    ("tháng 6", on(2026, 6, 30)),
    ("T6/2026", on(2026, 6, 30)),
    ("Tháng 02/2028", on(2028, 2, 29)),
    ("Trong tháng 9", on(2026, 9, 30)),
    # a year: its last day
    ("trong năm 2026", on(2026, 12, 31)),
    ("thời gian thực hiện: trong năm 2023", on(2023, 12, 31)),
    ("năm 2026", on(2026, 12, 31)),
    ("2026", on(2026, 12, 31)),
    # recurring
    ("Thường xuyên", RECURRING),
    ("thường xuyên", RECURRING),
    ("THƯỜNG XUYÊN", RECURRING),
    ("Thuong xuyen", RECURRING),
    ("Hằng quý", RECURRING),
    ("Hàng quý", RECURRING),
    ("Định kỳ hàng quý", RECURRING),
    ("Cả năm", RECURRING),
    ("Cả năm 2026", RECURRING),
    ("Hằng tháng", RECURRING),
    ("Hàng tháng", RECURRING),
    ("Thời gian: Thường xuyên", RECURRING),
    # spacing and how the text was typed
    ("  Quý   II /  2026  ", on(2026, 6, 30)),
    (unicodedata.normalize("NFD", "Trước ngày 20 tháng 6 năm 2023"), on(2023, 6, 20)),
    (unicodedata.normalize("NFD", "Hằng quý"), RECURRING),
]


@pytest.mark.parametrize(("written", "expected"), READABLE)
def test_read_deadline_reads_what_people_write(written, expected):
    assert read_deadline(written, YEAR) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2026, 6, 20), on(2026, 6, 20)),
        (datetime(2026, 6, 20, 0, 0), on(2026, 6, 20)),
        (2026, on(2026, 12, 31)),
        (2026.0, on(2026, 12, 31)),
        (46193.0, on(2026, 6, 20)),  # a date cell that lost its format: Excel's day number
    ],
)
def test_read_deadline_reads_cells_that_are_not_text(cell, expected):
    assert read_deadline(cell, YEAR) == expected


@pytest.mark.parametrize(
    "written",
    [
        "sớm",
        "",
        "   ",
        None,
        True,
        20.5,
        float("nan"),
        "31/02/2026",
        "29/02/2026",
        "32/01/2026",
        "15/13/2026",
        "Quý V/2026",
        "Quý 5/2026",
        "Q0/2026",
        "tháng 13",
        "Tháng 13/2026",
        "năm 1999",
        "năm 2101",
        "15/12/1999",
        date(1999, 12, 31),
        "trong năm",
        "Quý II, III/2026",
        "Từ tháng 3 đến tháng 6/2026",
        "sau ngày 15/12/2026",
        "Thường xuyên, trước 15/12/2026",
        "Đúng thời gian quy định",
        "nhiệm vụ hàng năm",
    ],
)
def test_read_deadline_refuses_anything_else(written):
    assert read_deadline(written, YEAR) is None


SEED_SENTENCES = [
    # 002: 138/KH-THLQĐ, task 1.2
    (
        "Tham gia lớp tập huấn, bồi dưỡng về nghiệp vụ về thông tin đối ngoại cho cán bộ kiêm nhiệm do cấp trên "
        "tổ chức; thời gian thực hiện: trong năm 2023.",
        on(2023, 12, 31),
        "Tham gia lớp tập huấn, bồi dưỡng về nghiệp vụ về thông tin đối ngoại cho cán bộ kiêm nhiệm do cấp trên "
        "tổ chức",
    ),
    # 002: two deadlines in one sentence: the first is taken, the second stays for the person to split
    (
        "Xây dựng kế hoạch triển khai thực hiện gửi kế hoạch triển khai thực hiện cho Ủy ban nhân dân Huyện "
        "(qua Phòng Văn hóa và Thông tin) trước ngày 23 tháng 6 năm 2023, báo cáo năm trước ngày 15 tháng 11 năm 2023.",
        on(2023, 6, 23),
        "Xây dựng kế hoạch triển khai thực hiện gửi kế hoạch triển khai thực hiện cho Ủy ban nhân dân Huyện "
        "(qua Phòng Văn hóa và Thông tin), báo cáo năm trước ngày 15 tháng 11 năm 2023",
    ),
    # 002: 139/KH-THLQĐ, with the scan's bold marks
    (
        "Xây dựng Kế hoạch thực hiện khắc phục những tồn tại, hạn chế có liên quan và gửi về Ủy ban nhân dân Huyện "
        "(through qua Phòng Nội vụ) **trước ngày 20 tháng 6 năm 2023**; báo cáo kết quả thực hiện",
        on(2023, 6, 20),
        "Xây dựng Kế hoạch thực hiện khắc phục những tồn tại, hạn chế có liên quan và gửi về Ủy ban nhân dân Huyện "
        "(through qua Phòng Nội vụ); báo cáo kết quả thực hiện",
    ),
    (
        "báo cáo kết quả thực hiện và gửi về Ủy ban nhân dân Huyện (through qua Phòng Nội vụ) "
        "**trước ngày 30 tháng 10 năm 2023** đúng quy định.",
        on(2023, 10, 30),
        "báo cáo kết quả thực hiện và gửi về Ủy ban nhân dân Huyện (through qua Phòng Nội vụ) đúng quy định",
    ),
    # 000: "trong năm 2021" inside the sentence
    (
        "e) Tăng cường phổ biến, thông tin, tuyên truyền, phối hợp triển khai các giải pháp cải thiện Chỉ số cải "
        "cách hành chính trong năm 2021; tập trung các nội dung sau:",
        on(2021, 12, 31),
        "e) Tăng cường phổ biến, thông tin, tuyên truyền, phối hợp triển khai các giải pháp cải thiện Chỉ số cải "
        "cách hành chính; tập trung các nội dung sau",
    ),
]

OTHER_SENTENCES = [
    ("Thường xuyên", RECURRING, ""),
    ("Thường xuyên.", RECURRING, ""),
    ("Thời gian thực hiện: Quý II/2026", on(2026, 6, 30), ""),
    ("Cập nhật trang tin điện tử; thường xuyên.", RECURRING, "Cập nhật trang tin điện tử"),
    ("Cập nhật trang tin điện tử (thường xuyên)", RECURRING, "Cập nhật trang tin điện tử"),
    ("Rà soát thủ tục hành chính, Quý III/2026.", on(2026, 9, 30), "Rà soát thủ tục hành chính"),
    ("Báo cáo kết quả; hàng quý", RECURRING, "Báo cáo kết quả"),
    ("Tổ chức tập huấn; thời gian: tháng 6.", on(2026, 6, 30), "Tổ chức tập huấn"),
    ("Tổ chức tập huấn; Thời hạn: 20/06/2026", on(2026, 6, 20), "Tổ chức tập huấn"),
    ("Nộp hồ sơ, đến ngày 20/06/2026", on(2026, 6, 20), "Nộp hồ sơ"),
    ("Tổ chức hội nghị, hoàn thành trước ngày 15/12/2026.", on(2026, 12, 15), "Tổ chức hội nghị"),
    ("Tổ chức hội nghị hoàn thành trước ngày 15/12/2026", on(2026, 12, 15), "Tổ chức hội nghị"),
    ("Gửi báo cáo chậm nhất ngày 15/12/2026 về Phòng", on(2026, 12, 15), "Gửi báo cáo về Phòng"),
    ("Tập huấn (thời gian: Quý II/2026) cho giáo viên", on(2026, 6, 30), "Tập huấn cho giáo viên"),
    ("Thời gian thực hiện: Quý II/2026; tổ chức tập huấn", on(2026, 6, 30), "tổ chức tập huấn"),
    ("Khảo sát sự hài lòng - thời gian thực hiện: tháng 10 năm 2026.", on(2026, 10, 31), "Khảo sát sự hài lòng"),
    ("Số hoá hồ sơ trước 31/02/2026; trong năm 2026", on(2026, 12, 31), "Số hoá hồ sơ trước 31/02/2026"),
    (
        unicodedata.normalize("NFD", "Tập huấn; thời gian thực hiện: trong năm 2026."),
        on(2026, 12, 31),
        "Tập huấn",
    ),
]


@pytest.mark.parametrize(("sentence", "deadline", "rest"), SEED_SENTENCES + OTHER_SENTENCES)
def test_find_deadline_cuts_the_phrase_from_the_sentence(sentence, deadline, rest):
    assert find_deadline(sentence, YEAR) == (deadline, rest)


@pytest.mark.parametrize(
    "sentence",
    [
        # the seeds: dates of cited documents, horizons, adverbs are no deadlines
        "Thực hiện Kế hoạch số 77/KH-GDĐT ngày 26 tháng 01 năm 2021 của Phòng Giáo dục và Đào tạo quận Gò Vấp",
        "Chiến lược phát triển bền vững kinh tế biển Việt Nam đến năm 2030, tầm nhìn đến năm 2045",
        "b) Thường xuyên cử và tham gia đầy đủ các buổi giao ban định kỳ về cải cách hành chính",
        "Thực hiện báo cáo định kỳ hàng quý, năm về công tác cải cách hành chính, các báo cáo đột xuất đúng thời "
        "gian quy định.",
        "a) Kịp thời cung cấp tài liệu tập huấn và cử tham gia các lớp tập huấn, bồi dưỡng nghiệp vụ do quận tổ "
        "chức nhằm tăng cường thông tin, tuyên truyền cải cách hành chính năm 2021.",
        "giai đoạn 2021 – 2030, giai đoạn 2021 – 2025",
        "Gò Vấp, ngày 03 tháng 3 năm 2021",
        "Nhà Bè, ngày 19 tháng 6 năm 2023",
        "Tổ chức hội nghị sớm nhất có thể",
        "Hoàn thành trước ngày 31/02/2026",
        "",
    ],
)
def test_find_deadline_leaves_sentences_without_a_deadline(sentence):
    assert find_deadline(sentence, YEAR) is None


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
plan_years = st.integers(min_value=2000, max_value=2100)


@given(days, plan_years, st.booleans())
def test_a_day_written_with_digits_reads_back(day, plan_year, padded):
    written = f"{day:%d/%m/%Y}" if padded else f"{day.day}/{day.month}/{day.year}"
    assert read_deadline(written, plan_year) == Deadline(day, False)


@given(days, plan_years, st.sampled_from(["", "trước ", "Chậm nhất là "]))
def test_a_day_written_out_reads_back(day, plan_year, lead):
    written = f"{lead}ngày {day.day} tháng {day.month} năm {day.year}"
    assert read_deadline(written, plan_year) == Deadline(day, False)
    assert read_deadline(unicodedata.normalize("NFD", written.upper()), plan_year) == Deadline(day, False)


@given(st.integers(1, 4), plan_years, plan_years)
def test_a_quarter_reads_as_its_last_day(quarter, year, plan_year):
    last = Deadline(Period(year, quarter).last_day, False)
    for written in (f"Quý {ROMAN[quarter]}/{year}", f"Quý {quarter}/{year}", f"Q{quarter}/{year}"):
        assert read_deadline(written, plan_year) == last
    assert read_deadline(f"quý {ROMAN[quarter]} năm {year}", plan_year) == last
    assert read_deadline(f"Quý {ROMAN[quarter]}", year) == last


@given(st.integers(1, 12), plan_years)
def test_a_month_without_a_year_is_in_the_plans_year(month, plan_year):
    following = date(plan_year + (month == 12), month % 12 + 1, 1)
    last = Deadline(date.fromordinal(following.toordinal() - 1), False)
    assert read_deadline(f"tháng {month}", plan_year) == last
    assert read_deadline(f"Tháng {month}/{plan_year}", 2000) == last


words = st.lists(
    st.sampled_from(["Tổ chức", "tập huấn", "cán bộ", "giáo viên", "cập nhật", "trang tin", "về", "CCHC", "số hoá"]),
    min_size=1,
    max_size=8,
)


@given(words, days, st.sampled_from(["; thời gian thực hiện: {}.", ", hoàn thành trước ngày {}", " (hạn {})"]))
def test_a_phrase_after_the_task_is_cut_and_the_task_kept(task_words, day, phrase):
    task = " ".join(task_words)
    sentence = task + phrase.format(f"{day:%d/%m/%Y}")
    assert find_deadline(sentence, 2026) == (Deadline(day, False), task)
