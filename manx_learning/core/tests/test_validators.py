"""The data migration's repair: codes stored before they were checked become safe, and unique."""

from manx_learning.accounts.models import Agency
from manx_learning.core.validators import repair_stored_codes


def test_unsafe_stored_codes_become_the_nearest_free_safe_codes(db):
    Agency.objects.create(agency_code="MC-ASC", name="Already safe")
    Agency.objects.create(agency_code="IMC", name="Constabulary")
    broken = Agency.objects.create(agency_code="SAFE", name="Adult social care")
    Agency.objects.filter(pk=broken.pk).update(agency_code="MC/ASC")  # stored before the check
    repair_stored_codes(Agency, "agency_code")
    broken.refresh_from_db()
    assert broken.agency_code == "MC-ASC-2"
    assert set(Agency.objects.values_list("agency_code", flat=True)) == {
        "MC-ASC",
        "MC-ASC-2",
        "IMC",
    }
