"""What is stored with an answer: nothing that says who gave it."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from manx_learning.core.models import AuditEvent
from manx_learning.surveys.models import Answer, Response
from manx_learning.surveys.tests.factories import answer


def test_a_response_has_no_user_ip_address_or_browser_fields():
    names = {f.name for f in Response._meta.get_fields()} | {
        f.name for f in Answer._meta.get_fields()
    }
    for forbidden in ("user", "ip", "address", "agent", "email", "session", "created_at"):
        assert not any(forbidden in name for name in names), (forbidden, names)


def test_the_time_of_a_response_is_rounded_down_to_the_hour(make_survey):
    survey = make_survey()
    now = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    response = answer(survey, now=now.replace(hour=10, minute=47, second=13, microsecond=9))
    assert response.submitted_at == now.replace(hour=10)


def test_the_audit_trail_of_an_anonymous_answer_carries_no_ip_address_or_response(
    client, make_survey
):
    survey = make_survey()
    page = client.get(reverse("surveys:respond", args=[survey.public_token]))
    q = list(survey.questions.all())
    data = {
        f"q_{q[0].pk}": "3",
        f"q_{q[1].pk}": "3",
        f"q_{q[2].pk}": "Police",
        "started": page.context["form"]["started"].value(),
    }
    client.post(
        reverse("surveys:respond", args=[survey.public_token]), data, REMOTE_ADDR="203.0.113.7"
    )
    response = Response.objects.get()
    event = AuditEvent.objects.get(verb="survey.answered")
    assert event.ip_address is None
    assert event.actor is None and event.actor_label == "anonymous respondent"
    assert event.object_id == str(survey.code)
    assert str(response.pk) not in str(event.detail)
    assert not AuditEvent.objects.filter(ip_address="203.0.113.7").exists()


def test_the_rate_limit_key_is_a_salted_hash_not_the_address(make_survey, rf):
    from manx_learning.surveys import protection

    survey = make_survey()
    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    key = protection._client_key(request, survey.public_token)
    assert "203.0.113.7" not in key and survey.public_token not in key
