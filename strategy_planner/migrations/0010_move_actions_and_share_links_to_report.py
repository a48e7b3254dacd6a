# Coherent actions and share links now belong to the report app (report/models.py).
# Their tables are renamed to the report app's names, rows and links kept; the
# report app's first migration takes the models over (report/migrations/0001).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("strategy_planner", "0009_goal_edit_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="coherentaction", table="report_coherentaction"),
                migrations.AlterModelTable(name="sharelink", table="report_sharelink"),
            ],
            state_operations=[
                migrations.DeleteModel(name="CoherentAction"),
                migrations.DeleteModel(name="ShareLink"),
            ],
        ),
    ]
