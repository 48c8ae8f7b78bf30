from django.contrib import admin

from matchmaking import services
from matchmaking.models import Interest, Introduction, StageComplement


@admin.register(StageComplement)
class StageComplementAdmin(admin.ModelAdmin):
    """The complementarity of stages the suggestions read; every change is audited."""

    list_display = ["offered", "meets", "weight", "reason_de", "reason_en"]
    list_editable = ["weight"]
    list_filter = ["offered", "meets"]
    list_select_related = ["offered", "meets"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.log_complement_change(obj, by=request.user)

    def delete_model(self, request, obj):
        services.log_complement_change(obj, by=request.user, deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("offered", "meets"):
            services.log_complement_change(obj, by=request.user, deleted=True)
        super().delete_queryset(request, queryset)


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    """Read-only here: offers and needs change through the profile (services.save_interests)."""

    list_display = ["organization", "direction", "updated_at"]
    list_filter = ["direction"]
    search_fields = ["organization__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    """Read-only: introductions are answered by the organisation's people in the portal."""

    list_display = ["organization", "on_behalf_of", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["organization", "on_behalf_of"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
