"""Answers for survey tests, to the questions of `make_survey`: given through the service
(`answer`), or posted to the public form as a visitor would (`form_data`, `post_answers`)."""

from django.urls import reverse

from manx_learning.surveys import services
from manx_learning.surveys.models import Survey


def answer(survey: Survey, *, scales=(4, 4), agency="Police", training=(), text="", **kwargs):
    """Answer the `make_survey` questions through the service."""
    questions = list(survey.questions.all())
    values = {
        questions[0].pk: str(scales[0]),
        questions[1].pk: str(scales[1]),
        questions[2].pk: agency,
        questions[3].pk: list(training),
        questions[4].pk: text,
    }
    return services.response_submit(survey=survey, answers=values, **kwargs)


def form_data(client, survey, **overrides) -> dict:
    """What a visitor posts after loading the public form: every question answered."""
    page = client.get(reverse("surveys:respond", args=[survey.public_token]))
    assert page.status_code == 200
    q = list(survey.questions.all())
    data = {
        f"q_{q[0].pk}": "5",
        f"q_{q[1].pk}": "4",
        f"q_{q[2].pk}": "Health",
        f"q_{q[3].pk}": ["Neglect"],
        f"q_{q[4].pk}": "More joint training",
        "started": page.context["form"]["started"].value(),
        "website": "",
    }
    return data | overrides


def post_answers(client, survey, data, **extra):
    """Post `data` to the survey's public form."""
    return client.post(reverse("surveys:respond", args=[survey.public_token]), data, **extra)
