"""The chronology merger: reading agency files, merging, same events, safe CSV, gaps.

Plain Python, no Django and no database:
    .venv/bin/python -m pytest -p no:django --noconftest manx_learning/reviews/tests/test_chronology.py
"""

import csv
import datetime as dt
import zipfile

import openpyxl
import pytest

from manx_learning.lib import chronology
from manx_learning.lib.chronology import (
    OUTPUT_COLUMNS,
    Entry,
    assign_same_events,
    find_gaps,
    merge,
    neutralise,
    read_chronology,
    write_merged_csv,
)

HEADER = "date,time,agency,source,event,practitioner\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read_one(tmp_path, rows, header=HEADER, name="police.csv"):
    return read_chronology(write(tmp_path, name, header + rows))


def output_rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def entry(event, agency, date="2021-04-03", time=None, row=2):
    return Entry(
        date=dt.date.fromisoformat(date),
        time=dt.time.fromisoformat(time) if time else None,
        agency=agency,
        source="records",
        event=event,
        source_file=f"{agency.lower()}.csv",
        source_row=row,
    )


def grouped(*entries):
    assign_same_events(entries)
    return [e.same_event for e in entries]


# --- Dates and times -----------------------------------------------------------------------------


def test_it_reads_uk_day_first_dates(tmp_path):
    result = read_one(tmp_path, "03/04/2021,,Police,Niche,Visit,\n")
    assert result.errors == []
    assert result.entries[0].date == dt.date(2021, 4, 3)


@pytest.mark.parametrize(
    "text",
    ["03/04/2021", "3/4/2021", "03-04-2021", "03.04.2021", "2021-04-03", "3 Apr 2021",
     "03-Apr-2021", "3 April 2021", "44289", "03/04/2021 00:00", "2021-04-03T00:00:00"],
)  # fmt: skip
def test_it_reads_every_accepted_date_form(tmp_path, text):
    result = read_one(tmp_path, f"{text},,Police,Niche,Visit,\n")
    assert result.errors == []
    assert result.entries[0].date == dt.date(2021, 4, 3)


def test_it_takes_the_time_from_a_date_cell_when_the_time_column_is_blank(tmp_path):
    result = read_one(tmp_path, "03/04/2021 14:30,,Police,Niche,Visit,\n")
    assert result.entries[0].time == dt.time(14, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:30", dt.time(14, 30)), ("14:30:15", dt.time(14, 30, 15)), ("9:05", dt.time(9, 5)),
     ("1430", dt.time(14, 30)), ("1430hrs", dt.time(14, 30)), ("2:30 pm", dt.time(14, 30)),
     ("12am", dt.time(0, 0)), ("0.5", dt.time(12, 0)), ("00:00", dt.time(0, 0)), ("", None)],
)  # fmt: skip
def test_it_reads_times(tmp_path, text, expected):
    result = read_one(tmp_path, f"03/04/2021,{text},Police,Niche,Visit,\n")
    assert result.errors == []
    assert result.entries[0].time == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2021", "police.csv row 2: date '31/02/2021' is not a real date"),
        ("13/13/2021", "police.csv row 2: date '13/13/2021' is not a real date"),
        ("03/04/21", "police.csv row 2: date '03/04/21' needs a four-digit year (dd/mm/yyyy)"),
        ("next week", "police.csv row 2: date 'next week' is not a date in the form dd/mm/yyyy"),
        ("2021", "police.csv row 2: date '2021' is not a date in the form dd/mm/yyyy"),
        ("", "police.csv row 2: date is missing"),
    ],
)
def test_it_reports_a_bad_date_with_file_and_row(tmp_path, text, message):
    result = read_one(tmp_path, f"{text},,Police,Niche,Visit,\n")
    assert result.entries == []
    assert len(result.errors) == 1
    assert result.errors[0].startswith(message)


def test_it_reports_a_bad_time(tmp_path):
    result = read_one(tmp_path, "03/04/2021,25:00,Police,Niche,Visit,\n")
    assert result.errors == ["police.csv row 2: time '25:00' is not a time of day (use HH:MM)"]


