"""Tagging free-text answers with themes, by a small keyword lexicon. No Django imports.

Why a lexicon and not a model: the answers are few (tens, not thousands), the Board needs to be
able to read and explain why an answer was tagged, and nothing may leave the server. Each theme
lists word stems; an answer carries a theme when any stem starts a word in it ("communicat"
matches "communication" and "communicating"). An answer can carry several themes or none. The
business unit still reads every answer: the counts point to where to look, they are not a finding.
"""

import re
from collections import Counter
from collections.abc import Iterable

# Theme -> word stems (lower case). Keep each list short and specific; add stems when the
# business unit finds answers the lexicon missed (see docs/surveys.md).
LEXICON: dict[str, tuple[str, ...]] = {
    "Communication": (
        "communicat",
        "phone",
        "call back",
        "email",
        "e-mail",
        "told",
        "listen",
        "explain",
        "respond",
        "contact",
    ),
    "Information sharing": (
        "information shar",
        "sharing information",
        "share information",
        "shared information",
        "consent",
        "gdpr",
        "data protection",
        "record",
        "referral",
        "handover",
    ),
    "Workload": (
        "workload",
        "caseload",
        "capacity",
        "staffing",
        "short staffed",
        "understaff",
        "pressure",
        "busy",
        "overwhelm",
        "time to",
    ),
    "Training": (
        "training",
        "trained",
        "course",
        "learning",
        "supervision",
        "briefing",
        "guidance",
        "procedure",
        "induction",
    ),
    "Voice of the child": (
        "voice of the child",
        "child's voice",
        "childs voice",
        "child's view",
        "wishes and feelings",
        "listened to",
        "young person",
        "what the child",
    ),
    "Multi-agency working": (
        "multi-agency",
        "multi agency",
        "partnership",
        "strategy meeting",
        "strategy discussion",
        "joint",
        "other agenc",
        "between agencies",
        "working together",
    ),
    "Feeling supported": (
        "support",
        "helpful",
        "kind",
        "respect",
        "cared",
        "felt safe",
        "understood",
    ),
}

_WORD_START = r"(?<![\w])"


def _compile(stems: Iterable[str]) -> re.Pattern[str]:
    return re.compile(
        "|".join(_WORD_START + re.escape(stem) for stem in stems), flags=re.IGNORECASE
    )


_PATTERNS = {theme: _compile(stems) for theme, stems in LEXICON.items()}


def themes_of(text: str) -> list[str]:
    """The themes one answer touches, in lexicon order."""
    # Curly apostrophes are common on phones; treat them as straight ones.
    text = text.replace("\u2019", "'")
    return [theme for theme, pattern in _PATTERNS.items() if pattern.search(text)]


def theme_counts(texts: Iterable[str]) -> list[tuple[str, int]]:
    """How many answers touch each theme, most first; themes no answer touches are left out."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(themes_of(text))
    order = list(LEXICON)
    return sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
