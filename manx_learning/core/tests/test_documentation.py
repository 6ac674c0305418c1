"""Documentation is tested: a command or setting that is not in the README fails the build."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))


def test_every_project_command_is_documented_in_the_readme():
    ours = sorted(name for name, app in get_commands().items() if app.startswith("manx_learning"))
    assert ours, "the project has commands of its own"
    missing = [name for name in ours if f"manx-learning {name}" not in README]
    assert not missing, f"document these in README.md: {missing}"


def test_every_environment_setting_is_documented():
    source = (ROOT / "manx_learning" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z_]+)"', source))
    missing = sorted(name for name in names if f"`{name}`" not in README)
    assert not missing, f"document these settings in README.md: {missing}"


def test_the_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
    assert "Python 3.12" in README
