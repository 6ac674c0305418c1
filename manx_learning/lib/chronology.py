"""Integrated multi-agency chronology: read agency spreadsheets, merge them, link shared events.

Agencies send a chronology of their contacts with a family as a CSV or XLSX file with the columns
``date, time, agency, source, event, practitioner`` (time and practitioner optional). This module
turns those files into one merged chronology for a case review:

1. ``read_chronology(path)`` parses one file into ``Entry`` rows and row-numbered problems.
2. ``merge(paths)`` reads every file, sorts the entries by date and time and labels the entries of
   different agencies that record the same event (``assign_same_events``).
3. ``write_merged_csv(entries, path)`` writes the result, made safe to open in a spreadsheet.
4. ``find_gaps(entries, days)`` lists the periods in which no agency had any contact.

It is plain Python (no Django) so that it can be tested and benchmarked alone; the management
command ``chronology merge`` is a thin wrapper around it. See docs/chronology.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import math
import os
import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --- Limits -------------------------------------------------------------------------------------

#: Files bigger than this are refused before they are read; a real chronology is far smaller.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: An XLSX file is a zip: refuse it when its members would expand beyond this (a "zip bomb").
MAX_XLSX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_XLSX_MEMBERS = 2_000
#: How many problems to list per file; after that one line says how many more there were.
MAX_PROBLEMS_PER_FILE = 100
#: How far down a sheet to look for the header row (agencies often put a title above it).
HEADER_SEARCH_ROWS = 10

REQUIRED_COLUMNS = ("date", "agency", "source", "event")
OPTIONAL_COLUMNS = ("time", "practitioner")
OUTPUT_COLUMNS = (
    "date",
    "time",
    "agency",
    "source",
    "event",
    "practitioner",
    "same_event",
    "source_file",
    "source_row",
)

# --- Data ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    """One contact or event recorded by one agency: one row of one input file."""

    date: dt.date
    time: dt.time | None
    agency: str
    source: str
    event: str
    practitioner: str = ""
    source_file: str = ""
    source_row: int = 0
    #: A label shared by the entries of different agencies that record the same event ("E1").
    same_event: str = ""


class Problem(str):
    """A message about an input file: ``police.csv row 7: date '31/02/2021' is not a real date``.

    It is a string so that callers can print or join it as it is, and it keeps the file name and
    row number for a user interface that wants to point at the row.
    """

    file: str
    row: int | None
    message: str

    def __new__(cls, file: str, row: int | None, message: str) -> Problem:
        text = f"{file} row {row}: {message}" if row is not None else f"{file}: {message}"
        problem = super().__new__(cls, text)
        problem.file, problem.row, problem.message = file, row, message
        return problem

    def __reduce__(self) -> tuple[type[Problem], tuple[str, int | None, str]]:
        # Pickle and copy rebuild a Problem from its parts, not from the joined text.
        return Problem, (self.file, self.row, self.message)


@dataclass
class ParseResult:
    entries: list[Entry] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class MergeResult:
    entries: list[Entry] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    #: Groups of entries recording the same event, in chronological order (E1 first).
    same_events: list[list[Entry]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class Gap:
    """A run of days on which no agency recorded any contact."""

    start: dt.date  # first day without contact
    end: dt.date  # last day without contact
    last_contact: dt.date | None  # None when the gap opens the review period
    next_contact: dt.date | None  # None when the gap closes the review period

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class FileProblem(Exception):
    """A whole file cannot be used (missing, too big, not a spreadsheet, no header)."""


class RowProblem(ValueError):
    """One cell cannot be used; the caller adds the file name and row number."""


# --- Reading files ------------------------------------------------------------------------------


#: How often (in rows read) ``read_chronology`` reports progress to its ``progress`` callback.
PROGRESS_EVERY_ROWS = 1_000


def read_chronology(
    path: str | os.PathLike[str], *, progress: Callable[[int], None] | None = None
) -> ParseResult:
    """Parse one agency chronology (CSV or XLSX). Problems are returned, never raised.

    ``progress``, if given, is called with the number of rows read so far every
    ``PROGRESS_EVERY_ROWS`` rows (the background import shows it as "rows done")."""
    path = Path(path)
    try:
        _check_size(path)
        rows = _xlsx_rows(path) if _is_zip(path) else _csv_rows(path)
        if progress is not None:
            rows = _reporting(rows, progress)
        return _parse_rows(path.name, rows)
    except FileProblem as exc:
        return ParseResult(errors=[Problem(path.name, None, str(exc))])


def _reporting(
    rows: Iterable[Sequence[object]], progress: Callable[[int], None]
) -> Iterator[Sequence[object]]:
    for number, row in enumerate(rows, start=1):
        if number % PROGRESS_EVERY_ROWS == 0:
            progress(number)
        yield row


def count_rows(path: str | os.PathLike[str], *, stop_after: int | None = None) -> int:
    """How many data rows (non-blank rows below the header) a file holds, read as a stream.

    Nothing is parsed or kept: a CSV goes through the csv module line by line (in whatever text
    encoding, since only the ASCII delimiters, quotes and line ends matter), an XLSX through
    openpyxl's read-only rows. So a size limit can be checked before the expensive work, in
    constant memory. A file that ``read_chronology`` would refuse outright counts as 0 rows,
    so its own problem is reported rather than a limit. With ``stop_after``, counting stops at
    ``stop_after + 1`` ("more than"): reading a workbook's rows is slow enough to matter.
    """
    path = Path(path)
    try:
        _check_size(path)
        rows = _xlsx_rows(path) if _is_zip(path) else _csv_stream_rows(path)
        count, header_found = 0, False
        for number, row in enumerate(rows, start=1):
            if _is_blank(row):
                continue
            if header_found:
                count += 1
                if stop_after is not None and count > stop_after:
                    break
            elif _header_columns(row) is not None:
                header_found = True
            elif number >= HEADER_SEARCH_ROWS:
                return 0
        return count
    except FileProblem:
        return 0


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether the file is an XLSX workbook (by its content, not its name)."""
    try:
        return _is_zip(Path(path))
    except FileProblem:
        return False


def _csv_stream_rows(path: Path) -> Iterator[list[str]]:
    utf16 = _read_head(path).startswith((b"\xff\xfe", b"\xfe\xff"))
    try:
        with path.open(
            encoding="utf-16" if utf16 else "utf-8-sig", errors="replace", newline=""
        ) as handle:
            delimiter = _guess_delimiter(handle.read(65536))
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                yield from reader
            except csv.Error as exc:
                raise FileProblem(f"row {reader.line_num}: cannot be read as CSV ({exc})") from exc
    except (OSError, UnicodeError) as exc:
        raise FileProblem(f"cannot be read ({exc})") from exc


