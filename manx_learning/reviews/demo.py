"""Fictional reviews for the demo board, at different stages. Every person, place detail and case
here is made up; names in the registers are invented for the demo."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from manx_learning.accounts.models import Agency, User
from manx_learning.lib.workdays import add_working_days
from manx_learning.reviews import services
from manx_learning.reviews.models import AgencyRequest, RequestKind, Review, StageChange
from manx_learning.vocabulary.models import Theme

DEMO_MARK = "(demo)"

# The reviewer's final report, written (as real reports are) with the real names of this
# fictional family; the anonymiser and the publication gate replace them before publication.
CHILD_M_REPORT = """# Overview report: Child M (fictional)

## Background

Mason Quirk lived with Kelly Quirk, his mother, at 7 Ballaquayle Road, Douglas, and attended
Ballakermeen High School. He was born on 14/02/2012.

## What happened

Between September 2024 and August 2025 Mason attended the emergency department at Noble's
Hospital five times. Each attendance was recorded, but no one brought them together:

- the Isle of Man Constabulary knew of two missing episodes;
- Manx Care Children and Families held a strategy discussion in November 2024 and closed the
  case in February 2025;
- the school nurse persisted and escalated her worries, which is good practice the Board wants
  to build on.

Mrs Quirk told the reviewer that she had asked for help twice.

| Agency | What it knew | Who it told |
| --- | --- | --- |
| Noble's Hospital | Five emergency department attendances | Nobody outside the hospital |
| Isle of Man Constabulary | Two missing episodes | The MASH, once |
| Ballakermeen High School | Falling attendance and a changed friendship group | The school nurse |

## What the review found

The review found that information about Mason's attendances was not shared, and that the signs
of exploitation were not recognised. DS Corlett and the named nurse both described not knowing
who held the whole picture.

## Recommendations

1. Noble's Hospital tells the MASH when a child attends the emergency department a third time
   in six months.
2. The Board's partners keep one record of missing episodes that every agency can see."""

# Adult R's learning review waits, approved, for the business unit to anonymise and publish it
# (the Child M review is already published): its report, too, names the people it is about.
ADULT_R_TITLE = f"Adult R {DEMO_MARK}"
ADULT_R_REPORT = """# Learning review: Adult R (fictional)

## What happened

Rachel Kneale is 34 and has a learning disability. She lived alone in a housing association flat
at 22 Tromode Close, Onchan. In the spring of 2025 a man she called her boyfriend,
Darren Skillicorn, began staying at the flat, and soon people she did not know were using it.

Her neighbours called the police four times about noise and visitors, and each call was closed as
antisocial behaviour. Housing officers visited twice about rent arrears and saw people in the
flat they did not recognise. Rachel told her support worker at Island Family Support that she
"had to" give Darren her bank card.

## What the review found

Nobody asked whether Rachel was being exploited, and nobody put the police calls, the arrears and
what she told her support worker together until a safeguarding referral in October 2025. Her
support worker's persistence is good practice the Board wants to recognise.

Rachel told the reviewer that she wanted other people to be believed sooner. PC Gelling and the
housing officer both said they had not known who to tell."""
DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def _people() -> dict[str, User]:
    emails = {
        "business": "business@demo.test",
        "panel": "panel@demo.test",
        "board": "board@demo.test",
        "reviewer": "reviewer@demo.test",
        "police": "police.lead@demo.test",
        "health": "health.lead@demo.test",
    }
    return {key: User.objects.get(email=email) for key, email in emails.items()}


def _agencies(*codes: str) -> list[Agency]:
    found = {a.agency_code: a for a in Agency.objects.filter(agency_code__in=codes)}
    return [found[code] for code in codes]


def _theme(name: str) -> Theme:
    services.themes_seed()
    return Theme.objects.get(name=name)


def _submit_all(review: Review, people: dict[str, User], text: str) -> None:
    for request in review.requests.filter(submitted_at__isnull=True):
        services.request_submit(request=request, by=people["business"], text=text)


