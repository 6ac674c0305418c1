"""The anonymiser, without Django.

Run alone with: .venv/bin/python -m pytest -p no:django manx_learning/publishing/tests/test_anonymiser.py
"""

from __future__ import annotations

import json
import re

import pytest

from manx_learning.lib.anonymiser import (
    DocumentError,
    RegisterError,
    anonymise,
    extract_text,
    load_register,
    parse_register,
)
from manx_learning.lib.anonymiser.cli import main as cli_main
from manx_learning.lib.anonymiser.documents import DocumentLimits, check_limits
from manx_learning.lib.tests.factories import make_docx, make_expanding_docx, make_pdf

REGISTER = {
    "case": "SCMR-TEST",
    "people": [
        {"pseudonym": "Child A", "names": ["Jayden Kinrade", "Jay"]},
        {"pseudonym": "Mother", "names": ["Leanne Kinrade"]},
        {"pseudonym": "Father", "names": ["Kieran Moore"]},
    ],
    "identifiers": [
        {"replacement": "[address]", "values": ["14 Ballabrooie Drive, Douglas"]},
        {"replacement": "[school]", "values": ["Ballacottier Primary School"]},
        {"replacement": "[date of birth]", "values": ["12/05/2016"]},
    ],
}


def run(text: str, register: dict | None = None) -> str:
    return anonymise(text, parse_register(register if register is not None else REGISTER)).text


def spans(text: str, register: dict | None = None):
    return anonymise(text, parse_register(register if register is not None else REGISTER)).spans


# --- register names in every form --------------------------------------------------------


def test_a_full_register_name_becomes_the_pseudonym():
    assert run("Jayden Kinrade attended.") == "Child A attended."


def test_a_first_name_alone_becomes_the_pseudonym():
    assert run("Later Jayden cried.") == "Later Child A cried."


def test_a_nickname_from_the_register_becomes_the_pseudonym():
    assert run("Everyone called him Jay.") == "Everyone called him Child A."


def test_a_nickname_with_the_surname_is_the_same_person():
    assert run("Jay Kinrade was seen.") == "Child A was seen."


def test_a_possessive_keeps_its_apostrophe_s():
    assert run("Jayden's bedroom and Leanne's phone.") == "Child A's bedroom and Mother's phone."


def test_an_upper_case_name_is_replaced():
    assert run("JAYDEN KINRADE and JAYDEN.") == "Child A and Child A."


def test_a_title_with_a_unique_surname_becomes_that_persons_pseudonym():
    assert run("Mr Moore and Mr MOORE declined.") == "Father and Father declined."


def test_a_shared_surname_with_a_title_becomes_a_neutral_placeholder():
    # Kinrade is both Child A's and Mother's surname: naming either would be a guess.
    assert (
        run("Ms Kinrade, Mrs Kinrade and Mr KINRADE spoke.") == "[name], [name] and [name] spoke."
    )


def test_a_shared_surname_uses_the_family_pseudonym_when_the_register_gives_one():
    register = {**REGISTER, "family": "Family K"}
    assert run("The Kinrade household.", register) == "The Family K household."


def test_a_plural_surname_means_the_family():
    assert run("The Kinrades moved.") == "The [name] moved."


def test_a_hyphenated_surname_is_replaced_whole():
    register = {"people": [{"pseudonym": "Child A", "names": ["Jayden Kinrade-Quayle"]}]}
    assert run("Jayden Kinrade-Quayle and Ms Quayle.", register) == "Child A and Child A."


def test_a_register_surname_inside_a_hyphenated_name_is_caught():
    assert run("Leanne became Mrs Kinrade-Quayle.") == "Mother became [name]."


def test_an_initial_with_a_surname_picks_the_person_with_that_initial():
    assert run("J. Kinrade and L Kinrade attended.") == "Child A and Mother attended."


def test_unambiguous_initials_become_the_pseudonym():
    assert run("JK was seen by the GP.") == "Child A was seen by the GP."


def test_initials_that_are_a_common_abbreviation_are_left_alone():
    register = {"people": [{"pseudonym": "Child G", "names": ["Gemma Price"]}]}
    assert run("The GP saw her.", register) == "The GP saw her."


def test_a_surname_first_record_form_is_the_person():
    assert run("Name: KINRADE, Jayden") == "Name: Child A"


def test_a_lower_case_name_that_is_no_ordinary_word_is_replaced():
    assert run("notes: jayden kinrade seen") == "notes: Child A seen"


def test_a_name_that_is_also_a_town_is_kept_as_the_town():
    register = {"people": [{"pseudonym": "Father", "names": ["Douglas Quayle"]}]}
    out = run("Douglas said he had moved to Douglas. Mr Quayle agreed.", register)
    assert out == "Father said he had moved to Douglas. Father agreed."


