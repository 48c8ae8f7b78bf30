from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members import services
from members.models import (
    PROFILE_FIELDS,
    ContactPerson,
    Membership,
    Organization,
    Region,
    Topic,
    ValueChainStage,
)
from members.selectors import curated_organisations


class ProfileForm(forms.ModelForm):
    """What a representative keeps up to date. Saved only through services.edit_profile."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(),
                                    to_field_name="slug", required=False)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https",
                             max_length=Organization._meta.get_field("website").max_length)

    class Meta:
        model = Organization
        fields = PROFILE_FIELDS
        widgets = {
            "description_de": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"keywords": _("Comma-separated, e.g. pouch cells, dry coating")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The region is chosen by its code; the instance's initial value would be its pk.
        if self.instance.region_id and "region" not in kwargs.get("initial", {}):
            self.initial["region"] = self.instance.region.slug

    def values(self) -> dict:
        """The cleaned data as services.edit_profile takes it: {field: text}, the region as
        its code."""
        values = {}
        for field in PROFILE_FIELDS:
            if field not in self.cleaned_data:
                continue
            value = self.cleaned_data[field]
            if field == "region":
                value = value.slug if value else ""
            values[field] = value or ""
        return values


class CurationForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Publication status"), choices=Organization.Status.choices,
                               widget=forms.RadioSelect)
    stages = forms.ModelMultipleChoiceField(
        label=_("Value-chain stages"), queryset=ValueChainStage.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Organization
        fields = ["status", "stages", "topics"]


class MembershipForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices,
                             initial=Membership.Role.MEMBER)
    since = forms.DateField(label=_("Member since"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, cluster, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Published organisations, and unpublished ones the person curates already.
        candidates = Organization.objects.filter(
            Q(status=Organization.Status.PUBLISHED) | Q(pk__in=curated_organisations(user)))
        self.fields["organization"].queryset = (
            candidates.exclude(pk=cluster.pk).exclude(memberships__cluster=cluster).order_by("name"))


class RepresentationForm(forms.Form):
    message = forms.CharField(
        label=_("Your role in the organisation"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Helps the cluster manager confirm you, e.g. “Head of sales”."))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("approve", _("Approve and publish the changes")),
        ("reject", _("Reject")),
    ])
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(label=_("Comment for the representative"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when you reject."))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Please say why you reject the change."))
        return data


class LogoForm(forms.Form):
    logo = forms.FileField(label=_("Logo"), help_text=_("PNG, JPEG or WebP, at most 2 MB."),
                           widget=forms.ClearableFileInput(
                               attrs={"accept": "image/png,image/jpeg,image/webp"}))

    def clean_logo(self):
        upload = self.cleaned_data["logo"]
        try:
            services.prepare_logo(upload)  # the service checks again; here for a field error
        except services.CurationError as error:
            raise forms.ValidationError(error.messages) from None
        return upload


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = services.CONTACT_FIELDS


ContactFormSet = forms.inlineformset_factory(
    Organization, ContactPerson, form=ContactForm, extra=1, can_delete=True, max_num=20,
    validate_max=True)


def contact_rows(formset) -> list[dict]:
    """The valid formset as plain rows for services.save_contacts."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        data = form.cleaned_data
        rows.append({"id": form.instance.pk, "delete": bool(data.get("DELETE")),
                     **{f: data.get(f, "") for f in services.CONTACT_FIELDS}})
    return rows


class NewMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(),
                                    required=False)


class ProposeOrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[
        c for c in Organization.Kind.choices if c[0] != Organization.Kind.CLUSTER])
    cluster = forms.ModelChoiceField(
        label=_("Cluster or network"), queryset=Organization.objects.published().clusters(),
        help_text=_("Its managers review the profile and confirm you as representative."))
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             max_length=Organization._meta.get_field("website").max_length)
    description_de = forms.CharField(label=_("Description (German)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
    message = forms.CharField(label=_("Your role in the organisation"), required=False,
                              max_length=1000)
