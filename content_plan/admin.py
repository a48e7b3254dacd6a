from django.contrib import admin

from content_plan.models import (
    AuditedPiece,
    CalendarFeed,
    ContentGap,
    ContentPiece,
    MessageSequence,
    SequenceStep,
)


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


class SequenceStepInline(admin.StackedInline):
    model = SequenceStep
    extra = 0
    fields = [
        "channel",
        "delay_minutes",
        "promotional",
        "message_tag",
        "subject",
        "preheader",
        "header",
        "text",
        "footer",
        "button_style",
        "buttons",
        "media_url",
    ]


@admin.register(MessageSequence)
class MessageSequenceAdmin(admin.ModelAdmin):
    list_display = ["name", "strategy", "trigger", "persona", "goal", "error_count", "updated_at"]
    list_filter = ["trigger"]
    search_fields = ["name", "strategy__name"]
    list_select_related = ["strategy", "persona", "goal"]
    autocomplete_fields = ["strategy"]
    inlines = [SequenceStepInline]


@admin.register(SequenceStep)
class SequenceStepAdmin(admin.ModelAdmin):
    list_display = [
        "sequence",
        "channel",
        "delay_minutes",
        "promotional",
    ]
    list_filter = ["channel", "promotional"]
    search_fields = ["text", "subject", "sequence__name"]
    list_select_related = ["sequence"]
