"""A keyword a caller did not give, as against one given as empty or None.

Update services take every field as a named keyword so their callers can be found by name;
those left at UNSET keep the value they had (`terms_save(review=r, by=u, agencies=[...])`
changes the agencies and nothing else)."""

from enum import Enum
from typing import Any


class Unset(Enum):
    UNSET = "unset"


UNSET = Unset.UNSET


def only_given(values: dict[str, Any]) -> dict[str, Any]:
    """The keywords a caller gave: `values` without those left at UNSET."""
    return {name: value for name, value in values.items() if value is not UNSET}
