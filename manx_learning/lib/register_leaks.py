"""The one register-leak scanner: does any value from a review's identifier register appear in
text that is about to be made public?

It is the last check before anything leaves the system (the publication gate, briefings, and
drafting a briefing from a review), so there is exactly one copy of it and of the word lists it
relies on. The anonymiser's register matching uses the same surname particles.

Framework-free: no Django, no app imports."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

# Titles and ranks that stand before a name but are not one: scanning for "Dr" alone would
# refuse every report that mentions a doctor.
TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame", "lady", "lord"]
)
RANKS = frozenset(["pc", "dc", "ds", "di", "sgt", "nurse"])
# Lower-case surname particles: "Juan Dela Cruz", "Ana de la Rosa", "Pieter van der Berg".
SURNAME_PARTICLES = frozenset(
    [
        "de",
        "dela",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "dos",
        "das",
        "st",
        "bin",
        "al",
    ]
)
# Joining words that can appear inside a registered name ("Friends of the Earth").
CONNECTIVES = frozenset(["the", "and", "of"])
NOT_NAME_WORDS = TITLES | RANKS | SURNAME_PARTICLES | CONNECTIVES

_WORD_RE = re.compile(r"[^\W\d_][\w'-]*")


def name_words(name: str) -> list[str]:
    """The words of a registered name worth scanning for alone ("Jayden", "Kermode")."""
    return [w for w in _WORD_RE.findall(name) if len(w) > 1 and w.casefold() not in NOT_NAME_WORDS]


def name_values(name: str) -> list[str]:
    """What one registered name is scanned for: the whole name (spacing folded) and each of its
    words worth scanning for alone."""
    return [" ".join(name.split()), *name_words(name)]


def value_pattern(value: str) -> re.Pattern[str]:
    """A case-blind, whole-word pattern for a value, allowing any spacing between its words."""
    words = [re.escape(w) for w in value.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def register_values(register: Mapping[str, Any]) -> list[str]:
    """Every value to scan for in a register export: each name and alias, each word of them,
    and each identifier.

    Single words of a name are included so that a first name or surname alone ("Jayden") is
    caught as well as the full name."""
    values: set[str] = set()
    for person in register.get("people", []):
        for name in person.get("names", []):
            values.update(name_values(name))
    for identifier in register.get("identifiers", []):
        values.update(" ".join(v.split()) for v in identifier.get("values", []))
    return sorted((v for v in values if v), key=str.casefold)


def find_leaks(places: Mapping[str, str], values: Iterable[str]) -> list[str]:
    """ "Jayden appears in the summary" for each register value found in each place."""
    found: list[str] = []
    for value in values:
        pattern = value_pattern(value)
        found.extend(
            f"{value} appears in {where}" for where, text in places.items() if pattern.search(text)
        )
    return found
