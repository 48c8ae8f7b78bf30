from django.contrib import admin

from events.models import AgendaItem, Event, Registration


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title_de", "kind", "starts_at", "status", "capacity"]
    list_filter = ["status", "kind"]
    search_fields = ["title_de", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = ["organisers"]
    inlines = [AgendaItemInline]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    # Status changes go through the portal's services (waitlist, e-mails); here it is read-mostly.
    list_display = ["name", "email", "event", "status", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "organisation_name"]
    raw_id_fields = ["event", "user", "organisation"]
    readonly_fields = ["status", "token", "created_at", "cancelled_at", "checked_in_at",
                       "reminded_7d_at", "reminded_1d_at"]
