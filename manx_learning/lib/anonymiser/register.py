"""The register: the people in a case (with pseudonyms) and the identifiers to replace.

A register is JSON:

    {"case": "optional id",
     "family": "optional family pseudonym, e.g. Family K",
     "people": [{"pseudonym": "Child A", "names": ["Jayden Kinrade", "Jay"]}],
     "identifiers": [{"replacement": "[address]", "values": ["14 Ballabrooie Drive, Douglas"]}]}

``family`` is an optional extension: when set, a surname shared by several people becomes the
family pseudonym instead of "[name]".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import RegisterError


@dataclass(frozen=True)
class Person:
    pseudonym: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Identifier:
    replacement: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Register:
    case: str | None = None
    people: tuple[Person, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    family: str | None = None

    @property
    def pseudonyms(self) -> list[str]:
        names = [p.pseudonym for p in self.people]
        if self.family:
            names.append(self.family)
        return names


def load_register(path: str | Path) -> Register:
    """Read and check a register file; raise RegisterError with a plain message if it is wrong."""
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RegisterError(f"Cannot read the register {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise RegisterError(f"The register {path} is not UTF-8 text.") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RegisterError(
            f"The register {path} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})."
        ) from exc
    except RecursionError as exc:
        raise RegisterError(f"The register {path} nests lists or objects too deeply.") from exc
    except ValueError as exc:  # not a JSONDecodeError: a number Python will not convert
        raise RegisterError(
            f"The register {path} holds a number too long to read (thousands of digits)."
        ) from exc
    return parse_register(data)


def parse_register(data: object) -> Register:
    """Check a decoded register and build it; raise RegisterError naming the faulty entry."""
    if not isinstance(data, dict):
        raise RegisterError("The register must be a JSON object with 'people' and 'identifiers'.")
    # A misspelt key ("identifers") would silently drop every value under it: refuse it.
    unknown = {k for k in set(data) - _KEYS if not str(k).startswith("_")} - _COMMENT_KEYS
    if unknown:
        raise RegisterError(f"Unknown key(s) in the register: {', '.join(sorted(unknown))}.")
    case = _optional_text(data.get("case"), "'case'")
    family = _optional_text(data.get("family"), "'family'")
    people = tuple(_person(entry, i) for i, entry in enumerate(_list(data, "people")))
    identifiers = tuple(_identifier(entry, i) for i, entry in enumerate(_list(data, "identifiers")))
    return Register(case=case, people=people, identifiers=identifiers, family=family)


_KEYS = {"case", "family", "people", "identifiers"}
_COMMENT_KEYS = {"notes", "note", "comment", "comments", "description"}


def _optional_text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value).strip() or None
    raise RegisterError(f"{what} in the register must be text.")


def _list(data: dict[str, object], key: str) -> list[object]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise RegisterError(f"'{key}' in the register must be a list.")
    return value


def _text_list(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise RegisterError(f"{where} must be a non-empty list of text.")
    items = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise RegisterError(f"{where} must contain only non-empty text, found {item!r}.")
        items.append(" ".join(item.split()))
    return tuple(items)


def _person(entry: object, index: int) -> Person:
    where = f"people[{index}]"
    if not isinstance(entry, dict):
        raise RegisterError(f"{where} must be an object with 'pseudonym' and 'names'.")
    pseudonym = entry.get("pseudonym")
    if not isinstance(pseudonym, str) or not pseudonym.strip():
        raise RegisterError(f"{where} needs a 'pseudonym' (e.g. \"Child A\").")
    return Person(pseudonym.strip(), _text_list(entry.get("names"), f"{where}.names"))


def _identifier(entry: object, index: int) -> Identifier:
    where = f"identifiers[{index}]"
    if not isinstance(entry, dict):
        raise RegisterError(f"{where} must be an object with 'replacement' and 'values'.")
    replacement = entry.get("replacement")
    if not isinstance(replacement, str) or not replacement.strip():
        raise RegisterError(f"{where} needs a 'replacement' (e.g. \"[address]\").")
    return Identifier(replacement.strip(), _text_list(entry.get("values"), f"{where}.values"))