def test_a_problem_keeps_its_file_and_row_for_the_user_interface(tmp_path):
    problem = read_one(tmp_path, "31/02/2021,,Police,Niche,Visit,\n").errors[0]
    assert (problem.file, problem.row) == ("police.csv", 2)
    assert problem.message == "date '31/02/2021' is not a real date"


# --- Reading CSV files ---------------------------------------------------------------------------


def test_it_reads_a_file_with_a_bom_crlf_blank_rows_and_loose_header_names(tmp_path):
    text = (
        "\ufeff Date ,TIME, Agency,Source , EVENT ,Practitioner\r\n"
        "\r\n"
        "03/04/2021,10:00,Police,Niche,Strategy discussion,DS Quayle\r\n"
        ",,,,,\r\n"
        "04/04/2021,,Police,Niche,Home visit,\r\n"
    )
    result = read_chronology(write(tmp_path, "police.csv", text))
    assert result.errors == []
    assert [(e.source_row, e.event) for e in result.entries] == [
        (3, "Strategy discussion"),
        (5, "Home visit"),
    ]
    assert result.entries[0].practitioner == "DS Quayle"


def test_it_counts_rows_as_a_spreadsheet_does_when_a_cell_spans_lines(tmp_path):
    text = HEADER + '03/04/2021,,Police,Niche,"Line one\nline two",\n31/02/2021,,Police,Niche,x,\n'
    result = read_chronology(write(tmp_path, "police.csv", text))
    assert result.entries[0].event == "Line one\nline two"
    assert result.errors[0].startswith("police.csv row 3:")


def test_time_and_practitioner_columns_are_optional(tmp_path):
    result = read_one(
        tmp_path, "03/04/2021,Police,Niche,Visit\n", header="date,agency,source,event\n"
    )
    assert result.errors == []
    assert (result.entries[0].time, result.entries[0].practitioner) == (None, "")


def test_it_finds_the_header_below_a_title_row(tmp_path):
    text = (
        "Police chronology: Family K,,,\n,,,\ndate,agency,source,event\n03/04/2021,Police,N,Visit\n"
    )
    result = read_chronology(write(tmp_path, "police.csv", text))
    assert result.errors == []
    assert result.entries[0].source_row == 4


def test_it_reads_semicolon_separated_files(tmp_path):
    text = "date;agency;source;event\n03/04/2021;Police;Niche;Visit, with SW\n"
    result = read_chronology(write(tmp_path, "police.csv", text))
    assert result.entries[0].event == "Visit, with SW"


def test_it_reads_windows_encoded_files(tmp_path):
    path = write(
        tmp_path, "police.csv", HEADER + "03/04/2021,,Police,Niche,Seán’s visit,\n", "cp1252"
    )
    assert read_chronology(path).entries[0].event == "Seán’s visit"


def test_it_reports_a_missing_event(tmp_path):
    result = read_one(tmp_path, "03/04/2021,,Police,Niche,  ,\n")
    assert result.errors == ["police.csv row 2: event is missing"]


def test_it_fills_a_blank_agency_from_the_one_agency_the_file_names(tmp_path):
    result = read_one(tmp_path, "03/04/2021,,Police,Niche,Visit,\n04/04/2021,,,Niche,Call,\n")
    assert result.errors == []
    assert [e.agency for e in result.entries] == ["Police", "Police"]


def test_it_reports_a_missing_agency_when_the_file_names_no_agency(tmp_path):
    result = read_one(tmp_path, "03/04/2021,,,Niche,Visit,\n04/04/2021,,,Niche,Call,\n")
    assert result.entries == []
    assert result.errors == [
        "police.csv row 2: agency is missing",
        "police.csv row 3: agency is missing",
    ]


