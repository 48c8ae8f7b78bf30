from django.contrib import admin

from delegations.models import Application, DelegationTrip, ItineraryStop


class ItineraryStopInline(admin.TabularInline):
    model = ItineraryStop
    extra = 0
    raw_id_fields = ["host"]


@admin.register(DelegationTrip)
class DelegationTripAdmin(admin.ModelAdmin):
    list_display = ["title_de", "direction", "start_date", "end_date", "status", "seats"]
    list_filter = ["status", "direction"]
    search_fields = ["title_de", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = ["organisers", "partners", "topics"]
    inlines = [ItineraryStopInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["user", "trip", "organisation", "organisation_name", "status", "created_at"]
    list_filter = ["status", "trip"]
    search_fields = ["user__email", "organisation__name", "organisation_name"]
    list_select_related = ["user", "trip", "organisation"]
    raw_id_fields = ["user", "organisation", "decided_by"]
    readonly_fields = ["created_at", "updated_at", "reminded_at", "withdrawn_at"]
