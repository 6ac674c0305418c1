"""Pattern detectors for identifiers the register missed: contact details, numbers, places.

Each detector takes the text and returns candidate spans with offsets into it; overlaps are
settled later (see spans.resolve). Names are found separately (names.py) because they need
word-level context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import phonenumbers
from stdnum.gb import nhs

from .dates import DATE_OR_MONTH_RE
from .lexicon import Lexicon, loose_phrase, phrase_pattern, words
from .spans import Priority, Span, make_span

PLACEHOLDERS = {
    "name": "[name]",
    "address": "[address]",
    "phone": "[phone]",
    "email": "[email]",
    "nhs_number": "[NHS number]",
    "ni_number": "[NI number]",
    "date_of_birth": "[date of birth]",
    "school": "[school]",
    "postcode": "[postcode]",
    "web_address": "[web address]",
}

# --- e-mail, web addresses, social media handles -------------------------------------------

# Local parts may hold any letters ("joão.ferreira@…"): mail systems accept them now.
EMAIL_RE = re.compile(r"(?<![\w.+-])[^\W_][\w.%+'-]*@[^\W_][\w-]*(?:\.[\w-]+)*\.[A-Za-z]{2,}")
URL_RE = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"').,;:\]]")
HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{2,29}(?![\w@])")
# Public-body sites name no family: keep their links.
_PUBLIC_DOMAINS = (".gov.im", "gov.im", ".gov.uk", ".nhs.uk", "safeguardingboard.im", ".police.uk")


def detect_contact(text: str) -> list[Span]:
    """E-mail addresses, personal web links and social media handles."""
    spans = [
        make_span(text, m.start(), m.end(), PLACEHOLDERS["email"], "email", confidence=0.99)
        for m in EMAIL_RE.finditer(text)
    ]
    for m in URL_RE.finditer(text):
        host = re.sub(r"^(?:https?://)?", "", m.group()).split("/")[0].casefold()
        if not host.endswith(_PUBLIC_DOMAINS):
            spans.append(
                make_span(
                    text,
                    m.start(),
                    m.end(),
                    PLACEHOLDERS["web_address"],
                    "web_address",
                    confidence=0.9,
                )
            )
    spans.extend(
        make_span(
            text,
            m.start(),
            m.end(),
            PLACEHOLDERS["name"],
            "name",
            confidence=0.7,
            note="social media handle",
        )
        for m in HANDLE_RE.finditer(text)
    )
    return spans


# --- telephone numbers -------------------------------------------------------------------

# A run of digits with the separators people use; phonenumbers then decides.
PHONE_CANDIDATE_RE = re.compile(r"(?<![\w+/.])(?:\+|00)?\(?\d[\d\s().\-]{7,20}\d(?![\w/])")
LOCAL_PHONE_RE = re.compile(
    r"\b(?:tel|telephone|phone|phoned|mobile|mob|landline|number|call|called|rang|ring|text|"
    r"texted|contact)\b[^.\n\d]{0,25}(?<![\d])(\d{3}[\s-]?\d{3})(?![\d\w])",
    re.IGNORECASE,
)


def detect_phones(text: str) -> list[Span]:
    """UK and Isle of Man numbers (01624 …, 07624 …, +44 1624 …), international numbers, and
    six-digit island numbers written without the 01624 code when a word says they are numbers."""
    spans: list[Span] = []
    for cand in PHONE_CANDIDATE_RE.finditer(text):
        spans.extend(phones_in(text, cand.start(), cand.group()))
    for m in LOCAL_PHONE_RE.finditer(text):
        spans.append(
            make_span(
                text,
                m.start(1),
                m.end(1),
                PLACEHOLDERS["phone"],
                "phone",
                confidence=0.6,
                note="six-digit local number",
            )
        )
    return spans


def phones_in(text: str, offset: int, candidate: str) -> Iterator[Span]:
    """Phone numbers inside one digit run ``candidate`` found at ``offset`` of ``text``."""
    for match in phonenumbers.PhoneNumberMatcher(
        candidate, "GB", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        raw = match.raw_string
        digits = re.sub(r"\D", "", raw)
        international = raw.lstrip("(").startswith(("+", "00"))
        # Dates and NHS numbers look like numbers too: a UK number starts with 0, or +44.
        if not international and not (raw.lstrip("(").startswith("0") and 10 <= len(digits) <= 11):
            continue
        number = match.number
        if not phonenumbers.is_possible_number(number):
            continue
        valid = phonenumbers.is_valid_number(number)
        region = phonenumbers.region_code_for_number(number)
        start = match.start + (1 if raw.startswith("(") and ")" not in raw else 0)
        yield make_span(
            text,
            offset + start,
            offset + match.end,
            PLACEHOLDERS["phone"],
            "phone",
            confidence=0.95 if valid else 0.75,
            note=f"region {region}" if region else "",
        )


def phone_key(value: str) -> str | None:
    """E.164 form of a register phone value, for matching any written form of it."""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- NHS and National Insurance numbers --------------------------------------------------

NHS_RE = re.compile(r"(?<![\w+])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w])")
_NHS_CONTEXT_RE = re.compile(r"\b(?:NHS|CHI|health)\b[^.\n]{0,25}$", re.IGNORECASE)

NI_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Z])([A-Z])\s?(\d{2})\s?(\d{2})\s?(\d{2})(?:\s?([A-D]))?(?![A-Za-z0-9])"
)
_NI_CONTEXT_RE = re.compile(
    r"\b(?:national\s+insurance|insurance|NI|NINO|N\.I\.)\b[^.\n]{0,30}$", re.IGNORECASE
)
_NI_BAD_FIRST = set("DFIQUV")
_NI_BAD_SECOND = set("DFIOQUV")
_NI_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def detect_numbers(text: str) -> list[Span]:
    """NHS numbers (check digit via python-stdnum) and National Insurance numbers."""
    spans: list[Span] = []
    for m in NHS_RE.finditer(text):
        context = bool(_NHS_CONTEXT_RE.search(text, max(0, m.start() - 40), m.start()))
        if nhs.is_valid(m.group()) or context:
            spans.append(
                make_span(
                    text,
                    m.start(),
                    m.end(),
                    PLACEHOLDERS["nhs_number"],
                    "nhs_number",
                    confidence=0.95 if nhs.is_valid(m.group()) else 0.8,
                    priority=Priority.DETECTED + 2,
                )
            )
    for m in NI_RE.finditer(text):
        first, second, suffix = m.group(1), m.group(2), m.group(6)
        context = bool(_NI_CONTEXT_RE.search(text, max(0, m.start() - 60), m.start()))
        allocated = (
            first not in _NI_BAD_FIRST
            and second not in _NI_BAD_SECOND
            and first + second not in _NI_BAD_PREFIXES
        )
        # Without context, demand a suffix letter: "AB 12 34 56" alone could be anything, but two
        # letters, three pairs of digits and a suffix is the NI shape even for specimen prefixes
        # (QQ 12 34 56 C) that HMRC never allocates and that test documents love.
        if context or suffix:
            spans.append(
                make_span(
                    text,
                    m.start(),
                    m.end(),
                    PLACEHOLDERS["ni_number"],
                    "ni_number",
                    confidence=0.9 if allocated and suffix else 0.75,
                    priority=Priority.DETECTED + 2,
                )
            )
    return spans


# --- postcodes ---------------------------------------------------------------------------

POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?\s?\d[ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])"
)
# Island postcodes are also written in lower case ("im2 4nr").
IM_POSTCODE_RE = re.compile(r"(?<![A-Za-z0-9])IM\d{1,2}\s?\d[A-Z]{2}(?![A-Za-z0-9])", re.I)


def detect_postcodes(text: str) -> list[Span]:
    """UK postcodes in every format, including Isle of Man IM postcodes."""
    seen = set()
    spans: list[Span] = []
    for pattern in (POSTCODE_RE, IM_POSTCODE_RE):
        for m in pattern.finditer(text):
            if m.start() not in seen:
                seen.add(m.start())
                spans.append(
                    make_span(
                        text,
                        m.start(),
                        m.end(),
                        PLACEHOLDERS["postcode"],
                        "postcode",
                        confidence=0.9,
                    )
                )
    return spans


# --- street addresses --------------------------------------------------------------------

STREET_WORDS = words(
    "Road Rd Street St Drive Dr Close Avenue Ave Crescent Cres Lane Ln Terrace Tce Park Way "
    "View Court Ct Mews Place Pl Hill Grove Gardens Gdns Square Sq Walk Row Rise Parade "
    "Promenade Prom Estate Green Meadow Meadows Heights Vale Brow Fields Bank Croft Wynd Quay "
    "Villas Cottages Mount Boulevard Broadway Corner Chase Glen Brae"
)
# Street words that are also everyday nouns ("the Family Court", "a Safety Way"): without a
# house number they count only after "on", "at", "lived in"…
_AMBIGUOUS_STREET_WORDS = frozenset(
    words(
        "court park hill view way place green bank mount corner chase glen rise row walk estate "
        "st dr ct pl fields meadow meadows heights"
    )
)
# Manx street names often put the street word first: "Cronk Drean", "Reayrt ny Baie".
_MANX_STREET_HEADS = "Cronk|Reayrt|Croit|Magher|Lhergy|Close|Thie|Balla|Bayr|Slieau|Ard"

# Bounded repeats keep the scan linear on pathological input ("Aa-Aa-Aa-…").
_NAME_WORD = r"(?:St\.?|[A-Z][A-Za-z'\u2019]{0,30}(?:-[A-Za-z][A-Za-z'\u2019]{0,30}){0,3})"
_CONNECTOR = r"(?:\s+(?:y|e|ny|le|yn|ne|na|of|de)\s+|\s+)"
# No trailing dot: "Ballabrooie Dr." at the end of a sentence keeps its full stop.
_STREET_WORD = r"(?:" + "|".join(sorted(STREET_WORDS, key=len, reverse=True)) + r")"
_HOUSE = (
    r"(?:(?:Flat|Apartment|Apt|Unit|Room)\.?\s*\d+[A-Za-z]?\s*,?\s*)?"
    r"\b\d{1,4}[A-Za-z]?(?:\s?-\s?\d{1,4})?\s*,?\s+"
)
_STREET = (
    rf"(?:{_NAME_WORD}(?:{_CONNECTOR}{_NAME_WORD}){{0,3}}\s+{_STREET_WORD}"
    rf"|(?:{_MANX_STREET_HEADS})(?:{_CONNECTOR}{_NAME_WORD}){{1,3}})(?![\w'])"
)
NUMBERED_ADDRESS_RE = re.compile(_HOUSE + _STREET)
# Named houses: "Rose Cottage", "Ballavarvane Farm", "Thie Veg" (Manx: little house).
_HOUSE_WORD = r"(?:Farm|Farmhouse|Cottage|Cottages|House|Lodge|Barn|Mill|Villa|Bungalow|Croft)"
HOUSE_NAME_RE = re.compile(
    rf"(?<![\w'])(?:{_NAME_WORD}\s+){{1,2}}{_HOUSE_WORD}(?![\w'])|(?<![\w'])Thie\s+{_NAME_WORD}"
)
STREET_ONLY_RE = re.compile(r"(?<![\w'\u2019])" + _STREET)
_ADDRESS_CONTEXT_RE = re.compile(
    r"\b(?:on|at|in|along|off|near|from|to|into|of|address|lived|lives|living|moved|"
    r"resides|resided|residing|flat|house|property|home)\s*[:,]?\s*(?:the\s+)?$",
    re.IGNORECASE,
)


@cache
def _tail_re(lex: Lexicon) -> re.Pattern[str]:
    """A town and/or postcode after a street: ", Douglas", ", Onchan, IM3 1AB"."""
    towns = phrase_pattern(lex.place_phrases).pattern
    return re.compile(
        rf"(?:\s*,?\s*{towns})?(?:\s*,?\s*(?:{POSTCODE_RE.pattern}|{IM_POSTCODE_RE.pattern}))?",
    )


def detect_addresses(text: str, lex: Lexicon) -> list[Span]:
    """Street addresses: house number + street, known island streets, estates and districts."""
    spans: list[Span] = []
    tail = _tail_re(lex)
    for m in NUMBERED_ADDRESS_RE.finditer(text):
        if _all_ordinary(m.group(), lex, numbered=True):
            continue
        end = _extend(tail, text, m.end())
        spans.append(_address(text, m.start(), end, 0.9))
    for m in STREET_ONLY_RE.finditer(text):
        if _street_only_plausible(text, m, lex):
            spans.append(_address(text, m.start(), _extend(tail, text, m.end()), 0.75))
    for m in HOUSE_NAME_RE.finditer(text):
        end = _extend(tail, text, m.end())
        context = _ADDRESS_CONTEXT_RE.search(text, max(0, m.start() - 30), m.start())
        if (end > m.end() or context) and not _all_ordinary(m.group(), lex, numbered=False):
            spans.append(_address(text, m.start(), end, 0.75, note="house name"))
    for m in _streets_re(lex).finditer(text):
        start = _house_number_before(text, m.start())
        spans.append(
            _address(text, start, _extend(tail, text, m.end()), 0.9, Priority.DETECTED + 1)
        )
    for m in _localities_re(lex).finditer(text):
        spans.append(
            _address(
                text,
                m.start(),
                m.end(),
                0.6,
                Priority.DETECTED_NAME,
                note="estate or district: check it is needed",
            )
        )
    return spans


def _address(
    text: str,
    start: int,
    end: int,
    confidence: float,
    priority: int = Priority.DETECTED,
    note: str = "",
) -> Span:
    return make_span(
        text,
        start,
        end,
        PLACEHOLDERS["address"],
        "address",
        confidence=confidence,
        priority=priority,
        note=note,
    )


def _extend(tail: re.Pattern[str], text: str, end: int) -> int:
    m = tail.match(text, end)
    return m.end() if m and m.end() > end else end


_HOUSE_BEFORE_RE = re.compile(
    r"(?:(?:Flat|Apartment|Apt)\.?\s*\d+[A-Za-z]?\s*,?\s*)?\d{1,4}[A-Za-z]?\s*,?\s+$"
)


def _house_number_before(text: str, start: int) -> int:
    m = _HOUSE_BEFORE_RE.search(text, max(0, start - 30), start)
    return m.start() if m else start


def _words(phrase: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", phrase)


def _all_ordinary(phrase: str, lex: Lexicon, *, numbered: bool) -> bool:
    """ "3 Family Court hearings": every word before the street word is an agency/role word."""
    head = [w.casefold() for w in _words(phrase)][:-1]
    if not head:
        return True
    if numbered:
        return all(w in _ORDINARY_BEFORE_STREET for w in head)
    return all(w in _ORDINARY_BEFORE_STREET or w in lex.keep_words for w in head)


_ORDINARY_BEFORE_STREET = frozenset(
    words(
        "family youth juvenile high summary crown county coroner's magistrates magistrates' "
        "the a an his her their our and or car police care nursing day play theme skate"
    )
)


def _street_only_plausible(text: str, m: re.Match[str], lex: Lexicon) -> bool:
    """A street name with no house number: "lived on Ballaquayle Road", not "the Family Court"."""
    found = _words(m.group())
    street_word = found[-1].casefold().rstrip(".")
    head = found[:-1]
    if not head or _all_ordinary(m.group(), lex, numbered=False):
        return False
    in_context = bool(_ADDRESS_CONTEXT_RE.search(text, max(0, m.start() - 30), m.start()))
    unusual = any(w.casefold() not in lex.english for w in head if w.casefold() != "st")
    if street_word in _AMBIGUOUS_STREET_WORDS:
        return in_context and unusual
    return in_context or unusual


@cache
def _streets_re(lex: Lexicon) -> re.Pattern[str]:
    return phrase_pattern(lex.streets)


@cache
def _localities_re(lex: Lexicon) -> re.Pattern[str]:
    # Title case only: "pulrose" in lower case would be odd, and "Heywood" is a surname too.
    return re.compile(
        r"(?<![\w'])(?:" + "|".join(loose_phrase(p) for p in lex.localities) + r")(?![\w'])"
    )


def address_pattern(value: str, lex: Lexicon) -> re.Pattern[str] | None:
    """Pattern for a register address in its usual variants: with or without the town and
    postcode, case and spacing relaxed, common abbreviations (Rd, St, Dr…) allowed."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts:
        return None
    first = parts[0]
    rest = parts[1:]
    if len(parts) > 1 and re.fullmatch(
        r"(?:Flat|Apartment|Apt|Unit)\.?\s*\d+\w?|\d+\w?", first, re.I
    ):
        first = f"{first} {parts[1]}"  # "Flat 2, 14 Ballabrooie Drive" / "14, Ballabrooie Drive"
        rest = parts[2:]
    core = _abbreviation_tolerant(first)
    optional = "".join(rf"(?:\s*,?\s*{loose_phrase(p)})?" for p in rest)
    return re.compile(rf"(?<![\w'])(?:{core}){optional}(?![\w'])", re.IGNORECASE)


