"""Reading and checking a return file: CSV or XLSX rows of `indicator,agency,period,value` (with
optional `note`, `numerator`, `denominator`) become validated rows, or a list of every problem
with its row and column.

Kept free of the ORM: callers pass in `Lookups` (the indicator catalogue and agencies, loaded
once), so one file of 200,000 rows is checked in plain Python without a query per row. Storing
the rows is `services.observations_store`'s job; nothing here writes anything.

Row numbers are the ones a spreadsheet shows: the header is row 1, and blank rows still count.
Errors about the whole file (unreadable, too big, no header) use row 0 (`FILE_ROW`)."""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from manx_learning.dataset.periods import PeriodError, normalise_period_text, parse_period

FILE_ROW = 0
REQUIRED = ("indicator", "agency", "period", "value")
OPTIONAL = ("note", "numerator", "denominator")
# Other names people give the same columns in their own spreadsheets.
ALIASES = {
    "indicator code": "indicator",
    "agency code": "agency",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "commentary": "note",
}
NOTE_MAX_CHARS = 4000
# How far down a sheet a header row may sit below a title or blank rows.
HEADER_SEARCH_ROWS = 10
# An XLSX whose parts expand beyond this is refused before it is opened (a "zip bomb"); the
# worksheet XML of the largest sensible return is a small fraction of it.
DEFAULT_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# A part that expands more than this many times over is not a spreadsheet someone saved.
MAX_COMPRESSION_RATIO = 200
# A percentage may differ from numerator/denominator × 100 by this much (rounding to whole %).
PERCENT_TOLERANCE = 0.5 + 1e-9

