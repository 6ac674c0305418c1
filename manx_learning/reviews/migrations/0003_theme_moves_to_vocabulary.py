"""Themes and Board priorities now live in the `vocabulary` app, which keeps their tables: this changes
Django's model state only, so no table, column, constraint or row is touched."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0004_themes_move_to_vocabulary'),
        ('assurance', '0003_vocabulary_moves_out'),
        ('audits', '0002_vocabulary_moves_out'),
        ('surveys', '0002_vocabulary_moves_out'),
        ('publishing', '0002_themes_move_to_vocabulary'),
        ('reviews', '0002_seed_themes'),
        ('vocabulary', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='finding',
                    name='themes',
                ),
                migrations.DeleteModel(
                    name='Theme',
                ),
                migrations.AddField(
                    model_name='finding',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='findings', to='vocabulary.theme'),
                ),
            ],
        ),
    ]
