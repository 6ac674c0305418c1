"""Published items made for tests directly, not through the gate, the final report of the
gate's review (the `gate_review` fixture), with the names the anonymiser should find, and the
Panel's and Board's approval that lets a review be anonymised; and a Word report with headings,
lists and a table, to publish with its structure."""

import io
from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from manx_learning.publishing.models import AudienceGroup, PublishedItem, PublishedKind
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import Review
from manx_learning.reviews.tests.factories import commission

REPORT = (
    "Jayden Kinrade lived with his mother Leanne Kinrade at 14 Ballabrooie Drive, Douglas.\n\n"
    "Jayden attended Ballacottier Primary School. Dr Corkill saw him at Noble's Hospital."
)

_numbers = count(1)


def review_in_analysis(
    *, referrer, agencies, panel_chair, officer, reviewer, child: str, names: list[str], school: str
) -> Review:
    """A review referred by `referrer`, decided an SCMR by the Panel, commissioned with
    `reviewer`, at findings, with `child`'s names and `school` in its register and one finding
    of good practice: the report can be added, then the review approved and anonymised."""
    review = reviews_services.review_refer(
        by=referrer,
        title=child,
        referral_date=date(2026, 3, 2),
        referrer_name="DI Lee Police",
        referral_source="Police rapid review",
        harm="seriously_harmed",
        abuse_neglect="suspected",
        concern="Information was not shared with children's services.",
        agencies=agencies,
        subjects=[{"pseudonym": child, "age_band": "5_9", "category": "child"}],
        parallel=[],
        incident_date=date(2026, 2, 14),
    )
    reviews_services.decision_record(
        review=review,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    commission(review, officer, reviewer)
    add = {"review": review, "by": reviewer}
    reviews_services.analysis_start(**add)
    reviews_services.register_person_add(**add, pseudonym=child, names=names)
    reviews_services.register_identifier_add(**add, replacement="[school]", values=[school])
    reviews_services.finding_add(
        **add,
        kind="good_practice",
        title="The school nurse persisted",
        text="She followed up every missed appointment.",
        themes=[],
        agencies=agencies[1:],
    )
    return review


def structured_report_docx(child: str, school: str) -> bytes:
    """A final report as a .docx naming `child` and `school`: two top-level headings, a
    sub-heading, a bulleted and a numbered list, and a table whose cell names the school."""
    import docx

    document = docx.Document()
    document.add_heading("Background", 1)
    document.add_paragraph(f"{child} lived with his mother at 14 Ballabrooie Drive, Douglas.")
    document.add_heading("What the agencies knew", 2)
    document.add_paragraph("The police knew of two incidents", style="List Bullet")
    document.add_paragraph("The school knew he was often absent", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Agency", "Contacts"
    table.cell(1, 0).text, table.cell(1, 1).text = school, "12"
    document.add_heading("Recommendations", 1)
    document.add_paragraph("Share attendance concerns with the MASH", style="List Number")
    document.add_paragraph("Review the plan when the family moves", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_item(*, title: str | None = None, days_ago: int | None = 1, **fields) -> PublishedItem:
    """A library row made directly; `days_ago=None` leaves it unpublished."""
    number = next(_numbers)
    title = title or f"Learning item {number}"
    published = timezone.now() - timedelta(days=days_ago) if days_ago is not None else None
    values = {
        "kind": PublishedKind.REVIEW,
        "slug": f"learning-item-{number}",
        "summary": f"Summary of {title}.",
        "body_html": "<p>What agencies learned.</p>",
        "year": 2025,
        "audience": AudienceGroup.CHILDREN,
        "published_at": published,
    }
    themes = fields.pop("themes", [])
    item = PublishedItem.objects.create(title=title, **(values | fields))
    item.themes.set(themes)
    return item


def approve(review: Review, panel_chair, board_member, publication: str = "full") -> Review:
    """The Panel signs the review off and the Board approves it: it may now be anonymised."""
    reviews_services.panel_sign_off(review=review, by=panel_chair, signed_on=date(2026, 9, 1))
    reasons = {"reasons": "The family asked us not to."} if publication == "none" else {}
    reviews_services.board_approve(
        review=review,
        by=board_member,
        approved_on=date(2026, 9, 10),
        publication=publication,
        **reasons,
    )
    review.refresh_from_db()
    return review
