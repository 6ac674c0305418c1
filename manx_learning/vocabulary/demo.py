"""The demo board's strategic priorities: fictional, in the style of a real board's plan."""

from datetime import date

from manx_learning.vocabulary.models import BoardPriority

DEMO_PRIORITIES = [
    (
        "Early help and neglect",
        "Children living with neglect are recognised early and get help before harm escalates.",
        "Neglect featured in most of the Board's recent reviews; help often came late.",
    ),
    (
        "Domestic abuse and its impact on children and adults",
        "Victims and their children are safer, and repeat incidents fall.",
        "Repeat MARAC referrals and police notifications have risen for two years.",
    ),
    (
        "Safeguarding adults: making safeguarding personal",
        "Adults at risk are asked what they want, and say their outcomes were met.",
        "Adults' voices were missing from too many enquiries in the last audit.",
    ),
]


def demo_priorities_load() -> list[BoardPriority]:
    """Idempotent: keyed by title."""
    priorities = []
    for title, outcome, description in DEMO_PRIORITIES:
        priority, _ = BoardPriority.objects.update_or_create(
            title=title,
            defaults={
                "outcome_sought": outcome,
                "description": description,
                "starts_on": date(2025, 4, 1),
                "ends_on": date(2028, 3, 31),
                "is_active": True,
            },
        )
        priorities.append(priority)
    return priorities
