"""The Tài liệu kiểm chứng page through AppTest: attach files to a criterion, see verdicts, list, remove."""

from __future__ import annotations

import os

import pytest

from loaders.units import read_units
from storage import par_years
from storage.audit import search
from storage.evidence import list_evidence
from storage.open import open_database
from storage.registry import upsert_units
from tests.sessions import app_as, as_read

UNITS = (
    "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
    "TH01,Trường Tiểu học Lê Lợi,Tiểu học,KV1\n"
    "TH02,Trường Tiểu học Trần Phú,Tiểu học,KV2\n"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAGE = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'evidence-page.sqlite3'}"
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    db = open_database(url)
    units, _ = read_units(UNITS.encode(), "units.csv")
    upsert_units(db, units)
    return db


def evidence_page(role: str = "admin", clerk_of: str | None = None, **params: str):
    app = app_as(os.environ["CCHC_DATABASE_URL"], role, clerk_of, **params)
    app.session_state["evidence-year"] = 2026
    app.run()
    app.switch_page("pages/evidence.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_clerk_attaches_files_to_a_criterion_each_with_its_verdict(engine):
    app = evidence_page("clerk", "TH01")
    assert any("chưa có tài liệu kiểm chứng năm 2026" in i.value for i in app.info)
    target = app.selectbox(key="evidence-target")
    target.set_value(next(o for o in target.options if o.startswith("CDS.3 ")))
    app.file_uploader[0].set_value([("bien-lai.pdf", PDF, "application/pdf"), ("trang.pdf", PAGE, "application/pdf")])
    app.run()
    next(b for b in app.button if b.label == "Thêm tài liệu").click().run()
    assert not app.exception, [e.value for e in app.exception]
    accepted = "**bien-lai.pdf**: tài liệu PDF, 1 KB, gắn với tiêu chí CDS.3 (tài liệu #1)"
    assert [as_read(s.value) for s in app.success] == [accepted]
    assert "trang.pdf" in as_read(app.error[0].value) and "trang web" in as_read(app.error[0].value)
    stored = list_evidence(engine, "TH01", 2026)
    assert [(f["file_name"], f["criterion"], f["added_by"]) for f in stored] == [
        ("bien-lai.pdf", "CDS.3", "clerk-th01")
    ]
    assert app.dataframe[0].value["file_name"].tolist() == ["bien-lai.pdf"]
    app.checkbox(key="evidence-sure-1").check().run()  # removing asks first
    next(b for b in app.button if b.label == "Gỡ tài liệu").click().run()
    assert list_evidence(engine, "TH01", 2026) == []
    assert [line["action"] for line in search(engine)][:2] == ["evidence-remove", "evidence-add"]


def test_a_final_year_is_read_only_and_a_viewer_only_reads(engine):
    from storage.evidence import add_evidence

    add_evidence(engine, "TH02", 2026, PDF, "ke-hoach.pdf", field="CDDH", by="quantri")
    par_years.finalise(engine, "TH02", 2026, by="quantri")
    app = evidence_page(unit="TH02")
    assert any("đã chốt" in w.value for w in app.warning)
    assert not any(b.label in ("Thêm tài liệu", "Gỡ tài liệu") for b in app.button)
    assert app.dataframe[0].value["file_name"].tolist() == ["ke-hoach.pdf"]
    viewer = evidence_page("viewer", unit="TH02")
    assert not any(b.label == "Thêm tài liệu" for b in viewer.button)
