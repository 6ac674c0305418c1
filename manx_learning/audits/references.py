"""Is a case reference pseudonymous? Audit cases are named by a reference such as NG-2026-014,
never by something that identifies the person: a name, an NHS or NI number, a date of birth.

Framework-free, so it can be tested alone. The number and date patterns, and the name lists, are
the anonymiser's own (lib/anonymiser), so both agree on what identifies someone."""

import re

from stdnum.gb import nhs

from manx_learning.lib.anonymiser.dates import DATE_RE
from manx_learning.lib.anonymiser.detectors import NI_RE
from manx_learning.lib.anonymiser.lexicon import fold, lexicon

SHAPE_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
MAX_LENGTH = 30


def reference_problem(value: str) -> str | None:
    """The reason a reference is refused, in words for the person typing it, or None if it is
    acceptable. Checks run from the cheapest to the costliest."""
    ref = value.strip()
    if not ref:
        return "Enter the case reference"
    if len(ref) > MAX_LENGTH:
        return f"The case reference must be {MAX_LENGTH} characters or fewer"
    if not SHAPE_RE.match(ref) or not any(ch.isdigit() for ch in ref):
        return (
            "The case reference must be letters, numbers and hyphens with at least one number, "
            "like NG-2026-014"
        )
    digits = re.sub(r"\D", "", ref)
    if len(digits) == 10 and (digits == ref.replace("-", "") or nhs.is_valid(digits)):
        return "The case reference looks like an NHS number: use your audit reference instead"
    if _has_a_date(ref):
        return "The case reference looks like a date of birth: use your audit reference instead"
    if NI_RE.search(ref.upper()):
        return "The case reference looks like a National Insurance number: use a pseudonym"
    if _has_a_name(ref):
        return "The case reference looks like it contains a name: use a pseudonymous reference"
    return None


def _has_a_date(ref: str) -> bool:
    """Any three hyphen-separated parts that read as a date (12-05-2016, or 2016-05-12 inside
    NG-2016-05-12), written with hyphens or slashes."""
    parts = ref.split("-")
    for i in range(len(parts) - 2):
        window = parts[i : i + 3]
        if any(DATE_RE.fullmatch(sep.join(window)) for sep in ("-", "/")):
            return True
    return False


def _has_a_name(ref: str) -> bool:
    """A part of three or more letters that is a known first name or surname, unless it is an
    ordinary word written in capitals (so "CASE-12" and "MARK-7" pass, "Mark-7" and "KERMODE-12"
    do not)."""
    lex = lexicon()
    for part in re.findall(r"[A-Za-z]{3,}", ref):
        folded = fold(part)
        if not lex.is_known_name(folded):
            continue
        if not lex.is_word(folded) or (part[0].isupper() and part[1:].islower()):
            return True
    return False