def _import_chronologies(review: Review, by: User, files: dict[str, str]) -> None:
    """Import the fictional agency chronologies shipped in demo_data/."""
    for code, stem in files.items():
        path = DEMO_DATA / f"child-m-{stem}.csv"
        with path.open("rb") as handle:
            result = services.chronology_import(
                review=review,
                by=by,
                agency=Agency.objects.get(agency_code=code),
                upload=File(handle, name=path.name),
            )
        if result.errors:
            raise RuntimeError(f"Demo chronology {path.name} did not import: {result.errors}")


def _approved(
    review: Review, people: dict[str, User], submitted: date, signed: date, approved: date
) -> Review:
    """Submitted by the reviewer, signed off by the Panel, approved by the Board for
    publication in full."""
    services.review_submit_for_approval(
        review=review, by=people["reviewer"], submitted_on=submitted
    )
    services.panel_sign_off(review=review, by=people["panel"], signed_on=signed)
    services.board_approve(
        review=review, by=people["board"], approved_on=approved, publication="full"
    )
    return review


def _child_m(people: dict[str, User]) -> Review:
    """A Serious Case Management Review, approved and ready to publish in full."""
    imc, mccf, nobles, desc = _agencies("IMC", "MCCF", "NOBLES", "DESC")
    review = services.review_refer(
        by=people["police"],
        title=f"Child M {DEMO_MARK}",
        referral_date=date(2025, 9, 8),
        incident_date=date(2025, 8, 21),
        referrer_name="Huw Cregeen",
        referral_source="Police public protection unit after a hospital admission",
        harm="seriously_harmed",
        abuse_neglect="known",
        concern=(
            "Child M attended the emergency department five times in four months. Each agency "
            "held part of the picture of exploitation, but it was not brought together."
        ),
        agencies=[imc, mccf, nobles, desc],
        subjects=[{"pseudonym": "Child M", "age_band": "10_15", "category": "young_person"}],
        parallel=[
            {"kind": "police_investigation", "detail": "Exploitation investigation, concluded"}
        ],
        family_wishes="Child M's mother wants the review to help other families.",
    )
    services.requests_send(
        review=review,
        by=people["business"],
        kind=RequestKind.SUMMARY,
        agencies=[imc, mccf, nobles, desc],
    )
    _submit_all(
        review,
        people,
        "Summary of this agency's contact with Child M and family in the last 12 months.",
    )
    services.screening_record(
        review=review,
        by=people["business"],
        serious_harm=True,
        abuse_or_neglect=True,
        interagency_concern=True,
        recommendation="scmr",
        rationale="Serious harm; exploitation known; information was held by four agencies and not shared.",
    )
    services.decision_record(
        review=review,
        by=people["panel"],
        outcome="scmr",
        decided_by="SCMR Panel",
        decided_on=date(2025, 10, 1),
        rationale="All criteria for a Serious Case Management Review are met.",
    )
    services.terms_save(
        review=review,
        by=people["business"],
        scope_start=date(2024, 9, 1),
        scope_end=date(2025, 8, 21),
        lines_of_enquiry="1. How were emergency department attendances shared?\n2. Were signs of exploitation recognised?",
        methodology="systems",
        reviewer_independence="Independent reviewer from off-island with no previous involvement.",
        family_involvement="involved",
        family_involvement_detail="The reviewer met Child M and their mother twice.",
        parallel_handling="The police investigation concluded before family contact.",
        panel_members=[people["panel"]],
    )
    services.reviewer_assign(review=review, by=people["business"], reviewer=people["reviewer"])
    services.review_commission(
        review=review, by=people["business"], commissioned_on=date(2025, 10, 15)
    )
    _import_chronologies(
        review,
        people["reviewer"],
        {"IMC": "police", "MCCF": "children-and-families", "NOBLES": "nobles"},
    )
    services.learning_event_add(
        review=review,
        by=people["reviewer"],
        held_on=date(2026, 1, 20),
        attendees="Police – 2 officers; Health – ED nurse, school nurse; Children and Families – 2 social workers",
        learning="Practitioners did not know who to tell about repeated attendances.",
        agencies=[imc, nobles, mccf],
    )
    services.family_contact_add(
        review=review,
        by=people["reviewer"],
        contact_on=date(2026, 2, 3),
        who="Mother",
        method="Home visit",
        summary="Mother described feeling that nobody was joining the dots.",
    )
    services.analysis_start(review=review, by=people["reviewer"])
    sharing, exploitation, curiosity = (
        _theme("Information sharing"),
        _theme("Exploitation"),
        _theme("Professional curiosity"),
    )
    learning = services.finding_add(
        review=review,
        by=people["reviewer"],
        kind="learning",
        title="Attendances were not shared",
        text="Five ED attendances were not shared with Children and Families.",
        themes=[sharing],
        agencies=[nobles, mccf],
    )
    services.finding_add(
        review=review,
        by=people["reviewer"],
        kind="learning",
        title="Exploitation was not recognised",
        text="Missing episodes and new older friends were recorded but not seen as exploitation.",
        themes=[exploitation, curiosity],
        agencies=[imc, desc],
    )
    services.finding_add(
        review=review,
        by=people["reviewer"],
        kind="good_practice",
        title="The school nurse persisted",
        text="The school nurse kept in contact with Child M and escalated her worries twice.",
        themes=[curiosity],
        agencies=[desc],
    )
    recommendation = services.recommendation_add(
        review=review,
        by=people["reviewer"],
        text="Noble's Hospital should notify Children and Families of every ED attendance by a child known to them.",
        to_board=False,
        agencies=[nobles],
        findings=[learning],
        themes=[sharing],
        smart_outcome="Every attendance of a known child is shared within one working day",
        smart_measure="Quarterly audit of 20 attendances",
        smart_owner="Named nurse for safeguarding",
        smart_timescale="By 31 March 2027",
    )
    services.recommendation_respond(
        recommendation=recommendation,
        agency=nobles,
        by=people["health"],
        response="accepted",
        reasons="We will add an automatic notification to the ED system.",
    )
    services.recommendation_add(
        review=review,
        by=people["reviewer"],
        text="The Board should agree a multi-agency strategy on exploitation outside the home.",
        to_board=True,
        agencies=[imc],
        findings=[],
        themes=[exploitation],
        smart_outcome="A strategy agreed by all member agencies",
        smart_measure="Strategy approved by the Board",
        smart_owner="Board business manager",
        smart_timescale="By September 2026",
    )
    services.report_version_add(
        review=review,
        by=people["reviewer"],
        kind="draft",
        text="Draft overview report for Child M.",
    )
    services.report_version_add(
        review=review,
        by=people["reviewer"],
        kind="final",
        text=CHILD_M_REPORT,
    )
    services.register_person_add(
        review=review, by=people["business"], pseudonym="Child M", names=["Mason Quirk", "Mace"]
    )
    services.register_person_add(
        review=review, by=people["business"], pseudonym="Ms Q", names=["Kelly Quirk"]
    )
    services.register_identifier_add(
        review=review,
        by=people["business"],
        replacement="[address]",
        values=["7 Ballaquayle Road, Douglas"],
    )
    services.register_identifier_add(
        review=review,
        by=people["business"],
        replacement="[school]",
        values=["Ballakermeen High School"],
    )
    services.register_identifier_add(
        review=review, by=people["business"], replacement="[date of birth]", values=["14/02/2012"]
    )
    return _approved(review, people, date(2026, 5, 28), date(2026, 6, 10), date(2026, 6, 24))


