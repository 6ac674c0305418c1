import csv
import io

from manx_learning.core.services import audit_log


def test_the_business_unit_can_filter_the_trail(client, business_unit_officer, police_lead):
    audit_log(actor=police_lead, verb="agency.updated", detail={})
    audit_log(actor=business_unit_officer, verb="user.viewed", detail={})
    client.force_login(business_unit_officer)
    page = client.get("/audit-trail/", {"actor": "police"}).context["page"]
    assert [event.verb for event in page.object_list] == ["agency.updated"]
    page = client.get("/audit-trail/", {"verb": "user.viewed"}).context["page"]
    assert {event.verb for event in page.object_list} == {"user.viewed"}


def test_a_bad_date_range_is_explained(client, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.get("/audit-trail/", {"date_from": "31/12/2026", "date_to": "1/1/2026"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "must be the same as or after" in html
    assert html.count("<title>Error: ") == 1


def test_the_csv_export_is_safe_to_open_in_a_spreadsheet(client, business_unit_officer):
    audit_log(actor=None, actor_label='=HYPERLINK("http://x")', verb="user.sign_in_failed")
    client.force_login(business_unit_officer)
    response = client.get("/audit-trail/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    labels = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in labels
    assert not any(label.startswith("=") for label in labels)


def test_reading_the_trail_is_itself_audited(client, business_unit_officer):
    client.force_login(business_unit_officer)
    client.get("/audit-trail/")
    page = client.get("/audit-trail/").context["page"]
    assert page.object_list[0].verb == "audit.viewed"


def test_the_trail_is_paginated(client, business_unit_officer):
    for n in range(60):
        audit_log(actor=None, verb="bulk.event", detail={"n": n})
    client.force_login(business_unit_officer)
    first = client.get("/audit-trail/", {"verb": "bulk.event"}).context["page"]
    assert len(first.object_list) == 50
    assert first.paginator.num_pages == 2
