from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delegations import services
from delegations.forms import PlainNewlinesField
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
        if status == DelegationTrip.Status.CANCELLED and not (
                self.instance.pk and self.instance.is_cancelled):
            raise forms.ValidationError(
                _("Cancel a trip with the button on its applications page: the applicants are "
                  "told there."))
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
        if not change:
            super().save_model(request, obj, form, change)
        # A change is saved with its programme in save_related, through the service: under the
        # trip lock, proposing waitlisted applicants for new seats and mailing programme changes.

    def save_related(self, request, form, formsets, change):
        if not change:
            return super().save_related(request, form, formsets, change)
        [stops] = formsets
        services.save_trip(form, stops)


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
