"""Themes and Board priorities now live in the `vocabulary` app, which keeps their tables: this changes
Django's model state only, so no table, column, constraint or row is touched."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0003_action_impact_assessment'),
        ('vocabulary', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='recommendation',
                    name='themes',
                ),
                migrations.AddField(
                    model_name='recommendation',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='recommendations', to='vocabulary.theme'),
                ),
            ],
        ),
    ]
