"""Themes (from `reviews`) and Board priorities (from `assurance`) move here with their tables.

The tables already exist, so the models are created in Django's state only. Their content types
are relabelled rather than recreated, so permissions and any generic link to a theme or a
priority keep pointing at the same rows."""

import uuid
from django.db import migrations, models

MOVED = (("reviews", "theme"), ("assurance", "boardpriority"))


def _relabel(apps, schema_editor, forwards=True):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVED:
        source, target = (old_app, "vocabulary") if forwards else ("vocabulary", old_app)
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def relabel_content_types(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=True)


def restore_content_types(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assurance', '0002_assessments_retests_reminders'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reviews', '0002_seed_themes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Theme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', models.CharField(max_length=100, unique=True)),
                        ('description', models.CharField(blank=True, max_length=300)),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'db_table': 'reviews_theme',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='BoardPriority',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('title', models.CharField(max_length=150, unique=True)),
                        ('outcome_sought', models.TextField(help_text='What will be different for children and adults')),
                        ('description', models.TextField(blank=True)),
                        ('starts_on', models.DateField(help_text='When the priority period begins')),
                        ('ends_on', models.DateField(help_text='When the priority period ends')),
                        ('is_active', models.BooleanField(default=True, verbose_name='current')),
                    ],
                    options={
                        'verbose_name_plural': 'board priorities',
                        'db_table': 'assurance_boardpriority',
                        'ordering': ['-is_active', 'title'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='priority_period_ends_after_start')],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
