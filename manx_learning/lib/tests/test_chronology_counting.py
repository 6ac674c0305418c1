"""Counting a chronology's rows as a stream, so a row limit is checked before the file is parsed,
and the progress reported while a big file is read."""

import io

import openpyxl

from manx_learning.lib import chronology

HEADER = "date,time,agency,source,event,practitioner\r\n"
ROW = "03/02/2025,10:00,Isle of Man Constabulary,Niche,Strategy discussion,DS Kelly\r\n"


def test_rows_below_the_header_are_counted_skipping_titles_and_blank_rows(tmp_path):
    path = tmp_path / "police.csv"
    path.write_text("Police chronology\r\n\r\n" + HEADER + ROW * 3 + ",,,,,\r\n" + ROW)
    assert chronology.count_rows(path) == 4
    assert len(chronology.read_chronology(path).entries) == 4


def test_bad_rows_count_too_since_the_limit_is_on_what_was_sent(tmp_path):
    path = tmp_path / "police.csv"
    path.write_text(HEADER + ROW + "31/02/2025,,Police,Niche,Bad date,\r\n")
    assert chronology.count_rows(path) == 2


def test_quoted_line_breaks_semicolons_and_encodings_are_counted_as_excel_saves_them(tmp_path):
    semicolons = tmp_path / "csc.csv"
    text = 'date;agency;source;event\r\n03/02/2025;CSC;LCS;"Visit\r\nsecond line"\r\n'
    semicolons.write_bytes(("\ufeff" + text * 1).encode("utf-8"))
    assert chronology.count_rows(semicolons) == 1
    windows = tmp_path / "school.csv"
    windows.write_bytes((HEADER + ROW.replace("Kelly", "Kelly née Ó Sé") * 2).encode("cp1252"))
    assert chronology.count_rows(windows) == 2
    unicode = tmp_path / "gp.csv"
    unicode.write_bytes((HEADER + ROW * 5).encode("utf-16"))
    assert chronology.count_rows(unicode) == 5


def test_workbook_rows_are_counted_in_read_only_mode(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Date", "Agency", "Source", "Event"])
    for _ in range(7):
        book.active.append(["03/02/2025", "Health", "EPR", "Seen in ED"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "health.xlsx"
    path.write_bytes(buffer.getvalue())
    assert chronology.count_rows(path) == 7
    assert chronology.count_rows(path, stop_after=3) == 4  # "more than 3"
    assert chronology.is_workbook(path)


def test_a_file_the_reader_refuses_counts_as_nothing_so_its_own_problem_is_reported(tmp_path):
    no_header = tmp_path / "notes.csv"
    no_header.write_text("just some notes\n" * 50)
    assert chronology.count_rows(no_header) == 0
    assert chronology.count_rows(tmp_path / "missing.csv") == 0


def test_reading_reports_progress_every_thousand_rows(tmp_path):
    path = tmp_path / "police.csv"
    path.write_text(HEADER + ROW * 2_500)
    seen: list[int] = []
    parsed = chronology.read_chronology(path, progress=seen.append)
    assert len(parsed.entries) == 2_500
    assert seen == [1_000, 2_000]