_ABBREVIATIONS = {
    "road": "rd",
    "street": "st",
    "drive": "dr",
    "avenue": "ave",
    "crescent": "cres",
    "terrace": "tce",
    "gardens": "gdns",
    "court": "ct",
    "place": "pl",
    "lane": "ln",
    "close": "cl",
    "square": "sq",
    "promenade": "prom",
}


def _abbreviation_tolerant(street: str) -> str:
    """ "14 Ballabrooie Drive" → also "14, Ballabrooie Dr." and "Ballabrooie Drive" alone."""
    out = []
    for i, word in enumerate(street.split()):
        short = _ABBREVIATIONS.get(word.casefold())
        if short:
            out.append(rf"(?:{re.escape(word)}|{short})")
        elif i == 0 and re.fullmatch(r"\d+\w?", word):
            out.append(rf"(?:{re.escape(word)}\s*,?\s+)?")
            continue
        else:
            out.append(loose_phrase(word))
        out.append(r"\s+")
    return "".join(out).removesuffix(r"\s+")


# --- schools -----------------------------------------------------------------------------

_SCHOOL_TAIL = (
    r"(?:Primary\s+School|Primary|High\s+School|Secondary\s+School|Grammar\s+School|"
    r"Infants?\s+School|Junior\s+School|Middle\s+School|Special\s+School|School|College|"
    r"Academy|Nursery|Pre-?[Ss]chool|Playgroup)"
)
SCHOOL_RE = re.compile(
    rf"(?<![\w'])(?:{_NAME_WORD}(?:{_CONNECTOR}{_NAME_WORD}){{0,4}})\s+{_SCHOOL_TAIL}(?![\w'])"
)
SCOILL_RE = re.compile(r"(?<![\w'])(?:Scoill|Bunscoill)(?:\s+(?:yn|ny|le|[A-Z][\w'-]*)){1,3}")
_GENERIC_SCHOOL_WORDS = frozenset(
    words(
        "the a an his her their our primary high secondary junior infant infants special local "
        "new previous current former catholic sunday boarding medical nursing royal further "
        "education mainstream independent private state grammar middle village island manx and of "
        "de le y e ny this that same each every another child children family school college "
        "nursery forest alternative provision residential community open on in at from"
    )
)


