"""7-minute briefings and proof that they reached the workforce: drafting a briefing from a
review, publishing it, sending it to agencies and roles, team sessions, acknowledgements,
each agency's "what we will change" return, and the reach figures.

Every write is a service here; views get the briefing and check access through `access`, call
one service and redirect."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from manx_learning.accounts.models import Agency, User
from manx_learning.accounts.permissions import is_agency_lead, require
from manx_learning.briefings import access, evidence
from manx_learning.briefings.models import (
    Acknowledgement,
    Briefing,
    BriefingSend,
    ChangeReturn,
    TeamSession,
)
from manx_learning.core.concurrency import changed_fields, ensure_unchanged, snapshot
from manx_learning.core.pdf import render_pdf
from manx_learning.core.services import audit_log
from manx_learning.core.tasks import send_email_on_commit
from manx_learning.core.templatetags.prose import prose
from manx_learning.core.unset import UNSET, Unset, only_given
from manx_learning.lib.register_leaks import (
    find_leaks,
    name_values,
    register_values,
    value_pattern,
)
from manx_learning.publishing.models import AudienceGroup, PublishedItem, PublishedKind
from manx_learning.publishing.services import clean_pdf_metadata
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import FindingKind, Review
from manx_learning.vocabulary.models import Theme

# What someone the access rules say no to is told.
DENIED = "You cannot do this on this briefing."

REFLECTIVE_QUESTIONS = (
    "What does this mean for my practice?",
    "What would I do differently?",
    "What support do I need?",
)

# The seven standard sections, in the order a briefing reads.
SECTIONS = (
    ("background", "Background"),
    ("why_it_matters", "Why it matters"),
    ("key_learning", "Key learning"),
    ("what_worked_well", "What worked well"),
    ("what_to_think_about", "What to think about"),
    ("what_to_do", "What to do"),
    ("further_reading", "Further reading"),
)
SECTION_FIELDS = tuple(name for name, _ in SECTIONS)
QUESTION_FIELDS = ("question_1", "question_2", "question_3")
# What the edit form changes: checked for edit conflicts, and shown before and after in the trail.
EDITABLE_FIELDS = ("title", *(name for name, _ in SECTIONS), *QUESTION_FIELDS)
EMAIL_TEMPLATE = "briefings/email/briefing"


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def briefings_to_acknowledge(user: Any) -> list[Briefing]:
    """Briefings sent to this person's agency and role that they have not yet acknowledged."""
    if not _active(user):
        return []
    # One query with the sends to their agency beside each briefing: the roles a send names
    # are a JSON list, matched here rather than in SQL the two databases write differently.
    to_agency = BriefingSend.objects.filter(agencies__pk=user.agency_id).distinct()
    sent = (
        Briefing.objects.filter(sends__agencies__pk=user.agency_id)
        .exclude(acknowledgements__person=user)
        .distinct()
        .prefetch_related(Prefetch("sends", queryset=to_agency, to_attr="sends_to_agency"))
    )
    roles = user.role_codes
    return [b for b in sent if any(set(send.roles) & roles for send in b.sends_to_agency)]


def briefings_led_by(user: Any, limit: int) -> list[Briefing]:
    """For an agency lead, the latest briefings sent to their agency (newest send first): the
    ones whose reach in their agency they follow up."""
    if not (_active(user) and is_agency_lead(user) and user.agency_id):
        return []
    sent = Briefing.objects.filter(sends__agencies__pk=user.agency_id)
    latest = sent.annotate(last_sent=Max("sends__created_at")).order_by("-last_sent")
    return list(latest[:limit])


# Drafting -------------------------------------------------------------------------------------


def _replacements(review: Review) -> list[tuple[str, str]]:
    """(register value, what replaces it), longest first: full names and each word of them by
    the pseudonym, identifiers by their placeholder."""
    pairs: dict[str, str] = {}
    for person in review.register_people.all():
        for name in person.names:
            for value in name_values(name):
                pairs.setdefault(value, person.pseudonym)
    for identifier in review.register_identifiers.all():
        for value in identifier.values:
            pairs.setdefault(" ".join(value.split()), identifier.replacement)
    return sorted(((v, r) for v, r in pairs.items() if v), key=lambda p: -len(p[0]))


