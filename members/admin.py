from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from members import aggregates, history, services
from members.models import (
    ContactPerson,
    Membership,
    Organization,
    ProfileChange,
    ProfileChangeRequest,
    Region,
    Representative,
    Topic,
    ValueChainStage,
)
from network_portal import audit


class MembershipInline(admin.TabularInline):
    """Shown, not edited: a membership added or activated here would skip the consent of the
    organisation's representatives and clusters, the history and the e-mails. Admins add and
    remove members on the cluster's page and decide requests in the work queue."""

    model = Membership
    fk_name = "organization"
    extra = 0
    fields = ["cluster", "role", "since", "until", "status", "requested_by", "decided_by",
              "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


class OrganizationAdminForm(forms.ModelForm):
    # No Meta: the admin builds it from the ModelAdmin's fields.
    def clean_logo(self):
        """An uploaded logo is checked by content and resized as in the portal (2 MB, PNG/JPEG/WebP)."""
        logo = self.cleaned_data.get("logo")
        if not isinstance(logo, UploadedFile):
            return logo
        try:
            content = services.prepare_logo(logo)
        except services.CurationError as error:
            raise forms.ValidationError(error.messages) from None
        content.name = f"{self.cleaned_data.get('slug') or 'logo'}.png"
        return content


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "kind", "region", "status", "updated_at"]
    list_filter = ["status", "kind", "region", "stages"]
    search_fields = ["name", "keywords", "city"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["stages", "topics", "managers"]
    inlines = [MembershipInline, ContactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # Admins edit here without the services; the history must still show who changed what.
    def save_model(self, request, obj, form, change):
        old = Organization.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        for name in form.changed_data:
            field = obj._meta.get_field(name)
            if field.many_to_many or not field.concrete:
                continue
            before = self._text(old, name) if old else ""
            after = self._text(obj, name)
            if before != after:
                ProfileChange.objects.create(organization=obj, changed_by=request.user, field=name,
                                             old_value=before, new_value=after)
        if form.changed_data:
            audit.log_action(obj, "members.profile.edited_in_admin" if change
                             else "members.organisation.created_in_admin", by=request.user,
                             data={"fields": list(form.changed_data)})

    def save_related(self, request, form, formsets, change):
        # After the organisation, its stages and memberships: the directory's cached figures.
        aggregates.changed()
        many = [name for name in form.changed_data if name in {"stages", "topics", "managers"}]
        before = {name: self._many(form.instance, name) for name in many}
        super().save_related(request, form, formsets, change)
        for name in many:
            after = self._many(form.instance, name)
            if before[name] != after:
                ProfileChange.objects.create(organization=form.instance, changed_by=request.user,
                                             field=name, old_value=before[name], new_value=after)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        aggregates.changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        aggregates.changed()

    @staticmethod
    def _text(obj, name) -> str:
        # Language-neutral (choice value, region code, ...): members.history shows it translated.
        return history.field_value(obj, name)

    @staticmethod
    def _many(obj, name) -> str:
        if name == "managers":
            return ", ".join(map(str, obj.managers.all()))
        return history.codes(getattr(obj, name).all())


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["user", "organization", "decided_by"]

    # Confirming here would skip the rule that nobody decides their own request, the history
    # and the e-mail: requests are decided in the work queue (services.decide_representation).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProfileChangeRequest)
class ProfileChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["organization", "requested_by", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "requested_by", "reviewed_by"]

    def has_change_permission(self, request, obj=None):
        # Setting the status here would skip applying the values, the history and the e-mail:
        # decisions are made on the review page (members.services.review_change_request).
        return False


@admin.register(ProfileChange)
class ProfileChangeAdmin(admin.ModelAdmin):
    list_display = ["organization", "field", "changed_by", "changed_at"]
    raw_id_fields = ["organization", "changed_by", "change_request"]

    def has_change_permission(self, request, obj=None):
        return False  # history is written by the services only


admin.site.register([Region, ValueChainStage, Topic])
