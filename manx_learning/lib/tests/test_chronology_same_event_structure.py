"""Same events recognised by the shape of the notes rather than their words (issue #13).

One agency says the other was there, a person passed from one agency to the next, a call from a
caller the receiver does not name, and times written in the text counting for less than note
times. Each test pairs an event written two ways with a look-alike that must stay apart.
"""

from manx_learning.lib.tests.factories import linked, note

POLICE = "Isle of Man Constabulary"
CSC = "Children and Families Social Work"
HOSPITAL = "Noble's Hospital Emergency Department"
PAEDS = "Noble's Hospital Paediatric Department"
AMBULANCE = "Isle of Man Ambulance Service"
CARE_HOME = "Glenfaba Lodge Care Home"
GP = "Ramsey Group Practice"
HV = "Health Visiting Team"


def test_a_note_saying_the_other_agency_was_there_is_that_agency_s_note_minutes_apart():
    entries = [
        note(AMBULANCE, 3, "11:02", "At property. Pt on floor, pain R hip, obs stable."),
        note(CARE_HOME, 3, "11:05", "Crew arrived, Mr B assessed in lounge."),
        note(AMBULANCE, 9, "14:00", "Pt refused conveyance, safety netting given."),
        note(CARE_HOME, 9, "14:10", "Family visited, Mr B in good spirits."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 2, 3)  # the care home names nobody: two notes, not one event


def test_a_note_naming_an_agency_without_saying_it_was_there_is_not_enough():
    entries = [
        note(AMBULANCE, 4, "02:00", "Call for Mr B, chest pain, conveyed to hospital."),
        note(HOSPITAL, 4, "02:05", "Seen in department with a cut hand, sutured."),
        note(POLICE, 5, "09:00", "Officers present at Noble's ED, bruising seen."),
        note(HOSPITAL, 5, "09:10", "Bruising to both arms documented, body map done."),
    ]
    assert not linked(entries, 0, 1)
    assert linked(entries, 2, 3)


def test_a_person_discharged_to_an_agency_and_arriving_there_is_one_transfer():
    entries = [
        note(HOSPITAL, 8, "13:20", "Discharged to Glenfaba Lodge by patient transport."),
        note(CARE_HOME, 8, "15:05", "Back from Noble's, tired, ate a little supper."),
        note(HOSPITAL, 20, "10:00", "Discharged to Glenfaba Lodge."),
        note(CARE_HOME, 20, "18:30", "Returned from Noble's."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 2, 3)  # eight and a half hours later: not that journey


def test_a_call_to_an_agency_and_its_note_of_an_unnamed_caller_are_one_call():
    entries = [
        note(PAEDS, 11, "15:30", "Discussed with SW by phone - missed clinic, medication."),
        note(CSC, 11, "15:35", "Dr Kinvig rang - missed clinic, medication concerns."),
        note(GP, 12, "10:00", "Discussed with SW by phone - repeat prescription."),
        note(CSC, 12, "11:30", "Dr Kinvig rang - asking for a copy of the plan."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 2, 3)  # ninety minutes apart: two calls


def test_a_time_written_in_the_text_counts_for_less_than_the_note_times():
    entries = [
        note(
            HOSPITAL,
            14,
            "06:10",
            "Arrived by ambulance, bruising to face, police informed, pronounced 07:14.",
        ),
        note(HOSPITAL, 14, "07:05", "DS Quayle in dept, injuries discussed with him."),
        note(POLICE, 14, "07:15", "DS attended Noble's ED, bruising to face seen."),
    ]
    assert linked(entries, 1, 2)
    assert not linked(entries, 0, 2)


def test_a_call_from_a_third_agency_does_not_link_the_agencies_it_mentions():
    entries = [
        note(HOSPITAL, 21, "05:40", "Brought in by crew, police informed."),
        note(
            POLICE, 21, "05:20", "Call from ambulance control - woman collapsed, taken to Noble's."
        ),
        note(AMBULANCE, 21, "05:15", "999 call, informed police."),
    ]
    assert not linked(entries, 0, 1)