def detect_schools(text: str, lex: Lexicon) -> list[Span]:
    """Named schools: the island's schools by name or short form, and "X Primary School"."""
    spans = [
        make_span(
            text,
            m.start(),
            m.end(),
            PLACEHOLDERS["school"],
            "school",
            confidence=0.9,
            priority=Priority.DETECTED + 1,
        )
        for m in _schools_re(lex).finditer(text)
    ]
    for m in SCHOOL_RE.finditer(text):
        start = _trim_generic_head(text, m)
        if start is not None:
            spans.append(
                make_span(text, start, m.end(), PLACEHOLDERS["school"], "school", confidence=0.85)
            )
    spans.extend(
        make_span(text, m.start(), m.end(), PLACEHOLDERS["school"], "school", confidence=0.85)
        for m in SCOILL_RE.finditer(text)
    )
    return spans


def _trim_generic_head(text: str, m: re.Match[str]) -> int | None:
    """Drop leading words like "The"/"her"; None when no distinctive word is left."""
    found = list(re.finditer(r"St\.?|[A-Za-z][A-Za-z'\u2019-]*", m.group()))
    tail = re.search(_SCHOOL_TAIL + r"$", m.group())
    tail_words = len(re.findall(r"[A-Za-z-]+", tail.group())) if tail else 0
    head = found[: len(found) - tail_words]
    for i, w in enumerate(head):
        if w.group().casefold().rstrip(".") not in _GENERIC_SCHOOL_WORDS:
            if w.group().casefold() in {"st", "st."} and i == len(head) - 1:
                return None
            return m.start() + w.start()
    return None


