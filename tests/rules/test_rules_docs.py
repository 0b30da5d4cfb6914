"""The rules stay pure (no Django) and docs/rules.md stays in step with the code."""

from __future__ import annotations

import ast
import importlib
import re
from datetime import date
from pathlib import Path

import pytest

from doorstroom.rules.params import all_parameters, parameter
from doorstroom.rules.reasons import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "src" / "doorstroom" / "rules"
DOCS = ROOT / "docs" / "rules.md"


@pytest.mark.parametrize("path", sorted(RULES.rglob("*.py")), ids=lambda p: p.name)
def test_rules_never_import_django(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        assert not any(n.split(".")[0] in {"django", "rest_framework"} for n in names), path


def test_docs_reference_existing_functions_and_tests() -> None:
    text = DOCS.read_text(encoding="utf-8")
    references = re.findall(r"`(src/doorstroom/rules/\w+\.py)::(\w+)`", text)
    assert references
    for path, name in references:
        module = importlib.import_module(
            path.removeprefix("src/").removesuffix(".py").replace("/", ".")
        )
        assert callable(getattr(module, name)), f"{path}::{name}"
    for test_path in re.findall(r"`(tests/rules/\w+\.py)`", text):
        assert (ROOT / test_path).is_file(), test_path


def test_docs_cover_every_rule() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for number in range(1, 17):
        assert f"\n## R{number} " in text, f"R{number}"
    assert "not yet encoded" not in text


@pytest.mark.parametrize(
    "module", sorted(p.stem for p in RULES.glob("*.py") if p.stem != "__init__")
)
def test_docs_list_every_rules_module(module: str) -> None:
    assert f"`src/doorstroom/rules/{module}.py`" in DOCS.read_text(encoding="utf-8")


def test_docs_name_every_reason_code() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"`{code}`" in text, code


@pytest.mark.parametrize("name", sorted(all_parameters()))
def test_docs_table_shows_current_value(name: str) -> None:
    current = parameter(name, date.today()).value  # the documentation shows today's law
    shown = current.isoformat() if isinstance(current, date) else str(current)
    shown = shown.replace("\n", " / ")
    row = next(
        (line for line in DOCS.read_text(encoding="utf-8").splitlines() if f"| `{name}` |" in line),
        None,
    )
    assert row is not None, f"{name} missing from the parameter table"
    assert f"| {shown} |" in row
