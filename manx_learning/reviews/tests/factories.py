"""Reviews taken a step on for tests, through the services."""

from datetime import date

from manx_learning.reviews import services


def commission(review, officer, reviewer, today=date(2026, 4, 1)):
    """Terms saved, `reviewer` assigned and the review commissioned, by the business unit."""
    services.terms_save(
        review=review,
        by=officer,
        scope_start=date(2025, 1, 1),
        scope_end=date(2026, 2, 14),
        lines_of_enquiry="How was information about ED attendances shared?",
        methodology="systems",
        reviewer_independence="Off-island, no previous involvement with the agencies.",
        family_involvement="planned",
        family_involvement_detail="The reviewer will meet Child J and their mother.",
        parallel_handling="Police consulted before family contact.",
    )
    services.reviewer_assign(review=review, by=officer, reviewer=reviewer)
    return services.review_commission(review=review, by=officer, commissioned_on=today)