def _scrub(text: str, replacements: list[tuple[str, str]]) -> str:
    for value, replacement in replacements:
        text = value_pattern(value).sub(replacement, text)
    return text


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _draft_sections(review: Review) -> dict[str, str]:
    findings = list(review.findings.prefetch_related("themes"))
    learning = [f for f in findings if f.kind == FindingKind.LEARNING]
    good = [f for f in findings if f.kind == FindingKind.GOOD_PRACTICE]
    subjects = ", ".join(s.pseudonym for s in review.subjects.all()) or review.title
    kind = review.get_kind_display() or "A case review"
    themes = Theme.objects.filter(findings__in=learning).distinct().values_list("name", flat=True)
    agencies = ", ".join(a.name for a in review.agencies.all())
    think = "How would you recognise the same risks in the people you work with?"
    if themes:
        think = f"This review's themes: {', '.join(themes)}. {think}"
    return {
        "background": f"{kind} about {subjects}.\n\n{review.concern}",
        "why_it_matters": (
            f"{subjects} {review.get_harm_display().lower()}. The learning applies to every "
            f"agency that works with children, adults and families"
            + (f", including {agencies}." if agencies else ".")
        ),
        "key_learning": _bullets(f"{f.title}: {f.text}" for f in learning),
        "what_worked_well": _bullets(f"{f.title}: {f.text}" for f in good)
        or review.no_good_practice_reason,
        "what_to_think_about": think,
        "what_to_do": _bullets(
            f"Recommendation {r.number}: {r.text}" for r in review.recommendations.all()
        ),
        "further_reading": "",
    }


@transaction.atomic
def briefing_draft_from_review(review: Review, by: User) -> Briefing:
    """A briefing drafted from the review, for a person to edit.

    1. Background from the review's kind, its subjects' pseudonyms and its concern; key learning
       and what worked well from its findings; what to do from its recommendations.
    2. Every register value that slipped into that text is replaced by the pseudonym or
       placeholder, so the draft never holds a real name.
    3. The three standard reflective questions."""
    require(access.can_edit(by), "Only the business unit drafts briefings.")
    replacements = _replacements(review)
    sections = {k: _scrub(v, replacements).strip() for k, v in _draft_sections(review).items()}
    briefing = Briefing(
        review=review,
        title=_scrub(f"7-minute briefing: {review.title}", replacements),
        created_by=by,
        **sections,
        **dict(zip(QUESTION_FIELDS, REFLECTIVE_QUESTIONS, strict=True)),
    )
    # A draft may have empty sections (a review with no findings yet); publishing needs them.
    briefing.full_clean(exclude=list(SECTION_FIELDS))
    briefing.save()
    audit_log(
        actor=by, verb="briefing.drafted", target=briefing, detail={"review": review.reference}
    )
    return briefing


@transaction.atomic
def briefing_create(*, title: str, by: User) -> Briefing:
    """A blank briefing with the standard questions, to be written by hand."""
    require(access.can_edit(by), "Only the business unit writes briefings.")
    briefing = Briefing(
        title=title.strip(),
        created_by=by,
        **{name: "" for name in SECTION_FIELDS},
        **dict(zip(QUESTION_FIELDS, REFLECTIVE_QUESTIONS, strict=True)),
    )
    briefing.full_clean(exclude=list(SECTION_FIELDS))
    briefing.save()
    audit_log(actor=by, verb="briefing.created", target=briefing)
    return briefing


@transaction.atomic
def briefing_update(
    *,
    briefing: Briefing,
    by: User,
    title: str | Unset = UNSET,
    background: str | Unset = UNSET,
    why_it_matters: str | Unset = UNSET,
    key_learning: str | Unset = UNSET,
    what_worked_well: str | Unset = UNSET,
    what_to_think_about: str | Unset = UNSET,
    what_to_do: str | Unset = UNSET,
    further_reading: str | Unset = UNSET,
    question_1: str | Unset = UNSET,
    question_2: str | Unset = UNSET,
    question_3: str | Unset = UNSET,
    seen: str | None = None,
) -> Briefing:
    """Change the title, sections and questions given; those not given stay as they were.
    `seen` is the edit form's token: if someone else changed the briefing since, nothing is
    saved and EditConflict says what they changed."""
    require(access.can_edit(by), "Only the business unit edits briefings.")
    ensure_unchanged(briefing, seen, EDITABLE_FIELDS)
    before = snapshot(briefing, EDITABLE_FIELDS)
    given = {
        "title": title,
        "background": background,
        "why_it_matters": why_it_matters,
        "key_learning": key_learning,
        "what_worked_well": what_worked_well,
        "what_to_think_about": what_to_think_about,
        "what_to_do": what_to_do,
        "further_reading": further_reading,
        "question_1": question_1,
        "question_2": question_2,
        "question_3": question_3,
    }
    for name, value in only_given(given).items():
        setattr(briefing, name, value.strip())
    briefing.full_clean()
    briefing.save()
    changed = changed_fields(before, snapshot(briefing, EDITABLE_FIELDS))
    audit_log(actor=by, verb="briefing.updated", target=briefing, detail={"changed": changed})
    return briefing


