from django.contrib import admin
from django.db import models

from events.models import AgendaItem, Event, EventSeries, Registration

# Seats, the waitlist and the e-mails that go with them change only through events.services
# (the portal's edit form, "cancel event", the secret link). Here those fields are read-only once
# people can hold seats, so the admin cannot overbook, skip a promotion or cancel silently.


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return ["capacity"] if obj and obj.pk else []

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.pk)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title_de", "kind", "starts_at", "status", "capacity", "online_capacity"]
    list_filter = ["status", "kind"]
    search_fields = ["title_de", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = ["organisers"]
    inlines = [AgendaItemInline]
    date_hierarchy = "starts_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        return ["status", "capacity", "online_capacity", "starts_at"] if obj and obj.pk else []


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "status", "attendance", "created_at"]
    list_filter = ["status", "attendance", "event"]
    search_fields = ["name", "email", "organisation_name"]
    raw_id_fields = ["event", "user", "organisation"]
    readonly_fields = ["event", "status", "attendance", "sequence", "token", "created_at", "cancelled_at",
                       "checked_in_at", "reminded_7d_at", "reminded_1d_at"]

    def has_delete_permission(self, request, obj=None):
        # Deleting would free a seat without moving the waitlist up; cancel via the secret link.
        return False


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title_de", "slug"]
    search_fields = ["title_de", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = ["organisers"]
