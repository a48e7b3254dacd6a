# A row's save counter is its edit version, not to be confused with the
# strategy's content version: the column is renamed, its values kept.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("strategy_planner", "0008_strategy_template"),
    ]

    operations = [
        migrations.RenameField(model_name="goal", old_name="version", new_name="edit_version"),
        migrations.AlterField(
            model_name="goal",
            name="edit_version",
            field=models.PositiveIntegerField(
                default=1, editable=False, verbose_name="edit version"
            ),
        ),
    ]
