"""Themes and Board priorities now live in the `vocabulary` app, which keeps their tables: this changes
Django's model state only, so no table, column, constraint or row is touched."""

from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [('feedback', '0002_vocabulary_moves_out')]

    dependencies = [
        ('surveys', '0001_initial'),
        ('vocabulary', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='survey',
                    name='priorities',
                ),
                migrations.RemoveField(
                    model_name='survey',
                    name='themes',
                ),
                migrations.AddField(
                    model_name='survey',
                    name='priorities',
                    field=models.ManyToManyField(blank=True, related_name='surveys', to='vocabulary.boardpriority'),
                ),
                migrations.AddField(
                    model_name='survey',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='surveys', to='vocabulary.theme'),
                ),
            ],
        ),
    ]
