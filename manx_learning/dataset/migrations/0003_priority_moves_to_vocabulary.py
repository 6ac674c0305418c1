"""Themes and Board priorities now live in the `vocabulary` app, which keeps their tables: this changes
Django's model state only, so no table, column, constraint or row is touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dataset', '0002_return_reminders'),
        ('vocabulary', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='indicator',
                    name='priority',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='indicators', to='vocabulary.boardpriority'),
                ),
            ],
        ),
    ]