def _check_size(path: Path) -> None:
    if not path.exists():
        raise FileProblem("file not found")
    if not path.is_file():
        raise FileProblem("is not a file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileProblem(f"is {_size(size)}; files over {_size(MAX_FILE_BYTES)} are refused")


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileProblem(f"cannot be read ({exc.strerror or exc})") from exc


def _is_zip(path: Path) -> bool:
    # Decide by content, not by name: agencies rename files, and a .csv may really be a workbook.
    return _read_head(path).startswith(b"PK\x03\x04")


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError as exc:
        raise FileProblem(f"cannot be read ({exc.strerror or exc})") from exc


def _csv_rows(path: Path) -> Iterator[list[object]]:
    text = _decode(_read_bytes(path))
    delimiter = _guess_delimiter(text)
    # newline="" keeps quoted line breaks inside cells; the csv module handles CRLF itself.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise FileProblem(f"row {reader.line_num}: cannot be read as CSV ({exc})") from exc


def _decode(data: bytes) -> str:
    """Decode CSV bytes, refusing binary files with a clear message."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("is an old-style .xls or password-protected workbook; save it as .xlsx")
    if data.startswith(b"%PDF"):
        raise FileProblem("is a PDF, not a CSV or XLSX spreadsheet")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export is UTF-16 with a byte order mark.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileProblem("is not readable UTF-16 text") from exc
    if b"\x00" in data[:65536]:
        raise FileProblem("is not a CSV or XLSX spreadsheet (it contains binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (Comma delimited)" in the Windows code page, not UTF-8.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise FileProblem("is not a CSV or XLSX spreadsheet (it is not text)") from exc
    if _looks_binary(text):
        raise FileProblem("is not a CSV or XLSX spreadsheet (it contains binary data)")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    return controls > max(3, len(sample) // 100)


def _guess_delimiter(text: str) -> str:
    # Excel in some locales saves CSV with semicolons; a tab-separated export also happens.
    for line in text[:65536].splitlines()[:HEADER_SEARCH_ROWS]:
        cells = {_header_name(cell) for cell in line.split(",")}
        if "date" in cells:
            return ","
        for delimiter in (";", "\t"):
            if "date" in {_header_name(cell) for cell in line.split(delimiter)}:
                return delimiter
    return ","


def _xlsx_rows(path: Path) -> Iterator[Sequence[object]]:
    _check_zip(path)
    # Imported here so that CSV-only use does not pay for loading openpyxl.
    from openpyxl import load_workbook

    with path.open("rb") as handle:
        try:
            # A file object (not a path) stops openpyxl refusing a workbook with a .csv name;
            # data_only gives the cached values of formulas rather than the formulas.
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for damaged files.
            raise FileProblem("cannot be read as an XLSX workbook (it may be damaged)") from exc
        try:
            sheet = _sheet_with_header(workbook)
            epoch = workbook.epoch
            for row in sheet.iter_rows(values_only=True):
                yield [_ExcelNumber(cell, epoch) if _is_number(cell) else cell for cell in row]
        except FileProblem:
            raise
        except Exception as exc:
            raise FileProblem("cannot be read as an XLSX workbook (it may be damaged)") from exc
        finally:
            workbook.close()


def _check_zip(path: Path) -> None:
    """Refuse zip bombs before openpyxl expands anything.

    zipfile never returns more bytes for a member than its declared size, so summing the
    declared sizes bounds what reading the workbook can expand to.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        # A damaged directory raises more than BadZipFile: a member name that is not the UTF-8
        # its flag claims is a UnicodeDecodeError (a ValueError), a truncated one an EOFError.
        raise FileProblem("is not a CSV or XLSX spreadsheet (damaged zip file)") from exc
    if len(members) > MAX_XLSX_MEMBERS:
        raise FileProblem("is refused: the workbook has too many parts")
    if sum(member.file_size for member in members) > MAX_XLSX_UNCOMPRESSED_BYTES:
        limit = _size(MAX_XLSX_UNCOMPRESSED_BYTES)
        raise FileProblem(f"is refused: the workbook would expand to more than {limit}")
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise FileProblem("is a zip file but not an XLSX workbook")


def _sheet_with_header(workbook: Any) -> Any:
    """The first worksheet whose top rows hold a header; the first worksheet otherwise."""
    sheets = list(workbook.worksheets)
    if not sheets:
        raise FileProblem("the workbook has no worksheets")
    for sheet in sheets:
        # Some writers record wrong sheet dimensions, which would cut columns off in read-only mode.
        sheet.reset_dimensions()
        top = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
        if any(_header_columns(row) for row in top):
            return sheet
    return sheets[0]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class _ExcelNumber:
    """A numeric XLSX cell, with the workbook's date system (1900 or 1904) for serial dates."""

    value: float
    epoch: dt.datetime


# --- Rows to entries ----------------------------------------------------------------------------


def _parse_rows(name: str, rows: Iterable[Sequence[object]]) -> ParseResult:
    """Find the header, convert every data row, then fill in or report missing agencies."""
    result = ParseResult()
    columns: dict[str, int] | None = None
    first_row: Sequence[object] | None = None
    blank_agency_rows: list[Entry] = []
    for number, row in enumerate(rows, start=1):
        if _is_blank(row):
            continue
        if columns is None:
            first_row = first_row or row
            columns = _header_columns(row)
            if columns is None and number >= HEADER_SEARCH_ROWS:
                break
            continue
        entry = _row_to_entry(name, number, row, columns, result.errors)
        if entry is not None:
            result.entries.append(entry)
            if not entry.agency:
                blank_agency_rows.append(entry)
    if columns is None:
        raise FileProblem(_missing_columns_message(first_row))
    _fill_blank_agencies(name, result, blank_agency_rows)
    result.errors = _cap_problems(name, result.errors)
    return result


def _is_blank(row: Sequence[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _header_name(cell: object) -> str:
    return str(cell).strip().lower() if cell is not None else ""


def _header_columns(row: Sequence[object]) -> dict[str, int] | None:
    """Map column names to positions when the row is a header with every required column."""
    names = [_header_name(cell) for cell in row]
    if not set(REQUIRED_COLUMNS) <= set(names):
        return None
    # The first column of a name wins, so a stray duplicate further right is ignored.
    columns: dict[str, int] = {}
    for position, column_name in enumerate(names):
        if column_name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            columns.setdefault(column_name, position)
    return columns


def _missing_columns_message(first_row: Sequence[object] | None) -> str:
    if first_row is None:
        return "is empty: no header row and no entries"
    names = {_header_name(cell) for cell in first_row}
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    return (
        f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
        f"(the header row needs {', '.join(REQUIRED_COLUMNS)}; time and practitioner are optional)"
    )


def _row_to_entry(
    name: str,
    number: int,
    row: Sequence[object],
    columns: dict[str, int],
    errors: list[Problem],
) -> Entry | None:
    def cell(column: str) -> object:
        position = columns.get(column)
        return row[position] if position is not None and position < len(row) else None

    problems: list[str] = []
    date, date_time, time = None, None, None
    try:
        date, date_time = _parse_date(cell("date"))
    except RowProblem as exc:
        problems.append(str(exc))
    try:
        time = _parse_time(cell("time"))
    except RowProblem as exc:
        problems.append(str(exc))
    texts = {column: _text(cell(column)) for column in _TEXT_COLUMNS}
    if not texts["event"]:
        problems.append("event is missing")
    if "\x00" in "".join(texts.values()):
        # PostgreSQL cannot store NUL in text, and no record holds one on purpose: say where.
        problems.extend(
            f"{column} contains a NUL character (binary data, not text): remove it"
            for column, text in texts.items()
            if "\x00" in text
        )
    errors.extend(Problem(name, number, problem) for problem in problems)
    if date is None or problems:
        return None
    return Entry(
        date=date,
        # A date cell that carries a time of day stands in for an empty time column.
        time=time or date_time,
        agency=texts["agency"],
        source=texts["source"],
        event=texts["event"],
        practitioner=texts["practitioner"],
        source_file=name,
        source_row=number,
    )


_TEXT_COLUMNS = ("agency", "source", "event", "practitioner")


def _fill_blank_agencies(name: str, result: ParseResult, blank: list[Entry]) -> None:
    """An agency's file may name the agency only on some rows; use it for the blank ones."""
    if not blank:
        return
    named = {_agency_key(entry.agency): entry.agency for entry in result.entries if entry.agency}
    if len(named) == 1:
        agency = next(iter(named.values()))
        for entry in blank:
            entry.agency = agency
        return
    reason = "agency is missing" + (" and the file names more than one agency" if named else "")
    result.errors.extend(Problem(name, entry.source_row, reason) for entry in blank)
    blank_ids = {id(entry) for entry in blank}
    result.entries = [entry for entry in result.entries if id(entry) not in blank_ids]
    result.errors.sort(key=lambda problem: problem.row or 0)


def _cap_problems(name: str, problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    extra = len(problems) - MAX_PROBLEMS_PER_FILE
    return [*problems[:MAX_PROBLEMS_PER_FILE], Problem(name, None, f"and {extra} more problems")]


def _text(value: object) -> str:
    if type(value) is str:  # the common case, first: CSV cells are all strings
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, _ExcelNumber):
        value = value.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- Dates and times ----------------------------------------------------------------------------

_TIME_SUFFIX = r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})" + _TIME_SUFFIX)
_YEAR_FIRST = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})" + _TIME_SUFFIX)
_MONTH_NAME = re.compile(r"(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s,-]+(\d{2,4})" + _TIME_SUFFIX)
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_EXCEL_1900 = dt.datetime(1899, 12, 30)
#: Spreadsheet serial numbers are only trusted in this range, so that a bare year such as "2021"
#: in a date column is reported instead of being read as day 2021 (13 July 1905).
_SERIAL_RANGE = (dt.date(1950, 1, 1), dt.date(2099, 12, 31))
_YEAR_RANGE = (1900, 2100)
_SERIAL_MAX = 2_958_466  # 1 January 10000, past which Python's dates overflow


def _parse_date(value: object) -> tuple[dt.date, dt.time | None]:
    """A date cell as a date, plus its time of day when the cell carries one."""
    if isinstance(value, str | None):
        text = _text(value)
        if not text:
            raise RowProblem("date is missing")
        return _parse_date_text(text)
    if isinstance(value, dt.datetime):
        return _in_year_range(value.date(), value.date().isoformat()), _time_or_none(value.time())
    if isinstance(value, dt.date):
        return _in_year_range(value, value.isoformat()), None
    if isinstance(value, _ExcelNumber):
        return _from_serial(value.value, value.epoch, _text(value))
    if isinstance(value, dt.time):
        raise RowProblem("date cell holds only a time of day")
    return _parse_date_text(_text(value))


# Agency files repeat the same dates and times many times over; parse each string once.
@functools.lru_cache(maxsize=65536)
def _parse_date_text(text: str) -> tuple[dt.date, dt.time | None]:
    if _SERIAL.fullmatch(text):
        # A date column exported from a spreadsheet as numbers: 44289 is 3 April 2021.
        return _from_serial(float(text), _EXCEL_1900, text)
    if match := _YEAR_FIRST.fullmatch(text):
        year, _, month, day, *clock = match.groups()
    elif match := _DAY_FIRST.fullmatch(text):
        # UK practice: 03/04/2021 is 3 April 2021, never 4 March.
        day, _, month, year, *clock = match.groups()
    elif (match := _MONTH_NAME.fullmatch(text)) and match[2].lower() in _MONTHS:
        day, month_name, year, *clock = match.groups()
        month = str(_MONTHS[month_name.lower()])
    else:
        raise RowProblem(f"date '{text}' is not a date in the form dd/mm/yyyy or yyyy-mm-dd")
    if len(year) != 4:
        raise RowProblem(f"date '{text}' needs a four-digit year (dd/mm/yyyy)")
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise RowProblem(f"date '{text}' is not a real date") from None
    return _in_year_range(date, text), _clock(text, *clock)


def _in_year_range(date: dt.date, text: str) -> dt.date:
    # The same range for typed dates and real date cells: a workbook's 31/12/9999 is as wrong
    # as a typed one, and gaps and sorting would overflow at the end of the calendar.
    if not _YEAR_RANGE[0] <= date.year <= _YEAR_RANGE[1]:
        raise RowProblem(f"date '{text}' is outside the years {_YEAR_RANGE[0]}-{_YEAR_RANGE[1]}")
    return date


def _clock(
    text: str, hours: str | None, minutes: str | None, seconds: str | None
) -> dt.time | None:
    if hours is None:
        return None
    try:
        return _time_or_none(dt.time(int(hours), int(minutes or 0), int(seconds or 0)))
    except ValueError:
        raise RowProblem(f"date '{text}' has an impossible time of day") from None


def _from_serial(serial: float, epoch: dt.datetime, text: str) -> tuple[dt.date, dt.time | None]:
    # A whole-number cell can be far beyond any float, so compare before converting to one.
    if not (0 < serial < _SERIAL_MAX and math.isfinite(serial)):
        raise _not_a_date(text)
    try:
        # Round to the minute: serial fractions carry floating-point noise (0.99999 of a second).
        # The 1904 date system starts four years later, so a serial below _SERIAL_MAX can still
        # pass the end of Python's calendar.
        moment = _round_to_minute(epoch + dt.timedelta(days=serial))
    except OverflowError:
        raise _not_a_date(text) from None
    if not _SERIAL_RANGE[0] <= moment.date() <= _SERIAL_RANGE[1]:
        raise _not_a_date(text)
    return moment.date(), _time_or_none(moment.time())


def _not_a_date(text: str) -> RowProblem:
    return RowProblem(f"date '{text}' is not a date in the form dd/mm/yyyy or yyyy-mm-dd")


def _round_to_minute(moment: dt.datetime) -> dt.datetime:
    return (moment + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)


def _time_or_none(value: dt.time) -> dt.time | None:
    # Midnight on a date cell almost always means "no time given", not 00:00.
    return None if value == dt.time(0, 0) else value


_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2})(?::(\d{2})(?:\.\d+)?)?|(\d{2}))\s*(?:hrs?|h)?", re.I)
_TWELVE_HOUR = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\.?", re.I)


def _parse_time(value: object) -> dt.time | None:
    """A time cell as a time of day; blank is allowed and gives None."""
    if isinstance(value, str | None):
        text = _text(value)
        return _parse_time_text(text) if text else None
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, dt.timedelta):
        if dt.timedelta(0) <= value < dt.timedelta(days=1):
            return (dt.datetime.min + value).time().replace(microsecond=0)
        raise RowProblem(f"time '{value}' is not a time of day (use HH:MM)")
    if isinstance(value, _ExcelNumber) and 0 <= value.value < 1:
        return _round_to_minute(_EXCEL_1900 + dt.timedelta(days=value.value)).time()
    text = _text(value)
    if not text:
        return None
    return _parse_time_text(text)


