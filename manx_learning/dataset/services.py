"""Business rules for the Performance Dataset's data-in side: the indicator catalogue load,
returns (upload, form, API and command-line import), versions and what changed, the business
unit's queries and acceptance, deadlines and reminders, and the API tokens agency systems use.

Every write goes through here and writes an audit event. Observations are stored in bulk (one
`bulk_create ... update_conflicts` per batch, inside one transaction), so a file of 200,000 rows is
stored in seconds; the SPC signals of the series touched are recomputed once it commits."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from manx_learning.accounts.models import Agency, Role, User
from manx_learning.core.concurrency import Change, EditConflict, changed_fields
from manx_learning.core.services import audit_log
from manx_learning.core.tasks import send_email_task
from manx_learning.dataset import importing
from manx_learning.dataset.importing import AgencyRef, IndicatorRef, Lookups, RowError, ValidRow
from manx_learning.dataset.models import (
    ApiToken,
    Frequency,
    Improvement,
    Indicator,
    Observation,
    QueryStatus,
    Return,
    ReturnReminder,
    ReturnReminderReason,
    ReturnStatus,
    ReturnVersion,
    SubmissionMethod,
    Unit,
    ValueQuery,
)
from manx_learning.dataset.periods import parse_period, period_end, period_for
from manx_learning.lib.workdays import add_working_days

BATCH_SIZE = 2000
TOKEN_PREFIX = "mxl_"  # noqa: S105 - a public marker that says what the secret is, not a secret


class ReturnRejected(Exception):
    """A return (file, form or API call) failed validation: nothing was stored. `errors` has
    every problem with its row and column."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) found")
        self.errors = errors

    def as_json(self) -> dict[str, Any]:
        return {"errors": [error.as_dict() for error in self.errors]}


# Deadlines ------------------------------------------------------------------------------------


def return_deadline(period: str) -> date:
    """A return is due N working days (Isle of Man bank holidays excluded) after its period ends."""
    return add_working_days(period_end(period), settings.DATASET_RETURN_DEADLINE_WORKING_DAYS)


# The indicator catalogue ----------------------------------------------------------------------

INDICATOR_COLUMNS = ("code", "name", "unit", "improvement", "frequency")


def indicator_upsert(
    *, code: str, name: str, unit: str, improvement: str, frequency: str, by: User | None = None
) -> tuple[Indicator, bool]:
    """Add an indicator to the catalogue, or update the one with this code. Returns
    (indicator, created)."""
    values = {
        "name": name.strip(),
        "unit": unit,
        "improvement": improvement,
        "frequency": frequency,
    }
    indicator = Indicator.objects.filter(code__iexact=code.strip()).first()
    created = indicator is None
    indicator = indicator or Indicator(code=code.strip())
    for attribute, value in values.items():
        setattr(indicator, attribute, value)
    indicator.full_clean()
    indicator.save()
    return indicator, created


def _indicator_row_errors(number: int, row: dict[str, str]) -> list[RowError]:
    choices = {
        "unit": Unit.values,
        "improvement": Improvement.values,
        "frequency": Frequency.values,
    }
    errors = [
        RowError(number, column, f"Enter the {column}")
        for column in ("code", "name")
        if not row.get(column)
    ]
    errors.extend(
        # PostgreSQL cannot store NUL in text: refuse the cell rather than fail saving it.
        RowError(number, column, f"The {column} contains a NUL character: remove it")
        for column, value in row.items()
        if "\x00" in value
    )
    for column, allowed in choices.items():
        if row.get(column) not in allowed:
            errors.append(
                RowError(
                    number,
                    column,
                    f"'{row.get(column, '')}' is not a {column}: use one of {', '.join(allowed)}",
                )
            )
    return errors