@cache
def _schools_re(lex: Lexicon) -> re.Pattern[str]:
    names = []
    for school in lex.schools:
        names.append(school.name)
        names.extend(school.short_forms)
    return phrase_pattern(names)


def school_variants(value: str, lex: Lexicon) -> list[str]:
    """A register school also goes by shorter names: "Ballacottier Primary School" →
    "Ballacottier Primary", "Ballacottier School", "Ballacottier" (but never "Ramsey" alone
    for Ramsey Grammar School: a town, a word or a name alone is not the school)."""
    m = re.fullmatch(rf"(?P<core>.+?)\s+{_SCHOOL_TAIL}", value.strip())
    if not m:
        return [value]
    core = m.group("core")
    variants = [value, f"{core} School", f"{core} Primary", f"{core} High School"]
    folded = core.casefold()
    if not (
        folded in _GENERIC_SCHOOL_WORDS
        or folded in lex.places
        or lex.is_word(folded)
        or lex.is_known_name(folded)
        or folded in lex.keep_words
        or (" " in core and all(w in lex.places or lex.is_word(w) for w in folded.split()))
    ):
        variants.append(core)
    return variants


# --- dates of birth ----------------------------------------------------------------------

DOB_RE = re.compile(
    r"(?:\b(?:born|(?-i:b\.))\s+(?:on\s+|in\s+)?(?:the\s+)?"
    r"|\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s+date|birthday)(?:\s*(?:[:\-\u2013]|is|was|of|on))?\s*\(?)"
    rf"(?P<date>{DATE_OR_MONTH_RE.pattern.removeprefix('(?<![\\w/.\\-])')})",
    re.IGNORECASE,
)


def detect_births(text: str) -> list[Span]:
    """Dates of birth the register missed: "born on 3 March 2015", "DOB 03/03/2015"."""
    return [
        make_span(
            text,
            m.start("date"),
            m.end("date"),
            PLACEHOLDERS["date_of_birth"],
            "date_of_birth",
            confidence=0.9,
            priority=Priority.DETECTED + 1,
        )
        for m in DOB_RE.finditer(text)
    ]