def _thematic(people: dict[str, User]) -> Review:
    """A thematic review of self-neglect, gathering information, with one agency overdue."""
    mcasc, imc, hous, vol = _agencies("MCASC", "IMC", "HOUS", "VOL")
    review = services.review_refer(
        by=people["business"],
        title=f"Self-neglect thematic review {DEMO_MARK}",
        referral_date=date(2026, 5, 4),
        referrer_name="Bethany Corlett",
        referral_source="SCMR Panel, after three deaths of adults who self-neglected",
        harm="died",
        abuse_neglect="suspected",
        concern="Three adults who self-neglected died in one winter; each was known to several agencies.",
        agencies=[mcasc, imc, hous, vol],
        subjects=[
            {"pseudonym": "Robin", "age_band": "65_plus", "category": "vulnerable_adult"},
            {"pseudonym": "Adult S", "age_band": "25_64", "category": "vulnerable_adult"},
        ],
        parallel=[{"kind": "inquest", "detail": "Inquests opened and adjourned"}],
    )
    services.decision_record(
        review=review,
        by=people["panel"],
        outcome="other_review",
        review_kind="thematic",
        decided_by="SCMR Panel",
        decided_on=date(2026, 5, 20),
        rationale="One death met the SCMR criteria; a thematic review lets all three be learned from together.",
    )
    services.terms_save(
        review=review,
        by=people["business"],
        scope_start=date(2024, 5, 1),
        scope_end=date(2026, 3, 1),
        lines_of_enquiry="How do agencies recognise and respond to self-neglect?",
        methodology="hybrid",
        methodology_detail="Agency reports plus practitioner workshops",
        reviewer_independence="Independent reviewer from off-island.",
        family_involvement="planned",
        family_involvement_detail="Families will be invited to speak with the reviewer.",
        parallel_handling="The coroner has been told of the review and will receive the report.",
    )
    services.reviewer_assign(review=review, by=people["business"], reviewer=people["reviewer"])
    services.review_commission(
        review=review, by=people["business"], commissioned_on=date(2026, 6, 1)
    )
    services.requests_send(
        review=review,
        by=people["business"],
        kind=RequestKind.REPORT,
        agencies=[mcasc, imc, hous, vol],
    )
    services.request_submit(
        request=review.requests.get(agency=mcasc),
        by=people["business"],
        text="Adult Social Care agency report on contact with all three adults.",
    )
    return review


