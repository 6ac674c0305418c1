"""Every value belongs to a return (issue #13 item 4).

Values loaded before every route went through `services.observations_store` (the demo board
bulk-inserted them) have no Return or ReturnVersion, so the returns board showed "Not started /
Overdue" beside figures in the charts, and reminders chased returns already in. For each agency
and period holding such values this gives the return one new version recording them and marks
it submitted (a return already submitted, queried or accepted keeps its status): the business
unit then checks and accepts it, and only then do its figures reach open data."""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from manx_learning.dataset.services import return_deadline

    Observation = apps.get_model("dataset", "Observation")
    Return = apps.get_model("dataset", "Return")
    ReturnVersion = apps.get_model("dataset", "ReturnVersion")
    groups = defaultdict(list)
    orphans = (
        Observation.objects.filter(version__isnull=True)
        .order_by("agency_id", "period", "indicator__code", "breakdown")
        .values_list(
            "pk",
            "agency_id",
            "period",
            "period_start",
            "indicator__code",
            "breakdown",
            "value",
            "numerator",
            "denominator",
            "note",
        )
    )
    for pk, agency_id, period, start, code, breakdown, value, num, den, note in orphans.iterator(
        chunk_size=5000
    ):
        groups[(agency_id, period, start)].append((pk, code, breakdown, value, num, den, note))
    now = timezone.now()
    for (agency_id, period, start), rows in groups.items():
        data_return, created = Return.objects.get_or_create(
            agency_id=agency_id,
            period=period,
            defaults={
                "period_start": start,
                "deadline": return_deadline(period),
                "status": "submitted",
                "created_at": now,
                "updated_at": now,
            },
        )
        if not created and data_return.status == "not_started":
            data_return.status = "submitted"
            data_return.save(update_fields=["status", "updated_at"])
        last = (
            ReturnVersion.objects.filter(data_return=data_return)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        ) or 0
        version = ReturnVersion.objects.create(
            data_return=data_return,
            number=last + 1,
            method="command",
            file_name="values held before upgrade",
            row_count=len(rows),
            values=[
                {"indicator": code, "value": value, "numerator": num, "denominator": den,
                 "note": note}
                for _, code, breakdown, value, num, den, note in rows
                if not breakdown
            ],
        )
        Observation.objects.filter(pk__in=[row[0] for row in rows]).update(version=version)


class Migration(migrations.Migration):
    dependencies = [("dataset", "0005_safe_codes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