_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_UNIT_LABELS = {"count": "a count", "percent": "a percentage", "rate": "a rate", "days": "days"}
_FREQUENCY_HINTS = {
    "monthly": "YYYY-MM, e.g. 2026-03",
    "quarterly": "YYYY-Qn, e.g. 2026-Q1",
    "annual": "YYYY, e.g. 2026",
}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class FileRefused(Exception):
    """The file cannot be read at all; `errors` says why (row 0, or the header row)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class IndicatorRef:
    id: int
    code: str
    unit: str
    frequency: str
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class AgencyRef:
    id: int
    code: str
    name: str


@dataclass
class Lookups:
    """What a file is checked against. `indicators` is keyed by lower-case code; `agencies` by
    lower-case code and lower-case name. A web upload for one return sets `only_agency` and
    `only_period`, so a row for anyone else is an error."""

    indicators: dict[str, IndicatorRef]
    agencies: dict[str, AgencyRef]
    today: date
    only_agency: AgencyRef | None = None
    only_period: str | None = None
    # Who reports each indicator (indicator id: agency ids), from the catalogue: its owner and
    # its reporting agencies. An indicator the catalogue names no one for is open to all.
    reporters: dict[int, set[int]] = field(default_factory=dict)
    # Periods already read, by (cell, indicator frequency): a file repeats a few periods many
    # thousand times, so each is parsed once.
    period_memo: dict[tuple[Any, str | None], tuple[str, date] | str] = field(default_factory=dict)


@dataclass(slots=True)
class ValidRow:
    row: int
    indicator: IndicatorRef
    agency: AgencyRef
    period: str
    period_start: date
    value: float
    numerator: float | None
    denominator: float | None
    note: str

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.indicator.id, self.agency.id, self.period)


@dataclass
class Outcome:
    rows: list[ValidRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Things worth telling the person that are not errors, e.g. the file's text encoding.
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# Reading files --------------------------------------------------------------------------------


def _refuse(message: str, row: int = FILE_ROW, column: str | None = None) -> FileRefused:
    return FileRefused([RowError(row, column, message)])


def read_cells(
    data: bytes, *, max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES
) -> tuple[Iterator[tuple[int, Sequence[Any]]], list[str]]:
    """The file's rows as (spreadsheet row number, cells), and notices about how it was read.
    The kind is decided by the bytes, never by the file name."""
    if not data:
        raise _refuse("The file is empty")
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data, max_unzipped_bytes), []
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse("This is an old Excel .xls file: save it as .xlsx or CSV and try again")
    if data.startswith((b"%PDF", b"\x1f\x8b", b"PK")):
        raise _refuse("The file must be a CSV file or an Excel workbook (.xlsx)")
    text, notices = _decode(data)
    return _csv_rows(text), notices


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["The file was read as UTF-16 text."]
        except UnicodeDecodeError:
            raise _refuse("The file is not readable text") from None
    if b"\x00" in data[:65536]:
        raise _refuse("The file must be a CSV file or an Excel workbook (.xlsx), not binary data")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _refuse(
            "The file is not text in UTF-8 or Windows-1252: save it as CSV UTF-8"
        ) from None
    return text, ["The file is not UTF-8, so it was read as Windows-1252 (Excel's default)."]


def _delimiter(text: str) -> str:
    """Commas, unless the first line is clearly split by semicolons or tabs (Excel in some
    locales saves "CSV" with semicolons)."""
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")
    counts = {mark: first.count(mark) for mark in (",", ";", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] > counts[","] else ","


def _csv_rows(text: str) -> Iterator[tuple[int, Sequence[Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as error:
        raise _refuse(f"Row {number + 1} cannot be read as CSV: {error}", row=number + 1) from None


def _check_zip(data: bytes, max_unzipped_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            names = {part.filename for part in parts}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(
            "The file looks like an Excel workbook but is damaged and cannot be opened"
        ) from None
    if "xl/workbook.xml" not in names:
        raise _refuse("The file must be a CSV file or an Excel workbook (.xlsx)")
    expanded = sum(part.file_size for part in parts)
    if expanded > max_unzipped_bytes:
        raise _refuse(
            f"The workbook expands to more than {max_unzipped_bytes // (1024 * 1024)} MB and "
            "was not opened: save the return as CSV, or split it"
        )
    for part in parts:
        if part.file_size > 1024 * 1024 and part.file_size > MAX_COMPRESSION_RATIO * max(
            part.compress_size, 1
        ):
            raise _refuse("The workbook is compressed suspiciously far and was not opened")


def _xlsx_rows(data: bytes, max_unzipped_bytes: int) -> Iterator[tuple[int, Sequence[Any]]]:
    _check_zip(data, max_unzipped_bytes)
    try:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception:  # openpyxl raises many kinds of error for damaged files
        raise _refuse(
            "The workbook is damaged or not a real .xlsx file and cannot be opened"
        ) from None
    return _sheet_rows(book, sheet)


def _sheet_rows(book: Any, sheet: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            yield number, [_cell_value(cell) for cell in row]
    except FileRefused:
        raise
    except Exception:
        raise _refuse("The workbook is damaged and its rows cannot be read") from None
    finally:
        book.close()


def _cell_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    # A cell formatted as a percentage holds 0.45 and shows 45%: take what the person sees.
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", "") or "")
    ):
        return round(value * 100, 9)
    return value


# Headers --------------------------------------------------------------------------------------


def _header_name(cell: Any) -> str:
    name = " ".join(str(cell if cell is not None else "").replace("\ufeff", "").split()).lower()
    return ALIASES.get(name, name)


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def find_header(rows: Iterator[tuple[int, Sequence[Any]]]) -> tuple[int, dict[str, int]]:
    """Find the header row (the first row, or a row just below a title) and map each column we
    know to its position. Raises FileRefused naming what is missing."""
    first: tuple[int, list[str]] | None = None
    for seen, (number, cells) in enumerate(rows):
        if seen >= HEADER_SEARCH_ROWS:
            break
        if _is_blank(cells):
            continue
        names = [_header_name(cell) for cell in cells]
        first = first or (number, names)
        if all(name in names for name in REQUIRED):
            return number, _columns(number, names)
    if first is None:
        raise _refuse(
            "The file has no rows: the first row must be the header " + ",".join(REQUIRED)
        )
    number, names = first
    missing = [name for name in REQUIRED if name not in names]
    raise FileRefused(
        [RowError(number, name, f"The header row has no '{name}' column") for name in missing]
    )


def _columns(number: int, names: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name not in REQUIRED + OPTIONAL:
            continue  # other columns (totals, working-out) are ignored
        if name in positions:
            raise _refuse(f"The header row has two '{name}' columns", row=number, column=name)
        positions[name] = index
    return positions


# Checking rows --------------------------------------------------------------------------------


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_number(cell: Any) -> float:
    """A number from a cell: 1234, "1,234", " 12.5 ", "45%". Raises ValueError with a message."""
    if isinstance(cell, str) and cell.isascii() and cell.isdigit():
        return float(cell)  # the common case, a plain whole number, without the checks below
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not a number")
    if isinstance(cell, int) and abs(cell) > MAX_VALUE:
        # A whole number can be beyond any float (a workbook cell of 400 digits): report it as
        # too large, as the row checks would, rather than fail converting it.
        raise ValueError(f"is too large: the dataset takes values up to {MAX_VALUE:,}")
    if isinstance(cell, int | float):
        try:
            number = float(cell)
        except OverflowError:  # a whole number beyond any float: JSON allows any length
            raise ValueError(_TOO_LARGE) from None
    elif isinstance(cell, datetime | date):
        raise ValueError("is a date, not a number")
    else:
        text = str(cell).strip().replace("\u00a0", "").removesuffix("%").strip()
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if not _NUMBER.match(text):
            raise ValueError(f"'{str(cell).strip()}' is not a number")
        number = float(text)
    if math.isinf(number):  # "1e999", or a JSON number too long to read
        raise ValueError(_TOO_LARGE)
    if math.isnan(number):
        raise ValueError(f"'{cell}' is not a number")
    return number


# The largest figure the dataset takes: far above any real count, rate or number of days for an
# island's services, and far below where charts' arithmetic loses precision (1e308 was taken).
MAX_VALUE = 1_000_000_000
_TOO_LARGE = f"is too large: the dataset takes values up to {MAX_VALUE:,}"


def _too_large(number: float) -> str | None:
    if abs(number) > MAX_VALUE:
        return f"{number:g} is too large: the dataset takes values up to {MAX_VALUE:,}"
    return None


def _value_problem(value: float, unit: str) -> str | None:
    if problem := _too_large(value):
        return problem
    if value < 0:
        return f"{value:g} is negative: {_UNIT_LABELS.get(unit, 'a value')} cannot be below 0"
    if unit == "count" and not value.is_integer():
        return f"{value:g} is not a whole number: a count must be whole"
    if unit == "percent" and value > 100:
        return f"{value:g} is over 100: a percentage must be between 0 and 100"
    return None


@dataclass
class _Row:
    """One row being checked: its cells by column name, and the errors found so far."""

    number: int
    cells: dict[str, Any]
    errors: list[RowError]

    def error(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))


def _indicator(row: _Row, lookups: Lookups) -> IndicatorRef | None:
    code = _text(row.cells.get("indicator"))
    if not code:
        row.error("indicator", "Enter the indicator code")
        return None
    indicator = lookups.indicators.get(code.lower())
    if indicator is None:
        row.error(
            "indicator", f"Unknown indicator '{code}': use a code from the indicator catalogue"
        )
    elif not indicator.is_active:
        row.error("indicator", f"Indicator {indicator.code} is no longer collected")
        return None
    return indicator


def _agency(row: _Row, lookups: Lookups) -> AgencyRef | None:
    text = _text(row.cells.get("agency"))
    if not text:
        row.error("agency", "Enter the agency code")
        return None
    agency = lookups.agencies.get(" ".join(text.split()).lower())
    if agency is None:
        row.error("agency", f"Unknown agency '{text}': use the agency code, e.g. IMC")
        return None
    if lookups.only_agency and agency.id != lookups.only_agency.id:
        row.error("agency", f"This return is for {lookups.only_agency.code}, not {agency.code}")
        return None
    return agency


def _check_reports(
    row: _Row, lookups: Lookups, indicator: IndicatorRef | None, agency: AgencyRef | None
) -> None:
    """One rule for every route (upload, form, API, command): an agency sends figures only for
    the indicators the catalogue says it reports."""
    if indicator is None or agency is None:
        return
    allowed = lookups.reporters.get(indicator.id)
    if allowed and agency.id not in allowed:
        row.error(
            "indicator",
            f"{agency.code} does not report {indicator.code}: ask the business unit to add "
            f"{agency.code} to the indicator's reporting agencies",
        )


def _period(row: _Row, lookups: Lookups, indicator: IndicatorRef | None) -> tuple[str, date] | None:
    """The row's canonical period and its first day; remembered per distinct cell."""
    cell = row.cells.get("period")
    if not isinstance(cell, str | int | float | date | None):
        return _read_period(row, lookups, indicator)  # e.g. a JSON list: not remembered
    key = (cell, indicator.frequency if indicator else None)
    known = lookups.period_memo.get(key)
    if known is None:
        problems: list[RowError] = []
        found = _read_period(_Row(row.number, row.cells, problems), lookups, indicator)
        known = lookups.period_memo[key] = found or problems[0].message
    if isinstance(known, str):
        row.error("period", known)
        return None
    return known


