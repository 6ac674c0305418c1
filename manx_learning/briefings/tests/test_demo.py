"""The demo board's 7-minute briefing: drawn from the Child M review, published in the public
library, sent to four agencies, read and reflected on by some of their practitioners and not yet
by others, so its reach page shows names and figures to the business unit and each agency lead."""

import csv
import io

import pytest
from django.core.management import call_command

from manx_learning.accounts.models import User
from manx_learning.briefings.models import Acknowledgement, Briefing, BriefingSend

TITLE = "7-minute briefing: joining the dots on exploitation"


@pytest.fixture
def briefing(db) -> Briefing:
    call_command("demo", verbosity=0)
    return Briefing.objects.get(title=TITLE)


def signed_in(client, email: str):
    client.force_login(User.objects.get(email=email))
    return client


def row_of(html: str, text: str) -> str:
    """The table row holding this text."""
    rows = [row for row in html.split("<tr") if text in row]
    assert len(rows) == 1, f"{text!r} is in {len(rows)} rows"
    return rows[0]


def reach_csv(client, briefing: Briefing) -> list[list[str]]:
    response = client.get(f"/briefings/{briefing.code}/reach/?format=csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_is_drawn_from_the_review_and_public(client, briefing):
    assert briefing.review.title == "Child M (demo)"
    assert TITLE in client.get("/learning/").content.decode()
    page = client.get(f"/learning/{briefing.published_item.slug}/").content.decode()
    for text in ("Key learning", "Attendances were not shared", "The school nurse persisted"):
        assert text in page
    assert "What support do I need?" in page


def test_the_business_unit_sees_who_read_it_in_every_agency(client, briefing):
    signed_in(client, "business@demo.test")
    html = client.get(f"/briefings/{briefing.code}/reach/").content.decode()
    for name in ("Owen Callister", "Nia Kinvig", "Liam Faragher", "Megan Kermode", "Rhys Moore"):
        assert "Acknowledged" in row_of(html, name), name
    for name in ("Ffion Teare", "Jess Cain", "Huw Cregeen"):
        assert "Not yet" in row_of(html, name), name
    assert "Escalate in writing to the designated safeguarding lead" in html
    rows = reach_csv(client, briefing)
    by_agency = {row[0]: row[1:] for row in rows[1:]}
    assert by_agency["Manx Care – Noble's Hospital"] == ["3", "3", "100", "1", "12", "Yes"]
    assert by_agency["Isle of Man Constabulary"] == ["3", "1", "33", "0", "0", "No"]
    assert by_agency["Total"] == ["9", "6", "67", "1", "12", "1 of 4"]


def test_an_agency_lead_sees_only_their_own_agency(client, briefing):
    signed_in(client, "police.lead@demo.test")
    html = client.get(f"/briefings/{briefing.code}/reach/").content.decode()
    assert "Acknowledged" in row_of(html, "Liam Faragher")
    assert "Not yet" in row_of(html, "Jess Cain")
    assert "Two missing episodes were two reports, not one pattern." in html
    assert "Owen Callister" not in html and "Ffion Teare" not in html
    assert [row[0] for row in reach_csv(client, briefing)[1:]] == [
        "Isle of Man Constabulary",
        "Total",
    ]


def test_it_waits_on_the_demo_practitioners_dashboard(client, briefing):
    signed_in(client, "practitioner@demo.test")
    assert TITLE in client.get("/dashboard/").content.decode()


def test_loading_the_demo_again_sends_and_acknowledges_nothing_twice(briefing):
    def counts() -> tuple[int, int, int]:
        return (
            Briefing.objects.count(),
            BriefingSend.objects.count(),
            Acknowledgement.objects.count(),
        )

    before = counts()
    call_command("demo", verbosity=0)
    assert counts() == before == (1, 1, 6)


def test_an_agency_lead_finds_their_agencys_reach_from_the_dashboard(client, db):
    from django.core.management import call_command

    from manx_learning.accounts.models import User

    call_command("demo", verbosity=0)
    client.force_login(User.objects.get(email="police.lead@demo.test"))
    page = client.get("/dashboard/").content.decode()
    link = "Who in Isle of Man Constabulary has read 7-minute briefing: joining the dots"
    assert link in page
    href = page.split(link)[0].rsplit('href="', 1)[1].split('"')[0]
    reach = client.get(href)
    assert href.endswith("/reach/") and reach.status_code == 200
    assert "Record what Isle of Man Constabulary will change" in reach.content.decode()
