"""Find every form of every register entry in a text.

People: the full name, first name or surname alone (with or without a title), possessives,
UPPER CASE, hyphenated surnames (Kinrade-Quayle), "Surname, First", initials with a surname
(J. Kinrade) and bare initials (JK) when only one person has them. A word shared by several
people (a family surname) becomes the family pseudonym from the register's optional ``family``
key, otherwise "[name]", so a report never pins an act on the wrong person.

Identifiers: the literal value with case, spacing and apostrophes relaxed, plus the variants of
each kind: an address with or without its town and postcode, a school by its short names, a date
of birth in any date format, a telephone number in any grouping, an NHS number with or without
spaces.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from manx_learning.lib.register_leaks import SURNAME_PARTICLES as _PARTICLES

from .dates import DATE_RE, DateValue, parse_date, parse_match
from .detectors import (
    NHS_RE,
    PHONE_CANDIDATE_RE,
    address_pattern,
    phone_key,
    phones_in,
    school_variants,
)
from .lexicon import Lexicon, fold, loose_phrase, words
from .register import Register
from .spans import Priority, Span, make_span
from .text import Token, is_plain_gap

TITLES = words(
    "mr mrs ms miss mx master dr doctor prof professor rev revd cllr councillor sir dame lady "
    "lord pc dc ds di dci dsi sgt sergeant insp inspector det detective constable nurse "
    "sister deemster judge"
)
TITLE_SET = frozenset(TITLES)
# Two-letter capitals that are far more often an abbreviation than somebody's initials.
COMMON_ACRONYMS = frozenset(
    words(
        "GP ED HV SW DC PC DS DI UK NI IT TV ID OK AM PM CP CIN LAC ICPC RCPC MASH NHS DV DA "
        "CPS SCR SAR IOM IM HR IRO PE RE AD BC DJ GB MP QC KC CSE CCE ACE YP MS PS HQ CC DR NB "
        "PA TA SG CID DSL HMP GCSE SEN SEND EHCP"
    )
)
INITIALS_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?|[A-Z]{2,3}(?![\w.]))")
_PSEUDONYM_HEADS = frozenset(["child", "adult", "family", "sibling", "person", "subject"])
PLACE_PREPOSITIONS = frozenset(
    ["in", "at", "to", "from", "near", "into", "towards", "around", "outside", "of", "via"]
)
_FOLLOWING_PLACE_WORDS = frozenset(
    words(
        "road street borough town council commissioners station promenade harbour bay quay "
        "grammar high primary school hospital court police corporation"
    )
)


@dataclass
class _Entry:
    """What one folded word means in the register."""

    people: set[int] = field(default_factory=set)
    explicit: set[int] = field(default_factory=set)  # a register name that is this word alone
    surname_of: set[int] = field(default_factory=set)


class RegisterMatcher:
    """Compiled register: call :meth:`match` on tokens of a text."""

    def __init__(self, register: Register, lex: Lexicon) -> None:
        self.register = register
        self.lex = lex
        self.words: dict[str, _Entry] = defaultdict(_Entry)
        self.sequences: dict[tuple[str, ...], set[int]] = defaultdict(set)
        self.first_initials: dict[int, set[str]] = defaultdict(set)
        self.initials: dict[str, set[int]] = defaultdict(set)
        self.max_sequence = 1
        self.surnames: dict[int, set[str]] = defaultdict(set)
        self.reversed: set[tuple[str, ...]] = set()
        self.surname_sequences: set[tuple[str, ...]] = set()
        for index, person in enumerate(register.people):
            for name in person.names:
                self._add_name(index, name)
        # A nickname with a surname ("Jay Kinrade") is still the same person.
        for word, entry in list(self.words.items()):
            for who in entry.explicit:
                for surname in self.surnames[who]:
                    self._add_sequence((word, surname), who)
        self.family_placeholder = register.family or "[name]"
        self._build_identifiers()

    # --- building -------------------------------------------------------------------------

    def _add_name(self, person: int, name: str) -> None:
        words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", name) if fold(w) not in TITLE_SET]
        folded = [fold(w).removesuffix("'s") for w in words if len(w.rstrip(".")) > 1]
        if not folded:
            return
        if len(folded) == 1:
            self._add_word(folded[0], person, explicit=True)
            return
        first, last = folded[0], folded[-1]
        self._add_word(first, person)
        self._add_word(last, person, surname=True)
        self.surnames[person].add(last)
        surname = [last]
        for word in reversed(folded[1:-1]):
            if word not in _PARTICLES:
                break
            surname.insert(0, word)
        if len(surname) > 1:  # "Mr Dela Cruz"
            self._add_sequence(tuple(surname), person)
            self.surname_sequences.add(tuple(surname))
        for part in last.split("-"):
            if part != last:
                self._add_word(part, person, surname=True)
        self._add_sequence(tuple(folded), person)
        self._add_sequence((first, last), person)
        self.reversed.add((last, first))  # "Kinrade, Jayden" / "KINRADE Jayden" in records
        self._add_sequence((last, first), person)
        self.first_initials[person].add(first[0])
        self.initials[(first[0] + last[0]).upper()].add(person)
        if len(folded) > 2:
            self.initials["".join(w[0] for w in folded).upper()].add(person)

    def _add_word(
        self, word: str, person: int, *, explicit: bool = False, surname: bool = False
    ) -> None:
        entry = self.words[word]
        entry.people.add(person)
        if explicit:
            entry.explicit.add(person)
        if surname:
            entry.surname_of.add(person)

    def _add_sequence(self, seq: tuple[str, ...], person: int) -> None:
        self.sequences[seq].add(person)
        self.max_sequence = max(self.max_sequence, len(seq))

    def _build_identifiers(self) -> None:
        self.literal_patterns: list[tuple[re.Pattern[str], str, str]] = []
        self.dates: list[tuple[DateValue, str]] = []
        self.phones: dict[str, str] = {}
        self.nhs_numbers: dict[str, str] = {}
        for identifier in self.register.identifiers:
            category = category_of(identifier.replacement)
            for value in identifier.values:
                self._add_value(value, identifier.replacement, category)

    def _add_value(self, value: str, replacement: str, category: str) -> None:
        date = parse_date(value)
        if date:
            self.dates.append((date, replacement))
            return
        digits = re.sub(r"\D", "", value)
        if len(digits) == 10 and NHS_RE.fullmatch(value.strip()):
            self.nhs_numbers[digits] = replacement
        key = phone_key(value) if len(digits) >= 10 else None
        if key and not re.search(r"[A-Za-z]", value):
            self.phones[key] = replacement
        variants = [value]
        if category == "school" or re.search(r"\b(?:School|College|Primary)\s*$", value):
            variants = school_variants(value, self.lex)
        pattern = None
        if category == "address" or re.match(r"\s*(?:Flat\s*)?\d+\w?\s*,?\s+\w", value, re.I):
            pattern = address_pattern(value, self.lex)
        if pattern is None:
            alternatives = "|".join(
                loose_phrase(v) for v in sorted(set(variants), key=len, reverse=True)
            )
            pattern = re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])", re.IGNORECASE)
        self.literal_patterns.append((pattern, replacement, category))

    # --- matching ---------------------------------------------------------------------------

    def match(self, text: str, tokens: list[Token]) -> list[Span]:
        """Register spans in ``text`` (identifiers first, then people)."""
        spans = self._match_identifiers(text)
        spans.extend(self._match_people(text, tokens))
        return spans

    def _match_identifiers(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for pattern, replacement, category in self.literal_patterns:
            for m in pattern.finditer(text):
                spans.append(self._register_span(text, m.start(), m.end(), replacement, category))
        if self.dates:
            for m in DATE_RE.finditer(text):
                value = parse_match(m)
                for date, replacement in self.dates:
                    if value and value.same_day(date):
                        spans.append(
                            self._register_span(
                                text,
                                m.start(),
                                m.end(),
                                replacement,
                                category_of(replacement) or "date_of_birth",
                            )
                        )
        if self.phones:
            for cand in PHONE_CANDIDATE_RE.finditer(text):
                for span in phones_in(text, cand.start(), cand.group()):
                    key = phone_key(span.original)
                    if key in self.phones:
                        spans.append(
                            self._register_span(
                                text, span.start, span.end, self.phones[key], "phone"
                            )
                        )
        if self.nhs_numbers:
            for m in NHS_RE.finditer(text):
                nhs_replacement = self.nhs_numbers.get(re.sub(r"\D", "", m.group()))
                if nhs_replacement:
                    spans.append(
                        self._register_span(text, m.start(), m.end(), nhs_replacement, "nhs_number")
                    )
        return spans

    @staticmethod
    def _register_span(text: str, start: int, end: int, replacement: str, category: str) -> Span:
        return make_span(
            text,
            start,
            end,
            replacement,
            category or "identifier",
            source="register",
            confidence=1.0,
            priority=Priority.REGISTER,
        )

    def _match_people(self, text: str, tokens: list[Token]) -> list[Span]:
        if not self.words:
            return []
        spans: list[Span] = []
        i = 0
        while i < len(tokens):
            found = self._sequence_at(text, tokens, i) or self._initial_at(text, tokens, i)
            if found:
                span, consumed = found
                spans.append(span)
                i += consumed
                continue
            word = self._word_at(text, tokens, i)
            if word:
                spans.append(word)
            i += 1
        if self.initials:
            spans.extend(self._match_initials(text))
        return spans

    def _sequence_at(self, text: str, tokens: list[Token], i: int) -> tuple[Span, int] | None:
        for length in range(min(self.max_sequence, len(tokens) - i), 1, -1):
            window = tokens[i : i + length]
            key = tuple(t.folded for t in window)
            owners = self.sequences.get(key)
            if (
                not owners
                or not self._joined(text, window)
                or any(t.possessive for t in window[:-1])
            ):
                continue
            if not all(self._case_ok(t) for t in window):
                continue
            if key in self.reversed and not self._reversed_ok(text, tokens, i, window):
                continue
            start = self._title_start(text, tokens, i)
            return self._person_span(
                text, start, window[-1].end, owners, 1.0, Priority.REGISTER
            ), length
        return None

    def _reversed_ok(self, text: str, tokens: list[Token], i: int, window: list[Token]) -> bool:
        """ "Kinrade, Jayden" is a record-style name, but not in "Kieran Kinrade, Jayden's
        uncle": the surname must open the name and the first name must not be possessive."""
        if window[-1].possessive:
            return False
        if i > 0 and is_plain_gap(text[tokens[i - 1].end : tokens[i].start]):
            return not self._name_like(tokens[i - 1])
        return True

    @staticmethod
    def _joined(text: str, window: list[Token]) -> bool:
        """Words of one name: spaces between, or one comma for "Kinrade, Jayden"."""
        for left, right in pairwise(window):
            gap = text[left.end : right.start]
            if not (is_plain_gap(gap) or gap in (", ", ",")):
                return False
        return True

    def _initial_at(self, text: str, tokens: list[Token], i: int) -> tuple[Span, int] | None:
        """ "J. Kinrade", "J Kinrade", "L.Kinrade"."""
        if i + 1 >= len(tokens):
            return None
        initial, surname = tokens[i], tokens[i + 1]
        gap = text[initial.end : surname.start]
        if len(initial.text) != 1 or not initial.text.isupper() or gap not in (". ", " ", "."):
            return None
        after_pseudonym = i > 0 and tokens[i - 1].folded in _PSEUDONYM_HEADS
        if after_pseudonym and is_plain_gap(text[tokens[i - 1].end : initial.start]):
            return None  # "Child A Kinrade": a pseudonym beside a name, not an initial
        length = 1
        for seq in self.surname_sequences:  # "C. Dela Cruz"
            window = tokens[i + 1 : i + 1 + len(seq)]
            if tuple(t.folded for t in window) == seq and self._joined(text, window):
                surname, length = window[-1], len(seq)
        entry = self.words.get(surname.folded)
        if not entry or not entry.surname_of or not self._case_ok(surname):
            return None
        owners = {p for p in entry.surname_of if initial.folded in self.first_initials[p]}
        start = self._title_start(text, tokens, i)
        if not owners:
            # Another person with a register surname: hide the name, name nobody.
            return self._person_span(
                text, start, surname.end, set(), 0.9, Priority.REGISTER
            ), 1 + length
        return self._person_span(
            text, start, surname.end, owners, 0.95, Priority.REGISTER
        ), 1 + length

    def _word_at(self, text: str, tokens: list[Token], i: int) -> Span | None:
        token = tokens[i]
        owners, explicit = self._owners(token)
        if not owners or not self._case_ok(token):
            return None
        if not self._context_ok(text, tokens, i):
            return None
        other = self._other_person(text, tokens, i, explicit or owners)
        if other:
            return other
        start = self._title_start(text, tokens, i)
        confidence = 1.0
        if self.lex.is_word(token.folded) and token.sentence_start and start == token.start:
            confidence = 0.7  # "Will", "Hope" opening a sentence: probably the name, check it
        return self._person_span(
            text, start, token.end, explicit or owners, confidence, Priority.REGISTER_WORD
        )

    def _other_person(
        self, text: str, tokens: list[Token], i: int, owners: set[int]
    ) -> Span | None:
        """ "Kieran Kinrade" (a relative missing from the register) or "Jayden Smith" (another
        Jayden): a register word beside an unknown name word is somebody else: "[name]"."""
        neighbours = []
        if i > 0 and is_plain_gap(text[tokens[i - 1].end : tokens[i].start]):
            neighbours.append((tokens[i - 1], tokens[i - 1].start, tokens[i].end))
        following = i + 1 < len(tokens) and not tokens[i].possessive
        if following and is_plain_gap(text[tokens[i].end : tokens[i + 1].start]):
            neighbours.append((tokens[i + 1], tokens[i].start, tokens[i + 1].end))
        for neighbour, start, end in neighbours:
            if self._owners(neighbour)[0] or not self._name_like(neighbour):
                continue
            return make_span(
                text,
                start,
                end,
                "[name]",
                "name",
                source="detected",
                confidence=0.85,
                priority=Priority.REGISTER,
                note="register name beside a name missing from the register",
            )
        return None

    def _name_like(self, token: Token) -> bool:
        """A word that reads as part of a personal name (not a title, town, agency word…)."""
        lex = self.lex
        folded = token.folded
        if not token.is_capitalised or len(token.text) < 2 or folded in TITLE_SET:
            return False
        if folded in lex.keep_words or folded in lex.places:
            return False
        if lex.is_known_name(folded):
            return True
        return (
            not lex.is_word(folded) and not token.is_upper and not any(c.isdigit() for c in folded)
        )

    def _owners(self, token: Token) -> tuple[set[int], set[int]]:
        """People owning a word, or any part of a hyphenated word ("Kinrade-Quayle")."""
        entry = self.words.get(token.folded)
        if entry:
            return entry.people, entry.explicit
        if token.folded.endswith("s") and token.folded[:-1] in self.words:
            surname_of = self.words[token.folded[:-1]].surname_of
            if surname_of:
                return surname_of | {-1}, set()  # "the Kinrades": the family, never one person
        owners: set[int] = set()
        for part in token.parts:
            part_entry = self.words.get(part)
            if part_entry:
                owners |= part_entry.surname_of or part_entry.people
        return owners, set()

    def _context_ok(self, text: str, tokens: list[Token], i: int) -> bool:
        """Register words that are also months or towns count only where they read as names."""
        token = tokens[i]
        if token.folded in self.lex.months:
            near = text[max(0, token.start - 4) : token.start] + text[token.end : token.end + 5]
            if re.search(r"\d", near):
                return False  # "12 May 2016": the month
        if token.folded in self.lex.places and not self._has_title(text, tokens, i):
            previous = tokens[i - 1].folded if i > 0 else ""
            following = tokens[i + 1].folded if i + 1 < len(tokens) else ""
            if previous in PLACE_PREPOSITIONS or following in _FOLLOWING_PLACE_WORDS:
                return False  # "moved to Douglas", "Douglas Borough Council"
        return True

    def _case_ok(self, token: Token) -> bool:
        """Capitalised or UPPER CASE always; lower case only when it is no ordinary word."""
        if token.is_capitalised:
            return True
        return (
            len(token.text) > 2
            and not self.lex.is_word(token.folded)
            and (token.folded not in self.lex.keep_words)
        )

    def _match_initials(self, text: str) -> list[Span]:
        """Bare initials ("JK", "J.K.") when exactly one person has them."""
        spans = []
        for m in INITIALS_RE.finditer(text):
            letters = re.sub(r"[^A-Z]", "", m.group())
            owners = self.initials.get(letters)
            if owners and len(owners) == 1 and letters not in COMMON_ACRONYMS:
                spans.append(
                    self._person_span(
                        text,
                        m.start(),
                        m.end(),
                        owners,
                        0.8,
                        Priority.REGISTER_WORD,
                        note="initials",
                    )
                )
        return spans

    def _has_title(self, text: str, tokens: list[Token], i: int) -> bool:
        return self._title_start(text, tokens, i) != tokens[i].start

    @staticmethod
    def _title_start(text: str, tokens: list[Token], i: int) -> int:
        """Start of a title right before token i ("Mrs Kinrade"), else the token's start."""
        if i == 0:
            return tokens[i].start
        previous = tokens[i - 1]
        gap = text[previous.end : tokens[i].start]
        if previous.folded in TITLE_SET and previous.is_capitalised and gap in (" ", ". ", "."):
            return previous.start
        return tokens[i].start

    def _person_span(
        self,
        text: str,
        start: int,
        end: int,
        owners: set[int],
        confidence: float,
        priority: int,
        note: str = "",
    ) -> Span:
        if len(owners) == 1:
            replacement = self.register.people[next(iter(owners))].pseudonym
        else:
            replacement = self.family_placeholder
            note = note or "shared by several people in the register"
        return make_span(
            text,
            start,
            end,
            replacement,
            "name",
            source="register",
            confidence=confidence,
            priority=priority,
            note=note,
        )

    def known_words(self) -> dict[str, set[int]]:
        """Folded register words (len ≥ 4) and their owners, for fuzzy matching."""
        return {w: e.people for w, e in self.words.items() if len(w) >= 4}

    def resolve_owners(self, owners: set[int]) -> str:
        if len(owners) == 1:
            return self.register.people[next(iter(owners))].pseudonym
        return self.family_placeholder


def category_of(replacement: str) -> str:
    """Report category for a register replacement: "[date of birth]" → "date_of_birth"."""
    inner = replacement.strip().strip("[]").strip().casefold()
    known = {
        "name": "name",
        "address": "address",
        "phone": "phone",
        "telephone": "phone",
        "email": "email",
        "e-mail": "email",
        "nhs number": "nhs_number",
        "ni number": "ni_number",
        "national insurance number": "ni_number",
        "date of birth": "date_of_birth",
        "dob": "date_of_birth",
        "school": "school",
        "postcode": "postcode",
    }
    return known.get(inner, "identifier")