# Publishing -----------------------------------------------------------------------------------


def _labelled_text(briefing: Briefing) -> dict[str, str]:
    places = {"the title": briefing.title}
    places |= {label: getattr(briefing, name) for name, label in SECTIONS}
    places |= {
        f"reflective question {i}": getattr(briefing, n) for i, n in enumerate(QUESTION_FIELDS, 1)
    }
    return places


def briefing_leaks(briefing: Briefing, *, by: User, summary: str = "") -> list[str]:
    """'Jayden appears in Key learning' for each register value in each part of the briefing
    (and in the summary written for the public library)."""
    if briefing.review is None:
        return []
    values = register_values(reviews_services.register_export(review=briefing.review, by=by))
    places = _labelled_text(briefing) | {"the summary": summary}
    return find_leaks(places, values)


def briefing_body_html(briefing: Briefing) -> str:
    """The published page's body: each section as a heading and its escaped paragraphs and
    lists, as the briefing's own page shows them."""
    parts = []
    for name, label in SECTIONS:
        text = getattr(briefing, name).strip()
        if text:
            parts.append(f'<h2 class="govuk-heading-m">{escape(label)}</h2>')
            parts.append(prose(text))  # "- " bullets as a list, as on the briefing itself
    questions = "".join(f"<li>{escape(getattr(briefing, n))}</li>" for n in QUESTION_FIELDS)
    parts.append('<h2 class="govuk-heading-m">Questions to reflect on</h2>')
    parts.append(f'<ol class="govuk-list govuk-list--number">{questions}</ol>')
    return "\n".join(parts)


def briefing_pdf(briefing: Briefing) -> bytes:
    context = {"briefing": briefing, "sections": sections_of(briefing)}
    pdf = render_pdf("briefings/pdf.html", context, title=briefing.title)
    return clean_pdf_metadata(pdf, title=briefing.title)


def sections_of(briefing: Briefing) -> list[tuple[str, str]]:
    return [(label, getattr(briefing, name)) for name, label in SECTIONS]


def _themes(briefing: Briefing) -> QuerySet[Theme]:
    if briefing.review is None:
        return Theme.objects.none()
    return Theme.objects.filter(findings__review=briefing.review).distinct()


@transaction.atomic
def briefing_publish(
    *, briefing: Briefing, by: User, summary: str, audience: str = AudienceGroup.BOTH
) -> PublishedItem:
    """Put the briefing in the public library.

    1. Refuse if already published, or if a section is empty.
    2. Refuse, saying which part, if any register value of the review appears in it.
    3. Create the PublishedItem with an escaped HTML body and the printable PDF; audit it."""
    require(access.can_edit(by), "Only the business unit publishes briefings.")
    if briefing.published_item_id:
        raise ValidationError("This briefing is already published.")
    empty = [label for name, label in SECTIONS[:-1] if not getattr(briefing, name).strip()]
    if empty:
        raise ValidationError([f"Write the {label.lower()} section first." for label in empty])
    briefing.full_clean()
    leaks = briefing_leaks(briefing, by=by, summary=summary)
    if leaks:
        raise ValidationError([f"{leak}. Remove it before publishing." for leak in leaks])
    slug = f"{slugify(briefing.title)[:100].strip('-') or 'briefing'}-{uuid.uuid4().hex[:6]}"
    item = PublishedItem(
        kind=PublishedKind.BRIEFING,
        slug=slug,
        title=briefing.title,
        summary=summary.strip(),
        body_html=briefing_body_html(briefing),
        year=timezone.localdate().year,
        audience=audience,
        review=briefing.review,
        published_at=timezone.now(),
        published_by=by,
    )
    item.full_clean(exclude=["pdf"])
    item.pdf.save(f"{slug}.pdf", ContentFile(briefing_pdf(briefing)), save=False)
    item.save()
    item.themes.set(_themes(briefing))
    briefing.published_item = item
    briefing.save(update_fields=["published_item", "updated_at"])
    audit_log(actor=by, verb="briefing.published", target=briefing, detail={"slug": slug})
    return item


