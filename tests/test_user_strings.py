"""What people read is written in i18n/, in both languages: a scan of every product module.

A Vietnamese string literal outside i18n/ is a sentence the English UI would show
in Vietnamese, unless it is the workbook's own language (the contract schools fill
in, the template, the annotated copy sent back to them) or data (the demo office).
Those modules are named below with the reason; docstrings are not scanned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = (
    "app.py",
    "cli.py",
    "pages",
    "core",
    "loaders",
    "storage",
    "pipeline",
    "metrics",
    "figures",
    "exports",
    "demo",
)
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)

WORKBOOK_LANGUAGE = {
    "loaders/contract.py": "the report workbook's sheets, columns and status words, as schools write them",
    "loaders/plan_contract.py": "the plan workbook's sheets and columns, as offices and schools write them",
    "core/deadlines.py": "the letter đ, folded when a plan's deadline words are read",
    "loaders/contract_docs.py": "docs/workbook-contract.md, the guide schools fill the workbook by",
    "loaders/template.py": "the template workbook sent to schools",
    "loaders/annotate.py": "the annotated copy of a school's workbook, sent back to the school",
    "loaders/units.py": "the headers a clerk may write in the registry file",
    "loaders/read.py": "the template's own sheets, skipped when a workbook is read",
    "core/periods.py": "“Quý II/2023”, how a workbook writes a quarter",
    "core/text.py": "the letter đ, folded when names are matched",
    "demo/generator.py": "the demo office's data: its schools, plans and tasks",
    "demo/word_plan.py": "the demo school's plan written in Word, as schools write their letters",
    "demo/evidence.py": "the demo schools' evidence files and the office's reasons in its appraisal of their year",
}
DATA_STRINGS = {
    ("demo/accounts.py", "Quản trị viên (demo)"),
    ("demo/accounts.py", "Lãnh đạo phòng (demo)"),
    ("demo/accounts.py", "Văn thư TH01 (demo)"),
    ("demo/accounts.py", "Khu vực 1"),  # a ward of the demo registry: data, as its schools' names are
    ("demo/accounts.py", "Chuyên viên Khu vực 1 (demo)"),
}


def product_modules() -> list[Path]:
    found: list[Path] = []
    for name in PRODUCT:
        path = ROOT / name
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return found


def docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
    }


def vietnamese_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and VIETNAMESE.search(node.value)
    ]


def test_no_module_outside_i18n_writes_a_vietnamese_sentence_of_its_own():
    modules = product_modules()
    assert len(modules) > 60, "the scan no longer finds the product's modules"
    found = []
    for path in modules:
        name = path.relative_to(ROOT).as_posix()
        if name in WORKBOOK_LANGUAGE:
            continue
        found += [
            f"{name}:{line}: {text!r}" for line, text in vietnamese_literals(path) if (name, text) not in DATA_STRINGS
        ]
    assert found == []


def test_the_exempt_modules_still_exist_and_still_need_it():
    for name in WORKBOOK_LANGUAGE:
        assert vietnamese_literals(ROOT / name), f"{name} has no Vietnamese left: take it off the list"
