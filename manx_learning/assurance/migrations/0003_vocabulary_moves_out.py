"""Themes and Board priorities now live in the `vocabulary` app, which keeps their tables: this changes
Django's model state only, so no table, column, constraint or row is touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assurance', '0002_assessments_retests_reminders'),
        ('audits', '0002_vocabulary_moves_out'),
        ('dataset', '0003_priority_moves_to_vocabulary'),
        ('surveys', '0002_vocabulary_moves_out'),
        ('vocabulary', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='boardpriority',
                    name='priority_period_ends_after_start',
                ),
                migrations.AlterField(
                    model_name='assessment',
                    name='priority',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='vocabulary.boardpriority'),
                ),
                migrations.RemoveField(
                    model_name='evidence',
                    name='priorities',
                ),
                migrations.AlterField(
                    model_name='assessment',
                    name='theme',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='qa_assessments', to='vocabulary.theme'),
                ),
                migrations.RemoveField(
                    model_name='evidence',
                    name='themes',
                ),
                migrations.DeleteModel(
                    name='BoardPriority',
                ),
                migrations.AddField(
                    model_name='evidence',
                    name='priorities',
                    field=models.ManyToManyField(blank=True, related_name='evidence', to='vocabulary.boardpriority'),
                ),
                migrations.AddField(
                    model_name='evidence',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='qa_evidence', to='vocabulary.theme'),
                ),
            ],
        ),
    ]