# Sending --------------------------------------------------------------------------------------


def _people(agencies: Iterable[Any], roles: Iterable[str]) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, agency__in=list(agencies), role_grants__role__in=list(roles)
    ).distinct()


def _reached_filter(briefing: Briefing) -> Q:
    """People covered by any send of this briefing."""
    covered = Q(pk__in=[])
    for send in briefing.sends.prefetch_related("agencies"):
        covered |= Q(agency__in=list(send.agencies.all()), role_grants__role__in=send.roles)
    return covered


def reached_people(briefing: Briefing) -> QuerySet[User]:
    return User.objects.filter(Q(is_active=True) & _reached_filter(briefing)).distinct()


@transaction.atomic
def briefing_send(
    *, briefing: Briefing, by: User, agencies: Iterable[Agency], roles: Iterable[str]
) -> tuple[BriefingSend, int]:
    """Send the briefing to the people of these agencies with these roles: one e-mail each,
    with a link to their acknowledgement page. People an earlier send reached are not e-mailed
    again. Returns the send and how many were e-mailed."""
    require(access.can_edit(by), "Only the business unit sends briefings.")
    agencies, roles = list(agencies), sorted(set(roles))
    if not agencies or not roles:
        raise ValidationError("Choose at least one agency and one role.")
    already = set(reached_people(briefing).values_list("pk", flat=True))
    send = BriefingSend(briefing=briefing, roles=roles, sent_by=by)
    send.full_clean()
    send.save()
    send.agencies.set(agencies)
    link = settings.SITE_URL + reverse("briefings:briefing-acknowledge", args=[briefing.code])
    recipients = [p for p in _people(agencies, roles) if p.pk not in already]
    for person in recipients:
        send_email_on_commit(
            to=[person.email],
            template=EMAIL_TEMPLATE,
            context={"full_name": person.full_name, "title": briefing.title, "link": link},
        )
    detail = {
        "agencies": [a.agency_code for a in agencies],
        "roles": roles,
        "emails": len(recipients),
    }
    audit_log(actor=by, verb="briefing.sent", target=briefing, detail=detail)
    return send, len(recipients)


# Agencies and practitioners -------------------------------------------------------------------


@transaction.atomic
def team_session_record(
    *, briefing: Briefing, by: User, held_on: date, attendees: int, notes: str = ""
) -> TeamSession:
    require(
        access.can_lead_for(by, briefing), "Only an agency lead records their agency's sessions."
    )
    session = TeamSession(
        briefing=briefing,
        agency_id=by.agency_id,
        held_on=held_on,
        attendees=attendees,
        notes=notes.strip(),
        recorded_by=by,
    )
    session.full_clean()
    session.save()
    audit_log(actor=by, verb="briefing.session_recorded", target=briefing)
    _refresh_qa_evidence(briefing, by)
    return session


def acknowledgement_of(briefing: Briefing, person: Any) -> Acknowledgement | None:
    return briefing.acknowledgements.filter(person_id=person.pk).first()


@transaction.atomic
def briefing_acknowledge(*, briefing: Briefing, by: User, answers: list[str]) -> Acknowledgement:
    """The person confirms they have read the briefing and answers the reflective questions."""
    require(access.was_sent_to(by, briefing), "This briefing was not sent to you.")
    if acknowledgement_of(briefing, by):
        raise ValidationError("You have already confirmed you read this briefing.")
    ack = Acknowledgement(
        briefing=briefing, person=by, agency_id=by.agency_id, answers=[a.strip() for a in answers]
    )
    try:
        with transaction.atomic():
            ack.save()
    except IntegrityError as error:
        raise ValidationError("You have already confirmed you read this briefing.") from error
    audit_log(actor=by, verb="briefing.acknowledged", target=briefing)
    _refresh_qa_evidence(briefing, by)
    return ack


def change_return_of(briefing: Briefing, agency_id: Any) -> ChangeReturn | None:
    return briefing.returns.filter(agency_id=agency_id).first()


@transaction.atomic
def change_return_save(*, briefing: Briefing, by: User, changes: str) -> ChangeReturn:
    """The agency's one "what we will change" return, created or updated."""
    require(
        access.can_lead_for(by, briefing), "Only an agency lead returns their agency's changes."
    )
    found = change_return_of(briefing, by.agency_id)
    change = found or ChangeReturn(briefing=briefing, agency_id=by.agency_id)
    change.changes, change.returned_by = changes.strip(), by
    change.full_clean()
    change.save()
    verb = "briefing.changes_updated" if found else "briefing.changes_returned"
    audit_log(actor=by, verb=verb, target=briefing)
    _refresh_qa_evidence(briefing, by)
    return change