@functools.lru_cache(maxsize=65536)
def _parse_time_text(text: str) -> dt.time:
    try:
        if match := _CLOCK.fullmatch(text):
            hours, minutes, seconds, packed = match.groups()
            # Police records often write 1430 or 1430hrs for 14:30.
            return dt.time(int(hours), int(minutes or packed), int(seconds or 0))
        if match := _TWELVE_HOUR.fullmatch(text):
            hours, minutes, half = int(match[1]), int(match[2] or 0), match[3].lower()
            if not 1 <= hours <= 12:
                raise ValueError
            return dt.time(hours % 12 + (12 if half == "p" else 0), minutes)
        if _SERIAL.fullmatch(text) and 0 <= float(text) < 1:
            return _round_to_minute(_EXCEL_1900 + dt.timedelta(days=float(text))).time()
    except ValueError:
        pass
    raise RowProblem(f"time '{text}' is not a time of day (use HH:MM)")


# --- Merging ------------------------------------------------------------------------------------


def merge(paths: Iterable[str | os.PathLike[str]], *, link_same_events: bool = True) -> MergeResult:
    """Read every file, sort all entries into one chronology and label shared events.

    Entries are sorted by date; within a day, entries without a time come first (they usually
    describe the day as a whole), then entries by time. Ties keep the order of the files as given
    and the row order within each file, so the same inputs always give the same output.
    """
    result = MergeResult()
    keyed: list[tuple[tuple[object, ...], Entry]] = []
    for file_index, path in enumerate(paths):
        parsed = read_chronology(path)
        result.errors.extend(parsed.errors)
        keyed.extend(
            ((*sort_key(entry), file_index, entry.source_row), entry) for entry in parsed.entries
        )
    keyed.sort(key=lambda item: item[0])
    result.entries = [entry for _, entry in keyed]
    if link_same_events and not result.errors:
        result.same_events = assign_same_events(result.entries)
    return result


def sort_key(entry: Entry) -> tuple[dt.date, bool, dt.time]:
    return entry.date, entry.time is not None, entry.time or dt.time(0, 0)


# --- Same-event detection -----------------------------------------------------------------------
#
# Agencies describe one event in their own words ("Strat disc with CSC", "Named nurse attended
# strategy meeting"). Detection has three layers:
#   1. Event types: phrases for the usual safeguarding events ("strategy meeting", "ICPC",
#      "A&E", "joint visit", "MARAC") are recognised, so wording differences stop mattering.
#   2. TF-IDF cosine similarity of the remaining words (stemmed, stop words dropped), so that a
#      shared injury, concern or place counts for more than "child" or "mother".
#   3. Rules, in docs/chronology.md. In short: never two entries of one agency; times, when both
#      are given, within two hours; a multi-agency meeting type (strategy discussion, ICPC,
#      MARAC) on the same day is enough; types that can happen separately on one day (an ED
#      attendance, a home visit, a phone call) also need shared words; untyped entries need very
#      similar words; the next day only for the same type and a late entry or strong words.
#      Entries that report news of an event (a letter, an invitation) are never the event.
# Entries are compared only within a day and with the next day ("blocking"), and within those
# blocks only pairs that share an event type or a distinctive word are scored; that keeps
# 100,000 entries fast without missing any pair that could pass the rules.

