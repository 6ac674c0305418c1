"""The layers declared in `manx_learning.layers` hold: read from the code's own imports.

An import that runs up the layers (or sideways into another app of the same layer), or a
cross-app import inside a function (outside `AppConfig.ready()`), is a violation. The
framework-free modules import neither Django nor any app.
With every import running downwards the apps cannot form a cycle; the cycle test checks that
directly too, so a future exception to the layer rule could not quietly bring one back."""

import ast
from collections.abc import Iterator
from pathlib import Path

from manx_learning.layers import LAYERS, layer_of

PACKAGE = Path(__file__).resolve().parent.parent / "manx_learning"

# (importing app, imported app, "module" or "in <function>") still to be removed.
KNOWN_VIOLATIONS = frozenset({})


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


def test_no_import_runs_up_the_layers_or_hides_in_a_function():
    found = _violations()
    assert found == {}, (
        "These imports run up the layers or hide inside a function. Import only from apps "
        "below (see manx_learning/layers.py and docs/architecture.md), or use the hook "
        f"registered in AppConfig.ready(): {found}"
    )


def _app_graph() -> dict[str, set[str]]:
    apps = _apps()
    graph: dict[str, set[str]] = {app: set() for app in apps}
    for app, path in _modules():
        for module, _, _ in _imports(path):
            parts = module.split(".")
            inside = parts[0] == "manx_learning" and len(parts) > 1
            if inside and parts[1] in apps and parts[1] != app:
                graph[app].add(parts[1])
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of app imports, or [] (depth-first search with a path stack)."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(app: str) -> list[str]:
        state[app] = "open"
        path.append(app)
        for target in sorted(graph[app]):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[app] = "done"
        path.pop()
        return []

    for app in sorted(graph):
        if app not in state and (found := visit(app)):
            return found
    return []


def test_the_apps_import_each_other_without_a_cycle():
    assert _cycle(_app_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []
