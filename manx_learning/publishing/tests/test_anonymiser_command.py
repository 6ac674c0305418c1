"""The `anonymise` management command: files in, files out, clear errors (no database)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REGISTER = {
    "case": "SCMR-TEST",
    "people": [
        {"pseudonym": "Child A", "names": ["Jayden Kinrade", "Jay"]},
        {"pseudonym": "Mother", "names": ["Leanne Kinrade"]},
    ],
    "identifiers": [
        {"replacement": "[address]", "values": ["14 Ballabrooie Drive, Douglas"]},
        {"replacement": "[school]", "values": ["Ballacottier Primary School"]},
        {"replacement": "[date of birth]", "values": ["12/05/2016"]},
    ],
}
TEXT = (
    "Jayden Kinrade (DOB 12 May 2016) lived with Leanne at 14 Ballabrooie Drive, Douglas. "
    "Jay attended Ballacottier Primary School. Ms Kinrade rang the GP, Dr Quirk, on 07624 312456 "
    "from Noble's Hospital on Tuesday."
)


@pytest.fixture
def files(tmp_path):
    source = tmp_path / "report.txt"
    source.write_text(TEXT, encoding="utf-8")
    register = tmp_path / "register.json"
    register.write_text(json.dumps(REGISTER), encoding="utf-8")
    return source, register, tmp_path / "out.txt", tmp_path / "report.json"


def test_the_command_writes_anonymised_text_and_a_report(files):
    source, register, out, report = files
    stdout = StringIO()
    call_command(
        "anonymise",
        str(source),
        register=str(register),
        out=str(out),
        report=str(report),
        stdout=stdout,
    )
    assert out.read_text(encoding="utf-8") == (
        "Child A (DOB [date of birth]) lived with Mother at [address]. Child A attended [school]. "
        "[name] rang the GP, Dr [name], on [phone] from Noble's Hospital on Tuesday."
    )
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["case"] == "SCMR-TEST"
    for span in body["spans"]:
        assert TEXT[span["start"] : span["end"]] == span["original"]
        assert span["source"] in {"register", "detected"}
    assert {s["source"] for s in body["spans"]} == {"register", "detected"}
    assert "Wrote" in stdout.getvalue()


def test_the_report_is_optional(files):
    source, register, out, report = files
    call_command("anonymise", str(source), register=str(register), out=str(out), stdout=StringIO())
    assert out.exists() and not report.exists()


def test_an_invalid_register_raises_a_command_error(files):
    source, register, out, _ = files
    register.write_text('{"people": [{"pseudonym": "Child A"}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="names"):
        call_command("anonymise", str(source), register=str(register), out=str(out))


def test_register_json_that_does_not_parse_raises_a_command_error(files):
    source, register, out, _ = files
    register.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("anonymise", str(source), register=str(register), out=str(out))


def test_an_unreadable_input_raises_a_command_error(files, tmp_path):
    _, register, out, _ = files
    with pytest.raises(CommandError, match="no such file"):
        call_command(
            "anonymise", str(tmp_path / "missing.txt"), register=str(register), out=str(out)
        )


def test_a_word_document_with_tracked_changes_raises_a_command_error(files, tmp_path):
    from manx_learning.lib.tests.factories import make_docx

    _, register, out, _ = files
    tracked = make_docx(tmp_path / "tracked.docx", ["Jayden Kinrade"], tracked=True)
    with pytest.raises(CommandError, match="tracked changes"):
        call_command("anonymise", str(tracked), register=str(register), out=str(out))


def test_a_scanned_pdf_raises_a_command_error(files, tmp_path):
    from manx_learning.lib.tests.factories import make_pdf

    _, register, out, _ = files
    scan = make_pdf(tmp_path / "scan.pdf", None)
    with pytest.raises(CommandError, match="scanned"):
        call_command("anonymise", str(scan), register=str(register), out=str(out))


def test_the_output_may_not_overwrite_the_input(files):
    source, register, _, _ = files
    with pytest.raises(CommandError, match="overwrite"):
        call_command("anonymise", str(source), register=str(register), out=str(source))


def test_a_word_document_beyond_the_settings_limit_raises_a_command_error(
    files, tmp_path, settings
):
    from manx_learning.lib.tests.factories import make_expanding_docx

    settings.DOCUMENT_DOCX_MAX_XML_BYTES = 1024 * 1024
    _, register, out, _ = files
    bomb = make_expanding_docx(tmp_path / "bomb.docx", 2 * 1024 * 1024)
    with pytest.raises(CommandError, match=r"limit is 1\.0 MB \(DOCUMENT_DOCX_MAX_XML_BYTES\)"):
        call_command("anonymise", str(bomb), register=str(register), out=str(out))
    assert not out.exists()