#: Phrases that name an event type, most specific first. A dotted type (cpconf.initial) is a kind
#: of its parent (cpconf), so "ICPC" matches "child protection conference" but not "RCPC".
_EVENT_TYPES: list[tuple[str, str]] = [
    # First, so that "MARAC referral" is a referral, not the MARAC meeting itself.
    (
        "referral",
        r"(?:marac|mash|icpc|early\s+help|camhs)\s+referral"
        r"|referr(?:al|ed)\s+(?:made\s+|sent\s+|received\s+)?(?:to|into|from|by)"
        r"|referral\s+(?:made|sent|received)",
    ),
    ("strategy", r"s\.?\s?4[67]\s+strat(?:egy)?"),
    # An adult safeguarding (section 42) planning meeting is the adults' strategy discussion.
    (
        "strategy",
        r"(?:s\.?\s?42|safeguarding\s+adults?)\s+(?:planning|strategy)\s+(?:meeting|discussion|mtg)",
    ),
    ("s42review", r"s\.?\s?42\s+review(?:\s+meeting)?"),
    # A Mental Health Act assessment is done once, by the AMHP and doctors together.
    (
        "mha",
        r"(?-i:MHA)\s+assessment|mental\s+health\s+act\s+assessment|s\.?\s?13[56]\s+assessment",
    ),
    ("strategy", r"strat(?:egy)?\.?\s*(?:discussion|disc|meeting|mtg|call)s?|strategy"),
    (
        "cpconf.initial",
        r"i\.?c\.?p\.?c\b\.?|initial\s+(?:child\s+protection|cp)\s+(?:case\s+)?conference"
        r"|initial\s+(?:case\s+)?conference",
    ),
    (
        "cpconf.review",
        r"r\.?c\.?p\.?c\b\.?|review\s+(?:child\s+protection|cp)\s+(?:case\s+)?conference"
        r"|review\s+(?:case\s+)?conference",
    ),
    ("cpconf", r"(?:child\s+protection|cp)\s+(?:case\s+)?conf(?:erence)?\.?|case\s+conference"),
    ("marac", r"marac|multi[\s-]?agency\s+risk\s+assessment\s+conference"),
    ("coregroup", r"core\s+group|(?-i:CGM)"),
    # A child protection medical and an ABE interview are held once, with SW and doctor or police.
    ("cpmedical", r"(?:child\s+protection|(?-i:CP)|safeguarding)\s+medical"),
    (
        "interview",
        r"(?-i:ABE)\s+interview|achieving\s+best\s+evidence|joint\s+(?:investigative\s+)?interview",
    ),
    (
        "cin",
        r"child\s+in\s+need\s+(?:plan\s+)?(?:meeting|review)|(?-i:CIN)\s+(?:plan\s+)?(?:meeting|review)",
    ),
    (
        "profmeeting",
        r"professionals'?\s+meeting|(?:multi[\s-]?agency|network|discharge(?:\s+planning)?"
        r"|safety\s+planning|multi[\s-]?disciplinary(?:\s+team)?)\s+meeting|(?-i:MDT)",
    ),
    ("lacreview", r"(?-i:LAC|CLA)\s+review|looked\s+after\s+(?:child(?:ren)?\s+)?review"),
    (
        "earlyhelp",
        r"(?:(?-i:EHA)|early\s+help(?:\s+assessment)?|team\s+around\s+the\s+(?:family|child)"
        r"|(?-i:TAF|TAC))\s+(?:meeting|review)",
    ),
    (
        "ed",
        r"(?-i:ED|A\s?&\s?E|A\s?\+\s?E)|a\s+and\s+e|accident\s+(?:&|and)\s+emergency"
        r"|emergency\s+dep(?:artmen)?t\.?|emergency\s+dept\.?|casualty",
    ),
    (
        "visit",
        r"joint(?:ly)?\s+(?:home\s+)?visit(?:ed)?|(?-i:JV)|home\s+visit(?:ed)?"
        r"|visit(?:ed)?\s+(?:to\s+)?(?:the\s+)?(?:family\s+)?home(?:\s+address)?"
        r"|visit(?:ed)?\s+(?:the\s+)?(?:family|address|property)",
    ),
    (
        "s46",
        r"s(?:ection)?\.?\s?4[267]\s+(?:enquir(?:y|ies)|investigation)"
        r"|child\s+protection\s+(?:enquir(?:y|ies)|investigation)",
    ),
    (
        "protection",
        r"(?:taken\s+into|placed\s+(?:in|under)|powers\s+of)\s+police\s+protection|(?-i:PPO)\b",
    ),
    ("welfare", r"welfare\s+check|concern\s+for\s+(?:the\s+)?welfare|forced\s+entry"),
    (
        "domestic",
        r"domestic\s+(?:abuse\s+|violence\s+)?incident|(?-i:DA|DV)\s+incident|domestic\s+abuse"
        r"|domestic\s+violence",
    ),
    (
        "missing",
        r"missing\s+(?:person\s+)?(?:episode|report|from\s+(?:home|care)|overnight)"
        r"|(?:reported|went|gone)\s+missing",
    ),
    ("call", r"(?:tele)?phone\s+call|call\s+(?:to|from|received|made)|(?:tele)?phoned|rang"),
]
_EVENT_TYPE_PATTERN = re.compile(
    "|".join(
        rf"(?P<t{number}>\b(?:{pattern}))(?![\w&+])"
        for number, (_, pattern) in enumerate(_EVENT_TYPES)
    ),
    re.I,
)
#: Meetings that agencies attend together: one of a kind on a family's day is one event, so the
#: type alone links entries. Other types (an ED attendance, a home visit, a call) can happen
#: separately on the same day, so their entries must also share words.
_MEETINGS = frozenset(
    {
        "strategy",
        "cpconf",
        "marac",
        "coregroup",
        "cin",
        "profmeeting",
        "earlyhelp",
        "lacreview",
        "s42review",
    }
)
_FAMILY_EVENTS = frozenset({"domestic", "missing", "cpmedical", "interview", "protection", "mha"})
#: Words showing that a visit was made together with another agency.
_TOGETHER = re.compile(
    r"\bjoint(?:ly)?\b|(?-i:\bJV\b)|\bwith\s+(?:the\s+)?(?:police|pc|officers?|sw|social\s+worker"
    r"|csc|hv|health\s+visitor|ewo|school)\b",
    re.I,
)
#: Words that mark an entry as news of an event rather than the event itself: the GP reading the
#: ED letter is a later, separate contact, and when each agency learned of an event matters to a
#: review. Most count only before the event is named ("Invitation to ICPC received"), not after
#: it ("ICPC held; agreed to arrange core group").
_NEWS_BEFORE = re.compile(
    r"\b(?:letter|invitation|invite[ds]?|notification|(?:notified|informed|told)\s+(?:by|that)"
    r"|request(?:ed)?|asked?\s+about|outcome\s+of|to\s+arrange|minutes)\b",
    re.I,
)
_NEWS_ANYWHERE = re.compile(
    r"\b(?:letter\s+received|discharge\s+summary|invitation|flag(?:ged)?\s+(?:added|placed))\b",
    re.I,
)
#: Words saying an agency did not take part ("not attended", "unable to join", "apologies"): its
#: entry is about the meeting or visit, not a record of being there.
_ABSENT = re.compile(
    r"\b(?:not\s+(?:attend(?:ed|ing)?|present|join(?:ed)?)|unable\s+to\s+(?:attend|join|dial)"
    r"|(?:did\s+not|didn't|could\s*n[o']t|could\s+not)\s+(?:attend|join|dial)|apologies)\b",
    re.I,
)
#: Agency roles: how an agency's own name shows its role, and how other agencies name it in their
#: notes (abbreviations, job titles, the hospital's name). Most specific first; the first role
#: whose name pattern matches the agency column is the agency's role.
_ROLES: tuple[tuple[str, str, str], ...] = (
    ("adultsc", r"adult\s+(?:social|services)", r"adult\s+social\s+care|(?-i:\bASC\b)"),
    ("schoolnurse", r"school\s+nurs", r"school\s+nurs(?:e|ing)"),
    # Community nurses: children's community nursing (CCNT) and district nursing (DN) for adults.
    (
        "ccn",
        r"children'?s\s+community\s+nurs",
        r"(?-i:\bCCNT?s?\b)|children'?s\s+community\s+nurs",
    ),
    ("dn", r"district\s+nurs|community\s+nurs", r"(?-i:\bDNs?\b)|district\s+nurs"),
    # Care providers: a care home, and a home care (domiciliary) agency; social care calls either
    # "the provider".
    (
        "carehome",
        r"(?:care|nursing|residential)\s+home",
        r"(?:care|nursing|residential)\s+home|\bprovi?d\w*r\b",
    ),
    (
        "homecare",
        r"home\s*care|domiciliary|care\s+agency",
        r"home\s*care|domiciliary|care\s+agency|\bprovi?d\w*r\b",
    ),
    ("equipment", r"equipment", r"(?-i:\bCES\b)|equipment\s+(?:store|service)"),
    ("youthjustice", r"youth\s+justice|\byot\b", r"youth\s+justice|(?-i:\bYOT\b|\bYJT?\b)"),
    (
        "sexualhealth",
        r"sexual\s+health|genito-?urinary|\bgum\b",
        r"sexual\s+health|(?-i:\bGUM\b)|genito-?urinary",
    ),
    # Telecare: a community alarm service that takes pendant activations and calls for help.
    (
        "telecare",
        r"telecare|community\s+alarm|careline|lifeline",
        r"telecare|community\s+alarm|careline|lifeline|pendant\s+alarm",
    ),
    # "Crew" alone is an ambulance crew ("fire crew" names the fire service); a 999 call reaches
    # the ambulance service or the police.
    (
        "ambulance",
        r"ambulance",
        r"ambulance|paramedics?|(?-i:\bBIBA\b)|(?<!fire\s)\bcrews?\b|\b999\b",
    ),
    ("fire", r"\bfire\b", r"fire\s+(?:service|and\s+rescue|crew)"),
    (
        "police",
        r"police|constabulary",
        r"police|constabulary|\bofficers\b|control\s+room|public\s+protection\s+unit|\b999\b"
        r"|coroner'?s\s+officer"
        r"|(?-i:\bPCs?\b|\bDC\b|\bDS\b|\bDI\b|\bDCI\b|\bOIC\b|\bPPNs?\b|\bCID\b|\bPPU\b)",
    ),
    ("mash", r"\bmash\b|safeguarding\s+hub", r"(?-i:\bMASH\b)|safeguarding\s+hub"),
    (
        "csc",
        r"social\s+(?:care|services|work)|children\s+and\s+families|\bcsc\b|children'?s\s+services"
        r"|disabilit",
        r"(?-i:\bCSC\b|\bSWs?\b|\bEDT\b)|social\s+(?:care|services|worker)|children'?s\s+services"
        r"|duty\s+(?:team|social)",
    ),
    (
        "urgentcare",
        r"urgent\s+(?:care|treatment)|minor\s+injur|walk-?in",
        r"urgent\s+(?:care|treatment)|(?-i:\bUCC\b|\bUTC\b|\bMIU\b)|minor\s+injur"
        r"|walk-?in\s+(?:centre|clinic)",
    ),
    (
        "ooh",
        r"out[\s-]+of[\s-]+hours|\booh\b",
        r"(?-i:\bOOH\b)|out[\s-]+of[\s-]+hours\s+(?:GP|doctor|service)|\b111\b",
    ),
    # The hospital's departments, and the hospital as a whole ("Noble's"), which names any of them.
    # A paediatric liaison nurse works from ED attendances, so is named with ED.
    (
        "ed",
        r"emergency|\ba\s?&\s?e\b|(?-i:\bED\b)|casualty",
        r"(?-i:\bED\b)|\bA\s?&\s?E\b|emergency\s+department|paed(?:iatric)?s?\s+liaison|\bresus\b"
        r"|\btriage\b",
    ),
    (
        "paeds",
        r"paediatric|neonatal|children'?s\s+ward",
        r"\bpaeds?\b(?!\s+liaison)|paediatric(?!\s+liaison)|neonatal|(?-i:\bNNU\b|\bSCBU\b)"
        r"|children'?s\s+ward",
    ),
    # A ward or a hospital unit is the hospital ("back from Ward 8", "referral from Stroke Unit").
    (
        "hospital",
        r"hospital|infirmary",
        r"hospital|noble'?s|infirmary|\bwards?\b|(?:stroke|assessment|medical|surgical)\s+unit",
    ),
    ("hv", r"health\s+visit", r"(?-i:\bHVs?\b)|health\s+visit(?:or|ing)|\b0-19\b"),
    # "OOH GP" and "out of hours GP" name the out-of-hours service, not the practice.
    (
        "gp",
        r"\bgp\b|practice|surgery|medical\s+centre",
        r"(?<!OOH\s)(?<!hours\s)\bGPs?\b|\bsurgery\b",
    ),
    ("school", r"school|college|academy", r"school|(?-i:\bDSL\b)|head\s?teacher"),
    ("nursery", r"nursery|children'?s\s+centre|pre-?school", r"nursery"),
    (
        "salt",
        r"speech\s+(?:and|&)\s+language|\bsalt\b|therapy",
        r"(?-i:\bSALT\b|\bSLT\b)|speech\s+(?:and|&)\s+language|\btherapist\b",
    ),
    (
        "idva",
        r"idva|domestic\s+(?:violence|abuse)\s+(?:advis|service|support)|women'?s\s+aid|refuge",
        r"(?-i:\bIDVAs?\b)|\brefuge\b|women'?s\s+aid",
    ),
    ("prison", r"prison|\bhmp\b", r"prison|(?-i:\bHMP\b)"),
    ("marac", r"marac", r"\bmarac\b"),
    ("housing", r"housing", r"\bhousing\b|tenancy\s+(?:officer|support)"),
    ("youth", r"youth", r"youth\s+(?:worker|service|club)"),
    (
        "probation",
        r"probation|rehabilitation\s+company|\bcrc\b",
        r"probation|offender\s+manager|(?-i:\bPO\b|\bCRC\b)",
    ),
    ("midwifery", r"midwi|maternity", r"midwi(?:fe|fery|ves)|maternity"),
    # Mental health services by their teams: crisis and home treatment, community, liaison in ED
    # and custody, psychological therapies.
    (
        "mentalhealth",
        r"mental\s+health|camhs|psycholog",
        r"mental\s+health|psycholog|psychiatr|crisis\s+team|home\s+treatment\s+team|tier\s*4"
        r"|(?-i:\bCPNs?\b|\bCAMHS\b|\bCRHT\b|\bCMHT\b|\bOPMHS\b|\bHTT\b)"
        r"|(?-i:\bMH\b)\s+(?:services?|teams?|lia\w+|practitioners?|nurses?)",
    ),
    ("ewo", r"education\s+welfare", r"(?-i:\bEWO\b)|education\s+welfare"),
    ("school", r"\beducation\b|\bsen\b", r"(?-i:\bSENCOs?\b)"),
    (
        "earlyhelp",
        r"early\s+help|family\s+support",
        r"early\s+help(?!\s+(?:assessment|meeting|review|plan)s?\b)|(?-i:\bFSW\b|\bEH\b)",
    ),
    (
        "drugs",
        r"drug|alcohol|substance",
        r"drug\s+and\s+alcohol|substance\s+misuse\s+(?:team|service)",
    ),
)
_HOSPITAL = frozenset({"ed", "paeds", "hospital"})
#: Roles a mention can stand for: "hospital" names any department, a department the hospital.
_NAMED_BY = {
    "ed": ("ed", "hospital"),
    "paeds": ("paeds", "hospital"),
    "hospital": tuple(_HOSPITAL),
    # Other agencies call adult social workers "SW" and "social care" too.
    "adultsc": ("adultsc", "csc"),
    # The MASH is the front door of children's social care: "referred to CSC" reaches it.
    "mash": ("mash", "csc"),
    # Early help teams often sit in children's social care ("Referral to Early Help (CSC)").
    "csc": ("csc", "earlyhelp"),
}
#: The roles each mention can stand for (the inverse of _NAMED_BY).
_NAMES: dict[str, tuple[str, ...]] = {}
for _role_name, _names_of in _NAMED_BY.items():
    for _name in _names_of:
        _NAMES[_name] = (*_NAMES.get(_name, (_name,)), _role_name)