def test_a_name_that_is_also_a_month_is_kept_in_dates():
    register = {"people": [{"pseudonym": "Child B", "names": ["May Teare"]}]}
    assert run("On 3 May 2020 May Teare was seen. May said no.", register) == (
        "On 3 May 2020 Child B was seen. Child B said no."
    )


def test_a_relative_sharing_a_register_surname_is_not_given_a_pseudonym():
    assert run("Darren Kinrade, the uncle, visited.") == "[name], the uncle, visited."


# --- register identifiers in their variants ----------------------------------------------


def test_a_register_address_matches_with_and_without_the_town():
    out = run("She lived at 14 Ballabrooie Drive, Douglas, then at 14 ballabrooie  drive.")
    assert out == "She lived at [address], then at [address]."


def test_a_register_address_matches_an_abbreviated_street_word():
    assert run("Visit to 14 Ballabrooie Dr.") == "Visit to [address]."


def test_a_register_school_matches_its_short_forms():
    out = run("Ballacottier Primary School, Ballacottier Primary and Ballacottier all reported.")
    assert out == "[school], [school] and [school] all reported."


@pytest.mark.parametrize(
    "written",
    ["12/05/2016", "12 May 2016", "12.05.16", "12th May 2016", "2016-05-12", "May 12, 2016"],
)
def test_a_register_date_of_birth_matches_in_any_format(written):
    assert run(f"Born {written}.") == "Born [date of birth]."


def test_a_register_phone_number_matches_in_another_grouping():
    register = {"identifiers": [{"replacement": "[mother's phone]", "values": ["07624 491822"]}]}
    assert run("Ring +44 7624 491822 or 07624491822.", register) == (
        "Ring [mother's phone] or [mother's phone]."
    )


def test_register_values_replace_case_insensitively():
    register = {"identifiers": [{"replacement": "[ward]", "values": ["Ward 20"]}]}
    assert run("Admitted to WARD 20.", register) == "Admitted to [ward]."


# --- detectors for what the register missed ----------------------------------------------


def test_titled_practitioners_are_detected_as_names():
    out = run("Dr Douglas, PC 1234 Quirk, DC Kermode, Sgt Teare and Nurse Callister attended.")
    assert out == "Dr [name], PC [name], DC [name], Sgt [name] and Nurse [name] attended."


def test_a_cue_word_marks_the_next_word_as_a_name():
    out = run("A man named Brody visited. Her neighbour, Mr Quirk, and her friend, Tegan, called.")
    assert (
        out
        == "A man named [name] visited. Her neighbour, Mr [name], and her friend, [name], called."
    )


def test_manx_surnames_missing_from_generic_lists_are_detected():
    out = run("Reports from Cregeen, Kinvig and Mylchreest were read.", {})
    assert out == "Reports from [name], [name] and [name] were read."


def test_an_unknown_capitalised_word_is_replaced_with_low_confidence():
    result = spans("The review spoke to Zebedee about it.", {})
    assert [(s.original, s.replacement) for s in result] == [("Zebedee", "[name]")]
    assert result[0].confidence < 0.8


def test_a_misspelt_register_name_gets_the_pseudonym_with_lower_confidence():
    result = spans("Jaden was seen. The Kinread family.")
    found = {s.original: s for s in result}
    assert found["Jaden"].replacement == "Child A"
    assert found["Kinread"].replacement == "[name]"
    assert found["Jaden"].source == "detected" and found["Jaden"].confidence < 0.8


@pytest.mark.parametrize(
    "number", ["01624 612345", "07624 312456", "+44 1624 675000", "(01624) 675000", "0151 496 0000"]
)
def test_isle_of_man_and_uk_phone_numbers_are_detected(number):
    assert run(f"Call {number} today.", {}) == "Call [phone] today."


def test_a_six_digit_island_number_is_detected_after_a_phone_word():
    assert run("Her landline is 675000.", {}) == "Her landline is [phone]."


def test_email_addresses_are_detected():
    assert run("Write to leanne.k@hotmail.co.uk now.", {}) == "Write to [email] now."


def test_nhs_numbers_with_a_valid_check_digit_are_detected():
    assert run("Record 943 476 5919 found.", {}) == "Record [NHS number] found."


def test_ten_digit_numbers_with_a_bad_check_digit_are_not_nhs_numbers():
    assert run("Reference 943 476 5918 found.", {}) == "Reference 943 476 5918 found."


def test_national_insurance_numbers_are_detected():
    assert run("NI AB 12 34 56 C and JM123456D.", {}) == "NI [NI number] and [NI number]."


def test_a_specimen_ni_number_is_replaced_and_a_bare_one_needs_context():
    assert (
        run("National Insurance number QQ 12 34 56 C.", {})
        == "National Insurance number [NI number]."
    )
    # The full shape with its suffix letter is an NI number even with a never-issued prefix.
    assert run("Code QQ 12 34 56 C.", {}) == "Code [NI number]."
    assert (
        run("His National Insurance number is recorded as QQ123456C.", {})
        == "His National Insurance number is recorded as [NI number]."
    )
    # Without a suffix or context the shape is too common to redact.
    assert run("Code QQ 12 34 56.", {}) == "Code QQ 12 34 56."


def test_month_first_names_go_with_the_surname_but_months_stay():
    out = run("May Kneale and June Corkill met in May 2025.", {})
    assert out == "[name] and [name] met in May 2025."


def test_an_agency_name_in_the_possessive_is_kept_whole():
    out = run("She moved to the Jane Crookall Maternity Unit's ward in May.", {})
    assert out == "She moved to the Jane Crookall Maternity Unit's ward in May."


def test_street_addresses_and_postcodes_are_detected():
    out = run("Police went to 3 Ballaquayle Road, Douglas IM2 4NR and 22 Victoria Terrace.", {})
    assert out == "Police went to [address] and [address]."


def test_a_manx_style_street_is_detected():
    assert run("She moved to 7 Cronk Drean, Onchan.", {}) == "She moved to [address]."


def test_a_known_island_street_without_a_number_is_detected():
    assert run("They lived on Ballaquayle Road.", {}) == "They lived on [address]."


def test_a_lone_postcode_is_detected_in_any_case():
    assert run("Postcode IM1 1AA or im2 4nr.", {}) == "Postcode [postcode] or [postcode]."


def test_schools_are_detected_by_name_and_pattern():
    out = run("Ballakermeen, St Ninian's High School and Laxey School were told.", {})
    assert out == "[school], [school] and [school] were told."


def test_dates_of_birth_are_detected_from_context():
    out = run("Tracey was born on 3 March 1990 (DOB 03/03/1990).", {})
    assert out == "[name] was born on [date of birth] (DOB [date of birth])."


def test_other_dates_stay_in_the_chronology():
    assert run("On 3 March 2021 the GP visited.", {}) == "On 3 March 2021 the GP visited."


# --- what must be kept -------------------------------------------------------------------


def test_agency_names_are_kept():
    text = (
        "Isle of Man Constabulary, Manx Care, Noble's Hospital, the Department of Education, "
        "Sport and Culture, Children and Families Division and the Jane Crookall Maternity Unit met."
    )
    assert run(text, {}) == text


def test_roles_months_weekdays_and_towns_are_kept():
    text = (
        "The health visitor, GP and social worker met in Douglas on Tuesday in May. "
        "Ramsey, Peel, Castletown, Onchan, Port Erin and Laxey were visited."
    )
    assert run(text, {}) == text


def test_ordinary_words_opening_a_sentence_are_kept():
    text = "Nevertheless, practitioners acted. Will the Board agree? Hope was expressed."
    assert run(text, {}) == text


def test_pseudonyms_already_in_the_text_are_kept():
    text = "Child A and Mother met Family K."
    assert run(text, {**REGISTER, "family": "Family K"}) == text


def test_a_street_inside_an_agency_word_is_still_an_address():
    # "Tynwald" alone is kept; "48 Tynwald Street" is somebody's address.
    assert run("Tynwald heard that she lived at 48 Tynwald Street.", {}) == (
        "Tynwald heard that she lived at [address]."
    )


# --- the report --------------------------------------------------------------------------


def test_report_offsets_point_into_the_original_text():
    text = "Jayden's mother, Ms Kinrade, rang 01624 612345 from 14 Ballabrooie Drive on Friday."
    result = anonymise(text, parse_register(REGISTER))
    assert result.spans
    for span in result.spans:
        assert text[span.start : span.end] == span.original
    report = result.report()
    for row in report["spans"]:
        assert text[row["start"] : row["end"]] == row["original"]
        assert row["source"] in {"register", "detected"}
        assert set(row) >= {"start", "end", "original", "replacement", "category", "confidence"}


def test_the_report_counts_register_and_detected_replacements():
    result = anonymise("Jayden met Dr Quirk.", parse_register(REGISTER))
    summary = result.report()["summary"]
    assert summary["from_register"] == 1 and summary["detected"] == 1


