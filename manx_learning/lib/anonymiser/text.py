"""Word tokens with the facts the name rules need: case, possessive, sentence position."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import fold

# A word starts with a letter and may hold letters, digits, apostrophes and hyphens inside
# ("O'Neill", "Kinrade-Quayle", "Motiv8"); it never ends on an apostrophe or hyphen.
TOKEN_RE = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[^\W_])?")
POSSESSIVE_RE = re.compile(r"['\u2019]s$", re.IGNORECASE)

# Characters that may sit between a sentence boundary and its first word.
_OPENERS = set("\"'\u2018\u201c([{*_#>\u2022-\u2013\u2014 \t")
_BOUNDARIES = set(".!?:;|\n\r")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int  # end of the base word: a possessive "'s" stays outside any span
    text: str  # the base word, without possessive
    folded: str
    sentence_start: bool
    possessive: bool

    @property
    def is_title(self) -> bool:
        """Capitalised like a name ("Quayle", "McDonald", "O'Neill"), not ALL CAPS."""
        return self.text[0].isupper() and not self.is_upper

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) > 1 and all(c.isupper() for c in letters)

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def parts(self) -> list[str]:
        """Folded hyphen-separated parts ("kinrade", "quayle")."""
        return [p for p in self.folded.split("-") if p]


def tokenize(text: str) -> list[Token]:
    """Every word token of ``text`` in order."""
    tokens = []
    for match in TOKEN_RE.finditer(text):
        word = match.group()
        possessive = bool(POSSESSIVE_RE.search(word)) and len(word) > 2
        base = word[:-2] if possessive else word
        tokens.append(
            Token(
                start=match.start(),
                end=match.start() + len(base),
                text=base,
                folded=fold(base),
                sentence_start=is_sentence_start(text, match.start()),
                possessive=possessive,
            )
        )
    return tokens


def is_sentence_start(text: str, index: int) -> bool:
    """True where a capital letter says nothing about names: text start, after . ! ? : or a line."""
    i = index - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    if i < 0:
        return True
    if text[i] in _BOUNDARIES:
        # "Dr. Quirk" is not a sentence start: a title abbreviation before the dot.
        return not (text[i] == "." and _is_abbreviation(text, i))
    if text[i] == ")":
        # A list item: "1) Kieran", "(a) The".
        line_start = text.rfind("\n", 0, index) + 1
        return bool(_LIST_MARKER_RE.fullmatch(text, line_start, index))
    return False


_LIST_MARKER_RE = re.compile(r"\s*\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})\)\s*")
_ABBREVIATIONS = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "st",
    "sgt",
    "prof",
    "rev",
    "revd",
    "cllr",
    "insp",
    "det",
}


def _is_abbreviation(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return text[j:dot].casefold() in _ABBREVIATIONS


def line_gap(text: str, left_end: int, right_start: int) -> str:
    """The characters between two tokens."""
    return text[left_end:right_start]


def is_plain_gap(gap: str) -> bool:
    """Tokens separated by spaces only (no punctuation, no line break) can form one name."""
    return 0 < len(gap) <= 3 and gap.strip(" \t") == ""
