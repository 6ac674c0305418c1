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


# Public pages find what they show by a public token or slug from their own selectors; every
# other object a view is asked for by its code comes through the app's access helper.
PUBLIC_VIEWS = {
    "publishing/views/public.py",
    "surveys/views/public.py",
    "dataset/views/opendata.py",
}


def _view_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.glob("*/views*.py")) + sorted(PACKAGE.glob("*/views/*.py"))
        if str(path.relative_to(PACKAGE)) not in PUBLIC_VIEWS
    ]


def _looks_up_a_model_directly(call: ast.Call) -> bool:
    """`get_object_or_404(Model, ...)` or `get_object_or_404(Model.objects..., ...)`: a lookup
    by code with no access check. A parent's related manager (`review.recommendations`) is a
    lookup inside an object the access helper has already let through."""
    if getattr(call.func, "id", None) != "get_object_or_404" or not call.args:
        return False
    target = call.args[0]
    while isinstance(target, ast.Call | ast.Attribute):
        if isinstance(target, ast.Attribute) and target.attr == "objects":
            return True
        target = target.func if isinstance(target, ast.Call) else target.value
    return isinstance(target, ast.Name) and target.id[:1].isupper()


def test_views_get_objects_by_code_only_through_the_apps_access_helpers():
    direct = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in _view_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and _looks_up_a_model_directly(node)
    ]
    assert direct == [], "use access.get_<kind>_for(user, code, write=...) instead"


def test_the_lookup_check_catches_a_direct_lookup():
    def first_call(source: str) -> ast.Call:
        return next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))

    assert _looks_up_a_model_directly(first_call("get_object_or_404(Review, code=code)"))
    assert _looks_up_a_model_directly(
        first_call('get_object_or_404(Review.objects.select_related("x"), code=code)')
    )
    assert not _looks_up_a_model_directly(
        first_call("get_object_or_404(review.recommendations, code=code)")
    )


def _service_call(call: ast.Call) -> bool:
    """`call_service(...)`, `services.x(...)` or `<app>_services.x(...)`."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "call_service"
    owner = func.value if isinstance(func, ast.Attribute) else None
    return isinstance(owner, ast.Name) and (
        owner.id == "services" or owner.id.endswith("_services")
    )


def _splatted_service_calls(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _service_call(node)
        and any(keyword.arg is None for keyword in node.keywords)
    ]


def test_calls_into_services_name_their_arguments():
    """No `**form.cleaned_data` passed as a signature: a service's callers can be found by name."""
    splatted = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
        for line in _splatted_service_calls(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert splatted == []


def test_the_naming_check_catches_a_splat():
    assert _splatted_service_calls(ast.parse("call_service(form, s.x, by=u, **form.cleaned_data)"))
    assert _splatted_service_calls(ast.parse("services.review_refer(by=u, **arguments)"))
    assert not _splatted_service_calls(ast.parse("services.x(by=u, title=data['title'])"))
    assert not _splatted_service_calls(ast.parse("Form(post, **choices)"))


# A return is found by its agency and period, so its helper's query starts from the agency.
NOT_THE_MODELS_OWN_HELPER = {"dataset.get_return_for"}


def _imported_from(tree: ast.Module) -> dict[str, str]:
    return {
        alias.asname or alias.name: f"{node.module}.{alias.name}"
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def _kinds_fetched() -> list[tuple[str, str]]:
    """(model, helper) for every `get_<kind>_for` in an app's access.py: the model is the
    queryset's root in its `object_for(user, Model.objects..., ...)` call."""
    found = []
    for path in sorted(PACKAGE.glob("*/access.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sources = _imported_from(tree)
        for node in tree.body:
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("get_")):
                continue
            helper = f"{path.parent.name}.{node.name}"
            for call in ast.walk(node):
                is_object_for = isinstance(call, ast.Call) and (
                    getattr(call.func, "id", None) == "object_for"
                )
                if is_object_for and len(call.args) > 1 and helper not in NOT_THE_MODELS_OWN_HELPER:
                    target = call.args[1]
                    while isinstance(target, ast.Call | ast.Attribute):
                        target = target.func if isinstance(target, ast.Call) else target.value
                    name = getattr(target, "id", "?")
                    found.append((sources.get(name, name), helper))
    return found


def test_one_access_helper_per_object_kind():
    helpers: dict[str, list[str]] = {}
    for model, helper in _kinds_fetched():
        helpers.setdefault(model, []).append(helper)
    assert len(helpers) > 20  # the check found the helpers it is meant to compare
    assert {model: names for model, names in helpers.items() if len(names) > 1} == {}
