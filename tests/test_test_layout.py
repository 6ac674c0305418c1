"""Tests find their fixtures and helpers where a newcomer would look: read from their own code.

pytest finds fixtures in conftest.py files: the root one holds those the tests of more than one
app use, an app's `tests/conftest.py` that app's own (a fixture only one test module uses may stay
in it). Plain helpers and constants live in the owning app's `tests/factories.py` (the browser
journeys' `Journey` in `tests/e2e/journey.py`) and are imported from there. So:
- no test file imports from a conftest (pytest loads it itself) or from a test module (a test
  module is for pytest to collect, not a library; an imported test would also run twice);
- no module that is neither a conftest nor a test module defines a fixture (only an import
  could bring it into play);
- every module named test_* holds tests (one holding only fixtures or helpers misleads)."""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "manx_learning"


def _test_files() -> list[Path]:
    """Every module of the tests: the apps' tests packages, tests/ and the root conftest."""
    in_apps = (path for path in PACKAGE.rglob("*.py") if "tests" in path.relative_to(ROOT).parts)
    return sorted([*in_apps, *(ROOT / "tests").rglob("*.py"), ROOT / "conftest.py"])


def _is_test_module(path: Path) -> bool:
    return path.name.startswith("test_")  # pytest's python_files in pyproject.toml


def _forbidden(name: str) -> bool:
    return name == "conftest" or name.startswith("test_")


def _imported(node: ast.AST) -> Iterator[str]:
    """The modules (and, for `from M import N`, the names N) an import statement names."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        module = "." * node.level + (node.module or "")
        yield module
        for alias in node.names:
            yield f"{module.rstrip('.')}.{alias.name}" if node.module else f"{module}{alias.name}"


def _bad_imports(source: str) -> list[str]:
    """`line: module` for each import, at any depth, from a conftest or a test_* module (or of
    a name of one, as in `from pkg import conftest` or `from test_x import test_y`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        for module in _imported(node):
            if _forbidden(module.rsplit(".", 1)[-1]):
                found.append(f"{node.lineno}: {module}")
    return found


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr == "fixture" and getattr(target.value, "id", None) == "pytest"
    return isinstance(target, ast.Name) and target.id == "fixture"


def _fixtures(source: str) -> list[str]:
    """`line: name` for each function decorated as a pytest fixture."""
    return [
        f"{node.lineno}: {node.name}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(_is_fixture(decorator) for decorator in node.decorator_list)
    ]


def _holds_tests(source: str) -> bool:
    """Whether a module defines a test function or a Test class at its top level, as pytest
    collects them (python_functions and python_classes left at their defaults)."""
    return any(
        (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"))
        or (isinstance(node, ast.ClassDef) and node.name.startswith("Test"))
        for node in ast.parse(source).body
    )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_no_test_file_imports_from_a_conftest_or_a_test_module():
    found = {
        str(path.relative_to(ROOT)): bad
        for path in _test_files()
        if (bad := _bad_imports(_read(path)))
    }
    assert found == {}, (
        "Fixtures are found by pytest, never imported: move shared ones to a conftest.py above "
        "every test that uses them, and helpers or constants to the app's tests/factories.py "
        f"(see docs/architecture.md): {found}"
    )


def test_fixtures_are_defined_only_in_conftests_and_test_modules():
    found = {
        str(path.relative_to(ROOT)): fixtures
        for path in _test_files()
        if path.name != "conftest.py" and not _is_test_module(path)
        if (fixtures := _fixtures(_read(path)))
    }
    assert found == {}, (
        "A fixture in a module that is neither a conftest nor a test module is found only where "
        f"it is imported: move it to the conftest.py above the tests that use it: {found}"
    )


def test_every_test_module_holds_tests():
    empty = [
        str(path.relative_to(ROOT))
        for path in _test_files()
        if _is_test_module(path) and not _holds_tests(_read(path))
    ]
    assert empty == [], (
        "These test modules hold no tests: fixtures belong in a conftest.py, helpers in the "
        f"app's tests/factories.py: {empty}"
    )


def test_the_layout_checks_catch_what_they_should():
    assert _bad_imports("from conftest import PASSWORD") == ["1: conftest"]
    assert _bad_imports("from .conftest import answer") == ["1: .conftest"]
    assert _bad_imports("from . import conftest") == ["1: .conftest"]
    assert _bad_imports("import tests.e2e.conftest") == ["1: tests.e2e.conftest"]
    assert _bad_imports("from manx_learning.a.tests.test_b import make\n") == [
        "1: manx_learning.a.tests.test_b"
    ]
    assert _bad_imports("from manx_learning.a.tests import test_b") == [
        "1: manx_learning.a.tests.test_b"
    ]
    assert _bad_imports("def test_x():\n    from conftest import PASSWORD\n") == ["2: conftest"]
    assert _bad_imports("from manx_learning.accounts.tests.factories import PASSWORD") == []
    assert _bad_imports("from tests.e2e.journey import Journey") == []

    fixtures = (
        "import pytest\nfrom pytest import fixture\n\n"
        "@pytest.fixture\ndef a(): ...\n\n"
        '@pytest.fixture(name="b", autouse=True)\ndef fixture_b(): ...\n\n'
        "@fixture\ndef c(): ...\n\n"
        '@pytest.mark.usefixtures("a")\ndef test_d(): ...\n'
    )
    assert _fixtures(fixtures) == ["5: a", "8: fixture_b", "11: c"]
    assert _is_test_module(Path("test_views.py")) and not _is_test_module(Path("factories.py"))
    assert _holds_tests("def test_a(): ...") and _holds_tests("class TestA: ...")
    assert not _holds_tests(fixtures.replace("def test_d", "def d"))
