"""Every app has the same shape, so a newcomer knows where to look: its URL patterns are listed
in its `urls.py` and nowhere else (views modules define views only)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "manx_learning"


def _defines_urlpatterns(tree: ast.Module) -> bool:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(getattr(target, "id", None) == "urlpatterns" for target in targets):
            return True
    return False


def test_url_patterns_are_listed_only_in_urls_modules():
    elsewhere = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "urls.py"
        and "tests" not in path.parts
        and _defines_urlpatterns(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert elsewhere == []


def test_every_app_has_a_urls_module_or_no_pages():
    for apps_py in sorted(PACKAGE.glob("*/apps.py")):
        app = apps_py.parent
        has_views = (app / "views.py").exists() or (app / "views").is_dir()
        assert not has_views or (app / "urls.py").exists(), f"{app.name} has views but no urls.py"


def test_large_modules_are_packages_named_as_everywhere_not_suffixed_files():
    """`forms/plans.py`, as `views/plans.py`; never `forms_plans.py` beside them."""
    suffixed = [
        str(path.relative_to(PACKAGE))
        for kind in ("forms", "views", "services", "selectors", "models")
        for path in PACKAGE.glob(f"*/{kind}_*.py")
    ]
    assert suffixed == []
