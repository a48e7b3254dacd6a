from django.contrib import admin

from report.models import CoherentAction, ShareLink


@admin.register(CoherentAction)
class CoherentActionAdmin(admin.ModelAdmin):
    list_display = ["title", "strategy", "position", "updated_at"]
    search_fields = ["title", "description", "strategy__name"]
    list_select_related = ["strategy"]
    autocomplete_fields = ["strategy"]
    filter_horizontal = ["goals", "content_pieces", "sequences", "channels"]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["strategy", "label", "created_by", "created_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["label", "strategy__name"]
    list_select_related = ["strategy", "created_by"]
    readonly_fields = ["token", "revoked_at"]
