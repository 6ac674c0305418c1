"""Tagged PDF (PDF/UA-1) from a Django template, with WeasyPrint.

WeasyPrint is imported when a PDF is made, so pages that never make PDFs do not load it."""

from typing import Any

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any], *, title: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context | {"pdf_title": title})
    # The templates name no file or address (styles are inline), so nothing is fetched: were
    # stored text ever to reach the HTML as markup, an <img src="file:///..."> or an internal
    # address would otherwise be read into the PDF.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    # The title comes from the template's <title>; WeasyPrint has no `metadata` option.
    return document.write_pdf(pdf_variant="pdf/ua-1") or b""
