"""Same events as agencies really write them (issue #13): messages sent and received, agencies
naming each other, meetings attended or not, times written inside the note.

Each test pairs an event written two ways with a look-alike that must stay apart.
"""

import datetime as dt

from manx_learning.lib.chronology import Entry, assign_same_events

POLICE = "Isle of Man Constabulary"
MASH = "Multi-Agency Safeguarding Hub (MASH)"
CSC = "Children and Families Social Work"
HOSPITAL = "Noble's Hospital Emergency Department"
GP = "Ramsey Group Practice"
HV = "Health Visiting Team"
SCHOOL = "Ballakermeen High School"
MARAC = "MARAC Coordinator"
IDVA = "IDVA Service"


def note(agency, day, time, text):
    hour_minute = dt.time(*map(int, time.split(":"))) if time else None
    return Entry(dt.date(2023, 5, day), hour_minute, agency, "system", text)


def linked(entries, first, second):
    assign_same_events(entries)
    return bool(entries[first].same_event) and (
        entries[first].same_event == entries[second].same_event
    )


def test_a_notice_sent_and_received_days_later_is_one_event():
    entries = [
        note(POLICE, 6, "22:40", "DA call-out to address, male arrested for assault."),
        note(POLICE, 7, "08:15", "Protection notice (PPN) for the two children shared with MASH."),
        note(MASH, 9, "10:30", "PPN received about weekend incident; research checks begun."),
        note(POLICE, 16, "09:00", "PPN shared with MASH after second call-out."),
    ]
    assert linked(entries, 1, 2)
    assert not linked(entries, 2, 3)  # a later notice is a different message
    assert not linked(entries, 0, 2)  # the message is not the incident it is about


def test_a_message_noted_before_it_was_sent_is_not_that_message():
    entries = [
        note(GP, 10, "09:00", "Letter from HV re weight faltering, filed."),
        note(HV, 10, "15:00", "Letter to GP re weight faltering."),
    ]
    assert not linked(entries, 0, 1)


def test_a_letter_read_with_no_sending_entry_stays_apart_from_the_attendance():
    entries = [
        note(HOSPITAL, 3, "19:10", "Seen in ED with wrist injury after fall, X-ray normal."),
        note(GP, 5, "11:00", "Letter from ED received: wrist injury, X-ray normal."),
    ]
    assert not linked(entries, 0, 1)


def test_one_letter_to_two_agencies_is_one_event_for_all_three():
    entries = [
        note(CSC, 2, "16:00", "Assessment outcome letters sent to GP and school."),
        note(GP, 4, "09:30", "Letter from social care: assessment closed, no further action."),
        note(SCHOOL, 5, None, "Received letter from CSC - assessment closed."),
    ]
    groups = assign_same_events(entries)
    assert [len(group) for group in groups] == [3]


def test_a_call_made_and_the_call_taken_are_one_event():
    entries = [
        note(HOSPITAL, 11, "15:02", "Rang CSC duty desk about unexplained bruising."),
        note(CSC, 11, "15:10", "ED registrar phoned - bruising to infant's ear."),
        note(CSC, 11, "15:40", "Mum phoned to ask when the visit will be."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 0, 2)


def test_a_letter_from_one_hospital_department_is_not_another_departments_letter():
    entries = [
        note("Paediatrics, Noble's Hospital", 3, "12:00", "Clinic letter to GP."),
        note(GP, 5, "09:00", "Letter received from ED: attended with a scald, discharged."),
    ]
    assert not linked(entries, 0, 1)


def test_a_call_and_the_meeting_it_led_to_are_two_events():
    entries = [
        note(POLICE, 9, "11:35", "Telephone call to CSC duty team to share concerns."),
        note(CSC, 9, "12:00", "Strategy discussion held with police, threshold met."),
    ]
    assert not linked(entries, 0, 1)


def test_two_agencies_naming_each_other_within_minutes_record_one_contact():
    entries = [
        note(POLICE, 20, "01:05", "Officers took the boy to Noble's, handed over at triage."),
        note(HOSPITAL, 20, "01:14", "Arrived with police, head wound cleaned and glued."),
        note(HOSPITAL, 23, "18:30", "Returned with police for wound check."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 0, 2)  # another attendance, days later


def test_naming_each_other_hours_apart_is_not_enough():
    entries = [
        note(POLICE, 20, "09:00", "Spoke to hospital safeguarding nurse about the boy."),
        note(HOSPITAL, 20, "14:30", "Police asked for a copy of the notes."),
    ]
    assert not linked(entries, 0, 1)


def test_an_agency_that_did_not_attend_a_meeting_is_not_part_of_it():
    entries = [
        note(CSC, 14, "10:00", "ICPC held: both children subject to CP plans."),
        note(HV, 14, "10:00", "ICPC attended, HV report shared."),
        note(GP, 14, "10:00", "Unable to attend ICPC; report sent to chair."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 0, 2)


def test_early_help_meetings_are_meetings():
    entries = [
        note(CSC, 8, "13:00", "EHA meeting held at the family centre, plan agreed."),
        note(HV, 8, None, "Early help assessment meeting - HV contributed health update."),
    ]
    assert linked(entries, 0, 1)


def test_a_meeting_agencys_own_note_of_the_meeting_is_the_meeting():
    entries = [
        note(MARAC, 17, "10:00", "Case heard. Actions agreed with police and housing."),
        note(IDVA, 17, "10:00", "MARAC: victim's views shared by IDVA."),
        note(MARAC, 18, "11:00", "Minutes circulated."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 1, 2)


def test_a_time_written_in_the_note_counts_as_the_events_time():
    entries = [
        note(POLICE, 12, "11:40", "Joint visit with social worker to the flat, children seen."),
        note(CSC, 12, "16:20", "Late note: joint visit with police at 11:30, children seen."),
    ]
    assert linked(entries, 0, 1)
    entries[1].event = "Late note: joint visit with police, children seen."
    assert not linked(entries, 0, 1)  # hours apart, and nothing says when it happened
