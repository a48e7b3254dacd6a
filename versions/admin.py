from django.contrib import admin

from versions.models import Approval, Version


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    fields = ["approver", "verdict", "note", "asked_by", "asked_at", "answered_at"]
    readonly_fields = ["asked_at"]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["strategy", "number", "label", "published_by", "published_at"]
    search_fields = ["label", "strategy__name"]
    list_select_related = ["strategy", "published_by"]
    readonly_fields = ["strategy", "number", "published_by", "published_at", "pdf_rendered_at"]
    exclude = ["snapshot", "pdf_html", "screen_html", "pdf"]
    inlines = [ApprovalInline]