def test_it_reports_a_missing_agency_when_the_file_names_several(tmp_path):
    rows = "03/04/2021,,Police,N,Visit,\n03/04/2021,,Health,N,Visit,\n04/04/2021,,,N,Call,\n"
    result = read_one(tmp_path, rows)
    assert result.errors == [
        "police.csv row 4: agency is missing and the file names more than one agency"
    ]


def test_it_reports_missing_required_columns(tmp_path):
    result = read_one(tmp_path, "03/04/2021,Police\n", header="date,agency\n")
    assert result.errors == [
        "police.csv: missing required columns source, event (the header row needs date, "
        "agency, source, event; time and practitioner are optional)"
    ]


def test_it_reports_an_empty_file(tmp_path):
    result = read_chronology(write(tmp_path, "police.csv", "\r\n\r\n"))
    assert result.errors == ["police.csv: is empty: no header row and no entries"]


def test_it_reports_a_missing_file(tmp_path):
    result = read_chronology(tmp_path / "nowhere.csv")
    assert result.errors == ["nowhere.csv: file not found"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 4, "is not a CSV or XLSX spreadsheet (it contains binary data)"),
        (b"%PDF-1.7\n%\xe2\xe3", "is a PDF, not a CSV or XLSX spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "is an old-style .xls or password"),
        (b"PK\x03\x04garbage", "is not a CSV or XLSX spreadsheet (damaged zip file)"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_spreadsheet(tmp_path, content, message):
    path = tmp_path / "police.xlsx"
    path.write_bytes(content)
    result = read_chronology(path)
    assert result.entries == []
    assert result.errors[0].startswith(f"police.xlsx: {message}")


def test_it_refuses_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(chronology, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "police.csv", HEADER + "03/04/2021,,Police,Niche,Visit,\n" * 10)
    size = path.stat().st_size
    assert read_chronology(path).errors == [
        f"police.csv: is {size} bytes; files over 100 bytes are refused"
    ]


def test_it_lists_at_most_a_hundred_problems_per_file(tmp_path):
    result = read_one(tmp_path, "31/02/2021,,Police,Niche,Visit,\n" * 150)
    assert len(result.errors) == 101
    assert result.errors[-1] == "police.csv: and 50 more problems"


# --- Reading XLSX workbooks ----------------------------------------------------------------------


def workbook(tmp_path, rows, name="health.xlsx", title_rows=()):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (*title_rows, ["Date", "Time", "Agency", "Source", "Event", "Practitioner"], *rows):
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_it_reads_xlsx_date_and_time_cells(tmp_path):
    path = workbook(
        tmp_path,
        [
            [dt.date(2021, 4, 3), dt.time(10, 15), "Health", "EMIS", "ED attendance", "Dr Gawne"],
            [dt.datetime(2021, 4, 4, 9, 30), None, "Health", "EMIS", "Clinic", None],
            [dt.datetime(2021, 4, 5), None, "Health", "EMIS", "Letter", None],
        ],
    )
    result = read_chronology(path)
    assert result.errors == []
    assert [(e.date, e.time, e.source_row) for e in result.entries] == [
        (dt.date(2021, 4, 3), dt.time(10, 15), 2),
        (dt.date(2021, 4, 4), dt.time(9, 30), 3),
        (dt.date(2021, 4, 5), None, 4),
    ]


def test_it_reads_xlsx_numeric_serial_dates_and_text_dates(tmp_path):
    path = workbook(
        tmp_path,
        [
            [44289, 0.4375, "Health", "EMIS", "Serial", None],
            ["03/04/2021", "10:30", "Health", "EMIS", "Text", 42],
        ],
    )
    result = read_chronology(path)
    assert result.errors == []
    assert [(e.date, e.time) for e in result.entries] == [
        (dt.date(2021, 4, 3), dt.time(10, 30)),
        (dt.date(2021, 4, 3), dt.time(10, 30)),
    ]
    assert result.entries[1].practitioner == "42"


def test_it_reads_serial_dates_in_a_1904_workbook(tmp_path):
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.active.append(["date", "agency", "source", "event"])
    book.active.append([42827, "Health", "EMIS", "Serial"])
    book.save(tmp_path / "mac.xlsx")
    assert read_chronology(tmp_path / "mac.xlsx").entries[0].date == dt.date(2021, 4, 3)


def test_it_counts_xlsx_rows_including_blank_rows_and_title_rows(tmp_path):
    path = workbook(
        tmp_path,
        [
            [dt.date(2021, 4, 3), None, "Health", "EMIS", "A", None],
            [],
            ["31/02/2021", None, "Health", "EMIS", "B", None],
        ],
        title_rows=[["Health chronology"]],
    )
    result = read_chronology(path)
    assert result.entries[0].source_row == 3
    assert result.errors == ["health.xlsx row 5: date '31/02/2021' is not a real date"]


def test_it_uses_the_sheet_that_has_the_header(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Notes for the reviewer"])
    sheet = book.create_sheet("Chronology")
    sheet.append(["date", "agency", "source", "event"])
    sheet.append([dt.date(2021, 4, 3), "Health", "EMIS", "Visit"])
    book.save(tmp_path / "health.xlsx")
    assert [e.event for e in read_chronology(tmp_path / "health.xlsx").entries] == ["Visit"]


def test_it_reads_a_workbook_whatever_its_name(tmp_path):
    path = workbook(tmp_path, [[dt.date(2021, 4, 3), None, "Health", "EMIS", "A", None]])
    renamed = path.rename(tmp_path / "health.csv")
    assert read_chronology(renamed).entries[0].event == "A"


def test_it_refuses_a_workbook_that_would_expand_too_far(tmp_path, monkeypatch):
    path = workbook(tmp_path, [[dt.date(2021, 4, 3), None, "Health", "EMIS", "A", None]])
    monkeypatch.setattr(chronology, "MAX_XLSX_UNCOMPRESSED_BYTES", 1000)
    result = read_chronology(path)
    assert result.errors == [
        "health.xlsx: is refused: the workbook would expand to more than 1,000 bytes"
    ]


def test_it_refuses_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "health.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert read_chronology(path).errors == ["health.xlsx: is a zip file but not an XLSX workbook"]


def test_it_refuses_a_damaged_workbook(tmp_path):
    path = tmp_path / "health.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    result = read_chronology(path)
    assert result.errors == ["health.xlsx: cannot be read as an XLSX workbook (it may be damaged)"]


# --- Merging -------------------------------------------------------------------------------------


def test_it_merges_files_in_date_order_with_untimed_entries_first_within_a_day(tmp_path):
    police = write(
        tmp_path, "police.csv", HEADER + "04/04/2021,09:00,Police,N,B,\n04/04/2021,,Police,N,C,\n"
    )
    health = write(
        tmp_path,
        "health.csv",
        HEADER
        + "04/04/2021,08:00,Health,N,D,\n03/04/2021,23:00,Health,N,A,\n04/04/2021,,Health,N,E,\n",
    )
    result = merge([police, health])
    assert result.errors == []
    assert [e.event for e in result.entries] == ["A", "C", "E", "D", "B"]


def test_it_keeps_file_order_then_row_order_for_ties(tmp_path):
    first = write(
        tmp_path, "b.csv", HEADER + "03/04/2021,10:00,B,N,b1,\n03/04/2021,10:00,B,N,b2,\n"
    )
    second = write(tmp_path, "a.csv", HEADER + "03/04/2021,10:00,A,N,a1,\n")
    assert [e.event for e in merge([first, second]).entries] == ["b1", "b2", "a1"]
    assert [e.event for e in merge([second, first]).entries] == ["a1", "b1", "b2"]


def test_it_collects_the_problems_of_every_file(tmp_path):
    police = write(tmp_path, "police.csv", HEADER + "03/04/2021,,Police,N,Visit,\n")
    bad = write(tmp_path, "health.csv", HEADER + "31/02/2021,,Health,N,Visit,\n")
    result = merge([police, bad, tmp_path / "missing.csv"])
    assert result.errors == [
        "health.csv row 2: date '31/02/2021' is not a real date",
        "missing.csv: file not found",
    ]


def test_merging_labels_shared_events(tmp_path):
    police = write(
        tmp_path, "police.csv", HEADER + "03/04/2021,10:00,Police,N,Strategy discussion with CSC,\n"
    )
    csc = write(
        tmp_path, "csc.csv", HEADER + "03/04/2021,10:20,CSC,N,Strategy meeting with police,\n"
    )
    result = merge([police, csc])
    assert [e.same_event for e in result.entries] == ["E1", "E1"]
    assert len(result.same_events) == 1


# --- Writing -------------------------------------------------------------------------------------


def test_it_writes_the_output_columns_and_formats(tmp_path):
    entries = [entry("Visit", "Police", time="09:05:30", row=7)]
    out = tmp_path / "merged.csv"
    write_merged_csv(entries, out)
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(OUTPUT_COLUMNS)
    assert output_rows(out) == [
        {
            "date": "2021-04-03",
            "time": "09:05",
            "agency": "Police",
            "source": "records",
            "event": "Visit",
            "practitioner": "",
            "same_event": "",
            "source_file": "police.csv",
            "source_row": "7",
        }
    ]


@pytest.mark.parametrize("text", ["=1+1", "+44 1624 600000", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_it_neutralises_formulas_in_every_text_column(tmp_path, text):
    record = entry(text, text)
    record.source, record.practitioner, record.source_file = text, text, text
    out = tmp_path / "merged.csv"
    write_merged_csv([record], out)
    row = output_rows(out)[0]
    for column in ("agency", "source", "event", "practitioner", "source_file"):
        assert row[column] == "'" + text


def test_it_leaves_safe_text_alone():
    assert neutralise("Visit to mother - no concerns") == "Visit to mother - no concerns"
    assert neutralise("") == ""


def test_it_can_start_the_file_with_a_byte_order_mark_for_excel(tmp_path):
    out = tmp_path / "merged.csv"
    write_merged_csv([entry("Seán", "Police")], out, excel_bom=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfdate,time")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    out = tmp_path / "merged.csv"
    out.write_text("old")

    def broken_entries():
        yield entry("Visit", "Police")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_merged_csv(broken_entries(), out)
    assert out.read_text() == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["merged.csv"]


# --- Same events ---------------------------------------------------------------------------------


def test_it_groups_a_strategy_discussion_recorded_by_two_agencies():
    police = entry(
        "Strat disc with CSC re bruising to Child A. Joint s46 agreed.", "Police", time="10:00"
    )
    csc = entry("Strategy meeting held with police and health about Child A", "CSC", time="10:30")
    assert grouped(police, csc) == ["E1", "E1"]


def test_it_does_not_group_different_events_on_the_same_day():
    entries = (
        entry("Strategy discussion with CSC re Child A", "Police", time="10:00"),
        entry("Strategy meeting with police re Child A", "CSC", time="10:15"),
        entry("Home visit by health visitor, Child A weighed", "Health", time="11:00"),
        entry("Child A absent from school, no reason given", "School"),
        entry("Mother attended appointment for back pain", "GP", time="10:10"),
        entry("Officers attended domestic incident at home address", "Police 2", time="22:00"),
    )
    assert grouped(*entries) == ["E1", "E1", "", "", "", ""]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "ICPC held, Child A made subject of a CP plan",
            "Attended initial child protection conference",
        ),
        (
            "Child A brought to A&E with head injury",
            "Officers attended the emergency department re head injury to Child A",
        ),
        (
            "Child A attended ED: head injury after fall",
            "Crew conveyed Child A to Accident and Emergency with head injury",
        ),
        (
            "Joint home visit with police, children seen",
            "Joint visit with social worker to the family home",
        ),
        (
            "Case heard at MARAC, actions agreed",
            "Multi-agency risk assessment conference: IDVA to support mother",
        ),
        ("Core group meeting held", "Attended core group"),
    ],
)
def test_it_groups_the_usual_shared_events_whatever_each_agency_calls_them(first, second):
    assert grouped(entry(first, "One"), entry(second, "Two")) == ["E1", "E1"]


def test_it_groups_three_agencies_at_one_conference():
    entries = (
        entry("ICPC: CP plan under neglect", "CSC", time="10:00"),
        entry("DC attended initial CP conference", "Police", time="10:05"),
        entry("Attended ICPC, report shared", "School"),
    )
    assert grouped(*entries) == ["E1", "E1", "E1"]


def test_it_never_groups_two_entries_of_one_agency():
    entries = (
        entry("Strategy discussion with police", "CSC", time="10:00"),
        entry("Strategy discussion notes typed up", "csc ", time="10:30"),
        entry("Strategy discussion with CSC", "Police", time="10:10"),
    )
    labels = grouped(*entries)
    assert labels[0] == labels[2] == "E1"
    assert labels[1] == ""


def test_it_does_not_group_entries_more_than_two_hours_apart():
    first = entry("Strategy discussion with CSC", "Police", time="09:00")
    second = entry("Strategy discussion with police", "CSC", time="11:30")
    assert grouped(first, second) == ["", ""]


def test_it_groups_entries_either_side_of_midnight():
    first = entry("Child A brought to ED with burn to hand", "Hospital", time="23:40")
    second = entry(
        "Officers attended ED, burn to hand of Child A", "Police", date="2021-04-04", time="00:30"
    )
    assert grouped(first, second) == ["E1", "E1"]


def test_it_groups_a_late_entry_recorded_the_next_day():
    first = entry("Strategy discussion with CSC re Child A", "Police", time="15:00")
    late = entry(
        "(Late entry) Strategy meeting with police re Child A",
        "CSC",
        date="2021-04-04",
        time="09:00",
    )
    assert grouped(first, late) == ["E1", "E1"]


def test_it_groups_a_next_day_entry_whose_words_match_strongly():
    first = entry("Strategy discussion held re bruising to Child A's arm", "Police")
    second = entry(
        "Strategy discussion held re bruising to Child A's arm", "CSC", date="2021-04-04"
    )
    assert grouped(first, second) == ["E1", "E1"]


def test_it_groups_next_day_entries_that_only_name_the_same_event():
    assert grouped(entry("MARAC", "Police"), entry("Marac", "IDVA", date="2021-04-04")) == [
        "E1",
        "E1",
    ]


def test_it_does_not_group_a_next_day_entry_on_a_weak_match():
    first = entry("Strategy discussion, police to lead investigation", "Police")
    second = entry("Named nurse joined strategy meeting via Teams", "Health", date="2021-04-04")
    assert grouped(first, second) == ["", ""]


def test_it_never_groups_entries_two_days_apart():
    first = entry("(Late entry) Strategy discussion re Child A", "Police")
    second = entry("(Late entry) Strategy discussion re Child A", "CSC", date="2021-04-05")
    assert grouped(first, second) == ["", ""]


def test_it_does_not_group_a_referral_to_marac_with_the_marac_meeting():
    assert grouped(
        entry("MARAC referral made", "Police"), entry("Case heard at MARAC", "IDVA")
    ) == [
        "",
        "",
    ]


def test_it_groups_a_referral_made_and_received():
    made = entry("Referral made to MASH re bruising on Child A's arm", "School")
    received = entry("Referral received from school re bruising to arm", "CSC")
    assert grouped(made, received) == ["E1", "E1"]


def test_it_does_not_group_an_initial_and_a_review_conference():
    assert grouped(entry("ICPC held", "CSC"), entry("Attended RCPC", "School")) == ["", ""]


def test_it_does_not_group_news_of_an_event_with_the_event():
    entries = (
        entry("Child A brought to ED with fractured wrist", "Hospital", time="10:00"),
        entry("Letter received from ED: attended with fractured wrist", "GP", time="10:30"),
        entry("Invitation to ICPC received", "School"),
        entry("ICPC held", "CSC"),
    )
    assert grouped(*entries) == ["", "", "", ""]


def test_it_does_not_group_a_home_visit_with_someone_elses_joint_visit():
    joint = entry("Joint home visit with police: home conditions poor", "CSC")
    police = entry("Joint visit with social worker, children seen", "Police")
    health = entry("Home visit by HV: baby weighed, no concerns", "Health")
    assert grouped(joint, police, health) == ["E1", "E1", ""]


def test_it_does_not_group_unrelated_ed_attendances_on_the_same_day():
    child = entry("Child A brought to ED with fractured wrist", "Hospital", time="10:00")
    police = entry(
        "Officers attended A&E, mother assaulted, facial injuries", "Police", time="11:00"
    )
    assert grouped(child, police) == ["", ""]


def test_it_groups_untyped_entries_only_when_their_words_are_very_similar():
    call = entry("Telephone call to CSC duty team re concerns about Child A's bruising", "Police")
    received = entry("Call received from police re concerns about Child A's bruising", "CSC")
    other = entry("Mother called to cancel appointment", "GP")
    assert grouped(call, received, other) == ["E1", "E1", ""]


def test_it_numbers_events_in_order_and_can_run_again():
    entries = [
        entry("MARAC", "Police", date="2021-04-01"),
        entry("Attended MARAC", "IDVA", date="2021-04-01"),
        entry("Core group", "CSC", date="2021-05-01"),
        entry("Core group meeting", "School", date="2021-05-01"),
    ]
    groups = assign_same_events(entries)
    assert [e.same_event for e in entries] == ["E1", "E1", "E2", "E2"]
    assert [[e.agency for e in group] for group in groups] == [
        ["Police", "IDVA"],
        ["CSC", "School"],
    ]
    assign_same_events(entries)
    assert [e.same_event for e in entries] == ["E1", "E1", "E2", "E2"]


# --- Gaps ----------------------------------------------------------------------------------------


def dated(*days):
    return [entry("Contact", "Police", date=day) for day in days]


def test_it_lists_periods_without_contact_longer_than_the_threshold():
    gaps = find_gaps(dated("2021-01-01", "2021-01-02", "2021-01-20", "2021-01-25"), 10)
    assert [(gap.start, gap.end, gap.days) for gap in gaps] == [
        (dt.date(2021, 1, 3), dt.date(2021, 1, 19), 17)
    ]
    assert (gaps[0].last_contact, gaps[0].next_contact) == (
        dt.date(2021, 1, 2),
        dt.date(2021, 1, 20),
    )


def test_a_gap_must_be_longer_than_the_threshold_not_equal_to_it():
    entries = dated("2021-01-01", "2021-01-12")  # ten days without contact between them
    assert find_gaps(entries, 10) == []
    assert [gap.days for gap in find_gaps(entries, 9)] == [10]


def test_it_counts_the_ends_of_the_review_period_when_given():
    entries = dated("2021-01-10", "2021-01-12")
    gaps = find_gaps(entries, 3, start=dt.date(2021, 1, 1), end=dt.date(2021, 1, 31))
    assert [(gap.start, gap.end, gap.last_contact, gap.next_contact) for gap in gaps] == [
        (dt.date(2021, 1, 1), dt.date(2021, 1, 9), None, dt.date(2021, 1, 10)),
        (dt.date(2021, 1, 13), dt.date(2021, 1, 31), dt.date(2021, 1, 12), None),
    ]


def test_a_review_period_with_no_contact_is_one_gap():
    gaps = find_gaps([], 0, start=dt.date(2021, 1, 1), end=dt.date(2021, 1, 31))
    assert [(gap.start, gap.end, gap.days) for gap in gaps] == [
        (dt.date(2021, 1, 1), dt.date(2021, 1, 31), 31)
    ]


def test_no_entries_and_no_period_means_no_gaps():
    assert find_gaps([], 0) == []