# --- register validation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"people": {}}, "'people'"),
        ({"people": [{"names": ["X Y"]}]}, "pseudonym"),
        ({"people": [{"pseudonym": "Child A", "names": []}]}, "non-empty list"),
        ({"people": [{"pseudonym": "Child A", "names": [3]}]}, "non-empty text"),
        ({"identifiers": [{"values": ["x"]}]}, "replacement"),
        ({"identifers": []}, "Unknown key"),
    ],
)
def test_an_invalid_register_is_refused_with_a_clear_message(data, message):
    with pytest.raises(RegisterError, match=message):
        parse_register(data)


def test_a_register_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "register.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RegisterError, match="not valid JSON"):
        load_register(path)


# --- documents ---------------------------------------------------------------------------


def test_a_word_document_is_read_with_its_tables(tmp_path):
    path = make_docx(tmp_path / "report.docx", ["Jayden Kinrade was seen.", "Second paragraph."])
    extracted = extract_text(path)
    assert "Jayden Kinrade was seen." in extracted.text
    assert "Date | Jayden seen" in extracted.text


def test_a_word_document_with_tracked_changes_is_refused(tmp_path):
    path = make_docx(tmp_path / "tracked.docx", ["Jayden Kinrade was seen."], tracked=True)
    with pytest.raises(DocumentError, match="tracked changes"):
        extract_text(path)


def test_a_text_pdf_is_read(tmp_path):
    path = make_pdf(tmp_path / "report.pdf", "Jayden Kinrade lives in Douglas.")
    assert "Jayden Kinrade lives in Douglas." in extract_text(path).text


def test_a_scanned_pdf_without_text_is_refused(tmp_path):
    path = make_pdf(tmp_path / "scan.pdf", None)
    with pytest.raises(DocumentError, match="scanned or image-only"):
        extract_text(path)


def test_a_missing_or_binary_input_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        extract_text(tmp_path / "absent.txt")
    binary = tmp_path / "data.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(DocumentError, match="not a text file"):
        extract_text(binary)


