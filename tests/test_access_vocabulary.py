"""Access is decided in one vocabulary: roles and capabilities belong to `accounts`, and every
app guards its services with the one `accounts.permissions.require`. This test reads the code
and fails on a raw role check or a private copy of the guard outside accounts."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "manx_learning"


def _app_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or parts[0] == "accounts" or "migrations" in parts or "tests" in parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_app_but_accounts_asks_for_a_role_directly():
    calls = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path, tree in _app_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "has_role"
    ]
    assert calls == [], f"Ask accounts.permissions (is_agency_lead, capabilities...): {calls}"


def test_services_use_the_one_guard_not_a_private_copy():
    copies = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"
        for path, tree in _app_modules()
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.name in {"_require", "_require_manager", "require"}
    ]
    assert copies == [], f"Use accounts.permissions.require(allowed, message): {copies}"
