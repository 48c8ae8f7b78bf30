from django.contrib import admin

from accessibility.models import BarrierReport


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "page", "email", "answered_at"]
    list_filter = ["answered_at"]
    search_fields = ["description", "page", "email", "name"]
    readonly_fields = ["created_at", "user", "language", "answered_by"]
