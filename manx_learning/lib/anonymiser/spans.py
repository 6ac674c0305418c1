"""Candidate spans, how overlapping candidates are settled, and how the text is rewritten."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import IntEnum


class Priority(IntEnum):
    """Which candidate wins an overlap: higher first, then the longer span, then confidence.

    Register phrases (a full name, an address) beat everything: the register is authoritative.
    Kept phrases (agencies, roles, pseudonyms) beat a register *single word* so that a register
    surname "Noble" never rewrites "Noble's Hospital", and beat every detector.
    """

    DETECTED_WEAK = 40
    DETECTED_NAME = 50
    FUZZY = 55
    DETECTED = 60
    REGISTER_WORD = 80
    KEEP = 90
    REGISTER = 100


@dataclass(slots=True)
class Span:
    start: int
    end: int
    original: str
    replacement: str | None  # None: a phrase to keep as it is
    category: str
    source: str  # "register", "detected" or "keep"
    confidence: float
    priority: int
    note: str = field(default="")

    @property
    def is_keep(self) -> bool:
        return self.replacement is None

    def as_report(self) -> dict[str, object]:
        row: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "category": self.category,
            "source": self.source,
            "confidence": round(self.confidence, 2),
        }
        if self.note:
            row["note"] = self.note
        return row


def make_span(
    text: str,
    start: int,
    end: int,
    replacement: str | None,
    category: str,
    *,
    source: str = "detected",
    confidence: float = 0.9,
    priority: int = Priority.DETECTED,
    note: str = "",
) -> Span:
    """A span over ``text[start:end]``, trimmed of surrounding spaces and commas."""
    while start < end and text[start] in " \t\n,":
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return Span(
        start, end, text[start:end], replacement, category, source, confidence, priority, note
    )


def resolve(candidates: list[Span]) -> list[Span]:
    """Non-overlapping replacements in text order; kept phrases win their ground and vanish.

    Two rules stop a stronger span from hiding a longer identifier around it:
    - a span strictly inside a longer detected identifier yields to it ("Tynwald" is kept, but
      "48 Tynwald Street" is an address; a register surname inside an e-mail goes with it);
    - a weaker span that only partly overlaps a chosen one keeps its free part
      ("D. Shannon Santos" after an NI number ending in "D" still hides "Shannon Santos").
    """
    live = _drop_contained([c for c in candidates if c.end > c.start])
    ordered = sorted(live, key=lambda s: (-s.priority, -(s.end - s.start), -s.confidence, s.start))
    starts: list[int] = []
    chosen: list[Span] = []
    for span in ordered:
        for piece in _free_pieces(span, starts, chosen):
            i = bisect.bisect_right(starts, piece.start)
            starts.insert(i, piece.start)
            chosen.insert(i, piece)
    return [s for s in chosen if not s.is_keep]


def _drop_contained(spans: list[Span]) -> list[Span]:
    containers = [s for s in spans if not s.is_keep and s.priority >= Priority.DETECTED]
    if not containers:
        return spans
    containers.sort(key=lambda s: s.start)
    container_starts = [c.start for c in containers]
    kept = []
    for span in spans:
        i = bisect.bisect_right(container_starts, span.start)
        inside = any(
            c.end >= span.end
            and (c.end - c.start) > (span.end - span.start)
            and c.priority < span.priority
            for c in containers[max(0, i - 20) : i]
        )
        if not inside:
            kept.append(span)
    return kept


def _free_pieces(span: Span, starts: list[int], chosen: list[Span]) -> list[Span]:
    """``span`` itself if nothing chosen overlaps it, else its meaningful uncovered parts."""
    i = bisect.bisect_left(starts, span.start)
    lo = i - 1 if i > 0 and chosen[i - 1].end > span.start else i
    hi = lo
    while hi < len(chosen) and chosen[hi].start < span.end:
        hi += 1
    blockers = [c for c in chosen[lo:hi] if c.end > span.start]
    if not blockers:
        return [span]
    if span.is_keep:
        return []
    pieces = []
    cursor = span.start
    for blocker in [*blockers, Span(span.end, span.end, "", None, "", "", 0, 0)]:
        if blocker.start > cursor:
            piece = _piece(span, cursor, blocker.start)
            if piece:
                pieces.append(piece)
        cursor = max(cursor, blocker.end)
    return pieces


_MEANINGFUL_RE = re.compile(r"[^\W\d_]{2}|\d{3}")


def _piece(span: Span, start: int, end: int) -> Span | None:
    text = span.original[start - span.start : end - span.start]
    lead = len(text) - len(text.lstrip(" \t\n,.;:()-"))
    trail = len(text) - len(text.rstrip(" \t\n,.;:()-"))
    text = text[lead : len(text) - trail]
    if not _MEANINGFUL_RE.search(text):
        return None
    start += lead
    return Span(
        start,
        start + len(text),
        text,
        span.replacement,
        span.category,
        span.source,
        span.confidence,
        span.priority,
        span.note or "part of a longer match",
    )


def apply(text: str, spans: list[Span]) -> str:
    """``text`` with each span replaced (spans must be sorted and non-overlapping)."""
    pieces = []
    cursor = 0
    for span in spans:
        pieces.append(text[cursor : span.start])
        pieces.append(span.replacement or "")
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)
