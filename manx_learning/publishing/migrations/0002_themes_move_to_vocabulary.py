"""Themes and Board priorities now live in the `vocabulary` app, which keeps their tables: this changes
Django's model state only, so no table, column, constraint or row is touched."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0001_initial'),
        ('vocabulary', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='publisheditem',
                    name='themes',
                ),
                migrations.AddField(
                    model_name='publisheditem',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='published_items', to='vocabulary.theme'),
                ),
            ],
        ),
    ]
