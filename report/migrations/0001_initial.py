# The coherent actions and share links that were created in strategy_planner,
# taken over with their tables (renamed by strategy_planner 0010) and rows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("coherentaction", "sharelink")


def move_content_types(apps, schema_editor):
    """Keep the models' permissions and admin history: their content types move too."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="report", model=model).exists():
            content_type.objects.filter(app_label="strategy_planner", model=model).update(
                app_label="report"
            )


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="strategy_planner", model=model).exists():
            content_type.objects.filter(app_label="report", model=model).update(
                app_label="strategy_planner"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assets", "0003_asset_edit_version"),
        ("content_plan", "0004_contentpiece_edit_version"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("strategy_planner", "0010_move_actions_and_share_links_to_report"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CoherentAction",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "position",
                            models.PositiveIntegerField(
                                default=0, editable=False, verbose_name="position"
                            ),
                        ),
                        ("title", models.CharField(max_length=300, verbose_name="action")),
                        ("description", models.TextField(blank=True, verbose_name="how")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="last changed"),
                        ),
                        (
                            "channels",
                            models.ManyToManyField(
                                blank=True,
                                related_name="actions",
                                to="assets.asset",
                                verbose_name="channel decisions",
                            ),
                        ),
                        (
                            "content_pieces",
                            models.ManyToManyField(
                                blank=True,
                                related_name="actions",
                                to="content_plan.contentpiece",
                                verbose_name="content pieces",
                            ),
                        ),
                        (
                            "goals",
                            models.ManyToManyField(
                                blank=True,
                                related_name="actions",
                                to="strategy_planner.goal",
                                verbose_name="goals it serves",
                            ),
                        ),
                        (
                            "sequences",
                            models.ManyToManyField(
                                blank=True,
                                related_name="actions",
                                to="content_plan.messagesequence",
                                verbose_name="message sequences",
                            ),
                        ),
                        (
                            "strategy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="actions",
                                to="strategy_planner.strategy",
                                verbose_name="strategy",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "coherent action",
                        "verbose_name_plural": "coherent actions",
                        "ordering": ["strategy", "position", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ShareLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "token",
                            models.CharField(
                                editable=False, max_length=64, unique=True, verbose_name="token"
                            ),
                        ),
                        (
                            "label",
                            models.CharField(
                                blank=True,
                                help_text="A note for yourself, e.g. “board meeting, March”.",
                                max_length=120,
                                verbose_name="for whom",
                            ),
                        ),
                        (
                            "expires_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="expires"),
                        ),
                        (
                            "revoked_at",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="revoked"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                        (
                            "strategy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="share_links",
                                to="strategy_planner.strategy",
                                verbose_name="strategy",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "share link",
                        "verbose_name_plural": "share links",
                        "ordering": ["strategy", "-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
