"""A report's headings, paragraphs, lists and tables survive extraction (.docx, text PDF,
Markdown) as structured text, and come out of it as HTML (issue #13, item 3)."""

import re

import docx
import pytest
from pypdf import PdfReader
from weasyprint import HTML

from manx_learning.lib.anonymiser import anonymise, parse_register
from manx_learning.lib.anonymiser.documents import extract_text
from manx_learning.lib.report_markup import report_html

WRAPPING = (
    "The panel found that agencies did not share what they knew about the family, and that "
    "the plan was not reviewed when the family moved house twice in one year. "
) * 3


def _word_report(path):
    document = docx.Document()
    document.add_heading("Child M: Serious Case Management Review", 0)
    document.add_heading("Introduction", 1)
    document.add_paragraph("The Board commissioned this review after Jayden Kinrade was hurt.")
    document.add_paragraph("A second paragraph.")
    document.add_heading("Terms of reference", 2)
    document.add_paragraph("Whether agencies shared information", style="List Bullet")
    document.add_paragraph("Whether the plan was followed", style="List Bullet")
    document.add_paragraph("When the family moved", style="List Bullet 2")
    document.add_paragraph("Share the plan with the school", style="List Number")
    document.add_paragraph("Review the plan on every move", style="List Number")
    bold = document.add_paragraph()
    bold.add_run("What went well").bold = True
    document.add_paragraph("The school nurse persisted.")
    table = document.add_table(rows=3, cols=3)
    for column, text in enumerate(["Agency", "Contacts", "Notes"]):
        table.cell(0, column).text = text
    table.cell(1, 0).text = "Police"
    table.cell(1, 1).text = "4"
    table.cell(1, 2).text = "Saw Jayden Kinrade | twice"
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Both agencies"
    table.cell(2, 2).text = "Met once"
    document.add_paragraph("Closing paragraph.")
    document.save(path)
    return path


def test_a_word_report_keeps_its_headings_paragraphs_lists_and_tables(tmp_path):
    text = extract_text(_word_report(tmp_path / "report.docx")).text
    assert text == (
        "# Child M: Serious Case Management Review\n\n"
        "# Introduction\n\n"
        "The Board commissioned this review after Jayden Kinrade was hurt.\n\n"
        "A second paragraph.\n\n"
        "## Terms of reference\n\n"
        "- Whether agencies shared information\n"
        "- Whether the plan was followed\n"
        "    - When the family moved\n\n"
        "1. Share the plan with the school\n"
        "2. Review the plan on every move\n\n"
        "### What went well\n\n"
        "The school nurse persisted.\n\n"
        "| Agency | Contacts | Notes |\n"
        "| --- | --- | --- |\n"
        "| Police | 4 | Saw Jayden Kinrade \\| twice |\n"
        "| Both agencies |  | Met once |\n\n"
        "Closing paragraph."
    )


def test_the_structure_reaches_the_html_with_govuk_styles(tmp_path):
    page = report_html(extract_text(_word_report(tmp_path / "report.docx")).text)
    # The page's own h1 is the published title: the report's top level is h2.
    assert '<h2 class="govuk-heading-l">Introduction</h2>' in page
    assert '<h3 class="govuk-heading-m">Terms of reference</h3>' in page
    assert '<h4 class="govuk-heading-s">What went well</h4>' in page
    assert "<p" + ' class="govuk-body">A second paragraph.</p>' in page
    assert re.search(
        r'<ul class="govuk-list govuk-list--bullet">\s*<li>Whether agencies shared information'
        r"</li>\s*<li>Whether the plan was followed\s*<ul[^>]*>\s*<li>When the family moved",
        page,
    )
    assert re.search(r'<ol class="govuk-list govuk-list--number">\s*<li>Share the plan', page)
    assert '<th class="govuk-table__header" scope="col">Contacts</th>' in page
    assert '<td class="govuk-table__cell">Saw Jayden Kinrade | twice</td>' in page
    assert 'role="region" aria-label="Table 1"' in page


def test_nothing_a_report_holds_becomes_markup_or_disappears():
    page = report_html(
        "Agencies <script>alert(1)</script> met.\n\n"
        "[the plan](https://example.org/jayden-kinrade) and ![photo](x.png)\n\n"
        "[1]: https://example.org/footnote\n\n"
        "    An indented line.\n\n"
        "Line one\nline two"
    )
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "[the plan](https://example.org/jayden-kinrade)" in page  # shown, not a link
    assert "<a " not in page and "<img" not in page
    assert "[1]: https://example.org/footnote" in page  # a reference definition is kept
    assert '<p class="govuk-body">An indented line.</p>' in page  # not a code block
    assert "Line one\nline two</p>" in page  # a wrapped line carries on the paragraph


