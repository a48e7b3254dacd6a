from django.contrib import admin

from strategy_planner.models import Edit, Goal, Membership, Profile, Strategy


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "industry",
        "business_model",
        "price_point",
        "start_date",
        "end_date",
        "language",
        "updated_at",
    ]
    list_filter = ["business_model", "price_point", "language", "currency"]
    search_fields = ["name", "organisation", "industry", "uuid"]
    readonly_fields = ["uuid", "created_at", "updated_at"]
    date_hierarchy = "start_date"
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["strategy", "user", "role", "added_at"]
    list_filter = ["role"]
    search_fields = ["strategy__name", "user__username", "user__email"]
    autocomplete_fields = ["strategy", "user"]
    list_select_related = ["strategy", "user"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "job_title", "user"]
    search_fields = ["display_name", "job_title", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = [
        "marketing_goal",
        "strategy",
        "metric",
        "baseline",
        "target",
        "unit",
        "deadline",
        "measured_with",
    ]
    list_filter = ["measured_with"]
    search_fields = ["business_goal", "marketing_goal", "metric", "strategy__name"]
    list_select_related = ["strategy"]
    autocomplete_fields = ["strategy"]
    filter_horizontal = ["personas"]


@admin.register(Edit)
class EditAdmin(admin.ModelAdmin):
    """The activity log, to read: it is written by the edits themselves."""

    list_display = ["at", "user", "verb", "kind", "name", "way", "strategy"]
    list_filter = ["verb", "way"]
    search_fields = ["name", "kind", "user__username", "strategy__name"]
    list_select_related = ["user", "strategy"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
