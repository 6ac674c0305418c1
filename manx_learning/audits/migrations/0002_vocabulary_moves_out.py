"""Themes and Board priorities now live in the `vocabulary` app, which keeps their tables: this changes
Django's model state only, so no table, column, constraint or row is touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0001_initial'),
        ('vocabulary', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='auditprogramme',
                    name='priorities',
                ),
                migrations.AlterField(
                    model_name='auditprogramme',
                    name='theme',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='vocabulary.theme'),
                ),
                migrations.AddField(
                    model_name='auditprogramme',
                    name='priorities',
                    field=models.ManyToManyField(blank=True, related_name='audit_programmes', to='vocabulary.boardpriority'),
                ),
            ],
        ),
    ]
