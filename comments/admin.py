from django.contrib import admin

from comments.models import Comment, Thread


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["author", "text", "created_at", "edited_at"]
    readonly_fields = ["created_at", "edited_at"]
    raw_id_fields = ["author"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "strategy", "created_at", "resolved_at"]
    list_filter = ["kind"]
    list_select_related = ["strategy"]
    raw_id_fields = ["strategy", "persona", "goal", "asset", "piece", "message", "action"]
    readonly_fields = ["resolved_by"]
    inlines = [CommentInline]