def test_a_markdown_file_is_read_as_text(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("# Review\n\n**Jayden Kinrade** was seen.\n", encoding="utf-8")
    assert run(extract_text(path).text) == "# Review\n\n**Child A** was seen.\n"


# --- limits: refused before the document is read, with the limit in the message ---------


def test_a_word_document_that_expands_beyond_the_xml_limit_is_refused_unparsed(tmp_path):
    path = make_expanding_docx(tmp_path / "bomb.docx", 3 * 1024 * 1024)
    assert path.stat().st_size < 100_000  # a small zip, a large expansion
    limits = DocumentLimits(document_docx_max_xml_bytes=1024 * 1024)
    for read in (extract_text, check_limits):
        with pytest.raises(DocumentError) as refused:
            read(path, limits)
        assert re.match(
            r"bomb.docx expands to [3-5]\.\d MB of Word XML; the limit is 1\.0 MB "
            r"\(DOCUMENT_DOCX_MAX_XML_BYTES\)\.",
            str(refused.value),
        )


def test_a_word_document_with_too_much_text_is_refused_with_its_length(tmp_path):
    path = make_docx(tmp_path / "long.docx", ["x" * 600, "y" * 500])
    limits = DocumentLimits(document_text_max_chars=1_000)
    for read in (extract_text, check_limits):
        with pytest.raises(DocumentError) as refused:
            read(path, limits)
        assert str(refused.value).startswith(
            "long.docx has 1,1"  # the paragraphs, the table and a newline each
        )
        assert "characters of text; the limit is 1,000 (DOCUMENT_TEXT_MAX_CHARS)" in str(
            refused.value
        )
    assert "x" * 600 in extract_text(path, DocumentLimits(document_text_max_chars=2_000)).text


def test_the_text_count_matches_what_is_extracted(tmp_path):
    path = make_docx(tmp_path / "report.docx", ["Jayden Kinrade was seen.", "Second paragraph."])
    length = len(extract_text(path).text)
    check_limits(path, DocumentLimits(document_text_max_chars=length))
    with pytest.raises(DocumentError, match="characters of text"):
        check_limits(path, DocumentLimits(document_text_max_chars=length - 10))


def test_every_part_of_a_word_document_counts_towards_the_unzipped_limit(tmp_path):
    path = make_docx(tmp_path / "report.docx", ["Jayden Kinrade was seen."])
    limits = DocumentLimits(document_docx_max_unzipped_bytes=1_000)
    with pytest.raises(
        DocumentError, match=r"limit is 0\.0 MB \(DOCUMENT_DOCX_MAX_UNZIPPED_BYTES\)"
    ):
        extract_text(path, limits)


def test_a_pdf_with_too_many_pages_or_too_much_text_is_refused(tmp_path):
    path = make_pdf(tmp_path / "long.pdf", "Jayden Kinrade lives in Douglas.", pages=3)
    with pytest.raises(DocumentError) as refused:
        extract_text(path, DocumentLimits(document_pdf_max_pages=2))
    assert str(refused.value).startswith(
        "long.pdf has 3 pages; the limit is 2 (DOCUMENT_PDF_MAX_PAGES)."
    )
    with pytest.raises(DocumentError) as refused:
        check_limits(path, DocumentLimits(document_text_max_chars=10))
    assert str(refused.value).startswith(
        "long.pdf has more than 10 characters of text in its first 1 of 3 pages; the limit is "
        "10 (DOCUMENT_TEXT_MAX_CHARS)."
    )


def test_a_text_file_with_too_much_text_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("é" * 30, encoding="utf-8")
    with pytest.raises(
        DocumentError, match=r"^long.txt has 30 characters of text; the limit is 20 "
    ):
        extract_text(path, DocumentLimits(document_text_max_chars=20))
    path.write_text("a" * 100, encoding="utf-8")  # refused from its size, unread
    with pytest.raises(DocumentError, match=r"^long.txt has more than 25 characters of text"):
        check_limits(path, DocumentLimits(document_text_max_chars=20))


def test_limits_come_from_settings_or_the_environment():
    class Settings:
        DOCUMENT_TEXT_MAX_CHARS = 5

    assert DocumentLimits.from_settings(Settings()).document_text_max_chars == 5
    assert DocumentLimits.from_settings(Settings()).document_pdf_max_pages == 1_000
    env = {"DOCUMENT_PDF_MAX_PAGES": "1,200"}
    assert DocumentLimits.from_environ(env).document_pdf_max_pages == 1_200
    assert DocumentLimits.names()[0] == "DOCUMENT_TEXT_MAX_CHARS"


# --- the framework-free command line -----------------------------------------------------


def test_the_command_line_writes_the_output_and_report(tmp_path, capsys):
    source = tmp_path / "in.txt"
    source.write_text("Jayden Kinrade met Dr Quirk at 14 Ballabrooie Drive.", encoding="utf-8")
    register = tmp_path / "register.json"
    register.write_text(json.dumps(REGISTER), encoding="utf-8")
    out, report = tmp_path / "out.txt", tmp_path / "report.json"
    code = cli_main(
        [str(source), "--register", str(register), "--out", str(out), "--report", str(report)]
    )
    assert code == 0
    assert out.read_text(encoding="utf-8") == "Child A met Dr [name] at [address]."
    body = json.loads(report.read_text(encoding="utf-8"))
    original = source.read_text(encoding="utf-8")
    assert all(original[s["start"] : s["end"]] == s["original"] for s in body["spans"])
    assert "Wrote" in capsys.readouterr().out


def test_the_command_line_reports_errors_without_a_traceback(tmp_path, capsys):
    register = tmp_path / "register.json"
    register.write_text("[", encoding="utf-8")
    code = cli_main(
        [str(tmp_path / "in.txt"), "--register", str(register), "--out", str(tmp_path / "o")]
    )
    assert code == 1
    assert "Error:" in capsys.readouterr().err


# --- edge cases found while benchmarking -------------------------------------------------


def test_a_named_house_with_its_village_is_an_address():
    assert run("Home visit to Rose Cottage, Ballaugh by the IDVA.", {}) == (
        "Home visit to [address] by the IDVA."
    )


def test_an_email_address_with_accented_letters_is_detected():
    assert run("Email <joão.ferreira40@gmail.com> today.", {}) == "Email <[email]> today."


def test_an_ordinary_word_name_beside_another_name_is_a_name():
    assert run("Lee and Kerry-Ann were often at the house.", {}) == (
        "[name] and [name] were often at the house."
    )


def test_a_name_right_after_an_ni_number_ending_in_a_letter_is_still_replaced():
    out = run("His NI number is ZX 43 38 77 D. Shannon Santos visited.", {})
    assert out == "His NI number is [NI number]. [name] visited."


def test_a_surname_with_a_particle_is_one_name():
    register = {"people": [{"pseudonym": "Father", "names": ["Juan Dela Cruz"]}]}
    assert run("Mr Dela Cruz and J. Dela Cruz spoke.", register) == "Father and Father spoke."


def test_pathological_input_is_processed_in_linear_time():
    import time

    started = time.perf_counter()
    anonymise("Aa-" * 5000 + "A " * 20000 + "Ballabrooie " * 5000)
    assert time.perf_counter() - started < 5
