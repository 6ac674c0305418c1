"""Two people editing the same record: the second is told what changed, and loses nothing.

An edit form carries an *edit token*: the values of the fields it edits as they were when the
form was drawn, signed so it cannot be altered. The update service, given the token back,
locks the row and compares: if anyone changed one of those fields meanwhile it raises
`EditConflict` naming each change (theirs, and what it was when this person started), before
writing anything. `formkit.call_service` puts that on the form with the person's own answers
still in it and a fresh token, so saving again (after reading the changes) succeeds.

The same snapshots give every update's audit event its before and after values
(`changed_fields`), so a text overwritten can always be read again in the trail."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models

SALT = "manx-learning.edit-token"


def _plain(value: Any) -> Any:
    """A field value as JSON: dates as ISO text, related rows by primary key."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(_plain(item) for item in value)
    return value


def snapshot(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """The fields' values now, as JSON (many-to-many fields as sorted primary keys)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
        elif field.is_relation:
            values[name] = getattr(instance, field.attname)
        else:
            values[name] = _plain(getattr(instance, name))
    return values


def edit_token(instance: models.Model, fields: tuple[str, ...]) -> str:
    return signing.dumps({"pk": instance.pk, "values": snapshot(instance, fields)}, salt=SALT)


def _label(instance: models.Model, name: str) -> str:
    return str(instance._meta.get_field(name).verbose_name).capitalize()


def _readable(instance: models.Model, name: str, value: Any) -> Any:
    """A snapshot value as a person reads it: related rows by name, not by number."""
    field = instance._meta.get_field(name)
    if not field.is_relation or value in (None, []):
        return value
    keys = value if isinstance(value, list) else [value]
    names = {row.pk: str(row) for row in field.related_model._base_manager.filter(pk__in=keys)}
    shown = [names.get(key, key) for key in keys]
    return shown if isinstance(value, list) else shown[0]


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "(empty)"
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: Any  # as a person reads it (related rows by name)
    after: Any
    seen: Any = None  # the snapshot values themselves (related rows by key), for merging
    now: Any = None

    def __str__(self) -> str:
        return f"{self.label}: “{_shown(self.before)}” is now “{_shown(self.after)}”"


class EditConflict(ValidationError):
    """Someone else saved this record after the form was drawn."""

    def __init__(self, changes: list[Change], fresh_token: str) -> None:
        listed = "; ".join(str(change) for change in changes)
        super().__init__(
            "Someone else changed this while you were editing it. "
            f"Their changes: {listed}. Nothing has been saved yet. Where you had left a field "
            "as it was, the form now shows their value; where you changed it too, it keeps "
            "yours: check, then save again."
        )
        self.changes = changes
        self.fresh_token = fresh_token


def _form_value(value: Any) -> Any:
    """A cleaned form value in snapshot terms (rows by key, lists sorted)."""
    if hasattr(value, "values_list"):  # a queryset from a multiple-choice field
        return sorted(value.values_list("pk", flat=True))
    return _plain(value)


def merge_theirs(data: Any, cleaned: dict[str, Any], changes: list[Change]) -> None:
    """Into a conflicting form's submitted `data`: the other person's value for every field
    this person left as they first saw it, so saving again keeps both people's changes."""
    for change in changes:
        if change.field not in cleaned or _form_value(cleaned[change.field]) != change.seen:
            continue
        now = change.now
        if isinstance(now, list):
            data.setlist(change.field, [str(item) for item in now])
        elif isinstance(now, bool):
            if now:
                data[change.field] = "on"
            else:
                data.pop(change.field, None)
        else:
            data[change.field] = "" if now is None else str(now)


def ensure_unchanged(instance: models.Model, token: str | None, fields: tuple[str, ...]) -> None:
    """Lock the row and raise EditConflict if any of `fields` changed since `token` was made.

    Call inside the update's transaction, before changing anything. No token (a command, a
    script, a test calling the service) checks nothing; a token that is not ours, or for
    another row, is refused."""
    if not token:
        return
    try:
        seen = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise ValidationError("This form could not be checked: open the page again.") from None
    if seen.get("pk") != instance.pk:
        raise ValidationError("This form belongs to another record: open the page again.")
    current = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
    now = snapshot(current, fields)
    before = seen.get("values", {})
    changes = [
        Change(
            name,
            _label(current, name),
            _readable(current, name, before.get(name)),
            _readable(current, name, now[name]),
            seen=before.get(name),
            now=now[name],
        )
        for name in fields
        if name in before and before[name] != now[name]
    ]
    if changes:
        raise EditConflict(changes, edit_token(current, fields))
    # The fields this form edits are as the person saw them; every other field (a stage, a
    # status) is taken as it is now, so saving does not put back something changed meanwhile.
    for field in instance._meta.concrete_fields:
        setattr(instance, field.attname, getattr(current, field.attname))


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For the audit event of an update: each field that changed, with its old and new value."""
    return {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if before.get(name) != value
    }
