# A message's problems are no longer kept: the channel rules run whenever they
# are shown, in the reader's language. What is kept is each sequence's number of
# errors (for the step's completeness), carried over from its messages' counts.

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Sum


def count_errors(apps, schema_editor):
    sequence = apps.get_model("content_plan", "MessageSequence")
    step = apps.get_model("content_plan", "SequenceStep")
    errors = (
        step.objects.filter(sequence=OuterRef("pk"))
        .order_by()
        .values("sequence")
        .annotate(total=Sum("error_count"))
        .values("total")
    )
    sequence.objects.update(error_count=models.functions.Coalesce(Subquery(errors), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("content_plan", "0004_contentpiece_edit_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="messagesequence",
            name="error_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_errors, migrations.RunPython.noop),
        migrations.RemoveField(model_name="messagesequence", name="greeting_problems"),
        migrations.RemoveField(model_name="sequencestep", name="problems"),
        migrations.RemoveField(model_name="sequencestep", name="error_count"),
        migrations.RemoveField(model_name="sequencestep", name="warning_count"),
    ]