def test_markdown_reports_pass_through(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("# Findings\n\n- one\n- two\n\n| a | b |\n| - | - |\n| 1 | 2 |\n")
    page = report_html(extract_text(path).text)
    assert '<h2 class="govuk-heading-l">Findings</h2>' in page
    assert "<li>two</li>" in page and '<td class="govuk-table__cell">2</td>' in page


def test_anonymising_the_structured_text_keeps_the_structure(tmp_path):
    text = extract_text(_word_report(tmp_path / "report.docx")).text
    register = parse_register({"people": [{"pseudonym": "Child A", "names": ["Jayden Kinrade"]}]})
    result = anonymise(text, register)
    page = report_html(result.text)
    assert "Jayden" not in page
    assert '<td class="govuk-table__cell">Saw Child A | twice</td>' in page
    assert "<li>Whether the plan was followed" in page


PDF_STYLE = """
@page { size: A4; margin: 2.5cm;
  @top-right { content: "OFFICIAL SENSITIVE"; font-size: 8pt }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt } }
body { font-family: "DejaVu Sans"; font-size: 11pt; line-height: 1.3 }
h1 { font-size: 20pt } h2 { font-size: 15pt } h3 { font-size: 11pt; font-weight: bold }
table { border-collapse: collapse } th, td { border: 0.5pt solid black; padding: 3pt }
"""


def _pdf_report(path, findings: int = 6):
    body = f"""
    <h1>Child M: Serious Case Management Review</h1>
    <h2>1. Introduction</h2>
    <p>{WRAPPING}</p>
    <p>A second, short paragraph.</p>
    <h3>Terms of reference</h3>
    <ul><li>Whether agencies shared information</li>
        <li>Whether the plan was followed and reviewed each time the family moved, which the
            panel thought mattered most of all to what happened next</li></ul>
    <ol><li>Share the plan with the school</li><li>Review the plan on every move</li></ol>
    <table><tr><th>Agency</th><th>Contacts</th><th>Notes</th></tr>
      <tr><td>Police</td><td>4</td><td>Two visits</td></tr>
      <tr><td>Noble's Hospital</td><td>2</td><td>An ED attendance and a follow-up appointment
          that was not attended</td></tr></table>
    <h2>2. Findings</h2>
    {"".join(f"<p>Finding {n}. {WRAPPING}</p>" for n in range(1, findings + 1))}
    <p>Last paragraph.</p>"""
    html = f"<html><head><style>{PDF_STYLE}</style></head><body>{body}</body></html>"
    HTML(string=html).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory):
    path = _pdf_report(tmp_path_factory.mktemp("pdf") / "report.pdf")
    assert len(PdfReader(path).pages) >= 2  # so paragraphs, headers and footers cross pages
    return extract_text(path).text


def test_a_text_pdf_keeps_its_headings(pdf_text):
    headings = [line for line in pdf_text.split("\n") if line.startswith("#")]
    assert headings == [
        "# Child M: Serious Case Management Review",
        "## 1. Introduction",
        "### Terms of reference",
        "## 2. Findings",
    ]


def test_a_text_pdf_keeps_paragraphs_whole_even_over_a_page_break(pdf_text):
    blocks = pdf_text.split("\n\n")
    assert WRAPPING.strip() in blocks
    assert "A second, short paragraph." in blocks
    for n in range(1, 7):  # several run over the page break, and each is still one paragraph
        assert f"Finding {n}. {WRAPPING.strip()}" in blocks
    assert blocks[-1] == "Last paragraph."


def test_a_text_pdf_keeps_its_lists_and_tables(pdf_text):
    assert (
        "- Whether agencies shared information\n- Whether the plan was followed and reviewed "
        "each time the family moved, which the panel thought mattered most of all to what "
        "happened next"
    ) in pdf_text
    assert "1. Share the plan with the school\n2. Review the plan on every move" in pdf_text
    assert (
        "| Agency | Contacts | Notes |\n| --- | --- | --- |\n| Police | 4 | Two visits |\n"
        "| Noble's Hospital | 2 | An ED attendance and a follow-up appointment that was not "
        "attended |"
    ) in pdf_text


def test_a_text_pdf_leaves_out_running_headers_and_page_numbers_and_no_words(pdf_text):
    assert "OFFICIAL SENSITIVE" not in pdf_text
    assert not re.search(r"Page \d+ of \d+", pdf_text)
    words = set(re.findall(r"[A-Za-z']+", WRAPPING + "Noble's Hospital attended"))
    assert words <= set(re.findall(r"[A-Za-z']+", pdf_text))
