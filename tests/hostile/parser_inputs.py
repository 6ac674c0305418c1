"""Hypothesis strategies for hostile files: random bytes, valid files mutated byte by byte, text in
odd encodings and with byte order marks, NUL characters, huge and non-finite numbers, impossible
and far-off dates, very long and formula-looking cells, zip files with broken or odd members and
deeply nested XML. Shared by the tests/hostile modules; plain helpers, no fixtures."""

import csv
import datetime as dt
import io
import struct
import zipfile
from typing import Any

from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

# Cells people (and attackers) really put in spreadsheets.
NASTY_CELLS = [
    "",
    " ",
    '=HYPERLINK("http://evil.example","click")',
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1:A9)",
    "\t=cmd|' /C calc'!A0",
    "31/02/2021",
    "29/02/2023",
    "00/00/0000",
    "01/01/9999",
    "9999-12-31",
    "31/12/9999 23:59",
    "0001-01-01",
    "2021-13-01",
    "25:61",
    "1e308",
    "-1e308",
    "1e400",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1" * 400,
    "99999999999999999999",
    "2958465",
    "2958466",
    "0",
    "-0",
    "0.0000001",
    "1,000,000,000,000",
    "12%",
    "2025-01",
    "2025-Q5",
    "IMC",
    "CP-01",
    "a\x00b",
    "\x00",
    "\ufeffdate",
    "\u202eevil",
    "Zoë Ní Chonaill",
    "line one\nline two",
    '"quoted, with comma"',
]

#: Characters openpyxl refuses to write (XML 1.0 forbids them) are left out of workbook text.
_XML_SAFE = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"]
    + ["\ufffe", "\uffff"],
)

text_cells = st.one_of(st.sampled_from(NASTY_CELLS), st.text(max_size=30))
long_cells = st.sampled_from([1_000, 40_000, 140_000]).map(lambda n: "x" * n)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=10**20, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 2958465.9999, 2958466.0, 0.5, -0.0]),
)
dates = st.one_of(
    st.dates(),
    st.datetimes(),
    st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.datetime(9999, 12, 31, 23, 59)]),
)
workbook_cells = st.one_of(
    st.none(),
    st.booleans(),
    st.text(alphabet=_XML_SAFE, max_size=30),
    st.sampled_from([c for c in NASTY_CELLS if "\x00" not in c]),
    numbers,
    dates,
    st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-3), max_value=dt.timedelta(days=3)),
)


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])


@st.composite
def hostile_csv(draw: Any, header: list[str], cell: Any = text_cells) -> bytes:
    """A CSV with the given header (sometimes shuffled, cut short or absent) and rows of nasty
    cells, one of them sometimes very long, in an odd encoding, sometimes with a BOM or another
    delimiter."""
    columns = draw(st.one_of(st.just(header), st.permutations(header), st.just(header[:-1])))
    width = len(columns) + draw(st.integers(-1, 2))
    rows = draw(st.lists(st.lists(cell, max_size=max(width, 0)), max_size=6))
    if rows and rows[-1] and draw(st.integers(0, 5)) == 0:
        rows[-1][-1] = draw(long_cells)
    title = draw(st.lists(st.lists(text_cells, max_size=3), max_size=2))  # a title above it
    body = [*title, columns, *rows] if draw(st.booleans()) else [*title, *rows]
    return csv_bytes(body, draw(encodings), draw(st.sampled_from([",", ";", "\t"])))


def workbook_bytes(rows: list[list[Any]], *, mac_epoch: bool = False) -> bytes:
    """An .xlsx of the rows. Whole numbers beyond any float, which openpyxl cannot write, are
    written as a marker and then put into the sheet's XML as they are (Excel never writes them,
    but a hand-made or damaged file can hold them)."""
    book = Workbook()
    if mac_epoch:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    huge: dict[str, str] = {}
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, int) and not isinstance(cell, bool) and abs(cell) > 10**300:
                marker = 987_654_321_000 + len(huge)
                huge[f"<v>{marker}</v>"] = f"<v>{cell}</v>"
                cell = marker
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    if not huge:
        return buffer.getvalue()
    patched = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for marker, value in huge.items():
                    text = text.replace(marker, value)
                data = text.encode()
            target.writestr(item, data)
    return patched.getvalue()


@st.composite
def hostile_workbook(draw: Any, header: list[str]) -> bytes:
    """A real .xlsx with the header and rows of odd cells: huge numbers, NaN, infinity, dates in
    year 1 or 9999, times, booleans; sometimes in the 1904 date system."""
    rows = draw(st.lists(st.lists(workbook_cells, max_size=len(header) + 1), max_size=5))
    columns = draw(st.one_of(st.just(header), st.permutations(header)))
    return workbook_bytes([columns, *rows], mac_epoch=draw(st.booleans()))


@st.composite
def mutated(draw: Any, original: bytes) -> bytes:
    """A valid file with a few bytes changed, cut short, or with bytes put in."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
        if how == "flip":
            data[at] = draw(st.integers(0, 255))
        elif how == "cut":
            del data[at:]
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            data[at : at + 4] = b"\x00\x00\x00\x00"
    return bytes(data)


def nested_xml(depth: int, tag: str = "w:p") -> bytes:
    open_tags = f"<{tag}>" * depth
    close_tags = f"</{tag}>" * depth
    return (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{open_tags}{close_tags}</w:body></w:document>'
    ).encode()


#: Member contents a broken zip might hold.
member_contents = st.one_of(
    st.binary(max_size=64),
    st.sampled_from(
        [
            b"",
            b"<not xml",
            b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;&a;</x>",
            nested_xml(300),
            nested_xml(5_000),
            b"\xff\xfe<\x00x\x00/\x00>\x00",
        ]
    ),
)


@st.composite
def odd_zip(draw: Any, names: list[str]) -> bytes:
    """A zip holding some of `names` (and others) with broken contents, any compression."""
    chosen = draw(
        st.lists(st.sampled_from([*names, "x/../../evil.xml", "é.xml"]), max_size=6, unique=True)
    )
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name in chosen:
            archive.writestr(name, draw(member_contents))
    return buffer.getvalue()


def zip_with_bad_name(members: dict[str, bytes]) -> bytes:
    """A zip whose last member's name claims to be UTF-8 (flag bit 11) but is not: zipfile
    raises UnicodeDecodeError, not BadZipFile, while reading the directory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("notes-é.txt", b"x")
    return buffer.getvalue().replace("notes-é".encode(), b"notes-\xff\xfe")


def zip_with_broken_deflate(members: dict[str, bytes], broken: str) -> bytes:
    """A zip whose member `broken` is deflated and then overwritten with bytes that are not a
    deflate stream (zlib.error on reading it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(broken)
    name_length, extra_length = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_length + extra_length
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(data)


#: Bytes anyone might upload by mistake or on purpose.
hostile_bytes = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(
        [
            b"",
            b"\x00" * 100,
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\xfe\xff",
            b"PK\x03\x04",
            b"PK\x05\x06" + b"\x00" * 18,
            b"%PDF-1.7\n",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            b"\x1f\x8b\x08\x00",
            b'{"a": ' * 50,
        ]
    ),
)
