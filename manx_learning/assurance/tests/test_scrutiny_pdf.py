"""The scrutiny report's PDF says each action's progress in words a Board member can read."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from manx_learning.assurance import services


def test_the_pdf_names_an_actions_progress_as_the_page_does(
    client, business_unit_officer, judged, police
):
    services.plan_action_add(
        assessment=judged,
        by=business_unit_officer,
        description="Neglect tool training",
        owner_agency=police,
        lead_name="Lee",
        due_date=timezone.localdate() + timedelta(days=10),
        expected_outcome="o",
    )
    client.force_login(business_unit_officer)
    url = reverse("assurance:scrutiny-priority", args=[judged.priority.code])
    pdf = client.get(url, {"format": "pdf"}).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Due soon" in text  # it said "Duesoon": the value with its underscore cut out
    assert "Duesoon" not in text
