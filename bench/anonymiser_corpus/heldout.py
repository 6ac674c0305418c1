"""Held-out templates: written after the anonymiser was tuned, and never tuned against.

Same labelling scheme as generate.py, different phrasing and layouts: meeting minutes with
attendee lists, a pipe-table chronology, a family background narrative and quoted practitioner
statements; more names the anonymiser's lists lack (Mc/O' names, Polish and Portuguese names
with diacritics), flats and house names, and contact details written in other ways.
"""

from __future__ import annotations

from generate import (
    AGENCIES,
    MONTHS,
    ROLES,
    TOWNS,
    WEEKDAYS,
    Family,
    Generator,
    Item,
    _assemble,
    words,
)

EXTRA_PEOPLE = words(
    "Aoife McGuinness|Ciaran O'Hare|Siobhan McAteer|Padraig Ó Briain|Łukasz Wiśniewski|"
    "Agnieszka Zielińska|João Ferreira|Inês Carvalho|Mariusz Dąbrowski|Gráinne Mulholland|"
    "Eoin McCready|Declan O'Driscoll|Kayleigh Postlethwaite|Jordan Ellwood|Harvey Bamber|"
    "Bronwen Pugh|Mihai Ionescu|Andreea Stan|Ruairi Mac Giolla|Tamsin Trelawny",
    sep="|",
)
HOUSE_NAMES = words(
    "Thie Veg|Cronk Aalin|Ballavarvane Farm|Rose Cottage|Mount Pleasant Farm", sep="|"
)


class HeldOutGenerator(Generator):
    def document(self, index: int) -> dict[str, object]:
        doc = super().document(index)  # reuse the family and register, replace the text
        fam = self._last_family
        items: list[Item] = [Item(f"Review {doc['register']['case']}: practice learning\n\n")]
        builders = [self.minutes, self.table, self.background, self.statements]
        for build in self.rng.sample(builders, k=len(builders)):
            items.extend(build(fam))
            items.append(Item("\n\n"))
        return _assemble(items, doc["register"])

    def family(self) -> Family:
        fam = super().family()
        fam.others = [tuple(self.rng.choice(EXTRA_PEOPLE).split(" ", 1)) for _ in range(6)]
        self._last_family = fam
        return fam

    def extra(self) -> tuple[str, str]:
        return self.rng.choice(self._last_family.others)

    def minutes(self, fam: Family) -> list[Item]:
        r = self.rng
        items = [Item("Minutes of the practitioner event\n\nAttendees: ")]
        for n in range(r.randint(3, 5)):
            first, last = self.extra()
            items += [
                Item(f"{first} {last}", "detected", "name"),
                Item(" ("),
                Item(r.choice(ROLES), "keep", "role"),
                Item(", "),
                Item(r.choice(AGENCIES).removeprefix("the "), "keep", "agency"),
                Item(")" + (", " if n < 4 else "")),
            ]
        items += [
            Item("\nApologies: "),
            Item(" ".join(self.extra()), "detected", "name"),
            Item(".\nChair: "),
            Item(" ".join(self.extra()), "detected", "name"),
            Item("\n"),
        ]
        return items

    def table(self, fam: Family) -> list[Item]:
        r = self.rng
        items = [Item("| Date | Agency | Event |\n|---|---|---|\n")]
        for _ in range(r.randint(4, 7)):
            d, m, y = r.randint(1, 28), r.randint(1, 12), r.randint(2019, 2023)
            items += [
                Item(f"| {d:02d}/{m:02d}/{y} | "),
                Item(r.choice(AGENCIES), "keep", "agency"),
                Item(" | "),
            ]
            items += r.choice(
                [
                    lambda: [
                        Item("Call from "),
                        Item(" ".join(self.extra()), "detected", "name"),
                        Item(" on tel: "),
                        Item(self.phone(), "detected", "phone"),
                    ],
                    lambda: [
                        Item("Home visit to "),
                        *self.flat(),
                        Item(" by the "),
                        Item(r.choice(ROLES), "keep", "role"),
                    ],
                    lambda: [
                        Item("Email <"),
                        Item(self.email(self.extra()), "detected", "email"),
                        Item("> re "),
                        *self.reg_name(fam, "child"),
                    ],
                    lambda: [
                        Item("Seen on "),
                        Item(r.choice(WEEKDAYS), "keep", "weekday"),
                        Item(" with "),
                        *self.reg_name(fam, "mother"),
                    ],
                ]
            )()
            items.append(Item(" |\n"))
        return items

    def flat(self) -> list[Item]:
        r = self.rng
        if r.random() < 0.5:
            text = f"Flat {r.randint(1, 12)}, {r.randint(1, 80)} {self.street()}, {r.choice(TOWNS)}"
        else:
            text = (
                f"{r.choice(HOUSE_NAMES)}, {r.choice(['Ballaugh', 'Andreas', 'Santon', 'Dalby'])}"
            )
        return [Item(text, "detected", "address")]

    def background(self, fam: Family) -> list[Item]:
        r = self.rng
        first, last = self.extra()
        return [
            Item("Family background. "),
            *self.reg_name(fam, "mother"),
            Item(" grew up in "),
            Item(r.choice(TOWNS), "keep", "town"),
            Item(" and met "),
            *self.reg_name(fam, "father"),
            Item(" in "),
            Item(r.choice(MONTHS), "keep", "month"),
            Item(f" {r.randint(2005, 2012)}. Her sister, "),
            Item(f"{first} {last}", "detected", "name"),
            Item(", cared for the children at weekends. The children's maternal grandfather, "),
            Item(" ".join(self.extra()), "detected", "name"),
            Item(", died in 2019. A family friend, Mr "),
            Item(self.extra()[1], "detected", "name"),
            Item(", raised concerns with the "),
            Item(r.choice(ROLES), "keep", "role"),
            Item(". Her mobile was "),
            Item(self.phone(), "detected", "phone"),
            Item(" and her NHS no. was "),
            Item(self.nhs(), "detected", "nhs_number"),
            Item("."),
        ]

    def statements(self, fam: Family) -> list[Item]:
        r = self.rng
        return [
            Item("The "),
            Item(r.choice(ROLES), "keep", "role"),
            Item(' said: "I spoke to '),
            Item(self.extra()[0], "detected", "name"),
            Item(" about "),
            *self.reg_name(fam, "child"),
            Item(" but I did not know about "),
            Item(" ".join(self.extra()), "detected", "name"),
            Item('." A second practitioner recalled that '),
            Item(" ".join(self.extra()), "detected", "name"),
            Item(" had been staying at the house since "),
            Item(r.choice(MONTHS), "keep", "month"),
            Item(". Records from "),
            Item(r.choice(AGENCIES), "keep", "agency"),
            Item(" were signed by "),
            Item(self.extra()[1], "detected", "name"),
            Item("."),
        ]


def generate_heldout(docs: int = 100, seed: int = 4242) -> list[dict[str, object]]:
    gen = HeldOutGenerator(seed)
    return [gen.document(i) for i in range(docs)]
