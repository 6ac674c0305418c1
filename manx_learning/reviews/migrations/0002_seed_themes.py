"""Seed the controlled vocabulary with the national learning themes."""

import uuid

from django.db import migrations

THEMES = [
    "Information sharing",
    "Professional curiosity",
    "Voice of the child",
    "Voice of the adult",
    "Risk assessment",
    "Domestic abuse",
    "Neglect",
    "Self-neglect",
    "Exploitation",
    "Mental capacity",
    "Mental health",
    "Substance misuse",
    "Transitions",
    "Escalation",
    "Supervision",
    "Whole-family working (Think Family)",
    "Adverse childhood experiences",
    "Housing",
    "Multi-agency working",
    "Disguised compliance",
    "Young carers",
    "Early help",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("reviews", "Theme")
    for name in THEMES:
        Theme.objects.get_or_create(name=name, defaults={"code": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
