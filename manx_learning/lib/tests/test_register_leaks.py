"""The one register-leak scanner, used by the publication gate and by briefings."""

from manx_learning.lib.register_leaks import find_leaks, name_words, register_values

REGISTER = {
    "people": [
        {"names": ["Jayden  Kermode", "Dr Ana de la Rosa"]},
        {"names": ["PC Sam Quayle"]},
    ],
    "identifiers": [{"values": ["12 Ballaugh  Road", "IM7 1AB"]}],
}


def test_it_scans_for_each_full_name_each_name_word_and_each_identifier():
    values = register_values(REGISTER)
    assert "Jayden Kermode" in values
    assert {"Jayden", "Kermode", "Ana", "Rosa", "Sam", "Quayle"} <= set(values)
    assert {"12 Ballaugh Road", "IM7 1AB"} <= set(values)


def test_titles_ranks_and_particles_are_never_scanned_for_alone():
    values = {v.casefold() for v in register_values(REGISTER)}
    assert values.isdisjoint({"dr", "pc", "de", "la"})
    assert name_words("Mrs Juan Dela Cruz of the Bay") == ["Juan", "Cruz", "Bay"]


def test_it_names_each_value_and_where_it_appears_whatever_the_case_or_spacing():
    places = {"the summary": "We met JAYDEN at 12 Ballaugh\nRoad.", "the title": "Learning"}
    assert find_leaks(places, register_values(REGISTER)) == [
        "12 Ballaugh Road appears in the summary",
        "Jayden appears in the summary",
    ]


def test_a_value_inside_a_longer_word_is_not_a_leak():
    assert find_leaks({"the title": "Samples of Jaydenson"}, ["Sam", "Jayden"]) == []
