from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegations import hooks, permissions, services
from delegations.models import Application, DelegationTrip, ItineraryStop, TripMessage
from members.models import Organization, ValueChainStage
from network_portal import messages
from network_portal.pickers import SearchPickerField


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organization.objects.none(),
        help_text=_("Choose your organisation from the member directory, or type its name in the "
                    "next field."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation, if it is not in the directory"), required=False, max_length=200)
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=200)
    stages_sought = forms.ModelMultipleChoiceField(
        label=_("We look for partners in"), required=False, queryset=ValueChainStage.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    stages_offered = forms.ModelMultipleChoiceField(
        label=_("We offer competences in"), required=False, queryset=ValueChainStage.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.CharField(
        label=_("Cooperation interests"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Whom would you like to meet, and what for?"),
    )
    travel_needs = forms.CharField(
        label=_("Travel needs"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Diet, accessibility, arriving separately, ..."),
    )
    # Changing this wording? Raise delegations.models.CONSENT_VERSION with it.
    public_consent = forms.BooleanField(
        label=_("My name and job title, my organisation, its profile and our cooperation interests "
                "may appear in the participant overview of this trip (public if the organisers "
                "publish it)."),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organization.objects.published().order_by("name")
        represented = permissions.represented_organisation_ids(user) if user else set()
        # Prefilled from the organisation's offers and needs (matchmaking, through the hook):
        # the applicant may refine them for this trip; the application keeps what was sent.
        self.prefilled_from = None
        if represented and not self.is_bound:
            self.initial.setdefault("organisation", sorted(represented)[0])
            organisation = Organization.objects.filter(pk=self.initial["organisation"]).first()
            for defaults in (hooks.application_defaults.collect(organisation)
                             if organisation else []):
                for key in ("stages_sought", "stages_offered", "interests"):
                    if defaults.get(key):
                        self.initial.setdefault(key, defaults[key])
                self.prefilled_from = organisation
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("organisation", css_class="col-md-6"),
                Column("organisation_name", css_class="col-md-6")),
            "job_title",
            Row(Column("stages_sought", css_class="col-md-6"),
                Column("stages_offered", css_class="col-md-6")),
            "interests", "travel_needs", "public_consent",
            HTML('{% include "pages/_data_note.html" with purpose="delegation-trips" %}'),
            FormActions(Submit("submit", _("Send application"))),
        )

    def clean(self):
        data = super().clean()
        chosen, typed = data.get("organisation"), data.get("organisation_name", "").strip()
        if not chosen and not typed:
            raise forms.ValidationError(
                _("Choose your organisation or type its name."), code="organisation_missing")
        if chosen and typed:
            # Keeping one silently would apply for an organisation the person did not mean.
            raise forms.ValidationError(
                _("Choose your organisation from the directory or type its name, not both."),
                code="organisation_twice")
        return data

    def options(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in (
            "organisation", "organisation_name", "job_title", "stages_sought", "stages_offered",
            "interests", "public_consent", "travel_needs")}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        (Application.Status.ACCEPTED, _("Accept")),
        (Application.Status.WAITLISTED, _("Waitlist")),
        (Application.Status.DECLINED, _("Decline")),
    ])
    message = forms.CharField(label=_("Message to the applicant (optional)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class CancelTripForm(forms.Form):
    message = forms.CharField(label=_("Message to the applicants (optional)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


# Addresses under /delegations/ that are pages, not trips.
RESERVED_SLUGS = {"new"}


class TripForm(forms.ModelForm):
    class Meta:
        model = DelegationTrip
        fields = [
            "title_de", "title_en", "slug", "direction", "status", "origin_region",
            "origin_city", "destination_region", "destination_city", "start_date", "end_date",
            "application_deadline", "seats", "organisers", "partners", "topics", "fee",
            "fee_covers_de", "fee_covers_en", "meeting_point_de", "meeting_point_en",
            "transport_de", "transport_en", "description_de", "description_en", "public_overview",
            "follow_up_name", "follow_up_role", "follow_up_email", "follow_up_phone",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "application_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                        format="%Y-%m-%dT%H:%M"),
            "description_de": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.CheckboxSelectMultiple,
        }
        # Thousands of organisations: chosen ones as checkboxes, a search to add one.
        field_classes = {"organisers": SearchPickerField, "partners": SearchPickerField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organisations = Organization.objects.order_by("name")
        self.fields["organisers"].queryset = organisations
        self.fields["partners"].queryset = organisations
        # Cancelling tells the applicants: only the cancel button does it (services.cancel_trip).
        status = self.fields["status"]
        if self.instance.pk and self.instance.is_cancelled:
            status.disabled = True
        else:
            status.choices = [c for c in status.choices if c[0] != DelegationTrip.Status.CANCELLED]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

        def pair(*names, width=6):
            return Row(*(Column(name, css_class=f"col-md-{width}") for name in names))

        self.helper.layout = Layout(
            pair("title_de", "title_en"),
            pair("slug", "direction", "status", width=4),
            pair("origin_region", "origin_city", width=6),
            pair("destination_region", "destination_city", width=6),
            pair("start_date", "end_date", "application_deadline", "seats", width=3),
            pair("organisers", "partners"),
            "topics",
            pair("fee", "fee_covers_de", "fee_covers_en", width=4),
            pair("meeting_point_de", "meeting_point_en"),
            pair("transport_de", "transport_en"),
            pair("description_de", "description_en"),
            "public_overview",
            pair("follow_up_name", "follow_up_role", "follow_up_email", "follow_up_phone",
                 width=3),
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by a page of the portal."))
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        deadline = data.get("application_deadline")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot lie before the first day."))
        if start and deadline and timezone.localtime(deadline).date() > start:
            self.add_error("application_deadline",
                           _("The application deadline must be on or before the first day."))
        if (data.get("follow_up_email") or data.get("follow_up_phone")) and not (
                data.get("follow_up_name") or "").strip():
            self.add_error("follow_up_name", _("Name the person the address or number belongs "
                                               "to."))
        return data

    def clean_organisers(self):
        organisers = self.cleaned_data["organisers"]
        if self.user:  # the service's rule, asked here to show it with the form's other errors
            services.check_organisers(self.user, organisers)
        return organisers


def trip_values(form: forms.ModelForm) -> dict:
    """A validated trip form (the organisers' or the admin's) as `services.save_trip` takes it."""
    return {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}


def stop_rows(formset) -> list[dict]:
    """A validated formset of stops as `services.save_trip` takes it: a row per stop to add,
    change or delete; extra forms left empty are no stop."""
    rows = []
    for form in formset.forms:
        pk = form.instance.pk
        if formset.can_delete and formset._should_delete_form(form):
            if pk:
                rows.append({"id": pk, "delete": True})
            continue
        if pk is None and not form.has_changed():
            continue
        rows.append({"id": pk, **{name: form.cleaned_data[name] for name in services.STOP_FIELDS
                                  if name in form.cleaned_data}})
    return rows


class PlainNewlinesField(forms.CharField):
    """Browsers send a textarea's line breaks as CRLF: stored as LF, a resubmitted unchanged
    description is not a change (which would mail the participants a "programme changed")."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class StopForm(forms.ModelForm):
    class Meta:
        model = ItineraryStop
        fields = ["date", "start_time", "end_time", "kind", "host", "place", "title_de", "title_en",
                  "description_de", "description_en"]
        field_classes = {"description_de": PlainNewlinesField, "description_en": PlainNewlinesField}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description_de": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organization.objects.order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("date", css_class="col-md-3"), Column("start_time", css_class="col-md-3"),
                Column("end_time", css_class="col-md-3"), Column("kind", css_class="col-md-3")),
            Row(Column("host", css_class="col-md-6"), Column("place", css_class="col-md-6")),
            Row(Column("title_de", css_class="col-md-6"), Column("title_en", css_class="col-md-6")),
            Row(Column("description_de", css_class="col-md-6"),
                Column("description_en", css_class="col-md-6")),
        )
        # The formset adds "id", the trip and "DELETE" after __init__: render them too.
        self.helper.render_unmentioned_fields = True


class BaseStopFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, trip_dates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.trip_dates = trip_dates

    def clean(self):
        super().clean()
        if not self.trip_dates or None in self.trip_dates:
            return
        first, last = self.trip_dates
        for form in self.forms:
            day = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
            if day and not form.cleaned_data.get("DELETE") and not first <= day <= last:
                form.add_error("date", _("The date lies outside the trip's days."))


StopFormSet = forms.inlineformset_factory(
    DelegationTrip, ItineraryStop, form=StopForm, formset=BaseStopFormSet, extra=2, can_delete=True,
)


class TripMessageForm(messages.MessageForm):
    """A message to a trip's accepted or waitlisted applicants (network_portal.messages)."""

    AUDIENCES = TripMessage.Audience.choices