def _read_period(
    row: _Row, lookups: Lookups, indicator: IndicatorRef | None
) -> tuple[str, date] | None:
    cell = row.cells.get("period")
    if isinstance(cell, datetime | date):
        if indicator and indicator.frequency != "monthly":
            row.error(
                "period",
                f"A date is only used for monthly indicators: write {indicator.code}'s period as "
                + _FREQUENCY_HINTS[indicator.frequency],
            )
            return None
        text = f"{cell.year:04d}-{cell.month:02d}"
    else:
        text = normalise_period_text(_text(cell))
    if not text:
        row.error("period", "Enter the period, e.g. 2026-03, 2026-Q1 or 2026")
        return None
    try:
        period, frequency, start = parse_period(text)
    except PeriodError as error:
        row.error("period", str(error))
        return None
    if indicator and frequency != indicator.frequency:
        row.error(
            "period",
            f"{period} is {frequency.label.lower()} but {indicator.code} is collected "
            f"{indicator.frequency}: use {_FREQUENCY_HINTS[indicator.frequency]}",
        )
        return None
    if start > lookups.today:
        row.error("period", f"{period} is in the future")
        return None
    if lookups.only_period and period != lookups.only_period:
        row.error("period", f"This return is for {lookups.only_period}, not {period}")
        return None
    return period, start