def indicators_load(*, data: bytes, by: User | None = None) -> dict[str, int]:
    """Load `code,name,unit,improvement,frequency` rows: all or nothing, like a return."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    except csv.Error as error:
        # A cell past the csv module's field limit, for one: say where, as for any bad row.
        message = f"This row cannot be read as CSV: {error}"
        raise ReturnRejected([RowError(reader.line_num, None, message)]) from None
    if not rows:
        raise ReturnRejected([RowError(importing.FILE_ROW, None, "The file is empty")])
    header_row, header = rows[0]
    names = [" ".join(cell.replace("\ufeff", "").split()).lower() for cell in header]
    missing = [column for column in INDICATOR_COLUMNS if column not in names]
    if missing:
        raise ReturnRejected(
            [
                RowError(header_row, column, f"The header row has no '{column}' column")
                for column in missing
            ]
        )
    parsed: list[Any] = []
    errors: list[Any] = []
    seen: dict[Any, int] = {}
    for number, cells in rows[1:]:
        row = {
            name: cells[index].strip().lower()
            if name in ("unit", "improvement", "frequency")
            else cells[index].strip()
            for index, name in enumerate(names)
            if name in INDICATOR_COLUMNS and index < len(cells)
        }
        errors.extend(_indicator_row_errors(number, row))
        key = row.get("code", "").lower()
        if key and key in seen:
            errors.append(RowError(number, "code", f"{row['code']} is already on row {seen[key]}"))
        seen.setdefault(key, number)
        parsed.append((number, row))
    if errors:
        raise ReturnRejected(errors)
    counts = {"created": 0, "updated": 0}
    with transaction.atomic():
        for number, row in parsed:
            try:
                _, created = indicator_upsert(
                    code=row["code"],
                    name=row["name"],
                    unit=row["unit"],
                    improvement=row["improvement"],
                    frequency=row["frequency"],
                    by=by,
                )
            except ValidationError as error:
                raise ReturnRejected([RowError(number, None, "; ".join(error.messages))]) from None
            counts["created" if created else "updated"] += 1
        audit_log(
            actor=by,
            actor_label="" if by else "command",
            verb="dataset.indicators_loaded",
            detail=counts,
        )
    return counts


# Lookups --------------------------------------------------------------------------------------


def agency_ref(agency: Agency) -> AgencyRef:
    return AgencyRef(agency.pk, agency.agency_code, agency.name)


def lookups_load(
    *, today: date | None = None, only_agency: Agency | None = None, only_period: str | None = None
) -> Lookups:
    """The catalogue and agencies, loaded once for checking a whole file in memory."""
    indicators = {
        code.lower(): IndicatorRef(pk, code, unit, frequency, active)
        for pk, code, unit, frequency, active in Indicator.objects.values_list(
            "pk", "code", "unit", "frequency", "is_active"
        )
    }
    agencies: dict[str, AgencyRef] = {}
    for agency in Agency.objects.filter(is_active=True):
        ref = agency_ref(agency)
        agencies[agency.agency_code.lower()] = ref
        agencies.setdefault(" ".join(agency.name.split()).lower(), ref)
    reporters: dict[int, set[int]] = defaultdict(set)
    for indicator_id, owner_id in Indicator.objects.values_list("pk", "owner_agency_id"):
        if owner_id is not None:
            reporters[indicator_id].add(owner_id)
    links = Indicator.reporting_agencies.through.objects.values_list("indicator_id", "agency_id")
    for indicator_id, agency_id in links:
        reporters[indicator_id].add(agency_id)
    return Lookups(
        indicators=indicators,
        agencies=agencies,
        reporters=dict(reporters),
        today=today or timezone.localdate(),
        only_agency=agency_ref(only_agency) if only_agency else None,
        only_period=only_period,
    )


# Storing observations -------------------------------------------------------------------------


@dataclass
class StoreResult:
    accepted: int
    versions: list[ReturnVersion] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(len(version.changes) for version in self.versions)


def _returns_for(groups: Iterable[tuple[int, str]], now: datetime) -> dict[tuple[int, str], Return]:
    """The Return of each (agency, period), creating the missing ones in bulk."""
    wanted = set(groups)
    agency_ids = {agency_id for agency_id, _ in wanted}
    periods = {period for _, period in wanted}

    def existing() -> dict[tuple[int, str], Return]:
        found = Return.objects.filter(agency_id__in=agency_ids, period__in=periods)
        return {(r.agency_id, r.period): r for r in found if (r.agency_id, r.period) in wanted}

    returns = existing()
    missing = [
        Return(
            agency_id=agency_id,
            period=period,
            period_start=parse_period(period)[2],
            deadline=return_deadline(period),
            created_at=now,
            updated_at=now,
        )
        for agency_id, period in sorted(wanted - returns.keys())
    ]
    if missing:
        Return.objects.bulk_create(missing, batch_size=BATCH_SIZE, ignore_conflicts=True)
        returns = existing()
    return returns


Held = tuple[float, str, float | None, float | None]  # value, note, numerator, denominator


def _existing_values(rows: Sequence[ValidRow]) -> dict[tuple[int, int, str], Held]:
    """The values already held for the agencies and periods these rows touch."""
    agency_ids = {row.agency.id for row in rows}
    periods = {row.period for row in rows}
    found = Observation.objects.filter(
        agency_id__in=agency_ids, period__in=periods, breakdown=""
    ).values_list(
        "indicator_id", "agency_id", "period", "value", "note", "numerator", "denominator"
    )
    return {
        (i, a, p): (v, n, num, den) for i, a, p, v, n, num, den in found.iterator(chunk_size=5000)
    }


def _unchanged(row: ValidRow, held: Held | None) -> bool:
    return held is not None and held == (row.value, row.note, row.numerator, row.denominator)


def _sent(row: ValidRow) -> dict[str, Any]:
    return {
        "indicator": row.indicator.code,
        "value": row.value,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "note": row.note,
    }


def _changes(
    rows: Sequence[ValidRow], before: dict[tuple[int, int, str], Held]
) -> list[dict[str, Any]]:
    """What a resubmission changed: new values (before is null), changed values and changed
    commentary. A value given again unchanged is not a change."""
    changes = []
    for row in rows:
        old = before.get(row.key)
        if old is None:
            changes.append(
                {
                    "indicator": row.indicator.code,
                    "period": row.period,
                    "field": "value",
                    "before": None,
                    "after": row.value,
                }
            )
            continue
        if old[0] != row.value:
            changes.append(
                {
                    "indicator": row.indicator.code,
                    "period": row.period,
                    "field": "value",
                    "before": old[0],
                    "after": row.value,
                }
            )
        if old[1] != row.note:
            changes.append(
                {
                    "indicator": row.indicator.code,
                    "period": row.period,
                    "field": "note",
                    "before": old[1],
                    "after": row.note,
                }
            )
    return changes


def _next_numbers(return_ids: Iterable[int]) -> dict[int, int]:
    latest = (
        ReturnVersion.objects.filter(data_return_id__in=list(return_ids))
        .values("data_return_id")
        .annotate(top=Max("number"))
    )
    return {item["data_return_id"]: item["top"] for item in latest}


def _mark_submitted(return_ids: list[int]) -> None:
    """A (re)submitted return waits for the business unit again: submitted, or still queried
    while a query on it is open."""
    queried = set(
        ValueQuery.objects.filter(
            data_return_id__in=return_ids, status=QueryStatus.OPEN
        ).values_list("data_return_id", flat=True)
    )
    Return.objects.filter(pk__in=return_ids).exclude(pk__in=queried).update(
        status=ReturnStatus.SUBMITTED, accepted_by=None, accepted_at=None, updated_at=timezone.now()
    )
    Return.objects.filter(pk__in=queried).update(
        status=ReturnStatus.QUERIED, updated_at=timezone.now()
    )


# Above this many series, a web or API submission hands the SPC recomputation to the worker
# rather than making the person wait; the command line always recomputes before it exits.
INLINE_REFRESH_MAX_SERIES = 40


def _refresh_signals_after_commit(pairs: set[tuple[int, int]], *, method: str) -> None:
    from manx_learning.dataset.trend_tasks import refresh_signals_task
    from manx_learning.dataset.trends import refresh_signals

    if not pairs:
        return
    if method == SubmissionMethod.COMMAND or len(pairs) <= INLINE_REFRESH_MAX_SERIES:
        transaction.on_commit(lambda: refresh_signals(pairs))
    else:
        payload: list[list[int | None]] = [[i, a] for i, a in sorted(pairs)]
        transaction.on_commit(lambda: refresh_signals_task.enqueue(payload))


_UPSERT_COLUMNS = (
    "indicator_id",
    "agency_id",
    "period",
    "period_start",
    "breakdown",
    "value",
    "numerator",
    "denominator",
    "note",
    "version_id",
    "updated_at",
)
_UPSERT_KEY = ("indicator_id", "agency_id", "period", "breakdown")
UPSERT_BATCH_ROWS = 1000


@lru_cache(maxsize=8)
def _upsert_sql(count: int) -> str:
    table = connection.ops.quote_name(Observation._meta.db_table)
    columns = ", ".join(_UPSERT_COLUMNS)
    one = "(" + ", ".join(["%s"] * len(_UPSERT_COLUMNS)) + ")"
    updates = ", ".join(
        f"{column} = excluded.{column}" for column in _UPSERT_COLUMNS if column not in _UPSERT_KEY
    )
    # Only our own table and column names are formatted in; every value is a parameter.
    values = ", ".join([one] * count)
    conflict = ", ".join(_UPSERT_KEY)
    return f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT ({conflict}) DO UPDATE SET {updates}"  # noqa: E501, S608  # nosec B608


def _upsert_observations(
    rows: Sequence[ValidRow], versions: dict[tuple[int, str], ReturnVersion], now: datetime
) -> None:
    """Insert or update observations in large batches.

    This is the statement `Observation.objects.bulk_create(update_conflicts=True, ...)` sends,
    written out because building 200,000 model instances and letting the compiler prepare each
    value was measured at under 10,000 rows/s. PostgreSQL is sent the rows by COPY (a statement
    with tens of thousands of placeholders is slow for the driver to prepare); SQLite takes plain
    multi-row VALUES. See bench/bench_dataset_import.py."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _upsert_postgresql(rows, versions, now)
    else:
        _upsert_values(rows, versions, now)


