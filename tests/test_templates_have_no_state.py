"""No state is decided in a template: status words, tag colours and what to show come from Python.

Every template under `manx_learning/*/templates/` is read with Django's own lexer, and every
`{% if %}` and `{% elif %}` is checked: comparing with `==`, `!=`, `<`, `>`, `<=`, `>=`, `in` or
`not in` against a literal (a quoted string, a number, `None`, `True` or `False`) fails, naming
the file and line. Compare names Python provides instead, or better, test a boolean Python names
(`{% if can_edit %}`, `{% if review.is_closed %}`): a model property or method, a selector, or a
flag in the view's context. Tag colours come from one mapping per kind (e.g. `Rag.tag`,
`Review.stage_tag`, `Verdict.tag`).

There is no allow-list: no template needs such a comparison. Checks that are not comparisons
(`{% if x is not None %}` for an optional number, `{% if field.errors %}`) are fine."""

import re
from collections.abc import Iterator
from pathlib import Path

from django.template.base import Lexer, TokenType, Variable
from django.template.exceptions import TemplateSyntaxError
from django.utils.text import smart_split

PACKAGE = Path(__file__).resolve().parent.parent / "manx_learning"

COMPARISONS = {"==", "!=", "<", ">", "<=", ">="}
LITERAL_NAMES = {"None", "True", "False"}
# An operand's variable part, before any filters (a quoted string may contain "|").
_BASE = re.compile(r"""^(_\(.*?\)|"[^"]*"|'[^']*'|[^|]+)""")


def _templates() -> Iterator[Path]:
    for path in sorted(PACKAGE.glob("*/templates/**/*")):
        if path.is_file() and path.suffix in {".html", ".txt"}:
            yield path


def _is_literal(operand: str) -> bool:
    match = _BASE.match(operand)
    base = match.group(1) if match else operand
    if base in LITERAL_NAMES or base.startswith("_("):
        return True
    try:
        return Variable(base).literal is not None
    except TemplateSyntaxError:  # not a valid variable, so not a literal either
        return False


def literal_comparisons(condition: str) -> list[str]:
    """The comparisons in an if/elif condition that have a literal on either side."""
    bits = list(smart_split(condition))
    found = []
    for i, bit in enumerate(bits):
        if bit in COMPARISONS:
            left, right = i - 1, i + 1
        elif bit == "in":
            left = i - 2 if i >= 2 and bits[i - 1] == "not" else i - 1
            right = i + 1
        else:
            continue
        operands = [bits[j] for j in (left, right) if 0 <= j < len(bits)]
        if any(_is_literal(operand) for operand in operands):
            found.append(" ".join(bits[max(left, 0) : right + 1]))
    return found


def conditions(source: str) -> Iterator[tuple[int, str]]:
    """(line, condition) for every {% if %} and {% elif %} outside comments and verbatim."""
    skipping = None
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        name, _, rest = token.contents.partition(" ")
        if skipping:
            if name == skipping:
                skipping = None
            continue
        if name in {"comment", "verbatim"}:
            skipping = f"end{name}"
        elif name in {"if", "elif"}:
            yield token.lineno, rest.strip()


def _violations() -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)}:{line}: {{% if {comparison} %}}"
        for path in _templates()
        for line, condition in conditions(path.read_text(encoding="utf-8"))
        for comparison in literal_comparisons(condition)
    ]


def test_the_check_finds_literal_comparisons_and_allows_names():
    assert literal_comparisons('review.stage == "commissioning"') == [
        'review.stage == "commissioning"'
    ]
    assert literal_comparisons("x.status != 'draft' and not y") == ["x.status != 'draft'"]
    assert literal_comparisons("similar|length == 1") == ["similar|length == 1"]
    assert literal_comparisons('kind not in "a b"') == ['kind not in "a b"']
    assert literal_comparisons('"open" in statuses') == ['"open" in statuses']
    assert literal_comparisons("value == None") == ["value == None"]
    assert literal_comparisons('item.pk|stringformat:"s" in recorded') == []
    assert literal_comparisons("row.done == row.actions") == []
    assert literal_comparisons("score is not None and can_edit") == []
    assert literal_comparisons("not review.is_closed") == []


def test_the_check_reads_every_if_and_elif_but_not_comments():
    source = (
        '{% if a == "x" %}{% elif b > 2 %}{% endif %}\n'
        '{% comment %}{% if c == "y" %}{% endcomment %}{# {% if d == "z" %} #}\n'
        "{% for e in f %}{% endfor %}"
    )
    assert list(conditions(source)) == [(1, 'a == "x"'), (1, "b > 2")]


def test_the_templates_are_found():
    assert len(list(_templates())) > 200


def test_no_template_compares_with_a_literal():
    found = _violations()
    assert found == [], (
        "These templates decide state by comparing with a literal. Give them a boolean or a "
        "value named in Python instead (a model property, a selector, or a flag in the view's "
        "context); see this test's docstring:\n" + "\n".join(found)
    )