def _optional_count(row: _Row, column: str) -> float | None:
    cell = row.cells.get(column)
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    try:
        number = parse_number(cell)
    except ValueError as error:
        row.error(column, f"The {column} {error}")
        return None
    if number < 0 or not number.is_integer():
        row.error(column, f"The {column} must be a whole number of 0 or more, not {number:g}")
        return None
    if problem := _too_large(number):
        row.error(column, f"The {column} {problem}")
        return None
    return number


def _value(row: _Row, indicator: IndicatorRef | None) -> float | None:
    cell = row.cells.get("value")
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        row.error("value", "Enter a value")
        return None
    try:
        value = parse_number(cell)
    except ValueError as error:
        row.error("value", f"The value {error}")
        return None
    if indicator is None:
        return value
    if isinstance(cell, str) and cell.strip().endswith("%") and indicator.unit != "percent":
        row.error("value", f"{cell.strip()} is a percentage but {indicator.code} is not")
        return None
    if problem := _value_problem(value, indicator.unit):
        row.error("value", problem)
        return None
    return value


def _check_fraction(
    row: _Row,
    indicator: IndicatorRef | None,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
) -> None:
    if numerator is None or denominator is None:
        return
    if numerator > denominator:
        row.error(
            "numerator",
            f"The numerator ({numerator:g}) is larger than the denominator ({denominator:g})",
        )
        return
    if indicator and indicator.unit == "percent" and value is not None:
        if denominator == 0:
            row.error("denominator", "The denominator is 0, so there is no percentage")
            return
        expected = 100 * numerator / denominator
        if abs(value - expected) > PERCENT_TOLERANCE:
            row.error(
                "value",
                f"{value:g}% does not match the numerator and denominator "
                f"({numerator:g} / {denominator:g} = {expected:.1f}%)",
            )


