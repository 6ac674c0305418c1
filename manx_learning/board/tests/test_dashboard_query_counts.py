"""The dashboard costs the same number of queries however much history the board has: more
approved reviews waiting to be published, more briefings sent to the agency."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from manx_learning.accounts.models import Role
from manx_learning.briefings.models import Briefing, BriefingSend
from manx_learning.reviews.models import Review, Stage

pytestmark = pytest.mark.django_db


def _approved_reviews(count, police, police_lead):
    start = Review.objects.count()
    for number in range(start, start + count):
        Review.objects.create(
            reference=f"SCMR-2026-{number:03d}",
            title=f"Child {number}",
            kind="scmr",
            stage=Stage.APPROVED,
            referring_agency=police,
            referred_by=police_lead,
            referrer_name="DI Lee Police",
            referral_source="Police rapid review",
            harm="seriously_harmed",
            abuse_neglect="suspected",
            concern="Information was not shared.",
            referral_date=date(2026, 3, 2),
        )


def _briefings_sent(count, police, officer):
    sections = dict.fromkeys(
        ["background", "why_it_matters", "key_learning", "what_worked_well"], "Text."
    ) | dict.fromkeys(["what_to_think_about", "what_to_do"], "Text.")
    questions = {f"question_{n}": "Why?" for n in (1, 2, 3)}
    for number in range(count):
        briefing = Briefing.objects.create(
            title=f"Briefing {number}", created_by=officer, **sections, **questions
        )
        send = BriefingSend.objects.create(
            briefing=briefing, roles=[Role.AGENCY_LEAD, Role.PRACTITIONER], sent_by=officer
        )
        send.agencies.set([police])


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    return len(queries)


def test_the_business_unit_dashboard_does_not_grow_with_approved_reviews(
    client, business_unit_officer, police, police_lead
):
    _approved_reviews(2, police, police_lead)
    few = _queries(client, business_unit_officer)
    _approved_reviews(15, police, police_lead)  # more than the dashboard lists one by one
    assert _queries(client, business_unit_officer) == few


def test_an_agency_lead_s_dashboard_does_not_grow_with_briefings_sent(
    client, police_lead, police, business_unit_officer
):
    _briefings_sent(1, police, business_unit_officer)
    few = _queries(client, police_lead)
    _briefings_sent(8, police, business_unit_officer)
    assert _queries(client, police_lead) == few
