from django.contrib import admin

from results.models import CheckIn, CheckInValue, Milestone, PlatformResult


class CheckInValueInline(admin.TabularInline):
    model = CheckInValue
    extra = 0
    raw_id_fields = ["goal"]


class PlatformResultInline(admin.TabularInline):
    model = PlatformResult
    extra = 0
    raw_id_fields = ["line"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["month", "strategy", "updated_at"]
    list_filter = ["month"]
    search_fields = ["strategy__name", "note"]
    list_select_related = ["strategy"]
    autocomplete_fields = ["strategy"]
    inlines = [CheckInValueInline, PlatformResultInline]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["goal", "month", "value"]
    list_filter = ["month"]
    search_fields = ["goal__marketing_goal", "goal__strategy__name"]
    list_select_related = ["goal", "goal__strategy"]
    raw_id_fields = ["goal"]
