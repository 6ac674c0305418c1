"""Choosing the evidence an assessment rests on, on its page: what is ticked is what is saved."""

from django.urls import reverse


def test_the_business_unit_chooses_the_evidence_and_it_is_saved(
    client, business_unit_officer, assessment, evidence_set
):
    client.force_login(business_unit_officer)
    url = reverse("assurance:assessment-evidence", args=[assessment.code])
    page = client.get(url).content.decode()
    assert "Police dip sample" in page and "Practitioner survey" in page
    chosen = [evidence_set["police"].pk, evidence_set["board"].pk]
    response = client.post(url, {"evidence": chosen})
    # It answered "“3” is not a valid value": the choices were a sliced queryset.
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(assessment.evidence.values_list("pk", flat=True)) == set(chosen)


def _queries_for_page(client, assessment, by, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from manx_learning.assurance.tests.factories import add_evidence

    for number in range(count):
        add_evidence(by, title=f"Extra evidence {number}", priorities=[assessment.priority])
    url = reverse("assurance:assessment-evidence", args=[assessment.code])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_with_ten_times_the_evidence(
    client, business_unit_officer, assessment
):
    client.force_login(business_unit_officer)
    few = _queries_for_page(client, assessment, business_unit_officer, 5)
    many = _queries_for_page(client, assessment, business_unit_officer, 50)
    assert many == few