# A NUL or a lone surrogate ("\ud800" in JSON): PostgreSQL refuses the first and no database
# can encode the second, so a note holding either answered 500 when it was stored.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _note(row: _Row) -> str:
    note = _text(row.cells.get("note"))
    if len(note) > NOTE_MAX_CHARS:
        row.error("note", f"The note must be {NOTE_MAX_CHARS:,} characters or fewer")
    if _UNSTORABLE.search(note):
        row.error(
            "note",
            "The note contains a character that cannot be stored (NUL or a lone surrogate): "
            "remove it",
        )
    return note


def check_record(
    number: int, cells: dict[str, Any], lookups: Lookups
) -> tuple[ValidRow | None, list[RowError]]:
    """Check one row's cells (by column name). Every problem in the row is reported, not only
    the first, so one pass through a file gives the whole list."""
    row = _Row(number, cells, [])
    indicator = _indicator(row, lookups)
    agency = _agency(row, lookups)
    _check_reports(row, lookups, indicator, agency)
    period = _period(row, lookups, indicator)
    value = _value(row, indicator)
    numerator = _optional_count(row, "numerator")
    denominator = _optional_count(row, "denominator")
    _check_fraction(row, indicator, value, numerator, denominator)
    note = _note(row)
    if row.errors or indicator is None or agency is None or period is None or value is None:
        return None, row.errors
    valid = ValidRow(
        number, indicator, agency, period[0], period[1], value, numerator, denominator, note
    )
    return valid, []


def check_records(records: Iterable[tuple[int, dict[str, Any]]], lookups: Lookups) -> Outcome:
    """Check every record and every repeat of the same indicator, agency and period."""
    outcome = Outcome()
    first_seen: dict[tuple[int, int, str], int] = {}
    for number, cells in records:
        valid, errors = check_record(number, cells, lookups)
        if errors:
            outcome.errors.extend(errors)
            continue
        assert valid is not None
        earlier = first_seen.setdefault(valid.key, number)
        if earlier != number:
            outcome.errors.append(
                RowError(
                    number,
                    "indicator",
                    f"Row {number} repeats {valid.indicator.code} for {valid.agency.code} in "
                    f"{valid.period}, already given on row {earlier}",
                )
            )
            continue
        outcome.rows.append(valid)
    return outcome


def _records(
    rows: Iterator[tuple[int, Sequence[Any]]], columns: dict[str, int]
) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, cells in rows:
        if _is_blank(cells):
            continue
        width = len(cells)
        yield (
            number,
            {name: cells[index] if index < width else None for name, index in columns.items()},
        )


def check_file(
    data: bytes,
    lookups: Lookups,
    *,
    max_bytes: int | None = None,
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES,
) -> Outcome:
    """Read and check a whole file. Never raises for a bad file: every problem is in
    `Outcome.errors` (row 0 for the file as a whole)."""
    if max_bytes is not None and len(data) > max_bytes:
        return Outcome(errors=[too_big(max_bytes)])
    try:
        rows, notices = read_cells(data, max_unzipped_bytes=max_unzipped_bytes)
        _, columns = find_header(rows)
        outcome = check_records(_records(rows, columns), lookups)
    except FileRefused as refused:
        return Outcome(errors=refused.errors)
    outcome.notices = notices + outcome.notices
    if not outcome.rows and not outcome.errors:
        outcome.errors.append(RowError(FILE_ROW, None, "The file has a header but no rows of data"))
    return outcome


def check_list(items: Sequence[Any], lookups: Lookups) -> Outcome:
    """Check observations sent as JSON (the API): row numbers are 1-based list positions."""
    records = []
    outcome = Outcome()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            outcome.errors.append(RowError(number, None, "Each observation must be a JSON object"))
            continue
        records.append((number, {_header_name(key): value for key, value in item.items()}))
    checked = check_records(records, lookups)
    outcome.rows = checked.rows
    outcome.errors.extend(checked.errors)
    outcome.errors.sort(key=lambda error: error.row)
    return outcome


def too_big(max_bytes: int) -> RowError:
    return RowError(FILE_ROW, None, f"The file is larger than {max_bytes / (1024 * 1024):g} MB")
