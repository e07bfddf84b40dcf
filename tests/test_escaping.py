"""Users' text shows as text: escaped where it meets Streamlit's Markdown and plotly's labels."""

from __future__ import annotations

import csv
import io
import os
import re

import pandas as pd
import pytest

import cli
from core.escape import escape_markdown, escape_plotly
from figures import diverging_levels, heatmap, ranked_bars, status_stack, trend_lines
from storage.accounts import VIEWER
from tests.sessions import app_as, as_read
from tests.workbook_factory import valid_sheets, workbook_bytes

HOSTILE_FILE = "[Click to log in again](https:evil.example) **bold**.xlsx"
LINKED_SCHOOL = "[Bấm vào đây](https://evil.example) Trường A"
BOLD_SCHOOL = "<b>Trường A</b>"
LINKED_WARD = "[KV1](www.evil.example)"
WJ = "\u2060"  # the word joiner escape_markdown puts after a colon, before @ and inside www.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ----------------------------------------------------------------------------- the helpers


def test_markdown_escapes_a_link_and_emphasis_in_a_file_name():
    assert escape_markdown(HOSTILE_FILE) == (
        rf"\[Click to log in again\]\(https\:{WJ}evil\.example\) \*\*bold\*\*\.xlsx"
    )


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("[a](b)", r"\[a\]\(b\)"),
        ("%{y}", r"%\{y\}"),
        ("`code` _i_ ~~s~~ $x$ # + - ! | \\", r"\`code\` \_i\_ \~\~s\~\~ \$x\$ \# \+ \- \! \| \\"),
        ("&lt;", r"\&lt;"),  # an entity shows as typed
        (":red[x] :material/home: :smile:", rf"\:{WJ}red\[x\] \:{WJ}material/home\: \:{WJ}smile\:"),
        ("Lý do: 13:40", rf"Lý do\: 13\:{WJ}40"),  # a colon before a space starts nothing
        ("a@b.vn www.x.vn", rf"a{WJ}@b\.vn www{WJ}\.x\.vn"),  # no bare autolinks
        ("dòng 1\ndòng 2", "dòng 1 dòng 2"),  # an inline value stays inline
        (None, ""),
    ],
)
def test_markdown_escapes_every_construct(value, escaped):
    assert escape_markdown(value) == escaped


def test_vietnamese_text_is_left_as_it_is():
    name = "Trường THCS Nguyễn Đình Chiểu"
    assert escape_markdown(name) == name
    assert escape_plotly(name) == name


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ('<a href="https://evil.example">A</a>', '&lt;a href="https://evil.example"&gt;A&lt;/a&gt;'),
        ("%{y}", "&#37;{y}"),  # never read as a hover template's placeholder
        ("A & B", "A &amp; B"),
        ("[a](b)", "[a](b)"),  # Markdown means nothing to plotly
        (HOSTILE_FILE, HOSTILE_FILE),
        (None, ""),
    ],
)
def test_plotly_escapes_html_and_placeholders(value, escaped):
    assert escape_plotly(value) == escaped


# ----------------------------------------------------------------------------- figures


def schools() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": ["A01", "B02", "C03"],
            "unit_name": [BOLD_SCHOOL, "Trường <i>B</i> & C", "%{y} Trường C"],
            "value": [90.0, 80.0, 70.0],
            "rank": ["1/3", "2/3", "3/3"],
        }
    )


def test_ranked_bars_tick_labels_carry_no_markup():
    fig = ranked_bars(schools(), label="unit_name", value="value", title="", value_title="", rank_text="rank")
    labels = list(fig.data[0].y)
    assert labels == ["&lt;b&gt;Trường A&lt;/b&gt;", "Trường &lt;i&gt;B&lt;/i&gt; &amp; C", "&#37;{y} Trường C"]
    assert list(fig.data[0].customdata) == ["A01", "B02", "C03"]  # a click still names the school


def test_a_highlighted_school_is_found_by_its_own_name():
    fig = ranked_bars(schools(), label="unit_name", value="value", title="", value_title="", key=None,
                      highlight=BOLD_SCHOOL)  # fmt: skip
    assert list(fig.data[0].marker.color) == [1, 0, 0]


def test_duplicate_names_are_told_apart_by_their_escaped_code():
    df = pd.DataFrame({"unit_code": ["<i>1</i>", "X2"], "unit_name": ["A", "A"], "value": [1.0, 2.0]})
    fig = status_stack(df.assign(done=[1, 2]), label="unit_name", counts={"done": "Xong"}, title="")
    assert list(fig.data[0].y) == ["A (&lt;i&gt;1&lt;/i&gt;)", "A (X2)"]


def test_heatmap_and_diverging_bars_escape_school_names():
    cells = pd.DataFrame({"unit_name": [BOLD_SCHOOL], "field": ["F1"], "rate": [50.0]})
    fig = heatmap(cells, rows="unit_name", columns="field", value="rate", title="")
    assert list(fig.data[0].y) == ["&lt;b&gt;Trường A&lt;/b&gt;"]
    levels = ["vd", "d", "n", "s", "vs"]
    shares = pd.DataFrame({"unit_name": [BOLD_SCHOOL], "answers": [10], **{lv: [20.0] for lv in levels}})
    fig = diverging_levels(shares, label="unit_name", shares={lv: lv for lv in levels}, answers="answers", title="")
    assert fig.data[0].y[0] == "⚠ &lt;b&gt;Trường A&lt;/b&gt;"


