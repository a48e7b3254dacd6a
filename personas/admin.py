from django.contrib import admin

from personas.models import BrandVoice, BuyerPersona


@admin.register(BuyerPersona)
class BuyerPersonaAdmin(admin.ModelAdmin):
    list_display = ["name", "strategy", "audience", "job_title", "location", "position"]
    list_filter = ["audience"]
    search_fields = ["name", "summary", "job_title", "location", "strategy__name"]
    list_select_related = ["strategy"]
    autocomplete_fields = ["strategy"]


@admin.register(BrandVoice)
class BrandVoiceAdmin(admin.ModelAdmin):
    list_display = ["strategy", "personality", "sounds_like", "updated_at"]
    search_fields = ["personality", "sounds_like", "strategy__name"]
    list_select_related = ["strategy"]
    autocomplete_fields = ["strategy"]