def _no_review(people: dict[str, User]) -> Review:
    mcmh, nobles = _agencies("MCMH", "NOBLES")
    review = services.review_refer(
        by=people["health"],
        title=f"Adult N {DEMO_MARK}",
        referral_date=date(2026, 2, 9),
        referrer_name="Nia Kinvig",
        referral_source="Hospital safeguarding team",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="Discharge from hospital without a care plan may have left Adult N at risk.",
        agencies=[mcmh, nobles],
        subjects=[{"pseudonym": "Adult N", "age_band": "25_64", "category": "vulnerable_adult"}],
    )
    services.requests_send(
        review=review, by=people["business"], kind=RequestKind.SUMMARY, agencies=[mcmh, nobles]
    )
    _submit_all(review, people, "Summary of the admission and discharge.")
    services.screening_record(
        review=review,
        by=people["business"],
        serious_harm=True,
        abuse_or_neglect=False,
        interagency_concern=False,
        recommendation="no_review",
        rationale="The concern was about one service's discharge process, not how agencies worked together.",
    )
    services.decision_record(
        review=review,
        by=people["panel"],
        outcome="no_review",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 3),
        rationale="Criteria not met: single-agency practice issue.",
        alternative_learning="Noble's Hospital will hold a learning event and publish a 7-minute briefing on discharge planning.",
    )
    return review


def _screening(people: dict[str, User]) -> Review:
    imc, mccf, desc = _agencies("IMC", "MCCF", "DESC")
    review = services.review_refer(
        by=people["police"],
        title=f"Family P {DEMO_MARK}",
        referral_date=timezone.localdate() - timedelta(days=10),
        referrer_name="Huw Cregeen",
        referral_source="Police, after a domestic abuse incident",
        harm="seriously_harmed",
        abuse_neglect="known",
        concern="Children in the family were not recognised as living with domestic abuse.",
        agencies=[imc, mccf, desc],
        subjects=[
            {"pseudonym": "Child P1", "age_band": "5_9", "category": "child"},
            {"pseudonym": "Child P2", "age_band": "1_4", "category": "child"},
        ],
        parallel=[{"kind": "criminal_trial", "detail": "Trial listed for next year"}],
    )
    services.requests_send(
        review=review, by=people["business"], kind=RequestKind.SUMMARY, agencies=[imc, mccf, desc]
    )
    services.request_submit(
        request=review.requests.get(agency=imc),
        by=people["police"],
        text="Three call-outs in 2025.",
    )
    return review


