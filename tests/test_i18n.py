"""Both languages say everything, and every key the app asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

from i18n import translate
from i18n.catalog import EN, VI

ROOT = Path(__file__).resolve().parent.parent
LITERAL_KEY = re.compile(r"""(?:\bt|translate|empty)\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")
KEY_FAMILY = re.compile(r"""(?:\bt|translate)\(\s*f["']([a-z_.]+)\{""")


def app_sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py"))]


def test_both_languages_have_the_same_keys():
    assert set(VI) == set(EN)
    assert all(VI[k].strip() and EN[k].strip() for k in VI)


def test_placeholders_match_between_languages():
    def fields(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    assert {k: fields(v) for k, v in VI.items()} == {k: fields(v) for k, v in EN.items()}


def test_every_key_used_by_the_app_exists():
    used: set[str] = set()
    families: set[str] = set()
    for source in app_sources():
        text = source.read_text(encoding="utf-8")
        used.update(LITERAL_KEY.findall(text))
        families.update(KEY_FAMILY.findall(text))
    assert used, "no key found: the pattern no longer matches how pages call the catalog"
    assert sorted(k for k in used if k not in VI) == []
    for prefix in families:
        assert any(k.startswith(prefix) for k in VI), prefix


def test_translate_fills_placeholders_and_falls_back_to_vietnamese():
    assert translate("school.not_reported", "vi", quarter="Quý II/2023") == "Đơn vị chưa nộp báo cáo Quý II/2023."
    assert translate("nav.overview", "en") == "Overview"
    assert translate("nav.overview", "fr") == "Tổng quan"
