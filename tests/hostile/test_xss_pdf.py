"""PDFs are made from HTML that holds stored text. Were any of it ever to reach the HTML as
markup, WeasyPrint would fetch what it names (a file on the server, an internal address) into
the PDF; the renderer fetches nothing (issue #12)."""

import io

from PIL import Image
from pypdf import PdfReader

from manx_learning.core.pdf import render_pdf


def test_a_pdf_never_fetches_a_file_its_html_names(tmp_path, settings):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), "red").save(secret)
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"hostile.html": f'<p>A report</p><img src="file://{secret}" alt="">'},
                    )
                ]
            },
        }
    ]
    reader = PdfReader(io.BytesIO(render_pdf("hostile.html", {}, title="Report")))
    assert "A report" in reader.pages[0].extract_text()
    assert [image.name for page in reader.pages for image in page.images] == []