_ROLE_NAME = [(role, re.compile(name, re.I)) for role, name, _ in _ROLES]
_ROLE_MENTION = [(role, re.compile(mention, re.I)) for role, _, mention in _ROLES]
#: Meetings that are an agency's whole business: a MARAC's own note "Case heard" is the MARAC.
_MEETING_AGENCIES = {"marac": "marac"}
_HELD = re.compile(r"\b(?:heard|held|discussed|convened|meeting)\b", re.I)
#: A concern passed on ("concerns shared with SW"); "no concerns" and "nil concerns" say there
#: was nothing to pass on, the commonest closing words of a visit note.
_CONCERN = r"(?<!\bno\s)(?<!\bnil\s)concerns?"
#: A message sent: "PPN shared with MASH", "letter to GP", "phoned CSC", "referral submitted".
_SENT = re.compile(
    r"\b(?:sent|shared|e-?mail(?:ed|s)?|passed|submitted|forwarded|copied|faxed|referred|wrote|letters?"
    r"|marfs?|ppns?"
    r"|notifications?|referrals?|copy|phoned|rang|called|informed|notified|advised|updated"
    r"|contacted|results?|transferred|handed\s+over|escalated|raised|placed|chased|tasks?"
    rf"|{_CONCERN}"
    r"|discussed)\b(?:\s+[^\s.;:]+){0,3}?\s+(?:to|with)\b"
    r"|\b(?:phoned|rang|called|e-?mailed|informed|notified|contacted|told|advised|updated|alerted"
    r"|asked|requested|tasked|chased)\s+(?!by\b|from\b|for\b|about\b|if\b|whether\b)\w"
    # "Letter to pt, copy CMHT", "letter GP", "notification - HV + GP": the receivers listed.
    r"|\b(?:copy|cc|letters?|notifications?)\s*(?:to\s+|[-:]\s*)?(?=(?-i:[A-Z]{2,}\b))"
    r"|\bleft\s+(?:a\s+)?(?:voice\s*mail|message|vm)\s+(?:for|with)\b"
    r"|\b(?:referral|form|notification|ppn|marf|letter|e-?mail|alert)s?\s+(?:form\s+)?(?:submitted|sent|made"
    r"|shared|e-?mailed|completed|faxed)\b",
    re.I,
)
#: A message received: "PPN received", "letter from CSC", "ED referral opened", "GP phoned".
_RECEIVED = re.compile(
    r"\b(?:from|rec(?:ei|ie)ved|rec'?d|read|opened|returned|answered)\b"
    # "Paed liaison phoned - ...": someone else's call, taken by the agency writing.
    r"|^\W*\w+(?:\s+\w+)?\s+(?:phoned|rang|called|e-?mailed)\b(?!\s+(?:to\b|the\b|[a-z]))",
    re.I,
)
_FROM = re.compile(r"\bfrom\b", re.I)
_CLOCK_SLACK_MINUTES = 10  # the receiver's clock may run a little behind the sender's
#: A message named without saying who sent it ("2nd police notification"): taken as received.
_MESSAGE_NOUN = re.compile(
    r"\b(?:ppns?|notifications?|notices?|marfs?|cp-?is\s+alerts?|letters?|discharge\s+summary"
    r"|safeguarding\s+concerns?|tasks?)\b",
    re.I,
)
#: Words for the act of sending, as against deciding to refer ("... concern, referral to MASH").
_SENDING = re.compile(
    r"\b(?:sent|shared|e-?mailed|submitted|forwarded|faxed|passed|posted)\b", re.I
)
#: A time written in the text ("attended 23:31", "at 1430 hrs"): when the event happened, which
#: may be hours before the note was written.
_TEXT_TIME = re.compile(r"\b([01]?\d|2[0-3])(?::([0-5]\d)|([0-5]\d)\s*hrs)\b", re.I)
_MESSAGE_DAYS = 5  # a message is read at most this many days after it was sent
_MENTION_MINUTES = 30  # two agencies naming each other this close in time record one contact
_LATER_CONTACT_SIMILARITY = 0.2  # words needed for such a pair up to twice as far apart
_UNTIMED_CONTACT_SIMILARITY = 0.3  # words needed when one of the pair has no time
_MEDIA = (
    ("call", re.compile(r"\b(?:(?:tele)?phon\w*|rang|call\w*)\b", re.I)),
    ("writing", re.compile(r"\b(?:letters?|e-?mail\w*|written|form|ppns?|notifications?)\b", re.I)),
)
_CALL_ONLY, _WRITING_ONLY = frozenset({"call"}), frozenset({"writing"})
#: What a message is, so that "Referral received" can be matched to "Referral to MASH".
_MESSAGE_KINDS = (
    ("referral", re.compile(r"\breferr\w*", re.I)),
    ("letter", re.compile(r"\bletters?\b|discharge\s+summar", re.I)),
    ("email", re.compile(r"\be-?mail\w*", re.I)),
    ("notification", re.compile(r"\b(?:ppns?|notifications?|notices?)\b", re.I)),
    ("concern", re.compile(_CONCERN, re.I)),
    ("task", re.compile(r"\btask\w*", re.I)),
    ("marf", re.compile(r"\bmarfs?\b", re.I)),
)
_UNNAMED_MESSAGE_DAYS = 2  # a message received without naming its sender: read this soon
_DATED_MESSAGE_DAYS = 10  # a receipt that names the date the message was sent: read this soon
_UNADDRESSED_SIMILARITY = 0.3  # words needed when neither side names the kind of message
_UNADDRESSED_KEY = "?"  # index key: a message sent by this role, its receiver not named
_UNNAMED_KEY = "!"  # index key: a message to (or received by) this role, sender not named
_SELF_KEY = "="  # index key of an entry's own agency role, probed by entries that name it
_ONE_SIDED_MINUTES = 15  # one agency names the other, which names nobody: this close in time
_CALL_MINUTES = 15  # a call to an agency and its note of a caller it does not name: this close
#: Words saying someone was there: "crew on scene", "DI in dept", "paramedics arrived".
_PRESENT = re.compile(
    r"\b(?:arr?ived?|attend(?:ed|ing)|on\s+scene|at\s+(?:the\s+)?scene|present|on\s+site"
    r"|in\s+(?:the\s+)?(?:dept|department|attendance))\b",
    re.I,
)
_TRANSFER_MINUTES = 240  # a person discharged or handed over arrives within this time
#: A person passed from one agency to another: "discharged to X", "handed over to ED staff".
_TRANSFER_OUT = re.compile(
    r"\b(?:discharged|transferred|conveyed|handed\s+over|admitted)\b(?:\s+[^\s.;:]+){0,2}?\s+to\b",
    re.I,
)
#: The other side of a transfer: "arrived from Y", "returned from Ward 8", "admitted from A&E".
_TRANSFER_IN = re.compile(
    r"\b(?:arrived|arrival|returned|back|admitted|transferred|brought(?:\s+in)?)\b"
    r"(?:\s+[^\s.;:]+){0,2}?\s+(?:from|by)\b",
    re.I,
)
#: Words showing that an entry was written up after the day it describes.
_LATE = re.compile(r"\b(?:late\s+entry|retrospective(?:ly)?|yesterday|previous\s+day)\b", re.I)
_MENTIONED_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.]\d{2,4})?\b")
#: Event-type keys start with a character that words never contain, so they cannot collide.
_TYPE_KEY = "#"
_ROLE_KEY = "@"  # index key of an agency role named in a text
_WORD = re.compile(r"[a-z][a-z']+")
_STOPWORD_TEXT = (
    "a about after again all also am an and any are as at be been before being both but by "
    "can could did do does done for from had has have he her here hers him his how i if in "
    "into is it its me more my no nor not of off on once only or our out over own re same she "
    "so some such than that the their them then there these they this those to too under "
    "until up very was we were what when where which while who whom why will with would you "
    "your via per"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_SUFFIXES = ("ations", "ation", "ition", "ions", "ion", "ances", "ance", "ences", "ence", "ments",
             "ment", "ings", "ing", "als", "al", "ied", "ies", "ed", "es", "s", "ly")  # fmt: skip

#: Word similarity (TF-IDF cosine, 0 to 1) a pair needs, tuned on the synthetic labelled set in
#: bench/chronology_data.py; docs/chronology.md gives the precision and recall they reach.
SEPARABLE_TYPE_SIMILARITY = 0.15  # same day, same type that can happen twice (ED, visit, call)
MIXED_SIMILARITY = 0.75  # same day, one entry names an event type and the other does not
UNTYPED_SIMILARITY = 0.6  # same day, neither entry names an event type
NEXT_DAY_SIMILARITY = 0.5  # next day, same type, no sign of a late entry
MAX_TIME_APART_MINUTES = 120


@dataclass(frozen=True, slots=True)
class _Text:
    """What the words of one event description say."""

    words: tuple[str, ...]
    types: tuple[str, ...]  # event types named, in order; the first is taken as the event's own
    news: bool  # reports news of an event rather than the event
    together: bool  # says it was done jointly with another agency
    late: bool  # says it was written up after the day
    dates: frozenset[tuple[int, int]]  # (day, month) of dates mentioned in the text
    kind: str | None = None  # the first event type named, taken as the event's own
    absent: bool = False  # says the agency did not take part
    mentions: frozenset[str] = frozenset()  # agency roles the text names
    senders: frozenset[str] = frozenset()  # roles named just after "from" ("letter from CSC")
    sent: bool = False  # records sending a message (to the roles named)
    received: bool = False  # records receiving a message (from the roles named)
    sending: bool = False  # names the act of sending (sent, emailed, shared)
    media: frozenset[str] = frozenset()  # call, writing
    held: bool = False  # says a meeting was held or heard
    clock: tuple[int, ...] = ()  # minutes past midnight of times written in the text
    messages: frozenset[str] = frozenset()  # what messages it names (referral, letter ...)
    meeting_first: bool = (
        False  # names a meeting before any word of receiving ("ICPC - reports from")
    )
    transfer_out: bool = False  # passes a person to another agency ("discharged to X")
    transfer_in: bool = False  # receives a person from another agency ("arrived from Y")
    present: bool = False  # says someone was there ("on scene", "in dept", "arrived")


@dataclass(slots=True)
class _Features:
    """What same-event detection needs to know about one entry."""

    agency: str
    day: int
    minute: int | None
    text: _Text
    vector: dict[str, float]  # unit TF-IDF vector of the words
    probe: tuple[str, ...]  # keys it looks for partners by: its event type, distinctive words
    keys: tuple[str, ...]  # keys the entry is indexed by: its event type and all its words
    role: str | None = None  # the agency's role (police, csc, gp ...), from its name
    mentions: frozenset[str] = frozenset()  # other agencies' roles its text names
    senders: frozenset[str] = frozenset()  # roles a message it records came from
    kind: str | None = None  # its event type: the text's, or the meeting a meeting agency holds


def assign_same_events(entries: Sequence[Entry]) -> list[list[Entry]]:
    """Label entries of different agencies that record the same event; return the groups.

    Labels (E1, E2, ...) are numbered in the order of the entries given, so a sorted chronology
    gets them in date order. Existing labels are replaced, so calling this twice is harmless.
    """
    for entry in entries:
        entry.same_event = ""
    features = _features(entries)
    groups = _group(_scored_pairs(features), features)
    ordered = sorted(groups, key=min)
    for number, members in enumerate(ordered, start=1):
        for index in members:
            entries[index].same_event = f"E{number}"
    return [[entries[index] for index in sorted(members)] for members in ordered]


def _features(entries: Sequence[Entry]) -> list[_Features]:
    # Agencies repeat descriptions ("Did not attend"), so each distinct text is analysed once.
    texts: dict[str, _Text] = {}
    for entry in entries:
        if entry.event not in texts:
            texts[entry.event] = _analyse(entry.event)
    document_frequency: dict[str, int] = defaultdict(int)
    for entry in entries:
        for word in texts[entry.event].words:
            document_frequency[word] += 1
    idf = _idf(document_frequency, len(entries))
    profiles = {
        event: (text, *_vector(text, idf, document_frequency)) for event, text in texts.items()
    }
    agencies = {agency: _agency_key(agency) for agency in {entry.agency for entry in entries}}
    roles = {agency: _role(agency) for agency in agencies}
    own_names = _own_names(roles)
    for agency, (own_role, _) in own_names.items():
        roles[agency] = own_role
    name_pattern = _names_pattern(own_names)
    named_in: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    features = []
    for entry in entries:
        text, vector, probe, keys = profiles[entry.event]
        role = roles[entry.agency]
        kind = text.kind
        if kind is None and role in _MEETING_AGENCIES and text.held:
            kind = _MEETING_AGENCIES[role]
            probe, keys = (_TYPE_KEY + kind, *probe), (_TYPE_KEY + kind, *keys)
        own = set(_NAMED_BY.get(role, (role,))) if role in _HOSPITAL else {role}
        by_name: frozenset[str] = frozenset()
        from_name: frozenset[str] = frozenset()
        if name_pattern is not None:
            if entry.event not in named_in:
                named_in[entry.event] = _named_agencies(entry.event, name_pattern, own_names)
            by_name, from_name = named_in[entry.event]
        mentions = (text.mentions | by_name) - own
        senders = ((text.senders | from_name) - own) or mentions
        if role is not None:
            probe = (*probe, *(_ROLE_KEY + name for name in _NAMED_BY.get(role, (role,))))
            if text.received and not mentions and text.messages:
                unnamed = tuple(_UNNAMED_KEY + name for name in _NAMED_BY.get(role, (role,)))
                probe, keys = (*probe, *unnamed), (*keys, *unnamed)
            if text.sent and text.messages:
                targets = tuple(_UNNAMED_KEY + name for name in sorted(mentions))
                probe, keys = (*probe, *targets), (*keys, *targets)
            # Only messages named as such ("PPN submitted") are looked up by their sender alone.
            if text.sent and not mentions and text.messages:
                keys = (*keys, _UNADDRESSED_KEY + role)
            if text.received and senders and text.messages:
                named = sorted({role for name in senders for role in _NAMES.get(name, (name,))})
                probe = (*probe, *(_UNADDRESSED_KEY + name for name in named))
            keys = (*keys, *(_ROLE_KEY + other for other in sorted(mentions)))
            # The entries of an agency this one names are looked up too ("crew on scene" at the
            # time of the ambulance's own "On scene"), so a pair named from one side is found
            # whichever entry probes.
            keys = (*keys, *(_SELF_KEY + name for name in _NAMED_BY.get(role, (role,))))
            probe = (*probe, *(_SELF_KEY + other for other in sorted(mentions)))
        features.append(
            _Features(
                agencies[entry.agency],
                entry.date.toordinal(),
                entry.time.hour * 60 + entry.time.minute if entry.time else None,
                text,
                vector,
                probe,
                keys,
                role,
                mentions,
                senders,
                kind,
            )
        )
    return features


#: Words that are never an agency's own name: places, the Island's umbrella bodies, generic words.
_NOT_A_NAME_TEXT = (
    "isle of man manx care government department council board the and for multi-agency multi "
    "agency joint integrated specialist independent central community local adult adults children "
    "children's childrens family families youth young people people's older general early public "
    "safeguarding domestic women's victim support health social services service team unit group "
    "douglas ramsey peel castletown port erin st mary onchan laxey ballasalla foxdale kirk michael "
    "jurby andreas ballaugh santon braddan marown sulby johns union mills crosby colby ballabeg "
    "arbory rushen lonan maughold bride lezayre german patrick malew"
)
_NOT_A_NAME = frozenset(_NOT_A_NAME_TEXT.split())


def _own_names(roles: dict[str, str | None]) -> dict[str, tuple[str, str]]:
    """Agencies known by a name of their own ("Ballacooil" of "Ballacooil Care Home").

    The name is the words of the agency column before its role or a generic word, when they are
    not a place, an umbrella body or a role already recognised, and no other agency has them.
    Returns agency -> (role, name); an agency of unknown role gets a role of its own.
    """
    found: dict[str, tuple[str, str]] = {}
    for agency, role in roles.items():
        starts = [m.start() for _, pattern in _ROLE_NAME if (m := pattern.search(agency))]
        generic = re.search(
            r"\b(?:services?|team|unit|centre|group|practice|surgery|hospital"
            r"|high|primary|junior|infants?|secondary|ltd|limited)\b",
            agency,
            re.I,
        )
        if generic:
            starts.append(generic.start())
        name = agency[: min(starts, default=len(agency))].strip(" ,-()&")
        words = name.lower().split()
        if len(name) < 4 or not name[0].isupper() or any(word in _NOT_A_NAME for word in words):
            continue
        if any(pattern.search(name) for _, pattern in _ROLE_MENTION):
            continue
        found[agency] = (role or "=" + _agency_key(agency), name)
    counts: dict[str, int] = defaultdict(int)
    for _, name in found.values():
        counts[name.lower()] += 1
    return {agency: value for agency, value in found.items() if counts[value[1].lower()] == 1}


def _names_pattern(own_names: dict[str, tuple[str, str]]) -> re.Pattern[str] | None:
    if not own_names:
        return None
    names = sorted({name for _, name in own_names.values()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b", re.I)


def _named_agencies(
    text: str, pattern: re.Pattern[str], own_names: dict[str, tuple[str, str]]
) -> tuple[frozenset[str], frozenset[str]]:
    """Roles of agencies a text names by their own name, and those named just after "from"."""
    role_of = {name.lower(): role for role, name in own_names.values()}
    named, senders = set(), set()
    for found in pattern.finditer(text):
        role = role_of[found.group(0).lower()]
        named.add(role)
        if _FROM.search(text, max(0, found.start() - 40), found.start()):
            senders.add(role)
    return frozenset(named), frozenset(senders)


def _role(agency: str) -> str | None:
    """The agency's role (police, csc, hospital ...) from its name, or None when unknown."""
    for role, pattern in _ROLE_NAME:
        if pattern.search(agency):
            return role
    return None


def _analyse(text: str) -> _Text:
    types: list[str] = []
    first_type_at = [len(text)]

    def take_type(match: re.Match[str]) -> str:
        types.append(_EVENT_TYPES[int(str(match.lastgroup)[1:])][0])
        first_type_at[0] = min(first_type_at[0], match.start())
        return " "

    words = _WORD.findall(_EVENT_TYPE_PATTERN.sub(take_type, text).lower())
    sent = _SENT.search(text) is not None
    receipt = _RECEIVED.search(text)
    kind = types[0] if types else None
    stems = {_stem(word) for word in words if word not in _STOPWORDS}
    return _Text(
        words=tuple(sorted(stems)),
        types=tuple(dict.fromkeys(types)),
        kind=types[0] if types else None,
        news=bool(_NEWS_BEFORE.search(text, 0, first_type_at[0]) or _NEWS_ANYWHERE.search(text)),
        together=_TOGETHER.search(text) is not None,
        late=_LATE.search(text) is not None,
        dates=frozenset((int(day), int(month)) for day, month in _MENTIONED_DATE.findall(text)),
        absent=_ABSENT.search(text) is not None,
        mentions=frozenset(role for role, pattern in _ROLE_MENTION if pattern.search(text)),
        senders=frozenset(
            role
            for found in _FROM.finditer(text)
            for role, pattern in _ROLE_MENTION
            if pattern.search(text, found.end(), found.end() + 40)
        ),
        sent=sent,
        meeting_first=kind is not None
        and _family(kind) in _MEETINGS
        and (receipt is None or first_type_at[0] < receipt.start()),
        received=receipt is not None or (not sent and _MESSAGE_NOUN.search(text) is not None),
        sending=_SENDING.search(text) is not None,
        media=frozenset(medium for medium, pattern in _MEDIA if pattern.search(text)),
        held=_HELD.search(text) is not None,
        messages=frozenset(kind for kind, pattern in _MESSAGE_KINDS if pattern.search(text)),
        clock=tuple(
            int(hour) * 60 + int(minute or minute_hrs)
            for hour, minute, minute_hrs in _TEXT_TIME.findall(text)
        ),
        transfer_out=_TRANSFER_OUT.search(text) is not None,
        transfer_in=_TRANSFER_IN.search(text) is not None,
        present=_PRESENT.search(text) is not None,
    )


_STEMS: dict[str, str] = {}


def _stem(word: str) -> str:
    """A crude suffix stripper: enough to make attended/attendance/attends one token."""
    stem = _STEMS.get(word)
    if stem is None:
        stem = word.strip("'")
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
                stem = stem[: -len(suffix)]
                break
        _STEMS[word] = stem
    return stem


def _idf(document_frequency: dict[str, int], total: int) -> dict[str, float]:
    # Smoothed IDF, so that a word in every entry still counts a little.
    return {
        word: math.log((1 + total) / (1 + count)) + 1 for word, count in document_frequency.items()
    }


def _vector(
    text: _Text, idf: dict[str, float], document_frequency: dict[str, int]
) -> tuple[dict[str, float], tuple[str, ...], tuple[str, ...]]:
    """The unit TF-IDF vector of a text's words, its probe keys and all its keys.

    An entry looks for partners in an index of all keys by its probe keys only: its own event
    type and its distinctive words. The commonest words are left out of the probe while their
    part of the vector has a norm below the lowest similarity that pairs without a shared event
    type need. A text that shares none of the probe keys cannot reach that similarity with it
    (Cauchy-Schwarz), so no pair that could pass the rules is missed.
    """
    weights = {word: idf[word] for word in text.words}
    norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
    vector = {word: weight / norm for word, weight in weights.items()}
    commonest_first = sorted(text.words, key=lambda word: (-document_frequency[word], word))
    lowest = min(MIXED_SIMILARITY, UNTYPED_SIMILARITY)
    left_out, skip = 0.0, 0
    while skip < len(commonest_first):
        square = vector[commonest_first[skip]] ** 2
        if math.sqrt(left_out + square) >= lowest:
            break
        left_out += square
        skip += 1
    type_key = (_TYPE_KEY + _family(text.kind),) if text.kind else ()
    return vector, type_key + tuple(commonest_first[skip:]), type_key + text.words


def _family(kind: str) -> str:
    return kind.split(".", 1)[0]


def _scored_pairs(features: list[_Features]) -> list[tuple[float, int, int]]:
    """Candidate pairs that pass the rules, within a day or a day apart, strongest first."""
    by_day: dict[int, list[int]] = defaultdict(list)
    for number, feature in enumerate(features):
        # News is compared too: news is never the event, but it can be a message received.
        by_day[feature.day].append(number)
    # Each day's index is built once and kept only while it and the day before are compared.
    indexes: dict[int, dict[str, list[int]]] = {}
    pairs: list[tuple[float, int, int]] = []
    for day in sorted(by_day):
        today = indexes.pop(day, None) or _index(by_day[day], features)
        tomorrow = None
        if day + 1 in by_day:
            tomorrow = indexes[day + 1] = _index(by_day[day + 1], features)
        for number in by_day[day]:
            pairs.extend(_pairs_for(number, features, today, same_day=True))
            if tomorrow is not None:
                pairs.extend(_pairs_for(number, features, tomorrow, same_day=False))
    pairs.extend(_late_messages(features))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    return pairs


def _late_messages(features: list[_Features]) -> Iterator[tuple[float, int, int]]:
    """Messages read two to `_MESSAGE_DAYS` days after they were sent (nearer ones come above)."""
    sent: dict[tuple[str, int], list[int]] = defaultdict(list)
    for number, feature in enumerate(features):
        if feature.text.sent and feature.role is not None:
            sent[feature.role, feature.day].append(number)
            for mention in feature.mentions:
                for role in _NAMES.get(mention, (mention,)):
                    sent[_UNNAMED_KEY + role, feature.day].append(number)
    for number, receiver in enumerate(features):
        if not receiver.text.received or receiver.role is None:
            continue
        # A receipt naming the date the message was sent may come up to `_DATED_MESSAGE_DAYS` on.
        gaps = [
            gap
            for gap in range(2, _DATED_MESSAGE_DAYS + 1)
            if gap <= (2 if not receiver.mentions else _MESSAGE_DAYS)
            or _dated(receiver, receiver.day - gap)
        ]
        if not receiver.mentions:
            # Sender not named: look for a message to this agency two days before.
            for gap in gaps:
                for other in sent.get((_UNNAMED_KEY + receiver.role, receiver.day - gap), ()):
                    strength = _message_strength(features[other], receiver)
                    if strength is not None:
                        yield strength, min(number, other), max(number, other)
            continue
        roles = {name for sender in receiver.senders for name in _NAMED_BY.get(sender, (sender,))}
        for sender_role in sorted(roles):
            for gap in gaps:
                for other in sent.get((sender_role, receiver.day - gap), ()):
                    strength = _message_strength(features[other], receiver)
                    if strength is not None:
                        yield strength, min(number, other), max(number, other)


def _index(numbers: list[int], features: list[_Features]) -> dict[str, list[int]]:
    """Which of one day's entries hold each key (event type or word)."""
    index: dict[str, list[int]] = defaultdict(list)
    for number in numbers:
        for key in features[number].keys:
            index[key].append(number)
    return index


def _pairs_for(
    number: int, features: list[_Features], postings: dict[str, list[int]], *, same_day: bool
) -> Iterator[tuple[float, int, int]]:
    """Score the partners one day's entries offer one entry, through its probe keys."""
    mine = features[number]
    seen: set[int] = set()
    for key in mine.probe:
        for other in postings.get(key, ()):
            # A same-day pair is offered to both entries; only the first one scores it.
            if other in seen or (same_day and other <= number):
                continue
            seen.add(other)
            theirs = features[other]
            if theirs.agency != mine.agency:
                strength = _strength(mine, theirs)
                if strength is not None:
                    yield strength, min(number, other), max(number, other)


def _strength(mine: _Features, theirs: _Features) -> float | None:
    """How strongly two entries look like one event, or None when they do not qualify.

    A message sent and received, or two agencies naming each other within minutes, rank first;
    then same-type pairs above word-only pairs, same-day above next-day, close times above far,
    so that the best partner is taken first when an agency has two candidates.
    """
    if mine.agency == theirs.agency:
        return None
    contact = _contact_strength(mine, theirs)
    if contact is not None:
        return contact
    if not _compatible_by_type(mine, theirs):
        return None
    needed = _needed_similarity(mine, theirs)
    if needed is None:
        return None
    similarity = _cosine(mine.vector, theirs.vector)
    if not (mine.vector or theirs.vector) and mine.kind and theirs.kind:
        # "MARAC" and "Marac": nothing but the name of the event, and the same name.
        similarity = 1.0
    if similarity < needed:
        return None
    strength = similarity + (1.0 if mine.kind and theirs.kind else 0.0)
    if mine.day != theirs.day:
        return strength - 0.5
    if mine.minute is not None and theirs.minute is not None:
        strength += 0.25 * (1 - abs(mine.minute - theirs.minute) / MAX_TIME_APART_MINUTES)
    return strength


def _contact_strength(mine: _Features, theirs: _Features) -> float | None:
    """Strength of a message one agency sent and the other received, or of a contact both name."""
    best = None
    for sender, receiver in ((mine, theirs), (theirs, mine)):
        strength = _message_strength(sender, receiver)
        if strength is not None and (best is None or strength > best):
            best = strength
    for strength in (
        _mutual_strength(mine, theirs),
        _one_sided_strength(mine, theirs),
        _one_sided_strength(theirs, mine),
        _transfer_strength(mine, theirs),
        _transfer_strength(theirs, mine),
        _unnamed_call_strength(mine, theirs),
        _unnamed_call_strength(theirs, mine),
    ):
        if strength is not None and (best is None or strength > best):
            best = strength
    return best


def _note_minutes_apart(mine: _Features, theirs: _Features) -> int | None:
    """Minutes between the note times of two entries on one day or either side of midnight."""
    if mine.minute is None or theirs.minute is None:
        return None
    if mine.day == theirs.day:
        return abs(mine.minute - theirs.minute)
    if abs(mine.day - theirs.day) == 1 and _close_across_midnight(mine, theirs):
        earlier, later = (mine, theirs) if mine.day < theirs.day else (theirs, mine)
        assert earlier.minute is not None and later.minute is not None
        return later.minute + 24 * 60 - earlier.minute
    return None


def _plain(feature: _Features) -> bool:
    """An entry that records being somewhere, not a message, news or an absence."""
    text = feature.text
    return not (
        text.sent or text.received or text.news or text.absent or text.messages or text.together
    )


def _one_sided_strength(namer: _Features, named: _Features) -> float | None:
    """One agency's note says the other was there, and the other's note minutes apart names nobody.

    "Paramedics arrived" (care home, 16:40) and "On scene" (ambulance, 16:38); "DI in dept"
    (ED) and the police's own note. Neither may be a message, news or an absence, and the
    named agency's note must name no agency at all, so a call about something else stays apart.
    """
    if namer.role is None or named.role is None or namer.role == named.role:
        return None
    if not namer.text.present:
        return None
    if named.mentions or not _names(namer.mentions, named.role):
        return None
    if not (_plain(namer) and _plain(named)):
        return None
    if namer.kind and named.kind and not _same_kind(namer.kind, named.kind):
        return None
    apart = _note_minutes_apart(namer, named)
    if apart is None or apart > _ONE_SIDED_MINUTES:
        return None
    return 2.5 + 0.5 * (1 - apart / _ONE_SIDED_MINUTES) + 0.3 * _cosine(namer.vector, named.vector)


def _transfer_strength(sender: _Features, receiver: _Features) -> float | None:
    """A person passed from one agency to the other: "Discharged to X" and "Returned from Ward 8".

    Each note names the other agency; the arrival comes after the departure (the receiver's clock
    may run a little behind) and within `_TRANSFER_MINUTES`, on the same day or across midnight.
    """
    if sender.role is None or receiver.role is None or sender.role == receiver.role:
        return None
    if not (sender.text.transfer_out and receiver.text.transfer_in):
        return None
    if not (_names(sender.mentions, receiver.role) and _names(receiver.mentions, sender.role)):
        return None
    if sender.text.news or receiver.text.news or sender.text.absent or receiver.text.absent:
        return None
    if sender.minute is None or receiver.minute is None:
        return None
    later = receiver.minute + (24 * 60 if receiver.day == sender.day + 1 else 0)
    if receiver.day not in (sender.day, sender.day + 1):
        return None
    if not -_CLOCK_SLACK_MINUTES <= later - sender.minute <= _TRANSFER_MINUTES:
        return None
    return 2.8 - 0.3 * max(0, later - sender.minute) / _TRANSFER_MINUTES


def _unnamed_call_strength(caller: _Features, callee: _Features) -> float | None:
    """A call to an agency and that agency's note, minutes apart, of a caller it does not name.

    "Discussed with SW by phone" (paediatrics, 12:30) and "Dr Lewin rang - ..." (social care,
    12:30): a doctor's name is not a role, but a call at the same time from the one agency that
    says it phoned is that call.
    """
    if caller.role is None or callee.role is None or caller.role == callee.role:
        return None
    if not (caller.text.sent and "call" in caller.text.media):
        return None
    if not (callee.text.received and "call" in callee.text.media) or callee.mentions:
        return None
    if not _names(caller.mentions, callee.role) or caller.text.news or callee.text.news:
        return None
    apart = _note_minutes_apart(caller, callee)
    if apart is None or apart > _CALL_MINUTES:
        return None
    return 2.6 + 0.3 * (1 - apart / _CALL_MINUTES)


def _message_strength(sender: _Features, receiver: _Features) -> float | None:
    """A message sent by one agency to the other and recorded as received, up to days later.

    "PPN shared with MASH" (police, 12/06) and "PPN received" (MASH, 14/06); "Letter to GP" and
    "Letter from HV". Each must name the other agency; the receiver's note cannot come first.
    Nearer days, the same medium (call, writing) and the sending date named rank higher.
    """
    if not (sender.text.sent and receiver.text.received) or sender.agency == receiver.agency:
        return None
    if sender.role is None or receiver.role is None:
        return None
    if receiver.text.meeting_first and not receiver.text.news:
        return None  # the meeting's own note ("ICPC - reports from GP, HV"), not a message read
    if sender.text.media == _CALL_ONLY and receiver.text.media == _WRITING_ONLY:
        return None  # a phone call is not the letter read later (a letter may mention calls)
    named = _names(receiver.senders, sender.role)
    same_kind = bool(sender.text.messages & receiver.text.messages)
    if not _names(sender.mentions, receiver.role):
        # "PPN submitted" names no receiver: the receipt names the sender, and the same kind of
        # message (or the same facts) is read within two days.
        if sender.mentions or not named:
            return None
        if not same_kind and _cosine(sender.vector, receiver.vector) < _UNADDRESSED_SIMILARITY:
            return None
        limit = _UNNAMED_MESSAGE_DAYS
    elif not named and (receiver.mentions or not same_kind):
        # "Referral received" names no sender: the same kind of message, and no other agency.
        return None
    else:
        limit = _MESSAGE_DAYS if named else _UNNAMED_MESSAGE_DAYS
    gap = receiver.day - sender.day
    if gap > limit and _dated(receiver, sender.day):
        limit = _DATED_MESSAGE_DAYS  # "Paeds DNA letter (22/01) - noted" a week later
    if not 0 <= gap <= limit:
        return None
    if (
        gap == 0
        and sender.minute is not None
        and receiver.minute is not None
        and receiver.minute < sender.minute - _CLOCK_SLACK_MINUTES
    ):
        return None
    strength = 3.0 - 0.1 * gap + 0.2 * _cosine(sender.vector, receiver.vector)
    if not named:
        strength -= 0.5
    if not sender.mentions:
        strength -= 0.5
    if sender.text.media & receiver.text.media:
        strength += 0.3
    if sender.text.sending:
        strength += 0.3
    if _dated(receiver, sender.day):
        strength += 0.3
    if gap == 0 and sender.minute is not None and receiver.minute is not None:
        strength += 0.25 * max(0.0, 1 - (receiver.minute - sender.minute) / (24 * 60))
    return strength


def _dated(feature: _Features, day: int) -> bool:
    """The entry's text names this day's date ("PPN rec'd (14/11)")."""
    date = dt.date.fromordinal(day)
    return (date.day, date.month) in feature.text.dates


def _mutual_strength(mine: _Features, theirs: _Features) -> float | None:
    """Two agencies naming each other within minutes record one contact between them.

    "Arrived by police car" (ED, 00:12) and "conveyed to Noble's ED by officers" (police, 00:05);
    "Attended flat with police" (SW) and "Attended with SW" (police).
    """
    if mine.role is None or theirs.role is None or mine.role == theirs.role:
        return None
    if not _names(mine.mentions, theirs.role) or not _names(theirs.mentions, mine.role):
        return None
    families = {_family(mine.kind or ""), _family(theirs.kind or "")}
    if mine.kind and theirs.kind and len(families) > 1 and families & (_MEETINGS | {"visit", "ed"}):
        return None  # a call and the strategy discussion it led to are two events
    if mine.text.absent or theirs.text.absent:
        return None
    if _from_a_third(mine, theirs) or _from_a_third(theirs, mine):
        return None
    similarity = _cosine(mine.vector, theirs.vector)
    if mine.minute is None or theirs.minute is None:
        # A date-only note: the same day, and the same facts in the words.
        if mine.day != theirs.day or similarity < _UNTIMED_CONTACT_SIMILARITY:
            return None
        return 2.5 + 0.5 * similarity
    if mine.day == theirs.day:
        apart = _minutes_apart(mine, theirs)
        note_apart = abs(mine.minute - theirs.minute)
    elif abs(mine.day - theirs.day) == 1:
        earlier, later = (
            (mine.minute, theirs.minute) if mine.day < theirs.day else (theirs.minute, mine.minute)
        )
        apart = note_apart = later + 24 * 60 - earlier
    else:
        return None
    if apart > _MENTION_MINUTES and not (
        apart <= 2 * _MENTION_MINUTES and similarity >= _LATER_CONTACT_SIMILARITY
    ):
        return None
    # A time written in the text allows the pair but ranks it by the note times: "pronounced
    # 08:46" in a note written at 07:41 is weaker evidence than two notes written minutes apart.
    # Pairs more than `_MENTION_MINUTES` apart by their notes rank below a one-sided naming.
    base = 3.0 if note_apart <= _MENTION_MINUTES else 2.5
    return base + 0.25 * max(0.0, 1 - note_apart / _MENTION_MINUTES) + 0.5 * similarity


def _from_a_third(mine: _Features, theirs: _Features) -> bool:
    """The note records a call or letter from a third agency, naming the other only in passing.

    "Call from ambulance control - ambulance already left for Noble's" is the ambulance
    service's call to the police, not a contact between the police and the hospital.
    """
    if not (mine.text.received and mine.text.media and mine.text.senders):
        return False
    return not _names(mine.text.senders, theirs.role)


def _needed_similarity(mine: _Features, theirs: _Features) -> float | None:
    """The word similarity a compatible pair needs; None when no similarity is enough."""
    if mine.day != theirs.day and not _close_across_midnight(mine, theirs):
        if not (mine.kind and theirs.kind):
            return None
        earlier, later = (mine, theirs) if mine.day < theirs.day else (theirs, mine)
        if not _written_up_late(later, earlier):
            return NEXT_DAY_SIMILARITY
    if mine.kind and theirs.kind:
        family = _family(mine.kind)
        if family in _MEETINGS | _FAMILY_EVENTS:
            return 0.0
        if family == "visit" and mine.text.together != theirs.text.together:
            # One says the visit was joint and the other does not: most likely two visits.
            return MIXED_SIMILARITY
        if family == "visit" and mine.text.together:
            return 0.0
        return SEPARABLE_TYPE_SIMILARITY
    if mine.kind or theirs.kind:
        return MIXED_SIMILARITY
    return UNTYPED_SIMILARITY


def _close_across_midnight(mine: _Features, theirs: _Features) -> bool:
    """Times either side of midnight (23:30 and 00:20 the next day) can be one event."""
    if mine.minute is None or theirs.minute is None:
        return False
    earlier, later = (
        (mine.minute, theirs.minute) if mine.day < theirs.day else (theirs.minute, mine.minute)
    )
    return later + 24 * 60 - earlier <= MAX_TIME_APART_MINUTES


def _written_up_late(later: _Features, earlier: _Features) -> bool:
    """The later entry says it is a late entry, or names the earlier entry's date."""
    if later.text.late:
        return True
    day = dt.date.fromordinal(earlier.day)
    return (day.day, day.month) in later.text.dates


def _cosine(left: dict[str, float], right: dict[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(weight * right.get(word, 0.0) for word, weight in left.items())


def _compatible(mine: _Features, theirs: _Features) -> bool:
    """The rules that hold for every pair in a group, whatever the words say."""
    if mine.agency == theirs.agency:
        return False
    if _contact_strength(mine, theirs) is not None or _same_message(mine, theirs):
        return True
    return _compatible_by_type(mine, theirs)


def _same_message(mine: _Features, theirs: _Features) -> bool:
    """Two agencies recording a message received from one sender ("Letters sent to GP and HV")."""
    if not (mine.text.received and theirs.text.received):
        return False
    if mine.role is None or theirs.role is None:
        return False
    if abs(mine.day - theirs.day) > _MESSAGE_DAYS:
        return False
    if not (mine.senders or theirs.senders):
        # "Birth notification rec'd" in two agencies: one message, if each was sent it.
        return bool(mine.text.messages & theirs.text.messages) and (
            abs(mine.day - theirs.day) <= _UNNAMED_MESSAGE_DAYS
        )
    return any(_names(theirs.senders, sender) for sender in mine.senders) or any(
        _names(mine.senders, sender) for sender in theirs.senders
    )


def _names(mentions: frozenset[str], role: str | None) -> bool:
    """The roles a text names include this agency's role (the hospital names its departments)."""
    if role is None:
        return False
    return any(name in mentions for name in _NAMED_BY.get(role, (role,)))


def _compatible_by_type(mine: _Features, theirs: _Features) -> bool:
    """Days, times, news and event types allow the pair (without a message or contact)."""
    if mine.agency == theirs.agency or abs(mine.day - theirs.day) > 1:
        return False
    if mine.text.news or theirs.text.news or _too_far_apart(mine, theirs):
        return False
    if mine.text.absent or theirs.text.absent:
        return False
    if mine.kind and theirs.kind:
        return _same_kind(mine.kind, theirs.kind)
    return True


def _too_far_apart(mine: _Features, theirs: _Features) -> bool:
    """Entries on the same day with times more than two hours apart are different events.

    Times are not compared across days: a late-recorded entry carries the time it was written.
    """
    if mine.day != theirs.day or mine.minute is None or theirs.minute is None:
        return False
    return _minutes_apart(mine, theirs) > MAX_TIME_APART_MINUTES


def _minutes_apart(mine: _Features, theirs: _Features) -> int:
    """Minutes between two same-day entries, counting times written in their texts as well."""
    assert mine.minute is not None and theirs.minute is not None
    return min(
        abs(left - right)
        for left in (mine.minute, *mine.text.clock)
        for right in (theirs.minute, *theirs.text.clock)
    )


def _same_kind(left: str, right: str) -> bool:
    """Event types match when equal or when one is a kind of the other (cpconf.initial, cpconf)."""
    return left == right or left.startswith(right + ".") or right.startswith(left + ".")


def _group(pairs: list[tuple[float, int, int]], features: list[_Features]) -> list[set[int]]:
    """Join the strongest pairs first, never putting two entries of one agency in a group.

    Every pair across two groups must also pass the rules (agencies, times, dates, types), so
    that a chain of good pairs cannot join two events that are each like a third.
    """
    group_of: dict[int, set[int]] = {}
    for _, left, right in pairs:
        left_group = group_of.get(left, {left})
        right_group = group_of.get(right, {right})
        if left_group is right_group:
            continue
        if not all(_compatible(features[a], features[b]) for a in left_group for b in right_group):
            continue
        merged = left_group | right_group
        for index in merged:
            group_of[index] = merged
    unique = {id(group): group for group in group_of.values()}
    return list(unique.values())


def _agency_key(agency: str) -> str:
    return " ".join(agency.casefold().split())


# --- Writing ------------------------------------------------------------------------------------

#: A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet by quoting a leading formula character."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_merged_csv(
    entries: Iterable[Entry], path: str | os.PathLike[str], *, excel_bom: bool = False
) -> None:
    """Write the merged chronology as CSV, all at once or not at all.

    The rows go to a temporary file beside the target, which then replaces it, so a failure
    part-way never leaves a truncated chronology behind. ``excel_bom`` adds a UTF-8 byte order
    mark, which Excel needs to show accented names correctly.
    """
    target = Path(path)
    encoding = "utf-8-sig" if excel_bom else "utf-8"
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed or removed below
        "w",
        encoding=encoding,
        newline="",
        dir=target.parent,
        prefix=f".{target.name}.",
        delete=False,
    )
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(OUTPUT_COLUMNS)
            writer.writerows(_output_row(entry) for entry in entries)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _output_row(entry: Entry) -> tuple[str, ...]:
    return (
        entry.date.isoformat(),
        entry.time.strftime("%H:%M") if entry.time else "",
        neutralise(entry.agency),
        neutralise(entry.source),
        neutralise(entry.event),
        neutralise(entry.practitioner),
        neutralise(entry.same_event),
        neutralise(entry.source_file),
        str(entry.source_row),
    )


# --- Gaps ---------------------------------------------------------------------------------------


def find_gaps(
    entries: Iterable[Entry],
    days: int,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Gap]:
    """Periods of more than ``days`` days on which no agency recorded any contact.

    ``start`` and ``end`` are the review period: give them to also count the days before the
    first contact and after the last one. Without them only gaps between contacts are listed.
    """
    one_day = dt.timedelta(days=1)
    dates = sorted(
        {
            entry.date
            for entry in entries
            if (start is None or entry.date >= start) and (end is None or entry.date <= end)
        }
    )
    # The day before the period acts as a contact that is not reported as one.
    edges: list[dt.date | None] = [None, *dates] if start is not None else [*dates]
    if end is not None:
        edges.append(None)
    gaps = []
    for before, after in itertools.pairwise(edges):
        first = before + one_day if before else start
        last = after - one_day if after else end
        if first is not None and last is not None and first <= last:
            gaps.append(Gap(first, last, before, after))
    return [gap for gap in gaps if gap.days > days]
