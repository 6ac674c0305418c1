"""Briefings move here from `publishing` with their tables (`publishing_briefing`, ...).

The tables exist, so the models are created in Django's state only; their content types are
relabelled, so QA evidence about a briefing's reach keeps pointing at the same rows."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


MOVED = ("briefing", "briefingsend", "teamsession", "acknowledgement", "changereturn")


def _relabel(apps, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def relabel_content_types(apps, schema_editor):
    _relabel(apps, "publishing", "briefings")


def restore_content_types(apps, schema_editor):
    _relabel(apps, "briefings", "publishing")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('publishing', '0003_briefings_move_out'),
        ('reviews', '0003_theme_moves_to_vocabulary'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Briefing',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('title', models.CharField(max_length=200)),
                        ('background', models.TextField()),
                        ('why_it_matters', models.TextField()),
                        ('key_learning', models.TextField()),
                        ('what_worked_well', models.TextField()),
                        ('what_to_think_about', models.TextField()),
                        ('what_to_do', models.TextField()),
                        ('further_reading', models.TextField(blank=True)),
                        ('question_1', models.CharField(max_length=300)),
                        ('question_2', models.CharField(max_length=300)),
                        ('question_3', models.CharField(max_length=300)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('published_item', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='briefing', to='publishing.publisheditem')),
                        ('review', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='briefings', to='reviews.review')),
                    ],
                    options={
                        'db_table': 'publishing_briefing',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='BriefingSend',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('roles', models.JSONField(default=list)),
                        ('agencies', models.ManyToManyField(related_name='+', to='accounts.agency')),
                        ('briefing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sends', to='briefings.briefing')),
                        ('sent_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'publishing_briefingsend',
                    },
                ),
                migrations.CreateModel(
                    name='TeamSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('held_on', models.DateField()),
                        ('attendees', models.PositiveIntegerField()),
                        ('notes', models.TextField(blank=True)),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                        ('briefing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='briefings.briefing')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'publishing_teamsession',
                    },
                ),
                migrations.CreateModel(
                    name='Acknowledgement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('answers', models.JSONField(default=list)),
                        ('acknowledged_at', models.DateTimeField(auto_now_add=True)),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('briefing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='acknowledgements', to='briefings.briefing')),
                    ],
                    options={
                        'db_table': 'publishing_acknowledgement',
                        'constraints': [models.UniqueConstraint(fields=('briefing', 'person'), name='acknowledge_once')],
                    },
                ),
                migrations.CreateModel(
                    name='ChangeReturn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('changes', models.TextField()),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                        ('briefing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='returns', to='briefings.briefing')),
                        ('returned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'publishing_changereturn',
                        'constraints': [models.UniqueConstraint(fields=('briefing', 'agency'), name='one_return_per_agency')],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
