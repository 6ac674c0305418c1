"""A return sent again with a value unchanged leaves that value alone: it keeps pointing at the
version that set it, and the new version lists only what really changed. (Values held were
compared as lists with the new row's tuples, so every value looked changed and was rewritten.)"""

import pytest

from manx_learning.dataset import services
from manx_learning.dataset.models import Observation, ReturnVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

FIRST = "indicator,agency,period,value,note\nCP-01,IMC,2026-03,4,\nCP-02,IMC,2026-03,55,\n"
AGAIN = "indicator,agency,period,value,note\nCP-01,IMC,2026-03,4,\nCP-02,IMC,2026-03,60,\n"


def test_an_unchanged_value_keeps_its_version_and_is_not_listed_as_changed(police):
    services.observations_import(data=FIRST.encode())
    services.observations_import(data=AGAIN.encode())
    first, second = ReturnVersion.objects.order_by("number")
    unchanged = Observation.objects.get(indicator__code="CP-01")
    changed = Observation.objects.get(indicator__code="CP-02")
    assert unchanged.version == first and unchanged.value == 4
    assert changed.version == second and changed.value == 60
    assert [c["indicator"] for c in second.changes] == ["CP-02"]


def test_every_version_records_the_values_it_brought(police):
    services.observations_import(data=FIRST.encode())
    services.observations_import(data=AGAIN.encode())
    first, second = ReturnVersion.objects.order_by("number")
    # The first version recorded no values at all: only later versions listed changes.
    assert [(v["indicator"], v["value"]) for v in first.values] == [("CP-01", 4.0), ("CP-02", 55.0)]
    assert [(v["indicator"], v["value"]) for v in second.values] == [
        ("CP-01", 4.0),
        ("CP-02", 60.0),
    ]
