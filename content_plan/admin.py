from django.contrib import admin

from content_plan.models import AuditedPiece, CalendarFeed, ContentGap, ContentPiece


@admin.register(AuditedPiece)
class AuditedPieceAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "strategy",
        "format",
        "persona",
        "views",
        "leads",
        "conversions",
        "verdict",
    ]
    list_filter = ["format", "verdict", "stage"]
    search_fields = ["title", "url", "strategy__name"]
    list_select_related = ["strategy", "persona"]
    autocomplete_fields = ["strategy"]


@admin.register(ContentGap)
class ContentGapAdmin(admin.ModelAdmin):
    list_display = ["question", "strategy", "persona", "stage", "idea"]
    list_filter = ["stage"]
    search_fields = ["question", "idea", "strategy__name"]
    list_select_related = ["strategy", "persona"]
    autocomplete_fields = ["strategy"]


@admin.register(ContentPiece)
class ContentPieceAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "strategy",
        "format",
        "priority",
        "status",
        "owner",
        "due_date",
        "publish_date",
        "hours",
        "budget",
    ]
    list_filter = ["status", "priority", "format", "production"]
    search_fields = ["title", "reason", "strategy__name"]
    list_select_related = ["strategy", "owner"]
    autocomplete_fields = ["strategy", "owner"]
    date_hierarchy = "publish_date"
    filter_horizontal = ["promotion_channels"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["strategy", "user", "created_at"]
    search_fields = ["strategy__name", "user__username"]
    list_select_related = ["strategy", "user"]
    readonly_fields = ["token"]
