"""The production recipe: scripts/deploy-check runs docs/deployment.md's own commands, and the
compiled stylesheet refers to no file the build does not ship (a missing one stops
`collectstatic`, and then every page of a production site answers 500). The whole check, with
gunicorn on a fresh PostgreSQL database, runs in .ci/run."""

import re
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "deploy-check"


def _load():
    loader = SourceFileLoader("deploy_check", str(SCRIPT))
    module = module_from_spec(spec_from_loader("deploy_check", loader))
    loader.exec_module(module)
    return module


dc = _load()


def test_it_runs_the_release_and_server_commands_the_document_gives():
    release, gunicorn = dc.documented_commands()
    assert release[:2] == [
        "manx-learning migrate --noinput",
        "manx-learning collectstatic --noinput",
    ]
    assert "manx-learning check --deploy" in release
    assert gunicorn.startswith("gunicorn manx_learning.wsgi --bind ")


def test_the_compiled_stylesheet_refers_only_to_files_the_build_ships():
    static = ROOT / "build" / "static"
    css = (static / "css" / "app.css").read_text(encoding="utf-8")
    referred = [ref for ref in dc.CSS_URL.findall(css) if not ref.startswith("data:")]
    missing = [ref for ref in referred if not (static / ref.removeprefix("/static/")).exists()]
    assert missing == []


def test_the_crest_is_never_drawn():
    """This is not a GOV.UK service: the footer crest's rule gets no image."""
    css = (ROOT / "build" / "static" / "css" / "app.css").read_text(encoding="utf-8")
    assert "govuk-crest" not in css
    assert re.search(r"mask-image:\s*none", css)


def test_it_reads_a_pages_stylesheets_scripts_and_their_imports():
    links = dc._Links()
    links.feed(
        '<link rel="stylesheet" href="/static/css/app.1.css"><link rel="icon" href="data:,">'
        '<script type="module" src="/static/js/app.2.mjs"></script><a href="/x">x</a>'
    )
    assert links.assets == ["/static/css/app.1.css", "data:,", "/static/js/app.2.mjs"]
    js = 'import { initAll } from "../govuk/govuk-frontend.min.js";'
    assert dc.JS_IMPORT.findall(js) == ["../govuk/govuk-frontend.min.js"]
