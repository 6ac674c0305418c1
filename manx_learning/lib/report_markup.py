"""A published report's text, as structured text, to HTML for the page and the PDF.

The anonymiser works on text, so a report's structure travels through it as a small part of
Markdown (CommonMark with tables), which `lib/anonymiser/documents.py` writes for .docx and text
PDFs and which .md files already are:

- `# Heading` (the document's top level) … `###### Heading`; blank lines between blocks;
- paragraphs, whose lines are joined (as in Markdown: text files and PDFs that cannot be laid
  out wrap their lines; a blank line starts a new paragraph);
- `- item` and `1. item` lists, nested by indentation;
- pipe tables (`| a | b |`, then `| --- | --- |`), whose first row is the header row.

What reports hold that could hide or change text is switched off, so everything the reviewer
checked is shown and nothing else: raw HTML is shown as text, links and images as their text
(`[x](url)` stays literal: a URL could carry a name, and the reviewer saw it as text), link
reference definitions (which Markdown would otherwise drop) as paragraphs, and indented lines as
ordinary paragraphs rather than code. Emphasis and code spans are kept.

Headings are moved down one level (`#` becomes `<h2>`): the page's own `<h1>` is the title."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Rules that could hide text or turn it into something the reviewer did not see.
_OFF = ["html_block", "html_inline", "link", "image", "autolink", "reference", "code"]

# GOV.UK Frontend classes for the elements a report can hold.
_CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "table_open": "govuk-table",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
    "blockquote_open": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
}
_HEADING_CLASSES = {"h2": "govuk-heading-l", "h3": "govuk-heading-m"}


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"breaks": False, "html": False}).enable("table").disable(_OFF)


_MD = _parser()


def _heading_down(token: Token) -> None:
    level = min(int(token.tag[1]) + 1, 6)
    token.tag = f"h{level}"
    if token.type == "heading_open":
        token.attrSet("class", _HEADING_CLASSES.get(token.tag, "govuk-heading-s"))


def _style(tokens: list[Token]) -> list[Token]:
    """GOV.UK classes, headings one level down, header cells scoped, tables in a scroll region
    (a wide table scrolls on a phone instead of widening the page)."""
    styled: list[Token] = []
    tables = 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            _heading_down(token)
        elif token.type in _CLASSES:
            token.attrSet("class", _CLASSES[token.type])
        if token.type == "th_open":
            token.attrSet("scope", "col")
        if token.type == "table_open":
            tables += 1
            styled.append(
                _html_block(
                    f'<div class="app-table-scroll" tabindex="0" '
                    f'role="region" aria-label="Table {tables}">'
                )
            )
        styled.append(token)
        if token.type == "table_close":
            styled.append(_html_block("</div>"))
    return styled


def _html_block(html: str) -> Token:
    token = Token("html_block", "", 0)
    token.content = html + "\n"
    return token


def report_html(text: str) -> str:
    """The structured text as HTML with GOV.UK classes; every piece of text escaped."""
    env: dict[str, Any] = {}
    tokens = _style(_MD.parse(text, env))
    return _MD.renderer.render(tokens, _MD.options, env)
