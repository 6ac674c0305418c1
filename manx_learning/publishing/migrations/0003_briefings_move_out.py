"""Briefings and their reach records now live in the `briefings` app, which keeps their
tables: this changes Django's model state only, so no table, column, constraint or row is
touched."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0002_themes_move_to_vocabulary'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='acknowledgement',
                    name='acknowledge_once',
                ),
                migrations.RemoveField(
                    model_name='briefing',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='briefing',
                    name='published_item',
                ),
                migrations.RemoveField(
                    model_name='briefing',
                    name='review',
                ),
                migrations.RemoveField(
                    model_name='teamsession',
                    name='briefing',
                ),
                migrations.RemoveField(
                    model_name='briefingsend',
                    name='briefing',
                ),
                migrations.RemoveField(
                    model_name='briefingsend',
                    name='agencies',
                ),
                migrations.RemoveField(
                    model_name='briefingsend',
                    name='sent_by',
                ),
                migrations.RemoveConstraint(
                    model_name='changereturn',
                    name='one_return_per_agency',
                ),
                migrations.RemoveField(
                    model_name='teamsession',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='teamsession',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='acknowledgement',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='acknowledgement',
                    name='briefing',
                ),
                migrations.RemoveField(
                    model_name='acknowledgement',
                    name='person',
                ),
                migrations.DeleteModel(
                    name='BriefingSend',
                ),
                migrations.RemoveField(
                    model_name='changereturn',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='changereturn',
                    name='briefing',
                ),
                migrations.RemoveField(
                    model_name='changereturn',
                    name='returned_by',
                ),
                migrations.DeleteModel(
                    name='TeamSession',
                ),
                migrations.DeleteModel(
                    name='Acknowledgement',
                ),
                migrations.DeleteModel(
                    name='Briefing',
                ),
                migrations.DeleteModel(
                    name='ChangeReturn',
                ),
            ],
        ),
    ]