def _upsert_values(
    rows: Sequence[ValidRow], versions: dict[tuple[int, str], ReturnVersion], now: datetime
) -> None:
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    starts: dict[date, Any] = {}
    params: list[Any] = []
    with connection.cursor() as cursor:
        for index, row in enumerate(rows, start=1):
            start = starts.get(row.period_start)
            if start is None:
                start = starts[row.period_start] = ops.adapt_datefield_value(row.period_start)
            version = versions[(row.agency.id, row.period)].pk
            params += (
                row.indicator.id,
                row.agency.id,
                row.period,
                start,
                "",
                row.value,
                row.numerator,
                row.denominator,
                row.note,
                version,
                stamp,
            )
            if index % UPSERT_BATCH_ROWS == 0 or index == len(rows):
                cursor.execute(_upsert_sql(len(params) // len(_UPSERT_COLUMNS)), params)
                params = []


_PG_LOAD_TABLE = """
CREATE TEMPORARY TABLE IF NOT EXISTS dataset_observation_load (
    indicator_id bigint, agency_id bigint, period text, period_start date, breakdown text,
    value double precision, numerator double precision, denominator double precision,
    note text, version_id bigint, updated_at timestamptz
) ON COMMIT DROP"""


def _upsert_postgresql(
    rows: Sequence[ValidRow], versions: dict[tuple[int, str], ReturnVersion], now: datetime
) -> None:
    """COPY the rows into a temporary table (the fastest way into PostgreSQL), then upsert them
    from there in one statement."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    columns = ", ".join(_UPSERT_COLUMNS)
    updates = ", ".join(
        f"{column} = excluded.{column}" for column in _UPSERT_COLUMNS if column not in _UPSERT_KEY
    )
    with connection.cursor() as cursor:
        cursor.execute(_PG_LOAD_TABLE)
        cursor.execute("TRUNCATE dataset_observation_load")
        with cursor.copy(f"COPY dataset_observation_load ({columns}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(
                    (
                        r.indicator.id,
                        r.agency.id,
                        r.period,
                        r.period_start,
                        "",
                        r.value,
                        r.numerator,
                        r.denominator,
                        r.note,
                        versions[(r.agency.id, r.period)].pk,
                        now,
                    )
                )
        cursor.execute(
            # Our own table and column names only; every value is in the load table.
            f"INSERT INTO {table} ({columns}) "  # noqa: S608  # nosec B608
            f"SELECT {columns} FROM dataset_observation_load "
            f"ON CONFLICT ({', '.join(_UPSERT_KEY)}) DO UPDATE SET {updates}"
        )


@transaction.atomic
def observations_store(
    *,
    rows: Sequence[ValidRow],
    method: str,
    by: User | None = None,
    file_name: str = "",
    actor_label: str = "",
    detail: dict[str, Any] | None = None,
    refresh: bool = True,
) -> StoreResult:
    """Store checked rows as one new ReturnVersion per (agency, period) they touch. `detail`
    is added to the audit event's. `refresh` False leaves the SPC signals to the caller (the
    demo recomputes every series once at the end).

    1. Find or create each Return (deadline from the period), and number the new versions.
    2. Compare with the values already held, so each version says what it changed.
    3. Upsert the new and changed observations in batches (insert ... on conflict update).
    4. Mark the returns submitted (queried while a query is open), write one audit event, and
       recompute the SPC signals of every series touched once the transaction commits.
    """
    now = timezone.now()
    groups: dict[tuple[int, str], list[ValidRow]] = defaultdict(list)
    for row in rows:
        groups[(row.agency.id, row.period)].append(row)
    returns = _returns_for(groups, now)
    numbers = _next_numbers(r.pk for r in returns.values())
    before = _existing_values(rows)
    versions = {
        key: ReturnVersion(
            data_return=returns[key],
            number=numbers.get(returns[key].pk, 0) + 1,
            method=method,
            submitted_by=by,
            file_name=file_name[:255],
            row_count=len(group),
            changes=_changes(group, before) if numbers.get(returns[key].pk) else [],
            values=[_sent(row) for row in group],
        )
        for key, group in groups.items()
    }
    ReturnVersion.objects.bulk_create(list(versions.values()), batch_size=BATCH_SIZE)
    # A value sent again unchanged is not rewritten: it keeps pointing at the version that set it.
    fresh = [row for row in rows if not _unchanged(row, before.get(row.key))]
    _upsert_observations(fresh, versions, now)
    _mark_submitted([r.pk for r in returns.values()])
    target = next(iter(returns.values())) if len(returns) == 1 else None
    audit_log(
        actor=by,
        actor_label=actor_label,
        verb="dataset.return_submitted",
        target=target,
        detail={
            "method": method,
            "rows": len(rows),
            "returns": len(returns),
            "file": file_name,
            "changes": sum(len(v.changes) for v in versions.values()),
        }
        | (detail or {}),
    )
    # Only series whose values changed need their signals recomputed.
    if refresh:
        _refresh_signals_after_commit(
            {(row.indicator.id, row.agency.id) for row in fresh}, method=method
        )
    return StoreResult(accepted=len(rows), versions=list(versions.values()))


def observations_import(
    *,
    data: bytes,
    file_name: str = "",
    by: User | None = None,
    method: str = SubmissionMethod.COMMAND,
    today: date | None = None,
    max_bytes: int | None = None,
) -> StoreResult:
    """Check a whole file (any agencies and periods) and store it, or store nothing and raise
    ReturnRejected with every problem."""
    lookups = lookups_load(today=today)
    outcome = importing.check_file(data, lookups, max_bytes=max_bytes or settings.UPLOAD_MAX_BYTES)
    if outcome.errors:
        raise ReturnRejected(outcome.errors)
    result = observations_store(
        rows=outcome.rows,
        method=method,
        by=by,
        file_name=file_name,
        actor_label="" if by else "command",
    )
    result.notices = outcome.notices
    return result


# Returns: upload, form and API ----------------------------------------------------------------


def return_submit_file(
    *, agency: Agency, period: str, data: bytes, file_name: str, by: User
) -> StoreResult:
    """An upload through the web return: only this agency's rows for this period."""
    lookups = lookups_load(only_agency=agency, only_period=period)
    outcome = importing.check_file(data, lookups, max_bytes=settings.UPLOAD_MAX_BYTES)
    if outcome.errors:
        raise ReturnRejected(outcome.errors)
    result = observations_store(
        rows=outcome.rows, method=SubmissionMethod.UPLOAD, by=by, file_name=file_name
    )
    result.notices = outcome.notices
    return result


# The key-in form's edit token: the totals held for the return when the form was drawn, so a
# version submitted meanwhile (by anyone, any route) is not overwritten unseen.
RETURN_TOKEN_SALT = "manx-learning.return-edit-token"  # noqa: S105 - a signing salt, not a secret
RETURN_PARTS = (
    ("value", "value"),
    ("numerator", "numerator"),
    ("denominator", "denominator"),
    ("note", "commentary"),
)
_NOTHING_HELD = {"value": None, "numerator": None, "denominator": None, "note": ""}


def _return_values(agency: Agency, period: str) -> dict[str, dict[str, Any]]:
    """The totals held for one return, by indicator code: what its key-in form shows."""
    found = Observation.objects.filter(agency=agency, period=period, breakdown="").values_list(
        "indicator__code", "value", "numerator", "denominator", "note"
    )
    return {
        code: {"value": value, "numerator": numerator, "denominator": denominator, "note": note}
        for code, value, numerator, denominator, note in found
    }


def _flat(values: dict[str, dict[str, Any]], codes: Iterable[str]) -> dict[str, Any]:
    """`{"CP-01 value": 5.0, "CP-01 note": "..."}` for each indicator code, in order."""
    return {
        f"{code} {part}": values.get(code, _NOTHING_HELD)[part]
        for code in sorted(codes)
        for part, _ in RETURN_PARTS
    }


def _as_typed(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def return_edit_token(agency: Agency, period: str) -> str:
    """The key-in form's token: the values held for this return now, signed."""
    values = _return_values(agency, period)
    return signing.dumps(
        {"agency": agency.pk, "period": period, "values": values}, salt=RETURN_TOKEN_SALT
    )


def _ensure_return_unchanged(agency: Agency, period: str, seen: str | None) -> None:
    """Lock the return and raise EditConflict if any value held for it changed since the
    token `seen` was made. No token checks nothing. Call inside the submission's transaction."""
    if not seen:
        return
    try:
        token = signing.loads(seen, salt=RETURN_TOKEN_SALT)
    except signing.BadSignature:
        raise ValidationError("This form could not be checked: open the page again.") from None
    if token.get("agency") != agency.pk or token.get("period") != period:
        raise ValidationError("This form belongs to another return: open the page again.")
    data_return = _returns_for({(agency.pk, period)}, timezone.now())[(agency.pk, period)]
    Return.objects.select_for_update().filter(pk=data_return.pk).first()
    before, now = token.get("values", {}), _return_values(agency, period)
    codes = set(before) | set(now)
    was, held = _flat(before, codes), _flat(now, codes)
    labels = {f"{code} {part}": f"{code} {label}" for code in codes for part, label in RETURN_PARTS}
    changes = [
        Change(key, labels[key], _as_typed(was[key]), _as_typed(held[key]))
        for key in held
        if was[key] != held[key]
    ]
    if changes:
        raise EditConflict(changes, return_edit_token(agency, period))


@transaction.atomic
def return_submit_entries(
    *,
    agency: Agency,
    period: str,
    entries: Sequence[dict[str, Any]],
    by: User,
    seen: str | None = None,
) -> StoreResult:
    """Values keyed into the return form: one entry per indicator, blank ones left out. Row
    numbers in errors are the entries' positions (1-based), so the form can put each error by
    its field. `seen` is the form's edit token: if another version changed the values held
    since the form was drawn, nothing is stored and EditConflict says what changed."""
    _ensure_return_unchanged(agency, period, seen)
    lookups = lookups_load(only_agency=agency, only_period=period)
    records = [
        (number, {**entry, "agency": agency.agency_code, "period": period})
        for number, entry in enumerate(entries, start=1)
    ]
    outcome = importing.check_records(records, lookups)
    if outcome.errors:
        raise ReturnRejected(outcome.errors)
    if not outcome.rows:
        raise ReturnRejected([RowError(importing.FILE_ROW, "value", "Enter at least one value")])
    before = _return_values(agency, period)
    after = before | {
        row.indicator.code: {
            "value": row.value,
            "numerator": row.numerator,
            "denominator": row.denominator,
            "note": row.note,
        }
        for row in outcome.rows
    }
    changed = changed_fields(_flat(before, after), _flat(after, after))
    return observations_store(
        rows=outcome.rows, method=SubmissionMethod.FORM, by=by, detail={"changed": changed}
    )


def return_submit_api(*, token: ApiToken, observations: Any) -> StoreResult:
    """Observations posted by an agency system. The agency is the token's; each item names its
    indicator and period. Row numbers in errors are 1-based positions in the list."""
    if not isinstance(observations, list) or not observations:
        raise ReturnRejected(
            [RowError(importing.FILE_ROW, "observations", "Send a non-empty list of observations")]
        )
    lookups = lookups_load(only_agency=token.agency)
    items = [
        {**item, "agency": item.get("agency", token.agency.agency_code)}
        if isinstance(item, dict)
        else item
        for item in observations
    ]
    outcome = importing.check_list(items, lookups)
    if outcome.errors:
        raise ReturnRejected(outcome.errors)
    return observations_store(
        rows=outcome.rows,
        method=SubmissionMethod.API,
        actor_label=f"api token {token.prefix} ({token.agency.agency_code})",
    )


# Queries and acceptance -----------------------------------------------------------------------


def _data_officer_emails(agency_id: int) -> list[str]:
    return sorted(
        User.objects.filter(
            agency_id=agency_id, is_active=True, role_grants__role=Role.DATA_OFFICER
        )
        .values_list("email", flat=True)
        .distinct()
    )


def _email(to: list[str], template: str, context: dict[str, Any]) -> None:
    if to:
        transaction.on_commit(
            lambda: send_email_task.enqueue(to=to, template=template, context=context)
        )


@transaction.atomic
def value_query_raise(*, observation: Observation, question: str, by: User) -> ValueQuery:
    """The business unit questions a value: the return becomes queried and the agency's data
    officers are told."""
    if not question.strip():
        raise ValidationError({"question": "Enter your question about this value"})
    data_return = Return.objects.select_for_update().get(
        agency_id=observation.agency_id, period=observation.period
    )
    query = ValueQuery(
        observation=observation, data_return=data_return, question=question.strip(), raised_by=by
    )
    query.full_clean()
    query.save()
    data_return.status = ReturnStatus.QUERIED
    data_return.accepted_by, data_return.accepted_at = None, None
    data_return.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    audit_log(
        actor=by,
        verb="dataset.value_queried",
        target=data_return,
        detail={"indicator": observation.indicator.code, "question": query.question},
    )
    _email(
        _data_officer_emails(observation.agency_id),
        "dataset/email/query",
        {
            "indicator": str(observation.indicator),
            "period": observation.period,
            "question": query.question,
            "link": settings.SITE_URL + return_path(data_return),
        },
    )
    return query


@transaction.atomic
def value_query_answer(*, query: ValueQuery, answer: str, by: User) -> ValueQuery:
    if query.status != QueryStatus.OPEN:
        raise ValidationError("This query has already been answered")
    if not answer.strip():
        raise ValidationError({"answer": "Enter your answer to the query"})
    query.answer, query.answered_by, query.answered_at = answer.strip(), by, timezone.now()
    query.status = QueryStatus.ANSWERED
    query.save(update_fields=["answer", "answered_by", "answered_at", "status", "updated_at"])
    audit_log(
        actor=by,
        verb="dataset.query_answered",
        target=query.data_return,
        detail={"question": query.question[:200]},
    )
    return query


@transaction.atomic
def return_accept(*, data_return: Return, by: User) -> Return:
    """The business unit accepts a submitted return. Open queries must be answered first;
    answered ones are resolved by accepting."""
    data_return = Return.objects.select_for_update().get(pk=data_return.pk)
    if not data_return.versions.exists():
        raise ValidationError("Nothing has been submitted for this return yet")
    if data_return.queries.filter(status=QueryStatus.OPEN).exists():
        raise ValidationError("This return has a query waiting for the agency's answer")
    data_return.queries.filter(status=QueryStatus.ANSWERED).update(
        status=QueryStatus.RESOLVED, updated_at=timezone.now()
    )
    data_return.status, data_return.accepted_by, data_return.accepted_at = (
        ReturnStatus.ACCEPTED,
        by,
        timezone.now(),
    )
    data_return.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    audit_log(actor=by, verb="dataset.return_accepted", target=data_return)
    return data_return


def return_path(data_return: Return) -> str:
    from django.urls import reverse

    return reverse("dataset:return", args=[data_return.agency.code, data_return.period])


# Reminders ------------------------------------------------------------------------------------


def expected_frequencies(agency: Agency) -> set[str]:
    from manx_learning.dataset.returns_selectors import expected_indicators

    return set(expected_indicators(agency).values_list("frequency", flat=True))


@dataclass
class ReminderRun:
    emails: int = 0
    skipped: int = 0
    items: list[str] = field(default_factory=list)


def _reminder_reason(deadline: date, today: date) -> str | None:
    if today > deadline:
        return ReturnReminderReason.OVERDUE
    if (deadline - today).days <= settings.DATASET_REMINDER_DAYS_BEFORE:
        return ReturnReminderReason.DUE_SOON
    return None


def recent_periods(frequency: str, today: date, count: int = 3) -> list[str]:
    """The last `count` periods of this frequency that have ended, newest first."""
    periods: list[str] = []
    day = today
    while len(periods) < count:
        period = period_for(day, frequency)
        if period_end(period) < today:
            periods.append(period)
        day = parse_period(period)[2] - timedelta(days=1)
    return periods


def returns_reminders_send(*, today: date | None = None) -> ReminderRun:
    """E-mail data officers whose agency's return is due within N days, or overdue, and not yet
    submitted. Each (agency, period, reason, person) is sent once (ReturnReminder's unique
    constraint), so running it twice, or on two workers, sends nothing twice."""
    today = today or timezone.localdate()
    run = ReminderRun()
    done = {ReturnStatus.SUBMITTED, ReturnStatus.QUERIED, ReturnStatus.ACCEPTED}
    for agency in Agency.objects.filter(is_active=True).order_by("name"):
        for frequency in sorted(expected_frequencies(agency)):
            for period in recent_periods(frequency, today):
                status = (
                    Return.objects.filter(agency=agency, period=period)
                    .values_list("status", flat=True)
                    .first()
                )
                deadline = return_deadline(period)
                reason = _reminder_reason(deadline, today)
                if status in done or reason is None:
                    continue
                for email in _data_officer_emails(agency.pk):
                    _remind(run, agency, period, reason, email, deadline)
    audit_log(
        actor=None,
        actor_label="reminders",
        verb="dataset.reminders_sent",
        detail={"emails": run.emails, "skipped": run.skipped},
    )
    return run


def _remind(
    run: ReminderRun, agency: Agency, period: str, reason: str, email: str, deadline: date
) -> None:
    try:
        with transaction.atomic():
            ReturnReminder.objects.create(
                agency=agency, period=period, reason=reason, recipient=email
            )
            context = {
                "agency": agency.name,
                "period": period,
                "overdue": reason == ReturnReminderReason.OVERDUE,
                "deadline": f"{deadline:%-d %B %Y}",
                "link": settings.SITE_URL + "/data/returns/",
            }
            _email([email], "dataset/email/return_reminder", context)
    except IntegrityError:
        run.skipped += 1
        return
    run.emails += 1
    run.items.append(f"{email}: {agency.agency_code} {period} ({reason})")


# API tokens -----------------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_issue(*, agency: Agency, name: str, by: User) -> tuple[ApiToken, str]:
    """Issue a token for an agency system. Returns the token and its secret, which is shown once
    and never stored (only its hash is)."""
    if not name.strip():
        raise ValidationError({"name": "Enter a name for the system that will use the token"})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        agency=agency, name=name.strip(), prefix=secret[:12], key_hash=_hash(secret), created_by=by
    )
    token.full_clean()
    token.save()
    audit_log(
        actor=by,
        verb="dataset.token_issued",
        target=token,
        detail={"agency": agency.agency_code, "prefix": token.prefix},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    if token.revoked_at:
        raise ValidationError("This token has already been revoked")
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_log(actor=by, verb="dataset.token_revoked", target=token, detail={"prefix": token.prefix})
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, or None. Records when it was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("agency")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, agency__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
