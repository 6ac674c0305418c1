"""Small-number suppression: no published count from 1 to threshold-1, and a shown total never
lets a reader work out a single hidden count."""

from hypothesis import given
from hypothesis import strategies as st

from manx_learning.dataset.opendata import COMPLEMENT, SMALL, shown_as, suppress

counts = st.dictionaries(
    st.sampled_from(["IMC", "MCCF", "NOBLES", "VOL", "DESC", "MCMH"]),
    st.integers(min_value=0, max_value=60),
    min_size=1,
)


def test_a_small_count_is_shown_as_less_than_the_threshold():
    hidden, _ = suppress({"IMC": 16, "VOL": 3}, below=5)
    assert hidden == {"VOL": SMALL}
    assert shown_as(3, hidden["VOL"], 5) == "<5"
    assert shown_as(16, "", 5) == "16"


def test_with_a_total_the_next_smallest_value_is_hidden_too():
    parts = {"IMC": 16, "MCCF": 6, "NOBLES": 9, "VOL": 3}
    hidden, total = suppress(parts, below=5, total=34)
    assert hidden == {"VOL": SMALL, "MCCF": COMPLEMENT}
    assert total == ""
    assert shown_as(6, COMPLEMENT, 5) == "[c]"


def test_without_a_total_no_secondary_suppression_is_needed():
    hidden, _ = suppress({"IMC": 16, "MCCF": 6, "VOL": 3}, below=5, total=None)
    assert hidden == {"VOL": SMALL}


def test_zero_is_shown():
    hidden, _ = suppress({"IMC": 0, "MCCF": 12}, below=5, total=12)
    assert hidden == {}


def test_when_only_a_zero_could_hide_a_small_count_the_total_is_hidden():
    hidden, total = suppress({"IMC": 3, "MCCF": 0}, below=2, total=3)
    assert hidden == {}
    hidden, total = suppress({"IMC": 3, "MCCF": 0}, below=5, total=9)
    assert hidden == {"IMC": SMALL}
    assert total == COMPLEMENT


def test_a_small_total_is_hidden():
    hidden, total = suppress({"IMC": 2, "MCCF": 1}, below=5, total=3)
    assert total == SMALL
    assert set(hidden) == {"IMC", "MCCF"}


@given(parts=counts, below=st.integers(min_value=2, max_value=10), with_total=st.booleans())
def test_no_small_count_is_ever_shown(parts, below, with_total):
    total = sum(parts.values()) if with_total else None
    hidden, total_reason = suppress(parts, below=below, total=total)
    for key, value in parts.items():
        if 0 < value < below:
            assert hidden.get(key) == SMALL
    if total is not None and 0 < total < below:
        assert total_reason == SMALL


@given(parts=counts, below=st.integers(min_value=2, max_value=10))
def test_a_shown_total_never_reveals_a_single_hidden_count(parts, below):
    total = sum(parts.values())
    hidden, total_reason = suppress(parts, below=below, total=total)
    if total_reason or not hidden:
        return
    # Total minus the shown parts is the sum of the hidden ones: it must cover 2 or more
    # non-zero cells, or the one small count could be read off.
    assert sum(1 for key in hidden if parts[key] > 0) >= 2


@given(parts=counts, below=st.integers(min_value=2, max_value=10), with_total=st.booleans())
def test_only_one_extra_value_is_hidden_and_shown_values_are_untouched(parts, below, with_total):
    total = sum(parts.values()) if with_total else None
    hidden, _ = suppress(parts, below=below, total=total)
    assert list(hidden.values()).count(COMPLEMENT) <= 1
    for key, value in parts.items():
        if key not in hidden:
            assert shown_as(value, "", below) == str(value)
