"""The demo board's 7-minute briefing: drafted from the Child M review, edited by the business
unit, published in the public library and sent to the practitioners and leads of the four
agencies involved. Some have read it and answered the reflective questions, some not yet
(among them the demo's practitioner sign-in, so it waits on her dashboard); Noble's lead has
recorded a team session and what her agency will change. Every step goes through the briefing
services, as the people themselves would take it on the pages."""

from django.db import transaction
from django.utils import timezone

from manx_learning.accounts.models import Agency, Role, User
from manx_learning.briefings import services
from manx_learning.briefings.models import Briefing
from manx_learning.publishing.models import AudienceGroup
from manx_learning.reviews.models import Review

CHILD_M = "Child M (demo)"
# Not "Child M" in the title: a search for "Child M" finds the published review first.
TITLE = "7-minute briefing: joining the dots on exploitation"
SUMMARY = (
    "What every practitioner can take from the Child M review: five emergency department "
    "attendances, two missing episodes and a strategy discussion that were never seen together."
)
# The business unit's edits to the drafted sections.
EDITS = {
    "why_it_matters": (
        "Child M was seriously harmed by exploitation outside the home. Four agencies each held "
        "part of the picture, and nobody put it together until it was too late. The same could "
        "happen to any child known to more than one service."
    ),
    "what_to_think_about": (
        "Repeated attendances, missing episodes and new older friends are each easy to explain "
        "away. Who else knows this child, and what do they know that you do not?"
    ),
    "further_reading": (
        "The published Child M review in the Board's library of learning, and the Board's "
        "exploitation strategy once it is agreed."
    ),
}
AGENCIES = ("IMC", "MCCF", "NOBLES", "DESC")
# Who has read it, with their answers to the three reflective questions. The police lead, a
# response constable and the demo's practitioner sign-in have not yet.
READERS = {
    "ed.nurse@demo.test": (
        "I check how many times a child has been in before they leave the department.",
        "Ring Children and Families the same day when a known child comes back.",
        "A prompt in the ED system that shows earlier attendances.",
    ),
    "paediatric.nurse@demo.test": (
        "Older friends and going missing are signs of exploitation, not only behaviour.",
        "Ask the young person who they spend time with, and write down what they say.",
        "Training on exploitation outside the home.",
    ),
    "health.lead@demo.test": (
        "As named nurse I should hold the picture across every attendance.",
        "Review each repeat attendance of a known child at the weekly safeguarding huddle.",
        "Protected time for the huddle, agreed with the ED matron.",
    ),
    "detective@demo.test": (
        "Two missing episodes were two reports, not one pattern.",
        "Check what health and the school know before closing a missing episode.",
        "Their information at the daily briefing.",
    ),
    "school.nurse@demo.test": (
        "Keeping in touch and escalating twice was right; I would do it again.",
        "Escalate in writing to the designated safeguarding lead, not only by phone.",
        "Supervision for cases where I am worried and nobody else seems to be.",
    ),
    "social.worker@demo.test": (
        "Closing a case can leave nobody holding the whole picture.",
        "Before closing, ask every agency involved what they know.",
        "A closure checklist that asks about health attendances.",
    ),
}


def _person(email: str) -> User:
    return User.objects.get(email=email)


@transaction.atomic
def demo_briefings_load() -> Briefing | None:
    """Make the briefing once; running again leaves it as it is. None if the reviews demo has
    not made Child M.

    1. The business unit drafts it from the review, edits three sections and the title,
       publishes it in the public library and sends it to four agencies' practitioners and
       leads (one e-mail each).
    2. Six of the nine people it reached acknowledge it with their reflections.
    3. Noble's lead records a team session and her agency's "what we will change" return."""
    review = Review.objects.filter(title=CHILD_M).first()
    if review is None:
        return None
    found = Briefing.objects.filter(review=review, title=TITLE).first()
    if found is not None:
        return found
    business = _person("business@demo.test")
    briefing = services.briefing_draft_from_review(review, business)
    briefing = services.briefing_update(
        briefing=briefing,
        by=business,
        title=TITLE,
        why_it_matters=EDITS["why_it_matters"],
        what_to_think_about=EDITS["what_to_think_about"],
        further_reading=EDITS["further_reading"],
    )
    services.briefing_publish(
        briefing=briefing, by=business, summary=SUMMARY, audience=AudienceGroup.CHILDREN
    )
    services.briefing_send(
        briefing=briefing,
        by=business,
        agencies=list(Agency.objects.filter(agency_code__in=AGENCIES)),
        roles=[Role.PRACTITIONER, Role.AGENCY_LEAD],
    )
    for email, answers in READERS.items():
        services.briefing_acknowledge(briefing=briefing, by=_person(email), answers=list(answers))
    nobles_lead = _person("health.lead@demo.test")
    services.team_session_record(
        briefing=briefing,
        by=nobles_lead,
        held_on=timezone.localdate(),
        attendees=12,
        notes="Emergency department and paediatric nurses' safeguarding huddle.",
    )
    services.change_return_save(
        briefing=briefing,
        by=nobles_lead,
        changes=(
            "Every repeat attendance of a child known to Children and Families is reviewed at "
            "the weekly safeguarding huddle, and notified the same day."
        ),
    )
    return briefing
