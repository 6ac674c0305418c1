"""The word lists shipped in ``data/``, loaded once and shared.

Every list is plain UTF-8 text, one entry a line, ``#`` for comments, so a reviewer can add a
surname or a school without touching code. Look-ups are case-folded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def words(text: str, sep: str | None = None) -> list[str]:
    """A word list written compactly in code: ``words("mr mrs ms")``."""
    return [w.strip() for w in text.split(sep) if w.strip()]


def read_list(name: str) -> list[str]:
    """Entries of one data file, without comments or blank lines."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def fold(word: str) -> str:
    """Case-fold and normalise curly apostrophes, so look-ups ignore typography."""
    return word.replace("\u2019", "'").casefold()


@dataclass(frozen=True)
class School:
    name: str
    short_forms: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    english: frozenset[str]
    first_names: frozenset[str]
    manx_surnames: frozenset[str]
    uk_surnames: frozenset[str]
    places: frozenset[str]  # single-word towns and places, folded
    place_phrases: tuple[str, ...]  # every place, as written (multi-word ones matter)
    localities: tuple[str, ...]
    streets: tuple[str, ...]
    schools: tuple[School, ...]
    agencies: tuple[str, ...]
    roles: tuple[str, ...]
    keep_words: frozenset[str]
    months: frozenset[str]

    def is_word(self, folded: str) -> bool:
        """True for an ordinary English word (every hyphen-separated part must be one)."""
        if folded in self.english:
            return True
        parts = folded.split("-")
        return len(parts) > 1 and all(p in self.english for p in parts if p)

    def is_surname(self, folded: str) -> bool:
        return folded in self.manx_surnames or folded in self.uk_surnames

    def is_known_name(self, folded: str) -> bool:
        return folded in self.first_names or self.is_surname(folded)


_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)


@cache
def lexicon() -> Lexicon:
    """The shared lexicon (read from disk on first use)."""
    places = read_list("iom_places.txt") + read_list("other_places.txt")
    schools = []
    for line in read_list("schools.txt"):
        name, *short = (part.strip() for part in line.split("|"))
        schools.append(School(name, tuple(s for s in short if s)))
    english = frozenset(read_list("english_words.txt"))
    return Lexicon(
        english=english,
        first_names=frozenset(fold(n) for n in read_list("first_names.txt")),
        manx_surnames=frozenset(fold(n) for n in read_list("manx_surnames.txt")),
        uk_surnames=frozenset(fold(n) for n in read_list("uk_surnames.txt")),
        places=frozenset(fold(p) for p in places if " " not in p),
        place_phrases=tuple(places),
        localities=tuple(read_list("iom_localities.txt")),
        streets=tuple(read_list("iom_streets.txt")),
        schools=tuple(schools),
        agencies=tuple(read_list("agencies.txt")),
        roles=tuple(read_list("roles.txt")),
        keep_words=frozenset(fold(w) for w in read_list("keep_words.txt")),
        months=frozenset(_MONTHS.split()),
    )


def phrase_pattern(
    phrases: list[str] | tuple[str, ...], *, flags: int = re.IGNORECASE
) -> re.Pattern[str]:
    """One alternation matching any phrase as whole words, spacing and apostrophes relaxed.

    Longest phrases come first so "Isle of Man Constabulary" wins over "Isle of Man".
    """
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    alternatives = [loose_phrase(p) for p in ordered]
    # A possessive may follow ("the Jane Crookall Maternity Unit's ward"); other apostrophes not.
    end = r"(?=['\u2019]s\b|[^\w'\u2019]|$)"
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")" + end, flags)


def loose_phrase(phrase: str) -> str:
    """Regex for a phrase that tolerates any run of spaces and either apostrophe."""
    out: list[str] = []
    for char in phrase.strip():
        if char.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif char in "'\u2019":
            out.append("['\u2019]?")
        else:
            out.append(re.escape(char))
    return "".join(out)