def test_legend_names_and_titles_are_text_and_never_placeholders():
    df = pd.DataFrame({"quarter": ["Quý I/2026", "<b>Q2</b>"], "v": [1.0, 2.0]})
    fig = trend_lines(df, x="quarter", series={"v": "%{y} <b>chỉ tiêu</b>"}, title="<a href='x'>T</a>")
    line = fig.data[0]
    assert line.name == "&#37;{y} &lt;b&gt;chỉ tiêu&lt;/b&gt;"
    assert line.hovertemplate.startswith("&#37;{y} &lt;b&gt;chỉ tiêu&lt;/b&gt;: %{y:")
    assert list(line.x) == ["Quý I/2026", "&lt;b&gt;Q2&lt;/b&gt;"]
    assert fig.layout.title.text == "&lt;a href='x'&gt;T&lt;/a&gt;"


def test_the_downloaded_chart_page_holds_no_live_tag_from_a_name():
    fig = ranked_bars(schools(), label="unit_name", value="value", title="", value_title="")
    page = fig.to_html(include_plotlyjs=False)  # what the chart's HTML download writes
    # the page's script holds the figure as JSON, where < > & and letters like ư are \uXXXX escapes
    decoded = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), page)
    assert "&lt;b&gt;Trường A&lt;/b&gt;" in decoded
    assert "<b>Trường" not in decoded and "<i>B" not in decoded
    assert "<b>%{y}</b>" in decoded  # the builder's own markup stays


# ----------------------------------------------------------------------------- pages (AppTest)


def _registry_csv(name: str, ward: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["ma_don_vi", "ten_don_vi", "cap_hoc", "phuong"])
    writer.writerow(["TH01", name, "Tiểu học", ward])
    return out.getvalue()


@pytest.fixture
def hostile_office(tmp_path, monkeypatch) -> str:
    """One school whose name and ward are Markdown links, with a report of few answers."""
    url = f"sqlite:///{tmp_path / 'escaping.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    units = tmp_path / "units.csv"
    units.write_text(_registry_csv(LINKED_SCHOOL, LINKED_WARD), "utf-8")
    assert cli.main(["units", "import", str(units)]) == 0
    sheets = valid_sheets()
    sheets["ThongTin"][3][1] = LINKED_SCHOOL
    sheets["HaiLong"][3] = [1, "TIEP_CAN", 10, 0, 1, 1, 5, 3]  # under 30 answers: a warning names the school
    sheets["HaiLong"][4] = [2, "Thủ tục hành chính", 8, 0, 1, 1, 4, 2]
    report = tmp_path / "TH01.xlsx"
    report.write_bytes(workbook_bytes(sheets))
    assert cli.main(["ingest", str(report), "--received-at", "2023-06-15"]) == 0
    return url


def _page(url: str, name: str, **params: str):
    app = app_as(url, role=VIEWER, **params)
    app.run()
    app.switch_page(f"pages/{name}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _no_live_link(body: str) -> None:
    assert "](" not in body.replace(r"\]\(", "")
    assert "https://" not in body and "www." not in body


def test_satisfaction_warning_names_the_school_as_text(hostile_office):
    app = _page(hostile_office, "satisfaction")
    warning = app.warning[0].value
    assert escape_markdown(LINKED_SCHOOL) in warning
    assert r"\[Bấm vào đây\]\(https\:" in warning
    assert LINKED_SCHOOL in as_read(warning)  # and it reads as the registry spells it
    _no_live_link(warning)


def test_the_ward_in_the_page_caption_is_text(hostile_office):
    app = _page(hostile_office, "overview", ward=LINKED_WARD)
    caption = app.caption[0].value
    assert caption == f"Quý II/2023 · {escape_markdown(LINKED_WARD)}"
    _no_live_link(caption)


def _upload(app, name: str, content: bytes):
    app.file_uploader[0].set_value([(name, content, XLSX)]).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_replacement_warning_shows_the_clerks_file_name_as_text(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'upload.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    units = tmp_path / "units.csv"
    units.write_text(_registry_csv("Trường Tiểu học Lê Lợi", "KV1"), "utf-8")
    assert cli.main(["units", "import", str(units)]) == 0

    def upload_page():
        app = app_as(os.environ["CCHC_DATABASE_URL"])
        app.run()
        app.switch_page("pages/upload.py")
        app.run()
        return app

    app = _upload(upload_page(), HOSTILE_FILE, workbook_bytes(valid_sheets()))
    label = app.expander[0].label
    assert label.startswith(escape_markdown(HOSTILE_FILE) + " — TH01")
    _no_live_link(label)
    next(b for b in app.button if b.label.startswith("Lưu ")).click().run()
    assert not app.exception

    app = _upload(upload_page(), "v2.xlsx", workbook_bytes(valid_sheets()))
    warning = app.warning[0].value
    assert f"({escape_markdown(HOSTILE_FILE)}, nhận lúc" in warning
    assert "**bold**" not in warning
    assert f"({HOSTILE_FILE}, nhận lúc" in as_read(warning)
    _no_live_link(warning)
