"""The import graph between apps (docs/architecture.md *Layers*): common/ is a leaf, operations/
is the top, the domain apps import only down their layers (`LAYERS`), the apps built on the
domain sit above it, and no cycle runs between apps.

Built from the source with `ast`, without importing it: every `import` counts, at module level
or inside a function (a deferred import is still a dependency).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "doorstroom"

#: What common/ may import besides itself: the pure rules (no Django, below everything).
COMMON_MAY_IMPORT = {"rules"}
#: The top of the graph: commands and work that span the domain; nothing imports it.
TOP = "operations"

#: The domain apps in their layers, lowest first: an app imports only apps below it
#: (docs/architecture.md *Layers*). Places are reference data; a user acts for an organisation;
#: privacy's processing log and national numbers serve every reader of a person; the outbox
#: queues what the apps above tell; a mandate application holds the signed evidence; ESF
#: projects need a mandate; an employee is evaluated, then referred to a ranked partner, then
#: starts a trajectory there; letters tell about applications, mandates and referrals (and
#: answer their events, docs/architecture.md *Layers*).
LAYERS = (
    "places",
    "accounts",
    "organisations",
    "privacy",
    "outbox",
    "signatures",
    "mandates",
    "esf",
    "employees",
    "referrals",
    "trajectories",
    "letters",
)

#: Apps built on the domain apps, which none of them imports (operations/ is their top).
ABOVE_THE_DOMAIN = frozenset(
    {"exports", "intake", "monitoring", "registers", "observability", "benchdata", "web"}
    | {"config", TOP}
)


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imported(path: Path, text: str | None = None) -> Iterator[str]:
    """Every module `path` (or `text` as if it were that file) imports, at any depth."""
    own = _module_name(path)
    package = own if path.name == "__init__.py" else own[:-1]
    source = path.read_text(encoding="utf-8") if text is None else text
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "doorstroom" and len(parts) > 1 else None


@cache
def imports() -> dict[tuple[str, str], list[str]]:
    """(app, imported app) -> the files of `app` that import it."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        app = _app(".".join(_module_name(path)))
        if app is None:
            continue
        for module in _imported(path):
            target = _app(module)
            if target is not None and target != app and (PACKAGE / target).is_dir():
                files = found.setdefault((app, target), [])
                if str(path.relative_to(PACKAGE)) not in files:
                    files.append(str(path.relative_to(PACKAGE)))
    return found


def _reach(edges: set[tuple[str, str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        for a, b in edges:
            if a == node and b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


def _cycles(edges: set[tuple[str, str]]) -> list[set[str]]:
    """The groups of apps that reach each other (strongly connected, more than one app)."""
    apps = {app for edge in edges for app in edge}
    reach = {app: _reach(edges, app) for app in apps}
    groups = {frozenset({app} | {b for b in reach[app] if app in reach[b]}) for app in apps}
    return [set(group) for group in groups if len(group) > 1]


def test_the_parser_sees_deferred_and_relative_imports() -> None:
    source = (
        "from . import errors\n"
        "def f():\n"
        "    from doorstroom.mandates.models import Evidence\n"
        "    import doorstroom.outbox.delivery\n"
    )
    found = set(_imported(PACKAGE / "common" / "clock.py", source))
    assert {"doorstroom.common.errors", "doorstroom.mandates.models"} <= found
    assert "doorstroom.outbox.delivery" in found


def test_common_imports_no_domain_app() -> None:
    wrong = {
        f"common -> {target}: {', '.join(files)}"
        for (app, target), files in imports().items()
        if app == "common" and target not in COMMON_MAY_IMPORT
    }
    assert not wrong, "common/ is a leaf (move the code to operations/ or its app):\n" + "\n".join(
        sorted(wrong)
    )


def test_rules_import_nothing_of_the_project() -> None:
    assert not [pair for pair in imports() if pair[0] == "rules"]


def test_nothing_imports_operations() -> None:
    wrong = {
        f"{app} -> {TOP}: {', '.join(files)}"
        for (app, target), files in imports().items()
        if target == TOP
    }
    assert not wrong, "operations/ is the top of the graph:\n" + "\n".join(sorted(wrong))


def test_signatures_never_call_mandates_services() -> None:
    wrong = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "signatures").rglob("*.py")
        if any(m.startswith("doorstroom.mandates.services") for m in _imported(path))
    ]
    assert not wrong


def test_imports_between_domain_apps_go_down_the_layers() -> None:
    rank = {app: n for n, app in enumerate(LAYERS)}
    up = {
        f"{a} -> {b}: {', '.join(files)}"
        for (a, b), files in imports().items()
        if a in rank and b in rank and rank[a] < rank[b]
    }
    assert not up, (
        "these imports go up the layers (docs/architecture.md *Layers*): move the code up, "
        "move the shared state down, or pass values or a callable in from above:\n"
        + "\n".join(sorted(up))
    )


def test_every_app_has_its_place() -> None:
    placed = {"common", "rules", *LAYERS, *ABOVE_THE_DOMAIN}
    folders = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert folders == placed, folders ^ placed


def test_the_domain_imports_nothing_built_on_it() -> None:
    wrong = {
        f"{a} -> {b}: {', '.join(files)}"
        for (a, b), files in imports().items()
        if a in LAYERS and b in ABOVE_THE_DOMAIN
    }
    assert not wrong, "\n".join(sorted(wrong))


def test_no_cycle_between_apps() -> None:
    assert not _cycles(set(imports())), _cycles(set(imports()))


def test_no_cycle_reaches_the_leaf_or_the_top() -> None:
    for component in _cycles(set(imports())):
        assert not component & {"common", "rules", TOP, "config", "web", "benchdata"}, component
