"""The business unit builds a survey through its pages: details, questions, publish."""

from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.surveys.models import Question, Survey, SurveyStatus


def _start(client) -> Survey:
    client.post(
        reverse("surveys:create"),
        {
            "title": "Early help survey",
            "audience": "practitioners",
            "intro": "How is early help working? 5 minutes, anonymous.",
            "opens_on": "1/1/2026",
            "closes_on": "31/12/2027",
        },
    )
    return Survey.objects.get(title="Early help survey")


def test_the_business_unit_builds_and_publishes_a_survey(client, business_unit_officer):
    client.force_login(business_unit_officer)
    survey = _start(client)
    assert survey.status == SurveyStatus.DRAFT
    add = reverse("surveys:question-add", args=[survey.code])
    response = client.post(
        add, {"text": "I know the early help offer", "kind": "scale", "required": "on"}
    )
    assert response.status_code == 302
    client.post(
        add,
        {
            "text": "Your team",
            "kind": "single",
            "choices": "Police\nHealth\n\nHealth",
            "group_by": "on",
        },
    )
    question = Question.objects.get(text="Your team")
    assert question.choices == ["Police", "Health"] and question.group_by
    page = client.get(reverse("surveys:detail", args=[survey.code]))
    assert b"I know the early help offer" in page.content
    client.post(reverse("surveys:publish", args=[survey.code]))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    page = client.get(reverse("surveys:detail", args=[survey.code]))
    assert survey.public_token.encode() in page.content
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"survey.created", "survey.question_added", "survey.published"} <= verbs


def test_a_choice_question_without_two_options_is_refused_on_the_form(
    client, business_unit_officer
):
    client.force_login(business_unit_officer)
    survey = _start(client)
    add = reverse("surveys:question-add", args=[survey.code])
    page = client.post(add, {"text": "Your team", "kind": "single", "choices": "Police"})
    assert page.status_code == 200
    assert "Enter at least two options, one on each line" in page.content.decode()
    assert not survey.questions.exists()


def test_publishing_without_questions_says_what_is_missing(client, business_unit_officer):
    client.force_login(business_unit_officer)
    survey = _start(client)
    page = client.post(reverse("surveys:publish", args=[survey.code]), follow=True)
    assert "Add at least one question" in page.content.decode()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_every_staff_page_renders(client, business_unit_officer, make_survey):
    client.force_login(business_unit_officer)
    survey = make_survey()
    draft = make_survey(title="Draft one", publish=False)
    question = draft.questions.first()
    for url in [
        reverse("surveys:list"),
        reverse("surveys:create"),
        reverse("surveys:detail", args=[survey.code]),
        reverse("surveys:detail", args=[draft.code]),
        reverse("surveys:edit", args=[survey.code]),
        reverse("surveys:question-add", args=[draft.code]),
        reverse("surveys:question-edit", args=[draft.code, question.code]),
        reverse("surveys:send", args=[survey.code]),
        reverse("surveys:retest", args=[survey.code]),
        reverse("surveys:results", args=[survey.code]),
    ]:
        assert client.get(url).status_code == 200, url


def test_questions_can_be_moved_and_removed_while_a_draft(
    client, business_unit_officer, make_survey
):
    client.force_login(business_unit_officer)
    survey = make_survey(publish=False)
    first, second = survey.questions.all()[:2]
    client.post(
        reverse("surveys:question-move", args=[survey.code, second.code]), {"direction": "up"}
    )
    assert list(survey.questions.values_list("pk", flat=True)[:2]) == [second.pk, first.pk]
    client.post(reverse("surveys:question-remove", args=[survey.code, first.code]))
    assert not survey.questions.filter(pk=first.pk).exists()
    assert list(survey.questions.values_list("order", flat=True)) == [1, 2, 3, 4]