def _adult_r(people: dict[str, User]) -> Review:
    """An adult learning review, approved and waiting to be anonymised and published: the
    business unit has not yet started on it, so the publication gate can be walked."""
    mcasc, imc, hous, vol = _agencies("MCASC", "IMC", "HOUS", "VOL")
    review = services.review_refer(
        by=people["business"],
        title=ADULT_R_TITLE,
        referral_date=date(2025, 11, 3),
        incident_date=date(2025, 10, 14),
        referrer_name="Bethany Corlett",
        referral_source="Adult safeguarding team, after a safeguarding referral from a support worker",
        harm="seriously_harmed",
        abuse_neglect="known",
        concern=(
            "Adult R, who has a learning disability, was financially and sexually exploited by "
            "people using her flat. Police, housing and her support service each saw part of it."
        ),
        agencies=[mcasc, imc, hous, vol],
        subjects=[{"pseudonym": "Adult R", "age_band": "25_64", "category": "vulnerable_adult"}],
        family_wishes="Adult R wants to take part and to read the report before it is published.",
    )
    services.requests_send(
        review=review,
        by=people["business"],
        kind=RequestKind.SUMMARY,
        agencies=[mcasc, imc, hous, vol],
    )
    _submit_all(review, people, "Summary of this agency's contact with Adult R since March 2025.")
    services.screening_record(
        review=review,
        by=people["business"],
        serious_harm=True,
        abuse_or_neglect=True,
        interagency_concern=True,
        recommendation="other_review",
        rationale=(
            "Serious harm from exploitation; four agencies each held part of the picture. A "
            "proportionate learning review with the practitioners involved would learn fastest."
        ),
    )
    services.decision_record(
        review=review,
        by=people["panel"],
        outcome="other_review",
        review_kind="learning_review",
        decided_by="SCMR Panel",
        decided_on=date(2025, 11, 26),
        rationale="A proportionate learning review, led by the practitioners' own accounts.",
    )
    services.terms_save(
        review=review,
        by=people["business"],
        scope_start=date(2025, 3, 1),
        scope_end=date(2025, 10, 14),
        lines_of_enquiry=(
            "1. Were repeated calls about one address seen together?\n"
            "2. Was exploitation of an adult with care and support needs recognised?"
        ),
        methodology="silp",
        reviewer_independence="Independent reviewer from off-island with no previous involvement.",
        family_involvement="involved",
        family_involvement_detail="The reviewer met Adult R twice, with her advocate.",
        panel_members=[people["panel"]],
    )
    services.reviewer_assign(review=review, by=people["business"], reviewer=people["reviewer"])
    services.review_commission(
        review=review, by=people["business"], commissioned_on=date(2025, 12, 10)
    )
    services.learning_event_add(
        review=review,
        by=people["reviewer"],
        held_on=date(2026, 3, 4),
        attendees="Police – 2 officers; Housing – 2 housing officers; Island Family Support – support worker; Adult Social Care – social worker",
        learning="Each practitioner saw something wrong at the flat but thought it was someone else's to act on.",
        agencies=[imc, hous, vol, mcasc],
    )
    services.family_contact_add(
        review=review,
        by=people["reviewer"],
        contact_on=date(2026, 2, 12),
        who="Adult R, with her advocate",
        method="Meeting at the advocacy service",
        summary="Adult R said she had told people what was happening and wanted to be believed.",
    )
    services.analysis_start(review=review, by=people["reviewer"])
    exploitation, sharing, curiosity, voice = (
        _theme("Exploitation"),
        _theme("Information sharing"),
        _theme("Professional curiosity"),
        _theme("Voice of the adult"),
    )
    calls = services.finding_add(
        review=review,
        by=people["reviewer"],
        kind="learning",
        title="Calls to one address were closed one at a time",
        text="Four calls about the flat were each closed as antisocial behaviour; none asked who lived there.",
        themes=[sharing, exploitation],
        agencies=[imc, hous],
    )
    services.finding_add(
        review=review,
        by=people["reviewer"],
        kind="learning",
        title="What Adult R said was not acted on",
        text="Adult R told her support worker she had to hand over her bank card; it was recorded, not escalated.",
        themes=[voice, curiosity],
        agencies=[vol, mcasc],
    )
    services.finding_add(
        review=review,
        by=people["reviewer"],
        kind="good_practice",
        title="The support worker kept asking",
        text="The support worker went back to Adult R three times and made the safeguarding referral.",
        themes=[curiosity],
        agencies=[vol],
    )
    recommendation = services.recommendation_add(
        review=review,
        by=people["reviewer"],
        text="The Isle of Man Constabulary should flag a third call about one address where an adult with care and support needs lives, and tell Adult Social Care.",
        to_board=False,
        agencies=[imc],
        findings=[calls],
        themes=[exploitation],
        smart_outcome="Repeat calls to the home of an adult with care and support needs are shared",
        smart_measure="Quarterly dip sample of 20 repeat-call addresses",
        smart_owner="Head of public protection",
        smart_timescale="By 30 June 2027",
    )
    services.recommendation_respond(
        recommendation=recommendation,
        agency=imc,
        by=people["police"],
        response="accepted",
        reasons="The control room system will prompt on a third call to a flagged address.",
    )
    services.report_version_add(
        review=review,
        by=people["reviewer"],
        kind="final",
        text=ADULT_R_REPORT,
    )
    services.register_person_add(
        review=review, by=people["business"], pseudonym="Adult R", names=["Rachel Kneale"]
    )
    services.register_person_add(
        review=review, by=people["business"], pseudonym="Mr T", names=["Darren Skillicorn"]
    )
    services.register_identifier_add(
        review=review,
        by=people["business"],
        replacement="[address]",
        values=["22 Tromode Close, Onchan"],
    )
    return _approved(review, people, date(2026, 9, 14), date(2026, 10, 7), date(2026, 10, 21))


