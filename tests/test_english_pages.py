"""The English dashboard speaks English: no sentence of the app's own is left in Vietnamese.

Every page of the menu is opened in English on the demo office, and everything it
shows (titles, texts, labels, options, table headers, chart titles, axes and legends)
is searched for the fixed words of the Vietnamese catalog. Names of schools, PAR
fields and other catalog entries are data and stay as the office wrote them; they
are not in the catalog, so they cannot match.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from core.catalogs import default_catalogs
from core.frameworks import framework_for, framework_years
from demo.load import load_demo
from i18n.catalog import EN, VI
from pages.ui.menu import PAGES
from storage.open import open_database
from storage.registry import list_units
from storage.schema import plan_tasks
from tests.sessions import app_as

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
# Words of the report workbook itself, which an English page still names as schools write them.
WORKBOOK_WORDS = ("Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Quý II/2023")


def vietnamese_fragments() -> set[str]:
    """The catalog's fixed Vietnamese phrases (between placeholders), less those English quotes on purpose.

    The English catalog names the official workbook's sheets and the workbook's status
    words as the files carry them, in Vietnamese: a phrase it quotes is not a leak.
    """
    english = " ".join(EN.values())
    pieces: set[str] = set()
    for text in VI.values():
        for piece in re.split(r"\{\w+\}", text):
            piece = piece.strip(" .,:;()·–-\n*")
            if " " in piece and VIETNAMESE.search(piece) and piece not in english and piece not in WORKBOOK_WORDS:
                pieces.add(piece)
    return pieces


def data_names(url: str) -> list[str]:
    """Names the office wrote (catalog entries, schools, wards): data, shown as written in either language."""
    catalogs = default_catalogs()
    names = [entry.name for catalog in (catalogs.par_fields, catalogs.indicators, catalogs.dimensions, catalogs.levels)
             for entry in catalog]  # fmt: skip
    names += [item.name for year in framework_years() for item in framework_for(year)]  # the frameworks' wording
    with open_database(url).connect() as conn:  # the schools' plans: their tasks as they wrote them
        names += list(conn.scalars(select(plan_tasks.c.content)))
    units = list_units(open_database(url))
    names += [unit["unit_name"] for unit in units] + [unit["ward"] for unit in units if unit["ward"]]
    return sorted(names, key=len, reverse=True)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('english') / 'demo.sqlite3'}"
    load_demo(open_database(url))
    return url


def shown_texts(app) -> list[str]:
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [str(element.value) for element in app.get(kind)]
    for kind in ("selectbox", "multiselect", "radio", "text_input", "date_input", "number_input", "checkbox",
                 "button", "toggle", "text_area"):  # fmt: skip
        for element in app.get(kind):
            texts.append(str(element.label))
            texts += [str(option) for option in getattr(element, "options", []) or []]
    texts += [f"{m.label} {m.value} {m.delta or ''}" for m in app.metric]
    texts += [str(e.label) for e in app.get("download_button")]
    texts += [str(e.label) for e in app.expander] + [str(e.label) for e in app.tabs]
    for frame in app.dataframe:
        texts += [str(column) for column in frame.value.columns]
    for chart in app.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        layout = figure.get("layout", {})
        texts += [json.dumps(layout.get(k, ""), ensure_ascii=False) for k in layout if k.endswith(("title", "axis"))]
        texts += [str(trace.get("name", "")) for trace in figure.get("data", [])]
        texts += [str(trace.get("hovertemplate", "")) for trace in figure.get("data", [])]
    return texts


@pytest.mark.parametrize("row", PAGES, ids=[row.name for row in PAGES])
def test_every_page_in_english_has_no_vietnamese_sentence_of_the_app(demo_url, monkeypatch, row):
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_url)
    app = app_as(demo_url)
    app.session_state["lang"] = "en"  # the sidebar's language, as if chosen there
    app.run()
    app.switch_page(row.file)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    texts = shown_texts(app)
    assert any(EN[f"nav.{row.name}"] in text for text in texts), texts[:5]
    fragments, names = vietnamese_fragments(), data_names(demo_url)
    own_words = []
    for text in texts:
        for name in names:
            text = text.replace(name, "")
        own_words.append(text)
    leaks = sorted({piece for text in own_words for piece in fragments if piece in text})
    assert leaks == [], leaks
