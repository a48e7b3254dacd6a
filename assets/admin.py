from django.contrib import admin

from assets.models import Asset, MediaAudit


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "strategy",
        "media_type",
        "kind",
        "platform",
        "visits",
        "leads",
        "conversions",
        "spend",
        "decision",
    ]
    list_filter = ["media_type", "kind", "platform", "decision"]
    search_fields = ["name", "url", "notes", "strategy__name"]
    list_select_related = ["strategy"]
    autocomplete_fields = ["strategy", "owner"]
    filter_horizontal = ["goals"]


@admin.register(MediaAudit)
class MediaAuditAdmin(admin.ModelAdmin):
    list_display = [
        "strategy",
        "period_start",
        "period_end",
        "target_cost_per_lead",
        "ranking_metric",
    ]
    search_fields = ["strategy__name"]
    list_select_related = ["strategy"]
    autocomplete_fields = ["strategy"]
