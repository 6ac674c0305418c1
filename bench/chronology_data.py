"""Synthetic multi-agency chronologies with known shared events, for tests and the benchmark.

Every shared event (a strategy discussion, an ICPC, an ED attendance, a joint visit, a MARAC, ...)
is written up by two to four agencies in their own words, with the wording, abbreviations, times
and occasional late (next-day) entries that real chronologies show. Around them sit single-agency
entries, some of them deliberately confusable with a shared event on the same day: a health
visitor's own home visit on the day of a joint visit, a call to arrange a strategy discussion,
a GP reading the ED discharge letter the next day.

The truth is kept per (file name, row number), so that precision and recall of the same-event
labels in a merged chronology can be measured. Everything is deterministic for a given seed.

Nothing here imports Django or the code under test, so the data cannot bend to fit the detector.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# --- Agencies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    name: str
    file: str
    role: str
    time_rate: float  # how often this agency records a time
    staff: tuple[str, ...]


AGENCIES: tuple[Agency, ...] = (
    Agency("Isle of Man Constabulary", "police.csv", "police", 0.95, ("PC 214 Kermode", "DS Quayle", "DC Kinvig")),  # noqa: E501
    Agency("Manx Care Children and Families", "childrens-social-care.csv", "csc", 0.55, ("SW J Cregeen", "SW A Moore", "TM P Kelly")),  # noqa: E501
    Agency("Noble's Hospital Emergency Department", "emergency-department.csv", "ed", 0.95, ("Dr Corkill", "Staff Nurse Teare")),  # noqa: E501
    Agency("Peel Group Practice", "gp.csv", "gp", 0.6, ("Dr Gawne", "Dr Shimmin")),
    Agency("Health Visiting Service", "health-visiting.csv", "hv", 0.4, ("HV R Clucas", "HV S Faragher")),  # noqa: E501
    Agency("Ballakermeen High School", "school.csv", "school", 0.2, ("DSL Mrs Kelly", "Head of Year Mr Corlett")),  # noqa: E501
    Agency("School Nursing Service", "school-nursing.csv", "schoolnurse", 0.3, ("SN Callister",)),
    Agency("Housing Division", "housing.csv", "housing", 0.3, ("Housing Officer Radcliffe",)),
    Agency("Isle of Man Probation Service", "probation.csv", "probation", 0.5, ("PO Crellin",)),
    Agency("Drug and Alcohol Team", "drug-alcohol.csv", "drugs", 0.5, ("Keyworker Skillicorn",)),
    Agency("Adult Mental Health Service", "mental-health.csv", "mentalhealth", 0.5, ("CPN Christian",)),  # noqa: E501
    Agency("Isle of Man Ambulance Service", "ambulance.csv", "ambulance", 0.95, ("Paramedic Watterson",)),  # noqa: E501
    Agency("Independent Domestic Violence Advisers", "idva.csv", "dasupport", 0.4, ("IDVA Cain",)),
    Agency("Youth Justice Team", "youth-justice.csv", "youthjustice", 0.4, ("YJ Worker Costain",)),
    Agency("Education Welfare Service", "education-welfare.csv", "ewo", 0.3, ("EWO Kneale",)),
    Agency("Midwifery Service", "midwifery.csv", "midwifery", 0.5, ("Midwife Craine",)),
    Agency("Paediatrics, Noble's Hospital", "paediatrics.csv", "paediatrics", 0.7, ("Dr Qualtrough",)),  # noqa: E501
    Agency("Early Help and Support", "early-help.csv", "earlyhelp", 0.3, ("Family Worker Mylchreest",)),  # noqa: E501
    Agency("Adult Social Care", "adult-social-care.csv", "adultsc", 0.4, ("SW Lewin",)),
    Agency("Isle of Man Fire and Rescue Service", "fire.csv", "fire", 0.9, ("Watch Manager Joughin",)),  # noqa: E501
)  # fmt: skip
AGENCY_BY_ROLE = {agency.role: agency for agency in AGENCIES}

# --- Wording ------------------------------------------------------------------------------------

SLOTS: dict[str, tuple[str, ...]] = {
    "child": ("Child A", "Child B", "CA", "the child", "Child A (aged 4)", "the children"),
    "parent": ("Mother", "Mum", "Ms K", "Father", "Mr K", "mother's partner"),
    "injury": (
        "bruising to left cheek",
        "fractured wrist",
        "burn to right hand",
        "head injury after reported fall",
        "suspected ingestion of tablets",
        "laceration to forehead",
        "bite mark on forearm",
    ),
    "concern": (
        "bruising seen at nursery",
        "disclosure of being hit by father",
        "neglect and poor home conditions",
        "domestic abuse at the family home",
        "missing overnight",
        "parental drug use",
        "sexualised behaviour at school",
    ),
    "category": ("neglect", "physical abuse", "emotional abuse", "sexual abuse"),
    "conditions": (
        "poor, little food in the house",
        "adequate",
        "cluttered but safe",
        "very poor, dog faeces on floor",
        "cold, no electricity on meter",
    ),
    "place": ("a friend's address in Douglas", "Ramsey harbour", "Peel promenade", "Onchan park"),
    "ref": ("IOM-21-1174", "ref 2231/21", "occ 88412", "log 356"),
    "ailment": (
        "cough",
        "ear infection",
        "eczema",
        "rash",
        "low mood",
        "back pain",
        "asthma review",
    ),
}

#: Slots that describe the event itself, so every agency recording it shares them.
FACT_SLOTS = frozenset({"injury", "concern", "category", "conditions", "place"})

#: Shared event types: who records them and how each kind of agency words them.
#: "*" holds the wording any other participant uses.
SHARED: dict[str, dict[str, tuple[str, ...]]] = {
    "strategy": {
        "csc": (
            "Strategy discussion held with police and health re {child}. Threshold for s46 met.",
            "Strategy meeting convened following {concern}. Agreed single agency police investigation.",  # noqa: E501
            "S47 strategy discussion chaired by TM. Outcome: s46 enquiry to be undertaken.",
            "Strategy discussion re {concern}; agreed to convene ICPC.",
            "Strat discussion with DS and named nurse - {child} to be seen today",
        ),
        "police": (
            "Strat disc with CSC re {concern}. Joint s46 agreed. {ref}",
            "DS attended strategy meeting at Children and Families offices",
            "Strategy discussion (telephone) with SW; police to lead investigation into {concern}",
            "Took part in s46 strategy meeting, crime recorded {ref}",
        ),
        "*": (
            "Safeguarding nurse participated in strategy discussion re {child}; information shared",
            "Named nurse attended strategy meeting. Action: visit within 5 days",
            "Joined strategy discussion via Teams re {child}",
            "Took part in strategy meeting about {concern}",
            "Strategy mtg attended, info shared re {parent}",
        ),
    },
    "icpc": {
        "csc": (
            "ICPC held. {child} made subject of CP plan under category of {category}.",
            "Initial child protection conference: decision CP plan ({category})",
            "Initial Child Protection Conference chaired by IRO; plan agreed, core group set",
        ),
        "police": (
            "Police report submitted and DC attended ICPC. Outcome: CP plan",
            "Attended initial CP conference re {child}",
        ),
        "*": (
            "Attended ICPC; report shared. CP plan agreed ({category})",
            "ICPC attended by safeguarding lead, {child} now subject to a plan",
            "Report provided for initial case conference, worker present",
            "Attended Initial Child Protection Conference for {child}",
            "Initial conference attended - {parent}'s engagement discussed",
        ),
    },
    "rcpc": {
        "csc": (
            "Review child protection conference: plan continues under {category}",
            "RCPC held - CP plan ended, step down to child in need",
        ),
        "*": (
            "Attended RCPC; progress on plan discussed",
            "Review conference attended, {child} remains on plan",
            "Attended review CP conference, report shared",
        ),
    },
    "ed": {
        "ed": (
            "{child} brought to ED by {parent} with {injury}. Safeguarding checklist completed.",
            "Attended Emergency Department: {injury}. Discharged home.",
            "A&E attendance - {injury}; explanation inconsistent with injury, paeds informed",
        ),
        "ambulance": (
            "999 call; crew attended and conveyed {child} to ED with {injury}",
            "Ambulance conveyed patient to A&E, {injury}",
        ),
        "police": (
            "Officers attended A&E following report of {injury} to {child}",
            "Police called to ED re {child}: {injury}, {parent} spoken to",
        ),
        "*": (
            "Seen by paediatric registrar in ED: {injury}, skeletal survey requested",
            "Paeds review in emergency department for {injury}",
        ),
    },
    "visit": {
        "csc": (
            "Joint home visit with police: {child} seen, home conditions {conditions}",
            "JV with PC to family home; children seen and spoken to alone",
            "Home visit jointly with police following strategy discussion; {conditions}",
        ),
        "police": (
            "Joint visit with social worker to family home; {child} spoken to",
            "Attended address with SW for joint visit, conditions {conditions}",
        ),
        "*": (
            "Joint home visit with SW, {child} seen; home {conditions}",
            "Joint visit to the family home with social worker re {concern}",
        ),
    },
    "marac": {
        "police": (
            "Case heard at MARAC; actions: flag address, {ref}",
            "MARAC meeting: case discussed, safety plan for {parent}",
        ),
        "dasupport": (
            "IDVA presented case at MARAC; {parent} assessed as high risk",
            "Multi-agency risk assessment conference held, IDVA to continue support",
        ),
        "*": (
            "Attended MARAC; information shared about {parent}",
            "Case discussed at MARAC - sanctuary scheme agreed",
            "MARAC: agency actions noted for {parent}",
        ),
    },
    "coregroup": {
        "csc": (
            "Core group meeting held; plan reviewed",
            "Core group - actions updated, {concern}",
        ),
        "*": (
            "Attended core group; {child}'s attendance discussed",
            "Core group meeting attended, progress on plan",
        ),
    },
    "domestic": {
        "police": (
            "Officers attended domestic incident at home address, {parent} injured. {ref}",
            "DA incident reported by neighbour; {parent} arrested",
        ),
        "ambulance": (
            "Crew attended domestic incident, {parent} treated at scene",
            "Called by police to domestic abuse incident; patient treated for {injury}",
        ),
        "*": ("Attended domestic incident with police at family home",),
    },
    "missing": {
        "police": (
            "Missing person report for {child}; found at {place}",
            "{child} reported missing by {parent}, located at {place} and returned home",
        ),
        "csc": (
            "{child} reported missing from home overnight; found by police at {place}",
            "Missing episode: {child} located at {place}",
        ),
        "*": ("{child} missing overnight, located by police at {place}",),
    },
    # Events no phrase list names: only the words can link them.
    "call": {
        "police": (
            "Telephone call to CSC duty team to share concerns about {child}: {concern}",
            "Phoned Children and Families re {concern}",
        ),
        "csc": (
            "Call received from police re concerns about {child}: {concern}",
            "Telephone call from police about {concern}",
        ),
        "*": ("Telephone call with social worker to share concerns re {concern}",),
    },
}

#: Which agencies take part in each shared event: (always, possible extras).
PARTICIPANTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "strategy": (("csc", "police"), ("hv", "gp", "school", "paediatrics", "schoolnurse", "midwifery")),  # noqa: E501
    "icpc": (("csc",), ("police", "school", "gp", "hv", "probation", "drugs", "mentalhealth", "dasupport")),  # noqa: E501
    "rcpc": (("csc",), ("school", "gp", "hv", "drugs", "earlyhelp", "schoolnurse")),
    "ed": (("ed",), ("ambulance", "police", "paediatrics")),
    "visit": (("csc",), ("police", "hv", "ewo", "earlyhelp")),
    "marac": (("police", "dasupport"), ("csc", "housing", "probation", "mentalhealth", "gp")),
    "coregroup": (("csc",), ("school", "hv", "gp", "drugs", "earlyhelp")),
    "domestic": (("police",), ("ambulance", "fire")),
    "missing": (("police",), ("csc", "youthjustice", "school")),
    "call": (("police", "csc"), ()),
}  # fmt: skip
SHARED_WEIGHTS = {
    "strategy": 14, "icpc": 8, "rcpc": 6, "ed": 14, "visit": 12, "marac": 8, "coregroup": 10,
    "domestic": 10, "missing": 8, "call": 10,
}  # fmt: skip

#: Day-to-day entries of one agency. Some name an event type on purpose.
SINGLE: dict[str, tuple[str, ...]] = {
    "police": (
        "Concern for welfare call from neighbour, officers attended, no offences",
        "{parent} reported theft of bicycle {ref}",
        "Anti-social behaviour report at address, words of advice given",
        "Vulnerable adult report submitted regarding {parent}",
        "Intelligence received about visitors to the address",
    ),
    "csc": (
        "Telephone call to {parent} to arrange visit",
        "Supervision with team manager - case discussed",
        "Case allocated to social worker",
        "Home visit by SW alone, {child} seen, {conditions}",
        "Letter sent to {parent} re missed appointment",
        "Child in need plan reviewed",
        "Email to school requesting attendance figures",
    ),
    "ed": (
        "{parent} attended ED with {ailment}, discharged",
        "Did not wait to be seen in ED",
    ),
    "gp": (
        "GP appointment: {child} seen with {ailment}",
        "{parent} did not attend appointment",
        "Repeat prescription issued for {parent}",
        "Telephone consultation with {parent}, {ailment}",
        "Immunisations given",
        "Letter received from ED: attended with {injury}, discharged",
    ),
    "hv": (
        "Home visit by HV: {child} weighed, development on track",
        "HV contact by phone with {parent}, no concerns raised",
        "New birth visit completed",
        "{parent} not in for planned home visit, card left",
        "Clinic attendance, growth plotted",
    ),
    "school": (
        "{child} absent, no reason given",
        "DSL logged concern: {child} hungry and tired",
        "Attendance meeting with {parent}",
        "{child} excluded for one day following incident with peer",
        "DSL phoned SW to ask about outcome of strategy meeting",
    ),
    "schoolnurse": (
        "Health needs assessment completed",
        "Drop-in: {child} discussed worries about home",
    ),
    "housing": (
        "Rent arrears letter sent to {parent}",
        "Repairs inspection at property: damp reported",
        "Notice seeking possession served",
    ),
    "probation": (
        "Supervision appointment with {parent} attended",
        "{parent} failed to attend probation appointment",
    ),
    "drugs": (
        "Keywork session with {parent}: reports reduced use",
        "Urine screen positive for opiates",
        "{parent} did not attend keywork session",
    ),
    "mentalhealth": ("CPN visit to {parent}: mood low, medication reviewed", "Outpatient review"),
    "ambulance": ("999 call for {parent}: chest pain, conveyed to hospital", "Fall at home, no injury"),  # noqa: E501
    "dasupport": ("IDVA phone contact with {parent}: safety plan updated", "Risk assessment (DASH) completed"),  # noqa: E501
    "youthjustice": ("Referral order panel meeting", "Session with {child} on victim awareness"),
    "ewo": ("Attendance letter sent to {parent}", "Home visit by EWO re school attendance, no answer"),  # noqa: E501
    "midwifery": ("Antenatal appointment attended", "Booking appointment, social history taken"),
    "paediatrics": ("Outpatient clinic: {child} growth review", "Paediatric letter to GP"),
    "earlyhelp": ("Family support session at home", "Parenting course session attended by {parent}"),  # noqa: E501
    "adultsc": ("Care needs assessment for {parent}", "Carer's assessment offered"),
    "fire": ("Home fire safety visit completed", "Smoke alarm fitted"),
}  # fmt: skip

#: Entries that look like a shared event's type but are a different event: (role, text, offset).
#: They are placed beside a shared event of the given type, by an agency not taking part.
CONFUSABLE: dict[str, tuple[tuple[str, str, int], ...]] = {
    "strategy": (
        ("school", "DSL phoned SW to ask about outcome of strategy meeting", 0),
        ("gp", "Request from CSC for information for strategy discussion, sent", 0),
        ("hv", "Informed by SW that strategy discussion had taken place", 1),
    ),
    "visit": (
        ("hv", "Home visit by HV: {child} weighed, {conditions}", 0),
        ("ewo", "Home visit by EWO re school attendance, no answer", 0),
    ),
    "ed": (
        ("gp", "Letter received from ED: attended with {injury}, discharged", 1),
        ("schoolnurse", "Notification of ED attendance received, {injury}", 1),
    ),
    "icpc": (("gp", "Invitation to ICPC received, report requested", 0),),
    "marac": (("gp", "MARAC flag added to records", 1),),
}


# --- Generation ---------------------------------------------------------------------------------


@dataclass
class Row:
    date: dt.date
    time: dt.time | None
    agency: Agency
    event: str
    practitioner: str
    truth: str = ""  # the shared event's id, blank for single-agency entries


@dataclass
class Synthetic:
    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))

    def truth(self) -> dict[tuple[str, int], str]:
        """Shared-event ids by (file name, row number) as the files are written (header = 1)."""
        return {
            (file, number): row.truth
            for file, rows in self.rows.items()
            for number, row in enumerate(sorted(rows, key=_row_order), start=2)
            if row.truth
        }

    @property
    def size(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def generate(
    seed: int,
    *,
    shared_events: int,
    single_entries: int | None = None,
    total_entries: int | None = None,
    days: int,
    start: dt.date = dt.date(2019, 1, 7),
    confusable_rate: float = 0.2,
    late_rate: float = 0.08,
    agencies: Iterable[Agency] = AGENCIES,
) -> Synthetic:
    """A chronology over ``days`` days: shared events, then single-agency entries.

    Give ``single_entries``, or ``total_entries`` to top the chronology up to an exact size.
    """
    rng = random.Random(seed)
    available = {agency.role for agency in agencies}
    data = Synthetic()
    taken: set[tuple[str, dt.date]] = set()
    for number in range(1, shared_events + 1):
        kind = rng.choices(list(SHARED_WEIGHTS), weights=list(SHARED_WEIGHTS.values()))[0]
        day = _free_day(rng, kind, start, days, taken)
        taking_part = _add_shared(rng, data, f"T{number}", kind, day, available, late_rate)
        if taking_part and rng.random() < confusable_rate and kind in CONFUSABLE:
            _add_confusable(rng, data, kind, day, available - taking_part)
    roles = sorted(available)
    if single_entries is None:
        single_entries = max(0, (total_entries or 0) - data.size)
    for _ in range(single_entries):
        agency = AGENCY_BY_ROLE[rng.choice(roles)]
        day = start + dt.timedelta(days=rng.randrange(days))
        text = _fill(rng, rng.choice(SINGLE[agency.role]))
        data.rows[agency.file].append(_row(rng, agency, day, _random_minute(rng), text))
    return data


def _free_day(
    rng: random.Random, kind: str, start: dt.date, days: int, taken: set[tuple[str, dt.date]]
) -> dt.date:
    """A day with no other shared event of this kind the day before, on, or after.

    A family does not have two strategy discussions or two MARACs in two days; without this the
    truth would call such random coincidences different events that no reader could separate.
    """
    for _ in range(50):
        day = start + dt.timedelta(days=rng.randrange(days))
        nearby = {(kind, day + dt.timedelta(days=offset)) for offset in (-1, 0, 1)}
        if not nearby & taken:
            break
    taken.add((kind, day))
    return day


def _add_shared(
    rng: random.Random,
    data: Synthetic,
    event_id: str,
    kind: str,
    day: dt.date,
    available: set[str],
    late_rate: float,
) -> set[str]:
    """Add one shared event; return the roles of the agencies that recorded it."""
    always, extras = PARTICIPANTS[kind]
    roles = [role for role in always if role in available]
    extras = [role for role in extras if role in available]
    roles += rng.sample(extras, k=min(len(extras), rng.choice((0, 0, 1, 1, 2))))
    if len(roles) < 2:
        roles += rng.sample([role for role in extras if role not in roles], k=1) if extras else []
    if len(roles) < 2:
        return set()
    minute = _event_minute(rng, kind)
    # The facts (injury, concern, place) are the event's; each agency names people its own way.
    facts = {slot: rng.choice(values) for slot, values in SLOTS.items() if slot in FACT_SLOTS}
    for position, role in enumerate(roles):
        agency = AGENCY_BY_ROLE[role]
        wording = SHARED[kind].get(role, SHARED[kind]["*"])
        text = _fill(rng, rng.choice(wording), facts)
        late = position > 0 and rng.random() < late_rate
        recorded_day, recorded_minute = day, _jitter(rng, minute)
        if late:
            # Written up the next day: the date and time are when the note was made.
            recorded_day += dt.timedelta(days=1)
            recorded_minute = rng.randrange(8 * 60, 17 * 60)
            text = rng.choice(("(Late entry) ", "Yesterday: ", "")) + text
        row = _row(rng, agency, recorded_day, recorded_minute, text)
        row.truth = event_id
        data.rows[agency.file].append(row)
    return set(roles)


def _add_confusable(
    rng: random.Random, data: Synthetic, kind: str, day: dt.date, available: set[str]
) -> None:
    options = [option for option in CONFUSABLE[kind] if option[0] in available]
    if not options:
        return
    role, text, offset = rng.choice(options)
    agency = AGENCY_BY_ROLE[role]
    recorded = day + dt.timedelta(days=offset)
    data.rows[agency.file].append(
        _row(rng, agency, recorded, _random_minute(rng), _fill(rng, text))
    )


def _row(rng: random.Random, agency: Agency, day: dt.date, minute: int, text: str) -> Row:
    time = None
    if rng.random() < agency.time_rate:
        time = dt.time(minute // 60, minute % 60)
    return Row(day, time, agency, _noise(rng, text), rng.choice(agency.staff))


def _fill(rng: random.Random, template: str, facts: Mapping[str, str] | None = None) -> str:
    values = {slot: rng.choice(choices) for slot, choices in SLOTS.items()}
    return template.format(**(values | dict(facts or {})))


def _noise(rng: random.Random, text: str) -> str:
    """Typing slips and shouting, as in real records."""
    roll = rng.random()
    if roll < 0.03 and len(text) > 10:
        position = rng.randrange(1, len(text) - 2)
        return text[:position] + text[position + 1] + text[position] + text[position + 2 :]
    if roll < 0.05:
        return text.upper()
    return text


def _event_minute(rng: random.Random, kind: str) -> int:
    if kind in {"ed", "domestic", "missing"}:
        return rng.randrange(0, 24 * 60 - 90)
    return rng.randrange(9 * 60, 16 * 60)


def _jitter(rng: random.Random, minute: int) -> int:
    """Agencies record a shared event at slightly different times; a few record it much later."""
    shift = rng.randrange(60, 150) if rng.random() < 0.05 else rng.randrange(-40, 41)
    return min(max(minute + shift, 0), 24 * 60 - 1) // 5 * 5


def _random_minute(rng: random.Random) -> int:
    return rng.randrange(7 * 60, 22 * 60) // 5 * 5


def _row_order(row: Row) -> tuple[dt.date, dt.time]:
    return row.date, row.time or dt.time(0, 0)


# --- Writing files ------------------------------------------------------------------------------

#: Date and time styles seen in agency spreadsheets, cycled through the agencies.
DATE_STYLES = ("%d/%m/%Y", "%Y-%m-%d", "{d}/{m}/%Y", "%d-%m-%Y", "%d.%m.%Y")
HEADER_STYLES = (
    ("date", "time", "agency", "source", "event", "practitioner"),
    ("Date", "Time", "Agency", "Source", "Event", "Practitioner"),
    (" DATE ", "TIME", "AGENCY", "SOURCE", "EVENT", "PRACTITIONER"),
    ("Date", "Agency", "Source", "Event", "Time", "Practitioner"),
)


def write_files(data: Synthetic, directory: Path, *, varied: bool = True) -> list[Path]:
    """Write one CSV per agency, in agency order; ``varied`` mixes date, header and file styles."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, agency in enumerate(AGENCIES):
        rows = data.rows.get(agency.file)
        if not rows:
            continue
        style = index if varied else 0
        path = directory / agency.file
        _write_agency_file(path, agency, sorted(rows, key=_row_order), style)
        paths.append(path)
    return paths


