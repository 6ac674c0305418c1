"""Deterministic generator of labelled, synthetic case-review text for the anonymiser benchmark.

Every person, address and number here is invented. The generator has its OWN name, street and
school lists, written separately from the anonymiser's data files; many of its names are absent
from those files on purpose (the benchmark reports recall on them as "held out").

Each document is built from segments; a segment is plain text or a labelled item:
    kind  = "register"  (a value the register lists, in some written form)
          | "detected"  (an identifier the register does not list)
          | "keep"      (agency, role, month, weekday, town: must survive)
    category = name / address / phone / email / nhs_number / ni_number / date_of_birth /
               school / postcode / agency / role / month / weekday / town
Usage: python bench/anonymiser_corpus/generate.py [--docs N] [--seed S] [--out corpus.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field


def words(text: str, sep: str | None = None) -> list[str]:
    return [w.strip() for w in text.split(sep) if w.strip()]


# --- the generator's own lists (not the anonymiser's) -------------------------------------

FIRST_NAMES_F = words(
    "Leanne Tracey Kirsty Gemma Stacey Donna Hayley Amanda Claire Rhiannon Tegan Shannon "
    "Jolene Caitlyn Kirsten Tayla Macey Lexi Breesha Aalin Fenella Ealish Moirrey Niamh "
    "Chantelle Kerry-Ann Sinead Roisin Lacey Demi Bethan Carys Keeley Marnie Paris"
)
FIRST_NAMES_M = words(
    "Jayden Kieran Liam Darren Craig Wayne Shaun Lee Ryan Callum Brody Corey Rowan Kaiden "
    "Tyler Jenson Reuben Alfie Orry Illiam Juan Fintan Cormac Dillon Ellis Kenzie Taylor Rhys "
    "Lennon Mackenzie"
)
NICKNAMES = {
    "Jayden": "Jay",
    "Kieran": "Kez",
    "Callum": "Cal",
    "Rowan": "Ro",
    "Alfie": "Alf",
    "Tegan": "Teg",
    "Mackenzie": "Kenz",
    "Rhiannon": "Rhi",
    "Kirsten": "Kirst",
}
SURNAMES = words(
    "Kinrade|Quayle|Kermode|Cregeen|Kinvig|Corlett|Callister|Faragher|Clague|Cannell|"
    "Gelling|Quilliam|Qualtrough|Shimmin|Teare|Skillicorn|Crellin|Kewley|Kneale|Costain|"
    "Sayle|Karran|Mylchreest|Corkill|Kissack|Clucas|Craine|Kelly|Moore|Quirk|Kinnish|"
    "Quaye|Corrin|Cashin|Kegeen|Mylrea|Lewin|Crowe|Pemberton|Ashworth|Thornton|Whitfield|"
    "Braithwaite|Holden|Fairclough|Entwistle|Hargreaves|Sowerby|Nuttall|Greenhalgh|"
    "Kowalski|Nowak|Popescu|Santos|Dela Cruz",
    sep="|",
)
PRACTITIONER_TITLES = ["Dr", "PC", "DC", "Sgt", "Nurse", "Mrs", "Mr", "Ms", "Miss", "DS"]
TOWNS = words(
    "Douglas|Ramsey|Peel|Castletown|Onchan|Port Erin|Laxey|Port St Mary|Ballasalla|"
    "Kirk Michael|Foxdale|Andreas",
    sep="|",
)
AGENCIES = words(
    "Isle of Man Constabulary|Manx Care|Noble's Hospital|Children and Families Division|"
    "the Department of Education, Sport and Culture|"
    "the Department of Health and Social Care|the Safeguarding Board|Housing Services|"
    "the Probation Service|the Emergency Department|the Multi-Agency Safeguarding Hub|"
    "Women's Aid|the Community Mental Health Service|Manx Drug and Alcohol Service|"
    "Ramsey District Cottage Hospital|the Family Court",
    sep="|",
)
ROLES = words(
    "health visitor|GP|social worker|school nurse|midwife|paediatrician|"
    "family support worker|police officer|head teacher|team manager|SENCO|housing officer|"
    "IDVA|community psychiatric nurse|probation officer",
    sep="|",
)
MONTHS = words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
STREET_HEADS = ["Balla", "Cronk", "Glen", "Slieau", "Ard", "Thie", "Close"]
STREET_STEMS = words(
    "brooie quayle keeill varran moar drine crink faagh curn whaltey vitchel nard mona darragh"
)
ENGLISH_STREETS = words(
    "Victoria Albert Mona Derby Peel Church Mill Station Hillside Woodbourne Selborne Tynwald "
    "Marathon Brunswick"
)
STREET_WORDS = words(
    "Road Street Drive Close Avenue Crescent Lane Terrace Park Way View Court Mews Grove "
    "Gardens Place"
)
SCHOOLS = words(
    "Ballacottier Primary School|Ballakermeen High School|St Ninian's High School|"
    "Willaston School|Manor Park Primary School|Scoill Vallajeelt|"
    "Queen Elizabeth II High School|Castle Rushen High School|Ramsey Grammar School|"
    "Ballavitchel Primary School|Glenfaba Infants School|Cronkmoar Junior School|"
    "Ballanard Primary School|St Maughold's Primary School|Little Puffins Nursery",
    sep="|",
)
MAIL_DOMAINS = ["manx.net", "hotmail.co.uk", "gmail.com", "outlook.com", "yahoo.co.uk"]


@dataclass
class Item:
    text: str
    kind: str | None = None  # register / detected / keep
    category: str = ""
    expect: str = ""  # the replacement a register item should get


@dataclass
class Family:
    child: tuple[str, str]
    mother: tuple[str, str]
    father: tuple[str, str]
    nickname: str | None
    hyphenated: str | None  # the child's double-barrelled surname, if any
    address: tuple[int, str, str]  # number, street, town
    postcode: str
    school: str
    dob: tuple[int, int, int]
    others: list[tuple[str, str]] = field(default_factory=list)  # unregistered people


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    # --- values ---------------------------------------------------------------------------

    def street(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"{r.choice(STREET_HEADS[:1])}{r.choice(STREET_STEMS)} {r.choice(STREET_WORDS)}"
        if r.random() < 0.5:
            return f"{r.choice(ENGLISH_STREETS)} {r.choice(STREET_WORDS)}"
        head, link = r.choice(["Cronk", "Close", "Reayrt"]), r.choice(["ny", "y", "e"])
        return f"{head} {link} {r.choice(STREET_STEMS).title()}"

    def email(self, person: tuple[str, str]) -> str:
        first, last = (part.lower().replace(" ", "") for part in person)
        return f"{first}.{last}{r_int(self.rng)}@{self.rng.choice(MAIL_DOMAINS)}"

    def postcode(self) -> str:
        r = self.rng
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        return f"IM{r.randint(1, 9)} {r.randint(1, 9)}{r.choice(letters)}{r.choice(letters)}"

    def phone(self) -> str:
        r = self.rng
        n6 = f"{r.randint(2, 8)}{r.randint(0, 99999):05d}"
        forms = [
            f"01624 {n6}",
            f"07624 {r.randint(200000, 499999)}",
            f"+44 1624 {n6}",
            f"(01624) {n6}",
            f"07624{r.randint(200000, 499999)}",
            f"07{r.randint(400, 999)} {r.randint(100000, 999999)}",
            f"0151 {r.randint(200, 999)} {r.randint(1000, 9999)}",
        ]
        return r.choice(forms)

    def nhs(self) -> str:
        while True:
            digits = [self.rng.randint(0, 9) for _ in range(9)]
            digits[0] = self.rng.choice([4, 6, 7])
            check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
            check = 0 if check == 11 else check
            if check != 10:
                s = "".join(map(str, digits)) + str(check)
                return self.rng.choice(
                    [f"{s[:3]} {s[3:6]} {s[6:]}", s, f"{s[:3]}-{s[3:6]}-{s[6:]}"]
                )

    def ni(self) -> str:
        first = self.rng.choice("ABCEGHJKLMNOPRSTWXYZ")
        second = self.rng.choice("ABCEGHJKLMNPRSTWXYZ")
        if first + second in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            second = "A"
        n = f"{self.rng.randint(0, 999999):06d}"
        suffix = self.rng.choice("ABCD")
        if self.rng.random() < 0.5:
            return f"{first}{second} {n[:2]} {n[2:4]} {n[4:]} {suffix}"
        return f"{first}{second}{n}{suffix}"

    def date_forms(self, d: int, m: int, y: int) -> list[str]:
        month = MONTHS[m - 1]
        suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        return [
            f"{d:02d}/{m:02d}/{y}",
            f"{d} {month} {y}",
            f"{d:02d}.{m:02d}.{y % 100:02d}",
            f"{d}{suffix} {month} {y}",
            f"{d}/{m}/{y}",
            f"{d} {month[:3]} {y}",
        ]

    def misspell(self, word: str) -> str:
        r = self.rng
        i = r.randint(1, len(word) - 2)
        op = r.choice(["drop", "swap", "double", "vowel"])
        if op == "drop":
            return word[:i] + word[i + 1 :]
        if op == "swap":
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if op == "double":
            return word[:i] + word[i] + word[i:]
        vowels = "aeiou"
        for j in range(i, len(word)):
            if word[j] in vowels:
                return word[:j] + r.choice([v for v in vowels if v != word[j]]) + word[j + 1 :]
        return word[:i] + word[i + 1 :]

    def person(self, female: bool | None = None) -> tuple[str, str]:
        if female is None:
            female = self.rng.random() < 0.5
        first = self.rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        return first, self.rng.choice(SURNAMES)

    def family(self) -> Family:
        r = self.rng
        surname = r.choice([s for s in SURNAMES if " " not in s])
        child_first = r.choice(FIRST_NAMES_M + FIRST_NAMES_F)
        father = (r.choice(FIRST_NAMES_M), r.choice(SURNAMES))
        mother = (r.choice(FIRST_NAMES_F), surname)
        hyphen = f"{surname}-{father[1]}" if r.random() < 0.25 and " " not in father[1] else None
        return Family(
            child=(child_first, surname),
            mother=mother,
            father=father,
            nickname=NICKNAMES.get(child_first),
            hyphenated=hyphen,
            address=(r.randint(1, 120), self.street(), r.choice(TOWNS)),
            postcode=self.postcode(),
            school=r.choice(SCHOOLS),
            dob=(r.randint(1, 28), r.randint(1, 12), r.randint(2008, 2020)),
            others=[self.person() for _ in range(6)],
        )

    # --- documents ------------------------------------------------------------------------

    def document(self, index: int) -> dict[str, object]:
        fam = self.family()
        register = {
            "case": f"SYN-{index:04d}",
            "people": [
                {
                    "pseudonym": "Child A",
                    "names": [" ".join(fam.child)]
                    + ([fam.nickname] if fam.nickname else [])
                    + ([f"{fam.child[0]} {fam.hyphenated}"] if fam.hyphenated else []),
                },
                {"pseudonym": "Mother", "names": [" ".join(fam.mother)]},
                {"pseudonym": "Father", "names": [" ".join(fam.father)]},
            ],
            "identifiers": [
                {
                    "replacement": "[address]",
                    "values": [f"{fam.address[0]} {fam.address[1]}, {fam.address[2]}"],
                },
                {"replacement": "[school]", "values": [fam.school]},
                {"replacement": "[date of birth]", "values": [self.date_forms(*fam.dob)[0]]},
                {"replacement": "[postcode]", "values": [fam.postcode]},
            ],
        }
        builders = [self.chronology, self.agency_prose, self.findings]
        items: list[Item] = [Item(f"Case review {register['case']}\n\n")]
        for builder in self.rng.sample(builders, k=len(builders)):
            items.extend(builder(fam))
            items.append(Item("\n\n"))
        return _assemble(items, register)

    # Each helper returns items for one mention -------------------------------------------

    def reg_name(self, fam: Family, who: str, *, possessive: bool = True) -> list[Item]:
        r = self.rng
        first, last = getattr(fam, who)
        pseudonym = {"child": "Child A", "mother": "Mother", "father": "Father"}[who]
        surnames = [fam.child[1], fam.mother[1], fam.father[1]]
        shared = "[name]" if surnames.count(last) > 1 else pseudonym
        forms = [
            (f"{first} {last}", pseudonym),
            (first, pseudonym),
            (first.upper(), pseudonym),
            (f"{first} {last.upper()}", pseudonym),
            (f"{first[0]}. {last}", pseudonym),
        ]
        if who != "child":
            title = r.choice(["Ms", "Mrs", "Miss"]) if who == "mother" else "Mr"
            forms.append((f"{title} {last}", shared))
            forms.append((f"{title} {last.upper()}", shared))
        if who == "child" and fam.nickname:
            forms.append((fam.nickname, pseudonym))
        if who == "child" and fam.hyphenated:
            forms.append((fam.hyphenated, pseudonym))  # only the child has the double surname
        text, expect = r.choice(forms)
        items = [Item(text, "register", "name", expect)]
        if possessive and r.random() < 0.2 and not text.endswith("s"):
            items.append(Item("'s"))
        return items

    def misspelt(self, fam: Family) -> list[Item]:
        first, last = fam.child if self.rng.random() < 0.6 else fam.mother
        word = first if self.rng.random() < 0.5 else last
        wrong = self.misspell(word)
        while wrong == word:
            wrong = self.misspell(word)
        return [Item(wrong, "detected", "name")]

    def other_name(self, fam: Family) -> list[Item]:
        """An unregistered person in one of the ways reports mention them."""
        r = self.rng
        first, last = r.choice(fam.others)
        relation = r.choice(["neighbour", "partner", "friend", "cousin", "uncle", "lodger"])
        forms = [
            [Item(f"{r.choice(PRACTITIONER_TITLES)} "), Item(last, "detected", "name")],
            [Item(f"her {relation}, "), Item(f"{first} {last}", "detected", "name")],
            [Item("a man named "), Item(first, "detected", "name")],
            [Item(f"{first} {last}", "detected", "name")],
            [Item(first, "detected", "name"), Item(f" (the {relation})")],
            [Item(f"the {r.choice(ROLES)}, "), Item(f"{first} {last}", "detected", "name")],
            [Item(f"PC {r.randint(100, 2999)} "), Item(last, "detected", "name")],
            [
                Item(f"{r.choice(PRACTITIONER_TITLES)} "),
                Item(f"{first[0]}. {last}", "detected", "name"),
            ],
        ]
        return r.choice(forms)

    def reg_address(self, fam: Family) -> list[Item]:
        number, street, town = fam.address
        forms = [
            f"{number} {street}, {town}",
            f"{number} {street}",
            f"{number} {street.lower()}",
            f"{number}, {street}, {town}",
            street,
        ]
        return [Item(self.rng.choice(forms), "register", "address", "[address]")]

    def other_address(self) -> list[Item]:
        r = self.rng
        text = f"{r.randint(1, 99)} {self.street()}"
        if r.random() < 0.5:
            text += f", {r.choice(TOWNS)}"
        items = [Item(text, "detected", "address")]
        if r.random() < 0.4:
            items += [Item(" "), Item(self.postcode(), "detected", "postcode")]
        return items

    def dob_items(self, fam: Family, registered: bool) -> list[Item]:
        r = self.rng
        if registered:
            date = r.choice(self.date_forms(*fam.dob))
            return [
                Item(r.choice(["(DOB ", "(born ", "(date of birth: "])),
                Item(date, "register", "date_of_birth", "[date of birth]"),
                Item(")"),
            ]
        d, m, y = r.randint(1, 28), r.randint(1, 12), r.randint(1960, 2005)
        date = r.choice(self.date_forms(d, m, y))
        return [
            Item(r.choice(["born on ", "DOB ", "d.o.b. ", "date of birth "])),
            Item(date, "detected", "date_of_birth"),
        ]

    def keep(self, pool: list[str], category: str) -> Item:
        return Item(self.rng.choice(pool), "keep", category)

    def date_text(self) -> list[Item]:
        r = self.rng
        return [
            Item(f"{r.randint(1, 28)} "),
            self.keep(MONTHS, "month"),
            Item(f" {r.randint(2018, 2023)}"),
        ]

    def chronology(self, fam: Family) -> list[Item]:
        r = self.rng
        items = [Item("Chronology of significant events\n\n")]
        for _ in range(r.randint(6, 10)):
            items += [*self.date_text(), Item(" ("), self.keep(WEEKDAYS, "weekday"), Item(") - ")]
            items.append(self.keep(AGENCIES, "agency"))
            items += [Item(": ")]
            items += r.choice(self._chronology_events())(fam)
            items.append(Item("\n"))
        return items

    def _chronology_events(self):
        return [
            lambda f: [
                self.keep(
                    ["The health visitor", "The GP", "The social worker", "The midwife"], "role"
                ),
                Item(" visited "),
                *self.reg_name(f, "mother"),
                Item(" and "),
                *self.reg_name(f, "child"),
                Item(" at "),
                *self.reg_address(f),
                Item("."),
            ],
            lambda f: [
                *self.other_name(f),
                Item(" reported concerns about "),
                *self.reg_name(f, "child"),
                Item(" to the "),
                self.keep(ROLES, "role"),
                Item("."),
            ],
            lambda f: [
                Item("Referral received from "),
                *self.other_name(f),
                Item(", telephone "),
                Item(self.phone(), "detected", "phone"),
                Item("."),
            ],
            lambda f: [
                *self.reg_name(f, "child"),
                Item(" did not attend "),
                Item(f.school, "register", "school", "[school]"),
                Item("; the "),
                self.keep(ROLES, "role"),
                Item(" called "),
                *self.reg_name(f, "father"),
                Item("."),
            ],
            lambda f: [
                Item("Police attended "),
                *self.other_address(),
                Item(" after a neighbour, "),
                *self.other_name(f),
                Item(", reported shouting."),
            ],
            lambda f: [
                *self.misspelt(f),
                Item(" was seen in "),
                self.keep(TOWNS, "town"),
                Item(" by the "),
                self.keep(ROLES, "role"),
                Item("."),
            ],
            lambda f: [
                Item("E-mail from "),
                *self.reg_name(f, "mother"),
                Item(" ("),
                Item(
                    self.email(f.mother),
                    "detected",
                    "email",
                ),
                Item(") asking for a meeting in "),
                self.keep(TOWNS, "town"),
                Item("."),
            ],
        ]

    def agency_prose(self, fam: Family) -> list[Item]:
        r = self.rng
        agency = self.keep(AGENCIES, "agency")
        items = [Item("Agency report: "), agency, Item("\n\n")]
        sentences = [
            lambda f: [
                *self.reg_name(f, "child"),
                Item(" "),
                *self.dob_items(f, True),
                Item(" lived with "),
                *self.reg_name(f, "mother"),
                Item(" at "),
                *self.reg_address(f),
                Item(" "),
                Item(f.postcode, "register", "postcode", "[postcode]"),
                Item("."),
            ],
            lambda f: [
                Item("The family moved to "),
                self.keep(TOWNS, "town"),
                Item(" in "),
                self.keep(MONTHS, "month"),
                Item(f" {r.randint(2015, 2022)}."),
            ],
            lambda f: [
                Item("Records held by "),
                self.keep(AGENCIES, "agency"),
                Item(" show "),
                *self.reg_name(f, "father", possessive=False),
                Item("'s NHS number as "),
                Item(self.nhs(), "detected", "nhs_number"),
                Item(" and his National Insurance number as "),
                Item(self.ni(), "detected", "ni_number"),
                Item("."),
            ],
            lambda f: [
                Item("Her new partner, "),
                *self.other_name_plain(f),
                Item(", "),
                *self.dob_items(f, False),
                Item(", had previous convictions."),
            ],
            lambda f: [
                Item("Staff at "),
                Item(r.choice(SCHOOLS), "detected", "school"),
                Item(" raised concerns with the "),
                self.keep(ROLES, "role"),
                Item(" on a "),
                self.keep(WEEKDAYS, "weekday"),
                Item("."),
            ],
            lambda f: [
                Item("On "),
                *self.date_text(),
                Item(" "),
                *self.reg_name(f, "child"),
                Item(" told "),
                *self.other_name(f),
                Item(" that "),
                *self.reg_name(f, "father"),
                Item(" had hit him."),
            ],
            lambda f: [
                *self.other_name_plain(f),
                Item(" and "),
                *self.other_name_plain(f),
                Item(" were often at the house."),
            ],
            lambda f: [
                Item("Will the "),
                self.keep(ROLES, "role"),
                Item(" be told? Hope was expressed that the family would engage. "),
                Item("Douglas", "keep", "town"),
                Item(" and "),
                Item("Ramsey", "keep", "town"),
                Item(" offices were contacted."),
            ],
            lambda f: [
                Item("She could be reached on "),
                Item(self.phone(), "detected", "phone"),
                Item(" or at "),
                *self.other_address(),
                Item("."),
            ],
        ]
        for build in r.sample(sentences, k=r.randint(5, len(sentences))):
            items += [*build(fam), Item(" ")]
        return items

    def other_name_plain(self, fam: Family) -> list[Item]:
        first, last = self.rng.choice(fam.others)
        text = self.rng.choice([first, f"{first} {last}"])
        return [Item(text, "detected", "name")]

    def findings(self, fam: Family) -> list[Item]:
        r = self.rng
        items = [Item("Findings\n\n")]
        templates = [
            lambda f: [
                Item("Finding 1: information held by "),
                self.keep(AGENCIES, "agency"),
                Item(" about "),
                *self.reg_name(f, "father"),
                Item(" was not shared with the "),
                self.keep(ROLES, "role"),
                Item("."),
            ],
            lambda f: [
                Item("Practitioners did not see "),
                *self.reg_name(f, "child"),
                Item(" alone between "),
                self.keep(MONTHS, "month"),
                Item(" and "),
                self.keep(MONTHS, "month"),
                Item("."),
            ],
            lambda f: [
                Item("The review heard from "),
                *self.other_name(f),
                Item(" and the "),
                self.keep(ROLES, "role"),
                Item(" that "),
                *self.reg_name(f, "mother"),
                Item(" had asked for help."),
            ],
            lambda f: [
                Item("Recommendation: "),
                self.keep(AGENCIES, "agency"),
                Item(" and "),
                self.keep(AGENCIES, "agency"),
                Item(" should agree a joint protocol by "),
                self.keep(MONTHS, "month"),
                Item("."),
            ],
            lambda f: [
                Item("Learning: when "),
                *self.misspelt(f),
                Item(" was recorded under a different spelling, records were not linked."),
            ],
        ]
        for build in r.sample(templates, k=len(templates)):
            items += [*build(fam), Item("\n")]
        return items


def r_int(rng: random.Random) -> str:
    return str(rng.randint(1, 99)) if rng.random() < 0.5 else ""


def _assemble(items: list[Item], register: dict) -> dict[str, object]:
    text = []
    labels = []
    cursor = 0
    for item in items:
        if item.kind:
            labels.append(
                {
                    "start": cursor,
                    "end": cursor + len(item.text),
                    "kind": item.kind,
                    "category": item.category,
                    "text": item.text,
                    "expect": item.expect,
                }
            )
        text.append(item.text)
        cursor += len(item.text)
    return {"text": "".join(text), "register": register, "labels": labels}


def generate(docs: int = 300, seed: int = 2024) -> list[dict[str, object]]:
    """``docs`` labelled documents; the same seed always gives the same corpus."""
    gen = Generator(seed)
    return [gen.document(i) for i in range(docs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    lines = "\n".join(json.dumps(d, ensure_ascii=False) for d in generate(args.docs, args.seed))
    if args.out == "-":
        print(lines)
    else:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(lines + "\n")


if __name__ == "__main__":
    main()
