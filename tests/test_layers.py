"""The layers declared in `manx_learning.layers` hold: read from the code's own imports.

An import that runs up the layers (or sideways into another app of the same layer), or a
cross-app import inside a function (outside `AppConfig.ready()`), is a violation. The
framework-free modules import neither Django nor any app.

`KNOWN_VIOLATIONS` is the list of violations that issue 11 is still removing. It may only
shrink: a new violation fails, and so does an entry that no longer occurs (remove it)."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from manx_learning.layers import LAYERS, layer_of

PACKAGE = Path(__file__).resolve().parent.parent / "manx_learning"

# (importing app, imported app, "module" or "in <function>") still to be removed.
KNOWN_VIOLATIONS = frozenset(
    {
        ("actions", "reviews", "module"),
        ("assurance", "publishing", "in briefing_reach_record"),
        ("audits", "assurance", "module"),
        ("dataset", "assurance", "in indicator_comparison"),
        ("dataset", "assurance", "in signal_record_evidence"),
        ("dataset", "assurance", "module"),
        ("feedback", "assurance", "module"),
        ("publishing", "assurance", "in _refresh_qa_evidence"),
        ("publishing", "assurance", "module"),
        ("reviews", "assurance", "in board_approve"),
        ("reviews", "assurance", "module"),
    }
)


def _apps() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()} | {"lib"}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or "migrations" in parts or "tests" in parts:
            continue
        yield parts[0], path


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        if node.module == "manx_learning":
            return [f"manx_learning.{alias.name}" for alias in node.names]
        return [node.module]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def _enclosing_function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node.name
    return None


def _imports(path: Path) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, enclosing function or None, line) for each import in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        for module in _imported(node):
            yield module, _enclosing_function(node, parents), getattr(node, "lineno", 0)


def _violations() -> dict[tuple[str, str, str], list[str]]:
    """Each violation, keyed as in KNOWN_VIOLATIONS, with the places it occurs."""
    found: dict[tuple[str, str, str], list[str]] = {}
    apps = _apps()
    for app, path in _modules():
        for module, function, line in _imports(path):
            parts = module.split(".")
            if parts[0] != "manx_learning" or len(parts) < 2:
                continue
            target = parts[1]
            if target == app or target not in apps:
                continue
            place = f"{path.relative_to(PACKAGE)}:{line}"
            if function and function != "ready":
                key = (app, target, f"in {function}")
                found.setdefault(key, []).append(place)
            if layer_of(target) >= layer_of(app):
                found.setdefault((app, target, "module"), []).append(place)
    return found


def test_every_app_is_declared_in_exactly_one_layer():
    declared = [app for layer in LAYERS for app in layer]
    assert len(declared) == len(set(declared))
    assert set(declared) == _apps()


def test_framework_free_modules_import_neither_django_nor_any_app():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for app, path in _modules()
        if app == "lib"
        for module, _, line in _imports(path)
        if module.split(".")[0] == "django"
        or (module.startswith("manx_learning.") and not module.startswith("manx_learning.lib"))
    ]
    assert offenders == []


def test_no_import_runs_up_the_layers_beyond_the_known_list():
    new = {key: places for key, places in _violations().items() if key not in KNOWN_VIOLATIONS}
    assert new == {}, (
        "These imports run up the layers or hide inside a function. Import only from apps "
        "below (see manx_learning/layers.py and docs/architecture.md), or use the hook "
        f"registered in AppConfig.ready(): {new}"
    )


@pytest.mark.parametrize("key", sorted(KNOWN_VIOLATIONS))
def test_a_known_violation_is_removed_from_the_list_once_fixed(key):
    assert key in _violations(), f"{key} no longer occurs: remove it from KNOWN_VIOLATIONS"
