from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from manx_learning.lib.workdays import (
    add_months,
    add_working_days,
    due_date,
    is_working_day,
    working_days_between,
)


def test_tynwald_day_and_tt_bank_holiday_are_not_working_days():
    assert not is_working_day(date(2026, 7, 6))  # Tynwald Day
    assert not is_working_day(date(2026, 6, 5))  # TT Bank Holiday
    assert is_working_day(date(2026, 7, 7))


def test_it_counts_working_days_past_weekends_and_bank_holidays():
    # Thursday 2 July 2026 + 2 working days: Friday 3, (weekend), (Tynwald Day Mon 6) → Tue 7.
    assert add_working_days(date(2026, 7, 2), 2) == date(2026, 7, 7)


def test_fifteen_working_days_over_christmas():
    # From Mon 21 Dec 2026: Christmas (Fri 25), the observed Boxing Day (Mon 28) and New Year's
    # Day (Fri 1 Jan) are skipped, as are the weekends: 22, 23, 24, 29, 30, 31, 4 … 14 January.
    assert add_working_days(date(2026, 12, 21), 15) == date(2027, 1, 14)


def test_six_months_clamps_to_the_end_of_a_short_month():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="Unknown unit"):
        due_date(date(2026, 1, 1), 3, "fortnights")


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 60))
def test_counting_back_the_working_days_returns_the_number_added(start, count):
    end = add_working_days(start, count)
    assert working_days_between(start, end) == count
    assert count == 0 or is_working_day(end)
