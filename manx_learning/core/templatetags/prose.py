"""`{{ text|prose }}`: what people type into a text box, shown as they meant it.

Blank lines separate paragraphs; lines beginning "- ", "* " or "• " are a bulleted list and lines
beginning "1. " or "1) " a numbered one (GOV.UK list styles); other line breaks are kept. Every
piece of text is escaped: nothing typed becomes markup."""

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

BULLET = re.compile(r"^\s*[-*•]\s+(?P<item>\S.*)$")
NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(?P<item>\S.*)$")
LIST_CLASSES = {"ul": "govuk-list govuk-list--bullet", "ol": "govuk-list govuk-list--number"}


def _kind(line: str) -> tuple[str, str]:
    """("ul" | "ol" | "p", the line's text without its marker)."""
    for kind, pattern in (("ul", BULLET), ("ol", NUMBER)):
        match = pattern.match(line)
        if match:
            return kind, match["item"].strip()
    return "p", line.strip()


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Consecutive lines of one kind, a blank line ending any block."""
    blocks: list[tuple[str, list[str]]] = []
    previous_blank = True
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            previous_blank = True
            continue
        kind, content = _kind(line)
        if blocks and not previous_blank and blocks[-1][0] == kind:
            blocks[-1][1].append(content)
        else:
            blocks.append((kind, [content]))
        previous_blank = False
    return blocks


def _render(kind: str, lines: list[str], paragraph_class: str) -> SafeString:
    if kind == "p":
        first, *rest = lines
        breaks = format_html_join("", "<br>{}", ((line,) for line in rest))
        return format_html('<p class="{}">{}{}</p>', paragraph_class, first, breaks)
    items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
    return format_html('<{} class="{}">{}</{}>', kind, LIST_CLASSES[kind], items, kind)


@register.filter(is_safe=True)
def prose(text: object, paragraph_class: str = "govuk-body") -> SafeString:
    blocks = _blocks(str(text or ""))
    rendered = ((_render(kind, lines, paragraph_class),) for kind, lines in blocks)
    return format_html_join("\n", "{}", rendered)
