"""Names the register missed: practitioners, neighbours, relatives, misspellings.

Evidence, strongest first:
1. a title before the word ("Dr Douglas", "PC 1234 Quirk", "Mrs Teare");
2. a cue before it ("named Kieran", "her partner, Kieran", "known as Jay");
3. a close misspelling of a register name ("Jaden" for Jayden, "Kinread" for Kinrade): the
   register person's pseudonym, flagged with lower confidence;
4. a known first name or surname (shipped lists, Manx surnames included);
5. any other capitalised word that is no ordinary English word, town, agency word or month
   (low confidence: still replaced, listed for review).
Adjacent name words join into one "[name]". Ordinary words ("Will", "Hope", "Young") count only
next to stronger evidence or mid-sentence where they cannot be a sentence's first word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon, words
from .register_match import TITLE_SET, RegisterMatcher
from .spans import Priority, Span, make_span
from .text import Token, is_plain_gap

CUES = frozenset(
    words(
        "named called aka nicknamed neighbour neighbor neighbours partner boyfriend "
        "girlfriend husband wife ex-partner ex-husband ex-wife fiance fiancee friend friends "
        "brother sister half-brother half-sister stepbrother stepsister cousin uncle aunt "
        "auntie grandmother grandfather nan nana grandad grandma grandpa stepfather "
        "stepmother step-father step-mother son daughter niece nephew lodger landlord "
        "landlady employer colleague classmate peer sibling siblings"
    )
)
# Titles that are also role words: "Nurse Practitioner", "Judge Rules" need a real name after.
_WEAK_TITLES = frozenset(
    frozenset(words("nurse sister judge constable inspector detective doctor master lady lord"))
)
_COLLAR_RE = re.compile(r"\s*\d{1,5}\s+")
_COLLAR_BEFORE_RE = re.compile(
    r"\b(?:PC|DC|DS|DI|PS|Sgt|Insp|Constable|Sergeant)\.?\s+(\d{1,5})\s+$"
)
_ACRONYM_PLURAL_RE = re.compile(r"[A-Z]{2,}s")  # "GPs", "IMRs"
_POST_CUE_RE = re.compile(
    r"\s*(?:\(|,\s*)(?:the\s+|his\s+|her\s+|their\s+|a\s+)?(?P<cue>[a-z-]+)", re.IGNORECASE
)


@dataclass(slots=True)
class _Mark:
    """Name evidence for one token."""

    confidence: float
    strong: bool  # may stand alone; a weak mark only joins a neighbouring name
    replacement: str = "[name]"
    note: str = ""
    priority: int = Priority.DETECTED_NAME


class NameDetector:
    def __init__(self, lex: Lexicon, register: RegisterMatcher, protected: frozenset[str]) -> None:
        self.lex = lex
        self.register = register
        self.protected = protected  # folded pseudonym words: never a name
        self.register_words = register.known_words()
        self._fuzzy_cache: dict[tuple[str, bool], tuple[str, set[int]] | None] = {}

    def detect(self, text: str, tokens: list[Token], blocked: list[tuple[int, int]]) -> list[Span]:
        """Spans for every run of name-like tokens outside ``blocked`` ranges."""
        marks = self._marks(text, tokens, blocked_mask(tokens, blocked))
        self._promote(text, tokens, marks)
        return self._group(text, tokens, marks)

    # --- per-token evidence ---------------------------------------------------------------

    def _marks(self, text: str, tokens: list[Token], blocked: list[bool]) -> list[_Mark | None]:
        marks: list[_Mark | None] = [None] * len(tokens)
        for i, token in enumerate(tokens):
            if blocked[i] or not token.is_capitalised or token.folded in self.protected:
                continue
            marks[i] = (
                self._after_title(text, tokens, i)
                or self._after_cue(text, tokens, i)
                or self._fuzzy(token)
                or self._lexical(token)
            )
        return marks

    def _after_title(self, text: str, tokens: list[Token], i: int) -> _Mark | None:
        title = self._title_before(text, tokens, i)
        if title is None:
            return None
        token = tokens[i]
        if len(token.text) == 1 or (
            token.folded in self.lex.keep_words and not self.lex.is_known_name(token.folded)
        ):
            return None  # "Mr H" is a pseudonym; "Dr Who"? "Mrs Mother"? not a name
        if (
            title in _WEAK_TITLES
            and self.lex.is_word(token.folded)
            and not self.lex.is_known_name(token.folded)
        ):
            return None  # "Nurse Practitioner"
        return _Mark(0.9, True, priority=Priority.DETECTED_NAME + 5, note=f"after '{title}'")

    @staticmethod
    def _title_before(text: str, tokens: list[Token], i: int) -> str | None:
        """The title in front of token i, skipping a collar number ("PC 1234 Quirk") or an
        initial ("Dr J. Quirk")."""
        j = i - 1
        while j >= max(0, i - 3) and len(tokens[j].text) == 1 and tokens[j].text.isupper():
            j -= 1  # up to two initials
        if j < 0:
            return None
        title = tokens[j]
        gap = text[title.end : tokens[j + 1].start]
        if title.folded not in TITLE_SET or not title.is_capitalised:
            return None
        if j + 1 == i and gap not in (" ", ". ", ".") and not _COLLAR_RE.fullmatch(gap):
            return None
        if len(gap) > 12:
            return None
        return title.folded

    def _after_cue(self, text: str, tokens: list[Token], i: int) -> _Mark | None:
        if i == 0:
            return None
        cue = tokens[i - 1]
        gap = text[cue.end : tokens[i].start]
        known_as = cue.folded == "as" and i > 1 and tokens[i - 2].folded == "known" and gap == " "
        if (gap not in (" ", ", ", " - ", ": ") or cue.folded not in CUES) and not known_as:
            return None
        token = tokens[i]
        if self._is_keep(token) or token.is_upper:
            return None
        return _Mark(0.8, True, note=f"after '{cue.text}'")

    def _fuzzy(self, token: Token) -> _Mark | None:
        """A misspelt register name: same first letter, one or two edits away. An ordinary
        word ("Tare" for Teare) counts only mid-sentence, capitalised, one edit away."""
        ordinary_ok = token.is_title and not token.sentence_start
        key = (token.folded, ordinary_ok)
        if key not in self._fuzzy_cache:
            self._fuzzy_cache[key] = self._closest_register_word(
                token.folded, ordinary_ok=ordinary_ok
            )
        hit = self._fuzzy_cache[key]
        if not hit:
            return None
        word, owners = hit
        return _Mark(
            0.6,
            True,
            self.register.resolve_owners(owners),
            note=f"close to register name '{word}'",
            priority=Priority.FUZZY,
        )

    def _closest_register_word(
        self, folded: str, *, ordinary_ok: bool = False
    ) -> tuple[str, set[int]] | None:
        if len(folded) < 4 or folded in self.register_words:
            return None
        ordinary = self.lex.is_word(folded)
        if ordinary and not ordinary_ok:
            return None
        if folded in self.lex.keep_words or folded in self.lex.places:
            return None
        for word, owners in self.register_words.items():
            if word[0] != folded[0] or abs(len(word) - len(folded)) > 2:
                continue
            limit = 1 if min(len(word), len(folded)) <= 5 or ordinary else 2
            distance = _edit_distance(word, folded, limit)
            # A different known name two edits away is that name, not a misspelling.
            if distance <= limit and not (distance == 2 and self.lex.is_known_name(folded)):
                return word, owners
        return None

    def _lexical(self, token: Token) -> _Mark | None:
        lex = self.lex
        folded = token.folded
        base = folded if folded in lex.first_names or lex.is_surname(folded) else None
        if base is None and "-" in folded:
            parts = token.parts
            if any(lex.is_known_name(p) for p in parts) and not lex.is_word(folded):
                base = folded  # "Kinrade-Quayle" with an unknown half
        ordinary = lex.is_word(folded)
        if base is not None:
            if token.is_upper:
                return _Mark(0.7, not ordinary)
            if folded in lex.places or folded in lex.keep_words:
                return _Mark(0.5, False)  # "Douglas", "May": a name only beside one
            if not ordinary:
                return _Mark(0.8, True)
            if folded in lex.manx_surnames:
                return _Mark(0.65, True)  # "Quirk", "Quine": on the island, the family name
            return _Mark(0.55, not token.sentence_start)
        if (
            token.is_upper
            or ordinary
            or self._is_keep(token)
            or _ACRONYM_PLURAL_RE.fullmatch(token.text)
        ):
            return None
        if any(c.isdigit() for c in folded) or len(folded) < 2:
            return None
        return _Mark(0.45, True, note="unknown capitalised word", priority=Priority.DETECTED_WEAK)

    def _is_keep(self, token: Token) -> bool:
        folded = token.folded
        lex = self.lex
        return (
            folded in lex.keep_words
            or folded in lex.places
            or folded in self.protected
            or lex.is_word(folded)
            or all(lex.is_word(p) or p in lex.keep_words or p in lex.places for p in token.parts)
        )

    # --- joining tokens into names --------------------------------------------------------

    def _promote(self, text: str, tokens: list[Token], marks: list[_Mark | None]) -> None:
        """Weak name words become names beside a coordinated name ("Lee and Kerry-Ann") or
        before a relation ("Lee (the neighbour)", "Lee, her partner")."""
        for i, mark in enumerate(marks):
            if mark is None or mark.strong:
                continue
            cue = _POST_CUE_RE.match(text, tokens[i].end)
            beside = _coordinated(text, tokens, marks, i, -1) or _coordinated(
                text, tokens, marks, i, 1
            )
            if beside or (cue and cue.group("cue").casefold() in CUES):
                mark.strong = True
                mark.note = mark.note or "beside another name"

    def _group(self, text: str, tokens: list[Token], marks: list[_Mark | None]) -> list[Span]:
        spans = []
        i = 0
        while i < len(tokens):
            if marks[i] is None:
                i += 1
                continue
            j = i
            while (
                j + 1 < len(tokens)
                and marks[j + 1] is not None
                and not tokens[j].possessive
                and is_plain_gap(text[tokens[j].end : tokens[j + 1].start])
            ):
                j += 1
            group = [m for m in marks[i : j + 1] if m is not None]  # none is None here
            if any(m.strong for m in group) or len(group) > 1:
                spans.append(self._span(text, tokens, i, j, group))
            i = j + 1
        return spans

    def _span(self, text: str, tokens: list[Token], i: int, j: int, group: list[_Mark]) -> Span:
        start = tokens[i].start
        # Fold an initial into the name: "J. Quirk", "J Quirk".
        if i > 0 and len(tokens[i - 1].text) == 1 and tokens[i - 1].text.isupper():
            gap = text[tokens[i - 1].end : start]
            if gap in (" ", ". ", ".") and tokens[i - 1].folded not in TITLE_SET:
                start = tokens[i - 1].start
        collar = _COLLAR_BEFORE_RE.search(text, max(0, start - 24), start)
        if collar:
            start = collar.start(1)  # "PC 1234 Quirk": the number identifies the officer too
        best = max(group, key=lambda m: (m.priority, m.confidence))
        confidence = min(0.95, best.confidence + 0.1 * (len(group) - 1))
        fuzzy = [m for m in group if m.priority == Priority.FUZZY]
        replacement = fuzzy[0].replacement if fuzzy and len(group) == 1 else "[name]"
        if fuzzy and len(group) > 1:
            replacement = fuzzy[0].replacement if all(m in fuzzy for m in group) else "[name]"
        return make_span(
            text,
            start,
            tokens[j].end,
            replacement,
            "name",
            confidence=confidence,
            priority=best.priority,
            note=best.note,
        )


def _coordinated(
    text: str, tokens: list[Token], marks: list[_Mark | None], i: int, step: int
) -> bool:
    """Token i is joined to a strong name by "and", "or", "&" or a comma."""
    j = i + step
    if not 0 <= j < len(tokens):
        return False
    left, right = (tokens[j], tokens[i]) if step < 0 else (tokens[i], tokens[j])
    gap = text[left.end : right.start]
    neighbour = marks[j]
    if gap in (", ", " & ") and neighbour is not None and neighbour.strong:
        return True
    k = j + step
    if tokens[j].folded in ("and", "or") and 0 <= k < len(tokens):
        first, second = (tokens[k], tokens[j]) if step < 0 else (tokens[j], tokens[k])
        near = text[left.end : right.start] == " " and text[first.end : second.start] == " "
        beyond = marks[k]
        return near and beyond is not None and beyond.strong
    return False


def blocked_mask(tokens: list[Token], blocked: list[tuple[int, int]]) -> list[bool]:
    """True for tokens inside an already-claimed range (an agency, an e-mail, a pseudonym)."""
    mask = [False] * len(tokens)
    ranges = _merged(blocked)
    k = 0
    for i, token in enumerate(tokens):
        while k < len(ranges) and ranges[k][1] <= token.start:
            k += 1
        if k < len(ranges) and ranges[k][0] < token.end:
            mask[i] = True
    return mask


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, giving up once it exceeds ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
