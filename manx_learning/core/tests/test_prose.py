"""What people type into a text box is shown as they meant it: paragraphs, bullets, numbers."""

from django.template import Context, Template

PAGE = Template("{% load prose %}{{ text|prose }}")


def _render(text: str) -> str:
    return PAGE.render(Context({"text": text}))


def test_dashes_become_a_bulleted_list_after_a_lead_in_line():
    html = _render("What went well:\n- Police shared the DA notification\n- The HV visited")
    assert html == (
        '<p class="govuk-body">What went well:</p>\n'
        '<ul class="govuk-list govuk-list--bullet"><li>Police shared the DA notification</li>'
        "<li>The HV visited</li></ul>"
    )


def test_numbers_become_a_numbered_list_and_blank_lines_separate_paragraphs():
    html = _render("First para\nstill first\n\n1. Ask\n2) Check\n\nLast")
    assert '<p class="govuk-body">First para<br>still first</p>' in html
    assert '<ol class="govuk-list govuk-list--number"><li>Ask</li><li>Check</li></ol>' in html
    assert html.endswith('<p class="govuk-body">Last</p>')


def test_stars_and_bullet_characters_are_bullets_too_and_a_dash_inside_a_line_is_not():
    html = _render("* one\n• two\nA well-known risk - said twice")
    assert "<li>one</li><li>two</li>" in html
    assert '<p class="govuk-body">A well-known risk - said twice</p>' in html


def test_everything_typed_is_escaped():
    html = _render('- <script>alert(1)</script>\n"><img src=x onerror=alert(1)>')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_nothing_typed_gives_nothing():
    assert _render("") == "" and _render("  \n\n ") == ""
