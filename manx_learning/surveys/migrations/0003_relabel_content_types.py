"""The app was renamed from `feedback` to `surveys` and kept its tables (`db_table`). Its
content types are relabelled rather than recreated, so QA evidence, assessment measures and
permissions that point at a survey keep pointing at the same rows."""

from django.db import migrations


def _relabel(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for old in content_type.objects.filter(app_label=source):
        if not content_type.objects.filter(app_label=target, model=old.model).exists():
            old.app_label = target
            old.save(update_fields=["app_label"])


def relabel(apps, schema_editor):
    _relabel(apps, "feedback", "surveys")


def restore(apps, schema_editor):
    _relabel(apps, "surveys", "feedback")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("surveys", "0002_vocabulary_moves_out"),
    ]

    operations = [migrations.RunPython(relabel, restore)]
