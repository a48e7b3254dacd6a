from django.contrib import admin

from budget.models import BudgetLine, BudgetMonth


class BudgetMonthInline(admin.TabularInline):
    model = BudgetMonth
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["name", "strategy", "kind", "media_type", "asset", "from_content_plan"]
    list_filter = ["kind", "media_type", "from_content_plan"]
    search_fields = ["name", "strategy__name"]
    list_select_related = ["strategy", "asset"]
    autocomplete_fields = ["strategy"]
    raw_id_fields = ["asset"]
    inlines = [BudgetMonthInline]


@admin.register(BudgetMonth)
class BudgetMonthAdmin(admin.ModelAdmin):
    list_display = ["line", "month", "planned", "actual"]
    list_filter = ["month"]
    search_fields = ["line__name", "line__strategy__name"]
    list_select_related = ["line", "line__strategy"]
    raw_id_fields = ["line"]
