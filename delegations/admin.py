from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delegations import services
from delegations.forms import PlainNewlinesField, stop_rows, trip_values
from delegations.models import Application, DelegationTrip, ItineraryStop


class StopAdminForm(forms.ModelForm):
    class Meta:
        model = ItineraryStop
        fields = "__all__"  # noqa: DJ007 - every field the inline shows, as without this form
        # As in the organisers' form: a resubmitted description is no programme change.
        field_classes = {"description_de": PlainNewlinesField, "description_en": PlainNewlinesField}


class ItineraryStopInline(admin.TabularInline):
    model = ItineraryStop
    form = StopAdminForm
    extra = 0
    raw_id_fields = ["host"]


class TripAdminForm(forms.ModelForm):
    """The admin must not do quietly what the services do with e-mails and locks."""

    class Meta:
        model = DelegationTrip
        fields = "__all__"  # noqa: DJ007 - every field the admin shows, as without this form

    def clean_status(self):
        status = self.cleaned_data["status"]
        # The service's rules, asked here: the admin shows them as errors of its form.
        services.check_cancel_by_button(self.instance.status if self.instance.pk else None, status)
        return status

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if self.instance.pk and seats < services.accepted_count(self.instance):
            raise forms.ValidationError(_("More applicants are accepted than this."))
        return seats


@admin.register(DelegationTrip)
class DelegationTripAdmin(admin.ModelAdmin):
    form = TripAdminForm
    list_display = ["title_de", "direction", "start_date", "end_date", "status", "seats"]
    list_filter = ["status", "direction"]
    search_fields = ["title_de", "title_en", "slug", "origin_city", "destination_city"]
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = ["organisers", "partners", "topics"]
    inlines = [ItineraryStopInline]

    def save_model(self, request, obj, form, change):
        # Saved with its programme in save_related, through the service: held to its rules,
        # under the trip lock, proposing waitlisted applicants for new seats, mailing programme
        # changes and recording the audit entry.
        pass

    def save_related(self, request, form, formsets, change):
        [stops] = formsets
        services.save_trip(form.instance, values=trip_values(form), stops=stop_rows(stops),
                           by=request.user)
        # The admin's own change message reads these, which formset.save() would have set.
        stops.new_objects, stops.changed_objects, stops.deleted_objects = [], [], []


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["user", "trip", "organisation", "organisation_name", "status", "created_at"]
    list_filter = ["status", "trip"]
    search_fields = ["user__email", "organisation__name", "organisation_name"]
    list_select_related = ["user", "trip", "organisation"]
    raw_id_fields = ["user", "organisation", "decided_by"]
    # The life cycle runs through the services (seats, e-mails, the next in line), not this form.
    readonly_fields = ["status", "decision_message", "decided_by", "decided_at", "next_in_line_since",
                       "created_at", "updated_at", "reminded_at", "withdrawn_at"]
