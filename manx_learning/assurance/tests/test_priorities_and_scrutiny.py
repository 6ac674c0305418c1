"""Board priorities are kept by the business unit; scrutiny reports gather a priority's or
theme's evidence, judgements, actions and retests, as a page and a tagged PDF."""

from datetime import timedelta

from django.urls import reverse

from manx_learning.assurance import services
from manx_learning.assurance.tests.factories import TODAY
from manx_learning.core.models import AuditEvent
from manx_learning.vocabulary.models import BoardPriority

FORM = {
    "title": "Exploitation",
    "outcome_sought": "Children at risk of exploitation are safer",
    "description": "",
    "starts_on": "1/4/2026",
    "ends_on": "31/3/2029",
}


def test_the_business_unit_adds_changes_and_retires_a_priority(client, business_unit_officer):
    client.force_login(business_unit_officer)
    client.post(reverse("assurance:priority-add"), FORM)
    priority = BoardPriority.objects.get()
    client.post(
        reverse("assurance:priority-edit", args=[priority.code]),
        FORM | {"title": "Child exploitation"},
    )
    client.post(reverse("assurance:priority-retire", args=[priority.code]))
    priority.refresh_from_db()
    assert (priority.title, priority.is_active) == ("Child exploitation", False)
    assert AuditEvent.objects.filter(verb__startswith="priority.").count() == 3


def test_a_priority_period_must_end_after_it_starts(client, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.post(reverse("assurance:priority-add"), FORM | {"ends_on": "1/1/2026"})
    assert "The end of the period must be after its start" in response.content.decode()


def test_agency_leads_see_priorities_but_cannot_change_them(client, police_lead, neglect):
    client.force_login(police_lead)
    assert client.get(reverse("assurance:priority-detail", args=[neglect.code])).status_code == 200
    assert client.post(reverse("assurance:priority-add"), FORM).status_code == 403
    assert client.post(reverse("assurance:priority-retire", args=[neglect.code])).status_code == 403


def test_the_priority_page_shows_its_evidence_indicators_and_assessments(
    client, business_unit_officer, judged, indicator
):
    indicator.priority = judged.priority
    indicator.save()
    client.force_login(business_unit_officer)
    page = client.get(
        reverse("assurance:priority-detail", args=[judged.priority.code])
    ).content.decode()
    assert "Police dip sample" in page and "NEG-01" in page and judged.title in page


def test_the_scrutiny_report_gathers_evidence_judgement_actions_and_retest(
    client, business_unit_officer, judged, police
):
    services.plan_action_add(
        assessment=judged,
        by=business_unit_officer,
        description="Neglect tool training",
        owner_agency=police,
        lead_name="Lee",
        due_date=TODAY() + timedelta(days=10),
        expected_outcome="o",
    )
    client.force_login(business_unit_officer)
    url = reverse("assurance:scrutiny-priority", args=[judged.priority.code])
    report = client.get(url).context["report"]
    sources = dict(report.evidence_by_source)
    assert len(sources["Practice observation"]) == 3 and sources["Performance data"] == []
    assert report.assessments[0].assessment == judged
    assert report.actions[0]["rag"] == "due_soon"
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="scrutiny.exported").exists()


def test_an_agency_leads_scrutiny_report_leaves_out_other_agencies_evidence(
    client, health_lead, judged
):
    client.force_login(health_lead)
    url = reverse("assurance:scrutiny-priority", args=[judged.priority.code])
    titles = {
        e.title for _, items in client.get(url).context["report"].evidence_by_source for e in items
    }
    assert titles == {"Health visitor audit", "Practitioner survey"}


def test_the_scrutiny_chooser_goes_to_the_report(client, board_member, neglect, theme):
    client.force_login(board_member)
    response = client.get(reverse("assurance:scrutiny"), {"theme": theme.pk})
    assert response.url == reverse("assurance:scrutiny-theme", args=[theme.code])
    empty = client.get(reverse("assurance:scrutiny"), {"priority": "", "theme": ""})
    assert "Choose a Board priority or a theme" in empty.content.decode()


def test_the_overview_links_every_part(client, business_unit_officer):
    client.force_login(business_unit_officer)
    page = client.get(reverse("assurance:home")).content.decode()
    for name in ("evidence-list", "priority-list", "assessment-list", "calendar", "scrutiny"):
        assert reverse(f"assurance:{name}") in page


def test_the_scrutiny_report_counts_the_performance_data_its_dashboard_shows(client, board_member):
    """Early help and neglect: the dashboard's special-cause series are performance evidence in
    the report too, not "0 – a gap in the evidence"."""
    from django.core.management import call_command

    from manx_learning.dataset import selectors as dataset_selectors
    from manx_learning.vocabulary.models import BoardPriority

    call_command("demo", verbosity=0)
    priority = BoardPriority.objects.get(title="Early help and neglect")
    views, _ = dataset_selectors.priority_views(priority)
    signals = dataset_selectors.special_cause_views(views)
    assert signals  # the demo's dashboard shows special-cause variation
    client.force_login(board_member)
    html = client.get(f"/qa/scrutiny/priorities/{priority.code}/").content.decode()
    row = html[html.index('<th scope="row" class="govuk-table__header">Performance data<') :]
    row = row[: row.index("</tr>")]
    assert "a gap in the evidence" not in row
    assert f"{len(signals)} indicator" in row and "special-cause variation now" in row
    for view in signals:
        assert view.indicator.code in row
