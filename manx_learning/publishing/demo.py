"""The demo board's published learning: the Child M review, anonymised over its real report with
its identifier register, checked, approved by a second person and published, as a Board's public
library would hold it. Every step goes through the publication gate's services, as the business
unit and the reviewer would take it on the pages. (Adult R's review stays approved and not yet
published, so the gate can still be walked; briefings are the `briefings` app's demo.)"""

from django.db import transaction

from manx_learning.accounts.models import User
from manx_learning.publishing import services
from manx_learning.publishing.models import AudienceGroup, PublishedItem, SpanDecision
from manx_learning.reviews.models import Review
from manx_learning.vocabulary.models import Theme

CHILD_M = "Child M (demo)"
TITLE = "Child M: learning from a Serious Case Management Review"
SUMMARY = (
    "A young person attended the emergency department five times in a year and went missing "
    "twice. The police, the hospital, children's social care and the school each held part of "
    "the picture of exploitation, and nobody brought it together."
)
THEMES = ("Information sharing", "Exploitation", "Professional curiosity")


@transaction.atomic
def demo_publishing_load() -> PublishedItem | None:
    """Publish the Child M review once; running again leaves it (and anything a person has
    published since) as it is. None if the reviews demo has not made Child M.

    1. The business unit runs the anonymiser on the latest final report with the register.
    2. It reads each detection the register missed and replaces it: in a published report even
       practitioners are named by their role.
    3. The review's reviewer, who did not run it, approves (`services.who_may_approve`).
    4. The business unit publishes, with a title, summary, audience and the review's themes."""
    review = Review.objects.filter(title=CHILD_M).first()
    if review is None:
        return None
    # Its report through the gate (a briefing from the review has no anonymisation run).
    published = PublishedItem.objects.public().filter(
        review=review, anonymisation_run__isnull=False
    )
    if published.exists():
        return published.first()
    business = User.objects.get(email="business@demo.test")
    reviewer = User.objects.get(email="reviewer@demo.test")
    version = services.latest_final_version(review)
    if version is None:
        return None
    run = services.anonymisation_run(version=version, by=business)
    decisions = {index: SpanDecision.ACCEPT for index in services.undecided_spans(run)}
    services.span_decisions_save(run, decisions, business)
    services.run_approve(run, reviewer)
    return services.publish(
        run=run,
        by=business,
        title=TITLE,
        summary=SUMMARY,
        audience=AudienceGroup.CHILDREN,
        themes=Theme.objects.filter(name__in=THEMES),
    )