def _refresh_qa_evidence(briefing: Briefing, by: User) -> None:
    """Keep the briefing's reach evidence in the QA register current, once it is recorded."""
    evidence.briefing_reach_refresh(briefing=briefing, actor=by)


# Reach ----------------------------------------------------------------------------------------


@dataclass
class ReachRow:
    agency: Agency | None
    reached: int = 0
    acknowledged: int = 0
    sessions: int = 0
    attendees: int = 0
    change_returned: bool = False

    @property
    def acknowledged_percent(self) -> int:
        return round(100 * self.acknowledged / self.reached) if self.reached else 0


@dataclass
class Reach:
    rows: list[ReachRow] = field(default_factory=list)
    totals: ReachRow = field(default_factory=lambda: ReachRow(agency=None))

    @property
    def returns(self) -> int:
        return sum(row.change_returned for row in self.rows)


def reach(briefing: Briefing, *, agency_id: int | None = None) -> Reach:
    """Per agency the briefing was sent to (or only `agency_id`): people reached (sent to),
    acknowledged, team sessions and attendees, and whether the agency returned its changes;
    with totals. Returns are counted only for agencies it was sent to."""
    agencies = Agency.objects.filter(pk__in=briefing.sends.values("agencies")).order_by("name")
    if agency_id is not None:
        agencies = agencies.filter(pk=agency_id)
    people = reached_people(briefing)
    acks = briefing.acknowledgements
    result = Reach()
    for agency in agencies:
        sessions = briefing.sessions.filter(agency=agency)
        row = ReachRow(
            agency=agency,
            reached=people.filter(agency=agency).count(),
            acknowledged=acks.filter(agency=agency).count(),
            sessions=sessions.count(),
            attendees=sessions.aggregate(n=Sum("attendees"))["n"] or 0,
            change_returned=briefing.returns.filter(agency=agency).exists(),
        )
        result.rows.append(row)
        total = result.totals
        total.reached += row.reached
        total.acknowledged += row.acknowledged
        total.sessions += row.sessions
        total.attendees += row.attendees
    return result


@dataclass
class ReachPerson:
    """One person a send reached: whether and when they acknowledged, and their answers to
    the reflective questions (question, answer) in order."""

    person: User
    acknowledged_at: Any = None
    answers: list[tuple[str, str]] = field(default_factory=list)


def reach_people(briefing: Briefing, *, agency_id: int | None = None) -> list[ReachPerson]:
    """Who the briefing reached (of one agency, or all), acknowledged or not, not acknowledged
    first within each agency so the lead sees whom to chase. Two queries whatever the size."""
    people = reached_people(briefing).select_related("agency").order_by("agency_id", "full_name")
    if agency_id is not None:
        people = people.filter(agency_id=agency_id)
    acks = briefing.acknowledgements.filter(person__in=people)
    by_person = {ack.person_id: ack for ack in acks}
    questions = [briefing.question_1, briefing.question_2, briefing.question_3]
    rows = []
    for person in people:
        ack = by_person.get(person.pk)
        answers = list(zip(questions, ack.answers, strict=False)) if ack else []
        rows.append(ReachPerson(person, ack.acknowledged_at if ack else None, answers))
    # Stable sort: within an agency (already in name order), those still to read it first.
    rows.sort(key=lambda r: (r.person.agency_id or 0, r.acknowledged_at is not None))
    return rows


REACH_HEADER = (
    "Agency",
    "People reached",
    "Acknowledged",
    "Acknowledged (%)",
    "Team sessions",
    "Attendees",
    "Change return",
)


def reach_table(figures: Reach) -> list[list[Any]]:
    rows = [
        [
            row.agency.name if row.agency else "Total",
            row.reached,
            row.acknowledged,
            row.acknowledged_percent,
            row.sessions,
            row.attendees,
            "Yes" if row.change_returned else "No",
        ]
        for row in figures.rows
    ]
    t = figures.totals
    total = ["Total", t.reached, t.acknowledged, t.acknowledged_percent, t.sessions, t.attendees]
    return [*rows, [*total, f"{figures.returns} of {len(figures.rows)}"]]
