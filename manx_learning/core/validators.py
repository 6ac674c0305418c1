"""Codes that appear in web addresses, file names and API payloads (agency codes, indicator
codes): one safe pattern, checked on the model field so every route that saves one (form, CSV
load, API, command) refuses the same codes with the same message.

A "/" in a stored code broke every page that links to it (`DA/02`, `MC/ASC`), so a code is
letters and digits, with ".", "_" or "-" between them."""

import re
from typing import Any

from django.core.validators import RegexValidator

CODE_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$"
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

safe_code = RegexValidator(
    CODE_PATTERN,
    message=(
        "A code can only have letters, numbers and . _ or - between them "
        "(no spaces or slashes), for example CP-03"
    ),
    code="unsafe_code",
)


def repaired_code(code: str, taken: set[str]) -> str:
    """The nearest safe code to one stored before codes were checked, not already in `taken`:
    each run of other characters becomes "-" (`DA/02` -> `DA-02`)."""
    base = UNSAFE.sub("-", code).strip("._-") or "CODE"
    candidate, number = base, 2
    while candidate.lower() in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def repair_stored_codes(model: Any, field: str) -> None:
    """For a data migration (`model` is the historical model): each stored code that is not
    safe becomes the nearest safe one not already taken (`DA/02` -> `DA-02`)."""
    taken = {code.lower() for code in model.objects.values_list(field, flat=True)}
    for item in model.objects.all():
        code = getattr(item, field)
        if not re.fullmatch(CODE_PATTERN, code):
            new = repaired_code(code, taken)
            taken.add(new.lower())
            setattr(item, field, new)
            item.save(update_fields=[field])
