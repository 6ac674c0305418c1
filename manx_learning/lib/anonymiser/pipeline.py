"""Anonymise one text: the register first, then detectors for what it missed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TypedDict

from . import detectors
from .lexicon import Lexicon, fold, lexicon, loose_phrase, phrase_pattern
from .names import NameDetector, blocked_mask
from .register import Register
from .register_match import RegisterMatcher
from .spans import Priority, Span, apply, make_span, resolve
from .text import Token, tokenize


class Summary(TypedDict):
    replacements: int
    from_register: int
    detected: int
    to_review: int
    by_category: dict[str, int]


@dataclass
class Result:
    """The anonymised text and every replacement made, with offsets into the original."""

    original: str
    text: str
    spans: list[Span]
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> Summary:
        """The counts for the reviewer: replacements, their sources and their categories."""
        by_category: dict[str, int] = {}
        for span in self.spans:
            by_category[span.category] = by_category.get(span.category, 0) + 1
        return {
            "replacements": len(self.spans),
            "from_register": sum(s.source == "register" for s in self.spans),
            "detected": sum(s.source == "detected" for s in self.spans),
            "to_review": sum(s.confidence < 0.8 for s in self.spans),
            "by_category": dict(sorted(by_category.items())),
        }

    def report(self, **extra: object) -> dict[str, object]:
        """The JSON report: each span plus counts for the reviewer."""
        return {
            **extra,
            "summary": self.summary(),
            "warnings": list(self.warnings),
            "spans": [s.as_report() for s in self.spans],
        }


def anonymise(text: str, register: Register | None = None, *, lex: Lexicon | None = None) -> Result:
    """Replace every register value and every detected identifier in ``text``."""
    lex = lex or lexicon()
    register = register or Register()
    tokens = tokenize(text)
    matcher = RegisterMatcher(register, lex)

    contact = detectors.detect_contact(text)
    register_spans = matcher.match(text, _tokens_outside(tokens, contact))
    keep = _keep_spans(text, register, lex)
    found = [
        *detectors.detect_phones(text),
        *detectors.detect_numbers(text),
        *detectors.detect_postcodes(text),
        *detectors.detect_addresses(text, lex),
        *detectors.detect_schools(text, lex),
        *detectors.detect_births(text),
    ]
    blocked = [(s.start, s.end) for s in (*contact, *register_spans, *keep, *found)]
    blocked += _name_blocks(text, lex)
    protected = frozenset(fold(w) for p in register.pseudonyms for w in p.split())
    names = NameDetector(lex, matcher, protected).detect(text, tokens, blocked)

    spans = resolve([*register_spans, *keep, *contact, *found, *names])
    return Result(text, apply(text, spans), spans, _warnings(register))


def _tokens_outside(tokens: list[Token], spans: list[Span]) -> list[Token]:
    """Tokens not inside an e-mail or link (a name inside an address is replaced with it)."""
    if not spans:
        return tokens
    mask = blocked_mask(tokens, [(s.start, s.end) for s in spans])
    return [t for t, inside in zip(tokens, mask, strict=True) if not inside]


def _keep_spans(text: str, register: Register, lex: Lexicon) -> list[Span]:
    """Phrases that must survive: agencies, and the pseudonyms themselves."""
    spans = [
        make_span(
            text,
            m.start(),
            m.end(),
            None,
            "agency",
            source="keep",
            confidence=1.0,
            priority=Priority.KEEP,
        )
        for m in _agencies_re(lex).finditer(text)
    ]
    pseudonyms = [p for p in register.pseudonyms if p]
    if pseudonyms:
        pattern = re.compile(
            r"(?<![\w'])(?:"
            + "|".join(loose_phrase(p) for p in sorted(pseudonyms, key=len, reverse=True))
            + r")(?![\w])"
        )
        spans.extend(
            make_span(
                text,
                m.start(),
                m.end(),
                None,
                "pseudonym",
                source="keep",
                confidence=1.0,
                priority=Priority.KEEP,
            )
            for m in pattern.finditer(text)
        )
    return spans


def _name_blocks(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Ranges no name can start in: roles ("Health Visitor") and multi-word places
    ("Port Erin", "St John's") whose words would otherwise read as names."""
    return [(m.start(), m.end()) for m in _roles_and_places_re(lex).finditer(text)]


@cache
def _agencies_re(lex: Lexicon) -> re.Pattern[str]:
    return phrase_pattern(lex.agencies)


@cache
def _roles_and_places_re(lex: Lexicon) -> re.Pattern[str]:
    places = [p for p in lex.place_phrases if " " in p or "'" in p]
    return phrase_pattern([*lex.roles, *places])


def _warnings(register: Register) -> list[str]:
    warnings = []
    if not register.people and not register.identifiers:
        warnings.append("The register is empty: only detected identifiers were replaced.")
    return warnings
