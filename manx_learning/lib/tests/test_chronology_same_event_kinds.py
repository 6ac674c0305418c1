"""Same events as agencies really write them (issue #13): messages sent and received, agencies
naming each other, meetings attended or not, times written inside the note.

Each test pairs an event written two ways with a look-alike that must stay apart.
"""

from manx_learning.lib.chronology import assign_same_events
from manx_learning.lib.tests.factories import linked, note

POLICE = "Isle of Man Constabulary"
MASH = "Multi-Agency Safeguarding Hub (MASH)"
CSC = "Children and Families Social Work"
HOSPITAL = "Noble's Hospital Emergency Department"
GP = "Ramsey Group Practice"
HV = "Health Visiting Team"
SCHOOL = "Ballakermeen High School"
MARAC = "MARAC Coordinator"
IDVA = "IDVA Service"


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


def test_naming_each_other_up_to_an_hour_apart_needs_the_same_facts():
    entries = [
        note(POLICE, 21, "22:10", "Officers took Kyle to Noble's with a cut to his left eyebrow."),
        note(HOSPITAL, 21, "23:00", "Brought in by police: cut to left eyebrow, steri-stripped."),
        note(HOSPITAL, 21, "23:05", "Police asked for the name of the nurse on shift."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 0, 2)


def test_a_date_only_note_naming_the_other_agency_needs_the_same_facts():
    entries = [
        note(CSC, 24, "14:00", "With HV at the flat: new cot bought, kitchen cleaned, mum calmer."),
        note(HV, 24, None, "Seen at home with SW - new cot bought."),
        note(HV, 24, None, "SW asked for growth chart."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 0, 2)


def test_urgent_care_and_out_of_hours_doctors_are_agencies_of_their_own():
    entries = [
        note("GP Out of Hours Service", 13, "21:10", "Phoned UCC: mum bringing Amy in."),
        note("Urgent Care Centre", 13, "21:25", "Call from OOH GP: 2 year old with rash on way."),
        note(GP, 13, "21:20", "Rang urgent care about a different patient."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 1, 2)


def test_adult_social_workers_are_named_as_sw_and_the_mash_as_social_care():
    entries = [
        note("Adult Social Care", 4, "10:00", "Call from police about Mr Quine found collapsed."),
        note(POLICE, 4, "09:50", "Phoned SW duty: Mr Quine found collapsed, needs a care review."),
        note(POLICE, 5, "08:00", "DA notification sent to children's social care."),
        note(MASH, 6, "09:00", "Police notification received; checks started."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)


def test_a_referral_form_and_a_message_left_are_messages():
    entries = [
        note(SCHOOL, 15, "12:00", "MARF submitted to MASH about bruised arm."),
        note(MASH, 16, "09:10", "MARF received from school: bruise to upper arm."),
        note(HV, 15, "16:00", "Left a message for the GP about the missed immunisations."),
        note(GP, 16, "08:40", "Message from HV re missed immunisations."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)


def test_meetings_under_their_short_names():
    entries = [
        note(CSC, 19, "10:00", "CGM held, plan reviewed."),
        note(SCHOOL, 19, "10:00", "Core group - attendance figures given."),
        note(CSC, 26, "14:00", "CP conf: plan to continue."),
        note(HV, 26, None, "Child protection conference attended."),
        note(POLICE, 27, "09:00", "Strat call with CSC and health."),
        note(HV, 27, "09:00", "Strategy discussion by phone."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)
    assert linked(entries, 4, 5)


def test_a_request_and_a_transfer_are_messages_too():
    entries = [
        note(CSC, 1, "10:00", "Asked police to do a welfare check on Mr Kewley."),
        note(POLICE, 1, "11:30", "Request from social care: welfare check on Mr Kewley."),
        note(MASH, 1, "16:00", "Case transferred to the CSC locality team."),
        note(CSC, 3, "09:00", "Transfer from MASH received, allocated to SW Teare."),
        note(CSC, 1, "15:00", "Asked about nursery place for the baby."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)
    assert not linked(entries, 1, 4)


def test_a_cp_medical_an_abe_interview_and_police_protection_happen_once_a_day():
    entries = [
        note(CSC, 8, "11:00", "CP medical at Noble's, SW present."),
        note("Paediatrics, Noble's Hospital", 8, None, "Safeguarding medical: bruises consistent."),
        note(POLICE, 9, "15:00", "ABE interview of Jack at the suite."),
        note(CSC, 9, "15:30", "Joint interview with DC Kelly."),
        note(POLICE, 10, "02:10", "Both children taken into police protection."),
        note(CSC, 10, None, "EDT: children placed in police protection overnight, carers found."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)
    assert linked(entries, 4, 5)


def test_a_message_received_without_its_sender_named_matches_the_one_sent_to_that_agency():
    entries = [
        note(HV, 2, "10:00", "Referral to MASH sent re neglect concerns."),
        note(MASH, 3, "09:00", "Referral received re neglect, checks started."),
        note(SCHOOL, 2, "11:00", "Referral to MASH sent about lateness."),
        note(MASH, 3, "10:00", "Referral received from school re lateness."),
        note(HV, 20, "10:00", "Letter sent to MASH with growth charts."),
        note(MASH, 24, "09:00", "Letter received with growth charts."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)
    assert not linked(entries, 0, 3)
    assert not linked(entries, 4, 5)  # four days on, with no sender named: too weak


def test_therapy_refuge_and_probation_services_are_recognised_agencies():
    entries = [
        note("Speech and Language Therapy", 6, "13:30", "Session in school with the SENCO."),
        note("Department of Education SEN Team", 6, "13:35", "SENCO met the SALT about Ben."),
        note("Women's Refuge", 7, "20:00", "Police brought Ms Corkill and baby to the refuge."),
        note(POLICE, 7, "19:45", "Ms Corkill and baby taken to refuge by officers."),
        note(
            "Community Rehabilitation Company", 8, "10:00", "Rang police re Mr Kerruish's curfew."
        ),
        note(POLICE, 8, "10:05", "Call from CRC offender manager re curfew of Mr Kerruish."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)
    assert linked(entries, 4, 5)


def test_care_providers_community_nurses_and_mental_health_teams_are_recognised_agencies():
    entries = [
        note("Thie Veg Nursing Home", 4, "10:02", "Rang 999 for Mr Quine, fall in lounge."),
        note("Isle of Man Ambulance Service", 4, "10:03", "999 - nursing home, 80M fallen, ?hip."),
        note("Thie Veg Nursing Home", 4, "14:00", "Rang surgery re Mr Quine's tablets."),
        note(
            "District Nursing Service", 9, "11:10", "Task sent to GP - leg ulcer dressing review."
        ),
        note(GP, 9, "11:40", "Task from DN - leg ulcer dressing review."),
        note(GP, 12, "15:00", "Rang crisis team - urgent review asked, low mood."),
        note("Adult Mental Health Service", 12, "15:05", "Call from GP - urgent review, low mood."),
        note(GP, 12, "16:00", "Rang the pharmacy about a repeat prescription."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 1, 2)  # the later call to the surgery is not the 999 call
    assert linked(entries, 3, 4)
    assert linked(entries, 5, 6)
    assert not linked(entries, 6, 7)


def test_a_ward_names_the_hospital_and_a_coroners_officer_the_police():
    entries = [
        note("Noble's Hospital", 3, "14:20", "Police officer visited pt on the ward."),
        note(POLICE, 3, "14:05", "Visited victim on Ward 2 - too drowsy to give an account."),
        note(POLICE, 5, "10:00", "Coroner's officer informed GP practice by phone of the death."),
        note(GP, 5, "10:10", "Coroner's officer rang - patient died at home."),
        note(GP, 5, "10:30", "Pharmacist rang about a repeat prescription."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)
    assert not linked(entries, 2, 4)


def test_adult_safeguarding_meetings_mdts_and_mental_health_act_assessments():
    asc = "Adult Social Care"
    mental_health = "Adult Mental Health Service"
    entries = [
        note(asc, 8, "10:00", "S42 planning meeting on Teams - provider, CPN, police."),
        note(POLICE, 8, "10:00", "Section 42 strategy discussion - no crime, support ASC."),
        note(mental_health, 8, "10:00", "S42 review - CPN dialled in."),
        note(asc, 15, "11:00", "MDT at the family home, daughter present."),
        note("District Nursing Service", 15, "11:00", "Attended multi-disciplinary meeting."),
        note(asc, 20, "16:00", "AMHP: Mental Health Act assessment at home, admitted informally."),
        note(mental_health, 20, "16:30", "MHA assessment with the AMHP - informal admission."),
        note(HOSPITAL, 20, "17:30", "Attended ED with a cut hand."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 0, 2)  # a review meeting is not the planning meeting
    assert linked(entries, 3, 4)
    assert linked(entries, 5, 6)
    assert not linked(entries, 5, 7)


def test_a_conferences_own_note_listing_reports_received_is_the_conference():
    entries = [
        note(GP, 12, "16:00", "Report for ICPC sent to CSC - unable to attend."),
        note(CSC, 14, "10:00", "ICPC held - plans agreed. Reports from GP, school, HV."),
        note(HV, 14, "10:00", "ICPC - HV attended in person."),
    ]
    assert linked(entries, 1, 2)
    assert not linked(entries, 0, 1)


def test_concerns_raised_orders_placed_copies_and_letters_named_by_their_sender_are_messages():
    asc = "Adult Social Care"
    entries = [
        note("District Nursing Service", 3, "10:00", "Safeguarding concern raised to ASC - sore."),
        note(asc, 3, "14:00", "Safeguarding concern rec'd from district nurses, screening."),
        note("Noble's Hospital", 4, "09:00", "Order placed with community equipment store: hoist."),
        note("Community Equipment Store", 4, "11:00", "Order rec'd from Noble's OT - hoist."),
        note(asc, 10, "15:00", "Not eligible. Outcome letter to patient, copy CMHT."),
        note("Adult Mental Health Service", 13, None, "ASC outcome letter rec'd, filed."),
        note(HOSPITAL, 17, "14:00", "Discharge letter to GP - sprained ankle, no follow up."),
        note(GP, 21, None, "ED letter - sprained ankle, noted."),
    ]
    assert linked(entries, 0, 1)
    assert linked(entries, 2, 3)
    assert linked(entries, 4, 5)
    assert linked(entries, 6, 7)


def test_a_phone_call_is_not_the_letter_read_later_and_a_meeting_to_arrange_is_not_held():
    entries = [
        note(GP, 6, "12:50", "Phoned CSC duty to say baby sent up to hospital."),
        note("Noble's Hospital", 6, "13:40", "Arrived on children's ward with GP letter, X-ray."),
        note(MASH, 8, "10:20", "Open case - emailed to the allocated SW."),
        note(
            CSC, 9, "12:30", "Email from MASH read: new partner. Strategy discussion to be set up."
        ),
    ]
    assert not linked(entries, 0, 1)
    assert linked(entries, 2, 3)


def test_a_notice_sent_without_naming_its_receiver_matches_the_receipt_that_names_the_sender():
    entries = [
        note(POLICE, 10, "09:00", "PPN submitted - Amy (3) present at DA incident."),
        note(MASH, 11, "10:00", "PPN rec'd from police (09/05) - Amy present at incident."),
        note(POLICE, 20, "09:00", "Referral form completed re Amy."),
        note(HV, 20, "15:00", "Referral received re Amy, new family to area."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 2, 3)  # neither names the other agency


def test_a_receipt_naming_the_sending_date_may_come_a_week_later():
    paeds = "Noble's Hospital Paediatric Department"
    entries = [
        note(paeds, 2, "14:00", "Clinic DNA. Letter to GP, rebooked."),
        note(GP, 10, "10:00", "Paeds DNA letter (02/05) - noted."),
        note(paeds, 12, "14:00", "Clinic attended. Letter to GP."),
        note(GP, 21, "10:00", "Paeds letter - noted."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 2, 3)  # nine days on and undated: not taken as that letter


def test_one_notice_read_by_two_agencies_that_do_not_name_the_sender_is_one_event():
    entries = [
        note("Maternity Services", 1, "08:30", "Birth notification sent to HV + GP, baby girl."),
        note(HV, 2, "09:10", "Birth notification rec'd."),
        note(GP, 2, "14:20", "New birth notification rec'd - baby registered."),
    ]
    groups = assign_same_events(entries)
    assert [len(group) for group in groups] == [3]


def test_an_agency_named_by_its_own_name_is_named():
    entries = [
        note("Thie Veg Nursing Home", 2, "09:30", "Emailed SW - asking for a review of Mr Quine."),
        note("Adult Social Care", 3, "11:00", "Email from Thie Veg manager - review of Mr Quine."),
        note("Ramsey Group Practice", 9, "10:00", "Rang HV re missed immunisations."),
        note(HV, 9, "10:05", "Mum says moving to Ramsey next week; new address noted."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 2, 3)  # a town is not the practice's own name


def test_sexual_health_telecare_and_youth_justice_are_recognised_agencies():
    entries = [
        note("Community Alarm Service", 6, "02:10", "Pendant activation - fallen. Rang ambulance."),
        note(
            "Isle of Man Ambulance Service", 6, "02:12", "Call from telecare - man fallen at home."
        ),
        note("Community Alarm Service", 6, "05:00", "Pendant activation - pressed in error."),
        note(POLICE, 8, "15:00", "Email to YJT re Jay's arrest."),
        note("Youth Justice Team", 8, "16:30", "Email from police - Jay arrested."),
        note("Sexual Health Clinic", 9, "11:00", "Rang SW re young person seen today."),
        note(CSC, 9, "11:05", "Call from sexual health nurse re girl seen at clinic."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 1, 2)
    assert linked(entries, 3, 4)
    assert linked(entries, 5, 6)


def test_a_marf_to_an_agency_is_a_message_sent():
    entries = [
        note(HV, 19, "16:00", "MARF to CSC - home conditions, missed appointments."),
        note(CSC, 20, "09:15", "MARF from HV (19/05) - home conditions."),
        note(HV, 19, "16:30", "MARF form started, to finish tomorrow."),
    ]
    assert linked(entries, 0, 1)
    assert not linked(entries, 1, 2)


def test_no_concerns_is_the_end_of_a_visit_note_not_a_concern_passed_on():
    entries = [
        note(POLICE, 2, "21:46", "Attended A&E with child, no concerns with SW present."),
        note(CSC, 3, "19:02", "Letter received from police about the A&E attendance."),
        note(POLICE, 9, "10:00", "Concerns shared with SW about bruising."),
        note(CSC, 9, "11:30", "Concerns received from police re bruising."),
    ]
    assert not linked(entries, 0, 1)  # found by the property test: a letter is not the visit
    assert linked(entries, 2, 3)
