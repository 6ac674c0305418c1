"""Finished anonymisation runs record the hash of their report version as stored (its text, or its
document's bytes), so the publication gate no longer reads the report again to see whether it
changed. Runs finished before this migration get the hash of their version now:

- written in the system: only if the text still hashes to what was run (`source_sha256`);
  otherwise it changed since, and the gate keeps saying "run it again";
- an uploaded document: its bytes (documents are never changed in place: a change is a new
  version, which the gate already catches). Such runs stay publishable across the upgrade,
  although the document is now read with its structure; their text was run as it was read then.
"""

import hashlib

from django.db import migrations, models


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def forwards(apps, schema_editor):
    Run = apps.get_model("publishing", "AnonymisationRun")
    finished = Run.objects.exclude(source_sha256="").filter(version_sha256="")
    for run in finished.select_related("report_version").iterator():
        version = run.report_version
        if version.text.strip():
            same = _sha256(version.text.encode("utf-8")) == run.source_sha256
            fingerprint = run.source_sha256 if same else ""
        else:
            try:
                with version.document.open("rb") as source:
                    fingerprint = _sha256(source.read())
            except (OSError, ValueError):
                fingerprint = ""
        if fingerprint:
            Run.objects.filter(pk=run.pk).update(version_sha256=fingerprint)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0004_anonymisation_run_progress"),
    ]

    operations = [
        migrations.AddField(
            model_name="anonymisationrun",
            name="version_sha256",
            field=models.CharField(
                blank=True,
                help_text="Hash of the report version as stored (its text, or its document's bytes)",
                max_length=64,
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