def _backdate(review: Review, *, requests: bool = True) -> None:
    """The services stamp requests and the timeline with today's date; for a demo review that
    happened last year, move them to the dates the story gives, so the pages read true."""
    review.refresh_from_db()
    asked = review.referral_date
    for request in review.requests.all() if requests else []:
        start = review.commissioned_date if request.kind != RequestKind.SUMMARY else asked
        request.due_date = add_working_days(
            start, 10 if request.kind == RequestKind.SUMMARY else 20
        )
        if request.submitted_at:
            submitted = add_working_days(request.due_date, -2)
            request.submitted_at = timezone.make_aware(datetime.combine(submitted, time(14, 0)))
        request.save(update_fields=["due_date", "submitted_at"])
    stage_dates = {
        "referral": review.referral_date,
        "screening": add_working_days(review.referral_date, 1),
        "decision": add_working_days(review.referral_date, 12),
        "commissioning": review.decision_date,
        "no_review": review.decision_date,
        "gathering": review.commissioned_date,
        "analysis": review.completion_date and add_working_days(review.completion_date, -40),
        "approval": review.completion_date,
        "approved": review.approval_date,
    }
    for change in StageChange.objects.filter(review=review):
        day = stage_dates.get(change.to_stage)
        if day:
            change.changed_at = timezone.make_aware(datetime.combine(day, time(10, 0)))
            change.save(update_fields=["changed_at"])


@transaction.atomic
def demo_reviews_load() -> list[Review]:
    """Create the demo reviews once; running again leaves them as they are. Adult R came later
    than the other four, so a demo board loaded before it gains it without a duplicate."""
    people = _people()
    if not Review.objects.filter(title__endswith=DEMO_MARK).exists():
        reviews = [_child_m(people), _thematic(people), _no_review(people), _screening(people)]
        _backdate(reviews[0])
        _backdate(reviews[1], requests=False)  # asked for reports recently
        _backdate(reviews[2])
        # The thematic review's housing report stays overdue, to show how overdue items look.
        AgencyRequest.objects.filter(review=reviews[1], agency__agency_code="HOUS").update(
            due_date=timezone.localdate() - timedelta(days=12)
        )
    if not Review.objects.filter(title=ADULT_R_TITLE).exists():
        _backdate(_adult_r(people))
    return list(Review.objects.filter(title__endswith=DEMO_MARK).order_by("reference"))