def _write_agency_file(path: Path, agency: Agency, rows: list[Row], style: int) -> None:
    header = HEADER_STYLES[style % len(HEADER_STYLES)]
    date_style = DATE_STYLES[style % len(DATE_STYLES)]
    encoding = "utf-8-sig" if style % 3 == 1 else "utf-8"
    line_end = "\r\n" if style % 2 else "\n"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator=line_end)
        writer.writerow(header)
        for row in rows:
            values = {
                "date": _format_date(row.date, date_style),
                "time": _format_time(row.time, style),
                "agency": agency.name,
                "source": "Case notes",
                "event": row.event,
                "practitioner": row.practitioner,
            }
            writer.writerow(values[name.strip().lower()] for name in header)


def _format_date(day: dt.date, style: str) -> str:
    return day.strftime(style.replace("{d}", str(day.day)).replace("{m}", str(day.month)))


def _format_time(time: dt.time | None, style: int) -> str:
    if time is None:
        return ""
    return time.strftime("%H:%M:%S" if style % 4 == 3 else "%H:%M")


# --- Scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    predicted_pairs: int
    true_pairs: int


def pairwise_score(
    labels: Mapping[tuple[str, int], str], truth: Mapping[tuple[str, int], str]
) -> Score:
    """Precision and recall of "these two entries record the same event" over all entry pairs.

    ``labels`` maps (file, row) to the same-event label given by the merger (blank for none),
    ``truth`` maps (file, row) to the shared-event id from the generator.
    """
    predicted = _pairs(labels)
    true = _pairs(truth)
    hits = len(predicted & true)
    return Score(
        precision=hits / len(predicted) if predicted else 1.0,
        recall=hits / len(true) if true else 1.0,
        predicted_pairs=len(predicted),
        true_pairs=len(true),
    )


def _pairs(labels: Mapping[tuple[str, int], str]) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, label in labels.items():
        if label:
            groups[label].append(key)
    return {
        (left, right) if left < right else (right, left)
        for members in groups.values()
        for i, left in enumerate(members)
        for right in members[i + 1 :]
    }


def labelled_set(seed: int = 20240607) -> Synthetic:
    """The labelled set the tests and the benchmark report precision and recall on."""
    return generate(seed, shared_events=600, single_entries=4000, days=3 * 365)
